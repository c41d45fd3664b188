package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.RegistryInstall;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14: the PostgreSQL wizard's flow without a window (its model's stack, the reviewed plan, commit-then-apply,
 * then {@link RegistryInstall}) against the real local PostgreSQL. The registry's tables end up owned by the stack's
 * owner role, so the default privileges reach them: the writer can read and write, the reader can read (not write),
 * and a plan right after the wizard is empty.
 */
class RegistryInstallOwnerTest {
    private final PgTestSupport pg = new PgTestSupport();
    private final String database = pg.database("regown_db");
    private final String owner = pg.role("regown_owner");
    private final String writer = pg.role("regown_writer");
    private final String reader = pg.role("regown_reader");
    private static final String SCHEMA = "ml_registry";

    private Path home;
    private Workbench wb;

    @BeforeEach
    void setUp() throws Exception {
        home = UiTestKit.tempHome();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.url() + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(20));
    }

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
        UiTestKit.deleteTree(home);
    }

    @Test
    void registryInstalledByTheWizardIsOwnedByTheOwnerRoleAndThePlanAfterIsEmpty() throws Exception {
        ConnectionProfile local = wb.connections().require("local");
        PostgresWizardModel m = new PostgresWizardModel(wb.registry());
        m.stackName().set("regown");
        m.databaseName().set(database);
        m.ownerRole().set(owner);
        m.schemaName().set(SCHEMA);
        m.writerRole().set(writer);
        m.readerRole().set(reader);
        m.connection().set(local);
        Stack stack = m.stack();
        String yaml = m.yaml();

        Plan reviewed = wb.planForReview(stack, local, dev.mlpc.core.provider.Progress.NONE);
        assertThat(reviewed.hasChanges()).isTrue();
        var outcome = wb.commitThenApply(stack, yaml, reviewed, local, true, false, "Set up regown",
                dev.mlpc.core.provider.Progress.NONE, c -> { });
        assertThat(outcome.applied().result().outcome().name()).isEqualTo("SUCCEEDED");

        String line = new RegistryInstall(local, database, SCHEMA, owner).run(wb);
        assertThat(line).contains("Model registry installed in schema " + SCHEMA + " of " + database)
                .contains("owned by " + owner);

        // every registry table, and the registry's history table, belongs to the owner role
        assertThat(PgTestSupport.column(database, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = ?", SCHEMA))
                .containsExactly(owner);

        try (Connection c = PgTestSupport.connect(database); Statement st = c.createStatement()) {
            st.execute("SET ROLE " + PgTestSupport.q(writer));
            st.execute("SELECT count(*) FROM " + SCHEMA + ".model_versions");
            st.execute("INSERT INTO " + SCHEMA + ".registered_models (name) VALUES ('churn')");
            st.execute("RESET ROLE");
            st.execute("SET ROLE " + PgTestSupport.q(reader));
            st.execute("SELECT count(*) FROM " + SCHEMA + ".registered_models");
            st.execute("SELECT count(*) FROM " + SCHEMA + ".model_versions");
            assertThatThrownBy(() -> st.execute("INSERT INTO " + SCHEMA + ".registered_models (name) VALUES ('x')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            st.execute("RESET ROLE");
        }

        // the stack's grants and default privileges already cover the registry: nothing left to do
        Plan after = wb.plan(stack, local, wb.repository(), dev.mlpc.core.provider.Progress.NONE);
        assertThat(after.actionable()).as(after.toText()).isEmpty();
    }
}
