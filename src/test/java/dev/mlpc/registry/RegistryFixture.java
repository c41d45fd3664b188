package dev.mlpc.registry;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.testing.PgTestSupport;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * A model registry in a fresh database of the test server: {@link #open} creates the database, a pool and (unless
 * asked not to) installs the schema; {@link #close} closes the pool and drops the database.
 */
final class RegistryFixture implements AutoCloseable {
    final PgTestSupport pg = new PgTestSupport();
    final String database;
    final HikariDataSource pool;
    final ModelRegistry registry;

    private RegistryFixture(String schema, boolean install, int poolSize, String actor) throws Exception {
        database = pg.database("mlreg");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(database));
        pool = PgPool.open(PgTestSupport.profile("test"), PgTestSupport.secrets(Map.of()), Duration.ofSeconds(20),
                database, poolSize);
        registry = new ModelRegistry(pool, schema, actor, pool);
        if (install) registry.migrations().migrate();
    }

    static RegistryFixture open() throws Exception {
        return new RegistryFixture(RegistryRules.DEFAULT_SCHEMA, true, 4, "tester <tester@example.org>");
    }

    static RegistryFixture open(String schema, boolean install, int poolSize) throws Exception {
        return new RegistryFixture(schema, install, poolSize, "tester <tester@example.org>");
    }

    /** The first column of a query on the registry's database. */
    java.util.List<String> column(String sql, Object... params) throws SQLException {
        return PgTestSupport.column(database, sql, params);
    }

    @Override
    public void close() throws SQLException, ProviderException {
        registry.close();
        pg.close();
    }
}
