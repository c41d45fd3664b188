package dev.mlpc.core.audit;

import dev.mlpc.core.spec.Problem;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** {@link ConfigRepository#verify}: every commit of the branch checked against its trailers and its stack files. */
final class HistoryVerifier {
    private final ConfigRepository owner;

    HistoryVerifier(ConfigRepository owner) {
        this.owner = owner;
    }

    /**
     * Checks every commit reachable from the branch head (merges included, each against its first parent):
     * <ol>
     *   <li>a commit with a {@code Plan-Sha256} trailer must contain {@code generated/<provider>/<stack>.plan.json}
     *       whose SHA-256 equals the trailer and whose summary matches the {@code Plan} trailer;</li>
     *   <li>a commit that adds or changes a {@code generated/<provider>/<stack>.plan.json} must carry
     *       {@code Stack: <stack>} and a {@code Plan-Sha256} equal to that file's SHA-256 (a plan depends on the live
     *       system and cannot be regenerated: a plan JSON changed in any other commit was edited by hand);</li>
     *   <li>for every stack whose {@code stacks/<stack>.yaml} or generated files (other than the plan JSON) changed in the
     *       commit, the regenerator's output for that YAML must equal the committed files; a generated file without its
     *       stack file is a problem.</li>
     * </ol>
     * Regeneration is cached by (stack, YAML blob id), hashes by blob id, and only the subtrees that changed are read.
     */
    VerifyReport verify(Regenerator regenerator) throws AuditException {
        return verify(regenerator, HistoryAnchor.NONE);
    }

    /**
     * {@link #verify(Regenerator)}, plus the whole record: the hash chain ({@link RecordChain}), the journals
     * (append-only; each chained stack commit's {@code Applied:} matches the journal it adds and its
     * {@code Journal-Sha256}), and the history against {@code anchor} (root commit, last verified head).
     */
    VerifyReport verify(Regenerator regenerator, HistoryAnchor anchor) throws AuditException {
        Objects.requireNonNull(regenerator, "regenerator");
        HistoryAnchor a = anchor == null ? HistoryAnchor.NONE : anchor;
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (ObjectReader reader = owner.git().newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = owner.headId();
            if (head == null) return new VerifyReport(0, problems);
            Trees.Cache cache = new Trees.Cache(reader, 8192);
            Chain chain = chain(reader, head, cache);
            problems.addAll(chain.problems);
            rw.markStart(rw.parseCommit(head));
            Verifier v = new Verifier(cache, regenerator, problems);
            for (RevCommit c : rw) {
                checked++;
                ObjectId parentTree = null;
                List<ObjectId> otherParentTrees = new ArrayList<>();
                for (int i = 0; i < c.getParentCount(); i++) {
                    ObjectId t = rw.parseCommit(c.getParent(i)).getTree();
                    if (i == 0) parentTree = t;
                    else otherParentTrees.add(t);
                }
                v.check(c, parentTree, otherParentTrees);
                v.checkJournals(c, parentTree, chain.chained.contains(c.getId()));
            }
            problems.addAll(anchorProblems(reader, head, chain.root, a));
            return new VerifyReport(checked, problems, chain.root == null ? null : chain.root.name(), head.name(),
                    chain.beforeChain);
        } catch (IOException e) {
            throw owner.readFailure(e);
        } catch (UncheckedIOException e) {
            throw owner.readFailure(e.getCause());
        }
    }

    /** The chain pass: parents before children, each commit's link checked against its first parent's record. */
    private record Chain(List<String> problems, Set<ObjectId> chained, ObjectId root, int beforeChain) { }

    private Chain chain(ObjectReader reader, ObjectId head, Trees.Cache cache) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<ObjectId> chained = new HashSet<>();
        Map<ObjectId, String> last = new HashMap<>();
        Map<ObjectId, ObjectId> firstParent = new HashMap<>();
        ObjectId root = null;
        int before = 0;
        try (RevWalk rw = new RevWalk(reader)) {
            rw.sort(RevSort.TOPO, true);
            rw.sort(RevSort.REVERSE, true);
            rw.markStart(rw.parseCommit(head));
            for (RevCommit c : rw) {
                String expected = c.getParentCount() == 0 ? RecordChain.NONE : last.getOrDefault(c.getParent(0), RecordChain.NONE);
                firstParent.put(c.getId(), c.getParentCount() == 0 ? null : c.getParent(0).getId());
                RecordChain.Link link = RecordChain.link(c.getFullMessage());
                String id = reader.abbreviate(c, 7).name();
                if (link == null) {
                    if (!expected.equals(RecordChain.NONE)) {
                        problems.add(id + ": record chain broken: the commit has no Record-Sha256 but follows the chained"
                                + " record " + abbrev(expected) + " (made outside mlpc, or its chain trailers were removed)");
                    } else {
                        before++;
                    }
                    last.put(c.getId(), expected);
                    continue;
                }
                chained.add(c.getId());
                if (!link.previous().equals(expected)) {
                    problems.add(id + ": record chain broken: Previous-Record is " + abbrev(link.previous())
                            + " but the record before it is " + abbrev(expected)
                            + " (a commit before it was removed, inserted or rewritten)");
                }
                if (!RecordChain.recompute(c, link).equals(link.record())) {
                    problems.add(id + ": record altered: Record-Sha256 does not match the commit's message, trailers,"
                            + " files or author (changed after it was made, e.g. amended)");
                }
                last.put(c.getId(), link.record());
            }
        }
        ObjectId at = head;
        while (at != null) {
            root = at;
            at = firstParent.get(at);
        }
        return new Chain(problems, chained, root, before);
    }

    /** The history against what was recorded outside it: the same root, and the last verified head still on the line. */
    private List<String> anchorProblems(ObjectReader reader, ObjectId head, ObjectId root, HistoryAnchor a) throws IOException {
        List<String> out = new ArrayList<>();
        if (a.root() != null && root != null && !a.root().equalsIgnoreCase(root.name())) {
            out.add("repository replaced: root commit " + root.name() + " differs from the one recorded (" + a.root()
                    + ") when this repository was last verified; " + owner.directory() + " holds another history");
            return out;
        }
        if (a.head() == null) return out;
        ObjectId verified;
        try {
            verified = ObjectId.fromString(a.head());
        } catch (IllegalArgumentException e) {
            out.add("the recorded last verified head " + Problem.quote(a.head()) + " is not a commit id");
            return out;
        }
        try (RevWalk rw = new RevWalk(reader)) {
            RevCommit h = rw.parseCommit(head);
            RevCommit v;
            try {
                v = rw.parseCommit(verified);
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                out.add("history rewritten: last verified head " + abbrev(a.head()) + " is not an ancestor of head "
                        + abbrev(head.name()) + " (it is no longer in the repository)");
                return out;
            }
            if (rw.isMergedInto(v, h)) return out;
            rw.reset();
            if (rw.isMergedInto(h, v)) {
                out.add("history reset: head " + abbrev(head.name()) + " is behind the last verified head "
                        + abbrev(a.head()) + " (commits verified before are no longer on the branch)");
            } else {
                out.add("history rewritten: last verified head " + abbrev(a.head()) + " is not an ancestor of head "
                        + abbrev(head.name()));
            }
        }
        return out;
    }

    private static String abbrev(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** Verification state shared across commits: caches by blob id and by (stack, YAML blob id). */
    private static final class Verifier {
        private static final Set<String> ROOTS = Set.of("stacks", "generated");
        private static final Set<String> JOURNAL_ROOT = Set.of("journal");
        private static final ObjectInserter.Formatter IDS = new ObjectInserter.Formatter();

        private final Trees.Cache cache;
        private final Regenerator regenerator;
        private final List<String> problems;
        private final Map<ObjectId, String> sha256 = new HashMap<>();
        private final Map<ObjectId, Object> summaries = new HashMap<>();
        private final Map<String, Object> regenerated = new HashMap<>();
        private final Map<ObjectId, Set<String>> stackNames = new HashMap<>();

        Verifier(Trees.Cache cache, Regenerator regenerator, List<String> problems) {
            this.cache = cache;
            this.regenerator = regenerator;
            this.problems = problems;
        }

        private String shortId(RevCommit c) {
            try {
                return cache.reader().abbreviate(c, 7).name();
            } catch (IOException e) {
                return c.abbreviate(7).name();
            }
        }

        private void problem(RevCommit c, String text) {
            problems.add(shortId(c) + ": " + text);
        }

        /**
         * @param otherParentTrees the trees of a merge's second and later parents (empty for an ordinary commit)
         */
        void check(RevCommit c, ObjectId parentTree, List<ObjectId> otherParentTrees) throws IOException {
            ObjectId tree = c.getTree();
            Map<String, String> trailers = Trailers.parse(c.getFullMessage());
            List<Trees.Change> changes = Trees.diff(cache, parentTree, tree, ROOTS);
            Set<String> reported = checkPlan(c, tree, trailers);
            checkChangedPlans(c, changes, otherParentTrees, trailers, reported);
            checkGenerated(c, tree, changes);
        }

        /**
         * Journals are append-only: no commit may change or delete one. A chained stack commit's {@code Applied:}
         * must match the journal it adds: {@code no} adds none; anything else adds one whose SHA-256 is the
         * {@code Journal-Sha256} trailer and whose stack, plan hash, run and outcome are the trailers'.
         */
        void checkJournals(RevCommit c, ObjectId parentTree, boolean chained) throws IOException {
            List<Trees.Change> changes = Trees.diff(cache, parentTree, c.getTree(), JOURNAL_ROOT);
            List<Trees.Change> added = new ArrayList<>();
            for (Trees.Change ch : changes) {
                switch (ch.kind()) {
                    case MODIFIED -> problem(c, "journal edited: " + ch.path() + " was changed by this commit (journals are append-only)");
                    case DELETED -> problem(c, "journal deleted: " + ch.path() + " was removed by this commit (journals are append-only)");
                    case ADDED -> added.add(ch);
                }
            }
            if (!chained || c.getParentCount() > 1) return;
            Map<String, String> trailers = Trailers.parse(c.getFullMessage());
            String stack = trailers.get(Trailers.STACK);
            String record = trailers.get(Trailers.RECORD);
            if (stack == null && record == null) {
                if (!added.isEmpty()) problem(c, "adds journal " + added.get(0).path() + " but has no Stack trailer");
                return;
            }
            if (stack == null) {
                // a record of a run outside any stack (ConfigRepository.commitRecord): its journal lives in journal/_<kind>/
                for (Trees.Change ch : added) {
                    if (!ch.path().startsWith("journal/_")) {
                        problem(c, "Record: " + record.trim() + " adds journal " + ch.path() + ", which is a stack's (records go below journal/_…/)");
                        return;
                    }
                }
            }
            String applied = Objects.requireNonNullElse(trailers.get(Trailers.APPLIED), "no").trim();
            String journalSha = trailers.get(Trailers.JOURNAL_SHA256);
            Trees.Change journal = null;
            if (journalSha != null) {
                for (Trees.Change ch : added) {
                    if (sha256.computeIfAbsent(ch.newId(), id -> ConfigRepository.hex(blobUnchecked(id))).equals(journalSha.trim())) journal = ch;
                }
                if (journal == null && added.isEmpty()) {
                    problem(c, "journal missing: the Journal-Sha256 trailer names a journal but the commit adds none (removed?)");
                    return;
                }
                if (journal == null) {
                    Trees.Change ch = added.get(0);
                    problem(c, "journal edited: " + ch.path() + " has SHA-256 " + sha256.get(ch.newId())
                            + " but the Journal-Sha256 trailer says " + journalSha.trim());
                    return;
                }
            } else if (!added.isEmpty()) {
                problem(c, "adds journal " + added.get(0).path() + " without a Journal-Sha256 trailer");
                return;
            }
            if (journal == null) {
                if (!applied.equals("no") && !applied.equals("refused")) {
                    problem(c, "Applied: " + applied + " without a journal (an apply always commits its journal)");
                }
                return;
            }
            JsonNode j;
            try {
                j = ConfigRepository.JSON.readTree(blobUnchecked(journal.newId()));
            } catch (IOException e) {
                problem(c, journal.path() + " is not a journal (not JSON)");
                return;
            }
            String outcome = j.has("outcome") ? j.path("outcome").asText() : "(none)";
            if (applied.equals("no")) {
                problem(c, "Applied: no but the commit adds journal " + journal.path() + ", which records outcome "
                        + outcome + " (Applied flipped?)");
                return;
            }
            String want = expectedOutcome(applied);
            if (!outcome.equals(want)) {
                problem(c, "Applied: " + applied + " but journal " + journal.path() + " records outcome " + outcome
                        + " (Applied flipped?)");
            }
            if (stack == null && !record.trim().equals(j.path("record").asText())) {
                problem(c, "journal " + journal.path() + " is a " + j.path("record").asText("(no record)") + " record, not " + record.trim());
            }
            if (stack != null && j.has("stack") && !stack.trim().equals(j.path("stack").asText())) {
                problem(c, "journal " + journal.path() + " is of stack " + j.path("stack").asText() + ", not " + stack.trim());
            }
            String planSha = trailers.get(Trailers.PLAN_SHA256);
            if (planSha != null && j.has("plan_sha256") && !planSha.trim().equals(j.path("plan_sha256").asText())) {
                problem(c, "journal " + journal.path() + " records plan " + j.path("plan_sha256").asText()
                        + " but the Plan-Sha256 trailer says " + planSha.trim());
            }
            String run = trailers.get(Trailers.RUN);
            if (run != null && j.has("run") && !run.trim().equals(j.path("run").asText())) {
                problem(c, "journal " + journal.path() + " is of run " + j.path("run").asText() + " but the Run trailer says " + run.trim());
            }
        }

        /** The journal outcome an {@code Applied:} value stands for. */
        private static String expectedOutcome(String applied) {
            if (applied.equals("yes")) return "succeeded";
            if (applied.startsWith("failed")) return "failed";
            if (applied.startsWith("cancelled")) return "cancelled";
            if (applied.startsWith("timed out")) return "timed_out";
            if (applied.startsWith("interrupted")) return "interrupted";
            return applied;
        }

        /**
         * Every plan JSON this commit adds or changes must be the one its trailers describe: {@code Stack: <stack>}
         * and a {@code Plan-Sha256} equal to the file's hash. A plan JSON cannot be regenerated (it depends on the
         * live system), so a commit that changes one without those trailers (a plain {@code git commit}) is an edit
         * by hand. A merge's copy that equals another parent's was taken from there, and is checked at its own commit.
         *
         * @param reported plan JSON paths {@link #checkPlan} already named for this commit
         */
        private void checkChangedPlans(RevCommit c, List<Trees.Change> changes, List<ObjectId> otherParentTrees,
                                       Map<String, String> trailers, Set<String> reported) throws IOException {
            for (Trees.Change ch : changes) {
                String[] parts = ch.path().split("/");
                if (ch.kind() == Trees.Kind.DELETED || parts.length != 3 || !parts[0].equals("generated")
                        || !parts[2].endsWith(ConfigRepository.PLAN_SUFFIX) || parts[2].length() == ConfigRepository.PLAN_SUFFIX.length()
                        || reported.contains(ch.path()) || inherited(ch, otherParentTrees)) {
                    continue;
                }
                String stack = parts[2].substring(0, parts[2].length() - ConfigRepository.PLAN_SUFFIX.length());
                String trailerStack = trailers.get(Trailers.STACK);
                String trailerSha = trailers.get(Trailers.PLAN_SHA256);
                String verb = ch.kind() == Trees.Kind.ADDED ? "added" : "changed";
                if (trailerSha == null || trailerStack == null || !trailerStack.trim().equals(stack)) {
                    problem(c, ch.path() + " was " + verb + " in a commit without the trailers Stack: " + stack
                            + " and Plan-Sha256 that describe it (edited by hand?)");
                    continue;
                }
                String actual = sha256.computeIfAbsent(ch.newId(), id -> ConfigRepository.hex(blobUnchecked(id)));
                if (!actual.equals(trailerSha.trim())) {
                    problem(c, ch.path() + " has SHA-256 " + actual + " but the Plan-Sha256 trailer says "
                            + trailerSha + " (edited by hand?)");
                }
            }
        }

        /** True when a merge's other parent has the same file at the same path. */
        private boolean inherited(Trees.Change ch, List<ObjectId> otherParentTrees) throws IOException {
            for (ObjectId t : otherParentTrees) {
                Trees.Entry e = cache.lookup(t, ch.path());
                if (e != null && !e.isTree() && e.id().equals(ch.newId())) return true;
            }
            return false;
        }

        /** Checks the commit's Plan-Sha256 / Plan trailers; returns the plan JSON paths it named in a problem. */
        private Set<String> checkPlan(RevCommit c, ObjectId tree, Map<String, String> trailers) throws IOException {
            Set<String> reported = new HashSet<>();
            String expected = trailers.get(Trailers.PLAN_SHA256);
            if (expected == null) return reported;
            String stack = trailers.get(Trailers.STACK);
            if (stack == null || stack.isBlank()) {
                problem(c, "has a Plan-Sha256 trailer but no Stack trailer");
                return reported;
            }
            stack = stack.trim();
            ObjectId gen = cache.subtree(tree, "generated");
            List<String> found = new ArrayList<>();
            Map<String, String> mismatches = new LinkedHashMap<>();
            String matched = null;
            ObjectId matchedId = null;
            if (gen != null) {
                for (Trees.Entry p : cache.entries(gen).values()) {
                    if (!p.isTree()) continue;
                    Trees.Entry f = cache.entries(p.id()).get(stack + ConfigRepository.PLAN_SUFFIX);
                    if (f == null || f.isTree()) continue;
                    String path = "generated/" + p.name() + "/" + stack + ConfigRepository.PLAN_SUFFIX;
                    found.add(path);
                    String actual = sha256.computeIfAbsent(f.id(), id -> ConfigRepository.hex(blobUnchecked(id)));
                    if (actual.equals(expected.trim())) {
                        matched = path;
                        matchedId = f.id();
                    } else {
                        mismatches.put(path, path + " has SHA-256 " + actual + " but the Plan-Sha256 trailer says "
                                + expected + " (edited by hand?)");
                    }
                }
            }
            if (found.isEmpty()) {
                problem(c, "generated/<provider>/" + stack + ConfigRepository.PLAN_SUFFIX
                        + " is missing, but the commit has a Plan-Sha256 trailer");
                return reported;
            }
            if (matched == null) {
                mismatches.forEach((path, m) -> {
                    reported.add(path);
                    problem(c, m);
                });
                return reported;
            }
            String planTrailer = trailers.get(Trailers.PLAN);
            Object summary = summaries.computeIfAbsent(matchedId, id -> {
                try {
                    return ConfigRepository.summaryTrailer(ConfigRepository.JSON.readTree(blobUnchecked(id)));
                } catch (IOException | IllegalArgumentException e) {
                    return new IllegalArgumentException(ConfigRepository.firstLine(e.getMessage()));
                }
            });
            if (summary instanceof IllegalArgumentException e) {
                problem(c, matched + " is not a plan JSON with a summary (" + e.getMessage() + ")");
            } else if (planTrailer == null) {
                problem(c, "has a Plan-Sha256 trailer but no Plan trailer");
            } else if (!summary.equals(planTrailer.trim())) {
                problem(c, matched + " summary is " + Problem.quote(summary) + " but the Plan trailer says " + Problem.quote(planTrailer));
            }
            return reported;
        }

        /** @param changes the files under stacks/ and generated/ that differ from the first parent */
        private void checkGenerated(RevCommit c, ObjectId tree, List<Trees.Change> changes) throws IOException {
            if (changes.isEmpty()) return;
            Set<String> names = null;
            Set<String> toCheck = new LinkedHashSet<>();
            for (Trees.Change ch : changes) {
                String path = ch.path();
                String[] parts = path.split("/");
                if (parts[0].equals("stacks")) {
                    if (parts.length == 2 && parts[1].endsWith(".yaml") && parts[1].length() > 5) {
                        toCheck.add(parts[1].substring(0, parts[1].length() - 5));
                    }
                } else if (parts.length == 3) {
                    if (names == null) names = names(tree);
                    String owner = ConfigRepository.owner(parts[2], names);
                    if (owner == null) {
                        if (ch.kind() != Trees.Kind.DELETED) {
                            String guess = parts[2].contains(".") ? parts[2].substring(0, parts[2].indexOf('.')) : parts[2];
                            problem(c, path + " has no stack file (stacks/" + guess + ".yaml is absent)");
                        }
                    } else if (!parts[2].endsWith(ConfigRepository.PLAN_SUFFIX)) {
                        toCheck.add(owner);
                    }
                }
            }
            for (String stack : toCheck) {
                String stackPath = "stacks/" + stack + ".yaml";
                Trees.Entry yaml = cache.lookup(tree, stackPath);
                if (yaml == null || yaml.isTree()) {
                    leftovers(c, tree, stack);
                    continue;
                }
                String key = stack + "\u0000" + yaml.id().name();
                Object expected = regenerated.get(key);
                if (expected == null) {
                    expected = regenerate(stack, stackPath, new String(cache.blob(yaml.id()), StandardCharsets.UTF_8));
                    regenerated.put(key, expected);
                }
                if (expected instanceof String reason) {
                    problem(c, reason);
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, ObjectId> ids = (Map<String, ObjectId>) expected;
                for (Map.Entry<String, ObjectId> e : ids.entrySet()) {
                    Trees.Entry actual = cache.lookup(tree, e.getKey());
                    if (actual == null || actual.isTree()) {
                        problem(c, e.getKey() + " is missing (" + stackPath + " generates it)");
                    } else if (!actual.id().equals(e.getValue())) {
                        problem(c, e.getKey() + " does not match " + stackPath + " (edited by hand?)");
                    }
                }
            }
        }

        /** Expected blob ids by path, or the reason the stack cannot be rendered. */
        private Object regenerate(String stack, String stackPath, String yaml) {
            try {
                Map<String, String> files = regenerator.regenerate(stack, yaml);
                Map<String, ObjectId> ids = new TreeMap<>();
                if (files != null) {
                    files.forEach((p, t) -> ids.put(p, IDS.idFor(Constants.OBJ_BLOB,
                            t == null ? new byte[0] : t.getBytes(StandardCharsets.UTF_8))));
                }
                return ids;
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : ConfigRepository.firstLine(e.getMessage());
                return stackPath + " cannot be regenerated: " + why;
            }
        }

        /** The stack file is gone: any generated file of the stack still in the tree is a problem. */
        private void leftovers(RevCommit c, ObjectId tree, String stack) throws IOException {
            ObjectId gen = cache.subtree(tree, "generated");
            if (gen == null) return;
            Set<String> names = new HashSet<>(names(tree));
            names.add(stack);
            for (Trees.Entry p : cache.entries(gen).values()) {
                if (!p.isTree()) continue;
                for (Trees.Entry f : cache.entries(p.id()).values()) {
                    if (!f.isTree() && stack.equals(ConfigRepository.owner(f.name(), names))) {
                        problem(c, "generated/" + p.name() + "/" + f.name() + " has no stack file (stacks/" + stack
                                + ".yaml is absent)");
                    }
                }
            }
        }

        private Set<String> names(ObjectId tree) throws IOException {
            ObjectId stacks = cache.subtree(tree, "stacks");
            ObjectId key = stacks == null ? ObjectId.zeroId() : stacks;
            Set<String> n = stackNames.get(key);
            if (n == null) {
                n = ConfigRepository.stackNames(cache, tree);
                stackNames.put(key, n);
            }
            return n;
        }

        private byte[] blobUnchecked(ObjectId id) {
            try {
                return cache.blob(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
