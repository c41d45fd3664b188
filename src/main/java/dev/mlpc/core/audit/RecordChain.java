package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The audit record's hash chain. Every commit made through {@link ConfigRepository} ends its message with two trailers:
 * <pre>
 * Previous-Record: &lt;the Record-Sha256 of the nearest first-parent ancestor that has one, or "none"&gt;
 * Record-Sha256: &lt;SHA-256 of the record text below&gt;
 * </pre>
 * The record text is UTF-8:
 * <pre>
 * mlpc-record/1
 * tree &lt;the commit's tree id&gt;
 * author &lt;git's raw author line: name &lt;email&gt; epoch-seconds zone&gt;
 * committer &lt;the same for the committer&gt;
 * previous &lt;the Previous-Record value&gt;
 *
 * &lt;the commit message up to (not including) the Previous-Record line: subject, body and every other trailer —
 * Stack, Plan, Plan-Sha256, Applied, Run, Journal-Sha256, Config&gt;
 * </pre>
 * So a record covers every file of the commit (through the tree id, and the journal directly through
 * {@code Journal-Sha256}), who made it and when, what it claims ({@code Applied:}) and the record before it. The chain
 * has no key: it catches edits of single commits (a flipped trailer, an amended file) and commits slipped in or out
 * of the line, not a history rebuilt from scratch by someone who recomputes every link — that is what the anchors
 * (root commit and last verified head, kept outside the repository in settings and in every export's manifest) catch.
 */
final class RecordChain {
    static final String NONE = "none";
    private static final String PREVIOUS_PREFIX = Trailers.PREVIOUS_RECORD + ": ";
    private static final String RECORD_PREFIX = Trailers.RECORD_SHA256 + ": ";

    private RecordChain() {
    }

    /** A message's chain trailers and the text they cover, or {@code null} when the message has none. */
    record Link(String base, String previous, String record) { }

    /**
     * The message to hash and append the chain to: {@code message} with normalised line ends, ending with a trailer
     * paragraph (a blank line is added before the chain when its last paragraph is not one).
     */
    static String base(String message) {
        String m = message.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
        return Trailers.parse(m).isEmpty() ? m + "\n\n" : m + "\n";
    }

    /** The SHA-256 of a record (see the class comment). */
    static String record(String base, String previous, ObjectId tree, PersonIdent author, PersonIdent committer) {
        String text = "mlpc-record/1\n"
                + "tree " + tree.name() + "\n"
                + "author " + author.toExternalString() + "\n"
                + "committer " + committer.toExternalString() + "\n"
                + "previous " + previous + "\n\n"
                + base;
        return ConfigRepository.hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code base} (from {@link #base}) with its chain trailers. */
    static String seal(String base, String previous, ObjectId tree, PersonIdent author, PersonIdent committer) {
        return base + PREVIOUS_PREFIX + previous + "\n" + RECORD_PREFIX
                + record(base, previous, tree, author, committer) + "\n";
    }

    /** The chain trailers of a message: its last two lines must be {@code Previous-Record:} then {@code Record-Sha256:}. */
    static Link link(String message) {
        if (message == null) return null;
        String m = message.stripTrailing();
        int lastNl = m.lastIndexOf('\n');
        if (lastNl < 0) return null;
        String last = m.substring(lastNl + 1);
        int prevNl = m.lastIndexOf('\n', lastNl - 1);
        if (prevNl < 0) return null;
        String before = m.substring(prevNl + 1, lastNl);
        if (!last.startsWith(RECORD_PREFIX) || !before.startsWith(PREVIOUS_PREFIX)) return null;
        return new Link(message.substring(0, prevNl + 1), before.substring(PREVIOUS_PREFIX.length()).trim(),
                last.substring(RECORD_PREFIX.length()).trim());
    }

    /** Recomputes a chained commit's record from its message, tree and idents. */
    static String recompute(RevCommit c, Link link) {
        return record(link.base(), link.previous(), c.getTree(), c.getAuthorIdent(), c.getCommitterIdent());
    }

    /**
     * The record a new commit on {@code head} follows: the {@code Record-Sha256} of the nearest commit on the
     * first-parent line from {@code head} that has one, else {@code none} (an empty repository or one whose history
     * was made before the chain).
     */
    static String previous(RevWalk rw, ObjectId head) throws IOException {
        ObjectId at = head;
        while (at != null) {
            RevCommit c = rw.parseCommit(at);
            Link l = link(c.getFullMessage());
            if (l != null) return l.record();
            at = c.getParentCount() == 0 ? null : c.getParent(0);
        }
        return NONE;
    }
}
