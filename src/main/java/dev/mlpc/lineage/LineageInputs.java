package dev.mlpc.lineage;

import dev.mlpc.core.spec.Stack;

import java.util.List;

/**
 * What {@link LineageBuilder#build} reads: the stacks at head, the model registry's lineage (every version of every
 * registry read) and the live inventories read (empty when live was not asked for).
 */
public record LineageInputs(List<Stack> stacks, List<RegistryVersionLinks> registry, List<LiveObjects> live) {
    public LineageInputs {
        stacks = stacks == null ? List.of() : List.copyOf(stacks);
        registry = registry == null ? List.of() : List.copyOf(registry);
        live = live == null ? List.of() : List.copyOf(live);
    }

    public static LineageInputs of(List<Stack> stacks, List<RegistryVersionLinks> registry) {
        return new LineageInputs(stacks, registry, List.of());
    }
}
