package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlpc diff} and {@code mlpc rollback} end to end: real files, real Git, real PostgreSQL. */
class RollbackCliTest {
    static final String PG_URL = CliTest.PG_URL;
    static final String PG_USER = CliTest.PG_USER;

    @TempDir Path tmp;
    Path home;
    Path repo;
    String suffix;
    String db;
    String owner;
    String reader;

    record Run(int code, String out, String err) {}

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        repo = tmp.resolve("repo");
        Files.createDirectories(home);
        suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        db = "mlpc_rb_" + suffix;
        owner = "mlpc_rbo_" + suffix;
        reader = "mlpc_rbr_" + suffix;
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \"" + PG_URL
                + "\", user: " + PG_USER + "}\n  other: {type: postgres, url: \"" + PG_URL + "\", user: " + PG_USER + "}\n");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
    }

    @AfterEach
    void dropAll() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            c.createStatement().execute("DROP ROLE IF EXISTS \"" + reader + "\"");
            c.createStatement().execute("DROP ROLE IF EXISTS \"" + owner + "\"");
        }
    }

    /** Version 1: owner and database; 2: a schema; 3: connection limit 20 and a reader role with a grant. */
    Path version(int v) throws Exception {
        StringBuilder y = new StringBuilder("stack: rb-" + suffix + "\nresources:\n");
        y.append("  - {type: postgres.role, name: ").append(owner).append(", login: false}\n");
        y.append("  - {type: postgres.database, name: ").append(db).append(", owner: ").append(owner)
                .append(", encoding: UTF8, template: template0, connection_limit: ").append(v >= 3 ? 20 : 10).append("}\n");
        if (v >= 2) y.append("  - {type: postgres.schema, name: models, database: ").append(db).append(", owner: ").append(owner).append("}\n");
        if (v >= 3) {
            y.append("  - {type: postgres.role, name: ").append(reader).append(", login: true}\n");
            y.append("  - {type: postgres.grant, name: r_connect, role: ").append(reader).append(", on: database, database: ")
                    .append(db).append(", privileges: [CONNECT]}\n");
        }
        Path p = tmp.resolve("v" + v + ".yaml");
        Files.writeString(p, y.toString());
        return p;
    }

    private Object scalar(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PG_USER, ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    private String dbUrl() {
        return PG_URL.replaceAll("/[^/?]*(\\?.*)?$", "/" + db);
    }

    @Test
    void rollbackTwoVersionsBackIsRefusedWithoutAllowThenConvergesAndCarriesReverts() throws Exception {
        for (int v = 1; v <= 3; v++) {
            Run a = mlpc("apply", version(v).toString(), "--connection", "local", "--repo", repo.toString(), "-m", "version " + v);
            assertThat(a.code()).as(a.err()).isZero();
        }
        String stack = "rb-" + suffix;
        String v1;
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            v1 = r.log(0).stream().filter(c -> c.subject().equals("version 1")).findFirst().orElseThrow().id();
            assertThat(r.commitInfo("HEAD~2").id()).isEqualTo(v1);
        }
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(1L);

        // the plan only: the drops of what versions 2 and 3 added, the connection limit back; nothing runs
        Run planOnly = mlpc("rollback", stack, "--to", "HEAD~2", "--connection", "local", "--repo", repo.toString(), "--plan-only");
        assertThat(planOnly.code()).as(planOnly.err()).isZero();
        assertThat(planOnly.out()).contains("Rolling back stack " + stack + " to " + v1.substring(0, 7) + " (version 1) on local")
                .contains("Definition: 0 added, 3 removed, 1 changed against the head")
                .contains("drop").contains(reader).contains("models");
        int commits;
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            commits = r.log(0).size();
        }

        // destructive: refused without --allow-destroy, nothing runs, nothing committed
        Run refused = mlpc("rollback", stack, "--to", "HEAD~2", "--connection", "local", "--repo", repo.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("--allow-destroy").doesNotContain("\tat ");
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(1L);
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            assertThat(r.log(0).size()).isEqualTo(commits);
            assertThat(r.log(1).get(0).subject()).isEqualTo("version 3");
        }

        // allowed: runs, commits with Reverts, converges (a re-plan of the restored version has no changes)
        Run ok = mlpc("rollback", stack, "--to", v1.substring(0, 9), "--repo", repo.toString(), "--connection", "local",
                "--allow-destroy", "-m", "back to version 1");
        assertThat(ok.code()).as(ok.err() + ok.out()).isZero();
        assertThat(ok.out()).contains("Reverts: " + v1);
        CommitInfo head;
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            head = r.log(1).get(0);
            assertThat(r.readStack(stack).orElseThrow()).isEqualTo(Files.readString(version(1)));
        }
        assertThat(head.subject()).isEqualTo("back to version 1");
        assertThat(head.trailer("Reverts")).isEqualTo(v1);
        assertThat(head.trailer("Applied")).isEqualTo("yes");
        assertThat(head.trailer("Stack")).isEqualTo(stack);
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(0L);
        assertThat(scalar(PG_URL, "SELECT count(*) FROM pg_roles WHERE rolname = '" + reader + "'")).isEqualTo(0L);
        assertThat(scalar(PG_URL, "SELECT datconnlimit FROM pg_database WHERE datname = '" + db + "'")).isEqualTo(10);
        Run replan = mlpc("plan", version(1).toString(), "--connection", "local", "--repo", repo.toString(), "--detailed-exitcode");
        assertThat(replan.code()).as(replan.out() + replan.err()).isZero();
        // and rolling back to where it already is plans nothing
        Run again = mlpc("rollback", stack, "--to", "HEAD", "--connection", "local", "--repo", repo.toString(), "--plan-only");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("Definition: the same as at the head");
        assertThat(mlpc("verify", "--repo", repo.toString()).code()).isZero();
    }

    @Test
    void rollbackUsesTheStacksTargetByDefaultAndNamesWhatIsMissing() throws Exception {
        Path v1 = version(1);
        Files.writeString(v1, Files.readString(v1).replaceFirst("\n", "\ntarget: local\n"));
        assertThat(mlpc("apply", v1.toString(), "--connection", "local", "--repo", repo.toString(), "-m", "one").code()).isZero();
        Path v2 = version(2);
        Files.writeString(v2, Files.readString(v2).replaceFirst("\n", "\ntarget: local\n"));
        assertThat(mlpc("apply", v2.toString(), "--connection", "local", "--repo", repo.toString(), "-m", "two").code()).isZero();
        String stack = "rb-" + suffix;
        Run byTarget = mlpc("rollback", stack, "--to", "HEAD~1", "--repo", repo.toString(), "--allow-destroy");
        assertThat(byTarget.code()).as(byTarget.err()).isZero();
        assertThat(byTarget.out()).contains("on local");
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(0L);
    }

    @Test
    void underAPolicyRequiringApprovalTheRollbackIsAProposalCarryingReverts() throws Exception {
        for (int v = 1; v <= 2; v++) {
            Run a = mlpc("apply", version(v).toString(), "--connection", "local", "--repo", repo.toString(), "-m", "version " + v);
            assertThat(a.code()).as(a.err()).isZero();
        }
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "approvals:\n  - name: all\n    approvers: 1\n");
        Run set = mlpc("policy", "set", policy.toString(), "--repo", repo.toString());
        assertThat(set.code()).as(set.err()).isZero();
        String stack = "rb-" + suffix;
        String v1;
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            v1 = r.log(0).stream().filter(c -> c.subject().equals("version 1")).findFirst().orElseThrow().id();
        }
        Run proposed = mlpc("rollback", stack, "--to", v1, "--connection", "local", "--repo", repo.toString());
        assertThat(proposed.code()).as(proposed.err()).isZero();
        assertThat(proposed.out()).contains("policy.yaml requires 1 approval by others").contains("mlpc approve ")
                .contains("mlpc apply --proposal ").contains("--allow-destroy");
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            CommitInfo head = r.log(1).get(0);
            assertThat(head.trailer("Reverts")).isEqualTo(v1);
            assertThat(head.trailer("Applied")).isEqualTo("no");
            assertThat(head.trailer("Approval")).isEqualTo("required (1)");
        }
        // nothing ran: the schema of version 2 is still there
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(1L);
    }

    @Test
    void errorsNameTheRevisionTheStackOrTheField() throws Exception {
        assertThat(mlpc("commit", version(1).toString(), "--repo", repo.toString(), "-m", "one").code()).isZero();
        String stack = "rb-" + suffix;
        Run unknownRev = mlpc("diff", stack, "HEAD", "nosuchrev", "--repo", repo.toString());
        assertThat(unknownRev.code()).isEqualTo(1);
        assertThat(unknownRev.err()).isEqualTo("mlpc: REV2: unknown commit revision: nosuchrev in " + repo + "\n");
        Run tooFar = mlpc("diff", stack, "HEAD~5", "HEAD", "--repo", repo.toString());
        assertThat(tooFar.code()).isEqualTo(1);
        assertThat(tooFar.err()).startsWith("mlpc: REV1: unknown commit revision: HEAD~5");
        Run absent = mlpc("diff", "other", "HEAD", "HEAD", "--repo", repo.toString());
        assertThat(absent.code()).isEqualTo(1);
        assertThat(absent.err()).contains("stack other exists neither at HEAD").contains("stacks at the head: " + stack);
        Run badName = mlpc("diff", "no/such", "HEAD", "HEAD", "--repo", repo.toString());
        assertThat(badName.code()).isEqualTo(1);
        assertThat(badName.err()).startsWith("mlpc: STACK: 'no/such' is not a valid stack name");
        Run noArgs = mlpc("diff", stack);
        assertThat(noArgs.code()).isEqualTo(1);
        assertThat(noArgs.err()).contains("Missing required parameters: 'REV1', 'REV2'");
        Run noTarget = mlpc("rollback", stack, "--to", "HEAD", "--repo", repo.toString());
        assertThat(noTarget.code()).isEqualTo(1);
        assertThat(noTarget.err()).isEqualTo("mlpc: --connection: required (stack " + stack + " names no target at HEAD nor at the head)\n");
        Run notThere = mlpc("rollback", "other", "--to", "HEAD", "--connection", "local", "--repo", repo.toString());
        assertThat(notThere.code()).isEqualTo(1);
        assertThat(notThere.err()).contains("stack other does not exist at HEAD (").contains("nothing to roll back to");
        Run noTo = mlpc("rollback", stack, "--repo", repo.toString());
        assertThat(noTo.code()).isEqualTo(1);
        assertThat(noTo.err()).contains("Missing required option: '--to=REV'");
        Run badFormat = mlpc("diff", stack, "HEAD", "HEAD", "--format", "xml", "--repo", repo.toString());
        assertThat(badFormat.code()).isEqualTo(1);
        assertThat(badFormat.err()).contains("--format");
        for (Run r : List.of(unknownRev, tooFar, absent, badName, noTarget, notThere)) {
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aStackAddedSinceIsAValidDifference() throws Exception {
        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, "stack: other\nresources:\n  - {type: postgres.role, name: x_other, login: false}\n");
        assertThat(mlpc("commit", other.toString(), "--repo", repo.toString(), "-m", "other").code()).isZero();
        assertThat(mlpc("commit", version(1).toString(), "--repo", repo.toString(), "-m", "one").code()).isZero();
        Run d = mlpc("diff", "rb-" + suffix, "HEAD~1", "HEAD", "--repo", repo.toString(), "--format", "json");
        assertThat(d.code()).as(d.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(d.out());
        assertThat(j.at("/from/exists").asBoolean()).isFalse();
        assertThat(j.at("/to/exists").asBoolean()).isTrue();
        assertThat(j.at("/summary/added").asInt()).isEqualTo(2);
        assertThat(j.at("/generated_diff").asText()).contains("+++ b/generated/postgres/rb-" + suffix + ".sql");
        Run text = mlpc("diff", "rb-" + suffix, "HEAD~1", "HEAD", "--repo", repo.toString());
        assertThat(text.out()).contains("does not exist at").contains(": it was added since");
    }

    @Test
    void aRollbackOnAnotherConnectionThanTheStacksTargetNeedsForceTargetEvenForThePlan() throws Exception {
        Path v1 = version(1);
        Files.writeString(v1, Files.readString(v1).replaceFirst("\n", "\ntarget: local\n"));
        assertThat(mlpc("apply", v1.toString(), "--connection", "local", "--repo", repo.toString(), "-m", "one").code()).isZero();
        Path v2 = version(2);
        Files.writeString(v2, Files.readString(v2).replaceFirst("\n", "\ntarget: local\n"));
        assertThat(mlpc("apply", v2.toString(), "--connection", "local", "--repo", repo.toString(), "-m", "two").code()).isZero();
        String stack = "rb-" + suffix;
        Run planOnly = mlpc("rollback", stack, "--to", "HEAD~1", "--connection", "other", "--plan-only", "--repo", repo.toString());
        assertThat(planOnly.code()).isEqualTo(1);
        assertThat(planOnly.err()).contains("bound to connection local").contains("--force-target").doesNotContain("Exception");
        assertThat(planOnly.out()).doesNotContain("drop");
        Run real = mlpc("rollback", stack, "--to", "HEAD~1", "--connection", "other", "--allow-destroy", "--repo", repo.toString());
        assertThat(real.code()).isEqualTo(1);
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(1L);
        Run forced = mlpc("rollback", stack, "--to", "HEAD~1", "--connection", "other", "--force-target", "--allow-destroy",
                "--repo", repo.toString());
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("on other");
        assertThat(scalar(dbUrl(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'models'")).isEqualTo(0L);
    }
}
