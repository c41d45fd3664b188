package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wizard run with the name of a stack already in the config repository: the review warns, shows what the wizard's
 * version would change in the committed stack (the semantic stack difference), and Finish waits for "Overwrite".
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardOverwriteTest {
    private static final String EXISTING = """
            stack: taken
            description: committed before the wizard ran
            resources:
              - type: postgres.database
                name: models_typed
                connection_limit: 5
              - type: postgres.role
                name: old_only_role
                login: false
            """;

    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;
    private CommitInfo existing;

    @Start
    void start(Stage primary) throws Exception {
        home = Files.createTempDirectory("mlpc-wizard-overwrite");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        Stack s = wb.parseStack("stacks/taken.yaml", EXISTING);
        try (ConfigRepository repo = wb.repository()) {
            existing = wb.commit(s, EXISTING, wb.offlinePlan(s), repo, "The stack the wizard would overwrite", "no", null, null);
        }
        executor = UiTestKit.workers("wizard-overwrite-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, () -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    @Test
    void warnsShowsWhatWouldChangeAndFinishesOnlyAfterTheUserConfirms(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "taken");
        // warned already on the page where the name is entered, under the field
        w.waitUntil(() -> "the note under the stack name", 20, () -> w.visible("#stackExistsNote"));
        assertThat(w.text("#stackExistsNote")).isEqualTo("A stack named taken exists; the review will show what changes.");
        w.type("#stackName", "taken_not");
        w.waitUntil(() -> "the note to go for a free name", 20, () -> !w.visible("#stackExistsNote"));
        w.type("#stackName", "taken");
        w.waitUntil(() -> "the note again", 20, () -> w.visible("#stackExistsNote"));
        w.click("#next");
        w.type("#databaseName", "models_typed");
        w.type("#connectionLimit", "25");
        w.click("#next");
        w.click("#next");
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);

        w.waitUntil(() -> "the plan and the warning (status: " + w.text("#planStatus") + ")", 30,
                () -> !w.text("#planSummary").isEmpty() && w.visible("#overwriteWarning"));
        assertThat(w.text("#overwriteText")).startsWith("A stack named taken already exists in the config repository")
                .contains(existing.shortId()).contains("The stack the wizard would overwrite")
                .contains("Finishing replaces it");
        String diff = w.node("#overwriteDiff", TextArea.class).getText();
        assertThat(diff).contains("~ postgres.database models_typed").contains("connection_limit: 5 -> 25")
                .contains("- postgres.role old_only_role").contains("+ postgres.role");
        assertThat(w.button("#finish").isDisabled()).as("Finish waits for the user's yes").isTrue();
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("taken")).contains(EXISTING);
        }

        w.clickBox("#confirmOverwrite");
        assertThat(w.node("#confirmOverwrite", CheckBox.class).isSelected()).isTrue();
        assertThat(w.button("#finish").isDisabled()).isFalse();
        w.click("#finish");
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed"));
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("taken")).hasValueSatisfying(y -> assertThat(y).contains("connection_limit: 25")
                    .doesNotContain("old_only_role"));
        }
    }

    @Test
    void aNewNameIsNotWarnedAbout(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "brand_new");
        w.click("#next");
        w.type("#databaseName", "models_new");
        w.click("#next");
        w.click("#next");
        w.click("#next");
        w.waitForPlan();
        assertThat(w.visible("#overwriteWarning")).isFalse();
    }
}
