package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;

/** A {@code policy.yaml} for the Proposals tests and benchmark, set through {@code Workbench.setPolicy}. */
public final class PolicyFixture {
    private PolicyFixture() { }

    /**
     * Commits a policy that needs one approval by another identity for every change of the stacks matching
     * {@code stackGlob}. Made in a repository without a policy, so the policy in force before (none) asks nothing.
     */
    public static CommitInfo requireOneApproval(Workbench wb, String stackGlob) throws Exception {
        String yaml = """
                approvals:
                  - name: four-eyes
                    stacks: ["%s"]
                    approvers: 1
                """.formatted(stackGlob);
        Workbench.PolicyChange change = wb.setPolicy(yaml, "Four eyes for " + stackGlob);
        if (change.proposed()) throw new IllegalStateException("the policy was proposed, not set: the repository had a policy");
        return change.commit();
    }
}
