package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.run.Step;
import dev.mlpc.core.run.StepExecutor;
import dev.mlpc.core.run.StepFailedException;
import dev.mlpc.core.run.StepResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareTypes.ACCOUNT;
import static dev.mlpc.providers.datashare.DataShareTypes.RESOURCE_GROUP;

/**
 * Runs Data Share request documents for the core {@link dev.mlpc.core.run.PlanRunner}: each statement is one ARM
 * request ({@link ArmClient#exchange}).
 * <ul>
 *   <li>An answer that finishes the work (200, 201 with a final provisioning state, 204) is {@link StepResult.Done},
 *       with outputs {@code Id} (the object's ARM id) and, for an account, {@code PrincipalId}; its system id is ARM's
 *       request id.</li>
 *   <li>An accepted long-running operation (201/202 with {@code Azure-AsyncOperation} / {@code Location}, or a
 *       provisioning state still on its way) is {@link StepResult.Running} with the operation URL as system id (the
 *       journal keeps it) and ARM's {@code Retry-After}; the runner then calls {@link #poll}, which asks the ARM poller
 *       of azure-core-management once ({@link ArmClient#pollOnce}). Succeeded ends the step (a PUT then reads the object
 *       for its outputs), Failed / Canceled fail it with Azure's code and message.</li>
 *   <li>A DELETE that finds nothing (404) is done: the object is already gone.</li>
 *   <li>A resource group's DELETE is preceded by a list of what the group holds; if anything is left, the step fails
 *       and nothing is deleted ({@link #refuseNonEmptyGroup}).</li>
 *   <li>Errors name the request and the resource: {@code PUT of datashare.share training-data failed: Conflict (HTTP
 *       409): …}. Throttling is retried by the pipeline, honouring Retry-After, before it becomes an error.</li>
 * </ul>
 * Output placeholders no step of this apply returned are filled by {@link #knownOutput}: the subscription from the
 * connection, an object's {@code Id} from the stack's definitions (computed, no request), an account's
 * {@code PrincipalId} by one GET.
 */
final class DataShareApplier implements StepExecutor {
    /** What a running step waits for. */
    record Pending(ArmClient.Operation operation, String method, String path, boolean account) { }

    private final DataShareSession session;
    private final ArmClient arm;
    private final Duration pollInterval;

    DataShareApplier(DataShareSession session, Duration pollInterval) {
        this.session = session;
        this.arm = session.arm();
        this.pollInterval = pollInterval;
    }

    @Override
    public StepResult execute(Step step, Object executable) throws StepFailedException {
        if (!(executable instanceof Map<?, ?> doc) || !(doc.get("method") instanceof String method)
                || !(doc.get("path") instanceof String path)) {
            throw new StepFailedException(step.resource() + ": not an ARM request document");
        }
        String m = method.toUpperCase(Locale.ROOT);
        String what = m + " of " + step.resource();
        if (m.equals("DELETE") && step.key().type().equals(RESOURCE_GROUP)) refuseNonEmptyGroup(step, path);
        ArmClient.ArmResponse r;
        try {
            r = arm.exchange(m, path, doc.get("body"));
        } catch (ProviderException e) {
            throw new StepFailedException(what + ": " + e.getMessage());
        }
        if (m.equals("DELETE") && r.status() == 404) return StepResult.done(r.requestId());      // already gone
        if (r.status() >= 400) throw new StepFailedException(arm.error(what, r).getMessage(), r.requestId());
        boolean account = step.key().type().equals(ACCOUNT);
        if (ArmClient.isRunning(r)) {
            ArmClient.Operation op = arm.startOperation(r, what, pollInterval);
            String state = r.json().path("properties").path("provisioningState").asText(m.equals("DELETE") ? "Deleting" : "Accepted");
            return new StepResult.Running(new Pending(op, m, path, account), op.url(), state, r.retryAfter());
        }
        return StepResult.done(r.requestId(), m.equals("DELETE") ? Map.of() : outputs(r.json(), path, account));
    }

    /**
     * Defence in depth for the plan's {@code resource-group-not-empty} check: Azure deletes a resource group with
     * everything in it, so the group's resources are listed again just before its DELETE (the drops of this apply
     * have finished by then: they come first and each is polled to its end). Anything still there is not this
     * apply's to delete: the step fails and the group stays.
     */
    private void refuseNonEmptyGroup(Step step, String path) throws StepFailedException {
        String groupId = ArmClient.strip(path);
        java.util.List<String> held;
        try {
            held = DataShareSession.groupContents(arm, groupId, null);
        } catch (ProviderException e) {
            throw new StepFailedException("resource group " + step.key().name() + ": its resources could not be listed before "
                    + "the delete (" + e.getMessage() + "); not deleted");
        }
        if (held.isEmpty()) return;
        java.util.List<String> named = held.stream().limit(DataShareRenderer.NAMED).map(DataShareRenderer::describe).toList();
        throw new StepFailedException("resource group " + step.key().name() + " still holds " + held.size()
                + " resource(s) this stack does not manage: " + String.join(", ", named)
                + (held.size() > named.size() ? " and " + (held.size() - named.size()) + " more" : "") + "; not deleted");
    }

    @Override
    public StepResult poll(Step step, StepResult.Running running) throws StepFailedException {
        Pending p = (Pending) running.operation();
        ArmClient.PollState s;
        try {
            s = arm.pollOnce(p.operation());
        } catch (ProviderException e) {
            throw new StepFailedException(e.getMessage(), running.systemId());
        }
        if (s.failed()) {
            throw new StepFailedException(p.operation().what() + " failed: " + s.failure() + " (operation " + running.systemId() + ")",
                    running.systemId());
        }
        if (!s.done()) return new StepResult.Running(p, running.systemId(), "InProgress", s.retryAfter());
        if (p.method().equals("DELETE")) return StepResult.done(running.systemId());
        try {
            JsonNode json = arm.get(p.path(), step.resource());
            if (json == null) {
                throw new StepFailedException(p.operation().what() + ": the operation succeeded but the object is not found", running.systemId());
            }
            String state = json.path("properties").path("provisioningState").asText("");
            if (state.equalsIgnoreCase("Failed")) {
                throw new StepFailedException(p.operation().what() + " failed: the object's provisioning state is Failed", running.systemId());
            }
            return StepResult.done(running.systemId(), outputs(json, p.path(), p.account()));
        } catch (ProviderException e) {
            throw new StepFailedException(e.getMessage(), running.systemId());
        }
    }

    /** {@code Id} (the body's id, else the path's) and an account's {@code PrincipalId}. */
    static Map<String, Object> outputs(JsonNode body, String path, boolean account) {
        Map<String, Object> out = new LinkedHashMap<>();
        String id = body.path("id").asText(null);
        out.put("Id", id != null ? id : ArmClient.strip(path));
        if (account) {
            String principal = body.path("identity").path("principalId").asText(null);
            if (principal != null) out.put("PrincipalId", principal);
        }
        return out;
    }

    @Override
    public Duration pollInterval(Step step) { return pollInterval; }

    @Override
    public Duration maxPollInterval(Step step) {
        Duration max = pollInterval.multipliedBy(6);
        return max.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : max;
    }

    /**
     * {@code ${datashare.subscription.current.Id}}: the connection's subscription; {@code Id} of a Data Share object of
     * the stack: computed from its definition; {@code PrincipalId} of an account: read from the live account.
     */
    @Override
    public Object knownOutput(Statement.OutputRef ref) {
        if (ref.type().equals("datashare.subscription") && ref.output().equals("Id")) return session.subscription();
        String id = session.knownId(ref.resource());
        if (id == null) return null;
        if (ref.output().equals("Id")) return id;
        if (ref.output().equals("PrincipalId") && ref.type().equals(ACCOUNT)) {
            try {
                JsonNode json = arm.get(id + "?api-version=" + DataShareTypes.API_VERSION, ref.type() + " " + ref.name());
                return json == null ? null : json.path("identity").path("principalId").asText(null);
            } catch (ProviderException e) {
                return null;
            }
        }
        return null;
    }
}
