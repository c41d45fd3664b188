package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real azure-identity {@code AzureCliCredential} end to end: the {@code mlpc} CLI in a child JVM (the simulator's
 * truststore given to it with {@code -Djavax.net.ssl.trustStore}) plans and applies the seed-002 provider stack
 * through a {@code cloud: custom} connection to the simulator on https://127.0.0.1, with a stand-in {@code az} first
 * on the PATH; the simulator accepts only the token that {@code az} printed.
 */
class DataShareAzureCliEndToEndTest {
    static final String CLI_TOKEN = "token-printed-by-the-fake-az-4f1d";

    @TempDir Path tmp;
    private DataShareSimulator sim;
    private Path home;
    private Path bin;

    record Run(int code, String out) { }

    @BeforeEach
    void setUp() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(CLI_TOKEN);
        sim.seedStorageAccount(DsKit.STORAGE_SUB, "data-rg", "flsource");
        bin = tmp.resolve("bin");
        DataShareSimulator.fakeAzCli(bin, CLI_TOKEN);
        home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("connections.yaml"), "connections:\n"
                + "  fl-azure:\n"
                + "    type: datashare\n"
                + "    subscription_id: " + DataShareSimulator.SUBSCRIPTION + "\n"
                + "    tenant_id: " + DataShareSimulator.TENANT + "\n"
                + "    credential: cli\n"
                + "    cloud: custom\n"
                + "    resource_manager_endpoint: " + sim.endpoint() + "\n"
                + "    authority_host: https://127.0.0.1:9/\n");
    }

    @AfterEach
    void tearDown() {
        sim.close();
        assertThat(sim.failures()).isEmpty();
    }

    private Run mlpc(String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Djavax.net.ssl.trustStore=" + sim.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + sim.trustStorePassword(), "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", System.getProperty("java.class.path"), "dev.mlpc.Launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MLPC_HOME", home.toString());
        env.put("PATH", bin + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("AZURE_CLIENT_SECRET");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCliPlansAndAppliesWithTheAzureCliToken() throws Exception {
        Path stack = tmp.resolve("fl-provider.yaml");
        Files.writeString(stack, DsKit.providerStack());
        Path repo = tmp.resolve("repo");
        assertThat(mlpc("init", repo.toString()).code()).isZero();

        Run plan = mlpc("plan", stack.toString(), "--connection", "fl-azure", "--format", "json");
        assertThat(plan.code()).as(plan.out()).isZero();
        JsonNode json = new ObjectMapper().readTree(plan.out().substring(plan.out().indexOf('{')));
        assertThat(json.path("changes")).hasSize(6);
        assertThat(sim.requests()).isNotEmpty();

        Run apply = mlpc("apply", stack.toString(), "--connection", "fl-azure", "--repo", repo.toString(), "-m", "seed 002 provider side");
        assertThat(apply.code()).as(apply.out()).isZero();
        assertThat(sim.resource("/subscriptions/" + DataShareSimulator.SUBSCRIPTION
                + "/resourceGroups/fl-rg/providers/Microsoft.DataShare/accounts/fl-share-account/shares/training-data")).isNotNull();

        Run again = mlpc("plan", stack.toString(), "--connection", "fl-azure", "--repo", repo.toString(), "--detailed-exitcode");
        assertThat(again.code()).as(again.out()).isZero();
        // the simulator answers 401 to any other token: every request carried the one the stand-in az printed
        assertThat(apply.out()).doesNotContain(CLI_TOKEN);
        assertThat(Files.readString(home.resolve("connections.yaml"))).doesNotContain(CLI_TOKEN);
    }

    @Test
    void aMissingAzIsACredentialMessageNotAStackTrace() throws Exception {
        Files.delete(bin.resolve("az"));
        Files.writeString(bin.resolve("az"), "#!/bin/sh\necho run >> '" + tmp.resolve("az-runs") + "'\n"
                + "echo 'ERROR: Please run az login to setup account.' >&2\nexit 1\n");
        bin.resolve("az").toFile().setExecutable(true);
        Path stack = tmp.resolve("fl-provider.yaml");
        Files.writeString(stack, DsKit.providerStack());
        Run plan = mlpc("plan", stack.toString(), "--connection", "fl-azure");
        assertThat(plan.code()).isEqualTo(1);
        assertThat(plan.out()).contains("Azure refused the credential").contains("az login").doesNotContain("\tat ");
        assertThat(sim.requestCount()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("az-runs"))).as("az is asked once, not once per retry").hasSize(1);
    }
}
