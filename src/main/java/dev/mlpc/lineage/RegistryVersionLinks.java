package dev.mlpc.lineage;

import dev.mlpc.registry.Lineage;

import java.util.List;

/**
 * One registry version with its lineage, as the builder reads it.
 *
 * @param registry   the registry's name in node ids: its connection, with {@code /<schema>} when the schema is not the
 *                   default one
 * @param connection the PostgreSQL connection the registry lives behind
 * @param model      the model's name as registered
 * @param stage      the version's stage ({@code None}, {@code Staging}, {@code Production}, {@code Archived})
 * @param aliases    the aliases pointing at it
 * @param links      its lineage entries (inputs and deployments)
 */
public record RegistryVersionLinks(String registry, String connection, String model, int version, String stage,
                                   List<String> aliases, List<Lineage> links) {
    public RegistryVersionLinks {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        links = links == null ? List.of() : List.copyOf(links);
    }
}
