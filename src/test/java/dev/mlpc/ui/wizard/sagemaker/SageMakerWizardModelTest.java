package dev.mlpc.ui.wizard.sagemaker;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModel.Profile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The SageMaker governance-domain wizard's view model without a window, against the real provider types. */
class SageMakerWizardModelTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker_execution_role";
    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path home;

    private Workbench wb;
    private SageMakerWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new SageMakerWizardModel(wb.registry());
    }

    /** Seed 001's answers: an IAM domain in a VPC, notebook sharing with a KMS key, two user profiles. */
    static void fillSeed(SageMakerWizardModel m) {
        m.stackName().set("ml-governance");
        m.domainName().set("my-sagemaker-domain");
        m.authMode().set("IAM");
        m.vpcId().set("vpc-0a1b2c3d4e5f67890");
        m.subnetIds().set("subnet-0a1b2c3d4e5f67890, subnet-0f9e8d7c6b5a43210");
        m.networkAccess().set("VpcOnly");
        m.kmsKeyId().set(KEY);
        m.owner().set("ml-platform");
        m.classification().set("confidential");
        m.executionRole().set(ROLE);
        m.securityGroups().set("sg-0a1b2c3d4e5f67890");
        m.notebookOutput().set("Allowed");
        m.s3OutputPath().set("s3://my-sagemaker-bucket/output");
        m.s3KmsKeyId().set(KEY);
        m.profiles().get(0).name().set("data-scientist");
        Profile second = m.addProfile();
        second.name().set("ml-engineer");
        second.executionRole().set("arn:aws:iam::123456789012:role/ml_engineer_role");
    }

    private void assertAllValid() {
        for (int s = 0; s <= REVIEW; s++) {
            assertThat(m.valid(s).get()).as("step %s valid; messages %s", m.steps().get(s), m.messages(s)).isTrue();
        }
    }

    /** The field is in error, its step and the review are invalid, and the step's message names the field. */
    private void assertInvalid(int step, ValidatedText field, String name, String... parts) {
        assertThat(field.error().get()).as("error of %s", name).contains(parts);
        assertThat(m.valid(step).get()).isFalse();
        assertThat(m.allValid().get()).isFalse();
        assertThat(m.messages(step)).anySatisfy(msg -> assertThat(msg).startsWith(name + ": ").contains(parts));
        assertThat(m.messages(REVIEW)).anySatisfy(msg -> assertThat(msg).startsWith(name + ": "));
    }

    @Test
    void defaultsProposeAGovernedDomainAndAskForWhatOnlyTheUserKnows() {
        assertThat(m.offline()).isTrue();
        assertThat(m.dirty().get()).isFalse();
        assertThat(m.stackName().get()).isEqualTo(DEFAULT_STACK);
        assertThat(m.commitMessage().get()).isEqualTo("Set up SageMaker governance domain " + DEFAULT_STACK);
        assertThat(m.domainName().get()).isEqualTo(DEFAULT_DOMAIN);
        assertThat(m.authMode().get()).isEqualTo("IAM");
        assertThat(m.networkAccess().get()).as("no public internet by default").isEqualTo("VpcOnly");
        assertThat(m.notebookOutput().get()).as("no notebook sharing by default").isEqualTo("Disabled");
        assertThat(m.authModes()).containsExactlyInAnyOrder("IAM", "SSO");
        assertThat(m.networkAccessTypes()).containsExactlyInAnyOrder("PublicInternetOnly", "VpcOnly");
        assertThat(m.notebookOutputOptions()).containsExactlyInAnyOrder("Allowed", "Disabled");
        assertThat(m.profileNames()).containsExactly("data-scientist");

        assertThat(m.valid(CONNECTION).get()).isTrue();
        assertInvalid(DOMAIN, m.vpcId(), "VPC ID", "required");
        assertInvalid(DOMAIN, m.subnetIds(), "Subnet IDs", "required");
        assertInvalid(DOMAIN, m.owner(), "Owner tag", "required");
        assertThat(m.domainName().valid()).isTrue();
        assertThat(m.kmsKeyId().valid()).as("optional; governance warns in the plan").isTrue();
        assertInvalid(USER_SETTINGS, m.executionRole(), "Execution role", "required");
        assertThat(m.valid(PROFILES).get()).isTrue();
        assertThat(m.stackReady()).isFalse();
    }

    @Test
    void theSeedScenarioBuildsOneDomainAndTwoProfilesThatTheRealReaderAccepts() throws Exception {
        fillSeed(m);
        assertAllValid();
        assertThat(m.dirty().get()).isTrue();
        assertThat(m.stackReady()).isTrue();
        assertThat(m.validateStack()).isEmpty();
        Stack stack = m.stack();
        assertThat(stack.resources()).extracting(Resource::type)
                .containsExactly(DOMAIN_TYPE, PROFILE_TYPE, PROFILE_TYPE);

        Resource d = stack.find(new ResourceKey(DOMAIN_TYPE, "my-sagemaker-domain")).orElseThrow();
        assertThat(d.has("domain_name")).as("the resource name is the DomainName").isFalse();
        assertThat(d.get("auth_mode")).isEqualTo("IAM");
        assertThat(d.get("vpc_id")).isEqualTo("vpc-0a1b2c3d4e5f67890");
        assertThat(d.list("subnet_ids")).containsExactly("subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210");
        assertThat(d.get("app_network_access_type")).isEqualTo("VpcOnly");
        assertThat(d.get("kms_key_id")).isEqualTo(KEY);
        assertThat(d.get("tags")).isEqualTo(Map.of("owner", "ml-platform", "data-classification", "confidential"));
        assertThat(d.get("default_user_settings")).isEqualTo(Map.of(
                "execution_role", ROLE,
                "security_groups", List.of("sg-0a1b2c3d4e5f67890"),
                "sharing_settings", Map.of("notebook_output_option", "Allowed",
                        "s3_output_path", "s3://my-sagemaker-bucket/output", "s3_kms_key_id", KEY)));
        Resource ds = stack.find(new ResourceKey(PROFILE_TYPE, "data-scientist")).orElseThrow();
        assertThat(ds.get("domain")).isEqualTo("my-sagemaker-domain");
        assertThat(ds.has("user_profile_name")).as("the resource name is the UserProfileName").isFalse();
        assertThat(ds.has("user_settings")).as("no override: the domain's defaults").isFalse();
        Resource eng = stack.find(new ResourceKey(PROFILE_TYPE, "ml-engineer")).orElseThrow();
        assertThat(eng.get("user_settings")).isEqualTo(Map.of("execution_role", "arn:aws:iam::123456789012:role/ml_engineer_role"));

        String yaml = m.yaml();
        assertThat(yaml).contains("stack: ml-governance").contains("type: sagemaker.domain")
                .contains("type: sagemaker.user_profile").contains("notebook_output_option: Allowed");
        Stack parsed = wb.parseStack("stacks/ml-governance.yaml", yaml);
        assertThat(parsed.resources()).isEqualTo(stack.resources());

        Plan plan = wb.offlinePlan(parsed);
        assertThat(plan.summary().create()).isEqualTo(3);
        assertThat(plan.toText()).contains("CreateDomain").contains("CreateUserProfile");
        assertThat(wb.generatedFiles(parsed).keySet()).anySatisfy(f -> assertThat(f).startsWith("generated/sagemaker/"));
    }

    @Test
    void domainFieldsAreCheckedWithTheProvidersMessages() {
        fillSeed(m);
        assertAllValid();
        m.domainName().set("");
        assertInvalid(DOMAIN, m.domainName(), "Domain name", "required");
        m.domainName().set("my_domain");
        assertInvalid(DOMAIN, m.domainName(), "Domain name", "letters and digits, with single or repeated '-'");
        m.domainName().set("d".repeat(64));
        assertInvalid(DOMAIN, m.domainName(), "Domain name", "at most 63 characters");
        m.domainName().set("my-sagemaker-domain");
        m.authMode().set("LDAP");
        assertInvalid(DOMAIN, m.authMode(), "Auth mode", "must be one of IAM, SSO", "LDAP");
        m.authMode().set("SSO");
        m.vpcId().set("vpc_0a1b");
        assertInvalid(DOMAIN, m.vpcId(), "VPC ID", "'vpc_0a1b' is not an AWS id");
        m.vpcId().set("vpc-0a1b2c3d4e5f67890");
        m.subnetIds().set("subnet-0a1b2c3d4e5f67890, subnet 1");
        assertInvalid(DOMAIN, m.subnetIds(), "Subnet IDs", "'subnet 1' is not an AWS id");
        m.subnetIds().set(String.join(",", java.util.stream.IntStream.rangeClosed(1, 17).mapToObj(i -> "subnet-" + i).toList()));
        assertInvalid(DOMAIN, m.subnetIds(), "Subnet IDs", "1 to 16 subnets");
        m.subnetIds().set("subnet-0a1b2c3d4e5f67890");
        m.networkAccess().set("Everywhere");
        assertInvalid(DOMAIN, m.networkAccess(), "App network access", "PublicInternetOnly, VpcOnly", "Everywhere");
        m.networkAccess().set("PublicInternetOnly");
        m.kmsKeyId().set("k".repeat(2049));
        assertInvalid(DOMAIN, m.kmsKeyId(), "KMS key", "at most 2048 characters");
        m.kmsKeyId().set("");
        m.owner().set("  ");
        assertInvalid(DOMAIN, m.owner(), "Owner tag", "required");
        m.owner().set("o".repeat(257));
        assertInvalid(DOMAIN, m.owner(), "Owner tag", "value of 'owner' must be at most 256 characters");
        m.owner().set("ml-platform");
        m.classification().set("");
        assertInvalid(DOMAIN, m.classification(), "Data classification tag", "required");
        m.classification().set("restricted");
        assertAllValid();
        assertThat(m.stack().resources().get(0).has("kms_key_id")).as("empty: not written").isFalse();
    }

    @Test
    void userSettingsAreCheckedAndTheS3FieldsCountOnlyWhenSharingIsAllowed() {
        fillSeed(m);
        m.executionRole().set("sagemaker_execution_role");
        assertInvalid(USER_SETTINGS, m.executionRole(), "Execution role", "must be an IAM role ARN");
        m.executionRole().set(ROLE);
        m.securityGroups().set("sg-0a1b2c3d4e5f67890, sg;1");
        assertInvalid(USER_SETTINGS, m.securityGroups(), "Security groups", "'sg;1' is not an AWS id");
        m.securityGroups().set("sg-1, sg-2, sg-3, sg-4, sg-5, sg-6");
        assertInvalid(USER_SETTINGS, m.securityGroups(), "Security groups", "at most 5 security groups");
        m.securityGroups().set("");
        assertThat(m.securityGroups().valid()).as("optional").isTrue();
        m.notebookOutput().set("Sometimes");
        assertInvalid(USER_SETTINGS, m.notebookOutput(), "Notebook output sharing", "must be one of Allowed, Disabled");
        m.notebookOutput().set("Allowed");
        m.s3OutputPath().set("");
        assertInvalid(USER_SETTINGS, m.s3OutputPath(), "S3 output path", "required when notebook output sharing is Allowed");
        m.s3OutputPath().set("my-sagemaker-bucket/output");
        assertInvalid(USER_SETTINGS, m.s3OutputPath(), "S3 output path", "must be an S3 URI");
        m.s3OutputPath().set("s3://my-sagemaker-bucket/output");
        m.s3KmsKeyId().set("k".repeat(2049));
        assertInvalid(USER_SETTINGS, m.s3KmsKeyId(), "S3 KMS key", "at most 2048 characters");

        m.notebookOutput().set("Disabled");
        assertThat(m.s3KmsKeyId().valid()).as("not used while sharing is disabled").isTrue();
        assertAllValid();
        @SuppressWarnings("unchecked")
        Map<String, Object> sharing = (Map<String, Object>) ((Map<String, Object>) m.stack().resources().get(0)
                .get("default_user_settings")).get("sharing_settings");
        assertThat(sharing).isEqualTo(Map.of("notebook_output_option", "Disabled"));
    }

    @Test
    void profilesAreAListWithNamesDuplicatesAndRoleOverrides() {
        fillSeed(m);
        Profile third = m.addProfile();
        assertThat(third.name().get()).isEqualTo("ml-user-3");
        assertAllValid();
        third.name().set("data-scientist");
        assertInvalid(PROFILES, third.name(), "User profile 3 name", "duplicate");
        third.name().set("");
        assertInvalid(PROFILES, third.name(), "User profile 3 name", "required");
        third.name().set("bad profile!");
        assertInvalid(PROFILES, third.name(), "User profile 3 name", "letters and digits");
        third.name().set("analyst");
        third.executionRole().set("arn:aws:iam::bad");
        assertInvalid(PROFILES, third.executionRole(), "User profile 3 (analyst) execution role", "must be an IAM role ARN");
        m.profiles().remove(third);
        assertAllValid();
        assertThat(m.profileNames()).containsExactly("data-scientist", "ml-engineer");
        m.profiles().clear();
        assertAllValid();
        assertThat(m.stack().resources()).hasSize(1);
    }
}
