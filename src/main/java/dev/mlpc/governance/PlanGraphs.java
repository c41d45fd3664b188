package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageGraph;

/**
 * The lineage graphs a plan's cross-system checks read, both built from the same registry lineage: {@code before}
 * from the other stacks at head and what the planned stack managed before (so that what the plan drops is still a
 * node, with everything that depends on it downstream), {@code after} from the other stacks at head and the planned
 * stack (the estate as it will be: the rules run over it). A plan that drops nothing has one graph: {@code before} is
 * {@code after}.
 * <p>
 * {@code dropsFrom} is the stack the plan's drops are declared in (what the stack managed before), and {@code scope}
 * the connection the plan runs against, as the graphs scope its objects (for PostgreSQL the canonical connection of its
 * server, {@code LineageService.sameServer}, the same mapping the graphs were built with): a dropped database or schema
 * is no node, so the objects it holds are found in {@code before} by id ({@link LineageGraph#contained}). {@code dropsFrom}
 * may be null (then a container's drop lists nothing); a null {@code scope} matches every connection.
 */
public record PlanGraphs(LineageGraph before, LineageGraph after, Stack dropsFrom, String scope) {
    public static final PlanGraphs NONE = new PlanGraphs(LineageGraph.empty(), LineageGraph.empty());

    public PlanGraphs {
        before = before == null ? LineageGraph.empty() : before;
        after = after == null ? LineageGraph.empty() : after;
    }

    public PlanGraphs(LineageGraph before, LineageGraph after) {
        this(before, after, null, null);
    }

    /** The resource of {@code key} in {@link #dropsFrom}, or null. */
    public Resource dropped(ResourceKey key) {
        if (dropsFrom == null) return null;
        for (Resource r : dropsFrom.resources()) if (r.key().equals(key)) return r;
        return null;
    }
}
