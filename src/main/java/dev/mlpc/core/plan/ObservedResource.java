package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;

import java.util.Map;

/**
 * What a provider found live for one resource, in the same property names and plain value types as a stack.
 *
 * @param status the system's own word for the object's state ({@code Creating}, {@code InService}, {@code Succeeded}),
 *               or null when the system has none; shown in warnings, never compared
 * @param busy   true when the object is in a transitional state chosen by the provider (Creating, Updating, Deleting,
 *               Pending…): the differ neither updates, replaces nor drops it in that plan and warns instead (rule
 *               {@code busy}), since its properties may be about to change and the system would refuse a change now
 */
public record ObservedResource(ResourceKey key, Map<String, Object> properties, String status, boolean busy) {
    public ObservedResource {
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    /** An object with no status (SQL systems): never busy. */
    public ObservedResource(ResourceKey key, Map<String, Object> properties) {
        this(key, properties, null, false);
    }

    /** The same observation with the system's status; {@code busy} as the provider decides for that status. */
    public ObservedResource withStatus(String status, boolean busy) {
        return new ObservedResource(key, properties, status, busy);
    }

    public Object get(String property) { return properties.get(property); }
}
