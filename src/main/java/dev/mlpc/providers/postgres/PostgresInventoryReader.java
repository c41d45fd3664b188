package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Resource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the observed state of managed resources in bulk: one query for roles and one for databases on the cluster
 * connection, then, for each existing database that holds managed schemas, extensions or grants, at most four queries
 * on a connection to that database (schemas with their ACLs, extensions, table privileges aggregated per schema and
 * role, default privileges). The number of queries never depends on the number of objects.
 * <p>
 * Normalisation: values come back in the stack's plain types (Long, Boolean, List of String, upper-case privileges).
 * Encoding and locale names that the server takes for the same ({@link PgNames}: {@code UNICODE}, {@code utf-8} and
 * {@code UTF8}; {@code POSIX} and {@code C}; {@code en_US.UTF-8} and {@code en_US.utf8}) are reported in the stack's
 * spelling, so they compare equal. For {@code all_tables} grants the observed privileges
 * are those the role holds on every table of the schema; a schema without tables reports the desired privileges
 * (there is nothing to grant on, and new tables are covered by default privileges).
 */
final class PostgresInventoryReader {
    private static final String TABLE_KINDS = "('r','p','v','m','f')";

    private static final String ROLES = """
            SELECT r.rolname, r.rolcanlogin, r.rolinherit, r.rolcreatedb, r.rolcreaterole, r.rolconnlimit,
                   shobj_description(r.oid, 'pg_authid'),
                   ARRAY(SELECT DISTINCT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                         WHERE m.member = r.oid ORDER BY 1)
            FROM pg_roles r WHERE r.rolname = ANY(?)""";

    private static final String DATABASES = """
            SELECT d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype,
                   d.datconnlimit, shobj_description(d.oid, 'pg_database'), d.datallowconn,
                   ARRAY(SELECT g.rolname || '=' || a.privilege_type
                         FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                         JOIN pg_roles g ON g.oid = a.grantee)
            FROM pg_database d WHERE d.datname = ANY(?)""";

    private static final String SCHEMAS = """
            SELECT n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),
                   ARRAY(SELECT g.rolname || '=' || a.privilege_type
                         FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                         JOIN pg_roles g ON g.oid = a.grantee)
            FROM pg_namespace n WHERE n.nspname = ANY(?)""";

    private static final String EXTENSIONS = """
            SELECT e.extname, n.nspname, e.extversion
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ANY(?)""";

    /** Per schema: how many tables, and per (role, privilege) on how many of them the role holds it. */
    private static final String TABLE_PRIVILEGES = """
            SELECT n.nspname,
                   (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN %1$s),
                   p.rolname, p.privilege_type, p.tables
            FROM pg_namespace n
            LEFT JOIN LATERAL (
                SELECT g.rolname, a.privilege_type, count(DISTINCT c.oid) AS tables
                FROM pg_class c
                CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
                JOIN pg_roles g ON g.oid = a.grantee
                WHERE c.relnamespace = n.oid AND c.relkind IN %1$s AND g.rolname = ANY(?)
                GROUP BY g.rolname, a.privilege_type) p ON true
            WHERE n.nspname = ANY(?)""".formatted(TABLE_KINDS);

    private static final String DEFAULT_ACL = """
            SELECT o.rolname, n.nspname, d.defaclobjtype::text, g.rolname, a.privilege_type
            FROM pg_default_acl d
            JOIN pg_roles o ON o.oid = d.defaclrole
            JOIN pg_namespace n ON n.oid = d.defaclnamespace
            CROSS JOIN LATERAL aclexplode(d.defaclacl) a
            JOIN pg_roles g ON g.oid = a.grantee
            WHERE n.nspname = ANY(?)""";

    private record RoleRow(boolean login, boolean inherit, boolean createdb, boolean createrole, long connLimit,
                           String comment, List<String> memberOf) { }

    private record DbRow(String owner, String encoding, String collate, String ctype, long connLimit, String comment,
                         boolean allowConn, Map<String, Set<String>> acl) { }

    private record SchemaRow(String owner, String comment, Map<String, Set<String>> acl) { }

    private record ExtRow(String schema, String version) { }

    /** Table privileges of one schema: table count, and per role per privilege the number of tables. */
    private static final class TablePrivs {
        long tables;
        final Map<String, Map<String, Long>> byRole = new HashMap<>();
    }

    /** What was read inside one database. */
    private static final class DbState {
        final Map<String, SchemaRow> schemas = new HashMap<>();
        final Map<String, ExtRow> extensions = new HashMap<>();
        final Map<String, TablePrivs> tablePrivs = new HashMap<>();
        /** key: for_role, schema, object type letter, grantee. */
        final Map<List<String>, Set<String>> defaultAcl = new HashMap<>();
    }

    private final PgConnector connector;
    private final Connection cluster;
    private final PgQuery query;

    PostgresInventoryReader(PgConnector connector, Connection cluster) {
        this.connector = connector;
        this.cluster = cluster;
        this.query = new PgQuery(connector.querySeconds());
    }

    Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        // one definition per key, the first given (the desired one before the committed one): it decides the spelling
        Set<dev.mlpc.core.spec.ResourceKey> seen = new java.util.HashSet<>();
        List<Resource> resources = managed.stream().filter(r -> r.provider().equals("postgres") && seen.add(r.key()))
                .toList();
        try {
            progress.status("reading roles and databases");
            Map<String, RoleRow> roles = readRoles(resources);
            progress.checkCancelled();
            Map<String, DbRow> databases = readDatabases(resources);
            Map<String, DbState> inside = new HashMap<>();
            List<String> dbNames = databasesInside(resources);
            for (int i = 0; i < dbNames.size(); i++) {
                progress.checkCancelled();
                String db = dbNames.get(i);
                progress.worked(i, dbNames.size());
                DbRow row = databases.get(db);
                if (row == null || !row.allowConn()) continue;
                progress.status("reading database " + db);
                inside.put(db, readInside(db, resources));
            }
            progress.worked(dbNames.size(), dbNames.size());
            List<ObservedResource> observed = new ArrayList<>();
            for (Resource r : resources) {
                ObservedResource o = observe(r, roles, databases, inside);
                if (o != null) observed.add(o);
            }
            return new Inventory(observed, false, query.count());
        } catch (SQLException e) {
            throw new ProviderException("reading the inventory from " + connector.url().hostPort() + " failed: "
                    + PostgresSession.errorText(e));
        }
    }

    // ---- which names to ask for ----

    private static Set<String> names(List<Resource> rs, String type) {
        Set<String> out = new TreeSet<>();
        rs.stream().filter(r -> r.type().equals(type)).forEach(r -> out.add(r.name()));
        return out;
    }

    private static boolean isInside(Resource r) {
        return switch (r.type()) {
            case PostgresTypes.SCHEMA, PostgresTypes.EXTENSION -> true;
            case PostgresTypes.GRANT -> !Privileges.DATABASE.equals(on(r));
            default -> false;
        };
    }

    private static List<String> databasesInside(List<Resource> rs) {
        Set<String> out = new TreeSet<>();
        rs.stream().filter(r -> isInside(r) && r.has("database")).forEach(r -> out.add(r.string("database")));
        return List.copyOf(out);
    }

    private static String on(Resource r) {
        return r.has("on") ? r.string("on").toLowerCase(Locale.ROOT) : "";
    }

    // ---- cluster level ----

    private Map<String, RoleRow> readRoles(List<Resource> rs) throws SQLException {
        Set<String> wanted = names(rs, PostgresTypes.ROLE);
        for (Resource r : rs) {
            if (!r.type().equals(PostgresTypes.GRANT)) continue;
            if (r.has("role")) wanted.add(r.string("role"));
            if (r.has("for_role")) wanted.add(r.string("for_role"));
        }
        Map<String, RoleRow> out = new HashMap<>();
        if (wanted.isEmpty()) return out;
        query.list(cluster, ROLES, row -> out.put(row.getString(1), new RoleRow(row.getBoolean(2), row.getBoolean(3),
                row.getBoolean(4), row.getBoolean(5), row.getLong(6), row.getString(7), PgQuery.strings(row, 8))), wanted);
        return out;
    }

    private Map<String, DbRow> readDatabases(List<Resource> rs) throws SQLException {
        Set<String> wanted = names(rs, PostgresTypes.DATABASE);
        rs.stream().filter(r -> !r.type().equals(PostgresTypes.DATABASE) && r.has("database"))
                .forEach(r -> wanted.add(r.string("database")));
        Map<String, DbRow> out = new HashMap<>();
        if (wanted.isEmpty()) return out;
        query.list(cluster, DATABASES, row -> out.put(row.getString(1), new DbRow(row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getLong(6), row.getString(7), row.getBoolean(8),
                acl(PgQuery.strings(row, 9)))), wanted);
        return out;
    }

    // ---- inside one database ----

    private DbState readInside(String db, List<Resource> rs) throws SQLException, ProviderException {
        List<Resource> here = rs.stream().filter(r -> isInside(r) && db.equals(r.string("database"))).toList();
        Set<String> schemas = names(here, PostgresTypes.SCHEMA);
        Set<String> extensions = names(here, PostgresTypes.EXTENSION);
        Set<String> tableSchemas = new TreeSet<>();
        Set<String> tableRoles = new TreeSet<>();
        Set<String> defaultSchemas = new TreeSet<>();
        for (Resource g : here) {
            if (!g.type().equals(PostgresTypes.GRANT) || !g.has("schema") || !g.has("role")) continue;
            schemas.add(g.string("schema"));
            if (on(g).equals(Privileges.ALL_TABLES)) {
                tableSchemas.add(g.string("schema"));
                tableRoles.add(g.string("role"));
            } else if (on(g).equals(Privileges.DEFAULT_PRIVILEGES)) {
                defaultSchemas.add(g.string("schema"));
            }
        }
        DbState state = new DbState();
        try (Connection c = connector.open(db)) {
            if (!schemas.isEmpty()) {
                query.list(c, SCHEMAS, row -> state.schemas.put(row.getString(1),
                        new SchemaRow(row.getString(2), row.getString(3), acl(PgQuery.strings(row, 4)))), schemas);
            }
            if (!extensions.isEmpty()) {
                query.list(c, EXTENSIONS, row -> state.extensions.put(row.getString(1),
                        new ExtRow(row.getString(2), row.getString(3))), extensions);
            }
            if (!tableSchemas.isEmpty()) readTablePrivileges(c, state, tableSchemas, tableRoles);
            if (!defaultSchemas.isEmpty()) {
                query.list(c, DEFAULT_ACL, row -> state.defaultAcl.computeIfAbsent(List.of(row.getString(1),
                        row.getString(2), row.getString(3), row.getString(4)), k -> new TreeSet<>())
                        .add(row.getString(5)), defaultSchemas);
            }
        }
        return state;
    }

    private void readTablePrivileges(Connection c, DbState state, Set<String> schemas, Set<String> roles)
            throws SQLException {
        query.list(c, TABLE_PRIVILEGES, row -> {
            TablePrivs t = state.tablePrivs.computeIfAbsent(row.getString(1), k -> new TablePrivs());
            t.tables = row.getLong(2);
            String role = row.getString(3);
            if (role != null) t.byRole.computeIfAbsent(role, k -> new HashMap<>()).put(row.getString(4), row.getLong(5));
            return Boolean.TRUE;
        }, roles, schemas);
    }

    /** {@code role=PRIVILEGE} strings (role names may hold '=', privilege names never do) to role -> privileges. */
    private static Map<String, Set<String>> acl(List<String> entries) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String e : entries) {
            int eq = e.lastIndexOf('=');
            out.computeIfAbsent(e.substring(0, eq), k -> new TreeSet<>()).add(e.substring(eq + 1));
        }
        return out;
    }

    // ---- observed resources ----

    private ObservedResource observe(Resource r, Map<String, RoleRow> roles, Map<String, DbRow> dbs,
                                     Map<String, DbState> inside) {
        return switch (r.type()) {
            case PostgresTypes.ROLE -> observeRole(r, roles.get(r.name()));
            case PostgresTypes.DATABASE -> observeDatabase(r, dbs.get(r.name()));
            case PostgresTypes.SCHEMA -> observeSchema(r, inside.get(r.string("database")));
            case PostgresTypes.EXTENSION -> observeExtension(r, inside.get(r.string("database")));
            case PostgresTypes.GRANT -> observeGrant(r, roles, dbs, inside.get(r.string("database")));
            default -> null;
        };
    }

    private static ObservedResource observeRole(Resource r, RoleRow row) {
        if (row == null) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("login", row.login());
        p.put("inherit", row.inherit());
        p.put("createdb", row.createdb());
        p.put("createrole", row.createrole());
        p.put("connection_limit", row.connLimit());
        p.put("member_of", row.memberOf());
        putComment(p, r, row.comment());
        return new ObservedResource(r.key(), p);
    }

    private static ObservedResource observeDatabase(Resource r, DbRow row) {
        if (row == null) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("owner", row.owner());
        p.put("encoding", asStackSpells(r.string("encoding"), row.encoding(), PgNames::sameEncoding));
        p.put("lc_collate", asStackSpells(r.string("lc_collate"), row.collate(), PgNames::sameLocale));
        p.put("lc_ctype", asStackSpells(r.string("lc_ctype"), row.ctype(), PgNames::sameLocale));
        p.put("connection_limit", row.connLimit());
        putComment(p, r, row.comment());
        return new ObservedResource(r.key(), p);
    }

    private static ObservedResource observeSchema(Resource r, DbState db) {
        SchemaRow row = db == null ? null : db.schemas.get(r.name());
        if (row == null) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("database", r.string("database"));
        p.put("owner", row.owner());
        putComment(p, r, row.comment());
        return new ObservedResource(r.key(), p);
    }

    private static ObservedResource observeExtension(Resource r, DbState db) {
        ExtRow row = db == null ? null : db.extensions.get(r.name());
        if (row == null) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("database", r.string("database"));
        p.put("schema", row.schema());
        p.put("version", row.version());
        return new ObservedResource(r.key(), p);
    }

    private static ObservedResource observeGrant(Resource r, Map<String, RoleRow> roles, Map<String, DbRow> dbs,
                                                 DbState db) {
        String on = on(r);
        String role = r.string("role");
        if (!roles.containsKey(role)) return null;
        Set<String> held;
        switch (on) {
            case Privileges.DATABASE -> {
                DbRow row = dbs.get(r.string("database"));
                if (row == null) return null;
                held = row.acl().getOrDefault(role, Set.of());
            }
            case Privileges.SCHEMA -> {
                SchemaRow row = db == null ? null : db.schemas.get(r.string("schema"));
                if (row == null) return null;
                held = row.acl().getOrDefault(role, Set.of());
            }
            case Privileges.ALL_TABLES -> {
                if (db == null || !db.schemas.containsKey(r.string("schema"))) return null;
                held = onEveryTable(r, db.tablePrivs.get(r.string("schema")));
            }
            case Privileges.DEFAULT_PRIVILEGES -> {
                if (db == null || !db.schemas.containsKey(r.string("schema")) || !roles.containsKey(r.string("for_role"))) {
                    return null;
                }
                held = db.defaultAcl.getOrDefault(List.of(r.string("for_role"), r.string("schema"),
                        objectTypeLetter(PostgresRenderer.objectType(r)), role), Set.of());
            }
            default -> { return null; }
        }
        List<String> allowed = Privileges.allowed(on, r.string("object_type"));
        Map<String, Object> p = new LinkedHashMap<>();
        for (String k : List.of("role", "on", "database", "schema", "object_type", "for_role")) putIfSet(p, k, r.get(k));
        p.put("privileges", Privileges.canonical(held.stream().filter(allowed::contains).toList()));
        return new ObservedResource(r.key(), p);
    }

    private static Set<String> onEveryTable(Resource r, TablePrivs t) {
        if (t == null || t.tables == 0) return new LinkedHashSet<>(Privileges.canonical(r.list("privileges")));
        Set<String> out = new TreeSet<>();
        t.byRole.getOrDefault(r.string("role"), Map.of()).forEach((priv, n) -> {
            if (n == t.tables) out.add(priv);
        });
        return out;
    }

    private static String objectTypeLetter(String objectType) {
        return switch (objectType) {
            case "sequences" -> "S";
            case "functions" -> "f";
            case "types" -> "T";
            default -> "r";
        };
    }

    /** The stack's spelling when the live value means the same as the server reads names ({@link PgNames}). */
    private static String asStackSpells(String desired, String live,
                                        java.util.function.BiPredicate<String, String> same) {
        return desired != null && same.test(desired, live) ? desired : live;
    }

    private static void putIfSet(Map<String, Object> p, String key, Object value) {
        if (value != null) p.put(key, value);
    }

    /**
     * The live comment. PostgreSQL keeps no empty comment ({@code COMMENT ... IS ''} removes it), so when the stack asks
     * for {@code comment: ""} a missing comment is reported as {@code ""}: it is what was asked for. Otherwise a missing
     * comment is left out (unset).
     */
    private static void putComment(Map<String, Object> p, Resource r, String live) {
        if (live != null) p.put("comment", live);
        else if ("".equals(r.string("comment"))) p.put("comment", "");
    }
}
