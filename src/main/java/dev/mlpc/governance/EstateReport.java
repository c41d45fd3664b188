package dev.mlpc.governance;

import dev.mlpc.core.plan.CanonicalJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The governance of the whole estate ({@code mlpc govern}, the audit report, the console's Governance panel): every
 * enabled rule over the stacks at head and the lineage graph, and what could not be read for it.
 *
 * @param findings per-stack rules first (over every stack at head), then the cross-system rules; rule order
 * @param unread   sources left out of the graph (a registry that could not be reached, a stack that does not read)
 * @param stacks   how many stacks were read
 * @param nodes    how many nodes the lineage graph has
 */
public record EstateReport(List<Finding> findings, List<String> unread, int stacks, int nodes) {
    public EstateReport {
        findings = List.copyOf(findings);
        unread = List.copyOf(unread);
    }

    public long errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    }

    public long warnings() {
        return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
    }

    /** One line per finding ({@code severity rule: type name: message}), then a summary line. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (String u : unread) b.append("note: not read: ").append(u).append('\n');
        for (Finding f : findings) {
            b.append(f.severity().json()).append(' ').append(f.rule()).append(": ").append(f.type()).append(' ')
                    .append(f.name()).append(": ").append(f.message()).append('\n');
        }
        b.append(findings.isEmpty() ? "No governance findings" : findings.size() + " finding"
                + (findings.size() == 1 ? "" : "s") + ": " + errors() + " error" + (errors() == 1 ? "" : "s") + ", "
                + warnings() + " warning" + (warnings() == 1 ? "" : "s"));
        b.append(" (").append(stacks).append(" stack").append(stacks == 1 ? "" : "s").append(", ").append(nodes)
                .append(" lineage node").append(nodes == 1 ? "" : "s").append(").\n");
        return b.toString();
    }

    /**
     * {@code {"summary": {"errors", "warnings", "stacks", "nodes"}, "findings": [{"rule", "severity", "type", "name",
     * "message", "nodes": [...]}], "unread": [...]}}.
     */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("errors", errors());
        summary.put("warnings", warnings());
        summary.put("stacks", stacks);
        summary.put("nodes", nodes);
        root.put("summary", summary);
        List<Object> fs = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.rule());
            m.put("severity", f.severity().json());
            m.put("type", f.type());
            m.put("name", f.name());
            m.put("message", f.message());
            m.put("nodes", f.nodes());
            fs.add(m);
        }
        root.put("findings", fs);
        root.put("unread", unread);
        return root;
    }

    public String toJson() {
        return CanonicalJson.document(toJsonTree());
    }
}
