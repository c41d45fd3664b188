package dev.mlpc.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.governance.CrossSystemRules;
import dev.mlpc.governance.Finding;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reviewer's setup against the real server: stack {@code features} manages schema {@code feat} of database
 * {@code db} (not the database: a table of a managed database counts as governed too) through connection {@code pg-stack} (logged into the maintenance database); the registry lives in
 * {@code db} and is read through connection {@code pg-reg}, the same server. Version inputs name tables through
 * {@code pg-reg}.
 * <ul>
 *   <li>a table inside the managed schema is governed data (rule {@code production-lineage-governed}), offline by its
 *   link and live when it exists; a missing one fails live; a table of the unmanaged schema fails;</li>
 *   <li>the two connections give one node per table with {@code --live} (the CLI's lookup finds one);</li>
 *   <li>dropping the unmanaged schema from the live tree lists the version reading a table inside it.</li>
 * </ul>
 */
class GovernedPostgresLineageTest {
    static final String STACK_CONN = "pg-stack";
    static final String REG_CONN = "pg-reg";

    @TempDir Path tmp;
    PgTestSupport pg;
    String db;
    ModelRegistry registry;
    Workbench wb;
    ConnectionProfile stackProfile;

    @BeforeEach
    void setUp() throws Exception {
        pg = new PgTestSupport();
        db = pg.database("governed");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE SCHEMA feat", "CREATE TABLE feat.customer_features (id int)",
                "CREATE SCHEMA loose", "CREATE TABLE loose.scratch (id int)");
        HikariDataSource pool = PgPool.open(PgTestSupport.profile(REG_CONN), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(20), db, 2);
        registry = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "tester <tester@example.org>", pool);
        registry.migrations().migrate();
        registry.createModel("Churn", "", "ml-team", Map.of());
        register("feat/customer_features");   // v1: inside the managed schema, live
        register("feat/gone");                // v2: inside the managed schema, not live
        register("loose/scratch");            // v3: inside an unmanaged schema
        for (int v = 1; v <= 3; v++) registry.transition("Churn", v, "Production", false);

        wb = new Workbench(new AppHome(tmp.resolve("home")), Workbench.standardProviders(), System.getenv(),
                Duration.ofSeconds(20));
        stackProfile = PgTestSupport.profile(STACK_CONN);
        Map<String, String> reg = new HashMap<>(PgTestSupport.profile(REG_CONN).settings());
        reg.put("url", PgTestSupport.urlFor(db));
        wb.connections().save(List.of(stackProfile, new ConnectionProfile(REG_CONN, "postgres", reg)));
        DriftPostgresFixture.commit(wb, """
                stack: features
                target: %1$s
                resources:
                  - type: postgres.schema
                    name: feat
                    database: %2$s
                """.formatted(STACK_CONN, db));
    }

    void register(String table) throws Exception {
        registry.register(new Registration("Churn", "s3://models/churn/" + table, null, null, null, null, null, null,
                Map.of(), List.of(new Lineage("input", "postgres.table", REG_CONN + "/" + db + "/" + table))));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) registry.close();
        if (pg != null) pg.close();
    }

    List<Finding> production(boolean live) throws Exception {
        return wb.govern(live, Progress.NONE).findings().stream()
                .filter(f -> f.rule().equals(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED)).toList();
    }

    static String version(Finding f) {
        return f.message().replaceAll("(?s).*version (Churn v\\d).*", "$1");
    }

    @Test
    void offlineATableInsideTheManagedSchemaIsGovernedByItsStack() throws Exception {
        List<Finding> found = production(false);
        assertThat(found).extracting(GovernedPostgresLineageTest::version).as(found.toString())
                .containsExactly("Churn v3");
        assertThat(found.get(0).message()).contains(db + ".loose.scratch (unknown link)");
        LineageGraph g = wb.lineageGraph(false, Progress.NONE);
        LineageNode t = g.node("postgres:table:" + REG_CONN + "/" + db + ".feat.customer_features").orElseThrow();
        assertThat(t.attribute("governed-by")).isEqualTo("features");
        assertThat(t.attribute("governed-in")).isEqualTo("postgres.schema " + db + ".feat");
    }

    @Test
    void liveTheTablesOfBothConnectionsAreOneNodeAndAMissingTableFails() throws Exception {
        LineageGraph g = wb.lineageGraph(true, Progress.NONE);
        // "pg-reg" < "pg-stack": pg-reg is the server's canonical connection, pg-stack its alias
        List<LineageNode> hits = g.find(db + ".feat.customer_features");
        assertThat(hits).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo("postgres:table:" + REG_CONN + "/" + db + ".feat.customer_features");
            assertThat(n.known()).isTrue();
            assertThat(n.attribute("connections")).isEqualTo(REG_CONN + "," + STACK_CONN);
            assertThat(n.attribute("governed-by")).isEqualTo("features");
        });
        List<Finding> found = production(true);
        assertThat(found).extracting(GovernedPostgresLineageTest::version).as(found.toString())
                .containsExactlyInAnyOrder("Churn v2", "Churn v3");
        Finding v2 = found.stream().filter(f -> version(f).equals("Churn v2")).findFirst().orElseThrow();
        assertThat(v2.message()).contains(db + ".feat.gone (unknown link: not found live in postgres.schema " + db
                + ".feat of stack features)");
        Finding v3 = found.stream().filter(f -> version(f).equals("Churn v3")).findFirst().orElseThrow();
        assertThat(v3.message()).contains(db + ".loose.scratch (managed by no stack)");
    }

    @Test
    void droppingTheUnmanagedSchemaFromTheLiveTreeListsTheVersionReadingATableInside() throws Exception {
        // the registry read through the stack's own connection, so that the schema's scope is the version's
        Map<String, String> reg = new HashMap<>(stackProfile.settings());
        reg.put("url", PgTestSupport.urlFor(db));
        ConnectionProfile direct = new ConnectionProfile(REG_CONN, "postgres", reg);
        LiveNode loose;
        try (ProviderSession s = wb.openSession(direct)) {
            LiveNode schemas = child(s, child(s, child(s, null, "Databases"), db), "Schemas");
            loose = child(s, schemas, "loose");
        }
        Workbench.DropPlan drop = wb.planDrop(direct, loose, Progress.NONE);
        assertThat(drop.stack()).isNull();
        List<PlanWarning> impact = drop.plan().warnings().stream().filter(w -> w.rule().equals("impact")).toList();
        assertThat(impact).as(drop.plan().toText()).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo("postgres.schema");
            assertThat(w.name()).isEqualTo("loose");
            assertThat(w.message()).contains("version Churn v3 (stage Production)")
                    .contains("postgres:table:" + REG_CONN + "/" + db + ".loose.scratch")
                    .doesNotContain("Churn v1");
        });
    }

    private static LiveNode child(ProviderSession s, LiveNode parent, String label) throws Exception {
        return s.children(parent, Progress.NONE).stream().filter(n -> n.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " under " + (parent == null ? "the top" : parent.path())));
    }
}
