package dev.mlpc.testing.snowflake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mlpc.testing.snowflake.SfColumn.text;
import static dev.mlpc.testing.snowflake.SfColumn.timestampLtz;

/**
 * An in-memory Snowflake account for the simulator: executes the DDL mlpc's renderer emits for databases, warehouses,
 * schemas, roles, tables and grants (CREATE, ALTER … SET/UNSET and the other ALTER forms, DROP, GRANT, REVOKE) and
 * answers SHOW from what it holds (with Snowflake's columns, {@link ShowColumns}; SHOW COLUMNS and SHOW FUTURE GRANTS
 * with their own), with the 10,000-row cap and {@code LIMIT … FROM} paging. Statements it does not know get a
 * Snowflake syntax error (1003 / 42000); missing objects 2003 / 02000; existing ones 2002 / 42710. A test can make a
 * chosen statement fail ({@link #failWhen}). Plug it in with {@link #attach}. Thread-safe (one lock).
 */
public final class SimCatalog implements SfQueryHandler {
    /** SHOW COLUMNS (docs: SHOW COLUMNS output); {@code data_type} is a JSON object. */
    public static final List<SfColumn> COLUMNS = List.of(text("table_name"), text("schema_name"), text("column_name"),
            text("data_type"), text("null?"), text("default"), text("kind"), text("expression"), text("comment"),
            text("database_name"), text("autoincrement"), text("schema_evolution_record"));
    /** SHOW FUTURE GRANTS TO ROLE (docs: SHOW GRANTS output for future grants). */
    public static final List<SfColumn> FUTURE_GRANTS = List.of(timestampLtz("created_on"), text("privilege"),
            text("grant_on"), text("name"), text("grant_to"), text("grantee_name"), text("grant_option"));

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final Object lock = new Object();
    private final Map<String, Map<String, Object>> databases = new TreeMap<>();
    private final Map<String, Map<String, Object>> warehouses = new TreeMap<>();
    private final Map<String, Map<String, Object>> roles = new TreeMap<>();
    /** key: db \0 schema */
    private final Map<String, Map<String, Object>> schemas = new TreeMap<>();
    /** key: db \0 schema \0 table */
    private final Map<String, Table> tables = new TreeMap<>();
    private final Set<Grant> grants = new LinkedHashSet<>();
    private final List<Predicate<String>> failures = new CopyOnWriteArrayList<>();
    private final SimObjects objects = new SimObjects(this);

    /** A column as stored. */
    public record Column(String name, String type, boolean nullable, String defaultExpr, String comment) {}

    private static final class Table {
        final String db, schema, name;
        boolean isTransient;
        final List<Column> columns = new ArrayList<>();
        String clusterBy = "";
        boolean changeTracking;
        String retention = "1";
        String comment = "";
        long rows;
        long bytes;

        Table(String db, String schema, String name) {
            this.db = db;
            this.schema = schema;
            this.name = name;
        }
    }

    /** A privilege granted to a role: on an object ({@code future == false}) or on future objects of a kind in a scope. */
    record Grant(String role, String privilege, String on, List<String> name, boolean future) {}

    /** A new account, holding Snowflake's system roles. */
    public SimCatalog() {
        for (String role : SYSTEM_ROLES) roles.put(role, new LinkedHashMap<>(Map.of("comment", "")));
    }

    public SimCatalog attach(SnowflakeSimulator simulator) {
        simulator.handler(this);
        return this;
    }

    /** Statements matching {@code test} fail with 3001 / 42501 (insufficient privileges), once set. */
    /**
     * Shows {@code json} as SHOW COLUMNS' {@code data_type} of every column whose written type {@code typeTest}
     * accepts: to try the reader against a shape Snowflake might use that mlpc does not know.
     */
    public SimCatalog showDataType(Predicate<String> typeTest, String json) {
        shownTypes.add(Map.entry(typeTest, json));
        return this;
    }

    private final List<Map.Entry<Predicate<String>, String>> shownTypes = new CopyOnWriteArrayList<>();

    /**
     * DESCRIBE INTEGRATION / FUNCTION show the row {@code from} under the name {@code to}: to try the reader against
     * output whose rows Snowflake names otherwise than mlpc expects.
     */
    public SimCatalog renameDescribeRow(String from, String to) {
        describeRenames.put(from, to);
        return this;
    }

    final Map<String, String> describeRenames = new java.util.concurrent.ConcurrentHashMap<>();

    /** Roles granted to users ({@code GRANT ROLE r TO USER u}): user → roles. */
    private final Map<String, Set<String>> userRoles = new TreeMap<>();

    /**
     * Sets what SHOW TABLES shows as a table's {@code rows} and {@code bytes} (the simulator loads no data: they are 0
     * until set). Names as stored (upper case for unquoted ones).
     */
    public SimCatalog tableStats(String db, String schema, String table, long rows, long bytes) {
        synchronized (lock) {
            Table t = tables.get(key(List.of(db, schema, table)));
            if (t == null) throw new IllegalArgumentException("no table " + db + "." + schema + "." + table);
            t.rows = rows;
            t.bytes = bytes;
        }
        return this;
    }

    /** {@code GRANT ROLE role TO USER user}, as an administrator outside mlpc would run it (names as stored). */
    public SimCatalog grantRoleToUser(String role, String user) {
        synchronized (lock) {
            userRoles.computeIfAbsent(user, k -> new java.util.TreeSet<>()).add(role);
        }
        return this;
    }

    /** A SHOW LIKE pattern as a regular expression: case-insensitive, {@code %} any text, {@code _} one character. */
    private static Pattern likePattern(String like) {
        StringBuilder b = new StringBuilder();
        for (char c : like.toCharArray()) {
            if (c == '%') b.append(".*");
            else if (c == '_') b.append('.');
            else b.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    public SimCatalog failWhen(Predicate<String> test) {
        failures.add(test);
        return this;
    }

    /** Removes grants matching {@code test} (their object was dropped). */
    void dropGrants(Predicate<Grant> test) {
        grants.removeIf(test);
    }

    /** A plain UDF (e.g. an external function's request translator, which mlpc does not manage). */
    public SimCatalog seedFunction(String db, String schema, String name, String returns, String... argTypes) {
        synchronized (lock) {
            objects.seedFunction(db, schema, name, returns, argTypes);
        }
        return this;
    }

    /** An integration's parameters (lower-case keys; kind API or STORAGE), or null. */
    public Map<String, Object> integration(String name) {
        synchronized (lock) {
            return objects.integration(name);
        }
    }

    public Map<String, Object> stage(String db, String schema, String name) {
        synchronized (lock) {
            return objects.stage(db, schema, name);
        }
    }

    public boolean hasPipe(String db, String schema, String name) {
        synchronized (lock) {
            return objects.hasPipe(db, schema, name);
        }
    }

    public boolean hasFileFormat(String db, String schema, String name) {
        synchronized (lock) {
            return objects.hasFileFormat(db, schema, name);
        }
    }

    public boolean hasExternalFunction(String db, String schema, String name) {
        synchronized (lock) {
            return objects.hasExternalFunction(db, schema, name);
        }
    }

    /**
     * Changes one parameter of an integration, file format, stage, pipe or function behind mlpc's back (drift):
     * {@code kind} INTEGRATION, FILE FORMAT, STAGE, PIPE or FUNCTION, {@code name} its stored name parts.
     */
    public void tamper(String kind, List<String> name, String param, Object value) {
        synchronized (lock) {
            objects.tamper(kind, name, param, value);
        }
    }

    public void clearFailures() {
        failures.clear();
    }

    // ---------------------------------------------------------------- seeding (for large accounts in tests)

    public SimCatalog seedDatabase(String name) {
        synchronized (lock) {
            databases.put(name, newDatabase(false));
        }
        return this;
    }

    public SimCatalog seedSchema(String db, String name) {
        synchronized (lock) {
            schemas.put(key(db, name), newSchema(false, false));
        }
        return this;
    }

    public SimCatalog seedTable(String db, String schema, String name, Column... columns) {
        synchronized (lock) {
            Table t = new Table(db, schema, name);
            t.columns.addAll(Arrays.asList(columns));
            tables.put(key(db, schema, name), t);
        }
        return this;
    }

    public SimCatalog seedRole(String name) {
        synchronized (lock) {
            roles.put(name, new LinkedHashMap<>(Map.of("comment", "")));
        }
        return this;
    }

    public int tableCount() {
        synchronized (lock) {
            return tables.size();
        }
    }

    public boolean hasTable(String db, String schema, String name) {
        synchronized (lock) {
            return tables.containsKey(key(db, schema, name));
        }
    }

    public boolean hasSchema(String db, String name) {
        synchronized (lock) {
            return schemas.containsKey(key(db, name));
        }
    }

    public List<Column> columns(String db, String schema, String table) {
        synchronized (lock) {
            Table t = tables.get(key(db, schema, table));
            return t == null ? List.of() : List.copyOf(t.columns);
        }
    }

    public Set<String> privileges(String role, String on, String... name) {
        synchronized (lock) {
            Set<String> out = new LinkedHashSet<>();
            for (Grant g : grants) {
                if (g.role.equals(role) && g.on.equals(on) && g.name.equals(List.of(name)) && !g.future) out.add(g.privilege);
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- handler

    @Override
    public SfResult handle(String sql, SfSession session) {
        for (Predicate<String> f : failures) {
            if (f.test(sql)) {
                return SfResult.error(3001, "42501", "SQL access control error:\nInsufficient privileges to operate on '"
                        + sql.split("\\s+")[Math.min(2, sql.split("\\s+").length - 1)] + "'");
            }
        }
        String upper = sql.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("ALTER SESSION") || upper.startsWith("USE ") || upper.startsWith("SELECT ")) return null;
        try {
            synchronized (lock) {
                if (upper.startsWith("SHOW ")) return show(sql);
                Tokens t = new Tokens(sql);
                String verb = t.word();
                return switch (verb) {
                    case "CREATE" -> create(t);
                    case "ALTER" -> alter(t);
                    case "DROP" -> drop(t);
                    case "GRANT" -> grant(t, true);
                    case "REVOKE" -> grant(t, false);
                    case "DESCRIBE", "DESC" -> objects.describe(t);
                    default -> syntax(sql);
                };
            }
        } catch (Failure f) {
            return f.error;
        } catch (RuntimeException e) {
            return syntax(sql + " (" + e.getMessage() + ")");
        }
    }

    private static SfResult syntax(String sql) {
        return SfResult.error(1003, "42000", "SQL compilation error:\nsyntax error line 1 at position 0 unexpected '"
                + sql.split("\\s+", 2)[0] + "'. (the simulated catalog does not execute: " + sql + ")");
    }

    /** A Snowflake error raised while executing. */
    static final class Failure extends RuntimeException {
        final SfResult.Error error;

        Failure(SfResult.Error error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    static Failure missing(String kind, List<String> name) {
        return new Failure(SfResult.doesNotExist(kind, String.join(".", name)));
    }

    static Failure exists(String kind, List<String> name) {
        return new Failure(SfResult.error(2002, "42710", "SQL compilation error:\nObject '" + String.join(".", name)
                + "' already exists."));
    }

    static Failure bad(String message) {
        return new Failure(SfResult.error(1003, "42000", "SQL compilation error:\n" + message));
    }

    // ---------------------------------------------------------------- DDL

    private SfResult create(Tokens t) {
        boolean orReplace = false;
        if (t.accept("OR")) {
            t.expect("REPLACE");
            orReplace = true;
        }
        boolean isTransient = t.accept("TRANSIENT");
        String kind = t.word();
        switch (kind) {
            case "DATABASE" -> {
                if (orReplace) throw bad("CREATE OR REPLACE DATABASE is not simulated");
                List<String> n = t.name(1);
                if (databases.containsKey(n.get(0))) throw exists("DATABASE", n);
                Map<String, Object> db = newDatabase(isTransient);
                setParams(t, db);
                databases.put(n.get(0), db);
            }
            case "WAREHOUSE" -> {
                List<String> n = t.name(1);
                if (warehouses.containsKey(n.get(0))) throw exists("WAREHOUSE", n);
                Map<String, Object> w = newWarehouse();
                t.accept("WITH");
                setParams(t, w);
                warehouses.put(n.get(0), w);
            }
            case "SCHEMA" -> {
                List<String> n = t.name(2);
                requireDatabase(n.get(0));
                if (schemas.containsKey(key(n))) throw exists("SCHEMA", n);
                boolean managed = false;
                if (t.accept("WITH")) {
                    t.expect("MANAGED");
                    t.expect("ACCESS");
                    managed = true;
                }
                Map<String, Object> s = newSchema(isTransient, managed);
                setParams(t, s);
                schemas.put(key(n), s);
            }
            case "ROLE" -> {
                List<String> n = t.name(1);
                if (roles.containsKey(n.get(0))) throw exists("ROLE", n);
                Map<String, Object> r = new LinkedHashMap<>(Map.of("comment", ""));
                setParams(t, r);
                roles.put(n.get(0), r);
            }
            case "TABLE" -> {
                List<String> n = t.name(3);
                requireSchema(n.get(0), n.get(1));
                if (tables.containsKey(key(n))) throw exists("TABLE", n);
                Table table = new Table(n.get(0), n.get(1), n.get(2));
                table.isTransient = isTransient;
                for (String def : splitTopLevel(t.parenthesized())) table.columns.add(column(def));
                if (t.accept("CLUSTER")) {
                    t.expect("BY");
                    table.clusterBy = "LINEAR(" + t.parenthesized().strip() + ")";
                }
                Map<String, Object> p = new LinkedHashMap<>();
                setParams(t, p);
                tableParams(table, p);
                tables.put(key(n), table);
            }
            default -> {
                if (isTransient || !objects.create(t, kind, orReplace)) throw bad("unsupported CREATE " + kind);
            }
        }
        t.end();
        return SfResult.ddlOk();
    }

    private SfResult alter(Tokens t) {
        String kind = t.word();
        switch (kind) {
            case "DATABASE" -> alterSimple(t, databases, t.name(1).get(0), "DATABASE");
            case "WAREHOUSE" -> alterSimple(t, warehouses, t.name(1).get(0), "WAREHOUSE");
            case "ROLE" -> alterSimple(t, roles, t.name(1).get(0), "ROLE");
            case "SCHEMA" -> {
                List<String> n = t.name(2);
                Map<String, Object> s = schemas.get(key(n));
                if (s == null) throw missing("Schema", n);
                if (t.accept("ENABLE") || t.peekIs("DISABLE")) {
                    boolean on = !t.accept("DISABLE");
                    t.expect("MANAGED");
                    t.expect("ACCESS");
                    s.put("managed", on);
                } else {
                    setOrUnset(t, s);
                }
            }
            case "TABLE" -> alterTable(t);
            default -> {
                if (!objects.alter(t, kind)) throw bad("unsupported ALTER " + kind);
            }
        }
        t.end();
        return SfResult.ddlOk();
    }

    private void alterSimple(Tokens t, Map<String, Map<String, Object>> objects, String name, String kind) {
        Map<String, Object> o = objects.get(name);
        if (o == null) throw missing(kind.charAt(0) + kind.substring(1).toLowerCase(Locale.ROOT), List.of(name));
        setOrUnset(t, o);
    }

    private void setOrUnset(Tokens t, Map<String, Object> o) {
        if (t.accept("SET")) {
            setParams(t, o);
        } else if (t.accept("UNSET")) {
            do {
                o.put(t.word().toLowerCase(Locale.ROOT), defaultFor(t.last()));
            } while (t.accept(","));
        } else {
            throw bad("expected SET or UNSET");
        }
    }

    private static Object defaultFor(String param) {
        return switch (param) {
            case "COMMENT" -> "";
            case "DATA_RETENTION_TIME_IN_DAYS" -> 1L;
            default -> null;
        };
    }

    private void alterTable(Tokens t) {
        List<String> n = t.name(3);
        Table table = tables.get(key(n));
        if (table == null) throw missing("Table", n);
        if (t.accept("ADD")) {
            t.accept("COLUMN");
            Column c = column(t.rest());
            if (table.columns.stream().anyMatch(x -> x.name.equals(c.name))) throw exists("COLUMN", List.of(c.name));
            table.columns.add(c);
        } else if (t.accept("DROP")) {
            if (t.accept("CLUSTERING")) {
                t.expect("KEY");
                table.clusterBy = "";
            } else {
                t.accept("COLUMN");
                String col = t.name(1).get(0);
                if (!table.columns.removeIf(c -> c.name.equals(col))) throw missing("Column", List.of(col));
            }
        } else if (t.accept("ALTER") || t.accept("MODIFY")) {
            t.accept("COLUMN");
            String col = t.name(1).get(0);
            int i = indexOf(table, col);
            Column c = table.columns.get(i);
            if (t.accept("SET")) {
                t.expect("NOT");
                t.expect("NULL");
                c = new Column(c.name, c.type, false, c.defaultExpr, c.comment);
            } else if (t.accept("DROP")) {
                t.expect("NOT");
                t.expect("NULL");
                c = new Column(c.name, c.type, true, c.defaultExpr, c.comment);
            } else if (t.accept("COMMENT")) {
                c = new Column(c.name, c.type, c.nullable, c.defaultExpr, t.string());
            } else if (t.accept("UNSET")) {
                t.expect("COMMENT");
                c = new Column(c.name, c.type, c.nullable, c.defaultExpr, "");
            } else {
                throw bad("unsupported ALTER COLUMN form");
            }
            table.columns.set(i, c);
        } else if (t.accept("CLUSTER")) {
            t.expect("BY");
            table.clusterBy = "LINEAR(" + t.parenthesized().strip() + ")";
        } else if (t.accept("SET")) {
            Map<String, Object> p = new LinkedHashMap<>();
            setParams(t, p);
            tableParams(table, p);
        } else if (t.accept("UNSET")) {
            do {
                String w = t.word();
                switch (w) {
                    case "COMMENT" -> table.comment = "";
                    case "CHANGE_TRACKING" -> table.changeTracking = false;
                    case "DATA_RETENTION_TIME_IN_DAYS" -> table.retention = "1";
                    default -> throw bad("cannot UNSET " + w);
                }
            } while (t.accept(","));
        } else {
            throw bad("unsupported ALTER TABLE form");
        }
    }

    private static int indexOf(Table table, String col) {
        for (int i = 0; i < table.columns.size(); i++) if (table.columns.get(i).name.equals(col)) return i;
        throw missing("Column", List.of(col));
    }

    private static void tableParams(Table table, Map<String, Object> p) {
        p.forEach((k, v) -> {
            switch (k) {
                case "comment" -> table.comment = String.valueOf(v);
                case "change_tracking" -> table.changeTracking = Boolean.TRUE.equals(v);
                case "data_retention_time_in_days" -> table.retention = String.valueOf(v);
                default -> throw bad("unknown table parameter " + k);
            }
        });
    }

    private SfResult drop(Tokens t) {
        String kind = t.word();
        boolean ifExists = false;
        if (t.accept("IF")) {
            t.expect("EXISTS");
            ifExists = true;
        }
        switch (kind) {
            case "DATABASE" -> {
                List<String> n = t.name(1);
                if (databases.remove(n.get(0)) == null && !ifExists) throw missing("Database", n);
                schemas.keySet().removeIf(k -> k.startsWith(n.get(0) + "\0"));
                tables.keySet().removeIf(k -> k.startsWith(n.get(0) + "\0"));
                objects.dropUnder(n);
                grants.removeIf(g -> !g.on.equals("ROLE") && !g.on.equals("WAREHOUSE") && !g.on.equals("ACCOUNT")
                        && !g.name.isEmpty() && g.name.get(0).equals(n.get(0)));
            }
            case "WAREHOUSE" -> {
                List<String> n = t.name(1);
                if (warehouses.remove(n.get(0)) == null && !ifExists) throw missing("Warehouse", n);
                grants.removeIf(g -> g.on.equals("WAREHOUSE") && g.name.equals(n));
            }
            case "ROLE" -> {
                List<String> n = t.name(1);
                if (roles.remove(n.get(0)) == null && !ifExists) throw missing("Role", n);
                grants.removeIf(g -> g.role.equals(n.get(0)) || (g.on.equals("ROLE") && g.name.equals(n)));
            }
            case "SCHEMA" -> {
                List<String> n = t.name(2);
                if (schemas.remove(key(n)) == null && !ifExists) throw missing("Schema", n);
                tables.keySet().removeIf(k -> k.startsWith(key(n) + "\0"));
                objects.dropUnder(n);
                grants.removeIf(g -> g.name.size() >= 2 && g.name.subList(0, 2).equals(n) && !g.on.equals("DATABASE"));
            }
            case "TABLE" -> {
                List<String> n = t.name(3);
                if (tables.remove(key(n)) == null && !ifExists) throw missing("Table", n);
                grants.removeIf(g -> g.on.equals("TABLE") && g.name.equals(n));
            }
            default -> {
                if (!objects.drop(t, kind, ifExists)) throw bad("unsupported DROP " + kind);
            }
        }
        t.end();
        return SfResult.ddlOk();
    }

    private SfResult grant(Tokens t, boolean grant) {
        if (t.accept("ROLE")) {
            String granted = t.name(1).get(0);
            t.expect(grant ? "TO" : "FROM");
            if (t.accept("USER")) {
                // users are not modelled as objects: any user name is accepted
                String user = t.name(1).get(0);
                t.end();
                if (!roles.containsKey(granted) && !SYSTEM_ROLES.contains(granted)) throw missing("Role", List.of(granted));
                if (grant) userRoles.computeIfAbsent(user, k -> new java.util.TreeSet<>()).add(granted);
                else if (userRoles.containsKey(user)) userRoles.get(user).remove(granted);
                return SfResult.ddlOk();
            }
            t.expect("ROLE");
            String to = t.name(1).get(0);
            t.end();
            if (!roles.containsKey(granted)) throw missing("Role", List.of(granted));
            if (!roles.containsKey(to) && !SYSTEM_ROLES.contains(to)) throw missing("Role", List.of(to));
            Grant g = new Grant(to, "USAGE", "ROLE", List.of(granted), false);
            if (grant) grants.add(g);
            else grants.remove(g);
            return SfResult.ddlOk();
        }
        List<String> privileges = new ArrayList<>();
        StringBuilder p = new StringBuilder();
        while (!t.peekIs("ON")) {
            if (t.accept(",")) {
                privileges.add(p.toString());
                p.setLength(0);
            } else {
                if (p.length() > 0) p.append(' ');
                p.append(t.word());
            }
        }
        privileges.add(p.toString());
        t.expect("ON");
        boolean future = false;
        String on;
        List<String> name;
        if (t.accept("ACCOUNT")) {
            on = "ACCOUNT";
            name = List.of("SIM_ACCOUNT");
        } else if (t.accept("FUTURE")) {
            future = true;
            StringBuilder k = new StringBuilder();
            while (!t.peekIs("IN")) k.append(k.length() > 0 ? "_" : "").append(t.word());
            String plural = k.toString();
            on = plural.endsWith("S") ? plural.substring(0, plural.length() - 1) : plural;
            t.expect("IN");
            name = t.accept("SCHEMA") ? t.name(2) : expectThen(t, "DATABASE", 1);
            if (name.size() == 2) requireSchema(name.get(0), name.get(1));
            else requireDatabase(name.get(0));
        } else if (t.accept("ALL")) {
            StringBuilder k = new StringBuilder();
            while (!t.peekIs("IN")) k.append(k.length() > 0 ? "_" : "").append(t.word());
            String plural = k.toString();
            on = plural.endsWith("S") ? plural.substring(0, plural.length() - 1) : plural;
            t.expect("IN");
            List<String> scope = t.accept("SCHEMA") ? t.name(2) : expectThen(t, "DATABASE", 1);
            if (scope.size() == 2) requireSchema(scope.get(0), scope.get(1));
            else requireDatabase(scope.get(0));
            List<List<String>> targets = new ArrayList<>();
            if (on.equals("TABLE")) {
                for (Table x : tables.values()) {
                    if (inScope(scope, x.db, x.schema)) targets.add(List.of(x.db, x.schema, x.name));
                }
            } else if (on.equals("SCHEMA")) {
                for (String x : schemas.keySet()) if (x.startsWith(scope.get(0) + "\0")) targets.add(List.of(x.split("\0")));
            } else {
                targets.addAll(objects.all(on, scope));
            }
            t.expect(grant ? "TO" : "FROM");
            t.expect("ROLE");
            String role = t.name(1).get(0);
            t.end();
            if (!roles.containsKey(role) && !SYSTEM_ROLES.contains(role)) throw missing("Role", List.of(role));
            for (List<String> target : targets) {
                for (String priv : privileges) {
                    Grant g = new Grant(role, priv, on, target, false);
                    if (grant) grants.add(g);
                    else grants.remove(g);
                }
            }
            return SfResult.ddlOk();
        } else {
            on = t.word();
            switch (on) {
                case "DATABASE" -> {
                    name = t.name(1);
                    requireDatabase(name.get(0));
                }
                case "WAREHOUSE" -> {
                    name = t.name(1);
                    if (!warehouses.containsKey(name.get(0))) throw missing("Warehouse", name);
                }
                case "SCHEMA" -> {
                    name = t.name(2);
                    requireSchema(name.get(0), name.get(1));
                }
                case "TABLE" -> {
                    name = t.name(3);
                    if (!tables.containsKey(key(name))) throw missing("Table", name);
                }
                default -> name = objects.grantTarget(on, t);
            }
        }
        t.expect(grant ? "TO" : "FROM");
        t.expect("ROLE");
        String role = t.name(1).get(0);
        t.end();
        if (!roles.containsKey(role) && !SYSTEM_ROLES.contains(role)) throw missing("Role", List.of(role));
        for (String priv : privileges) {
            Grant g = new Grant(role, priv, on, name, future);
            if (grant) grants.add(g);
            else grants.remove(g);
        }
        return SfResult.ddlOk();
    }

    private static List<String> expectThen(Tokens t, String word, int parts) {
        t.expect(word);
        return t.name(parts);
    }

    private static final List<String> SYSTEM_ROLES = List.of("ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN", "PUBLIC");

    void requireDatabase(String db) {
        if (!databases.containsKey(db)) throw missing("Database", List.of(db));
    }

    void requireSchema(String db, String schema) {
        requireDatabase(db);
        if (!schemas.containsKey(key(db, schema))) throw missing("Schema", List.of(db, schema));
    }

    private static Map<String, Object> newDatabase(boolean isTransient) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transient", isTransient);
        m.put("data_retention_time_in_days", 1L);
        m.put("comment", "");
        return m;
    }

    private static Map<String, Object> newSchema(boolean isTransient, boolean managed) {
        Map<String, Object> m = newDatabase(isTransient);
        m.put("managed", managed);
        return m;
    }

    private static Map<String, Object> newWarehouse() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warehouse_size", "XSMALL");
        m.put("warehouse_type", "STANDARD");
        m.put("auto_suspend", 600L);
        m.put("auto_resume", true);
        m.put("min_cluster_count", 1L);
        m.put("max_cluster_count", 1L);
        m.put("scaling_policy", "STANDARD");
        m.put("resource_monitor", null);
        m.put("comment", "");
        return m;
    }

    /** {@code NAME = value …}: identifiers, strings, numbers, TRUE/FALSE; stores lower-case parameter names. */
    private static void setParams(Tokens t, Map<String, Object> into) {
        while (t.peekWord()) {
            String param = t.word();
            t.expect("=");
            Object v;
            if (t.peekString()) v = t.string();
            else if (t.peekNumber()) v = Long.parseLong(t.number());
            else {
                String w = t.word();
                v = w.equals("TRUE") ? Boolean.TRUE : w.equals("FALSE") ? Boolean.FALSE : w;
            }
            into.put(param.toLowerCase(Locale.ROOT), v);
            t.accept(",");
        }
    }

    /** {@code NAME TYPE [NOT NULL] [DEFAULT expr] [COMMENT 'text']}. */
    private static Column column(String definition) {
        Tokens t = new Tokens(definition);
        String name = t.name(1).get(0);
        int typeStart = t.position();
        while (!t.atEnd() && !t.peekIs("NOT") && !t.peekIs("DEFAULT") && !t.peekIs("COMMENT") && !t.peekIs("NULL")) {
            if (t.peekIs("(")) t.parenthesized();
            else t.skip();
        }
        String type = definition.substring(typeStart, t.position()).strip();
        boolean nullable = true;
        String def = null;
        String comment = "";
        while (!t.atEnd()) {
            if (t.accept("NOT")) {
                t.expect("NULL");
                nullable = false;
            } else if (t.accept("NULL")) {
                nullable = true;
            } else if (t.accept("DEFAULT")) {
                int start = t.position();
                while (!t.atEnd() && !t.peekIs("COMMENT") && !t.peekIs("NOT")) {
                    if (t.peekIs("(")) t.parenthesized();
                    else t.skip();
                }
                def = definition.substring(start, t.position()).strip();
            } else if (t.accept("COMMENT")) {
                comment = t.string();
            } else {
                throw bad("unexpected " + t.peekText() + " in column definition");
            }
        }
        if (type.isEmpty()) throw bad("column " + name + " has no type");
        return new Column(name, type.toUpperCase(Locale.ROOT), nullable, def, comment);
    }

    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        char quote = 0;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == quote) quoted = false;
            } else if (c == '\'' || c == '"') {
                quoted = true;
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(b.toString().strip());
                b.setLength(0);
                continue;
            }
            b.append(c);
        }
        if (!b.toString().isBlank()) out.add(b.toString().strip());
        return out;
    }

    // ---------------------------------------------------------------- SHOW

    private static final Pattern SHOW = Pattern.compile(
            "(?is)SHOW\\s+(?:TERSE\\s+)?(.+?)"
                    + "(?:\\s+IN\\s+(ACCOUNT|DATABASE|SCHEMA|TABLE)(?:\\s+((?:\"(?:[^\"]|\"\")*\"|[^\\s\"])+))?)?"
                    + "(?:\\s+LIMIT\\s+(\\d+)(?:\\s+FROM\\s+'((?:[^']|'')*)')?)?");
    /** {@code LIKE '<pattern>'} after the kind (docs: SHOW … LIKE, case-insensitive, {@code %} and {@code _}). */
    private static final Pattern SHOW_LIKE = Pattern.compile("(?is)(.+?)\\s+LIKE\\s+'((?:[^']|'')*)'");

    private SfResult show(String sql) {
        Matcher m = SHOW.matcher(sql.strip());
        if (!m.matches()) return syntax(sql);
        String what = m.group(1).replaceAll("\\s+", " ");
        Pattern like = null;
        Matcher lm = SHOW_LIKE.matcher(what);
        if (lm.matches()) {
            what = lm.group(1);
            like = likePattern(lm.group(2).replace("''", "'"));
        }
        String upper = what.toUpperCase(Locale.ROOT);
        String in = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        if (in.equals("TABLE") && !upper.equals("COLUMNS")) return syntax(sql);
        List<String> scope = m.group(3) == null ? List.of()
                : new Tokens(m.group(3)).name(switch (in) { case "SCHEMA" -> 2; case "TABLE" -> 3; default -> 1; });
        int limit = m.group(4) == null ? SnowflakeSimulator.SHOW_MAX_ROWS : Integer.parseInt(m.group(4));
        String from = m.group(5) == null ? null : m.group(5).replace("''", "'");
        if (upper.startsWith("GRANTS OF ROLE ")) {
            // docs: SHOW GRANTS OF ROLE lists the roles and users the role is granted to
            String role = new Tokens(what.substring("GRANTS OF ROLE ".length())).name(1).get(0);
            if (!roles.containsKey(role) && !SYSTEM_ROLES.contains(role)) throw missing("Role", List.of(role));
            List<List<Object>> rows = new ArrayList<>();
            for (Grant g : grants) {
                if (!g.future && g.on.equals("ROLE") && g.name.equals(List.of(role))) {
                    rows.add(Arrays.asList(CREATED, role, "ROLE", g.role, "USERADMIN"));
                }
            }
            for (Map.Entry<String, Set<String>> u : userRoles.entrySet()) {
                if (u.getValue().contains(role)) rows.add(Arrays.asList(CREATED, role, "USER", u.getKey(), "USERADMIN"));
            }
            return SfResult.rows(ShowColumns.GRANTS_OF, rows, SfResult.SHOW);
        }
        if (upper.startsWith("GRANTS TO ROLE ") || upper.startsWith("FUTURE GRANTS TO ROLE ")) {
            boolean future = upper.startsWith("FUTURE");
            String role = new Tokens(what.substring(future ? "FUTURE GRANTS TO ROLE ".length() : "GRANTS TO ROLE ".length())).name(1).get(0);
            if (!roles.containsKey(role) && !SYSTEM_ROLES.contains(role)) throw missing("Role", List.of(role));
            List<List<Object>> rows = new ArrayList<>();
            for (Grant g : grants) {
                if (!g.role.equals(role) || g.future != future) continue;
                if (future) {
                    List<String> n = new ArrayList<>(g.name);
                    rows.add(Arrays.asList(CREATED, g.privilege, g.on, quoteAll(n) + ".<" + g.on + ">", "ROLE", role, "false"));
                } else {
                    rows.add(Arrays.asList(CREATED, g.privilege, g.on, quoteAll(g.name), "ROLE", role, "false", "SYSADMIN"));
                }
            }
            return SfResult.rows(future ? FUTURE_GRANTS : ShowColumns.GRANTS, rows, SfResult.SHOW);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<SfColumn> columns;
        switch (upper) {
            case "DATABASES" -> {
                columns = ShowColumns.DATABASES;
                databases.forEach((n, d) -> rows.add(row("created_on", CREATED, "name", n, "is_default", "N", "is_current", "N",
                        "origin", "", "owner", "SYSADMIN", "comment", d.get("comment"),
                        "options", Boolean.TRUE.equals(d.get("transient")) ? "TRANSIENT" : "",
                        "retention_time", String.valueOf(d.get("data_retention_time_in_days")), "kind", "STANDARD",
                        "owner_role_type", "ROLE")));
            }
            case "WAREHOUSES" -> {
                columns = ShowColumns.WAREHOUSES;
                warehouses.forEach((n, w) -> rows.add(row("name", n, "state", "SUSPENDED", "type", w.get("warehouse_type"),
                        "size", sizeShown(String.valueOf(w.get("warehouse_size"))), "min_cluster_count", w.get("min_cluster_count"),
                        "max_cluster_count", w.get("max_cluster_count"), "started_clusters", 0, "running", 0, "queued", 0,
                        "is_default", "N", "is_current", "N", "auto_suspend", w.get("auto_suspend"),
                        "auto_resume", String.valueOf(w.get("auto_resume")), "available", "", "provisioning", "",
                        "quiescing", "", "other", "", "created_on", CREATED, "resumed_on", CREATED, "updated_on", CREATED,
                        "owner", "SYSADMIN", "comment", w.get("comment"),
                        "resource_monitor", w.get("resource_monitor") == null ? "null" : w.get("resource_monitor"),
                        "scaling_policy", w.get("scaling_policy"), "owner_role_type", "ROLE")));
            }
            case "ROLES" -> {
                columns = ShowColumns.ROLES;
                roles.forEach((n, r) -> rows.add(row("created_on", CREATED, "name", n, "is_default", "N", "is_current", "N",
                        "is_inherited", "N", "assigned_to_users", 0, "granted_to_roles", 0, "granted_roles", 0,
                        "owner", "USERADMIN", "comment", r.get("comment"), "owner_role_type", "ROLE")));
            }
            case "SCHEMAS" -> {
                columns = ShowColumns.SCHEMAS;
                schemas.forEach((k, s) -> {
                    String[] p = k.split("\0");
                    if (!inScope(scope, p[0], null)) return;
                    List<String> options = new ArrayList<>();
                    if (Boolean.TRUE.equals(s.get("transient"))) options.add("TRANSIENT");
                    if (Boolean.TRUE.equals(s.get("managed"))) options.add("MANAGED ACCESS");
                    rows.add(row("created_on", CREATED, "name", p[1], "is_default", "N", "is_current", "N",
                            "database_name", p[0], "owner", "SYSADMIN", "comment", s.get("comment"),
                            "options", String.join(", ", options), "retention_time", String.valueOf(s.get("data_retention_time_in_days")),
                            "owner_role_type", "ROLE"));
                });
            }
            case "TABLES" -> {
                columns = ShowColumns.TABLES;
                for (Table t : tables.values()) {
                    if (!inScope(scope, t.db, t.schema)) continue;
                    rows.add(row("created_on", CREATED, "name", t.name, "database_name", t.db, "schema_name", t.schema,
                            "kind", t.isTransient ? "TRANSIENT" : "TABLE", "comment", t.comment, "cluster_by", t.clusterBy,
                            "rows", t.rows, "bytes", t.bytes, "owner", "SYSADMIN", "retention_time", t.retention,
                            "automatic_clustering", t.clusterBy.isEmpty() ? "OFF" : "ON",
                            "change_tracking", t.changeTracking ? "ON" : "OFF", "search_optimization", "OFF",
                            "is_external", "N", "owner_role_type", "ROLE", "is_hybrid", "N", "is_iceberg", "N",
                            "is_dynamic", "N"));
                }
            }
            case "COLUMNS" -> {
                // IN TABLE names one table, which must exist (docs: SHOW COLUMNS, IN TABLE <table_name>)
                if (scope.size() == 3 && !tables.containsKey(key(scope))) throw missing("Table", scope);
                List<List<Object>> out = new ArrayList<>();
                for (Table t : tables.values()) {
                    if (!inScope(scope, t.db, t.schema)) continue;
                    if (scope.size() == 3 && !scope.get(2).equals(t.name)) continue;
                    for (Column c : t.columns) {
                        String shown = dataType(c);
                        for (Map.Entry<Predicate<String>, String> o : shownTypes) if (o.getKey().test(c.type)) shown = o.getValue();
                        out.add(Arrays.asList(t.name, t.schema, c.name, shown, String.valueOf(c.nullable),
                                c.defaultExpr == null ? "" : c.defaultExpr, "COLUMN", "", c.comment, t.db, "", null));
                    }
                }
                return SfResult.rows(COLUMNS, out, SfResult.SHOW); // SHOW COLUMNS has no LIMIT clause
            }
            default -> {
                @SuppressWarnings("unchecked")
                List<SfColumn>[] found = new List[1];
                List<Map<String, Object>> more = objects.show(upper, scope, found);
                if (more == null) return SfResult.error(1003, "42000", "SQL compilation error:\nunsupported SHOW " + what);
                columns = found[0];
                rows.addAll(more);
            }
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.getOrDefault("database_name", "")))
                .thenComparing(r -> String.valueOf(r.getOrDefault("schema_name", "")))
                .thenComparing(r -> String.valueOf(r.get("name"))));
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (out.size() >= Math.min(limit, SnowflakeSimulator.SHOW_MAX_ROWS)) break;
            if (from != null && String.valueOf(r.get("name")).compareTo(from) <= 0) continue;
            if (like != null && !like.matcher(String.valueOf(r.get("name"))).matches()) continue;
            List<Object> values = new ArrayList<>();
            for (SfColumn c : columns) values.add(r.get(c.name()));
            out.add(values);
        }
        return SfResult.rows(columns, out, SfResult.SHOW);
    }

    private static boolean inScope(List<String> scope, String db, String schema) {
        if (scope.isEmpty()) return true;
        if (!scope.get(0).equals(db)) return false;
        return scope.size() < 2 || scope.get(1).equals(schema);
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String sizeShown(String size) {
        return switch (size) {
            case "XSMALL" -> "X-Small";
            case "SMALL" -> "Small";
            case "MEDIUM" -> "Medium";
            case "LARGE" -> "Large";
            case "XLARGE" -> "X-Large";
            case "XXLARGE" -> "2X-Large";
            case "XXXLARGE" -> "3X-Large";
            default -> size.startsWith("X") && size.endsWith("LARGE") ? size.charAt(1) + "X-Large" : size;
        };
    }

    /** SHOW COLUMNS' {@code data_type} JSON for a written type (the common types mlpc's stacks use). */
    static String dataType(Column c) {
        String t = c.type.replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("([A-Z_0-9 ]+?)\\s*(?:\\((.*)\\))?").matcher(t);
        if (!m.matches()) return "{\"type\":\"" + t + "\"}";
        String base = m.group(1).strip();
        String[] args = m.group(2) == null ? new String[0] : m.group(2).split("\\s*,\\s*");
        String n = ",\"nullable\":" + c.nullable;
        return switch (base) {
            case "STRING", "TEXT", "VARCHAR" -> "{\"type\":\"TEXT\",\"length\":" + (args.length > 0 ? args[0] : "16777216")
                    + ",\"byteLength\":" + (args.length > 0 ? Long.parseLong(args[0]) * 4 : 16777216) + n + ",\"fixed\":false}";
            case "NUMBER", "DECIMAL", "NUMERIC" -> "{\"type\":\"FIXED\",\"precision\":" + (args.length > 0 ? args[0] : "38")
                    + ",\"scale\":" + (args.length > 1 ? args[1] : "0") + n + "}";
            case "INT", "INTEGER", "BIGINT" -> "{\"type\":\"FIXED\",\"precision\":38,\"scale\":0" + n + "}";
            case "FLOAT", "DOUBLE", "REAL" -> "{\"type\":\"REAL\"" + n + "}";
            case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIME" ->
                    "{\"type\":\"" + base + "\",\"precision\":0,\"scale\":" + (args.length > 0 ? args[0] : "9") + n + "}";
            case "VECTOR" -> "{\"type\":\"VECTOR\",\"vectorElementType\":\"" + args[0] + "\",\"dimension\":" + args[1] + n + "}";
            default -> "{\"type\":\"" + base + "\"" + n + "}";
        };
    }

    static String key(String... parts) {
        return String.join("\0", parts);
    }

    static String key(List<String> parts) {
        return String.join("\0", parts);
    }

    /** Parts joined with dots, each quoted unless it is a plain upper-case name. */
    static String quoteAll(Collection<String> parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) out.add(p.matches("[A-Z_][A-Z0-9_$]*") ? p : '"' + p.replace("\"", "\"\"") + '"');
        return String.join(".", out);
    }

    // ---------------------------------------------------------------- tokens

    /** A small SQL tokenizer: words (upper-cased), quoted identifiers, strings, numbers, punctuation. */
    static final class Tokens {
        private final String sql;
        private int pos;
        private String last;

        Tokens(String sql) {
            this.sql = sql;
        }

        int position() {
            skipSpace();
            return pos;
        }

        String last() { return last; }

        String source() { return sql; }

        void reset(int position) { pos = position; }

        /** A name of any number of dot-separated identifiers, each as Snowflake stores it. */
        List<String> qualifiedName() {
            List<String> out = new ArrayList<>();
            out.add(identifier());
            while (pos < sql.length() && sql.charAt(pos) == '.') {
                pos++;
                out.add(identifier());
            }
            return out;
        }

        boolean atEnd() {
            skipSpace();
            return pos >= sql.length() || sql.charAt(pos) == ';';
        }

        void end() {
            if (!atEnd()) throw bad("unexpected " + peekText());
        }

        private void skipSpace() {
            while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) pos++;
        }

        String peekText() {
            skipSpace();
            return sql.substring(pos, Math.min(sql.length(), pos + 20));
        }

        boolean peekWord() {
            skipSpace();
            return pos < sql.length() && (Character.isLetter(sql.charAt(pos)) || sql.charAt(pos) == '_');
        }

        boolean peekString() {
            skipSpace();
            return pos < sql.length() && sql.charAt(pos) == '\'';
        }

        boolean peekNumber() {
            skipSpace();
            return pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '-');
        }

        boolean peekIs(String word) {
            skipSpace();
            if (word.length() == 1 && !Character.isLetter(word.charAt(0))) {
                return pos < sql.length() && sql.charAt(pos) == word.charAt(0);
            }
            int save = pos;
            try {
                return peekWord() && word().equals(word);
            } finally {
                pos = save;
            }
        }

        boolean accept(String word) {
            if (!peekIs(word)) return false;
            if (word.length() == 1 && !Character.isLetter(word.charAt(0))) pos++;
            else word();
            return true;
        }

        void expect(String word) {
            if (!accept(word)) throw bad("expected " + word + " at '" + peekText() + "'");
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                    || sql.charAt(pos) == '$' || sql.charAt(pos) == '-')) pos++;
            if (start == pos) throw bad("expected a word at '" + peekText() + "'");
            last = sql.substring(start, pos).toUpperCase(Locale.ROOT);
            return last;
        }

        void skip() {
            skipSpace();
            if (peekString()) string();
            else if (pos < sql.length() && sql.charAt(pos) == '"') identifier();
            else if (peekWord() || peekNumber()) word();
            else pos++;
        }

        String number() {
            return word();
        }

        /** A string constant with {@code ''} and backslash escapes. */
        String string() {
            skipSpace();
            if (!peekString()) throw bad("expected a string at '" + peekText() + "'");
            StringBuilder b = new StringBuilder();
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos++);
                if (c == '\\' && pos < sql.length()) {
                    char e = sql.charAt(pos++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case '0' -> '\0';
                        default -> e;
                    });
                } else if (c == '\'') {
                    if (pos < sql.length() && sql.charAt(pos) == '\'') {
                        b.append('\'');
                        pos++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
            throw bad("unterminated string");
        }

        /** One identifier as Snowflake stores it: unquoted upper-cased, quoted exactly. */
        String identifier() {
            skipSpace();
            if (pos < sql.length() && sql.charAt(pos) == '"') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (pos < sql.length()) {
                    char c = sql.charAt(pos++);
                    if (c == '"') {
                        if (pos < sql.length() && sql.charAt(pos) == '"') {
                            b.append('"');
                            pos++;
                        } else {
                            return b.toString();
                        }
                    } else {
                        b.append(c);
                    }
                }
                throw bad("unterminated identifier");
            }
            int start = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_' || sql.charAt(pos) == '$')) pos++;
            if (start == pos) throw bad("expected an identifier at '" + peekText() + "'");
            return sql.substring(start, pos).toUpperCase(Locale.ROOT);
        }

        /** A name of exactly {@code parts} dot-separated identifiers. */
        List<String> name(int parts) {
            List<String> out = new ArrayList<>();
            out.add(identifier());
            while (pos < sql.length() && sql.charAt(pos) == '.') {
                pos++;
                out.add(identifier());
            }
            if (out.size() != parts) throw bad("expected a name of " + parts + " parts: " + String.join(".", out));
            return out;
        }

        /** The raw text inside the next balanced parentheses. */
        String parenthesized() {
            skipSpace();
            if (pos >= sql.length() || sql.charAt(pos) != '(') throw bad("expected ( at '" + peekText() + "'");
            int depth = 0;
            int start = pos + 1;
            boolean quoted = false;
            char quote = 0;
            for (; pos < sql.length(); pos++) {
                char c = sql.charAt(pos);
                if (quoted) {
                    if (c == quote) quoted = false;
                } else if (c == '\'' || c == '"') {
                    quoted = true;
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    pos++;
                    return sql.substring(start, pos - 1);
                }
            }
            throw bad("unbalanced parentheses");
        }

        /** Everything left. */
        String rest() {
            skipSpace();
            String r = sql.substring(pos);
            pos = sql.length();
            return r;
        }
    }
}
