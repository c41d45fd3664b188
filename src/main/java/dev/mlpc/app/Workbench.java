package dev.mlpc.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.SecretScanner;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.spec.StackWriter;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.providers.postgres.PgUrl;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;
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
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.providers.snowflake.SnowflakeProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.util.SystemReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services the CLI and the console both call: load and validate stacks, plan, apply, commit, verify.
 * Holds no UI state; every method may block on I/O, so the console calls it on its background executor.
 */
public final class Workbench {
    /** Default timeout for connecting and for each remote call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final AppHome home;
    private final ProviderRegistry registry;
    private final Secrets secrets;
    private final ConnectionStore connections;
    private final StackReader reader;
    private final Differ differ;
    private final Duration timeout;

    public Workbench(AppHome home, ProviderRegistry registry, Map<String, String> env, Duration timeout) {
        this.home = home;
        this.registry = registry;
        this.secrets = new Secrets(env);
        this.connections = new ConnectionStore(home.connectionsFile(), registry);
        this.reader = new StackReader(registry);
        this.differ = new Differ(registry);
        this.timeout = timeout;
    }

    /** The providers shipped with the application: those registered in {@link dev.mlpc.Modules#standard()}. */
    public static ProviderRegistry standardProviders() {
        return dev.mlpc.Modules.registry(dev.mlpc.Modules.standard());
    }

    /** A workbench over {@code MLPC_HOME} (or {@code ~/.mlpc}) with the standard providers and the real environment. */
    public static Workbench open(Map<String, String> env) {
        return new Workbench(AppHome.resolve(env), standardProviders(), env, DEFAULT_TIMEOUT);
    }

    public AppHome home() { return home; }
    public ProviderRegistry registry() { return registry; }
    public Secrets secrets() { return secrets; }
    public ConnectionStore connections() { return connections; }
    public StackReader stackReader() { return reader; }
    public Duration timeout() { return timeout; }

    public Settings settings() throws StackException {
        return Settings.load(home.settingsFile());
    }

    public void saveSettings(Settings s) throws IOException {
        s.save(home.settingsFile());
    }

    // ---- stacks -------------------------------------------------------------------------------------------------

    public Stack loadStack(Path file) throws StackException {
        return reader.load(file);
    }

    public Stack parseStack(String file, String yaml) throws StackException {
        return reader.parse(file, yaml);
    }

    public Provider providerFor(Stack stack) throws ProviderException {
        String id = stack.providers().stream().findFirst().orElse("postgres");
        return registry.require(id);
    }

    // ---- config repository --------------------------------------------------------------------------------------

    /** Where the config repository lives: settings, else {@code MLPC_HOME/config}. */
    public Path repositoryPath() throws StackException {
        String configured = settings().repository();
        return configured != null ? Path.of(configured) : home.defaultRepository();
    }

    /** Opens the config repository, creating it on first use (first start needs nothing). */
    public ConfigRepository repository() throws StackException, AuditException {
        return ConfigRepository.init(repositoryPath());
    }

    /** The commit author: settings, else git's user config, else the OS user. */
    public Author author() {
        try {
            Settings s = settings();
            if (s.authorName() != null && s.authorEmail() != null) return new Author(s.authorName(), s.authorEmail());
        } catch (StackException e) {
            // a broken settings file does not stop a commit; git config or the OS user is used
        }
        try {
            Config c = SystemReader.getInstance().getUserConfig();
            String n = c.getString("user", null, "name");
            String e = c.getString("user", null, "email");
            if (n != null && e != null) return new Author(n, e);
        } catch (Exception e) {
            // no readable git config
        }
        String user = System.getProperty("user.name", "mlpc");
        return new Author(user, user + "@localhost");
    }

    // ---- plan ---------------------------------------------------------------------------------------------------

    /** The plan for a stack against nothing (offline): every resource created from scratch. */
    public Plan offlinePlan(Stack stack) throws ProviderException {
        return differ.diff(stack, null, Inventory.nothing(), providerFor(stack).renderer());
    }

    /**
     * Plans a stack. Without a connection the plan assumes nothing exists. With a repository, the stack's previous
     * committed version tells which resources it managed before (those removed since are dropped).
     */
    public Plan plan(Stack stack, ConnectionProfile connection, ConfigRepository repo, Progress progress)
            throws ProviderException, AuditException {
        Provider provider = providerFor(stack);
        if (connection == null) return offlinePlan(stack);
        checkConnectionType(stack, provider, connection);
        Stack previous = previous(stack.name(), repo);
        try (ProviderSession session = provider.connect(connection, secrets, timeout, label(stack, repo))) {
            return planWith(session, provider, stack, previous, progress);
        }
    }

    private Plan planWith(ProviderSession session, Provider provider, Stack stack, Stack previous, Progress progress)
            throws ProviderException {
        progress.status("Reading live state");
        Inventory inventory = session.read(managed(stack, previous), progress);
        return differ.diff(stack, previous, inventory, provider.renderer());
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
    private Stack previous(String stackName, ConfigRepository repo) throws AuditException {
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
    private static SessionLabel label(Stack stack, ConfigRepository repo) throws AuditException {
        String commit = repo == null ? null : repo.log(1).stream().findFirst().map(CommitInfo::id).orElse(null);
        return new SessionLabel(stack.name(), commit);
    }

    private static void checkConnectionType(Stack stack, Provider provider, ConnectionProfile connection) throws ProviderException {
        if (!connection.type().equals(provider.id())) {
            throw new ProviderException("connection " + connection.name() + " is a " + connection.type()
                    + " connection; stack " + stack.name() + " is for " + provider.id());
        }
    }

    // ---- apply --------------------------------------------------------------------------------------------------

    /**
     * The plan that ran (or was refused), what executed, and the audit commit if one was made. When the apply ran but
     * its audit commit failed, {@code auditError} says why and the result is still here (nothing is lost).
     */
    public record ApplyOutcome(Plan plan, ApplyResult result, CommitInfo commit, String auditError) {
        public ApplyOutcome(Plan plan, ApplyResult result, CommitInfo commit) {
            this(plan, result, commit, null);
        }
    }

    /**
     * Plans against the live system and applies. Destructive changes (drop, revoke, replace) are refused unless
     * {@code allowDestroy}: then nothing runs at all. With a repository the stack, its generated files and a journal
     * of what ran are committed (also after a failure: the journal says how far it got).
     */
    public ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                              boolean allowDestroy, String message, Progress progress) throws ProviderException, AuditException {
        return apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, null);
    }

    /**
     * Like {@link #apply(Stack, String, ConnectionProfile, ConfigRepository, boolean, String, Progress)}, but runs
     * exactly the reviewed plan: when {@code expectedPlanSha256} is given and the plan computed against the live system
     * now has another SHA-256, nothing runs and the outcome is {@code REFUSED} with the live plan in it (the caller
     * shows it beside the reviewed one). The allow-destroy choice thus only ever covers the plan it was made on.
     */
    public ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                              boolean allowDestroy, String message, Progress progress, String expectedPlanSha256)
            throws ProviderException, AuditException {
        Provider provider = providerFor(stack);
        checkConnectionType(stack, provider, connection);
        Stack previous = previous(stack.name(), repo);
        try (ProviderSession session = provider.connect(connection, secrets, timeout, label(stack, repo))) {
            Plan plan = planWith(session, provider, stack, previous, progress);
            java.time.Instant now = java.time.Instant.now();
            if (expectedPlanSha256 != null && !expectedPlanSha256.equalsIgnoreCase(plan.sha256())) {
                return new ApplyOutcome(plan, new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED,
                        "refused: the live plan (" + plan.summary().trailer() + ", sha256 " + plan.sha256().substring(0, 12)
                                + ") is not the reviewed plan (sha256 " + expectedPlanSha256.substring(0, Math.min(12, expectedPlanSha256.length()))
                                + "); the live system or the stack changed since the review. Nothing was run; plan again."), null);
            }
            if (!allowDestroy && !plan.destructive().isEmpty()) {
                StringBuilder why = new StringBuilder("refused: the plan has destructive changes and destruction was not allowed (--allow-destroy):");
                plan.destructive().forEach(c -> why.append("\n  ").append(c.action().json()).append(' ')
                        .append(c.type()).append(' ').append(c.name()));
                return new ApplyOutcome(plan, new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED, why.toString()), null);
            }
            if (!plan.hasChanges()) {
                ApplyResult nothing = new ApplyResult(now, now, List.of(), ApplyResult.Outcome.SUCCEEDED, null);
                CommitInfo commit = null;
                if (repo != null && !repo.readStack(stack.name()).map(stackYaml::equals).orElse(false)) {
                    commit = commit(stack, stackYaml, plan, repo, message, "yes", null, null);
                }
                return new ApplyOutcome(plan, nothing, commit);
            }
            if (repo != null) refuseSecrets(stack, stackYaml, plan);
            ApplyResult result = session.apply(plan, progress);
            if (repo == null) return new ApplyOutcome(plan, result, null);
            String journal = journalJson(stack, plan, connection, result);
            String path = "journal/" + stack.name() + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                    .withZone(ZoneOffset.UTC).format(result.started()) + "-" + plan.sha256().substring(0, 8) + ".json";
            try {
                return new ApplyOutcome(plan, result, commit(stack, stackYaml, plan, repo, message, result.trailer(), path, journal));
            } catch (AuditException e) {
                return new ApplyOutcome(plan, result, null, "the apply ran but its audit commit failed: " + e.getMessage());
            }
        }
    }

    /** What {@link #commitThenApply} did: the commit of the reviewed stack, and the apply when one was asked for. */
    public record ReviewedOutcome(CommitInfo committed, ApplyOutcome applied) { }

    /**
     * The console's finish: commits the reviewed stack with its reviewed plan ({@code Applied: no}), then, with a
     * connection and {@code apply}, applies exactly that plan ({@link #apply(Stack, String, ConnectionProfile,
     * ConfigRepository, boolean, String, Progress, String)} with the reviewed hash). {@code onCommitted} hears about the
     * commit as soon as it exists (before the apply starts). The allow-destroy choice counts only when the reviewed
     * plan has destructive changes.
     */
    public ReviewedOutcome commitThenApply(Stack stack, String stackYaml, Plan reviewed, ConnectionProfile connection,
                                           boolean apply, boolean allowDestroy, String message, Progress progress,
                                           java.util.function.Consumer<CommitInfo> onCommitted)
            throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = repository()) {
            CommitInfo c = commit(stack, stackYaml, reviewed, repo, message, "no", null, null);
            if (onCommitted != null) onCommitted.accept(c);
            if (!apply || connection == null) return new ReviewedOutcome(c, null);
            boolean allow = allowDestroy && !reviewed.destructive().isEmpty();
            return new ReviewedOutcome(c, apply(stack, stackYaml, connection, repo, allow, message, progress, reviewed.sha256()));
        }
    }

    /** Plans a stack for review in the console: offline without a connection, else against it with the repository's history. */
    public Plan planForReview(Stack stack, ConnectionProfile connection, Progress progress)
            throws ProviderException, AuditException, StackException {
        if (connection == null) return offlinePlan(stack);
        try (ConfigRepository repo = repository()) {
            return plan(stack, connection, repo, progress);
        }
    }

    /**
     * Checks, before anything runs, that what the apply would commit passes the repository's secret check: an apply
     * must not run and then have its audit record refused.
     */
    private void refuseSecrets(Stack stack, String stackYaml, Plan plan) throws AuditException, ProviderException {
        List<String> findings = new ArrayList<>(SecretScanner.scan("stacks/" + stack.name() + ".yaml", stackYaml));
        for (Map.Entry<String, String> e : generatedFiles(stack).entrySet()) findings.addAll(SecretScanner.scan(e.getKey(), e.getValue()));
        findings.addAll(SecretScanner.scan("plan", plan.toJson()));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to apply stack " + stack.name() + ": its audit record would contain something"
                    + " that looks like a secret (use ${env:NAME} or ${keychain:service/account} references):\n  "
                    + String.join("\n  ", findings));
        }
    }

    /** The journal of one apply: each statement in display form (no secrets), its outcome and duration. */
    public static String journalJson(Stack stack, Plan plan, ConnectionProfile connection, ApplyResult result) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("stack", stack.name());
        j.put("connection", connection.name());
        j.put("connection_type", connection.type());
        j.put("plan_sha256", plan.sha256());
        j.put("plan", plan.summary().trailer());
        j.put("started", result.started().toString());
        j.put("finished", result.finished().toString());
        j.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (result.failure() != null) j.put("failure", result.failure());
        List<Object> st = new ArrayList<>();
        for (ApplyResult.Executed e : result.executed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", e.change());
            m.put("resource", e.resource());
            m.put("statement", e.statement());
            m.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
            m.put("millis", e.millis());
            if (e.systemId() != null) m.put("system_id", e.systemId());
            if (!e.outputs().isEmpty()) m.put("outputs", e.outputs());
            if (e.error() != null) m.put("error", e.error());
            st.add(m);
        }
        j.put("statements", st);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- commit -------------------------------------------------------------------------------------------------

    /** The generated files of a stack besides the plan: {@code generated/<provider>/<stack>.<ext>}. */
    public Map<String, String> generatedFiles(Stack stack) throws ProviderException {
        Provider p = providerFor(stack);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("generated/" + p.id() + "/" + stack.name() + "." + p.generatedExtension(), p.renderDocument(offlinePlan(stack)));
        return files;
    }

    /** Commits the stack, its generated files, the plan JSON and optionally a journal, with the audit trailers. */
    public CommitInfo commit(Stack stack, String stackYaml, Plan plan, ConfigRepository repo, String message,
                             String applied, String journalPath, String journalJson) throws ProviderException, AuditException {
        Provider p = providerFor(stack);
        Map<String, String> generated = generatedFiles(stack);
        String planJson = plan.toJson();
        generated.put("generated/" + p.id() + "/" + stack.name() + ".plan.json", planJson);
        String msg = message == null || message.isBlank() ? defaultMessage(stack, plan, applied) : message;
        return repo.commit(new StackCommit(stack.name(), p.id(), stackYaml, generated, plan.summary().trailer(),
                plan.sha256(), applied, msg, author(), journalPath, journalJson));
    }

    private static String defaultMessage(Stack stack, Plan plan, String applied) {
        return ("no".equals(applied) ? "Update stack " : "Apply stack ") + stack.name() + " (" + plan.summary().trailer() + ")";
    }

    /** What {@code verify} re-renders a committed stack to: its generated files (the plan JSON is checked by hash). */
    public Map<String, String> regenerate(String stackName, String stackYaml) throws StackException, ProviderException {
        Stack s = reader.parse("stacks/" + stackName + ".yaml", stackYaml);
        return generatedFiles(s);
    }

    /**
     * Tests a connection: opens a session (with the timeout) and lists the top of its tree.
     *
     * @return what the session tells about itself without another round trip ({@link ProviderSession#about()})
     */
    public Map<String, String> testConnection(ConnectionProfile profile, Duration limit, Progress progress) throws ProviderException {
        Provider p = registry.require(profile.type());
        List<String> bad = p.checkProfile(profile);
        if (!bad.isEmpty()) throw new ProviderException(String.join("; ", bad));
        try (ProviderSession s = p.connect(profile, secrets, limit)) {
            s.children(null, progress);
            return s.about();
        }
    }

    // ---- model registry -------------------------------------------------------------------------------------------

    /**
     * Opens the model registry in {@code schema} of {@code database} (null: the profile's database) of a PostgreSQL
     * connection, over a pool of up to {@code poolSize} connections; the event log names the commit author. Does not
     * check that the registry is installed ({@link ModelRegistry#migrations()} does). The caller closes it.
     */
    public ModelRegistry openRegistry(ConnectionProfile profile, String database, String schema, int poolSize)
            throws ProviderException, RegistryException {
        if (!"postgres".equals(profile.type())) {
            throw new ProviderException("connection '" + profile.name() + "': the model registry lives in PostgreSQL;"
                    + " this connection is of type " + profile.type());
        }
        RegistryRules.require(RegistryRules.checkSchema(schema));
        HikariDataSource pool = PgPool.open(profile, secrets, timeout, database, poolSize);
        Author a = author();
        return new ModelRegistry(pool, schema, a.name() + " <" + a.email() + ">", pool);
    }

    /** The database a PostgreSQL profile's URL names, or "" when it names none or does not parse. */
    public static String profileDatabase(ConnectionProfile profile) {
        PgUrl u = PgUrl.parse(profile.setting("url"));
        return u == null || u.database() == null ? "" : u.database();
    }

    /** Where a PostgreSQL table is in a live tree of its connection. */
    public static String tablePath(String database, String schema, String table) {
        return PostgresProvider.tablePath(database, schema, table);
    }

    // ---- live trees: drift, DDL, drop, import ------------------------------------------------------------------

    /**
     * The stacks of the config repository that target a connection: those of its provider, at the repository's head
     * (the repository does not bind stacks to connections). A stack that no longer parses is skipped.
     */
    public List<Stack> stacksFor(ConnectionProfile connection) throws StackException, AuditException {
        List<Stack> out = new ArrayList<>();
        try (ConfigRepository repo = repository()) {
            for (String name : repo.stacks()) {
                Optional<String> yaml = repo.readStack(name);
                if (yaml.isEmpty()) continue;
                try {
                    Stack s = reader.parse("stacks/" + name + ".yaml", yaml.get());
                    if (s.providers().contains(connection.type())) out.add(s);
                } catch (StackException e) {
                    // a stack that does not read says nothing reliable about drift; `mlpc validate` reports it
                }
            }
        }
        return out;
    }

    /** Drift of a connection's live objects against its stacks: one bulk read on {@code session}. */
    public Drift drift(ConnectionProfile connection, ProviderSession session, Progress progress)
            throws ProviderException, StackException, AuditException {
        Provider provider = registry.require(connection.type());
        return Drift.compute(connection.name(), provider, registry, stacksFor(connection), session, progress);
    }

    /**
     * Why a live node cannot be written as a stack resource (Show DDL, drop, import), or null when it can: it must be
     * a stack resource kind that the provider reads live, with a name a stack can spell.
     */
    public String notAResource(ConnectionProfile connection, LiveNode node) {
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
        registry.type(node.key().type()).ifPresent(t -> {
            for (String c : containers) {
                if (t.property(c).isPresent() && node.details().get(c) != null) props.put(c, String.valueOf(node.details().get(c)));
            }
        });
        return Resource.of(node.key().type(), node.key().name(), props);
    }

    /**
     * The live object of a node as a stack resource: every property the provider observes and the type declares,
     * read in one bulk read on {@code session}.
     *
     * @throws ProviderException naming the object and why (not a resource, gone from the system, unreadable)
     */
    public Resource observed(ConnectionProfile connection, LiveNode node, ProviderSession session, Progress progress)
            throws ProviderException {
        String why = notAResource(connection, node);
        if (why != null) throw new ProviderException(label(node) + ": " + why);
        Resource probe = probe(node);
        var type = registry.type(probe.type()).orElseThrow();
        var found = session.read(List.of(probe), progress).find(probe.key())
                .orElseThrow(() -> new ProviderException(label(node) + " no longer exists in " + connection.name()));
        Map<String, Object> props = new LinkedHashMap<>();
        found.properties().forEach((k, v) -> {
            if (v != null && type.property(k).isPresent() && !(v instanceof java.util.Collection<?> c && c.isEmpty())) props.put(k, v);
        });
        return Resource.of(probe.type(), probe.name(), props);
    }

    private static String label(LiveNode node) {
        return node.key() == null ? node.kind() + " " + node.label() : node.key().type() + " " + node.key().name();
    }

    /**
     * The definition that would create the node's object as it is live: its observed properties rendered by the
     * provider ({@link Provider#definition}): CREATE statements for SQL systems, request documents for API systems.
     */
    public String showDefinition(ConnectionProfile connection, LiveNode node, Progress progress) throws ProviderException {
        Provider provider = registry.require(connection.type());
        try (ProviderSession session = provider.connect(connection, secrets, timeout)) {
            return provider.definition(observed(connection, node, session, progress));
        }
    }

    /**
     * A plan that drops exactly one live object, for review before {@link #applyDrop}.
     *
     * @param stack     for a managed object, its stack without it (the plan is that stack's plan); null when unmanaged
     * @param stackYaml that stack as YAML (what an apply commits), or null
     * @param confirm   what the user must type to allow the drop: the object's name
     */
    public record DropPlan(ConnectionProfile connection, ResourceKey key, Plan plan, Stack stack, String stackYaml,
                           String confirm) { }

    /**
     * Plans dropping the object of a live node. A managed object is dropped by planning its stack without it (so the
     * audit trail records the stack that no longer has it); a stack resource that holds other resources of its stack
     * is refused. An unmanaged object gets a plan of one drop.
     */
    public DropPlan planDrop(ConnectionProfile connection, LiveNode node, Progress progress)
            throws ProviderException, StackException, AuditException {
        String why = notAResource(connection, node);
        if (why != null) throw new ProviderException(label(node) + ": " + why);
        Provider provider = registry.require(connection.type());
        try (ConfigRepository repo = repository();
             ProviderSession session = provider.connect(connection, secrets, timeout)) {
            List<Stack> stacks = stacksFor(connection);
            Drift drift = Drift.compute(connection.name(), provider, registry, stacks, session, progress);
            Drift.Mark mark = drift.managedMark(node);
            if (mark == null) {
                Resource r = observed(connection, node, session, progress);
                Change drop = new Change(Action.DROP, r.key(), Safety.DESTRUCTIVE, provider.renderer().drop(r, new dev.mlpc.core.plan.ObservedResource(r.key(), r.properties())), Set.of(),
                        "dropped from the console; in no stack");
                Plan plan = new Plan("(no stack)", provider.id(), List.of(drop), List.of(), false);
                return new DropPlan(connection, r.key(), plan, null, null, r.name());
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
            Stack without = new Stack(stack.name(), stack.description(), rest, stack.sourceFile());
            String yaml = StackWriter.toYaml(without);
            Stack parsed = reader.parse("stacks/" + stack.name() + ".yaml", yaml);
            Plan plan = planWith(session, provider, parsed, previous(stack.name(), repo), progress);
            List<String> others = otherDestruction(plan, r.key());
            if (!others.isEmpty()) {
                throw new ProviderException(label(node) + ": the plan of stack " + stack.name() + " without it would also "
                        + String.join(", ", others) + "; apply or fix that stack first, so that the drop allows nothing else");
            }
            return new DropPlan(connection, r.key(), plan, parsed, yaml, node.key().name());
        }
    }

    /**
     * Runs a reviewed drop plan, only when {@code typed} is the object's name (the console's form of
     * {@code --allow-destroy}); otherwise refuses and runs nothing. A managed object's stack is applied without it
     * and committed with its journal; an unmanaged object's drop runs alone (no stack to commit).
     */
    public ApplyOutcome applyDrop(DropPlan drop, String typed, Progress progress)
            throws ProviderException, StackException, AuditException {
        if (typed == null || !typed.equals(drop.confirm())) {
            java.time.Instant now = java.time.Instant.now();
            return new ApplyOutcome(drop.plan(), new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED,
                    "refused: dropping " + drop.key() + " was not allowed (type its name, " + drop.confirm()
                            + ", to allow it)"), null);
        }
        if (drop.stack() != null) {
            try (ConfigRepository repo = repository()) {
                Plan now = plan(drop.stack(), drop.connection(), repo, progress);
                if (!now.sha256().equals(drop.plan().sha256()) || !otherDestruction(now, drop.key()).isEmpty()) {
                    java.time.Instant t = java.time.Instant.now();
                    return new ApplyOutcome(now, new ApplyResult(t, t, List.of(), ApplyResult.Outcome.REFUSED,
                            "refused: the plan to drop " + drop.key() + " changed since it was reviewed; plan the drop again"), null);
                }
                return apply(drop.stack(), drop.stackYaml(), drop.connection(), repo, true,
                        "Drop " + drop.key() + " from stack " + drop.stack().name() + " (from the console)", progress);
            }
        }
        Provider provider = registry.require(drop.connection().type());
        try (ProviderSession session = provider.connect(drop.connection(), secrets, timeout)) {
            return new ApplyOutcome(drop.plan(), session.apply(drop.plan(), progress), null);
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
     *
     * @throws StackException the stack would not validate (each problem named)
     */
    public CommitInfo importResource(ConnectionProfile connection, LiveNode node, String stackName, Progress progress)
            throws ProviderException, StackException, AuditException {
        Provider provider = registry.require(connection.type());
        try (ConfigRepository repo = repository();
             ProviderSession session = provider.connect(connection, secrets, timeout)) {
            Resource r = observed(connection, node, session, progress);
            Optional<String> existing = repo.readStack(stackName);
            String yaml;
            if (existing.isPresent()) {
                Stack old = reader.parse("stacks/" + stackName + ".yaml", existing.get());
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
            Plan plan = planWith(session, provider, stack, previous(stackName, repo), progress);
            return commit(stack, yaml, plan, repo, "Import " + r.key() + " into stack " + stackName + " (from "
                    + connection.name() + ")", "no", null, null);
        }
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
    public ProviderSession openSession(ConnectionProfile profile) throws ProviderException {
        return registry.require(profile.type()).connect(profile, secrets, timeout);
    }
}
