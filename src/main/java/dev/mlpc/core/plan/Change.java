package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;

import java.util.List;
import java.util.Set;

/**
 * One step of a plan.
 *
 * @param changed the properties whose desired value differs from the live one (update / replace)
 * @param reason  one line saying why (e.g. "connection_limit: 10 -> 20"); empty for create / drop
 */
public record Change(Action action, ResourceKey key, Safety safety, List<Statement> statements, Set<String> changed,
                     String reason) {
    public Change {
        statements = List.copyOf(statements);
        changed = Set.copyOf(changed);
        reason = reason == null ? "" : reason;
    }

    public String type() { return key.type(); }

    public String name() { return key.name(); }
}
