package dev.mlpc.bench;

import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.lineage.LineageLayout;
import dev.mlpc.ui.lineage.LineageMapSource;
import dev.mlpc.ui.lineage.LineageMapWindow;
import dev.mlpc.ui.lineage.Synthetic;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): the Lineage map's first view in a fresh JVM, in a real window (run it under Xvfb), split
 * into its three parts — building the 10,000-node graph (the map's source, on the background executor), the
 * neighbourhood + ELK layout (background; the map's status line reports it) and the drawing on the FX thread — and
 * then the same for {@code later} maps around the same root (the graph is kept: no build; the neighbourhood, the
 * layout and the drawing are done again).
 *
 * <p>FX-thread drawing = the layout's result handler (from the moment the map's layout property changes until the
 * handler returns, measured by a {@code runLater} posted from the property listener) + the CSS and layout pass of the
 * next pulse (from that pulse's start, seen by an {@link AnimationTimer}, to its post-layout listener). "On screen" =
 * from {@code show(root)} to the start of the pulse after that one (the frame with the map has been rendered).</p>
 *
 * <p>Run: {@code java -cp $CP dev.mlpc.bench.LineageFirstViewBench builder|synthetic [later] [warm-up] [dark]}.
 * {@code builder}: {@link LineageBench}'s estate through {@link LineageBuilder} (10,000 nodes, 29,459 edges), root
 * {@code registry:model:pg/model_7}, depth 2 (209 nodes); {@code synthetic}: {@link Synthetic#graph} 100 × 100
 * (10,000 nodes, 28,767 edges), root {@code n50_50}, depth 5 (248 nodes, 374 edges). {@code warm-up}:
 * {@link LineageLayout#warmUp()} first, as the console does 5 s after start. Prints one {@code RESULT} line.</p>
 */
public final class LineageFirstViewBench {
    private static final Pattern LAID = Pattern.compile("laid out in (\\d+) ms");
    /** Since the nodes are built on the background thread (after the layout), the status line says how long that took. */
    private static final Pattern BUILT = Pattern.compile("nodes built in (\\d+) ms");

    private LineageFirstViewBench() { }

    /** One map's figures (ms). */
    record Map1(String root, int nodes, int edges, double layout, double nodesBuilt, double draw, double handler, double pulse, double onScreen) { }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String kind = args.length > 0 ? args[0] : "synthetic";
        int later = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        boolean warm = List.of(args).contains("warm-up");
        boolean dark = List.of(args).contains("dark");
        boolean builder = kind.equals("builder");
        Platform.startup(() -> { });
        fx(() -> {
            Theme.apply(dark ? "dark" : "light");
            return null;
        });
        double warmMs = 0;
        if (warm) {
            long w = System.nanoTime();
            LineageLayout.warmUp();
            warmMs = (System.nanoTime() - w) / 1e6;
        }
        double[] build = {0};
        LineageMapSource source = (live, p) -> {
            long t = System.nanoTime();
            LineageGraph g = builder ? LineageBuilder.build(LineageBench.inputs()) : Synthetic.graph(100, 100);
            build[0] = (System.nanoTime() - t) / 1e6;
            return new LineageMapSource.Data(g, List.of());
        };
        UiExecutor ex = UiExecutor.create();
        LineageMapWindow w = fx(() -> {
            LineageMapWindow win = new LineageMapWindow(ex, source);
            win.show(null);
            win.stage().setX(0);
            win.stage().setY(0);
            win.view().depthSpinner().getValueFactory().setValue(builder ? 2 : 5);
            return win;
        });
        Probe probe = fx(() -> new Probe(w));
        List<String> roots = new ArrayList<>();
        for (int i = 0; i <= later; i++) {
            roots.add(builder ? "registry:model:pg/model_7" : "n50_50"); // show() lays out again even around the same root
        }
        List<Map1> maps = new ArrayList<>();
        for (String root : roots) maps.add(probe.measure(root));
        Map1 first = maps.get(0);
        List<Map1> rest = maps.subList(1, maps.size());
        String res = String.format(Locale.ROOT,
                "RESULT %s%s%s first: nodes %d edges %d build %.0f layout %.0f nodes-built %.0f draw %.0f (handler %.0f + pulse %.0f) onScreen %.0f"
                        + " | later (median of %d): nodes %d layout %.0f nodes-built %.0f draw %.0f (handler %.0f + pulse %.0f) onScreen %.0f | warm-up %.0f | jvm-to-first-view %.0f",
                kind, warm ? " warm-up" : "", dark ? " dark" : "", first.nodes(), first.edges(), build[0], first.layout(), first.nodesBuilt(), first.draw(),
                first.handler(), first.pulse(), first.onScreen(), rest.size(),
                rest.isEmpty() ? 0 : rest.get(0).nodes(),
                median(rest, Map1::layout), median(rest, Map1::nodesBuilt), median(rest, Map1::draw), median(rest, Map1::handler), median(rest, Map1::pulse),
                median(rest, Map1::onScreen), warmMs, (probe.firstOnScreenAt - start) / 1e6);
        System.out.println(res);
        System.out.flush();
        Platform.exit();
        System.exit(0);
    }

    private static double median(List<Map1> l, java.util.function.ToDoubleFunction<Map1> f) {
        if (l.isEmpty()) return 0;
        double[] v = l.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    /** Hooks on the FX thread: the layout property (drawing starts), pulses (timer) and post-layout listener. */
    private static final class Probe {
        final LineageMapWindow w;
        volatile long drawStart, handlerEnd, pulseStart, postLayout, screenPulse, firstOnScreenAt;
        volatile CompletableFuture<Void> done;

        Probe(LineageMapWindow w) {
            this.w = w;
            AnimationTimer timer = new AnimationTimer() {
                @Override public void handle(long now) {
                    long t = System.nanoTime();
                    if (handlerEnd != 0 && pulseStart == 0) pulseStart = t;
                    else if (postLayout != 0 && screenPulse == 0) {
                        screenPulse = t;
                        stop();
                        done.complete(null);
                    }
                }
            };
            w.view().layoutProperty().addListener((o, a, b) -> {
                if (b == null || b.boxes().isEmpty() || done == null || drawStart != 0) return;
                drawStart = System.nanoTime();
                Platform.runLater(() -> {
                    handlerEnd = System.nanoTime();
                    timer.start();
                });
            });
            w.stage().getScene().addPostLayoutPulseListener(() -> {
                if (pulseStart != 0 && postLayout == 0) postLayout = System.nanoTime();
            });
        }

        Map1 measure(String root) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            long[] t0 = new long[1];
            fx(() -> {
                drawStart = handlerEnd = pulseStart = postLayout = screenPulse = 0;
                done = f;
                t0[0] = System.nanoTime();
                w.view().show(root);
                return null;
            });
            try {
                f.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("no map around " + root + " within 120 s: drawStart " + drawStart + ", handlerEnd "
                        + handlerEnd + ", pulseStart " + pulseStart + ", postLayout " + postLayout + ", status "
                        + fx(() -> ((Label) w.view().lookup("#lineage-status")).getText()), e);
            }
            if (firstOnScreenAt == 0) firstOnScreenAt = screenPulse;
            String status = fx(() -> ((Label) w.view().lookup("#lineage-status")).getText());
            Matcher m = LAID.matcher(status);
            double layout = m.find() ? Double.parseDouble(m.group(1)) : -1;
            Matcher b = BUILT.matcher(status);
            double built = b.find() ? Double.parseDouble(b.group(1)) : 0;
            int nodes = fx(() -> w.view().layoutProperty().get().boxes().size());
            int edges = fx(() -> w.view().layoutProperty().get().routes().size());
            double handler = (handlerEnd - drawStart) / 1e6, pulse = (postLayout - pulseStart) / 1e6;
            return new Map1(root, nodes, edges, layout, built, handler + pulse, handler, pulse, (screenPulse - t0[0]) / 1e6);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return dev.mlpc.ui.UiTestKit.onFx(c, 120);
    }
}
