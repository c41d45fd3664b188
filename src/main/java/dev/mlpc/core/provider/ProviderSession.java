package dev.mlpc.core.provider;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An open connection to one live system. Not thread-safe: one task at a time. */
public interface ProviderSession extends AutoCloseable {
    /**
     * Observed state of the given resources. The read contract, which budget tests hold every provider to:
     * <ul>
     *   <li><b>One list per kind, paged.</b> Each kind the managed resources use is listed once (a catalog query, a
     *       {@code SHOW}, a {@code List*} call), following its pages to the end; what the list returns for unmanaged
     *       objects is dropped on the spot.</li>
     *   <li><b>At most one describe per MANAGED object</b>, only where the list lacks what the stack compares (an API
     *       system's {@code Describe*}, a Snowflake {@code DESCRIBE}), run through
     *       {@link BoundedReads#describeAll} with a parallelism limit; so the cost grows with the stack, never with the
     *       system.</li>
     *   <li><b>Never work per unmanaged live object</b>: no describe, no query, no page fetched for its sake.</li>
     *   <li>An object in a transitional state (Creating, Updating, Deleting, Pending…) is reported with its status and
     *       {@link dev.mlpc.core.plan.ObservedResource#busy() busy}: the differ then warns instead of diffing it.</li>
     *   <li>{@link Progress#cancelled()} is honoured between requests; {@link Inventory#queries()} counts the round
     *       trips.</li>
     * </ul>
     */
    Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException;

    /**
     * Runs the plan's actionable changes in order, stopping at the first failure. The caller has already checked
     * that destruction is allowed where the plan needs it. Providers implement it with the shared
     * {@link dev.mlpc.core.run.PlanRunner} and their own {@link dev.mlpc.core.run.StepExecutor}, which gives every
     * system the same outcomes, progress, cancel, polling of long-running operations, outputs and secret scrubbing.
     */
    ApplyResult apply(Plan plan, Progress progress) throws ProviderException;

    /**
     * The renderer of a live plan on this session: {@code stackBound} (the provider's renderer already bound to the
     * stack, {@link dev.mlpc.core.plan.Renderer#forStack}) bound further to what the session knows from its login (a
     * Data Share plan's literal subscription id). Every live plan of a stack, the reviewed one and apply's re-plan
     * alike, is rendered through it, so their hashes agree. No round trip. By default {@code stackBound} as it is.
     */
    default dev.mlpc.core.plan.Renderer renderer(dev.mlpc.core.plan.Renderer stackBound) {
        return stackBound;
    }

    /** Children of a live tree node; {@code parent == null} lists the top level. */
    List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException;

    /**
     * What the details pane shows of a selected node beyond {@link LiveNode#details()}, read when it is selected with
     * as little as the system allows (PostgreSQL: one query — a table's columns with their types, size and row
     * estimate; a role's members and privileges on databases; Snowflake: a table's {@code SHOW COLUMNS} with size and
     * row estimate from its {@code SHOW TABLES} row, a role's {@code SHOW GRANTS OF / TO ROLE}). Honours
     * {@link Progress#cancelled()} before it asks.
     * Never a secret. Empty by default (no round trip).
     */
    default Map<String, Object> describe(LiveNode node, Progress progress) throws ProviderException {
        return Map.of();
    }

    /**
     * The slow rest of a node's details, read after {@link #describe} by a task that does not hold the session
     * (PostgreSQL: a role's schema, table and default privileges in every database the connection can reach, a few
     * databases at a time on short connections of their own), or null when the node has none (the default). No round
     * trip here; the returned reader must not use this session, as it runs beside the session's other work.
     */
    default MoreDetails moreDetails(LiveNode node) {
        return null;
    }

    /** True when {@link #search} can search the whole connection; false by default. No round trip. */
    default boolean canSearch() {
        return false;
    }

    /**
     * The live tree nodes whose names contain {@code text} (case-insensitive), anywhere in the connection, found with
     * one catalog query (PostgreSQL: databases and roles of the server, schemas and tables of the session's
     * database; Snowflake: one {@code SHOW … LIKE} per kind; SageMaker and Data Share: their list calls), at most
     * {@code limit} of them. A node's parents are the prefixes of its {@link LiveNode#path()}
     * ({@code databases}, {@code databases/ml}, {@code databases/ml/schemas}, …) that are nodes of the tree (the
     * others are passed over), so the console reveals a hit by expanding them in turn.
     *
     * @throws ProviderException when the provider cannot search (the default: the message says so) or the query fails
     */
    default List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        throw new ProviderException("this connection cannot be searched as a whole: filter the loaded nodes instead");
    }

    /**
     * What the session knows about itself from the login, without another round trip: {@code version} (the server's),
     * {@code role}, {@code warehouse} where the system has them. Never a secret. Empty by default.
     */
    default Map<String, String> about() {
        return Map.of();
    }

    /** The live actions this node offers (see {@link NodeAction}); none by default. No round trip. */
    default List<NodeAction> actions(LiveNode node) {
        return List.of();
    }

    /**
     * Runs one of {@link #actions(LiveNode)} on the node and waits for it to end, reporting progress and honouring
     * {@link Progress#cancelled()} while it polls (a cancelled wait throws {@link CancelledException}; what the
     * system already started keeps running and the message says so).
     *
     * @param choice one of the action's choices, or null when it has none
     * @throws ProviderException when the system refuses or the action is unknown; the message names the node
     */
    default NodeAction.Outcome runAction(LiveNode node, String actionId, String choice, Progress progress) throws ProviderException {
        throw new ProviderException("no action " + actionId + " on " + node.label());
    }

    @Override
    void close();
}
