package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.ProviderException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens JDBC connections to one PostgreSQL server (any of its databases) with the profile's credentials and the
 * session's timeout, turning driver failures into {@link ProviderException}s an admin can act on.
 */
final class PgConnector {
    private final PgUrl url;
    private final String user;
    private final String password;
    private final Duration timeout;

    PgConnector(PgUrl url, String user, String password, Duration timeout) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    PgUrl url() { return url; }

    /** Seconds for {@code setQueryTimeout}: the session timeout, at least one second. */
    int querySeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }

    /** A connection to the profile's database (the cluster connection). */
    Connection open() throws ProviderException {
        return open(url);
    }

    /** A connection to another database of the same server. */
    Connection open(String database) throws ProviderException {
        return open(url.withDatabase(database));
    }

    private Connection open(PgUrl target) throws ProviderException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        int seconds = querySeconds();
        p.setProperty("connectTimeout", String.valueOf(seconds));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        // the hard socket limit sits above the per-statement timeout so that a slow statement is cancelled cleanly
        p.setProperty("socketTimeout", String.valueOf(seconds + 10));
        p.setProperty("ApplicationName", "mlpc");
        try {
            return DriverManager.getConnection(target.jdbc(), p);
        } catch (SQLException e) {
            throw new ProviderException(describe(target, e));
        }
    }

    /**
     * One line saying why a connection failed, naming the server ({@code host:port}, never the URL), user or database
     * concerned.
     */
    String describe(PgUrl target, SQLException e) {
        String where = target.hostPort();
        String network = networkCause(e);
        if (network != null) return "cannot reach " + where + ": " + network;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = serverMessage(e);
        return switch (state) {
            case "28P01" -> "cannot log in to " + where + ": password authentication failed for user " + user;
            case "3D000" -> "cannot connect to " + where + ": database " + target.database() + " does not exist";
            case "08004" -> server != null ? "cannot log in to " + where + " as " + user + ": " + server
                    : "cannot log in to " + where + " as " + user + ": the server asks for a password and the"
                    + " connection profile has none (set password: ${env:VARIABLE})";
            default -> "cannot connect to " + where + " as " + user + ": " + (server != null ? server : firstLine(e));
        };
    }

    private String networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof UnknownHostException) return "unknown host";
            if (t instanceof NoRouteToHostException) return "no route to host";
            if (t instanceof SocketTimeoutException) return "no answer within " + querySeconds() + " s";
        }
        return null;
    }

    /** The server's own message (without "ERROR:" / "FATAL:" and position lines), or null. */
    static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getMessage() != null) return PgUrl.redact(m.getMessage());
        }
        return null;
    }

    /**
     * The first line of a driver message, with URL credentials masked ({@link PgUrl#redact}): some driver messages
     * repeat the URL they were given.
     */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return PgUrl.redact(m.lines().findFirst().orElse(m).trim());
    }
}
