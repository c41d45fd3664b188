package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tree plumbing that works on git objects directly, touching only the subtrees on the changed paths: reading trees
 * through a bounded cache, comparing two trees, and writing a new tree from a base tree plus edits. This keeps a commit
 * and each step of {@code verify} independent of the repository's size.
 */
final class Trees {
    private Trees() {
    }

    /** One entry of a tree. */
    record Entry(byte[] rawName, String name, int mode, ObjectId id) {
        boolean isTree() {
            return (mode & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
        }
    }

    /** How a path differs between two trees. */
    enum Kind { ADDED, MODIFIED, DELETED }

    /** A changed file (never a directory). */
    record Change(String path, Kind kind, ObjectId oldId, ObjectId newId) {
    }

    /** Parsed trees by id, least recently used evicted; not thread-safe. */
    static final class Cache {
        private final ObjectReader reader;
        private final Map<ObjectId, Map<String, Entry>> trees;

        Cache(ObjectReader reader, int capacity) {
            this.reader = reader;
            this.trees = new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<ObjectId, Map<String, Entry>> eldest) {
                    return size() > capacity;
                }
            };
        }

        ObjectReader reader() {
            return reader;
        }

        /** Entries of a tree by name, in tree order; empty for {@code null}. */
        Map<String, Entry> entries(ObjectId tree) throws IOException {
            if (tree == null) return Map.of();
            Map<String, Entry> cached = trees.get(tree);
            if (cached != null) return cached;
            byte[] raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
            CanonicalTreeParser p = new CanonicalTreeParser();
            p.reset(raw);
            Map<String, Entry> m = new LinkedHashMap<>();
            while (!p.eof()) {
                byte[] name = Arrays.copyOf(p.getEntryPathBuffer(), p.getEntryPathLength());
                m.put(new String(name, StandardCharsets.UTF_8),
                        new Entry(name, new String(name, StandardCharsets.UTF_8), p.getEntryRawMode(),
                                p.getEntryObjectId()));
                p.next();
            }
            Map<String, Entry> result = Collections.unmodifiableMap(m);
            trees.put(tree.copy(), result);
            return result;
        }

        /** The entry at a '/'-separated path below a root tree, or {@code null}. */
        Entry lookup(ObjectId root, String path) throws IOException {
            ObjectId current = root;
            String[] parts = path.split("/");
            Entry e = null;
            for (int i = 0; i < parts.length; i++) {
                if (current == null) return null;
                e = entries(current).get(parts[i]);
                if (e == null) return null;
                if (i < parts.length - 1) {
                    if (!e.isTree()) return null;
                    current = e.id();
                }
            }
            return e;
        }

        /** The id of the tree at a path, or {@code null}. */
        ObjectId subtree(ObjectId root, String path) throws IOException {
            Entry e = lookup(root, path);
            return e != null && e.isTree() ? e.id() : null;
        }

        byte[] blob(ObjectId id) throws IOException {
            return reader.open(id, Constants.OBJ_BLOB).getCachedBytes();
        }
    }

    /**
     * The files that differ between two trees ({@code null} = empty tree), descending only into subtrees whose ids
     * differ. {@code rootFilter}, when not {@code null}, limits the walk to those top-level names.
     */
    static List<Change> diff(Cache cache, ObjectId a, ObjectId b, Set<String> rootFilter) throws IOException {
        List<Change> out = new ArrayList<>();
        diff(cache, a, b, "", rootFilter, out);
        out.sort(Comparator.comparing(Change::path));
        return out;
    }

    private static void diff(Cache cache, ObjectId a, ObjectId b, String prefix, Set<String> filter, List<Change> out)
            throws IOException {
        if (a != null && a.equals(b)) return;
        Map<String, Entry> ea = cache.entries(a);
        Map<String, Entry> eb = cache.entries(b);
        Set<String> names = new TreeSet<>(ea.keySet());
        names.addAll(eb.keySet());
        for (String name : names) {
            if (filter != null && !filter.contains(name)) continue;
            Entry x = ea.get(name);
            Entry y = eb.get(name);
            if (x != null && y != null && x.mode() == y.mode() && x.id().equals(y.id())) continue;
            String path = prefix + name;
            Entry fileA = x != null && !x.isTree() ? x : null;
            Entry fileB = y != null && !y.isTree() ? y : null;
            if (fileA != null && fileB != null) {
                out.add(new Change(path, Kind.MODIFIED, fileA.id(), fileB.id()));
            } else if (fileA != null) {
                out.add(new Change(path, Kind.DELETED, fileA.id(), null));
            } else if (fileB != null) {
                out.add(new Change(path, Kind.ADDED, null, fileB.id()));
            }
            ObjectId treeA = x != null && x.isTree() ? x.id() : null;
            ObjectId treeB = y != null && y.isTree() ? y.id() : null;
            if (treeA != null || treeB != null) diff(cache, treeA, treeB, path + "/", null, out);
        }
    }

    /**
     * Writes a new tree: {@code base} ({@code null} = empty) with {@code edits} applied. An edit maps a '/'-separated
     * file path to a blob id, or to {@code null} to delete the file; directories left empty disappear. Only the trees on
     * edited paths are read and written.
     *
     * @return the new root tree id (the empty tree when nothing is left)
     */
    static ObjectId patch(Cache cache, ObjectInserter ins, ObjectId base, Map<String, ObjectId> edits)
            throws IOException {
        ObjectId id = patchLevel(cache, ins, base, edits);
        return id != null ? id : ins.insert(new TreeFormatter());
    }

    private static ObjectId patchLevel(Cache cache, ObjectInserter ins, ObjectId base, Map<String, ObjectId> edits)
            throws IOException {
        Map<String, Entry> entries = new TreeMap<>(cache.entries(base));
        Map<String, Map<String, ObjectId>> sub = new TreeMap<>();
        for (Map.Entry<String, ObjectId> e : edits.entrySet()) {
            String path = e.getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                if (e.getValue() == null) {
                    Entry old = entries.get(path);
                    if (old != null && !old.isTree()) entries.remove(path);
                } else {
                    entries.put(path, new Entry(path.getBytes(StandardCharsets.UTF_8), path,
                            FileMode.REGULAR_FILE.getBits(), e.getValue()));
                }
            } else {
                sub.computeIfAbsent(path.substring(0, slash), k -> new LinkedHashMap<>())
                        .put(path.substring(slash + 1), e.getValue());
            }
        }
        for (Map.Entry<String, Map<String, ObjectId>> s : sub.entrySet()) {
            String name = s.getKey();
            Entry old = entries.get(name);
            boolean anyPut = s.getValue().values().stream().anyMatch(v -> v != null);
            if (old != null && !old.isTree()) {
                if (!anyPut) continue; // deleting below a file: nothing to do
                entries.remove(name); // a file is replaced by a directory
                old = null;
            }
            ObjectId newSub = patchLevel(cache, ins, old == null ? null : old.id(), s.getValue());
            if (newSub == null) {
                entries.remove(name);
            } else {
                entries.put(name, new Entry(name.getBytes(StandardCharsets.UTF_8), name, FileMode.TREE.getBits(), newSub));
            }
        }
        if (entries.isEmpty()) return null;
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Trees::gitOrder);
        TreeFormatter f = new TreeFormatter();
        for (Entry e : sorted) {
            f.append(e.rawName(), FileMode.fromBits(e.mode()), e.id());
        }
        return ins.insert(f);
    }

    /** Git's tree order: names compared as bytes, a tree's name as if followed by '/'. */
    static int gitOrder(Entry a, Entry b) {
        byte[] x = a.rawName();
        byte[] y = b.rawName();
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = (x[i] & 0xff) - (y[i] & 0xff);
            if (c != 0) return c;
        }
        int cx = x.length > n ? x[n] & 0xff : (a.isTree() ? '/' : 0);
        int cy = y.length > n ? y[n] & 0xff : (b.isTree() ? '/' : 0);
        return cx - cy;
    }
}
