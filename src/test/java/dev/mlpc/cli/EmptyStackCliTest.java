package dev.mlpc.cli;

import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stack without resources names no provider: planning it alone is an error (never a silent PostgreSQL stack); a stack
 * emptied after an apply takes the provider its history names, so removing every resource drops them all.
 */
class EmptyStackCliTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Path home;

    record Run(int code, String out, String err) {}

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        String pw = PgTestSupport.password() == null ? "" : ", password: \"${env:MLPC_TEST_PG_PASSWORD}\"";
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \""
                + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + pw + "}\n");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    @Test
    void anEmptyStackWithoutHistoryIsAnErrorNamingTheStack() throws Exception {
        Path s = tmp.resolve("empty.yaml");
        Files.writeString(s, "stack: nothing-here\nresources: []\n");
        Run offline = mlpc("plan", s.toString());
        assertThat(offline.code()).isEqualTo(1);
        assertThat(offline.err()).contains("stack nothing-here has no resources; nothing to plan").doesNotContain("Exception");
        Run live = mlpc("plan", s.toString(), "--connection", "local", "--repo", initRepo().toString());
        assertThat(live.code()).isEqualTo(1);
        assertThat(live.err()).contains("stack nothing-here has no resources; nothing to plan");
    }

    @Test
    void anEmptiedStackDropsWhatItsHistoryManagedAndVerifies() throws Exception {
        Path repo = initRepo();
        String role = pg.role("mlpc_empty");
        Path s = tmp.resolve("s.yaml");
        Files.writeString(s, "stack: emptied\nresources:\n  - {type: postgres.role, name: " + role + ", login: false}\n");
        Run applied = mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(PgTestSupport.roleExists(role)).isTrue();

        Files.writeString(s, "stack: emptied\nresources: []\n");
        Run plan = mlpc("plan", s.toString(), "--connection", "local", "--repo", repo.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("drop postgres.role " + role);
        Run dropped = mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString(), "--allow-destroy");
        assertThat(dropped.code()).as(dropped.err()).isZero();
        assertThat(PgTestSupport.roleExists(role)).isFalse();
        assertThat(repo.resolve("generated/postgres/emptied.plan.json")).exists();
        assertThat(repo.resolve("generated/postgres/emptied.sql")).as("an empty stack renders no document").doesNotExist();
        Run verify = mlpc("verify", "--repo", repo.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
    }

    private Path initRepo() {
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        return repo;
    }
}
