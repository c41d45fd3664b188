package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;

import java.util.List;

/**
 * What the Proposals view needs of change control: list, approve, reject, apply, plus the connections an apply may
 * use and who the console commits as. Every method does I/O and runs on the background executor, never on the FX
 * thread. The application's implementation is {@link WorkbenchProposals}.
 */
public interface ProposalService {
    /** The proposals of the config repository, newest first; only open and approved ones when {@code openOnly}. */
    List<ProposalRow> list(boolean openOnly) throws Exception;

    /** Commits an approval of the proposal's plan hash by the console's author; {@code message} may be empty. */
    CommitInfo approve(String proposalId, String message) throws Exception;

    /** Commits a rejection with its (non-blank) reason. */
    CommitInfo reject(String proposalId, String reason) throws Exception;

    /** Applies the approved proposal against {@code connection}; destruction runs only with {@code allowDestroy}. */
    Workbench.ApplyOutcome apply(String proposalId, ConnectionProfile connection, boolean allowDestroy, Progress progress)
            throws Exception;

    /** Commits an approved proposed {@code policy.yaml} as the policy in force. */
    CommitInfo applyPolicy(String proposalId, String message) throws Exception;

    /** The connection profiles of connections.yaml. */
    List<ConnectionProfile> connections() throws Exception;

    /** Who approvals and rejections made here are recorded as (the Settings author). */
    Author author() throws Exception;
}
