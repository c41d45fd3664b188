package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Observed state of the managed resources, as read in bulk from a live system. An offline inventory assumes nothing
 * exists. {@link #queries()} counts the round trips spent reading it (benchmarks and budget tests use it). The read
 * that fills it follows {@link dev.mlpc.core.provider.ProviderSession#read}'s contract: one paged list per kind, at
 * most one describe per managed object.
 */
public final class Inventory {
    private final Map<ResourceKey, ObservedResource> observed;
    private final boolean offline;
    private final int queries;
    private final java.util.List<PlanWarning> warnings;

    public Inventory(Collection<ObservedResource> observed, boolean offline, int queries) {
        this(observed, offline, queries, java.util.List.of());
    }

    /**
     * An inventory with what the read found worth a warning besides the objects (Data Share: a managed identity that
     * lacks a role on a storage account, or role assignments that could not be read); the differ adds them to the plan.
     */
    public Inventory(Collection<ObservedResource> observed, boolean offline, int queries, java.util.List<PlanWarning> warnings) {
        Map<ResourceKey, ObservedResource> m = new LinkedHashMap<>();
        observed.forEach(o -> m.put(o.key(), o));
        this.observed = java.util.Collections.unmodifiableMap(m);
        this.offline = offline;
        this.queries = queries;
        this.warnings = java.util.List.copyOf(warnings);
    }

    /** The read's own warnings (checks made while reading), in reading order; empty for most providers. */
    public java.util.List<PlanWarning> warnings() { return warnings; }

    public static Inventory nothing() { return new Inventory(java.util.List.of(), true, 0); }

    public Optional<ObservedResource> find(ResourceKey key) { return Optional.ofNullable(observed.get(key)); }

    public Collection<ObservedResource> all() { return observed.values(); }

    public boolean isOffline() { return offline; }

    /** The observed objects in a transitional state ({@link ObservedResource#busy()}), in reading order. */
    public java.util.List<ObservedResource> busy() {
        return observed.values().stream().filter(ObservedResource::busy).toList();
    }

    public int queries() { return queries; }
}
