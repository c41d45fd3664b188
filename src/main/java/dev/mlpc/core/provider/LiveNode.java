package dev.mlpc.core.provider;

import dev.mlpc.core.spec.ResourceKey;

import java.util.Map;

/**
 * One node of a live resource tree, as a provider lists it. Children are loaded on demand by passing the node back
 * to {@link ProviderSession#children(LiveNode, Progress)}.
 *
 * @param path    stable identity within the connection (e.g. {@code databases/mlreg/schemas/registry})
 * @param label   what the tree shows
 * @param kind    database, schema, table, role, extension, folder, …
 * @param leaf    true when the node has no children
 * @param key     the stack resource this object would be managed as, or null (folders, tables)
 * @param details properties shown in the details pane (no secrets)
 */
public record LiveNode(String path, String label, String kind, boolean leaf, ResourceKey key, Map<String, Object> details) {
    public LiveNode {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
