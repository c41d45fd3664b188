package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.providers.sagemaker.SmKit.ROLE;
import static dev.mlpc.providers.sagemaker.SmKit.ROLE2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request documents the renderer writes, field by field, for every operation (no server). */
class SageMakerRendererTest {
    private final SageMakerProvider provider = new SageMakerProvider();
    private final ProviderRegistry registry = SmKit.registry(provider);
    private final SageMakerRenderer renderer = new SageMakerRenderer();

    private Stack seed() throws StackException {
        return SmKit.parse(registry, SmKit.seedStack());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> req(Statement st) {
        return (Map<String, Object>) ((Map<String, Object>) st.display()).get("request");
    }

    private static String op(Statement st) {
        return (String) ((Map<?, ?>) st.display()).get("operation");
    }

    @Test
    void createDomainCarriesEveryFieldUnderItsAwsMemberName() throws Exception {
        Resource d = seed().resources().get(0);
        List<Statement> st = renderer.create(d);
        assertThat(st).hasSize(1);
        assertThat(op(st.get(0))).isEqualTo("CreateDomain");
        Map<String, Object> r = req(st.get(0));
        assertThat(r.keySet()).containsExactlyInAnyOrder("DomainName", "AuthMode", "VpcId", "SubnetIds",
                "AppNetworkAccessType", "KmsKeyId", "DefaultUserSettings", "DomainSettings", "DefaultSpaceSettings",
                "TagPropagation", "Tags");
        assertThat(r.get("DomainName")).isEqualTo("my-sagemaker-domain");
        assertThat(r.get("AuthMode")).isEqualTo("IAM");
        assertThat(r.get("VpcId")).isEqualTo("vpc-0abc");
        assertThat(r.get("SubnetIds")).isEqualTo(List.of("subnet-0abc", "subnet-0def"));
        assertThat(r.get("AppNetworkAccessType")).isEqualTo("VpcOnly");
        assertThat(r.get("KmsKeyId")).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/k1");
        assertThat(r.get("DefaultUserSettings")).isEqualTo(Map.of("ExecutionRole", ROLE, "SecurityGroups", List.of("sg-01"),
                "SharingSettings", Map.of("NotebookOutputOption", "Allowed", "S3OutputPath", "s3://my-sagemaker-bucket/output",
                        "S3KmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/k2")));
        assertThat(r.get("DomainSettings")).isEqualTo(Map.of("SecurityGroupIds", List.of("sg-02")));
        assertThat(r.get("DefaultSpaceSettings")).isEqualTo(Map.of("ExecutionRole", ROLE));
        assertThat(r.get("TagPropagation")).isEqualTo("ENABLED");
        assertThat(r.get("Tags")).isEqualTo(List.of(Map.of("Key", "data-classification", "Value", "internal"),
                Map.of("Key", "owner", "Value", "ml-team")));
        assertThat(st.get(0).needsOutputs()).isFalse();
    }

    @Test
    void enumsAreSentInTheApiSpellingAndDomainNameOverridesTheResourceName() throws Exception {
        Stack s = SmKit.parse(registry, """
                stack: s
                resources:
                  - type: sagemaker.domain
                    name: short
                    domain_name: the-real-name
                    auth_mode: iam
                    vpc_id: vpc-1
                    subnet_ids: [subnet-1]
                    app_network_access_type: vpconly
                    default_user_settings: {execution_role: %s}
                """.formatted(ROLE));
        Map<String, Object> r = req(renderer.create(s.resources().get(0)).get(0));
        assertThat(r.get("DomainName")).isEqualTo("the-real-name");
        assertThat(r.get("AuthMode")).isEqualTo("IAM");
        assertThat(r.get("AppNetworkAccessType")).isEqualTo("VpcOnly");
        assertThat(r).doesNotContainKeys("Tags", "KmsKeyId", "DomainSettings", "DefaultSpaceSettings", "TagPropagation");
    }

    @Test
    void createUserProfileUsesTheDomainsIdOutput() throws Exception {
        Resource p = seed().resources().get(1);
        List<Statement> st = renderer.create(p);
        assertThat(op(st.get(0))).isEqualTo("CreateUserProfile");
        Map<String, Object> r = req(st.get(0));
        assertThat(r.get("DomainId")).isEqualTo("${sagemaker.domain.my-sagemaker-domain.DomainId}");
        assertThat(r.get("UserProfileName")).isEqualTo("alice");
        assertThat(r.get("UserSettings")).isEqualTo(Map.of("ExecutionRole", ROLE2, "SecurityGroups", List.of("sg-03")));
        assertThat(r.get("Tags")).isEqualTo(List.of(Map.of("Key", "owner", "Value", "alice")));
        assertThat(st.get(0).outputs()).extracting(Statement.OutputRef::id)
                .containsExactly("sagemaker.domain.my-sagemaker-domain.DomainId");
    }

    @Test
    void offlinePlanCreatesTheDomainBeforeItsProfilesAndTheDocumentIsCanonicalJson() throws Exception {
        Plan plan = SmKit.offlinePlan(registry, provider, seed());
        assertThat(plan.actionable()).extracting(Change::type).containsExactly(SageMakerTypes.DOMAIN, SageMakerTypes.USER_PROFILE);
        String doc = provider.renderDocument(plan);
        assertThat(doc).contains("\"operation\" : \"CreateDomain\"").contains("\"operation\" : \"CreateUserProfile\"")
                .endsWith("}\n");
        assertThat(provider.renderDocument(plan)).isEqualTo(doc);
        assertThat(doc.indexOf("CreateDomain")).isLessThan(doc.indexOf("CreateUserProfile"));
    }

    private static ObservedResource liveDomain(Map<String, Object> props) {
        Map<String, Object> m = new LinkedHashMap<>(props);
        m.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        m.put(SageMakerRenderer.ARN, "arn:aws:sagemaker:eu-west-1:123456789012:domain/d-abc");
        return new ObservedResource(new ResourceKey(SageMakerTypes.DOMAIN, "my-sagemaker-domain"), m, "InService", false);
    }

    @Test
    void updateDomainSendsOnlyTheChangedMembers() throws Exception {
        Resource d = seed().resources().get(0);
        ObservedResource live = liveDomain(Map.of("tags", Map.of("owner", "ml-team", "data-classification", "internal")));
        Renderer.Rendered u = renderer.update(d, live, Set.of("subnet_ids"));
        assertThat(u.safety()).isEqualTo(Safety.SAFE);
        assertThat(u.statements()).hasSize(1);
        assertThat(op(u.statements().get(0))).isEqualTo("UpdateDomain");
        assertThat(req(u.statements().get(0))).isEqualTo(Map.of("DomainId", "d-abc", "SubnetIds", List.of("subnet-0abc", "subnet-0def")));

        Map<String, Object> all = req(renderer.update(d, live, Set.of("app_network_access_type", "tag_propagation",
                "default_user_settings", "default_user_settings.execution_role", "default_user_settings.sharing_settings",
                "default_user_settings.sharing_settings.s3_output_path", "domain_settings", "domain_settings.security_group_ids",
                "default_space_settings", "default_space_settings.execution_role")).statements().get(0));
        assertThat(all.get("AppNetworkAccessType")).isEqualTo("VpcOnly");
        assertThat(all.get("TagPropagation")).isEqualTo("ENABLED");
        // the changed members of UserSettings only; a changed sharing_settings whole
        assertThat(all.get("DefaultUserSettings")).isEqualTo(Map.of("ExecutionRole", ROLE,
                "SharingSettings", Map.of("NotebookOutputOption", "Allowed", "S3OutputPath", "s3://my-sagemaker-bucket/output",
                        "S3KmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/k2")));
        assertThat(all.get("DomainSettingsForUpdate")).isEqualTo(Map.of("SecurityGroupIds", List.of("sg-02")));
        assertThat(all.get("DefaultSpaceSettings")).isEqualTo(Map.of("ExecutionRole", ROLE));
        assertThat(all).doesNotContainKeys("SubnetIds", "DomainName", "VpcId", "KmsKeyId", "AuthMode", "Tags");
    }

    @Test
    void tagsChangeThroughAddTagsAndDeleteTagsOnTheObservedArn() throws Exception {
        Resource d = seed().resources().get(0);
        ObservedResource live = liveDomain(Map.of("tags", Map.of("owner", "someone-else", "cost-center", "42",
                "data-classification", "internal")));
        List<Statement> st = renderer.update(d, live, Set.of("tags")).statements();
        assertThat(st).extracting(SageMakerRendererTest::op).containsExactly("AddTags", "DeleteTags");
        assertThat(req(st.get(0))).isEqualTo(Map.of("ResourceArn", "arn:aws:sagemaker:eu-west-1:123456789012:domain/d-abc",
                "Tags", List.of(Map.of("Key", "owner", "Value", "ml-team"))));
        assertThat(req(st.get(1))).isEqualTo(Map.of("ResourceArn", "arn:aws:sagemaker:eu-west-1:123456789012:domain/d-abc",
                "TagKeys", List.of("cost-center")));
    }

    @Test
    void updateUserProfileNamesItsDomainByTheObservedId() throws Exception {
        Resource p = seed().resources().get(1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        m.put(SageMakerRenderer.ARN, "arn:aws:sagemaker:eu-west-1:123456789012:user-profile/d-abc/alice");
        m.put("tags", Map.of());
        ObservedResource live = new ObservedResource(p.key(), m, "InService", false);
        List<Statement> st = renderer.update(p, live, Set.of("user_settings", "user_settings.security_groups", "tags")).statements();
        assertThat(st).extracting(SageMakerRendererTest::op).containsExactly("UpdateUserProfile", "AddTags");
        assertThat(req(st.get(0))).isEqualTo(Map.of("DomainId", "d-abc", "UserProfileName", "alice",
                "UserSettings", Map.of("SecurityGroups", List.of("sg-03"))));
        assertThat(req(st.get(1)).get("ResourceArn")).isEqualTo("arn:aws:sagemaker:eu-west-1:123456789012:user-profile/d-abc/alice");
    }

    @Test
    void dropsDeleteByObservedIdsOrOutputPlaceholders() throws Exception {
        Resource d = seed().resources().get(0);
        Resource p = seed().resources().get(1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        m.put(SageMakerRenderer.USER_PROFILES, List.of("zed", "alice"));
        List<Statement> st = renderer.drop(d, new ObservedResource(d.key(), m, "InService", false));
        assertThat(st).extracting(SageMakerRendererTest::op).containsExactly("DeleteUserProfile", "DeleteUserProfile", "DeleteDomain");
        assertThat(req(st.get(0))).isEqualTo(Map.of("DomainId", "d-abc", "UserProfileName", "alice"));
        assertThat(req(st.get(1))).isEqualTo(Map.of("DomainId", "d-abc", "UserProfileName", "zed"));
        assertThat(req(st.get(2))).isEqualTo(Map.of("DomainId", "d-abc", "RetentionPolicy", Map.of("HomeEfsFileSystem", "Delete")));

        List<Statement> offline = renderer.drop(d, null);
        assertThat(offline).hasSize(1);
        assertThat(req(offline.get(0)).get("DomainId")).isEqualTo("${sagemaker.domain.my-sagemaker-domain.DomainId}");
        assertThat(offline.get(0).needsOutputs()).isTrue();

        List<Statement> profile = renderer.drop(p, null);
        assertThat(op(profile.get(0))).isEqualTo("DeleteUserProfile");
        assertThat(req(profile.get(0))).isEqualTo(Map.of("DomainId", "${sagemaker.domain.my-sagemaker-domain.DomainId}",
                "UserProfileName", "alice"));
    }

    @Test
    void immutableChangesReplaceTheDomainAndSayWhy() throws Exception {
        Stack s = seed();
        Map<String, Object> live = new LinkedHashMap<>(s.resources().get(0).properties());
        live.put("vpc_id", "vpc-other");
        live.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        live.put(SageMakerRenderer.USER_PROFILES, List.of("alice"));
        Map<String, Object> liveProfile = new LinkedHashMap<>(s.resources().get(1).properties());
        liveProfile.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        Inventory inv = new Inventory(List.of(new ObservedResource(s.resources().get(0).key(), live, "InService", false),
                new ObservedResource(s.resources().get(1).key(), liveProfile, "InService", false)), false, 0);
        Plan plan = new Differ(registry).diff(s, null, inv, renderer);
        Change domain = plan.actionable().get(0);
        assertThat(domain.action()).isEqualTo(Action.REPLACE);
        assertThat(domain.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(domain.reason()).contains("vpc_id: vpc-other -> vpc-0abc");
        assertThat(domain.statements()).extracting(SageMakerRendererTest::op)
                .containsExactly("DeleteUserProfile", "DeleteDomain", "CreateDomain");
        Change profile = plan.actionable().get(1);
        assertThat(profile.action()).isEqualTo(Action.CREATE);
        assertThat(profile.reason()).contains("sagemaker.domain my-sagemaker-domain is replaced");
    }

    @Test
    void inPlaceFieldsUpdateWithoutReplace() throws Exception {
        Stack s = seed();
        Map<String, Object> live = new LinkedHashMap<>(s.resources().get(0).properties());
        live.put("subnet_ids", List.of("subnet-9"));
        live.put("domain_settings", Map.of("security_group_ids", List.of("sg-9")));
        live.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        Inventory inv = new Inventory(List.of(new ObservedResource(s.resources().get(0).key(), live, "InService", false)), false, 0);
        Plan plan = new Differ(registry).diff(new Stack(s.name(), "", List.of(s.resources().get(0)), null), null, inv, renderer);
        Change c = plan.actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.safety()).isEqualTo(Safety.SAFE);
        assertThat(c.statements()).extracting(SageMakerRendererTest::op).containsExactly("UpdateDomain");
        assertThat(req(c.statements().get(0))).isEqualTo(Map.of("DomainId", "d-abc",
                "SubnetIds", List.of("subnet-0abc", "subnet-0def"),
                "DomainSettingsForUpdate", Map.of("SecurityGroupIds", List.of("sg-02"))));
    }

    @Test
    void removedSettingsAreClearedOrWarnedAbout() throws Exception {
        Stack before = seed();
        Stack after = SmKit.parse(registry, SmKit.seedStack()
                .replace("      security_groups: [sg-01]\n", "")
                .replace("        s3_output_path: s3://my-sagemaker-bucket/output\n", "")
                .replace("        notebook_output_option: Allowed\n", "")
                .replace("    domain_settings:\n      security_group_ids: [sg-02]\n", "")
                .replace("    app_network_access_type: VpcOnly\n", "")
                .replace("    tag_propagation: ENABLED\n", "")
                .replace("    default_space_settings:\n      execution_role: " + ROLE + "\n", "")
                .replace("    kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/k1\n", ""));
        Map<String, Object> live = new LinkedHashMap<>(before.resources().get(0).properties());
        live.put(SageMakerRenderer.DOMAIN_ID, "d-abc");
        Inventory inv = new Inventory(List.of(new ObservedResource(before.resources().get(0).key(), live, "InService", false)), false, 0);
        Stack desired = new Stack("governed-ml", "", List.of(after.resources().get(0)), null);
        Stack previous = new Stack("governed-ml", "", List.of(before.resources().get(0)), null);
        Plan plan = new Differ(registry).diff(desired, previous, inv, renderer);
        Change c = plan.actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reason()).contains("default_user_settings.security_groups: [sg-01] -> [] (removed from the stack)")
                .contains("app_network_access_type: VpcOnly -> PublicInternetOnly (removed from the stack)")
                .contains("default_user_settings.sharing_settings.notebook_output_option: Allowed -> Disabled (removed from the stack)");
        Map<String, Object> r = req(c.statements().get(0));
        assertThat(r.get("AppNetworkAccessType")).isEqualTo("PublicInternetOnly");
        assertThat(r.get("TagPropagation")).isEqualTo("DISABLED");
        assertThat(r.get("DomainSettingsForUpdate")).isEqualTo(Map.of("SecurityGroupIds", List.of()));
        assertThat(r.get("DefaultUserSettings")).isEqualTo(Map.of("SecurityGroups", List.of(),
                "SharingSettings", Map.of("NotebookOutputOption", "Disabled",
                        "S3KmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/k2")));
        assertThat(r).doesNotContainKey("DefaultSpaceSettings");
        assertThat(plan.warnings()).filteredOn(w -> w.rule().equals("not-cleared"))
                .extracting(w -> w.message().substring(0, w.message().indexOf(' ')))
                .containsExactlyInAnyOrder("default_user_settings.sharing_settings.s3_output_path",
                        "default_space_settings.execution_role", "kms_key_id");
    }

    @Test
    void withoutAPreviousStackARemovedSettingIsUnmanaged() throws Exception {
        Stack s = SmKit.parse(registry, SmKit.seedStack().replace("    app_network_access_type: VpcOnly\n", ""));
        Map<String, Object> live = new LinkedHashMap<>(seed().resources().get(0).properties());
        Inventory inv = new Inventory(List.of(new ObservedResource(s.resources().get(0).key(), live, "InService", false)), false, 0);
        Plan plan = new Differ(registry).diff(new Stack("x", "", List.of(s.resources().get(0)), null), null, inv, renderer);
        assertThat(plan.actionable()).isEmpty();
    }

    @Test
    void aHandEditedDocumentWithUnknownMembersIsRefused() {
        assertThatThrownBy(() -> SageMakerRequests.createDomain(Map.of("DomainName", "x", "Bogus", 1)))
                .hasMessageContaining("CreateDomain: unknown request member(s) [Bogus]");
    }

    @Test
    void twoResourcesForOneLiveObjectAreWarned() throws Exception {
        Stack s = SmKit.parse(registry, SmKit.seedStack() + """
                  - type: sagemaker.user_profile
                    name: alice2
                    user_profile_name: alice
                    domain: my-sagemaker-domain
                """);
        Plan plan = SmKit.offlinePlan(registry, provider, s);
        assertThat(plan.warnings()).extracting(w -> w.rule() + ": " + w.message())
                .containsExactly("same-live-name: resources alice and alice2 are both the user profile alice of domain my-sagemaker-domain; give each its own name");
        assertThat(SmKit.offlinePlan(registry, provider, seed()).warnings()).isEmpty();
    }
}
