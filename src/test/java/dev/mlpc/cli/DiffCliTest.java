package dev.mlpc.cli;

import dev.mlpc.core.audit.ConfigRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mlpc diff} on a hand-checked pair of versions: version 2 of stack {@code registry} drops role {@code ml_old},
 * adds schema {@code models}, raises the database's connection limit from 10 to 20 and gives it a comment. The text
 * and the JSON are asserted byte for byte against {@code golden/diff/registry.*} (commit ids substituted).
 */
class DiffCliTest {
    @TempDir Path tmp;

    private String run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", home.toString()), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    private static String golden(String name) throws Exception {
        try (InputStream in = DiffCliTest.class.getResourceAsStream("/golden/diff/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void diffOfTwoVersionsMatchesTheHandCheckedTextAndJson() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path repo = tmp.resolve("repo");
        run(home, "init", repo.toString());
        Path s1 = tmp.resolve("s1.yaml");
        Files.writeString(s1, """
                stack: registry
                resources:
                  - {type: postgres.role, name: ml_owner, login: false}
                  - {type: postgres.database, name: mlreg, owner: ml_owner, encoding: UTF8, connection_limit: 10}
                  - {type: postgres.role, name: ml_old, login: false}
                """);
        Path s2 = tmp.resolve("s2.yaml");
        Files.writeString(s2, """
                stack: registry
                resources:
                  - {type: postgres.role, name: ml_owner, login: false}
                  - {type: postgres.database, name: mlreg, owner: ml_owner, encoding: UTF8, connection_limit: 20, comment: model registry}
                  - {type: postgres.schema, name: models, database: mlreg, owner: ml_owner}
                """);
        run(home, "commit", s1.toString(), "--repo", repo.toString(), "-m", "one");
        run(home, "commit", s2.toString(), "--repo", repo.toString(), "-m", "two");
        String from;
        String to;
        try (ConfigRepository r = ConfigRepository.open(repo)) {
            from = r.commitInfo("HEAD~1").id();
            to = r.commitInfo("HEAD").id();
        }
        String text = run(home, "diff", "registry", "HEAD~1", "HEAD", "--repo", repo.toString());
        assertThat(text).isEqualTo(golden("registry.txt").replace("{FROM7}", from.substring(0, 7)).replace("{TO7}", to.substring(0, 7)));
        String json = run(home, "diff", "registry", "HEAD~1", "HEAD", "--repo", repo.toString(), "--format", "json");
        assertThat(json).isEqualTo(golden("registry.json").replace("{FROM}", from).replace("{TO}", to));
        // the other way round: added and removed swap, changes run backwards
        String back = run(home, "diff", "registry", to.substring(0, 10), from, "--repo", repo.toString());
        assertThat(back).contains("1 added, 1 removed, 1 changed\n+ postgres.role ml_old\n    login: false\n"
                + "- postgres.schema models\n").contains("    connection_limit: 20 -> 10\n    comment: \"model registry\" -> (unset)\n");
        // the same version twice
        String same = run(home, "diff", "registry", "HEAD", "HEAD", "--repo", repo.toString());
        assertThat(same).isEqualTo("stack registry: " + to.substring(0, 7) + " (HEAD) -> " + to.substring(0, 7)
                + " (HEAD)\n\nno differences\n\ngenerated files: no differences\n");
    }
}
