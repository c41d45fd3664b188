package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.change.Decision;
import dev.mlpc.change.Proposal;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The console's {@link ProposalService}: change control through the {@link Workbench} ({@code proposals},
 * {@code approve}, {@code reject}, {@code applyProposal}), the same calls {@code mlpc} makes, so the policy, the
 * identity checks and the apply gate are the core's. Decisions are recorded as the workbench's author (Settings).
 */
public final class WorkbenchProposals implements ProposalService {
    private final Supplier<Workbench> workbench;

    /** @param workbench the started workbench (may throw {@link IllegalStateException} while the console starts) */
    public WorkbenchProposals(Supplier<Workbench> workbench) {
        this.workbench = Objects.requireNonNull(workbench);
    }

    @Override
    public List<ProposalRow> list(boolean openOnly) throws Exception {
        return workbench.get().proposals(openOnly).stream().map(WorkbenchProposals::row)
                .sorted(Comparator.comparing(ProposalRow::when, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    @Override
    public CommitInfo approve(String proposalId, String message) throws Exception {
        return workbench.get().approve(proposalId, message);
    }

    @Override
    public CommitInfo reject(String proposalId, String reason) throws Exception {
        return workbench.get().reject(proposalId, reason);
    }

    @Override
    public Workbench.ApplyOutcome apply(String proposalId, ConnectionProfile connection, boolean allowDestroy,
                                        Progress progress) throws Exception {
        return workbench.get().applyProposal(proposalId, connection, allowDestroy, progress);
    }

    @Override
    public CommitInfo applyPolicy(String proposalId, String message) throws Exception {
        return workbench.get().applyPolicyProposal(proposalId, message);
    }

    @Override
    public List<ConnectionProfile> connections() throws Exception {
        return workbench.get().connections().load();
    }

    @Override
    public Author author() {
        return workbench.get().author();
    }

    /** The view's copy of a core proposal. */
    public static ProposalRow row(Proposal p) {
        return new ProposalRow(p.commitId(), p.shortId(), p.stack(), p.provider(), p.targetConnection(), p.targetIdentity(),
                p.proposer(), p.when(), p.planSha256(), p.planJson(), p.stackYaml(), p.reverts(),
                p.approvals() == null ? List.of() : p.approvals().stream().map(WorkbenchProposals::decision).toList(),
                p.rejections() == null ? List.of() : p.rejections().stream().map(WorkbenchProposals::decision).toList(),
                p.required(), ProposalRow.Status.valueOf(p.status().name()), p.why());
    }

    private static ProposalRow.Decision decision(Decision d) {
        return new ProposalRow.Decision(d.commitId(), d.by(), d.when(), d.planSha256(), d.reason());
    }
}
