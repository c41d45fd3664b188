package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.cli.MlpcCommand;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
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

/**
 * Drop impact across two connection profiles of one server, against the real server: {@code rvpg} reaches it as
 * {@code localhost}, {@code rvreg} as {@code 127.0.0.1} (so the loopback names must count as one server). Stack
 * {@code features} manages schemas {@code rv_schema} and {@code keep} through {@code rvpg}; the registry, read through
 * {@code rvreg}, has a Production version whose input names {@code rv_schema.rv_table} through {@code rvreg}, and one
 * reading {@code loose.scratch} (a schema no stack manages). {@code rvpg} sorts first: it is the server's canonical
 * connection, so the tables' node ids are scoped by it.
 * <ul>
 *   <li>{@code mlpc plan} of the stack without {@code rv_schema} lists version v1 in the plan JSON (impact), and the
 *   governance finding on v1 touches the plan;</li>
 *   <li>dropping {@code rv_schema} (managed) and {@code loose} (unmanaged) from the {@code rvpg} live tree lists the
 *   version reading a table inside.</li>
 * </ul>
 */
class CrossConnectionDropImpactTest {
    static final String STACK_CONN = "rvpg";
    static final String REG_CONN = "rvreg";

    @TempDir Path tmp;
    PgTestSupport pg;
    String db;
    ModelRegistry registry;
    Workbench wb;
    ConnectionProfile stackProfile;

    @BeforeEach
    void setUp() throws Exception {
        pg = new PgTestSupport();
        db = pg.database("xconn");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE SCHEMA rv_schema", "CREATE TABLE rv_schema.rv_table (id int)",
                "CREATE SCHEMA keep", "CREATE SCHEMA loose", "CREATE TABLE loose.scratch (id int)");
        Map<String, String> reg = new HashMap<>(PgTestSupport.profile(REG_CONN).settings());
        reg.put("url", loopback(PgTestSupport.urlFor(db), "127.0.0.1"));
        ConnectionProfile regProfile = new ConnectionProfile(REG_CONN, "postgres", reg);
        HikariDataSource pool = PgPool.open(regProfile, PgTestSupport.secrets(Map.of()), Duration.ofSeconds(20), db, 2);
        registry = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "tester <tester@example.org>", pool);
        registry.migrations().migrate();
        registry.createModel("Churn", "", "ml-team", Map.of());
        register("rv_schema/rv_table");   // v1
        register("loose/scratch");        // v2
        for (int v = 1; v <= 2; v++) registry.transition("Churn", v, "Production", false);

        wb = new Workbench(new AppHome(tmp.resolve("home")), Workbench.standardProviders(), System.getenv(),
                Duration.ofSeconds(20));
        Map<String, String> st = new HashMap<>(PgTestSupport.profile(STACK_CONN).settings());
        st.put("url", loopback(PgTestSupport.url(), "localhost"));
        stackProfile = new ConnectionProfile(STACK_CONN, "postgres", st);
        wb.connections().save(List.of(stackProfile, regProfile));
        DriftPostgresFixture.commit(wb, stack(true));
    }

    /** The test server's URL with its loopback host written as {@code host} (unchanged if it is not on loopback). */
    static String loopback(String url, String host) {
        return url.replaceFirst("^jdbc:postgresql://(localhost|127\\.0\\.0\\.1)(?=[:/])", "jdbc:postgresql://" + host);
    }

    void register(String table) throws Exception {
        registry.register(new Registration("Churn", "s3://models/churn/" + table, null, null, null, null, null, null,
                Map.of(), List.of(new Lineage("input", "postgres.table", REG_CONN + "/" + db + "/" + table))));
    }

    String stack(boolean withRv) {
        return ("stack: features\ntarget: %1$s\nresources:\n"
                + (withRv ? "  - type: postgres.schema\n    name: rv_schema\n    database: %2$s\n" : "")
                + "  - type: postgres.schema\n    name: keep\n    database: %2$s\n").formatted(STACK_CONN, db);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) registry.close();
        if (pg != null) pg.close();
    }

    @Test
    void theServersTwoNamesAreOneServer() {
        assertThat(LineageService.sameServer(List.of(stackProfile,
                new ConnectionProfile(REG_CONN, "postgres", Map.of("url", loopback(PgTestSupport.urlFor(db), "127.0.0.1"))))))
                .containsExactly(Map.entry(REG_CONN, STACK_CONN));
    }

    @Test
    void mlpcPlanDroppingTheSchemaListsTheVersionReadingItsTableThroughTheOtherConnection() throws Exception {
        Path file = tmp.resolve("features.yaml");
        Files.writeString(file, stack(false));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", tmp.resolve("home").toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        int code = MlpcCommand.run(new String[]{"plan", file.toString(), "--format", "json"}, env,
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("summary").toString()).as(out.toString()).contains("\"drop\":1");
        JsonNode impact = null;
        List<String> rules = new ArrayList<>();
        for (JsonNode w : json.get("warnings")) {
            rules.add(w.get("rule").asText() + " " + w.get("message").asText());
            if (w.get("rule").asText().equals("impact")) impact = w;
        }
        assertThat(impact).as(out.toString()).isNotNull();
        assertThat(impact.get("type").asText()).isEqualTo("postgres.schema");
        assertThat(impact.get("name").asText()).isEqualTo("rv_schema");
        assertThat(impact.get("message").asText())
                .contains("version Churn v1 (stage Production)")
                .contains("postgres:table:" + STACK_CONN + "/" + db + ".rv_schema.rv_table")
                .doesNotContain("Churn v2");
        // the version's input is no longer governed once the schema goes: that finding touches the plan
        assertThat(rules).as(out.toString()).anySatisfy(r -> assertThat(r)
                .startsWith("production-lineage-governed").contains("Churn v1"));
        assertThat(out.toString()).doesNotContain("lineage: ");
    }

    @Test
    void droppingTheManagedSchemaFromTheLiveTreeListsTheVersion() throws Exception {
        LiveNode rv = schema("rv_schema");
        Workbench.DropPlan drop = wb.planDrop(stackProfile, rv, Progress.NONE);
        assertThat(drop.stack()).as("a managed drop plans its stack").isNotNull();
        // the stack stays bound to its connection (and the contents of the schema are looked up in its scope)
        assertThat(drop.stack().target()).isEqualTo(STACK_CONN);
        assertThat(drop.stackYaml()).contains("target: " + STACK_CONN).doesNotContain("rv_schema");
        assertThat(impact(drop)).as(drop.plan().toText()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("rv_schema");
            assertThat(w.message()).contains("version Churn v1 (stage Production)")
                    .contains("postgres:table:" + STACK_CONN + "/" + db + ".rv_schema.rv_table")
                    .doesNotContain("Churn v2");
        });
        // applied as reviewed (the applier re-plans with the same graphs: the same hash), committed still bound; the
        // table goes first (the drop is RESTRICT), the registry still names it, so the impact and hash are unchanged
        PgTestSupport.execIn(db, "DROP TABLE rv_schema.rv_table");
        Workbench.ApplyOutcome out = wb.applyDrop(drop, "rv_schema", Progress.NONE);
        assertThat(out.result().outcome()).as(out.result().toString()).isEqualTo(dev.mlpc.core.provider.ApplyResult.Outcome.SUCCEEDED);
        try (dev.mlpc.core.audit.ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("features")).get().asString().contains("target: " + STACK_CONN)
                    .doesNotContain("rv_schema");
        }
    }

    @Test
    void droppingAnUnmanagedSchemaFromTheLiveTreeListsTheVersion() throws Exception {
        LiveNode loose = schema("loose");
        Workbench.DropPlan drop = wb.planDrop(stackProfile, loose, Progress.NONE);
        assertThat(drop.stack()).isNull();
        assertThat(impact(drop)).as(drop.plan().toText()).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo("postgres.schema");
            assertThat(w.name()).isEqualTo("loose");
            assertThat(w.message()).contains("version Churn v2 (stage Production)")
                    .contains("postgres:table:" + STACK_CONN + "/" + db + ".loose.scratch")
                    .doesNotContain("Churn v1");
        });
    }

    static List<PlanWarning> impact(Workbench.DropPlan drop) {
        return drop.plan().warnings().stream().filter(w -> w.rule().equals("impact")).toList();
    }

    LiveNode schema(String name) throws Exception {
        try (ProviderSession s = wb.openSession(stackProfile)) {
            LiveNode schemas = child(s, child(s, child(s, null, "Databases"), db), "Schemas");
            return child(s, schemas, name);
        }
    }

    private static LiveNode child(ProviderSession s, LiveNode parent, String label) throws Exception {
        return s.children(parent, Progress.NONE).stream().filter(n -> n.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " under " + (parent == null ? "the top" : parent.path())));
    }
}
