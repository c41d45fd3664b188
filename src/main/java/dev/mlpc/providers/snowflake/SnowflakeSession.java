package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.PlanRunner;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open snowflake-jdbc session: bulk inventory ({@link SnowflakeInventoryReader}), apply
 * ({@link SnowflakeApplier}) and the live tree ({@link SnowflakeTree}). Its {@code QUERY_TAG} names mlpc and, for
 * work on a stack, the stack and the config commit. Not thread-safe: one task at a time.
 */
public final class SnowflakeSession implements ProviderSession {
    private final SnowflakeConnector connector;
    private final Connection connection;
    private final SecretResolver secrets;

    SnowflakeSession(SnowflakeConnector connector, Connection connection, SecretResolver secrets) {
        this.connector = connector;
        this.connection = connection;
        this.secrets = secrets;
    }

    @Override
    public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        return new SnowflakeInventoryReader(connector, connection).read(managed, progress);
    }

    @Override
    public ApplyResult apply(Plan plan, Progress progress) {
        return new PlanRunner(secrets).run(plan, new SnowflakeApplier(connector, connection), progress);
    }

    @Override
    public List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
        progress.checkCancelled();
        progress.status(parent == null ? "listing " + connector.where() : "listing " + parent.label());
        try {
            return new SnowflakeTree(new SnowflakeInventoryReader(connector, connection)).children(parent);
        } catch (SQLException e) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": listing "
                    + (parent == null ? connector.where() : parent.path()) + " failed"
                    + SnowflakeInventoryReader.failedAt(e) + ": " + connector.error(e));
        }
    }

    /** A table's columns, size and row estimate; a role's members and grants ({@link SnowflakeTree#describe}). */
    @Override
    public Map<String, Object> describe(LiveNode node, Progress progress) throws ProviderException {
        progress.checkCancelled();
        try {
            return new SnowflakeTree(new SnowflakeInventoryReader(connector, connection)).describe(node);
        } catch (SQLException e) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": reading the details of "
                    + node.label() + " failed" + SnowflakeInventoryReader.failedAt(e) + ": " + connector.error(e));
        }
    }

    @Override
    public boolean canSearch() {
        return true;
    }

    /** One {@code SHOW … LIKE} per kind, account-wide ({@link SnowflakeTree#search}). */
    @Override
    public List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        progress.checkCancelled();
        progress.status("searching " + connector.where());
        try {
            return new SnowflakeTree(new SnowflakeInventoryReader(connector, connection)).search(text, limit);
        } catch (SQLException e) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": searching "
                    + connector.where() + " failed" + SnowflakeInventoryReader.failedAt(e) + ": " + connector.error(e));
        }
    }

    /** The server version, role and warehouse the driver keeps from the login response (no query). */
    @Override
    public Map<String, String> about() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            net.snowflake.client.api.connection.SnowflakeConnection sc =
                    connection.unwrap(net.snowflake.client.api.connection.SnowflakeConnection.class);
            putIf(out, "version", sc.getDatabaseVersion());
            putIf(out, "role", sc.getRole());
            putIf(out, "warehouse", sc.getWarehouse());
        } catch (SQLException e) {
            // nothing to tell: the session itself is fine
        }
        return out;
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
