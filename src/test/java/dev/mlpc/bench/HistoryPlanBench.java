package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the plan of one stack with 10 and with 10,000 commits of other stacks in the config
 * repository, against the real local PostgreSQL ({@code Workbench.plan} with the repository: the stack's versions back
 * to its last apply, the session label, the live read and the diff), median of 20 warm plans.
 *
 * <p>The history is the worst case for a walk: the stack is planned and applied first, then N commits of 20 other
 * stacks (stack file, generated SQL and plan JSON each, with the audit trailers; made through
 * {@code ConfigRepository.commit}, as mlpc makes them, loose objects packed in the background), then one unapplied
 * commit of the stack on top, so the stack's versions lie below all N commits. The plans of the repositories
 * alternate, so the machine's load falls on each alike. Also printed: one plan after the
 * stack-versions index is deleted (as after commits made with other git tools: the walk crosses the N commits once)
 * and the whole-log walk that {@code stackVersions} used to do.
 *
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.HistoryPlanBench [RUNS [SIZES]]
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
        int[] sizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{10, 10_000};
        System.out.println("| commits of other stacks | commits in all | plan, median | stackVersions, median"
                + " | plan without the index (once) | whole-log walk (old way) | commit, each |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<Setup> setups = new ArrayList<>();
        try {
            for (int unrelated : sizes) setups.add(setup(unrelated, profile));
            measure(setups, runs, profile);
            for (Setup s : setups) System.out.println(row(s, profile));
        } finally {
            for (Setup s : setups) {
                s.repo().close();
                deleteTree(s.home());
            }
        }
    }

    /** One repository under test: its workbench, the open repository and the stack to plan. */
    private record Setup(int unrelated, Path home, Workbench wb, ConfigRepository repo, Stack stack, double commitMs,
                         List<Double> plan, List<Double> walk) {
    }

    private static Setup setup(int unrelated, ConnectionProfile profile) throws Exception {
        Path home = Files.createTempDirectory("mlpc-history-bench");
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(30));
        String yaml = Files.readString(Path.of("resources/examples/model-registry.yaml"));
        Stack applied = wb.parseStack("model-registry.yaml", yaml);
        String newer = yaml.replace("connection_limit: 10", "connection_limit: 12");
        Stack stack = wb.parseStack("model-registry.yaml", newer);
        ConfigRepository repo = wb.repository();
        wb.plan(applied, profile, repo, Progress.NONE);
        wb.commit(applied, yaml, wb.offlinePlan(applied), repo, "apply", "yes", null, null);
        long b0 = System.nanoTime();
        for (int i = 0; i < unrelated; i++) repo.commit(otherStack(i));
        double commitMs = (System.nanoTime() - b0) / 1e6 / Math.max(1, unrelated);
        wb.commit(stack, newer, wb.offlinePlan(stack), repo, "for review", "no", null, null);
        List<CommitInfo> versions = repo.stackVersions(stack.name());
        if (versions.size() != 2) throw new IllegalStateException("expected 2 versions, got " + versions);
        return new Setup(unrelated, home, wb, repo, stack, commitMs, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Plans of the repositories alternate (which one goes first alternates too), so that the load of the machine
     * falls on both alike.
     */
    private static void measure(List<Setup> setups, int runs, ConnectionProfile profile) throws Exception {
        for (Setup s : setups) {
            for (int i = 0; i < 3; i++) s.wb().plan(s.stack(), profile, s.repo(), Progress.NONE); // warm-up
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < setups.size(); k++) {
                Setup s = setups.get((i + k) % setups.size());
                long t0 = System.nanoTime();
                Plan p = s.wb().plan(s.stack(), profile, s.repo(), Progress.NONE);
                s.plan().add((System.nanoTime() - t0) / 1e6);
                if (p.actionable().isEmpty()) throw new IllegalStateException("expected changes");
                long t1 = System.nanoTime();
                s.repo().stackVersions(s.stack().name());
                s.walk().add((System.nanoTime() - t1) / 1e6);
            }
        }
    }

    private static String row(Setup s, ConnectionProfile profile) throws Exception {
        int commits = s.repo().log(0).size();
        // as after commits made with other git tools: no index entry for the stack, the walk crosses them once
        Files.delete(s.repo().directory().resolve(".git/mlpc/stack-versions"));
        long c0 = System.nanoTime();
        s.wb().plan(s.stack(), profile, s.repo(), Progress.NONE);
        double coldPlan = (System.nanoTime() - c0) / 1e6;
        long n0 = System.nanoTime();
        long naive = s.repo().log(0).stream().filter(c -> s.stack().name().equals(c.trailer("Stack"))).count();
        double naiveMs = (System.nanoTime() - n0) / 1e6;
        if (naive != 2) throw new IllegalStateException("expected 2 commits of the stack, got " + naive);
        return String.format("| %,d | %,d | %.1f ms (min %.1f, max %.1f) | %.2f ms | %.0f ms | %.0f ms | %.1f ms |",
                s.unrelated(), commits, median(s.plan()), s.plan().stream().min(Comparator.naturalOrder()).orElseThrow(),
                s.plan().stream().max(Comparator.naturalOrder()).orElseThrow(), median(s.walk()), coldPlan, naiveMs,
                s.commitMs());
    }

    /** A commit of one of 20 other stacks, through the public API (stack file, generated SQL, plan JSON). */
    private static StackCommit otherStack(int i) {
        String s = "other-" + (i % OTHER_STACKS);
        String yaml = "stack: " + s + "\nresources:\n  - type: postgres.role\n    name: r" + i + "\n";
        String plan = "{\n  \"stack\" : \"" + s + "\",\n  \"summary\" : {\n    \"create\" : 1,\n    \"update\" : 0,"
                + "\n    \"replace\" : 0,\n    \"drop\" : 0\n  },\n  \"changes\" : [ ],\n  \"warnings\" : [ ]\n}\n";
        Map<String, String> generated = new LinkedHashMap<>();
        generated.put("generated/postgres/" + s + ".sql", "CREATE ROLE \"r" + i + "\";\n");
        generated.put("generated/postgres/" + s + ".plan.json", plan);
        return new StackCommit(s, "postgres", yaml, generated, null, null, "no", "Update stack " + s,
                new Author("Bench", "bench@localhost"), null, null);
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
