package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.lineage.LineageFixture;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** mlpc lineage NODE: text, json and dot over the four-system fixture; ambiguous, unknown and bad input. */
class LineageCliTest {
    static Path home;
    static LineageFixture fixture;
    static final String V1 = "registry:version:pg-reg/churn/1";
    static final String TABLE = "snowflake:table:sf-prod/ML_MODELS.PUBLIC_DATA.TRAINING_RUNS";

    record Run(int code, String out, String err) { }

    static Run mlpc(String... args) {
        return mlpcIn(home, args);
    }

    static Run mlpcIn(Path mlpcHome, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", mlpcHome.toString()), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void setUp() throws Exception {
        home = Files.createTempDirectory("mlpc-lineage-cli");
        fixture = new LineageFixture();
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        for (String yaml : List.of(LineageFixture.SNOWFLAKE, LineageFixture.DS_PROVIDER, LineageFixture.DS_CONSUMER,
                LineageFixture.SAGEMAKER, LineageFixture.POSTGRES)) {
            DriftPostgresFixture.commit(wb, yaml);
        }
        Map<String, String> reg = new HashMap<>(PgTestSupport.profile("x").settings());
        reg.put("url", PgTestSupport.urlFor(fixture.database));
        wb.connections().save(List.of(new ConnectionProfile(LineageFixture.REGISTRY, "postgres", reg)));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (fixture != null) fixture.close();
        if (home != null) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void jsonUpstreamOfAVersionWithEachEdgesSource() throws Exception {
        Run r = mlpc("lineage", V1, "--upstream", "--depth", "2", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("root").asText()).isEqualTo(V1);
        assertThat(doc.path("direction").asText()).isEqualTo("upstream");
        List<String> ids = new ArrayList<>();
        doc.path("nodes").forEach(n -> ids.add(n.path("id").asText()));
        assertThat(ids).contains(V1, TABLE, "snowflake:pipe:sf-prod/ML_MODELS.PUBLIC_DATA.LOAD_RUNS",
                "datashare:dataset:fl-rg/fl-share-account/training-data/images", "unknown:ftp://somewhere/x.csv")
                .doesNotContain("registry:model:pg-reg/churn", // downstream of the version
                        "snowflake:stage:sf-prod/ML_MODELS.PUBLIC_DATA.RAW_STAGE"); // three edges away
        List<String> edges = new ArrayList<>();
        doc.path("edges").forEach(e -> edges.add(e.path("from").asText() + " " + e.path("relation").asText() + " "
                + e.path("source").asText() + " " + e.path("to").asText()));
        assertThat(edges).contains(TABLE + " input registry " + V1,
                "snowflake:pipe:sf-prod/ML_MODELS.PUBLIC_DATA.LOAD_RUNS into stack " + TABLE);
        doc.path("edges").forEach(e -> assertThat(e.path("source").asText()).isIn("stack", "registry", "live"));
        JsonNode unknown = null;
        for (JsonNode n : doc.path("nodes")) if (n.path("id").asText().equals("unknown:ftp://somewhere/x.csv")) unknown = n;
        assertThat(unknown.path("known").asBoolean(true)).isFalse();
    }

    @Test
    void dotIsAGraphvizDigraph() {
        Run r = mlpc("lineage", "training_runs", "--downstream", "--format", "dot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("digraph lineage {\n  rankdir=LR;\n").endsWith("}\n")
                .contains("  \"" + TABLE + "\" [label=\"ML_MODELS.PUBLIC_DATA.TRAINING_RUNS\\nsnowflake table\\nstack ml-snowflake\", style=\"bold\"];")
                .contains("  \"" + TABLE + "\" -> \"" + V1 + "\" [label=\"input (registry)\"];")
                .contains("  \"" + V1 + "\" -> \"registry:model:pg-reg/churn\" [label=\"version-of (registry)\"];");
        // every line is a statement of the digraph: a node, an edge or the header
        for (String line : r.out().split("\n")) {
            assertThat(line).matches("digraph lineage \\{|  rankdir=LR;|  node \\[.*\\];|  \"[^\\n]*\" (-> \"[^\\n]*\" )?\\[label=.*\\];|\\}");
        }
        // quoted names keep their quotes, escaped
        Run mixed = mlpc("lineage", "Mixed Case", "--format", "dot");
        assertThat(mixed.code()).as(mixed.err()).isZero();
        assertThat(mixed.out()).contains("\"snowflake:table:sf-prod/ML_MODELS.PUBLIC_DATA.\\\"Mixed Case\\\"\"");
    }

    @Test
    void textListsBothDirectionsByDistance() {
        Run r = mlpc("lineage", "datashare:share:fl-rg/fl-share-account/training-data");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("datashare:share:fl-rg/fl-share-account/training-data  fl-share-account/training-data"
                        + "  (datashare share, stack fl-provider, confidential)\n")
                .contains("Upstream (2 nodes, depth 3):\n  1  datashare:dataset:fl-rg/fl-share-account/training-data/images")
                .contains("  2  azure://flsource/training/images/2026  (azure-storage location)")
                .contains("Downstream (")
                .contains("  1  datashare:invitation:fl-rg/fl-share-account/training-data/hospital-b")
                .contains("  2  consumer:email:consumer@example.com  Consumer@Example.com  (consumer)")
                .contains("  datashare:dataset:fl-rg/fl-share-account/training-data/images -in-share-> datashare:share:fl-rg/fl-share-account/training-data  [stack: stacks/fl-provider.yaml:");
    }

    @Test
    void ambiguousUnknownAndBadInput() {
        Run amb = mlpc("lineage", "stage");
        assertThat(amb.code()).isEqualTo(2);
        assertThat(amb.err()).startsWith("mlpc: NODE: 'stage' matches ").contains("give one of these ids:")
                .contains("\n  snowflake:stage:sf-prod/ML_MODELS.PUBLIC_DATA.RAW_STAGE").doesNotContain("Exception");
        assertThat(amb.out()).isEmpty();

        Run none = mlpc("lineage", "no-such-thing");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).startsWith("mlpc: NODE: no node matches 'no-such-thing' (").doesNotContain("Exception");

        Run depth = mlpc("lineage", V1, "--depth", "0");
        assertThat(depth.code()).as("a usage error").isEqualTo(2);
        assertThat(depth.err()).contains("--depth: must be 1 to 50 (it is 0)");

        Run both = mlpc("lineage", V1, "--upstream", "--downstream");
        assertThat(both.code()).as("a usage error").isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive").doesNotContain("Error:");
        assertThat(both.err()).startsWith("mlpc: --upstream, --downstream are mutually exclusive");

        // a label that equals the query picks that node among several hits
        Run exact = mlpc("lineage", "churn v1", "--format", "json");
        assertThat(exact.code()).as(exact.err()).isZero();
        assertThat(exact.out()).contains("\"root\" : \"" + V1 + "\"");
    }

    @Test
    void nodeIsNormalisedBeforeMatching() {
        // quoted upper case = bare; lower case folds to upper; trailing slash and bucket case do not matter
        for (String q : List.of("ML_MODELS.PUBLIC_DATA.\"TRAINING_RUNS\"", "ml_models.public_data.training_runs")) {
            Run r = mlpc("lineage", q, "--format", "json");
            assertThat(r.code()).as(q + ": " + r.err()).isZero();
            assertThat(r.out()).as(q).contains("\"root\" : \"" + TABLE + "\"");
        }
        Run loc = mlpc("lineage", "s3://ML-Artifacts/training/raw/", "--format", "json");
        assertThat(loc.code()).as(loc.err()).isZero();
        assertThat(loc.out()).contains("\"root\" : \"s3://ml-artifacts/training/raw\"");
        // S3 keys are case-sensitive: no node for the upper-case key
        Run upper = mlpc("lineage", "s3://ml-artifacts/TRAINING/RAW");
        assertThat(upper.code()).isEqualTo(1);
        assertThat(upper.err()).startsWith("mlpc: NODE: no node matches 's3://ml-artifacts/TRAINING/RAW'");
        // a quoted name's label keeps its quotes; DOT labels do not repeat a word
        Run mixed = mlpc("lineage", "ML_MODELS.PUBLIC_DATA.\"Mixed Case\"", "--downstream", "--depth", "2", "--format", "dot");
        assertThat(mixed.code()).as(mixed.err()).isZero();
        assertThat(mixed.out()).contains("[label=\"ML_MODELS.PUBLIC_DATA.\\\"Mixed Case\\\"\\nsnowflake table")
                .doesNotContain("deployment deployment").doesNotContain("unknown unknown");
    }

    @Test
    void withoutAConfigRepositoryItSaysSoAndRepoNamesOne() throws Exception {
        Path empty = Files.createTempDirectory("mlpc-lineage-norepo");
        try {
            Run none = mlpcIn(empty, "lineage", "training_runs");
            assertThat(none.code()).isEqualTo(1);
            assertThat(none.err()).contains("mlpc: warning: no config repository at " + empty.resolve("config"))
                    .contains("give --repo DIR").doesNotContain("Exception");
            assertThat(Files.exists(empty.resolve("config"))).as("lineage does not create a repository").isFalse();
            Path repo = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10))
                    .repositoryPath();
            Run withRepo = mlpcIn(empty, "lineage", "training_runs", "--repo", repo.toString(), "--format", "json");
            assertThat(withRepo.code()).as(withRepo.err()).isZero();
            assertThat(withRepo.out()).contains("\"root\" : \"" + TABLE + "\"");
            assertThat(withRepo.err()).doesNotContain("no config repository");
        } finally {
            try (var walk = Files.walk(empty)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
