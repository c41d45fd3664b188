package dev.mlpc.providers.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plumbing for the live Snowflake tests: a simulator with an in-memory catalog that the real snowflake-jdbc driver
 * talks to, a connection profile for it (password as a secret reference) and a workbench over a temporary home.
 */
final class LiveKit implements AutoCloseable {
    static final String PASSWORD = "s3cret-Pw-for-tests";
    static final Path EXAMPLE = Path.of("resources/examples/snowflake-federated-ml.yaml");
    static final Path MLFLOW = Path.of("resources/examples/mlflow-on-snowflake.yaml");

    final SnowflakeSimulator sim = SnowflakeSimulator.start();
    final SimCatalog catalog = new SimCatalog().attach(sim);
    final Path home;
    final Workbench workbench;

    LiveKit() throws IOException {
        home = Files.createTempDirectory("mlpc-sf-live");
        workbench = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PASSWORD", PASSWORD),
                Duration.ofSeconds(20));
    }

    ConnectionProfile profile() {
        return profile(sim.jdbcUrl());
    }

    static ConnectionProfile profile(String url) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", url);
        s.put("user", "MLPC");
        s.put("role", "SYSADMIN");
        s.put("password", "${env:SF_PASSWORD}");
        return new ConnectionProfile("sim", "snowflake", s);
    }

    /** A session of the provider on the simulator, as a workbench would open it. */
    static dev.mlpc.core.provider.ProviderSession connect(LiveKit kit) throws Exception {
        return kit.workbench.openSession(kit.profile());
    }

    Stack parse(String yaml) throws Exception {
        return workbench.parseStack("stacks/test.yaml", yaml);
    }

    /** The seed-000 example stack (federated ML), every kind in it read live. */
    static String example() throws IOException {
        return Files.readString(EXAMPLE);
    }

    /** The seed-004 example stack (MLflow on Snowflake), its request / response translators included. */
    static String mlflowExample() throws IOException {
        return Files.readString(MLFLOW);
    }

    @Override
    public void close() throws IOException {
        sim.close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
