package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.Hyperlink;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, part 8: the wizard's breadcrumbs lead to visited steps (mouse and keyboard); the review's Generated SQL tab. */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardPolishTest {
    private Path home;
    private ExecutorService executor;
    private PostgresWizard wizard;

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-crumbs-test");
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("crumbs-test-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, () -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    private static Hyperlink crumb(FxRobot robot, int step) {
        return robot.lookup("#crumb-" + step).queryAs(Hyperlink.class);
    }

    private static void key(FxRobot robot, Hyperlink crumb, KeyCode code) {
        robot.interact(crumb::requestFocus);
        assertThat(crumb.isFocused()).as("%s takes focus", crumb.getId()).isTrue();
        robot.press(code).release(code);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void visitedStepsAreFocusableLinksOthersAreNot(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        for (int i = 0; i <= 5; i++) {
            assertThat(crumb(robot, i).isFocusTraversable()).as("crumb %s on the first page", i).isFalse();
        }
        w.type("#stackName", "crumbs_ui");
        w.click("#next");
        w.type("#databaseName", "crumbs_db");
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.ROLES);
        assertThat(crumb(robot, 0).isFocusTraversable()).isTrue();
        assertThat(crumb(robot, 1).isFocusTraversable()).isTrue();
        assertThat(crumb(robot, 2).isFocusTraversable()).as("the current step").isFalse();
        assertThat(crumb(robot, 3).isFocusTraversable()).as("not visited").isFalse();
        assertThat(crumb(robot, 5).isFocusTraversable()).as("finish").isFalse();

        key(robot, crumb(robot, 0), KeyCode.SPACE);
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.CONNECTION);
        assertThat(crumb(robot, 2).isFocusTraversable()).as("visited, ahead").isTrue();
        assertThat(w.text("#stackName")).isEqualTo("crumbs_ui");

        key(robot, crumb(robot, 2), KeyCode.ENTER);
        assertThat(wizard.page()).as("forward over valid steps").isEqualTo(PostgresWizard.Page.ROLES);

        robot.clickOn(crumb(robot, 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);
        assertThat(w.text("#databaseName")).as("answers kept").isEqualTo("crumbs_db");

        // forward stops at the first step that is no longer valid
        robot.interact(() -> robot.lookup("#databaseName").queryAs(javafx.scene.control.TextField.class).setText(""));
        key(robot, crumb(robot, 0), KeyCode.SPACE);
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.CONNECTION);
        key(robot, crumb(robot, 2), KeyCode.SPACE);
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);

        // an unvisited step's crumb does nothing when clicked
        robot.clickOn(crumb(robot, 3));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);
    }

    @Test
    void theReviewHasAGeneratedSqlTabWithTheStatements(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "sqltab_ui");
        w.click("#next");
        w.type("#databaseName", "sqltab_db");
        w.click("#next");
        w.type("#writerPassword", "${env:MLREG_WRITER_PW}");
        w.click("#next");
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);
        w.waitForPlan();
        javafx.scene.control.TabPane tabs = w.node("#reviewTabs", javafx.scene.control.TabPane.class);
        javafx.scene.control.Tab sql = tabs.getTabs().stream().filter(t -> "Generated SQL".equals(t.getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Generated SQL tab in "
                        + tabs.getTabs().stream().map(javafx.scene.control.Tab::getText).toList()));
        assertThat(sql.getContent().getId()).isEqualTo("sqlText");
        robot.interact(() -> tabs.getSelectionModel().select(sql));
        assertThat(w.text("#sqlText")).startsWith("-- generated by mlpc from stack sqltab_ui")
                .contains("CREATE DATABASE \"sqltab_db\"");
    }
}
