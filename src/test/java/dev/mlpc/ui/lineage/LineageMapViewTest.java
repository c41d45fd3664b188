package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lineage map in a window of its own over a hand-built graph: laid out off the FX thread, keyboard navigation
 * along edges and columns, Enter selecting a node, search, depth and direction, findings as badges, SVG and PNG export.
 */
class LineageMapViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TABLE = "snowflake:sf/table/ML.PUBLIC.EVENTS";
    private static final String VERSION = "registry:reg/churn/3";

    private final FxRobot robot = new FxRobot();
    private UiExecutor executor;
    private LineageMapWindow window;
    private Path dir;
    private final List<String> loadThreads = new CopyOnWriteArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    private final List<String> cssWarnings = new CopyOnWriteArrayList<>();
    private final Handler cssHandler = new Handler() {
        @Override public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getLoggerName() != null
                    && r.getLoggerName().startsWith("javafx")) {
                cssWarnings.add(r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(r));
            }
        }

        @Override public void flush() { }

        @Override public void close() { }
    };

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        fxRun(() -> Theme.apply("light"));
        Logger.getLogger("").addHandler(cssHandler);
        executor = UiExecutor.withUiThread(Platform::runLater);
        dir = Files.createTempDirectory("lineage-map");
        LineageMapSource source = (live, progress) -> {
            loadThreads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (fx)" : ""));
            loads.incrementAndGet();
            return new LineageMapSource.Data(LineageFixture.fourSystems(), List.of(
                    new Finding("shared-data-governed", Severity.ERROR, "datashare.share", "datashare:ds/share/partner-share", "shared outside"),
                    new Finding("stage-rule", Severity.WARNING, "snowflake.stage", "RAW_STAGE", "by resource")));
        };
        window = fx(() -> new LineageMapWindow(executor, source));
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(cssHandler);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        executor.close();
        UiTestKit.deleteTree(dir);
    }

    private void waitLaidOut(String root) {
        waitForFx("the map around " + root, WAIT, () -> !window.view().busy() && root.equals(window.view().rootProperty().get())
                && window.view().layoutProperty().get().box(root) != null);
    }

    private String focused() {
        return fx(() -> window.view().focusedNodeProperty().get());
    }

    @Test
    void keyboardSearchDepthBadgesAndExport() throws Exception {
        AtomicReference<LineageNode> opened = new AtomicReference<>();
        fxRun(() -> {
            window.view().setOpener(opened::set);
            window.show(null);
            window.view().show(TABLE);
        });
        waitLaidOut(TABLE);
        assertThat(loadThreads).hasSize(1);
        assertThat(loadThreads.get(0)).doesNotContain("(fx)");
        LineageMapView v = window.view();
        assertThat(fx(() -> window.stage().getTitle())).isEqualTo("Lineage map — ML.PUBLIC.EVENTS");
        assertThat(focused()).isEqualTo(TABLE);
        // depth 3 both ways from the table: storage, stage, pipe upstream; version, model, deployment downstream
        assertThat(fx(() -> v.layoutProperty().get().boxes().stream().map(LineageLayout.Box::id).toList())).containsExactlyInAnyOrder(
                TABLE, "s3://raw-bucket/events/", "snowflake:sf/stage/ML.PUBLIC.RAW_STAGE", "snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS",
                VERSION, "registry:reg/churn", "deployment:churn-prod");

        // badges: the stage's warning (found by its stack resource) and its drift
        assertThat(fx(() -> ((Label) v.box("snowflake:sf/stage/ML.PUBLIC.RAW_STAGE").lookup(".lineage-badge-drift")).getText()))
                .isEqualTo("drift");
        assertThat(fx(() -> v.box("snowflake:sf/stage/ML.PUBLIC.RAW_STAGE").lookupAll(".lineage-badge-warning").size())).isEqualTo(1);
        assertThat(fx(() -> v.box(TABLE).lookupAll(".lineage-badge").size())).as("in sync: no drift badge").isZero();

        // keyboard: Left goes upstream, Right downstream, Enter selects
        fxRun(() -> v.scrollPane().requestFocus());
        robot.push(KeyCode.LEFT);
        assertThat(focused()).isEqualTo("snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS");
        robot.push(KeyCode.LEFT);
        assertThat(focused()).isEqualTo("snowflake:sf/stage/ML.PUBLIC.RAW_STAGE");
        robot.push(KeyCode.RIGHT).push(KeyCode.RIGHT).push(KeyCode.RIGHT);
        assertThat(focused()).isEqualTo(VERSION);
        robot.push(KeyCode.RIGHT);
        String after = focused();
        assertThat(after).isIn("registry:reg/churn", "deployment:churn-prod");
        robot.push(KeyCode.UP);
        String sibling = focused();
        if (sibling.equals(after)) {
            robot.push(KeyCode.DOWN);
            sibling = focused();
        }
        assertThat(sibling).isIn("registry:reg/churn", "deployment:churn-prod").isNotEqualTo(after);
        robot.push(KeyCode.ENTER);
        assertThat(fx(() -> opened.get().id())).isEqualTo(sibling);
        // the focused box is drawn with the focus colour
        String focusedId = sibling;
        assertThat(fx(() -> v.box(focusedId).getPseudoClassStates().stream().map(Object::toString).toList())).contains("focused-node");
        assertThat(fx(() -> ((javafx.scene.paint.Color) v.box(focusedId).getBorder().getStrokes().get(0).getTopStroke()).getBlue()))
                .as("the focused box has the accent border").isGreaterThan(0.7);

        // zoom keys
        double z = fx(v::zoom);
        robot.push(KeyCode.MINUS);
        assertThat(fx(v::zoom)).isLessThan(z);
        robot.push(KeyCode.EQUALS);
        assertThat(fx(v::zoom)).isCloseTo(z, org.assertj.core.data.Offset.offset(1e-9));

        // Ctrl+F: search highlights; Enter moves the focus to the hit; a query with no hit on the map re-centres the
        // map on the first match in the whole graph; Escape returns to the map
        robot.push(KeyCode.CONTROL, KeyCode.F);
        assertThat(fx(() -> v.searchField().isFocused())).isTrue();
        robot.write("partner");
        assertThat(fx(v::hits)).isEmpty();
        robot.push(KeyCode.ENTER);
        waitLaidOut("datashare:ds/share/partner-share");
        assertThat(fx(v::hits)).containsExactly("datashare:ds/share/partner-share", "datashare:ds/invitation/partner-inv",
                "consumer:partner.example");
        assertThat(fx(() -> v.box("datashare:ds/share/partner-share").lookupAll(".lineage-badge-error").size())).isEqualTo(1);
        assertThat(focused()).isEqualTo("datashare:ds/share/partner-share");
        robot.push(KeyCode.ENTER);
        assertThat(focused()).isEqualTo("datashare:ds/share/partner-share");
        robot.push(KeyCode.ENTER);
        assertThat(focused()).isEqualTo("datashare:ds/invitation/partner-inv");
        // Ctrl+Enter on the map re-centres it on the focused node
        robot.push(KeyCode.ESCAPE);
        robot.push(KeyCode.LEFT).push(KeyCode.LEFT);
        assertThat(focused()).isEqualTo("datashare:ds/dataset/events-ds");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        waitLaidOut("datashare:ds/dataset/events-ds");
        fxRun(() -> v.show(TABLE));
        waitLaidOut(TABLE);
        assertThat(fx(() -> v.searchField().getText())).as("a change of node clears the search").isEmpty();
        robot.push(KeyCode.CONTROL, KeyCode.F);
        robot.write("events");
        robot.push(KeyCode.ESCAPE);
        assertThat(fx(() -> v.searchField().getText())).isEmpty();
        assertThat(fx(() -> v.scrollPane().isFocused())).isTrue();
        assertThat(fx(() -> window.stage().isShowing())).as("Escape cleared the search; the window stays").isTrue();

        fxRun(() -> v.searchField().clear());
        // upstream only, depth 1: the pipe and the table
        fxRun(() -> {
            v.directionChoice().setValue(Direction.UPSTREAM);
            v.depthSpinner().getValueFactory().setValue(1);
        });
        waitForFx("the upstream map", WAIT, () -> !v.busy() && v.layoutProperty().get().boxes().size() == 2);
        assertThat(fx(() -> v.layoutProperty().get().boxes().stream().map(LineageLayout.Box::id).toList()))
                .containsExactlyInAnyOrder(TABLE, "snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS");
        assertThat(loads.get()).as("the graph is read once").isEqualTo(1);

        // export: SVG with every node of the map, PNG with the snapshot's size
        Path svg = dir.resolve("map.svg"), png = dir.resolve("map.png");
        AtomicReference<String> svgDone = new AtomicReference<>("pending"), pngDone = new AtomicReference<>("pending");
        fxRun(() -> {
            v.exportSvg(svg, m -> svgDone.set(m == null ? "ok" : m));
            v.exportPng(png, m -> pngDone.set(m == null ? "ok" : m));
        });
        waitForFx("the exports", WAIT, () -> !"pending".equals(svgDone.get()) && !"pending".equals(pngDone.get()));
        assertThat(svgDone.get()).isEqualTo("ok");
        assertThat(pngDone.get()).isEqualTo("ok");
        LineageSvgTest.assertMatches(Files.readString(svg), LineageFixture.fourSystems().neighbourhood(TABLE, Direction.UPSTREAM, 1));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        LineageLayout.Result r = fx(() -> v.layoutProperty().get());
        assertThat((double) img.getWidth()).isCloseTo(r.width(), org.assertj.core.data.Offset.offset(2.0));
        assertThat((double) img.getHeight()).isCloseTo(r.height(), org.assertj.core.data.Offset.offset(2.0));

        // the unknown end: says it is not described and who links to it (never "unknown · unknown (unknown)"); the one
        // tooltip follows the pointer from node to node
        fxRun(() -> {
            v.directionChoice().setValue(Direction.BOTH);
            v.depthSpinner().getValueFactory().setValue(1);
            v.show(VERSION);
        });
        waitForFx("the map around the version", WAIT, () -> !v.busy() && VERSION.equals(v.rootProperty().get())
                && v.box("unknown:s3://Mystery/Bucket") != null);
        String mystery = "unknown:s3://Mystery/Bucket";
        assertThat(fx(() -> v.box(mystery).lookupAll(".lineage-subtitle").stream().map(n -> ((javafx.scene.text.Text) n).getText()).toList()))
                .containsExactly("not described — linked from churn v3");
        assertThat(fx(() -> v.box(mystery).getPseudoClassStates().stream().map(Object::toString).toList())).contains("unknown");
        robot.moveTo(fx(() -> v.box(mystery)));
        waitForFx("the unknown node's tooltip", WAIT, () -> v.hoverTip() != null && v.hoverTip().contains(mystery));
        assertThat(fx(v::hoverTip)).contains("not described").contains("s3://Mystery/Bucket");
        robot.moveTo(fx(() -> v.box(TABLE)));
        waitForFx("the table's tooltip", WAIT, () -> v.hoverTip() != null && v.hoverTip().startsWith("ML.PUBLIC.EVENTS\n" + TABLE));
        assertThat(cssWarnings).as("CSS warnings").isEmpty();

        // the dark theme: the canvas and the boxes follow it through the theme's looked-up colours
        // (between the theme's change and the next CSS pass a region can have no background yet: NaN, not yet dark)
        java.util.function.Supplier<Double> canvasBrightness = () -> brightness((Region) v.lookup("#lineage-canvas"));
        assertThat(fx(canvasBrightness::get)).isGreaterThan(0.9);
        fxRun(() -> Theme.apply("dark"));
        waitForFx("the dark canvas", WAIT, () -> canvasBrightness.get() < 0.3);
        waitForFx("a dark box", WAIT, () -> brightness(v.box(TABLE)) < 0.5);
        assertThat(cssWarnings).as("CSS warnings").isEmpty();
        fxRun(() -> Theme.apply("light"));

        // a node that is not in the graph: a message naming it
        fxRun(() -> v.show("no-such-node"));
        waitForFx("the message", WAIT, () -> v.errorProperty().get().contains("no-such-node"));
        assertThat(fx(() -> v.errorProperty().get())).isEqualTo("no-such-node is not in the lineage graph");
    }

    /** The brightness of a region's first background fill, NaN while it has none. */
    private static double brightness(Region r) {
        if (r == null || r.getBackground() == null || r.getBackground().getFills().isEmpty()) return Double.NaN;
        return ((javafx.scene.paint.Color) r.getBackground().getFills().get(0).getFill()).getBrightness();
    }
}
