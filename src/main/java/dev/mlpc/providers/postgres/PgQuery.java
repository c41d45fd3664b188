package dev.mlpc.providers.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs catalog queries with a timeout and counts them (the inventory reports its round trips). Parameters that are
 * collections are sent as {@code text[]} (used with {@code = ANY(?)}).
 */
final class PgQuery {
    /** Reads one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final int timeoutSeconds;
    private int count;

    PgQuery(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Queries run so far. */
    int count() { return count; }

    <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        count++;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setFetchSize(1000);
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Collection<?> col) ps.setArray(i + 1, c.createArrayOf("text", col.toArray()));
                else ps.setObject(i + 1, p);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** A {@code text[]} column as a list (empty for SQL NULL). */
    static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) return List.of();
        try {
            List<String> out = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) out.add(String.valueOf(o));
            return out;
        } finally {
            a.free();
        }
    }
}
