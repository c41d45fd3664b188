package dev.mlpc.registry;

import dev.mlpc.core.spec.Problem;

import java.util.Map;

/**
 * A search over versions of all models, every filter optional and all of them ANDed: model name prefix
 * (case-insensitive) and/or ILIKE pattern, version tags, an alias, a stage, a status; versions of archived models only
 * when asked. Ordered by model name, then newest version first.
 */
public record VersionQuery(String namePrefix, String nameLike, Map<String, String> tags, String alias, String stage,
                           String status, boolean includeArchived, int limit, String cursor) {
    public VersionQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static VersionQuery all(int limit) {
        return new VersionQuery(null, null, Map.of(), null, null, null, false, limit, null);
    }

    public VersionQuery after(String next) {
        return new VersionQuery(namePrefix, nameLike, tags, alias, stage, status, includeArchived, limit, next);
    }

    void check() throws RegistryException {
        checkCommon(namePrefix, nameLike, tags, limit);
        if (alias != null) RegistryRules.require(RegistryRules.checkAlias("alias", alias));
        if (stage != null && RegistryRules.stage(stage) == null) {
            throw new RegistryException("stage: " + Problem.quote(stage) + " is not a stage; one of " + String.join(", ", RegistryRules.STAGES));
        }
        if (status != null && RegistryRules.status(status) == null) {
            throw new RegistryException("status: " + Problem.quote(status) + " is not a status; one of " + String.join(", ", RegistryRules.STATUSES));
        }
    }

    static void checkCommon(String prefix, String like, Map<String, String> tags, int limit) throws RegistryException {
        if (limit < 1 || limit > ModelRegistry.MAX_PAGE) {
            throw new RegistryException("limit: must be between 1 and " + ModelRegistry.MAX_PAGE);
        }
        RegistryRules.require(RegistryRules.checkText("name prefix", prefix, false),
                RegistryRules.checkText("name pattern", like, false));
        for (Map.Entry<String, String> t : tags.entrySet()) {
            RegistryRules.require(RegistryRules.checkTagKey("tag", t.getKey()),
                    RegistryRules.checkTagValue("tag " + t.getKey(), t.getValue()));
        }
    }
}
