package dev.mlpc.app;

import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark of the write-ahead journal (not a test): what recording costs per statement (an intent and a return,
 * each forced to disk) for a plan of N roles, and the recovery commit of an interrupted journal.
 *
 * <pre>
 * java -cp $CP dev.mlpc.app.WalBench [N]
 * </pre>
 */
public final class WalBench {
    private WalBench() { }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path home = Files.createTempDirectory("mlpc-wal-bench");
        Map<String, String> env = Map.of("MLPC_HOME", home.toString());
        Workbench wb = new Workbench(AppHome.resolve(env), Workbench.standardProviders(), env, Workbench.DEFAULT_TIMEOUT);
        StringBuilder y = new StringBuilder("stack: bench\nresources:\n");
        for (int i = 0; i < n; i++) y.append("  - {type: postgres.role, name: r").append(i).append("}\n");
        Stack s = wb.parseStack("stacks/bench.yaml", y.toString());
        Plan plan = wb.offlinePlan(s);
        int total = WriteAheadJournal.statements(plan).size();
        for (int round = 0; round < 5; round++) {
            String run = Applier.newRunId();
            try (ConfigRepository repo = wb.repository()) {
                Map<String, String> gen = new LinkedHashMap<>(wb.generatedFiles(s));
                gen.put("generated/postgres/bench.plan.json", plan.toJson());
                StackCommit c = new StackCommit("bench", "postgres", y.toString(), gen, null, null, "yes", "bench", wb.author(),
                        null, null, run);
                long t0 = System.nanoTime();
                WriteAheadJournal wal = WriteAheadJournal.begin(wb.home().walDir(), run, repo.directory(), c,
                        "journal/bench/" + run + ".json", Applier.journalHead(s, plan,
                                new ConnectionProfile("local", "postgres", Map.of()), Instant.now(), run), plan);
                long t1 = System.nanoTime();
                Progress p = wal.recording(Progress.NONE);
                long[] per = new long[total];
                for (int i = 0; i < total; i++) {
                    long a = System.nanoTime();
                    p.statementStarting(i, total);
                    p.statementReturned(i);
                    per[i] = System.nanoTime() - a;
                }
                long t2 = System.nanoTime();
                wal.close();
                long t3 = System.nanoTime();
                var rec = wb.recoverInterrupted();
                long t4 = System.nanoTime();
                Arrays.sort(per);
                System.out.printf("round %d: %d statements: begin %.1f ms; per statement (intent + return, 2 fsyncs) median %.2f ms, p90 %.2f ms;"
                                + " all %.0f ms; recovery commit %.0f ms (%s)%n", round, total, (t1 - t0) / 1e6, per[total / 2] / 1e6,
                        per[total * 9 / 10] / 1e6, (t2 - t1) / 1e6, (t4 - t3) / 1e6, rec.get(0).applied());
            }
        }
        org.eclipse.jgit.util.FileUtils.delete(home.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
    }
}
