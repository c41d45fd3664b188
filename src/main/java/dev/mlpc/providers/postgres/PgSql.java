package dev.mlpc.providers.postgres;

import dev.mlpc.core.spec.Problem;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The one place where PostgreSQL identifiers and literals are quoted, and where object names are checked.
 * <ul>
 *   <li>{@link #ident(String)} always double-quotes and doubles embedded double quotes, so a name with quotes,
 *       semicolons, {@code $$} or unicode stays one identifier and keeps its case.</li>
 *   <li>{@link #literal(String)} single-quotes and doubles embedded single quotes; a value with a backslash is written
 *       as an {@code E'...'} string with the backslash doubled, so the result means the same whatever the server's
 *       {@code standard_conforming_strings} setting.</li>
 * </ul>
 */
public final class PgSql {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_NAME_BYTES = 63;

    /** Key words reserved in PostgreSQL (appendix C of the manual, "reserved" and "reserved (can be function or type)"). */
    public static final Set<String> RESERVED = Set.of(
            "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "AUTHORIZATION", "BINARY",
            "BOTH", "CASE", "CAST", "CHECK", "COLLATE", "COLLATION", "COLUMN", "CONCURRENTLY", "CONSTRAINT", "CREATE",
            "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END",
            "EXCEPT", "FALSE", "FETCH", "FOR", "FOREIGN", "FREEZE", "FROM", "FULL", "GRANT", "GROUP", "HAVING", "ILIKE",
            "IN", "INITIALLY", "INNER", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LATERAL", "LEADING", "LEFT", "LIKE",
            "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NATURAL", "NOT", "NOTNULL", "NULL", "OFFSET", "ON", "ONLY", "OR",
            "ORDER", "OUTER", "OVERLAPS", "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "RIGHT", "SELECT",
            "SESSION_USER", "SIMILAR", "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLE", "TABLESAMPLE", "THEN", "TO",
            "TRAILING", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VARIADIC", "VERBOSE", "WHEN", "WHERE", "WINDOW",
            "WITH");

    private PgSql() { }

    /** A quoted identifier: {@code "name"}, with embedded {@code "} doubled. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an identifier cannot be empty");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("an identifier cannot contain NUL");
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal: {@code 'text'}, embedded {@code '} doubled; {@code E'...'} when the text has a backslash. */
    public static String literal(String text) {
        if (text == null) throw new IllegalArgumentException("a literal cannot be null");
        if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("a text value cannot contain NUL");
        String quoted = text.replace("'", "''");
        if (text.indexOf('\\') >= 0) return "E'" + quoted.replace("\\", "\\\\") + "'";
        return "'" + quoted + "'";
    }

    /**
     * Checks an object name: null when PostgreSQL accepts it as a (quoted) name and it is not a reserved word,
     * otherwise the reason.
     */
    public static String checkIdentifier(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.indexOf('\0') >= 0) return "contains a NUL character, which PostgreSQL names cannot hold";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("contains a control character (U+%04X); names must be printable", (int) c);
            }
        }
        if (!name.equals(name.strip())) return "starts or ends with white space";
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return "is " + bytes + " bytes; PostgreSQL names are at most " + MAX_NAME_BYTES + " bytes";
        }
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return Problem.quote(name) + " is a reserved word in PostgreSQL; choose another name";
        }
        return null;
    }

    /**
     * Text fit for a one-line SQL comment: control characters (which could end the comment) become {@code ?}.
     */
    public static String commentSafe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) b.append('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
