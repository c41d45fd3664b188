package dev.mlpc.registry;

/**
 * A lineage link of a version: {@code input} (a dataset it was trained on) or {@code deployment} (where it serves).
 * {@code kind} says what the target is ({@link RegistryRules#LINEAGE_KINDS}); {@code uri} names it: for resources a
 * console tree shows, {@code <connection>/<path>} as in the tree (e.g. {@code prod/ml_models/public/training_runs}).
 */
public record Lineage(String direction, String kind, String uri) {
    public static final String INPUT = "input";
    public static final String DEPLOYMENT = "deployment";
}
