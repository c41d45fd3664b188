package dev.mlpc.lineage;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.registry.Lineage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching across scopes (bound and unbound stacks, uris with and without a connection) and live Data Share objects. */
class LineageMatchingTest {
    static Resource res(String type, String name, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.put((String) kv[i], kv[i + 1]);
        return Resource.of(type, name, p);
    }

    static Set<String> edges(LineageGraph g) {
        Set<String> out = new TreeSet<>();
        for (LineageEdge e : g.edges()) out.add(e.from() + " " + e.relation() + " " + e.source().json() + " " + e.to());
        return out;
    }

    static RegistryVersionLinks version(int n, Lineage... links) {
        return new RegistryVersionLinks("reg", "reg", "m", n, "None", List.of(), List.of(links));
    }

    static Lineage input(String kind, String uri) {
        return new Lineage("input", kind, uri);
    }

    @Test
    void scopesOfSnowflakeNames() {
        Stack unbound = new Stack("shared", "", List.of(res("snowflake.table", "orders", "database", "sales", "schema", "raw")), "s.yaml");
        Stack dev = new Stack("dev", "", "sf-dev", List.of(res("snowflake.table", "clicks", "database", "web", "schema", "raw")), "d.yaml");
        Stack prod = new Stack("prod", "", "sf-prod", List.of(res("snowflake.table", "clicks", "database", "web", "schema", "raw")), "p.yaml");
        LineageGraph g = LineageBuilder.build(LineageInputs.of(List.of(unbound, dev, prod), List.of(
                version(1, input("snowflake.table", "sf-prod/SALES/RAW/ORDERS"),     // connection given, unbound stack has it
                        input("snowflake.table", "sales.raw.orders"),                // no connection: the one object of that name
                        input("snowflake.table", "sf-prod/web/raw/clicks"),          // the prod stack's
                        input("snowflake.table", "WEB.RAW.CLICKS"),                  // two connections have it: not guessed
                        input("snowflake.function", "sf-dev/web/raw/score"),         // nothing declares it: unknown, kept
                        input("uri", "gs://Models-Bucket/features/")))));
        assertThat(edges(g)).containsExactlyInAnyOrder(
                "registry:version:reg/m/1 version-of registry registry:model:reg/m",
                "snowflake:table:*/SALES.RAW.ORDERS input registry registry:version:reg/m/1",
                "snowflake:table:sf-prod/WEB.RAW.CLICKS input registry registry:version:reg/m/1",
                "snowflake:table:*/WEB.RAW.CLICKS input registry registry:version:reg/m/1",
                "snowflake:external_function:sf-dev/WEB.RAW.SCORE input registry registry:version:reg/m/1",
                "gcs://models-bucket/features input registry registry:version:reg/m/1");
        assertThat(g.node("snowflake:table:*/SALES.RAW.ORDERS").orElseThrow().stack()).isEqualTo("shared");
        assertThat(g.node("snowflake:table:*/WEB.RAW.CLICKS").orElseThrow().known()).isFalse();
        assertThat(g.node("snowflake:external_function:sf-dev/WEB.RAW.SCORE").orElseThrow())
                .extracting(LineageNode::system, LineageNode::kind, LineageNode::known).containsExactly("snowflake", "external_function", false);
        assertThat(g.node("gcs://models-bucket/features").orElseThrow())
                .extracting(LineageNode::system, LineageNode::known).containsExactly("gcs", false);
    }

    @Test
    void liveDataShareObjectsByArmIdAndTheSubscriptionTheyLeadTo() {
        String sub = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.DataShare/accounts/acct";
        Stack provider = new Stack("p", "", "ds", List.of(
                res("datashare.account", "acct", "resource_group", "rg", "location", "eastus"),
                res("datashare.share", "s1", "account", "acct", "share_kind", "CopyBased"),
                res("datashare.invitation", "inv", "share", "s1", "target_email", "b@example.org")), "p.yaml");
        Stack consumer = new Stack("c", "", "ds", List.of(
                res("datashare.account", "cons", "resource_group", "crg", "location", "eastus"),
                res("datashare.share_subscription", "sub1", "account", "cons", "invitation_id", "ABC-1",
                        "source_share_location", "eastus")), "c.yaml");
        LiveObjects live = new LiveObjects("ds", List.of(
                // the managed invitation as read live: its invitation id
                new LiveObjects.LiveObject(res("datashare.invitation", "inv", "share", "s1", "target_email", "b@example.org",
                        "invitation_id", "abc-1"), "p", "in-sync"),
                // a share and its dataset in no stack, named by their ARM ids
                new LiveObjects.LiveObject(res("datashare.share", "Loose", "account", "acct", "share_name", "Loose"), null,
                        "unknown", sub + "/shares/Loose"),
                new LiveObjects.LiveObject(res("datashare.dataset", "d", "share", "Loose", "kind", "Container",
                        "storage_account_name", "store", "container_name", "c"), null, "unknown", sub + "/shares/Loose/dataSets/d")));
        LineageGraph g = LineageBuilder.build(new LineageInputs(List.of(provider, consumer), List.of(
                version(1, input("datashare.dataset", "ds" + sub.toUpperCase() + "/SHARES/LOOSE/DATASETS/D"))), List.of(live)));
        assertThat(edges(g)).contains(
                "datashare:share:rg/acct/s1 invites stack datashare:invitation:rg/acct/s1/inv",
                "datashare:share:rg/acct/s1 subscribes live datashare:subscription:crg/cons/sub1",
                "datashare:invitation:rg/acct/s1/inv accepts stack datashare:subscription:crg/cons/sub1",
                "azure://store/c storage live datashare:dataset:rg/acct/loose/d",
                "datashare:dataset:rg/acct/loose/d in-share live datashare:share:rg/acct/loose",
                "datashare:dataset:rg/acct/loose/d input registry registry:version:reg/m/1");
        assertThat(g.node("datashare:share:rg/acct/loose").orElseThrow())
                .extracting(LineageNode::stack, LineageNode::known, n -> n.attribute("drift")).containsExactly(null, true, "unknown");
        assertThat(g.node("datashare:invitation:rg/acct/s1/inv").orElseThrow().attribute("drift")).isEqualTo("in-sync");
        // the invitation's stack edges are not repeated as live ones
        assertThat(g.edges()).filteredOn(e -> e.to().equals("datashare:invitation:rg/acct/s1/inv")).hasSize(1);
    }

    @Test
    void livePostgresTablesMakeRegistryInputsKnown() {
        LiveObjects live = new LiveObjects("pg", List.of(new LiveObjects.LiveObject(
                res("postgres.table", "Customer Features", "database", "features", "schema", "public"), null, "unknown",
                "databases/features/schemas/public/Customer Features")));
        LineageGraph g = LineageBuilder.build(new LineageInputs(List.of(), List.of(
                version(1, input("postgres.table", "pg/FEATURES/public/\"Customer Features\""),
                        input("postgres.table", "pg/features/public/customer_features"))), List.of(live)));
        LineageNode t = g.node("postgres:table:pg/features.public.\"Customer Features\"").orElseThrow();
        assertThat(t).extracting(LineageNode::known, LineageNode::stack, LineageNode::connection).containsExactly(true, null, "pg");
        assertThat(g.incoming("registry:version:reg/m/1")).extracting(LineageEdge::from).containsExactlyInAnyOrder(
                t.id(), "postgres:table:pg/features.public.customer_features");
        assertThat(g.node("postgres:table:pg/features.public.customer_features").orElseThrow().known()).isFalse();
    }

    @Test
    void anIntegrationAllowingEveryLocationLinksNone() {
        Stack st = new Stack("sf", "", "sf", List.of(res("snowflake.storage_integration", "any", "storage_provider", "S3",
                "storage_allowed_locations", List.of("*", "s3://Data/"), "enabled", true)), "s.yaml");
        LineageGraph g = LineageBuilder.build(LineageInputs.of(List.of(st), List.of()));
        assertThat(edges(g)).containsExactly("s3://data allowed-location stack snowflake:integration:sf/ANY");
        assertThat(g.node("snowflake:integration:sf/ANY").orElseThrow().attribute("allowed-locations")).isEqualTo("*\ns3://Data/");
    }

    @Test
    void lookupNormalisesWhatAPersonTypes() {
        Stack st = new Stack("sf", "", "sf", List.of(
                res("snowflake.table", "ml_data_table", "database", "ml_database", "schema", "ml_schema"),
                res("snowflake.stage", "landing", "database", "ml_database", "schema", "ml_schema", "url", "s3://Bucket/training/"),
                res("snowflake.stage", "landing_upper", "database", "ml_database", "schema", "ml_schema", "url", "s3://bucket/TRAINING_X/")),
                "s.yaml");
        LineageGraph g = LineageBuilder.build(LineageInputs.of(List.of(st), List.of(
                version(1, input("snowflake.table", "sf/ML_DATABASE/ML_SCHEMA/\"ml_data_table\"")))));
        String bare = "snowflake:table:sf/ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE";
        String quotedLower = "snowflake:table:sf/ML_DATABASE.ML_SCHEMA.\"ml_data_table\"";
        // quoted upper case is the bare name; unquoted lower case is folded to upper case; quoted lower case is its own
        assertThat(g.lookup("ML_DATABASE.ML_SCHEMA.\"ML_DATA_TABLE\"")).extracting(LineageNode::id).containsExactly(bare);
        assertThat(g.lookup("ml_database.ml_schema.ml_data_table")).extracting(LineageNode::id).containsExactly(bare);
        assertThat(g.lookup("ML_DATABASE.ML_SCHEMA.\"ml_data_table\"")).extracting(LineageNode::id).containsExactly(quotedLower);
        // the plain text search still finds both (the console's search is unchanged)
        assertThat(g.find("ml_data_table")).extracting(LineageNode::id).contains(bare, quotedLower);
        // labels keep the quotes a quoted name needs
        assertThat(g.node(quotedLower).orElseThrow().label()).isEqualTo("ML_DATABASE.ML_SCHEMA.\"ml_data_table\"");
        assertThat(g.node(bare).orElseThrow().label()).isEqualTo("ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");
        // storage URLs: trailing slash and bucket case do not matter, keys are case-sensitive
        assertThat(g.lookup("s3://bucket/training/")).extracting(LineageNode::id).containsExactly("s3://bucket/training");
        assertThat(g.lookup("S3://BUCKET/training")).extracting(LineageNode::id).containsExactly("s3://bucket/training");
        assertThat(g.lookup("s3://bucket/TRAINING")).extracting(LineageNode::id).containsExactly("s3://bucket/TRAINING_X");
        assertThat(g.lookup("s3://bucket/Training")).isEmpty();
        // ids as given; text otherwise
        assertThat(g.lookup(bare)).extracting(LineageNode::id).containsExactly(bare);
        assertThat(g.lookup("landing_up")).extracting(LineageNode::id)
                .containsExactly("snowflake:stage:sf/ML_DATABASE.ML_SCHEMA.LANDING_UPPER");
    }

    @Test
    void oneObjectInTwoStacksWarnsAndKeepsTheFirstStacksFacts() {
        Stack a = new Stack("alpha", "", "sf", List.of(res("snowflake.stage", "landing", "database", "db", "schema", "s",
                "url", "s3://first/a/", "tags", Map.of("data-classification", "internal"))), "a.yaml");
        Stack b = new Stack("beta", "", "sf", List.of(res("snowflake.stage", "LANDING", "database", "DB", "schema", "S",
                "url", "s3://second/b/", "storage_integration", "other", "tags", Map.of("data-classification", "public"))), "b.yaml");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        LineageGraph g = LineageBuilder.build(LineageInputs.of(List.of(a, b), List.of()), warnings);
        assertThat(warnings).singleElement().asString().contains("DB.S.LANDING", "stack alpha", "stack beta");
        LineageNode stage = g.node("snowflake:stage:sf/DB.S.LANDING").orElseThrow();
        assertThat(stage.stack()).isEqualTo("alpha");
        assertThat(stage.attributes()).containsEntry("url", "s3://first/a/").containsEntry("data-classification", "internal")
                .containsEntry("name", "landing").doesNotContainKey("storage-integration");
        assertThat(edges(g)).containsExactly("s3://first/a url stack snowflake:stage:sf/DB.S.LANDING");
    }

    @Test
    void aMappingsDataSetIdLinksToTheDataset() {
        Stack provider = new Stack("p", "", "ds", List.of(
                res("datashare.account", "acct", "resource_group", "rg", "location", "eastus"),
                res("datashare.share", "s1", "account", "acct", "share_kind", "CopyBased")), "p.yaml");
        Stack consumer = new Stack("c", "", "ds", List.of(
                res("datashare.account", "cons", "resource_group", "crg", "location", "eastus"),
                res("datashare.share_subscription", "sub1", "account", "cons", "invitation_id", "inv-9",
                        "source_share_location", "eastus"),
                res("datashare.dataset_mapping", "m1", "share_subscription", "sub1", "data_set_id", "DS-1",
                        "kind", "Container", "storage_account_name", "mine", "container_name", "in"),
                res("datashare.dataset_mapping", "m2", "share_subscription", "sub1", "data_set_id", "ds-2",
                        "kind", "Container", "storage_account_name", "mine", "container_name", "in2")), "c.yaml");
        LiveObjects live = new LiveObjects("ds", List.of(new LiveObjects.LiveObject(res("datashare.dataset", "d1",
                "share", "s1", "kind", "Container", "storage_account_name", "src", "container_name", "out",
                "data_set_id", "ds-1"), null, "unknown",
                "/subscriptions/S/resourceGroups/rg/providers/Microsoft.DataShare/accounts/acct/shares/s1/dataSets/d1")));
        LineageGraph g = LineageBuilder.build(new LineageInputs(List.of(provider, consumer), List.of(), List.of(live)));
        assertThat(edges(g)).contains(
                "datashare:dataset:rg/acct/s1/d1 maps stack datashare:mapping:crg/cons/sub1/m1",
                "unknown:datashare-dataset/ds-2 maps stack datashare:mapping:crg/cons/sub1/m2",
                "unknown:datashare-invitation/inv-9 accepts stack datashare:subscription:crg/cons/sub1");
        assertThat(g.node("unknown:datashare-dataset/ds-2").orElseThrow().known()).isFalse();
        // the link is an edge, not only an attribute
        assertThat(g.incoming("datashare:mapping:crg/cons/sub1/m1")).extracting(LineageEdge::relation).contains("maps", "mapping");
    }
}
