package dev.mlpc.providers.snowflake;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.testing.snowflake.SfStatement;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The details pane of a Snowflake table (columns with types, size, row estimate) and role (members, grants), and the
 * whole-account search (one SHOW … LIKE per kind), against the simulator.
 */
class SnowflakeDetailsSearchTest {
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

    private List<String> queriesDuring(ThrowingRunnable r) throws Exception {
        int before = kit.sim.statements().size();
        r.run();
        List<SfStatement> all = kit.sim.statements();
        return all.subList(before, all.size()).stream().map(SfStatement::sql).toList();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static LiveNode named(List<LiveNode> nodes, String label) {
        return nodes.stream().filter(n -> n.label().equals(label)).findFirst().orElseThrow(() ->
                new AssertionError(label + " not in " + nodes.stream().map(LiveNode::label).toList()));
    }

    @Test
    void tableShowsColumnsTypesSizeAndRowEstimate() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(LiveKit.example())), Progress.NONE);
            kit.catalog.tableStats("ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE", 1234, 5 * 1024 * 1024);
            List<LiveNode> top = s.children(null, Progress.NONE);
            LiveNode db = named(s.children(named(top, "Databases"), Progress.NONE), "ML_DATABASE");
            LiveNode schema = named(s.children(db, Progress.NONE), "ML_SCHEMA");
            LiveNode tables = named(s.children(schema, Progress.NONE), "Tables");
            LiveNode table = named(s.children(tables, Progress.NONE), "ML_DATA_TABLE");

            Map<String, Object>[] d = new Map[1];
            List<String> sql = queriesDuring(() -> d[0] = s.describe(table, Progress.NONE));
            // the folder's SHOW TABLES brought rows and bytes: one SHOW COLUMNS is all the details cost
            assertThat(sql).containsExactly("SHOW COLUMNS IN TABLE ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");
            assertThat(d[0].get("columns")).asList().containsExactly("ID VARCHAR(16777216) NOT NULL", "FEATURES ARRAY",
                    "LABEL NUMBER(38,0)", "METADATA VARIANT", "EMBEDDING VECTOR(FLOAT, 256)", "LOADED_AT TIMESTAMP_NTZ(9)");
            assertThat(d[0]).containsEntry("size", "5.0 MiB (5242880 bytes)").containsEntry("row estimate", 1234L);
        }
    }

    @Test
    void searchHitTableReadsItsSizeWithOneShowTables() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(LiveKit.example())), Progress.NONE);
            kit.catalog.tableStats("ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE", 7, 2048);
            LiveNode bare = new LiveNode("databases/ML_DATABASE/schemas/ML_SCHEMA/tables/ML_DATA_TABLE", "ML_DATA_TABLE",
                    "table", true, null, Map.of("name", "ML_DATA_TABLE", "database", "ML_DATABASE", "schema", "ML_SCHEMA"));
            Map<String, Object>[] d = new Map[1];
            List<String> sql = queriesDuring(() -> d[0] = s.describe(bare, Progress.NONE));
            assertThat(sql).containsExactly("SHOW TABLES LIKE 'ML_DATA_TABLE' IN SCHEMA ML_DATABASE.ML_SCHEMA",
                    "SHOW COLUMNS IN TABLE ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");
            assertThat(d[0]).containsEntry("size", "2.0 KiB (2048 bytes)").containsEntry("row estimate", 7L);
        }
    }

    @Test
    void roleShowsMembersAndGrantsWithTwoQueries() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(LiveKit.example())), Progress.NONE);
            kit.catalog.grantRoleToUser("ML_ROLE", "ALICE");
            LiveNode role = named(s.children(named(s.children(null, Progress.NONE), "Roles"), Progress.NONE), "ML_ROLE");
            Map<String, Object>[] d = new Map[1];
            List<String> sql = queriesDuring(() -> d[0] = s.describe(role, Progress.NONE));
            assertThat(sql).containsExactly("SHOW GRANTS OF ROLE ML_ROLE", "SHOW GRANTS TO ROLE ML_ROLE");
            assertThat(d[0].get("members")).asList().containsExactlyInAnyOrder("role SYSADMIN", "user ALICE");
            assertThat(d[0].get("grants")).asList().contains("USAGE on warehouse ML_WAREHOUSE",
                    "USAGE on database ML_DATABASE", "SELECT on table ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE");
        }
    }

    @Test
    void otherNodesCostNoQuery() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            LiveNode folder = named(s.children(null, Progress.NONE), "Databases");
            Map<String, Object>[] d = new Map[1];
            assertThat(queriesDuring(() -> d[0] = s.describe(folder, Progress.NONE))).isEmpty();
            assertThat(d[0]).isEmpty();
        }
    }

    @Test
    void searchFindsEveryKindAccountWideWithOneShowPerKind() throws Exception {
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(kit.parse(LiveKit.example())), Progress.NONE);
            assertThat(s.canSearch()).isTrue();
            List<LiveNode>[] hits = new List[1];
            List<String> sql = queriesDuring(() -> hits[0] = s.search("ml_", 50, Progress.NONE));
            assertThat(sql).containsExactly("SHOW DATABASES LIKE '%ml_%' LIMIT 50",
                    "SHOW SCHEMAS LIKE '%ml_%' IN ACCOUNT LIMIT 50", "SHOW TABLES LIKE '%ml_%' IN ACCOUNT LIMIT 50",
                    "SHOW ROLES LIKE '%ml_%'", "SHOW WAREHOUSES LIKE '%ml_%'");
            assertThat(hits[0]).extracting(LiveNode::path).containsExactly("databases/ML_DATABASE",
                    "databases/ML_DATABASE/schemas/ML_SCHEMA", "databases/ML_DATABASE/schemas/ML_SCHEMA/tables/ML_DATA_TABLE",
                    "roles/ML_ROLE", "warehouses/ML_WAREHOUSE");
            assertThat(hits[0].get(2).key()).isEqualTo(new ResourceKey("snowflake.table", "ML_DATA_TABLE"));
            assertThat(hits[0].get(2).details()).containsEntry("database", "ML_DATABASE").containsEntry("schema", "ML_SCHEMA");

            // LIKE's "_" matches any character; the hits keep only the plain substring
            assertThat(s.search("data_t", 50, Progress.NONE)).extracting(LiveNode::label)
                    .containsExactly("ML_DATA_TABLE");
            assertThat(s.search("nothing-like-it", 50, Progress.NONE)).isEmpty();
            assertThat(s.search("ml", 2, Progress.NONE)).hasSize(2);
            // a quote in the text stays inside the literal
            assertThat(s.search("it's", 50, Progress.NONE)).isEmpty();
        }
    }

    @Test
    void aFailedSearchNamesTheStatement() throws Exception {
        kit.catalog.failWhen(sql -> sql.startsWith("SHOW TABLES"));
        try (ProviderSession s = LiveKit.connect(kit)) {
            assertThatThrownBy(() -> s.search("x", 10, Progress.NONE)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("searching").hasMessageContaining("SHOW TABLES LIKE '%x%' IN ACCOUNT");
        }
    }
}
