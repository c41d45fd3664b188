package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.cli.MlpcCommand;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 3: an apply killed with SIGKILL in the middle leaves its write-ahead journal, and the next start of
 * the CLI commits it as {@code Applied: interrupted (n/m …)} naming the statements whose outcome is unknown.
 */
class InterruptedApplyTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Path home;
    String created;
    String blocked;

    record Run(int code, String out, String err) { }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        String pw = PgTestSupport.password() == null ? "" : ", password: \"${env:MLPC_TEST_PG_PASSWORD}\"";
        Files.writeString(home.resolve("connections.yaml"), "connections:\n"
                + "  local: {type: postgres, url: \"" + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + pw + "}\n");
        created = pg.role("mlpc_wal_new");
        blocked = pg.role("mlpc_wal_busy");
        PgTestSupport.exec("CREATE ROLE " + q(blocked) + " NOLOGIN");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, env(), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        return env;
    }

    @Test
    void anApplyKilledMidwayIsCommittedAsInterruptedAtTheNextStart() throws Exception {
        Path stack = tmp.resolve("wal.yaml");
        Files.writeString(stack, "stack: wal\nresources:\n"
                + "  - {type: postgres.role, name: " + created + ", login: false}\n"
                + "  - {type: postgres.role, name: " + blocked + ", login: true}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child;
        // the test changes the second role in a transaction it keeps open: the apply's ALTER ROLE waits on that row
        try (Connection holder = PgTestSupport.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("ALTER ROLE " + q(blocked) + " CONNECTION LIMIT 5");
            }
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    dev.mlpc.Launcher.class.getName(), "apply", stack.toString(), "--connection", "local", "-m", "killed midway")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
            pb.environment().putAll(env());
            child = pb.start();
            try {
                waitUntilWaitingOnTheLock(child);
                Path wal = onlyFile(home.resolve("journal-wal"));
                assertThat(Files.readString(wal)).as("the intent of the blocked statement is on disk").contains("\"intent\"");
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isEqualTo(137);
                assertThat(Files.exists(wal)).as("a killed apply leaves its write-ahead journal").isTrue();
            } finally {
                child.destroyForcibly();
            }
            holder.rollback();
        }

        // the next start of the CLI (any command) commits it
        Run next = mlpc("log", "-n", "1");
        assertThat(next.err()).contains("recorded an interrupted apply of stack wal")
                .contains("Applied: interrupted (2/2 statements unknown)")
                .contains("ALTER ROLE " + q(blocked));
        assertThat(Files.list(home.resolve("journal-wal")).toList()).as("the write-ahead journal is removed").isEmpty();
        try (ConfigRepository repo = ConfigRepository.open(home.resolve("config"))) {
            CommitInfo c = repo.log(1).get(0);
            assertThat(c.trailer("Stack")).isEqualTo("wal");
            assertThat(c.trailer("Applied")).isEqualTo("interrupted (2/2 statements unknown)");
            assertThat(c.trailer("Run")).isNotBlank();
            assertThat(c.trailer("Journal-Sha256")).matches("[0-9a-f]{64}");
            assertThat(c.message()).contains("Outcome unknown (check the live system) for:")
                    .contains("- create postgres.role " + created + ": CREATE ROLE " + q(created))
                    .contains("- update postgres.role " + blocked + ": ALTER ROLE " + q(blocked));
            String journalPath = c.files().stream().filter(f -> f.startsWith("journal/wal/")).findFirst().orElseThrow();
            JsonNode j = new ObjectMapper().readTree(Files.readString(home.resolve("config").resolve(journalPath)));
            assertThat(j.get("outcome").asText()).isEqualTo("interrupted");
            assertThat(j.get("run").asText()).isEqualTo(c.trailer("Run"));
            List<String> outcomes = j.get("statements").findValuesAsText("outcome");
            assertThat(outcomes).containsExactly("unknown", "unknown");
            assertThat(repo.verify(new Workbench(AppHome.resolve(env()), Workbench.standardProviders(), env(), Workbench.DEFAULT_TIMEOUT)::regenerate).problems()).isEmpty();
        }
        // a second start finds nothing more to record
        assertThat(mlpc("log", "-n", "1").err()).doesNotContain("interrupted apply");
    }

    private void waitUntilWaitingOnTheLock(Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the apply ended before blocking:\n" + Files.readString(tmp.resolve("child.log")));
            }
            try (Connection c = PgTestSupport.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                         + " AND query LIKE 'ALTER ROLE %" + blocked + "%'")) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the apply never reached the blocked statement:\n" + Files.readString(tmp.resolve("child.log")));
    }

    private static Path onlyFile(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }
}
