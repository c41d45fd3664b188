package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.SecretResolver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a plan's statements in order. Statements without a target (roles, databases, grants on databases) run on the
 * cluster connection in autocommit mode, since {@code CREATE DATABASE} cannot run in a transaction. Consecutive
 * statements with the same target database run in one transaction on a connection to that database, committed when
 * the target changes or at the end. The first failure stops the apply: the open transaction is rolled back and the
 * rest is reported as not run. Cancellation is honoured between statements.
 */
final class PostgresApplier {
    /** One statement to run and, once run, how it went. */
    private static final class Step {
        final int change;
        final String resource;
        final Statement statement;
        String sql;
        StatementOutcome outcome = StatementOutcome.NOT_RUN;
        long millis;
        String error;

        Step(int change, String resource, Statement statement) {
            this.change = change;
            this.resource = resource;
            this.statement = statement;
        }

        ApplyResult.Executed executed() {
            return new ApplyResult.Executed(change, resource, statement.display(), outcome, millis, error);
        }
    }

    /** Why the run stopped early. */
    private static final class Stop extends Exception {
        final Outcome outcome;

        Stop(Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }

    private final PgConnector connector;
    private final Connection cluster;
    private final SecretResolver secrets;
    private final Set<String> usedSecrets = ConcurrentHashMap.newKeySet();

    private final List<Step> openTx = new ArrayList<>();
    private Connection txConnection;
    private String txDatabase;

    PostgresApplier(PgConnector connector, Connection cluster, SecretResolver secrets) {
        this.connector = connector;
        this.cluster = cluster;
        this.secrets = ref -> {
            String value = secrets.resolve(ref);
            if (value != null && !value.isEmpty()) usedSecrets.add(value);
            return value;
        };
    }

    ApplyResult apply(Plan plan, Progress progress) {
        Instant started = Instant.now();
        List<Step> steps = steps(plan.actionable());
        Outcome outcome = Outcome.SUCCEEDED;
        String failure = null;
        try {
            bind(steps);
            run(plan.actionable(), steps, progress);
            commitOpen();
            progress.worked(steps.size(), steps.size());
        } catch (Stop s) {
            rollbackOpen();
            outcome = s.outcome;
            failure = s.getMessage();
        } finally {
            closeTx();
        }
        return new ApplyResult(started, Instant.now(), steps.stream().map(Step::executed).toList(), outcome, failure);
    }

    private static List<Step> steps(List<Change> changes) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            for (Statement st : c.statements()) out.add(new Step(i, c.type() + " " + c.name(), st));
        }
        return out;
    }

    /** Builds every executable statement before running any, so a missing secret stops the apply before it starts. */
    private void bind(List<Step> steps) throws Stop {
        for (Step s : steps) {
            try {
                s.sql = String.valueOf(s.statement.executable(secrets));
            } catch (SecretResolver.SecretUnavailableException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = e.getMessage();
                throw new Stop(Outcome.FAILED, s.resource + ": " + e.getMessage() + "; nothing was run");
            }
        }
    }

    private void run(List<Change> changes, List<Step> steps, Progress progress) throws Stop {
        int lastChange = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (progress.cancelled()) throw new Stop(Outcome.CANCELLED, "cancelled by the user before " + s.resource);
            if (s.change != lastChange) {
                Change c = changes.get(s.change);
                progress.status(c.action().json() + " " + c.type() + " " + c.name());
                lastChange = s.change;
            }
            progress.worked(i, steps.size());
            execute(s, connectionFor(s));
        }
    }

    /** The cluster connection, or the open transaction's connection, switching databases as needed. */
    private Connection connectionFor(Step s) throws Stop {
        String target = s.statement.target();
        if (txConnection != null && !Objects.equals(target, txDatabase)) commitOpen();
        if (target == null) return cluster;
        if (txConnection == null) {
            try {
                txConnection = connector.open(target);
                txConnection.setAutoCommit(false);
                txDatabase = target;
            } catch (ProviderException | SQLException e) {
                closeTx();
                s.outcome = StatementOutcome.FAILED;
                s.error = e instanceof SQLException q ? PostgresSession.errorText(q) : e.getMessage();
                throw new Stop(Outcome.FAILED, s.resource + ": " + s.error);
            }
        }
        return txConnection;
    }

    private void execute(Step s, Connection c) throws Stop {
        long t0 = System.nanoTime();
        try (java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(connector.querySeconds());
            st.execute(s.sql);
            s.outcome = StatementOutcome.OK;
            if (c == txConnection) openTx.add(s);
        } catch (SQLException e) {
            s.outcome = StatementOutcome.FAILED;
            s.error = scrub(PostgresSession.errorText(e));
            throw new Stop(Outcome.FAILED, s.resource + ": " + s.error);
        } finally {
            s.millis = (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private void commitOpen() throws Stop {
        if (txConnection == null) return;
        try {
            txConnection.commit();
            openTx.clear();
        } catch (SQLException e) {
            throw new Stop(Outcome.FAILED, "commit in database " + txDatabase + " failed: " + scrub(PostgresSession.errorText(e)));
        } finally {
            if (openTx.isEmpty()) closeTx();
        }
    }

    private void rollbackOpen() {
        if (txConnection != null) {
            try {
                txConnection.rollback();
            } catch (SQLException ignored) {
                // the connection is closed next; the server rolls back an unfinished transaction itself
            }
        }
        openTx.forEach(s -> s.outcome = StatementOutcome.ROLLED_BACK);
        openTx.clear();
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
        txDatabase = null;
    }

    /** Removes any secret used by this apply from a message. */
    private String scrub(String message) {
        String out = message;
        for (String secret : usedSecrets) out = out.replace(secret, "***");
        return out;
    }
}
