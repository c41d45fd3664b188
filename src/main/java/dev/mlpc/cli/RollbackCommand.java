package dev.mlpc.cli;

import dev.mlpc.app.RollbackPlan;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

@Command(name = "rollback", description = {
        "Restore a stack as it was at an earlier commit, planned against the live system, committed with 'Reverts:'.",
        "What later versions added is dropped, only with --allow-destroy; the plan is printed before it is applied.",
        "Under a policy.yaml that requires approval for the plan, the rollback is proposed instead (mlpc approve, then apply --proposal)."})
final class RollbackCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "Stack name.")
    String stack;

    @Option(names = "--to", required = true, paramLabel = "REV", description = "The commit whose version of the stack to restore (full or short id, HEAD~2, a tag).")
    String to;

    @Option(names = "--connection", paramLabel = "NAME", description = "Connection profile (default: the stack's target).")
    String connection;

    @Option(names = "--allow-destroy", description = "Allow DROP, REVOKE and replacements in this rollback.")
    boolean allowDestroy;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message (default: 'Roll back stack S to <commit> (<subject>)').")
    String message;

    @Option(names = "--force-target", description = "Roll back on --connection even when the stack is bound to another connection (target:).")
    boolean forceTarget;

    @Option(names = "--plan-only", description = "Print the plan and stop: nothing runs, nothing is committed.")
    boolean planOnly;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Override
    int execute() throws StackException, ProviderException, AuditException {
        ConfigRepository r = repositoryIfPresent(repo);
        if (r == null) throw new UserError("mlpc: no config repository at " + wb().repositoryPath() + " (give --repo DIR)");
        try (r) {
            String name = connection != null ? connection : wb().rollbackConnection(stack, to, r);
            if (name == null) {
                throw new UserError("mlpc: --connection: required (stack " + stack + " names no target at " + to
                        + " nor at the head)");
            }
            ConnectionProfile profile = connection(name);
            RollbackPlan rp = wb().planRollback(stack, to, profile, r, progress());
            wb().checkRollbackTarget(rp, forceTarget);
            out().println("Rolling back stack " + stack + " to " + rp.to().shortId() + " (" + rp.to().subject() + ") on " + name);
            out().println("Definition: " + (rp.restores().isEmpty() ? "the same as at the head" : rp.restores().summary()
                    + " against the head"));
            out().print(rp.plan().toText());
            out().flush();
            if (planOnly) return 0;
            int approvals = wb().rollbackApprovals(rp, r);
            if (approvals > 0) {
                Workbench.Proposed p = wb().proposeRollback(rp, r, message, progress(), forceTarget);
                out().println("Proposed " + p.commit().shortId() + ": policy.yaml requires " + approvals
                        + (approvals == 1 ? " approval" : " approvals") + " by others for this plan (Reverts: " + rp.to().id() + ").");
                out().println("Approve: mlpc approve " + p.commit().shortId() + " (another identity); then apply: mlpc apply --proposal "
                        + p.commit().shortId() + (rp.plan().destructive().isEmpty() ? "" : " --allow-destroy"));
                out().flush();
                return 0;
            }
            Workbench.ApplyOutcome o = wb().applyRollback(rp, r, allowDestroy, message, progress(), forceTarget);
            ApplyResult res = o.result();
            if (res.outcome() == ApplyResult.Outcome.REFUSED) throw new UserError("mlpc: " + res.failure());
            if (!o.plan().hasChanges()) out().println("No changes. The live system already matches " + rp.to().shortId() + ".");
            for (ApplyResult.Executed e : res.executed()) {
                out().println(String.format("%-11s %5d ms  %s", e.outcome().name().toLowerCase(Locale.ROOT), e.millis(),
                        (e.statement() instanceof CharSequence || e.statement() == null ? String.valueOf(e.statement())
                                : dev.mlpc.core.plan.CanonicalJson.compact(e.statement())).replace('\n', ' ')));
                if (e.error() != null) out().println("            error: " + e.error());
            }
            if (o.commit() != null) {
                out().println("Committed " + o.commit().shortId() + " (Applied: " + res.trailer() + ", Reverts: "
                        + rp.to().id() + ")");
            }
            out().flush();
            if (o.auditError() != null) throw new UserError("mlpc: " + o.auditError());
            if (!res.succeeded()) {
                throw new UserError("mlpc: rollback " + res.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (res.failure() != null ? ": " + res.failure() : ""));
            }
            return 0;
        }
    }
}
