package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;

/** A {@code policy.yaml} for the Proposals tests and benchmark, committed as the config file it is. */
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
        try (ConfigRepository repo = wb.repository()) {
            return repo.commitFile("policy.yaml", yaml, "Four eyes for " + stackGlob, wb.author());
        }
    }
}
