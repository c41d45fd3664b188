package dev.mlpc.core.audit;

import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@link ConfigRepository#stackVersions}: the commits of one stack, newest first, back to and including its last
 * {@code Applied: yes} commit — exactly what the whole log (newest first by commit time, as {@link ConfigRepository#log}
 * walks it) filtered by the {@code Stack:} trailer gives, without reading the whole log.
 *
 * <h2>How</h2>
 * <ul>
 *   <li><b>Early stop.</b> The walk ends at the stack's last applied commit: older history is never read.</li>
 *   <li><b>Selection by trailer on raw bytes.</b> Only a commit whose raw bytes have a line starting with {@code Stack}
 *       and the stack's name is decoded (trailers parsed; files listed if it is a version). Other stacks' commits cost
 *       the commit read any walk needs and no tree read. It is by trailer, not by path: a stack commit need not change
 *       the stack's files (the same content committed again; an apply that adds only a journal).</li>
 *   <li><b>An index of answers</b> ({@code .git/mlpc/stack-versions}, derived data, never in the history): per stack
 *       the answer at some head commit. The answer for a commit id never changes, so an entry is never wrong, only
 *       old. A query walks from the branch head down to the entry's head, and a commit made through
 *       {@link ConfigRepository#commit} moves every entry that stood at its parent to the new commit. So with commits
 *       made by mlpc the walk is empty and the cost does not grow with the history; after commits made with other git
 *       tools the next query of each stack walks back to its entry once. The shortcut is taken only while the commits
 *       above the entry form a single line (one parent each), where the newest-first walk visits them in that line's
 *       order and then continues exactly as a walk started at the entry's head; anything else (a merge) falls back
 *       to the full walk. A missing, unreadable or malformed index is ignored (and rewritten).</li>
 * </ul>
 */
final class StackHistory {
    static final String INDEX_FILE = "mlpc/stack-versions";
    private static final String INDEX_HEADER = "mlpc-stack-versions 1";
    private static final byte[] TRAILER_LINE = "\nStack".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern STACK_NAME = Pattern.compile(dev.mlpc.core.spec.StackReader.STACK_NAME_RULE);

    private StackHistory() {
    }

    /** One index entry: the versions of a stack as seen from {@code head}. */
    record Entry(ObjectId head, List<ObjectId> ids) {
    }

    static List<CommitInfo> versions(ConfigRepository owner, String stack) throws AuditException {
        Objects.requireNonNull(stack, "stack");
        try (ObjectReader reader = owner.git().newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = owner.headId();
            if (head == null) return List.of();
            List<ObjectId> ids = null;
            if (STACK_NAME.matcher(stack).matches()) {
                try {
                    ids = alongTheLine(rw, head, stack, read(owner).get(stack));
                } catch (IOException | RuntimeException e) {
                    ids = null; // a damaged index or an odd commit: the full walk decides
                }
            }
            if (ids == null) ids = fullWalk(reader, head, stack);
            List<CommitInfo> out = new ArrayList<>(ids.size());
            Trees.Cache cache = new Trees.Cache(reader, 64);
            try (RevWalk infos = new RevWalk(reader)) {
                for (ObjectId id : ids) out.add(owner.info(infos.parseCommit(id), cache, reader));
            }
            if (STACK_NAME.matcher(stack).matches()) remember(owner, stack, new Entry(head.copy(), ids));
            return out;
        } catch (IOException e) {
            throw owner.readFailure(e);
        } catch (RevWalkException e) {
            throw owner.readFailure(e);
        }
    }

    /**
     * From {@code head} down its single line of parents: the stack's versions, ending at its applied commit, at the
     * root, or with the entry's answer when the entry's head is met. {@code null} at a merge.
     */
    private static List<ObjectId> alongTheLine(RevWalk rw, ObjectId head, String stack, Entry known) throws IOException {
        List<ObjectId> found = new ArrayList<>();
        RevCommit c = rw.parseCommit(head);
        while (true) {
            if (known != null && c.equals(known.head())) {
                found.addAll(known.ids());
                return found;
            }
            Map<String, String> trailers = trailersIfNamed(c, stack);
            if (trailers != null && stack.equals(trailers.get(Trailers.STACK))) {
                found.add(c.copy());
                if ("yes".equals(trailers.get(Trailers.APPLIED))) return found;
            }
            if (c.getParentCount() == 0) return found;
            if (c.getParentCount() > 1) return null;
            c = rw.parseCommit(c.getParent(0));
        }
    }

    /** The branch's newest-first walk (the log's order), filtered on raw bytes, stopped at the applied version. */
    private static List<ObjectId> fullWalk(ObjectReader reader, ObjectId head, String stack) throws IOException {
        List<ObjectId> found = new ArrayList<>();
        try (RevWalk rw = new RevWalk(reader)) {
            rw.setRevFilter(new MayName(stack));
            rw.markStart(rw.parseCommit(head));
            for (RevCommit c; (c = rw.next()) != null; ) { // not the iterator: it reads one commit ahead
                Map<String, String> trailers = Trailers.parse(c.getFullMessage());
                if (!stack.equals(trailers.get(Trailers.STACK))) continue;
                found.add(c.copy());
                if ("yes".equals(trailers.get(Trailers.APPLIED))) break;
            }
        }
        return found;
    }

    private static Map<String, String> trailersIfNamed(RevCommit c, String stack) {
        return MayName.test(c.getRawBuffer(), MayName.nameBytes(stack)) ? Trailers.parse(c.getFullMessage()) : null;
    }

    // ------------------------------------------------------------------------------------------------ the index

    /**
     * After a commit made through {@link ConfigRepository#commit} (under its lock): every entry that stood at the
     * commit's parent now stands at the commit; the committed stack's entry gains the commit. Best effort.
     */
    static void committed(ConfigRepository owner, ObjectId parent, ObjectId commit, String message) {
        if (parent == null) return;
        try {
            Map<String, Entry> index = read(owner);
            if (index.isEmpty()) return;
            Map<String, String> trailers = Trailers.parse(message);
            String stack = trailers.get(Trailers.STACK);
            boolean applied = "yes".equals(trailers.get(Trailers.APPLIED));
            Map<String, Entry> next = new LinkedHashMap<>();
            index.forEach((name, e) -> {
                if (!e.head().equals(parent)) {
                    next.put(name, e);
                } else if (name.equals(stack)) {
                    List<ObjectId> ids = new ArrayList<>();
                    ids.add(commit.copy());
                    if (!applied) ids.addAll(e.ids());
                    next.put(name, new Entry(commit.copy(), ids));
                } else {
                    next.put(name, new Entry(commit.copy(), e.ids()));
                }
            });
            write(owner, next);
        } catch (IOException | RuntimeException e) {
            // the index only saves walking; an entry left behind is still right, only older
        }
    }

    private static void remember(ConfigRepository owner, String stack, Entry entry) {
        owner.commitLock().lock();
        try {
            Map<String, Entry> index = read(owner);
            Entry old = index.get(stack);
            if (entry.equals(old)) return;
            index.put(stack, entry);
            write(owner, index);
        } catch (IOException | RuntimeException e) {
            // best effort, as above
        } finally {
            owner.commitLock().unlock();
        }
    }

    static Path indexPath(ConfigRepository owner) {
        return owner.git().getDirectory().toPath().resolve(INDEX_FILE);
    }

    /** The index, or an empty one when it is missing or malformed. */
    static Map<String, Entry> read(ConfigRepository owner) {
        Map<String, Entry> index = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(indexPath(owner), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return index;
        } catch (IOException e) {
            return index;
        }
        if (lines.isEmpty() || !lines.get(0).equals(INDEX_HEADER)) return index;
        try {
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 3 || !STACK_NAME.matcher(f[0]).matches()) return new LinkedHashMap<>();
                List<ObjectId> ids = new ArrayList<>();
                if (!f[2].isEmpty()) for (String id : f[2].split(",")) ids.add(ObjectId.fromString(id));
                index.put(f[0], new Entry(ObjectId.fromString(f[1]), List.copyOf(ids)));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return new LinkedHashMap<>();
        }
        return index;
    }

    private static void write(ConfigRepository owner, Map<String, Entry> index) throws IOException {
        StringBuilder b = new StringBuilder(INDEX_HEADER).append('\n');
        index.forEach((name, e) -> {
            b.append(name).append('\t').append(e.head().name()).append('\t');
            for (int i = 0; i < e.ids().size(); i++) b.append(i == 0 ? "" : ",").append(e.ids().get(i).name());
            b.append('\n');
        });
        Path target = indexPath(owner);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Lets through every commit whose {@code Stack:} trailer may be {@code stack}: its raw bytes have a line starting
     * with {@code Stack} and (for a name in ASCII, which every valid stack name is) the name's first word after it. A
     * necessary condition only; the trailers of what passes are parsed for the exact answer.
     */
    static final class MayName extends RevFilter {
        private final byte[] name;

        MayName(String stack) {
            this.name = nameBytes(stack);
        }

        static byte[] nameBytes(String stack) {
            String first = stack.strip().split("\\s+", 2)[0];
            boolean ascii = first.chars().allMatch(ch -> ch < 0x80);
            return ascii ? first.getBytes(StandardCharsets.US_ASCII) : new byte[0];
        }

        static boolean test(byte[] raw, byte[] name) {
            int line = indexOf(raw, TRAILER_LINE, 0);
            return line >= 0 && indexOf(raw, name, line) >= 0;
        }

        @Override
        public boolean include(RevWalk walker, RevCommit c) {
            return test(c.getRawBuffer(), name);
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
