package dev.mlpc.testing.snowflake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.mlpc.testing.snowflake.SfColumn.bool;
import static dev.mlpc.testing.snowflake.SfColumn.text;
import static dev.mlpc.testing.snowflake.SfColumn.timestampLtz;
import static dev.mlpc.testing.snowflake.SimCatalog.bad;
import static dev.mlpc.testing.snowflake.SimCatalog.exists;
import static dev.mlpc.testing.snowflake.SimCatalog.key;
import static dev.mlpc.testing.snowflake.SimCatalog.missing;
import static dev.mlpc.testing.snowflake.SimCatalog.quoteAll;
import static dev.mlpc.testing.snowflake.SimCatalog.row;
import static dev.mlpc.testing.snowflake.SimCatalog.splitTopLevel;

/**
 * The part of the simulated account beyond databases, warehouses, schemas, roles and tables: API and storage
 * integrations, external functions (and plain UDFs a test seeds, e.g. request translators), file formats, stages and
 * pipes. Executes the CREATE / ALTER … SET / UNSET / DROP forms mlpc's renderer emits for them, answers
 * {@code SHOW INTEGRATIONS}, {@code SHOW USER FUNCTIONS} / {@code SHOW EXTERNAL FUNCTIONS}, {@code SHOW FILE FORMATS},
 * {@code SHOW STAGES}, {@code SHOW PIPES} and {@code DESCRIBE INTEGRATION / FUNCTION / STAGE} in the shapes PROTOCOL.md
 * describes. Called by {@link SimCatalog} under its lock.
 */
final class SimObjects {
    static final List<SfColumn> FILE_FORMATS = List.of(timestampLtz("created_on"), text("name"), text("database_name"),
            text("schema_name"), text("type"), text("owner"), text("comment"), text("format_options"),
            text("owner_role_type"));
    static final List<SfColumn> STAGES = List.of(timestampLtz("created_on"), text("name"), text("database_name"),
            text("schema_name"), text("url"), text("has_credentials"), text("has_encryption_key"), text("owner"),
            text("comment"), text("region"), text("type"), text("cloud"), text("notification_channel"),
            text("storage_integration"), text("endpoint"), text("owner_role_type"), text("directory_enabled"));
    static final List<SfColumn> PIPES = List.of(timestampLtz("created_on"), text("name"), text("database_name"),
            text("schema_name"), text("definition"), text("owner"), text("notification_channel"), text("comment"),
            text("integration"), text("pattern"), text("error_integration"), text("owner_role_type"),
            text("invalid_reason"), text("kind"));
    static final List<SfColumn> FUNCTIONS = List.of(timestampLtz("created_on"), text("name"), text("schema_name"),
            text("is_builtin"), text("is_aggregate"), text("is_ansi"), SfColumn.integer("min_num_arguments"),
            SfColumn.integer("max_num_arguments"), text("arguments"), text("description"), text("catalog_name"),
            text("is_table_function"), text("valid_for_clustering"), text("is_secure"), text("is_external_function"),
            text("language"), text("is_memoizable"));
    static final List<SfColumn> DESCRIBE_INTEGRATION = List.of(text("property"), text("property_type"),
            text("property_value"), text("property_default"));
    static final List<SfColumn> DESCRIBE_FUNCTION = List.of(text("property"), text("value"));
    static final List<SfColumn> DESCRIBE_STAGE = List.of(text("parent_property"), text("property"),
            text("property_type"), text("property_value"), text("property_default"));

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    /** An argument of a function: stored name and type as written (upper case). */
    record Arg(String name, String type) {}

    /** A function: external (url and the rest set) or a plain UDF a test seeded. */
    static final class Function {
        final String db, schema, name;
        final List<Arg> args;
        final String returns;
        final boolean external;
        final Map<String, Object> params = new LinkedHashMap<>();

        Function(String db, String schema, String name, List<Arg> args, String returns, boolean external) {
            this.db = db;
            this.schema = schema;
            this.name = name;
            this.args = List.copyOf(args);
            this.returns = returns;
            this.external = external;
        }

        String key() {
            return SimObjects.functionKey(db, schema, name, args.stream().map(Arg::type).toList());
        }

        /** As SHOW GRANTS names it: {@code F(A VARCHAR, B NUMBER):VARIANT}. */
        String grantName() {
            return name + "(" + String.join(", ", args.stream().map(a -> a.name + " " + a.type).toList()) + "):" + returns;
        }
    }

    private final SimCatalog catalog;
    /** name → params (kind API or STORAGE, and the parameters set) */
    private final Map<String, Map<String, Object>> integrations = new TreeMap<>();
    /** key db \0 schema \0 name → params */
    private final Map<String, Map<String, Object>> fileFormats = new TreeMap<>();
    private final Map<String, Map<String, Object>> stages = new TreeMap<>();
    private final Map<String, Map<String, Object>> pipes = new TreeMap<>();
    /** key db \0 schema \0 name(TYPES) */
    private final Map<String, Function> functions = new TreeMap<>();

    SimObjects(SimCatalog catalog) {
        this.catalog = catalog;
    }

    static String functionKey(String db, String schema, String name, List<String> types) {
        List<String> base = types.stream().map(SimObjects::baseType).toList();
        return key(db, schema, name + "(" + String.join(",", base) + ")");
    }

    /** {@code VARCHAR(100)} → VARCHAR: Snowflake tells overloads apart by base types. */
    static String baseType(String type) {
        String t = type.strip().toUpperCase(Locale.ROOT);
        int p = t.indexOf('(');
        return (p < 0 ? t : t.substring(0, p)).strip();
    }

    // ---------------------------------------------------------------- seeding and inspection

    void seedFunction(String db, String schema, String name, String returns, String... argTypes) {
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i < argTypes.length; i++) args.add(new Arg("A" + i, argTypes[i].toUpperCase(Locale.ROOT)));
        Function f = new Function(db, schema, name, args, returns.toUpperCase(Locale.ROOT), false);
        f.params.put("language", "JAVASCRIPT");
        f.params.put("body", "return EVENT;");
        functions.put(f.key(), f);
    }

    Map<String, Object> integration(String name) {
        Map<String, Object> i = integrations.get(name);
        return i == null ? null : Map.copyOf(withoutNulls(i));
    }

    Map<String, Object> stage(String db, String schema, String name) {
        Map<String, Object> s = stages.get(key(db, schema, name));
        return s == null ? null : Map.copyOf(withoutNulls(s));
    }

    boolean hasPipe(String db, String schema, String name) {
        return pipes.containsKey(key(db, schema, name));
    }

    boolean hasFileFormat(String db, String schema, String name) {
        return fileFormats.containsKey(key(db, schema, name));
    }

    boolean hasExternalFunction(String db, String schema, String name) {
        return functions.values().stream().anyMatch(f -> f.external && f.db.equals(db) && f.schema.equals(schema) && f.name.equals(name));
    }

    /** Sets one parameter of an object behind mlpc's back (drift in tests). */
    void tamper(String kind, List<String> name, String param, Object value) {
        Map<String, Object> o = switch (kind) {
            case "INTEGRATION" -> integrations.get(name.get(0));
            case "FILE FORMAT" -> fileFormats.get(key(name));
            case "STAGE" -> stages.get(key(name));
            case "PIPE" -> pipes.get(key(name));
            case "FUNCTION" -> functions.values().stream().filter(f -> List.of(f.db, f.schema, f.name).equals(name))
                    .findFirst().map(f -> f.params).orElse(null);
            default -> null;
        };
        if (o == null) throw new IllegalArgumentException("no " + kind + " " + name);
        o.put(param.toLowerCase(Locale.ROOT), value);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> { if (v != null) out.put(k, v); });
        return out;
    }

    // ---------------------------------------------------------------- DDL

    /** CREATE of a kind this class holds; false when the kind is not one of them. OR REPLACE only for functions. */
    boolean create(SimCatalog.Tokens t, String kind, boolean orReplace) {
        if (orReplace && !kind.equals("FUNCTION")) throw bad("CREATE OR REPLACE " + kind + " is not simulated");
        switch (kind) {
            case "API", "STORAGE" -> {
                t.expect("INTEGRATION");
                String n = t.name(1).get(0);
                if (integrations.containsKey(n)) throw exists("INTEGRATION", List.of(n));
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("kind", kind);
                p.put("enabled", Boolean.FALSE);
                p.put("comment", "");
                params(t, p);
                if (kind.equals("API") && !p.containsKey("api_provider")) throw bad("API_PROVIDER is required");
                if (kind.equals("STORAGE") && !p.containsKey("storage_provider")) throw bad("STORAGE_PROVIDER is required");
                integrations.put(n, p);
            }
            case "FILE" -> {
                t.expect("FORMAT");
                List<String> n = t.name(3);
                catalog.requireSchema(n.get(0), n.get(1));
                if (fileFormats.containsKey(key(n))) throw exists("FILE FORMAT", n);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("type", "CSV");
                p.put("comment", "");
                params(t, p);
                fileFormats.put(key(n), p);
            }
            case "STAGE" -> {
                List<String> n = t.name(3);
                catalog.requireSchema(n.get(0), n.get(1));
                if (stages.containsKey(key(n))) throw exists("STAGE", n);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("comment", "");
                params(t, p);
                checkStage(p);
                stages.put(key(n), p);
            }
            case "PIPE" -> {
                List<String> n = t.name(3);
                catalog.requireSchema(n.get(0), n.get(1));
                if (pipes.containsKey(key(n))) throw exists("PIPE", n);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("comment", "");
                p.put("auto_ingest", Boolean.FALSE);
                params(t, p);
                t.expect("AS");
                int start = t.position();
                t.expect("COPY");
                t.expect("INTO");
                List<String> table = t.name(3);
                if (!catalog.hasTable(table.get(0), table.get(1), table.get(2))) throw missing("Table", table);
                List<String> into = t.peekIs("(") ? splitTopLevel(t.parenthesized()) : null;
                t.expect("FROM");
                List<String> select = null;
                List<String> stage;
                if (t.peekIs("(")) { // a COPY transform: FROM (SELECT e1, e2 FROM @stage)
                    String inner = t.parenthesized().strip();
                    String innerUpper = inner.toUpperCase(Locale.ROOT);
                    int at = inner.lastIndexOf('@');
                    int from = at < 0 ? -1 : innerUpper.lastIndexOf("FROM", at);
                    if (!innerUpper.startsWith("SELECT") || from < 0) throw bad("syntax error in the COPY transform");
                    select = splitTopLevel(inner.substring("SELECT".length(), from));
                    stage = new SimCatalog.Tokens(inner.substring(at + 1)).name(3);
                } else {
                    t.expect("@");
                    stage = t.name(3);
                }
                if (!stages.containsKey(key(stage))) throw missing("Stage", stage);
                Map<String, Object> copy = new LinkedHashMap<>();
                params(t, copy);
                if (copy.get("file_format") instanceof Map<?, ?> ff) requireFormat(String.valueOf(ff.get("FORMAT_NAME")));
                checkCopy(table, into, select, stage, copy);
                p.put("definition", t.source().substring(start).strip());
                pipes.put(key(n), p);
                return true;
            }
            case "FUNCTION" -> {
                List<String> n = t.name(3);
                catalog.requireSchema(n.get(0), n.get(1));
                List<Arg> args = arguments(t);
                boolean copyGrants = false;
                if (t.accept("COPY")) {
                    t.expect("GRANTS");
                    copyGrants = true;
                }
                t.expect("RETURNS");
                String returns = returnType(t);
                t.expect("LANGUAGE");
                String language = t.word();
                Function f = new Function(n.get(0), n.get(1), n.get(2), args, returns, false);
                f.params.put("comment", "");
                params(t, f.params);
                t.expect("AS");
                f.params.put("language", language);
                f.params.put("body", t.string());
                Function before = functions.get(f.key());
                if (before != null && (!orReplace || before.external)) throw exists("FUNCTION", n);
                if (before != null && !copyGrants) {
                    List<String> granted = List.of(before.db, before.schema, before.grantName());
                    catalog.dropGrants(g -> g.on().equals("FUNCTION") && g.name().equals(granted));
                }
                functions.put(f.key(), f);
            }
            case "EXTERNAL" -> {
                t.expect("FUNCTION");
                List<String> n = t.name(3);
                catalog.requireSchema(n.get(0), n.get(1));
                List<Arg> args = arguments(t);
                t.expect("RETURNS");
                String returns = returnType(t);
                Function f = new Function(n.get(0), n.get(1), n.get(2), args, returns, true);
                if (functions.containsKey(f.key())) throw exists("FUNCTION", n);
                f.params.put("comment", "");
                params(t, f.params);
                t.expect("AS");
                f.params.put("url", t.string());
                checkFunction(f);
                functions.put(f.key(), f);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code (NAME TYPE, …)} of a CREATE … FUNCTION. */
    private static List<Arg> arguments(SimCatalog.Tokens t) {
        List<Arg> args = new ArrayList<>();
        for (String a : splitTopLevel(t.parenthesized())) {
            SimCatalog.Tokens at = new SimCatalog.Tokens(a);
            String argName = at.name(1).get(0);
            args.add(new Arg(argName, at.rest().strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")));
        }
        return args;
    }

    /** The type after RETURNS, with its parameters. */
    private static String returnType(SimCatalog.Tokens t) {
        int typeStart = t.position();
        t.word();
        if (t.peekIs("(")) t.parenthesized();
        return t.source().substring(typeStart, t.position()).strip().toUpperCase(Locale.ROOT);
    }

    /** ALTER of a kind this class holds; false when it is not one of them. */
    boolean alter(SimCatalog.Tokens t, String kind) {
        Map<String, Object> o;
        switch (kind) {
            case "API", "STORAGE" -> {
                t.expect("INTEGRATION");
                String n = t.name(1).get(0);
                o = integrations.get(n);
                if (o == null || !o.get("kind").equals(kind)) throw missing("Integration", List.of(n));
            }
            case "FILE" -> {
                t.expect("FORMAT");
                List<String> n = t.name(3);
                o = fileFormats.get(key(n));
                if (o == null) throw missing("File format", n);
            }
            case "STAGE" -> {
                List<String> n = t.name(3);
                o = stages.get(key(n));
                if (o == null) throw missing("Stage", n);
            }
            case "PIPE" -> {
                List<String> n = t.name(3);
                o = pipes.get(key(n));
                if (o == null) throw missing("Pipe", n);
            }
            case "FUNCTION" -> {
                List<String> n = t.name(3);
                Function f = functions.get(functionKey(n.get(0), n.get(1), n.get(2), types(t.parenthesized())));
                if (f == null) throw missing("Function", n);
                o = f.params;
                setOrUnset(t, o, kind);
                if (f.external) checkFunction(f);
                return true;
            }
            default -> {
                return false;
            }
        }
        setOrUnset(t, o, kind);
        if (kind.equals("STAGE")) checkStage(o);
        return true;
    }

    private void setOrUnset(SimCatalog.Tokens t, Map<String, Object> o, String kind) {
        if (t.accept("SET")) {
            Map<String, Object> p = new LinkedHashMap<>();
            params(t, p);
            if (kind.equals("PIPE") && !p.keySet().stream().allMatch(k -> k.equals("comment") || k.equals("pipe_execution_paused"))) {
                throw bad("a pipe's definition cannot be altered; recreate it");
            }
            o.putAll(p);
        } else if (t.accept("UNSET")) {
            do {
                String w = t.word().toLowerCase(Locale.ROOT);
                if (w.equals("comment")) o.put(w, "");
                else o.remove(w);
            } while (t.accept(","));
        } else {
            throw bad("expected SET or UNSET");
        }
    }

    /** DROP of a kind this class holds; false when it is not one of them. */
    boolean drop(SimCatalog.Tokens t, String kind, boolean ifExistsBefore) {
        switch (kind) {
            case "API", "STORAGE" -> {
                t.expect("INTEGRATION");
                boolean ifExists = ifExistsBefore || ifExists(t);
                String n = t.name(1).get(0);
                Map<String, Object> o = integrations.get(n);
                if (o == null || !o.get("kind").equals(kind)) {
                    if (!ifExists) throw missing("Integration", List.of(n));
                } else {
                    integrations.remove(n);
                    catalog.dropGrants(g -> g.on().equals("INTEGRATION") && g.name().equals(List.of(n)));
                }
            }
            case "FILE" -> {
                t.expect("FORMAT");
                boolean ifExists = ifExistsBefore || ifExists(t);
                List<String> n = t.name(3);
                if (fileFormats.remove(key(n)) == null && !ifExists) throw missing("File format", n);
                catalog.dropGrants(g -> g.on().equals("FILE_FORMAT") && g.name().equals(n));
            }
            case "STAGE" -> {
                boolean ifExists = ifExistsBefore || ifExists(t);
                List<String> n = t.name(3);
                if (stages.remove(key(n)) == null && !ifExists) throw missing("Stage", n);
                catalog.dropGrants(g -> g.on().equals("STAGE") && g.name().equals(n));
            }
            case "PIPE" -> {
                boolean ifExists = ifExistsBefore || ifExists(t);
                List<String> n = t.name(3);
                if (pipes.remove(key(n)) == null && !ifExists) throw missing("Pipe", n);
                catalog.dropGrants(g -> g.on().equals("PIPE") && g.name().equals(n));
            }
            case "FUNCTION" -> {
                boolean ifExists = ifExistsBefore || ifExists(t);
                List<String> n = t.name(3);
                Function f = functions.remove(functionKey(n.get(0), n.get(1), n.get(2), types(t.parenthesized())));
                if (f == null && !ifExists) throw missing("Function", n);
                if (f != null) {
                    List<String> granted = List.of(f.db, f.schema, f.grantName());
                    catalog.dropGrants(g -> g.on().equals("FUNCTION") && g.name().equals(granted));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean ifExists(SimCatalog.Tokens t) {
        if (!t.accept("IF")) return false;
        t.expect("EXISTS");
        return true;
    }

    /** Everything inside a database (one part) or a schema (two parts) goes with it. */
    void dropUnder(List<String> container) {
        String prefix = key(container) + "\0";
        fileFormats.keySet().removeIf(k -> k.startsWith(prefix));
        stages.keySet().removeIf(k -> k.startsWith(prefix));
        pipes.keySet().removeIf(k -> k.startsWith(prefix));
        functions.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static List<String> types(String inside) {
        List<String> out = new ArrayList<>();
        for (String s : splitTopLevel(inside)) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    private void checkStage(Map<String, Object> p) {
        Object integration = p.get("storage_integration");
        if (integration != null) {
            Map<String, Object> i = integrations.get(String.valueOf(integration));
            if (i == null || !i.get("kind").equals("STORAGE")) throw missing("Integration", List.of(String.valueOf(integration)));
            if (p.get("url") == null) throw bad("STORAGE_INTEGRATION needs a URL");
        }
        if (p.get("file_format") instanceof Map<?, ?> ff) requireFormat(String.valueOf(ff.get("FORMAT_NAME")));
    }

    /**
     * Refuses a pipe's COPY as Snowflake does: a semi-structured format (JSON, Avro, ORC, Parquet, XML) loads one
     * VARIANT column, so a table of more than one column needs MATCH_BY_COLUMN_NAME or a COPY transform (wording of
     * Snowflake's error as reported by its users, e.g. Snowflake-Labs/sfquickstarts issue 341 for PARQUET); the two
     * cannot be combined ("match_by_column_name is not supported with copy transform", COPY INTO &lt;table&gt; copy
     * options); a transform's column list and select list have the same length. The error codes are the simulator's
     * choice (not documented), the texts are Snowflake's.
     */
    private void checkCopy(List<String> table, List<String> into, List<String> select, List<String> stage,
                           Map<String, Object> copy) {
        String match = copy.get("match_by_column_name") == null ? "NONE"
                : String.valueOf(copy.get("match_by_column_name")).toUpperCase(Locale.ROOT);
        if (select != null && !match.equals("NONE")) {
            throw new SimCatalog.Failure(SfResult.error(2019, "0A000",
                    "SQL compilation error:\nmatch_by_column_name is not supported with copy transform."));
        }
        if (select != null && into != null && into.size() != select.size()) {
            throw new SimCatalog.Failure(SfResult.error(2020, "21S01", "SQL compilation error:\nInsert value list does"
                    + " not match column list expecting " + into.size() + " but got " + select.size()));
        }
        String type = formatType(copy.get("file_format"));
        if (type == null && stages.get(key(stage)) != null) type = formatType(stages.get(key(stage)).get("file_format"));
        if (type == null) type = "CSV";
        int columns = catalog.columns(table.get(0), table.get(1), table.get(2)).size();
        int loaded = select != null ? select.size() : into != null ? into.size() : columns;
        if (!type.equals("CSV") && select == null && match.equals("NONE") && loaded > 1) {
            throw new SimCatalog.Failure(SfResult.error(2019, "0A000", "SQL compilation error:\n" + type
                    + " file format can produce one and only one column of type variant or object or array."
                    + " Use CSV file format if you want to load more than one column."));
        }
    }

    /** The TYPE of {@code FILE_FORMAT = (FORMAT_NAME = 'f')} (the named format's) or {@code (TYPE = X)}, or null. */
    private String formatType(Object fileFormat) {
        if (!(fileFormat instanceof Map<?, ?> ff)) return null;
        if (ff.get("TYPE") != null) return String.valueOf(ff.get("TYPE")).toUpperCase(Locale.ROOT);
        if (ff.get("FORMAT_NAME") == null) return null;
        Map<String, Object> f = fileFormats.get(key(new SimCatalog.Tokens(String.valueOf(ff.get("FORMAT_NAME"))).name(3)));
        return f == null || f.get("type") == null ? null : String.valueOf(f.get("type")).toUpperCase(Locale.ROOT);
    }

    private void requireFormat(String qualified) {
        List<String> n = new SimCatalog.Tokens(qualified).name(3);
        if (!fileFormats.containsKey(key(n))) throw missing("File format", n);
    }

    private void checkFunction(Function f) {
        Object api = f.params.get("api_integration");
        Map<String, Object> i = api == null ? null : integrations.get(String.valueOf(api));
        if (i == null || !i.get("kind").equals("API")) throw missing("Integration", List.of(String.valueOf(api)));
        for (String tr : List.of("request_translator", "response_translator")) {
            Object name = f.params.get(tr);
            if (name == null) continue;
            List<String> n = new SimCatalog.Tokens(String.valueOf(name)).name(3);
            boolean found = functions.values().stream().anyMatch(x -> List.of(x.db, x.schema, x.name).equals(n));
            if (!found) throw missing("Function", n);
        }
    }

    /**
     * {@code NAME = value …} until a word that is not followed by {@code =} (AS, the end): strings, numbers, TRUE /
     * FALSE, words, qualified names (stored, joined with dots as Snowflake shows them), {@code ('a', 'b')} lists,
     * {@code (CURRENT_USER, …)} word lists and {@code ('k' = 'v', …)} / {@code (FORMAT_NAME = '…')} maps.
     */
    static void params(SimCatalog.Tokens t, Map<String, Object> into) {
        while (t.peekWord() && !t.peekIs("AS")) {
            String param = t.word();
            if (param.equals("TYPE") && !t.peekIs("=")) throw bad("expected = after TYPE");
            t.expect("=");
            into.put(param.toLowerCase(Locale.ROOT), value(t));
        }
    }

    private static Object value(SimCatalog.Tokens t) {
        if (t.peekString()) return t.string();
        if (t.peekNumber()) return Long.parseLong(t.number());
        if (t.peekIs("(")) {
            String inside = t.parenthesized();
            List<String> items = splitTopLevel(inside);
            if (items.stream().anyMatch(s -> s.contains("="))) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String item : items) {
                    SimCatalog.Tokens it = new SimCatalog.Tokens(item);
                    String k = it.peekString() ? it.string() : it.word();
                    it.expect("=");
                    m.put(k, it.peekString() ? it.string() : it.word());
                }
                return m;
            }
            List<String> l = new ArrayList<>();
            for (String item : items) {
                if (item.isBlank()) continue;
                SimCatalog.Tokens it = new SimCatalog.Tokens(item);
                l.add(it.peekString() ? it.string() : it.word());
            }
            return l;
        }
        if (t.accept("TRUE")) return Boolean.TRUE;
        if (t.accept("FALSE")) return Boolean.FALSE;
        return quoteAll(t.qualifiedName());
    }

    // ---------------------------------------------------------------- SHOW and DESCRIBE

    /** Rows and columns for a SHOW of a kind this class holds, or null. */
    List<Map<String, Object>> show(String kind, List<String> scope, List<SfColumn>[] columns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        switch (kind) {
            case "INTEGRATIONS", "API INTEGRATIONS", "STORAGE INTEGRATIONS" -> {
                columns[0] = ShowColumns.INTEGRATIONS;
                integrations.forEach((n, p) -> {
                    boolean api = p.get("kind").equals("API");
                    if (kind.startsWith("API") && !api || kind.startsWith("STORAGE") && api) return;
                    rows.add(row("name", n, "type", api ? "EXTERNAL_API" : "EXTERNAL_STAGE", "category", api ? "API" : "STORAGE",
                            "enabled", p.get("enabled"), "comment", p.get("comment"), "created_on", CREATED));
                });
            }
            case "FILE FORMATS" -> {
                columns[0] = FILE_FORMATS;
                fileFormats.forEach((k, p) -> {
                    String[] n = k.split("\0");
                    if (!inScope(scope, n)) return;
                    rows.add(row("created_on", CREATED, "name", n[2], "database_name", n[0], "schema_name", n[1],
                            "type", String.valueOf(p.get("type")), "owner", "SYSADMIN", "comment", p.get("comment"),
                            "format_options", formatOptions(p), "owner_role_type", "ROLE"));
                });
            }
            case "STAGES" -> {
                columns[0] = STAGES;
                stages.forEach((k, p) -> {
                    String[] n = k.split("\0");
                    if (!inScope(scope, n)) return;
                    String url = p.get("url") == null ? "" : String.valueOf(p.get("url"));
                    rows.add(row("created_on", CREATED, "name", n[2], "database_name", n[0], "schema_name", n[1],
                            "url", url, "has_credentials", "N", "has_encryption_key", "N", "owner", "SYSADMIN",
                            "comment", p.get("comment"), "region", url.isEmpty() ? null : "eu-west-1",
                            "type", url.isEmpty() ? "INTERNAL" : "EXTERNAL", "cloud", url.isEmpty() ? null : "AWS",
                            "notification_channel", null, "storage_integration", p.get("storage_integration"),
                            "endpoint", null, "owner_role_type", "ROLE", "directory_enabled", "N"));
                });
            }
            case "PIPES" -> {
                columns[0] = PIPES;
                pipes.forEach((k, p) -> {
                    String[] n = k.split("\0");
                    if (!inScope(scope, n)) return;
                    boolean auto = Boolean.TRUE.equals(p.get("auto_ingest"));
                    String channel = auto && p.get("integration") == null
                            ? "arn:aws:sqs:eu-west-1:000000000000:sf-snowpipe-SIMULATED" : null;
                    rows.add(row("created_on", CREATED, "name", n[2], "database_name", n[0], "schema_name", n[1],
                            "definition", p.get("definition"), "owner", "SYSADMIN", "notification_channel", channel,
                            "comment", p.get("comment"), "integration", p.get("integration"), "pattern", null,
                            "error_integration", null, "owner_role_type", "ROLE", "invalid_reason", null,
                            "kind", "STAGE"));
                });
            }
            case "USER FUNCTIONS", "EXTERNAL FUNCTIONS" -> {
                columns[0] = FUNCTIONS;
                for (Function f : functions.values()) {
                    if (kind.startsWith("EXTERNAL") && !f.external) continue;
                    if (!inScope(scope, new String[]{f.db, f.schema})) continue;
                    String comment = String.valueOf(f.params.getOrDefault("comment", ""));
                    rows.add(row("created_on", CREATED, "name", f.name, "schema_name", f.schema, "is_builtin", "N",
                            "is_aggregate", "N", "is_ansi", "N", "min_num_arguments", f.args.size(),
                            "max_num_arguments", f.args.size(),
                            "arguments", f.name + "(" + String.join(", ", f.args.stream().map(a -> baseType(a.type)).toList())
                                    + ") RETURN " + f.returns,
                            "description", comment.isEmpty() ? "user-defined function" : comment, "catalog_name", f.db,
                            "is_table_function", "N", "valid_for_clustering", "N", "is_secure", "N",
                            "is_external_function", f.external ? "Y" : "N",
                            "language", f.external ? "EXTERNAL" : String.valueOf(f.params.get("language")),
                            "is_memoizable", "N", "database_name", f.db));
                }
            }
            default -> {
                return null;
            }
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.getOrDefault("database_name", r.getOrDefault("catalog_name", ""))))
                .thenComparing(r -> String.valueOf(r.getOrDefault("schema_name", "")))
                .thenComparing(r -> String.valueOf(r.get("name"))));
        return rows;
    }

    private static boolean inScope(List<String> scope, String[] n) {
        if (scope.isEmpty()) return true;
        if (!scope.get(0).equals(n[0])) return false;
        return scope.size() < 2 || scope.get(1).equals(n[1]);
    }

    /** SHOW FILE FORMATS' {@code format_options}: a JSON object of every option, upper-case keys. */
    private static String formatOptions(Map<String, Object> p) {
        Map<String, Object> o = new LinkedHashMap<>();
        String type = String.valueOf(p.get("type"));
        o.put("TYPE", type);
        boolean csv = type.equals("CSV");
        if (csv) {
            o.put("RECORD_DELIMITER", "\n");
            o.put("FIELD_DELIMITER", p.getOrDefault("field_delimiter", ","));
            o.put("SKIP_HEADER", p.getOrDefault("skip_header", 0L));
            o.put("FIELD_OPTIONALLY_ENCLOSED_BY", p.getOrDefault("field_optionally_enclosed_by", "NONE"));
        }
        o.put("NULL_IF", p.getOrDefault("null_if", csv ? List.of("\\N") : List.of()));
        o.put("COMPRESSION", p.getOrDefault("compression", "AUTO"));
        if (type.equals("JSON")) o.put("STRIP_OUTER_ARRAY", p.getOrDefault("strip_outer_array", Boolean.FALSE));
        return json(o);
    }

    static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean || v instanceof Number) return String.valueOf(v);
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(json(x));
            return "[" + String.join(",", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(json(String.valueOf(k)) + ":" + json(x)));
            return "{" + String.join(",", parts) + "}";
        }
        String s = String.valueOf(v);
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** {@code DESCRIBE [API|STORAGE] INTEGRATION n}, {@code DESCRIBE FUNCTION f(types)}, {@code DESCRIBE STAGE s}. */
    SfResult describe(SimCatalog.Tokens t) {
        t.accept("API");
        t.accept("STORAGE");
        if (t.accept("INTEGRATION")) {
            String n = t.name(1).get(0);
            t.end();
            Map<String, Object> p = integrations.get(n);
            if (p == null) throw missing("Integration", List.of(n));
            List<List<Object>> rows = new ArrayList<>();
            rows.add(Arrays.asList("ENABLED", "Boolean", String.valueOf(p.get("enabled")), "false"));
            List<String> props = p.get("kind").equals("API")
                    ? List.of("api_provider", "api_aws_role_arn", "azure_tenant_id", "azure_ad_application_id", "google_audience",
                    "api_allowed_prefixes", "api_blocked_prefixes")
                    : List.of("storage_provider", "storage_aws_role_arn", "azure_tenant_id", "storage_allowed_locations",
                    "storage_blocked_locations");
            for (String prop : props) {
                Object v = p.get(prop);
                boolean list = prop.endsWith("_prefixes") || prop.endsWith("_locations");
                if (v == null && !list) continue;
                String shown = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : v == null ? "" : prop.endsWith("_provider") ? String.valueOf(v).toUpperCase(Locale.ROOT) : String.valueOf(v);
                rows.add(Arrays.asList(prop.toUpperCase(Locale.ROOT), list ? "List" : "String", shown, list ? "[]" : ""));
            }
            if (p.get("api_aws_role_arn") != null || p.get("storage_aws_role_arn") != null) {
                String prefix = p.get("kind").equals("API") ? "API" : "STORAGE";
                rows.add(Arrays.asList(prefix + "_AWS_IAM_USER_ARN", "String", "arn:aws:iam::000000000000:user/sim", ""));
                rows.add(Arrays.asList(prefix + "_AWS_EXTERNAL_ID", "String", "SIM_SFCRole=1_simulated", ""));
            }
            rows.add(Arrays.asList("COMMENT", "String", String.valueOf(p.get("comment")), ""));
            for (List<Object> row : rows) row.set(0, catalog.describeRenames.getOrDefault(String.valueOf(row.get(0)), String.valueOf(row.get(0))));
            return SfResult.rows(DESCRIBE_INTEGRATION, rows, SfResult.DESCRIBE);
        }
        if (t.accept("FUNCTION")) {
            List<String> n = t.name(3);
            Function f = functions.get(functionKey(n.get(0), n.get(1), n.get(2), types(t.parenthesized())));
            t.end();
            if (f == null) throw missing("Function", n);
            List<List<Object>> rows = new ArrayList<>();
            rows.add(Arrays.asList("signature", "(" + String.join(", ", f.args.stream().map(a -> a.name + " " + a.type).toList()) + ")"));
            rows.add(Arrays.asList("returns", f.returns));
            rows.add(Arrays.asList("language", f.external ? "EXTERNAL" : String.valueOf(f.params.get("language"))));
            rows.add(Arrays.asList("null handling", "CALLED ON NULL INPUT"));
            rows.add(Arrays.asList("volatility", "VOLATILE"));
            if (!f.external) rows.add(Arrays.asList("body", f.params.get("body")));
            if (f.external) {
                Map<String, Object> p = f.params;
                rows.add(Arrays.asList("body", p.get("url")));
                rows.add(Arrays.asList("headers", json(p.getOrDefault("headers", Map.of()))));
                rows.add(Arrays.asList("context_headers", json(p.getOrDefault("context_headers", List.of()))));
                rows.add(Arrays.asList("max_batch_rows", p.get("max_batch_rows") == null ? "not set" : String.valueOf(p.get("max_batch_rows"))));
                rows.add(Arrays.asList("compression", String.valueOf(p.getOrDefault("compression", "AUTO"))));
                rows.add(Arrays.asList("api_integration", String.valueOf(p.get("api_integration"))));
                rows.add(Arrays.asList("request_translator", p.get("request_translator") == null ? "" : String.valueOf(p.get("request_translator"))));
                rows.add(Arrays.asList("response_translator", p.get("response_translator") == null ? "" : String.valueOf(p.get("response_translator"))));
            }
            return SfResult.rows(DESCRIBE_FUNCTION, rows, SfResult.DESCRIBE);
        }
        if (t.accept("STAGE")) {
            List<String> n = t.name(3);
            t.end();
            Map<String, Object> p = stages.get(key(n));
            if (p == null) throw missing("Stage", n);
            List<List<Object>> rows = new ArrayList<>();
            Object ff = p.get("file_format") instanceof Map<?, ?> m ? m.get("FORMAT_NAME") : null;
            rows.add(Arrays.asList("STAGE_FILE_FORMAT", "FORMAT_NAME", "String", ff == null ? "" : String.valueOf(ff), ""));
            rows.add(Arrays.asList("STAGE_FILE_FORMAT", "TYPE", "String", ff == null ? "CSV" : "", "CSV"));
            rows.add(Arrays.asList("STAGE_LOCATION", "URL", "String",
                    p.get("url") == null ? "" : json(List.of(String.valueOf(p.get("url")))), ""));
            rows.add(Arrays.asList("STAGE_INTEGRATION", "STORAGE_INTEGRATION", "String",
                    p.get("storage_integration") == null ? "" : String.valueOf(p.get("storage_integration")), ""));
            return SfResult.rows(DESCRIBE_STAGE, rows, SfResult.DESCRIBE);
        }
        throw bad("unsupported DESCRIBE " + t.peekText());
    }

    /** Names (as grants store them) of the objects of a kind in a database or schema, for GRANT … ON ALL. */
    List<List<String>> all(String kind, List<String> scope) {
        List<List<String>> out = new ArrayList<>();
        Predicate<String[]> in = n -> inScope(scope, n);
        switch (kind) {
            case "STAGE" -> stages.keySet().forEach(k -> { if (in.test(k.split("\0"))) out.add(List.of(k.split("\0"))); });
            case "PIPE" -> pipes.keySet().forEach(k -> { if (in.test(k.split("\0"))) out.add(List.of(k.split("\0"))); });
            case "FILE_FORMAT" -> fileFormats.keySet().forEach(k -> { if (in.test(k.split("\0"))) out.add(List.of(k.split("\0"))); });
            case "FUNCTION" -> functions.values().forEach(f -> {
                if (in.test(new String[]{f.db, f.schema})) out.add(List.of(f.db, f.schema, f.grantName()));
            });
            default -> throw bad("GRANT ON ALL " + kind + "S is not simulated");
        }
        return out;
    }

    /** The grant name of one object named in a GRANT: checks it exists. */
    List<String> grantTarget(String on, SimCatalog.Tokens t) {
        switch (on) {
            case "INTEGRATION" -> {
                List<String> n = t.name(1);
                if (!integrations.containsKey(n.get(0))) throw missing("Integration", n);
                return n;
            }
            case "STAGE", "PIPE" -> {
                List<String> n = t.name(3);
                if (!(on.equals("STAGE") ? stages : pipes).containsKey(key(n))) throw missing(on.equals("STAGE") ? "Stage" : "Pipe", n);
                return n;
            }
            case "FUNCTION" -> {
                List<String> n = t.name(3);
                Function f = functions.get(functionKey(n.get(0), n.get(1), n.get(2), types(t.parenthesized())));
                if (f == null) throw missing("Function", n);
                return List.of(f.db, f.schema, f.grantName());
            }
            default -> throw bad("GRANT ON " + on + " is not simulated (no such objects in the catalog)");
        }
    }
}
