package dev.mlpc.registry;

import dev.mlpc.core.spec.Problem;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming rules of the registry, checked before anything reaches the database (the schema's CHECK constraints hold
 * the same rules as a second line). Every check returns null when the value is fine, otherwise
 * {@code field: reason}.
 */
public final class RegistryRules {
    /** The schema the registry is installed in unless another is named. */
    public static final String DEFAULT_SCHEMA = "model_registry";

    public static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    public static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,249}");
    public static final int MAX_TAG_VALUE = 5000;
    public static final int MAX_TEXT = 10_000;
    public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
    public static final List<String> STATUSES = List.of("PENDING_REGISTRATION", "FAILED_REGISTRATION", "READY");
    /** What lineage can point at. */
    public static final List<String> LINEAGE_KINDS = List.of("snowflake.table", "datashare.dataset", "s3",
            "postgres.table", "snowflake.function", "sagemaker.endpoint", "uri");
    /** Aliases that would be confused with version references. */
    private static final Pattern VERSION_LIKE = Pattern.compile("(?i)v\\d+");
    private static final Set<String> RESERVED_ALIASES = Set.of("latest");

    private RegistryRules() { }

    public static String checkModelName(String field, String name) {
        if (name == null || name.isEmpty()) return field + ": required";
        if (!MODEL_NAME.matcher(name).matches()) {
            return field + ": " + Problem.quote(name) + " is not a model name: 1 to 128 characters, letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit";
        }
        return null;
    }

    public static String checkAlias(String field, String alias) {
        if (alias == null || alias.isEmpty()) return field + ": required";
        if (!ALIAS.matcher(alias).matches()) {
            return field + ": " + Problem.quote(alias) + " is not an alias: 1 to 64 characters, letters, digits, '_' or '-',"
                    + " starting with a letter or '_'";
        }
        if (RESERVED_ALIASES.contains(alias.toLowerCase(Locale.ROOT)) || VERSION_LIKE.matcher(alias).matches()) {
            return field + ": " + Problem.quote(alias) + " is reserved (it reads as a version reference); choose another alias";
        }
        return null;
    }

    public static String checkTagKey(String field, String key) {
        if (key == null || key.isEmpty()) return field + ": the tag key is empty";
        if (!TAG_KEY.matcher(key).matches()) {
            return field + ": " + Problem.quote(key) + " is not a tag key: 1 to 250 characters, letters, digits, '_', '.', ':',"
                    + " '/' or '-'";
        }
        return null;
    }

    public static String checkTagValue(String field, String value) {
        if (value == null) return field + ": the tag value is missing";
        if (value.length() > MAX_TAG_VALUE) return field + ": the value is " + value.length() + " characters; at most " + MAX_TAG_VALUE;
        if (value.indexOf('\0') >= 0) return field + ": the value contains a NUL character";
        return null;
    }

    public static String checkText(String field, String text, boolean required) {
        if (text == null || text.isEmpty()) return required ? field + ": required" : null;
        if (text.length() > MAX_TEXT) return field + ": " + text.length() + " characters; at most " + MAX_TEXT;
        if (text.indexOf('\0') >= 0) return field + ": contains a NUL character";
        return null;
    }

    /** The stage in its canonical spelling (case-insensitive match), or null when it is not a stage. */
    public static String stage(String s) {
        if (s == null) return null;
        for (String st : STAGES) if (st.equalsIgnoreCase(s)) return st;
        return null;
    }

    /** The status in its canonical spelling (case-insensitive match), or null. */
    public static String status(String s) {
        if (s == null) return null;
        for (String st : STATUSES) if (st.equalsIgnoreCase(s)) return st;
        return null;
    }

    /** Checks a schema name for the registry (a PostgreSQL identifier we quote). */
    public static String checkSchema(String schema) {
        String why = dev.mlpc.providers.postgres.PgSql.checkIdentifier(schema);
        return why == null ? null : "schema: " + why;
    }

    /** Throws the first problem, if any. */
    public static void require(String... problems) throws RegistryException {
        for (String p : problems) if (p != null) throw new RegistryException(p);
    }
}
