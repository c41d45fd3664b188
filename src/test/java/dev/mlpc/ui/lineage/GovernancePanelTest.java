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
        var graph = LineageFixture.fourSystems();
        String other = graph.nodes().stream().map(n -> n.id()).filter(id -> !id.equals(SHARE)).sorted().findFirst().orElseThrow();
        String otherLabel = graph.node(other).orElseThrow().label();
        String longMessage = "shared outside the organisation without a data-classification; the ungoverned inputs are "
                + other + " and four more tables of the raw layer that no stack declares, each of which must be classified"
                + " before the share may be granted to a consumer outside the organisation";
        List<Finding> findings = List.of(
                new Finding("restricted-stays-inside", Severity.WARNING, "snowflake.stage", "RAW_STAGE", "a warning"),
                new Finding("shared-data-governed", Severity.ERROR, "datashare.share", SHARE, longMessage, List.of(SHARE, other)),
                new Finding("other", Severity.ERROR, "postgres.role", "nobody", "about no node"));
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        fxRun(() -> w.setLineageSource((live, progress) -> {
            gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            return new LineageMapSource.Data(graph, findings, List.of("registry of pg-down: connection refused"));
        }));

        fxRun(() -> w.stage().requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        // while the rules are evaluated the table says so, not "No findings"
        waitForFx("the Governance tab evaluating", WAIT, () -> "tab-governance".equals(w.tabs().getSelectionModel().getSelectedItem().getId())
                && w.governancePanel().loading());
        assertThat(fx(() -> w.governancePanel().table().getPlaceholder().getId())).isEqualTo("governance-evaluating");
        gate.countDown();
        waitForFx("the findings", WAIT, () -> w.governancePanel().table().getItems().size() == 3 && !w.governancePanel().loading());
        GovernancePanel p = fx(w::governancePanel);
        assertThat(fx(() -> p.table().getPlaceholder().getId())).isEqualTo("governance-no-findings");
        // the registry that was not read is named
        assertThat(fx(() -> p.notes().isVisible())).isTrue();
        assertThat(fx(() -> p.notes().getText())).contains("Not read: registry of pg-down: connection refused");
        // the selected finding whole, wrapped, with links to the nodes it names
        fxRun(() -> p.table().getSelectionModel().select(1));
        assertThat(fx(() -> p.details().getText())).contains(longMessage);
        assertThat(fx(() -> p.details().isWrapText())).isTrue();
        assertThat(fx(() -> p.detailLinks().getChildren().stream().filter(n -> n instanceof javafx.scene.control.Hyperlink)
                .map(n -> ((javafx.scene.control.Hyperlink) n).getText()).toList())).containsExactly("partner-share", otherLabel);
        // tooltips wrap at a width; the short columns (rule, node) show their text whole
        waitForFx("the rows drawn", WAIT, () -> p.table().lookupAll(".table-row-cell").stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getTooltip() != null));
        assertThat(fx(() -> p.table().lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getTooltip() != null)
                .allMatch(n -> ((javafx.scene.control.TableRow<?>) n).getTooltip().isWrapText()
                        && ((javafx.scene.control.TableRow<?>) n).getTooltip().getMaxWidth() <= GovernancePanel.TIP_WIDTH))).isTrue();
        waitForFx("rule and node whole", WAIT, () -> dev.mlpc.ui.TableFitAudit.cutCells(p.table()).stream()
                .noneMatch(c -> c.startsWith("Rule:") || c.startsWith("Node:") || c.startsWith("Severity:")));
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
