package dev.mlpc.change;

import java.util.List;

/**
 * A proposal: a stack commit with {@code Applied: no} and {@code Approval: required (N)} (or a proposed change of
 * {@code policy.yaml}: then {@code stack} is {@code policy.yaml}, {@code provider} is {@code policy}, {@code planJson}
 * is null and {@code stackYaml} holds the proposed policy text), with what the history says about it.
 *
 * @param commitId         the full id of the proposal commit
 * @param shortId          its abbreviated id
 * @param stack            the stack's name ({@code Stack:})
 * @param provider         the provider id
 * @param targetConnection the connection it was planned against ({@code Target-Connection:}), or null
 * @param targetIdentity   the target's identity ({@code Target:}), or null
 * @param proposer         the commit's author
 * @param when             its author time
 * @param planSha256       the plan's hash ({@code Plan-Sha256:}); for a policy change the SHA-256 of the policy text
 * @param planJson         the committed plan JSON ({@code generated/<provider>/<stack>.plan.json} at the commit)
 * @param stackYaml        the committed stack ({@code stacks/<stack>.yaml} at the commit)
 * @param reverts          the {@code Reverts:} trailer (a rollback proposal), or null
 * @param approvals        the approvals that count: naming this plan hash, each by another e-mail than the
 *                         proposer's, one per e-mail (the first), oldest first
 * @param rejections       the rejections, oldest first
 * @param required         N of {@code Approval: required (N)}
 * @param status           see {@link Status}
 * @param why              a human reason for the status (who rejected, which commit superseded or applied it, how
 *                         many approvals are missing)
 */
public record Proposal(String commitId, String shortId, String stack, String provider,
                       String targetConnection, String targetIdentity, dev.mlpc.core.audit.Author proposer,
                       java.time.Instant when, String planSha256, String planJson, String stackYaml, String reverts,
                       List<Decision> approvals, List<Decision> rejections,
                       int required, Status status, String why) {
    /**
     * OPEN: waiting for approvals; APPROVED: enough approvals, applicable; REJECTED: a rejection closed it; APPLIED: an
     * apply ran it; SUPERSEDED: a newer proposal or apply of the same stack came after it.
     */
    public enum Status { OPEN, APPROVED, REJECTED, APPLIED, SUPERSEDED }

    public Proposal {
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }

    /** True when it has enough approvals and nothing closed it: {@code mlpc apply --proposal} may run it. */
    public boolean applicable() { return status == Status.APPROVED; }

    /** True for a proposed change of {@code policy.yaml} rather than of a stack. */
    public boolean isPolicy() { return Policy.FILE.equals(stack); }

    /** Open or approved: not closed by a rejection, an apply or a newer proposal. */
    public boolean isOpen() { return status == Status.OPEN || status == Status.APPROVED; }
}
