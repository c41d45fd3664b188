package dev.mlpc.registry;

import java.util.Map;

/**
 * A listing of models: name prefix (case-insensitive) and/or ILIKE pattern, model tags that must all match, archived
 * models included or not, page size and the cursor of the previous page.
 */
public record ModelQuery(String namePrefix, String nameLike, Map<String, String> tags, boolean includeArchived,
                         int limit, String cursor) {
    public ModelQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static ModelQuery all(int limit) {
        return new ModelQuery(null, null, Map.of(), false, limit, null);
    }

    public ModelQuery after(String next) {
        return new ModelQuery(namePrefix, nameLike, tags, includeArchived, limit, next);
    }

    void check() throws RegistryException {
        VersionQuery.checkCommon(namePrefix, nameLike, tags, limit);
    }
}
