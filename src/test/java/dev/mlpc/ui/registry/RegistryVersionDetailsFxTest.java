package dev.mlpc.ui.registry;

import dev.mlpc.app.Workbench;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry browser's window (a stage of its own, at its default size) on a real registry: the selected version's
 * details are shown in full (no text cut with "…"), with its events; the metric chart of a version that logged a
 * single point shows that point whole, inside the plot, on axes that say where they start.
 */
class RegistryVersionDetailsFxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DESCRIPTION = "Gradient-boosted churn model trained on the third-quarter extract of the"
            + " customer table, with the new tenure features; replaces the logistic baseline after the A/B test in October.";

    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private String db;
    private Workbench wb;
    private ModelRegistry seed;
    private UiExecutor executor;
    private RegistryBrowser browser;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
        db = pg.database("ui_regdetfx");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        wb = UiTestKit.workbench(home);
        seed = wb.openRegistry(PgTestSupport.profile("local"), db, RegistryRules.DEFAULT_SCHEMA, 2);
        seed.migrations().migrate();
        seed.register(new Registration("churn", "s3://bucket/churn/1", "run-7f3a9c", "https://mlflow.example/#/runs/7f3a9c",
                "xgboost", null, null, DESCRIPTION, Map.of("team", "growth"),
                List.of(new Lineage(Lineage.INPUT, "s3", "s3://bucket/raw/2026-q3"))));
        seed.logMetrics("churn", 1, List.of(new Metric("auc", 0.873, 1, null)));
        seed.setAlias("churn", "champion", 1);
        executor = UiExecutor.create();
        browser = fx(() -> {
            RegistryBrowserModel m = new RegistryBrowserModel((p, d, s) -> wb.openRegistry(p, d, s, 2), executor, 10);
            m.setConnections(List.of(PgTestSupport.profile("local")));
            m.databaseProperty().set(db);
            RegistryBrowser b = new RegistryBrowser(m);
            b.show(null);
            return b;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) fxRun(() -> browser.stage().close());
        FxToolkit.cleanupStages();
        if (executor != null) executor.shutdown(Duration.ofSeconds(2));
        if (seed != null) seed.close();
        pg.close();
        UiTestKit.deleteTree(home);
    }

    private Node lookup(String id) {
        return browser.stage().getScene().lookup(id);
    }

    /** The text a label shows on screen: its own text, or that text cut with an ellipsis when it does not fit. */
    private static String shown(Label l) {
        Text t = (Text) l.lookup(".text");
        return t == null ? null : t.getText();
    }

    @Test
    void versionDetailsAreShownWholeAndASinglePointIsInsideThePlot() {
        RegistryBrowserModel m = browser.model();
        waitForFx("the registry to open", WAIT, () -> m.connectedProperty().get() && !m.busyBinding().get());
        fxRun(() -> m.selectedModelProperty().set(m.models().items().get(0)));
        waitForFx("the versions", WAIT, () -> !m.busyBinding().get() && !m.versions().items().isEmpty());
        fxRun(() -> m.selectedVersionProperty().set(m.versions().items().get(0)));
        waitForFx("the version's details", WAIT, () -> !m.busyBinding().get() && !m.versionMetrics().isEmpty()
                && !m.versionEvents().isEmpty() && lookup("#version-fact-metrics") != null);
        WaitForAsyncUtils.waitForFxEvents();

        Label description = fx(() -> (Label) lookup("#version-fact-description"));
        assertThat(fx(description::getText)).isEqualTo(DESCRIPTION);
        assertThat(fx(() -> shown(description))).as("the description wraps, it is not cut").isEqualTo(DESCRIPTION);
        assertThat(fx(() -> description.getHeight())).as("wrapped onto several lines").isGreaterThan(30);
        for (String id : List.of("#version-fact-run-id", "#version-fact-run-link", "#version-fact-framework",
                "#version-fact-metrics", "#version-fact-lineage", "#version-fact-aliases", "#version-event-0")) {
            Label l = fx(() -> (Label) lookup(id));
            assertThat(l).as(id).isNotNull();
            assertThat(fx(() -> shown(l))).as(id + " shown whole").isEqualTo(fx(l::getText));
        }
        assertThat(fx(() -> ((Label) lookup("#version-fact-run-id")).getText())).isEqualTo("run-7f3a9c");
        assertThat(fx(() -> ((Label) lookup("#version-fact-framework")).getText())).isEqualTo("xgboost");
        assertThat(fx(() -> ((Label) lookup("#version-fact-metrics")).getText())).isEqualTo("auc = 0.873 (step 1)");
        assertThat(fx(() -> ((Label) lookup("#version-event-0")).getText())).contains("set_alias");

        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = fx(() -> (LineChart<Number, Number>) lookup("#version-metrics-chart"));
        NumberAxis x = fx(() -> (NumberAxis) chart.getXAxis());
        NumberAxis y = fx(() -> (NumberAxis) chart.getYAxis());
        assertThat(fx(() -> x.getLowerBound())).isEqualTo(0);
        assertThat(fx(() -> x.getUpperBound())).isEqualTo(2);
        assertThat(fx(() -> y.getLowerBound())).isLessThan(0.873);
        assertThat(fx(() -> y.getUpperBound())).isGreaterThan(0.873);
        Label note = fx(() -> (Label) lookup("#version-metrics-range"));
        assertThat(fx(note::getText)).as("the caption says where the value axis starts").startsWith("Value axis from 0.8");
        assertThat(fx(note::isVisible)).isTrue();
        assertThat(fx(() -> shown(note))).isEqualTo(fx(note::getText));

        XYChart.Data<Number, Number> point = fx(() -> chart.getData().get(0).getData().get(0));
        Node symbol = fx(point::getNode);
        assertThat(symbol).isNotNull();
        assertThat(fx(symbol::isVisible)).isTrue();
        Node plot = fx(() -> chart.lookup(".chart-plot-background"));
        Bounds plotBounds = fx(() -> plot.localToScene(plot.getBoundsInLocal()));
        Bounds symbolBounds = fx(() -> symbol.localToScene(symbol.getBoundsInLocal()));
        assertThat(fx(() -> symbolBounds.getWidth())).as("the symbol is drawn").isGreaterThan(2);
        assertThat(plotBounds.contains(symbolBounds)).as("the single point " + symbolBounds + " is whole inside the plot "
                + plotBounds).isTrue();
    }
}
