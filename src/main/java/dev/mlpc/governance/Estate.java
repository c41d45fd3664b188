package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules look at: the declared resources of one or more stacks, and the lineage graph across systems (empty
 * when none was built: a plan's own checks). Per-stack rules read {@link #stacks}; cross-system rules read
 * {@link #graph}. Every rule keeps one signature.
 */
public record Estate(List<Stack> stacks, LineageGraph graph) {
    public Estate {
        stacks = List.copyOf(stacks);
        graph = graph == null ? LineageGraph.empty() : graph;
    }

    public Estate(List<Stack> stacks) {
        this(stacks, LineageGraph.empty());
    }

    public static Estate of(Stack stack) {
        return new Estate(List.of(stack));
    }

    /** The resources of one type, in stack and file order. */
    public List<Resource> resources(String type) {
        List<Resource> out = new ArrayList<>();
        for (Stack s : stacks) for (Resource r : s.resources()) if (r.type().equals(type)) out.add(r);
        return out;
    }
}
