package dev.mlpc.core.provider;

/**
 * What a session works for, for providers that label their sessions: the stack and the config repository commit the
 * work starts from (its head when the session opens; null without a repository or before the first commit), and the
 * run id of an apply ({@code null} for a plan): the same id names the apply's write-ahead journal
 * ({@code MLPC_HOME/journal-wal/<run id>.jsonl}) and the {@code Run:} trailer of the commit that records it.
 */
public record SessionLabel(String stack, String commit, String runId) {
    public SessionLabel(String stack, String commit) {
        this(stack, commit, null);
    }

    /** This label for the apply {@code runId}. */
    public SessionLabel withRun(String runId) {
        return new SessionLabel(stack, commit, runId);
    }
}
