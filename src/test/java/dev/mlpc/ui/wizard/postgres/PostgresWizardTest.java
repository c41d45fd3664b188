package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the real wizard window headless (TestFX + Monocle): typing, Next through every step, the offline plan,
 * Finish, and the audit commit in a temporary {@code MLPC_HOME}; inline validation blocks Next.
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-wizard-test");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("wizard-test-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, committedCallbacks::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    private List<CommitInfo> log() throws Exception {
        try (ConfigRepository repo = wb.repository()) {
            return repo.log(10);
        }
    }

    private java.util.Optional<String> readStack(String name) throws Exception {
        try (ConfigRepository repo = wb.repository()) {
            return repo.readStack(name);
        }
    }

    @Test
    void completesTheWizardOfflineAndCommitsWithTrailers(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        assertThat(wizard.stage().isShowing()).isTrue();
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.CONNECTION);
        assertThat(wizard.model().offline()).isTrue();

        w.type("#stackName", "wizard_ui");
        w.type("#description", "Registry backend typed in the wizard");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);
        w.type("#databaseName", "models_typed");
        w.type("#connectionLimit", "25");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.ROLES);
        w.type("#writerPassword", "${env:MLREG_WRITER_PW}");
        w.clickBox("#readerFuture");
        assertThat(wizard.model().readerGrant(PostgresWizardModel.GrantKind.FUTURE).selected().get()).isFalse();
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.EXTENSIONS);
        w.clickBox("#ext-citext");
        assertThat(wizard.model().extension("citext").selected().get()).isTrue();
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);
        String planText = w.waitForPlan();
        Stack stack = wizard.model().stack();
        int n = stack.resources().size();
        assertThat(n).isEqualTo(14); // 3 roles, database, schema, 2 extensions, 7 grants
        assertThat(planText).contains("offline").contains("create postgres.database models_typed")
                .contains("CREATE DATABASE \"models_typed\"");
        assertThat(w.text("#planSummary")).startsWith("+" + n + " ~0 -0");
        assertThat(w.text("#yamlText")).contains("stack: wizard_ui").contains("name: models_typed");
        TextArea planArea = w.node("#planText", TextArea.class);
        assertThat(planArea.isEditable()).isFalse();
        assertThat(planArea.getStyle()).contains("monospace");
        assertThat(w.node("#applyAfterCommit", CheckBox.class).isDisabled()).as("apply needs a connection").isTrue();
        assertThat(w.node("#allowDestroy", CheckBox.class).isDisabled()).as("nothing destructive").isTrue();
        assertThat(w.text("#commitMessage")).isEqualTo("Set up model registry backend wizard_ui");

        Button finish = w.button("#finish");
        robot.clickOn(finish);

        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed")
                        || w.text("#resultStatus").startsWith("The commit failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");
        List<CommitInfo> log = log();
        CommitInfo c = log.get(0);
        assertThat(c.trailer("Stack")).isEqualTo("wizard_ui");
        assertThat(c.trailer("Plan")).isEqualTo("+" + n + " ~0 -0");
        assertThat(c.trailer("Plan-Sha256")).matches("[0-9a-f]{64}");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Set up model registry backend wizard_ui");
        assertThat(w.text("#resultStatus")).contains(c.shortId());
        assertThat(committedCallbacks.get()).isEqualTo(1);
        assertThat(w.button("#cancel").getText()).isEqualTo("Close");

        String committed = readStack("wizard_ui").orElseThrow();
        assertThat(committed).contains("models_typed").contains("${env:MLREG_WRITER_PW}");
        Stack parsed = wb.parseStack("stacks/wizard_ui.yaml", committed);
        assertThat(parsed.resources()).isEqualTo(stack.resources());
        Resource db = parsed.find(new ResourceKey("postgres.database", "models_typed")).orElseThrow();
        assertThat(db.get("connection_limit")).isEqualTo(25L);
        assertThat(parsed.find(new ResourceKey("postgres.grant", "reader_future"))).isEmpty();

        w.click("#cancel");
        assertThat(wizard.stage().isShowing()).as("closes without asking once committed").isFalse();
    }

    @Test
    void invalidInputDisablesNextAndSaysWhy(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "bad name");
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.visible("#stackNameError")).isTrue();
        assertThat(w.text("#stackNameError")).contains("not a valid stack name");
        w.type("#stackName", "mlreg");
        assertThat(w.visible("#stackNameError")).isFalse();
        w.click("#next");

        w.type("#databaseName", "bad\"name;");
        assertThat(w.button("#next").isDisabled()).as("a hostile name is quoted, so it is fine").isFalse();
        assertThat(w.visible("#databaseNameError")).isFalse();

        w.type("#databaseName", "n".repeat(70));
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.visible("#databaseNameError")).isTrue();
        assertThat(w.text("#databaseNameError")).contains("70 bytes").contains("63");

        w.type("#databaseName", "select");
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.text("#databaseNameError")).contains("reserved word");

        w.type("#connectionLimit", "-5");
        assertThat(w.text("#connectionLimitError")).contains("-1");
        w.type("#connectionLimit", "10");
        w.type("#databaseName", "ml_models");
        assertThat(w.button("#next").isDisabled()).isFalse();
        assertThat(w.visible("#databaseNameError")).isFalse();

        // Enter is Next
        robot.clickOn("#databaseName").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.ROLES);

        w.type("#readerRole", "mlreg_writer");
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.text("#readerRoleError")).contains("duplicate").contains("writer role");
        robot.clickOn("#readerRole").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).as("Enter does nothing while the step is invalid").isEqualTo(PostgresWizard.Page.ROLES);

        w.type("#writerPassword", "plain-secret");
        assertThat(w.text("#writerPasswordError")).contains("secret reference");
        w.type("#writerPassword", "");
        w.type("#readerRole", "mlreg_reader");
        assertThat(w.button("#next").isDisabled()).isFalse();

        // going back keeps the answers; a duplicate created on an earlier step blocks the later one
        w.click("#back");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);
        w.type("#ownerRole", "mlreg_reader");
        w.click("#next");
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.text("#readerRoleError")).contains("duplicate").contains("owner role");
    }

    @Test
    void escapeAsksBeforeDiscardingAnswers(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "changed");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).contains("Discard");
        robot.clickOn((Button) dialog.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.stage().isShowing()).isTrue();
        assertThat(w.text("#stackName")).isEqualTo("changed");

        robot.clickOn("#cancel");
        WaitForAsyncUtils.waitForFxEvents();
        dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.clickOn((Button) dialog.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.stage().isShowing()).isFalse();
    }

    @Test
    void escapeClosesAnUntouchedWizardAtOnce(FxRobot robot) {
        assertThat(wizard.model().dirty().get()).isFalse();
        robot.clickOn("#stackName").type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.stage().isShowing()).isFalse();
    }
}
