package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 5 through the CLI: {@code verify} keeps the root commit and the last verified head in settings, so
 * a later reset or a swapped repository is reported by name; every export's manifest names them too.
 */
class VerifyRecordCliTest {
    @TempDir Path tmp;
    Path home;
    Path repo;

    record Run(int code, String out, String err) { }

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", home.toString()), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        for (int limit : List.of(1, 2, 3)) {
            Path s = tmp.resolve("s.yaml");
            Files.writeString(s, "stack: s\nresources:\n  - {type: postgres.role, name: r1, connection_limit: " + limit + "}\n");
            Run c = mlpc("commit", s.toString(), "--repo", repo.toString(), "-m", "limit " + limit);
            assertThat(c.code()).as(c.err()).isZero();
        }
    }

    @Test
    void verifyRecordsItsAnchorAndNamesAResetAndASwappedRepositoryLater() throws Exception {
        Run first = mlpc("verify", "--repo", repo.toString());
        assertThat(first.code()).as(first.err()).isZero();
        String head = git(repo, "rev-parse", "HEAD").trim();
        String root = git(repo, "rev-list", "--max-parents=0", "HEAD").trim();
        assertThat(first.out()).contains("recorded root " + root.substring(0, 12) + " and head " + head.substring(0, 12));
        Settings s = Settings.load(home.resolve("settings.yaml"));
        assertThat(s.verified(repo).head()).isEqualTo(head);
        assertThat(s.verified(repo).root()).isEqualTo(root);

        Run export = mlpc("export", "--repo", repo.toString(), "--out", tmp.resolve("out/audit.bundle").toString());
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(tmp.resolve("out/audit.bundle.manifest.json").toFile());
        assertThat(m.get("root").asText()).isEqualTo(root);
        assertThat(m.get("lastVerified").get("head").asText()).isEqualTo(head);
        assertThat(m.get("record").asText()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(tmp.resolve("out/audit.bundle.manifest.txt"))).contains("Root commit:    " + root)
                .contains("Last verified:  " + head);

        git(repo, "reset", "-q", "--hard", "HEAD~1");
        Run reset = mlpc("verify", "--repo", repo.toString());
        assertThat(reset.code()).isEqualTo(1);
        assertThat(reset.err()).contains("history reset: head ").contains(" is behind the last verified head " + head.substring(0, 12));
        assertThat(Settings.load(home.resolve("settings.yaml")).verified(repo).head()).as("a failed verify keeps the anchor")
                .isEqualTo(head);

        // another repository put in its place (made with git: its root commit differs whatever the clock says)
        org.eclipse.jgit.util.FileUtils.delete(repo.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "another\n");
        git(repo, "add", "README.md");
        git(repo, "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-q", "-m", "another start");
        Run swapped = mlpc("verify", "--repo", repo.toString());
        assertThat(swapped.code()).isEqualTo(1);
        assertThat(swapped.err()).contains("repository replaced: root commit ").contains("differs from the one recorded (" + root + ")");
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
