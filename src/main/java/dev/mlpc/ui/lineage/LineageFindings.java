package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which map node a governance finding is about, without JavaFX: the first of the finding's own lineage node ids
 * ({@link Finding#nodes()}, which the cross-system rules name) that the graph holds, else the node whose id is the
 * finding's name, else the node
 * of the stack resource the finding names (attributes {@code type} and {@code name}), else none (a finding about
 * something the graph does not hold is listed in the Governance panel but badges no node).
 */
public final class LineageFindings {
    private LineageFindings() { }

    /** The node id a finding is about, or null. */
    public static String nodeOf(LineageGraph graph, Finding f) {
        for (String id : f.nodes()) if (graph.node(id).isPresent()) return id;
        if (f.name() != null && graph.node(f.name()).isPresent()) return f.name();
        for (LineageNode n : graph.nodes()) {
            if (f.type() != null && f.type().equals(n.attribute("type")) && f.name() != null && f.name().equals(n.attribute("name"))) {
                return n.id();
            }
        }
        return null;
    }

    /** The findings grouped by the node they are about (findings about no node are left out). */
    public static Map<String, List<Finding>> byNode(LineageGraph graph, List<Finding> findings) {
        Map<String, String> byResource = new HashMap<>();
        for (LineageNode n : graph.nodes()) {
            if (n.attribute("type") != null && n.attribute("name") != null) {
                byResource.putIfAbsent(n.attribute("type") + "\u0000" + n.attribute("name"), n.id());
            }
        }
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            String id = null;
            for (String n : f.nodes()) if (id == null && graph.node(n).isPresent()) id = n;
            if (id == null) id = f.name() != null && graph.node(f.name()).isPresent() ? f.name() : byResource.get(f.type() + "\u0000" + f.name());
            if (id != null) out.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        }
        return out;
    }
}
