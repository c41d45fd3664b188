package dev.mlpc.providers.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretResolver;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A connection pool (HikariCP) to one database of a PostgreSQL connection profile, for services that run many short
 * transactions at once (the model registry). Checks the profile and resolves its password like a provider session
 * does; a server that cannot be reached fails here, with the same message a session would give.
 */
public final class PgPool {
    private PgPool() { }

    /**
     * Opens a pool of up to {@code size} connections to {@code database} (null: the profile's own database).
     * The first connection is opened before this returns.
     */
    public static HikariDataSource open(ConnectionProfile profile, SecretResolver secrets, Duration timeout,
                                        String database, int size) throws ProviderException {
        PostgresProvider provider = new PostgresProvider();
        var problems = provider.checkProfile(profile);
        if (!problems.isEmpty()) {
            throw new ProviderException("connection " + Problem.quote(profile.name()) + ": " + String.join("; ", problems));
        }
        String password = PostgresProvider.password(profile, secrets);
        Duration t = timeout == null || timeout.isZero() || timeout.isNegative() ? PostgresProvider.DEFAULT_TIMEOUT : timeout;
        PgUrl base = PgUrl.parse(profile.setting("url"));
        PgUrl url = database == null || database.isBlank() ? base : base.withDatabase(database);
        PgConnector connector = new PgConnector(url, profile.setting("user"), password, t);
        HikariConfig c = new HikariConfig();
        c.setPoolName("mlpc-" + profile.name());
        c.setJdbcUrl(url.jdbc());
        c.setUsername(profile.setting("user"));
        if (password != null) c.setPassword(password);
        c.setMaximumPoolSize(Math.max(1, size));
        c.setMinimumIdle(0);
        c.setConnectionTimeout(Math.max(250, t.toMillis()));
        // one attempt (bounded by connectTimeout): a refused connection or a wrong database is reported at once,
        // not retried until the timeout
        c.setInitializationFailTimeout(1);
        c.addDataSourceProperty("connectTimeout", String.valueOf(connector.querySeconds()));
        c.addDataSourceProperty("socketTimeout", String.valueOf(connector.querySeconds() + 10));
        c.addDataSourceProperty("ApplicationName", "mlpc");
        try {
            return new HikariDataSource(c);
        } catch (HikariPool.PoolInitializationException e) {
            for (Throwable x = e; x != null; x = x.getCause()) {
                if (x instanceof SQLException sql) throw new ProviderException(connector.describe(url, sql));
            }
            throw new ProviderException("cannot connect to " + url.hostPort() + ": " + PgUrl.redact(String.valueOf(e.getMessage())));
        }
    }
}
