package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Governance tab in the console over a hand-built graph and findings: opened with its accelerator, errors listed
 * first with the node they are about, Enter on a finding opens the Lineage map on that node with its badge; a finding
 * about no node says so.
 */
class GovernancePanelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHARE = "datashare:ds/share/partner-share";

    private final FxRobot robot = new FxRobot();
    private Path home;
    private ConsoleApp app;

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
    }

    @Test
    void findingsListedAndEnterOpensTheMapOnTheNode() throws Exception {
        home = UiTestKit.tempHome();
        app = UiTestKit.openConsole(() -> UiTestKit.workbench(home));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing()
                && app.mainWindow().model().workbenchProperty().get() != null);
        MainWindow w = app.mainWindow();
        List<Finding> findings = List.of(
                new Finding("restricted-stays-inside", Severity.WARNING, "snowflake.stage", "RAW_STAGE", "a warning"),
                new Finding("shared-data-governed", Severity.ERROR, "datashare.share", SHARE, "shared outside the organisation"),
                new Finding("other", Severity.ERROR, "postgres.role", "nobody", "about no node"));
        fxRun(() -> w.setLineageSource((live, progress) -> new LineageMapSource.Data(LineageFixture.fourSystems(), findings)));

        fxRun(() -> w.stage().requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        waitForFx("the Governance tab", WAIT, () -> "tab-governance".equals(w.tabs().getSelectionModel().getSelectedItem().getId())
                && w.governancePanel().table().getItems().size() == 3 && !w.governancePanel().loading());
        GovernancePanel p = fx(w::governancePanel);
        assertThat(fx(() -> p.table().getItems().stream().map(r -> r.finding().severity().json() + " " + r.finding().rule()
                + " " + r.nodeText()).toList())).containsExactly(
                "error other postgres.role nobody",
                "error shared-data-governed partner-share",
                "warning restricted-stays-inside ML.PUBLIC.RAW_STAGE");
        assertThat(fx(() -> p.summary().getText())).startsWith("2 errors, 1 warning");

        // Enter on a finding about no node: a message, no map
        fxRun(() -> {
            p.table().getSelectionModel().select(0);
            p.table().requestFocus();
        });
        robot.push(KeyCode.ENTER);
        assertThat(fx(() -> p.summary().getText())).contains("not a node of the lineage graph");
        assertThat(fx(w::lineageMap)).isNull();

        // Enter on the share's finding: the map on the share, with the error badge
        fxRun(() -> {
            p.table().getSelectionModel().select(1);
            p.table().requestFocus();
        });
        robot.push(KeyCode.ENTER);
        waitForFx("the map on the share", WAIT, () -> w.lineageMap() != null && !w.lineageMap().view().busy()
                && SHARE.equals(w.lineageMap().view().rootProperty().get()) && w.lineageMap().view().box(SHARE) != null);
        assertThat(fx(() -> w.lineageMap().view().box(SHARE).lookupAll(".lineage-badge-error").size())).isEqualTo(1);
        assertThat(fx(() -> w.lineageMap().stage().getTitle())).isEqualTo("Lineage map — partner-share");
    }
}
