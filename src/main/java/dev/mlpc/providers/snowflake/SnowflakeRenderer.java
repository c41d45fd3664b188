package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.snowflake.SnowflakeTypes.Columns;
import dev.mlpc.providers.snowflake.SnowflakeTypes.Grants;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static dev.mlpc.providers.snowflake.SfSql.ident;
import static dev.mlpc.providers.snowflake.SfSql.literal;
import static dev.mlpc.providers.snowflake.SfSql.literalList;
import static dev.mlpc.providers.snowflake.SfSql.qualified;

/**
 * Snowflake statements for creating, changing and dropping the {@link SnowflakeTypes} resources. Every name goes
 * through {@link SfSql#ident} (objects in a schema fully qualified, {@code DB.SCHEMA.NAME}) and every text value
 * through {@link SfSql#literal}; the text is deterministic. Statements run on the session's connection (no targets).
 * <p>
 * Updates use {@code ALTER … SET} for a written value and {@code ALTER … UNSET} for an emptied comment. Safety of
 * updates: widening is SAFE; shrinking a warehouse or its clusters, setting a resource monitor, disabling or narrowing
 * an integration, moving a stage, making a column NOT NULL and enabling managed access are UNSAFE; revoking, dropping
 * a column and removing a role from a role are DESTRUCTIVE.
 */
public final class SnowflakeRenderer implements Renderer {

    @Override
    public List<Statement> create(Resource r) {
        return switch (r.type()) {
            case SnowflakeTypes.DATABASE -> one(createDatabase(r));
            case SnowflakeTypes.WAREHOUSE -> one(createWarehouse(r));
            case SnowflakeTypes.SCHEMA -> one(createSchema(r));
            case SnowflakeTypes.ROLE -> one("CREATE ROLE " + ident(r.name()) + commentClause(r));
            case SnowflakeTypes.TABLE -> one(createTable(r));
            case SnowflakeTypes.GRANT -> grantStatements(r, true, privileges(r.list("privileges")));
            case SnowflakeTypes.API_INTEGRATION -> one(createApiIntegration(r));
            case SnowflakeTypes.STORAGE_INTEGRATION -> one(createStorageIntegration(r));
            case SnowflakeTypes.EXTERNAL_FUNCTION -> one(createFunction(r));
            case SnowflakeTypes.FUNCTION -> one(createUdf(r, false));
            case SnowflakeTypes.FILE_FORMAT -> one(createFileFormat(r));
            case SnowflakeTypes.STAGE -> one(createStage(r));
            case SnowflakeTypes.PIPE -> one(createPipe(r));
            default -> throw unknown(r);
        };
    }

    @Override
    public Rendered update(Resource r, ObservedResource observed, Set<String> changed) {
        return switch (r.type()) {
            case SnowflakeTypes.DATABASE -> simpleAlter("DATABASE " + ident(r.name()), r, changed,
                    List.of("data_retention_time_in_days", "comment"));
            case SnowflakeTypes.WAREHOUSE -> updateWarehouse(r, observed, changed);
            case SnowflakeTypes.SCHEMA -> updateSchema(r, observed, changed);
            case SnowflakeTypes.ROLE -> simpleAlter("ROLE " + ident(r.name()), r, changed, List.of("comment"));
            case SnowflakeTypes.TABLE -> updateTable(r, observed, changed);
            case SnowflakeTypes.GRANT -> updateGrant(r, observed, changed);
            case SnowflakeTypes.API_INTEGRATION -> updateApiIntegration(r, observed, changed);
            case SnowflakeTypes.STORAGE_INTEGRATION -> updateStorageIntegration(r, observed, changed);
            case SnowflakeTypes.EXTERNAL_FUNCTION -> updateFunction(r, changed);
            case SnowflakeTypes.FUNCTION -> changed.contains("body")
                    ? new Rendered(one(createUdf(r, true)), Safety.SAFE)
                    : simpleAlter("FUNCTION " + signature(r), r, changed, List.of("comment"));
            case SnowflakeTypes.FILE_FORMAT -> updateFileFormat(r, changed);
            case SnowflakeTypes.STAGE -> updateStage(r, changed);
            case SnowflakeTypes.PIPE -> simpleAlter("PIPE " + inSchema(r, r.name()), r, changed, List.of("comment"));
            default -> throw unknown(r);
        };
    }

    @Override
    public List<Statement> drop(Resource r, ObservedResource observed) {
        return switch (r.type()) {
            case SnowflakeTypes.DATABASE -> one("DROP DATABASE " + ident(r.name()));
            case SnowflakeTypes.WAREHOUSE -> one("DROP WAREHOUSE " + ident(r.name()));
            case SnowflakeTypes.SCHEMA -> one("DROP SCHEMA " + qualified(r.string("database"), r.name()));
            case SnowflakeTypes.ROLE -> one("DROP ROLE " + ident(r.name()));
            case SnowflakeTypes.TABLE -> one("DROP TABLE " + inSchema(r, r.name()));
            case SnowflakeTypes.GRANT -> grantStatements(r, false, privileges(r.list("privileges")));
            case SnowflakeTypes.API_INTEGRATION -> one("DROP API INTEGRATION " + ident(r.name()));
            case SnowflakeTypes.STORAGE_INTEGRATION -> one("DROP STORAGE INTEGRATION " + ident(r.name()));
            case SnowflakeTypes.EXTERNAL_FUNCTION, SnowflakeTypes.FUNCTION -> one("DROP FUNCTION " + signature(r));
            case SnowflakeTypes.FILE_FORMAT -> one("DROP FILE FORMAT " + inSchema(r, r.name()));
            case SnowflakeTypes.STAGE -> one("DROP STAGE " + inSchema(r, r.name()));
            case SnowflakeTypes.PIPE -> one("DROP PIPE " + inSchema(r, r.name()));
            default -> throw unknown(r);
        };
    }

    @Override
    public List<PlanWarning> warnings(Stack stack) {
        List<PlanWarning> out = new ArrayList<>();
        Map<String, Resource> seen = new HashMap<>();
        for (Resource r : stack.resources()) {
            String key = r.type() + " " + (r.has("database") ? SfSql.stored(r.string("database")) + "." : "")
                    + (r.has("schema") && !r.type().equals(SnowflakeTypes.GRANT) ? SfSql.stored(r.string("schema")) + "." : "")
                    + SfSql.stored(r.name());
            Resource earlier = seen.putIfAbsent(key, r);
            if (earlier != null && !r.type().equals(SnowflakeTypes.GRANT)) {
                out.add(new PlanWarning(r.type(), r.name(), "same-object",
                        Problem.quote(r.name()) + " and " + Problem.quote(earlier.name()) + " name the same Snowflake object (plain names are"
                                + " case-insensitive): the second one changes the first"));
            }
            if (r.type().equals(SnowflakeTypes.TABLE) && Boolean.TRUE.equals(r.bool("transient"))) {
                out.add(new PlanWarning(r.type(), r.name(), "transient-table",
                        "a transient table has no Fail-safe: data lost beyond its Time Travel period cannot be recovered"));
            }
            if (r.type().equals(SnowflakeTypes.GRANT) && r.list("privileges").stream()
                    .anyMatch(p -> "ALL".equalsIgnoreCase(String.valueOf(p)))) {
                out.add(new PlanWarning(r.type(), r.name(), "all-privileges",
                        "ALL grants every privilege of the object, including ones added later; list what the role needs"));
            }
            if (r.type().equals(SnowflakeTypes.PIPE)) pipeShape(stack, r, out);
            if (r.type().equals(SnowflakeTypes.WAREHOUSE) && Long.valueOf(0).equals(r.integer("auto_suspend"))) {
                out.add(new PlanWarning(r.type(), r.name(), "never-suspends",
                        "auto_suspend 0: the warehouse never suspends and uses credits while idle"));
            }
        }
        return out;
    }

    /** Semi-structured formats: COPY produces one VARIANT column from them unless told how to split it. */
    private static final Set<String> SEMI_STRUCTURED = Set.of("JSON", "AVRO", "ORC", "PARQUET", "XML");

    /**
     * A pipe whose file format (in the stack) is semi-structured and whose table (in the stack) has more than one
     * column needs {@code match_by_column_name} or {@code copy_transform}: Snowflake refuses the plain COPY ("JSON file
     * format can produce one and only one column of type variant or object or array. Use CSV file format if you want
     * to load more than one column.").
     */
    private static void pipeShape(Stack stack, Resource pipe, List<PlanWarning> out) {
        if (pipe.has("copy_transform") || (pipe.has("match_by_column_name")
                && !"NONE".equalsIgnoreCase(pipe.string("match_by_column_name")))) return;
        String format = null;
        int columns = -1;
        for (Resource r : stack.resources()) {
            if (!sameSchema(r, pipe)) continue;
            if (r.type().equals(SnowflakeTypes.FILE_FORMAT) && pipe.has("file_format")
                    && SfSql.stored(r.name()).equals(SfSql.stored(pipe.string("file_format")))) {
                format = String.valueOf(r.get("format_type")).toUpperCase(Locale.ROOT);
            }
            if (r.type().equals(SnowflakeTypes.TABLE) && SfSql.stored(r.name()).equals(SfSql.stored(pipe.string("table")))) {
                columns = r.list("columns").size();
            }
        }
        if (format != null && SEMI_STRUCTURED.contains(format) && columns > 1) {
            out.add(new PlanWarning(pipe.type(), pipe.name(), "pipe-copy-shape", "file format " + pipe.string("file_format")
                    + " is " + format + ", which COPY loads as one VARIANT column, but table " + pipe.string("table") + " has "
                    + columns + " columns: Snowflake refuses this pipe; set match_by_column_name or copy_transform"));
        }
    }

    private static boolean sameSchema(Resource a, Resource b) {
        return a.string("database") != null && a.string("schema") != null
                && SfSql.stored(a.string("database")).equals(SfSql.stored(b.string("database")))
                && SfSql.stored(a.string("schema")).equals(SfSql.stored(b.string("schema")));
    }

    /**
     * What the live read could not make sense of ({@link SnowflakeInventoryReader#UNKNOWN}): one warning per
     * property, which is then neither compared nor a reason for a replace.
     */
    @Override
    public List<PlanWarning> notes(Resource desired, ObservedResource live) {
        if (!(live.get(SnowflakeInventoryReader.UNKNOWN) instanceof Map<?, ?> unknown)) return List.of();
        List<PlanWarning> out = new ArrayList<>();
        unknown.forEach((path, why) -> out.add(new PlanWarning(desired.type(), desired.name(), "unknown-live-value",
                path + ": " + why + "; it is treated as unknown (not compared, never replaced)")));
        return out;
    }

    // ---- databases, warehouses, schemas ----

    private static String createDatabase(Resource r) {
        StringBuilder b = new StringBuilder("CREATE ");
        if (Boolean.TRUE.equals(r.bool("transient"))) b.append("TRANSIENT ");
        b.append("DATABASE ").append(ident(r.name()));
        if (r.has("data_retention_time_in_days")) b.append(" DATA_RETENTION_TIME_IN_DAYS = ").append(r.integer("data_retention_time_in_days"));
        return b.append(commentClause(r)).toString();
    }

    private static String createWarehouse(Resource r) {
        StringBuilder with = new StringBuilder();
        warehouseParams(r, WAREHOUSE_PARAMS, with);
        if (r.has("initially_suspended")) with.append(" INITIALLY_SUSPENDED = ").append(bool(r.bool("initially_suspended")));
        return "CREATE WAREHOUSE " + ident(r.name()) + (with.length() > 0 ? " WITH" + with : "") + commentClause(r);
    }

    private static final List<String> WAREHOUSE_PARAMS = List.of("warehouse_size", "warehouse_type", "auto_suspend",
            "auto_resume", "min_cluster_count", "max_cluster_count", "scaling_policy", "resource_monitor");

    private static void warehouseParams(Resource r, Collection<String> which, StringBuilder b) {
        for (String p : WAREHOUSE_PARAMS) {
            if (!which.contains(p) || !r.has(p)) continue;
            b.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ");
            switch (p) {
                case "warehouse_size", "scaling_policy" -> b.append(r.string(p).toUpperCase(Locale.ROOT));
                case "warehouse_type" -> b.append(literal(r.string(p).toUpperCase(Locale.ROOT)));
                case "auto_resume" -> b.append(bool(r.bool(p)));
                case "resource_monitor" -> b.append(ident(r.string(p)));
                default -> b.append(r.integer(p));
            }
        }
    }

    private Rendered updateWarehouse(Resource r, ObservedResource observed, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        StringBuilder set = new StringBuilder();
        warehouseParams(r, changed, set);
        String name = "ALTER WAREHOUSE " + ident(r.name());
        if (set.length() > 0) out.add(Statement.of(name + " SET" + set));
        if (changed.contains("warehouse_size")
                && SnowflakeTypes.Warehouses.rank(r.string("warehouse_size")) < SnowflakeTypes.Warehouses.rank(observed.get("warehouse_size"))) {
            safety = Safety.UNSAFE;
        }
        if (changed.contains("max_cluster_count") && lowers(r.integer("max_cluster_count"), observed.get("max_cluster_count"))) {
            safety = Safety.UNSAFE;
        }
        if (changed.contains("resource_monitor") || changed.contains("warehouse_type")) safety = Safety.UNSAFE;
        if (changed.contains("auto_resume") && Boolean.FALSE.equals(r.bool("auto_resume"))) safety = Safety.UNSAFE;
        out.addAll(comment(name, r, changed));
        return new Rendered(out, safety);
    }

    private static String createSchema(Resource r) {
        StringBuilder b = new StringBuilder("CREATE ");
        if (Boolean.TRUE.equals(r.bool("transient"))) b.append("TRANSIENT ");
        b.append("SCHEMA ").append(qualified(r.string("database"), r.name()));
        if (Boolean.TRUE.equals(r.bool("managed_access"))) b.append(" WITH MANAGED ACCESS");
        if (r.has("data_retention_time_in_days")) b.append(" DATA_RETENTION_TIME_IN_DAYS = ").append(r.integer("data_retention_time_in_days"));
        return b.append(commentClause(r)).toString();
    }

    private Rendered updateSchema(Resource r, ObservedResource observed, Set<String> changed) {
        String name = "SCHEMA " + qualified(r.string("database"), r.name());
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        if (changed.contains("managed_access")) {
            boolean on = Boolean.TRUE.equals(r.bool("managed_access"));
            out.add(Statement.of("ALTER " + name + (on ? " ENABLE" : " DISABLE") + " MANAGED ACCESS"));
            if (on) safety = Safety.UNSAFE;
        }
        Rendered rest = simpleAlter(name, r, changed, List.of("data_retention_time_in_days", "comment"));
        out.addAll(rest.statements());
        if (changed.contains("data_retention_time_in_days")
                && lowers(r.integer("data_retention_time_in_days"), observed.get("data_retention_time_in_days"))) {
            safety = Safety.UNSAFE;
        }
        return new Rendered(out, safety);
    }

    // ---- tables ----

    private static String createTable(Resource r) {
        StringBuilder b = new StringBuilder("CREATE ");
        if (Boolean.TRUE.equals(r.bool("transient"))) b.append("TRANSIENT ");
        b.append("TABLE ").append(inSchema(r, r.name())).append(" (");
        List<String> cols = new ArrayList<>();
        for (Map<?, ?> c : Columns.byName(r.get("columns")).values()) cols.add(columnDefinition(c));
        b.append(String.join(", ", cols)).append(')');
        if (!r.list("cluster_by").isEmpty()) b.append(" CLUSTER BY (").append(clusterKeys(r)).append(')');
        if (r.has("data_retention_time_in_days")) b.append(" DATA_RETENTION_TIME_IN_DAYS = ").append(r.integer("data_retention_time_in_days"));
        if (r.has("change_tracking")) b.append(" CHANGE_TRACKING = ").append(bool(r.bool("change_tracking")));
        return b.append(commentClause(r)).toString();
    }

    /** {@code NAME TYPE [NOT NULL] [DEFAULT expr] [COMMENT 'text']}; the type and default were checked by the type. */
    private static String columnDefinition(Map<?, ?> c) {
        StringBuilder b = new StringBuilder(ident(String.valueOf(c.get("name")))).append(' ')
                .append(SnowflakeTypes.canonicalType(String.valueOf(c.get("type"))));
        if (!Columns.nullable(c)) b.append(" NOT NULL");
        if (c.get("default") != null) b.append(" DEFAULT ").append(expression(String.valueOf(c.get("default"))));
        if (c.get("comment") != null && !String.valueOf(c.get("comment")).isEmpty()) {
            b.append(" COMMENT ").append(literal(String.valueOf(c.get("comment"))));
        }
        return b.toString();
    }

    private static String clusterKeys(Resource r) {
        List<String> keys = new ArrayList<>();
        for (Object k : r.list("cluster_by")) keys.add(expression(String.valueOf(k)));
        return String.join(", ", keys);
    }

    private Rendered updateTable(Resource r, ObservedResource observed, Set<String> changed) {
        String table = "ALTER TABLE " + inSchema(r, r.name());
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        if (changed.contains("columns")) {
            Map<String, Map<?, ?>> want = Columns.byName(r.get("columns"));
            Map<String, Map<?, ?>> have = Columns.byName(observed.get("columns"));
            for (Map.Entry<String, Map<?, ?>> e : want.entrySet()) {
                Map<?, ?> hc = have.get(e.getKey());
                Map<?, ?> wc = e.getValue();
                String col = ident(e.getKey());
                if (hc == null) {
                    out.add(Statement.of(table + " ADD COLUMN " + columnDefinition(wc)));
                    continue;
                }
                if (wc.get("nullable") != null && Columns.nullable(wc) != Columns.nullable(hc)) {
                    boolean notNull = !Columns.nullable(wc);
                    out.add(Statement.of(table + " ALTER COLUMN " + col + (notNull ? " SET NOT NULL" : " DROP NOT NULL")));
                    if (notNull) safety = safety.max(Safety.UNSAFE);
                }
                Object wcom = wc.get("comment");
                if (wcom != null && !Objects.equals(emptyToNull(wcom), emptyToNull(hc.get("comment")))) {
                    String text = String.valueOf(wcom);
                    out.add(Statement.of(table + " ALTER COLUMN " + col
                            + (text.isEmpty() ? " UNSET COMMENT" : " COMMENT " + literal(text))));
                }
            }
            for (String gone : have.keySet()) {
                if (!want.containsKey(gone)) {
                    out.add(Statement.of(table + " DROP COLUMN " + ident(gone)));
                    safety = Safety.DESTRUCTIVE;
                }
            }
        }
        if (changed.contains("cluster_by")) {
            out.add(Statement.of(r.list("cluster_by").isEmpty() ? table + " DROP CLUSTERING KEY"
                    : table + " CLUSTER BY (" + clusterKeys(r) + ")"));
        }
        Rendered rest = simpleAlter("TABLE " + inSchema(r, r.name()), r, changed,
                List.of("change_tracking", "data_retention_time_in_days", "comment"));
        out.addAll(rest.statements());
        if (changed.contains("data_retention_time_in_days")
                && lowers(r.integer("data_retention_time_in_days"), observed.get("data_retention_time_in_days"))) {
            safety = safety.max(Safety.UNSAFE);
        }
        return new Rendered(out, safety);
    }

    // ---- grants ----

    private Rendered updateGrant(Resource r, ObservedResource observed, Set<String> changed) {
        if (!changed.contains("privileges")) return new Rendered(List.of(), Safety.SAFE);
        List<String> want = privileges(r.list("privileges"));
        List<String> have = privileges(observed.get("privileges") instanceof List<?> l ? l : List.of());
        List<String> add = want.stream().filter(p -> !have.contains(p)).toList();
        List<String> remove = have.stream().filter(p -> !want.contains(p)).toList();
        List<Statement> out = new ArrayList<>();
        out.addAll(grantStatements(r, true, add));
        out.addAll(grantStatements(r, false, remove));
        return new Rendered(out, remove.isEmpty() ? Safety.SAFE : Safety.DESTRUCTIVE);
    }

    /**
     * GRANT (or REVOKE) privileges on the grant's target to (from) its role; for a role-to-role grant
     * {@code GRANT ROLE a TO ROLE b}. Empty when there are no privileges to grant.
     */
    static List<Statement> grantStatements(Resource r, boolean grant, List<String> privileges) {
        String role = " ROLE " + ident(r.string("role"));
        String to = grant ? " TO" : " FROM";
        if (r.has("granted_role")) {
            return one((grant ? "GRANT" : "REVOKE") + " ROLE " + ident(r.string("granted_role")) + to + role);
        }
        if (privileges.isEmpty()) return List.of();
        String list = String.join(", ", privileges);
        return one((grant ? "GRANT " : "REVOKE ") + list + " ON " + target(r) + to + role);
    }

    /** The object part of a grant: {@code ACCOUNT}, {@code TABLE DB.S.T}, {@code FUTURE TABLES IN SCHEMA DB.S}, … */
    static String target(Resource r) {
        Map.Entry<String, String> on = Grants.on(r);
        if (on == null) throw new IllegalArgumentException("snowflake.grant " + r.name() + ": on names no target");
        String v = on.getValue();
        return switch (on.getKey()) {
            case "account" -> "ACCOUNT";
            case "database" -> "DATABASE " + ident(v);
            case "schema" -> "SCHEMA " + qualified(r.string("database"), v);
            case "warehouse" -> "WAREHOUSE " + ident(v);
            case "integration" -> "INTEGRATION " + ident(v);
            case "table" -> "TABLE " + inSchema(r, v);
            case "stage" -> "STAGE " + inSchema(r, v);
            case "pipe" -> "PIPE " + inSchema(r, v);
            case "function" -> "FUNCTION " + inSchema(r, v) + "(" + String.join(", ", r.list("argument_types").stream()
                    .map(t -> SnowflakeTypes.canonicalType(String.valueOf(t))).toList()) + ")";
            case "all", "future" -> on.getKey().toUpperCase(Locale.ROOT) + " "
                    + v.toUpperCase(Locale.ROOT).replace('_', ' ') + " IN "
                    + (r.has("schema") ? "SCHEMA " + qualified(r.string("database"), r.string("schema"))
                    : "DATABASE " + ident(r.string("database")));
            default -> throw new IllegalArgumentException("snowflake.grant " + r.name() + ": unknown target " + Problem.quote(on.getKey()));
        };
    }

    /** Privileges upper-cased, without duplicates, in the order Snowflake's reference lists them. */
    static List<String> privileges(Collection<?> list) {
        Set<String> s = new LinkedHashSet<>();
        list.forEach(p -> s.add(String.valueOf(p).toUpperCase(Locale.ROOT)));
        return Grants.ALL_PRIVILEGES.stream().filter(s::contains).toList();
    }

    // ---- integrations ----

    private static String createApiIntegration(Resource r) {
        StringBuilder b = new StringBuilder("CREATE API INTEGRATION ").append(ident(r.name()))
                .append(" API_PROVIDER = ").append(r.string("api_provider").toLowerCase(Locale.ROOT));
        apiParams(r, API_PARAMS, b);
        return b.append(commentClause(r)).toString();
    }

    private static final List<String> API_PARAMS = List.of("api_aws_role_arn", "azure_tenant_id", "azure_ad_application_id",
            "google_audience", "api_allowed_prefixes", "api_blocked_prefixes", "enabled");

    private static void apiParams(Resource r, Collection<String> which, StringBuilder b) {
        for (String p : API_PARAMS) {
            if (!which.contains(p) || r.get(p) == null) continue;
            if (p.endsWith("_prefixes") && r.list(p).isEmpty()) continue;
            b.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ").append(value(r, p));
        }
    }

    private Rendered updateApiIntegration(Resource r, ObservedResource observed, Set<String> changed) {
        String name = "ALTER API INTEGRATION " + ident(r.name());
        StringBuilder set = new StringBuilder();
        apiParams(r, changed, set);
        List<Statement> out = new ArrayList<>();
        if (set.length() > 0) out.add(Statement.of(name + " SET" + set));
        if (changed.contains("api_blocked_prefixes") && r.list("api_blocked_prefixes").isEmpty()) {
            out.add(Statement.of(name + " UNSET API_BLOCKED_PREFIXES"));
        }
        out.addAll(comment(name, r, changed));
        return new Rendered(out, integrationSafety(r, observed, changed, "api_allowed_prefixes", "api_blocked_prefixes",
                List.of("api_aws_role_arn", "azure_tenant_id", "azure_ad_application_id", "google_audience")));
    }

    private static String createStorageIntegration(Resource r) {
        StringBuilder b = new StringBuilder("CREATE STORAGE INTEGRATION ").append(ident(r.name()))
                .append(" TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = ").append(literal(r.string("storage_provider").toUpperCase(Locale.ROOT)));
        storageParams(r, STORAGE_PARAMS, b);
        return b.append(commentClause(r)).toString();
    }

    private static final List<String> STORAGE_PARAMS = List.of("enabled", "storage_aws_role_arn", "azure_tenant_id",
            "storage_allowed_locations", "storage_blocked_locations");

    private static void storageParams(Resource r, Collection<String> which, StringBuilder b) {
        for (String p : STORAGE_PARAMS) {
            if (!which.contains(p) || r.get(p) == null) continue;
            if (p.endsWith("_locations") && r.list(p).isEmpty()) continue;
            b.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ").append(value(r, p));
        }
    }

    private Rendered updateStorageIntegration(Resource r, ObservedResource observed, Set<String> changed) {
        String name = "ALTER STORAGE INTEGRATION " + ident(r.name());
        StringBuilder set = new StringBuilder();
        storageParams(r, changed, set);
        List<Statement> out = new ArrayList<>();
        if (set.length() > 0) out.add(Statement.of(name + " SET" + set));
        if (changed.contains("storage_blocked_locations") && r.list("storage_blocked_locations").isEmpty()) {
            out.add(Statement.of(name + " UNSET STORAGE_BLOCKED_LOCATIONS"));
        }
        out.addAll(comment(name, r, changed));
        return new Rendered(out, integrationSafety(r, observed, changed, "storage_allowed_locations",
                "storage_blocked_locations", List.of("storage_aws_role_arn", "azure_tenant_id")));
    }

    /** Disabling, allowing fewer locations, blocking more or changing the identity it uses are UNSAFE. */
    private static Safety integrationSafety(Resource r, ObservedResource observed, Set<String> changed, String allowed,
                                            String blocked, List<String> identity) {
        if (changed.contains("enabled") && Boolean.FALSE.equals(r.bool("enabled"))) return Safety.UNSAFE;
        if (changed.contains(allowed)) {
            Set<String> want = strings(r.list(allowed));
            if (!want.containsAll(strings(observed.get(allowed) instanceof List<?> l ? l : List.of()))) return Safety.UNSAFE;
        }
        if (changed.contains(blocked)) {
            Set<String> have = strings(observed.get(blocked) instanceof List<?> l ? l : List.of());
            if (!have.containsAll(strings(r.list(blocked)))) return Safety.UNSAFE;
        }
        for (String p : identity) if (changed.contains(p)) return Safety.UNSAFE;
        return Safety.SAFE;
    }

    // ---- external functions ----

    private static String createFunction(Resource r) {
        StringBuilder b = new StringBuilder("CREATE EXTERNAL FUNCTION ").append(inSchema(r, r.name())).append('(');
        b.append(String.join(", ", argumentDefinitions(r))).append(") RETURNS ").append(SnowflakeTypes.canonicalType(r.string("returns")));
        b.append(commentClause(r));
        b.append(" API_INTEGRATION = ").append(ident(r.string("api_integration")));
        functionParams(r, FUNCTION_PARAMS, b);
        return b.append(" AS ").append(literal(r.string("url"))).toString();
    }

    private static final List<String> FUNCTION_PARAMS = List.of("headers", "context_headers", "max_batch_rows",
            "compression", "request_translator", "response_translator");

    private static void functionParams(Resource r, Collection<String> which, StringBuilder b) {
        for (String p : FUNCTION_PARAMS) {
            if (!which.contains(p) || r.get(p) == null) continue;
            String v = switch (p) {
                case "headers" -> headers(r);
                case "context_headers" -> contextHeaders(r);
                case "max_batch_rows" -> String.valueOf(r.integer(p));
                case "compression" -> r.string(p).toUpperCase(Locale.ROOT);
                default -> inSchema(r, r.string(p));
            };
            if (v == null) continue;
            b.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ").append(v);
        }
    }

    private static String headers(Resource r) {
        if (!(r.get("headers") instanceof Map<?, ?> m) || m.isEmpty()) return null;
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(m.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))))
                .forEach((k, v) -> pairs.add(literal(k) + " = " + literal(v)));
        return "(" + String.join(", ", pairs) + ")";
    }

    private static String contextHeaders(Resource r) {
        List<String> fns = r.list("context_headers").stream().map(x -> String.valueOf(x).toUpperCase(Locale.ROOT))
                .filter(SnowflakeTypes.Functions.CONTEXT_FUNCTIONS::contains).distinct().toList();
        return fns.isEmpty() ? null : "(" + String.join(", ", fns) + ")";
    }

    private Rendered updateFunction(Resource r, Set<String> changed) {
        String name = "ALTER FUNCTION " + signature(r);
        List<Statement> out = new ArrayList<>();
        if (changed.contains("api_integration")) {
            out.add(Statement.of(name + " SET API_INTEGRATION = " + ident(r.string("api_integration"))));
        }
        for (String p : FUNCTION_PARAMS) {
            if (!changed.contains(p)) continue;
            StringBuilder one = new StringBuilder();
            functionParams(r, Set.of(p), one);
            out.add(Statement.of(one.length() > 0 ? name + " SET" + one : name + " UNSET " + p.toUpperCase(Locale.ROOT)));
        }
        out.addAll(comment(name, r, changed));
        Safety safety = changed.contains("api_integration") ? Safety.UNSAFE : Safety.SAFE;
        return new Rendered(out, safety);
    }

    /**
     * {@code CREATE FUNCTION DB.S.F(EVENT OBJECT) RETURNS OBJECT LANGUAGE JAVASCRIPT COMMENT = '…' AS '<body>'}; with
     * {@code replace}, {@code CREATE OR REPLACE … COPY GRANTS} (a new body keeps the grants on the function).
     */
    private static String createUdf(Resource r, boolean replace) {
        StringBuilder b = new StringBuilder(replace ? "CREATE OR REPLACE FUNCTION " : "CREATE FUNCTION ")
                .append(inSchema(r, r.name())).append('(').append(String.join(", ", argumentDefinitions(r))).append(')');
        if (replace) b.append(" COPY GRANTS");
        b.append(" RETURNS ").append(SnowflakeTypes.canonicalType(r.string("returns")))
                .append(" LANGUAGE ").append(r.string("language").toUpperCase(Locale.ROOT));
        b.append(commentClause(r));
        return b.append(" AS ").append(literal(r.string("body"))).toString();
    }

    /** {@code NAME TYPE} for each argument, in order. */
    private static List<String> argumentDefinitions(Resource r) {
        List<String> args = new ArrayList<>();
        for (Object a : r.list("arguments")) {
            if (a instanceof Map<?, ?> m) {
                args.add(ident(String.valueOf(m.get("name"))) + " " + SnowflakeTypes.canonicalType(String.valueOf(m.get("type"))));
            }
        }
        return args;
    }

    /** {@code DB.S.F(TYPE, …)}: how ALTER and DROP name a function. */
    static String signature(Resource r) {
        return inSchema(r, r.name()) + "(" + String.join(", ", SnowflakeTypes.Functions.argumentTypes(r)) + ")";
    }

    // ---- file formats, stages, pipes ----

    private static final List<String> FORMAT_OPTIONS = List.of("compression", "field_delimiter", "skip_header",
            "field_optionally_enclosed_by", "null_if", "strip_outer_array");

    private static void formatOptions(Resource r, Collection<String> which, StringBuilder b) {
        for (String p : FORMAT_OPTIONS) {
            if (!which.contains(p) || r.get(p) == null) continue;
            String v = switch (p) {
                case "compression" -> r.string(p).toUpperCase(Locale.ROOT);
                case "skip_header" -> String.valueOf(r.integer(p));
                case "strip_outer_array" -> bool(r.bool(p));
                case "null_if" -> literalList(r.list(p));
                default -> literal(r.string(p));
            };
            b.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ").append(v);
        }
    }

    private static String createFileFormat(Resource r) {
        StringBuilder b = new StringBuilder("CREATE FILE FORMAT ").append(inSchema(r, r.name()))
                .append(" TYPE = ").append(r.string("format_type").toUpperCase(Locale.ROOT));
        formatOptions(r, FORMAT_OPTIONS, b);
        return b.append(commentClause(r)).toString();
    }

    private Rendered updateFileFormat(Resource r, Set<String> changed) {
        String name = "ALTER FILE FORMAT " + inSchema(r, r.name());
        StringBuilder set = new StringBuilder();
        formatOptions(r, changed, set);
        List<Statement> out = new ArrayList<>();
        if (set.length() > 0) out.add(Statement.of(name + " SET" + set));
        out.addAll(comment(name, r, changed));
        return new Rendered(out, set.length() > 0 ? Safety.UNSAFE : Safety.SAFE);
    }

    private static String createStage(Resource r) {
        StringBuilder b = new StringBuilder("CREATE STAGE ").append(inSchema(r, r.name()));
        stageParams(r, List.of("url", "storage_integration", "file_format"), b);
        return b.append(commentClause(r)).toString();
    }

    private static void stageParams(Resource r, Collection<String> which, StringBuilder b) {
        if (which.contains("url") && r.has("url")) b.append(" URL = ").append(literal(r.string("url")));
        if (which.contains("storage_integration") && r.has("storage_integration")) {
            b.append(" STORAGE_INTEGRATION = ").append(ident(r.string("storage_integration")));
        }
        if (which.contains("file_format") && r.has("file_format")) b.append(" FILE_FORMAT = ").append(formatName(r));
    }

    /** {@code (FORMAT_NAME = 'DB.S.F')}: the format's qualified name, itself quoted as a string. */
    private static String formatName(Resource r) {
        return "(FORMAT_NAME = " + literal(inSchema(r, r.string("file_format"))) + ")";
    }

    private Rendered updateStage(Resource r, Set<String> changed) {
        String name = "ALTER STAGE " + inSchema(r, r.name());
        StringBuilder set = new StringBuilder();
        stageParams(r, changed, set);
        List<Statement> out = new ArrayList<>();
        if (set.length() > 0) out.add(Statement.of(name + " SET" + set));
        out.addAll(comment(name, r, changed));
        boolean moved = changed.contains("url") || changed.contains("storage_integration") || changed.contains("file_format");
        return new Rendered(out, moved ? Safety.UNSAFE : Safety.SAFE);
    }

    private static String createPipe(Resource r) {
        StringBuilder b = new StringBuilder("CREATE PIPE ").append(inSchema(r, r.name()));
        if (r.has("auto_ingest")) b.append(" AUTO_INGEST = ").append(bool(r.bool("auto_ingest")));
        if (r.has("aws_sns_topic")) b.append(" AWS_SNS_TOPIC = ").append(literal(r.string("aws_sns_topic")));
        if (r.has("integration")) b.append(" INTEGRATION = ").append(literal(SfSql.stored(r.string("integration"))));
        b.append(commentClause(r));
        b.append(" AS COPY INTO ").append(inSchema(r, r.string("table")));
        List<Object> transform = r.list("copy_transform");
        if (transform.isEmpty()) {
            b.append(" FROM @").append(inSchema(r, r.string("stage")));
        } else {
            List<String> columns = new ArrayList<>();
            List<String> select = new ArrayList<>();
            for (Object o : transform) {
                Map<?, ?> t = (Map<?, ?>) o;
                columns.add(ident(String.valueOf(t.get("column"))));
                select.add(expression(String.valueOf(t.get("expression"))));
            }
            b.append(" (").append(String.join(", ", columns)).append(") FROM (SELECT ").append(String.join(", ", select))
                    .append(" FROM @").append(inSchema(r, r.string("stage"))).append(')');
        }
        if (r.has("file_format")) b.append(" FILE_FORMAT = ").append(formatName(r));
        if (r.has("match_by_column_name")) {
            b.append(" MATCH_BY_COLUMN_NAME = ").append(r.string("match_by_column_name").toUpperCase(Locale.ROOT));
        }
        return b.toString();
    }

    // ---- helpers ----

    /** {@code ALTER <what> SET P = v, …} for the changed properties, {@code UNSET COMMENT} for an emptied comment. */
    private static Rendered simpleAlter(String what, Resource r, Set<String> changed, List<String> props) {
        List<Statement> out = new ArrayList<>();
        StringBuilder set = new StringBuilder();
        for (String p : props) {
            if (p.equals("comment") || !changed.contains(p) || r.get(p) == null) continue;
            Object v = r.get(p);
            set.append(' ').append(p.toUpperCase(Locale.ROOT)).append(" = ")
                    .append(v instanceof Boolean b ? bool(b) : v instanceof Number ? String.valueOf(v) : literal(String.valueOf(v)));
        }
        if (set.length() > 0) out.add(Statement.of("ALTER " + what + " SET" + set));
        if (props.contains("comment")) out.addAll(comment("ALTER " + what, r, changed));
        return new Rendered(out, Safety.SAFE);
    }

    /** {@code <alter> SET COMMENT = '…'}, or {@code UNSET COMMENT} for an empty comment; nothing when unchanged. */
    private static List<Statement> comment(String alter, Resource r, Set<String> changed) {
        if (!changed.contains("comment")) return List.of();
        String text = r.string("comment");
        return one(text == null || text.isEmpty() ? alter + " UNSET COMMENT" : alter + " SET COMMENT = " + literal(text));
    }

    /** {@code  COMMENT = '…'} for a create, or nothing. */
    private static String commentClause(Resource r) {
        String text = r.string("comment");
        return text == null || text.isEmpty() ? "" : " COMMENT = " + literal(text);
    }

    /** An object in the resource's database and schema: {@code DB.SCHEMA.NAME}. */
    private static String inSchema(Resource r, String name) {
        return qualified(r.string("database"), r.string("schema"), name);
    }

    private static String value(Resource r, String p) {
        Object v = r.get(p);
        if (v instanceof Boolean b) return bool(b);
        if (v instanceof List<?> l) return literalList(l);
        return literal(String.valueOf(v));
    }

    /** A checked SQL expression (default, clustering key) as it goes into a statement. */
    private static String expression(String e) {
        String bad = SnowflakeTypes.Expressions.check(e);
        if (bad != null) throw new IllegalArgumentException("expression " + e + ": " + bad);
        return e.strip();
    }

    private static String bool(Boolean b) {
        return Boolean.TRUE.equals(b) ? "TRUE" : "FALSE";
    }

    private static boolean lowers(Long want, Object have) {
        return want != null && have instanceof Number h && want < h.longValue();
    }

    private static Object emptyToNull(Object v) {
        return v == null || "".equals(v) ? null : v;
    }

    private static Set<String> strings(Collection<?> l) {
        Set<String> s = new LinkedHashSet<>();
        l.forEach(x -> s.add(String.valueOf(x)));
        return s;
    }

    private static List<Statement> one(String sql) {
        return List.of(Statement.of(sql));
    }

    private static IllegalArgumentException unknown(Resource r) {
        return new IllegalArgumentException("not a Snowflake resource type: " + r.type());
    }
}
