package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.VerifyReport;
import dev.mlpc.core.spec.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Benchmark (not a test): `verify` with the real PostgreSQL renderer as regenerator, over N commits of a 14-resource
 * stack made through the Workbench (each commit changes the stack, so each one is re-rendered).
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.VerifyBench 1000}
 */
public final class VerifyBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path home = Files.createTempDirectory("mlpc-verify-bench");
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        String base = Files.readString(Path.of("resources/examples/model-registry.yaml"));
        try (ConfigRepository repo = wb.repository()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String yaml = base.replace("connection_limit: 10", "connection_limit: " + (10 + i));
                Stack s = wb.parseStack("model-registry.yaml", yaml);
                wb.commit(s, yaml, wb.offlinePlan(s), repo, "change " + i, "no", null, null);
            }
            System.out.printf("%d commits through the Workbench: %.1f ms each%n", n, (System.nanoTime() - t0) / 1e6 / n);
            for (int round = 1; round <= 2; round++) {
                long a = System.nanoTime();
                VerifyReport r = repo.verify(wb::regenerate);
                System.out.printf("verify (real renderer) over %d commits, run %d: %d ms, ok=%s%n", r.commitsChecked(), round,
                        (System.nanoTime() - a) / 1_000_000, r.ok());
            }
        }
    }
}
