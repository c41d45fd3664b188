package dev.mlpc.lineage;

import dev.mlpc.core.spec.Stack;

import java.util.List;
import java.util.Map;

/**
 * What {@link LineageBuilder#build} reads: the stacks at head, the model registry's lineage (every version of every
 * registry read) and the live inventories read (empty when live was not asked for).
 * <p>
 * {@code sameServer} maps a PostgreSQL connection to the canonical connection of its server (the first, by name, of
 * the connections whose URL names the same {@code host:port}): two profiles of one server reach the same tables, so
 * their tables get one node, scoped by the canonical connection. A connection absent from the map is its own.
 */
public record LineageInputs(List<Stack> stacks, List<RegistryVersionLinks> registry, List<LiveObjects> live,
                            Map<String, String> sameServer) {
    public LineageInputs {
        stacks = stacks == null ? List.of() : List.copyOf(stacks);
        registry = registry == null ? List.of() : List.copyOf(registry);
        live = live == null ? List.of() : List.copyOf(live);
        sameServer = sameServer == null ? Map.of() : Map.copyOf(sameServer);
    }

    public LineageInputs(List<Stack> stacks, List<RegistryVersionLinks> registry, List<LiveObjects> live) {
        this(stacks, registry, live, Map.of());
    }

    public static LineageInputs of(List<Stack> stacks, List<RegistryVersionLinks> registry) {
        return new LineageInputs(stacks, registry, List.of());
    }

    /**
     * The canonical connection of each connection of {@code servers} (connection name → its server, e.g.
     * {@code host:port}; null servers are left out): the first name, in name order, of the connections of that server.
     */
    public static Map<String, String> canonical(Map<String, String> servers) {
        Map<String, String> first = new java.util.HashMap<>();
        for (String name : new java.util.TreeSet<>(servers.keySet())) {
            String server = servers.get(name);
            if (server != null) first.putIfAbsent(server, name);
        }
        Map<String, String> out = new java.util.HashMap<>();
        servers.forEach((name, server) -> {
            if (server != null && !first.get(server).equals(name)) out.put(name, first.get(server));
        });
        return out;
    }
}
