package dev.mlpc.providers.snowflake;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.spec.ResourceKey;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The live tree of an account, loaded one level at a time with one {@code SHOW} per level (folders cost nothing):
 * account → Warehouses, Roles (→ their grants), Integrations, Databases → schemas → Tables, Stages, Pipes, Functions
 * (external functions and user-defined ones such as translators, from the one {@code SHOW USER FUNCTIONS IN SCHEMA}
 * the folder costs, each node keyed by its own kind), File formats. Paths are stable
 * ({@code databases/ML_DB/schemas/RAW/tables/T}, segments with {@code /} and {@code %} escaped); names and containers
 * are in each node's details.
 */
final class SnowflakeTree {
    private final SnowflakeInventoryReader reader;

    SnowflakeTree(SnowflakeInventoryReader reader) {
        this.reader = reader;
    }

    static String segment(String name) {
        return name.replace("%", "%25").replace("/", "%2F");
    }

    /**
     * The node that would list a stack resource (names in their stored forms; a grant: its role's node).
     */
    static String parentPath(dev.mlpc.core.spec.Resource r) {
        String db = r.string("database") == null ? null : "databases/" + segment(SfSql.stored(r.string("database")));
        String schema = db == null || r.string("schema") == null ? null
                : db + "/schemas/" + segment(SfSql.stored(r.string("schema")));
        return switch (r.type()) {
            case SnowflakeTypes.DATABASE -> "databases";
            case SnowflakeTypes.WAREHOUSE -> "warehouses";
            case SnowflakeTypes.ROLE -> "roles";
            // the role's node lists its grants (SHOW GRANTS TO ROLE); a stack grant is shown there with its mark
            case SnowflakeTypes.GRANT -> r.string("role") == null ? null : "roles/" + segment(SfSql.stored(r.string("role")));
            case SnowflakeTypes.API_INTEGRATION, SnowflakeTypes.STORAGE_INTEGRATION -> "integrations";
            case SnowflakeTypes.SCHEMA -> db;
            case SnowflakeTypes.TABLE -> schema == null ? null : schema + "/tables";
            case SnowflakeTypes.STAGE -> schema == null ? null : schema + "/stages";
            case SnowflakeTypes.PIPE -> schema == null ? null : schema + "/pipes";
            case SnowflakeTypes.EXTERNAL_FUNCTION, SnowflakeTypes.FUNCTION -> schema == null ? null : schema + "/functions";
            case SnowflakeTypes.FILE_FORMAT -> schema == null ? null : schema + "/file_formats";
            default -> null;
        };
    }

    List<LiveNode> children(LiveNode parent) throws SQLException {
        if (parent == null) {
            return List.of(folder("warehouses", "Warehouses", Map.of()), folder("roles", "Roles", Map.of()),
                    folder("integrations", "Integrations", Map.of()), folder("databases", "Databases", Map.of()));
        }
        Map<String, Object> d = parent.details();
        String db = (String) d.get("database");
        String schema = (String) d.get("schema");
        return switch (parent.kind()) {
            case "folder" -> switch (String.valueOf(d.get("lists"))) {
                case "warehouses" -> objects(parent, "WAREHOUSES", "warehouse", SnowflakeTypes.WAREHOUSE, true, null, null,
                        List.of("size", "state", "auto_suspend", "auto_resume", "comment"));
                case "roles" -> objects(parent, "ROLES", "role", SnowflakeTypes.ROLE, false, null, null, List.of("comment", "owner"));
                case "integrations" -> objects(parent, "INTEGRATIONS", "integration", null, true, null, null,
                        List.of("type", "category", "enabled", "comment")).stream().map(SnowflakeTree::integrationKey).toList();
                case "databases" -> objects(parent, "DATABASES", "database", SnowflakeTypes.DATABASE, false, null, null,
                        List.of("retention_time", "options", "comment"));
                case "tables" -> objects(parent, "TABLES IN SCHEMA " + SfSql.qualified(db, schema), "table",
                        SnowflakeTypes.TABLE, true, db, schema, List.of("kind", "rows", "bytes", "cluster_by", "change_tracking", "comment"));
                case "stages" -> objects(parent, "STAGES IN SCHEMA " + SfSql.qualified(db, schema), "stage",
                        SnowflakeTypes.STAGE, true, db, schema, List.of("url", "storage_integration", "comment"));
                case "pipes" -> objects(parent, "PIPES IN SCHEMA " + SfSql.qualified(db, schema), "pipe",
                        SnowflakeTypes.PIPE, true, db, schema, List.of("definition", "notification_channel", "comment"));
                case "functions" -> functions(parent, db, schema);
                case "file_formats" -> objects(parent, "FILE FORMATS IN SCHEMA " + SfSql.qualified(db, schema), "file_format",
                        SnowflakeTypes.FILE_FORMAT, true, db, schema, List.of("type", "format_options", "comment"));
                default -> List.of();
            };
            case "database" -> objects(parent, "SCHEMAS IN DATABASE " + SfSql.ident(db), "schema", SnowflakeTypes.SCHEMA,
                    false, db, null, List.of("options", "retention_time", "comment"));
            case "schema" -> List.of(
                    folder(parent.path() + "/tables", "Tables", Map.of("lists", "tables", "database", db, "schema", schema)),
                    folder(parent.path() + "/stages", "Stages", Map.of("lists", "stages", "database", db, "schema", schema)),
                    folder(parent.path() + "/pipes", "Pipes", Map.of("lists", "pipes", "database", db, "schema", schema)),
                    folder(parent.path() + "/functions", "Functions",
                            Map.of("lists", "functions", "database", db, "schema", schema)),
                    folder(parent.path() + "/file_formats", "File formats",
                            Map.of("lists", "file_formats", "database", db, "schema", schema)));
            case "role" -> grants(parent);
            default -> List.of();
        };
    }

    /** An integration node keyed as the stack type its category maps to (API or STORAGE); others stay unkeyed. */
    private static LiveNode integrationKey(LiveNode n) {
        String category = String.valueOf(n.details().get("category")).toUpperCase(java.util.Locale.ROOT);
        String type = switch (category) {
            case "API" -> SnowflakeTypes.API_INTEGRATION;
            case "STORAGE" -> SnowflakeTypes.STORAGE_INTEGRATION;
            default -> null;
        };
        return type == null ? n : new LiveNode(n.path(), n.label(), n.kind(), n.leaf(), new ResourceKey(type, n.label()), n.details());
    }

    private static LiveNode folder(String path, String label, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.putIfAbsent("lists", path);
        return new LiveNode(path, label, "folder", false, null, d);
    }

    private List<LiveNode> objects(LiveNode parent, String show, String kind, String type, boolean leaf, String db,
                                   String schema, List<String> shown) throws SQLException {
        List<LiveNode> out = new ArrayList<>();
        String base = parent.path();
        for (Map<String, String> row : reader.show(show)) {
            String name = row.get("name");
            if (name == null) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            if (kind.equals("database")) d.put("database", name);
            else if (db != null) d.put("database", db);
            if (kind.equals("schema")) d.put("schema", name);
            else if (schema != null) d.put("schema", schema);
            for (String col : shown) if (row.get(col) != null && !row.get(col).isEmpty()) d.put(col, row.get(col));
            String path = kind.equals("schema") ? base + "/schemas/" + segment(name) : base + "/" + segment(name);
            ResourceKey key = type == null ? null : new ResourceKey(type, name);
            out.add(new LiveNode(path, name, kind, leaf, key, d));
        }
        return out;
    }

    /**
     * External functions and user-defined functions of a schema from its one {@code SHOW USER FUNCTIONS IN SCHEMA}:
     * rows with {@code is_external_function = Y} are external functions, the others plain functions.
     */
    private List<LiveNode> functions(LiveNode parent, String db, String schema) throws SQLException {
        List<LiveNode> out = new ArrayList<>();
        for (LiveNode n : objects(parent, "USER FUNCTIONS IN SCHEMA " + SfSql.qualified(db, schema), "function",
                SnowflakeTypes.FUNCTION, true, db, schema,
                List.of("arguments", "description", "language", "is_external_function"))) {
            if ("Y".equalsIgnoreCase(String.valueOf(n.details().get("is_external_function")))) {
                out.add(new LiveNode(n.path(), n.label(), "external_function", true,
                        new ResourceKey(SnowflakeTypes.EXTERNAL_FUNCTION, n.label()), n.details()));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    private List<LiveNode> grants(LiveNode role) throws SQLException {
        String name = String.valueOf(role.details().get("name"));
        List<LiveNode> out = new ArrayList<>();
        int i = 0;
        for (Map<String, String> row : reader.query("SHOW GRANTS TO ROLE " + SfSql.ident(name))) {
            String label = row.get("privilege") + " on " + Objects.toString(row.get("granted_on"), "?").toLowerCase(java.util.Locale.ROOT)
                    + " " + Objects.toString(row.get("name"), "");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", name);
            for (String col : List.of("privilege", "granted_on", "name", "grant_option", "granted_by")) {
                if (row.get(col) != null) d.put(col, row.get(col));
            }
            out.add(new LiveNode(role.path() + "/grants/" + i++, label, "grant", true, null, d));
        }
        return out;
    }
}
