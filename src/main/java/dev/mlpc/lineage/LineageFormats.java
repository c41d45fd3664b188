package dev.mlpc.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A neighbourhood of the graph as text, JSON ({@code {"root", "direction", "depth", "nodes", "edges"}}, every edge with
 * its source) or Graphviz DOT. Used by {@code mlpc lineage}; no I/O.
 */
public final class LineageFormats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LineageFormats() { }

    /** The JSON document of {@code sub} around {@code root}. */
    public static String json(LineageGraph sub, String root, Direction direction, int depth, List<String> warnings) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("root", root);
        doc.put("direction", direction.name().toLowerCase(Locale.ROOT));
        doc.put("depth", depth);
        List<Object> nodes = new ArrayList<>();
        for (LineageNode n : sub.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("system", n.system());
            m.put("kind", n.kind());
            m.put("label", n.label());
            m.put("stack", n.stack());
            m.put("connection", n.connection());
            m.put("known", n.known());
            m.put("attributes", n.attributes());
            nodes.add(m);
        }
        doc.put("nodes", nodes);
        List<Object> edges = new ArrayList<>();
        for (LineageEdge e : sub.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", e.from());
            m.put("to", e.to());
            m.put("relation", e.relation());
            m.put("source", e.source().json());
            m.put("detail", e.detail());
            edges.add(m);
        }
        doc.put("edges", edges);
        if (warnings != null && !warnings.isEmpty()) doc.put("warnings", warnings);
        try {
            return JSON.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Graphviz digraph: left to right, one box per node (label: the node's label and {@code system kind}), the root
     * bold, unknown nodes dashed, edges labelled with their relation and source.
     */
    public static String dot(LineageGraph sub, String root) {
        StringBuilder b = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (LineageNode n : sub.nodes()) {
            List<String> style = new ArrayList<>();
            if (!n.known()) style.add("dashed");
            if (n.id().equals(root)) style.add("bold");
            b.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.label() + "\n" + what(n)
                    + (n.stack() != null ? "\nstack " + n.stack() : "")));
            if (!style.isEmpty()) b.append(", style=").append(quote(String.join(",", style)));
            b.append("];\n");
        }
        for (LineageEdge e : sub.edges()) {
            b.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()))
                    .append(" [label=").append(quote(e.relation() + " (" + e.source().json() + ")")).append("];\n");
        }
        return b.append("}\n").toString();
    }

    /** A DOT double-quoted string: backslash and quote escaped, line breaks as {@code \n}, other controls dropped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else if (Character.isISOControl(c)) b.append(' ');
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** A node's system and kind, said once when they are the same word ({@code deployment}, {@code consumer}). */
    static String what(LineageNode n) {
        return n.system().equals(n.kind()) ? n.system() : n.system() + " " + n.kind();
    }

    /** One line for a node: id, label when it differs, system and kind, stack (or unmanaged), unknown, drift. */
    public static String describe(LineageNode n) {
        StringBuilder b = new StringBuilder(n.id());
        if (!n.label().equals(n.id())) b.append("  ").append(n.label());
        b.append("  (").append(what(n));
        b.append(n.stack() != null ? ", stack " + n.stack() : "");
        if (!n.known()) b.append(", unknown");
        if (n.attribute("stage") != null) b.append(", stage ").append(n.attribute("stage"));
        if (n.attribute("aliases") != null) b.append(", aliases ").append(n.attribute("aliases"));
        if (n.attribute("data-classification") != null) b.append(", ").append(n.attribute("data-classification"));
        if (n.attribute("drift") != null) b.append(", drift ").append(n.attribute("drift"));
        return b.append(')').toString();
    }

    /**
     * Text: the root, then upstream and downstream nodes by distance, then the edges with their source and detail.
     */
    public static String text(LineageGraph sub, String root, Direction direction, int depth) {
        StringBuilder b = new StringBuilder();
        b.append(describe(sub.node(root).orElseThrow())).append('\n');
        if (direction != Direction.DOWNSTREAM) section(b, sub, root, Direction.UPSTREAM, depth);
        if (direction != Direction.UPSTREAM) section(b, sub, root, Direction.DOWNSTREAM, depth);
        b.append("Edges (").append(sub.edges().size()).append("):\n");
        for (LineageEdge e : sub.edges()) {
            b.append("  ").append(e.from()).append(" -").append(e.relation()).append("-> ").append(e.to())
                    .append("  [").append(e.source().json());
            if (e.detail() != null && !e.detail().isEmpty()) b.append(": ").append(e.detail());
            b.append("]\n");
        }
        return b.toString();
    }

    private static void section(StringBuilder b, LineageGraph sub, String root, Direction d, int depth) {
        String name = d == Direction.UPSTREAM ? "Upstream" : "Downstream";
        Set<String> prev = Set.of();
        List<String> lines = new ArrayList<>();
        for (int level = 1; level <= depth; level++) {
            Set<String> reach = sub.reachable(root, d, level);
            for (String id : reach) {
                if (prev.contains(id)) continue;
                lines.add("  " + level + "  " + describe(sub.node(id).orElseThrow()));
            }
            if (reach.size() == prev.size()) break;
            prev = reach;
        }
        b.append(name).append(" (").append(lines.size()).append(lines.size() == 1 ? " node" : " nodes").append(", depth ")
                .append(depth).append("):\n");
        if (lines.isEmpty()) b.append("  none\n");
        for (String l : lines) b.append(l).append('\n');
    }
}
