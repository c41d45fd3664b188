package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.SecretResolver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan's statements in order on the session's connection. Snowflake DDL commits itself, so every statement
 * that ran stays; the first failure stops the apply and the rest is reported as not run (a re-plan shows exactly that
 * rest). Cancellation is honoured between statements. Each executed statement keeps Snowflake's query ID.
 */
final class SnowflakeApplier {
    private final SnowflakeConnector connector;
    private final Connection connection;
    private final SecretResolver secrets;

    SnowflakeApplier(SnowflakeConnector connector, Connection connection, SecretResolver secrets) {
        this.connector = connector;
        this.connection = connection;
        this.secrets = secrets;
    }

    private static final class Step {
        final int change;
        final String resource;
        final Statement statement;
        String sql;
        StatementOutcome outcome = StatementOutcome.NOT_RUN;
        long millis;
        String error;
        String queryId;

        Step(int change, String resource, Statement statement) {
            this.change = change;
            this.resource = resource;
            this.statement = statement;
        }

        ApplyResult.Executed executed() {
            return new ApplyResult.Executed(change, resource, statement.display(), outcome, millis, error, queryId);
        }
    }

    ApplyResult apply(Plan plan, Progress progress) {
        Instant started = Instant.now();
        List<Change> changes = plan.actionable();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            for (Statement st : c.statements()) steps.add(new Step(i, c.type() + " " + c.name(), st));
        }
        Outcome outcome = Outcome.SUCCEEDED;
        String failure = null;
        List<String> used = new ArrayList<>();
        for (Step s : steps) {
            try {
                s.sql = String.valueOf(s.statement.executable(ref -> {
                    String v = secrets.resolve(ref);
                    if (v != null && !v.isEmpty()) used.add(v);
                    return v;
                }));
            } catch (SecretResolver.SecretUnavailableException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = e.getMessage();
                return new ApplyResult(started, Instant.now(), steps.stream().map(Step::executed).toList(), Outcome.FAILED,
                        s.resource + ": " + e.getMessage() + "; nothing was run");
            }
        }
        int lastChange = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (progress.cancelled()) {
                outcome = Outcome.CANCELLED;
                failure = "cancelled by the user before " + s.resource;
                break;
            }
            if (s.change != lastChange) {
                Change c = changes.get(s.change);
                progress.status(c.action().json() + " " + c.type() + " " + c.name());
                lastChange = s.change;
            }
            progress.worked(i, steps.size());
            long t0 = System.nanoTime();
            try (java.sql.Statement st = connection.createStatement()) {
                st.setQueryTimeout(connector.querySeconds());
                st.execute(s.sql);
                s.queryId = queryId(st);
                s.outcome = StatementOutcome.OK;
            } catch (SQLException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = scrub(connector.error(e), used);
                s.queryId = e instanceof net.snowflake.client.api.exception.SnowflakeSQLException q ? q.getQueryId() : null;
                outcome = Outcome.FAILED;
                failure = s.resource + ": " + s.error;
            } finally {
                s.millis = (System.nanoTime() - t0) / 1_000_000;
            }
            if (outcome == Outcome.FAILED) break;
        }
        if (outcome == Outcome.SUCCEEDED) progress.worked(steps.size(), steps.size());
        return new ApplyResult(started, Instant.now(), steps.stream().map(Step::executed).toList(), outcome, failure);
    }

    static String queryId(java.sql.Statement st) {
        try {
            return st.unwrap(net.snowflake.client.api.statement.SnowflakeStatement.class).getQueryID();
        } catch (SQLException e) {
            return null;
        }
    }

    private static String scrub(String message, List<String> used) {
        String out = message;
        for (String s : used) out = out.replace(s, "***");
        return out;
    }
}
