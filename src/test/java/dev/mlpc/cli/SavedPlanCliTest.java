package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved plans, like Terraform's: {@code plan --out}, {@code apply --plan} and {@code apply --expect-plan-sha256} run
 * exactly the reviewed plan or nothing. Real files, real Git, real PostgreSQL; live state is changed behind mlpc's back
 * over JDBC.
 */
class SavedPlanCliTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Path home;
    Path repo;
    String owner;
    String reader;
    String writer;

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
        writeConnections("");
        repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        owner = pg.role("mlpc_sp_owner");
        reader = pg.role("mlpc_sp_reader");
        writer = pg.role("mlpc_sp_writer");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    /** Two profiles on the same server; {@code extra} is appended to the url of {@code local} (to edit the profile). */
    void writeConnections(String extra) throws Exception {
        String pw = PgTestSupport.password() == null ? "" : ", password: \"${env:MLPC_TEST_PG_PASSWORD}\"";
        Files.writeString(home.resolve("connections.yaml"), "connections:\n"
                + "  local: {type: postgres, url: \"" + PgTestSupport.url() + extra + "\", user: " + PgTestSupport.user() + pw + "}\n"
                + "  other: {type: postgres, url: \"" + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + pw + "}\n");
    }

    /** A stack of roles: owner and reader always, writer when asked. */
    Path stack(boolean withWriter) throws Exception {
        String yaml = "stack: saved-plan\nresources:\n"
                + "  - {type: postgres.role, name: " + owner + ", login: false}\n"
                + "  - {type: postgres.role, name: " + reader + ", login: false}\n"
                + (withWriter ? "  - {type: postgres.role, name: " + writer + ", login: false}\n" : "");
        Path p = tmp.resolve("stack.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    String head() throws Exception {
        return CliTest.git(repo, "rev-parse", "HEAD").trim();
    }

    int commits() throws Exception {
        return CliTest.git(repo, "rev-list", "--count", "HEAD").trim().isEmpty() ? 0
                : Integer.parseInt(CliTest.git(repo, "rev-list", "--count", "HEAD").trim());
    }

    Run planOut(Path stack, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("plan", stack.toString(), "--connection", "local",
                "--repo", repo.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return mlpc(args.toArray(String[]::new));
    }

    @Test
    void planOutWritesThePlanItsHashAndWhatItWasMadeFrom() throws Exception {
        Path s = stack(false);
        Path pf = tmp.resolve("reviewed.plan");
        Run r = planOut(s, pf, "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(Files.readString(pf));
        assertThat(j.get("format").asText()).isEqualTo("mlpc-plan/1");
        assertThat(j.get("stack").asText()).isEqualTo("saved-plan");
        assertThat(j.get("stack_file").asText()).isEqualTo(s.toAbsolutePath().normalize().toString());
        assertThat(j.get("stack_sha256").asText()).isEqualTo(Plan.sha256(Files.readAllBytes(s)));
        assertThat(j.get("stack_commit").isNull()).as("the repository does not hold this stack yet").isTrue();
        assertThat(j.get("connection").asText()).isEqualTo("local");
        assertThat(j.get("connection_type").asText()).isEqualTo("postgres");
        assertThat(j.get("provider").asText()).isEqualTo("postgres");
        // the plan exactly as `plan --format json` prints it, and its hash
        assertThat(j.get("plan").asText()).isEqualTo(r.out());
        assertThat(j.get("plan_sha256").asText()).isEqualTo(Plan.sha256(r.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(j.get("plan_summary").asText()).isEqualTo("+2 ~0 -0");
        assertThat(r.err()).contains("Saved the plan to " + pf).contains(j.get("plan_sha256").asText());

        // committed first, the stack's commit is recorded
        assertThat(mlpc("commit", s.toString(), "--repo", repo.toString(), "-m", "for review").code()).isZero();
        assertThat(planOut(s, pf).code()).isZero();
        assertThat(new ObjectMapper().readTree(Files.readString(pf)).get("stack_commit").asText()).isEqualTo(head());

        // an offline plan cannot be applied: --out without --connection is refused and writes nothing
        Path offline = tmp.resolve("offline.plan");
        Run refused = mlpc("plan", s.toString(), "--out", offline.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("--out").contains("--connection");
        assertThat(offline).doesNotExist();
    }

    @Test
    void applyPlanRefusesWhenTheLiveStateChangedAndRunsNothing() throws Exception {
        Path s = stack(false);
        Path pf = tmp.resolve("reviewed.plan");
        assertThat(planOut(s, pf).code()).isZero();
        String before = head();

        // behind mlpc's back: the owner role appears (the reviewed plan would create it)
        PgTestSupport.exec("CREATE ROLE " + q(owner) + " NOLOGIN");
        Run r = mlpc("apply", "--plan", pf.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("refused: the live state changed").contains("Nothing was run")
                .contains("Reviewed plan: +2 ~0 -0").contains("Live plan:     +1 ~0 -0")
                .contains("- only reviewed: create postgres.role " + owner)
                .doesNotContain("Exception");
        assertThat(PgTestSupport.roleExists(reader)).as("nothing ran").isFalse();
        assertThat(head()).as("no journal commit").isEqualTo(before);
        assertThat(repo.resolve("journal")).doesNotExist();
    }

    @Test
    void applyPlanAppliesExactlyTheUnchangedPlanAndCommitsItsHash() throws Exception {
        Path s = stack(false);
        Path pf = tmp.resolve("reviewed.plan");
        assertThat(planOut(s, pf).code()).isZero();
        String sha = new ObjectMapper().readTree(Files.readString(pf)).get("plan_sha256").asText();
        int before = commits();

        Run r = mlpc("apply", "--plan", pf.toString(), "-m", "apply the reviewed plan");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("Applied: yes");
        assertThat(PgTestSupport.roleExists(owner)).isTrue();
        assertThat(PgTestSupport.roleExists(reader)).isTrue();
        assertThat(commits()).isEqualTo(before + 1);
        assertThat(CliTest.git(repo, "log", "-1", "--format=%(trailers:key=Plan-Sha256,valueonly)").trim()).isEqualTo(sha);
        try (var files = Files.list(repo.resolve("journal/saved-plan"))) {
            assertThat(files.toList()).hasSize(1);
        }

        // FILE may be given: it must hold the planned stack
        Path pf2 = tmp.resolve("second.plan");
        Path grown = stack(true);
        assertThat(planOut(grown, pf2).code()).isZero();
        Path copy = tmp.resolve("copy.yaml");
        Files.writeString(copy, Files.readString(grown) + "# edited\n");
        Run other = mlpc("apply", copy.toString(), "--plan", pf2.toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).contains("refused: the stack changed").contains(copy.toString());
        assertThat(PgTestSupport.roleExists(writer)).isFalse();
        Files.copy(grown, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run same = mlpc("apply", copy.toString(), "--plan", pf2.toString(), "--connection", "local");
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(PgTestSupport.roleExists(writer)).isTrue();
    }

    @Test
    void applyPlanRefusesAChangedStackAChangedOrOtherConnectionAndATamperedFile() throws Exception {
        Path s = stack(false);
        Path pf = tmp.resolve("reviewed.plan");
        assertThat(planOut(s, pf).code()).isZero();
        String before = head();

        // the stack file changed since the plan
        String original = Files.readString(s);
        Files.writeString(s, original.replace("login: false}\n  - {type: postgres.role, name: " + reader,
                "login: true}\n  - {type: postgres.role, name: " + reader));
        Run stackChanged = mlpc("apply", "--plan", pf.toString());
        assertThat(stackChanged.code()).isEqualTo(1);
        assertThat(stackChanged.err()).contains("refused: the stack changed since the plan").contains(s.toString());
        Files.writeString(s, original);

        // another connection than the plan's
        Run wrong = mlpc("apply", "--plan", pf.toString(), "--connection", "other");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("refused: the connection changed").contains("local").contains("not other");

        // the plan's connection profile was edited since
        writeConnections((PgTestSupport.url().contains("?") ? "&" : "?") + "ApplicationName=edited");
        Run edited = mlpc("apply", "--plan", pf.toString());
        assertThat(edited.code()).isEqualTo(1);
        assertThat(edited.err()).contains("refused: the connection changed").contains("settings of connection local");
        writeConnections("");

        // the plan inside the file was edited: it no longer hashes to plan_sha256
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(Files.readString(pf));
        j.put("plan", j.get("plan").asText().replace("CREATE ROLE", "CREATE ROLE /* edited */"));
        Path tampered = tmp.resolve("tampered.plan");
        Files.writeString(tampered, j.toPrettyString());
        Run t = mlpc("apply", "--plan", tampered.toString());
        assertThat(t.code()).isEqualTo(1);
        assertThat(t.err()).contains("was changed after it was written").contains("Nothing was run");

        // edited and re-hashed: the live plan is not that plan, so nothing runs either
        String forged = j.get("plan").asText();
        j.put("plan_sha256", Plan.sha256(forged.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tampered, j.toPrettyString());
        Run f = mlpc("apply", "--plan", tampered.toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(f.err()).contains("refused: the live state changed").contains("~ differs:");

        Run notAPlan = mlpc("apply", "--plan", s.toString());
        assertThat(notAPlan.code()).isEqualTo(1);
        assertThat(notAPlan.err()).contains("not a plan file").doesNotContain("Exception");

        assertThat(PgTestSupport.roleExists(owner)).as("nothing ran").isFalse();
        assertThat(PgTestSupport.roleExists(reader)).isFalse();
        assertThat(head()).isEqualTo(before);

        // the untouched plan file still applies
        Run ok = mlpc("apply", "--plan", pf.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(PgTestSupport.roleExists(owner)).isTrue();
    }

    @Test
    void applyPlanStillNeedsAllowDestroyForDestructiveChanges() throws Exception {
        Path s = stack(true);
        assertThat(mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString()).code()).isZero();
        Path smaller = stack(false);
        Path pf = tmp.resolve("drop.plan");
        Run plan = planOut(smaller, pf);
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("--allow-destroy");
        Run refused = mlpc("apply", "--plan", pf.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("--allow-destroy").contains("drop postgres.role " + writer);
        assertThat(PgTestSupport.roleExists(writer)).isTrue();
        Run allowed = mlpc("apply", "--plan", pf.toString(), "--allow-destroy");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(PgTestSupport.roleExists(writer)).isFalse();
    }

    @Test
    void expectPlanSha256RefusesAWrongHashAndAppliesTheRightOne() throws Exception {
        Path s = stack(false);
        Run json = mlpc("plan", s.toString(), "--connection", "local", "--repo", repo.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        String right = Plan.sha256(json.out().getBytes(StandardCharsets.UTF_8));
        String wrong = right.substring(1) + (right.charAt(0) == '0' ? '1' : '0');
        String before = head();

        Run refused = mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString(),
                "--expect-plan-sha256", wrong);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("refused: the live plan has sha256 " + right).contains("not " + wrong)
                .contains("Live plan:     +2 ~0 -0").contains("create postgres.role " + owner);
        assertThat(PgTestSupport.roleExists(owner)).isFalse();
        assertThat(head()).isEqualTo(before);

        Run malformed = mlpc("apply", s.toString(), "--connection", "local", "--expect-plan-sha256", "abc");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains("--expect-plan-sha256").contains("64 hex digits");

        Run ok = mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString(),
                "--expect-plan-sha256", right.toUpperCase(java.util.Locale.ROOT));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(PgTestSupport.roleExists(owner)).isTrue();
        assertThat(CliTest.git(repo, "log", "-1", "--format=%(trailers:key=Plan-Sha256,valueonly)").trim()).isEqualTo(right);
    }
}
