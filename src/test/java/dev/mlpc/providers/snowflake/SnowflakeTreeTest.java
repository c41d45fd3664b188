package dev.mlpc.providers.snowflake;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.testing.snowflake.SfStatement;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live tree loads one level at a time, one SHOW per level (folders cost nothing). */
class SnowflakeTreeTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    private LiveKit kit;

    @BeforeEach
    void start() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        kit = new LiveKit();
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    private List<LiveNode> children(ProviderSession s, LiveNode parent, int queries) throws Exception {
        kit.sim.resetCounts();
        List<LiveNode> out = s.children(parent, Progress.NONE);
        assertThat(kit.sim.requests(SnowflakeSimulator.Endpoint.QUERY)).as("queries for " + (parent == null ? "top" : parent.path()))
                .isEqualTo(queries);
        return out;
    }

    private static LiveNode named(List<LiveNode> nodes, String label) {
        return nodes.stream().filter(n -> n.label().equals(label)).findFirst().orElseThrow(() ->
                new AssertionError(label + " not in " + nodes.stream().map(LiveNode::label).toList()));
    }

    @Test
    void accountWarehousesRolesWithGrantsDatabasesSchemasTables() throws Exception {
        String yaml = LiveKit.example();
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(yaml)), Progress.NONE);

            List<LiveNode> top = children(s, null, 0);
            assertThat(top).extracting(LiveNode::label).containsExactly("Warehouses", "Roles", "Integrations", "Databases");

            LiveNode wh = named(children(s, named(top, "Warehouses"), 1), "ML_WAREHOUSE");
            assertThat(wh.leaf()).isTrue();
            assertThat(wh.key()).isEqualTo(new ResourceKey("snowflake.warehouse", "ML_WAREHOUSE"));
            assertThat(wh.details()).containsEntry("size", "X-Small").containsEntry("auto_suspend", "60");

            LiveNode role = named(children(s, named(top, "Roles"), 1), "ML_ROLE");
            assertThat(children(s, role, 1)).extracting(LiveNode::label).contains(
                    "USAGE on warehouse ML_WAREHOUSE", "USAGE on database ML_DATABASE", "USAGE on schema ML_DATABASE.ML_SCHEMA",
                    "SELECT on table ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");

            List<LiveNode> integrations = children(s, named(top, "Integrations"), 1);
            assertThat(integrations).extracting(LiveNode::key).containsExactlyInAnyOrder(
                    new ResourceKey("snowflake.api_integration", "ML_API_INTEGRATION"),
                    new ResourceKey("snowflake.storage_integration", "ML_INGEST_INTEGRATION"));

            LiveNode db = named(children(s, named(top, "Databases"), 1), "ML_DATABASE");
            assertThat(db.path()).isEqualTo("databases/ML_DATABASE");
            LiveNode schema = named(children(s, db, 1), "ML_SCHEMA");
            assertThat(schema.path()).isEqualTo("databases/ML_DATABASE/schemas/ML_SCHEMA");
            List<LiveNode> folders = children(s, schema, 0);
            assertThat(folders).extracting(LiveNode::label).containsExactly("Tables", "Stages", "Pipes", "Functions", "File formats");
            LiveNode format = named(children(s, named(folders, "File formats"), 1), "ML_JSON");
            assertThat(format.key()).isEqualTo(new ResourceKey("snowflake.file_format", "ML_JSON"));
            assertThat(format.details()).containsEntry("type", "JSON");
            LiveNode table = named(children(s, named(folders, "Tables"), 1), "ML_DATA_TABLE");
            assertThat(table.path()).isEqualTo("databases/ML_DATABASE/schemas/ML_SCHEMA/tables/ML_DATA_TABLE");
            assertThat(table.details()).containsEntry("database", "ML_DATABASE").containsEntry("schema", "ML_SCHEMA")
                    .containsEntry("change_tracking", "ON");
            LiveNode stage = named(children(s, named(folders, "Stages"), 1), "ML_LANDING");
            assertThat(stage.key()).isEqualTo(new ResourceKey("snowflake.stage", "ML_LANDING"));
            assertThat(stage.details()).containsEntry("url", "s3://federated-ml-landing/training/")
                    .containsEntry("storage_integration", "ML_INGEST_INTEGRATION");
            LiveNode pipe = named(children(s, named(folders, "Pipes"), 1), "ML_DATA_PIPE");
            assertThat(String.valueOf(pipe.details().get("definition"))).startsWith("COPY INTO ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");
            assertThat(children(s, named(folders, "Functions"), 1)).isEmpty();
        }
    }

    @Test
    void externalFunctionsAndPlainUdfsShareOneFolderAndOneShow() throws Exception {
        String yaml = LiveKit.mlflowExample();
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(yaml)), Progress.NONE);
            List<LiveNode> top = children(s, null, 0);
            LiveNode db = named(children(s, named(top, "Databases"), 1), "MLOPS");
            List<LiveNode> folders = children(s, named(children(s, db, 1), "MLFLOW"), 0);
            List<LiveNode> functions = children(s, named(folders, "Functions"), 1);
            assertThat(functions.stream().filter(n -> n.kind().equals("external_function")).map(LiveNode::label))
                    .containsExactly("MLFLOW_CREATE_EXPERIMENT", "MLFLOW_CREATE_RUN", "MLFLOW_LOG_METRIC");
            List<LiveNode> udfs = functions.stream().filter(n -> n.kind().equals("function")).toList();
            assertThat(udfs).extracting(LiveNode::label).containsExactly("MLFLOW_CREATE_EXPERIMENT_REQUEST",
                    "MLFLOW_CREATE_RUN_REQUEST", "MLFLOW_LOG_METRIC_REQUEST", "MLFLOW_RESPONSE");
            assertThat(udfs.get(0).key()).isEqualTo(new ResourceKey("snowflake.function", "MLFLOW_CREATE_EXPERIMENT_REQUEST"));
            assertThat(functions.stream().filter(n -> n.label().equals("MLFLOW_CREATE_RUN")).findFirst().orElseThrow().key())
                    .isEqualTo(new ResourceKey("snowflake.external_function", "MLFLOW_CREATE_RUN"));
        }
    }

    /** Issue 13 item 10: walking the whole tree (as {@code mlpc inventory} does) lists a schema's functions once. */
    @Test
    void wholeTreeReadsEachSchemasFunctionsOnce() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(LiveKit.mlflowExample())), Progress.NONE);
            kit.sim.clearStatements();
            walk(s, null);
            java.util.Map<String, Long> perSchema = kit.sim.statements().stream().map(SfStatement::sql)
                    .filter(q -> q.startsWith("SHOW USER FUNCTIONS IN SCHEMA"))
                    .collect(java.util.stream.Collectors.groupingBy(q -> q, java.util.stream.Collectors.counting()));
            assertThat(perSchema).isNotEmpty();
            assertThat(perSchema).allSatisfy((q, n) -> assertThat(n).as(q).isEqualTo(1L));
        }
    }

    private static void walk(ProviderSession s, LiveNode parent) throws Exception {
        for (LiveNode n : s.children(parent, Progress.NONE)) if (!n.leaf()) walk(s, n);
    }
}
