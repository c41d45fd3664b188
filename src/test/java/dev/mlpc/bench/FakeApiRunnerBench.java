package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.run.RunClock;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.testing.fakeapi.FakeApiProvider;
import dev.mlpc.testing.fakeapi.FakeApiServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark (not a test): plan and apply, through the workbench and the shared plan runner, of a fake-API stack of N
 * long-running steps (N/2 widgets, N/2 gadgets each using its widget's server-assigned id), with real waiting: each
 * operation takes {@code -Dtransition} ms (default 150) and the server asks for {@code Retry-After} 50 ms
 * ({@code -DretryAfter}). Prints the requests issued and the wall time of the plan, the apply (journal commit included)
 * and the re-plan.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.FakeApiRunnerBench 100}
 */
public final class FakeApiRunnerBench {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Duration transition = Duration.ofMillis(Long.getLong("transition", 150));
        Duration retryAfter = Duration.ofMillis(Long.getLong("retryAfter", 50));
        FakeApiServer server = new FakeApiServer(RunClock.SYSTEM, transition, retryAfter);
        FakeApiProvider fake = new FakeApiProvider(server, RunClock.SYSTEM, Duration.ofMinutes(1), retryAfter);
        Path dir = Files.createTempDirectory("mlpc-fakeapi-bench");
        Workbench wb = new Workbench(new AppHome(dir.resolve("home")), new ProviderRegistry(List.of(new PostgresProvider(), fake)),
                Map.of(), Duration.ofSeconds(10));
        ConnectionProfile profile = new ConnectionProfile("fake", "fakeapi", Map.of());
        StringBuilder y = new StringBuilder("stack: bench\ndescription: fake API benchmark\nresources:\n");
        for (int i = 0; i < steps / 2; i++) {
            y.append("  - type: fakeapi.widget\n    name: w").append(i).append("\n    size: ").append(1 + i % 100).append('\n');
            y.append("  - type: fakeapi.gadget\n    name: g").append(i).append("\n    widget: w").append(i)
                    .append("\n    color: red\n");
        }
        String yaml = y.toString();
        try (ConfigRepository repo = ConfigRepository.init(dir.resolve("repo"))) {
            Stack stack = wb.stackReader().parse("stacks/bench.yaml", yaml);

            int r0 = server.total();
            long t0 = System.nanoTime();
            Plan plan = wb.plan(stack, profile, repo, Progress.NONE);
            long planMs = (System.nanoTime() - t0) / 1_000_000;
            int planRequests = server.total() - r0;

            int r1 = server.total();
            long t1 = System.nanoTime();
            Workbench.ApplyOutcome out = wb.apply(stack, yaml, profile, repo, false, null, Progress.NONE, plan.sha256());
            long applyMs = (System.nanoTime() - t1) / 1_000_000;
            int applyRequests = server.total() - r1;

            int r2 = server.total();
            long t2 = System.nanoTime();
            Plan again = wb.plan(stack, profile, repo, Progress.NONE);
            long replanMs = (System.nanoTime() - t2) / 1_000_000;
            int replanRequests = server.total() - r2;

            Map<String, Long> byOp = new TreeMap<>();
            server.requests().subList(r1, r2).forEach(q -> byOp.merge(q.operation(), 1L, Long::sum));
            System.out.printf("steps=%d transition=%dms retryAfter=%dms%n", plan.actionable().size(), transition.toMillis(), retryAfter.toMillis());
            System.out.printf("plan:    %d requests, %d ms%n", planRequests, planMs);
            System.out.printf("apply:   %s, %s; %d requests %s, %d ms (%.1f ms per step)%n", out.result().outcome(),
                    out.result().trailer(), applyRequests, byOp, applyMs, applyMs / (double) steps);
            System.out.printf("re-plan: %d changes, %d requests, %d ms%n", again.actionable().size(), replanRequests, replanMs);
        }
    }
}
