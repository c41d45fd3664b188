package dev.mlpc.ui.history;

import dev.mlpc.app.RollbackPlan;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;

/**
 * What the rollback dialog decides, without a window: a planned rollback with the approvals {@code policy.yaml}
 * requires for it; whether it is applied ("Roll back") or proposed ("Propose rollback"); when its action may run; and
 * the texts the dialog shows. Under a policy, a rollback is a proposal like any other: proposing runs nothing, so the
 * destruction allowance is asked when the approved proposal is applied (Proposals tab), not here.
 */
public final class RollbackGate {
    private RollbackGate() { }

    /** A rollback plan and the approvals it needs (0: applied at once; more: proposed). */
    public record Planned(RollbackPlan plan, int approvals) {
        /** True when the rollback is proposed instead of applied. */
        public boolean proposes() {
            return approvals > 0;
        }

        /** The dialog's action button, with its mnemonic. */
        public String actionText() {
            return proposes() ? "_Propose rollback" : "_Roll back";
        }

        /** Whether the allow-destroy box matters: only for an apply of a plan with destructive changes. */
        public boolean asksDestroy() {
            return !proposes() && !plan.plan().destructive().isEmpty();
        }

        /** Whether the action may run with the allow-destroy box in state {@code allowDestroy}. */
        public boolean canAct(boolean allowDestroy) {
            return !asksDestroy() || allowDestroy;
        }
    }

    /** Plans the rollback, then asks the policy how many approvals it needs (blocks on I/O: the background executor). */
    public static Planned plan(VersionService versions, String stack, String rev, ConnectionProfile connection,
                               Progress progress) throws Exception {
        RollbackPlan rp = versions.planRollback(stack, rev, connection, progress);
        return new Planned(rp, versions.rollbackApprovals(rp));
    }

    /** The notice shown under the plan when the rollback is proposed; empty when it is applied. */
    public static String notice(Planned p) {
        if (!p.proposes()) return "";
        int n = p.approvals();
        return "This rollback needs " + n + (n == 1 ? " approval" : " approvals")
                + " under policy.yaml: it will be proposed, not applied. Proposing runs nothing on "
                + p.plan().connection().name() + (p.plan().plan().destructive().isEmpty() ? "."
                : "; its destructive changes are allowed when the approved proposal is applied (Proposals tab).");
    }

    /** The result line of a proposed rollback: the proposal commit and how to approve and apply it. */
    public static String proposed(Workbench.Proposed out, RollbackPlan rp) {
        String id = out.commit().shortId();
        int n = out.required();
        return "Proposed " + id + " (Reverts: " + rp.to().shortId() + ", Approval: required (" + n + ")): nothing was"
                + " applied to " + rp.connection().name() + ". " + (n == 1 ? "Another identity approves" : n
                + " other identities approve") + " it in the Proposals tab (View → Proposals, Ctrl+Shift+P), then Apply"
                + " it there" + (rp.plan().destructive().isEmpty() ? "" : " with Allow destructive changes ticked")
                + "; or: mlpc approve " + id + ", then mlpc apply --proposal " + id
                + (rp.plan().destructive().isEmpty() ? "" : " --allow-destroy") + ".";
    }
}
