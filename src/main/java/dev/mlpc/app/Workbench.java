package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
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
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.RegistryException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.util.SystemReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The services the CLI and the console both call: load and validate stacks, plan, apply, commit, verify.
 * Holds no UI state; every method may block on I/O, so the console calls it on its background executor.
 * <p>
 * A thin facade: planning is {@link Planner}, the apply path (gates, journal, audit commit) is {@link Applier}, writing
 * to the config repository is {@link Committer}, the model registry is {@link RegistryAccess} and the live-tree
 * actions (drift, show definition, drop, import) are {@link LiveActions}.
 */
public final class Workbench {
    /** Default timeout for connecting and for each remote call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final AppHome home;
    private final ProviderRegistry registry;
    private final Secrets secrets;
    private final ConnectionStore connections;
    private final StackReader reader;
    private final Duration timeout;
    private final Planner planner;
    private final Committer committer;
    private final Applier applier;
    private final RegistryAccess registryAccess;
    private final LiveActions live;
    private final Versions versions;
    private final LineageService lineage;

    public Workbench(AppHome home, ProviderRegistry registry, Map<String, String> env, Duration timeout) {
        this.home = home;
        this.registry = registry;
        this.secrets = new Secrets(env);
        this.connections = new ConnectionStore(home.connectionsFile(), registry);
        this.reader = new StackReader(registry);
        this.timeout = timeout;
        this.planner = new Planner(registry, secrets, reader, new Differ(registry), timeout);
        this.committer = new Committer(planner, reader, this::author);
        this.applier = new Applier(planner, committer, secrets, timeout, home.walDir(), this::lockWait);
        this.applier.signWith(this::signerOrNull);
        this.registryAccess = new RegistryAccess(secrets, timeout, this::author);
        this.live = new LiveActions(registry, secrets, timeout, reader, planner, committer, applier, this::repository);
        this.versions = new Versions(registry, reader, planner);
        this.lineage = new LineageService(this::repository, reader, connections,
                p -> registryAccess.openRegistry(p, null, dev.mlpc.registry.RegistryRules.DEFAULT_SCHEMA, 1),
                new LineageLive(live::openSession, live::drift));
        // a live plan's cross-system governance and drop impact read every registry's lineage (issue 15)
        // (and which connections reach one server, so their tables are one node as in the lineage map)
        this.planner.registryLinks(lineage::crossSystem);
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

    /** How long an apply waits for another apply on the same target: settings' {@code apply_lock_wait}. */
    private Duration lockWait() {
        try {
            return Duration.ofSeconds(settings().lockWaitSeconds());
        } catch (StackException e) {
            return Duration.ofSeconds(Settings.DEFAULT_LOCK_WAIT);
        }
    }

    /** {@link #signer()}, or null when settings cannot be read (then the commit itself reports them). */
    private dev.mlpc.core.audit.CommitSigner signerOrNull() {
        try {
            return signer();
        } catch (StackException e) {
            return null;
        }
    }

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

    /**
     * The provider of a stack's resources. An unknown provider id is an error, and so is a stack without resources
     * ("stack X has no resources; nothing to plan"): there is no default provider.
     */
    public Provider providerFor(Stack stack) throws ProviderException {
        return planner.providerFor(stack);
    }

    // ---- config repository --------------------------------------------------------------------------------------

    /** Where the config repository lives: settings, else {@code MLPC_HOME/config}. */
    public Path repositoryPath() throws StackException {
        String configured = settings().repository();
        return configured != null ? Path.of(configured) : home.defaultRepository();
    }

    /**
     * Opens the config repository, creating it on first use (first start needs nothing); its commits are signed as
     * settings' {@code signing:} says.
     */
    public ConfigRepository repository() throws StackException, AuditException {
        return withSigning(ConfigRepository.init(repositoryPath()));
    }

    /** Opens an existing config repository (e.g. {@code --repo DIR}); its commits are signed as settings say. */
    public ConfigRepository openRepository(java.nio.file.Path dir) throws StackException, AuditException {
        return withSigning(ConfigRepository.open(dir));
    }

    /**
     * The commit signer settings' {@code signing:} configures, or null: the key is found and unlocked on first use
     * (see {@link SettingsSigner}).
     */
    public dev.mlpc.core.audit.CommitSigner signer() throws StackException {
        Settings.Signing s = settings().signing();
        return s == null ? null : new SettingsSigner(s, secrets);
    }

    /**
     * Finds and unlocks the key {@code signing} names (resolving its passphrase reference) without committing anything;
     * returns what will sign, e.g. "OpenPGP key 0123… from /home/ada/key.asc".
     *
     * @throws AuditException naming the setting when the key cannot sign
     */
    public String checkSigning(Settings.Signing signing) throws AuditException {
        SettingsSigner s = new SettingsSigner(signing, secrets);
        s.ready();
        return s.describe();
    }

    /**
     * Which commits of {@code repo} {@code verify} requires to be signed: those whose policy in force (policy.yaml at
     * the commit's first parent, as {@code ChangeControl.policyAt} reads it) says {@code signatures: required}; a root
     * commit never is. Each distinct policy.yaml text is parsed once.
     */
    public SignatureAudit.Requirement signatureRequirement(ConfigRepository repo) {
        Map<String, Boolean> byText = new java.util.HashMap<>();
        return commitId -> {
            String parent = repo.firstParent(commitId);
            if (parent == null) return false;
            java.util.Optional<String> text = repo.readAt(parent, dev.mlpc.change.Policy.FILE);
            if (text.isEmpty()) return false;
            Boolean known = byText.get(text.get());
            if (known != null) return known;
            boolean required = dev.mlpc.change.Policy.parse(dev.mlpc.change.Policy.FILE + " at " + parent.substring(0, 7),
                    text.get()).signaturesRequired();
            byText.put(text.get(), required);
            return required;
        };
    }

    private ConfigRepository withSigning(ConfigRepository r) throws StackException {
        try {
            return r.signingWith(signer());
        } catch (StackException | RuntimeException e) {
            r.close();
            throw e;
        }
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

    /**
     * The plan for a stack against nothing (offline): every resource created from scratch, with the governance findings
     * of the rules at their defaults (no repository is read; {@link #plan} with a repository uses its governance.yaml).
     */
    public Plan offlinePlan(Stack stack) throws ProviderException {
        return planner.offlinePlan(stack);
    }

    /**
     * Plans a stack. Without a connection the plan assumes nothing exists. With a repository, the stack's previous
     * committed versions tell which resources it managed before (those removed since are dropped).
     */
    public Plan plan(Stack stack, ConnectionProfile connection, ConfigRepository repo, Progress progress)
            throws ProviderException, AuditException {
        return planner.plan(stack, connection, repo, progress);
    }

    /** Plans a stack for review in the console: offline without a connection, else against it with the repository's history. */
    public Plan planForReview(Stack stack, ConnectionProfile connection, Progress progress)
            throws ProviderException, AuditException, StackException {
        return planner.planForReview(stack, connection, this::repository, progress);
    }

    /**
     * {@link #plan(Stack, ConnectionProfile, ConfigRepository, Progress)}, refusing a stack bound to another connection
     * ({@code target:}) unless {@code forceTarget}: the message names both connections.
     */
    public Plan plan(Stack stack, ConnectionProfile connection, ConfigRepository repo, Progress progress, boolean forceTarget)
            throws ProviderException, AuditException {
        Applier.checkTarget(stack, connection, forceTarget, "plan");
        return planner.plan(stack, connection, repo, progress);
    }

    /**
     * The connection a command means: {@code name} when given, else the stack's target ({@code target:}); null when
     * neither names one.
     *
     * @throws StackException the connection is not in connections.yaml
     */
    public ConnectionProfile connectionFor(Stack stack, String name) throws StackException {
        if (name != null) return connections.require(name);
        return stack.hasTarget() ? connections.require(stack.target()) : null;
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
     * {@code allowDestroy}: then nothing runs at all. The stack, its generated files and a journal of what ran are
     * committed to {@code repo} (also after a failure: the journal says how far it got); a null {@code repo} is refused
     * before anything connects (an apply is never unrecorded).
     */
    public ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                              boolean allowDestroy, String message, Progress progress) throws ProviderException, AuditException {
        return applier.apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, null);
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
        return applier.apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, expectedPlanSha256);
    }

    /**
     * Like {@link #apply(Stack, String, ConnectionProfile, ConfigRepository, boolean, String, Progress, String)}; the
     * audit commit also carries {@code trailers} after its own (change control: {@code Target:}, {@code Reverts:} …),
     * also when it is recorded from the write-ahead journal after a crash.
     */
    public ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                              boolean allowDestroy, String message, Progress progress, String expectedPlanSha256,
                              Map<String, String> trailers) throws ProviderException, AuditException {
        return applier.apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, expectedPlanSha256,
                trailers);
    }

    /**
     * Like {@link #apply(Stack, String, ConnectionProfile, ConfigRepository, boolean, String, Progress, String, Map)};
     * with {@code forceTarget} a stack bound to another connection ({@code target:}) is applied to {@code connection}
     * anyway (otherwise that is refused before anything connects, naming both).
     */
    public ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                              boolean allowDestroy, String message, Progress progress, String expectedPlanSha256,
                              Map<String, String> trailers, boolean forceTarget) throws ProviderException, AuditException {
        return applier.apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, expectedPlanSha256,
                trailers, forceTarget);
    }

    // ---- change control: policy, proposals, approvals ----------------------------------------------------------

    /** The ids of the registered providers: what {@code policy.yaml} may name in a rule's {@code providers}. */
    public java.util.Set<String> providerIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        registry.providers().forEach(p -> ids.add(p.id()));
        return ids;
    }

    /** {@code policy.yaml} at the config repository's head: the policy in force for the next commit. */
    public dev.mlpc.change.Policy policy() throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.ChangeControl.policy(repo, providerIds());
        }
    }

    /** The policy in force for a commit: {@code policy.yaml} at its first parent. */
    public dev.mlpc.change.Policy policyAt(String commitId) throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.ChangeControl.policyAt(repo, commitId);
        }
    }

    /** The text of {@code policy.yaml} at the config repository's head, if there is one. */
    public java.util.Optional<String> policyYaml() throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return repo.readFile(dev.mlpc.change.Policy.FILE);
        }
    }

    /**
     * The proposals of the config repository, newest first, with their approvals, rejections and status (one walk
     * over the history); {@code openOnly}: those OPEN or APPROVED.
     */
    public List<dev.mlpc.change.Proposal> proposals(boolean openOnly) throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.Proposals.read(repo, openOnly);
        }
    }

    /**
     * Proposes a stack: plans it against {@code connection} (null: the stack's target) and commits the stack, its
     * generated files and that plan with {@code Applied: no}, {@code Approval: required (N)} (N: what the policy at head
     * asks for the plan, at least 1), {@code Target:} and {@code Target-Connection:}, then {@code trailers}. A plan
     * without changes is refused (nothing to approve).
     */
    public CommitInfo propose(Stack stack, String stackYaml, ConnectionProfile connection, String message,
                              Map<String, String> trailers, Progress progress) throws ProviderException, AuditException, StackException {
        return propose(stack, stackYaml, connection, message, trailers, progress, false);
    }

    /** {@link #propose(Stack, String, ConnectionProfile, String, Map, Progress)}; {@code forceTarget} as for apply. */
    public CommitInfo propose(Stack stack, String stackYaml, ConnectionProfile connection, String message,
                              Map<String, String> trailers, Progress progress, boolean forceTarget)
            throws ProviderException, AuditException, StackException {
        return proposeWithPlan(stack, stackYaml, connection, message, trailers, progress, forceTarget).commit();
    }

    /** A proposal commit and the plan it proposes. */
    public record Proposed(CommitInfo commit, Plan plan, int required) { }

    /** {@link #propose}, also returning the plan (the CLI prints it). */
    public Proposed proposeWithPlan(Stack stack, String stackYaml, ConnectionProfile connection, String message,
                                    Map<String, String> trailers, Progress progress, boolean forceTarget)
            throws ProviderException, AuditException, StackException {
        ConnectionProfile conn = connection != null ? connection : connectionFor(stack, null);
        if (conn == null) {
            throw new ProviderException("propose: stack " + stack.name() + " names no target connection (target:); give one (--connection NAME)");
        }
        Applier.checkTarget(stack, conn, forceTarget, "propose");
        try (ConfigRepository repo = repository()) {
            return proposeWithPlan(stack, stackYaml, conn, message, trailers, progress, true, repo);
        }
    }

    /** {@link #proposeWithPlan(Stack, String, ConnectionProfile, String, Map, Progress, boolean)} into {@code repo}. */
    public Proposed proposeWithPlan(Stack stack, String stackYaml, ConnectionProfile connection, String message,
                                    Map<String, String> trailers, Progress progress, boolean forceTarget, ConfigRepository repo)
            throws ProviderException, AuditException, StackException {
        ConnectionProfile conn = connection != null ? connection : connectionFor(stack, null);
        if (conn == null) {
            throw new ProviderException("propose: stack " + stack.name() + " names no target connection (target:); give one (--connection NAME)");
        }
        Applier.checkTarget(stack, conn, forceTarget, "propose");
        {
            Plan plan = planner.plan(stack, conn, repo, progress);
            if (!plan.hasChanges()) {
                throw new ProviderException("refused: the live system already matches stack " + stack.name()
                        + " on connection " + conn.name() + "; there is nothing to propose");
            }
            Provider provider = planner.providerFor(stack, plan.provider());
            int required = Math.max(1, dev.mlpc.change.ChangeControl.policyForApply(repo, providerIds())
                    .requiredApprovals(stack.name(), provider.id(), plan));
            Map<String, String> all = new java.util.LinkedHashMap<>();
            all.put(dev.mlpc.change.ChangeTrailers.APPROVAL, dev.mlpc.change.ChangeTrailers.approvalValue(required));
            all.put(dev.mlpc.change.ChangeTrailers.TARGET, provider.targetIdentity(conn));
            all.put(dev.mlpc.change.ChangeTrailers.TARGET_CONNECTION, conn.name());
            if (trailers != null) all.putAll(trailers);
            String msg = message == null || message.isBlank()
                    ? "Propose stack " + stack.name() + " (" + plan.summary().trailer() + ") on " + conn.name() : message;
            CommitInfo c = repo.commit(committer.prepare(stack, stackYaml, plan, msg, "no", null).withTrailers(all));
            return new Proposed(c, plan, required);
        }
    }

    /** Approves a proposal as the settings' author: refused for the proposer, twice, or a closed proposal. */
    public CommitInfo approve(String proposalRev, String message) throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.ChangeControl.approve(repo, proposalRev, message, author());
        }
    }

    /** Rejects a proposal as the settings' author, with a reason (required); a closed proposal is refused. */
    public CommitInfo reject(String proposalRev, String reason) throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.ChangeControl.reject(repo, proposalRev, reason, author());
        }
    }

    /**
     * Applies exactly a proposed stack: the stack file of the proposal commit, against {@code connection} (null: the
     * proposal's {@code Target-Connection}; another connection is refused), only while its live plan still has the
     * proposal's hash and the proposal is applicable. The apply's commit names the proposal ({@code Proposal:}).
     *
     * @throws AuditException the proposal is not applicable (rejected, applied, superseded, short of approvals) or is
     *                        a policy change ({@link #applyPolicyProposal})
     */
    public ApplyOutcome applyProposal(String proposalRev, ConnectionProfile connection, boolean allowDestroy,
                                      Progress progress) throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = repository()) {
            dev.mlpc.change.Proposal p = dev.mlpc.change.ChangeControl.find(repo, proposalRev);
            if (p.isPolicy()) {
                throw new AuditException("refused: " + p.shortId() + " proposes a change of policy.yaml; apply it with 'mlpc apply --proposal' (applyPolicyProposal)");
            }
            if (!p.applicable()) {
                throw new AuditException("refused: proposal " + p.shortId() + " of stack " + p.stack() + " is not applicable: "
                        + p.status().name().toLowerCase(java.util.Locale.ROOT) + " (" + p.why() + "); nothing was run");
            }
            if (p.stackYaml() == null) throw new AuditException("refused: proposal " + p.shortId() + " has no stack file");
            ConnectionProfile conn = connection;
            if (conn == null) {
                if (p.targetConnection() == null) {
                    throw new ProviderException("proposal " + p.shortId() + " names no connection (Target-Connection); give one");
                }
                conn = connections.require(p.targetConnection());
            } else if (p.targetConnection() != null && !p.targetConnection().equals(conn.name())) {
                throw new ProviderException("refused: proposal " + p.shortId() + " was planned and approved against connection "
                        + p.targetConnection() + ", not " + conn.name() + "; nothing was run");
            }
            Stack stack = reader.parse("stacks/" + p.stack() + ".yaml", p.stackYaml());
            String msg = "Apply proposal " + p.shortId() + " of stack " + p.stack();
            return applier.apply(stack, p.stackYaml(), conn, repo, allowDestroy, msg, progress, p.planSha256(),
                    Map.of(dev.mlpc.change.ChangeTrailers.PROPOSAL, p.commitId()), true);
        }
    }

    /** Commits an approved proposed {@code policy.yaml} as the policy ({@code Config: policy.yaml}, {@code Proposal:}). */
    public CommitInfo applyPolicyProposal(String proposalRev, String message) throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.change.ChangeControl.applyPolicy(repo, dev.mlpc.change.ChangeControl.find(repo, proposalRev), message, author());
        }
    }

    /** What {@link #setPolicy} did: committed the policy, or proposed it (approvals needed first). */
    public record PolicyChange(CommitInfo commit, boolean proposed, int required) { }

    /**
     * Validates {@code yaml} as {@code policy.yaml} and changes the policy: committed at once ({@code Config:
     * policy.yaml}) when the policy in force asks no approval for a policy change, else proposed
     * ({@code Record: policy-proposal}) with the approvals it asks ({@link dev.mlpc.change.Policy#policyChangeApprovals}).
     *
     * @throws StackException every problem of the file, by line and column; nothing is written
     */
    public PolicyChange setPolicy(String yaml, String message) throws StackException, AuditException {
        dev.mlpc.change.Policy.parse(dev.mlpc.change.Policy.FILE, yaml, providerIds());
        try (ConfigRepository repo = repository()) {
            int need;
            try {
                need = dev.mlpc.change.ChangeControl.policy(repo).policyChangeApprovals();
            } catch (StackException e) {
                need = 0; // an unreadable policy asks nothing: its fix is not held to it
            }
            if (need == 0) {
                String m = message == null || message.isBlank() ? "Set " + dev.mlpc.change.Policy.FILE : message;
                return new PolicyChange(repo.commitFile(dev.mlpc.change.Policy.FILE, yaml, m, author()), false, 0);
            }
            return new PolicyChange(dev.mlpc.change.ChangeControl.proposePolicy(repo, yaml, message, need, author()), true, need);
        }
    }

    /** The policy changes of the history made without the approvals the policy before them required (verify). */
    public List<String> policyProblems(ConfigRepository repo) throws AuditException {
        return dev.mlpc.change.ChangeControl.policyProblems(repo);
    }

    /**
     * An apply an earlier process left unrecorded, now committed from its write-ahead journal (see
     * {@link #recoverInterrupted}).
     *
     * @param commit  the commit made now, or null when it was already recorded or the commit failed
     * @param applied its {@code Applied:} trailer, e.g. {@code interrupted (1/3 statements unknown)}
     * @param unknown the statements sent to the system whose outcome is unknown ({@code action type name: statement})
     * @param problem why it could not be recorded now (it is kept for the next start), or null
     */
    public record RecoveredApply(String runId, String stack, CommitInfo commit, String applied, List<String> unknown,
                                 String problem) {
        public RecoveredApply {
            unknown = unknown == null ? List.of() : List.copyOf(unknown);
        }

        /** One line for the CLI's stderr and the console's banner. */
        public String describe() {
            if (problem != null) return problem;
            String what = "recorded an interrupted apply of stack " + stack + " (run " + runId + ")"
                    + (commit == null ? " (already committed)" : " as commit " + commit.shortId()) + ": Applied: " + applied;
            return unknown.isEmpty() ? what : what + "; outcome unknown for " + String.join("; ", unknown);
        }
    }

    /**
     * Commits what applies of earlier processes left in their write-ahead journals ({@code MLPC_HOME/journal-wal}):
     * called at every start of the CLI and the console, so nothing run against a live system stays unrecorded.
     */
    public List<RecoveredApply> recoverInterrupted() {
        return applier.recoverInterrupted();
    }

    // ---- versions: compare, rollback -----------------------------------------------------------------------------

    /**
     * The difference of a stack between two commits (any revisions git resolves: full or short id, {@code HEAD~2}, a
     * tag): resources added, removed and changed ({@link dev.mlpc.core.plan.StackDiff}, with the providers' types) and
     * the unified diff of its generated files. A stack absent at one of them is a valid difference (everything added
     * or removed); absent at both, an unknown revision or an invalid stack name is an error naming it.
     */
    public VersionDiff compareVersions(String stack, String fromRev, String toRev, ConfigRepository repo)
            throws AuditException, StackException {
        return versions.compare(stack, fromRev, toRev, repo);
    }

    /**
     * The connection a rollback of {@code stack} to {@code rev} uses by default: the target ({@code target:}) of the
     * stack as it was there, else of the stack at the head; null when neither names one. An unknown revision or a
     * stack absent there is an error.
     */
    public String rollbackConnection(String stack, String rev, ConfigRepository repo) throws AuditException, StackException {
        return versions.defaultConnection(stack, rev, repo);
    }

    /**
     * Plans a rollback: the stack as it was at {@code rev}, against the live system of {@code connection}, with the
     * stack's history telling what it manages (resources later versions added are dropped, destructive as always).
     * Nothing runs.
     */
    public RollbackPlan planRollback(String stack, String rev, ConnectionProfile connection, ConfigRepository repo,
                                     Progress progress) throws AuditException, StackException, ProviderException {
        return versions.plan(stack, rev, connection, repo, progress);
    }

    /**
     * How many approvals by others the rollback's plan needs under {@code policy.yaml} at the head (0: none; it can be
     * applied at once). When it needs some, the rollback is a proposal ({@link #proposeRollback}).
     */
    public int rollbackApprovals(RollbackPlan rollback, ConfigRepository repo) throws AuditException {
        return dev.mlpc.change.ChangeControl.policyForApply(repo).requiredApprovals(rollback.stack().name(),
                rollback.plan().provider(), rollback.plan());
    }

    /**
     * Proposes a rollback under a policy that requires approval: the stack as it was at the restored commit, committed
     * with its live plan as a proposal ({@code Applied: no}, {@code Approval: required (N)}) carrying
     * {@code Reverts: <full id>}; approved and applied like any proposal.
     */
    public Proposed proposeRollback(RollbackPlan rollback, ConfigRepository repo, String message, Progress progress)
            throws ProviderException, AuditException, StackException {
        return proposeRollback(rollback, repo, message, progress, false);
    }

    /** As above; {@code forceTarget} allows a connection other than the stack's {@code target:} (as plan/apply). */
    public Proposed proposeRollback(RollbackPlan rollback, ConfigRepository repo, String message, Progress progress,
                                    boolean forceTarget) throws ProviderException, AuditException, StackException {
        String msg = message == null || message.isBlank() ? rollback.defaultMessage() : message;
        return proposeWithPlan(rollback.stack(), rollback.stackYaml(), rollback.connection(), msg, rollback.trailers(),
                progress, forceTarget, repo);
    }

    /**
     * Refuses a rollback onto a connection other than the restored stack's {@code target:} unless {@code forceTarget}
     * (the refusal plan and apply give, suggesting {@code --force-target}); run before the plan is shown.
     */
    public void checkRollbackTarget(RollbackPlan rollback, boolean forceTarget) throws ProviderException {
        Applier.checkTarget(rollback.stack(), rollback.connection(), forceTarget, "roll back");
    }

    /**
     * Applies a reviewed rollback: exactly its plan (the live plan must still have its SHA-256, else nothing runs),
     * destructive changes only with {@code allowDestroy}, committed with the trailer {@code Reverts: <full id>}
     * ({@link RollbackPlan#trailers()}); {@code message} null or blank takes {@link RollbackPlan#defaultMessage()}.
     */
    public ApplyOutcome applyRollback(RollbackPlan rollback, ConfigRepository repo, boolean allowDestroy, String message,
                                      Progress progress) throws ProviderException, AuditException {
        return applyRollback(rollback, repo, allowDestroy, message, progress, false);
    }

    /** As above; {@code forceTarget} allows a connection other than the stack's {@code target:} (as plan/apply). */
    public ApplyOutcome applyRollback(RollbackPlan rollback, ConfigRepository repo, boolean allowDestroy, String message,
                                      Progress progress, boolean forceTarget) throws ProviderException, AuditException {
        String msg = message == null || message.isBlank() ? rollback.defaultMessage() : message;
        return applier.apply(rollback.stack(), rollback.stackYaml(), rollback.connection(), repo, allowDestroy, msg,
                progress, rollback.plan().sha256(), rollback.trailers(), forceTarget);
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
        return applier.commitThenApply(this::repository, stack, stackYaml, reviewed, connection, apply, allowDestroy,
                message, progress, onCommitted);
    }

    /** The journal of one apply: each statement in display form (no secrets), its outcome and duration. */
    public static String journalJson(Stack stack, Plan plan, ConnectionProfile connection, ApplyResult result) {
        return Applier.journalJson(stack, plan, connection, result);
    }

    // ---- commit -------------------------------------------------------------------------------------------------

    /** The generated files of a stack besides the plan: {@code generated/<provider>/<stack>.<ext>}. */
    public Map<String, String> generatedFiles(Stack stack) throws ProviderException {
        return committer.generatedFiles(stack);
    }

    /** Commits the stack, its generated files, the plan JSON and optionally a journal, with the audit trailers. */
    public CommitInfo commit(Stack stack, String stackYaml, Plan plan, ConfigRepository repo, String message,
                             String applied, String journalPath, String journalJson) throws ProviderException, AuditException {
        return committer.commit(stack, stackYaml, plan, repo, message, applied, journalPath, journalJson);
    }

    /** What {@code verify} re-renders a committed stack to: its generated files (the plan JSON is checked by hash). */
    public Map<String, String> regenerate(String stackName, String stackYaml) throws StackException, ProviderException {
        return committer.regenerate(stackName, stackYaml);
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

    // ---- governance ---------------------------------------------------------------------------------------------

    /**
     * The governance rules as {@code governance.yaml} at the config repository's head configures them (every rule with
     * its defaults when the file is absent).
     *
     * @throws AuditException the file is invalid (each problem as {@code governance.yaml:line:col: field: reason})
     */
    public dev.mlpc.governance.GovernanceConfig governance() throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return planner.governance(repo);
        }
    }

    /** The text of {@code governance.yaml} at the config repository's head, if there is one. */
    public java.util.Optional<String> governanceYaml() throws StackException, AuditException {
        try (ConfigRepository repo = repository()) {
            return repo.readFile(dev.mlpc.governance.Governance.FILE);
        }
    }

    /**
     * Validates {@code yaml} as {@code governance.yaml} and commits it to the config repository (an audited commit
     * with the trailer {@code Config: governance.yaml}); nothing is written when it has a problem.
     *
     * @throws dev.mlpc.governance.GovernanceException every problem of the file, by line and column
     */
    public CommitInfo commitGovernance(String yaml, String message)
            throws StackException, AuditException, dev.mlpc.governance.GovernanceException {
        try (ConfigRepository repo = repository()) {
            return dev.mlpc.governance.Governance.standard().commit(repo, yaml, message, author());
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
        return registryAccess.openRegistry(profile, database, schema, poolSize);
    }

    /** Where the registry browser opens (settings' {@code registry_browser}), or null: none remembered, or settings unreadable. */
    public Settings.RegistryPlace rememberedRegistry() {
        try {
            return settings().registryBrowser();
        } catch (StackException e) {
            return null;
        }
    }

    /**
     * Remembers in settings where the registry browser opens (it opened a registry there, or a wizard installed one
     * there). Settings that cannot be read are left as they are: returns false then.
     */
    public synchronized boolean rememberRegistry(Settings.RegistryPlace place) throws IOException {
        Settings s;
        try {
            s = settings();
        } catch (StackException e) {
            return false;
        }
        if (!java.util.Objects.equals(s.registryBrowser(), place)) saveSettings(s.withRegistryBrowser(place));
        return true;
    }

    /** The database a PostgreSQL profile's URL names, or "" when it names none or does not parse. */
    public static String profileDatabase(ConnectionProfile profile) {
        return RegistryAccess.profileDatabase(profile);
    }

    /** Where a PostgreSQL table is in a live tree of its connection. */
    public static String tablePath(String database, String schema, String table) {
        return RegistryAccess.tablePath(database, schema, table);
    }

    // ---- lineage ----------------------------------------------------------------------------------------------------

    /**
     * The lineage graph across systems: the stacks at the config repository's head, the model registry of every
     * PostgreSQL connection holding one (one bulk read each) and, with {@code live}, the live inventories of the
     * connections the stacks are bound to (drift marks and unmanaged objects). Sources that cannot be read are left out
     * ({@link #lineage} says which; a {@code progress} that is also a {@link LineageService.Notes} is told them).
     */
    public dev.mlpc.lineage.LineageGraph lineageGraph(boolean live, Progress progress) throws StackException, AuditException {
        LineageService.Result r = lineage(live, progress);
        if (progress instanceof LineageService.Notes notes) notes.notRead(r.warnings());
        return r.graph();
    }

    /** {@link #lineageGraph} with the warnings of the sources that could not be read. */
    public LineageService.Result lineage(boolean live, Progress progress) throws StackException, AuditException {
        return lineage(null, live, progress);
    }

    /**
     * {@link #lineage(boolean, Progress)} over the config repository in {@code repoDir} (must exist), or with
     * {@code null} the home one only if it exists (lineage never creates it): without one, a warning names where it
     * looked and the graph holds the model registries only.
     */
    public LineageService.Result lineage(Path repoDir, boolean live, Progress progress) throws StackException, AuditException {
        Progress p = progress == null ? Progress.NONE : progress;
        if (repoDir != null) return lineage.build(() -> openRepository(repoDir), repoDir.toString(), live, p);
        Path home = repositoryPath();
        return lineage.build(() -> java.nio.file.Files.isDirectory(home.resolve(".git")) ? openRepository(home) : null,
                home.toString(), live, p);
    }

    /**
     * The governance of the whole estate ({@code mlpc govern}): every enabled rule of {@code governance.yaml} at head,
     * the per-stack rules over every stack at head and the cross-system rules over {@link #lineage}'s graph (with
     * {@code live}, the live inventories too); sources that could not be read are named in the report.
     *
     * @throws AuditException {@code governance.yaml} is invalid (each problem by line and column)
     */
    public dev.mlpc.governance.EstateReport govern(boolean live, Progress progress) throws StackException, AuditException {
        dev.mlpc.governance.GovernanceConfig config = governance();
        LineageService.Result r = lineage(live, progress == null ? Progress.NONE : progress);
        List<String> unread = new java.util.ArrayList<>(r.warnings());
        List<Stack> stacks = lineage.stacksAtHead(new java.util.ArrayList<>());
        List<dev.mlpc.governance.Finding> findings = dev.mlpc.governance.Governance.standard()
                .evaluate(new dev.mlpc.governance.Estate(stacks, r.graph()), config);
        return new dev.mlpc.governance.EstateReport(findings, unread, stacks.size(), r.graph().nodes().size());
    }

    /**
     * {@code mlpc govern}: {@link #govern(boolean, Progress)} over the config repository in {@code repoDir} (must
     * exist), or with {@code null} the home one, which must exist too: a read-only command never creates it (as
     * {@link #lineage(Path, boolean, Progress)}), and without one there is no estate to judge.
     *
     * @throws AuditException no config repository there (naming where it looked), or {@code governance.yaml} is invalid
     */
    public dev.mlpc.governance.EstateReport govern(Path repoDir, boolean live, Progress progress)
            throws StackException, AuditException {
        Path dir = repoDir != null ? repoDir : repositoryPath();
        if (repoDir == null && !java.nio.file.Files.isDirectory(dir.resolve(".git"))) {
            throw new AuditException("no config repository at " + dir + ": no stacks to govern (give --repo DIR, or commit a stack to"
                    + " create it)");
        }
        dev.mlpc.governance.GovernanceConfig config;
        try (ConfigRepository repo = openRepository(dir)) {
            config = planner.governance(repo);
        }
        Progress p = progress == null ? Progress.NONE : progress;
        LineageService.Result r = lineage.build(() -> openRepository(dir), dir.toString(), live, p);
        List<String> unread = new java.util.ArrayList<>(r.warnings());
        List<Stack> stacks = lineage.stacksAtHead(() -> openRepository(dir), dir.toString(), new java.util.ArrayList<>());
        List<dev.mlpc.governance.Finding> findings = dev.mlpc.governance.Governance.standard()
                .evaluate(new dev.mlpc.governance.Estate(stacks, r.graph()), config);
        return new dev.mlpc.governance.EstateReport(findings, unread, stacks.size(), r.graph().nodes().size());
    }

    /**
     * {@link #govern(boolean, Progress)} over another repository (the audit export's): its {@code governance.yaml},
     * its stacks at head and the registries' lineage (no live read).
     */
    public dev.mlpc.governance.EstateReport govern(ConfigRepository repo, Progress progress) throws AuditException {
        dev.mlpc.governance.GovernanceConfig config = planner.governance(repo);
        List<Stack> stacks = planner.otherStacks(new Stack("", "", List.of(), ""), repo);
        List<String> unread = new java.util.ArrayList<>();
        dev.mlpc.lineage.LineageGraph graph = planner.registryLinks()
                .read(unread, progress == null ? Progress.NONE : progress).graph(stacks);
        List<dev.mlpc.governance.Finding> findings = dev.mlpc.governance.Governance.standard()
                .evaluate(new dev.mlpc.governance.Estate(stacks, graph), config);
        return new dev.mlpc.governance.EstateReport(findings, unread, stacks.size(), graph.nodes().size());
    }

    // ---- live trees: drift, definition, drop, import ---------------------------------------------------------------

    /**
     * The stacks of the config repository that a connection's drift marks compare, at the repository's head: those of
     * its provider bound to this connection ({@code target: <its name>}) and those of its provider bound to none; a
     * stack bound to another connection is left out. A stack that no longer parses is skipped.
     */
    public List<Stack> stacksFor(ConnectionProfile connection) throws StackException, AuditException {
        return live.stacksFor(connection);
    }

    /** Drift of a connection's live objects against its stacks: one bulk read on {@code session}. */
    public Drift drift(ConnectionProfile connection, ProviderSession session, Progress progress)
            throws ProviderException, StackException, AuditException {
        return live.drift(connection, session, progress);
    }

    /**
     * Why a live node cannot be written as a stack resource (Show definition, drop, import), or null when it can: it
     * must be a stack resource kind that the provider reads live, with a name a stack can spell.
     */
    public String notAResource(ConnectionProfile connection, LiveNode node) {
        return live.notAResource(connection, node);
    }

    /**
     * The live object of a node as a stack resource: every property the provider observes and the type declares,
     * read in one bulk read on {@code session}.
     *
     * @throws ProviderException naming the object and why (not a resource, gone from the system, unreadable)
     */
    public Resource observed(ConnectionProfile connection, LiveNode node, ProviderSession session, Progress progress)
            throws ProviderException {
        return live.observed(connection, node, session, progress);
    }

    /**
     * The definition that would create the node's object as it is live: its observed properties rendered by the
     * provider ({@link Provider#definition}): CREATE statements for SQL systems, request documents for API systems.
     */
    public String showDefinition(ConnectionProfile connection, LiveNode node, Progress progress) throws ProviderException {
        return live.showDefinition(connection, node, progress);
    }

    /**
     * A plan that drops exactly one live object, for review before {@link #applyDrop}.
     *
     * @param stack     for a managed object, its stack without it (the plan is that stack's plan); null when unmanaged
     * @param stackYaml that stack as YAML (what an apply commits), or null
     * @param confirm   what the user must type to allow the drop: the object's name
     * @param probe     for an unmanaged object, the resource its re-read before the apply asks for; else null
     * @param context   the parents that re-read needs ({@link dev.mlpc.core.provider.Provider#liveContext}); empty
     */
    public record DropPlan(ConnectionProfile connection, ResourceKey key, Plan plan, Stack stack, String stackYaml,
                           String confirm, Resource probe, List<Resource> context) {
        public DropPlan {
            context = context == null ? List.of() : List.copyOf(context);
        }

        public DropPlan(ConnectionProfile connection, ResourceKey key, Plan plan, Stack stack, String stackYaml, String confirm) {
            this(connection, key, plan, stack, stackYaml, confirm, null, List.of());
        }
    }

    /**
     * Plans dropping the object of a live node. A managed object is dropped by planning its stack without it (so the
     * audit trail records the stack that no longer has it); a stack resource that holds other resources of its stack
     * is refused. An unmanaged object gets a plan of one drop.
     */
    public DropPlan planDrop(ConnectionProfile connection, LiveNode node, Progress progress)
            throws ProviderException, StackException, AuditException {
        return live.planDrop(connection, node, progress);
    }

    /**
     * Runs a reviewed drop plan, only when {@code typed} is the object's name (the console's form of
     * {@code --allow-destroy}); otherwise refuses and runs nothing. A managed object's stack is applied without it
     * and committed with its journal; an unmanaged object's drop runs alone (no stack to commit).
     */
    public ApplyOutcome applyDrop(DropPlan drop, String typed, Progress progress)
            throws ProviderException, StackException, AuditException {
        return live.applyDrop(drop, typed, progress);
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
        return live.importResource(connection, node, stackName, progress);
    }

    /** Opens a session for a live tree; the caller closes it. */
    public ProviderSession openSession(ConnectionProfile profile) throws ProviderException {
        return live.openSession(profile);
    }

    /**
     * The live actions a node offers ({@link dev.mlpc.core.provider.NodeAction}: Data Share's Synchronize now, …) on
     * the session that listed it; no round trip. A provider failing to list them offers none.
     */
    public List<dev.mlpc.core.provider.NodeAction> nodeActions(ProviderSession session, LiveNode node) {
        return LiveActions.nodeActions(session, node);
    }

    /** An action's menu text without its mnemonic underscore. */
    public static String actionLabel(dev.mlpc.core.provider.NodeAction action) {
        return LiveActions.plainLabel(action);
    }

    /**
     * Runs one of a live node's actions on a session of its own and waits for its outcome (progress, cancel). The
     * action must be one the node offers, {@code choice} one of its choices (null when none), and a destructive one
     * runs only when {@code confirmed}; otherwise nothing runs and the exception names the node and the reason.
     *
     * @throws dev.mlpc.core.provider.CancelledException cancelled while waiting; the message says what keeps running
     */
    public dev.mlpc.core.provider.NodeAction.Outcome runNodeAction(ConnectionProfile connection, LiveNode node,
                                                                   String actionId, String choice, boolean confirmed,
                                                                   Progress progress) throws ProviderException {
        return live.runNodeAction(connection, node, actionId, choice, confirmed, progress);
    }
}
