package dev.mlpc.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.providers.postgres.PgUrl;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;

import java.time.Duration;
import java.util.function.Supplier;

/** The model registry of a PostgreSQL connection: opening it, and where its tables are in a live tree. */
final class RegistryAccess {
    private final Secrets secrets;
    private final Duration timeout;
    private final Supplier<Author> author;

    RegistryAccess(Secrets secrets, Duration timeout, Supplier<Author> author) {
        this.secrets = secrets;
        this.timeout = timeout;
        this.author = author;
    }

    /**
     * Opens the model registry in {@code schema} of {@code database} (null: the profile's database) of a PostgreSQL
     * connection, over a pool of up to {@code poolSize} connections; the event log names the commit author. Does not
     * check that the registry is installed ({@link ModelRegistry#migrations()} does). The caller closes it.
     */
    ModelRegistry openRegistry(ConnectionProfile profile, String database, String schema, int poolSize)
            throws ProviderException, RegistryException {
        if (!"postgres".equals(profile.type())) {
            throw new ProviderException("connection " + Problem.quote(profile.name()) + ": the model registry lives in PostgreSQL;"
                    + " this connection is of type " + profile.type());
        }
        RegistryRules.require(RegistryRules.checkSchema(schema));
        HikariDataSource pool = PgPool.open(profile, secrets, timeout, database, poolSize);
        Author a = author.get();
        return new ModelRegistry(pool, schema, a.name() + " <" + a.email() + ">", pool);
    }

    /** The database a PostgreSQL profile's URL names, or "" when it names none or does not parse. */
    static String profileDatabase(ConnectionProfile profile) {
        PgUrl u = PgUrl.parse(profile.setting("url"));
        return u == null || u.database() == null ? "" : u.database();
    }

    /** Where a PostgreSQL table is in a live tree of its connection. */
    static String tablePath(String database, String schema, String table) {
        return PostgresProvider.tablePath(database, schema, table);
    }
}
