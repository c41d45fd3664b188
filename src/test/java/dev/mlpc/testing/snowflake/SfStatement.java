package dev.mlpc.testing.snowflake;

/**
 * One statement as the simulator received it: the session, the SQL text, the session's query tag when it ran (after
 * the statement itself, so an {@code ALTER SESSION SET QUERY_TAG} records its new tag), the query id returned, and the
 * error code if it failed ({@code 0} when it succeeded).
 */
public record SfStatement(long sessionId, String sql, String queryTag, String queryId, int errorCode) {
    public boolean failed() {
        return errorCode != 0;
    }
}
