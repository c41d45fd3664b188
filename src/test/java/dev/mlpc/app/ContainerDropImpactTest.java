package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Impact before the drop of a PostgreSQL schema or database, against the real server: a registry version reads a table
 * inside the schema (a table no stack declares: PostgreSQL tables have no stack type), so planning the schema's drop
 * lists the version and its deployment. A plan that drops nothing reads no registry; a registry that cannot be read is
 * a note outside the plan JSON, so the plan hashes the same.
 */
class ContainerDropImpactTest {
    static final String CONN = "pg-impact";

    @TempDir Path tmp;
    PgTestSupport pg;
    String db;
    ModelRegistry registry;
    Workbench wb;
    ConnectionProfile profile;

    @BeforeEach
    void setUp() throws Exception {
        pg = new PgTestSupport();
        db = pg.database("impact");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE SCHEMA feat", "CREATE TABLE feat.customer_features (id int)");
        HikariDataSource pool = PgPool.open(PgTestSupport.profile(CONN), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(20), db, 2);
        registry = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "tester <tester@example.org>", pool);
        registry.migrations().migrate();
        registry.createModel("Churn", "", "ml-team", Map.of());
        registry.register(new Registration("Churn", "s3://models/churn/1", null, null, null, null, null, null, Map.of(),
                List.of(new Lineage("input", "postgres.table", CONN + "/" + db + "/feat/customer_features"),
                        new Lineage("deployment", "sagemaker.endpoint", "churn-prod"))));
        registry.transition("Churn", 1, "Production", false);

        wb = new Workbench(new AppHome(tmp.resolve("home")), Workbench.standardProviders(), System.getenv(),
                Duration.ofSeconds(20));
        Map<String, String> settings = new HashMap<>(PgTestSupport.profile(CONN).settings());
        settings.put("url", PgTestSupport.urlFor(db));
        profile = new ConnectionProfile(CONN, "postgres", settings);
        wb.connections().save(List.of(profile));
        DriftPostgresFixture.commit(wb, stack("""
                  - type: postgres.database
                    name: %1$s
                  - type: postgres.schema
                    name: feat
                    database: %1$s
                """));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) registry.close();
        if (pg != null) pg.close();
    }

    String stack(String resources) {
        return "stack: features\ntarget: " + CONN + "\nresources:\n" + resources.formatted(db);
    }

    /** Plans {@code yaml} against the connection with the home repository; {@code statuses} gets the progress. */
    Plan plan(String yaml, List<String> statuses) throws Exception {
        Stack s = wb.parseStack("stacks/features.yaml", yaml);
        Progress p = new Progress() {
            @Override public void status(String message) { statuses.add(message); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return false; }
        };
        try (ConfigRepository repo = wb.repository()) {
            return wb.plan(s, profile, repo, p);
        }
    }

    @Test
    void droppingASchemaListsTheVersionReadingATableInsideAndItsDeployment() throws Exception {
        List<String> statuses = new ArrayList<>();
        Plan plan = plan(stack("""
                  - type: postgres.database
                    name: %1$s
                """), statuses);
        assertThat(plan.summary().drop()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(plan.toJson());
        JsonNode impact = null;
        for (JsonNode w : json.get("warnings")) if (w.get("rule").asText().equals("impact")) impact = w;
        assertThat(impact).as(plan.toJson()).isNotNull();
        assertThat(impact.get("type").asText()).isEqualTo("postgres.schema");
        assertThat(impact.get("name").asText()).isEqualTo("feat");
        assertThat(impact.get("message").asText())
                .startsWith("dropping it affects 3 dependents downstream: version Churn v1 (stage Production), model Churn,"
                        + " deployment churn-prod")
                .contains("postgres:table:" + CONN + "/" + db + ".feat.customer_features")
                .contains("registry:version:" + CONN + "/churn/1")
                .contains("deployment:sagemaker.endpoint:churn-prod");
        assertThat(statuses).contains("Reading the lineage across systems");
    }

    @Test
    void droppingTheDatabaseListsThemForTheDatabaseAndTheSchema() throws Exception {
        Plan plan = plan(stack("""
                  - type: postgres.role
                    name: %1$s_reader
                """), new ArrayList<>());
        List<String> impacted = plan.warnings().stream().filter(w -> w.rule().equals("impact"))
                .map(w -> w.type() + " " + w.name()).toList();
        assertThat(impacted).as(plan.toText()).containsExactlyInAnyOrder("postgres.database " + db, "postgres.schema feat");
        assertThat(plan.warnings()).filteredOn(w -> w.rule().equals("impact"))
                .allSatisfy(w -> assertThat(w.message()).contains("version Churn v1", "deployment churn-prod"));
    }

    @Test
    void aPlanDroppingNothingReadsNoRegistryAndAnUnreadRegistryIsANoteOutsideTheHash() throws Exception {
        List<String> statuses = new ArrayList<>();
        String same = stack("""
                  - type: postgres.database
                    name: %1$s
                  - type: postgres.schema
                    name: feat
                    database: %1$s
                    comment: features
                """);
        long builds = Planner.GRAPH_BUILDS.get();
        Plan update = plan(same, statuses);
        assertThat(update.summary().update()).isEqualTo(1);
        assertThat(statuses).doesNotContain("Reading the lineage across systems");
        assertThat(Planner.GRAPH_BUILDS.get() - builds).as("graphs built for a plan without a drop").isZero();

        String drop = stack("""
                  - type: postgres.database
                    name: %1$s
                """);
        builds = Planner.GRAPH_BUILDS.get();
        Plan answered = plan(drop, new ArrayList<>());
        assertThat(answered.notes()).isEmpty();
        assertThat(Planner.GRAPH_BUILDS.get() - builds).as("the graph after, and before for the drop").isEqualTo(2);
        Map<String, String> down = new HashMap<>(profile.settings());
        down.put("url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        wb.connections().save(List.of(profile, new ConnectionProfile("pg-down", "postgres", down)));
        Plan unanswered = plan(drop, new ArrayList<>());
        assertThat(unanswered.notes()).singleElement().asString().startsWith("lineage: ").contains("registry of pg-down");
        assertThat(unanswered.toText()).contains("note: lineage: ");
        assertThat(unanswered.toJson()).isEqualTo(answered.toJson()).doesNotContain("pg-down");
        assertThat(unanswered.sha256()).isEqualTo(answered.sha256());
    }
}
