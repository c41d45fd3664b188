package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the inventory costs a fixed number of queries, whatever the number of tables. */
class PostgresInventoryBudgetTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private static void addTables(String db, int from, int to) throws Exception {
        PgTestSupport.execIn(db, "DO $$ BEGIN FOR i IN " + from + ".." + to
                + " LOOP EXECUTE format('CREATE TABLE registry.t%s (id int)', i); END LOOP; END $$");
    }

    @Test
    void queriesDoNotGrowWithTheNumberOfTables() throws Exception {
        ModelRegistryStack m = new ModelRegistryStack(pg, ModelRegistryStack.pickExtension());
        Stack stack = PgKit.parse(m.yaml());
        try (ProviderSession session = PgKit.connect(Map.of("MLREG_OWNER_PW", "pw"))) {
            Inventory before = PgKit.read(session, stack, null);
            assertThat(before.all()).isEmpty();
            assertThat(before.queries()).as("roles + databases; the database does not exist yet").isEqualTo(2);

            assertThat(session.apply(PgKit.offlinePlan(stack), Progress.NONE).succeeded()).isTrue();
            addTables(m.database, 1, 3);
            Inventory three = PgKit.read(session, stack, null);
            addTables(m.database, 4, 300);
            long t0 = System.nanoTime();
            Inventory many = PgKit.read(session, stack, null);
            long millis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(three.all()).hasSize(stack.resources().size());
            assertThat(many.all()).hasSize(stack.resources().size());
            // cluster: roles, databases; inside the database: schemas, extensions, table privileges, default privileges
            assertThat(three.queries()).isEqualTo(6);
            assertThat(many.queries()).isEqualTo(three.queries());
            System.out.println("inventory: " + stack.resources().size() + " resources, 300 tables: "
                    + many.queries() + " queries, " + millis + " ms");
        }
    }
}
