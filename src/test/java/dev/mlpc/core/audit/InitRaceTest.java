package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.core.audit.AuditFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 4: creating the home repository from two processes at once must not fail. Threads of one JVM and
 * two JVMs race {@code init} on a fresh directory, many times; every one must get the same repository with one
 * initial commit.
 */
class InitRaceTest {
    @TempDir
    Path tmp;

    @Test
    void threadsRacingInitAllGetTheSameRepository() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 40; round++) {
                Path dir = tmp.resolve("t" + round).resolve("config");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> heads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    heads.add(pool.submit(() -> {
                        go.await();
                        try (ConfigRepository r = ConfigRepository.init(dir)) {
                            return r.headCommit();
                        }
                    }));
                }
                go.countDown();
                List<String> seen = new ArrayList<>();
                for (Future<String> f : heads) seen.add(f.get(60, TimeUnit.SECONDS));
                assertThat(seen).as("round " + round).doesNotContainNull().containsOnly(seen.get(0));
                assertThat(git(dir, "rev-list", "--count", "HEAD").trim()).isEqualTo("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesRacingInitBothSucceed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (int round = 0; round < 4; round++) {
            Path dir = tmp.resolve("p" + round).resolve("config");
            List<Process> ps = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                ps.add(new ProcessBuilder(java, "-cp", cp, InitWorker.class.getName(), dir.toString(), "25")
                        .redirectErrorStream(true).start());
            }
            for (Process p : ps) {
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(out).isZero();
            }
            for (int i = 0; i < 25; i++) {
                assertThat(git(Path.of(dir + "-" + i), "rev-list", "--count", "HEAD").trim()).isEqualTo("1");
            }
        }
    }
}
