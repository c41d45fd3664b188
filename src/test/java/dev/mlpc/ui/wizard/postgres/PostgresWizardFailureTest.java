package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures show as messages in the wizard and lose nothing: a connection that cannot be reached, a commit refused
 * because it looks like it holds a secret. The user goes back, fixes, and finishes.
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardFailureTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-wizard-failure");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  down:\n    type: postgres\n"
                + "    url: jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres\n    user: postgres\n");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(5));
        executor = UiTestKit.workers("wizard-failure-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    /** The stack commits (a new repository also has its initial commit, without trailers). */
    private List<CommitInfo> stackCommits() throws Exception {
        try (ConfigRepository repo = wb.repository()) {
            return repo.log(10).stream().filter(c -> c.trailer("Stack") != null).toList();
        }
    }

    private void chooseOffline(FxRobot robot, WizardRobot w) {
        robot.clickOn("#connection");
        robot.clickOn((javafx.scene.Node n) -> n instanceof ListCell<?> c && c.isVisible() && c.getText() != null
                && c.getText().startsWith("Offline"));
        w.waitUntil(() -> "offline to be chosen", 5, () -> wizard.model().offline());
    }

    @Test
    void unreachableConnectionShowsWhyAndOfflineStillWorks(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.waitUntil(() -> "the connections to load", 20, () -> wizard.model().connection().get() != null);
        assertThat(wizard.model().connection().get().name()).isEqualTo("down");
        for (int i = 0; i < 4; i++) w.click("#next");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);
        w.waitUntil(() -> "the plan to fail (" + w.text("#planStatus") + ")", 30,
                () -> w.text("#planStatus").startsWith("The plan could not be computed"));
        assertThat(w.text("#planStatus")).contains("cannot reach 127.0.0.1").doesNotContain("Exception");
        assertThat(w.button("#finish").isDisabled()).isTrue();
        assertThat(w.text("#planText")).isEmpty();

        for (int i = 0; i < 4; i++) w.click("#back");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.CONNECTION);
        chooseOffline(robot, w);
        for (int i = 0; i < 4; i++) w.click("#next");
        assertThat(w.waitForPlan()).contains("offline");
        assertThat(stackCommits()).isEmpty();
    }

    @Test
    void refusedCommitKeepsTheAnswersAndCanBeFixed(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.waitUntil(() -> "the connections to load", 20, () -> wizard.model().connection().get() != null);
        chooseOffline(robot, w);
        w.click("#next");
        w.type("#databaseName", "models_secret");
        w.type("#comment", "access key AKIAIOSFODNN7EXAMPLE");
        for (int i = 0; i < 3; i++) w.click("#next");
        w.waitForPlan();
        w.click("#finish");
        w.waitUntil(() -> "the commit to be refused (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("The commit failed"));
        assertThat(w.text("#resultStatus")).contains("secret").doesNotContain("AKIAIOSFODNN7EXAMPLE")
                .doesNotContain("Exception");
        assertThat(w.text("#resultText")).contains("Nothing was committed");
        assertThat(w.button("#cancel").getText()).isEqualTo("Cancel");
        assertThat(stackCommits()).isEmpty();

        w.click("#back");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);
        w.waitForPlan();
        for (int i = 0; i < 3; i++) w.click("#back");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.DATABASE);
        assertThat(w.text("#databaseName")).as("answers kept").isEqualTo("models_secret");
        w.type("#comment", "Model registry");
        for (int i = 0; i < 3; i++) w.click("#next");
        w.waitForPlan();
        w.click("#finish");
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed"));
        List<CommitInfo> log = stackCommits();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).trailer("Stack")).isEqualTo("mlreg");
        assertThat(log.get(0).trailer("Applied")).isEqualTo("no");
    }
}
