package dev.mlpc.providers.snowflake;

import dev.mlpc.core.spec.Problem;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one place where Snowflake identifiers and string literals are written, and where object names are checked.
 * <p>
 * <b>The name rule.</b> A name in a stack means what the same text means in Snowflake SQL, so it round-trips as
 * Snowflake stores it:
 * <ul>
 *   <li>a <i>plain</i> name ({@code [A-Za-z_][A-Za-z0-9_$]*}, without {@code $$}, which opens a dollar-quoted string
 *       in Snowflake SQL) is case-insensitive: Snowflake stores it upper-cased ({@code ml_db} is {@code ML_DB}); it is
 *       written bare, in upper case;</li>
 *   <li>any other name (spaces, quotes, semicolons, {@code $$}, unicode, a leading digit) is kept exactly as written:
 *       it is written double-quoted, embedded double quotes doubled;</li>
 *   <li>a plain name that is a reserved word is refused by {@link #checkIdentifier}; should one reach
 *       {@link #ident} anyway it is written quoted in upper case, which is still the name Snowflake stores.</li>
 * </ul>
 * {@link #stored(String)} gives the name as Snowflake stores it (what {@code SHOW} returns), so a live reader can
 * compare names: {@code stored(a).equals(stored(b))} is "same object".
 * <p>
 * {@link #literal(String)} writes a single-quoted string constant: Snowflake reads backslash escape sequences in
 * single-quoted strings, so a backslash is doubled, a single quote is doubled, and line breaks and tabs become
 * {@code \n}, {@code \r}, {@code \t} (statements stay on one line); NUL is refused.
 */
public final class SfSql {
    /** Snowflake's limit for identifiers, quoted or not (characters). */
    public static final int MAX_NAME_LENGTH = 255;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /**
     * Snowflake's reserved keywords ("Reserved &amp; limited keywords" in the SQL reference): the ANSI reserved words
     * Snowflake keeps, plus its own (ILIKE, MINUS, QUALIFY, REGEXP, RLIKE, SAMPLE, TRY_CAST, …) and the limited ones
     * that cannot name objects in every statement (ACCOUNT, DATABASE, SCHEMA, …).
     */
    public static final Set<String> RESERVED = Set.of(
            "ACCOUNT", "ALL", "ALTER", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
            "CONNECT", "CONNECTION", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DELETE", "DISTINCT", "DROP", "ELSE", "EXISTS", "FALSE",
            "FOLLOWING", "FOR", "FROM", "FULL", "GRANT", "GSCLUSTER", "GROUP", "HAVING", "ILIKE", "IN", "INCREMENT",
            "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISSUE", "JOIN", "LATERAL", "LEFT", "LIKE", "LOCALTIME",
            "LOCALTIMESTAMP", "MINUS", "NATURAL", "NOT", "NULL", "OF", "ON", "OR", "ORDER", "ORGANIZATION", "QUALIFY",
            "REGEXP", "REVOKE", "RIGHT", "RLIKE", "ROW", "ROWS", "SAMPLE", "SCHEMA", "SELECT", "SET", "SOME", "START",
            "TABLE", "TABLESAMPLE", "THEN", "TO", "TRIGGER", "TRUE", "TRY_CAST", "UNION", "UNIQUE", "UPDATE", "USING",
            "VALUES", "VIEW", "WHEN", "WHENEVER", "WHERE", "WINDOW", "WITH");

    private SfSql() { }

    /** True when the name is a plain identifier (and has no {@code $$}): Snowflake folds it to upper case. */
    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches() && !name.contains("$$");
    }

    /** The name as Snowflake stores it (what SHOW returns): plain names upper-cased, others exactly as written. */
    public static String stored(String name) {
        return isPlain(name) ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** An identifier: bare upper case for a plain, non-reserved name; otherwise {@code "..."} with {@code "} doubled. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an identifier cannot be empty");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("an identifier cannot contain NUL");
        String stored = stored(name);
        if (isPlain(name) && !RESERVED.contains(stored)) return stored;
        return '"' + stored.replace("\"", "\"\"") + '"';
    }

    /** A qualified name {@code db.schema.obj} built from its parts, each through {@link #ident}. */
    public static String qualified(String... parts) {
        return Arrays.stream(parts).map(SfSql::ident).collect(Collectors.joining("."));
    }

    /** A single-quoted string constant that means exactly {@code text} to Snowflake. */
    public static String literal(String text) {
        if (text == null) throw new IllegalArgumentException("a literal cannot be null");
        StringBuilder b = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\0' -> throw new IllegalArgumentException("a text value cannot contain NUL");
                case '\'' -> b.append("''");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** {@code ('a', 'b')}: a parenthesised list of literals (allowed prefixes, locations). */
    public static String literalList(List<?> values) {
        return values.stream().map(v -> literal(String.valueOf(v))).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Checks an object name: null when Snowflake accepts it under the name rule, otherwise the reason. */
    public static String checkIdentifier(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.indexOf('\0') >= 0) return "contains a NUL character, which Snowflake names cannot hold";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("contains a control character (U+%04X); names must be printable", (int) c);
            }
        }
        if (!name.equals(name.strip())) return "starts or ends with white space";
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME_LENGTH) {
            return "is " + length + " characters; Snowflake names are at most " + MAX_NAME_LENGTH;
        }
        if (isPlain(name) && RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return Problem.quote(name) + " is a reserved word in Snowflake; choose another name";
        }
        return null;
    }

    /** Text fit for a one-line SQL comment: control characters (which could end the comment) become {@code ?}. */
    public static String commentSafe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) b.appendCodePoint('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
