package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the plan of one stack with 10 and with 10,000 commits of other stacks in the config
 * repository, against the real local PostgreSQL ({@code Workbench.plan} with the repository: the stack's versions back
 * to its last apply, the session label, the live read and the diff), median of 20 warm plans.
 *
 * <p>The history is the worst case for the walk: the stack is applied first, then N commits of 20 other stacks
 * (stack file, generated SQL and plan JSON each, with the audit trailers; written with JGit directly, then packed like
 * the repository's own background packing does), then one unapplied commit of the stack on top, so finding the
 * stack's versions has to cross all N commits to reach its applied one.
 *
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.HistoryPlanBench [RUNS]
 * </pre>
 * PostgreSQL at {@code -Dmlpc.test.pgUrl} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), user
 * {@code -Dmlpc.test.pgUser} (default {@code postgres}, trust).
 */
public final class HistoryPlanBench {
    private static final int OTHER_STACKS = 20;

    private HistoryPlanBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String url = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("mlpc.test.pgUser", "postgres");
        ConnectionProfile profile = new ConnectionProfile("bench", "postgres", Map.of("url", url, "user", user));
        System.out.println("history plan benchmark (" + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version") + "), median of " + runs);
        List<String> rows = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int unrelated : new int[]{10, 10_000}) {
                rows.add(measure(unrelated, runs, profile, round == 0 ? "" : " (again)"));
            }
        }
        rows.forEach(System.out::println);
    }

    private static String measure(int unrelated, int runs, ConnectionProfile profile, String note) throws Exception {
        Path home = Files.createTempDirectory("mlpc-history-bench");
        try {
            Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(30));
            String yaml = Files.readString(Path.of("resources/examples/model-registry.yaml"));
            Stack applied = wb.parseStack("model-registry.yaml", yaml);
            Path dir;
            try (ConfigRepository repo = wb.repository()) {
                dir = repo.directory();
                wb.commit(applied, yaml, wb.offlinePlan(applied), repo, "apply", "yes", null, null);
            }
            long b0 = System.nanoTime();
            otherStacks(dir, unrelated);
            double buildMs = (System.nanoTime() - b0) / 1e6;
            String newer = yaml.replace("connection_limit: 10", "connection_limit: 12");
            Stack stack = wb.parseStack("model-registry.yaml", newer);
            try (ConfigRepository repo = ConfigRepository.open(dir)) {
                wb.commit(stack, newer, wb.offlinePlan(stack), repo, "for review", "no", null, null);
                int commits = repo.log(0).size();
                List<CommitInfo> versions = repo.stackVersions(stack.name());
                if (versions.size() != 2) throw new IllegalStateException("expected 2 versions, got " + versions);
                for (int i = 0; i < 3; i++) wb.plan(stack, profile, repo, Progress.NONE); // warm-up
                List<Double> plan = new ArrayList<>();
                List<Double> walk = new ArrayList<>();
                Plan last = null;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    last = wb.plan(stack, profile, repo, Progress.NONE);
                    plan.add((System.nanoTime() - t0) / 1e6);
                    long t1 = System.nanoTime();
                    repo.stackVersions(stack.name());
                    walk.add((System.nanoTime() - t1) / 1e6);
                }
                long n0 = System.nanoTime();
                long naive = repo.log(0).stream().filter(c -> stack.name().equals(c.trailer("Stack"))).count();
                double naiveMs = (System.nanoTime() - n0) / 1e6;
                return String.format("%,6d unrelated commits (%,d in all, built in %.0f ms)%s: plan median %.1f ms"
                                + " (min %.1f, max %.1f, %d changes); stackVersions median %.2f ms; whole-log walk %.0f ms"
                                + " (%d stack commits)",
                        unrelated, commits, buildMs, note, median(plan), plan.stream().min(Comparator.naturalOrder()).orElseThrow(),
                        plan.stream().max(Comparator.naturalOrder()).orElseThrow(), last.actionable().size(),
                        median(walk), naiveMs, naive);
            }
        } finally {
            deleteTree(home);
        }
    }

    /** N commits of other stacks on top of the branch, written with JGit, then packed. */
    private static void otherStacks(Path dir, int n) throws Exception {
        try (Repository g = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
             ObjectInserter ins = g.newObjectInserter();
             ObjectReader reader = g.newObjectReader();
             RevWalk rw = new RevWalk(reader)) {
            String branch = Constants.R_HEADS + ConfigRepository.DEFAULT_BRANCH;
            ObjectId start = g.exactRef(branch).getObjectId();
            ObjectId parent = start;
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            b.addTree(new byte[0], 0, reader, rw.parseCommit(start).getTree());
            b.finish();
            Instant when = Instant.now();
            for (int i = 0; i < n; i++) {
                String s = "other-" + (i % OTHER_STACKS);
                String yaml = "stack: " + s + "\nresources:\n  - type: postgres.role\n    name: r" + i + "\n";
                String plan = "{\n  \"stack\" : \"" + s + "\",\n  \"summary\" : {\n    \"create\" : 1,\n    \"update\" : 0,"
                        + "\n    \"replace\" : 0,\n    \"drop\" : 0\n  },\n  \"changes\" : [ ],\n  \"warnings\" : [ ]\n}\n";
                DirCacheEditor ed = dc.editor();
                put(ed, ins, "stacks/" + s + ".yaml", yaml);
                put(ed, ins, "generated/postgres/" + s + ".sql", "CREATE ROLE \"r" + i + "\";\n");
                put(ed, ins, "generated/postgres/" + s + ".plan.json", plan);
                ed.finish();
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(dc.writeTree(ins));
                cb.setParentId(parent);
                PersonIdent who = new PersonIdent("Bench", "bench@localhost", when.plusSeconds(i), ZoneOffset.UTC);
                cb.setAuthor(who);
                cb.setCommitter(who);
                cb.setEncoding(StandardCharsets.UTF_8);
                cb.setMessage("Update stack " + s + "\n\nStack: " + s + "\nPlan: +1 ~0 -0\nPlan-Sha256: "
                        + Plan.sha256(plan.getBytes(StandardCharsets.UTF_8)) + "\nApplied: no\n");
                parent = ins.insert(cb);
            }
            ins.flush();
            RefUpdate ru = g.updateRef(branch);
            ru.setExpectedOldObjectId(start);
            ru.setNewObjectId(parent);
            RefUpdate.Result r = ru.update(rw);
            if (r != RefUpdate.Result.FAST_FORWARD) throw new IllegalStateException("branch update: " + r);
            Git.wrap(g).gc().call();
        }
    }

    private static void put(DirCacheEditor ed, ObjectInserter ins, String path, String text) throws Exception {
        ObjectId id = ins.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
        ed.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry ent) {
                ent.setFileMode(FileMode.REGULAR_FILE);
                ent.setObjectId(id);
            }
        });
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
