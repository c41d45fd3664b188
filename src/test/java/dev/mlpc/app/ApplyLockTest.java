package dev.mlpc.app;

import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, item 4: two applies on one PostgreSQL target at once. The first holds the server's advisory lock for its
 * whole apply (here: while one of its statements waits on a row the test keeps locked); a second apply refuses after
 * its wait, naming the holder and its age, or, with a longer wait, runs once the first has finished.
 */
class ApplyLockTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Workbench wb;
    ConnectionProfile local;
    String busy;
    String second;

    @BeforeEach
    void setUp() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        wb = new Workbench(AppHome.resolve(env), Workbench.standardProviders(), env, Workbench.DEFAULT_TIMEOUT);
        local = PgTestSupport.profile("local");
        busy = pg.role("mlpc_lock_busy");
        second = pg.role("mlpc_lock_second");
        PgTestSupport.exec("CREATE ROLE " + q(busy) + " NOLOGIN");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private void lockWait(int seconds) throws Exception {
        wb.saveSettings(wb.settings().withLockWait(seconds));
    }

    private Workbench.ApplyOutcome apply(String name, String yaml) throws Exception {
        return apply(name, yaml, Progress.NONE);
    }

    private Workbench.ApplyOutcome apply(String name, String yaml, Progress progress) throws Exception {
        Stack s = wb.parseStack("stacks/" + name + ".yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            return wb.apply(s, yaml, local, repo, false, "apply " + name, progress);
        }
    }

    @Test
    void aSecondApplyOnTheSameServerRefusesNamingTheHolderOrWaitsForIt() throws Exception {
        String first = "stack: first\nresources:\n  - {type: postgres.role, name: " + busy + ", login: true}\n";
        String other = "stack: other\nresources:\n  - {type: postgres.role, name: " + second + ", login: false}\n";
        try (Connection holder = PgTestSupport.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("ALTER ROLE " + q(busy) + " CONNECTION LIMIT 5");
            }
            CompletableFuture<Workbench.ApplyOutcome> a = CompletableFuture.supplyAsync(() -> {
                try {
                    return apply("first", first);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waitFor("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'ALTER ROLE %" + busy + "%'", a);

            lockWait(1);
            assertThatThrownBy(() -> apply("other", other)).isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("another apply holds the PostgreSQL advisory lock of mlpc applies on ")
                    .hasMessageContaining(" pid " + ProcessHandle.current().pid() + ", stack first, run ")
                    .hasMessageContaining("held for ")
                    .hasMessageContaining("Nothing was run");
            assertThat(PgTestSupport.roleExists(second)).isFalse();

            lockWait(120);
            java.util.List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
            Progress seen = new Progress() {
                @Override public void status(String message) { statuses.add(message); }
                @Override public void worked(long done, long total) { }
                @Override public boolean cancelled() { return false; }
            };
            CompletableFuture<Workbench.ApplyOutcome> b = CompletableFuture.supplyAsync(() -> {
                try {
                    return apply("other", other, seen);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the second apply's lock session is waiting (polling) while the first still runs
            waitFor("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'mlpc apply lock: %stack other%'", b);
            assertThat(b).isNotDone();
            // the wait is reported, not silent: the CLI prints it, the console shows it
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (statuses.stream().noneMatch(m -> m.startsWith("waiting for ")) && System.nanoTime() < until) Thread.sleep(50);
            assertThat(statuses).anySatisfy(m -> assertThat(m)
                    .startsWith("waiting for the PostgreSQL advisory lock of mlpc applies on ")
                    .contains(" held by " + TargetLockFile.Owner.current() + ", stack first, run ")
                    .endsWith(", up to 120 s"));
            holder.rollback();
            Workbench.ApplyOutcome doneA = a.get(120, TimeUnit.SECONDS);
            Workbench.ApplyOutcome doneB = b.get(120, TimeUnit.SECONDS);
            assertThat(doneA.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
            assertThat(doneB.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
            assertThat(PgTestSupport.roleExists(second)).isTrue();
            assertThat(doneA.commit().when()).isBeforeOrEqualTo(doneB.commit().when());
        }
    }

    private static void waitFor(String countQuery, CompletableFuture<?> work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (work.isDone()) throw new AssertionError("the apply ended early: " + work.get());
            try (Connection c = PgTestSupport.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(countQuery)) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never seen: " + countQuery);
    }
}
