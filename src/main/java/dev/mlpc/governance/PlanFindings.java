package dev.mlpc.governance;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a plan shows of the estate's governance: the cross-system findings touching what it changes, and the impact of
 * what it drops. Both become plan warnings, so that they are part of the plan JSON and of its hash: the apply re-plans
 * and refuses a plan whose findings or dependents differ from the reviewed ones (the estate changed in between).
 */
public final class PlanFindings {
    /** The {@code rule} of an impact warning. */
    public static final String IMPACT = "impact";

    private PlanFindings() {
    }

    /** The nodes of a stack's resource: those the stack manages with that resource type and name. */
    public static List<LineageNode> nodesOf(LineageGraph g, String stack, String type, String name) {
        return g.nodes().stream().filter(n -> stack.equals(n.stack()) && type.equals(n.attribute("type"))
                && name.equals(n.attribute("name"))).toList();
    }

    /**
     * The findings (over {@code graphs.after}) that touch the plan: one of their nodes is managed by the planned stack,
     * or is a changed resource or downstream of one (downstream of a dropped one in {@code graphs.before}).
     */
    public static List<Finding> touching(List<Finding> findings, Plan plan, PlanGraphs graphs) {
        Set<String> reach = new LinkedHashSet<>();
        for (Change c : plan.actionable()) {
            LineageGraph g = c.action() == Action.DROP ? graphs.before() : graphs.after();
            List<LineageNode> own = new ArrayList<>(nodesOf(g, plan.stack(), c.type(), c.name()));
            if (c.action() == Action.DROP) own.addAll(contents(c, graphs));
            for (LineageNode n : own) {
                reach.add(n.id());
                reach.addAll(g.reachable(n.id(), Direction.DOWNSTREAM, Integer.MAX_VALUE));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            boolean touches = f.nodes().stream().anyMatch(id -> reach.contains(id)
                    || graphs.after().node(id).map(n -> plan.stack().equals(n.stack())).orElse(false));
            if (touches) out.add(f);
        }
        return out;
    }

    /**
     * What a dropped database or schema holds, as nodes of {@code graphs.before}: its tables (and, in Snowflake, its
     * stages, pipes and external functions), whichever stack or registry names them; none for other types.
     */
    static List<LineageNode> contents(Change c, PlanGraphs graphs) {
        dev.mlpc.core.spec.Resource r = graphs.dropped(c.key());
        return r == null ? List.of() : graphs.before().contained(r, graphs.scope());
    }

    /** The order dependents are listed in: versions, models, deployments, then who receives shared data. */
    private static int rank(LineageNode n) {
        if (n.system().equals("registry") && n.kind().equals("version")) return 0;
        if (n.system().equals("registry") && n.kind().equals("model")) return 1;
        if (n.kind().equals("deployment")) return 2;
        if (n.kind().equals("consumer")) return 3;
        if (n.kind().equals("invitation")) return 4;
        if (n.kind().equals("subscription")) return 5;
        return -1;
    }

    /**
     * One warning (rule {@code impact}, no severity: it informs, never blocks) per dropped resource of the plan with
     * dependents downstream in {@code graphs.before} (along every relation: what flows from it and, for a database or
     * schema, what it holds — {@link #contents}, listed among the warning's nodes after the dropped resource's own): the registry versions (with their stage and aliases) and models,
     * deployments and consumers (invitations, subscriptions) that read from it, and how many other objects lie between.
     */
    public static List<PlanWarning> impact(Plan plan, PlanGraphs graphs) {
        LineageGraph g = graphs.before();
        List<PlanWarning> out = new ArrayList<>();
        for (Change c : plan.actionable()) {
            if (c.action() != Action.DROP) continue;
            Set<String> down = new LinkedHashSet<>();
            List<LineageNode> dropped = new ArrayList<>(nodesOf(g, plan.stack(), c.type(), c.name()));
            for (LineageNode n : contents(c, graphs)) if (!dropped.contains(n)) dropped.add(n);
            for (LineageNode n : dropped) {
                down.addAll(g.reachable(n.id(), Direction.DOWNSTREAM, Integer.MAX_VALUE, LineageGraph.ANY));
            }
            dropped.forEach(n -> down.remove(n.id()));
            out.addAll(impactWarning(g, c.type(), c.name(), dropped, down));
        }
        return out;
    }

    /** The impact warning of dropping {@code dropped} (none when nothing that matters depends on it). */
    public static List<PlanWarning> impactWarning(LineageGraph g, String type, String name, List<LineageNode> dropped,
                                                  Set<String> downstream) {
        List<LineageNode> dependents = new ArrayList<>();
        int others = 0;
        for (String id : downstream) {
            LineageNode n = g.node(id).orElse(null);
            if (n == null) continue;
            if (rank(n) >= 0) dependents.add(n);
            else others++;
        }
        if (dependents.isEmpty()) return List.of();
        dependents.sort(Comparator.comparingInt(PlanFindings::rank).thenComparing(LineageNode::id));
        List<String> what = new ArrayList<>();
        for (LineageNode n : dependents) what.add(describe(n));
        Set<String> ids = new LinkedHashSet<>();
        dropped.forEach(n -> ids.add(n.id()));
        dependents.forEach(n -> ids.add(n.id()));
        String message = "dropping it affects " + dependents.size() + " dependent" + (dependents.size() == 1 ? "" : "s")
                + " downstream: " + String.join(", ", what)
                + (others == 0 ? "" : " (through " + others + " other object" + (others == 1 ? "" : "s") + ")")
                + " (nodes: " + String.join(", ", ids) + ")";
        return List.of(new PlanWarning(type, name, IMPACT, message));
    }

    private static String describe(LineageNode n) {
        StringBuilder b = new StringBuilder();
        switch (rank(n)) {
            case 0 -> b.append("version ");
            case 1 -> b.append("model ");
            case 2 -> b.append("deployment ");
            case 3 -> b.append("consumer ");
            case 4 -> b.append("invitation ");
            default -> b.append("subscription ");
        }
        b.append(n.label());
        List<String> facts = new ArrayList<>();
        if (n.attribute("stage") != null && !n.attribute("stage").isBlank()) facts.add("stage " + n.attribute("stage"));
        if (n.attribute("aliases") != null && !n.attribute("aliases").isBlank()) facts.add("aliases " + n.attribute("aliases"));
        if (n.attribute("email") != null && !n.label().contains(n.attribute("email"))) facts.add(n.attribute("email"));
        if (n.attribute("tenant") != null && !n.label().contains(n.attribute("tenant"))) facts.add("tenant " + n.attribute("tenant"));
        if (!facts.isEmpty()) b.append(" (").append(String.join(", ", facts)).append(')');
        return b.toString();
    }
}
