package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The headless CLI end to end: real files, real Git, real PostgreSQL. */
class CliTest {
    static final String PG_URL = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String PG_USER = System.getProperty("mlpc.test.pgUser", "postgres");

    @TempDir Path tmp;
    Path home;
    String suffix;
    final List<String> databases = new ArrayList<>();
    final List<String> roles = new ArrayList<>();

    record Run(int code, String out, String err) {}

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        env.put("MLREG_PW", "s3cret-Value");
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \"" + PG_URL
                + "\", user: " + PG_USER + "}\n  nowhere: {type: postgres, url: \"jdbc:postgresql://127.0.0.1:1/postgres\", user: x}\n");
    }

    @AfterEach
    void dropAll() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            for (String d : databases) c.createStatement().execute("DROP DATABASE IF EXISTS \"" + d + "\" WITH (FORCE)");
            for (String r : roles) c.createStatement().execute("DROP ROLE IF EXISTS \"" + r + "\"");
        }
    }

    /** A registry stack with unique names; writes it and returns the path. */
    Path stack(String file, int connLimit, boolean withSchema) throws Exception {
        String db = "mlpc_cli_" + suffix;
        String owner = "mlpc_owner_" + suffix;
        String writer = "mlpc_writer_" + suffix;
        if (!databases.contains(db)) { databases.add(db); roles.add(writer); roles.add(owner); }
        String yaml = "stack: reg-" + suffix + "\n"
                + "resources:\n"
                + "  - {type: postgres.role, name: " + owner + ", login: false}\n"
                + "  - {type: postgres.role, name: " + writer + ", login: true, password: \"${env:MLREG_PW}\"}\n"
                + "  - {type: postgres.database, name: " + db + ", owner: " + owner + ", encoding: UTF8, lc_collate: C, lc_ctype: C, template: template0, connection_limit: " + connLimit + "}\n"
                + (withSchema ? "  - {type: postgres.schema, name: models, database: " + db + ", owner: " + owner + "}\n"
                + "  - {type: postgres.grant, name: w_usage, role: " + writer + ", on: schema, database: " + db + ", schema: models, privileges: [USAGE]}\n" : "")
                + "  - {type: postgres.grant, name: w_connect, role: " + writer + ", on: database, database: " + db + ", privileges: [CONNECT]}\n";
        Path p = tmp.resolve(file);
        Files.writeString(p, yaml);
        return p;
    }

    boolean schemaExists(String db, String schema) throws SQLException {
        String url = PG_URL.replaceAll("/[^/?]*(\\?.*)?$", "/" + db);
        try (Connection c = DriverManager.getConnection(url, PG_USER, "");
             ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            return rs.next();
        }
    }

    @Test
    void validateListsEveryProblemWithPositionAndExitsOne() throws Exception {
        Path good = stack("good.yaml", 10, true);
        assertThat(mlpc("validate", good.toString()).code()).isZero();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "stack: s\nresources:\n  - type: postgres.database\n    name: select\n    connection_limit: lots\n  - type: postgres.role\n    name: r\n    password: hunter2\n");
        Run r = mlpc("validate", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":4:11: resources[0].name: ")
                .contains(bad + ":5:23: resources[0].connection_limit: must be a whole number")
                .contains(bad + ":8:15: resources[1].password: must be a secret reference");
        Path notYaml = tmp.resolve("not.yaml");
        Files.writeString(notYaml, "stack: [unclosed\n  : : :\n");
        Run n = mlpc("validate", notYaml.toString());
        assertThat(n.code()).isEqualTo(1);
        assertThat(n.err()).startsWith(notYaml + ":").contains("not valid YAML").doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Review finding: errors say "Try 'mlpc verify --help'", which itself failed with "Unknown option". */
    @Test
    void everySubcommandTakesHelp() {
        for (String[] cmd : new String[][] {{"verify", "--help"}, {"plan", "--help"}, {"apply", "-h"}, {"registry", "models", "--help"},
                {"governance", "show", "--help"}, {"export", "--help"}}) {
            Run r = mlpc(cmd);
            assertThat(r.code()).as(String.join(" ", cmd) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: mlpc " + cmd[0]);
            assertThat(r.err()).as(String.join(" ", cmd)).doesNotContain("WARN");
        }
    }

    @Test
    void offlinePlanJsonHasTheContractShape() throws Exception {
        Path s = stack("s.yaml", 10, true);
        Run r = mlpc("plan", s.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("stack").asText()).isEqualTo("reg-" + suffix);
        assertThat(j.get("summary").get("create").asInt()).isEqualTo(6);
        assertThat(j.get("changes")).hasSize(6);
        JsonNode first = j.get("changes").get(0);
        assertThat(first.get("action").asText()).isEqualTo("create");
        assertThat(first.get("safety").asText()).isEqualTo("safe");
        assertThat(first.get("statements").get(0).isTextual()).isTrue();
        assertThat(r.out()).contains("${env:MLREG_PW}").doesNotContain("s3cret-Value");
        assertThat(mlpc("plan", s.toString(), "--detailed-exitcode").code()).isEqualTo(2);
    }

    @Test
    void applyThenPlanShowsNothingThenOneUpdateAndDropsNeedAllowDestroy() throws Exception {
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        Path s = stack("s.yaml", 10, true);
        Run applied = mlpc("apply", s.toString(), "--connection", "local", "--repo", repo.toString(), "-m", "first apply");
        assertThat(applied.code()).as(applied.err() + applied.out()).isZero();
        assertThat(applied.out()).contains("Applied: yes").doesNotContain("s3cret-Value");

        assertThat(mlpc("plan", s.toString(), "--connection", "local", "--repo", repo.toString(), "--detailed-exitcode").code()).isZero();

        Path changed = stack("s.yaml", 20, true);
        Run plan = mlpc("plan", changed.toString(), "--connection", "local", "--repo", repo.toString(), "--format", "json");
        JsonNode j = new ObjectMapper().readTree(plan.out());
        assertThat(j.get("summary").toString()).isEqualTo("{\"create\":0,\"update\":1,\"replace\":0,\"drop\":0}");
        assertThat(j.get("changes").get(0).get("statements").get(0).asText()).contains("CONNECTION LIMIT 20");
        assertThat(mlpc("apply", changed.toString(), "--connection", "local", "--repo", repo.toString()).code()).isZero();

        // remove the schema and its grant: the drop is destructive and refused without --allow-destroy
        Path smaller = stack("s.yaml", 20, false);
        // committed for review first: the schema is still dropped later, because the last APPLIED version managed it
        assertThat(mlpc("commit", smaller.toString(), "--repo", repo.toString(), "-m", "drop the schema (for review)").code()).isZero();
        Run refused = mlpc("apply", smaller.toString(), "--connection", "local", "--repo", repo.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("--allow-destroy").contains("drop postgres.schema models");
        assertThat(schemaExists("mlpc_cli_" + suffix, "models")).isTrue();
        Run allowed = mlpc("apply", smaller.toString(), "--connection", "local", "--repo", repo.toString(), "--allow-destroy");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(schemaExists("mlpc_cli_" + suffix, "models")).isFalse();

        Run log = mlpc("log", "--repo", repo.toString());
        assertThat(log.out()).contains("reg-" + suffix).contains("+0 ~1 -0").contains("yes");
        Run verify = mlpc("verify", "--repo", repo.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        // journals record statements without the secret
        try (var files = Files.walk(repo.resolve("journal"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain("s3cret-Value").contains("\"outcome\"");
            }
        }
    }

    @Test
    void commitVerifyCatchesHandEditsAndExportClonesBack() throws Exception {
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        Path s = stack("s.yaml", 10, true);
        Run c = mlpc("commit", s.toString(), "--repo", repo.toString(), "-m", "registry backend");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("Plan: +6 ~0 -0").contains("Applied: no");
        assertThat(git(repo, "log", "-1", "--format=%(trailers:key=Stack,valueonly)").trim()).isEqualTo("reg-" + suffix);
        assertThat(mlpc("verify", "--repo", repo.toString()).code()).isZero();

        Path bundle = tmp.resolve("audit.bundle");
        Run e = mlpc("export", "--repo", repo.toString(), "--out", bundle.toString());
        assertThat(e.code()).as(e.err()).isZero();
        git(tmp, "clone", "-q", bundle.toString(), tmp.resolve("clone").toString());
        assertThat(git(tmp.resolve("clone"), "bundle", "verify", bundle.toString())).contains("okay");
        assertThat(git(tmp.resolve("clone"), "rev-list", "HEAD")).isEqualTo(git(repo, "rev-list", "HEAD"));
        assertThat(Files.readString(Path.of(bundle + ".manifest.json"))).contains("Plan-Sha256");
        // the HTML audit report beside them lists the commit, its stack and plan
        Path report = Path.of(bundle + ".report.html");
        assertThat(e.out()).contains("report   " + report.toAbsolutePath());
        assertThat(Files.readString(report)).contains("<!DOCTYPE html>").contains("\"stack\":\"reg-" + suffix + "\"")
                .contains("\"planTrailer\":\"+6 ~0 -0\"").contains("registry backend");

        // a hand edit of a generated file is caught and the commit is named
        Path sql = repo.resolve("generated/postgres/reg-" + suffix + ".sql");
        Files.writeString(sql, Files.readString(sql) + "\nDROP DATABASE important;\n");
        git(repo, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-qam", "tweak");
        String bad = git(repo, "rev-parse", "--short=7", "HEAD").trim();
        Run v = mlpc("verify", "--repo", repo.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.err()).contains(bad.substring(0, 7)).contains("generated/postgres/reg-" + suffix + ".sql");
    }

    @Test
    void errorsAreMessagesNotStackTraces() throws Exception {
        Path s = stack("s.yaml", 10, true);
        Run r = mlpc("plan", s.toString(), "--connection", "nowhere");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:1").doesNotContain("\tat ").doesNotContain("Exception");
        Run unknown = mlpc("plan", s.toString(), "--connection", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("connections.nope").contains("no such connection");
        Run missingRepo = mlpc("log", "--repo", tmp.resolve("nothing").toString());
        assertThat(missingRepo.code()).isEqualTo(1);
        assertThat(missingRepo.err()).contains("not a config repository");
        Run badArgs = mlpc("plan");
        assertThat(badArgs.code()).isEqualTo(1);
        assertThat(badArgs.err()).contains("FILE");
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  leaky: {type: postgres, url: \"jdbc:postgresql://h/db\", user: u, password: plaintext}\n");
        Run leaky = mlpc("plan", s.toString(), "--connection", "leaky");
        assertThat(leaky.code()).isEqualTo(1);
        assertThat(leaky.err()).contains("connections.yaml:2:").contains("connections.leaky.password: must be a secret reference");
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
