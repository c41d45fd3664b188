package dev.mlpc.providers.postgres;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.PropertySpec.Kind;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;

import java.util.List;
import java.util.Locale;

/** The PostgreSQL resource types: properties as PostgreSQL names them, and the rules between fields. */
public final class PostgresTypes {
    public static final String ROLE = "postgres.role";
    public static final String DATABASE = "postgres.database";
    public static final String SCHEMA = "postgres.schema";
    public static final String EXTENSION = "postgres.extension";
    public static final String GRANT = "postgres.grant";

    private PostgresTypes() { }

    /** All types, in the order wizards and the JSON Schema list them. */
    public static List<ResourceType> all() {
        return List.of(role(), database(), schema(), extension(), grant());
    }

    static ResourceType role() {
        return ResourceType.builder(ROLE)
                .describe("A cluster-wide role (user or group); the resource name is the role name.")
                .property(PropertySpec.of("login", Kind.BOOLEAN).describe("the role may log in (LOGIN / NOLOGIN)"))
                .property(PropertySpec.of("inherit", Kind.BOOLEAN)
                        .describe("the role uses the privileges of the roles it is a member of (INHERIT)"))
                .property(PropertySpec.of("createdb", Kind.BOOLEAN).describe("the role may create databases"))
                .property(PropertySpec.of("createrole", Kind.BOOLEAN).describe("the role may create other roles"))
                .property(PropertySpec.of("connection_limit", Kind.INTEGER).range(-1, 1_000_000)
                        .describe("concurrent connections the role may open; -1 means no limit"))
                .property(PropertySpec.of("password", Kind.SECRET)
                        .describe("a secret reference; set when the role is created, never compared"))
                .property(PropertySpec.of("member_of", Kind.IDENTIFIER_LIST).references(ROLE)
                        .describe("roles this role is granted (GRANT role TO this role)"))
                .property(PropertySpec.of("comment", Kind.STRING).describe("COMMENT ON ROLE"))
                .check(PostgresTypes::checkRoleName)
                .check((r, sink) -> {
                    for (Object m : r.list("member_of")) {
                        if (r.name().equals(m)) sink.problem(r, "member_of", "a role cannot be a member of itself");
                    }
                })
                .build();
    }

    static ResourceType database() {
        return ResourceType.builder(DATABASE)
                .describe("A database; the resource name is the database name.")
                .property(PropertySpec.of("owner", Kind.IDENTIFIER).references(ROLE).describe("the owning role"))
                .property(PropertySpec.of("encoding", Kind.STRING).immutable()
                        .describe("character set, e.g. UTF8; any name PostgreSQL accepts (UNICODE, utf-8, ISO-8859-1) is"
                                + " compared as the encoding it names"))
                .property(PropertySpec.of("lc_collate", Kind.STRING).immutable()
                        .describe("collation order (LC_COLLATE), e.g. C or en_US.UTF-8; POSIX is C, and code set"
                                + " spellings (UTF-8, utf8) are compared as the C library matches them"))
                .property(PropertySpec.of("lc_ctype", Kind.STRING).immutable()
                        .describe("character classification (LC_CTYPE), e.g. C or en_US.UTF-8; compared as lc_collate"))
                .property(PropertySpec.of("template", Kind.IDENTIFIER).immutable().notCompared()
                        .describe("template database to copy (template0 when setting a locale); PostgreSQL does not keep it"))
                .property(PropertySpec.of("connection_limit", Kind.INTEGER).range(-1, 1_000_000)
                        .describe("concurrent connections allowed; -1 means no limit"))
                .property(PropertySpec.of("comment", Kind.STRING).describe("COMMENT ON DATABASE"))
                .check(PostgresTypes::checkEncodingAndLocales)
                .build();
    }

    static ResourceType schema() {
        return ResourceType.builder(SCHEMA)
                .describe("A schema inside a database; the resource name is the schema name.")
                .property(PropertySpec.of("database", Kind.IDENTIFIER).required().immutable().references(DATABASE).container()
                        .describe("the database that holds the schema"))
                .property(PropertySpec.of("owner", Kind.IDENTIFIER).references(ROLE).describe("the owning role"))
                .property(PropertySpec.of("comment", Kind.STRING).describe("COMMENT ON SCHEMA"))
                .check((r, sink) -> {
                    if (r.name().startsWith("pg_")) {
                        sink.problem(r, "name", "schema names starting with pg_ are reserved for PostgreSQL's system schemas");
                    }
                })
                .build();
    }

    static ResourceType extension() {
        return ResourceType.builder(EXTENSION)
                .describe("An extension installed in a database; the resource name is the extension name.")
                .property(PropertySpec.of("database", Kind.IDENTIFIER).required().immutable().references(DATABASE).container()
                        .describe("the database to install the extension in"))
                .property(PropertySpec.of("schema", Kind.IDENTIFIER).references(SCHEMA)
                        .describe("schema for the extension's objects (ALTER EXTENSION ... SET SCHEMA)"))
                .property(PropertySpec.of("version", Kind.STRING)
                        .describe("extension version (ALTER EXTENSION ... UPDATE TO)"))
                .build();
    }

    static ResourceType grant() {
        return ResourceType.builder(GRANT)
                .describe("Privileges granted to a role on a database, a schema, all tables of a schema, or by default"
                        + " on future objects; the resource name is a label.")
                .property(PropertySpec.of("role", Kind.IDENTIFIER).required().immutable().references(ROLE)
                        .describe("the role that receives the privileges"))
                .property(PropertySpec.of("on", Kind.ENUM).required().immutable()
                        .values(Privileges.TARGETS.toArray(String[]::new))
                        .describe("what the privileges are on"))
                .property(PropertySpec.of("database", Kind.IDENTIFIER).required().immutable().references(DATABASE).container()
                        .describe("the database (the target itself when on is database)"))
                .property(PropertySpec.of("schema", Kind.IDENTIFIER).immutable().references(SCHEMA).container()
                        .describe("the schema (required unless on is database)"))
                .property(PropertySpec.of("object_type", Kind.ENUM).immutable()
                        .values(Privileges.OBJECT_TYPES.toArray(String[]::new))
                        .describe("for default_privileges: the kind of future objects (default tables)"))
                .property(PropertySpec.of("for_role", Kind.IDENTIFIER).immutable().references(ROLE)
                        .describe("for default_privileges: the role whose future objects get the privileges"))
                .property(PropertySpec.of("privileges", Kind.ENUM_LIST).required()
                        .values(Privileges.ALL.toArray(String[]::new))
                        .describe("privileges to grant; adding grants, removing revokes"))
                .check(PostgresTypes::checkGrantFields)
                .check(PostgresTypes::checkGrantPrivileges)
                .liveIdentity(PostgresTypes::grantTarget)
                .build();
    }

    private static void checkRoleName(Resource r, ResourceType.ProblemSink sink) {
        String n = r.name();
        if (n.startsWith("pg_")) sink.problem(r, "name", "role names starting with pg_ are reserved for PostgreSQL's predefined roles");
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.equals("public")) sink.problem(r, "name", "PUBLIC is reserved: it stands for every role");
        if (lower.equals("none")) sink.problem(r, "name", "NONE is a reserved role name in PostgreSQL");
    }

    /**
     * What the server would refuse in CREATE DATABASE: an encoding name it does not know or a client-only encoding, a
     * text that cannot be a locale name, and a locale whose code set asks for another encoding than the one given
     * (SQL_ASCII aside, which a superuser may pair with any locale).
     */
    private static void checkEncodingAndLocales(Resource r, ResourceType.ProblemSink sink) {
        String encoding = r.get("encoding") instanceof String e ? e : null;
        String official = null;
        if (encoding != null) {
            String bad = PgNames.checkServerEncoding(encoding);
            if (bad != null) sink.problem(r, "encoding", bad);
            else official = PgNames.encoding(encoding);
        }
        for (String field : List.of("lc_collate", "lc_ctype")) {
            if (!(r.get(field) instanceof String locale)) continue;
            String bad = PgNames.checkLocale(locale);
            if (bad != null) {
                sink.problem(r, field, bad);
                continue;
            }
            String needs = PgNames.localeEncoding(locale);
            if (official != null && needs != null && !needs.equals(official) && !official.equals("SQL_ASCII")) {
                sink.problem(r, field, "locale " + Problem.quote(locale) + " requires encoding " + needs
                        + "; PostgreSQL refuses it with encoding " + official);
            }
        }
    }

    /**
     * The ACL entry a grant manages: grantee, target kind, database, schema and, for default privileges, the owner role
     * and the object type (tables when not given). Two grants with one target would revoke each other's privileges.
     */
    private static Object grantTarget(Resource r) {
        String on = on(r);
        if (on == null || r.string("role") == null || r.string("database") == null) return null;
        boolean isDefault = on.equals(Privileges.DEFAULT_PRIVILEGES);
        String objectType = isDefault ? (r.has("object_type") ? r.string("object_type").toLowerCase(Locale.ROOT) : "tables") : null;
        return java.util.Arrays.asList(r.string("role"), on, r.string("database"), r.string("schema"),
                isDefault ? r.string("for_role") : null, objectType);
    }

    private static String on(Resource r) {
        String on = r.string("on");
        return on == null ? null : on.toLowerCase(Locale.ROOT);
    }

    private static void checkGrantFields(Resource r, ResourceType.ProblemSink sink) {
        String on = on(r);
        if (on == null || !Privileges.TARGETS.contains(on)) return;
        boolean isDefault = on.equals(Privileges.DEFAULT_PRIVILEGES);
        if (on.equals(Privileges.DATABASE)) {
            if (r.has("schema")) sink.problem(r, "schema", "not used when on is database");
        } else if (!r.has("schema")) {
            sink.problem(r, "schema", "required when on is " + on);
        }
        if (isDefault && !r.has("for_role")) {
            sink.problem(r, "for_role", "required when on is default_privileges: the role whose future objects get the privileges");
        }
        if (!isDefault && r.has("for_role")) sink.problem(r, "for_role", "only used when on is default_privileges");
        if (!isDefault && r.has("object_type")) sink.problem(r, "object_type", "only used when on is default_privileges");
    }

    private static void checkGrantPrivileges(Resource r, ResourceType.ProblemSink sink) {
        String on = on(r);
        if (on == null || !Privileges.TARGETS.contains(on) || !(r.get("privileges") instanceof List<?> list)) return;
        if (list.isEmpty()) {
            sink.problem(r, "privileges", "list at least one privilege");
            return;
        }
        List<String> allowed = Privileges.allowed(on, r.string("object_type"));
        String what = on.equals(Privileges.DEFAULT_PRIVILEGES)
                ? "default privileges on " + (r.has("object_type") ? r.string("object_type").toLowerCase(Locale.ROOT) : "tables")
                : (on.equals(Privileges.ALL_TABLES) ? "tables" : "a " + on);
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String p) || !Privileges.ALL.contains(p.toUpperCase(Locale.ROOT))) continue;
            if (!allowed.contains(p.toUpperCase(Locale.ROOT))) {
                sink.problem(r, "privileges[" + i + "]", p.toUpperCase(Locale.ROOT) + " is not a privilege for " + what
                        + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }
}
