package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lineage map window as a new user meets it: closed with Escape / Ctrl+W, a node that is not in the graph empties
 * the map (never the previous node's), the toolbar fits at the default size, fitting keeps a readable zoom, the depth
 * control's range is the CLI's and is said, not silently clamped.
 */
class LineageMapWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TABLE = "snowflake:sf/table/ML.PUBLIC.EVENTS";
    private static final String VERSION = "registry:reg/churn/3";

    private final FxRobot robot = new FxRobot();
    private UiExecutor executor;
    private final AtomicReference<LineageMapSource.Data> data = new AtomicReference<>(
            new LineageMapSource.Data(LineageFixture.fourSystems(), List.of()));
    private LineageMapWindow window;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        fxRun(() -> Theme.apply("light"));
        executor = UiExecutor.withUiThread(Platform::runLater);
        window = fx(() -> new LineageMapWindow(executor, (live, progress) -> data.get()));
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
        executor.close();
    }

    private void waitLaidOut(String root) {
        waitForFx("the map around " + root, WAIT, () -> !window.view().busy() && root.equals(window.view().rootProperty().get())
                && window.view().layoutProperty().get().box(root) != null);
    }

    private void open(String id) {
        fxRun(() -> {
            window.show(null);
            window.view().show(id);
        });
        waitLaidOut(id);
    }

    @Test
    void escapeClearsTheSearchThenClosesAndCtrlWCloses() {
        // opened with no node chosen (View → Lineage map with nothing selected): it says how to choose one
        fxRun(() -> window.show(null));
        assertThat(fx(() -> window.view().emptyMessage())).startsWith("No node chosen yet").contains("search box");
        open(TABLE);
        assertThat(fx(() -> window.view().emptyMessage())).as("a drawn map has no empty message").isEmpty();
        LineageMapView v = window.view();
        assertThat(fx(() -> ((Label) v.lookup("#lineage-close-hint")).getText())).isEqualTo("Esc or Ctrl+W closes");
        assertThat(fx(() -> v.lookup("#lineage-close-hint").isVisible())).isTrue();

        robot.push(KeyCode.CONTROL, KeyCode.F);
        assertThat(fx(() -> window.stage().getScene().getFocusOwner() == v.searchField())).isTrue();
        robot.write("pipe");
        assertThat(fx(v::hits)).hasSize(1);
        robot.push(KeyCode.ESCAPE);
        assertThat(fx(() -> v.searchField().getText())).as("the first Escape clears the search").isEmpty();
        assertThat(fx(v::hits)).isEmpty();
        assertThat(fx(() -> window.stage().isShowing())).isTrue();
        assertThat(fx(() -> window.stage().getScene().getFocusOwner() == v.scrollPane())).as("back on the map").isTrue();
        robot.push(KeyCode.ESCAPE);
        waitForFx("closed by Escape", WAIT, () -> !window.stage().isShowing());

        // opened again (as the main window does: the same window), Ctrl+W closes it
        fxRun(() -> window.show(null));
        assertThat(fx(() -> window.stage().isShowing())).isTrue();
        robot.push(KeyCode.CONTROL, KeyCode.W);
        waitForFx("closed by Ctrl+W", WAIT, () -> !window.stage().isShowing());
    }

    @Test
    void aNodeNotInTheGraphEmptiesTheMapAndAChangeOfNodeClearsTheSearch() {
        open(TABLE);
        LineageMapView v = window.view();
        fxRun(() -> v.searchField().setText("ML.PUBLIC"));
        assertThat(fx(v::hits)).isNotEmpty();

        // another node: the old search highlight goes
        fxRun(() -> v.show(VERSION));
        waitLaidOut(VERSION);
        assertThat(fx(() -> v.searchField().getText())).isEmpty();
        assertThat(fx(v::hits)).isEmpty();
        assertThat(fx(() -> v.box(TABLE).getPseudoClassStates().stream().map(Object::toString).toList())).doesNotContain("hit");

        // a row that is not in the graph: no stale map titled with the previous node; the map is empty and says why
        fxRun(() -> v.searchField().setText("churn"));
        fxRun(() -> v.show("postgres (local)", n -> false));
        waitForFx("the message", WAIT, () -> !v.errorProperty().get().isEmpty());
        assertThat(fx(() -> v.errorProperty().get())).isEqualTo("postgres (local) is not in the lineage graph");
        assertThat(fx(() -> window.stage().getTitle())).isEqualTo(LineageMapWindow.TITLE);
        assertThat(fx(() -> v.rootProperty().get())).isNull();
        assertThat(fx(() -> v.layoutProperty().get().boxes())).isEmpty();
        assertThat(fx(() -> v.box(VERSION))).isNull();
        assertThat(fx(() -> v.searchField().getText())).isEmpty();
        assertThat(fx(v::emptyMessage)).startsWith("postgres (local) is not in the lineage graph");
        assertThat(fx(() -> v.lookup("#lineage-empty").isVisible())).isTrue();
        assertThat(fx(() -> v.statusLabel().getText())).contains("postgres (local) is not in the lineage graph");

        // and a node in the graph again: drawn, the message gone
        fxRun(() -> v.show(TABLE));
        waitLaidOut(TABLE);
        assertThat(fx(v::emptyMessage)).isEmpty();
        assertThat(fx(() -> window.stage().getTitle())).isEqualTo("Lineage map — ML.PUBLIC.EVENTS");
    }

    @Test
    void everyToolbarControlIsVisibleAtTheDefaultSize() {
        open(TABLE);
        assertThat(fx(() -> window.stage().getScene().getWidth())).isEqualTo(LineageMapWindow.WIDTH);
        ToolBar bar = fx(() -> window.view().toolBar());
        Node overflow = fx(() -> bar.lookup(".tool-bar-overflow-button"));
        assertThat(overflow == null || !fx(overflow::isVisible)).as("no » overflow button").isTrue();
        Bounds barBounds = fx(() -> bar.localToScene(bar.getLayoutBounds()));
        List<Node> items = fx(() -> List.copyOf(bar.getItems()));
        assertThat(items).hasSizeGreaterThan(10);
        for (Node item : items) {
            if (item.getId() == null && !(item instanceof Label)) continue; // the spacer
            assertThat(fx(() -> item.getScene() != null && item.isVisible() && item.getParent() != null))
                    .as(item.getId() + " is on the toolbar").isTrue();
            Bounds b = fx(() -> item.localToScene(item.getLayoutBounds()));
            assertThat(b.getWidth()).as(item.getId() + " has a width").isGreaterThan(0);
            assertThat(b.getMaxX()).as(item.getId() + " within the window").isLessThanOrEqualTo(barBounds.getMaxX());
        }
        assertThat(fx(() -> window.view().lookup("#lineage-export-png").getScene())).isNotNull();
        // with room to spare (fonts differ between desktops): the spacer before SVG… keeps some width
        Node spacer = items.stream().filter(i -> i.getId() == null && !(i instanceof Label)).findFirst().orElseThrow();
        assertThat(fx(() -> spacer.getLayoutBounds().getWidth())).as("spare width").isGreaterThan(60);
    }

    /** a → b → c → d → e, with a warning on c. */
    private static LineageGraph chain() {
        List<LineageNode> nodes = new java.util.ArrayList<>();
        List<dev.mlpc.lineage.LineageEdge> edges = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(LineageFixture.node("snowflake:sf/table/ML.PUBLIC.T" + i, "snowflake", "table",
                    "ML.PUBLIC.A_RATHER_LONG_TABLE_NAME_" + i, "sf-ml", Map.of()));
            if (i > 0) edges.add(LineageFixture.edge("snowflake:sf/table/ML.PUBLIC.T" + (i - 1),
                    "snowflake:sf/table/ML.PUBLIC.T" + i, "loads", EdgeSource.STACK));
        }
        return new LineageGraph(nodes, edges);
    }

    @Test
    void fittingAFiveNodeChainKeepsAReadableZoom() {
        data.set(new LineageMapSource.Data(chain(), List.of(
                new Finding("rule", Severity.WARNING, "snowflake.table", "snowflake:sf/table/ML.PUBLIC.T2", "a warning"))));
        String first = "snowflake:sf/table/ML.PUBLIC.T0";
        fxRun(() -> {
            window.show(null);
            // the smallest window the map allows: the whole chain would need a far smaller zoom to fit
            window.stage().setWidth(window.stage().getMinWidth());
            window.stage().setHeight(window.stage().getMinHeight());
            window.view().depthSpinner().getValueFactory().setValue(4);
            window.view().show(first);
        });
        waitLaidOut(first);
        waitForFx("all five", WAIT, () -> !window.view().busy() && window.view().layoutProperty().get().boxes().size() == 5);
        LineageMapView v = window.view();
        LineageLayout.Result r = fx(() -> v.layoutProperty().get());
        double vw = fx(() -> v.scrollPane().getViewportBounds().getWidth());
        assertThat(vw / r.width()).as("the chain does not fit at the readable zoom").isLessThan(LineageMapView.MIN_FIT_ZOOM);
        assertThat(fx(v::zoom)).isEqualTo(LineageMapView.MIN_FIT_ZOOM);
        fxRun(v::fit);
        assertThat(fx(v::zoom)).isEqualTo(LineageMapView.MIN_FIT_ZOOM);
        // the badge is readable: its text at least 8 px high on screen
        Label badge = fx(() -> (Label) v.box("snowflake:sf/table/ML.PUBLIC.T2").lookup(".lineage-badge-warning"));
        assertThat(fx(badge::getText)).isEqualTo("1 warning");
        assertThat(fx(() -> badge.getFont().getSize() * v.zoom())).as("badge px on screen").isGreaterThanOrEqualTo(7.5);
        javafx.scene.text.Text label = fx(() -> (javafx.scene.text.Text) v.box("snowflake:sf/table/ML.PUBLIC.T2").lookup(".lineage-label"));
        assertThat(fx(() -> label.getFont().getSize() * v.zoom())).as("label px on screen").isGreaterThanOrEqualTo(10);
        // never above 100 %, and the zoom's bounds in numbers
        assertThat(LineageMapView.fitZoom(100, 50, 1000, 700)).isEqualTo(1.0);
        assertThat(LineageMapView.fitZoom(1000, 100, 900, 700)).isEqualTo(0.9);
        assertThat(LineageMapView.fitZoom(5000, 100, 800, 700)).isEqualTo(LineageMapView.MIN_FIT_ZOOM);
        // - still zooms out further by hand
        fxRun(() -> v.zoomBy(0.5));
        assertThat(fx(v::zoom)).isLessThan(LineageMapView.MIN_FIT_ZOOM);
    }

    @Test
    void depthRangeIsTheCliRangeAndSaidNotSilentlyClamped() throws Exception {
        java.lang.reflect.Field cli = Class.forName("dev.mlpc.cli.LineageCommand").getDeclaredField("MAX_DEPTH");
        cli.setAccessible(true);
        assertThat(LineageMapView.MAX_DEPTH).as("the CLI's --depth range").isEqualTo(cli.getInt(null));
        open(TABLE);
        LineageMapView v = window.view();
        javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory f =
                (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) fx(() -> v.depthSpinner().getValueFactory());
        assertThat(fx(f::getMax)).isEqualTo(LineageMapView.MAX_DEPTH);
        assertThat(fx(() -> v.depthLabel().getText())).contains("1–" + LineageMapView.MAX_DEPTH);
        assertThat(fx(() -> v.depthSpinner().getTooltip().getText())).contains("1 to 50", "mlpc lineage --depth");

        robot.clickOn(fx(() -> v.depthSpinner().getEditor()));
        fxRun(() -> v.depthSpinner().getEditor().selectAll());
        robot.write("60").push(KeyCode.ENTER);
        waitForFx("depth 50", WAIT, () -> v.depthSpinner().getValue() == 50);
        assertThat(fx(() -> v.depthSpinner().getEditor().getText())).isEqualTo("50");
        waitLaidOut(TABLE);
        assertThat(fx(() -> v.statusLabel().getText())).startsWith("Depth is 1 to 50 (as mlpc lineage --depth): 60 became 50 · ");
        fxRun(() -> v.depthSpinner().getEditor().selectAll());
        robot.write("7").push(KeyCode.ENTER);
        waitForFx("depth 7", WAIT, () -> v.depthSpinner().getValue() == 7);
    }
}
