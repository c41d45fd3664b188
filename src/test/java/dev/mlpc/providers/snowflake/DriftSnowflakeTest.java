package dev.mlpc.providers.snowflake;

import dev.mlpc.app.Drift;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift marks of a Snowflake account (the simulator, through the real driver) against a stack written with plain
 * lower-case names: Snowflake stores them upper-cased, a quoted lower-case object of the same spelling is another
 * object. Databases, warehouses, schemas, roles and tables.
 */
class DriftSnowflakeTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    private LiveKit kit;

    /** What exists in the account before the test looks. */
    private static final String LIVE = """
            stack: live
            resources:
              - {type: snowflake.database, name: ml_db, comment: training data}
              - {type: snowflake.warehouse, name: wh, warehouse_size: XSMALL}
              - {type: snowflake.schema, name: raw, database: ml_db}
              - {type: snowflake.schema, name: extra, database: ml_db}
              - type: snowflake.table
                name: train
                database: ml_db
                schema: raw
                comment: live comment
                columns:
                  - {name: id, type: "NUMBER(38,0)"}
              - type: snowflake.table
                name: other
                database: ml_db
                schema: raw
                columns:
                  - {name: x, type: string}
              - {type: snowflake.role, name: analyst}
            """;

    /** What the config repository says. */
    private static final String DESIRED = """
            stack: sf-drift
            resources:
              - {type: snowflake.database, name: ml_db, comment: training data}
              - {type: snowflake.warehouse, name: wh, warehouse_size: SMALL}
              - {type: snowflake.schema, name: raw, database: ml_db}
              - {type: snowflake.schema, name: staging, database: ml_db}
              - type: snowflake.table
                name: train
                database: ml_db
                schema: raw
                comment: stack comment
                columns:
                  - {name: id, type: "NUMBER(38,0)"}
              - type: snowflake.table
                name: gone
                database: ml_db
                schema: raw
                columns:
                  - {name: id, type: "NUMBER(38,0)"}
              - {type: snowflake.role, name: analyst}
              - {type: snowflake.role, name: missing_role}
            """;

    @BeforeEach
    void start() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        kit = new LiveKit();
        Stack live = kit.parse(LIVE);
        kit.catalog.seedDatabase("ml_db"); // stored lower-case, as CREATE DATABASE "ml_db" leaves it
        try (ProviderSession s = LiveKit.connect(kit)) {
            ApplyResult r = s.apply(new Differ(kit.workbench.registry()).diff(live, null, s.read(live.resources(), Progress.NONE),
                    new SnowflakeProvider().renderer()), Progress.NONE);
            assertThat(r.failure()).isNull();
        }
        Stack desired = kit.parse(DESIRED);
        try (ConfigRepository repo = kit.workbench.repository()) {
            kit.workbench.commit(desired, DESIRED, kit.workbench.offlinePlan(desired), repo, "desired", "no", null, null);
        }
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(kit.sim.failures()).isEmpty();
        kit.close();
    }

    private static Map<String, LiveNode> children(ProviderSession s, LiveNode parent) throws Exception {
        return s.children(parent, Progress.NONE).stream().collect(Collectors.toMap(LiveNode::label, n -> n, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void marksAllFourStatesWithSnowflakeNameFolding() throws Exception {
        ConnectionProfile profile = kit.profile();
        try (ProviderSession s = LiveKit.connect(kit)) {
            int before = kit.sim.statements().size();
            Drift drift = kit.workbench.drift(profile, s, Progress.NONE);
            int spent = kit.sim.statements().size() - before;

            Map<String, LiveNode> top = children(s, null);
            Map<String, LiveNode> dbs = children(s, top.get("Databases"));
            assertThat(dbs).containsKeys("ML_DB", "ml_db");
            assertThat(drift.markOf(dbs.get("ML_DB")).state()).isEqualTo(Drift.State.IN_SYNC);
            // the quoted lower-case database is another object: never folded into the stack's plain ml_db
            assertThat(drift.markOf(dbs.get("ml_db")).state()).isEqualTo(Drift.State.UNMANAGED);

            Map<String, LiveNode> whs = children(s, top.get("Warehouses"));
            Drift.Mark wh = drift.markOf(whs.get("WH"));
            assertThat(wh.state()).isEqualTo(Drift.State.DIFFERS);
            assertThat(wh.properties()).containsExactly("warehouse_size");
            assertThat(wh.reason()).contains("XSMALL").contains("SMALL");

            Map<String, LiveNode> roles = children(s, top.get("Roles"));
            assertThat(drift.markOf(roles.get("ANALYST")).state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(drift.markOf(roles.get("SYSADMIN")).state()).isEqualTo(Drift.State.UNMANAGED);

            Map<String, LiveNode> schemas = children(s, dbs.get("ML_DB"));
            assertThat(drift.markOf(schemas.get("RAW")).state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(drift.markOf(schemas.get("EXTRA")).state()).isEqualTo(Drift.State.UNMANAGED);

            Map<String, LiveNode> tables = children(s, children(s, schemas.get("RAW")).get("Tables"));
            Drift.Mark train = drift.markOf(tables.get("TRAIN"));
            assertThat(train.state()).isEqualTo(Drift.State.DIFFERS);
            assertThat(train.properties()).containsExactly("comment");
            assertThat(train.reason()).contains("live comment").contains("stack comment");
            assertThat(drift.markOf(tables.get("OTHER")).state()).isEqualTo(Drift.State.UNMANAGED);

            // missing objects, each with the node that would list it
            assertThat(drift.missing()).extracting(m -> m.resource().type() + " " + m.resource().name() + " @" + m.parentPath())
                    .containsExactlyInAnyOrder("snowflake.schema staging @databases/ML_DB",
                            "snowflake.table gone @databases/ML_DB/schemas/RAW/tables",
                            "snowflake.role missing_role @roles");
            String rawTables = tables.get("TRAIN").path().substring(0, tables.get("TRAIN").path().lastIndexOf('/'));
            assertThat(rawTables).isEqualTo("databases/ML_DB/schemas/RAW/tables");

            // one bulk read: at most one query per kind plus one per managed role, whatever the tree shows
            assertThat(drift.queries()).isLessThanOrEqualTo(spent).isBetween(1, 8);
            System.out.printf("drift of %d managed Snowflake objects: %d queries%n", drift.managedCount(), drift.queries());
        }
    }

    @Test
    void everyKindIsComparedAFileFormatIsMissingUntilCreatedThenInSync() throws Exception {
        String yaml = DESIRED + """
                  - type: snowflake.file_format
                    name: csv
                    database: ml_db
                    schema: raw
                    format_type: CSV
                """;
        Stack s2 = kit.parse(yaml.replace("stack: sf-drift", "stack: with-a-file-format"));
        try (ProviderSession s = LiveKit.connect(kit)) {
            Drift drift = Drift.compute("sim", new SnowflakeProvider(), kit.workbench.registry(), List.of(s2), s, Progress.NONE);
            assertThat(drift.managedCount()).isEqualTo(9);
            assertThat(drift.missing()).extracting(m -> m.resource().name() + " @" + m.parentPath())
                    .contains("csv @databases/ML_DB/schemas/RAW/file_formats").hasSize(4);
            LiveNode wh = new LiveNode("warehouses/WH", "WH", "warehouse", true,
                    new dev.mlpc.core.spec.ResourceKey(SnowflakeTypes.WAREHOUSE, "WH"), Map.of("name", "WH"));
            assertThat(drift.markOf(wh).state()).isEqualTo(Drift.State.DIFFERS);

            s.apply(kit.workbench.offlinePlan(kit.parse("""
                    stack: only-the-format
                    resources:
                      - {type: snowflake.file_format, name: csv, database: ml_db, schema: raw, format_type: CSV}
                    """)), Progress.NONE);
            Drift after = Drift.compute("sim", new SnowflakeProvider(), kit.workbench.registry(), List.of(s2), s, Progress.NONE);
            LiveNode csv = new LiveNode("databases/ML_DB/schemas/RAW/file_formats/CSV", "CSV", "file_format", true,
                    new dev.mlpc.core.spec.ResourceKey(SnowflakeTypes.FILE_FORMAT, "CSV"),
                    Map.of("name", "CSV", "database", "ML_DB", "schema", "RAW"));
            assertThat(after.markOf(csv).state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(after.missing()).hasSize(3);
        }
    }
}
