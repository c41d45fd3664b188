package dev.mlpc.testing.fakeapi;

import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.run.Step;
import dev.mlpc.core.run.StepExecutor;
import dev.mlpc.core.run.StepFailedException;
import dev.mlpc.core.run.StepResult;

import java.time.Duration;
import java.util.Map;

/**
 * The fake API's executor: sends a statement's request; a create, update or delete is accepted and still running
 * until a describe says {@code Active} (or, for a delete, that the object is gone). The server's
 * {@code RetryAfterMillis} becomes the runner's Retry-After; the request id is the step's system id; a create returns
 * the new object's id as an output ({@code WidgetId}, {@code GadgetId}).
 */
final class FakeApiExecutor implements StepExecutor {
    /** What a running step waits for: the object of that kind and name reaching {@code Active}, or gone. */
    record Pending(String kind, String name, boolean gone) { }

    private final FakeApiServer server;
    private final Duration deadline;
    private final Duration pollInterval;

    FakeApiExecutor(FakeApiServer server, Duration deadline, Duration pollInterval) {
        this.server = server;
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    @Override
    public StepResult execute(Step step, Object executable) throws StepFailedException {
        if (!(executable instanceof Map<?, ?> doc) || !(doc.get("operation") instanceof String op)
                || !(doc.get("request") instanceof Map<?, ?> request)) {
            throw new StepFailedException("not a request document: " + executable);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> req = (Map<String, Object>) request;
        Map<String, Object> resp = call(op, req);
        String kind = op.endsWith("Gadget") ? "Gadget" : "Widget";
        Pending pending = new Pending(kind, (String) resp.get(kind + "Name"), op.startsWith("Delete"));
        return outcome(pending, resp, (String) resp.get("RequestId"));
    }

    @Override
    public StepResult poll(Step step, StepResult.Running running) throws StepFailedException {
        Pending p = (Pending) running.operation();
        try {
            Map<String, Object> resp = server.call("Describe" + p.kind(), Map.of(p.kind() + "Name", p.name()));
            return outcome(p, resp, running.systemId());
        } catch (FakeApiException e) {
            if (p.gone() && e.code().equals("ResourceNotFound")) return StepResult.done(running.systemId());
            throw new StepFailedException(e.getMessage(), e.requestId());
        }
    }

    private static StepResult outcome(Pending p, Map<String, Object> resp, String systemId) throws StepFailedException {
        String status = (String) resp.get("Status");
        if ("Failed".equals(status)) throw new StepFailedException(p.kind() + " " + p.name() + " failed", systemId);
        if (!p.gone() && "Active".equals(status)) {
            return StepResult.done(systemId, Map.of(p.kind() + "Id", resp.get(p.kind() + "Id")));
        }
        Duration retry = resp.get("RetryAfterMillis") instanceof Number n ? Duration.ofMillis(n.longValue()) : null;
        return new StepResult.Running(p, systemId, status, retry);
    }

    private Map<String, Object> call(String op, Map<String, Object> req) throws StepFailedException {
        try {
            return server.call(op, req);
        } catch (FakeApiException e) {
            throw new StepFailedException(e.getMessage(), e.requestId());
        }
    }

    @Override
    public Duration deadline(Step step) { return deadline; }

    @Override
    public Duration pollInterval(Step step) { return pollInterval; }

    /** A widget or gadget that an earlier apply created: its id, described live. */
    @Override
    public Object knownOutput(Statement.OutputRef ref) {
        String kind = ref.type().equals(FakeApiProvider.GADGET) ? "Gadget" : ref.type().equals(FakeApiProvider.WIDGET) ? "Widget" : null;
        if (kind == null || !ref.output().equals(kind + "Id")) return null;
        try {
            return server.call("Describe" + kind, Map.of(kind + "Name", ref.name())).get(kind + "Id");
        } catch (FakeApiException e) {
            return null;
        }
    }
}
