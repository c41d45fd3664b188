package dev.mlpc.registry;

import java.util.List;

/**
 * A version's place in the lineage graph: its model, stage, aliases (sorted) and lineage entries; read for every
 * version at once by {@link ModelRegistry#allLineage()}.
 */
public record VersionLineage(String model, int version, String stage, boolean archivedModel, List<String> aliases,
                             List<Lineage> links) {
    public VersionLineage {
        aliases = List.copyOf(aliases);
        links = List.copyOf(links);
    }
}
