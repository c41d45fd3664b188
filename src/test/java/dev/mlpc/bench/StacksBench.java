package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.stacks.StackCatalog;
import dev.mlpc.ui.stacks.StackDrift;
import dev.mlpc.ui.stacks.StackRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): the Stacks view over a config repository with N stacks (default 1,000) against the real
 * local PostgreSQL. 90 % of the stacks target connection {@code bench-a}, 5 % {@code bench-b} (the same server, another
 * login database), 5 % are unbound and compared with {@code bench-a} as the user's pick. Each stack manages one schema
 * of a bench database; every other schema exists live with the stack's comment (in sync), the rest are missing
 * (1 change). Measured: the view's open (reading the list: names, YAML parsed, last commit and last {@code Applied:}
 * of every stack — {@link StackCatalog#load}), first and median of the warm runs; the drift of all of them
 * ({@link StackCatalog#drift}: one session and one bulk read per connection), with the queries per connection the
 * provider counted (the server-side count agrees: {@code StacksViewModelTest}).
 *
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.StacksBench [STACKS [RUNS]]
 * </pre>
 * PostgreSQL at {@code -Dmlpc.test.pgUrl} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), user
 * {@code -Dmlpc.test.pgUser} (default {@code postgres}, trust).
 */
public final class StacksBench {
    private StacksBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String url = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("mlpc.test.pgUser", "postgres");
        String suffix = Long.toHexString(System.nanoTime());
        String db = "mlpc_stacks_bench_" + suffix;
        String loginA = "mlpc_stacks_bench_a_" + suffix;
        String loginB = "mlpc_stacks_bench_b_" + suffix;
        Path home = Files.createTempDirectory("mlpc-stacks-bench");
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(url, user, null); Statement st = c.createStatement()) {
            for (String d : List.of(db, loginA, loginB)) st.execute("CREATE DATABASE \"" + d + "\"");
        }
        try {
            Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(60));
            wb.connections().save(List.of(
                    new ConnectionProfile("bench-a", "postgres", Map.of("url", base + loginA, "user", user)),
                    new ConnectionProfile("bench-b", "postgres", Map.of("url", base + loginB, "user", user))));
            StringBuilder ddl = new StringBuilder();
            long t0 = System.nanoTime();
            try (ConfigRepository repo = wb.repository()) {
                for (int i = 0; i < n; i++) {
                    String target = i % 20 == 0 ? null : i % 20 == 1 ? "bench-b" : "bench-a";
                    String yaml = "stack: s" + i + "\n" + (target == null ? "" : "target: " + target + "\n")
                            + "resources:\n  - type: postgres.schema\n    name: s" + i + "\n    database: " + db
                            + "\n    comment: stack " + i + "\n";
                    Stack s = wb.parseStack("stacks/s" + i + ".yaml", yaml);
                    wb.commit(s, yaml, wb.offlinePlan(s), repo, "bench stack " + i, i % 3 == 0 ? "yes" : "no", null, null);
                    if (i % 2 == 0) ddl.append("CREATE SCHEMA s").append(i).append("; COMMENT ON SCHEMA s").append(i)
                            .append(" IS 'stack ").append(i).append("';");
                }
            }
            System.out.printf("committed %d stacks in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            try (Connection c = DriverManager.getConnection(base + db, user, null); Statement st = c.createStatement()) {
                st.execute(ddl.toString());
            }
            StackCatalog catalog = new StackCatalog(wb);
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + "; " + n + " stacks, " + runs + " runs");

            List<Long> open = new ArrayList<>();
            List<StackRow> rows = null;
            for (int r = 0; r <= runs; r++) {
                long s = System.nanoTime();
                rows = catalog.load();
                open.add((System.nanoTime() - s) / 1_000_000);
            }
            System.out.printf("open (list %d stacks): first %d ms, median of %d warm %d ms%n", rows.size(), open.get(0),
                    runs, median(open.subList(1, open.size())));
            // where the open's time goes: the history walk, reading the stack files, parsing them
            try (ConfigRepository repo = wb.repository()) {
                long s = System.nanoTime();
                int[] seen = new int[1];
                repo.walk(c -> ++seen[0] > 0);
                long walk = (System.nanoTime() - s) / 1_000_000;
                s = System.nanoTime();
                List<String> texts = new ArrayList<>(repo.readStacks().values());
                long read = (System.nanoTime() - s) / 1_000_000;
                s = System.nanoTime();
                for (int i = 0; i < texts.size(); i++) wb.parseStack("stacks/x.yaml", texts.get(i));
                long parse = (System.nanoTime() - s) / 1_000_000;
                System.out.printf("open phases: walk of %d commits %d ms, read %d stack files %d ms, parse them %d ms%n",
                        seen[0], walk, texts.size(), read, parse);
            }

            List<Long> drift = new ArrayList<>();
            StackCatalog.DriftReport report = null;
            for (int r = 0; r <= runs; r++) {
                long s = System.nanoTime();
                report = catalog.drift(rows, "bench-a", Progress.NONE);
                drift.add((System.nanoTime() - s) / 1_000_000);
            }
            Map<String, Long> kinds = report.byStack().values().stream()
                    .collect(Collectors.groupingBy(StackDrift::text, Collectors.counting()));
            System.out.printf("drift of all %d stacks: first %d ms, median of %d warm %d ms; queries per connection %s; %s%n",
                    report.byStack().size(), drift.get(0), runs, median(drift.subList(1, drift.size())),
                    report.queries(), kinds);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, null); Statement st = c.createStatement()) {
                for (String d : List.of(db, loginA, loginB)) st.execute("DROP DATABASE IF EXISTS \"" + d + "\" WITH (FORCE)");
            }
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
