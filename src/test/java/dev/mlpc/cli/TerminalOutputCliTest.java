package dev.mlpc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13 item 7: what the CLI prints from user data reaches the terminal with its control characters escaped. */
class TerminalOutputCliTest {
    @TempDir Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        return MlpcCommand.run(args, Map.of("MLPC_HOME", tmp.resolve("home").toString()), new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void validateShowsTheEscapeNotTheCharacter() throws Exception {
        Path stack = tmp.resolve("s.yaml");
        Files.writeString(stack, "stack: s\nresources:\n  - {type: postgres.role, name: \"r\\e]0;owned\\a\", comment: \"x\\e[2K\"}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "validate", stack.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("resources[0].name: contains a control character (U+001B)")
                .contains("resources[0].comment: contains the control character U+001B at character 2")
                .doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void anOfflinePlanPrintsNamesAndStatementsEscaped() throws Exception {
        Path stack = tmp.resolve("s.yaml");
        Files.writeString(stack, "stack: s\nresources:\n  - {type: postgres.role, name: r, comment: \"tab\\there\"}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "plan", stack.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("+ create postgres.role r").contains("tab\there");
    }

    @Test
    void theWriterEscapesControlBidiAndLoneCarriageReturnsButKeepsLines() {
        StringWriter sink = new StringWriter();
        PrintWriter w = TerminalSafeWriter.wrap(new PrintWriter(sink));
        w.print("a\u001b[31mb\u0007c\u009bd\u202Ee\u200Bf\rg\r\nh\ti\n");
        w.print("end\r");
        w.flush();
        assertThat(sink.toString()).isEqualTo(
                "a\\u001b[31mb\\u0007c\\u009bd\\u202ee\\u200bf\\u000dg\r\nh\ti\nend\\u000d");
    }
}
