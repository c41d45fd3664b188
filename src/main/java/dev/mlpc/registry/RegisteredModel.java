package dev.mlpc.registry;

import java.time.Instant;
import java.util.Map;

/**
 * A registered model. {@code lastVersion} is the highest number ever allocated (deleted versions included);
 * {@code versionCount} the versions that exist; {@code aliases} maps alias to version.
 */
public record RegisteredModel(long id, String name, String description, String owner, boolean archived,
                              int lastVersion, int versionCount, Instant createdAt, Instant updatedAt,
                              Map<String, String> tags, Map<String, Integer> aliases) {
}
