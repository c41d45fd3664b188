package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void eightThreadsOnTwoInstancesLoseNothing() throws Exception {
        Path dir = tmp.resolve("repo");
        ConfigRepository.init(dir).close();
        try (ConfigRepository a = ConfigRepository.open(dir); ConfigRepository b = ConfigRepository.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                ConfigRepository repo = t % 2 == 0 ? a : b;
                Callable<List<String>> work = () -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        // even commits to the thread's own stack, odd ones to a stack shared by all threads
                        String stack = i % 2 == 0 ? "own-" + thread : "shared";
                        ids.add(repo.commit(commit(stack, thread * 100 + i, "thread " + thread + " commit " + i)).id());
                    }
                    return ids;
                };
                futures.add(pool.submit(work));
            }
            start.countDown();
            Set<String> made = new HashSet<>();
            for (Future<List<String>> f : futures) made.addAll(f.get(120, TimeUnit.SECONDS));
            pool.shutdown();

            assertThat(made).hasSize(80);
            List<CommitInfo> log = a.log(0);
            assertThat(log).hasSize(81);
            assertThat(log.stream().map(CommitInfo::id).toList()).containsAll(made);
            for (int t = 0; t < 8; t++) {
                assertThat(a.readStack("own-" + t)).contains(AuditFixtures.yaml("own-" + t, t * 100 + 8));
            }
            VerifyReport report = b.verify(AuditFixtures.REGEN);
            assertThat(report.problems()).isEmpty();
            assertThat(report.commitsChecked()).isEqualTo(81);
            // the history is linear: every commit was rebuilt on the head it saw
            assertThat(git(dir, "rev-list", "--merges", "HEAD")).isEmpty();
        }
        assertThat(git(dir, "rev-list", "--count", "HEAD").trim()).isEqualTo("81");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(git(dir, "fsck", "--strict")).doesNotContain("error");
    }

    @Test
    void separateProcessesCommittingAtOnceLoseNothing() throws Exception {
        Path dir = tmp.resolve("repo");
        ConfigRepository.init(dir).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Process> processes = new ArrayList<>();
        for (String who : List.of("p1", "p2")) {
            processes.add(new ProcessBuilder(java, "-cp", cp, CommitWorker.class.getName(), dir.toString(), who, "15")
                    .redirectErrorStream(true).start());
        }
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            for (int i = 0; i < 15; i++) {
                repo.commit(commit(i % 2 == 0 ? "here-own" : "shared", 2000 + i, "here commit " + i));
            }
            for (Process p : processes) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(out).isZero();
                assertThat(out).contains("done 15");
            }
            List<CommitInfo> log = repo.log(0);
            assertThat(log).hasSize(46);
            for (String who : List.of("p1", "p2", "here")) {
                for (int i = 0; i < 15; i++) {
                    String subject = who + " commit " + i;
                    assertThat(log).as(subject).anySatisfy(c -> assertThat(c.subject()).isEqualTo(subject));
                }
            }
            assertThat(repo.stacks()).containsExactlyInAnyOrder("here-own", "p1-own", "p2-own", "shared");
            assertThat(repo.verify(AuditFixtures.REGEN).problems()).isEmpty();
        }
        assertThat(git(dir, "rev-list", "--count", "HEAD").trim()).isEqualTo("46");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }
}
