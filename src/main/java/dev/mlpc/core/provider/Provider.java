package dev.mlpc.core.provider;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.util.List;

/** A system the console manages (PostgreSQL, Snowflake, SageMaker, Data Share). Nothing UI in here. */
public interface Provider {
    /** Type prefix and connection {@code type}: {@code postgres}. */
    String id();

    String displayName();

    List<ResourceType> resourceTypes();

    /** Null when the name is acceptable as an object name of this system, otherwise the reason. */
    String checkIdentifier(String name);

    Renderer renderer();

    /** Extension of the generated document: {@code sql} or {@code json}. */
    String generatedExtension();

    /**
     * The generated document for a stack, from its offline plan (everything created from scratch): what lands in
     * {@code generated/<provider>/<stack>.<ext>}. Deterministic: the same stack gives the same bytes.
     */
    String renderDocument(Plan offlinePlan);

    /**
     * The identity of the system a connection points at, for the {@code Target:} trailer of stack commits (change
     * control): the provider id and where the connection points, e.g. {@code postgres 127.0.0.1:5432/appdb},
     * {@code snowflake myorg-acct1}, {@code sagemaker eu-west-1 (profile ml)},
     * {@code datashare subscription 00000000-0000-0000-0000-000000000000}. Never a secret, never user information of
     * a URL; one line. The default names the provider and the descriptor's location setting (URLs as host only).
     */
    default String targetIdentity(ConnectionProfile profile) {
        String where = TargetIdentity.clean(describe().where(profile.settings()));
        return where.isEmpty() ? id() + " (connection " + TargetIdentity.clean(profile.name()) + ")" : id() + " " + where;
    }

    /** Checks a connection profile's settings; each problem names the setting. */
    List<String> checkProfile(ConnectionProfile profile);

    /**
     * Opens a session. Every network call made through it has a timeout.
     *
     * @throws ProviderException unreachable, wrong password, missing secret: a message naming which
     */
    ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) throws ProviderException;

    /**
     * The name as the system stores it (what its live tree and inventory report) for a name written in a stack:
     * Snowflake upper-cases plain names, PostgreSQL keeps them (its renderer always quotes). Live trees compare a
     * stack's names with live names through this. The default keeps the name.
     */
    default String storedName(String name) {
        return name;
    }

    /**
     * The name a stack resource's live object carries in the live tree ({@link LiveNode#key()}): by default the stored
     * form of its resource name. Providers whose objects may be named apart from the resource (Data Share's
     * {@code share_name} and the like, when two accounts hold a share of the same name) return that name; drift marks
     * match live nodes and their containers by it.
     */
    default String liveName(dev.mlpc.core.spec.Resource resource) {
        return storedName(resource.name());
    }

    /**
     * The path ({@link LiveNode#path()}) of the live tree node that would list this stack resource among its
     * children, so that a resource missing live can be shown where it belongs; null when the tree does not list that
     * kind (the console then shows it in the connection's "Missing" folder). The default knows no paths.
     */
    default String liveParentPath(dev.mlpc.core.spec.Resource resource) {
        return null;
    }

    /**
     * The path ({@link LiveNode#path()}) of the live tree node of connection {@code profile} that shows one object:
     * {@code type} is the stack type its node is keyed as ({@link LiveNode#key()}; {@code postgres.table} for a
     * PostgreSQL table, which has no stack type), {@code name} its name and {@code containers} the objects holding it,
     * all as the system stores them, keyed as the tree's details name them (Snowflake {@code database},
     * {@code schema}; PostgreSQL {@code database}, {@code schema}; SageMaker {@code domain}; Data Share
     * {@link #treeContainers()}). Null when no node of the tree shows that object, or a container it needs is not
     * given. No round trip. The default knows no paths.
     */
    default String livePath(ConnectionProfile profile, String type, String name, java.util.Map<String, String> containers) {
        return null;
    }

    /**
     * True when the live tree's paths name objects without regard to case (Data Share's ARM ids: Azure resource names
     * are case-insensitive), so that a path built from names in another case ({@link #livePath}) still finds its node.
     * The default: paths are compared exactly.
     */
    default boolean livePathsIgnoreCase() {
        return false;
    }

    /**
     * Every live tree node that lists this stack resource, {@link #liveParentPath} first: a PostgreSQL grant is listed
     * under its object's Privileges folder and under its role. Drift shows an {@link #treeLists unlisted} resource's row
     * under each. The default: {@link #liveParentPath} alone.
     */
    default java.util.List<String> liveParentPaths(dev.mlpc.core.spec.Resource resource) {
        String p = liveParentPath(resource);
        return p == null ? java.util.List.of() : java.util.List.of(p);
    }

    /**
     * False when the live tree lists no node for this stack resource although the system has it ({@code observed}):
     * a PostgreSQL grant whose role holds none of its privileges (no ACL entry), a Snowflake grant (its tree lists the
     * role's grant rows, not stack grants). Drift then shows the resource's mark — in sync or differs — as a row of its
     * own under {@link #liveParentPath}, so no change the plan would make is hidden. The default: listed.
     */
    default boolean treeLists(dev.mlpc.core.spec.Resource resource, dev.mlpc.core.plan.ObservedResource observed) {
        return true;
    }

    /**
     * True when {@link ProviderSession#read} can read this resource from a live system (a provider may read some
     * kinds offline only); the live tree's drift marks skip the others. The default reads every kind.
     */
    default boolean canRead(dev.mlpc.core.spec.Resource resource) {
        return true;
    }

    /**
     * Opens a session for work on a stack: a provider that can label its sessions (Snowflake's {@code QUERY_TAG})
     * names the stack and the config commit in them, so the system's own history joins the audit trail. The default
     * ignores the label.
     */
    default ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout, SessionLabel label)
            throws ProviderException {
        return connect(profile, secrets, timeout);
    }

    /**
     * Takes this provider's server-side lock on the target of {@code profile} for a whole apply, waiting up to
     * {@code request.maxWait()} for another holder, or returns {@code null} when the provider has none (the caller then
     * records a lock file in the config repository). PostgreSQL takes an advisory lock on a connection of its own.
     *
     * @throws ProviderException when another apply still holds it after the wait: the message names the holder and
     *                           for how long it has held it
     */
    default TargetLock lockTarget(ConnectionProfile profile, dev.mlpc.core.spec.SecretResolver secrets, Duration timeout,
                                  TargetLock.Request request) throws ProviderException {
        return null;
    }

    /**
     * The properties that place a resource in the live tree (PostgreSQL and Snowflake: {@code database},
     * {@code schema}): a live node names them in its details, and drift matching compares them. Empty by default.
     */
    default List<String> treeContainers() {
        return List.of();
    }

    /**
     * This provider as data, for the console: connection settings, secret keys, wizards, icons, document type, tree
     * containers ({@link ProviderDescriptor}). The default names the provider only: its connections are then kept as
     * they are in {@code connections.yaml} and it offers no wizard.
     */
    default ProviderDescriptor describe() {
        return ProviderDescriptor.builder(id(), displayName()).generatedExtension(generatedExtension())
                .treeContainers(treeContainers()).build();
    }

    /**
     * The resources a live read needs besides {@code probe} to locate the object of {@code node} (the console's Show
     * definition, Plan a drop… and Add to a stack… read one node's object): its parents, as minimal resources named
     * and placed as the node's identity says. A provider whose read places objects through their parents in the stack
     * (Data Share: account → share → dataset, from the node's ARM id) returns them; they are read along with the probe
     * ({@link ProviderSession#read}), bind the renderer of Show definition ({@link Renderer#forStack}) and are the
     * parents an imported object needs in its stack. No round trip. Empty by default (an object is located by its
     * own name and containers).
     */
    default List<dev.mlpc.core.spec.Resource> liveContext(LiveNode node, dev.mlpc.core.spec.Resource probe) {
        return List.of();
    }

    /**
     * The readable definition of one resource, for "Show definition": what {@link Renderer#create} gives for it, one
     * statement after another. SQL statements end with {@code ;}; request documents are written as indented JSON.
     */
    default String definition(dev.mlpc.core.spec.Resource resource) {
        return definition(resource, renderer());
    }

    /**
     * {@link #definition(dev.mlpc.core.spec.Resource)} through {@code renderer}: the console's Show definition passes
     * the renderer bound to the object's {@link #liveContext} and the session ({@link Renderer#forStack},
     * {@link ProviderSession#renderer}), so that a request's path is written as it would be sent.
     */
    default String definition(dev.mlpc.core.spec.Resource resource, Renderer renderer) {
        StringBuilder b = new StringBuilder();
        for (var st : renderer.create(resource)) {
            Object d = st.display();
            if (d instanceof CharSequence) b.append(d).append(";\n");
            else b.append(dev.mlpc.core.plan.CanonicalJson.pretty(d)).append('\n');
        }
        return b.toString();
    }
}
