package dev.mlpc.testing.snowflake;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real snowflake-jdbc driver against {@link SnowflakeSimulator}. */
class SnowflakeSimulatorTest {

    private static final String PLATFORM_DETECTION = "net.snowflake.jdbc.disablePlatformDetection";
    private static LoopbackGuard guard;
    private static String platformDetectionBefore;
    /** The driver logs every login at INFO through java.util.logging; keep test output readable. */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    private static java.util.logging.Level driverLogLevelBefore;

    private SnowflakeSimulator sim;
    private boolean failuresExpected;

    @BeforeAll
    static void watchTheNetwork() {
        // Surefire sets this for every test JVM; set it here too for runs from an IDE or another launcher.
        platformDetectionBefore = System.getProperty(PLATFORM_DETECTION);
        System.setProperty(PLATFORM_DETECTION, "true");
        driverLogLevelBefore = DRIVER_LOG.getLevel();
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        guard = LoopbackGuard.install();
    }

    @AfterAll
    static void nothingLeftTheMachine() {
        guard.close();
        DRIVER_LOG.setLevel(driverLogLevelBefore);
        if (platformDetectionBefore == null) {
            System.clearProperty(PLATFORM_DETECTION);
        }
        assertThat(guard.loopback()).as("the guard saw the driver's connections").isNotEmpty();
        assertThat(guard.elsewhere()).as("connections or lookups other than loopback").isEmpty();
    }

    @BeforeEach
    void start() {
        sim = SnowflakeSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
        if (!failuresExpected) {
            assertThat(sim.failures()).as("simulator failures").isEmpty();
        }
    }

    private Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(sim.jdbcUrl(db), sim.connectionProperties("ADMIN", "secret"));
    }

    @Test
    void realDriverLogsInRunsQueriesAndClosesTheSession() throws Exception {
        try (Connection c = connect("ANALYTICS"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("select current_version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(SnowflakeSimulator.SERVER_VERSION);
            }
            assertThat(c.getCatalog()).isEqualTo("ANALYTICS");
        }
        assertThat(sim.sessions()).singleElement().satisfies(session -> {
            assertThat(session.user()).isEqualTo("ADMIN");
            assertThat(session.account()).isEqualToIgnoringCase("test");
            assertThat(session.database()).isEqualTo("ANALYTICS");
            assertThat(session.closed()).as("session deleted on close").isTrue();
        });
        assertThat(sim.requests(SnowflakeSimulator.Endpoint.LOGIN)).isEqualTo(1);
        assertThat(sim.requests(SnowflakeSimulator.Endpoint.QUERY)).isEqualTo(2);
        assertThat(sim.requests(SnowflakeSimulator.Endpoint.SESSION_DELETE)).isEqualTo(1);
        assertThat(sim.unknownPaths()).isEmpty();
        assertThat(sim.statements()).extracting(SfStatement::sql)
                .containsExactly("SELECT 1", "select current_version()");
    }

    @Test
    void typedRowsReachTheDriverAsTheirJavaTypes() throws Exception {
        Instant created = Instant.parse("2024-03-01T12:34:56.789Z");
        LocalDateTime wall = LocalDateTime.parse("2023-12-31T23:59:58.123456789");
        List<SfColumn> columns = List.of(SfColumn.text("NAME"), SfColumn.integer("ROWS"),
                SfColumn.number("RATIO", 10, 3), SfColumn.real("SCORE"), SfColumn.bool("ENABLED"),
                SfColumn.timestampLtz("CREATED_ON"), SfColumn.timestampNtz("LOADED_AT"), SfColumn.date("DAY"));
        sim.handler((sql, session) -> sql.equals("SELECT * FROM T") ? SfResult.rows(columns, List.of(
                List.of("first", 12_345_678_901L, new BigDecimal("0.125"), 2.5, true, created, wall,
                        LocalDate.of(2024, 2, 29)),
                Arrays.asList("second", 0, new BigDecimal("-1.000"), -0.5, false, null, null, null),
                Arrays.asList("before 1970", -7, BigDecimal.ZERO, 0.0, null, Instant.parse("1969-12-31T23:59:59.500Z"),
                        LocalDateTime.parse("1969-07-20T20:17:40"), LocalDate.of(1969, 7, 20))))
                : null);

        try (Connection c = connect("DB"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM T")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(8);
            assertThat(md.getColumnName(2)).isEqualTo("ROWS");
            assertThat(md.getColumnTypeName(1)).isEqualTo("VARCHAR");
            assertThat(md.getColumnTypeName(5)).isEqualTo("BOOLEAN");
            assertThat(md.getScale(3)).isEqualTo(3);

            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("NAME")).isEqualTo("first");
            assertThat(rs.getLong("ROWS")).isEqualTo(12_345_678_901L);
            assertThat(rs.getBigDecimal("RATIO")).isEqualByComparingTo("0.125");
            assertThat(rs.getDouble("SCORE")).isEqualTo(2.5);
            assertThat(rs.getBoolean("ENABLED")).isTrue();
            Timestamp createdOn = rs.getTimestamp("CREATED_ON");
            assertThat(createdOn.toInstant()).isEqualTo(created);
            assertThat(rs.getTimestamp("LOADED_AT").toLocalDateTime()).isEqualTo(wall);
            assertThat(rs.getDate("DAY").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));

            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("ROWS")).isZero();
            assertThat(rs.getBigDecimal("RATIO")).isEqualByComparingTo("-1");
            assertThat(rs.getBoolean("ENABLED")).isFalse();
            assertThat(rs.getTimestamp("CREATED_ON")).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getDate("DAY")).isNull();

            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("ROWS")).isEqualTo(-7);
            assertThat(rs.getObject("ENABLED")).isNull();
            assertThat(rs.getTimestamp("CREATED_ON").toInstant()).isEqualTo(Instant.parse("1969-12-31T23:59:59.500Z"));
            assertThat(rs.getTimestamp("LOADED_AT").toLocalDateTime()).isEqualTo(LocalDateTime.parse("1969-07-20T20:17:40"));
            assertThat(rs.getDate("DAY").toLocalDate()).isEqualTo(LocalDate.of(1969, 7, 20));
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void errorReplySurfacesAsSqlExceptionWithSqlStateAndVendorCodeAndWritesNoOutputJson() throws Exception {
        Path outputJson = Path.of("output.json").toAbsolutePath();
        assertThat(outputJson).as("precondition: no output.json in the working directory").doesNotExist();
        sim.handler((sql, session) -> sql.startsWith("DROP TABLE")
                ? SfResult.doesNotExist("Table", "MISSING") : null);

        try (Connection c = connect("DB"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP TABLE MISSING"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        SQLException sqlException = (SQLException) e;
                        assertThat(sqlException.getSQLState()).isEqualTo("02000");
                        assertThat(sqlException.getErrorCode()).isEqualTo(2003);
                        assertThat(sqlException.getMessage()).contains("Table 'MISSING' does not exist");
                    });
            // an unknown statement gets a syntax error with its own code and state
            assertThatThrownBy(() -> s.execute("FROBNICATE"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("42000");
                        assertThat(((SQLException) e).getErrorCode()).isEqualTo(1003);
                    });
            // the session is still usable after an error
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        assertThat(sim.statements()).extracting(SfStatement::errorCode).containsExactly(2003, 1003, 0);
        assertThat(outputJson).as("the driver dumps output.json only for errors without code").doesNotExist();
    }

    @Test
    void aHandlerThatThrowsFailsTheStatementAtOnceInsteadOfMakingTheDriverRetry() throws Exception {
        failuresExpected = true;
        sim.handler((sql, session) -> {
            throw new IllegalStateException("handler bug");
        });
        try (Connection c = connect("DB"); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XX000"))
                    .hasMessageContaining("handler bug");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(sim.failures()).singleElement().satisfies(e -> assertThat(e).hasMessage("handler bug"));
        assertThat(Path.of("output.json")).doesNotExist();
    }

    @Test
    void rejectedLoginIsAnAuthenticationError() {
        sim.rejectLogins(true);
        assertThatThrownBy(() -> connect("DB").close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("08001");
                    assertThat(((SQLException) e).getErrorCode()).isEqualTo(390100);
                    assertThat(e.getMessage()).contains("Incorrect username or password");
                });
        assertThat(sim.sessions()).isEmpty();
        assertThat(Path.of("output.json")).doesNotExist();
    }

    @Test
    void queryTagAndUseCommandsAreRecordedPerSession() throws Exception {
        try (Connection a = connect("DB"); Connection b = connect("OTHER");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("ALTER SESSION SET QUERY_TAG = 'mlpc stack=ml-env commit=abc123 it''s'");
            sa.execute("USE ROLE sysadmin");
            sa.execute("USE WAREHOUSE \"Load WH\"");
            sa.execute("USE DATABASE training");
            assertThat(sa.executeUpdate("CREATE TABLE T (ID NUMBER)")).as("DDL update count").isZero();
            sb.execute("USE SCHEMA OTHER.PUBLIC");
            assertThat(a.getCatalog()).isEqualTo("TRAINING");
        }
        SfSession first = sim.sessions().get(0);
        SfSession second = sim.sessions().get(1);
        assertThat(first.queryTag()).isEqualTo("mlpc stack=ml-env commit=abc123 it's");
        assertThat(first.role()).isEqualTo("SYSADMIN");
        assertThat(first.warehouse()).isEqualTo("Load WH");
        assertThat(first.database()).isEqualTo("TRAINING");
        assertThat(second.queryTag()).isEmpty();
        assertThat(second.database()).isEqualTo("OTHER");
        assertThat(second.schema()).isEqualTo("PUBLIC");

        List<SfStatement> ofFirst = sim.statements().stream().filter(st -> st.sessionId() == first.id()).toList();
        assertThat(ofFirst).hasSize(5).allSatisfy(st -> {
            assertThat(st.queryTag()).isEqualTo("mlpc stack=ml-env commit=abc123 it's");
            assertThat(st.queryId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        });
        assertThat(ofFirst.get(4).sql()).isEqualTo("CREATE TABLE T (ID NUMBER)");
        assertThat(sim.statements()).extracting(SfStatement::queryId).doesNotHaveDuplicates();
    }

    @Test
    void queryIdReturnedToTheDriverIsTheRecordedOne() throws Exception {
        try (Connection c = connect("DB"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            String queryId = rs.unwrap(net.snowflake.client.api.resultset.SnowflakeResultSet.class).getQueryID();
            assertThat(sim.statements()).singleElement().extracting(SfStatement::queryId).isEqualTo(queryId);
        }
    }

    @Test
    void latencyIsAddedToEveryRequest() throws Exception {
        Duration delay = Duration.ofMillis(100);
        int queries = 3;
        try (Connection c = connect("DB"); Statement s = c.createStatement()) {
            sim.latency(delay);
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(delay.multipliedBy(queries));
            sim.latency(Duration.ZERO);
        }
    }

    @Test
    void tenThousandShowRowsComeBackInOneRequestAndLimitFromPages() throws Exception {
        List<List<Object>> tables = new ArrayList<>();
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 10_050; i++) {
            tables.add(tableRow(created, String.format("T%05d", i), "ML", "TRAINING"));
        }
        sim.showRows("TABLES", tables);

        try (Connection c = connect("ML"); Statement s = c.createStatement()) {
            int before = sim.requests(SnowflakeSimulator.Endpoint.QUERY);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW TABLES IN ACCOUNT")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnName(1)).isEqualTo("created_on");
                assertThat(md.getColumnName(2)).isEqualTo("name");
                assertThat(md.getColumnName(3)).isEqualTo("database_name");
                while (rs.next()) {
                    names.add(rs.getString("name"));
                    assertThat(rs.getLong("rows")).isEqualTo(1000L);
                }
            }
            assertThat(names).hasSize(SnowflakeSimulator.SHOW_MAX_ROWS);
            assertThat(names.get(0)).isEqualTo("T00000");
            assertThat(names.get(9_999)).isEqualTo("T09999");
            assertThat(sim.requests(SnowflakeSimulator.Endpoint.QUERY) - before).isEqualTo(1);

            List<String> page = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW TABLES IN ACCOUNT LIMIT 3 FROM 'T09998'")) {
                while (rs.next()) {
                    page.add(rs.getString("name"));
                }
            }
            assertThat(page).containsExactly("T09999", "T10000", "T10001");

            List<String> tail = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("show tables like 't1004%' in database ML limit 100 from 'T10045'")) {
                while (rs.next()) {
                    tail.add(rs.getString("name"));
                }
            }
            assertThat(tail).containsExactly("T10046", "T10047", "T10048", "T10049");
        }
    }

    @Test
    void showKindsWithoutRegisteredRowsAnswerTheirColumnsAndNoRows() throws Exception {
        sim.showRows("GRANTS TO ROLE ANALYST", List.of(
                List.of(Instant.EPOCH, "USAGE", "DATABASE", "ML", "ROLE", "ANALYST", "false", "SYSADMIN")));
        sim.showRows("INTEGRATIONS", List.of(
                List.of("MLFLOW_API", "EXTERNAL_API", "API", true, "gateway", Instant.EPOCH)));
        try (Connection c = connect("DB"); Statement s = c.createStatement()) {
            for (Map.Entry<String, List<SfColumn>> e : Map.of(
                    "SHOW DATABASES", ShowColumns.DATABASES, "SHOW WAREHOUSES", ShowColumns.WAREHOUSES,
                    "SHOW ROLES", ShowColumns.ROLES, "SHOW SCHEMAS IN ACCOUNT", ShowColumns.SCHEMAS).entrySet()) {
                try (ResultSet rs = s.executeQuery(e.getKey())) {
                    assertThat(rs.getMetaData().getColumnCount()).as(e.getKey()).isEqualTo(e.getValue().size());
                    assertThat(rs.next()).isFalse();
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW GRANTS TO ROLE analyst")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("privilege")).isEqualTo("USAGE");
                assertThat(rs.getString("grantee_name")).isEqualTo("ANALYST");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SHOW GRANTS TO ROLE OTHER")) {
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SHOW INTEGRATIONS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).isEqualTo("MLFLOW_API");
                assertThat(rs.getBoolean("enabled")).isTrue();
            }
        }
    }

    private static List<Object> tableRow(Instant created, String name, String db, String schema) {
        List<Object> row = new ArrayList<>();
        for (SfColumn column : ShowColumns.TABLES) {
            row.add(switch (column.name()) {
                case "created_on" -> created;
                case "name" -> name;
                case "database_name" -> db;
                case "schema_name" -> schema;
                case "kind" -> "TABLE";
                case "comment" -> "";
                case "rows" -> 1000;
                case "bytes" -> 65536;
                case "owner" -> "SYSADMIN";
                case "retention_time" -> "1";
                case "owner_role_type" -> "ROLE";
                default -> "N";
            });
        }
        return row;
    }
}
