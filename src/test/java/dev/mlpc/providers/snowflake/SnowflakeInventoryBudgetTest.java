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
        assertThat(smallSql.subList(7, 9)).containsExactlyInAnyOrder("DESCRIBE INTEGRATION ML_API_INTEGRATION",
                "DESCRIBE INTEGRATION ML_INGEST_INTEGRATION");
        assertThat(smallSql.stream().map(q -> q.startsWith("DESCRIBE INTEGRATION") ? "DESCRIBE INTEGRATION" : q)).containsExactly(
                "SHOW DATABASES", "SHOW WAREHOUSES", "SHOW SCHEMAS IN ACCOUNT", "SHOW ROLES", "SHOW TABLES IN ACCOUNT",
                "SHOW COLUMNS IN ACCOUNT", "SHOW INTEGRATIONS", "DESCRIBE INTEGRATION",
                "DESCRIBE INTEGRATION", "SHOW FILE FORMATS IN ACCOUNT", "SHOW STAGES IN ACCOUNT",
                "DESCRIBE STAGE ML_DATABASE.ML_SCHEMA.ML_LANDING", "SHOW PIPES IN ACCOUNT",
                "SHOW GRANTS TO ROLE ML_ROLE", "SHOW FUTURE GRANTS TO ROLE ML_ROLE",
                "SHOW GRANTS TO ROLE SYSADMIN", "SHOW GRANTS TO ROLE ML_READER");
        assertThat(small).isEqualTo(17);

        kit.close();
        kit = new LiveKit();
        int large = readCost(10_000);
        assertThat(kit.catalog.tableCount()).isEqualTo(10_003);
        List<String> largeSql = kit.sim.statements().stream().map(SfStatement::sql).toList();
        // 10,003 tables (ML_DATA_TABLE sorts first): one more page of SHOW TABLES, nothing else
        assertThat(largeSql).contains("SHOW TABLES IN ACCOUNT LIMIT 10000 FROM 'T09998'");
        assertThat(large).isEqualTo(small + 1);
    }

}
