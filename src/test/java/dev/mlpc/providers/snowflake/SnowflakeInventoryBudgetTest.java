package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.snowflake.SfStatement;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the inventory costs one SHOW per managed kind (plus a page when 10,000 rows come back) and one per managed
 * role, however many objects the account holds: counted as query requests at the simulator, with 10,000 tables.
 */
class SnowflakeInventoryBudgetTest {
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

    /** The seed-000 example plus two more managed tables and a second role with a grant. */
    private Stack stack() throws Exception {
        String yaml = LiveKit.example() + """

                  - type: snowflake.role
                    name: ML_READER
                  - type: snowflake.table
                    name: ZZ_FEATURES
                    database: ML_DATABASE
                    schema: ML_SCHEMA
                    columns:
                      - {name: ID, type: NUMBER}
                  - type: snowflake.table
                    name: "mixed Case"
                    database: ML_DATABASE
                    schema: ML_SCHEMA
                    columns:
                      - {name: id, type: int}
                  - type: snowflake.grant
                    name: reader_features
                    role: ML_READER
                    privileges: [SELECT]
                    on: {table: ZZ_FEATURES}
                    database: ML_DATABASE
                    schema: ML_SCHEMA
                """;
        return kit.parse(yaml);
    }

    private int readCost(int extraTables) throws Exception {
        Stack stack = stack();
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(stack), Progress.NONE);
        }
        SimCatalog.Column id = new SimCatalog.Column("ID", "NUMBER(38,0)", true, null, "");
        for (int i = 0; i < extraTables; i++) {
            kit.catalog.seedTable("ML_DATABASE", "ML_SCHEMA", String.format("T%05d", i), id);
        }
        try (ProviderSession s = LiveKit.connect(kit)) {
            kit.sim.resetCounts();
            kit.sim.clearStatements();
            Inventory inv = s.read(stack.resources(), Progress.NONE);
            int requests = kit.sim.requests(SnowflakeSimulator.Endpoint.QUERY);
            assertThat(inv.queries()).isEqualTo(requests);
            Plan plan = new dev.mlpc.core.plan.Differ(kit.workbench.registry()).diff(stack, null, inv,
                    new SnowflakeProvider().renderer());
            assertThat(plan.actionable()).as(plan.toText()).isEmpty();
            return requests;
        }
    }

    @Test
    void tenThousandTablesCostNoMoreQueriesThanAHundred() throws Exception {
        int small = readCost(100);
        List<String> smallSql = kit.sim.statements().stream().map(SfStatement::sql).toList();
        // one SHOW per kind (integrations: one for both kinds); DESCRIBE only for what SHOW lacks: the two managed
        // integrations and the one stage whose file format is managed; roles with grants: ML_ROLE (+ its future
        // grants), SYSADMIN, ML_READER
        // (the two DESCRIBE INTEGRATIONs run in parallel, so in either order)
        // the three managed tables' columns: one SHOW COLUMNS IN TABLE each (in parallel, so in any order), not the
        // whole account's 10,000+ columns
        assertThat(smallSql.subList(5, 8)).containsExactlyInAnyOrder(
                "SHOW COLUMNS IN TABLE ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE",
                "SHOW COLUMNS IN TABLE ML_DATABASE.ML_SCHEMA.ZZ_FEATURES",
                "SHOW COLUMNS IN TABLE ML_DATABASE.ML_SCHEMA.\"mixed Case\"");
        assertThat(smallSql.subList(9, 11)).containsExactlyInAnyOrder("DESCRIBE INTEGRATION ML_API_INTEGRATION",
                "DESCRIBE INTEGRATION ML_INGEST_INTEGRATION");
        assertThat(smallSql.stream().map(q -> q.startsWith("DESCRIBE INTEGRATION") ? "DESCRIBE INTEGRATION"
                : q.startsWith("SHOW COLUMNS IN TABLE") ? "SHOW COLUMNS IN TABLE" : q)).containsExactly(
                "SHOW DATABASES", "SHOW WAREHOUSES", "SHOW SCHEMAS IN ACCOUNT", "SHOW ROLES", "SHOW TABLES IN ACCOUNT",
                "SHOW COLUMNS IN TABLE", "SHOW COLUMNS IN TABLE", "SHOW COLUMNS IN TABLE",
                "SHOW INTEGRATIONS", "DESCRIBE INTEGRATION",
                "DESCRIBE INTEGRATION", "SHOW FILE FORMATS IN ACCOUNT", "SHOW STAGES IN ACCOUNT",
                "DESCRIBE STAGE ML_DATABASE.ML_SCHEMA.ML_LANDING", "SHOW PIPES IN ACCOUNT",
                "SHOW GRANTS TO ROLE ML_ROLE", "SHOW FUTURE GRANTS TO ROLE ML_ROLE",
                "SHOW GRANTS TO ROLE SYSADMIN", "SHOW GRANTS TO ROLE ML_READER");
        // the budget: one query per managed kind that has a SHOW (database, warehouse, schema, role, table,
        // integrations, file format, stage, pipe: 9), one per managed role with grants (3, plus ML_ROLE's future
        // grants), and the describes (2 integrations, 1 stage, 3 tables' columns)
        assertThat(small).isLessThanOrEqualTo(9 + 4 + 6);
        assertThat(small).isEqualTo(19);

        kit.close();
        kit = new LiveKit();
        int large = readCost(10_000);
        assertThat(kit.catalog.tableCount()).isEqualTo(10_003);
        List<String> largeSql = kit.sim.statements().stream().map(SfStatement::sql).toList();
        // 10,003 tables (ML_DATA_TABLE sorts first): one more page of SHOW TABLES, nothing else
        assertThat(largeSql).contains("SHOW TABLES IN ACCOUNT LIMIT 10000 FROM 'T09998'");
        assertThat(large).isEqualTo(small + 1);
    }


    /** Issue 13 item 10: many managed tables in one schema cost one SHOW COLUMNS IN SCHEMA, not the account's. */
    @Test
    void manyManagedTablesReadTheirSchemasColumnsOnce() throws Exception {
        StringBuilder yaml = new StringBuilder(LiveKit.example());
        for (int i = 0; i < SnowflakeInventoryReader.COLUMNS_BY_TABLE + 2; i++) {
            yaml.append("  - {type: snowflake.table, name: M").append(i)
                    .append(", database: ML_DATABASE, schema: ML_SCHEMA, columns: [{name: ID, type: NUMBER}]}\n");
        }
        Stack stack = kit.parse(yaml.toString());
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(stack), Progress.NONE);
        }
        try (ProviderSession s = LiveKit.connect(kit)) {
            kit.sim.clearStatements();
            Inventory inv = s.read(stack.resources(), Progress.NONE);
            Plan plan = new dev.mlpc.core.plan.Differ(kit.workbench.registry()).diff(stack, null, inv,
                    new SnowflakeProvider().renderer());
            assertThat(plan.actionable()).as(plan.toText()).isEmpty();
        }
        assertThat(kit.sim.statements().stream().map(SfStatement::sql).filter(q -> q.startsWith("SHOW COLUMNS")))
                .containsExactly("SHOW COLUMNS IN SCHEMA ML_DATABASE.ML_SCHEMA");
    }

    /** Issue 13 item 12: a failed read names the statement that failed. */
    @Test
    void aFailedReadNamesItsStatement() throws Exception {
        Stack stack = stack();
        try (ProviderSession s = LiveKit.connect(kit)) {
            s.apply(kit.workbench.offlinePlan(stack), Progress.NONE);
        }
        kit.catalog.failWhen(q -> q.equals("SHOW GRANTS TO ROLE ML_READER"));
        try (ProviderSession s = LiveKit.connect(kit)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.read(stack.resources(), Progress.NONE))
                    .isInstanceOf(dev.mlpc.core.provider.ProviderException.class)
                    .hasMessageStartingWith("connection 'sim': reading the account failed on SHOW GRANTS TO ROLE ML_READER: ");
        }
    }
}
