package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.registry.Migrations;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard's last step can install the model registry: with "apply after commit" and "install the model registry"
 * ticked, Finish applies the stack to the real local PostgreSQL and then runs the registry's migrations in the
 * wizard's database and schema; the result area reports it, and the registry is there (schema version 1) and usable.
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardRegistryTest {
    private final PgTestSupport pg = new PgTestSupport();
    private final String database = pg.database("wizreg_db");
    private final String owner = pg.role("wizreg_owner");
    private final String writer = pg.role("wizreg_writer");
    private final String reader = pg.role("wizreg_reader");
    private final String stackName = "wizreg-" + database.substring(database.length() - 10);

    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;

    @Start
    void start(Stage primary) throws Exception {
        home = UiTestKit.tempHome();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.url() + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(20));
        executor = UiTestKit.workers("wizard-registry-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, () -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdownNow();
        executor.awaitTermination(20, TimeUnit.SECONDS);
        pg.close();
        UiTestKit.deleteTree(home);
    }

    @Test
    void appliesThenInstallsTheModelRegistryInTheWizardsSchema(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.waitUntil(() -> "the connections to load", 20, () -> wizard.model().connection().get() != null);
        w.type("#stackName", stackName);
        w.click("#next");
        w.type("#databaseName", database);
        w.type("#ownerRole", owner);
        w.click("#next");
        w.type("#schemaName", "ml_registry");
        w.type("#writerRole", writer);
        w.type("#readerRole", reader);
        w.click("#next");
        w.click("#next");
        w.waitForPlan();

        CheckBox install = w.node("#installRegistry", CheckBox.class);
        assertThat(install.getText()).contains("Install the model registry in schema ml_registry");
        assertThat(install.isDisabled()).as("only when applying").isTrue();
        w.clickBox("#applyAfterCommit");
        assertThat(install.isDisabled()).isFalse();
        w.clickBox("#installRegistry");
        assertThat(wizard.model().installRegistry().get()).isTrue();
        // unticking the apply unticks the install
        w.clickBox("#applyAfterCommit");
        assertThat(wizard.model().installRegistry().get()).isFalse();
        assertThat(install.isDisabled()).isTrue();
        w.clickBox("#applyAfterCommit");
        w.clickBox("#installRegistry");
        assertThat(wizard.model().installRegistry().get()).isTrue();

        w.click("#finish");
        w.waitUntil(() -> "the apply and the install (" + w.text("#resultStatus") + ")", 120,
                () -> w.text("#resultText").contains("Model registry installed")
                        || w.text("#resultText").contains("could not be installed")
                        || w.text("#resultStatus").startsWith("The "));
        assertThat(w.text("#resultStatus")).as(w.text("#resultText")).startsWith("Applied")
                .contains("Model registry installed in schema ml_registry of " + database);
        assertThat(w.text("#resultText")).contains("CREATE DATABASE")
                .contains("Model registry installed in schema ml_registry of " + database + " (1 migration run, schema version 1, owned by " + owner + ").");
        w.waitUntil(() -> "the wizard to finish", 10, () -> !w.button("#cancel").isDisabled());
        // the line under the progress bar tells the outcome, not the last statement that ran
        assertThat(w.text("#progressStatus")).startsWith("Done: ").contains("statements ran.")
                .contains("Model registry installed").doesNotContain("postgres.grant");
        // the committed stack is bound to the connection it was applied to (issue 14, review 2)
        String committed = Files.readString(wb.repositoryPath().resolve("stacks/" + stackName + ".yaml"));
        assertThat(committed).contains("target: local");
        assertThat(wb.parseStack("stacks/" + stackName + ".yaml", committed).target()).isEqualTo("local");
        // the registry browser opens on the registry just installed
        assertThat(wb.rememberedRegistry()).isEqualTo(new dev.mlpc.app.Settings.RegistryPlace("local", database, "ml_registry"));
        assertThat(w.text("#resultText")).contains("View → Model registry opens it.");

        try (ModelRegistry r = wb.openRegistry(PgTestSupport.profile("local"), database, "ml_registry", 2)) {
            assertThat(r.migrations().installed()).isEqualTo(1).isEqualTo(Migrations.LATEST);
            assertThat(r.register(Registration.of("churn", "s3://bucket/churn/1")).version()).isEqualTo(1);
        }
        assertThat(PgTestSupport.column(database, "SELECT count(*) FROM ml_registry.registered_models")).containsExactly("1");
    }
}
