package dev.mlpc.governance;

import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule: a stack that breaks it (a finding naming the resource and the reason) and one that does not; the stacks are
 * parsed and validated by the real StackReader with the SageMaker types.
 */
class GovernanceRulesTest {
    private final Governance governance = Governance.standard();

    /** A governed domain: every rule passes. */
    static final String GOOD_DOMAIN = """
              - type: sagemaker.domain
                name: ml
                domain_name: ml-governed
                auth_mode: IAM
                vpc_id: vpc-0a1b2c3d
                subnet_ids: [subnet-0a1b2c3d]
                app_network_access_type: VpcOnly
                kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                default_user_settings:
                  execution_role: arn:aws:iam::111122223333:role/ml-default
                  sharing_settings:
                    notebook_output_option: Allowed
                    s3_output_path: s3://ml-outputs/shared
                    s3_kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                tags:
                  owner: ml-platform
                  data-classification: internal
            """;

    static String profile(String name, String role) {
        return """
                  - type: sagemaker.user_profile
                    name: %s
                    domain: ml
                    user_profile_name: %s
                    user_settings:
                      execution_role: %s
                    tags:
                      owner: %s
                      data-classification: internal
                """.formatted(name, name, role, name);
    }

    Stack stack(String resources) throws Exception {
        return StackFixtures.parse("stack: gov\nresources:\n" + resources);
    }

    List<Finding> findings(String rule, String resources) throws Exception {
        return findings(rule, resources, governance.defaults());
    }

    List<Finding> findings(String rule, String resources, GovernanceConfig config) throws Exception {
        return governance.evaluate(Estate.of(stack(resources)), config).stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void aGovernedDomainWithTwoRolesHasNoFindings() throws Exception {
        GovernanceConfig buckets = governance.parse("governance.yaml",
                "rules:\n  s3-output-outside-allowed-buckets:\n    allowed_buckets: [ml-outputs]\n");
        String all = GOOD_DOMAIN + profile("alice", "arn:aws:iam::111122223333:role/alice")
                + profile("bob", "arn:aws:iam::111122223333:role/bob");
        assertThat(governance.evaluate(Estate.of(stack(all)), buckets)).isEmpty();
    }

    // ---- notebook-sharing-without-kms ------------------------------------------------------------------------------

    @Test
    void notebookSharingWithoutKmsOnTheDomain() throws Exception {
        List<Finding> f = findings("notebook-sharing-without-kms",
                GOOD_DOMAIN.replaceFirst("(?m)^ +s3_kms_key_id: .*\\n", ""));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("sagemaker.domain");
            assertThat(x.name()).isEqualTo("ml");
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.message()).startsWith("notebook output sharing is Allowed without a KMS key")
                    .contains("default_user_settings.sharing_settings.notebook_output_option is Allowed");
        });
    }

    @Test
    void notebookSharingWithoutKmsOnAProfileThatAllowsItAndWhoseDomainHasNoKey() throws Exception {
        String domain = GOOD_DOMAIN.replaceFirst("(?m)^ +s3_kms_key_id: .*\\n", "")
                .replace("notebook_output_option: Allowed", "notebook_output_option: Disabled");
        String profileYaml = """
                  - type: sagemaker.user_profile
                    name: alice
                    domain: ml
                    user_profile_name: alice
                    user_settings:
                      execution_role: arn:aws:iam::111122223333:role/alice
                      sharing_settings:
                        notebook_output_option: Allowed
                    tags: {owner: alice, data-classification: internal}
                """;
        List<Finding> f = findings("notebook-sharing-without-kms", domain + profileYaml);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("sagemaker.user_profile");
            assertThat(x.name()).isEqualTo("alice");
            assertThat(x.message()).contains("user_settings.sharing_settings.notebook_output_option is Allowed");
        });
        // the same profile is fine when its domain's default settings give the key it inherits
        String keyed = GOOD_DOMAIN.replace("notebook_output_option: Allowed", "notebook_output_option: Disabled");
        assertThat(findings("notebook-sharing-without-kms", keyed + profileYaml)).isEmpty();
    }

    @Test
    void notebookSharingDisabledOrWithAKeyIsFine() throws Exception {
        assertThat(findings("notebook-sharing-without-kms", GOOD_DOMAIN)).isEmpty();
        assertThat(findings("notebook-sharing-without-kms", GOOD_DOMAIN.replaceFirst("(?m)^ +s3_kms_key_id: .*\\n", "")
                .replace("notebook_output_option: Allowed", "notebook_output_option: Disabled"))).isEmpty();
    }

    // ---- public-internet-with-vpc --------------------------------------------------------------------------------

    @Test
    void publicInternetWithAVpc() throws Exception {
        List<Finding> f = findings("public-internet-with-vpc",
                GOOD_DOMAIN.replace("app_network_access_type: VpcOnly", "app_network_access_type: PublicInternetOnly"));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("ml");
            assertThat(x.message()).contains("bypassing the VPC").contains("vpc_id is vpc-0a1b2c3d")
                    .contains("PublicInternetOnly");
        });
        List<Finding> unset = findings("public-internet-with-vpc",
                GOOD_DOMAIN.replaceFirst("(?m)^ +app_network_access_type: .*\\n", ""));
        assertThat(unset).singleElement().satisfies(x -> assertThat(x.message())
                .contains("app_network_access_type is not set (AWS then uses PublicInternetOnly)"));
    }

    @Test
    void vpcOnlyIsFine() throws Exception {
        // (a domain without vpc_id does not validate: SageMakerTypes requires it)
        assertThat(findings("public-internet-with-vpc", GOOD_DOMAIN)).isEmpty();
    }

    // ---- domain-without-cmk --------------------------------------------------------------------------------------

    @Test
    void domainWithoutCmk() throws Exception {
        List<Finding> f = findings("domain-without-cmk", GOOD_DOMAIN.replaceFirst("(?m)^ {4}kms_key_id: .*\\n", ""));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("ml");
            assertThat(x.message()).contains("customer managed KMS key").endsWith("no kms_key_id is set");
        });
    }

    @Test
    void domainWithCmkIsFine() throws Exception {
        assertThat(findings("domain-without-cmk", GOOD_DOMAIN)).isEmpty();
    }

    // ---- required-tags -----------------------------------------------------------------------------------------------

    @Test
    void requiredTagsMissingOnDomainAndProfile() throws Exception {
        String domain = GOOD_DOMAIN.replaceFirst("(?m)^ +data-classification: .*\\n", "");
        String p = profile("alice", "arn:aws:iam::111122223333:role/alice").replace("owner: alice", "owner: ''");
        List<Finding> f = findings("required-tags", domain + p);
        assertThat(f).extracting(Finding::type, Finding::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sagemaker.domain", "ml"),
                org.assertj.core.groups.Tuple.tuple("sagemaker.user_profile", "alice"));
        assertThat(f.get(0).message()).startsWith("required tags are missing").endsWith("missing data-classification");
        assertThat(f.get(1).message()).endsWith("missing owner");
    }

    @Test
    void requiredTagsAreConfigurable() throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml", "rules:\n  required-tags:\n    tags: [cost-center]\n");
        assertThat(findings("required-tags", GOOD_DOMAIN, c)).singleElement()
                .satisfies(x -> assertThat(x.message()).endsWith("missing cost-center"));
        assertThat(findings("required-tags", GOOD_DOMAIN)).isEmpty();
        GovernanceConfig none = governance.parse("governance.yaml", "rules:\n  required-tags:\n    tags: []\n");
        assertThat(findings("required-tags", GOOD_DOMAIN.replaceFirst("(?m)^ +owner: .*\\n", ""), none)).isEmpty();
    }

    // ---- shared-execution-role ---------------------------------------------------------------------------------------

    @Test
    void oneRoleSharedByEveryProfile() throws Exception {
        String role = "arn:aws:iam::111122223333:role/shared";
        List<Finding> f = findings("shared-execution-role", GOOD_DOMAIN + profile("alice", role) + profile("bob", role));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("sagemaker.domain");
            assertThat(x.name()).isEqualTo("ml");
            assertThat(x.message()).contains("all 2 user profiles (alice, bob) use " + role);
        });
        // a profile without its own role inherits the domain's default: still the same role for everyone
        String inheriting = profile("carol", "x").replaceFirst("(?m)^ +user_settings:\\n +execution_role: x\\n", "");
        String domainDefault = "arn:aws:iam::111122223333:role/ml-default";
        assertThat(findings("shared-execution-role", GOOD_DOMAIN + profile("alice", domainDefault) + inheriting))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("(alice, carol) use " + domainDefault));
    }

    @Test
    void distinctRolesOrASingleProfileAreFine() throws Exception {
        String role = "arn:aws:iam::111122223333:role/shared";
        assertThat(findings("shared-execution-role", GOOD_DOMAIN + profile("alice", role)
                + profile("bob", "arn:aws:iam::111122223333:role/bob"))).isEmpty();
        assertThat(findings("shared-execution-role", GOOD_DOMAIN + profile("alice", role))).isEmpty();
    }

    // ---- s3-output-outside-allowed-buckets ------------------------------------------------------------------------

    @Test
    void s3OutputOutsideTheAllowedBuckets() throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml",
                "rules:\n  s3-output-outside-allowed-buckets:\n    allowed_buckets: [ml-curated, s3://ml-archive]\n");
        List<Finding> f = findings("s3-output-outside-allowed-buckets", GOOD_DOMAIN, c);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("ml");
            assertThat(x.message()).startsWith("notebook output goes to an S3 location outside the allowed buckets")
                    .contains("s3://ml-outputs/shared is in bucket ml-outputs; allowed: ml-curated, ml-archive");
        });
    }

    @Test
    void s3OutputInsideTheAllowedBucketsOrNoListIsFine() throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml",
                "rules:\n  s3-output-outside-allowed-buckets:\n    allowed_buckets: [ml-outputs]\n");
        assertThat(findings("s3-output-outside-allowed-buckets", GOOD_DOMAIN, c)).isEmpty();
        assertThat(findings("s3-output-outside-allowed-buckets", GOOD_DOMAIN)).as("empty list: the rule is off").isEmpty();
    }

    // ---- enabled / severity ---------------------------------------------------------------------------------------------

    @Test
    void aDisabledRuleReportsNothingAndSeverityComesFromTheFile() throws Exception {
        String noKey = GOOD_DOMAIN.replaceFirst("(?m)^ {4}kms_key_id: .*\\n", "");
        GovernanceConfig off = governance.parse("governance.yaml", "rules:\n  domain-without-cmk:\n    enabled: false\n");
        assertThat(findings("domain-without-cmk", noKey, off)).isEmpty();
        GovernanceConfig err = governance.parse("governance.yaml", "rules:\n  domain-without-cmk:\n    severity: error\n");
        assertThat(findings("domain-without-cmk", noKey, err)).singleElement()
                .satisfies(x -> {
                    assertThat(x.severity()).isEqualTo(Severity.ERROR);
                    assertThat(x.toWarning().severity()).isEqualTo("error");
                    assertThat(x.toWarning().message()).endsWith("(governance error: blocks apply)");
                });
    }
}
