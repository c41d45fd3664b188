package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.snowflake.MlflowWizard;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, review 2: walking a wizard's pages under the console's theme (AtlantaFX, which has no {@code -fx-base})
 * logs no CSS warning; the framed boxes use the {@code wizard-box} class of {@code mlpc.css}, not an inline
 * {@code derive(-fx-base, …)} border (which logged a ClassCastException on every run).
 */
@ExtendWith(ApplicationExtension.class)
class WizardCssWarningTest {
    private final List<String> cssWarnings = new ArrayList<>();
    private final Handler cssHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getLoggerName() != null
                    && r.getLoggerName().startsWith("javafx")) {
                synchronized (cssWarnings) {
                    cssWarnings.add(r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(r));
                }
            }
        }

        @Override public void flush() { }

        @Override public void close() { }
    };
    private Path home;
    private Workbench wb;
    private ExecutorService executor;

    @Start
    void start(Stage primary) { }

    @BeforeEach
    void setUp() throws Exception {
        Logger.getLogger("").addHandler(cssHandler);
        home = UiTestKit.tempHome();
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("wizard-css-worker");
        FxToolkit.setupFixture(() -> Theme.apply("light"));
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(cssHandler);
        FxToolkit.cleanupStages();
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
        executor.shutdownNow();
        executor.awaitTermination(20, TimeUnit.SECONDS);
        UiTestKit.deleteTree(home);
    }

    @Test
    void postgresWizardLogsNoCssWarning(FxRobot robot) throws Exception {
        FxToolkit.setupFixture(() -> new PostgresWizard(wb, executor).show(null, () -> { }));
        walk(robot);
    }

    @Test
    void snowflakeWizardLogsNoCssWarning(FxRobot robot) throws Exception {
        FxToolkit.setupFixture(() -> new MlflowWizard(wb, executor).show(null, null));
        walk(robot);
    }

    /** Visits every page up to the review (Next until it is disabled), checking the framed boxes and the log. */
    private void walk(FxRobot robot) throws Exception {
        int boxes = 0;
        for (int i = 0; i < 12; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            boxes = Math.max(boxes, FxToolkit.setupFixture(() -> {
                int n = 0;
                for (Window w : Window.getWindows()) {
                    if (w.getScene() == null) continue;
                    Set<Node> found = w.getScene().getRoot().lookupAll(".wizard-box");
                    for (Node b : found) {
                        assertThat(b.getStyle()).doesNotContain("-fx-base");
                        if (b.isVisible() && b.getScene() != null) n++;
                    }
                }
                return n;
            }));
            Button next = robot.lookup("#next").queryButton();
            if (next == null || next.isDisabled() || !next.isVisible()) break;
            robot.clickOn(next);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(boxes).as("the wizard has framed boxes").isPositive();
        synchronized (cssWarnings) {
            assertThat(cssWarnings).as("CSS warnings").isEmpty();
        }
    }
}
