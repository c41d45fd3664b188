package dev.mlpc.providers.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Resource;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads API and storage integrations, external functions, file formats, stages and pipes for
 * {@link SnowflakeInventoryReader}: one {@code SHOW … IN ACCOUNT} per kind (shared with the grant reader through its
 * cache), and {@code DESCRIBE} only where SHOW lacks a managed property:
 * <ul>
 *   <li>integrations: {@code SHOW INTEGRATIONS} has name, category, enabled and comment; the provider, identity and
 *       allowed / blocked lists come from one {@code DESCRIBE INTEGRATION} per managed integration that exists;</li>
 *   <li>external functions: {@code SHOW USER FUNCTIONS IN ACCOUNT} finds them (by name and argument types); their URL,
 *       integration, headers, translators and batch settings come from one {@code DESCRIBE FUNCTION} each;</li>
 *   <li>file formats: all options are in {@code SHOW FILE FORMATS}' {@code format_options} JSON — no DESCRIBE;</li>
 *   <li>stages: {@code SHOW STAGES} has url and storage integration; the file format needs one
 *       {@code DESCRIBE STAGE}, only for stages whose stack sets {@code file_format};</li>
 *   <li>pipes: {@code SHOW PIPES} has the COPY definition (table, stage, file format), the notification channel
 *       (auto-ingest) and integration — no DESCRIBE. A pipe's {@code aws_sns_topic} is not shown by Snowflake at all:
 *       it is reported as the stack has it (it is immutable, so only a replace changes it).</li>
 * </ul>
 * The DESCRIBEs depend on how many such objects the stack manages, not on the size of the account, and run
 * {@link SnowflakeInventoryReader#PARALLEL} at a time ({@link SnowflakeInventoryReader#queryAll}).
 */
final class SnowflakeObjectReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnowflakeInventoryReader reader;

    SnowflakeObjectReader(SnowflakeInventoryReader reader) {
        this.reader = reader;
    }

    // ---- integrations ----

    void integrations(boolean api, List<Resource> managed, List<ObservedResource> out) throws SQLException, ProviderException {
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (Map<String, String> row : reader.showOnce("INTEGRATIONS")) rows.put(row.get("name"), row);
        List<Resource> existing = new ArrayList<>();
        List<String> describe = new ArrayList<>();
        for (Resource r : managed) {
            String stored = SfSql.stored(r.name());
            Map<String, String> row = rows.get(stored);
            if (row == null) continue;
            String category = Objects.toString(row.get("category"), "").toUpperCase(Locale.ROOT);
            String want = api ? "API" : "STORAGE";
            if (!category.equals(want)) {
                throw new ProviderException(r.type() + " " + r.name() + ": an integration of that name exists as a "
                        + (category.isEmpty() ? Objects.toString(row.get("type"), "different") : category)
                        + " integration; integrations share one namespace, so pick another name");
            }
            existing.add(r);
            describe.add("DESCRIBE INTEGRATION " + SfSql.ident(stored));
        }
        List<List<Map<String, String>>> described = reader.queryAll(describe);
        for (int i = 0; i < existing.size(); i++) {
            Resource r = existing.get(i);
            Map<String, String> row = rows.get(SfSql.stored(r.name()));
            Map<String, String> d = new HashMap<>();
            for (Map<String, String> p : described.get(i)) {
                d.put(Objects.toString(p.get("property"), "").toUpperCase(Locale.ROOT), p.get("property_value"));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            if (api) {
                putText(p, "api_provider", lower(d.get("API_PROVIDER")));
                orUnknown(p, "api_provider", r, "DESCRIBE INTEGRATION row API_PROVIDER");
                for (String k : List.of("api_aws_role_arn", "azure_tenant_id", "azure_ad_application_id", "google_audience")) {
                    putText(p, k, d.get(k.toUpperCase(Locale.ROOT)));
                }
                p.put("api_allowed_prefixes", list(d.get("API_ALLOWED_PREFIXES")));
                p.put("api_blocked_prefixes", list(d.get("API_BLOCKED_PREFIXES")));
            } else {
                putText(p, "storage_provider", upper(d.get("STORAGE_PROVIDER")));
                orUnknown(p, "storage_provider", r, "DESCRIBE INTEGRATION row STORAGE_PROVIDER");
                for (String k : List.of("storage_aws_role_arn", "azure_tenant_id")) putText(p, k, d.get(k.toUpperCase(Locale.ROOT)));
                p.put("storage_allowed_locations", list(d.get("STORAGE_ALLOWED_LOCATIONS")));
                p.put("storage_blocked_locations", list(d.get("STORAGE_BLOCKED_LOCATIONS")));
            }
            String enabled = row.get("enabled") != null ? row.get("enabled") : d.get("ENABLED");
            if (enabled != null) p.put("enabled", "true".equalsIgnoreCase(enabled) || "Y".equalsIgnoreCase(enabled));
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    /** DESCRIBE shows a list as {@code a,b} (sometimes bracketed); blank is the empty list. */
    static List<String> list(String shown) {
        List<String> out = new ArrayList<>();
        if (shown == null) return out;
        String s = shown.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        for (String part : s.split(",")) {
            String v = part.strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
            if (!v.isEmpty()) out.add(v);
        }
        return out;
    }

    // ---- external functions ----

    /**
     * External functions ({@code external}) or plain UDFs: found in the one {@code SHOW USER FUNCTIONS IN ACCOUNT} by
     * name and argument types, read with one {@code DESCRIBE FUNCTION} each (run in parallel).
     */
    void functions(List<Resource> managed, List<ObservedResource> out, boolean external) throws SQLException {
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (Map<String, String> row : reader.showOnce(SnowflakeInventoryReader.FUNCTIONS_SHOW)) {
            if ("Y".equalsIgnoreCase(row.get("is_external_function")) != external) continue;
            rows.put(functionKey(row), row);
        }
        List<Resource> existing = new ArrayList<>();
        List<Map<String, String>> existingRows = new ArrayList<>();
        List<String> describe = new ArrayList<>();
        for (Resource r : managed) {
            List<String> types = SnowflakeTypes.Functions.argumentTypes(r).stream().map(SnowflakeObjectReader::signatureType).toList();
            String key = key(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")),
                    SfSql.stored(r.name()) + "(" + String.join(",", types) + ")");
            Map<String, String> row = rows.get(key);
            if (row == null) continue;
            existing.add(r);
            existingRows.add(row);
            describe.add("DESCRIBE FUNCTION " + SnowflakeRenderer.signature(r));
        }
        List<List<Map<String, String>>> described = reader.queryAll(describe);
        for (int i = 0; i < existing.size(); i++) {
            Resource r = existing.get(i);
            Map<String, String> row = existingRows.get(i);
            Map<String, String> d = new HashMap<>();
            for (Map<String, String> p : described.get(i)) {
                d.put(Objects.toString(p.get("property"), "").toLowerCase(Locale.ROOT), p.get("value"));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("database", r.string("database"));
            p.put("schema", r.string("schema"));
            if (d.get("signature") != null) p.put("arguments", arguments(r, d.get("signature")));
            orUnknown(p, "arguments", r, "DESCRIBE FUNCTION row signature");
            String returns = d.get("returns");
            if (returns != null) {
                String want = r.string("returns");
                p.put("returns", want != null && signatureType(want).equals(signatureType(returns)) ? want : returns);
            }
            orUnknown(p, "returns", r, "DESCRIBE FUNCTION row returns");
            if (external) {
                putText(p, "url", d.get("body"));
                orUnknown(p, "url", r, "DESCRIBE FUNCTION row body");
                for (String name : List.of("api_integration", "request_translator", "response_translator")) {
                    putName(p, name, r, d.get(name));
                }
                Map<String, String> headers = jsonMap(d.get("headers"));
                if (headers != null) p.put("headers", headers);
                List<String> context = list(d.get("context_headers"));
                p.put("context_headers", context.stream().map(x -> x.toUpperCase(Locale.ROOT)).toList());
                putInt(p, "max_batch_rows", d.get("max_batch_rows"));
                putText(p, "compression", upper(d.get("compression")));
            } else {
                putText(p, "language", upper(d.get("language")));
                orUnknown(p, "language", r, "DESCRIBE FUNCTION row language");
                if (d.get("body") != null) p.put("body", d.get("body"));
            }
            String description = row.get("description");
            if (description != null && !description.isEmpty() && !description.equals("user-defined function")) {
                p.put("comment", description);
            }
            out.add(new ObservedResource(r.key(), p));
        }
    }

    /** {@code (A VARCHAR, B NUMBER)} → the arguments, in the stack's spelling where they are the same. */
    private static List<Map<String, Object>> arguments(Resource r, String signature) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (signature == null) return out;
        String s = signature.strip();
        if (s.startsWith("(") && s.endsWith(")")) s = s.substring(1, s.length() - 1);
        List<Object> want = r.list("arguments");
        int i = 0;
        for (String part : splitTopLevel(s)) {
            String[] nt = part.strip().split("\\s+", 2);
            if (nt.length < 2) continue;
            String name = nt[0].startsWith("\"") ? SnowflakeInventoryReader.nameParts(nt[0]).get(0) : nt[0];
            String type = nt[1].strip();
            Map<?, ?> w = i < want.size() && want.get(i) instanceof Map<?, ?> m ? m : null;
            Map<String, Object> a = new LinkedHashMap<>();
            Object wn = w == null ? null : w.get("name");
            Object wt = w == null ? null : w.get("type");
            a.put("name", wn != null && SfSql.stored(String.valueOf(wn)).equals(name) ? wn : name);
            a.put("type", wt != null && signatureType(String.valueOf(wt)).equals(signatureType(type)) ? wt : type);
            out.add(a);
            i++;
        }
        return out;
    }

    /** The type a signature compares by: the base of the stored type ({@code VARCHAR(100)}, {@code STRING} → VARCHAR). */
    static String signatureType(String type) {
        String c = SfTypes.canonical(type);
        int p = c.indexOf('(');
        return (p < 0 ? c : c.substring(0, p)).strip();
    }

    /** db \0 schema \0 NAME(T1,T2) of a SHOW USER FUNCTIONS row ({@code arguments}: {@code NAME(T1, T2) RETURN R}). */
    static String functionKey(Map<String, String> row) {
        String name = Objects.toString(row.get("name"), "");
        String args = Objects.toString(row.get("arguments"), "");
        int open = args.indexOf('(', Math.min(name.length(), args.length()));
        int close = args.lastIndexOf(") RETURN ");
        if (close < 0) close = args.lastIndexOf(')');
        List<String> types = new ArrayList<>();
        if (open >= 0 && close > open) {
            for (String t : splitTopLevel(args.substring(open + 1, close))) if (!t.isBlank()) types.add(signatureType(t));
        }
        return key(Objects.toString(row.get("catalog_name"), ""), Objects.toString(row.get("schema_name"), ""),
                name + "(" + String.join(",", types) + ")");
    }

    /**
     * The key of a function as SHOW GRANTS names it ({@code DB.S."F(A VARCHAR, B NUMBER):VARIANT"}): the same form as
     * {@link #functionKey}.
     */
    static String grantedFunctionKey(List<String> parts) {
        if (parts.size() != 3) return null;
        String last = parts.get(2);
        int open = last.indexOf('(');
        int close = last.lastIndexOf("):");
        if (close < 0) close = last.lastIndexOf(')');
        if (open < 0 || close < open) return key(parts.get(0), parts.get(1), last + "()");
        List<String> types = new ArrayList<>();
        for (String a : splitTopLevel(last.substring(open + 1, close))) {
            String[] nt = a.strip().split("\\s+", 2);
            if (!a.isBlank()) types.add(signatureType(nt.length == 2 ? nt[1] : nt[0]));
        }
        return key(parts.get(0), parts.get(1), last.substring(0, open) + "(" + String.join(",", types) + ")");
    }

    /** Fills the properties of one schema object from its SHOW row (database, schema and comment are done). */
    private interface Fill {
        void fill(Resource r, Map<String, String> row, Map<String, Object> p);
    }

    /**
     * The managed objects of one kind that live in a schema, found in that kind's one SHOW by stored database, schema
     * and name, each reported with the stack's database and schema, what {@code fill} reads and the comment.
     */
    private void schemaObjects(String show, List<Resource> managed, List<ObservedResource> out, Fill fill) throws SQLException {
        Map<String, Map<String, String>> rows = inSchema(reader.showOnce(show));
        for (Resource r : managed) {
            Map<String, String> row = rows.get(key(r));
            if (row == null) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("database", r.string("database"));
            p.put("schema", r.string("schema"));
            fill.fill(r, row, p);
            putText(p, "comment", row.get("comment"));
            out.add(new ObservedResource(r.key(), p));
        }
    }

    // ---- file formats ----

    void fileFormats(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        schemaObjects("FILE FORMATS IN ACCOUNT", managed, out, (r, row, p) -> {
            putText(p, "format_type", upper(row.get("type")));
            JsonNode o = json(row.get("format_options"));
            if (o == null) return;
            text(o, "COMPRESSION").ifPresent(v -> p.put("compression", v.toUpperCase(Locale.ROOT)));
            text(o, "FIELD_DELIMITER").ifPresent(v -> p.put("field_delimiter", v));
            if (o.hasNonNull("SKIP_HEADER") && o.get("SKIP_HEADER").canConvertToLong()) {
                p.put("skip_header", o.get("SKIP_HEADER").asLong());
            }
            text(o, "FIELD_OPTIONALLY_ENCLOSED_BY").filter(v -> !v.equals("NONE"))
                    .ifPresent(v -> p.put("field_optionally_enclosed_by", v));
            JsonNode n = o.get("NULL_IF");
            if (n != null && n.isArray()) {
                List<String> nulls = new ArrayList<>();
                n.forEach(x -> nulls.add(x.asText()));
                p.put("null_if", nulls);
            }
            if (o.hasNonNull("STRIP_OUTER_ARRAY")) p.put("strip_outer_array", o.get("STRIP_OUTER_ARRAY").asBoolean());
        });
    }

    // ---- stages ----

    void stages(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        Map<String, Map<String, String>> rows = inSchema(reader.showOnce("STAGES IN ACCOUNT"));
        List<Resource> withFormat = new ArrayList<>();
        List<String> describe = new ArrayList<>();
        for (Resource r : managed) {
            if (rows.containsKey(key(r)) && r.has("file_format")) {
                withFormat.add(r);
                describe.add("DESCRIBE STAGE " + SfSql.qualified(SfSql.stored(r.string("database")),
                        SfSql.stored(r.string("schema")), SfSql.stored(r.name())));
            }
        }
        List<List<Map<String, String>>> described = reader.queryAll(describe);
        schemaObjects("STAGES IN ACCOUNT", managed, out, (r, row, p) -> {
            putText(p, "url", row.get("url"));
            putName(p, "storage_integration", r, row.get("storage_integration"));
            int at = withFormat.indexOf(r);
            if (at < 0) return;
            for (Map<String, String> d : described.get(at)) {
                if ("FORMAT_NAME".equalsIgnoreCase(d.get("property"))) putName(p, "file_format", r, d.get("property_value"));
            }
        });
    }

    // ---- pipes ----

    void pipes(List<Resource> managed, List<ObservedResource> out) throws SQLException {
        schemaObjects("PIPES IN ACCOUNT", managed, out, (r, row, p) -> {
            Copy copy = Copy.parse(row.get("definition"));
            if (copy != null) {
                putName(p, "table", r, copy.table);
                putName(p, "stage", r, copy.stage);
                putName(p, "file_format", r, copy.format);
                p.put("match_by_column_name", copy.match == null ? "NONE" : copy.match);
                if (copy.transform != null) p.put("copy_transform", transform(r, copy.transform));
            } else {
                // a definition mlpc cannot read: its parts are unknown (warned), never a reason to replace the pipe
                for (String k : List.of("table", "stage", "file_format", "match_by_column_name", "copy_transform")) {
                    if (r.has(k)) p.put(k, r.get(k));
                }
                SnowflakeInventoryReader.unknown(p, "definition", row.get("definition"));
            }
            String channel = row.get("notification_channel");
            boolean hasChannel = channel != null && !channel.isBlank() && !"null".equalsIgnoreCase(channel);
            putName(p, "integration", r, row.get("integration"));
            p.put("auto_ingest", hasChannel || p.containsKey("integration"));
            if (r.has("aws_sns_topic")) p.put("aws_sns_topic", r.get("aws_sns_topic")); // not shown by Snowflake
        });
    }

    /** A COPY transform read back: the stack's spelling of each column and expression where they are the same. */
    private static List<Map<String, Object>> transform(Resource r, List<List<String>> live) {
        Map<String, Map<?, ?>> want = new HashMap<>();
        for (Object o : r.list("copy_transform")) {
            if (o instanceof Map<?, ?> m && m.get("column") != null) want.put(SfSql.stored(String.valueOf(m.get("column"))), m);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<String> pair : live) {
            Map<?, ?> w = want.get(pair.get(0));
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("column", w != null ? w.get("column") : pair.get(0));
            Object we = w == null ? null : w.get("expression");
            t.put("expression", we != null && String.valueOf(we).replaceAll("\\s+", "")
                    .equalsIgnoreCase(pair.get(1).replaceAll("\\s+", "")) ? we : pair.get(1));
            out.add(t);
        }
        return out;
    }

    /**
     * The parts of a pipe's definition {@code COPY INTO t [(c1, c2)] FROM { @s | (SELECT e1, e2 FROM @s) }
     * [FILE_FORMAT = (FORMAT_NAME = 'f')] [MATCH_BY_COLUMN_NAME = m]}: {@code transform} is the (stored column,
     * expression) pairs of a COPY transform or null, {@code match} the MATCH_BY_COLUMN_NAME value or null.
     */
    record Copy(String table, String stage, String format, List<List<String>> transform, String match) {
        static Copy parse(String definition) {
            if (definition == null) return null;
            String d = definition.strip();
            String upper = d.toUpperCase(Locale.ROOT);
            int into = upper.indexOf("COPY INTO ");
            if (into < 0) return null;
            int[] table = name(d, into + "COPY INTO ".length());
            int pos = table[1];
            while (pos < d.length() && Character.isWhitespace(d.charAt(pos))) pos++;
            List<String> columns = null;
            if (pos < d.length() && d.charAt(pos) == '(') {
                int close = closing(d, pos);
                if (close < 0) return null;
                columns = new ArrayList<>();
                for (String c : splitTopLevel(d.substring(pos + 1, close))) {
                    String col = c.strip();
                    columns.add(col.startsWith("\"") ? SnowflakeInventoryReader.nameParts(col).get(0) : col.toUpperCase(Locale.ROOT));
                }
                pos = close + 1;
            }
            int from = upper.indexOf("FROM", pos);
            if (from < 0) return null;
            int j = from + 4;
            while (j < d.length() && Character.isWhitespace(d.charAt(j))) j++;
            List<List<String>> transform = null;
            int at;
            if (j < d.length() && d.charAt(j) == '(') {
                int close = closing(d, j);
                if (close < 0 || columns == null) return null;
                String inner = d.substring(j + 1, close).strip();
                String innerUpper = inner.toUpperCase(Locale.ROOT);
                int innerAt = inner.lastIndexOf('@');
                int innerFrom = innerAt < 0 ? -1 : innerUpper.lastIndexOf("FROM", innerAt);
                if (!innerUpper.startsWith("SELECT") || innerFrom < 0) return null;
                List<String> select = splitTopLevel(inner.substring("SELECT".length(), innerFrom));
                if (select.size() != columns.size()) return null;
                transform = new ArrayList<>();
                for (int k = 0; k < select.size(); k++) transform.add(List.of(columns.get(k), select.get(k).strip()));
                at = j + 1 + (d.substring(j + 1, close).indexOf(inner)) + innerAt;
            } else {
                at = d.indexOf('@', from);
            }
            if (at < 0) return null;
            int[] stage = name(d, at + 1);
            String format = null;
            int ff = upper.indexOf("FORMAT_NAME", stage[1]);
            if (ff >= 0) {
                int q = d.indexOf('\'', ff);
                if (q >= 0) {
                    StringBuilder b = new StringBuilder();
                    for (int i = q + 1; i < d.length(); i++) {
                        char c = d.charAt(i);
                        if (c == '\'' && i + 1 < d.length() && d.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i++;
                        } else if (c == '\'') {
                            break;
                        } else {
                            b.append(c);
                        }
                    }
                    format = b.toString();
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bMATCH_BY_COLUMN_NAME\\s*=\\s*'?([A-Z_]+)'?")
                    .matcher(d.substring(stage[1]));
            String match = m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
            return new Copy(d.substring(table[0], table[1]), d.substring(stage[0], stage[1]), format, transform, match);
        }

        /** The index of the parenthesis closing the one at {@code open} (quotes respected), or -1. */
        private static int closing(String s, int open) {
            int depth = 0;
            char quote = 0;
            for (int i = open; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Start and end of a (possibly quoted, dotted) name beginning at or after {@code from}. */
        private static int[] name(String s, int from) {
            int i = from;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            int start = i;
            boolean quoted = false;
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') i++;
                    else if (c == '"') quoted = false;
                } else if (c == '"') {
                    quoted = true;
                } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.')) {
                    break;
                }
            }
            return new int[]{start, i};
        }
    }

    // ---- helpers ----

    /**
     * An immutable property the stack sets that the DESCRIBE output did not show (a row of another name or shape):
     * unknown, reported as the stack has it and warned ({@link SnowflakeInventoryReader#UNKNOWN}), so that a shape
     * Snowflake changes never plans a replace.
     */
    private static void orUnknown(Map<String, Object> p, String key, Resource r, String expected) {
        if (p.containsKey(key) || !r.has(key)) return;
        p.put(key, r.get(key));
        SnowflakeInventoryReader.why(p, key, "Snowflake's output has no " + expected);
    }

    private static Map<String, Map<String, String>> inSchema(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Map<String, String> row : rows) {
            out.put(key(Objects.toString(row.get("database_name"), ""), Objects.toString(row.get("schema_name"), ""),
                    Objects.toString(row.get("name"), "")), row);
        }
        return out;
    }

    private static String key(Resource r) {
        return key(SfSql.stored(r.string("database")), SfSql.stored(r.string("schema")), SfSql.stored(r.name()));
    }

    static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    /** The stored name of the last part of a qualified name ({@code DB.S."x"} → x). */
    static String lastPart(String qualified) {
        List<String> parts = SnowflakeInventoryReader.nameParts(qualified.strip());
        return parts.isEmpty() ? qualified : parts.get(parts.size() - 1);
    }

    /** A name SHOW or DESCRIBE gives (qualified or not), in the stack's spelling of {@code key} when it is the same. */
    private static void putName(Map<String, Object> p, String key, Resource r, String shown) {
        if (shown == null || shown.isBlank() || "null".equalsIgnoreCase(shown)) return;
        p.put(key, spelled(r.string(key), lastPart(shown)));
    }

    private static String spelled(String want, String stored) {
        return want != null && SfSql.stored(want).equals(stored) ? want : stored;
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null; // not JSON: the options are left unknown rather than guessed
        }
    }

    private static Map<String, String> jsonMap(String text) {
        JsonNode n = json(text);
        if (n == null) return text == null || text.isBlank() ? null : Map.of();
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static java.util.Optional<String> text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? java.util.Optional.empty() : java.util.Optional.of(v.asText());
    }

    private static List<String> splitTopLevel(String s) {
        return SnowflakeInventoryReader.splitTopLevel(s);
    }

    private static String lower(String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    private static String upper(String v) {
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    private static void putText(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isEmpty() && !"null".equalsIgnoreCase(value)) p.put(key, value);
    }

    private static void putInt(Map<String, Object> p, String key, String value) {
        if (value == null) return;
        try {
            p.put(key, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            // "not set" or another text: left out (unknown)
        }
    }
}
