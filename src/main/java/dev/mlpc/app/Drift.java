package dev.mlpc.app;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TypeCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drift of one connection's live objects against the stacks that target it: for every live tree node that is a
 * stack resource ({@link LiveNode#key()}), whether it is <b>in sync</b>, <b>differs</b> (with the properties), or is
 * <b>unmanaged</b>; and the stack resources that are <b>missing</b> live, with the tree node that would list them.
 *
 * <p>Computed with one bulk {@link ProviderSession#read} of every managed resource the provider can read live, then
 * the {@link Differ} per stack (no query per node). Matching a live node to a stack resource: same type, the
 * resource's name in the provider's stored form ({@link Provider#storedName}) equal to the live name, and the same
 * containers where the node's details name them ({@link Provider#treeContainers()}, stored forms too). No JavaFX.</p>
 */
public final class Drift {
    /** The state of one object. */
    public enum State {
        /** Managed, live state equals the stack. */
        IN_SYNC,
        /** Managed, live state differs from the stack in {@link Mark#properties()}. */
        DIFFERS,
        /** Exists live, in no stack of the connection. */
        UNMANAGED,
        /** In a stack, not in the live system. */
        MISSING,
        /** In a stack, but reading that kind from a live system is not in this build: not compared. */
        UNCHECKED
    }

    /**
     * The mark of one object.
     *
     * @param stack      the stack that manages it (null when unmanaged)
     * @param resource   its definition in that stack (null when unmanaged)
     * @param properties the properties that differ (empty unless {@link State#DIFFERS})
     * @param reason     what differs, live value → stack value, or why it is not compared; empty otherwise
     */
    public record Mark(State state, String stack, Resource resource, List<String> properties, String reason) {
        public Mark {
            properties = List.copyOf(properties);
            reason = reason == null ? "" : reason;
        }

        /** One line for a tooltip or the details pane. */
        public String describe() {
            return switch (state) {
                case IN_SYNC -> "in sync with stack " + stack;
                case DIFFERS -> "differs from stack " + stack + ": " + reason;
                case UNMANAGED -> "unmanaged: in no stack of this connection";
                case MISSING -> "missing: in stack " + stack + ", not in the live system";
                case UNCHECKED -> "not compared (stack " + stack + "): " + reason;
            };
        }
    }

    /**
     * A stack resource the tree shows as a row of its own: not in the live system ({@link #missing()}), or live but
     * listed by no node ({@link #unlisted()}; its mark is then in sync or differs).
     *
     * @param parentPath the live tree node that would list it, or null when the tree does not list its kind
     */
    public record Missing(Mark mark, String parentPath) {
        public Resource resource() { return mark.resource(); }
        public String stack() { return mark.stack(); }
    }

    private final String connection;
    private final Provider provider;
    private final Map<String, List<Mark>> byName;
    /** Per stack resource, the tree containers it names itself or through the stack resources containing it. */
    private final Map<Resource, Map<String, String>> containerValues;
    private final List<Missing> missing;
    private final List<Missing> unlisted;
    /** Every mark of a stack resource, in stack order (no unmanaged ones). */
    private List<Mark> all = List.of();
    /** {@link #driftBelow}'s index, built on first use. */
    private volatile Map<String, Mark> driftedPlaces;
    private final int managed;
    private final int queries;
    private final long millis;

    private Drift(String connection, Provider provider, Map<String, List<Mark>> byName, List<Missing> missing,
                  int managed, int queries, long millis) {
        this(connection, provider, byName, Map.of(), missing, List.of(), managed, queries, millis);
    }

    private Drift(String connection, Provider provider, Map<String, List<Mark>> byName,
                  Map<Resource, Map<String, String>> containerValues, List<Missing> missing, List<Missing> unlisted,
                  int managed, int queries, long millis) {
        this.connection = connection;
        this.provider = provider;
        this.byName = byName;
        this.containerValues = containerValues;
        this.missing = List.copyOf(missing);
        this.unlisted = List.copyOf(unlisted);
        this.managed = managed;
        this.queries = queries;
        this.millis = millis;
    }

    /** No stacks: every object is unmanaged. */
    public static Drift none(String connection, Provider provider) {
        return new Drift(connection, provider, Map.of(), List.of(), 0, 0, 0);
    }

    /**
     * Reads the managed resources of {@code stacks} in one bulk read on {@code session} and compares them.
     * A resource key named by several stacks is read and marked once, for the first stack (in the order given).
     */
    public static Drift compute(String connection, Provider provider, TypeCatalog catalog, List<Stack> stacks,
                                ProviderSession session, Progress progress) throws ProviderException {
        long start = System.nanoTime();
        Map<ResourceKey, String> owner = new LinkedHashMap<>();
        List<Resource> readable = new ArrayList<>();
        List<Mark> unchecked = new ArrayList<>();
        List<Stack> compared = new ArrayList<>();
        for (Stack s : stacks) {
            List<Resource> mine = new ArrayList<>();
            for (Resource r : s.resources()) {
                if (!r.provider().equals(provider.id()) || owner.putIfAbsent(r.key(), s.name()) != null) continue;
                if (provider.canRead(r)) {
                    readable.add(r);
                    mine.add(r);
                } else {
                    unchecked.add(new Mark(State.UNCHECKED, s.name(), r, List.of(),
                            "reading " + r.type() + " from a live system is not in this build"));
                }
            }
            if (!mine.isEmpty()) compared.add(new Stack(s.name(), s.description(), mine, s.sourceFile()));
        }
        Inventory inventory = readable.isEmpty() ? new Inventory(List.of(), false, 0) : session.read(readable, progress);
        Differ differ = new Differ(catalog);
        List<Mark> marks = new ArrayList<>(unchecked);
        List<Missing> missing = new ArrayList<>();
        List<Missing> unlisted = new ArrayList<>();
        for (Stack s : compared) {
            Plan plan = differ.diff(s, null, inventory, Planner.liveRenderer(session, provider, s));
            Map<ResourceKey, Change> changes = new HashMap<>();
            plan.changes().forEach(c -> changes.put(c.key(), c));
            for (Resource r : s.resources()) {
                Change c = changes.get(r.key());
                var observed = inventory.find(r.key());
                boolean live = observed.isPresent();
                Mark m;
                if (!live) {
                    m = new Mark(State.MISSING, s.name(), r, List.of(), "");
                    missing.add(new Missing(m, provider.liveParentPath(r)));
                } else if (c == null || c.action() == Action.NOOP) {
                    m = new Mark(State.IN_SYNC, s.name(), r, List.of(), "");
                } else {
                    m = new Mark(State.DIFFERS, s.name(), r, List.copyOf(new java.util.TreeSet<>(c.changed())),
                            c.reason().isEmpty() ? c.action().json() : c.reason());
                }
                marks.add(m);
                if (live && !provider.treeLists(r, observed.get())) {
                    List<String> parents = provider.liveParentPaths(r);
                    if (parents.isEmpty()) unlisted.add(new Missing(m, null));
                    for (String parent : parents) unlisted.add(new Missing(m, parent));
                }
            }
        }
        Map<String, List<Mark>> byName = new HashMap<>();
        for (Mark m : marks) {
            byName.computeIfAbsent(nameKey(m.resource().type(), provider.liveName(m.resource())),
                    k -> new ArrayList<>()).add(m);
        }
        Map<Resource, Map<String, String>> containerValues = new HashMap<>();
        List<String> treeContainers = provider.treeContainers();
        if (!treeContainers.isEmpty()) {
            for (Stack s : stacks) {
                Map<ResourceKey, Resource> byKey = new HashMap<>();
                s.resources().forEach(r -> byKey.put(r.key(), r));
                for (Resource r : s.resources()) {
                    if (r.provider().equals(provider.id())) {
                        containerValues.put(r, containerValues(r, byKey, catalog, provider, treeContainers, 0));
                    }
                }
            }
        }
        Drift d = new Drift(connection, provider, byName, containerValues, missing, unlisted, owner.size(), inventory.queries(),
                (System.nanoTime() - start) / 1_000_000);
        d.all = List.copyOf(marks);
        return d;
    }

    /**
     * The tree containers a stack resource names: its own properties of those names, then, for what it does not name
     * itself, those of the stack resources that contain it ({@link dev.mlpc.core.spec.PropertySpec#container()}),
     * transitively: a Data Share dataset names its share, the share its account, the account its resource group, so
     * a dataset of a share of the same name in another account is not taken for it.
     */
    private static Map<String, String> containerValues(Resource r, Map<ResourceKey, Resource> stack, TypeCatalog catalog,
                                                       Provider provider, List<String> treeContainers, int depth) {
        Map<String, String> out = new HashMap<>();
        var type = catalog.type(r.type()).orElse(null);
        for (String c : treeContainers) {
            String v = r.string(c);
            if (v == null) continue;
            // a container named by its stack resource: the live tree shows that resource's live name
            String refType = type == null ? null : type.property(c).map(dev.mlpc.core.spec.PropertySpec::references).orElse(null);
            Resource named = refType == null ? null : stack.get(new ResourceKey(refType, v));
            out.put(c, named == null ? provider.storedName(v) : provider.liveName(named));
        }
        if (depth > 16 || type == null) return out;
        for (ResourceKey parentKey : type.containers(r)) {
            Resource parent = stack.get(parentKey);
            if (parent == null || parent == r) continue;
            containerValues(parent, stack, catalog, provider, treeContainers, depth + 1).forEach(out::putIfAbsent);
        }
        return out;
    }

    private static String nameKey(String type, String storedName) {
        return type + "\u0000" + storedName;
    }

    /**
     * The mark of a live node: null when the node is not a stack resource (folders, tables of PostgreSQL);
     * otherwise in sync, differs, unchecked (managed) or unmanaged.
     */
    public Mark markOf(LiveNode node) {
        if (node == null || node.key() == null) return null;
        List<Mark> candidates = byName.get(nameKey(node.key().type(), node.key().name()));
        if (candidates != null) {
            for (Mark m : candidates) {
                if (m.state() != State.MISSING && sameContainers(m.resource(), node)) return m;
            }
        }
        return new Mark(State.UNMANAGED, null, null, List.of(), "");
    }

    /** The stack resource a live node is managed as, or null. */
    public Mark managedMark(LiveNode node) {
        Mark m = markOf(node);
        return m == null || m.state() == State.UNMANAGED ? null : m;
    }

    private boolean sameContainers(Resource r, LiveNode node) {
        Map<String, String> named = containerValues.get(r);
        for (String container : provider.treeContainers()) {
            Object live = node.details().get(container);
            // the computed values are live names already; a resource's own strings are stored forms of stack names
            String want = named != null ? named.get(container)
                    : r.string(container) == null ? null : provider.storedName(r.string(container));
            if (live == null || want == null) continue;
            if (!want.equals(String.valueOf(live))) return false;
        }
        return true;
    }

    /** The stack resources missing live, in stack order. */
    public List<Missing> missing() { return missing; }

    /**
     * The stack resources that exist live but that the tree lists no node for ({@link Provider#treeLists}), with
     * their marks (in sync or differs) and the node under which the console shows them, in stack order.
     */
    public List<Missing> unlisted() { return unlisted; }

    /** The connection this drift is of. */
    public String connection() { return connection; }

    /** How many stack resources target the connection (compared or not). */
    public int managedCount() { return managed; }

    /** Round trips of the bulk read. */
    public int queries() { return queries; }

    /** How long the computation took. */
    public long millis() { return millis; }

    /** A synthetic path for the tree row of a missing resource under {@code parentPath} (never a live path). */
    public static String missingPath(String parentPath, Resource r) {
        return Objects.requireNonNullElse(parentPath, "") + "/\u0000missing/" + r.type() + "/" + r.name();
    }

    /**
     * The marks of every stack resource compared or not (in sync, differs, missing, unchecked), unchecked ones first,
     * then in stack order: what the Stacks view counts per stack. Unmanaged live objects are not in it.
     */
    public List<Mark> marks() { return all; }

    /**
     * A stack resource that differs or is missing somewhere below the live tree node at {@code path}: one that node or
     * a node under it would list ({@link Provider#liveParentPaths}), whether or not those rows are loaded. Null when
     * none (or the provider names no tree places). The tree shows it on a row that is itself in sync, so a collapsed
     * database never says ✔ over a drifted grant of one of its schemas.
     */
    public Mark driftBelow(String path) {
        if (path == null) return null;
        Map<String, Mark> below = driftedPlaces;
        if (below == null) {
            // every tree place at or above where a drifted resource is listed, first resource wins (computed once)
            below = new HashMap<>();
            for (Mark m : all) {
                if ((m.state() != State.DIFFERS && m.state() != State.MISSING) || m.resource() == null) continue;
                for (String parent : provider.liveParentPaths(m.resource())) {
                    for (String p = parent; p != null && !p.isEmpty(); p = p.lastIndexOf('/') < 0 ? null : p.substring(0, p.lastIndexOf('/'))) {
                        below.putIfAbsent(p, m);
                    }
                }
            }
            driftedPlaces = below;
        }
        return below.get(path);
    }

}
