package dev.mlpc.core.audit;

import dev.mlpc.core.plan.Plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark of the audited config repository (not a test): the time of one stack commit (median of 50 warm commits)
 * and of {@code verify} over 1,000 and 10,000 commits, each commit made through the public API.
 *
 * <pre>
 * mvn -B -o -q test-compile
 * mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.core.audit.AuditBench [WORKDIR]
 * </pre>
 */
public final class AuditBench {
    private static final int STACKS = 20;

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mlpc-audit-bench");
        System.out.println("mlpc audit benchmark in " + work + " (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version") + ")");
        try {
            commitTime(work.resolve("commit"));
            verifyTime(work.resolve("verify"));
        } finally {
            if (args.length == 0) deleteTree(work);
        }
    }

    private static void commitTime(Path dir) throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            for (int i = 0; i < 100; i++) repo.commit(stackCommit(i % STACKS, i)); // warm-up
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                StackCommit c = stackCommit(i % STACKS, 1000 + i);
                long t0 = System.nanoTime();
                repo.commit(c);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            ms.sort(Comparator.naturalOrder());
            System.out.printf("commit of a stack (yaml + sql + plan.json), 50 warm commits: median %.1f ms, p90 %.1f ms,"
                    + " max %.1f ms%n", ms.get(25), ms.get(45), ms.get(49));
        }
    }

    private static void verifyTime(Path dir) throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            int made = 1; // the README commit
            for (int target : new int[]{1_000, 10_000}) {
                long t0 = System.nanoTime();
                int before = made;
                while (made < target) {
                    repo.commit(stackCommit(made % STACKS, made));
                    made++;
                }
                double perCommit = (System.nanoTime() - t0) / 1e6 / Math.max(1, made - before);
                for (int run = 1; run <= 2; run++) {
                    long v0 = System.nanoTime();
                    VerifyReport r = repo.verify(AuditBench::regenerate);
                    double vms = (System.nanoTime() - v0) / 1e6;
                    if (!r.ok()) throw new IllegalStateException("verify found problems: " + r.problems());
                    System.out.printf("verify over %,d commits (run %d): %.0f ms  [commits made at %.1f ms each]%n",
                            r.commitsChecked(), run, vms, perCommit);
                }
            }
        }
    }

    /** A stack of realistic size: a role, a database, schemas, grants. */
    static String yaml(int stack, int version) {
        StringBuilder b = new StringBuilder("stack: bench-" + stack + "\ndescription: benchmark stack\nresources:\n");
        b.append("  - type: postgres.role\n    name: owner_").append(stack).append("\n    login: true\n")
                .append("    password: ${env:PG_PW}\n");
        b.append("  - type: postgres.database\n    name: db_").append(stack).append("\n    owner: owner_").append(stack)
                .append("\n    connection_limit: ").append(version % 500).append('\n');
        for (int s = 0; s < 8; s++) {
            b.append("  - type: postgres.schema\n    name: schema_").append(s).append("\n    database: db_").append(stack)
                    .append("\n    owner: owner_").append(stack).append("\n    comment: schema ").append(s).append('\n');
        }
        return b.toString();
    }

    static Map<String, String> regenerate(String stack, String yaml) {
        StringBuilder sql = new StringBuilder("-- generated from stacks/" + stack + ".yaml "
                + Plan.sha256(yaml.getBytes(StandardCharsets.UTF_8)) + "\n");
        yaml.lines().filter(l -> l.startsWith("    name: "))
                .forEach(l -> sql.append("CREATE SCHEMA IF NOT EXISTS \"").append(l.substring(10)).append("\";\n"));
        return Map.of("generated/postgres/" + stack + ".sql", sql.toString());
    }

    static StackCommit stackCommit(int stackNo, int version) {
        String stack = "bench-" + stackNo;
        String y = yaml(stackNo, version);
        StringBuilder plan = new StringBuilder("{\n  \"stack\" : \"" + stack + "\",\n  \"summary\" : {\n"
                + "    \"create\" : 9,\n    \"update\" : 1,\n    \"replace\" : 0,\n    \"drop\" : 0\n  },\n"
                + "  \"changes\" : [");
        for (int i = 0; i < 10; i++) {
            plan.append(i == 0 ? " " : ", ").append("{\n    \"action\" : \"create\",\n    \"type\" : \"postgres.schema\",\n")
                    .append("    \"name\" : \"schema_").append(i).append("\",\n    \"safety\" : \"safe\",\n")
                    .append("    \"statements\" : [ \"CREATE SCHEMA \\\"schema_").append(i).append("\\\" -- v")
                    .append(version).append("\" ]\n  }");
        }
        plan.append(" ],\n  \"warnings\" : [ ]\n}\n");
        Map<String, String> generated = new LinkedHashMap<>(regenerate(stack, y));
        generated.put("generated/postgres/" + stack + ".plan.json", plan.toString());
        return new StackCommit(stack, "postgres", y, generated, null, null, "no",
                "Update " + stack + " to version " + version, new Author("Bench Mark", "bench@example.org"), null, null);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
