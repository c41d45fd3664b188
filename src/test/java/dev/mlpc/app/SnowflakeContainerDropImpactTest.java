package dev.mlpc.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.cli.MlpcCommand;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Snowflake side of a container's drop impact, against the Snowflake simulator and a registry on the real
 * PostgreSQL server: a table created live in schema ML.FEAT (in no stack) is a registry version's input; planning the
 * schema's drop lists the version and its deployment.
 */
class SnowflakeContainerDropImpactTest {
    @TempDir Path tmp;
    SnowflakeSimulator sim;
    PgTestSupport pg;
    ModelRegistry registry;

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) registry.close();
        if (pg != null) pg.close();
        if (sim != null) sim.close();
    }

    @Test
    void droppingASchemaListsTheVersionReadingATableInside() throws Exception {
        sim = SnowflakeSimulator.start();
        new SimCatalog().attach(sim);
        pg = new PgTestSupport();
        String db = pg.database("sfimpact");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        HikariDataSource pool = PgPool.open(PgTestSupport.profile("reg"), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(20), db, 2);
        registry = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "tester <tester@example.org>", pool);
        registry.migrations().migrate();
        registry.createModel("Churn", "", "ml-team", Map.of());
        registry.register(new Registration("Churn", "s3://models/churn/1", null, null, null, null, null, null, Map.of(),
                List.of(new Lineage("input", "snowflake.table", "sim/ml/feat/events"),
                        new Lineage("deployment", "sagemaker.endpoint", "churn-prod"))));

        Path home = tmp.resolve("home");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SF_PW", "pw");
        env.put("MLPC_HOME", home.toString());
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), env, Duration.ofSeconds(20));
        Map<String, String> reg = new HashMap<>(PgTestSupport.profile("reg").settings());
        reg.put("url", PgTestSupport.urlFor(db));
        ConnectionProfile sf = new ConnectionProfile("sim", "snowflake",
                Map.of("url", sim.jdbcUrl(), "user", "MLPC", "password", "${env:SF_PW}"));
        wb.connections().save(List.of(sf, new ConnectionProfile("reg", "postgres", reg)));

        Path file = tmp.resolve("sfc.yaml");
        Files.writeString(file, """
                stack: sfc
                target: sim
                resources:
                  - {type: snowflake.database, name: ML}
                  - {type: snowflake.schema, name: FEAT, database: ML}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(new String[]{"apply", file.toString(), "--connection", "sim"}, env,
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        try (Connection c = DriverManager.getConnection(sim.jdbcUrl(), sim.connectionProperties("ADMIN", "pw"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ML.FEAT.EVENTS (ID VARCHAR)");
        }

        String yaml = """
                stack: sfc
                target: sim
                resources:
                  - {type: snowflake.database, name: ML}
                """;
        Stack s = wb.parseStack("stacks/sfc.yaml", yaml);
        Plan plan;
        try (ConfigRepository repo = wb.repository()) {
            plan = wb.plan(s, sf, repo, Progress.NONE);
        }
        assertThat(plan.summary().drop()).as(plan.toText()).isEqualTo(1);
        List<PlanWarning> impact = plan.warnings().stream().filter(w -> w.rule().equals("impact")).toList();
        assertThat(impact).as(plan.toText()).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo("snowflake.schema");
            assertThat(w.name()).isEqualTo("FEAT");
            assertThat(w.message()).startsWith("dropping it affects 3 dependents downstream: version Churn v1 (stage None), model Churn,"
                    + " deployment churn-prod").contains("snowflake:table:sim/ML.FEAT.EVENTS");
        });
        assertThat(plan.toJson()).contains("\"rule\" : \"impact\"");
    }
}
