package dev.mlpc.app;

import dev.mlpc.cli.MlpcCommand;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live source of the lineage graph against the Snowflake simulator: drift marks on the stack's nodes, an object
 * in no stack as a node without a stack with its own (live) edges, and no live repeats of the stack's edges.
 */
class LineageLiveTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    @TempDir Path tmp;
    Path home;
    SnowflakeSimulator sim;
    SimCatalog catalog;

    static final String STACK = """
            stack: lin
            target: sim
            resources:
              - {type: snowflake.database, name: LIN}
              - {type: snowflake.schema, name: RAW, database: LIN}
              - type: snowflake.stage
                name: landing
                database: LIN
                schema: RAW
                url: s3://Lin-Bucket/raw/
                comment: landing zone
              - type: snowflake.table
                name: events
                database: LIN
                schema: RAW
                columns:
                  - {name: ID, type: VARCHAR}
              - type: snowflake.pipe
                name: load_events
                database: LIN
                schema: RAW
                table: events
                stage: landing
            """;

    @BeforeEach
    void setUp() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        home = tmp.resolve("home");
        Files.createDirectories(home);
        sim = SnowflakeSimulator.start();
        catalog = new SimCatalog().attach(sim);
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  sim: {type: snowflake, url: \"" + sim.jdbcUrl()
                + "\", user: MLPC, password: \"${env:SF_PW}\"}\n");
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void driftUnmanagedObjectsAndLiveEdges() throws Exception {
        Path file = tmp.resolve("lin.yaml");
        Files.writeString(file, STACK);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(new String[]{"apply", file.toString(), "--connection", "sim"},
                Map.of("MLPC_HOME", home.toString(), "SF_PW", "pw"), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        try (Connection c = DriverManager.getConnection(sim.jdbcUrl(), sim.connectionProperties("ADMIN", "pw"));
             Statement st = c.createStatement()) {
            st.execute("CREATE STAGE LIN.RAW.LOOSE URL = 's3://lin-bucket/raw/loose/'");
        }
        catalog.tamper("STAGE", List.of("LIN", "RAW", "LANDING"), "comment", "changed live");

        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PW", "pw"),
                Duration.ofSeconds(20));
        LineageService.Result offline = wb.lineage(false, Progress.NONE);
        assertThat(offline.graph().nodes()).allSatisfy(n -> assertThat(n.attribute("drift")).isNull());
        assertThat(offline.graph().node("snowflake:stage:sim/LIN.RAW.LOOSE")).isEmpty();

        LineageService.Result r = wb.lineage(true, Progress.NONE);
        assertThat(r.warnings()).isEmpty();
        LineageGraph g = r.graph();
        assertThat(g.node("snowflake:stage:sim/LIN.RAW.LANDING").orElseThrow().attribute("drift")).isEqualTo("drifted");
        assertThat(g.node("snowflake:table:sim/LIN.RAW.EVENTS").orElseThrow().attribute("drift")).isEqualTo("in-sync");
        assertThat(g.node("snowflake:pipe:sim/LIN.RAW.LOAD_EVENTS").orElseThrow().attribute("drift")).isEqualTo("in-sync");
        LineageNode loose = g.node("snowflake:stage:sim/LIN.RAW.LOOSE").orElseThrow();
        assertThat(loose.stack()).isNull();
        assertThat(loose.connection()).isEqualTo("sim");
        assertThat(loose.known()).isTrue();
        assertThat(loose.attribute("drift")).isEqualTo("unknown");

        Set<String> edges = new TreeSet<>();
        for (LineageEdge e : g.edges()) edges.add(e.from() + " " + e.relation() + " " + e.source().json() + " " + e.to());
        assertThat(edges).containsExactlyInAnyOrder(
                "s3://lin-bucket/raw url stack snowflake:stage:sim/LIN.RAW.LANDING",
                "snowflake:stage:sim/LIN.RAW.LANDING loads stack snowflake:pipe:sim/LIN.RAW.LOAD_EVENTS",
                "snowflake:pipe:sim/LIN.RAW.LOAD_EVENTS into stack snowflake:table:sim/LIN.RAW.EVENTS",
                "s3://lin-bucket/raw/loose url live snowflake:stage:sim/LIN.RAW.LOOSE",
                "s3://lin-bucket/raw contains stack s3://lin-bucket/raw/loose"); // derived: stack, as one end is a stack's
    }
}
