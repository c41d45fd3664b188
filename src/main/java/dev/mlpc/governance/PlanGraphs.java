package dev.mlpc.governance;

import dev.mlpc.lineage.LineageGraph;

/**
 * The lineage graphs a plan's cross-system checks read, both built from the same registry lineage: {@code before}
 * from the other stacks at head and what the planned stack managed before (so that what the plan drops is still a
 * node, with everything that depends on it downstream), {@code after} from the other stacks at head and the planned
 * stack (the estate as it will be: the rules run over it).
 */
public record PlanGraphs(LineageGraph before, LineageGraph after) {
    public static final PlanGraphs NONE = new PlanGraphs(LineageGraph.empty(), LineageGraph.empty());

    public PlanGraphs {
        before = before == null ? LineageGraph.empty() : before;
        after = after == null ? LineageGraph.empty() : after;
    }
}
