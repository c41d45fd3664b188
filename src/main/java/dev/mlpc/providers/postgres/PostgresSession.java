package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.PlanRunner;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * An open connection to one PostgreSQL server. The cluster connection (the profile's database, autocommit) serves
 * roles, databases and the top of the live tree; connections to other databases of the same server are opened for
 * the work inside them and closed again, so that no idle session blocks a later {@code DROP DATABASE}.
 * Every statement has the session's timeout. Not thread-safe: one task at a time.
 */
public final class PostgresSession implements ProviderSession {
    private final PgConnector connector;
    private final Connection cluster;
    private final SecretResolver secrets;

    PostgresSession(PgConnector connector, Connection cluster, SecretResolver secrets) {
        this.connector = connector;
        this.cluster = cluster;
        this.secrets = secrets;
    }

    /** Where this session is connected: {@code host:port}. */
    public String server() { return connector.url().hostPort(); }

    @Override
    public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        return new PostgresInventoryReader(connector, cluster).read(managed, progress);
    }

    @Override
    public ApplyResult apply(Plan plan, Progress progress) {
        return new PlanRunner(secrets).run(plan, new PostgresApplier(connector, cluster), progress);
    }

    @Override
    public List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
        progress.checkCancelled();
        progress.status(parent == null ? "listing " + server() : "listing " + parent.label());
        try {
            return new PostgresTree(connector, cluster).children(parent);
        } catch (SQLException e) {
            throw new ProviderException("listing " + (parent == null ? server() : parent.path()) + " failed: " + errorText(e));
        }
    }

    @Override
    public java.util.Map<String, Object> describe(LiveNode node, Progress progress) throws ProviderException {
        progress.checkCancelled();
        try {
            return new PostgresTree(connector, cluster).describe(node);
        } catch (SQLException e) {
            throw new ProviderException("reading the details of " + node.label() + " failed: " + errorText(e));
        }
    }

    /**
     * A role's privileges inside every database the connection can reach ({@link PostgresRoleGrants}): short
     * connections of its own, a few databases at a time, never this session's connection.
     */
    @Override
    public dev.mlpc.core.provider.MoreDetails moreDetails(LiveNode node) {
        List<String> p = PostgresTree.split(node.path());
        if (!node.kind().equals("role") || p.size() != 2 || !p.get(0).equals("roles")) return null;
        return new PostgresRoleGrants(connector, p.get(1));
    }

    @Override
    public boolean canSearch() {
        return true;
    }

    /** One catalog query ({@link PostgresTree#search}): the server's databases and roles, this database's schemas and tables. */
    @Override
    public List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        progress.checkCancelled();
        progress.status("searching " + server());
        try {
            return new PostgresTree(connector, cluster).search(text, limit);
        } catch (SQLException e) {
            throw new ProviderException("searching " + server() + " failed: " + errorText(e));
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (SQLException ignored) {
            // the connection is gone either way
        }
    }

    /** The server's message for a failed statement, with its detail when there is one; no stack trace. */
    static String errorText(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = m.getMessage() == null ? PgConnector.firstLine(e) : m.getMessage();
            return m.getDetail() == null ? text : text + " (" + m.getDetail().lines().findFirst().orElse("") + ")";
        }
        return PgConnector.firstLine(e);
    }
}
