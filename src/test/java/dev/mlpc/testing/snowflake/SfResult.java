package dev.mlpc.testing.snowflake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated statement answers: a row set or an error.
 * <p>
 * Row values are Java objects converted to Snowflake's JSON wire strings by column type (see {@link WireValues}):
 * {@code String}, {@code Number}, {@code Boolean}, {@code java.time.Instant} / {@code LocalDateTime} /
 * {@code OffsetDateTime} for timestamps, {@code LocalDate} for dates, or {@code null}.
 */
public sealed interface SfResult {

    /**
     * Statement type ids as the driver's {@code SFStatementType} knows them: they decide whether
     * {@code executeUpdate} returns a count and whether the driver treats the reply as a result set.
     */
    long SELECT = 0x1000;
    long ALTER_SESSION = 0x4100;
    long USE = 0x4300;
    long SHOW = 0x4400;
    long DESCRIBE = 0x4500;
    long DDL = 0x6000;

    record Rows(List<SfColumn> columns, List<List<Object>> rows, long statementTypeId) implements SfResult {
        public Rows {
            columns = List.copyOf(columns);
            List<List<Object>> copy = new ArrayList<>(rows.size());
            for (List<Object> r : rows) {
                if (r.size() != columns.size()) {
                    throw new IllegalArgumentException("row has " + r.size() + " values for " + columns.size() + " columns: " + r);
                }
                copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
            }
            rows = java.util.Collections.unmodifiableList(copy);
        }
    }

    /**
     * An error as Snowflake reports it: vendor {@code code} (e.g. 2003 for "does not exist or not authorized"),
     * five-character {@code sqlState} (e.g. 02000, 42S02, 42000) and the message.
     */
    record Error(int code, String sqlState, String message) implements SfResult {
        public Error {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
            if (sqlState.length() != 5) {
                throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
            }
        }
    }

    static Rows rows(List<SfColumn> columns, List<List<Object>> rows) {
        return new Rows(columns, rows, SELECT);
    }

    static Rows rows(List<SfColumn> columns, List<List<Object>> rows, long statementTypeId) {
        return new Rows(columns, rows, statementTypeId);
    }

    /** One row of one column. */
    static Rows single(SfColumn column, Object value) {
        return new Rows(List.of(column), List.of(Arrays.asList(value)), SELECT);
    }

    /** What Snowflake answers to DDL and session commands: one {@code status} column. */
    static Rows status(String message, long statementTypeId) {
        return new Rows(List.of(SfColumn.text("status")), List.of(List.of(message)), statementTypeId);
    }

    /** {@code Statement executed successfully.} for DDL. */
    static Rows ddlOk() {
        return status("Statement executed successfully.", DDL);
    }

    static Error error(int code, String sqlState, String message) {
        return new Error(code, sqlState, message);
    }

    /** Snowflake's reply for a missing object: code 2003, SQLSTATE 02000. */
    static Error doesNotExist(String kind, String name) {
        return new Error(2003, "02000",
                "SQL compilation error:\n" + kind + " '" + name + "' does not exist or not authorized.");
    }
}
