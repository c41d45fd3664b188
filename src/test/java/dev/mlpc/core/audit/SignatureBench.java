package dev.mlpc.core.audit;

import dev.mlpc.testing.PgpTestKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Benchmark (not a test): 1,000 OpenPGP-signed stack commits (Ed25519 key made here, from an armored key file), the
 * cost of signing per commit, then {@code signatures(0)} and {@code verify} over them in process. The repository is
 * left in WORKDIR/signed, with {@code policy.yaml} saying {@code signatures: required}, so the CLI can be timed on it:
 * {@code time java -jar target/app/mlpc.jar verify --repo WORKDIR/signed}.
 *
 * <pre>
 * mvn -B -o -q test-compile
 * mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.core.audit.SignatureBench WORKDIR
 * </pre>
 */
public final class SignatureBench {
    private SignatureBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("mlpc-sig-bench").toString());
        System.out.println("mlpc signature benchmark in " + work + " (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version") + ")");
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", "bench pass phrase");
        Path keyFile = Files.createDirectories(work).resolve("ada.sec.asc");
        Files.writeString(keyFile, ada.armoredSecret());
        Files.writeString(work.resolve("ada.pub.asc"), ada.armoredPublic());
        Author a = new Author("Ada Admin", "ada@example.org");
        try (ConfigRepository repo = ConfigRepository.init(work.resolve("signed"))) {
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada", a);
            repo.commitFile("policy.yaml", "signatures: required\n", "Require signed commits", a);
            repo.signingWith(OpenPgpSigner.fromKeyFile(keyFile, null, "bench pass phrase".toCharArray(), "bench"));
            List<Double> ms = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                long c0 = System.nanoTime();
                repo.commit(AuditBench.stackCommit(i % 20, i));
                ms.add((System.nanoTime() - c0) / 1e6);
            }
            double total = (System.nanoTime() - t0) / 1e9;
            ms.sort(Comparator.naturalOrder());
            System.out.printf("1,000 signed stack commits: %.1f s; per commit median %.1f ms, p90 %.1f ms%n", total,
                    ms.get(500), ms.get(900));
            for (int run = 1; run <= 3; run++) {
                long s0 = System.nanoTime();
                List<SignatureCheck> sigs = repo.signatures(0);
                double sms = (System.nanoTime() - s0) / 1e6;
                long good = sigs.stream().filter(SignatureCheck::good).count();
                long v0 = System.nanoTime();
                VerifyReport r = repo.verify(AuditBench::regenerate);
                double vms = (System.nanoTime() - v0) / 1e6;
                if (!r.ok() || good != 1_000) throw new IllegalStateException("unexpected: " + r.problems() + ", good " + good);
                System.out.printf("run %d: signatures(0) over %,d commits (%d GOOD): %.0f ms; verify: %.0f ms%n", run,
                        sigs.size(), good, sms, vms);
            }
        }
    }
}
