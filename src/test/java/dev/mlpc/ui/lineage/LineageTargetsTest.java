package dev.mlpc.ui.lineage;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.lineage.LineageInputs;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.lineage.LiveObjects;
import dev.mlpc.lineage.RegistryVersionLinks;
import dev.mlpc.registry.Lineage;
import dev.mlpc.ui.lineage.LineageTargets.TreeTarget;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Map node → live-tree place and back, per system, on graphs the real {@link LineageBuilder} makes from stacks, live
 * objects and registry lineage with hostile names (quotes, mixed case, dots, slashes), through the real providers'
 * {@code livePath}. The expected paths are the ones the providers' trees give their nodes.
 */
class LineageTargetsTest {
    private static final String SUB = "0a1B2c3D-0000-4000-8000-00000000AbCd";

    private final LineageTargets.TreePaths paths = LineageTargets.paths(Workbench.standardProviders(), List.of(
            new ConnectionProfile("sf", "snowflake", Map.of("account", "x")),
            new ConnectionProfile("pg", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1/x")),
            new ConnectionProfile("sm", "sagemaker", Map.of("region", "eu-west-1")),
            new ConnectionProfile("ds", "datashare", Map.of("subscription_id", SUB)),
            new ConnectionProfile("ds-rg", "datashare", Map.of("subscription_id", SUB, "resource_group", "Default-RG"))));

    static Resource res(String type, String name, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.put((String) kv[i], kv[i + 1]);
        return Resource.of(type, name, p);
    }

    private static LineageGraph graph(List<Stack> stacks, List<RegistryVersionLinks> registry, List<LiveObjects> live) {
        return LineageBuilder.build(new LineageInputs(stacks, registry, live));
    }

    private static LineageNode node(LineageGraph g, String id) {
        return g.node(id).orElseThrow(() -> new AssertionError("no node " + id + " in " + g.nodes().stream().map(LineageNode::id).toList()));
    }

    private Optional<TreeTarget> tree(LineageNode n) {
        return LineageTargets.tree(n, paths);
    }

    private String path(LineageNode n) {
        return tree(n).orElseThrow(() -> new AssertionError("no tree place for " + n.id() + ": " + LineageTargets.notInTree(n, paths))).path();
    }

    private static LiveNode live(String path, String label, String kind, String type, String name) {
        return new LiveNode(path, label, kind, true, type == null ? null : new ResourceKey(type, name), Map.of());
    }

    @Test
    void snowflakeSchemaObjectsAndIntegrationsByTheirStoredNames() {
        Stack s = new Stack("sf-stack", "", "sf", List.of(
                res("snowflake.table", "my t", "database", "ml_db", "schema", "Raw.Zone"),
                res("snowflake.table", "MY T", "database", "ml_db", "schema", "Raw.Zone"),
                res("snowflake.table", "say \"hi\"/now", "database", "ml_db", "schema", "Raw.Zone"),
                res("snowflake.stage", "Land%Stage", "database", "ml_db", "schema", "Raw.Zone", "url", "s3://b/p",
                        "storage_integration", "lake int"),
                res("snowflake.pipe", "feed", "database", "ml_db", "schema", "Raw.Zone", "stage", "Land%Stage", "table", "my t"),
                res("snowflake.storage_integration", "lake int", "storage_allowed_locations", List.of("s3://b/p")),
                res("snowflake.api_integration", "mlflow_api", "api_allowed_prefixes", List.of("https://mlflow.example.org/")),
                res("snowflake.external_function", "score", "database", "ml_db", "schema", "Raw.Zone",
                        "api_integration", "mlflow_api", "url", "https://mlflow.example.org/score")), "sf.yaml");
        // a stage in no stack, as the live tree lists it (names as stored)
        LiveObjects live = new LiveObjects("sf", List.of(new LiveObjects.LiveObject(
                res("snowflake.stage", "Ext.\"Stage\"", "database", "ML_DB", "schema", "Raw.Zone", "url", "s3://b/q"), null, "unknown")));
        LineageGraph g = graph(List.of(s), List.of(), List.of(live));
        String schema = "databases/ML_DB/schemas/Raw.Zone";

        LineageNode lower = node(g, LineageIds.snowflake("table", "sf", "ML_DB", "Raw.Zone", "my t"));
        LineageNode upper = node(g, LineageIds.snowflake("table", "sf", "ML_DB", "Raw.Zone", "MY T"));
        assertThat(path(lower)).isEqualTo(schema + "/tables/my t");
        assertThat(path(upper)).isEqualTo(schema + "/tables/MY T");
        assertThat(tree(lower).orElseThrow().ignoreCase()).as("Snowflake names keep their case").isFalse();
        assertThat(path(node(g, LineageIds.snowflake("table", "sf", "ML_DB", "Raw.Zone", "say \"hi\"/now"))))
                .as("quotes kept, the slash escaped as the tree escapes it").isEqualTo(schema + "/tables/say \"hi\"%2Fnow");
        assertThat(path(node(g, LineageIds.snowflake("stage", "sf", "ML_DB", "Raw.Zone", "Land%Stage"))))
                .isEqualTo(schema + "/stages/Land%25Stage");
        assertThat(path(node(g, LineageIds.snowflake("stage", "sf", "ML_DB", "Raw.Zone", "Ext.\"Stage\""))))
                .as("an unmanaged stage from the live inventory").isEqualTo(schema + "/stages/Ext.\"Stage\"");
        assertThat(path(node(g, LineageIds.snowflake("pipe", "sf", "ML_DB", "Raw.Zone", "FEED")))).isEqualTo(schema + "/pipes/FEED");
        assertThat(path(node(g, LineageIds.snowflake("external_function", "sf", "ML_DB", "Raw.Zone", "SCORE"))))
                .isEqualTo(schema + "/functions/SCORE");
        assertThat(path(node(g, LineageIds.sfIntegration("sf", "lake int")))).isEqualTo("integrations/lake int");
        assertThat(path(node(g, LineageIds.sfIntegration("sf", "MLFLOW_API")))).isEqualTo("integrations/MLFLOW_API");

        // the reverse: a tree row finds its own node, not its sibling of another case
        LiveNode row = live(schema + "/tables/my t", "my t", "table", "snowflake.table", "my t");
        assertThat(LineageTargets.isTreeNode(lower, "sf", row, paths)).isTrue();
        assertThat(LineageTargets.isTreeNode(upper, "sf", row, paths)).isFalse();
        assertThat(LineageTargets.isTreeNode(lower, "other", row, paths)).as("another connection").isFalse();
        LiveNode stage = live(schema + "/stages/Ext.\"Stage\"", "Ext.\"Stage\"", "stage", "snowflake.stage", "Ext.\"Stage\"");
        assertThat(g.nodes().stream().filter(n -> LineageTargets.isTreeNode(n, "sf", stage, paths)).map(LineageNode::id).toList())
                .containsExactly(LineageIds.snowflake("stage", "sf", "ML_DB", "Raw.Zone", "Ext.\"Stage\""));
        LiveNode integration = live("integrations/MLFLOW_API", "MLFLOW_API", "integration", "snowflake.api_integration", "MLFLOW_API");
        assertThat(g.nodes().stream().filter(n -> LineageTargets.isTreeNode(n, "sf", integration, paths)).map(LineageNode::id).toList())
                .containsExactly(LineageIds.sfIntegration("sf", "MLFLOW_API"));
    }

    @Test
    void postgresTablesNamedByTheRegistryAndListedLive() {
        LineageGraph g = graph(List.of(), List.of(new RegistryVersionLinks("pg", "pg", "churn", 1, "None", List.of(), List.of(
                new Lineage(Lineage.INPUT, "postgres.table", "pg/\"Feature.DB\"/public/\"Train \"\"T\"\"/2\""),
                new Lineage(Lineage.INPUT, "postgres.table", "pg/features/Raw/Events")))),
                List.of(new LiveObjects("pg", List.of(new LiveObjects.LiveObject(
                        res("postgres.table", "Mixed.Case", "database", "features", "schema", "raw"), null, "unknown",
                        "databases/features/schemas/raw/Mixed.Case")))));
        LineageNode quoted = node(g, LineageIds.postgresTable("pg", "Feature.DB", "public", "Train \"T\"/2"));
        assertThat(path(quoted)).isEqualTo("databases/Feature.DB/schemas/public/Train \"T\"%2F2");
        assertThat(path(node(g, LineageIds.postgresTable("pg", "features", "raw", "events"))))
                .as("bare names are lower-cased, as PostgreSQL stores them").isEqualTo("databases/features/schemas/raw/events");
        LineageNode mixed = node(g, LineageIds.postgresTable("pg", "features", "raw", "Mixed.Case"));
        assertThat(path(mixed)).isEqualTo(Workbench.tablePath("features", "raw", "Mixed.Case"));
        assertThat(LineageTargets.isTreeNode(mixed, "pg", live(Workbench.tablePath("features", "raw", "Mixed.Case"),
                "Mixed.Case", "table", null, null), paths)).isTrue();
        assertThat(LineageTargets.isTreeNode(mixed, "pg", live(Workbench.tablePath("features", "raw", "mixed.case"),
                "mixed.case", "table", null, null), paths)).as("PostgreSQL paths keep their case").isFalse();
    }

    @Test
    void sageMakerDomainsAndUserProfilesByTheirNames() {
        Stack s = new Stack("studio", "", "sm", List.of(
                res("sagemaker.domain", "studio", "domain_name", "ML-Studio-1", "auth_mode", "IAM"),
                res("sagemaker.user_profile", "alice", "domain", "studio", "user_profile_name", "Data-Sci-Alice")), "sm.yaml");
        LineageGraph g = graph(List.of(s), List.of(), List.of());
        LineageNode domain = node(g, LineageIds.smDomain("sm", "ML-Studio-1"));
        LineageNode profile = node(g, LineageIds.smProfile("sm", "ML-Studio-1", "Data-Sci-Alice"));
        assertThat(path(domain)).isEqualTo("domains/ML-Studio-1");
        assertThat(path(profile)).isEqualTo("domains/ML-Studio-1/user_profiles/Data-Sci-Alice");
        // the tree's label carries the status: the path decides
        assertThat(LineageTargets.isTreeNode(profile, "sm", live("domains/ML-Studio-1/user_profiles/Data-Sci-Alice",
                "Data-Sci-Alice (Pending)", "user_profile", "sagemaker.user_profile", "Data-Sci-Alice"), paths)).isTrue();
        assertThat(LineageTargets.isTreeNode(domain, "sm", live("domains/ML-Studio-1/user_profiles/Data-Sci-Alice",
                "Data-Sci-Alice", "user_profile", "sagemaker.user_profile", "Data-Sci-Alice"), paths)).isFalse();
    }

    @Test
    void dataShareObjectsByTheirArmIdsIgnoringCase() {
        Stack provider = new Stack("fl-provider", "", "ds", List.of(
                res("datashare.account", "acct", "resource_group", "ML-Share-RG", "account_name", "FedAcct", "location", "eastus"),
                res("datashare.share", "s1", "account", "acct", "share_name", "Train_Share", "share_kind", "CopyBased"),
                res("datashare.dataset", "d1", "share", "s1", "data_set_name", "Blob-Set", "kind", "Container",
                        "storage_account_name", "lake", "container_name", "train"),
                res("datashare.invitation", "inv", "share", "s1", "invitation_name", "Partner-B", "target_email", "b@example.org")),
                "p.yaml");
        Stack consumer = new Stack("fl-consumer", "", "ds", List.of(
                res("datashare.account", "cons", "resource_group", "Cons-RG", "location", "eastus"),
                res("datashare.share_subscription", "Sub.One", "account", "cons", "invitation_id", "abc"),
                res("datashare.dataset_mapping", "Map-1", "share_subscription", "Sub.One", "data_set_id", "xyz",
                        "storage_account_name", "mine", "container_name", "in")), "c.yaml");
        // an account stack without its resource group: the connection's names it
        Stack bare = new Stack("bare", "", "ds-rg", List.of(res("datashare.account", "Lone-Acct", "location", "eastus")), "b.yaml");
        String arm = "/subscriptions/" + SUB + "/resourceGroups/ML-Share-RG/providers/Microsoft.DataShare/accounts/FedAcct";
        LiveObjects live = new LiveObjects("ds", List.of(new LiveObjects.LiveObject(
                res("datashare.share", "Side_Share", "share_kind", "InPlace"), null, "unknown", arm + "/shares/Side_Share")));
        LineageGraph g = graph(List.of(provider, consumer, bare), List.of(), List.of(live));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(LineageIds.dsAccount("ML-Share-RG", "FedAcct"), arm);
        expected.put(LineageIds.dsShare("ML-Share-RG", "FedAcct", "Train_Share"), arm + "/shares/Train_Share");
        expected.put(LineageIds.dsDataset("ML-Share-RG", "FedAcct", "Train_Share", "Blob-Set"), arm + "/shares/Train_Share/dataSets/Blob-Set");
        expected.put(LineageIds.dsInvitation("ML-Share-RG", "FedAcct", "Train_Share", "Partner-B"), arm + "/shares/Train_Share/invitations/Partner-B");
        expected.put(LineageIds.dsShare("ML-Share-RG", "FedAcct", "Side_Share"), arm + "/shares/Side_Share");
        String cons = "/subscriptions/" + SUB + "/resourceGroups/Cons-RG/providers/Microsoft.DataShare/accounts/cons";
        expected.put(LineageIds.dsSubscription("Cons-RG", "cons", "Sub.One"), cons + "/shareSubscriptions/Sub.One");
        expected.put(LineageIds.dsMapping("Cons-RG", "cons", "Sub.One", "Map-1"), cons + "/shareSubscriptions/Sub.One/dataSetMappings/Map-1");
        expected.forEach((id, livePath) -> {
            LineageNode n = node(g, id);
            TreeTarget t = tree(n).orElseThrow(() -> new AssertionError("no place for " + id));
            assertThat(t.ignoreCase()).isTrue();
            assertThat(t.path()).as(id).isEqualToIgnoringCase(livePath);
            assertThat(t.matches(livePath)).as(id + " matches the tree's ARM id in Azure's case").isTrue();
            assertThat(LineageTargets.isTreeNode(n, "ds", live(livePath, "x", "share", null, null), paths)).as(id).isTrue();
        });
        assertThat(path(node(g, LineageIds.dsAccount("-", "Lone-Acct")))).as("the connection's resource group")
                .isEqualToIgnoringCase("/subscriptions/" + SUB + "/resourceGroups/Default-RG/providers/Microsoft.DataShare/accounts/Lone-Acct");
        assertThat(LineageTargets.isTreeNode(node(g, LineageIds.dsShare("ML-Share-RG", "FedAcct", "Train_Share")), "ds",
                live(arm + "/shares/Side_Share", "Side_Share", "share", "datashare.share", "Side_Share"), paths)).isFalse();
    }

    @Test
    void nodesWithoutATreePlaceSayWhy() {
        Stack unbound = new Stack("shared", "", List.of(res("snowflake.table", "orders", "database", "sales", "schema", "raw")), "s.yaml");
        Stack elsewhere = new Stack("elsewhere", "", "sf-gone", List.of(res("snowflake.table", "t", "database", "d", "schema", "s")), "e.yaml");
        Stack ds = new Stack("ds-stack", "", "ds", List.of(
                res("datashare.invitation", "orphan", "share", "no-such-share", "target_email", "c@example.org")), "d.yaml");
        LineageGraph g = graph(List.of(unbound, elsewhere, ds), List.of(new RegistryVersionLinks("pg", "pg", "m", 1, "None", List.of(),
                List.of(new Lineage(Lineage.INPUT, "s3", "s3://Bucket/key"), new Lineage(Lineage.INPUT, "uri", "ftp://x/y")))), List.of());

        LineageNode any = node(g, LineageIds.snowflake("table", null, "SALES", "RAW", "ORDERS"));
        assertThat(tree(any)).isEmpty();
        assertThat(LineageTargets.notInTree(any, paths)).contains("belongs to no connection", "stack shared is bound to none");

        LineageNode gone = node(g, LineageIds.snowflake("table", "sf-gone", "D", "S", "T"));
        assertThat(tree(gone)).isEmpty();
        assertThat(LineageTargets.notInTree(gone, paths)).contains("connection sf-gone", "not among this console's connections");

        LineageNode s3 = node(g, "s3://bucket/key");
        assertThat(tree(s3)).isEmpty();
        assertThat(LineageTargets.notInTree(s3, paths)).contains("a storage location", "no live tree", "nothing describes it");
        assertThat(LineageTargets.notInTree(s3, paths)).as("the name once when label = id")
                .startsWith("s3://bucket/key is a storage location").doesNotContain("(s3://bucket/key)");
        LineageNode unknown = node(g, LineageIds.unknown("ftp://x/y"));
        assertThat(LineageTargets.notInTree(unknown, paths)).contains("no live tree", "nothing describes it beyond the link");
        LineageNode consumer = node(g, LineageIds.consumerEmail("c@example.org"));
        assertThat(tree(consumer)).isEmpty();
        assertThat(LineageTargets.notInTree(consumer, paths)).contains("a consumer");
        if (!consumer.label().equals(consumer.id())) {
            assertThat(LineageTargets.notInTree(consumer, paths)).startsWith(consumer.label() + " (" + consumer.id() + ")");
        }

        // an invitation whose share the stack does not declare: its account is not known, so no ARM id
        LineageNode orphan = g.nodes().stream().filter(n -> n.kind().equals("invitation")).findFirst().orElseThrow();
        assertThat(tree(orphan)).isEmpty();
        assertThat(LineageTargets.notInTree(orphan, paths)).contains("no node in the live tree of connection ds", "container is not known");
    }
}
