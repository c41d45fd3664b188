package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.ui.UiExecutor;
import javafx.application.Platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: shows the Lineage map over the hand-built four-system graph (plus a long-named table, to look at label
 * cutting) in a real window — run it under Xvfb and take the screen with {@code import -window root} — and writes the
 * map's own PNG and SVG exports next to {@code args[0]} ({@code <base>.png}, {@code <base>.svg}); with {@code args[1]} =
 * {@code synthetic}: a depth-5 neighbourhood of the benchmark's 10,000-node graph instead. Exits after
 * {@code shot.linger} ms (default 15 s). {@code -Dshot.theme=dark} shows it in the dark theme.
 */
public final class LineageMapScreenshot {
    private LineageMapScreenshot() { }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "/tmp/lineage-map";
        Platform.startup(() -> { });
        List<LineageNode> nodes = new ArrayList<>(LineageFixture.fourSystems().nodes());
        List<LineageEdge> edges = new ArrayList<>(LineageFixture.fourSystems().edges());
        String longId = "snowflake:table:sf/ANALYTICS.FEATURE_STORE.CUSTOMER_CHURN_FEATURES_DAILY_SNAPSHOT_WITH_A_VERY_LONG_NAME";
        nodes.add(new LineageNode(longId, "snowflake", "table", "ANALYTICS.FEATURE_STORE.CUSTOMER_CHURN_FEATURES_DAILY_SNAPSHOT_WITH_A_VERY_LONG_NAME",
                "sf-ml", "sf", true, Map.of("drift", "missing")));
        edges.add(new LineageEdge(longId, "registry:reg/churn/3", "input", EdgeSource.REGISTRY, null));
        boolean synthetic = args.length > 1 && args[1].equals("synthetic");
        LineageGraph g = synthetic ? Synthetic.graph(100, 100) : new LineageGraph(nodes, edges);
        String root = synthetic ? "n50_50" : "registry:reg/churn/3";
        List<Finding> findings = List.of(
                new Finding("champion-inputs-governed", Severity.ERROR, "registry.version", "registry:reg/churn/3", "an input is unknown"),
                new Finding("shared-data-governed", Severity.WARNING, "datashare.share", "datashare:ds/share/partner-share", "w"));
        UiExecutor ex = UiExecutor.create();
        LineageMapWindow w = fx(() -> {
            dev.mlpc.ui.Theme.apply(System.getProperty("shot.theme", "light"));
            LineageMapWindow win = new LineageMapWindow(ex, (live, p) -> new LineageMapSource.Data(g, findings));
            win.show(null);
            win.stage().setX(0);
            win.stage().setY(0);
            if (synthetic) win.view().depthSpinner().getValueFactory().setValue(5);
            win.view().show(root);
            return win;
        });
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && fx(() -> w.view().busy() || w.view().layoutProperty().get().boxes().isEmpty())) {
            Thread.sleep(100);
        }
        fx(() -> {
            w.view().scrollPane().requestFocus();
            if (!synthetic) {
                w.view().focus("snowflake:table:sf/ANALYTICS.FEATURE_STORE.CUSTOMER_CHURN_FEATURES_DAILY_SNAPSHOT_WITH_A_VERY_LONG_NAME");
                w.view().searchField().setText("partner");
            }
            return null;
        });
        CompletableFuture<String> png = new CompletableFuture<>(), svg = new CompletableFuture<>();
        fx(() -> {
            w.view().exportPng(Path.of(base + ".png"), m -> png.complete(m == null ? "ok" : m));
            w.view().exportSvg(Path.of(base + ".svg"), m -> svg.complete(m == null ? "ok" : m));
            return null;
        });
        String laid = fx(() -> ((javafx.scene.control.Label) w.view().lookup("#lineage-status")).getText());
        System.out.println("map: " + laid);
        System.out.println("png " + png.get(20, TimeUnit.SECONDS) + ", svg " + svg.get(20, TimeUnit.SECONDS));
        System.out.println("status: " + fx(() -> ((javafx.scene.control.Label) w.view().lookup("#lineage-status")).getText()));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.getLong("shot.linger", 15_000));
        Platform.exit();
        System.exit(0);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return dev.mlpc.ui.UiTestKit.onFx(c, 20);
    }
}
