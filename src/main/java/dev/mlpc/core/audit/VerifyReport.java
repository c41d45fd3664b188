package dev.mlpc.core.audit;

import java.util.List;

/**
 * The outcome of {@link ConfigRepository#verify}.
 *
 * @param commitsChecked number of commits walked
 * @param problems       each names the commit's short id, the path and the reason
 */
public record VerifyReport(int commitsChecked, List<String> problems) {
    public VerifyReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** True when no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
