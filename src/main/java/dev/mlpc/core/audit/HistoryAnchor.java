package dev.mlpc.core.audit;

/**
 * What is known from outside a config repository about its history: its root commit and the head the last successful
 * {@code verify} saw (kept in the user's settings and written into every export's manifest). {@code verify} compares
 * the repository with it, so a history rewritten or reset behind that head, or a repository swapped for another at the
 * same place, is reported by name even when every commit in it is self-consistent.
 *
 * @param root the root commit id (40 hex) of the branch's first-parent line, or null when not known
 * @param head the last verified head (40 hex), or null when not known
 */
public record HistoryAnchor(String root, String head) {
    /** Nothing known yet (the first verify of a repository). */
    public static final HistoryAnchor NONE = new HistoryAnchor(null, null);
}
