package dev.mlpc.providers.snowflake;

import dev.mlpc.core.run.Step;
import dev.mlpc.core.run.StepExecutor;
import dev.mlpc.core.run.StepFailedException;
import dev.mlpc.core.run.StepResult;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Snowflake's executor for the {@link dev.mlpc.core.run.PlanRunner}: statements run on the session's connection.
 * Snowflake DDL commits itself (no transactions), so every statement that ran stays; the runner stops at the first
 * failure and reports the rest as not run (a re-plan shows exactly that rest). Each statement keeps Snowflake's query
 * id as its system id, a failed one too.
 */
final class SnowflakeApplier implements StepExecutor {
    private final SnowflakeConnector connector;
    private final Connection connection;

    SnowflakeApplier(SnowflakeConnector connector, Connection connection) {
        this.connector = connector;
        this.connection = connection;
    }

    @Override
    public StepResult execute(Step step, Object executable) throws StepFailedException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.setQueryTimeout(connector.querySeconds());
            st.execute(String.valueOf(executable));
            return StepResult.done(queryId(st));
        } catch (SQLException e) {
            throw new StepFailedException(connector.error(e),
                    e instanceof net.snowflake.client.api.exception.SnowflakeSQLException q ? q.getQueryId() : null);
        }
    }

    static String queryId(java.sql.Statement st) {
        try {
            return st.unwrap(net.snowflake.client.api.statement.SnowflakeStatement.class).getQueryID();
        } catch (SQLException e) {
            return null;
        }
    }
}
