package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.core.spec.StackWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the console does from a live tree: drift against the stacks, why a node is (not) a resource, its observed
 * definition, dropping one object (planned, reviewed, then applied) and importing one into a stack.
 */
final class LiveActions {
    private final ProviderRegistry registry;
    private final Secrets secrets;
    private final Duration timeout;
    private final StackReader reader;
    private final Planner planner;
    private final Committer committer;
    private final Applier applier;
    private final RepositorySource repos;

    LiveActions(ProviderRegistry registry, Secrets secrets, Duration timeout, StackReader reader, Planner planner,
                Committer committer, Applier applier, RepositorySource repos) {
        this.registry = registry;
        this.secrets = secrets;
        this.timeout = timeout;
        this.reader = reader;
        this.planner = planner;
        this.committer = committer;
        this.applier = applier;
        this.repos = repos;
    }

    /**
     * The stacks of the config repository that target a connection: those of its provider, at the repository's head
     * (the repository does not bind stacks to connections). A stack that no longer parses is skipped.
     */
    List<Stack> stacksFor(ConnectionProfile connection) throws StackException, AuditException {
        List<Stack> out = new ArrayList<>();
        try (ConfigRepository repo = repos.open()) {
            for (String name : repo.stacks()) {
                Optional<String> yaml = repo.readStack(name);
                if (yaml.isEmpty()) continue;
                try {
                    Stack s = reader.parse("stacks/" + name + ".yaml", yaml.get());
                    // a stack bound to another connection (target:) is not compared with this one
                    if (s.providers().contains(connection.type())
                            && (!s.hasTarget() || s.target().equals(connection.name()))) out.add(s);
                } catch (StackException e) {
                    // a stack that does not read says nothing reliable about drift; `mlpc validate` reports it
                }
            }
        }
        return out;
    }

    /** Drift of a connection's live objects against its stacks: one bulk read on {@code session}. */
    Drift drift(ConnectionProfile connection, ProviderSession session, Progress progress)
            throws ProviderException, StackException, AuditException {
        Provider provider = registry.require(connection.type());
        return Drift.compute(connection.name(), provider, registry, stacksFor(connection), session, progress);
    }

    /**
     * Why a live node cannot be written as a stack resource (Show definition, drop, import), or null when it can: it must be
     * a stack resource kind that the provider reads live, with a name a stack can spell.
     */
    String notAResource(ConnectionProfile connection, LiveNode node) {
        if (node == null || node.key() == null) {
            if (node == null) return "nothing selected";
            String article = "aeiou".indexOf(Character.toLowerCase(node.kind().isEmpty() ? 'x' : node.kind().charAt(0))) >= 0 ? "an " : "a ";
            return node.label() + " is " + article + node.kind() + ", not a resource a stack manages";
        }
        Provider provider = registry.provider(connection.type()).orElse(null);
        if (provider == null) return "no provider for connection type " + connection.type();
        if (!provider.storedName(node.key().name()).equals(node.key().name())) {
            return "the name " + node.key().name() + " cannot be written in a stack (" + provider.displayName()
                    + " would store a stack's spelling of it differently)";
        }
        if (!provider.canRead(probe(node))) return "reading a " + node.key().type() + " from a live system is not in this build";
        return null;
    }

    /** The resource a node would be, with only its name and containers (database, schema) from the node's details. */
    private Resource probe(LiveNode node) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> containers = registry.provider(node.key().type().substring(0, Math.max(0, node.key().type().indexOf('.')))).map(Provider::treeContainers).orElse(List.of());
        var type = registry.type(node.key().type());
        type.ifPresent(t -> {
            for (String c : containers) {
                if (t.property(c).isPresent() && node.details().get(c) != null) props.put(c, String.valueOf(node.details().get(c)));
            }
        });
        if (type.isPresent()) {
            // a kind identified live by more than its name (a PostgreSQL grant: role, target, owner role, object type)
            Map<String, Object> identity = new LinkedHashMap<>(props);
            for (var p : type.get().properties()) {
                Object v = node.details().get(p.name());
                if (!p.updatable() && v instanceof String) identity.putIfAbsent(p.name(), v);
            }
            Resource withIdentity = Resource.of(node.key().type(), node.key().name(), identity);
            if (type.get().liveIdentity(withIdentity) != null) return withIdentity;
        }
        return Resource.of(node.key().type(), node.key().name(), props);
    }

    /**
     * The live object of a node as a stack resource: every property the provider observes and the type declares,
     * read in one bulk read on {@code session}.
     *
     * @throws ProviderException naming the object and why (not a resource, gone from the system, unreadable)
     */
    Resource observed(ConnectionProfile connection, LiveNode node, ProviderSession session, Progress progress)
            throws ProviderException {
        return located(connection, node, session, progress).resource();
    }

    /** A node's object as read ({@link #observed}) with the context it was read in ({@link Provider#liveContext}). */
    private record Located(Resource resource, List<Resource> context) { }

    private Located located(ConnectionProfile connection, LiveNode node, ProviderSession session, Progress progress)
            throws ProviderException {
        String why = notAResource(connection, node);
        if (why != null) throw new ProviderException(label(node) + ": " + why);
        Resource probe = probe(node);
        List<Resource> context = context(connection, node, probe);
        return new Located(seen(probe, context, label(node), connection, session, progress).resource(), context);
    }

    /** The parents a read of {@code probe} needs ({@link Provider#liveContext}); none for a provider without any. */
    private List<Resource> context(ConnectionProfile connection, LiveNode node, Resource probe) throws ProviderException {
        List<Resource> context = registry.require(connection.type()).liveContext(node, probe);
        return context == null ? List.of() : List.copyOf(context);
    }

    /** What a read found of one object: as a stack resource (declared properties only) and as observed (ids, status). */
    private record Seen(Resource resource, ObservedResource live) { }

    private Seen seen(Resource probe, List<Resource> context, String label, ConnectionProfile connection,
                      ProviderSession session, Progress progress) throws ProviderException {
        var type = registry.type(probe.type()).orElseThrow();
        List<Resource> read = new ArrayList<>();
        read.add(probe);
        read.addAll(context);
        dev.mlpc.core.plan.Inventory inventory = session.read(read, progress);
        ObservedResource found = inventory.find(probe.key()).orElse(null);
        if (found == null) {
            // a provider that could not read it says why in the read's warnings (e.g. its parent is not known)
            List<String> why = inventory.warnings().stream()
                    .filter(w -> probe.type().equals(w.type()) && probe.name().equals(w.name()))
                    .map(dev.mlpc.core.plan.PlanWarning::message).toList();
            throw new ProviderException(why.isEmpty() ? label + " no longer exists in " + connection.name()
                    : label + " cannot be read from " + connection.name() + ": " + String.join("; ", why));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        found.properties().forEach((k, v) -> {
            if (v != null && type.property(k).isPresent() && !(v instanceof java.util.Collection<?> c && c.isEmpty())) props.put(k, v);
        });
        return new Seen(Resource.of(probe.type(), probe.name(), props), found);
    }

    /** The plan of one drop of an object no stack manages, rendered from what the read found (ids, ARNs, etags). */
    private static Plan unmanagedDrop(Provider provider, Seen seen) {
        Change drop = new Change(Action.DROP, seen.resource().key(), Safety.DESTRUCTIVE,
                provider.renderer().drop(seen.resource(), seen.live()), Set.of(), "dropped from the console; in no stack");
        return new Plan("(no stack)", provider.id(), List.of(drop), List.of(), false);
    }

    /**
     * An unmanaged drop's plan with the impact of the drop (rule {@code impact}): what depends on the object downstream
     * in the lineage of the stacks at head and every registry, the object placed in the graph as its own one-resource
     * stack on the connection (with the parents it needs). Part of the plan hash, like a stack plan's impact.
     */
    private Plan withImpact(Plan plan, ConnectionProfile connection, Resource object, List<Resource> context,
                            ConfigRepository repo, Progress progress) throws AuditException {
        List<Resource> own = new ArrayList<>(context);
        own.add(object);
        Stack alone = new Stack(plan.stack(), "", connection.name(), own, "(live " + connection.name() + ")");
        List<Stack> stacks = new ArrayList<>(planner.otherStacks(alone, repo));
        stacks.add(alone);
        List<String> unread = new ArrayList<>();
        // the same registries and connections of one server as a stack plan (Planner.CrossSystem): a table named
        // through another connection to this server is the node the dropped object holds
        Planner.CrossSystem cross = planner.registryLinks().read(unread, progress);
        dev.mlpc.lineage.LineageGraph before = cross.graph(stacks);
        List<dev.mlpc.core.plan.PlanWarning> impact = dev.mlpc.governance.PlanFindings.impact(plan,
                new dev.mlpc.governance.PlanGraphs(before, null, alone, cross.scope(connection.name())));
        if (impact.isEmpty()) return plan;
        List<dev.mlpc.core.plan.PlanWarning> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(impact);
        return new Plan(plan.stack(), plan.provider(), plan.changes(), warnings, plan.offline());
    }

    private static String label(LiveNode node) {
        return node.key() == null ? node.kind() + " " + node.label() : node.key().type() + " " + node.key().name();
    }

    /**
     * The definition that would create the node's object as it is live: its observed properties rendered by the
     * provider ({@link Provider#definition}): CREATE statements for SQL systems, request documents for API systems.
     * The renderer is bound to the object with its context ({@link Provider#liveContext}, a stack of those) and to
     * the session, so that Data Share writes its request's path literally.
     */
    String showDefinition(ConnectionProfile connection, LiveNode node, Progress progress) throws ProviderException {
        Provider provider = registry.require(connection.type());
        try (ProviderSession session = provider.connect(connection, secrets, timeout)) {
            Located found = located(connection, node, session, progress);
            List<Resource> all = new ArrayList<>(found.context());
            all.add(found.resource());
            dev.mlpc.core.plan.Renderer bound = session.renderer(provider.renderer()
                    .forStack(new Stack("(live " + connection.name() + ")", "", all, null)));
            return provider.definition(found.resource(), bound == null ? provider.renderer() : bound);
        }
    }

    /**
     * Plans dropping the object of a live node. A managed object is dropped by planning its stack without it (so the
     * audit trail records the stack that no longer has it); a stack resource that holds other resources of its stack
     * is refused. An unmanaged object gets a plan of one drop.
     */
    Workbench.DropPlan planDrop(ConnectionProfile connection, LiveNode node, Progress progress)
            throws ProviderException, StackException, AuditException {
        String why = notAResource(connection, node);
        if (why != null) throw new ProviderException(label(node) + ": " + why);
        Provider provider = registry.require(connection.type());
        try (ConfigRepository repo = repos.open();
             ProviderSession session = provider.connect(connection, secrets, timeout)) {
            List<Stack> stacks = stacksFor(connection);
            Drift drift = Drift.compute(connection.name(), provider, registry, stacks, session, progress);
            Drift.Mark mark = drift.managedMark(node);
            if (mark == null) {
                Resource probe = probe(node);
                List<Resource> context = context(connection, node, probe);
                Seen seen = seen(probe, context, label(node), connection, session, progress);
                return new Workbench.DropPlan(connection, probe.key(),
                        withImpact(unmanagedDrop(provider, seen), connection, seen.resource(), context, repo, progress), null, null,
                        probe.name(), probe, context);
            }
            Stack stack = stacks.stream().filter(s -> s.name().equals(mark.stack())).findFirst().orElseThrow();
            Resource r = mark.resource();
            List<String> inside = new ArrayList<>();
            for (Resource other : stack.resources()) {
                if (other != r && registry.type(other.type()).map(t -> t.containers(other).contains(r.key())).orElse(false)) {
                    inside.add(other.type() + " " + other.name());
                }
            }
            if (!inside.isEmpty()) {
                throw new ProviderException(label(node) + ": stack " + stack.name() + " also manages what it holds ("
                        + String.join(", ", inside) + "); remove those from the stack first");
            }
            List<Resource> rest = new ArrayList<>(stack.resources());
            rest.remove(r);
            // still bound to its connection: the YAML committed keeps its target, and the drop's impact is scoped by it
            Stack without = new Stack(stack.name(), stack.description(), stack.hasTarget() ? stack.target() : null, rest,
                    stack.sourceFile());
            String yaml = StackWriter.toYaml(without);
            Stack parsed = reader.parse("stacks/" + stack.name() + ".yaml", yaml);
            Plan plan = planner.planWith(session, provider, parsed, planner.previous(stack.name(), repo), repo, progress);
            List<String> others = otherDestruction(plan, r.key());
            if (!others.isEmpty()) {
                throw new ProviderException(label(node) + ": the plan of stack " + stack.name() + " without it would also "
                        + String.join(", ", others) + "; apply or fix that stack first, so that the drop allows nothing else");
            }
            return new Workbench.DropPlan(connection, r.key(), plan, parsed, yaml, node.key().name());
        }
    }

    /**
     * Runs a reviewed drop plan, only when {@code typed} is the object's name (the console's form of
     * {@code --allow-destroy}); otherwise refuses and runs nothing. A managed object's stack is applied without it
     * and committed with its journal; an unmanaged object's drop is recorded the same way without a stack (target lock,
     * write-ahead journal, a {@code Record: unmanaged-drop} commit with {@code journal/_unmanaged/…json}).
     */
    Workbench.ApplyOutcome applyDrop(Workbench.DropPlan drop, String typed, Progress progress)
            throws ProviderException, StackException, AuditException {
        if (typed == null || !typed.equals(drop.confirm())) {
            java.time.Instant now = java.time.Instant.now();
            return new Workbench.ApplyOutcome(drop.plan(), new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED,
                    "refused: dropping " + drop.key() + " was not allowed (type its name, " + drop.confirm()
                            + ", to allow it)"), null);
        }
        if (drop.stack() != null) {
            try (ConfigRepository repo = repos.open()) {
                // exactly the reviewed plan: the applier re-plans on its session and refuses another hash
                Workbench.ApplyOutcome out = applier.apply(drop.stack(), drop.stackYaml(), drop.connection(), repo, true,
                        "Drop " + drop.key() + " from stack " + drop.stack().name() + " (from the console)", progress,
                        drop.plan().sha256());
                if (out.result().outcome() == ApplyResult.Outcome.REFUSED && out.plan() != null
                        && !out.plan().sha256().equals(drop.plan().sha256())) {
                    ApplyResult r = out.result();
                    return new Workbench.ApplyOutcome(out.plan(), new ApplyResult(r.started(), r.finished(), List.of(),
                            ApplyResult.Outcome.REFUSED, "refused: the plan to drop " + drop.key()
                            + " changed since it was reviewed; nothing was run; plan the drop again"), null);
                }
                return out;
            }
        }
        Provider provider = registry.require(drop.connection().type());
        String runId = Applier.newRunId();
        // recorded like an apply: the target lock, the write-ahead journal, then a Record: unmanaged-drop commit
        try (ConfigRepository repo = repos.open();
             dev.mlpc.core.provider.TargetLock lock = applier.lockFor(provider, drop.connection(), repo,
                     "(unmanaged " + drop.key() + ")", runId, progress);
             ProviderSession session = provider.connect(drop.connection(), secrets, timeout)) {
            Seen again = drop.probe() == null ? null : seen(drop.probe(), drop.context(), drop.key().toString(),
                    drop.connection(), session, progress);
            Plan now = again == null ? null : withImpact(unmanagedDrop(provider, again), drop.connection(),
                    again.resource(), drop.context(), repo, progress);
            if (now == null || !now.sha256().equals(drop.plan().sha256())) {
                java.time.Instant t = java.time.Instant.now();
                return new Workbench.ApplyOutcome(now == null ? drop.plan() : now, new ApplyResult(t, t, List.of(),
                        ApplyResult.Outcome.REFUSED, "refused: " + drop.key() + " changed since the drop was reviewed;"
                        + " nothing was run; plan the drop again"), null);
            }
            return applier.applyRecorded(repo, session, now, drop.connection(), UNMANAGED_DROP_RECORD, "unmanaged",
                    drop.key().toString(), runId, "Drop " + drop.key() + ", managed by no stack, in "
                            + drop.connection().name() + " (from the console)", progress);
        }
    }

    /** The destructive changes of a plan other than dropping {@code key}, as "drop type name" lines. */
    private static List<String> otherDestruction(Plan plan, ResourceKey key) {
        return plan.destructive().stream().filter(c -> !(c.action() == Action.DROP && c.key().equals(key)))
                .map(c -> c.action().json() + " " + c.type() + " " + c.name()).toList();
    }

    /**
     * Adds the live object of a node to stack {@code stackName} (created when the repository has no such stack) with
     * its observed properties, validates the result, plans it against the connection and commits it (not applied:
     * nothing runs). An existing stack's file is kept as written, the resource appended at its end.
     * <p>
     * An object read through parents ({@link Provider#liveContext}: a Data Share dataset's share) is added only to a
     * stack that already manages each parent it names (matched by type, live name and containers, so a parent the
     * stack declares under another resource name is referenced by that name); otherwise the import is refused,
     * naming the missing parent, and nothing is committed: the parents are not added implicitly, since a stack that
     * manages an account or share also deletes it when it drops it.
     *
     * @throws StackException the stack would not validate (each problem named)
     */
    CommitInfo importResource(ConnectionProfile connection, LiveNode node, String stackName, Progress progress)
            throws ProviderException, StackException, AuditException {
        Provider provider = registry.require(connection.type());
        try (ConfigRepository repo = repos.open();
             ProviderSession session = provider.connect(connection, secrets, timeout)) {
            Located found = located(connection, node, session, progress);
            Optional<String> existing = repo.readStack(stackName);
            Stack old = existing.isPresent() ? reader.parse("stacks/" + stackName + ".yaml", existing.get()) : null;
            Resource r = placed(provider, found, old, stackName, node);
            String yaml;
            if (old != null) {
                if (!old.providers().isEmpty() && !old.providers().contains(provider.id())) {
                    throw new ProviderException("stack " + stackName + " is a " + String.join(", ", old.providers())
                            + " stack; " + label(node) + " is " + provider.displayName());
                }
                if (old.find(r.key()).isPresent()) {
                    throw new ProviderException("stack " + stackName + " already has " + r.key());
                }
                yaml = appended(old, existing.get(), r);
            } else {
                yaml = StackWriter.toYaml(new Stack(stackName, "Imported from " + connection.name() + " in the console",
                        List.of(r), null));
            }
            Stack stack = reader.parse("stacks/" + stackName + ".yaml", yaml);
            Plan plan = planner.planWith(session, provider, stack, planner.previous(stackName, repo), repo, progress);
            return committer.commit(stack, yaml, plan, repo, "Import " + r.key() + " into stack " + stackName + " (from "
                    + connection.name() + ")", "no", null, null);
        }
    }

    /**
     * The observed resource with each parent it names ({@link Provider#liveContext}) referenced by the resource name
     * the target stack gives that parent; refused when the stack (null: a new one) does not manage one of them.
     */
    private Resource placed(Provider provider, Located found, Stack stack, String stackName, LiveNode node)
            throws ProviderException {
        Resource r = found.resource();
        var type = registry.type(r.type()).orElse(null);
        if (type == null || found.context().isEmpty()) return r;
        Map<String, Object> props = new LinkedHashMap<>(r.properties());
        for (var p : type.properties()) {
            if (p.references() == null || !(r.get(p.name()) instanceof String v)) continue;
            Resource parent = find(found.context(), new ResourceKey(p.references(), v));
            if (parent == null) continue;   // not located through it: the stack's validation judges the reference
            Resource inStack = stack == null ? null : matching(provider, parent, found.context(), stack);
            if (inStack == null) {
                throw new ProviderException(label(node) + " cannot be added to stack " + stackName + ": its " + p.name()
                        + " " + provider.liveName(parent) + " (" + parent.type() + ") is not managed by that stack"
                        + (stack == null ? " (it does not exist yet)" : "") + "; add the " + p.name() + " to the stack first (Add to a stack… on its node), then this object;"
                        + " nothing was committed");
            }
            props.put(p.name(), inStack.name());
        }
        return Resource.of(r.type(), r.name(), props);
    }

    private static Resource find(List<Resource> resources, ResourceKey key) {
        return resources.stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * The resource of {@code stack} that is the live object {@code wanted} (a context resource named by its live
     * name): same type and live name ({@link Provider#liveName}), and containers that are the same objects in turn
     * (a container among the context matched recursively; one outside it compared by name).
     */
    private Resource matching(Provider provider, Resource wanted, List<Resource> context, Stack stack) {
        var type = registry.type(wanted.type()).orElse(null);
        String live = provider.liveName(wanted);
        for (Resource x : stack.resources()) {
            if (!x.type().equals(wanted.type()) || !provider.liveName(x).equals(live)) continue;
            boolean same = true;
            for (var p : type == null ? List.<dev.mlpc.core.spec.PropertySpec>of() : type.properties()) {
                if (!p.container() || p.references() == null || !(wanted.get(p.name()) instanceof String v)) continue;
                Resource c = find(context, new ResourceKey(p.references(), v));
                Object xv = x.get(p.name());
                Resource cm = c == null ? null : matching(provider, c, context, stack);
                if (c == null ? !v.equals(xv) : cm == null || !cm.name().equals(xv)) {
                    same = false;
                    break;
                }
            }
            if (same) return x;
        }
        return null;
    }

    /** The stack's YAML with {@code r} appended as the last item of {@code resources}, or rewritten when that fails. */
    private String appended(Stack old, String yaml, Resource r) {
        String item = StackWriter.toYaml(new Stack(old.name(), "", List.of(r), null));
        item = item.substring(item.indexOf("resources:\n") + "resources:\n".length());
        String candidate = (yaml.endsWith("\n") ? yaml : yaml + "\n") + item;
        try {
            Stack back = reader.parse("stacks/" + old.name() + ".yaml", candidate);
            List<Resource> want = new ArrayList<>(old.resources());
            want.add(r);
            if (back.resources().equals(want)) return candidate;
        } catch (StackException e) {
            // the file does not end with its resources list: written anew below
        }
        List<Resource> all = new ArrayList<>(old.resources());
        all.add(r);
        return StackWriter.toYaml(new Stack(old.name(), old.description(), all, null));
    }

    /** Opens a session for a live tree; the caller closes it. */
    ProviderSession openSession(ConnectionProfile profile) throws ProviderException {
        return registry.require(profile.type()).connect(profile, secrets, timeout);
    }

    // ---- live node actions (core.provider.NodeAction) --------------------------------------------------------------

    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(LiveActions.class);

    /**
     * The actions a live node offers on an open session ({@link ProviderSession#actions}, no round trip). A provider
     * that fails to list them offers none (logged): a menu is never lost for that. An action id listed twice keeps
     * its first entry.
     */
    static List<NodeAction> nodeActions(ProviderSession session, LiveNode node) {
        if (session == null || node == null) return List.of();
        try {
            List<NodeAction> listed = session.actions(node);
            if (listed == null || listed.isEmpty()) return List.of();
            Map<String, NodeAction> byId = new LinkedHashMap<>();
            for (NodeAction a : listed) {
                if (a != null) byId.putIfAbsent(a.id(), a);
            }
            return List.copyOf(byId.values());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the actions of " + label(node) + " cannot be listed: " + e, e);
            return List.of();
        }
    }

    /** An action's menu text without its mnemonic underscore ({@code _Synchronize now…} → {@code Synchronize now…}). */
    static String plainLabel(NodeAction action) {
        String l = action.label() == null || action.label().isBlank() ? action.id() : action.label();
        StringBuilder b = new StringBuilder(l.length());
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '_') {
                if (i + 1 < l.length() && l.charAt(i + 1) == '_') {
                    b.append('_');
                    i++;
                }
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Runs one of a live node's actions on a session of its own (so that a long wait never holds up the tree's
     * session) and waits for its outcome. The action must be one the node offers, {@code choice} one of its choices
     * (null when it has none), and a destructive action runs only when {@code confirmed}; otherwise nothing runs and
     * the exception says why.
     *
     * @throws dev.mlpc.core.provider.CancelledException when {@code progress} was cancelled while waiting; its message
     *                                                    says what keeps running in the system
     */
    NodeAction.Outcome runNodeAction(ConnectionProfile connection, LiveNode node, String actionId, String choice,
                                     boolean confirmed, Progress progress) throws ProviderException {
        if (node == null) throw new ProviderException("no live object selected");
        Provider provider = registry.require(connection.type());
        try (ProviderSession session = provider.connect(connection, secrets, timeout)) {
            NodeAction action = nodeActions(session, node).stream().filter(a -> a.id().equals(actionId)).findFirst()
                    .orElseThrow(() -> new ProviderException(label(node) + " in " + connection.name()
                            + " offers no action " + actionId));
            String what = plainLabel(action).replace("…", "") + " on " + label(node);
            if (action.choices().isEmpty()) {
                if (choice != null) throw new ProviderException(what + ": takes no choice (got " + choice + ")");
            } else if (choice == null || !action.choices().contains(choice)) {
                throw new ProviderException(what + ": choose one of " + String.join(", ", action.choices())
                        + (choice == null ? "" : " (not " + choice + ")"));
            }
            if (action.destructive() && !confirmed) {
                throw new ProviderException(what + " was not run: it is destructive and was not confirmed");
            }
            progress.checkCancelled();
            String runId = Applier.newRunId();
            java.time.Instant started = java.time.Instant.now();
            NodeAction.Outcome outcome;
            try {
                outcome = session.runAction(node, actionId, choice, progress);
                if (outcome == null) throw new ProviderException(what + ": " + provider.displayName() + " reported no outcome");
            } catch (ProviderException | RuntimeException e) {
                String ended = e instanceof CancelledException ? "cancelled" : "failed";
                try {
                    recordNodeAction(connection, node, action, choice, runId, started, ended, e.getMessage(), Map.of());
                } catch (ProviderException unrecorded) {
                    throw new ProviderException(e.getMessage() + "; " + unrecorded.getMessage());
                }
                throw e;
            }
            recordNodeAction(connection, node, action, choice, runId, started, outcome.succeeded() ? "succeeded" : "failed",
                    outcome.message(), outcome.details());
            return outcome;
        }
    }

    /**
     * Commits the record of one node action run (who, when, node, action, choice, outcome, the details the system
     * returned, among them its operation URL when it gave one): {@code journal/_actions/<UTC start>-<run hex>.json}
     * with {@code Record: node-action}, {@code Applied:} ({@code yes}, {@code failed}, {@code cancelled}),
     * {@code Run:} and {@code Journal-Sha256:}. A record that cannot be committed is reported as the action's error
     * after it ran (the action is not undone; the message says so).
     */
    private void recordNodeAction(ConnectionProfile connection, LiveNode node, NodeAction action, String choice,
                                  String runId, java.time.Instant started, String outcome, String message,
                                  Map<String, Object> details) throws ProviderException {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("record", NODE_ACTION_RECORD);
        j.put("run", runId);
        j.put("who", TargetLockFile.Owner.current());
        j.put("connection", connection.name());
        j.put("connection_type", connection.type());
        j.put("node", Map.of("path", node.path(), "label", node.label(), "kind", node.kind()));
        j.put("action", action.id());
        j.put("choice", choice);
        j.put("started", started.toString());
        j.put("finished", java.time.Instant.now().toString());
        j.put("outcome", outcome);
        j.put("message", message);
        j.put("details", details);
        String applied = switch (outcome) {
            case "succeeded" -> "yes";
            case "cancelled" -> "cancelled";
            default -> "failed";
        };
        String path = "journal/_actions/" + runId + ".json";
        String what = plainLabel(action).replace("…", "") + " on " + label(node);
        try (ConfigRepository repo = repos.open()) {
            String json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n";
            repo.commitRecord(NODE_ACTION_RECORD, path, json, applied, runId,
                    "Run " + what + " in " + connection.name() + (choice == null ? "" : " (" + choice + ")")
                            + ": " + outcome, committer.author());
        } catch (AuditException | StackException | java.io.IOException e) {
            throw new ProviderException(what + " ran (" + outcome + ") but its audit record could not be committed: "
                    + e.getMessage());
        }
    }

    /** The {@code Record:} kind of the commit of a drop of an object no stack manages. */
    static final String UNMANAGED_DROP_RECORD = "unmanaged-drop";

    /** The {@code Record:} kind of a node action's commit. */
    static final String NODE_ACTION_RECORD = "node-action";
}
