package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.run.Step;
import dev.mlpc.core.run.StepExecutor;
import dev.mlpc.core.run.StepFailedException;
import dev.mlpc.core.run.StepResult;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's executor for the {@link dev.mlpc.core.run.PlanRunner}. Statements without a target (roles, databases,
 * grants on databases) run on the cluster connection in autocommit mode, since {@code CREATE DATABASE} cannot run in
 * a transaction. A statement's target database is its transaction: consecutive statements with the same target run
 * in one transaction on a connection to that database, committed (and the connection closed) when the target changes
 * or at the end, rolled back when the apply stops (the runner then reports them {@code ROLLED_BACK}).
 */
final class PostgresApplier implements StepExecutor {
    private final PgConnector connector;
    private final Connection cluster;
    private Connection txConnection;

    PostgresApplier(PgConnector connector, Connection cluster) {
        this.connector = connector;
        this.cluster = cluster;
    }

    @Override
    public String transaction(Step step) {
        return step.target();
    }

    @Override
    public void begin(String database, Step first) throws StepFailedException {
        try {
            txConnection = connector.open(database);
            txConnection.setAutoCommit(false);
        } catch (ProviderException | SQLException e) {
            closeTx();
            throw new StepFailedException(e instanceof SQLException q ? PostgresSession.errorText(q) : e.getMessage());
        }
    }

    @Override
    public StepResult execute(Step step, Object executable) throws StepFailedException {
        Connection c = step.target() == null ? cluster : txConnection;
        try (java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(connector.querySeconds());
            st.execute(String.valueOf(executable));
            return StepResult.done();
        } catch (SQLException e) {
            throw new StepFailedException(PostgresSession.errorText(e));
        }
    }

    @Override
    public void commit(String database) throws StepFailedException {
        if (txConnection == null) return;
        try {
            txConnection.commit();
        } catch (SQLException e) {
            throw new StepFailedException("commit in database " + database + " failed: " + PostgresSession.errorText(e));
        }
        closeTx();
    }

    @Override
    public void rollback(String database) {
        if (txConnection != null) {
            try {
                txConnection.rollback();
            } catch (SQLException ignored) {
                // the connection is closed next; the server rolls back an unfinished transaction itself
            }
        }
        closeTx();
    }

    @Override
    public void close() {
        closeTx();
    }

    private void closeTx() {
        if (txConnection != null) {
            try {
                txConnection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing more to do
            }
        }
        txConnection = null;
    }
}
