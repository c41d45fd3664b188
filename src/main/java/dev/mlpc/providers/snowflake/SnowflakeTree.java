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

    /**
     * The path of the node of an object, from its type, name and containers ({@code database}, {@code schema}) as
     * Snowflake stores them; null for a kind the tree shows no node of (grants are rows of their role) or without a
     * container it needs. The paths {@link #children} gives.
     */
    static String path(String type, String name, Map<String, String> containers) {
        if (name == null || name.isEmpty()) return null;
        String db = containers.get("database");
        String sc = containers.get("schema");
        String schema = db == null || sc == null ? null : "databases/" + segment(db) + "/schemas/" + segment(sc);
        String folder = switch (type) {
            case SnowflakeTypes.DATABASE -> "databases";
            case SnowflakeTypes.WAREHOUSE -> "warehouses";
            case SnowflakeTypes.ROLE -> "roles";
            case SnowflakeTypes.API_INTEGRATION, SnowflakeTypes.STORAGE_INTEGRATION -> "integrations";
            case SnowflakeTypes.SCHEMA -> db == null ? null : "databases/" + segment(db) + "/schemas";
            case SnowflakeTypes.TABLE -> schema == null ? null : schema + "/tables";
            case SnowflakeTypes.STAGE -> schema == null ? null : schema + "/stages";
            case SnowflakeTypes.PIPE -> schema == null ? null : schema + "/pipes";
            case SnowflakeTypes.EXTERNAL_FUNCTION, SnowflakeTypes.FUNCTION -> schema == null ? null : schema + "/functions";
            case SnowflakeTypes.FILE_FORMAT -> schema == null ? null : schema + "/file_formats";
            default -> null;
        };
        return folder == null ? null : folder + "/" + segment(name);
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

    // ---- details and whole-account search -------------------------------------------------------------------------

    /**
     * What the details pane shows of a node beyond its tree details. A table: its columns with their types and
     * nullability ({@code SHOW COLUMNS IN TABLE}, one query), its size in bytes and row estimate (the {@code rows} and
     * {@code bytes} of the {@code SHOW TABLES} row: taken from the node when the folder listing brought them, else one
     * {@code SHOW TABLES LIKE … IN SCHEMA}). A role: its members ({@code SHOW GRANTS OF ROLE}) and grants
     * ({@code SHOW GRANTS TO ROLE}), two queries. Other nodes: nothing, no query.
     */
    Map<String, Object> describe(LiveNode node) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> d = node.details();
        String name = d.get("name") == null ? null : String.valueOf(d.get("name"));
        if (name == null) return out;
        if (node.kind().equals("table") && d.get("database") != null && d.get("schema") != null) {
            String db = String.valueOf(d.get("database"));
            String schema = String.valueOf(d.get("schema"));
            Object rows = d.get("rows");
            Object bytes = d.get("bytes");
            if (rows == null || bytes == null) {
                for (Map<String, String> row : reader.query("SHOW TABLES LIKE " + SfSql.literal(name) + " IN SCHEMA "
                        + SfSql.qualified(db, schema))) {
                    if (name.equals(row.get("name"))) {
                        rows = row.get("rows");
                        bytes = row.get("bytes");
                    }
                }
            }
            List<String> columns = new ArrayList<>();
            for (Map<String, String> c : reader.query("SHOW COLUMNS IN TABLE " + SfSql.qualified(db, schema, name))) {
                String type = SfTypes.fromShowColumns(c.get("data_type"));
                boolean nullable = !"false".equalsIgnoreCase(c.get("null?")) && !"N".equalsIgnoreCase(c.get("null?"));
                columns.add(c.get("column_name") + " " + (type == null ? Objects.toString(c.get("data_type"), "?") : type)
                        + (nullable ? "" : " NOT NULL"));
            }
            out.put("columns", columns);
            out.put("size", size(bytes));
            out.put("row estimate", rows == null || String.valueOf(rows).isBlank() ? "unknown" : number(rows));
        } else if (node.kind().equals("role")) {
            List<String> members = new ArrayList<>();
            for (Map<String, String> row : reader.query("SHOW GRANTS OF ROLE " + SfSql.ident(name))) {
                members.add(Objects.toString(row.get("granted_to"), "?").toLowerCase(java.util.Locale.ROOT) + " "
                        + Objects.toString(row.get("grantee_name"), "?"));
            }
            List<String> grants = new ArrayList<>();
            for (Map<String, String> row : reader.query("SHOW GRANTS TO ROLE " + SfSql.ident(name))) {
                grants.add(row.get("privilege") + " on " + Objects.toString(row.get("granted_on"), "?").toLowerCase(java.util.Locale.ROOT)
                        + " " + Objects.toString(row.get("name"), "")
                        + ("true".equalsIgnoreCase(row.get("grant_option")) ? " (with grant option)" : ""));
            }
            out.put("members", members);
            out.put("grants", grants);
        }
        return out;
    }

    /** {@code 12345678} bytes as {@code "11.8 MiB (12345678 bytes)"}; unknown when Snowflake did not say. */
    static String size(Object bytes) {
        if (bytes == null || String.valueOf(bytes).isBlank()) return "unknown";
        long b;
        try {
            b = Long.parseLong(String.valueOf(bytes).strip());
        } catch (NumberFormatException e) {
            return String.valueOf(bytes);
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], b);
    }

    private static Object number(Object v) {
        try {
            return Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            return String.valueOf(v);
        }
    }

    /**
     * Whole-account search: the databases, schemas, tables, roles and warehouses whose names contain {@code text}
     * (case-insensitive), at most {@code limit}, in tree order. Snowflake has no single catalog that is both current
     * and spans every kind (each database's INFORMATION_SCHEMA covers only that database and needs a running
     * warehouse; SNOWFLAKE.ACCOUNT_USAGE lags by up to hours and needs imported privileges), so this runs one
     * {@code SHOW … LIKE '%text%'} per kind, account-wide ({@code SHOW SCHEMAS / TABLES … IN ACCOUNT}): five
     * metadata-only statements answered by the cloud services layer without a warehouse, filtered on the server,
     * their number fixed whatever the size of the account. {@code LIKE} treats {@code _} and {@code %} as wildcards,
     * so the rows are filtered again here on the plain substring.
     */
    List<LiveNode> search(String text, int limit) throws SQLException {
        String needle = text.strip().toLowerCase(java.util.Locale.ROOT);
        String like = " LIKE " + SfSql.literal("%" + text.strip() + "%");
        List<LiveNode> out = new ArrayList<>();
        for (Map<String, String> row : reader.query("SHOW DATABASES" + like + " LIMIT " + limit)) {
            String name = row.get("name");
            if (!matches(name, needle)) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("database", name);
            out.add(new LiveNode("databases/" + segment(name), name, "database", false,
                    new ResourceKey(SnowflakeTypes.DATABASE, name), d));
        }
        for (Map<String, String> row : reader.query("SHOW SCHEMAS" + like + " IN ACCOUNT LIMIT " + limit)) {
            String name = row.get("name");
            String db = row.get("database_name");
            if (!matches(name, needle) || db == null) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("database", db);
            d.put("schema", name);
            out.add(new LiveNode("databases/" + segment(db) + "/schemas/" + segment(name), name, "schema", false,
                    new ResourceKey(SnowflakeTypes.SCHEMA, name), d));
        }
        for (Map<String, String> row : reader.query("SHOW TABLES" + like + " IN ACCOUNT LIMIT " + limit)) {
            String name = row.get("name");
            String db = row.get("database_name");
            String schema = row.get("schema_name");
            if (!matches(name, needle) || db == null || schema == null) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("database", db);
            d.put("schema", schema);
            for (String col : List.of("kind", "rows", "bytes", "comment")) {
                if (row.get(col) != null && !row.get(col).isEmpty()) d.put(col, row.get(col));
            }
            out.add(new LiveNode("databases/" + segment(db) + "/schemas/" + segment(schema) + "/tables/" + segment(name),
                    name, "table", true, new ResourceKey(SnowflakeTypes.TABLE, name), d));
        }
        for (Map<String, String> row : reader.query("SHOW ROLES" + like)) {
            String name = row.get("name");
            if (!matches(name, needle)) continue;
            out.add(new LiveNode("roles/" + segment(name), name, "role", false, new ResourceKey(SnowflakeTypes.ROLE, name),
                    Map.of("name", name)));
        }
        for (Map<String, String> row : reader.query("SHOW WAREHOUSES" + like)) {
            String name = row.get("name");
            if (!matches(name, needle)) continue;
            out.add(new LiveNode("warehouses/" + segment(name), name, "warehouse", true,
                    new ResourceKey(SnowflakeTypes.WAREHOUSE, name), Map.of("name", name)));
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static boolean matches(String name, String needle) {
        return name != null && name.toLowerCase(java.util.Locale.ROOT).contains(needle);
    }
}
