package dev.mlpc.lineage;

/** Where a lineage edge was learnt: a stack at head, the model registry's lineage, or a live inventory. */
public enum EdgeSource {
    STACK, REGISTRY, LIVE;

    public String json() { return name().toLowerCase(java.util.Locale.ROOT); }
}
