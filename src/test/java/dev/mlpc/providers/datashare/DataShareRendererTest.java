package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.CanonicalJson;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.providers.datashare.DsKit.STORAGE_SUB;
import static org.assertj.core.api.Assertions.assertThat;

/** The request documents of every kind, field by field; updates, deletes, clearing, warnings and notes. */
class DataShareRendererTest {
    private static final String SUBP = "${datashare.subscription.current.Id}";
    private static final String V = "?api-version=2021-08-01";
    private final DataShareProvider provider = new DataShareProvider();
    private final ProviderRegistry registry = DsKit.registry(provider);
    private final DataShareRenderer renderer = new DataShareRenderer();

    private Map<String, Object> doc(Plan plan, String type, String name) {
        Change c = plan.changes().stream().filter(x -> x.key().equals(new ResourceKey(type, name))).findFirst().orElseThrow();
        assertThat(c.statements()).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) c.statements().get(0).display();
        return d;
    }

    private static String json(Object o) {
        return CanonicalJson.compact(o);
    }

    @Test
    void providerSideRequestsFieldByField() throws Exception {
        Stack stack = DsKit.parse(registry, DsKit.providerStack());
        Plan plan = DsKit.offlinePlan(registry, provider, stack);
        assertThat(plan.changes()).extracting(c -> c.key().type()).containsExactly("datashare.resource_group", "datashare.account",
                "datashare.share", "datashare.dataset", "datashare.invitation", "datashare.synchronization_setting");

        assertThat(json(doc(plan, "datashare.resource_group", "fl-rg"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "/subscriptions/" + SUBP + "/resourceGroups/fl-rg?api-version=2021-04-01",
                "body", Map.of("location", "eastus", "tags", Map.of("Environment", "Production")))));
        assertThat(json(doc(plan, "datashare.account", "fl-share-account"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "/subscriptions/" + SUBP + "/resourceGroups/fl-rg/providers/Microsoft.DataShare/accounts/fl-share-account" + V,
                "body", Map.of("identity", Map.of("type", "SystemAssigned"), "location", "eastus",
                        "tags", Map.of("Environment", "Production")))));
        assertThat(json(doc(plan, "datashare.share", "training-data"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.account.fl-share-account.Id}/shares/training-data" + V,
                "body", Map.of("properties", Map.of("shareKind", "CopyBased", "description", "Federated-learning training data",
                        "terms", "Terms of the data share agreement")))));
        assertThat(json(doc(plan, "datashare.dataset", "images"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.share.training-data.Id}/dataSets/images" + V,
                "body", Map.of("kind", "BlobFolder", "properties", Map.of("containerName", "training", "prefix", "images/2026",
                        "resourceGroup", "data-rg", "storageAccountName", "flsource", "subscriptionId", STORAGE_SUB)))));
        assertThat(json(doc(plan, "datashare.invitation", "hospital-b"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.share.training-data.Id}/invitations/hospital-b" + V,
                "body", Map.of("properties", Map.of("targetEmail", "consumer@example.com", "expirationDate", "2027-06-30T00:00:00Z")))));
        assertThat(json(doc(plan, "datashare.synchronization_setting", "daily"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.share.training-data.Id}/synchronizationSettings/daily" + V,
                "body", Map.of("kind", "ScheduleBased", "properties", Map.of("recurrenceInterval", "Day",
                        "synchronizationTime", "2026-12-01T02:00:00Z")))));
        // every statement knows the outputs it needs
        Change share = plan.changes().get(2);
        assertThat(share.statements().get(0).outputs()).extracting(Statement.OutputRef::id).containsExactly("datashare.account.fl-share-account.Id");
        assertThat(plan.changes().get(1).statements().get(0).outputs()).extracting(Statement.OutputRef::id)
                .containsExactly("datashare.subscription.current.Id");
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void consumerSideRequestsFieldByField() throws Exception {
        Plan plan = DsKit.offlinePlan(registry, provider, DsKit.parse(registry, DsKit.consumerStack()));
        assertThat(json(doc(plan, "datashare.account", "hospital-b-account"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "/subscriptions/" + SUBP + "/resourceGroups/consumer-rg/providers/Microsoft.DataShare/accounts/hospital-b-account" + V,
                "body", Map.of("identity", Map.of("type", "SystemAssigned"), "location", "westeurope"))));
        assertThat(json(doc(plan, "datashare.share_subscription", "fl-training"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.account.hospital-b-account.Id}/shareSubscriptions/fl-training" + V,
                "body", Map.of("properties", Map.of("invitationId", DsKit.INVITATION_ID, "sourceShareLocation", "eastus")))));
        assertThat(json(doc(plan, "datashare.dataset_mapping", "images-to-local"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.share_subscription.fl-training.Id}/dataSetMappings/images-to-local" + V,
                "body", Map.of("kind", "BlobFolder", "properties", Map.of("dataSetId", DsKit.SOURCE_DATASET_ID,
                        "containerName", "received", "prefix", "images", "resourceGroup", "consumer-rg",
                        "storageAccountName", "hospitalb", "subscriptionId", STORAGE_SUB)))));
        assertThat(json(doc(plan, "datashare.trigger", "nightly"))).isEqualTo(json(Map.of("method", "PUT",
                "path", "${datashare.share_subscription.fl-training.Id}/triggers/nightly" + V,
                "body", Map.of("kind", "ScheduleBased", "properties", Map.of("recurrenceInterval", "Day",
                        "synchronizationTime", "2026-12-01T03:00:00Z")))));
    }

    @Test
    void everyStorageKindSendsItsOwnFields() {
        record Case(String kind, Map<String, Object> extra, Map<String, Object> rest) { }
        List<Case> cases = List.of(
                new Case("Blob", Map.of("container_name", "c1x", "file_path", "a/b.csv"), Map.of("containerName", "c1x", "filePath", "a/b.csv")),
                new Case("blobfolder", Map.of("container_name", "c1x", "prefix", "p/"), Map.of("containerName", "c1x", "prefix", "p/")),
                new Case("Container", Map.of("container_name", "c1x"), Map.of("containerName", "c1x")),
                new Case("AdlsGen2File", Map.of("file_system", "fs1", "file_path", "x.parquet"), Map.of("fileSystem", "fs1", "filePath", "x.parquet")),
                new Case("AdlsGen2Folder", Map.of("file_system", "fs1", "folder_path", "raw/2026"), Map.of("fileSystem", "fs1", "folderPath", "raw/2026")),
                new Case("AdlsGen2FileSystem", Map.of("file_system", "fs1"), Map.of("fileSystem", "fs1")));
        for (Case c : cases) {
            Map<String, Object> props = new java.util.LinkedHashMap<>(Map.of("share", "s", "kind", c.kind(), "subscription_id", STORAGE_SUB,
                    "resource_group", "rg", "storage_account_name", "sa1"));
            props.putAll(c.extra());
            Statement st = renderer.create(Resource.of("datashare.dataset", "d", props)).get(0);
            Map<String, Object> want = new java.util.LinkedHashMap<>(Map.of("resourceGroup", "rg", "storageAccountName", "sa1", "subscriptionId", STORAGE_SUB));
            want.putAll(c.rest());
            String canonicalKind = DataShareTypes.STORAGE_KINDS.stream().filter(k -> k.equalsIgnoreCase(c.kind())).findFirst().orElseThrow();
            assertThat(json(((Map<?, ?>) st.display()).get("body"))).as(c.kind())
                    .isEqualTo(json(Map.of("kind", canonicalKind, "properties", want)));
        }
    }

    @Test
    void anInvitationByObjectIdAndAnAccountNameOverride() {
        Statement inv = renderer.create(Resource.of("datashare.invitation", "partner", Map.of("share", "s", "invitation_name", "partner-2027",
                "target_object_id", DsKit.SOURCE_DATASET_ID, "target_active_directory_id", DsKit.TENANT))).get(0);
        assertThat(json(inv.display())).isEqualTo(json(Map.of("method", "PUT", "path", "${datashare.share.s.Id}/invitations/partner-2027" + V,
                "body", Map.of("properties", Map.of("targetObjectId", DsKit.SOURCE_DATASET_ID, "targetActiveDirectoryId", DsKit.TENANT)))));
        Statement acct = renderer.create(Resource.of("datashare.account", "a", Map.of("account_name", "contoso-share",
                "resource_group", "rg", "location", "eastus"))).get(0);
        assertThat(((Map<?, ?>) acct.display()).get("path")).isEqualTo("/subscriptions/" + SUBP
                + "/resourceGroups/rg/providers/Microsoft.DataShare/accounts/contoso-share" + V);
    }

    private static ObservedResource live(String type, String name, String id, Map<String, Object> props) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(props);
        m.put("id", id);
        return new ObservedResource(new ResourceKey(type, name), m, "Succeeded", false);
    }

    @Test
    void updatesUseTheLiveIdAndOnlyWhatCanChange() {
        String acctId = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a";
        Resource account = Resource.of("datashare.account", "a", Map.of("resource_group", "rg", "location", "eastus", "tags", Map.of("team", "fl")));
        Renderer.Rendered r = renderer.update(account, live("datashare.account", "a", acctId, Map.of()), Set.of("tags"));
        assertThat(json(r.statements().get(0).display())).isEqualTo(json(Map.of("method", "PATCH", "path", acctId + V,
                "body", Map.of("tags", Map.of("team", "fl")))));

        Resource untagged = Resource.of("datashare.account", "a", Map.of("resource_group", "rg", "location", "eastus"));
        assertThat(json(renderer.update(untagged, live("datashare.account", "a", acctId, Map.of()), Set.of("tags")).statements().get(0).display()))
                .isEqualTo(json(Map.of("method", "PATCH", "path", acctId + V, "body", Map.of("tags", Map.of()))));

        Resource share = Resource.of("datashare.share", "s", Map.of("account", "a", "share_kind", "InPlace", "terms", "v2"));
        String shareId = acctId + "/shares/s";
        assertThat(json(renderer.update(share, live("datashare.share", "s", shareId, Map.of()), Set.of("terms", "description"))
                .statements().get(0).display())).isEqualTo(json(Map.of("method", "PUT", "path", shareId + V,
                "body", Map.of("properties", Map.of("shareKind", "InPlace", "terms", "v2", "description", "")))));

        Resource rg = Resource.of("datashare.resource_group", "rg", Map.of("location", "East US", "tags", Map.of("k", "v")));
        assertThat(json(renderer.update(rg, live("datashare.resource_group", "rg", "/subscriptions/s1/resourceGroups/rg",
                Map.of("location", "eastus")), Set.of("tags")).statements().get(0).display())).isEqualTo(json(Map.of("method", "PUT",
                "path", "/subscriptions/s1/resourceGroups/rg?api-version=2021-04-01", "body", Map.of("location", "eastus", "tags", Map.of("k", "v")))));
        assertThat(renderer.update(share, live("datashare.share", "s", shareId, Map.of()), Set.of()).statements()).isEmpty();
    }

    @Test
    void deletesUseTheLiveIdElseThePlaceholders() {
        Resource inv = Resource.of("datashare.invitation", "i", Map.of("share", "s", "target_email", "x@example.com"));
        String id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a/shares/s/invitations/i";
        assertThat(json(renderer.drop(inv, live("datashare.invitation", "i", id, Map.of())).get(0).display()))
                .isEqualTo(json(Map.of("method", "DELETE", "path", id + V)));
        assertThat(json(renderer.drop(inv).get(0).display())).isEqualTo(json(Map.of("method", "DELETE",
                "path", "${datashare.share.s.Id}/invitations/i" + V)));
        Resource rg = Resource.of("datashare.resource_group", "rg", Map.of("location", "eastus"));
        assertThat(json(renderer.drop(rg).get(0).display())).isEqualTo(json(Map.of("method", "DELETE",
                "path", "/subscriptions/" + SUBP + "/resourceGroups/rg?api-version=2021-04-01")));
    }

    @Test
    void clearingTagsDescriptionAndTerms() {
        assertThat(renderer.clearing("datashare.account", "tags").value()).isEqualTo(Map.of());
        assertThat(renderer.clearing("datashare.resource_group", "tags").value()).isEqualTo(Map.of());
        assertThat(renderer.clearing("datashare.share", "terms").value()).isEqualTo("");
        assertThat(renderer.clearing("datashare.share", "description").value()).isEqualTo("");
        assertThat(renderer.clearing("datashare.dataset", "prefix")).isNull();
    }

    @Test
    void warningsForAnUndeclaredParentAndTwoResourcesOfOneAzureObject() throws Exception {
        Stack stack = DsKit.parse(registry, """
                stack: s
                resources:
                  - type: datashare.share
                    name: orphan
                    account: nowhere
                    share_kind: CopyBased
                  - type: datashare.account
                    name: a1
                    resource_group: rg
                    location: eastus
                  - type: datashare.account
                    name: a2
                    account_name: A1
                    resource_group: rg
                    location: eastus
                """);
        List<PlanWarning> w = renderer.warnings(stack);
        assertThat(w).extracting(PlanWarning::rule).containsExactly("parent-not-in-stack", "same-live-name");
        assertThat(w.get(0).message()).contains("account: datashare.account nowhere is not a resource of this stack");
        assertThat(w.get(1).message()).contains("resources a1 and a2");
    }

    @Test
    void notesForAWithdrawnInvitationABrokenMappingAndAFailedObject() {
        Resource inv = Resource.of("datashare.invitation", "i", Map.of("share", "s", "target_email", "x@example.com"));
        List<PlanWarning> n = renderer.notes(inv, live("datashare.invitation", "i", "/x", Map.of("invitation_status", "Withdrawn")));
        assertThat(n).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("invitation-status");
            assertThat(x.message()).startsWith("the invitation is Withdrawn (withdrawn by the provider): it can no longer be accepted");
        });
        assertThat(renderer.notes(inv, live("datashare.invitation", "i", "/x", Map.of("invitation_status", "Pending")))).isEmpty();
        Resource m = Resource.of("datashare.dataset_mapping", "m", Map.of("share_subscription", "ss"));
        assertThat(renderer.notes(m, live("datashare.dataset_mapping", "m", "/x", Map.of("data_set_mapping_status", "Broken"))))
                .singleElement().extracting(PlanWarning::message).asString().contains("status is Broken");
        assertThat(renderer.notes(m, live("datashare.dataset_mapping", "m", "/x", Map.of("provisioning_state", "Failed"))))
                .singleElement().extracting(PlanWarning::message).asString().contains("provisioning Failed");
    }

    @Test
    void theGeneratedDocumentIsDeterministic() throws Exception {
        Stack stack = DsKit.parse(registry, DsKit.providerStack());
        String a = provider.renderDocument(DsKit.offlinePlan(registry, provider, stack));
        String b = provider.renderDocument(DsKit.offlinePlan(registry, provider, DsKit.parse(registry, DsKit.providerStack())));
        assertThat(a).isEqualTo(b).contains("\"method\"").contains("Microsoft.DataShare/accounts/fl-share-account");
    }
}
