package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;

import java.util.Map;

/** What a provider found live for one resource, in the same property names and plain value types as a stack. */
public record ObservedResource(ResourceKey key, Map<String, Object> properties) {
    public ObservedResource {
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    public Object get(String property) { return properties.get(property); }
}
