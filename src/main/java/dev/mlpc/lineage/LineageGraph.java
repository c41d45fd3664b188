package dev.mlpc.lineage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The lineage graph: nodes by id and directed edges in the data-flow direction. Immutable; built by
 * {@code LineageBuilder}. Walks are breadth first and bounded by depth.
 */
public final class LineageGraph {
    private static final LineageGraph EMPTY = new LineageGraph(List.of(), List.of());

    private final Map<String, LineageNode> nodes;
    private final List<LineageEdge> edges;
    private final Map<String, List<LineageEdge>> out = new HashMap<>();
    private final Map<String, List<LineageEdge>> in = new HashMap<>();

    /** Nodes (the first of one id wins) and edges (an edge whose end has no node is refused). */
    public LineageGraph(Collection<LineageNode> nodes, Collection<LineageEdge> edges) {
        Map<String, LineageNode> byId = new LinkedHashMap<>();
        for (LineageNode n : nodes) byId.putIfAbsent(n.id(), n);
        this.nodes = java.util.Collections.unmodifiableMap(byId);
        List<LineageEdge> list = new ArrayList<>(edges.size());
        Set<String> seen = new java.util.HashSet<>();
        for (LineageEdge e : edges) {
            if (!byId.containsKey(e.from()) || !byId.containsKey(e.to())) {
                throw new IllegalArgumentException("edge " + e.from() + " -> " + e.to() + ": an end is not a node");
            }
            if (!seen.add(e.from() + "\u0000" + e.to() + "\u0000" + e.relation() + "\u0000" + e.source())) continue;
            list.add(e);
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        }
        this.edges = List.copyOf(list);
    }

    public static LineageGraph empty() { return EMPTY; }

    public Collection<LineageNode> nodes() { return nodes.values(); }

    public List<LineageEdge> edges() { return edges; }

    public Optional<LineageNode> node(String id) { return Optional.ofNullable(nodes.get(id)); }

    /** Edges leaving {@code id} (towards downstream). */
    public List<LineageEdge> outgoing(String id) { return out.getOrDefault(id, List.of()); }

    /** Edges arriving at {@code id} (from upstream). */
    public List<LineageEdge> incoming(String id) { return in.getOrDefault(id, List.of()); }

    /**
     * Every edge: what flows from an object and what it contains. The map, the CLI and a drop's impact walk these
     * (dropping a container drops what it holds).
     */
    public static final Predicate<LineageEdge> ANY = e -> true;

    /**
     * The edges data moves along: every relation except {@link LineageEdge#CONTAINS} ({@code accepts} and {@code maps},
     * the links Data Share makes by id, are data flow: an accepted invitation's data reaches the subscription, a
     * dataset's data its mapping). The governance rules' walks follow these only.
     */
    public static final Predicate<LineageEdge> DATA_FLOW = e -> !LineageEdge.CONTAINS.equals(e.relation());

    /** The {@link LineageEdge#CONTAINS} edges only: a location inside another one. */
    public static final Predicate<LineageEdge> CONTAINMENT = e -> LineageEdge.CONTAINS.equals(e.relation());

    /** The ids reachable from {@code id} in {@code direction} within {@code depth} edges ({@code id} excluded). */
    public Set<String> reachable(String id, Direction direction, int depth) {
        return reachable(id, direction, depth, ANY);
    }

    /**
     * The ids reachable from {@code id} in {@code direction} within {@code depth} edges that {@code follow} accepts
     * ({@code id} excluded), breadth first: nearer ids first, and within one level in edge order.
     */
    public Set<String> reachable(String id, Direction direction, int depth, Predicate<LineageEdge> follow) {
        Set<String> seen = new LinkedHashSet<>();
        seen.add(id);
        Deque<String> frontier = new ArrayDeque<>(List.of(id));
        for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
            Deque<String> next = new ArrayDeque<>();
            for (String n : frontier) {
                if (direction != Direction.UPSTREAM) {
                    for (LineageEdge e : outgoing(n)) if (follow.test(e) && seen.add(e.to())) next.add(e.to());
                }
                if (direction != Direction.DOWNSTREAM) {
                    for (LineageEdge e : incoming(n)) if (follow.test(e) && seen.add(e.from())) next.add(e.from());
                }
            }
            frontier = next;
        }
        seen.remove(id);
        return seen;
    }

    /**
     * The nodes a container holds that are nodes of this graph: the schema objects of a PostgreSQL or Snowflake
     * database or schema ({@link LineageIds#containedIn}), in graph order; none when {@code container} is not one.
     * Databases and schemas are not nodes (they carry no data flow): what they hold is resolved here, by id.
     */
    public List<LineageNode> contained(dev.mlpc.core.spec.Resource container, String scope) {
        Predicate<String> in = LineageIds.containedIn(container, scope);
        if (in == null) return List.of();
        List<LineageNode> out = new ArrayList<>();
        for (LineageNode n : nodes.values()) if (in.test(n.id())) out.add(n);
        return out;
    }

    /**
     * The subgraph around {@code id}: the node, what is reachable in {@code direction} within {@code depth} edges,
     * and the edges among them that lie on those walks (for BOTH: upstream edges and downstream edges).
     */
    public LineageGraph neighbourhood(String id, Direction direction, int depth) {
        if (!nodes.containsKey(id)) throw new IllegalArgumentException("no node " + id);
        Set<String> keep = new LinkedHashSet<>();
        keep.add(id);
        Set<String> up = direction != Direction.DOWNSTREAM ? reachable(id, Direction.UPSTREAM, depth) : Set.of();
        Set<String> down = direction != Direction.UPSTREAM ? reachable(id, Direction.DOWNSTREAM, depth) : Set.of();
        keep.addAll(up);
        keep.addAll(down);
        List<LineageNode> ns = new ArrayList<>();
        for (String k : keep) ns.add(nodes.get(k));
        List<LineageEdge> es = new ArrayList<>();
        for (LineageEdge e : edges) {
            boolean upEdge = (up.contains(e.from()) || e.from().equals(id)) && (up.contains(e.to()) || e.to().equals(id));
            boolean downEdge = (down.contains(e.from()) || e.from().equals(id)) && (down.contains(e.to()) || e.to().equals(id));
            if (upEdge || downEdge) es.add(e);
        }
        return new LineageGraph(ns, es);
    }

    /**
     * Nodes whose id equals {@code query}, else whose id or label contains it (case-insensitive), in graph order.
     */
    public List<LineageNode> find(String query) {
        LineageNode exact = nodes.get(query);
        if (exact != null) return List.of(exact);
        String q = query.toLowerCase(Locale.ROOT);
        List<LineageNode> hits = new ArrayList<>();
        for (LineageNode n : nodes.values()) {
            if (n.id().toLowerCase(Locale.ROOT).contains(q) || n.label().toLowerCase(Locale.ROOT).contains(q)) hits.add(n);
        }
        return hits;
    }

    /**
     * The nodes a person means by {@code query} (the CLI's NODE): what they type is first normalised the way
     * {@link LineageIds} writes ids, then matched exactly, and only when nothing matches exactly searched as text.
     * <ol>
     *   <li>a node id as given;</li>
     *   <li>a storage URL in any form {@link LineageIds#location} reads (trailing {@code /} ignored, bucket and account
     *       case-insensitive, keys case-sensitive) or an HTTP endpoint: the node of that canonical id;</li>
     *   <li>a Snowflake name, dotted and optionally quoted ({@code DB.SCHEMA."Name"}, {@code db.schema.name}): the
     *       Snowflake nodes of that stored name in any connection (bare = upper case, quoted exact); a PostgreSQL name
     *       likewise (bare = lower case);</li>
     *   <li>else the text search of {@link #find}, except that a storage URL is searched case-sensitively in its
     *       canonical form (S3 keys and Azure paths are case-sensitive).</li>
     * </ol>
     * {@link #find} keeps its own, plain semantics (the console's search uses it).
     */
    public List<LineageNode> lookup(String query) {
        String q = query.strip();
        if (q.isEmpty()) return List.of();
        LineageNode exact = nodes.get(q);
        if (exact != null) return List.of(exact);
        String loc = LineageIds.location(q);
        if (loc != null) {
            LineageNode n = nodes.get(loc);
            if (n != null) return List.of(n);
            List<LineageNode> hits = new ArrayList<>();
            for (LineageNode m : nodes.values()) if (m.id().contains(loc)) hits.add(m);
            return hits;
        }
        String endpoint = LineageIds.endpoint(q);
        if (endpoint != null && nodes.containsKey(endpoint)) return List.of(nodes.get(endpoint));
        List<LineageNode> named = byName(q);
        if (!named.isEmpty()) return named;
        return find(q);
    }

    /** Snowflake and PostgreSQL nodes whose name, normalised as each system stores it, equals {@code text}. */
    private List<LineageNode> byName(String text) {
        List<String> parts = LineageIds.splitQualified(text);
        if (parts.isEmpty() || parts.size() > 3) return List.of();
        StringBuilder sf = new StringBuilder();
        StringBuilder pg = new StringBuilder();
        for (String p : parts) {
            if (p.isBlank()) return List.of();
            if (sf.length() > 0) {
                sf.append('.');
                pg.append('.');
            }
            sf.append(LineageIds.sfPart(LineageIds.sfStoredFromText(p)));
            String stored = LineageIds.pgStoredFromText(p);
            pg.append(stored.matches("[a-z_][a-z0-9_$]*") ? stored : '"' + stored.replace("\"", "\"\"") + '"');
        }
        List<LineageNode> hits = new ArrayList<>();
        for (LineageNode n : nodes.values()) {
            String want = switch (n.system()) {
                case "snowflake" -> sf.toString();
                case "postgres" -> pg.toString();
                default -> null;
            };
            if (want == null) continue;
            int slash = n.id().indexOf('/');
            if (slash >= 0 && n.id().substring(slash + 1).equals(want)) hits.add(n);
        }
        return hits;
    }
}
