package dev.mlpc.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** mlpc governance show | set FILE: the rules in force, and a validated, audited commit of governance.yaml. */
class GovernanceCliTest {
    @TempDir Path tmp;
    Path home;

    record Run(int code, String out, String err) {}

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
    }

    @Test
    void showSetAndShowAgain() throws Exception {
        Run before = mlpc("governance", "show");
        assertThat(before.code()).isEqualTo(0);
        assertThat(before.out()).startsWith("# no governance.yaml: every rule with its defaults\n")
                .containsPattern("domain-without-cmk +enabled +warning")
                .contains("required-tags").contains("tags: [owner, data-classification]");

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "rules:\n  domain-without-cmk:\n    severity: blocker\n");
        Run refused = mlpc("governance", "set", bad.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains(bad + ":3:15: rules.domain-without-cmk.severity: must be warning or error")
                .doesNotContain("Exception");

        Path good = tmp.resolve("governance.yaml");
        Files.writeString(good, "rules:\n  domain-without-cmk:\n    severity: error\n  shared-execution-role:\n    enabled: false\n");
        Run set = mlpc("governance", "set", good.toString(), "-m", "Customer keys for every domain");
        assertThat(set.code()).as(set.err()).isEqualTo(0);
        assertThat(set.out()).contains("Customer keys for every domain").contains("Config: governance.yaml");

        Run after = mlpc("governance", "show");
        assertThat(after.out()).startsWith("# governance.yaml at ")
                .containsPattern("domain-without-cmk +enabled +error")
                .containsPattern("shared-execution-role +off +warning");
        Run log = mlpc("log");
        assertThat(log.out()).contains("Customer keys for every domain");
    }
}
