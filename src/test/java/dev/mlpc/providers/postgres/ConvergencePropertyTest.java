package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 13, item 1, as a property: for random valid stacks of PostgreSQL resources (roles with memberships, databases
 * with random encodings and locales in random spellings, schemas, grants on databases, schemas and tables, default
 * privileges, extensions at some version in some schema), applying the plan against the real server and planning
 * again finds nothing to do; and a stack that only spells the same things differently (encoding aliases, POSIX for C,
 * code set spellings, privilege case and order, list order, enum case) plans nothing either.
 * <p>
 * The generator is a seeded {@link Random}: the seed is printed on every run and named in every failure, and
 * {@code -Dmlpc.convergence.seed=N} runs the same stacks again ({@code -Dmlpc.convergence.stacks=N} sets how many,
 * 30 by default). Every name is unique to the run, and what each stack created is dropped before the next.
 */
class ConvergencePropertyTest {
    private static final int STACKS = Integer.getInteger("mlpc.convergence.stacks", 30);

    /** Spellings the server takes for the same encoding: official name first. */
    private static final List<List<String>> ENCODINGS = List.of(
            List.of("UTF8", "utf8", "UNICODE", "utf-8", "Unicode", "UTF_8"),
            List.of("LATIN1", "latin1", "ISO-8859-1", "iso88591", "ISO_8859_1", "Latin-1"),
            List.of("LATIN9", "ISO-8859-15", "latin-9"),
            List.of("WIN1252", "windows-1252", "Win1252"),
            List.of("KOI8R", "koi8", "KOI8-R"),
            List.of("EUC_JP", "euc-jp", "EUCJP"),
            List.of("SQL_ASCII", "sql_ascii", "SQL-ASCII"));

    /** Locales this server has (C.UTF-8 is built into current glibc), each with its equivalent spellings. */
    private static final List<List<String>> ANY_ENCODING_LOCALES = List.of(List.of("C", "POSIX"));
    private static final List<List<String>> UTF8_LOCALES = List.of(List.of("C.UTF-8", "C.utf8", "C.UTF8", "C.utf-8"));

    private static final List<String> COMMENTS = List.of("", "models", "it's \"quoted\"", "ünïcödé ✓ 模型",
            "back\\slash and $$ dollars", "  spaced  ", "; DROP TABLE x; --");

    /** Contrib extensions and plpgsql, with the versions they can be installed at (read from the server once). */
    private static final Map<String, List<String>> EXTENSIONS = new LinkedHashMap<>();

    /** One resource as the generator keeps it: type, name, and properties in order. */
    private record Res(String type, String name, Map<String, Object> props) { }

    @Test
    void applyingRandomStacksThenPlanningAgainFindsNothingToDo() throws Exception {
        long seed = Long.getLong("mlpc.convergence.seed", System.nanoTime());
        System.out.println("ConvergencePropertyTest seed " + seed + " (-Dmlpc.convergence.seed=" + seed
                + " runs the same stacks), " + STACKS + " stacks");
        Random random = new Random(seed);
        int resources = 0;
        for (String e : List.of("citext", "hstore", "ltree", "pgcrypto", "uuid-ossp", "plpgsql")) {
            List<String> versions = PgTestSupport.column(null, "SELECT version FROM pg_available_extension_versions"
                    + " WHERE name = ? ORDER BY version", e);
            if (!versions.isEmpty()) EXTENSIONS.put(e, versions);
        }
        try (ProviderSession session = PgKit.connect(Map.of())) {
            for (int i = 0; i < STACKS; i++) {
                try (PgTestSupport pg = new PgTestSupport()) {
                    List<Res> model = generate(random, pg);
                    resources += model.size();
                    check(session, seed, i, model, random);
                }
            }
        }
        System.out.println("ConvergencePropertyTest: " + STACKS + " stacks, " + resources + " resources converged");
    }

    private static void check(ProviderSession session, long seed, int index, List<Res> model, Random random)
            throws Exception {
        String yaml = yaml(model, v -> v);
        String where = "seed " + seed + ", stack " + index + ":\n" + yaml;
        Stack stack = parse(yaml, where);

        Plan first = PgKit.plan(session, stack, null);
        ApplyResult result = session.apply(first, Progress.NONE);
        if (!result.succeeded()) fail("apply failed (" + result.failure() + ") for " + where + "\n" + first.toText());

        Plan again = PgKit.plan(session, stack, stack);
        assertThat(again.actionable()).as("re-plan after the apply, " + where + "\n" + again.toText()).isEmpty();

        // the same stack in other spellings: nothing to do, against the live objects or the committed stack
        String respelled = yaml(model, v -> respell(v, random));
        Stack other = parse(respelled, "respelled, " + where + "\nas:\n" + respelled);
        Plan p = PgKit.plan(session, other, stack);
        assertThat(p.actionable()).as("respelled, " + where + "\nas:\n" + respelled + "\n" + p.toText()).isEmpty();
    }

    private static Stack parse(String yaml, String where) {
        try {
            return PgKit.parse(yaml);
        } catch (StackException e) {
            return fail("the generator made a stack that does not validate (" + e.getMessage() + "), " + where);
        }
    }

    // ---- generating ----

    private static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static <T> List<T> subset(Random r, List<T> from, int min) {
        List<T> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, r);
        int n = min + r.nextInt(shuffled.size() - min + 1);
        return new ArrayList<>(shuffled.subList(0, n));
    }

    /** A name unique to the run, sometimes with the case, spaces and quotes PostgreSQL keeps in quoted names. */
    private static String name(Random r, String prefix) {
        return PgTestSupport.unique(pick(r, List.of(prefix, prefix, "Cv" + prefix, "cv " + prefix, "cv\"" + prefix)));
    }

    private static List<Res> generate(Random r, PgTestSupport pg) {
        List<Res> out = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        int roleCount = 1 + r.nextInt(3);
        for (int i = 0; i < roleCount; i++) {
            String role = pg.trackRole(name(r, "role"));
            Map<String, Object> p = new LinkedHashMap<>();
            for (String flag : List.of("login", "inherit", "createdb", "createrole")) {
                if (r.nextInt(3) == 0) p.put(flag, r.nextBoolean());
            }
            if (r.nextInt(3) == 0) p.put("connection_limit", (long) pick(r, List.of(-1, 0, 3, 100, 1_000_000)));
            if (!roles.isEmpty() && r.nextBoolean()) p.put("member_of", subset(r, roles, 1));
            if (r.nextInt(3) == 0) p.put("comment", pick(r, COMMENTS));
            out.add(new Res(PostgresTypes.ROLE, role, p));
            roles.add(role);
        }
        List<String[]> schemas = new ArrayList<>(); // {database, schema, owner or null}
        List<String[]> databases = new ArrayList<>(); // {database, owner or null}
        List<String> extensions = new ArrayList<>();
        int dbCount = 1 + r.nextInt(2);
        for (int i = 0; i < dbCount; i++) {
            String db = pg.trackDatabase(name(r, "db"));
            Map<String, Object> p = new LinkedHashMap<>();
            String owner = r.nextBoolean() ? pick(r, roles) : null;
            if (owner != null) p.put("owner", owner);
            if (r.nextInt(4) != 0) {
                List<String> encoding = pick(r, ENCODINGS);
                boolean utf8 = encoding.get(0).equals("UTF8");
                List<String> locale = utf8 && r.nextBoolean() ? pick(r, UTF8_LOCALES) : pick(r, ANY_ENCODING_LOCALES);
                if (r.nextInt(5) != 0) p.put("encoding", pick(r, encoding));
                // a locale left out comes from template0, whose locale (C.UTF-8 here) suits UTF8 and SQL_ASCII only
                boolean both = p.containsKey("encoding") && !utf8 && !encoding.get(0).equals("SQL_ASCII");
                if (both || r.nextInt(4) != 0 || !p.containsKey("encoding")) p.put("lc_collate", pick(r, locale));
                if (both || r.nextInt(4) != 0) p.put("lc_ctype", pick(r, locale));
                p.put("template", "template0");
            }
            if (r.nextInt(3) == 0) p.put("connection_limit", (long) pick(r, List.of(-1, 0, 10)));
            if (r.nextInt(3) == 0) p.put("comment", pick(r, COMMENTS));
            out.add(new Res(PostgresTypes.DATABASE, db, p));
            databases.add(new String[] {db, owner});
            // text inside the database is stored in its encoding: unicode comments only where it can hold them
            Object enc = p.get("encoding");
            boolean unicode = enc == null || PgNames.encoding((String) enc).equals("UTF8")
                    || PgNames.encoding((String) enc).equals("SQL_ASCII");
            List<String> comments = COMMENTS.stream().filter(c -> unicode || c.chars().allMatch(ch -> ch < 128)).toList();
            int schemaCount = r.nextInt(3);
            List<String> here = new ArrayList<>();
            for (int s = 0; s < schemaCount; s++) {
                String schema = name(r, "sch");
                Map<String, Object> sp = new LinkedHashMap<>();
                sp.put("database", db);
                String schemaOwner = r.nextBoolean() ? pick(r, roles) : null;
                if (schemaOwner != null) sp.put("owner", schemaOwner);
                if (r.nextInt(3) == 0) sp.put("comment", pick(r, comments));
                out.add(new Res(PostgresTypes.SCHEMA, schema, sp));
                schemas.add(new String[] {db, schema, schemaOwner});
                here.add(schema);
            }
            // an extension (its name is its resource name: once per stack), in one of the new schemas, at some version
            List<String> free = EXTENSIONS.keySet().stream().filter(e -> !extensions.contains(e)).toList();
            if (!free.isEmpty() && r.nextInt(3) == 0) {
                String extension = pick(r, free);
                extensions.add(extension);
                Map<String, Object> ep = new LinkedHashMap<>();
                ep.put("database", db);
                // plpgsql comes with every database, in pg_catalog, and cannot move
                if (!here.isEmpty() && r.nextBoolean() && !extension.equals("plpgsql")) ep.put("schema", pick(r, here));
                if (r.nextBoolean()) ep.put("version", pick(r, EXTENSIONS.get(extension)));
                out.add(new Res(PostgresTypes.EXTENSION, extension, ep));
            }
        }
        int grantCount = r.nextInt(5);
        java.util.Set<String> identities = new java.util.HashSet<>();
        for (int g = 0; g < grantCount; g++) {
            Res grant = grant(r, roles, databases, schemas, g);
            if (grant == null) continue;
            Map<String, Object> p = grant.props();
            String identity = p.get("role") + "|" + p.get("on") + "|" + p.get("database") + "|" + p.get("schema")
                    + "|" + (p.get("on").equals(Privileges.DEFAULT_PRIVILEGES) && p.get("object_type") == null ? "tables" : p.get("object_type"))
                    + "|" + p.get("for_role");
            if (identities.add(identity.toLowerCase(Locale.ROOT))) out.add(grant);
        }
        return out;
    }

    /**
     * A grant to a role that does not own its target (an owner holds every privilege on what it owns, and the stack
     * then warns, rule grant-to-owner), or null when there is none.
     */
    private static Res grant(Random r, List<String> roles, List<String[]> databases, List<String[]> schemas, int n) {
        String on = pick(r, schemas.isEmpty() ? List.of(Privileges.DATABASE) : Privileges.TARGETS);
        Map<String, Object> p = new LinkedHashMap<>();
        String owner;
        String database;
        String schema = null;
        if (on.equals(Privileges.DATABASE)) {
            String[] d = pick(r, databases);
            database = d[0];
            owner = d[1];
        } else {
            String[] s = pick(r, schemas);
            database = s[0];
            schema = s[1];
            owner = s[2];
        }
        List<String> grantees = roles.stream().filter(x -> !x.equals(owner)).toList();
        if (grantees.isEmpty()) return null;
        String role = pick(r, grantees);
        p.put("role", role);
        p.put("on", on);
        p.put("database", database);
        if (schema != null) p.put("schema", schema);
        String objectType = null;
        if (on.equals(Privileges.DEFAULT_PRIVILEGES)) {
            p.put("for_role", pick(r, roles));
            if (r.nextBoolean()) {
                objectType = pick(r, Privileges.OBJECT_TYPES);
                p.put("object_type", objectType);
            }
        }
        p.put("privileges", subset(r, Privileges.allowed(on, objectType), 1));
        return new Res(PostgresTypes.GRANT, "grant-" + n, p);
    }

    // ---- respelling ----

    /** Another spelling the server takes for the same value, or the value itself. */
    private static Object respell(Object v, Random r) {
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(o instanceof String s && Privileges.ALL.contains(s) ? randomCase(s, r) : o);
            Collections.shuffle(out, r);
            return out;
        }
        if (!(v instanceof String s)) return v;
        for (List<List<String>> family : List.of(ENCODINGS, ANY_ENCODING_LOCALES, UTF8_LOCALES)) {
            for (List<String> same : family) {
                if (same.contains(s)) return pick(r, same);
            }
        }
        if (Privileges.TARGETS.contains(s) || Privileges.OBJECT_TYPES.contains(s)) return randomCase(s, r);
        return s;
    }

    private static String randomCase(String s, Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> s.toLowerCase(Locale.ROOT);
            case 1 -> s.toUpperCase(Locale.ROOT);
            default -> s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    // ---- YAML ----

    private static String yaml(List<Res> model, Function<Object, Object> spell) {
        StringBuilder b = new StringBuilder("stack: convergence\nresources:\n");
        for (Res res : model) {
            b.append("  - type: ").append(res.type()).append('\n');
            b.append("    name: ").append(PgKit.yq(res.name())).append('\n');
            res.props().forEach((k, v) -> {
                // names (roles, databases, schemas) are never respelled: the server keeps quoted names as they are
                boolean isName = k.equals("owner") || k.equals("database") || k.equals("schema") || k.equals("role")
                        || k.equals("for_role") || k.equals("member_of");
                Object value = isName ? shuffled(v, spell) : spell.apply(v);
                b.append("    ").append(k).append(": ").append(scalar(value)).append('\n');
            });
        }
        return b.toString();
    }

    /** A name list (member_of) may come in any order; a single name stays as it is. */
    private static Object shuffled(Object v, Function<Object, Object> spell) {
        if (!(v instanceof List<?> list)) return v;
        Object moved = spell.apply(list);
        return moved instanceof List<?> ? moved : v;
    }

    private static String scalar(Object v) {
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(x -> items.add(scalar(x)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof String s) return PgKit.yq(s);
        return String.valueOf(v);
    }
}
