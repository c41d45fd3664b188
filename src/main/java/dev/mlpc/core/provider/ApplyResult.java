package dev.mlpc.core.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an apply executed and how it ended. Statements are in display form (no secrets): this is what the journal
 * records.
 */
public record ApplyResult(Instant started, Instant finished, List<Executed> executed, Outcome outcome, String failure) {
    /**
     * {@code TIMED_OUT}: a step was still running at its deadline (its end is unknown); {@code CANCELLED} also covers
     * a cancel while a step was still running.
     */
    public enum Outcome { SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, REFUSED }

    /**
     * {@code IN_PROGRESS}: the system accepted the statement and was still working on it when the apply was cancelled
     * or interrupted (its end is unknown); {@code TIMED_OUT}: still running at the step's deadline (end unknown too).
     */
    public enum StatementOutcome { OK, FAILED, ROLLED_BACK, NOT_RUN, IN_PROGRESS, TIMED_OUT }

    /**
     * @param change   index of the change in the plan's actionable list
     * @param resource {@code type name}
     * @param systemId the system's own id of the statement or its operation when it has one (a Snowflake query id, an
     *                 AWS request id, an Azure operation URL), else null
     * @param outputs  what the statement returned for later statements (server-assigned ids; never a secret), by
     *                 output name; empty when none
     */
    public record Executed(int change, String resource, Object statement, StatementOutcome outcome, long millis, String error,
                           String systemId, Map<String, Object> outputs) {
        public Executed {
            outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        }

        public Executed(int change, String resource, Object statement, StatementOutcome outcome, long millis, String error,
                        String systemId) {
            this(change, resource, statement, outcome, millis, error, systemId, Map.of());
        }

        public Executed(int change, String resource, Object statement, StatementOutcome outcome, long millis, String error) {
            this(change, resource, statement, outcome, millis, error, null, Map.of());
        }
    }

    public ApplyResult {
        executed = List.copyOf(executed);
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }

    /** The {@code Applied:} trailer value. */
    public String trailer() {
        long ok = executed.stream().filter(e -> e.outcome() == StatementOutcome.OK).count();
        String committed = " (" + ok + "/" + executed.size() + " statements committed)";
        return switch (outcome) {
            case SUCCEEDED -> "yes";
            case FAILED -> "failed" + committed;
            case CANCELLED -> "cancelled" + committed;
            case TIMED_OUT -> "timed out" + committed;
            case REFUSED -> "refused";
        };
    }
}
