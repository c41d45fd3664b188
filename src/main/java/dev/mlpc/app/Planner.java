package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.provider.SessionLabel;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.governance.Governance;
import dev.mlpc.governance.GovernanceConfig;
import dev.mlpc.governance.GovernanceException;
import dev.mlpc.governance.PlanGraphs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans: offline (nothing exists) or against a live system, with the stack's committed history telling what it
 * managed before ({@link #previous}). Also the provider of a stack and the session label of work on a stack.
 */
final class Planner {
    private final ProviderRegistry registry;
    private final Secrets secrets;
    private final StackReader reader;
    private final Differ differ;
    private final Duration timeout;
    private final Governance governance = Governance.standard();
    /** The model registry's lineage for a plan's cross-system checks; none until the workbench sets it. */
    private RegistryLinks registryLinks = (warnings, progress) -> CrossSystem.NONE;

    /**
     * Reads every registry's version lineage and which PostgreSQL connections reach one server
     * ({@link LineageService#crossSystem}); what cannot be read is added to {@code warnings}.
     */
    interface RegistryLinks {
        CrossSystem read(List<String> warnings, Progress progress);
    }

    /**
     * What a plan's lineage graphs are built from besides the stacks: the registries' version lineage, and each
     * PostgreSQL connection's canonical connection of its server ({@link LineageService#sameServer}), so that a table
     * named through one connection and managed through another of the same server is one node, as in the lineage map.
     */
    record CrossSystem(List<dev.mlpc.lineage.RegistryVersionLinks> links, java.util.Map<String, String> sameServer) {
        static final CrossSystem NONE = new CrossSystem(List.of(), java.util.Map.of());

        CrossSystem {
            links = links == null ? List.of() : List.copyOf(links);
            sameServer = sameServer == null ? java.util.Map.of() : java.util.Map.copyOf(sameServer);
        }

        /** The graph of {@code stacks} with this lineage and server mapping. */
        dev.mlpc.lineage.LineageGraph graph(List<Stack> stacks) {
            return dev.mlpc.lineage.LineageBuilder.build(
                    new dev.mlpc.lineage.LineageInputs(stacks, links, List.of(), sameServer));
        }

        /**
         * The scope a connection's objects have in such a graph: its server's canonical connection (for a container's
         * contents, {@link dev.mlpc.lineage.LineageGraph#contained}); the connection itself when it has none; null for null.
         */
        String scope(String connection) {
            return connection == null ? null : sameServer.getOrDefault(connection, connection);
        }
    }

    void registryLinks(RegistryLinks links) {
        this.registryLinks = links;
    }

    RegistryLinks registryLinks() {
        return registryLinks;
    }

    Planner(ProviderRegistry registry, Secrets secrets, StackReader reader, Differ differ, Duration timeout) {
        this.registry = registry;
        this.secrets = secrets;
        this.reader = reader;
        this.differ = differ;
        this.timeout = timeout;
    }

    /**
     * The provider of a stack: the one its resources belong to. An unknown provider id is an error; so is a stack
     * without resources (it names no provider): "stack X has no resources; nothing to plan".
     */
    Provider providerFor(Stack stack) throws ProviderException {
        return providerFor(stack, (String) null);
    }

    /**
     * Like {@link #providerFor(Stack)}, but a stack without resources (every resource removed, to be dropped) takes
     * the provider of what it managed before, {@code previous}.
     */
    Provider providerFor(Stack stack, Stack previous) throws ProviderException {
        return providerFor(stack, previous == null ? null : previous.providers().stream().findFirst().orElse(null));
    }

    /** The stack's provider, else {@code fallbackId} (a provider named by its history or its plan), else an error. */
    Provider providerFor(Stack stack, String fallbackId) throws ProviderException {
        String id = stack.providers().stream().findFirst().orElse(null);
        if (id == null && fallbackId != null && !fallbackId.isEmpty()) id = fallbackId;
        if (id == null) throw new ProviderException("stack " + stack.name() + " has no resources; nothing to plan");
        return registry.require(id);
    }

    /**
     * The plan for a stack against nothing (offline): every resource created from scratch, with the findings of the
     * governance rules at their defaults (no repository: no {@code governance.yaml}).
     */
    Plan offlinePlan(Stack stack) throws ProviderException {
        Plan plan = bareOfflinePlan(stack);
        return governance.annotate(plan, stack, governance.defaults(),
                needsLineage(stack, plan) ? graphs(stack, null, List.of(), CrossSystem.NONE, false) : PlanGraphs.NONE);
    }

    private Plan bareOfflinePlan(Stack stack) throws ProviderException {
        return differ.diff(stack, null, Inventory.nothing(), providerFor(stack).renderer().forStack(stack));
    }

    /**
     * The governance rules as the repository's {@code governance.yaml} at head configures them (defaults without a
     * repository or without the file); an invalid file is an error naming each problem by file:line:col.
     */
    GovernanceConfig governance(ConfigRepository repo) throws AuditException {
        try {
            return governance.load(repo);
        } catch (GovernanceException e) {
            throw new AuditException(Governance.FILE + " in the config repository is invalid; fix it first:\n" + e.getMessage());
        }
    }

    /**
     * Plans a stack. Without a connection the plan assumes nothing exists. With a repository, the stack's previous
     * committed version tells which resources it managed before (those removed since are dropped).
     */
    Plan plan(Stack stack, ConnectionProfile connection, ConfigRepository repo, Progress progress)
            throws ProviderException, AuditException {
        if (connection == null) {
            // offline: the other stacks at head, no registry (nothing live is read); nothing exists, so nothing drops
            Plan plan = bareOfflinePlan(stack);
            GovernanceConfig rules = governance(repo);
            return governance.annotate(plan, stack, rules,
                    needsLineage(stack, plan) ? graphs(stack, null, otherStacks(stack, repo), CrossSystem.NONE, false) : PlanGraphs.NONE);
        }
        Stack previous = previous(stack.name(), repo);
        Provider provider = providerFor(stack, previous);
        checkConnectionType(stack, provider, connection);
        try (ProviderSession session = provider.connect(connection, secrets, timeout, label(stack, repo))) {
            return planWith(session, provider, stack, previous, repo, progress);
        }
    }

    /**
     * Reads the live state of what the stack manages now and managed before, on an open session, and diffs; the
     * governance findings over the stack (as {@code repo}'s {@code governance.yaml} configures them) are its last
     * warnings.
     */
    Plan planWith(ProviderSession session, Provider provider, Stack stack, Stack previous, ConfigRepository repo,
                  Progress progress) throws ProviderException, AuditException {
        GovernanceConfig rules = governance(repo);
        progress.status("Reading live state");
        Inventory inventory = session.read(managed(stack, previous), progress);
        Plan plan = differ.diff(stack, previous, inventory, liveRenderer(session, provider, stack));
        if (!needsLineage(stack, plan)) {
            // nothing a cross-system rule could fire on and nothing dropped: no registry read, no graph; the findings
            // and impact would be none (PlanFindings.touching needs a node of the stack or of a change)
            return governance.annotate(plan, stack, rules, PlanGraphs.NONE);
        }
        progress.status("Reading the lineage across systems");
        List<String> unread = new ArrayList<>();
        CrossSystem cross = registryLinks.read(unread, progress);
        Plan annotated = governance.annotate(plan, stack, rules,
                graphs(stack, previous, otherStacks(stack, repo), cross, hasDrop(plan)));
        // what the cross-system checks could not read is a note: outside the plan JSON and its hash, so that one plan
        // hashes the same whether or not a registry answered (an approval names exactly one hash)
        List<String> notes = new ArrayList<>();
        for (String u : unread) notes.add("lineage: cross-system governance and drop impact were checked without it: " + u);
        return annotated.withNotes(notes);
    }

    /** How many lineage graphs plans have built in this JVM (tests check a plan builds only what it needs). */
    static final java.util.concurrent.atomic.AtomicLong GRAPH_BUILDS = new java.util.concurrent.atomic.AtomicLong();

    static boolean hasDrop(Plan plan) {
        return plan.actionable().stream().anyMatch(c -> c.action() == dev.mlpc.core.plan.Action.DROP);
    }

    /**
     * Whether a plan's cross-system checks need the estate's lineage (the registries and the graph): it drops a node of
     * the graph or a database or schema (the impact of what it holds), or the planned stack declares an object the graph shows ({@link dev.mlpc.lineage.LineageBuilder#shows}):
     * a cross-system finding touches a plan only through such a node. A PostgreSQL stack that drops no database or schema needs none (a role or
     * grant is no node).
     */
    static boolean needsLineage(Stack stack, Plan plan) {
        for (dev.mlpc.core.plan.Change c : plan.actionable()) {
            if (c.action() == dev.mlpc.core.plan.Action.DROP && (dev.mlpc.lineage.LineageBuilder.shows(c.type())
                    || dev.mlpc.lineage.LineageIds.CONTAINER_TYPES.contains(c.type()))) return true;
        }
        for (Resource r : stack.resources()) if (dev.mlpc.lineage.LineageBuilder.shows(r.type())) return true;
        return false;
    }

    /**
     * The graphs of a plan's cross-system checks ({@link dev.mlpc.governance.PlanGraphs}): {@code after} from the other
     * stacks at head and the planned stack, {@code before} from them and what the stack managed before (the planned
     * stack when it has no history); both with the same registry lineage and connections of one server. The scope
     * of what a dropped container holds is the canonical connection of the stack's target's server.
     */
    static PlanGraphs graphs(Stack stack, Stack previous, List<Stack> others, CrossSystem cross, boolean drops) {
        List<Stack> after = new ArrayList<>(others);
        after.add(stack);
        Stack was = previous == null ? stack : new Stack(previous.name(), previous.description(), stack.target(),
                previous.resources(), previous.sourceFile());
        dev.mlpc.lineage.LineageGraph afterGraph = build(after, cross);
        // the graph before differs only by what the stack managed before: built only when the plan drops some of it
        dev.mlpc.lineage.LineageGraph beforeGraph = afterGraph;
        if (drops && previous != null) {
            List<Stack> before = new ArrayList<>(others);
            before.add(was);
            beforeGraph = build(before, cross);
        }
        return new PlanGraphs(beforeGraph, afterGraph, was, cross.scope(stack.hasTarget() ? stack.target() : null));
    }

    private static dev.mlpc.lineage.LineageGraph build(List<Stack> stacks, CrossSystem cross) {
        GRAPH_BUILDS.incrementAndGet();
        return cross.graph(stacks);
    }

    /** The stacks at the repository's head other than {@code stack} (those that no longer parse are left out). */
    List<Stack> otherStacks(Stack stack, ConfigRepository repo) throws AuditException {
        List<Stack> out = new ArrayList<>();
        if (repo == null) return out;
        for (String name : repo.stacks()) {
            if (name.equals(stack.name())) continue;
            Optional<String> yaml = repo.readStack(name);
            if (yaml.isEmpty()) continue;
            try {
                out.add(reader.parse("stacks/" + name + ".yaml", yaml.get()));
            } catch (StackException e) {
                // a stack that does not read says nothing reliable about the estate; mlpc validate reports why
            }
        }
        return out;
    }

    /** The renderer of a live plan of {@code stack}: the provider's, bound to the stack, then to the session. */
    static dev.mlpc.core.plan.Renderer liveRenderer(ProviderSession session, Provider provider, Stack stack) {
        return session.renderer(provider.renderer().forStack(stack));
    }

    private static List<Resource> managed(Stack stack, Stack previous) {
        List<Resource> all = new ArrayList<>(stack.resources());
        if (previous != null) {
            Set<ResourceKey> keys = new HashSet<>();
            stack.resources().forEach(r -> keys.add(r.key()));
            previous.resources().stream().filter(r -> !keys.contains(r.key())).forEach(all::add);
        }
        return all;
    }

    /**
     * What the stack managed before: its committed versions back to (and including) its last successful apply, merged
     * by resource key. The applied version's definitions come first (they describe what is live); newer, not yet
     * applied versions add the keys they named (a resource committed and removed again before an apply is still
     * dropped). Versions that no longer parse (types renamed since) are skipped.
     */
    Stack previous(String stackName, ConfigRepository repo) throws AuditException {
        if (repo == null) return null;
        List<CommitInfo> versions = repo.stackVersions(stackName);
        if (versions.isEmpty()) return null;
        CommitInfo last = versions.get(versions.size() - 1);
        List<CommitInfo> order = new ArrayList<>();
        if ("yes".equals(last.trailer("Applied"))) {
            order.add(last);
            order.addAll(versions.subList(0, versions.size() - 1));
        } else {
            order.addAll(versions);
        }
        List<Resource> merged = new ArrayList<>();
        Set<ResourceKey> seen = new HashSet<>();
        for (CommitInfo c : order) {
            Optional<String> yaml = repo.readStack(stackName, c.id());
            if (yaml.isEmpty()) continue;
            try {
                for (Resource r : reader.parse("stacks/" + stackName + ".yaml@" + c.shortId(), yaml.get()).resources()) {
                    if (seen.add(r.key())) merged.add(r);
                }
            } catch (StackException e) {
                // an old version that no longer reads says nothing reliable about what is live
            }
        }
        return new Stack(stackName, "", merged, "stacks/" + stackName + ".yaml");
    }

    /** The session label of work on a stack: its name and the repository's head commit (null without one). */
    static SessionLabel label(Stack stack, ConfigRepository repo) throws AuditException {
        String commit = repo == null ? null : repo.headCommit();
        return new SessionLabel(stack.name(), commit);
    }

    static void checkConnectionType(Stack stack, Provider provider, ConnectionProfile connection) throws ProviderException {
        if (!connection.type().equals(provider.id())) {
            throw new ProviderException("connection " + connection.name() + " is a " + connection.type()
                    + " connection; stack " + stack.name() + " is for " + provider.id());
        }
    }

    /** Plans a stack for review in the console: offline without a connection, else against it with the repository's history. */
    Plan planForReview(Stack stack, ConnectionProfile connection, RepositorySource repos, Progress progress)
            throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = repos.open()) {
            return plan(stack, connection, repo, progress);
        }
    }

    /** The ids of the registered providers (what {@code policy.yaml} may name in {@code providers:}). */
    java.util.Set<String> providerIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        registry.providers().forEach(p -> ids.add(p.id()));
        return ids;
    }
}
