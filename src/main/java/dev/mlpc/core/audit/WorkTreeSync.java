package dev.mlpc.core.audit;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Keeps the index and the working tree of a {@link ConfigRepository} in step with its branch after a commit, so that
 * {@code git status} stays clean. Only the paths a commit touched are written or deleted.
 */
final class WorkTreeSync {
    private final ConfigRepository owner;

    WorkTreeSync(ConfigRepository owner) {
        this.owner = owner;
    }

    /**
     * Brings the index and the working tree in line with the current branch head for the given paths (written or
     * deleted). Uses the head at this moment, not the commit just made, so that a later commit by someone else is never
     * undone; the index lock serialises this with other processes. Best effort: if the index stays locked, the
     * history is still complete and the next commit touching these paths writes them.
     */
    void sync(Collection<String> paths) {
        DirCache dc = null;
        for (int i = 0; i < 100 && dc == null; i++) {
            try {
                dc = owner.git().lockDirCache();
            } catch (LockFailedException e) {
                ConfigRepository.backoff(Math.min(i + 1, 5));
            } catch (IOException e) {
                return;
            }
        }
        if (dc == null) return;
        try (ObjectReader reader = owner.git().newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = owner.headId();
            ObjectId tree = head == null ? null : rw.parseCommit(head).getTree();
            Trees.Cache cache = new Trees.Cache(reader, 64);
            DirCacheEditor ed = dc.editor();
            Path root = owner.directory();
            for (String p : new TreeSet<>(paths)) {
                Path file = root.resolve(p);
                Trees.Entry e = tree == null ? null : cache.lookup(tree, p);
                if (e == null || e.isTree()) {
                    if (Files.isRegularFile(file) || Files.isSymbolicLink(file)) {
                        Files.delete(file);
                        pruneEmptyParents(file.getParent(), root);
                    }
                    ed.add(new DirCacheEditor.DeletePath(p));
                } else {
                    byte[] bytes = cache.blob(e.id());
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    FileMode mode = FileMode.fromBits(e.mode());
                    ObjectId id = e.id();
                    ed.add(new DirCacheEditor.PathEdit(p) {
                        @Override
                        public void apply(DirCacheEntry ent) {
                            ent.setFileMode(mode == FileMode.EXECUTABLE_FILE ? mode : FileMode.REGULAR_FILE);
                            ent.setObjectId(id);
                            ent.setLength(bytes.length);
                            ent.setLastModified(modified);
                        }
                    });
                }
            }
            ed.commit();
        } catch (IOException | RuntimeException e) {
            // the commit is in the history; the working tree catches up with the next commit of these paths
        } finally {
            dc.unlock();
        }
    }

    private static void pruneEmptyParents(Path d, Path root) {
        Path cur = d;
        while (cur != null && !cur.equals(root) && cur.startsWith(root)) {
            try {
                if (!ConfigRepository.isEmptyDirectory(cur)) return;
                Files.delete(cur);
            } catch (AuditException | IOException e) {
                return;
            }
            cur = cur.getParent();
        }
    }
}
