package dev.mlpc.providers.snowflake;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.SessionLabel;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Opens snowflake-jdbc connections for a profile: account ({@code <account>.snowflakecomputing.com}) or full URL, user,
 * role, warehouse, authenticator and its secret, read through the {@link SecretResolver} only here. Always sets the
 * connection property {@code disablePlatformDetection=true} (snowflake-jdbc 4.3.3 otherwise probes cloud metadata
 * endpoints at the first login of a JVM) and login, network and query timeouts. Failures become messages naming the
 * connection, never a stack trace or a secret.
 */
final class SnowflakeConnector {
    private final ConnectionProfile profile;
    private final SecretResolver secrets;
    private final Duration timeout;
    private final List<String> used = new ArrayList<>();

    SnowflakeConnector(ConnectionProfile profile, SecretResolver secrets, Duration timeout) {
        this.profile = profile;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    String name() { return profile.name(); }

    int querySeconds() { return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds() * 4)); }

    /** Where the profile points, for messages: the account or the URL's host, never parameters. */
    String where() {
        String account = profile.setting("account");
        if (account != null && !account.isBlank()) return account;
        String url = profile.setting("url");
        return url == null ? "?" : url.replaceFirst("(?i)^jdbc:snowflake://", "").replaceFirst("[/?].*$", "");
    }

    String url() {
        String account = profile.setting("account");
        if (account != null && !account.isBlank()) return "jdbc:snowflake://" + account + ".snowflakecomputing.com/";
        return profile.setting("url");
    }

    Properties properties() throws ProviderException {
        Properties p = new Properties();
        p.put("user", profile.setting("user"));
        put(p, "role", profile.setting("role"));
        put(p, "warehouse", profile.setting("warehouse"));
        String auth = profile.setting("authenticator");
        String method = auth == null || auth.isBlank() ? "snowflake" : auth.toLowerCase(Locale.ROOT);
        switch (method) {
            case "snowflake" -> p.put("password", secret("password"));
            case "snowflake_jwt" -> {
                p.put("authenticator", "SNOWFLAKE_JWT");
                p.put("private_key_file", profile.setting("private_key_file"));
                if (profile.setting("private_key_passphrase") != null) p.put("private_key_file_pwd", secret("private_key_passphrase"));
            }
            case "externalbrowser" -> p.put("authenticator", "EXTERNALBROWSER");
            case "oauth" -> {
                p.put("authenticator", "OAUTH");
                p.put("token", secret("token"));
            }
            default -> throw new ProviderException("connection " + Problem.quote(name()) + ": unknown authenticator " + auth);
        }
        p.put("disablePlatformDetection", "true");
        p.put("CLIENT_TELEMETRY_ENABLED", "false");
        long seconds = Math.max(1, timeout.toSeconds());
        p.put("loginTimeout", String.valueOf(seconds));
        p.put("retryTimeout", String.valueOf(Math.max(seconds, 1)));
        p.put("networkTimeout", String.valueOf(Math.max(1000, timeout.toMillis() * 4)));
        p.put("queryTimeout", String.valueOf(querySeconds()));
        return p;
    }

    private static void put(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) p.put(key, value);
    }

    private String secret(String key) throws ProviderException {
        SecretRef ref = profile.secret(key).orElseThrow(() ->
                new ProviderException("connection " + Problem.quote(name()) + ": " + key + " must be a secret reference"));
        try {
            String v = secrets.resolve(ref);
            if (v != null && !v.isEmpty()) used.add(v);
            return v;
        } catch (SecretResolver.SecretUnavailableException e) {
            throw new ProviderException("connection " + Problem.quote(name()) + ": " + e.getMessage());
        }
    }

    /**
     * Opens a connection whose session carries {@code QUERY_TAG} from the login on: the tag goes in the login request's
     * session parameters (snowflake-jdbc sends a connection property it does not know as a session parameter), so no
     * separate {@code ALTER SESSION} round trip is spent on it.
     */
    Connection open(SessionLabel label) throws ProviderException {
        quietDriver();
        Properties props = properties();
        props.put("QUERY_TAG", queryTag(label));
        Connection c;
        try {
            c = new net.snowflake.client.api.driver.SnowflakeDriver().connect(url(), props);
            if (c == null) throw new ProviderException("connection " + Problem.quote(name()) + ": not a Snowflake URL");
        } catch (SQLException e) {
            throw new ProviderException(loginError(e));
        } catch (RuntimeException e) {
            throw new ProviderException("connection " + Problem.quote(name()) + ": cannot connect to " + where() + ": " + scrub(firstLine(e)));
        }
        return c;
    }

    /** Held so that the level sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");

    /**
     * snowflake-jdbc logs each login and session close at INFO through java.util.logging, whose default console
     * handler writes to stderr: mlpc keeps the driver at WARNING unless the system property {@code mlpc.debug} is
     * {@code true} (the CLI sets it for {@code --debug}), then at INFO.
     */
    static void quietDriver() {
        DRIVER_LOG.setLevel(Boolean.getBoolean("mlpc.debug") ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }

    private String loginError(SQLException e) {
        String base = "connection " + Problem.quote(name()) + ": ";
        int code = e.getErrorCode();
        if (code == 390100 || code == 390144 || code == 390303 || code == 390318) {
            return base + "Snowflake refused the login of user " + Problem.shorten(profile.setting("user")) + " at " + where() + ": " + error(e);
        }
        if (code == 200045) { // the driver could not read the key file: wrong passphrase, or not a PKCS#8 RSA key
            return base + "private_key_file: the key in " + profile.setting("private_key_file") + " could not be read"
                    + " (wrong private_key_passphrase, or not a PKCS#8 RSA key): " + error(e);
        }
        if ("08001".equals(e.getSQLState()) && code >= 390000 && code < 391000) {
            return base + "login at " + where() + " failed: " + error(e);
        }
        return base + "cannot reach " + where() + ": " + error(e);
    }

    /** The driver's message for a failure, first line only, without any secret this connector read. */
    String error(SQLException e) {
        String m = firstLine(e);
        return scrub(e.getErrorCode() != 0 ? m + " (code " + e.getErrorCode() + ", SQLSTATE " + e.getSQLState() + ")" : m);
    }

    String scrub(String text) {
        String out = text;
        for (String s : used) out = out.replace(s, "***");
        return out;
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) return m.strip();
        // Snowflake puts the class of error on a line of its own: "SQL compilation error:\nObject 'X' does not exist"
        return lines.get(0).endsWith(":") && lines.size() > 1 ? lines.get(0) + " " + lines.get(1) : lines.get(0);
    }

    /**
     * {@code {"app":"mlpc","stack":…,"run":…,"base":…}}: what Snowflake's query history shows for every statement.
     * {@code run} is the apply's run id, which the commit recording that apply names in its {@code Run:} trailer (the
     * commit itself does not exist while the statements run); {@code base} is the config commit the work started
     * from. A plan has no run id; connection tests and live trees carry only {@code app}.
     */
    static String queryTag(SessionLabel label) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("app", "mlpc");
        if (label != null && label.stack() != null) tag.put("stack", label.stack());
        if (label != null && label.runId() != null) tag.put("run", label.runId());
        if (label != null && label.commit() != null) tag.put("base", label.commit());
        try {
            return new ObjectMapper().writeValueAsString(tag);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
