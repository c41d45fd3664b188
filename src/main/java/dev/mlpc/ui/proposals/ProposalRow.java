package dev.mlpc.ui.proposals;

import dev.mlpc.core.audit.Author;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One proposal as the Proposals view shows it: what {@code dev.mlpc.change.Proposal} says, copied by the
 * {@link ProposalService} adapter so the view model depends on its own small interface only.
 *
 * @param required approvals needed under the policy in force (by identities other than the proposer)
 * @param why      the human reason for the status, or why the proposal is not applicable; may be null
 */
public record ProposalRow(String commitId, String shortId, String stack, String provider, String targetConnection,
                          String targetIdentity, Author proposer, Instant when, String planSha256, String planJson,
                          String stackYaml, String reverts, List<Decision> approvals, List<Decision> rejections,
                          int required, Status status, String why) {
    /** The life of a proposal (as {@code Proposal.Status}). */
    public enum Status { OPEN, APPROVED, REJECTED, APPLIED, SUPERSEDED }

    /** An approval or a rejection: who, when, the plan hash it named, and the reason (null for an approval). */
    public record Decision(String commitId, Author by, Instant when, String planSha256, String reason) { }

    public ProposalRow {
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(status, "status");
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }

    /** True when it may be applied now (approved by enough others, no rejection, not applied or superseded). */
    public boolean applicable() { return status == Status.APPROVED; }

    /** The stack name of a proposed change of {@code policy.yaml} (as {@code Proposal.isPolicy}). */
    public static final String POLICY = "policy.yaml";

    /** True for a proposed change of {@code policy.yaml}: no plan, {@code stackYaml} holds the proposed policy. */
    public boolean policy() { return POLICY.equals(stack); }

    /** True while a decision can still be recorded on it (open or approved). */
    public boolean decidable() { return status == Status.OPEN || status == Status.APPROVED; }
}
