package dev.mlpc.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's first steps with the CLI (review findings): {@code govern} without a config repository and with
 * {@code --repo}; {@code export-iac --out} never overwriting an edited file without {@code --force}; the help list
 * whole; usage errors of lineage, govern and export-iac exiting 2; YAML syntax errors with file, line, column and what
 * was expected.
 */
class NewUserCliTest {
    @TempDir Path tmp;
    Path home;

    CliRun mlpc(String... args) {
        return CliRun.in(home, args);
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
    }

    Path stackFile(String name) throws Exception {
        Path p = tmp.resolve(name + ".yaml");
        Files.writeString(p, "stack: " + name + "\nresources:\n  - type: postgres.database\n    name: ml_models\n");
        return p;
    }

    @Test
    void governWithoutAConfigRepositorySaysSoAndCreatesNone() throws Exception {
        CliRun r = mlpc("govern");
        assertThat(r.code()).as("the estate cannot be read: an error, not a clean result").isEqualTo(1);
        assertThat(r.err()).startsWith("mlpc: no config repository at " + home.resolve("config"))
                .contains("give --repo DIR").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("No governance findings");
        assertThat(Files.exists(home.resolve("config"))).as("govern is read-only: no git init").isFalse();
        // lineage reads the same way: a warning naming the same place, nothing created
        CliRun lineage = mlpc("lineage", "anything");
        assertThat(lineage.err()).contains("mlpc: warning: no config repository at " + home.resolve("config"));
        assertThat(Files.exists(home.resolve("config"))).isFalse();
        // --repo that is not a repository: the same error as lineage --repo
        Path nowhere = tmp.resolve("nowhere");
        CliRun g = mlpc("govern", "--repo", nowhere.toString());
        CliRun l = mlpc("lineage", "anything", "--repo", nowhere.toString());
        assertThat(g.code()).isEqualTo(1);
        assertThat(l.code()).isEqualTo(1);
        assertThat(g.err()).contains("not a config repository: " + nowhere).isEqualTo(l.err());
        assertThat(Files.exists(nowhere)).isFalse();
    }

    @Test
    void governRepoReadsThatRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        CliRun commit = mlpc("commit", stackFile("gov-demo").toString(), "--repo", repo.toString(), "-m", "demo");
        assertThat(commit.code()).as(commit.err()).isZero();
        CliRun r = mlpc("govern", "--repo", repo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(1 stack, ");
        CliRun json = mlpc("govern", "--repo", repo.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"stacks\" : 1");
        assertThat(mlpc("govern", "--help").out()).contains("--repo=DIR");
        assertThat(Files.exists(home.resolve("config"))).isFalse();
    }

    @Test
    void exportIacRefusesToOverwriteAnEditedFileWithoutForce() throws Exception {
        Path stack = tmp.resolve("postgres.yaml");
        try (InputStream in = getClass().getResourceAsStream("/iac/stacks/postgres.yaml")) {
            Files.write(stack, in.readAllBytes());
        }
        Path out = tmp.resolve("out");
        CliRun first = mlpc("export-iac", stack.toString(), "--to", "pulumi-python", "--out", out.toString());
        assertThat(first.code()).as(first.err()).isZero();
        String generated = Files.readString(out.resolve("__main__.py"));
        // the same content again: rewritten without a word
        CliRun again = mlpc("export-iac", stack.toString(), "--to", "pulumi-python", "--out", out.toString());
        assertThat(again.code()).as(again.err()).isZero();

        Files.writeString(out.resolve("__main__.py"), generated + "# my edit\n");
        Files.writeString(out.resolve("requirements.txt"), "pulumi==0.0.1\n");
        CliRun refused = mlpc("export-iac", stack.toString(), "--to", "pulumi-python", "--out", out.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("mlpc: export-iac: --out: refused: would overwrite 2 files with other content: "
                        + out.resolve("__main__.py") + ", " + out.resolve("requirements.txt"))
                .contains("give --force").doesNotContain("Pulumi.yaml").doesNotContain("Exception");
        assertThat(Files.readString(out.resolve("__main__.py"))).endsWith("# my edit\n");
        assertThat(Files.readString(out.resolve("requirements.txt"))).isEqualTo("pulumi==0.0.1\n");

        CliRun forced = mlpc("export-iac", stack.toString(), "--to", "pulumi-python", "--out", out.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(out.resolve("__main__.py"))).isEqualTo(generated);
        assertThat(mlpc("export-iac", "--help").out()).contains("--force");
    }

    @Test
    void helpListsEveryCommandWhole() {
        String help = mlpc("--help").out();
        int at = help.indexOf("  govern ");
        String line = help.substring(at, help.indexOf("\n  lineage", at));
        assertThat(line.replaceAll("\\s+", " ").strip())
                .isEqualTo("govern Evaluate the governance rules over the whole estate (stacks at head, lineage across systems).");
    }

    @Test
    void usageErrorsOfLineageGovernAndExportIacExitTwoNamingTheOption() throws Exception {
        CliRun svg = mlpc("lineage", "x", "--format", "svg");
        assertThat(svg.code()).isEqualTo(2);
        assertThat(svg.err()).contains("'--format'").contains("svg").contains("text, json, dot");
        CliRun abc = mlpc("lineage", "x", "--depth", "abc");
        assertThat(abc.code()).isEqualTo(2);
        assertThat(abc.err()).contains("'--depth'").contains("'abc' is not an int");
        CliRun both = mlpc("lineage", "x", "--upstream", "--downstream");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--upstream, --downstream are mutually exclusive");
        CliRun zero = mlpc("lineage", "x", "--depth", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).startsWith("mlpc: lineage: --depth: must be 1 to 50 (it is 0)");
        CliRun xml = mlpc("govern", "--format", "xml");
        assertThat(xml.code()).isEqualTo(2);
        assertThat(xml.err()).startsWith("mlpc: govern: --format: must be text or json (it is xml)");
        CliRun noOut = mlpc("export-iac", stackFile("s").toString(), "--to", "terraform-json", "--out");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("'--out'");
        CliRun unknown = mlpc("export-iac", stackFile("s").toString(), "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'").contains("Try 'mlpc export-iac --help'.");
        for (CliRun r : new CliRun[] {svg, abc, both, zero, xml, noOut, unknown}) assertThat(r.err()).doesNotContain("Exception");
        assertThat(mlpc("validate", "--bogus").code()).as("the BRIEF's commands keep 1").isEqualTo(1);
    }

    @Test
    void aBrokenStackNamesFileLineColumnAndWhatWasExpected() throws Exception {
        Path bad = tmp.resolve("broken.yaml");
        Files.writeString(bad, "stack: broken\nresources:\n  - type: postgres.role\n    name: a\n   - type: postgres.role\n");
        String expected = bad + ":5:4: (syntax): not valid YAML: expected the end of the block, but found '-' (a list item),"
                + " while parsing a block collection that starts at line 3, column 3";
        CliRun validate = mlpc("validate", bad.toString());
        assertThat(validate.code()).isEqualTo(1);
        assertThat(validate.err().strip()).isEqualTo(expected);
        CliRun plan = mlpc("plan", bad.toString());
        assertThat(plan.code()).isEqualTo(1);
        assertThat(plan.err().strip()).isEqualTo(expected);

        Path mapping = tmp.resolve("mapping.yaml");
        Files.writeString(mapping, "stack: m\nresources:\n  - type: postgres.role\n    name: a\n  bad indent: x\n");
        CliRun m = mlpc("validate", mapping.toString());
        assertThat(m.code()).isEqualTo(1);
        assertThat(m.err()).startsWith(mapping + ":5:3: (syntax): not valid YAML: expected the end of the block, but found a key,"
                + " while parsing a block collection that starts at line 3, column 3");
    }
}
