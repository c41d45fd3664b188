package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.TargetLock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The apply lock of a PostgreSQL target: a session-level advisory lock ({@code pg_try_advisory_lock}) on a key
 * derived from the text {@code mlpc apply}, taken in the profile's database on a connection of its own and held until
 * {@link #close()} (or until that session ends, however the process ends). The connection's {@code application_name}
 * names the holder ({@code mlpc apply lock: user@host pid N, stack S, run R}), so a second apply can say who holds it
 * and since when ({@code pg_stat_activity.backend_start} of the lock's session).
 */
final class PgApplyLock implements TargetLock {
    /** The advisory lock key: the first 8 bytes of SHA-256("mlpc apply"). */
    static final long KEY = key("mlpc apply");
    private static final long POLL_MILLIS = 200;

    private final Connection connection;
    private final String description;

    private PgApplyLock(Connection connection, String description) {
        this.connection = connection;
        this.description = description;
    }

    static long key(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static PgApplyLock acquire(PgConnector connector, TargetLock.Request request) throws ProviderException {
        String where = connector.url().hostPort() + "/" + connector.url().database();
        String description = "the PostgreSQL advisory lock of mlpc applies on " + where;
        Connection c = connector.open();
        try {
            c.setAutoCommit(true);
            String name = "mlpc apply lock: " + request.label();
            try (Statement st = c.createStatement()) {
                // application_name keeps 63 bytes and only printable ASCII
                st.execute("SET application_name = " + PgSql.literal(ascii(name, 63)));
            }
            long deadline = System.nanoTime() + Math.max(0, request.maxWait().toNanos());
            long waitedFrom = System.nanoTime();
            boolean told = false;
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, KEY);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) return new PgApplyLock(c, description);
                    }
                }
                boolean late = System.nanoTime() - deadline >= 0;
                if (!late && !told) {
                    told = true;
                    request.waiting(description, holder(c));
                }
                if (late) {
                    String holder = holder(c);
                    long waited = (System.nanoTime() - waitedFrom) / 1_000_000_000L;
                    throw new ProviderException("another apply holds " + description + ": " + holder
                            + (waited > 0 ? "; waited " + waited + " s" : "")
                            + ". Nothing was run; apply again once it has finished (settings.yaml apply_lock_wait sets how long to wait)");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException e) {
            close(c);
            throw new ProviderException("cannot take " + description + ": " + PostgresSession.errorText(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(c);
            throw new ProviderException("interrupted while waiting for " + description + "; nothing was run");
        } catch (ProviderException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Who holds the lock and for how long, from pg_locks and pg_stat_activity. */
    private static String holder(Connection c) throws SQLException {
        String sql = "SELECT a.application_name, a.pid, extract(epoch FROM now() - a.backend_start)::bigint"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ?"
                + " AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, (KEY >>> 32) & 0xffffffffL);
            ps.setLong(2, KEY & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "a session that has just let it go (try again)";
                String app = rs.getString(1);
                String who = app == null || app.isBlank() ? "a session without a name" : app.replaceFirst("^mlpc apply lock: ", "");
                return who + " (server process " + rs.getInt(2) + "), held for " + age(rs.getLong(3));
            }
        }
    }

    static String age(long seconds) {
        if (seconds < 120) return seconds + " s";
        if (seconds < 7200) return (seconds / 60) + " min";
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    private static String ascii(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (b.length() >= max) break;
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return b.toString();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, KEY);
            ps.execute();
        } catch (SQLException e) {
            // closing the session below releases it anyway
        }
        close(connection);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing more to release
        }
    }
}
