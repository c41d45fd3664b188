package dev.mlpc.core.run;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a plan's actionable changes, statement by statement, through a provider's {@link StepExecutor}: the one apply
 * loop of every provider.
 * <ol>
 *   <li>Binds the secrets of every statement before running any, so a missing secret stops the apply before it starts.</li>
 *   <li>For each statement in order: stops if cancelled; reports progress; commits the open transaction when the
 *       statement belongs to another one ({@link StepExecutor#transaction}) and begins its own; fills in the outputs
 *       of earlier statements ({@code ${type.name.Output}}; a missing one stops the apply before the statement);
 *       executes it; while the system says it is still running, waits ({@code Retry-After}, else the executor's
 *       interval growing by half up to its maximum) and polls, until it is done, fails, is cancelled
 *       ({@code IN_PROGRESS}) or passes its deadline ({@code TIMED_OUT}); registers the outputs it returned under its
 *       resource.</li>
 *   <li>Commits the open transaction at the end; on any stop rolls it back and reports its statements
 *       {@code ROLLED_BACK}. Statements after the stop are {@code NOT_RUN}.</li>
 * </ol>
 * Every secret value resolved during the apply is replaced by {@code ***} in error messages and outputs. The result
 * lists statements in display form (placeholders, secret references), never the executable form.
 */
public final class PlanRunner {
    private final SecretResolver secrets;
    private final RunClock clock;

    public PlanRunner(SecretResolver secrets) {
        this(secrets, RunClock.SYSTEM);
    }

    public PlanRunner(SecretResolver secrets, RunClock clock) {
        this.secrets = Objects.requireNonNull(secrets);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One statement's state during the run. */
    private static final class State {
        final Step step;
        Object bound;
        StatementOutcome outcome = StatementOutcome.NOT_RUN;
        long millis;
        String error;
        String systemId;
        Map<String, Object> outputs = Map.of();

        State(Step step) { this.step = step; }

        ApplyResult.Executed executed() {
            return new ApplyResult.Executed(step.change(), step.resource(), step.statement().display(), outcome, millis,
                    error, systemId, outputs);
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

    /** Runs {@code plan}'s actionable changes; never throws for what happens on the system (see the result). */
    public ApplyResult run(Plan plan, StepExecutor executor, Progress progress) {
        return new Run(plan.actionable(), executor, progress).run();
    }

    private final class Run {
        final List<Change> changes;
        final StepExecutor executor;
        final Progress progress;
        final List<State> states = new ArrayList<>();
        final Set<String> used = ConcurrentHashMap.newKeySet();
        final Map<String, Object> outputs = new LinkedHashMap<>();
        final List<State> openTx = new ArrayList<>();
        boolean txOpen;
        String tx;

        Run(List<Change> changes, StepExecutor executor, Progress progress) {
            this.changes = changes;
            this.executor = executor;
            this.progress = progress;
            int n = 0;
            for (int i = 0; i < changes.size(); i++) {
                for (Statement st : changes.get(i).statements()) states.add(new State(new Step(n++, i, changes.get(i), st)));
            }
        }

        ApplyResult run() {
            Instant started = clock.now();
            Outcome outcome = Outcome.SUCCEEDED;
            String failure = null;
            try {
                bindSecrets();
                runAll();
                commitOpen();
                progress.worked(states.size(), states.size());
            } catch (Stop s) {
                rollbackOpen();
                outcome = s.outcome;
                failure = s.getMessage();
            } finally {
                executor.close();
            }
            return new ApplyResult(started, clock.now(), states.stream().map(State::executed).toList(), outcome, failure);
        }

        private void bindSecrets() throws Stop {
            SecretResolver collecting = ref -> {
                String value = secrets.resolve(ref);
                if (value != null && !value.isEmpty()) used.add(value);
                return value;
            };
            for (State s : states) {
                try {
                    s.bound = s.step.statement().executable(collecting);
                } catch (SecretResolver.SecretUnavailableException e) {
                    s.outcome = StatementOutcome.FAILED;
                    s.error = e.getMessage();
                    throw new Stop(Outcome.FAILED, s.step.resource() + ": " + e.getMessage() + "; nothing was run");
                }
            }
        }

        private void runAll() throws Stop {
            int lastChange = -1;
            for (int i = 0; i < states.size(); i++) {
                State s = states.get(i);
                if (progress.cancelled()) throw new Stop(Outcome.CANCELLED, "cancelled by the user before " + s.step.resource());
                if (s.step.change() != lastChange) {
                    progress.status(label(s.step));
                    lastChange = s.step.change();
                }
                progress.worked(i, states.size());
                enterTransaction(s);
                Object executable;
                try {
                    executable = s.step.statement().bindOutputs(s.bound, this::output);
                } catch (Statement.MissingOutputException e) {
                    s.outcome = StatementOutcome.FAILED;
                    s.error = e.getMessage();
                    throw new Stop(Outcome.FAILED, s.step.resource() + ": " + e.getMessage() + "; stopped before this statement");
                }
                try {
                    progress.statementStarting(i, states.size());
                } catch (RuntimeException e) {
                    s.error = "not run: " + e.getMessage();
                    throw new Stop(Outcome.FAILED, s.step.resource() + ": the apply stopped before this statement: " + e.getMessage());
                }
                execute(s, executable);
                progress.statementReturned(i);
                if (txOpen) openTx.add(s);
            }
        }

        private Object output(Statement.OutputRef ref) {
            Object v = outputs.get(ref.id());
            return v != null ? v : executor.knownOutput(ref);
        }

        /** Commits the open transaction when {@code s} runs elsewhere, and begins the one {@code s} runs in. */
        private void enterTransaction(State s) throws Stop {
            String want = executor.transaction(s.step);
            if (txOpen && !Objects.equals(want, tx)) commitOpen();
            if (want == null || txOpen) return;
            try {
                executor.begin(want, s.step);
            } catch (StepFailedException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = scrub(e.getMessage());
                throw new Stop(Outcome.FAILED, s.step.resource() + ": " + s.error);
            }
            txOpen = true;
            tx = want;
        }

        private void execute(State s, Object executable) throws Stop {
            Step step = s.step;
            long t0 = clock.nanoTime();
            long deadline = t0 + executor.deadline(step).toNanos();
            try {
                StepResult r = executor.execute(step, executable);
                int polls = 0;
                Duration interval = executor.pollInterval(step);
                while (r instanceof StepResult.Running running) {
                    if (running.systemId() != null) s.systemId = running.systemId();
                    s.outcome = StatementOutcome.IN_PROGRESS;
                    long now = clock.nanoTime();
                    if (now - deadline >= 0) {
                        s.outcome = StatementOutcome.TIMED_OUT;
                        s.error = "still running after " + seconds(now - t0) + (running.status() == null ? "" : " (" + running.status() + ")")
                                + ", past the step's deadline of " + seconds(executor.deadline(step).toNanos()) + "; its end is unknown";
                        throw new Stop(Outcome.TIMED_OUT, step.resource() + ": " + s.error);
                    }
                    Duration wait = running.retryAfter() != null ? running.retryAfter() : interval;
                    if (wait.isNegative()) wait = Duration.ZERO;
                    Duration left = Duration.ofNanos(deadline - now);
                    if (wait.compareTo(left) > 0) wait = left;
                    progress.status(label(step) + ": " + (running.status() == null ? "running" : running.status())
                            + " (poll " + (polls + 1) + ")");
                    if (!clock.sleep(wait, progress) || progress.cancelled()) throw cancelledWhileRunning(s, running);
                    r = executor.poll(step, running);
                    polls++;
                    Duration next = Duration.ofNanos(interval.toNanos() + interval.toNanos() / 2);
                    Duration max = executor.maxPollInterval(step);
                    interval = next.compareTo(max) > 0 ? max : next;
                }
                StepResult.Done done = (StepResult.Done) r;
                if (done.systemId() != null) s.systemId = done.systemId();
                s.outcome = StatementOutcome.OK;
                if (!done.outputs().isEmpty()) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    done.outputs().forEach((k, v) -> out.put(k, scrubValue(v)));
                    s.outputs = out;
                    out.forEach((k, v) -> outputs.put(new Statement.OutputRef(step.key().type(), step.key().name(), k).id(), v));
                }
            } catch (StepFailedException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = scrub(e.getMessage());
                if (e.systemId() != null) s.systemId = e.systemId();
                throw new Stop(Outcome.FAILED, step.resource() + ": " + s.error);
            } catch (InterruptedException e) {
                // interrupted while the system had the statement: whether it took effect is not known
                Thread.currentThread().interrupt();
                s.outcome = StatementOutcome.IN_PROGRESS;
                s.error = "interrupted while still running; its end is unknown";
                throw new Stop(Outcome.CANCELLED, "interrupted while " + step.resource()
                        + " was still running (its end is unknown)");
            } catch (RuntimeException e) {
                s.outcome = StatementOutcome.FAILED;
                s.error = scrub(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                throw new Stop(Outcome.FAILED, step.resource() + ": " + s.error);
            } finally {
                s.millis = (clock.nanoTime() - t0) / 1_000_000;
            }
        }

        private Stop cancelledWhileRunning(State s, StepResult.Running running) {
            s.outcome = StatementOutcome.IN_PROGRESS;
            s.error = "cancelled while still running" + (running.status() == null ? "" : " (" + running.status() + ")")
                    + "; its end is unknown";
            return new Stop(Outcome.CANCELLED, "cancelled by the user while " + s.step.resource()
                    + " was still running (its end is unknown)");
        }

        private void commitOpen() throws Stop {
            if (!txOpen) return;
            try {
                executor.commit(tx);
                openTx.clear();
                txOpen = false;
                tx = null;
            } catch (StepFailedException e) {
                throw new Stop(Outcome.FAILED, scrub(e.getMessage()));
            }
        }

        private void rollbackOpen() {
            if (txOpen) executor.rollback(tx);
            openTx.forEach(s -> { if (s.outcome == StatementOutcome.OK) s.outcome = StatementOutcome.ROLLED_BACK; });
            openTx.clear();
            txOpen = false;
            tx = null;
        }

        private String label(Step step) {
            Change c = step.of();
            return c.action().json() + " " + c.type() + " " + c.name();
        }

        /** A returned value with every secret resolved by this apply removed, at any depth of maps and lists. */
        private Object scrubValue(Object v) {
            if (v instanceof CharSequence cs) return scrub(cs.toString());
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, scrubValue(x)));
                return out;
            }
            if (v instanceof java.util.Collection<?> c) return c.stream().map(this::scrubValue).toList();
            return v;
        }

        /** Removes any secret resolved by this apply from a message. */
        private String scrub(String message) {
            if (message == null) return null;
            String out = message;
            for (String secret : used) out = out.replace(secret, "***");
            return out;
        }
    }

    private static String seconds(long nanos) {
        long ms = nanos / 1_000_000;
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
