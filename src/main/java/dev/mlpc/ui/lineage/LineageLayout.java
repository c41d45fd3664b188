package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The map's layout, outside JavaFX: a lineage neighbourhood laid out by the Eclipse Layout Kernel's layered algorithm,
 * left to right in the data-flow direction (upstream on the left), with orthogonal edge routes and their bend points.
 * Node sizes come from {@link LineageStyle}. Runs on a background thread; the result is immutable.
 */
public final class LineageLayout {
    /** Margin around the drawing. */
    public static final double MARGIN = 24;

    private static volatile boolean registered;

    /**
     * A node's box: top-left corner and size, in drawing coordinates (margin included), and the line above its label
     * ({@link LineageStyle#subtitle(LineageNode, String)}: for an unknown end, the node that links to it).
     */
    public record Box(LineageNode node, double x, double y, double width, double height, String subtitle) {
        public String id() { return node.id(); }

        public double centerX() { return x + width / 2; }

        public double centerY() { return y + height / 2; }

        public boolean overlaps(Box o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
        }
    }

    public record Point(double x, double y) { }

    /** An edge's route: start on the source's box, the bend points, end on the target's box. */
    public record Route(LineageEdge edge, List<Point> points) {
        public Route {
            points = List.copyOf(points);
        }
    }

    /** The laid-out map: boxes in the graph's order, routes in the graph's edge order, and the drawing's size. */
    public record Result(String root, List<Box> boxes, List<Route> routes, double width, double height) {
        public Result {
            boxes = List.copyOf(boxes);
            routes = List.copyOf(routes);
        }

        public Box box(String id) {
            for (Box b : boxes) if (b.id().equals(id)) return b;
            return null;
        }

        public static Result empty() { return new Result(null, List.of(), List.of(), 0, 0); }
    }

    private LineageLayout() { }

    /**
     * Loads ELK and its layered provider and lays out a tiny graph (class loading: about a second on an idle machine),
     * then a layered graph of {@value #WARM_UP_NODES} nodes {@value #WARM_UP_ROUNDS} times, so that the JIT has compiled
     * the layered algorithm's hot paths before the first map a person opens (a 2-node layout alone left the first real
     * map of ~250 nodes several times slower than later ones). Call it on a background thread.
     */
    public static void warmUp() {
        register();
        LineageNode a = new LineageNode("a", "s3", "location", "a", null, null, true, null);
        LineageNode b = new LineageNode("b", "snowflake", "stage", "b", null, null, true, null);
        layout(new LineageGraph(List.of(a, b), List.of(new LineageEdge("a", "b", "url", dev.mlpc.lineage.EdgeSource.STACK, null))), "a");
        LineageGraph g = warmUpGraph();
        for (int i = 0; i < WARM_UP_ROUNDS; i++) layout(g, null);
    }

    static final int WARM_UP_NODES = 200;
    static final int WARM_UP_ROUNDS = 4;

    /** 8 columns of 25 nodes, each fed by two nodes of the previous column (a lineage map's shape). */
    static LineageGraph warmUpGraph() {
        int layers = 8, width = WARM_UP_NODES / layers;
        List<LineageNode> nodes = new ArrayList<>();
        List<LineageEdge> edges = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < width; i++) {
                String id = "w" + l + "_" + i;
                nodes.add(new LineageNode(id, "snowflake", "table", "WARM_UP.TABLE_" + l + "_" + i, null, null, true, null));
                if (l > 0) {
                    edges.add(new LineageEdge("w" + (l - 1) + "_" + i, id, "input", dev.mlpc.lineage.EdgeSource.STACK, null));
                    edges.add(new LineageEdge("w" + (l - 1) + "_" + ((i * 7 + 3) % width), id, "input",
                            dev.mlpc.lineage.EdgeSource.REGISTRY, null));
                }
            }
        }
        return new LineageGraph(nodes, edges);
    }

    private static void register() {
        if (registered) return;
        synchronized (LineageLayout.class) {
            if (!registered) {
                LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
                registered = true;
            }
        }
    }

    /** Lays out every node and edge of {@code graph}; {@code root} is remembered (the map's starting node). */
    public static Result layout(LineageGraph graph, String root) {
        return layout(graph, root, () -> false);
    }

    /**
     * As {@link #layout(LineageGraph, String)}, giving up when {@code cancelled} turns true: ELK asks between its
     * phases; the call then ends with a {@link CancellationException}.
     */
    public static Result layout(LineageGraph graph, String root, BooleanSupplier cancelled) {
        Objects.requireNonNull(graph, "graph");
        register();
        ElkNode top = ElkGraphUtil.createGraph();
        top.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        top.setProperty(CoreOptions.DIRECTION, org.eclipse.elk.core.options.Direction.RIGHT);
        top.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        top.setProperty(LayeredOptions.SPACING_NODE_NODE, 22.0);
        top.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 56.0);
        top.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 16.0);
        top.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
        top.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(MARGIN));
        top.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, false);

        Map<String, String> subtitles = subtitles(graph);
        Map<String, ElkNode> elk = new LinkedHashMap<>();
        for (LineageNode n : graph.nodes()) {
            ElkNode e = ElkGraphUtil.createNode(top);
            e.setIdentifier(n.id());
            e.setWidth(LineageStyle.width(n, subtitles.get(n.id())));
            e.setHeight(LineageStyle.NODE_HEIGHT);
            elk.put(n.id(), e);
        }
        List<ElkEdge> elkEdges = new ArrayList<>();
        for (LineageEdge e : graph.edges()) {
            if (e.from().equals(e.to())) {
                elkEdges.add(null); // a loop: no route
                continue;
            }
            elkEdges.add(ElkGraphUtil.createSimpleEdge(elk.get(e.from()), elk.get(e.to())));
        }
        if (!elk.isEmpty()) {
            BasicProgressMonitor monitor = new BasicProgressMonitor() {
                @Override public boolean isCanceled() { return cancelled.getAsBoolean(); }
            };
            new RecursiveGraphLayoutEngine().layout(top, monitor);
        }
        if (cancelled.getAsBoolean()) throw new CancellationException("layout cancelled");

        List<Box> boxes = new ArrayList<>();
        for (LineageNode n : graph.nodes()) {
            ElkNode e = elk.get(n.id());
            boxes.add(new Box(n, e.getX(), e.getY(), e.getWidth(), e.getHeight(), subtitles.get(n.id())));
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < graph.edges().size(); i++) {
            ElkEdge e = elkEdges.get(i);
            if (e == null || e.getSections().isEmpty()) continue;
            ElkEdgeSection s = e.getSections().get(0);
            List<Point> pts = new ArrayList<>();
            pts.add(new Point(s.getStartX(), s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) pts.add(new Point(b.getX(), b.getY()));
            pts.add(new Point(s.getEndX(), s.getEndY()));
            routes.add(new Route(graph.edges().get(i), pts));
        }
        double w = elk.isEmpty() ? 0 : top.getWidth();
        double h = elk.isEmpty() ? 0 : top.getHeight();
        return new Result(root, Collections.unmodifiableList(boxes), routes, w, h);
    }

    /** Each node's line above the label; an unknown end names the first node of the graph that links to it. */
    private static Map<String, String> subtitles(LineageGraph graph) {
        Map<String, String> linkedFrom = new HashMap<>();
        Map<String, LineageNode> unknown = new HashMap<>();
        for (LineageNode n : graph.nodes()) if (!n.known()) unknown.put(n.id(), n);
        if (!unknown.isEmpty()) {
            for (LineageEdge e : graph.edges()) {
                if (unknown.containsKey(e.to()) && !e.from().equals(e.to())) {
                    linkedFrom.putIfAbsent(e.to(), graph.node(e.from()).map(LineageNode::label).orElse(e.from()));
                }
                if (unknown.containsKey(e.from()) && !e.from().equals(e.to())) {
                    linkedFrom.putIfAbsent(e.from(), graph.node(e.to()).map(LineageNode::label).orElse(e.to()));
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        for (LineageNode n : graph.nodes()) out.put(n.id(), LineageStyle.subtitle(n, linkedFrom.get(n.id())));
        return out;
    }
}
