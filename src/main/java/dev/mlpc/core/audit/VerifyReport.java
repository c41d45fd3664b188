package dev.mlpc.core.audit;

import java.util.List;

/**
 * The outcome of {@link ConfigRepository#verify}.
 *
 * @param commitsChecked number of commits walked
 * @param problems       each names the commit's short id, the path and the reason
 * @param root           the root commit of the branch's first-parent line (null for an empty repository)
 * @param head           the head that was verified (null for an empty repository)
 * @param beforeChain    commits made before the record chain started (no chain trailers; not a failure)
 */
public record VerifyReport(int commitsChecked, List<String> problems, String root, String head, int beforeChain) {
    public VerifyReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public VerifyReport(int commitsChecked, List<String> problems) {
        this(commitsChecked, problems, null, null, 0);
    }

    /** True when no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The anchor to keep for the next verify: this report's root and head. */
    public HistoryAnchor anchor() {
        return new HistoryAnchor(root, head);
    }
}
