package dev.mlpc.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.app.Workbench.ApplyOutcome;
import dev.mlpc.app.Workbench.ReviewedOutcome;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.SecretScanner;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one apply path of the CLI and the console: plan against the live system on the session that then runs it, the
 * reviewed-hash gate, the destruction gate, the secrets pre-check, the run, its journal and the audit commit.
 */
final class Applier {
    private final Planner planner;
    private final Committer committer;
    private final Secrets secrets;
    private final Duration timeout;

    Applier(Planner planner, Committer committer, Secrets secrets, Duration timeout) {
        this.planner = planner;
        this.committer = committer;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /**
     * Plans against the live system and applies. When {@code expectedPlanSha256} is given and the live plan has another
     * SHA-256, nothing runs ({@code REFUSED}, the live plan in the outcome). Destructive changes (drop, revoke, replace)
     * are refused unless {@code allowDestroy}: then nothing runs at all. With a repository the stack, its generated
     * files and a journal of what ran are committed (also after a failure: the journal says how far it got).
     */
    ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                       boolean allowDestroy, String message, Progress progress, String expectedPlanSha256)
            throws ProviderException, AuditException {
        Stack previous = planner.previous(stack.name(), repo);
        Provider provider = planner.providerFor(stack, previous);
        Planner.checkConnectionType(stack, provider, connection);
        try (ProviderSession session = provider.connect(connection, secrets, timeout, Planner.label(stack, repo))) {
            Plan plan = planner.planWith(session, provider, stack, previous, repo, progress);
            if (expectedPlanSha256 != null && !expectedPlanSha256.equalsIgnoreCase(plan.sha256())) {
                return refused(plan, "refused: the live plan (" + plan.summary().trailer() + ", sha256 " + plan.sha256().substring(0, 12)
                        + ") is not the reviewed plan (sha256 " + expectedPlanSha256.substring(0, Math.min(12, expectedPlanSha256.length()))
                        + "); the live system or the stack changed since the review. Nothing was run; plan again.");
            }
            List<dev.mlpc.core.plan.PlanWarning> blocking = dev.mlpc.governance.Governance.blocking(plan);
            if (!blocking.isEmpty()) {
                StringBuilder why = new StringBuilder("refused: governance rules with severity error (" + dev.mlpc.governance.Governance.FILE
                        + ") block this apply; nothing was run:");
                blocking.forEach(w -> why.append("\n  ").append(w.rule()).append(": ").append(w.type()).append(' ')
                        .append(w.name()).append(": ").append(w.message()));
                return refused(plan, why.toString());
            }
            if (!allowDestroy && !plan.destructive().isEmpty()) {
                StringBuilder why = new StringBuilder("refused: the plan has destructive changes and destruction was not allowed (--allow-destroy):");
                plan.destructive().forEach(c -> why.append("\n  ").append(c.action().json()).append(' ')
                        .append(c.type()).append(' ').append(c.name()));
                return refused(plan, why.toString());
            }
            if (!plan.hasChanges()) {
                Instant now = Instant.now();
                ApplyResult nothing = new ApplyResult(now, now, List.of(), ApplyResult.Outcome.SUCCEEDED, null);
                CommitInfo commit = null;
                if (repo != null && !repo.readStack(stack.name()).map(stackYaml::equals).orElse(false)) {
                    commit = committer.commit(stack, stackYaml, plan, repo, message, "yes", null, null);
                }
                return new ApplyOutcome(plan, nothing, commit);
            }
            if (repo != null) refuseSecrets(stack, stackYaml, plan, message);
            ApplyResult result = session.apply(plan, progress);
            if (repo == null) return new ApplyOutcome(plan, result, null);
            String journal = journalJson(stack, plan, connection, result);
            String path = "journal/" + stack.name() + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                    .withZone(ZoneOffset.UTC).format(result.started()) + "-" + plan.sha256().substring(0, 8) + ".json";
            try {
                return new ApplyOutcome(plan, result, committer.commit(stack, stackYaml, plan, repo, message, result.trailer(), path, journal));
            } catch (AuditException e) {
                return new ApplyOutcome(plan, result, null, "the apply ran but its audit commit failed: " + e.getMessage());
            }
        }
    }

    /** An outcome where nothing ran: {@code REFUSED} with {@code why}, and the plan that was refused. */
    static ApplyOutcome refused(Plan plan, String why) {
        Instant now = Instant.now();
        return new ApplyOutcome(plan, new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED, why), null);
    }

    /**
     * The console's finish: commits the reviewed stack with its reviewed plan ({@code Applied: no}), then, with a
     * connection and {@code apply}, applies exactly that plan (with the reviewed hash). {@code onCommitted} hears about
     * the commit as soon as it exists (before the apply starts). The allow-destroy choice counts only when the
     * reviewed plan has destructive changes.
     */
    ReviewedOutcome commitThenApply(RepositorySource repos, Stack stack, String stackYaml, Plan reviewed,
                                    ConnectionProfile connection, boolean apply, boolean allowDestroy, String message,
                                    Progress progress, Consumer<CommitInfo> onCommitted)
            throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = repos.open()) {
            CommitInfo c = committer.commit(stack, stackYaml, reviewed, repo, message, "no", null, null);
            if (onCommitted != null) onCommitted.accept(c);
            if (!apply || connection == null) return new ReviewedOutcome(c, null);
            boolean allow = allowDestroy && !reviewed.destructive().isEmpty();
            return new ReviewedOutcome(c, apply(stack, stackYaml, connection, repo, allow, message, progress, reviewed.sha256()));
        }
    }

    /**
     * Checks, before anything runs, that what the apply would commit passes the repository's secret check: an apply
     * must not run and then have its audit record refused.
     */
    private void refuseSecrets(Stack stack, String stackYaml, Plan plan, String message) throws AuditException, ProviderException {
        List<String> findings = new ArrayList<>(SecretScanner.scan("stacks/" + stack.name() + ".yaml", stackYaml));
        findings.addAll(SecretScanner.scan("commit message", message));
        for (Map.Entry<String, String> e : committer.generatedFiles(stack).entrySet()) findings.addAll(SecretScanner.scan(e.getKey(), e.getValue()));
        findings.addAll(SecretScanner.scan("plan", plan.toJson()));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to apply stack " + stack.name() + ": its audit record would contain something"
                    + " that looks like a secret (use ${env:NAME} or ${keychain:service/account} references):\n  "
                    + String.join("\n  ", findings));
        }
    }

    /** The journal of one apply: each statement in display form (no secrets), its outcome and duration. */
    static String journalJson(Stack stack, Plan plan, ConnectionProfile connection, ApplyResult result) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("stack", stack.name());
        j.put("connection", connection.name());
        j.put("connection_type", connection.type());
        j.put("plan_sha256", plan.sha256());
        j.put("plan", plan.summary().trailer());
        j.put("started", result.started().toString());
        j.put("finished", result.finished().toString());
        j.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (result.failure() != null) j.put("failure", result.failure());
        List<Object> st = new ArrayList<>();
        for (ApplyResult.Executed e : result.executed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", e.change());
            m.put("resource", e.resource());
            m.put("statement", e.statement() instanceof String ? e.statement() : dev.mlpc.core.plan.CanonicalJson.canonical(e.statement()));
            m.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
            m.put("millis", e.millis());
            if (e.systemId() != null) m.put("system_id", e.systemId());
            if (!e.outputs().isEmpty()) m.put("outputs", dev.mlpc.core.plan.CanonicalJson.canonical(e.outputs()));
            if (e.error() != null) m.put("error", e.error());
            st.add(m);
        }
        j.put("statements", st);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
