package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.app.Workbench;
import dev.mlpc.lineage.LineageFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mlpc govern [--format json]: the rules over every stack committed at head and the lineage across them; exit 0 with
 * warnings only, 1 with an error finding, 2 on a usage error.
 */
class GovernCliTest {
    @TempDir Path tmp;
    Path home;

    CliRun mlpc(String... args) {
        return CliRun.in(home, args);
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        for (String yaml : List.of(LineageFixture.SNOWFLAKE, LineageFixture.DS_PROVIDER, LineageFixture.DS_CONSUMER,
                LineageFixture.SAGEMAKER)) {
            DriftPostgresFixture.commit(wb, yaml);
        }
    }

    @Test
    void warningsOnlyExitZeroAnErrorFindingExitsOne() throws Exception {
        CliRun warnings = mlpc("govern");
        assertThat(warnings.code()).as(warnings.err()).isEqualTo(0);
        assertThat(warnings.out())
                .contains("warning domain-without-cmk: sagemaker.domain studio: ")
                .contains("warning datashare-outside-organisation: datashare.dataset images: ")
                .contains("(nodes: datashare:dataset:fl-rg/fl-share-account/training-data/images")
                .containsPattern("\\d+ findings: 0 errors, \\d+ warnings \\(4 stacks, \\d+ lineage nodes\\)\\.\n$");

        Path yaml = tmp.resolve("governance.yaml");
        Files.writeString(yaml, """
                organisation:
                  email_domains: [example.com]
                rules:
                  datashare-outside-organisation:
                    severity: error
                """);
        assertThat(mlpc("governance", "set", yaml.toString()).code()).isEqualTo(0);
        CliRun errors = mlpc("govern", "--format", "json");
        assertThat(errors.code()).as(errors.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(errors.out());
        assertThat(json.get("summary").get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("stacks").asInt()).isEqualTo(4);
        JsonNode f = null;
        for (JsonNode x : json.get("findings")) if (x.get("severity").asText().equals("error")) f = x;
        assertThat(f).isNotNull();
        assertThat(f.get("rule").asText()).isEqualTo("datashare-outside-organisation");
        assertThat(f.get("type").asText()).isEqualTo("datashare.dataset");
        assertThat(f.get("nodes").get(0).asText()).isEqualTo("datashare:dataset:fl-rg/fl-share-account/training-data/images");
        assertThat(f.get("message").asText()).contains("99999999-8888-7777-6666-555555555555")
                .doesNotContain("Consumer@Example.com");
        assertThat(json.get("unread")).isEmpty();

        // everything inside the organisation: the error is gone, exit 0
        Files.writeString(yaml, """
                organisation:
                  tenants: [99999999-8888-7777-6666-555555555555]
                  email_domains: [example.com]
                rules:
                  datashare-outside-organisation:
                    severity: error
                """);
        assertThat(mlpc("governance", "set", yaml.toString()).code()).isEqualTo(0);
        CliRun clean = mlpc("govern", "--format", "json");
        assertThat(clean.code()).as(clean.err()).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(clean.out()).get("summary").get("errors").asInt()).isEqualTo(0);
    }

    @Test
    void aPlanShowsTheCrossSystemFindingsTouchingItsStackOnly() throws Exception {
        Path provider = tmp.resolve("fl-provider.yaml");
        Files.writeString(provider, LineageFixture.DS_PROVIDER);
        CliRun plan = mlpc("plan", provider.toString(), "--format", "json");
        assertThat(plan.code()).as(plan.err()).isZero();
        JsonNode warnings = new ObjectMapper().readTree(plan.out()).get("warnings");
        List<String> rules = new java.util.ArrayList<>();
        warnings.forEach(w -> rules.add(w.get("rule").asText()));
        assertThat(rules).contains("datashare-outside-organisation").doesNotContain("domain-without-cmk");
        JsonNode f = null;
        for (JsonNode w : warnings) if (w.get("rule").asText().equals("datashare-outside-organisation")) f = w;
        assertThat(f.get("type").asText()).isEqualTo("datashare.dataset");
        assertThat(f.get("severity").asText()).isEqualTo("warning");
        assertThat(f.get("message").asText()).contains("(nodes: datashare:dataset:fl-rg/fl-share-account/training-data/images");
        // the plan of the SageMaker stack has its own findings, not the share's
        Path studio = tmp.resolve("ml-studio.yaml");
        Files.writeString(studio, LineageFixture.SAGEMAKER.replace("target: sm-prod\n", ""));
        CliRun other = mlpc("plan", studio.toString());
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.out()).contains("[domain-without-cmk]").doesNotContain("datashare-outside-organisation");
    }

    @Test
    void theAuditReportHasAGovernanceSection() throws Exception {
        Path bundle = tmp.resolve("audit.bundle");
        CliRun e = mlpc("export", "--out", bundle.toString());
        assertThat(e.code()).as(e.err()).isZero();
        String html = Files.readString(Path.of(bundle + ".report.html"));
        int at = html.indexOf("<section id=\"governance\"");
        assertThat(at).isPositive();
        String section = html.substring(at, html.indexOf("</section>", at));
        assertThat(section).contains("<h2>Governance</h2>")
                .contains("over its 4 stacks and ")
                .contains("<td>datashare-outside-organisation</td><td>datashare.dataset images</td>")
                .contains("<code>datashare:dataset:fl-rg/fl-share-account/training-data/images</code>")
                .contains("<td>domain-without-cmk</td>");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun format = mlpc("govern", "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--format: must be text or json (it is xml)").doesNotContain("Exception");
        CliRun option = mlpc("govern", "--no-such-option");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option").contains("govern --help");
        assertThat(mlpc("plan", "--no-such-option").code()).as("other commands keep 1").isEqualTo(1);
    }
}
