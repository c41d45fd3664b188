package dev.mlpc.iac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.cli.MlpcCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mlpc export-iac}: golden files per provider and format (src/test/resources/iac/golden/&lt;provider&gt;/…),
 * the Python compiles ({@code python3 -m py_compile}), the Terraform JSON passes {@link TerraformJsonCheck}, secrets
 * stay references, what has no equivalent is in the output and on stderr, exit codes. Set
 * {@code -Dmlpc.iac.writeGolden=DIR} to write the current output into DIR for review instead of comparing.
 */
class IacExportTest {
    static final List<String> PROVIDERS = List.of("snowflake", "sagemaker", "datashare", "postgres");
    @TempDir Path tmp;
    Path home;

    record Run(int code, String out, String err) { }

    Run mlpc(Map<String, String> extraEnv, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("MLPC_HOME", home.toString());
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    Run mlpc(String... args) { return mlpc(Map.of(), args); }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
    }

    Path stack(String provider) throws Exception {
        Path p = tmp.resolve(provider + ".yaml");
        try (InputStream in = getClass().getResourceAsStream("/iac/stacks/" + provider + ".yaml")) {
            assertThat(in).as("test stack " + provider).isNotNull();
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    static String golden(String path) throws Exception {
        try (InputStream in = IacExportTest.class.getResourceAsStream("/iac/golden/" + path)) {
            assertThat(in).as("golden file " + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Path export(String provider, String format) throws Exception {
        Path out = tmp.resolve("out-" + provider + "-" + format);
        Run r = mlpc("export-iac", stack(provider).toString(), "--to", format, "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snowflake", "sagemaker", "datashare", "postgres"})
    void matchesTheGoldenFilesInBothFormats(String provider) throws Exception {
        String write = System.getProperty("mlpc.iac.writeGolden");
        for (String format : List.of("pulumi-python", "terraform-json")) {
            Path out = export(provider, format);
            List<String> names;
            try (Stream<Path> s = Files.list(out)) {
                names = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(names).isEqualTo(format.equals("pulumi-python")
                    ? List.of("Pulumi.yaml", "__main__.py", "requirements.txt") : List.of("main.tf.json"));
            for (String n : names) {
                String text = Files.readString(out.resolve(n));
                String rel = provider + "/" + format + "/" + n;
                if (write != null) {
                    Path g = Path.of(write).resolve(rel);
                    Files.createDirectories(g.getParent());
                    Files.writeString(g, text);
                } else {
                    assertThat(text).as(rel).isEqualTo(golden(rel));
                }
            }
        }
    }

    @Test
    void thePythonProgramsCompile() throws Exception {
        for (String provider : PROVIDERS) {
            Path main = export(provider, "pulumi-python").resolve("__main__.py");
            Process p = new ProcessBuilder("python3", "-m", "py_compile", main.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(provider + ": " + output).isZero();
        }
    }

    static final List<String> STUBS = List.of("pulumi/__init__.py", "pulumi_snowflake/__init__.py",
            "pulumi_aws/__init__.py", "pulumi_azure_native/__init__.py", "pulumi_azure_native/datashare/__init__.py",
            "pulumi_azure_native/resources/__init__.py", "pulumi_postgresql/__init__.py");

    /** Stand-ins for the Pulumi SDKs (src/test/resources/iac/pystubs): classes that record what a program declares. */
    Path stubs() throws Exception {
        Path dir = tmp.resolve("pystubs");
        for (String f : STUBS) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            try (InputStream in = getClass().getResourceAsStream("/iac/pystubs/" + f)) {
                assertThat(in).as(f).isNotNull();
                Files.write(p, in.readAllBytes());
            }
        }
        return dir;
    }

    /** Runs a program against the stubs; returns the exit code and the output (the number of resources it declared). */
    static String[] runWithStubs(Path stubs, Path program) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", "import runpy, sys, pulumi; runpy.run_path(sys.argv[1],"
                + " run_name='__main__'); print(len(pulumi.DECLARED))", program.toString()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", stubs.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()};
    }

    @Test
    void theProgramsRunAgainstStandInSdksDeclaringEveryResource() throws Exception {
        Path stubs = stubs();
        for (String provider : PROVIDERS) {
            Path main = export(provider, "pulumi-python").resolve("__main__.py");
            String[] r = runWithStubs(stubs, main);
            assertThat(r[0]).as(provider + ": " + r[1]).isEqualTo("0");
            long declared = Files.readAllLines(main).stream().filter(l -> l.matches("[a-z_0-9]+ = [a-z_]+\\.[A-Za-z_.]+\\(")).count();
            assertThat(declared).as(provider).isPositive();
            assertThat(r[1]).as(provider).isEqualTo(String.valueOf(declared));
        }
        // the run can fail: a variable used before it is defined
        Path bad = tmp.resolve("bad_order.py");
        Files.writeString(bad, "import pulumi_postgresql as postgresql\nschema = postgresql.Schema(\"s\", database=db.name)\n"
                + "db = postgresql.Database(\"d\")\n");
        String[] r = runWithStubs(stubs, bad);
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("NameError");
    }

    @Test
    void pyCompileCatchesABrokenProgram() throws Exception {
        // the compile check can fail: a program with an unclosed call does not compile
        Path bad = tmp.resolve("bad.py");
        Files.writeString(bad, "import pulumi\nx = pulumi.Config(\n");
        Process p = new ProcessBuilder("python3", "-m", "py_compile", bad.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }

    @Test
    void theTerraformJsonHasTheDocumentedStructure() throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (String provider : PROVIDERS) {
            JsonNode root = m.readTree(export(provider, "terraform-json").resolve("main.tf.json").toFile());
            assertThat(TerraformJsonCheck.problems(root)).as(provider).isEmpty();
            assertThat(root.path("resource").size()).as(provider).isPositive();
        }
    }

    @Test
    void theStructureCheckFindsUndeclaredReferencesBadNamesAndUnknownBlocks() throws Exception {
        JsonNode bad = new ObjectMapper().readTree("""
                {"resources": {}, "variable": {"ok": {"type": "string"}},
                 "resource": {"snowflake_database": {"1db": {"name": "x"},
                   "db": {"comment": "${snowflake_schema.nope.name} ${var.missing} $${literal} ${var.ok}"}}}}""");
        List<String> problems = TerraformJsonCheck.problems(bad);
        assertThat(problems).anyMatch(p -> p.contains("unknown top-level key resources"))
                .anyMatch(p -> p.contains("1db is not a valid name"))
                .anyMatch(p -> p.contains("snowflake_schema.nope.name} names no declared resource"))
                .anyMatch(p -> p.contains("var.missing} names no declared variable"))
                .noneMatch(p -> p.contains("literal") || p.contains("var.ok"));
    }

    @Test
    void referencesNotCopiedNames() throws Exception {
        String py = Files.readString(export("snowflake", "pulumi-python").resolve("__main__.py"));
        assertThat(py).contains("database=database_ml_database.name,")
                .contains("account_role_name=role_ml_role.name")
                .contains("pulumi.Output.concat(");
        String tf = Files.readString(export("snowflake", "terraform-json").resolve("main.tf.json"));
        assertThat(tf).contains("\"database\":\"${snowflake_database.database_ml_database.name}\"")
                .contains("${snowflake_schema.schema_ml_schema.fully_qualified_name}");
        // a literal ${ in a comment stays text in Terraform
        assertThat(tf).contains("cost centre $${ML} %%{x} stays text");
    }

    @Test
    void secretsAreInputsNeverValues() throws Exception {
        Map<String, String> env = Map.of("MLREG_WRITER_PASSWORD", "hunter2-writer", "MLREG_READER_PASSWORD", "hunter2-reader");
        Path out = tmp.resolve("secret-out");
        Run py = mlpc(env, "export-iac", stack("postgres").toString(), "--to", "pulumi-python", "--out", out.resolve("py").toString());
        Run tf = mlpc(env, "export-iac", stack("postgres").toString(), "--to", "terraform-json", "--out", out.resolve("tf").toString());
        assertThat(py.code()).isZero();
        assertThat(tf.code()).isZero();
        List<String> all = new ArrayList<>();
        for (String f : List.of("py/__main__.py", "py/Pulumi.yaml", "py/requirements.txt", "tf/main.tf.json")) {
            all.add(Files.readString(out.resolve(f)));
        }
        all.add(py.err());
        all.add(tf.err());
        assertThat(String.join("\n", all)).doesNotContain("hunter2");
        assertThat(all.get(0)).contains("password=config.require_secret(\"mlreg_writer_password\")");
        assertThat(all.get(1)).contains("mlreg_writer_password:\n    type: string\n    secret: true");
        JsonNode root = new ObjectMapper().readTree(all.get(3));
        assertThat(root.path("variable").path("mlreg_writer_password").path("sensitive").asBoolean()).isTrue();
        assertThat(root.path("resource").path("postgresql_role").path("role_mlreg_writer").path("password").asText())
                .isEqualTo("${var.mlreg_writer_password}");
    }

    @Test
    void whatHasNoEquivalentIsInTheOutputAndOnStderr() throws Exception {
        Run r = mlpc("export-iac", stack("datashare").toString(), "--to", "terraform-json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("no equivalent in terraform-json")
                .contains("datashare.invitation hospital-b: the whole resource")
                .contains("datashare.trigger nightly: the whole resource");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.path("//").asText()).contains("datashare.invitation hospital-b").contains("datashare.trigger nightly");
        // the synchronization setting is carried over as the share's snapshot_schedule, not dropped
        assertThat(root.path("resource").path("azurerm_data_share").path("share_training_data").path("snapshot_schedule")
                .path("recurrence").asText()).isEqualTo("Day");
        Run py = mlpc("export-iac", stack("postgres").toString(), "--to", "pulumi-python");
        assertThat(py.err()).contains("postgres.database ml_models: comment = ML model registry");
        assertThat(py.out()).contains("#   - postgres.database ml_models: comment = ML model registry")
                .contains("# no equivalent: comment = ML model registry");
    }

    @Test
    void aLongCommentIsWrittenWholeInBothFormats() throws Exception {
        String comment = "Backend of the ML model registry: registered models, versions, stages, lineage links and "
                + "the audit trail of every promotion; owned by the platform team (ticket MLP-1432)";
        Path s = tmp.resolve("long-comment.yaml");
        Files.writeString(s, "stack: long-comment\nresources:\n  - type: postgres.database\n    name: ml_models\n"
                + "    comment: \"" + comment + "\"\n");
        Path py = tmp.resolve("py");
        Path tf = tmp.resolve("tf");
        assertThat(mlpc("export-iac", s.toString(), "--to", "pulumi-python", "--out", py.toString()).code()).isZero();
        assertThat(mlpc("export-iac", s.toString(), "--to", "terraform-json", "--out", tf.toString()).code()).isZero();
        String main = Files.readString(py.resolve("__main__.py"));
        assertThat(main).contains("#   - postgres.database ml_models: comment = " + comment)
                .contains("# no equivalent: comment = " + comment).doesNotContain("vers...");
        String json = Files.readString(tf.resolve("main.tf.json"));
        JsonNode db = new ObjectMapper().readTree(json).path("resource").path("postgresql_database").path("database_ml_models");
        assertThat(db.path("//").asText()).isEqualTo("no equivalent: comment = " + comment);
        assertThat(json).doesNotContain("...");
    }

    @Test
    void theOutputDoesNotDependOnTheOrderOfTheStack() throws Exception {
        Path s = stack("postgres");
        String yaml = Files.readString(s);
        int start = yaml.indexOf("resources:\n") + "resources:\n".length();
        String[] items = yaml.substring(start).split("\n(?=  - type:)");
        List<String> reversed = new ArrayList<>(List.of(items));
        java.util.Collections.reverse(reversed);
        Path r = tmp.resolve("reversed.yaml");
        Files.writeString(r, yaml.substring(0, start) + String.join("\n", reversed.stream().map(String::stripTrailing).toList()) + "\n");
        for (String format : List.of("pulumi-python", "terraform-json")) {
            Run a = mlpc("export-iac", s.toString(), "--to", format);
            Run b = mlpc("export-iac", r.toString(), "--to", format);
            assertThat(b.code()).as(b.err()).isZero();
            assertThat(b.out()).isEqualTo(a.out());
        }
    }

    @Test
    void aStackIsFoundByNameInTheConfigRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        Run commit = mlpc("commit", stack("sagemaker").toString(), "--repo", repo.toString(), "-m", "governance domain");
        assertThat(commit.code()).as(commit.err()).isZero();
        Run r = mlpc("export-iac", "iac-sagemaker", "--repo", repo.toString(), "--to", "terraform-json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"aws_sagemaker_domain\"").contains("${aws_sagemaker_domain.");
    }

    @Test
    void theCommandIsListedAndTheFormatIsRequired() throws Exception {
        assertThat(mlpc("--help").out()).contains("export-iac");
        assertThat(mlpc("export-iac", "--help").out()).contains("--to=FORMAT").contains("pulumi-python or terraform-json");
        // a missing --to exits 2 like an unknown one (README: exit 2 for an unknown stack or format)
        Run noFormat = mlpc("export-iac", stack("postgres").toString());
        assertThat(noFormat.code()).isEqualTo(2);
        assertThat(noFormat.err()).startsWith("mlpc: export-iac: --to: missing (known: pulumi-python, terraform-json)")
                .doesNotContain("Exception");
        assertThat(noFormat.out()).isEmpty();
    }

    @Test
    void unknownStackOrFormatExitsWithTwoAndSaysWhy() throws Exception {
        Run format = mlpc("export-iac", stack("postgres").toString(), "--to", "cloudformation");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--to: unknown format 'cloudformation' (known: pulumi-python, terraform-json)")
                .doesNotContain("Exception");
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();
        mlpc("commit", stack("postgres").toString(), "--repo", repo.toString(), "-m", "registry");
        Run stack = mlpc("export-iac", "no-such-stack", "--repo", repo.toString(), "--to", "pulumi-python");
        assertThat(stack.code()).isEqualTo(2);
        assertThat(stack.err()).contains("STACK: no stack file 'no-such-stack' and no stack of that name in the config repository")
                .doesNotContain("Exception");
        Run file = mlpc("export-iac", tmp.resolve("missing.yaml").toString(), "--to", "pulumi-python");
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.out()).isEmpty();
    }

    @Test
    void outThatCannotBeWrittenSaysWhichPathAndWhyAndWritesNothing() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Run r = mlpc("export-iac", stack("postgres").toString(), "--to", "pulumi-python", "--out", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("mlpc: export-iac: --out: " + file + " is a file, not a folder").doesNotContain("Exception");
        assertThat(Files.readString(file)).isEqualTo("x");

        Run proc = mlpc("export-iac", stack("postgres").toString(), "--to", "pulumi-python", "--out", "/proc/mlpc-no/x");
        assertThat(proc.code()).isEqualTo(1);
        assertThat(proc.err()).contains("mlpc: export-iac: --out: /proc/mlpc-no/x: ").containsAnyOf("cannot create", "permission denied")
                .doesNotContain("Exception");

        // one file cannot be written: none is (all or nothing), and no temporary file is left behind
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("requirements.txt"));
        Run half = mlpc("export-iac", stack("postgres").toString(), "--to", "pulumi-python", "--out", out.toString());
        assertThat(half.code()).isEqualTo(1);
        assertThat(half.err()).contains("--out: " + out.resolve("requirements.txt") + " is a folder, not a file");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("requirements.txt");
        }
        Run ok = mlpc("export-iac", stack("postgres").toString(), "--to", "pulumi-python", "--out", tmp.resolve("fine").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        try (Stream<Path> files = Files.list(tmp.resolve("fine"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("__main__.py", "Pulumi.yaml", "requirements.txt");
        }
    }

    @Test
    void snowflakeNamesAreWrittenAsSnowflakeStoresThem() throws Exception {
        Path p = tmp.resolve("names.yaml");
        Files.writeString(p, """
                stack: names
                resources:
                  - type: snowflake.database
                    name: ml_db
                  - type: snowflake.schema
                    name: Mixed Db
                    database: ml_db
                  - type: snowflake.table
                    name: events
                    database: ml_db
                    schema: Mixed Db
                    columns:
                      - {name: id, type: NUMBER}
                """);
        Run tf = mlpc("export-iac", p.toString(), "--to", "terraform-json");
        assertThat(tf.code()).as(tf.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(tf.out());
        JsonNode res = doc.path("resource");
        assertThat(res.path("snowflake_database").elements().next().path("name").asText()).isEqualTo("ML_DB");
        assertThat(res.path("snowflake_schema").elements().next().path("name").asText()).isEqualTo("Mixed Db");
        JsonNode table = res.path("snowflake_table").elements().next();
        assertThat(table.path("name").asText()).isEqualTo("EVENTS");
        assertThat(table.path("column").get(0).path("name").asText()).isEqualTo("ID");
        assertThat(tf.out()).doesNotContain("\\\"Mixed Db\\\"").doesNotContain("\"ml_db\"");
        Run py = mlpc("export-iac", p.toString(), "--to", "pulumi-python");
        assertThat(py.code()).as(py.err()).isZero();
        assertThat(py.out()).contains("name=\"ML_DB\"").contains("name=\"Mixed Db\"").doesNotContain("name=\"ml_db\"");
        assertThat(SnowflakeIac.stored("\"Mixed Db\"")).isEqualTo("Mixed Db");
        assertThat(SnowflakeIac.stored("\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(SnowflakeIac.stored("Mixed Db")).isEqualTo("Mixed Db");
    }
}
