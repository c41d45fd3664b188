package dev.mlpc.cli;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The headless CLI against a live (simulated) Snowflake account: plan, apply, converge, destruction gate. */
class SnowflakeLiveCliTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    @TempDir Path tmp;
    private Path home;
    private SnowflakeSimulator sim;
    private SimCatalog catalog;

    record Run(int code, String out, String err) {}

    private Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", home.toString(), "SF_PW", "cli-test-password"),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static final String STACK = """
            stack: sf-cli
            resources:
              - {type: snowflake.database, name: CLI_DB, comment: from the CLI}
              - {type: snowflake.schema, name: RAW, database: CLI_DB}
              - type: snowflake.table
                name: EVENTS
                database: CLI_DB
                schema: RAW
                columns:
                  - {name: ID, type: NUMBER, nullable: false}
                  - {name: PAYLOAD, type: VARIANT}
              - {type: snowflake.role, name: CLI_READER}
              - type: snowflake.grant
                name: reader_events
                role: CLI_READER
                privileges: [SELECT]
                on: {table: EVENTS}
                database: CLI_DB
                schema: RAW
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
    void theWholeFederatedMlExampleAppliesAndThenPlansNoChanges() throws Exception {
        Run applied = mlpc("apply", "resources/examples/snowflake-federated-ml.yaml", "--connection", "sim");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("CREATE API INTEGRATION ML_API_INTEGRATION API_PROVIDER = aws_api_gateway")
                .contains("CREATE PIPE ML_DATABASE.ML_SCHEMA.ML_DATA_PIPE AUTO_INGEST = TRUE").contains("(Applied: yes)");
        assertThat(catalog.hasPipe("ML_DATABASE", "ML_SCHEMA", "ML_DATA_PIPE")).isTrue();
        Run again = mlpc("plan", "resources/examples/snowflake-federated-ml.yaml", "--connection", "sim", "--detailed-exitcode");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
    }

    @Test
    void planApplyConvergeAndADestructiveChangeNeedsAllowDestroy() throws Exception {
        Path stack = tmp.resolve("sf-cli.yaml");
        Files.writeString(stack, STACK);
        assertThat(mlpc("plan", stack.toString(), "--connection", "sim", "--detailed-exitcode").code()).isEqualTo(2);

        Run applied = mlpc("apply", stack.toString(), "--connection", "sim");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("CREATE TABLE CLI_DB.RAW.EVENTS (ID NUMBER NOT NULL, PAYLOAD VARIANT)")
                .containsPattern("system id: [0-9a-f-]{36}").contains("(Applied: yes)");
        Run again = mlpc("plan", stack.toString(), "--connection", "sim", "--detailed-exitcode");
        assertThat(again.code()).as(again.out() + again.err()).isZero();

        Files.writeString(stack, STACK.replace("{name: ID, type: NUMBER, nullable: false}", "{name: ID, type: STRING, nullable: false}"));
        Run refused = mlpc("apply", stack.toString(), "--connection", "sim");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("refused: the plan has destructive changes").contains("replace snowflake.table EVENTS")
                .doesNotContain("\tat ").doesNotContain("cli-test-password");
        assertThat(catalog.columns("CLI_DB", "RAW", "EVENTS")).extracting(SimCatalog.Column::type).containsExactly("NUMBER", "VARIANT");

        Run destroyed = mlpc("apply", stack.toString(), "--connection", "sim", "--allow-destroy");
        assertThat(destroyed.code()).as(destroyed.err()).isZero();
        assertThat(catalog.columns("CLI_DB", "RAW", "EVENTS")).extracting(SimCatalog.Column::type).containsExactly("STRING", "VARIANT");
        // the grant on the replaced table was recreated with it
        assertThat(catalog.privileges("CLI_READER", "TABLE", "CLI_DB", "RAW", "EVENTS")).containsExactly("SELECT");
        assertThat(mlpc("plan", stack.toString(), "--connection", "sim", "--detailed-exitcode").code()).isZero();
    }

    /** Issue 13 item 12: snowflake-jdbc's INFO lines (login, close) stay off stderr unless --debug is given. */
    @Test
    void theDriversInfoLinesAppearOnlyWithDebug() throws Exception {
        Path stack = tmp.resolve("sf-cli.yaml");
        Files.writeString(stack, STACK);
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        DRIVER_LOG.setLevel(null); // as in a fresh JVM: the root's INFO, whose console handler writes to stderr
        DRIVER_LOG.addHandler(capture);
        try {
            Run quiet = mlpc("plan", stack.toString(), "--connection", "sim");
            assertThat(quiet.code()).as(quiet.err()).isZero();
            assertThat(records).as("driver records without --debug").allSatisfy(r ->
                    assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(java.util.logging.Level.WARNING.intValue()));
            Run debug = mlpc("--debug", "plan", stack.toString(), "--connection", "sim");
            assertThat(debug.code()).as(debug.err()).isZero();
            assertThat(records).as("driver records with --debug")
                    .anySatisfy(r -> assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.INFO));
            assertThat(System.getProperty("mlpc.debug")).isNull();
        } finally {
            DRIVER_LOG.removeHandler(capture);
            DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        }
    }
}
