package dev.mlpc.core.provider;

import java.time.Instant;
import java.util.List;

/**
 * What an apply executed and how it ended. Statements are in display form (no secrets): this is what the journal
 * records.
 */
public record ApplyResult(Instant started, Instant finished, List<Executed> executed, Outcome outcome, String failure) {
    public enum Outcome { SUCCEEDED, FAILED, CANCELLED, REFUSED }

    public enum StatementOutcome { OK, FAILED, ROLLED_BACK, NOT_RUN }

    /**
     * @param change   index of the change in the plan's actionable list
     * @param resource {@code type name}
     * @param queryId  the system's own id of the statement when it has one (Snowflake's query ID), else null
     */
    public record Executed(int change, String resource, Object statement, StatementOutcome outcome, long millis, String error,
                           String queryId) {
        public Executed(int change, String resource, Object statement, StatementOutcome outcome, long millis, String error) {
            this(change, resource, statement, outcome, millis, error, null);
        }
    }

    public ApplyResult {
        executed = List.copyOf(executed);
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }

    /** The {@code Applied:} trailer value. */
    public String trailer() {
        long ok = executed.stream().filter(e -> e.outcome() == StatementOutcome.OK).count();
        return switch (outcome) {
            case SUCCEEDED -> "yes";
            case FAILED -> "failed (" + ok + "/" + executed.size() + " statements committed)";
            case CANCELLED -> "cancelled (" + ok + "/" + executed.size() + " statements committed)";
            case REFUSED -> "refused";
        };
    }
}
