package dev.mlpc.providers.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which privileges a {@code postgres.grant} may name, by what it is granted on, and their canonical order (the order
 * they appear in generated SQL).
 */
public final class Privileges {
    /** {@code on} values. */
    public static final String DATABASE = "database";
    public static final String SCHEMA = "schema";
    public static final String ALL_TABLES = "all_tables";
    public static final String DEFAULT_PRIVILEGES = "default_privileges";
    public static final List<String> TARGETS = List.of(DATABASE, SCHEMA, ALL_TABLES, DEFAULT_PRIVILEGES);

    /** {@code object_type} values (default privileges only). */
    public static final List<String> OBJECT_TYPES = List.of("tables", "sequences", "functions", "types");

    /** Every privilege name, in canonical order. */
    public static final List<String> ALL = List.of("CONNECT", "CREATE", "TEMPORARY", "USAGE", "SELECT", "INSERT",
            "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "EXECUTE");

    private static final List<String> TABLE = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
            "TRIGGER");

    private Privileges() { }

    /** Privileges that make sense for a target ({@code on}) and, for default privileges, an object type. */
    public static List<String> allowed(String on, String objectType) {
        String o = on == null ? "" : on.toLowerCase(Locale.ROOT);
        return switch (o) {
            case DATABASE -> List.of("CONNECT", "CREATE", "TEMPORARY");
            case SCHEMA -> List.of("USAGE", "CREATE");
            case ALL_TABLES -> TABLE;
            case DEFAULT_PRIVILEGES -> switch (objectType == null ? "tables" : objectType.toLowerCase(Locale.ROOT)) {
                case "sequences" -> List.of("USAGE", "SELECT", "UPDATE");
                case "functions" -> List.of("EXECUTE");
                case "types" -> List.of("USAGE");
                default -> TABLE;
            };
            default -> List.of();
        };
    }

    /** Upper-cased, de-duplicated, in canonical order (unknown names last, as given). */
    public static List<String> canonical(Collection<?> privileges) {
        List<String> upper = privileges.stream().map(p -> String.valueOf(p).toUpperCase(Locale.ROOT)).toList();
        List<String> out = new ArrayList<>();
        for (String p : ALL) if (upper.contains(p)) out.add(p);
        for (String p : upper) if (!out.contains(p)) out.add(p);
        return out;
    }
}
