package dev.mlpc.providers.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.sagemaker.SmKit.ROLE;
import static dev.mlpc.providers.sagemaker.SmKit.ROLE2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SageMaker provider end to end against {@link SageMakerSimulator} with the real SDK: plan → apply → re-plan,
 * in-place updates, clearing removed settings, failures, paging, throttling, deletes in dependency order.
 */
@ExtendWith(OnlyLoopback.class)
class SageMakerSimulatorRoundTripTest {
    static final Map<String, String> KEYS = Map.of("SIM_KEY_ID", "AKIDSIMTEST", "SIM_SECRET", "sim-secret-value");

    private final SageMakerProvider provider = new SageMakerProvider(Duration.ofMillis(5));
    private final ProviderRegistry registry = SmKit.registry(provider);
    private final Differ differ = new Differ(registry);
    private SageMakerSimulator sim;
    private ProviderSession session;

    @BeforeAll
    static void noInstanceMetadata() {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    static SecretResolver secrets() {
        return ref -> {
            String v = KEYS.get(ref.key());
            if (v == null) throw new SecretResolver.SecretUnavailableException(ref + " is not set");
            return v;
        };
    }

    ConnectionProfile profile() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("region", sim.region());
        s.put("credentials", "static");
        s.put("access_key_id", "${env:SIM_KEY_ID}");
        s.put("secret_access_key", "${env:SIM_SECRET}");
        s.put("endpoint_url", sim.endpoint().toString());
        return new ConnectionProfile("sim", "sagemaker", s);
    }

    @BeforeEach
    void start() throws Exception {
        sim = SageMakerSimulator.start();
        session = provider.connect(profile(), secrets(), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    private Stack parse(String yaml) throws Exception {
        return SmKit.parse(registry, yaml);
    }

    private Plan plan(Stack desired, Stack previous) throws ProviderException {
        List<Resource> managed = new ArrayList<>(desired.resources());
        if (previous != null) {
            previous.resources().stream().filter(r -> desired.find(r.key()).isEmpty()).forEach(managed::add);
        }
        Inventory inv = session.read(managed, Progress.NONE);
        return differ.diff(desired, previous, inv, provider.renderer());
    }

    private ApplyResult apply(Plan plan) throws ProviderException {
        return session.apply(plan, Progress.NONE);
    }

    private String onlyDomainId() {
        assertThat(sim.domainIds()).hasSize(1);
        return sim.domainIds().get(0);
    }

    @Test
    void planApplyReplanIsCleanAndIdsGoIntoTheOutputs() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        Plan first = plan(seed, null);
        assertThat(first.actionable()).extracting(Change::action).containsExactly(Action.CREATE, Action.CREATE);
        ApplyResult applied = apply(first);
        assertThat(applied.outcome()).as(applied.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        String id = onlyDomainId();
        ApplyResult.Executed create = applied.executed().get(0);
        assertThat(create.outputs()).containsEntry("DomainId", id)
                .containsEntry("Url", "https://" + id + ".studio.eu-west-1.sagemaker.aws")
                .containsEntry("DomainArn", "arn:aws:sagemaker:eu-west-1:123456789012:domain/" + id);
        assertThat(create.systemId()).isNotBlank();
        // the profile was created in the new domain, from the create's output
        JsonNode created = sim.recorded("CreateUserProfile").get(0);
        assertThat(created.get("DomainId").asText()).isEqualTo(id);
        assertThat(sim.userProfile(id, "alice").get("Status").asText()).isEqualTo("InService");
        assertThat(sim.tags("arn:aws:sagemaker:eu-west-1:123456789012:domain/" + id))
                .containsEntry("owner", "ml-team").containsEntry("data-classification", "internal");
        // no secret anywhere in what the apply reports
        assertThat(applied.toString()).doesNotContain("sim-secret-value");
        assertThat(sim.accessKeyIds()).containsOnly("AKIDSIMTEST");

        Plan again = plan(seed, seed);
        assertThat(again.actionable()).as(again.actionable().toString()).isEmpty();
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void everyInPlaceFieldUpdatesWithoutAReplace() throws Exception {
        Stack v1 = parse(SmKit.seedStack());
        assertThat(apply(plan(v1, null)).succeeded()).isTrue();
        String id = onlyDomainId();
        Stack v2 = parse(SmKit.seedStack()
                .replace("subnet_ids: [subnet-0abc, subnet-0def]", "subnet_ids: [subnet-0abc, subnet-0xyz, subnet-0new]")
                .replace("app_network_access_type: VpcOnly", "app_network_access_type: PublicInternetOnly")
                .replace("security_groups: [sg-01]", "security_groups: [sg-01, sg-04]")
                .replace("notebook_output_option: Allowed", "notebook_output_option: Disabled")
                .replace("s3_output_path: s3://my-sagemaker-bucket/output", "s3_output_path: s3://other-bucket/out")
                .replace("security_group_ids: [sg-02]", "security_group_ids: [sg-05, sg-06]")
                .replace("    default_space_settings:\n      execution_role: " + ROLE, "    default_space_settings:\n      execution_role: " + ROLE2)
                .replace("tag_propagation: ENABLED", "tag_propagation: DISABLED")
                .replace("tags: {owner: ml-team, data-classification: internal}", "tags: {owner: ml-platform, cost-center: '42'}")
                .replace("security_groups: [sg-03]", "security_groups: [sg-07]"));
        sim.resetCounts();
        Plan plan = plan(v2, v1);
        assertThat(plan.actionable()).extracting(Change::action).containsExactly(Action.UPDATE, Action.UPDATE);
        assertThat(plan.actionable()).allMatch(c -> c.safety() == dev.mlpc.core.plan.Safety.SAFE);
        ApplyResult r = apply(plan);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.requests("DeleteDomain") + sim.requests("CreateDomain")).isZero();
        assertThat(sim.domainIds()).containsExactly(id);
        ObjectNode d = sim.domain(id);
        assertThat(d.get("SubnetIds").toString()).isEqualTo("[\"subnet-0abc\",\"subnet-0xyz\",\"subnet-0new\"]");
        assertThat(d.get("AppNetworkAccessType").asText()).isEqualTo("PublicInternetOnly");
        assertThat(d.at("/DefaultUserSettings/SecurityGroups").toString()).isEqualTo("[\"sg-01\",\"sg-04\"]");
        assertThat(d.at("/DefaultUserSettings/SharingSettings/NotebookOutputOption").asText()).isEqualTo("Disabled");
        assertThat(d.at("/DefaultUserSettings/SharingSettings/S3OutputPath").asText()).isEqualTo("s3://other-bucket/out");
        assertThat(d.at("/DomainSettings/SecurityGroupIds").toString()).isEqualTo("[\"sg-05\",\"sg-06\"]");
        assertThat(d.at("/DefaultSpaceSettings/ExecutionRole").asText()).isEqualTo(ROLE2);
        assertThat(d.get("TagPropagation").asText()).isEqualTo("DISABLED");
        assertThat(sim.tags(d.get("DomainArn").asText())).isEqualTo(Map.of("owner", "ml-platform", "cost-center", "42"));
        assertThat(sim.userProfile(id, "alice").at("/UserSettings/SecurityGroups").toString()).isEqualTo("[\"sg-07\"]");

        Plan again = plan(v2, v2);
        assertThat(again.actionable()).as(again.actionable().toString()).isEmpty();
    }

    @Test
    void removingASettingClearsItAndTheReplanIsClean() throws Exception {
        Stack v1 = parse(SmKit.seedStack());
        assertThat(apply(plan(v1, null)).succeeded()).isTrue();
        String id = onlyDomainId();
        Stack v2 = parse(SmKit.seedStack()
                .replace("      security_groups: [sg-01]\n", "")
                .replace("        notebook_output_option: Allowed\n", "")
                .replace("    domain_settings:\n      security_group_ids: [sg-02]\n", "")
                .replace("    app_network_access_type: VpcOnly\n", "")
                .replace("    tag_propagation: ENABLED\n", "")
                .replace("    tags: {owner: ml-team, data-classification: internal}\n", "")
                .replace("      security_groups: [sg-03]\n", "")
                .replace("        s3_output_path: s3://my-sagemaker-bucket/output\n", ""));
        Plan plan = plan(v2, v1);
        assertThat(plan.actionable()).extracting(Change::action).containsExactly(Action.UPDATE, Action.UPDATE);
        assertThat(plan.warnings()).extracting(w -> w.rule() + " " + w.name() + " " + w.message().substring(0, w.message().indexOf(' ')))
                .containsExactly("not-cleared my-sagemaker-domain default_user_settings.sharing_settings.s3_output_path");
        ApplyResult r = apply(plan);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        ObjectNode d = sim.domain(id);
        assertThat(d.at("/DefaultUserSettings/SecurityGroups").toString()).isEqualTo("[]");
        assertThat(d.at("/DefaultUserSettings/SharingSettings/NotebookOutputOption").asText()).isEqualTo("Disabled");
        assertThat(d.at("/DomainSettings/SecurityGroupIds").toString()).isEqualTo("[]");
        assertThat(d.get("AppNetworkAccessType").asText()).isEqualTo("PublicInternetOnly");
        assertThat(d.get("TagPropagation").asText()).isEqualTo("DISABLED");
        assertThat(sim.tags(d.get("DomainArn").asText())).isEmpty();
        assertThat(sim.userProfile(id, "alice").at("/UserSettings/SecurityGroups").toString()).isEqualTo("[]");

        Plan again = plan(v2, v2);
        assertThat(again.actionable()).as(again.actionable().toString()).isEmpty();
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void aDomainThatFailsShowsItsFailureReason() throws Exception {
        sim.failNext("CreateDomain", "The subnet subnet-0abc has no free addresses");
        Stack seed = parse(SmKit.seedStack());
        ApplyResult r = apply(plan(seed, null));
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(r.failure()).contains("CreateDomain of sagemaker.domain my-sagemaker-domain ended Failed: The subnet subnet-0abc has no free addresses");
        assertThat(r.executed().get(1).outcome()).isEqualTo(ApplyResult.StatementOutcome.NOT_RUN);
        // the read keeps the status and the reason; the tree shows it
        Inventory inv = session.read(seed.resources(), Progress.NONE);
        ObservedResource d = inv.find(seed.resources().get(0).key()).orElseThrow();
        assertThat(d.status()).isEqualTo("Failed");
        assertThat(d.get(SageMakerRenderer.FAILURE_REASON)).isEqualTo("The subnet subnet-0abc has no free addresses");
        List<LiveNode> top = session.children(null, Progress.NONE);
        assertThat(top).extracting(LiveNode::label).containsExactly("my-sagemaker-domain (Failed)");
        assertThat(top.get(0).details()).containsEntry("failure_reason", "The subnet subnet-0abc has no free addresses")
                .containsEntry("status", "Failed");
    }

    @Test
    void awsErrorsNameTheResourceAndTheCause() throws Exception {
        sim.errorNext("CreateDomain", "AccessDeniedException", "User is not authorized to perform sagemaker:CreateDomain");
        ApplyResult r = apply(plan(parse(SmKit.seedStack()), null));
        assertThat(r.failure()).contains("CreateDomain of sagemaker.domain my-sagemaker-domain failed: AccessDeniedException: "
                + "User is not authorized to perform sagemaker:CreateDomain (the credentials are not allowed this SageMaker action)");
        sim.domainLimit(0);
        ApplyResult limited = apply(plan(parse(SmKit.seedStack()), null));
        assertThat(limited.failure()).contains("sagemaker.domain my-sagemaker-domain").contains("ResourceLimitExceeded")
                .contains("an account quota is reached");
    }

    @Test
    void listsFollowNextTokenAndOnlyManagedObjectsAreDescribed() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        assertThat(apply(plan(seed, null)).succeeded()).isTrue();
        String id = onlyDomainId();
        sim.seedDomains("other", 9);
        sim.seedUserProfiles(id, "bob", 7);
        sim.maxPageSize(3);
        sim.resetCounts();
        Inventory inv = session.read(seed.resources(), Progress.NONE);
        assertThat(inv.find(seed.resources().get(0).key())).isPresent();
        assertThat(inv.find(seed.resources().get(1).key())).isPresent();
        assertThat(sim.requests("ListDomains")).isEqualTo(4);          // 10 domains, 3 a page
        assertThat(sim.requests("ListUserProfiles")).isEqualTo(3);     // 8 profiles
        assertThat(sim.requests("DescribeDomain")).isEqualTo(1);
        assertThat(sim.requests("DescribeUserProfile")).isEqualTo(1);
        assertThat(sim.requests("ListTags")).isEqualTo(2);
        assertThat(inv.queries()).isEqualTo(sim.totalRequests());
        assertThat((List<?>) inv.find(seed.resources().get(0).key()).orElseThrow().get(SageMakerRenderer.USER_PROFILES)).hasSize(8);
    }

    @Test
    void throttlingIsRetriedWithBackoff() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        sim.throttleNext(3);
        sim.resetCounts();
        Inventory inv = session.read(seed.resources(), Progress.NONE);
        assertThat(inv.find(seed.resources().get(0).key())).isEmpty();
        assertThat(sim.recorded()).filteredOn(x -> "ThrottlingException".equals(x.errorCode())).hasSize(3);
        assertThat(sim.requests("ListDomains")).isEqualTo(4);
    }

    @Test
    void deletesRunProfilesFirstAndAreDestructive() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        assertThat(apply(plan(seed, null)).succeeded()).isTrue();
        Stack empty = new Stack("governed-ml", "", List.of(), null);
        Plan plan = plan(empty, seed);
        assertThat(plan.actionable()).extracting(c -> c.action() + " " + c.type())
                .containsExactly("DROP sagemaker.user_profile", "DROP sagemaker.domain");
        assertThat(plan.actionable()).allMatch(c -> c.safety() == dev.mlpc.core.plan.Safety.DESTRUCTIVE);
        ApplyResult r = apply(plan);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.domainIds()).isEmpty();
        assertThat(sim.recorded("DeleteDomain").get(0).at("/RetentionPolicy/HomeEfsFileSystem").asText()).isEqualTo("Delete");
        assertThat(sim.retainedFileSystems()).isEmpty();
    }

    @Test
    void aBusyDomainIsNotDiffedAndThePlanSaysWhy() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        sim.settleManually();
        String id = sim.seedDomain("my-sagemaker-domain");
        sim.settleAll();
        sim.seedUserProfile(id, "alice");
        // an update left running
        ((SageMakerSession) session).client().updateDomain(b -> b.domainId(id).appNetworkAccessType("VpcOnly"));
        Plan plan = plan(seed, seed);
        assertThat(plan.warnings()).extracting(w -> w.rule() + " " + w.name()).contains("busy my-sagemaker-domain");
        assertThat(plan.warnings().stream().filter(w -> w.rule().equals("busy")).findFirst().orElseThrow().message()).contains("Updating");
    }

    @Test
    void testConnectionListsDomainsOnce() throws Exception {
        sim.seedDomain("a-domain");
        sim.resetCounts();
        List<LiveNode> top = session.children(null, Progress.NONE);
        assertThat(top).extracting(LiveNode::label).containsExactly("a-domain");
        assertThat(top.get(0).details()).containsKey("url");
        assertThat(sim.requestCounts()).isEqualTo(Map.of("ListDomains", 1));
        String id = sim.domainIds().get(0);
        sim.seedUserProfile(id, "zoe");
        List<LiveNode> profiles = session.children(top.get(0), Progress.NONE);
        assertThat(profiles).extracting(LiveNode::path).containsExactly("domains/a-domain/user_profiles/zoe");
        assertThat(provider.liveParentPath(Resource.of(SageMakerTypes.USER_PROFILE, "zoe", Map.of("domain", "a-domain"))))
                .isEqualTo(top.get(0).path());
    }

    @Test
    void aMissingSecretStopsTheConnectionWithoutAnyRequest() {
        Map<String, String> s = new LinkedHashMap<>(profile().settings());
        s.put("secret_access_key", "${env:NOT_SET_ANYWHERE}");
        assertThatThrownBy(() -> provider.connect(new ConnectionProfile("sim", "sagemaker", s), secrets(), Duration.ofSeconds(5)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("secret_access_key");
        assertThat(sim.totalRequests()).isZero();
    }

    @Test
    void aProfileAddedLaterFindsItsExistingDomainLive() throws Exception {
        Stack full = parse(SmKit.seedStack());
        Stack domainOnly = new Stack(full.name(), "", List.of(full.resources().get(0)), null);
        assertThat(apply(plan(domainOnly, null)).succeeded()).isTrue();
        String id = onlyDomainId();
        Plan plan = plan(full, domainOnly);
        assertThat(plan.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("CREATE alice");
        ApplyResult r = apply(plan);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.userProfile(id, "alice").get("Status").asText()).isEqualTo("InService");
        assertThat(r.executed().get(0).outputs()).containsEntry("DomainId", id);
    }

    @Test
    void throttledApplyCallsAreRetriedAndAFailedUpdateReportsItsReason() throws Exception {
        Stack seed = parse(SmKit.seedStack());
        sim.throttleNext(2);
        ApplyResult r = apply(plan(seed, null));
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.recorded()).filteredOn(x -> "ThrottlingException".equals(x.errorCode())).hasSize(2);
        Stack v2 = parse(SmKit.seedStack().replace("app_network_access_type: VpcOnly", "app_network_access_type: PublicInternetOnly"));
        sim.failNext("UpdateDomain", "Subnets are in use by running apps");
        ApplyResult failed = apply(plan(v2, seed));
        assertThat(failed.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(failed.failure()).contains("UpdateDomain of sagemaker.domain my-sagemaker-domain ended Update_Failed: Subnets are in use by running apps");
    }

    @Test
    void twoLiveDomainsOfTheManagedNameAreAnErrorNamingBoth() throws Exception {
        String a = sim.seedDomain("my-sagemaker-domain");
        String b = sim.seedDomain("my-sagemaker-domain");
        Stack seed = parse(SmKit.seedStack());
        assertThatThrownBy(() -> session.read(seed.resources(), Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("sagemaker.domain my-sagemaker-domain: 2 live domains are named my-sagemaker-domain")
                .hasMessageContaining(a).hasMessageContaining(b);
    }

    @Test
    void anUnreachableEndpointIsNamedInTheMessage() throws Exception {
        String endpoint = sim.endpoint().toString();
        sim.close();
        Stack seed = parse(SmKit.seedStack());
        assertThatThrownBy(() -> session.read(seed.resources(), Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("connection 'sim': ListDomains failed: cannot reach " + endpoint + ": ");
    }

    @Test
    void aMissingNamedProfileIsACredentialsProblem() throws Exception {
        Map<String, String> s = new LinkedHashMap<>(profile().settings());
        s.remove("access_key_id");
        s.remove("secret_access_key");
        s.put("credentials", "profile");
        s.put("profile", "no-such-profile-anywhere");
        System.setProperty("aws.configFile", tmpConfig().toString());
        System.setProperty("aws.sharedCredentialsFile", tmpConfig().toString());
        try (ProviderSession other = provider.connect(new ConnectionProfile("sim", "sagemaker", s), secrets(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> other.children(null, Progress.NONE)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("ListDomains failed: no usable AWS credentials for connection 'sim'");
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
        assertThat(sim.totalRequests()).isZero();
    }

    private static java.nio.file.Path tmpConfig() throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("aws-config", ".ini");
        java.nio.file.Files.writeString(f, "[profile other]\nregion = eu-west-1\n");
        f.toFile().deleteOnExit();
        return f;
    }
}
