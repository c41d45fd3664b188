package dev.mlpc.core.run;

import dev.mlpc.core.plan.Statement;

import java.time.Duration;

/**
 * A provider's part of an apply: runs one bound statement at a time for the {@link PlanRunner}, which does the rest
 * (order, binding of secrets and outputs, progress, cancel, polling, deadlines, scrubbing, the result).
 * <p>
 * Three shapes fit:
 * <ul>
 *   <li>autocommit SQL (Snowflake): {@link #execute} runs the statement and returns {@link StepResult.Done} with the
 *       query id;</li>
 *   <li>transactional SQL (PostgreSQL): {@link #transaction} names the transaction a step belongs to (its database);
 *       the runner calls {@link #begin} before the first step of a transaction, {@link #commit} when the next step
 *       belongs elsewhere or at the end, and {@link #rollback} when the apply stops with it open (its steps are then
 *       reported {@code ROLLED_BACK});</li>
 *   <li>API systems with long-running operations: {@link #execute} returns {@link StepResult.Running} and the runner
 *       calls {@link #poll} (honouring {@code Retry-After}) until {@link StepResult.Done}, a failure or the step's
 *       {@link #deadline}.</li>
 * </ul>
 * An executor is used for one apply, by one thread.
 */
public interface StepExecutor extends AutoCloseable {
    /**
     * Runs a statement.
     *
     * @param executable the statement's executable form: secrets and outputs bound (SQL text or a request map)
     * @throws StepFailedException with the system's reason
     */
    StepResult execute(Step step, Object executable) throws StepFailedException, InterruptedException;

    /** Asks where an accepted operation is. Only called after {@link #execute} returned {@link StepResult.Running}. */
    default StepResult poll(Step step, StepResult.Running running) throws StepFailedException, InterruptedException {
        throw new StepFailedException("this system cannot be polled for " + running.operation());
    }

    /** How long a step may run, polls included, before it is reported {@code TIMED_OUT}. */
    default Duration deadline(Step step) {
        return Duration.ofMinutes(30);
    }

    /** The first wait between polls when the system gives no {@code Retry-After}; it grows by half each poll. */
    default Duration pollInterval(Step step) {
        return Duration.ofSeconds(2);
    }

    /** The longest wait between polls without a {@code Retry-After}. */
    default Duration maxPollInterval(Step step) {
        return Duration.ofSeconds(30);
    }

    /** The transaction a step runs in (e.g. its database), or null when the system commits each statement itself. */
    default String transaction(Step step) {
        return null;
    }

    /** Opens the transaction named by {@link #transaction}; {@code first} is the step that needs it. */
    default void begin(String transaction, Step first) throws StepFailedException { }

    /** Commits the open transaction. The message of a failure is the whole sentence (it names the transaction). */
    default void commit(String transaction) throws StepFailedException { }

    /** Rolls the open transaction back (best effort: the apply has already failed). */
    default void rollback(String transaction) { }

    /**
     * A value for an output placeholder that no earlier step of this apply returned: an executor that can find it
     * live (the object was created by an earlier apply) returns it, else null (the default), which stops the apply.
     */
    default Object knownOutput(Statement.OutputRef ref) {
        return null;
    }

    /** Releases what the executor opened (connections of transactions); called once at the end. */
    @Override
    default void close() { }
}
