package dev.mlpc.core.run;

import java.time.Duration;
import java.util.Map;

/** What a {@link StepExecutor} says about a statement it ran or polled. A failure is a {@link StepFailedException}. */
public sealed interface StepResult {
    /**
     * The statement's work is finished.
     *
     * @param systemId the system's id for it (query id, request id, operation URL), or null
     * @param outputs  values later statements may use ({@code ${type.name.Output}}), by output name; never secrets
     */
    record Done(String systemId, Map<String, Object> outputs) implements StepResult {
        public Done {
            outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        }
    }

    /**
     * Accepted, still running: the runner polls {@link StepExecutor#poll} until the operation ends or the step's
     * deadline passes.
     *
     * @param operation  what to poll (an operation id, a URL, the object's name); opaque to the runner
     * @param systemId   the system's id for it, or null
     * @param status     the system's word for where it is (Creating, Deleting), for progress; may be null
     * @param retryAfter how long the system asked to wait before the next poll ({@code Retry-After}), or null for the
     *                   runner's interval with backoff
     */
    record Running(Object operation, String systemId, String status, Duration retryAfter) implements StepResult { }

    static Done done() { return new Done(null, Map.of()); }

    static Done done(String systemId) { return new Done(systemId, Map.of()); }

    static Done done(String systemId, Map<String, Object> outputs) { return new Done(systemId, outputs); }
}
