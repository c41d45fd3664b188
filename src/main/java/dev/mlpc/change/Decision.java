package dev.mlpc.change;

/**
 * An approval or a rejection of a proposal, as its record commit ({@code Record: approval} / {@code Record: rejection})
 * says.
 *
 * @param commitId   the full id of the record commit
 * @param by         its author (name and e-mail)
 * @param when       its author time
 * @param planSha256 the plan hash it names ({@code Approved-Plan-Sha256:}; for a rejection the proposal's hash)
 * @param reason     the rejection's reason; null for approvals
 */
public record Decision(String commitId, dev.mlpc.core.audit.Author by, java.time.Instant when,
                       String planSha256, String reason) {
}
