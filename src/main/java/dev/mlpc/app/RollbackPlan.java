package dev.mlpc.app;

import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.StackDiff;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rollback ready for review: the stack as it was at a commit, planned against the live system with the stack's
 * history (what later versions added is dropped), before {@link Workbench#applyRollback}.
 *
 * @param to         the commit whose version of the stack is restored
 * @param stack      the stack as it was there
 * @param stackYaml  its file there, byte for byte (what the rollback commits)
 * @param connection the connection planned against
 * @param plan       the live plan (its hash is what the apply must find again)
 * @param restores   what changes in the stack's definition: from the version at the branch head to the restored one
 */
public record RollbackPlan(CommitInfo to, Stack stack, String stackYaml, ConnectionProfile connection, Plan plan,
                           StackDiff restores) {
    /** The trailer of the rollback's commit: {@code Reverts: <full id of the restored commit>}. */
    public static final String REVERTS = "Reverts";

    /** The further trailers of the rollback's commit (apply or proposal). */
    public Map<String, String> trailers() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(REVERTS, to.id());
        return t;
    }

    /** The commit message when the user gives none. */
    public String defaultMessage() {
        return "Roll back stack " + stack.name() + " to " + to.shortId() + " (" + to.subject() + ")";
    }
}
