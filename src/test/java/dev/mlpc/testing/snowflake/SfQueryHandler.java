package dev.mlpc.testing.snowflake;

/**
 * Answers one statement of a simulated session. Return {@code null} to let the simulator's built-in answers
 * ({@code SELECT 1}, {@code SELECT CURRENT_VERSION()}, session commands, registered SHOW rows) take over.
 */
@FunctionalInterface
public interface SfQueryHandler {
    SfResult handle(String sql, SfSession session);
}
