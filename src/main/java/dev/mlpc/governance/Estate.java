package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules look at: the declared resources of one or more stacks (a plan's stack today; the cross-system rules of
 * issue 15 will add the lineage graph here, so that every rule keeps one signature).
 */
public record Estate(List<Stack> stacks) {
    public Estate {
        stacks = List.copyOf(stacks);
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
