package dev.mlpc.core.audit;

import dev.mlpc.core.provider.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark (not a test): {@code export} with the HTML audit report over N commits (20 stacks of 10 resources, every
 * commit a new version with a 10-change plan, made through {@link ConfigRepository#commit} as {@link AuditBench}
 * does), exported twice with the report (verify with the fixture regenerator, signatures against the trusted keys,
 * bundle, manifests, report, secret scan of the page). Prints times and sizes; keeps WORKDIR (re-runs reuse the
 * commits) for the browser run of BENCHMARKS.md.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.core.audit.ExportReportBench 10000 WORKDIR}
 */
public final class ExportReportBench {
    private ExportReportBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("mlpc-export-bench");
        Path dir = work.resolve("repo");
        System.out.println("export bench in " + work + " (" + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version") + ")");
        try (ConfigRepository repo = Files.isDirectory(dir.resolve(".git")) ? ConfigRepository.open(dir) : ConfigRepository.init(dir)) {
            int have = repo.log(0).size();
            long t0 = System.nanoTime();
            for (int i = have; i <= n; i++) {
                repo.commit(AuditBench.stackCommit(i % 20, i));
                if (i % 1000 == 0) System.out.printf("  %d commits made%n", i);
            }
            if (n >= have) System.out.printf("%d commits: %.1f ms each%n", n - have + 1, (System.nanoTime() - t0) / 1e6 / (n - have + 1));
            for (int round = 1; round <= 2; round++) {
                Path out = work.resolve("out" + round + "/audit.bundle");
                long a = System.nanoTime();
                ExportResult r = repo.export(out, null, HistoryAnchor.NONE,
                        new AuditReport.Options(AuditBench::regenerate, Progress.NONE));
                long ms = (System.nanoTime() - a) / 1_000_000;
                long b = System.nanoTime();
                repo.export(work.resolve("plain" + round + "/audit.bundle"), null, HistoryAnchor.NONE);
                long plain = (System.nanoTime() - b) / 1_000_000;
                System.out.printf("export with report, %d commits, run %d: %d ms (without the report: %d ms); report %,d bytes,"
                                + " bundle %,d bytes, manifest.json %,d bytes%n", r.commits(), round, ms, plain,
                        Files.size(r.report()), Files.size(r.bundle()), Files.size(r.manifestJson()));
            }
        }
    }
}
