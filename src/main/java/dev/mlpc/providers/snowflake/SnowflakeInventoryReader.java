package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the observed state of managed Snowflake resources in bulk: one {@code SHOW} per managed kind over the whole
 * account ({@code SHOW DATABASES}, {@code SHOW WAREHOUSES}, {@code SHOW ROLES}, {@code SHOW SCHEMAS IN ACCOUNT},
 * {@code SHOW TABLES IN ACCOUNT}, {@code SHOW INTEGRATIONS}, {@code SHOW USER FUNCTIONS IN ACCOUNT},
 * {@code SHOW FILE FORMATS IN ACCOUNT}, {@code SHOW STAGES IN ACCOUNT}, {@code SHOW PIPES IN ACCOUNT}), each read at
 * most once per inventory ({@link #showOnce}) and paged with {@code LIMIT 10000 FROM '<last name>'} when a page is
 * full; table columns with one {@code SHOW COLUMNS IN ACCOUNT}; grants with one {@code SHOW GRANTS TO ROLE} per managed
 * role that exists (known from the one {@code SHOW ROLES}) and {@code SHOW FUTURE GRANTS TO ROLE} for roles with
 * managed future grants. {@code DESCRIBE} runs only where SHOW lacks a managed property: once per managed integration
 * and external function that exists, and per managed stage whose stack sets a file format
 * ({@link SnowflakeObjectReader}). The number of queries does not depend on how many objects exist.
 * <p>
 * Objects are matched by their stored names ({@link SfSql#stored}) and reported under the stack's resource keys and
 * spellings; column types are reported in the stack's spelling when they mean the same stored type.
 * <p>
 * Grants {@code on: {all: <kind>}} are observed as the privileges the role holds on every object of the kind in
 * the scope (read from that kind's one SHOW); with no such objects they count as held (granting would change nothing).
 */
final class SnowflakeInventoryReader {
    static final int PAGE = 10_000;

    static final String FUNCTIONS_SHOW = "USER FUNCTIONS IN ACCOUNT";
    /** The SHOW that lists each kind of object {@code on: {all: …}} names. */
    private static final Map<String, String> ALL_KIND_SHOW = Map.of("table", "TABLES IN ACCOUNT",
            "schema", "SCHEMAS IN ACCOUNT", "stage", "STAGES IN ACCOUNT", "pipe", "PIPES IN ACCOUNT",
            "function", FUNCTIONS_SHOW, "file_format", "FILE FORMATS IN ACCOUNT");

    private final SnowflakeConnector connector;
    private final Connection connection;
    private final SnowflakeObjectReader objects = new SnowflakeObjectReader(this);
    private final Map<String, List<Map<String, String>>> shown = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * DESCRIBEs run this many at a time on the one (thread-safe) connection, each with its own statement (system
     * property {@code mlpc.snowflake.describeParallelism}, default 8; 1 runs them one after another).
     */
    static final int PARALLEL = Math.max(1, Integer.getInteger("mlpc.snowflake.describeParallelism", 8));

    SnowflakeInventoryReader(SnowflakeConnector connector, Connection connection) {
        this.connector = connector;
        this.connection = connection;
    }

    Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        Map<String, List<Resource>> byType = new LinkedHashMap<>();
        Set<String> unreadable = new TreeSet<>();
        for (Resource r : managed) {
            if (r.type().equals(SnowflakeTypes.GRANT) && !r.has("granted_role")) {
                Map.Entry<String, String> on = SnowflakeTypes.Grants.on(r);
                if (on == null || !SnowflakeTypes.Grants.TARGETS.containsKey(on.getKey())) unreadable.add(r.name());
            }
            byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r);
        }
        if (!unreadable.isEmpty()) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": these grants name no known target in"
                    + " 'on' and cannot be read: " + String.join(", ", unreadable));
        }
        List<ObservedResource> observed = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Resource>> e : byType.entrySet()) {
                progress.checkCancelled();
                progress.status("Reading " + e.getKey().substring("snowflake.".length()) + "s");
                switch (e.getKey()) {
                    case SnowflakeTypes.DATABASE -> databases(e.getValue(), observed);
                    case SnowflakeTypes.WAREHOUSE -> warehouses(e.getValue(), observed);
                    case SnowflakeTypes.SCHEMA -> schemas(e.getValue(), observed);
                    case SnowflakeTypes.ROLE -> roles(e.getValue(), observed);
                    case SnowflakeTypes.TABLE -> tables(e.getValue(), observed);
                    case SnowflakeTypes.GRANT -> grants(e.getValue(), observed, progress);
                    case SnowflakeTypes.API_INTEGRATION -> objects.integrations(true, e.getValue(), observed);
                    case SnowflakeTypes.STORAGE_INTEGRATION -> objects.integrations(false, e.getValue(), observed);
                    case SnowflakeTypes.EXTERNAL_FUNCTION -> objects.functions(e.getValue(), observed, true);
                    case SnowflakeTypes.FUNCTION -> objects.functions(e.getValue(), observed, false);
                    case SnowflakeTypes.FILE_FORMAT -> objects.fileFormats(e.getValue(), observed);
                    case SnowflakeTypes.STAGE -> objects.stages(e.getValue(), observed);
                    case SnowflakeTypes.PIPE -> objects.pipes(e.getValue(), observed);
                    default -> throw new ProviderException("connection " + Problem.quote(connector.name()) + ": " + e.getKey()
                            + " is not a Snowflake resource type");
                }
            }
        } catch (SQLException e) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": reading the account failed"
                    + failedAt(e) + ": " + connector.error(e));
        }
        return new Inventory(observed, false, queries.get());
    }

    // ---- SHOW with paging ----

    /** Runs {@code SHOW <what>}, following full pages with {@code LIMIT 10000 FROM '<last name>'}. */
    List<Map<String, String>> show(String what) throws SQLException {
        List<Map<String, String>> all = new ArrayList<>();
        List<Map<String, String>> page = query("SHOW " + what);
        all.addAll(page);
        while (page.size() >= PAGE) {
            String last = page.get(page.size() - 1).get("name");
            if (last == null) break;
            page = query("SHOW " + what + " LIMIT " + PAGE + " FROM " + SfSql.literal(last));
            all.addAll(page);
        }
        return all;
    }

    /** {@link #show}, read at most once per inventory (kinds share it: tables for tables and ALL-tables grants, …). */
    List<Map<String, String>> showOnce(String what) throws SQLException {
        List<Map<String, String>> rows = shown.get(what);
        if (rows == null) {
            rows = show(what);
            shown.put(what, rows);
        }
        return rows;
    }

    /** A failed query, carrying the statement that failed (the driver's error as its cause, same code and state). */
    static final class StatementFailed extends SQLException {
        final String sql;

        StatementFailed(String sql, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.sql = sql;
        }
    }

    /** {@code " on <statement>"} when {@code e} tells which statement failed, else empty. */
    static String failedAt(SQLException e) {
        return e instanceof StatementFailed f ? " on " + f.sql : "";
    }

    /** One query; rows as column name (lower case) → text. A failure names the statement ({@link StatementFailed}). */
    List<Map<String, String>> query(String sql) throws SQLException {
        try {
            return run(sql);
        } catch (StatementFailed e) {
            throw e;
        } catch (SQLException e) {
            throw new StatementFailed(sql, e);
        }
    }

    private List<Map<String, String>> run(String sql) throws SQLException {
        queries.incrementAndGet();
        try (java.sql.Statement st = connection.createStatement()) {
            st.setQueryTimeout(connector.querySeconds());
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                String[] names = new String[md.getColumnCount()];
                for (int i = 0; i < names.length; i++) names[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < names.length; i++) row.put(names[i], rs.getString(i + 1));
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    int queries() { return queries.get(); }

    /**
     * Runs independent queries (DESCRIBEs) up to {@link #PARALLEL} at a time and returns their rows in the same
     * order: with 100 ms per round trip, 40 DESCRIBEs take ~0.5 s instead of 4 s. The snowflake-jdbc connection is
     * thread-safe for separate statements. The first failure is thrown after all have finished.
     */
    List<List<Map<String, String>>> queryAll(List<String> sqls) throws SQLException {
        if (sqls.size() <= 1) {
            List<List<Map<String, String>>> out = new ArrayList<>();
            for (String sql : sqls) out.add(query(sql));
            return out;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(PARALLEL, sqls.size()), r -> {
                    Thread t = new Thread(r, "mlpc-sf-describe");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<List<Map<String, String>>>> futures = new ArrayList<>();
            for (String sql : sqls) futures.add(pool.submit(() -> query(sql)));
            List<List<Map<String, String>>> out = new ArrayList<>();
            SQLException first = null;
            for (java.util.concurrent.Future<List<Map<String, String>>> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof SQLException q ? q : new SQLException(e.getCause());
                    out.add(List.of());
                }
            }
            if (first != null) throw first;
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the account", e);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- kinds ----

    private static String key(String... storedParts) {
        return String.join("\u0000", storedParts);
    }

    private static Map<String, Map<String, String>> index(List<Map<String, String>> rows, String... columns) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Map<String, String> row : rows) {
            String[] parts = new String[columns.length];
            for (int i = 0; i < columns.length; i++) parts[i] = Objects.toString(row.get(columns[i]), "");
            out.put(key(parts), row);
        }
        return out;
    }

    private void databases(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = index(showOnce("DATABASES"), "name");
        for (Resource r : managed) {
            Map<String, String> row = rows.get(key(SfSql.stored(r.name())));
            if (row == null) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("transient", isTransient(row));
            putInt(p, "data_retention_time_in_days", row.get("retention_time"));
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    private void warehouses(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = index(showOnce("WAREHOUSES"), "name");
        for (Resource r : managed) {
            Map<String, String> row = rows.get(key(SfSql.stored(r.name())));
            if (row == null) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            putText(p, "warehouse_size", warehouseSize(row.get("size")));
            putText(p, "warehouse_type", row.get("type"));
            putInt(p, "auto_suspend", row.get("auto_suspend"));
            putBool(p, "auto_resume", row.get("auto_resume"));
            putInt(p, "min_cluster_count", row.get("min_cluster_count"));
            putInt(p, "max_cluster_count", row.get("max_cluster_count"));
            putText(p, "scaling_policy", row.get("scaling_policy"));
            String monitor = row.get("resource_monitor");
            if (monitor != null && !monitor.isBlank() && !"null".equalsIgnoreCase(monitor)) {
                p.put("resource_monitor", spelled(r.string("resource_monitor"), monitor));
            }
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    /** {@code X-Small} → XSMALL, {@code 2X-Large} → XXLARGE, {@code 4X-Large} → X4LARGE: the stack's size names. */
    static String warehouseSize(String shown) {
        if (shown == null) return null;
        String s = shown.toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
        return switch (s) {
            case "2XLARGE" -> "XXLARGE";
            case "3XLARGE" -> "XXXLARGE";
            case "4XLARGE" -> "X4LARGE";
            case "5XLARGE" -> "X5LARGE";
            case "6XLARGE" -> "X6LARGE";
            default -> s;
        };
    }

    private void schemas(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = index(showOnce("SCHEMAS IN ACCOUNT"), "database_name", "name");
        for (Resource r : managed) {
            Map<String, String> row = rows.get(key(SfSql.stored(r.string("database")), SfSql.stored(r.name())));
            if (row == null) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("database", r.string("database"));
            p.put("transient", isTransient(row));
            p.put("managed_access", Objects.toString(row.get("options"), "").toUpperCase(Locale.ROOT).contains("MANAGED ACCESS"));
            putInt(p, "data_retention_time_in_days", row.get("retention_time"));
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    private Map<String, Map<String, String>> roleRows;

    /** {@code SHOW ROLES}, read once for both roles and grants. */
    private Map<String, Map<String, String>> roleRows() throws SQLException {
        if (roleRows == null) roleRows = index(showOnce("ROLES"), "name");
        return roleRows;
    }

    private void roles(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = roleRows();
        for (Resource r : managed) {
            Map<String, String> row = rows.get(key(SfSql.stored(r.name())));
            if (row == null) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    private void tables(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = index(showOnce("TABLES IN ACCOUNT"), "database_name", "schema_name", "name");
        Map<String, Resource> found = new LinkedHashMap<>();
        for (Resource r : managed) {
            String k = key(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")), SfSql.stored(r.name()));
            if (rows.containsKey(k)) found.put(k, r);
        }
        if (found.isEmpty()) return;
        Map<String, List<Map<String, String>>> columns = columns(found.keySet());
        for (Map.Entry<String, Resource> e : found.entrySet()) {
            Resource r = e.getValue();
            Map<String, String> row = rows.get(e.getKey());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("database", r.string("database"));
            p.put("schema", r.string("schema"));
            p.put("transient", isTransient(row));
            p.put("columns", columns(r, columns.getOrDefault(e.getKey(), List.of()), p));
            p.put("cluster_by", clusterBy(r, row.get("cluster_by")));
            String ct = row.get("change_tracking");
            if (ct != null) p.put("change_tracking", "ON".equalsIgnoreCase(ct) || "true".equalsIgnoreCase(ct));
            putInt(p, "data_retention_time_in_days", row.get("retention_time"));
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    /**
     * Managed tables up to this many have their columns read with one {@code SHOW COLUMNS IN TABLE} each (run
     * {@link #PARALLEL} at a time, so up to 8 cost one round trip of wall time); more are read per schema
     * ({@code SHOW COLUMNS IN SCHEMA}, when they lie in at most this many schemas) or else with one
     * {@code SHOW COLUMNS IN ACCOUNT}. {@code SHOW COLUMNS} has no {@code LIMIT … FROM} clause (Snowflake's SQL
     * reference, SHOW COLUMNS syntax), so it cannot be paged: the narrowest scope that stays within a handful of queries
     * is used instead. System property {@code mlpc.snowflake.columnsByTable}, default 8.
     */
    static final int COLUMNS_BY_TABLE = Math.max(0, Integer.getInteger("mlpc.snowflake.columnsByTable", 8));

    /** The live columns of the tables {@code keys} (db \0 schema \0 table, stored names), by that key. */
    private Map<String, List<Map<String, String>>> columns(Collection<String> keys) throws SQLException {
        Map<String, List<Map<String, String>>> out = new HashMap<>();
        List<List<String>> tables = keys.stream().map(k -> List.of(k.split("\u0000", -1))).toList();
        if (tables.size() <= COLUMNS_BY_TABLE) {
            List<String> sqls = new ArrayList<>();
            for (List<String> t : tables) sqls.add("SHOW COLUMNS IN TABLE " + SfSql.qualified(t.get(0), t.get(1), t.get(2)));
            List<List<Map<String, String>>> rows = queryAll(sqls);
            for (int i = 0; i < tables.size(); i++) out.put(key(tables.get(i).toArray(String[]::new)), rows.get(i));
            return out;
        }
        Set<List<String>> schemas = new LinkedHashSet<>();
        for (List<String> t : tables) schemas.add(t.subList(0, 2));
        List<String> sqls = new ArrayList<>();
        if (schemas.size() <= COLUMNS_BY_TABLE) {
            for (List<String> sc : schemas) sqls.add("SHOW COLUMNS IN SCHEMA " + SfSql.qualified(sc.get(0), sc.get(1)));
        } else {
            sqls.add("SHOW COLUMNS IN ACCOUNT");
        }
        for (List<Map<String, String>> rows : queryAll(sqls)) {
            for (Map<String, String> c : rows) {
                out.computeIfAbsent(key(Objects.toString(c.get("database_name"), ""), Objects.toString(c.get("schema_name"), ""),
                        Objects.toString(c.get("table_name"), "")), x -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** Live columns in the stack's spelling where they mean the same: names by stored form, types by canonical form. */
    /**
     * Key of the observed properties that were shown in a shape mlpc cannot read: property path → what was shown.
     * Not a property of any type (the differ ignores it); {@link SnowflakeRenderer#notes} turns it into plan warnings.
     * Such a property is reported as the stack has it, so it is neither compared nor ever the reason for a replace.
     */
    static final String UNKNOWN = "$unknown";

    /** Records that {@code path} was shown as {@code shown}, which mlpc cannot read. */
    static void unknown(Map<String, Object> observed, String path, String shown) {
        why(observed, path, "Snowflake shows " + (shown == null ? "nothing" : clip(shown)) + ", which mlpc cannot read");
    }

    /** Records that {@code path} is unknown for the reason {@code why}. */
    @SuppressWarnings("unchecked")
    static void why(Map<String, Object> observed, String path, String why) {
        ((Map<String, String>) observed.computeIfAbsent(UNKNOWN, k -> new LinkedHashMap<String, String>())).put(path, why);
    }

    /** At most 200 characters of text from the server, control characters shown as '?'. */
    private static String clip(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static List<Map<String, Object>> columns(Resource r, List<Map<String, String>> live, Map<String, Object> observed) {
        Map<String, Map<?, ?>> want = new HashMap<>();
        for (Map<?, ?> c : SnowflakeTypes.Columns.byName(r.get("columns")).values()) {
            want.put(SfSql.stored(String.valueOf(c.get("name"))), c);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, String> c : live) {
            String stored = c.get("column_name");
            Map<?, ?> w = want.get(stored);
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", w != null ? String.valueOf(w.get("name")) : stored);
            String type = SfTypes.fromShowColumns(c.get("data_type"));
            Object wantType = w == null ? null : w.get("type");
            if (type == null) {
                // a data_type shape mlpc cannot read: unknown, never a type change (a replace would drop the data)
                unknown(observed, "columns." + col.get("name") + ".type", c.get("data_type"));
                if (wantType != null) col.put("type", wantType);
            } else {
                col.put("type", wantType != null && SfTypes.canonical(String.valueOf(wantType)).equals(type) ? wantType : type);
            }
            String nullable = c.get("null?");
            if (nullable != null) col.put("nullable", !("false".equalsIgnoreCase(nullable) || "N".equalsIgnoreCase(nullable)));
            String def = c.get("default");
            if (def != null && !def.isEmpty()) {
                Object wantDefault = w == null ? null : w.get("default");
                col.put("default", wantDefault != null && sameExpression(String.valueOf(wantDefault), def) ? wantDefault : def);
            }
            String comment = c.get("comment");
            if (comment != null && !comment.isEmpty()) col.put("comment", comment);
            out.add(col);
        }
        return out;
    }

    private static boolean sameExpression(String a, String b) {
        return a.replaceAll("\\s+", "").equalsIgnoreCase(b.replaceAll("\\s+", ""));
    }

    /** {@code LINEAR(a, b)} → the stack's keys when they are the same expressions, else the live ones. */
    private static List<Object> clusterBy(Resource r, String shown) {
        if (shown == null || shown.isBlank()) return List.of();
        String s = shown.strip();
        if (s.toUpperCase(Locale.ROOT).startsWith("LINEAR(") && s.endsWith(")")) s = s.substring(7, s.length() - 1);
        List<Object> live = new ArrayList<>(splitTopLevel(s));
        List<Object> want = r.list("cluster_by");
        if (want.size() == live.size()) {
            boolean same = true;
            for (int i = 0; i < want.size() && same; i++) same = sameExpression(String.valueOf(want.get(i)), String.valueOf(live.get(i)));
            if (same) return want;
        }
        return live;
    }

    /** Splits at commas outside parentheses and quoted strings: {@code a, f(b, c)} → [a, f(b, c)]. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '\'') quoted = !quoted;
            if (!quoted && ch == '(') depth++;
            if (!quoted && ch == ')') depth--;
            if (!quoted && depth == 0 && ch == ',') {
                out.add(b.toString().strip());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        if (!b.toString().isBlank()) out.add(b.toString().strip());
        return out;
    }

    // ---- grants ----

    private void grants(List<Resource> managed, List<ObservedResource> out, Progress progress)
            throws SQLException, ProviderException {
        Map<String, List<Resource>> byRole = new LinkedHashMap<>();
        for (Resource r : managed) byRole.computeIfAbsent(SfSql.stored(r.string("role")), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Resource>> e : byRole.entrySet()) {
            progress.checkCancelled();
            String role = e.getKey();
            if (!roleRows().containsKey(key(role))) continue; // a role that does not exist holds no grants
            List<Map<String, String>> rows = query("SHOW GRANTS TO ROLE " + SfSql.ident(role));
            List<Map<String, String>> future = List.of();
            boolean anyFuture = e.getValue().stream().anyMatch(r -> {
                Map.Entry<String, String> on = SnowflakeTypes.Grants.on(r);
                return !r.has("granted_role") && on != null && on.getKey().equals("future");
            });
            if (anyFuture) future = query("SHOW FUTURE GRANTS TO ROLE " + SfSql.ident(role));
            for (Resource r : e.getValue()) {
                ObservedResource o = grant(r, rows, future);
                if (o != null) out.add(o);
            }
        }
    }

    private ObservedResource grant(Resource r, List<Map<String, String>> rows, List<Map<String, String>> future)
            throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String k : List.of("role", "on", "database", "schema", "argument_types", "granted_role")) {
            if (r.has(k)) p.put(k, r.get(k));
        }
        if (r.has("granted_role")) {
            String granted = SfSql.stored(r.string("granted_role"));
            for (Map<String, String> row : rows) {
                if ("ROLE".equalsIgnoreCase(row.get("granted_on")) && List.of(granted).equals(nameParts(row.get("name")))) {
                    return new ObservedResource(r.key(), p);
                }
            }
            return null;
        }
        Map.Entry<String, String> on = SnowflakeTypes.Grants.on(r);
        Set<String> wanted = new LinkedHashSet<>();
        r.list("privileges").forEach(x -> wanted.add(String.valueOf(x).toUpperCase(Locale.ROOT)));
        Set<String> have = new LinkedHashSet<>();
        if (on.getKey().equals("future")) {
            String kind = SnowflakeTypes.Grants.privilegeKind(on).toUpperCase(Locale.ROOT);
            List<String> scope = r.has("schema") ? List.of(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")))
                    : List.of(SfSql.stored(r.string("database")));
            for (Map<String, String> row : future) {
                String grantOn = row.containsKey("grant_on") ? row.get("grant_on") : row.get("granted_on");
                List<String> parts = nameParts(row.get("name"));
                if (kind.equalsIgnoreCase(Objects.toString(grantOn, "").replace(' ', '_'))
                        && parts.size() == scope.size() + 1 && parts.subList(0, scope.size()).equals(scope)) {
                    have.add(row.get("privilege").toUpperCase(Locale.ROOT));
                }
            }
        } else if (on.getKey().equals("all")) {
            have.addAll(allHeld(r, on, rows, wanted));
        } else if (on.getKey().equals("function")) {
            List<String> types = new ArrayList<>();
            for (Object t : r.list("argument_types")) types.add(SnowflakeObjectReader.signatureType(String.valueOf(t)));
            String want = key(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")),
                    SfSql.stored(on.getValue()) + "(" + String.join(",", types) + ")");
            for (Map<String, String> row : rows) {
                if ("FUNCTION".equalsIgnoreCase(row.get("granted_on"))
                        && want.equals(SnowflakeObjectReader.grantedFunctionKey(nameParts(row.get("name"))))) {
                    have.add(row.get("privilege").toUpperCase(Locale.ROOT));
                }
            }
        } else {
            String kind = on.getKey().toUpperCase(Locale.ROOT);
            List<String> name = switch (on.getKey()) {
                case "account" -> null;
                case "database", "warehouse", "integration" -> List.of(SfSql.stored(on.getValue()));
                case "schema" -> List.of(SfSql.stored(r.string("database")), SfSql.stored(on.getValue()));
                default -> List.of(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")), SfSql.stored(on.getValue()));
            };
            for (Map<String, String> row : rows) {
                String grantedOn = Objects.toString(row.get("granted_on"), "").replace('_', ' ');
                boolean kindMatches = grantedOn.equalsIgnoreCase(kind)
                        || (kind.equals("INTEGRATION") && grantedOn.toUpperCase(Locale.ROOT).endsWith("INTEGRATION"));
                if (kindMatches && (name == null || name.equals(nameParts(row.get("name"))))) {
                    have.add(row.get("privilege").toUpperCase(Locale.ROOT));
                }
            }
        }
        if (!wanted.contains("OWNERSHIP")) have.remove("OWNERSHIP");
        if (have.isEmpty()) return null;
        p.put("privileges", new ArrayList<>(have));
        return new ObservedResource(r.key(), p);
    }

    /**
     * The privileges a role holds on every object of the kind {@code on: {all: kind}} names in its database or schema
     * (the objects from that kind's one SHOW, the role's from its SHOW GRANTS rows); all of {@code wanted} when there
     * are no such objects, since granting on none changes nothing.
     */
    private Set<String> allHeld(Resource r, Map.Entry<String, String> on, List<Map<String, String>> rows, Set<String> wanted)
            throws SQLException {
        String kind = SnowflakeTypes.Grants.privilegeKind(on).toLowerCase(Locale.ROOT);
        String show = ALL_KIND_SHOW.get(kind);
        if (show == null) return Set.of();
        boolean function = kind.equals("function");
        String db = SfSql.stored(r.string("database"));
        String schema = r.has("schema") ? SfSql.stored(r.string("schema")) : null;
        List<String> objectsInScope = new ArrayList<>();
        for (Map<String, String> row : showOnce(show)) {
            String rowDb = function ? row.get("catalog_name") : row.get("database_name");
            if (!db.equals(rowDb)) continue;
            if (kind.equals("schema")) {
                if (!"INFORMATION_SCHEMA".equals(row.get("name"))) objectsInScope.add(key(db, row.get("name")));
                continue;
            }
            if (schema != null && !schema.equals(row.get("schema_name"))) continue;
            objectsInScope.add(function ? SnowflakeObjectReader.functionKey(row)
                    : key(db, Objects.toString(row.get("schema_name"), ""), Objects.toString(row.get("name"), "")));
        }
        if (objectsInScope.isEmpty()) return wanted;
        String grantedOn = kind.toUpperCase(Locale.ROOT).replace('_', ' ');
        Map<String, Set<String>> held = new HashMap<>();
        for (Map<String, String> row : rows) {
            if (!grantedOn.equalsIgnoreCase(Objects.toString(row.get("granted_on"), "").replace('_', ' '))) continue;
            List<String> parts = nameParts(row.get("name"));
            String k = function ? SnowflakeObjectReader.grantedFunctionKey(parts) : key(parts.toArray(String[]::new));
            held.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(row.get("privilege").toUpperCase(Locale.ROOT));
        }
        Set<String> common = null;
        for (String o : objectsInScope) {
            Set<String> h = held.getOrDefault(o, Set.of());
            if (common == null) common = new LinkedHashSet<>(h);
            else common.retainAll(h);
        }
        return common;
    }

    /** {@code DB."my schema".T} → [DB, my schema, T]: the stored name of each part. */
    static List<String> nameParts(String name) {
        List<String> out = new ArrayList<>();
        if (name == null) return out;
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '.') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    // ---- values ----

    private static boolean isTransient(Map<String, String> row) {
        return Objects.toString(row.get("options"), "").toUpperCase(Locale.ROOT).contains("TRANSIENT")
                || "TRANSIENT".equalsIgnoreCase(row.get("kind"));
    }

    private static void putInt(Map<String, Object> p, String key, String value) {
        if (value == null || value.isBlank() || "null".equalsIgnoreCase(value)) return;
        try {
            p.put(key, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            // not a number (e.g. an unexpected format): left out, so the differ treats it as unknown
        }
    }

    private static void putBool(Map<String, Object> p, String key, String value) {
        if (value == null || value.isBlank() || "null".equalsIgnoreCase(value)) return;
        p.put(key, "true".equalsIgnoreCase(value) || "Y".equalsIgnoreCase(value) || "1".equals(value) || "ON".equalsIgnoreCase(value));
    }

    private static void putText(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isEmpty()) p.put(key, value);
    }

    /** The stack's spelling of a name when it is the same stored name. */
    private static String spelled(String want, String stored) {
        return want != null && SfSql.stored(want).equals(stored) ? want : stored;
    }
}
