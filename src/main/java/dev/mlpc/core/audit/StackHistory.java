package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ConfigRepository#stackVersions}: the commits of one stack, newest first, back to and including its last
 * {@code Applied: yes} commit.
 *
 * <p>The walk is the branch's ordinary one (newest first by commit time, the order of {@link ConfigRepository#log}), so
 * the result is the same list the whole log filtered by the {@code Stack:} trailer gives, but:
 * <ul>
 *   <li>it stops at the stack's last applied commit, so older history is never read;</li>
 *   <li>commits are selected on the raw bytes JGit already holds for the walk: only a commit whose message has a line
 *       starting with {@code Stack} and contains the stack's name is decoded, its trailers parsed and its file list
 *       computed. Other stacks' commits cost only the commit read that any walk needs: no tree is read for them.</li>
 * </ul>
 * The selection is by trailer, not by path: a stack commit need not change the stack's files (committing the same
 * stack, plan and generated files again writes a commit with an unchanged tree, and an apply may add only a journal),
 * so a walk filtered by paths would skip versions the trailer names.
 */
final class StackHistory {
    private static final byte[] TRAILER_LINE = "\nStack".getBytes(StandardCharsets.US_ASCII);

    private StackHistory() {
    }

    static List<CommitInfo> versions(ConfigRepository owner, String stack) throws AuditException {
        Objects.requireNonNull(stack, "stack");
        List<CommitInfo> out = new ArrayList<>();
        try (ObjectReader reader = owner.git().newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = owner.headId();
            if (head == null) return out;
            rw.setRevFilter(new MayName(stack));
            rw.markStart(rw.parseCommit(head));
            Trees.Cache cache = new Trees.Cache(reader, 64);
            for (RevCommit c : rw) {
                Map<String, String> trailers = Trailers.parse(c.getFullMessage());
                if (!stack.equals(trailers.get(Trailers.STACK))) continue;
                out.add(owner.info(c, cache, reader));
                if ("yes".equals(trailers.get(Trailers.APPLIED))) break;
            }
            return out;
        } catch (IOException e) {
            throw owner.readFailure(e);
        }
    }

    /**
     * Lets through every commit whose {@code Stack:} trailer may be {@code stack}: its raw bytes have a line starting
     * with {@code Stack} and (for a name in ASCII, which every valid stack name is) the name's first word. A necessary
     * condition only; the trailers of what passes are parsed for the exact answer.
     */
    static final class MayName extends RevFilter {
        private final byte[] name;

        MayName(String stack) {
            String first = stack.strip().split("\\s+", 2)[0];
            boolean ascii = first.chars().allMatch(ch -> ch < 0x80);
            this.name = ascii ? first.getBytes(StandardCharsets.US_ASCII) : new byte[0];
        }

        @Override
        public boolean include(RevWalk walker, RevCommit c) {
            byte[] raw = c.getRawBuffer();
            int line = indexOf(raw, TRAILER_LINE, 0);
            return line >= 0 && indexOf(raw, name, line) >= 0;
        }

        @Override
        public boolean requiresCommitBody() {
            return true;
        }

        @Override
        public RevFilter clone() {
            return this;
        }

        static int indexOf(byte[] hay, byte[] needle, int from) {
            if (needle.length == 0) return from <= hay.length ? from : -1;
            byte first = needle[0];
            int last = hay.length - needle.length;
            outer:
            for (int i = from; i <= last; i++) {
                if (hay[i] != first) continue;
                for (int j = 1; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) continue outer;
                }
                return i;
            }
            return -1;
        }
    }
}
