package dev.mlpc.cli;

import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headless CLI with the SageMaker example (seed 001) against the simulator through the real AWS SDK: apply prints
 * each operation's outputs (the domain's id and Studio URL), and the plan afterwards has no changes and notes the URL.
 */
@ExtendWith(OnlyLoopback.class)
class SageMakerCliTest {
    private static final String EXAMPLE = "resources/examples/sagemaker-governance-domain.yaml";
    @TempDir Path tmp;
    private Path home;
    private SageMakerSimulator sim;

    record Run(int code, String out, String err) {}

    private Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", home.toString(), "SM_KEY_ID", "AKIDEXAMPLECLI",
                "SM_SECRET", "cli-test-secret-key"), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        sim = SageMakerSimulator.start();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  ml-aws: {type: sagemaker, region: " + sim.region()
                + ", credentials: static, access_key_id: \"${env:SM_KEY_ID}\", secret_access_key: \"${env:SM_SECRET}\","
                + " endpoint_url: \"" + sim.endpoint() + "\"}\n");
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void theGovernanceExampleAppliesPrintsTheStudioUrlAndThenPlansNoChanges() {
        Run applied = mlpc("apply", EXAMPLE, "--connection", "ml-aws");
        assertThat(applied.code()).as(applied.err()).isZero();
        String id = sim.domainIds().iterator().next();
        String url = sim.domain(id).get("Url").asText();
        assertThat(url).startsWith("https://" + id + ".studio.");
        assertThat(applied.out()).contains("outputs: ").contains("\"DomainId\":\"" + id + "\"")
                .contains("\"Url\":\"" + url + "\"").contains("(Applied: yes)");
        assertThat(applied.out() + applied.err()).doesNotContain("cli-test-secret-key");

        Run again = mlpc("plan", EXAMPLE, "--connection", "ml-aws", "--detailed-exitcode");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        // the plan says where the domain's users go (a note, not a change)
        assertThat(again.out()).contains("note: sagemaker.domain my-sagemaker-domain: Studio URL " + url + " (domain " + id
                + ") [studio-url]").contains("No changes.");
    }
}
