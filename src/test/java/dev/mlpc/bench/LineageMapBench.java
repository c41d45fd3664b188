package dev.mlpc.bench;

import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.ui.lineage.LineageLayout;
import dev.mlpc.ui.lineage.LineageSvg;
import dev.mlpc.ui.lineage.Synthetic;

import java.util.Arrays;
import java.util.Map;

/**
 * Benchmark (not a test): the Lineage map's layout of a neighbourhood of about 200 nodes cut from a synthetic graph of
 * 10,000 nodes and about 30,000 edges (100 columns of 100 nodes, each fed by three of the previous column): the
 * first layout in a fresh JVM (ELK's classes and its layered provider loading), then the median of warm layouts, each
 * with the neighbourhood cut ({@link LineageGraph#neighbourhood}) — what the map does off the FX thread before it
 * draws — and the SVG export of the result.
 * Run: {@code java -cp $CP dev.mlpc.bench.LineageMapBench [rounds] [warm-up]} ({@code warm-up}: call
 * {@link LineageLayout#warmUp()} first, as the console does in the background at start)
 */
public final class LineageMapBench {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long t0 = System.nanoTime();
        LineageGraph g = Synthetic.graph(100, 100);
        System.out.printf("graph: %,d nodes, %,d edges (made in %.0f ms)%n", g.nodes().size(), g.edges().size(), (System.nanoTime() - t0) / 1e6);
        String root = "n50_50";
        int depth = 1;
        while (depth < 20 && g.neighbourhood(root, Direction.BOTH, depth).nodes().size() < 200) depth++;
        long w0 = System.nanoTime();
        if (args.length > 1 && args[1].equals("warm-up")) {
            LineageLayout.warmUp();
            System.out.printf("LineageLayout.warmUp (as the console does at start, in the background): %.0f ms%n", (System.nanoTime() - w0) / 1e6);
        }
        long t = System.nanoTime();
        LineageGraph hood = g.neighbourhood(root, Direction.BOTH, depth);
        LineageLayout.Result first = LineageLayout.layout(hood, root);
        long firstNs = System.nanoTime() - t;
        System.out.printf("neighbourhood of %s, depth %d: %d nodes, %d edges%n", root, depth, hood.nodes().size(), hood.edges().size());
        System.out.printf("first neighbourhood + layout (cold JVM): %.0f ms; drawing %.0f × %.0f px%n", firstNs / 1e6,
                first.width(), first.height());
        long[] warm = new long[rounds];
        long[] svg = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            LineageLayout.Result r = LineageLayout.layout(g.neighbourhood(root, Direction.BOTH, depth), root);
            long b = System.nanoTime();
            String text = LineageSvg.write(r, Map.of());
            svg[i] = System.nanoTime() - b;
            warm[i] = b - a;
            if (text.isEmpty()) throw new IllegalStateException();
        }
        System.out.printf("warm neighbourhood + layout: median of %d %.1f ms (min %.1f, max %.1f)%n", rounds, median(warm) / 1e6,
                Arrays.stream(warm).min().getAsLong() / 1e6, Arrays.stream(warm).max().getAsLong() / 1e6);
        System.out.printf("SVG export: median %.2f ms%n", median(svg) / 1e6);
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
