package dev.mlpc.core.spec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A declarative stack: a name, a description, the connection it is bound to ({@code target:}, empty when the stack is
 * not bound) and the desired resources, in file order.
 */
public record Stack(String name, String description, String target, List<Resource> resources, String sourceFile) {
    /** Connection names, as {@code connections.yaml} allows them; a stack's {@code target:} follows the same rule. */
    public static final String TARGET_RULE = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    public Stack {
        resources = List.copyOf(resources);
        description = description == null ? "" : description;
        target = target == null ? "" : target;
    }

    /** A stack without a target. */
    public Stack(String name, String description, List<Resource> resources, String sourceFile) {
        this(name, description, "", resources, sourceFile);
    }

    /** Whether the stack names the connection it belongs to. */
    public boolean hasTarget() {
        return !target.isEmpty();
    }

    /** The same stack bound to another connection (empty: unbound). */
    public Stack withTarget(String connection) {
        return new Stack(name, description, connection, resources, sourceFile);
    }

    public Optional<Resource> find(ResourceKey key) {
        return resources.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** The providers this stack's resources belong to, in order of first use. */
    public Set<String> providers() {
        Set<String> out = new LinkedHashSet<>();
        resources.forEach(r -> out.add(r.provider()));
        return out;
    }
}
