package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;

import org.postgresql.util.PasswordUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.mlpc.providers.postgres.PgSql.ident;
import static dev.mlpc.providers.postgres.PgSql.literal;

/**
 * PostgreSQL statements for creating, changing and dropping the {@link PostgresTypes} resources. Every name goes
 * through {@link PgSql#ident} and every text value through {@link PgSql#literal}; the text is deterministic.
 * <p>
 * Statements for objects inside a database (schemas, extensions, grants on schemas and tables) carry that database
 * as their {@link Statement#target()}; roles, databases and grants on databases run on the cluster connection.
 * <p>
 * Safety of updates: granting and widening is SAFE; lowering a connection limit, taking away LOGIN, CREATEDB,
 * CREATEROLE or INHERIT, changing an owner and moving an extension to another schema are UNSAFE; revoking a
 * privilege or a role membership is DESTRUCTIVE.
 */
public final class PostgresRenderer implements Renderer {

    @Override
    public List<Statement> create(Resource r) {
        return switch (r.type()) {
            case PostgresTypes.ROLE -> createRole(r);
            case PostgresTypes.DATABASE -> createDatabase(r);
            case PostgresTypes.SCHEMA -> createSchema(r);
            case PostgresTypes.EXTENSION -> List.of(createExtension(r));
            case PostgresTypes.GRANT -> grantStatements(r, true, Privileges.canonical(r.list("privileges")));
            default -> throw unknown(r);
        };
    }

    @Override
    public Rendered update(Resource r, ObservedResource observed, Set<String> changed) {
        return switch (r.type()) {
            case PostgresTypes.ROLE -> updateRole(r, observed, changed);
            case PostgresTypes.DATABASE -> updateDatabase(r, observed, changed);
            case PostgresTypes.SCHEMA -> updateSchema(r, changed);
            case PostgresTypes.EXTENSION -> updateExtension(r, changed);
            case PostgresTypes.GRANT -> updateGrant(r, observed, changed);
            default -> throw unknown(r);
        };
    }

    @Override
    public List<Statement> drop(Resource r, ObservedResource observed) {
        return switch (r.type()) {
            case PostgresTypes.ROLE -> List.of(Statement.of("DROP ROLE " + ident(r.name())));
            case PostgresTypes.DATABASE -> List.of(Statement.of("DROP DATABASE " + ident(r.name())));
            case PostgresTypes.SCHEMA -> List.of(inDb(r, "DROP SCHEMA " + ident(r.name()) + " RESTRICT"));
            case PostgresTypes.EXTENSION -> List.of(inDb(r, "DROP EXTENSION " + ident(r.name()) + " RESTRICT"));
            case PostgresTypes.GRANT -> grantStatements(r, false, Privileges.canonical(r.list("privileges")));
            default -> throw unknown(r);
        };
    }

    /**
     * A database's encoding, locales and template are settings of the database itself (the template is not even
     * kept): compared with the live database only. Everything else immutable (a schema's database, a grant's role and
     * target) says which object is meant.
     */
    @Override
    public boolean identifies(String type, String property) {
        return !(PostgresTypes.DATABASE.equals(type) && Set.of("encoding", "lc_collate", "lc_ctype", "template")
                .contains(property));
    }

    @Override
    public List<PlanWarning> warnings(Stack stack) {
        List<PlanWarning> out = new ArrayList<>();
        for (Resource r : stack.resources()) {
            switch (r.type()) {
                case PostgresTypes.ROLE -> roleWarnings(r, out);
                case PostgresTypes.DATABASE -> databaseWarnings(r, out);
                case PostgresTypes.GRANT -> grantWarnings(stack, r, out);
                default -> { }
            }
        }
        encodingWarnings(stack, out);
        return out;
    }

    /**
     * Statements that run inside a database whose encoding the stack sets reach the server in that encoding: a name or
     * comment it cannot hold (a {@code ✓} in a LATIN1 database) makes PostgreSQL refuse the statement. Warned (rule
     * {@code not-in-encoding}) on the resource, naming the first such character; encodings Java has no charset for
     * (and SQL_ASCII, which stores any bytes) are not checked.
     */
    private void encodingWarnings(Stack stack, List<PlanWarning> out) {
        java.util.Map<String, String> encodings = new java.util.HashMap<>();
        for (Resource d : stack.resources()) {
            if (d.type().equals(PostgresTypes.DATABASE) && d.get("encoding") instanceof String e
                    && PgNames.encoding(e) != null) {
                encodings.put(d.name(), PgNames.encoding(e));
            }
        }
        if (encodings.isEmpty()) return;
        for (Resource r : stack.resources()) {
            String db = r.get("database") instanceof String d ? d : null;
            java.nio.charset.Charset charset = db == null ? null : PgNames.javaCharset(encodings.get(db));
            if (charset == null || r.type().equals(PostgresTypes.DATABASE)) continue;
            java.nio.charset.CharsetEncoder encoder = charset.newEncoder();
            for (Statement st : create(r)) {
                if (!db.equals(st.target())) continue;
                String text = String.valueOf(st.display());
                int bad = text.codePoints().filter(cp -> !encoder.canEncode(new String(Character.toChars(cp))))
                        .findFirst().orElse(-1);
                if (bad >= 0) {
                    out.add(new PlanWarning(r.type(), r.name(), "not-in-encoding", String.format(
                            "%s (U+%04X) cannot be stored in database %s's encoding %s; PostgreSQL refuses the"
                                    + " statement", Problem.quote(new String(Character.toChars(bad))), bad, db, encodings.get(db))));
                    break;
                }
            }
        }
    }

    // ---- roles ----

    private List<Statement> createRole(Resource r) {
        List<Statement> out = new ArrayList<>();
        String options = roleOptions(r, Set.of("login", "inherit", "createdb", "createrole", "connection_limit"));
        String base = "CREATE ROLE " + ident(r.name()) + (options.isEmpty() ? "" : " WITH" + options);
        if (r.has("password")) {
            out.add(withPassword(base + (options.isEmpty() ? " WITH" : ""), r.string("password")));
        } else {
            out.add(Statement.of(base));
        }
        for (String parent : names(r.list("member_of"))) {
            out.add(Statement.of("GRANT " + ident(parent) + " TO " + ident(r.name())));
        }
        if (r.has("comment")) out.add(comment("ROLE", r.name(), r.string("comment")));
        return out;
    }

    /**
     * {@code base PASSWORD ${env:X}} for display. The executable form, built only when bound, carries a SCRAM-SHA-256
     * verifier computed here from the password ({@link #scramVerifier}), never the password itself: the statement text
     * may reach the server log, {@code pg_stat_activity} or {@code pg_stat_statements}.
     */
    private static Statement withPassword(String base, String reference) {
        SecretRef ref = SecretRef.parse(reference).orElse(null);
        String shown = ref == null ? "(not a secret reference)" : ref.toString();
        return Statement.withSecret(base + " PASSWORD " + shown, secrets -> {
            if (ref == null) {
                throw new SecretResolver.SecretUnavailableException("password: " + SecretRef.expectedForm());
            }
            return base + " PASSWORD " + literal(scramVerifier(secrets.resolve(ref)));
        });
    }

    /**
     * The SCRAM-SHA-256 verifier PostgreSQL stores for a password ({@code SCRAM-SHA-256$4096:salt$StoredKey:ServerKey},
     * RFC 5802 / 7677, random 16-byte salt), computed by the driver as psql's {@code \password} does. The server
     * stores a verifier given in {@code PASSWORD '...'} as it is.
     */
    static String scramVerifier(String password) {
        char[] chars = password.toCharArray();
        try {
            return PasswordUtil.encodeScramSha256(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static String roleOptions(Resource r, Set<String> which) {
        StringBuilder b = new StringBuilder();
        flag(b, r, which, "login", "LOGIN");
        flag(b, r, which, "inherit", "INHERIT");
        flag(b, r, which, "createdb", "CREATEDB");
        flag(b, r, which, "createrole", "CREATEROLE");
        if (which.contains("connection_limit") && r.integer("connection_limit") != null) {
            b.append(" CONNECTION LIMIT ").append(r.integer("connection_limit"));
        }
        return b.toString();
    }

    private static void flag(StringBuilder b, Resource r, Set<String> which, String property, String keyword) {
        Boolean v = r.bool(property);
        if (v != null && which.contains(property)) b.append(' ').append(v ? keyword : "NO" + keyword);
    }

    private Rendered updateRole(Resource r, ObservedResource observed, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        String options = roleOptions(r, changed);
        if (!options.isEmpty()) out.add(Statement.of("ALTER ROLE " + ident(r.name()) + " WITH" + options));
        for (String flag : List.of("login", "inherit", "createdb", "createrole")) {
            if (changed.contains(flag) && Boolean.FALSE.equals(r.bool(flag))) safety = safety.max(Safety.UNSAFE);
        }
        if (changed.contains("connection_limit") && lowers(r.integer("connection_limit"), observed.get("connection_limit"))) {
            safety = safety.max(Safety.UNSAFE);
        }
        if (changed.contains("member_of")) {
            Set<String> want = names(r.list("member_of"));
            Set<String> have = names(observedList(observed, "member_of"));
            for (String p : want) if (!have.contains(p)) out.add(Statement.of("GRANT " + ident(p) + " TO " + ident(r.name())));
            for (String p : have) {
                if (!want.contains(p)) {
                    out.add(Statement.of("REVOKE " + ident(p) + " FROM " + ident(r.name())));
                    safety = Safety.DESTRUCTIVE;
                }
            }
        }
        if (changed.contains("comment")) out.add(comment("ROLE", r.name(), r.string("comment")));
        return new Rendered(out, safety);
    }

    private static void roleWarnings(Resource r, List<PlanWarning> out) {
        if (r.has("password")) {
            out.add(new PlanWarning(r.type(), r.name(), "password-not-compared",
                    "the password is set when the role is created and never compared or changed afterwards"));
        } else if (Boolean.TRUE.equals(r.bool("login"))) {
            out.add(new PlanWarning(r.type(), r.name(), "login-without-password",
                    "the role can log in but the stack gives it no password; it can only authenticate by other means"
                            + " (pg_hba trust, peer, certificates)"));
        }
    }

    // ---- databases ----

    private List<Statement> createDatabase(Resource r) {
        StringBuilder b = new StringBuilder("CREATE DATABASE ").append(ident(r.name()));
        StringBuilder with = new StringBuilder();
        if (r.has("owner")) with.append(" OWNER ").append(ident(r.string("owner")));
        if (r.has("encoding")) with.append(" ENCODING ").append(literal(r.string("encoding")));
        if (r.has("lc_collate")) with.append(" LC_COLLATE ").append(literal(r.string("lc_collate")));
        if (r.has("lc_ctype")) with.append(" LC_CTYPE ").append(literal(r.string("lc_ctype")));
        if (r.has("template")) with.append(" TEMPLATE ").append(ident(r.string("template")));
        if (r.has("connection_limit")) with.append(" CONNECTION LIMIT ").append(r.integer("connection_limit"));
        if (with.length() > 0) b.append(" WITH").append(with);
        List<Statement> out = new ArrayList<>();
        out.add(Statement.of(b.toString()));
        if (r.has("comment")) out.add(comment("DATABASE", r.name(), r.string("comment")));
        return out;
    }

    private Rendered updateDatabase(Resource r, ObservedResource observed, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        if (changed.contains("owner")) {
            out.add(Statement.of("ALTER DATABASE " + ident(r.name()) + " OWNER TO " + ident(r.string("owner"))));
            safety = safety.max(Safety.UNSAFE);
        }
        if (changed.contains("connection_limit")) {
            out.add(Statement.of("ALTER DATABASE " + ident(r.name()) + " WITH CONNECTION LIMIT " + r.integer("connection_limit")));
            if (lowers(r.integer("connection_limit"), observed.get("connection_limit"))) safety = safety.max(Safety.UNSAFE);
        }
        if (changed.contains("comment")) out.add(comment("DATABASE", r.name(), r.string("comment")));
        return new Rendered(out, safety);
    }

    private static void databaseWarnings(Resource r, List<PlanWarning> out) {
        boolean locale = r.has("lc_collate") || r.has("lc_ctype") || r.has("encoding");
        String template = r.has("template") ? r.string("template") : "template1";
        String encoding = r.has("encoding") ? PgNames.encoding(r.string("encoding")) : null;
        List<String> missing = java.util.stream.Stream.of("lc_collate", "lc_ctype").filter(f -> !r.has(f)).toList();
        if (encoding != null && !encoding.equals("SQL_ASCII") && !missing.isEmpty()) {
            out.add(new PlanWarning(r.type(), r.name(), "locale-from-template",
                    "encoding " + encoding + " is set but " + String.join(" and ", missing) + " come"
                            + (missing.size() == 1 ? "s" : "") + " from template " + template
                            + "; PostgreSQL refuses the database unless the template's locale suits " + encoding
                            + " (C suits every encoding)"));
        }
        if (locale && !template.equals("template0")) {
            out.add(new PlanWarning(r.type(), r.name(), "template-with-locale",
                    "encoding or locale is set with template " + template + "; PostgreSQL refuses a locale or"
                            + " encoding that differs from the template's: use template: template0"));
        }
    }

    // ---- schemas and extensions ----

    private List<Statement> createSchema(Resource r) {
        List<Statement> out = new ArrayList<>();
        String owner = r.has("owner") ? " AUTHORIZATION " + ident(r.string("owner")) : "";
        out.add(inDb(r, "CREATE SCHEMA " + ident(r.name()) + owner));
        if (r.has("comment")) out.add(comment("SCHEMA", r.name(), r.string("comment")).in(r.string("database")));
        return out;
    }

    private Rendered updateSchema(Resource r, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        if (changed.contains("owner")) {
            out.add(inDb(r, "ALTER SCHEMA " + ident(r.name()) + " OWNER TO " + ident(r.string("owner"))));
            safety = Safety.UNSAFE;
        }
        if (changed.contains("comment")) out.add(comment("SCHEMA", r.name(), r.string("comment")).in(r.string("database")));
        return new Rendered(out, safety);
    }

    /**
     * {@code CREATE EXTENSION}; for {@code plpgsql}, which every database gets from template0 and template1, with
     * {@code IF NOT EXISTS}, so that a database created in the same plan does not refuse it as already there.
     */
    private Statement createExtension(Resource r) {
        String ifNotExists = r.name().equals("plpgsql") ? "IF NOT EXISTS " : "";
        StringBuilder b = new StringBuilder("CREATE EXTENSION ").append(ifNotExists).append(ident(r.name()));
        if (r.has("schema")) b.append(" SCHEMA ").append(ident(r.string("schema")));
        if (r.has("version")) b.append(" VERSION ").append(literal(r.string("version")));
        return inDb(r, b.toString());
    }

    private Rendered updateExtension(Resource r, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        Safety safety = Safety.SAFE;
        if (changed.contains("schema")) {
            out.add(inDb(r, "ALTER EXTENSION " + ident(r.name()) + " SET SCHEMA " + ident(r.string("schema"))));
            safety = Safety.UNSAFE;
        }
        if (changed.contains("version")) {
            out.add(inDb(r, "ALTER EXTENSION " + ident(r.name()) + " UPDATE TO " + literal(r.string("version"))));
        }
        return new Rendered(out, safety);
    }

    // ---- grants ----

    private Rendered updateGrant(Resource r, ObservedResource observed, Set<String> changed) {
        if (!changed.contains("privileges")) return new Rendered(List.of(), Safety.SAFE);
        List<String> want = Privileges.canonical(r.list("privileges"));
        List<String> have = Privileges.canonical(observedList(observed, "privileges"));
        List<String> add = want.stream().filter(p -> !have.contains(p)).toList();
        List<String> remove = have.stream().filter(p -> !want.contains(p)).toList();
        List<Statement> out = new ArrayList<>();
        if (!add.isEmpty()) out.addAll(grantStatements(r, true, add));
        if (!remove.isEmpty()) out.addAll(grantStatements(r, false, remove));
        return new Rendered(out, remove.isEmpty() ? Safety.SAFE : Safety.DESTRUCTIVE);
    }

    /** GRANT (or REVOKE) the given privileges as the grant's target says. */
    static List<Statement> grantStatements(Resource r, boolean grant, List<String> privileges) {
        if (privileges.isEmpty()) return List.of();
        String list = String.join(", ", privileges);
        String role = ident(r.string("role"));
        String verb = grant ? "GRANT " : "REVOKE ";
        String to = grant ? " TO " : " FROM ";
        String on = r.string("on").toLowerCase(Locale.ROOT);
        return switch (on) {
            case Privileges.DATABASE -> List.of(Statement.of(verb + list + " ON DATABASE " + ident(r.string("database")) + to + role));
            case Privileges.SCHEMA -> List.of(inDb(r, verb + list + " ON SCHEMA " + ident(r.string("schema")) + to + role));
            case Privileges.ALL_TABLES ->
                    List.of(inDb(r, verb + list + " ON ALL TABLES IN SCHEMA " + ident(r.string("schema")) + to + role));
            case Privileges.DEFAULT_PRIVILEGES -> List.of(inDb(r, "ALTER DEFAULT PRIVILEGES FOR ROLE "
                    + ident(r.string("for_role")) + " IN SCHEMA " + ident(r.string("schema")) + " " + verb + list
                    + " ON " + objectType(r).toUpperCase(Locale.ROOT) + to + role));
            default -> throw new IllegalArgumentException("postgres.grant " + r.name() + ": unknown target " + Problem.quote(on));
        };
    }

    static String objectType(Resource r) {
        return r.has("object_type") ? r.string("object_type").toLowerCase(Locale.ROOT) : "tables";
    }

    private static void grantWarnings(Stack stack, Resource r, List<PlanWarning> out) {
        String owner = targetOwner(stack, r);
        if (owner != null && owner.equals(r.string("role"))) {
            out.add(new PlanWarning(r.type(), r.name(), "grant-to-owner",
                    "the role owns the " + r.string("on").toLowerCase(Locale.ROOT) + " and holds every privilege on it;"
                            + " privileges not listed here would be revoked from the owner"));
        }
        if (!"schema".equalsIgnoreCase(r.string("on")) || !"public".equals(r.string("schema"))) return;
        boolean create = r.list("privileges").stream().anyMatch(p -> "CREATE".equalsIgnoreCase(String.valueOf(p)));
        if (create) {
            out.add(new PlanWarning(r.type(), r.name(), "public-schema-create",
                    "CREATE on schema public lets the role create objects that other users' unqualified names may resolve to"));
        }
    }

    /** The owner the stack gives to a grant's database or schema, or null. */
    private static String targetOwner(Stack stack, Resource grant) {
        String on = grant.has("on") ? grant.string("on").toLowerCase(Locale.ROOT) : "";
        for (Resource t : stack.resources()) {
            boolean isDb = on.equals(Privileges.DATABASE) && t.type().equals(PostgresTypes.DATABASE)
                    && t.name().equals(grant.string("database"));
            boolean isSchema = on.equals(Privileges.SCHEMA) && t.type().equals(PostgresTypes.SCHEMA)
                    && t.name().equals(grant.string("schema")) && t.string("database") != null
                    && t.string("database").equals(grant.string("database"));
            if (isDb || isSchema) return t.string("owner");
        }
        return null;
    }

    // ---- helpers ----

    /** {@code COMMENT ON ...}; an empty comment is {@code IS NULL}, which is how PostgreSQL stores it anyway. */
    private static Statement comment(String kind, String name, String text) {
        String value = text == null || text.isEmpty() ? "NULL" : literal(text);
        return Statement.of("COMMENT ON " + kind + " " + ident(name) + " IS " + value);
    }

    private static Statement inDb(Resource r, String sql) {
        return Statement.of(sql).in(r.string("database"));
    }

    /** True when {@code want} allows fewer connections than {@code have} (-1 is no limit). */
    private static boolean lowers(Long want, Object have) {
        if (want == null || !(have instanceof Number h)) return false;
        long w = want < 0 ? Long.MAX_VALUE : want;
        long o = h.longValue() < 0 ? Long.MAX_VALUE : h.longValue();
        return w < o;
    }

    private static Set<String> names(Collection<?> list) {
        Set<String> out = new LinkedHashSet<>();
        list.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    private static List<?> observedList(ObservedResource o, String property) {
        return o.get(property) instanceof List<?> l ? l : List.of();
    }

    private static IllegalArgumentException unknown(Resource r) {
        return new IllegalArgumentException("not a PostgreSQL resource type: " + r.type());
    }
}
