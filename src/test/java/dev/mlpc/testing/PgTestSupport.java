package dev.mlpc.testing;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.SecretResolver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Access to the real local PostgreSQL for tests, and clean-up of what a test creates.
 * <p>
 * Server: system property {@code mlpc.test.pgUrl} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}) or
 * environment variable {@code MLPC_TEST_PG_URL}; user {@code mlpc.test.pgUser} / {@code MLPC_TEST_PG_USER} (default
 * {@code postgres}); password, if the server wants one, from {@code MLPC_TEST_PG_PASSWORD}.
 * <p>
 * Use one instance per test: {@link #database(String)} and {@link #role(String)} hand out unique names and remember
 * them; {@link #close()} (call it from {@code @AfterEach}) drops those databases (forcing other sessions out) and
 * then those roles, which are cluster-wide.
 */
public final class PgTestSupport implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<String> databases = new LinkedHashSet<>();
    private final Set<String> roles = new LinkedHashSet<>();

    /** The JDBC URL of the maintenance database. */
    public static String url() {
        return setting("mlpc.test.pgUrl", "MLPC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    public static String user() {
        return setting("mlpc.test.pgUser", "MLPC_TEST_PG_USER", "postgres");
    }

    /** The test password, or null (trust authentication). */
    public static String password() {
        String p = System.getenv("MLPC_TEST_PG_PASSWORD");
        return p == null || p.isEmpty() ? null : p;
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * A connection profile for the test server. When a password is needed it is a reference to
     * {@code ${env:MLPC_TEST_PG_PASSWORD}}; resolve it with {@link #secrets(Map)}.
     */
    public static ConnectionProfile profile(String name) {
        return password() == null
                ? new ConnectionProfile(name, "postgres", Map.of("url", url(), "user", user()))
                : new ConnectionProfile(name, "postgres", Map.of("url", url(), "user", user(),
                "password", "${env:MLPC_TEST_PG_PASSWORD}"));
    }

    /** A resolver for {@code ${env:NAME}} references reading {@code values}, then the real environment. */
    public static SecretResolver secrets(Map<String, String> values) {
        return ref -> {
            String v = values.get(ref.key());
            if (v == null && ref.source() == dev.mlpc.core.spec.SecretRef.Source.ENV) v = System.getenv(ref.key());
            if (v == null) throw new SecretResolver.SecretUnavailableException("secret " + ref + " is not set");
            return v;
        };
    }

    /** A connection to the maintenance database (autocommit). */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), credentials());
    }

    /** A connection to another database of the test server (autocommit). */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(urlFor(database), credentials());
    }

    /** The test server's URL for another database. */
    public static String urlFor(String database) {
        String u = url();
        int q = u.indexOf('?');
        String query = q < 0 ? "" : u.substring(q);
        String main = q < 0 ? u : u.substring(0, q);
        int slash = main.indexOf('/', "jdbc:postgresql://".length());
        String base = slash < 0 ? main : main.substring(0, slash);
        return base + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", user());
        if (password() != null) p.setProperty("password", password());
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "120");
        return p;
    }

    /** A fresh lower-case name: {@code prefix_} and 10 random hex digits. */
    public static String unique(String prefix) {
        StringBuilder b = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 10; i++) b.append(Character.forDigit(RANDOM.nextInt(16), 16));
        return b.toString();
    }

    /** A unique database name, dropped by {@link #close()}. Nothing is created. */
    public String database(String prefix) {
        return track(unique(prefix), databases);
    }

    /** A unique role name, dropped by {@link #close()}. Nothing is created. */
    public String role(String prefix) {
        return track(unique(prefix), roles);
    }

    /** Registers a database (created by the test under its own name) for clean-up. */
    public String trackDatabase(String name) {
        return track(name, databases);
    }

    /** Registers a role (created by the test under its own name) for clean-up. */
    public String trackRole(String name) {
        return track(name, roles);
    }

    private static String track(String name, Set<String> into) {
        into.add(name);
        return name;
    }

    /** Runs statements on the maintenance database. */
    public static void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    /** Runs statements in another database. */
    public static void execIn(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    /** The first column of every row of a query on the given database (null: the maintenance database). */
    public static List<String> column(String database, String sql, Object... params) throws SQLException {
        try (Connection c = database == null ? connect() : connect(database);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** True when the server can install the extension (contrib may be missing). */
    public static boolean extensionAvailable(String name) throws SQLException {
        return !column(null, "SELECT 1 FROM pg_available_extensions WHERE name = ?", name).isEmpty();
    }

    public static boolean databaseExists(String name) throws SQLException {
        return !column(null, "SELECT 1 FROM pg_database WHERE datname = ?", name).isEmpty();
    }

    public static boolean roleExists(String name) throws SQLException {
        return !column(null, "SELECT 1 FROM pg_roles WHERE rolname = ?", name).isEmpty();
    }

    /** Quotes an identifier for test SQL. */
    public static String q(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Drops the tracked databases, then the tracked roles (with what they own in the maintenance database). */
    @Override
    public void close() throws SQLException {
        List<String> failures = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String db : databases) {
                run(st, "DROP DATABASE IF EXISTS " + q(db) + " WITH (FORCE)", failures);
            }
            for (String role : roles) {
                if (!roleExistsOn(c, role)) continue;
                run(st, "DROP OWNED BY " + q(role) + " CASCADE", failures);
                run(st, "DROP ROLE IF EXISTS " + q(role), failures);
            }
        }
        databases.clear();
        roles.clear();
        if (!failures.isEmpty()) throw new SQLException("clean-up failed: " + String.join("; ", failures));
    }

    private static boolean roleExistsOn(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void run(Statement st, String sql, List<String> failures) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            failures.add(sql + ": " + e.getMessage());
        }
    }
}
