package dev.mlpc.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.app.Workbench.ApplyOutcome;
import dev.mlpc.app.Workbench.ReviewedOutcome;
import dev.mlpc.change.ChangeControl;
import dev.mlpc.change.ChangeTrailers;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.SecretScanner;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.provider.TargetLock;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one apply path of the CLI and the console: plan against the live system on the session that then runs it, the
 * reviewed-hash gate, the destruction gate, the secrets pre-check, the run, its journal and the audit commit.
 */
final class Applier {
    private final Planner planner;
    private final Committer committer;
    private final Secrets secrets;
    private final Duration timeout;
    private final Path walDir;
    private final java.util.function.Supplier<Duration> lockWait;

    /**
     * @param walDir   where write-ahead journals go ({@code MLPC_HOME/journal-wal})
     * @param lockWait how long an apply waits for another apply on the same target (settings' {@code apply_lock_wait})
     */
    Applier(Planner planner, Committer committer, Secrets secrets, Duration timeout, Path walDir,
            java.util.function.Supplier<Duration> lockWait) {
        this.lockWait = lockWait;
        this.planner = planner;
        this.committer = committer;
        this.secrets = secrets;
        this.timeout = timeout;
        this.walDir = walDir;
    }

    private java.util.function.Supplier<dev.mlpc.core.audit.CommitSigner> signer = () -> null;

    /** What signs the commits of recovered applies (settings' {@code signing:}); by default none. */
    void signWith(java.util.function.Supplier<dev.mlpc.core.audit.CommitSigner> s) {
        this.signer = s;
    }

    /**
     * Plans against the live system and applies. When {@code expectedPlanSha256} is given and the live plan has another
     * SHA-256, nothing runs ({@code REFUSED}, the live plan in the outcome). Destructive changes (drop, revoke, replace)
     * are refused unless {@code allowDestroy}: then nothing runs at all. The stack, its generated files and a journal
     * of what ran are committed (also after a failure: the journal says how far it got); without a repository
     * ({@code repo == null}) the apply is refused before anything connects.
     */
    ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                       boolean allowDestroy, String message, Progress progress, String expectedPlanSha256)
            throws ProviderException, AuditException {
        return apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, expectedPlanSha256, Map.of());
    }

    /** As above; the audit commit also carries {@code trailers} (see {@code StackCommit.trailers}). */
    ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                       boolean allowDestroy, String message, Progress progress, String expectedPlanSha256,
                       Map<String, String> trailers) throws ProviderException, AuditException {
        return apply(stack, stackYaml, connection, repo, allowDestroy, message, progress, expectedPlanSha256, trailers, false);
    }

    /**
     * As above. A stack bound to a connection ({@code target:}) is refused on any other connection unless
     * {@code forceTarget}. The audit commit carries {@code Target:} and {@code Target-Connection:} (then
     * {@code trailers}); under {@code policy.yaml} the approval gate ({@link ChangeControl#gate}) runs after the plan:
     * a plan needing approval runs only as an approved proposal's plan, and its commit names it ({@code Proposal:}).
     * A {@code Proposal:} among {@code trailers} applies that proposal only.
     */
    ApplyOutcome apply(Stack stack, String stackYaml, ConnectionProfile connection, ConfigRepository repo,
                       boolean allowDestroy, String message, Progress progress, String expectedPlanSha256,
                       Map<String, String> trailers, boolean forceTarget) throws ProviderException, AuditException {
        // Every user path gives a repository (CLI: --repo or the home one, BaseCommand.repository; console:
        // RepositorySource.open); an apply without one would run with no write-ahead journal and no record.
        if (repo == null) {
            throw new ProviderException("refused: applying stack " + stack.name() + " needs the config repository that"
                    + " records it (write-ahead journal, journal, audit commit); none was given; nothing was run");
        }
        // a commit that could not be signed would leave the apply unrecorded: the key is checked before anything runs
        repo.checkSigning();
        Stack previous = planner.previous(stack.name(), repo);
        Provider provider = planner.providerFor(stack, previous);
        Planner.checkConnectionType(stack, provider, connection);
        checkTarget(stack, connection, forceTarget, "apply");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(ChangeTrailers.TARGET, provider.targetIdentity(connection));
        extra.put(ChangeTrailers.TARGET_CONNECTION, connection.name());
        if (trailers != null) extra.putAll(trailers);
        trailers = extra;
        String runId = newRunId();
        try (TargetLock lock = lockTarget(provider, connection, repo, stack, runId, progress);
             ProviderSession session = provider.connect(connection, secrets, timeout, Planner.label(stack, repo).withRun(runId))) {
            Plan plan = planner.planWith(session, provider, stack, previous, repo, progress);
            if (expectedPlanSha256 != null && !expectedPlanSha256.equalsIgnoreCase(plan.sha256())) {
                return refused(plan, "refused: the live plan (" + plan.summary().trailer() + ", sha256 " + plan.sha256().substring(0, 12)
                        + ") is not the reviewed plan (sha256 " + expectedPlanSha256.substring(0, Math.min(12, expectedPlanSha256.length()))
                        + "); the live system or the stack changed since the review. Nothing was run; plan again.");
            }
            List<dev.mlpc.core.plan.PlanWarning> blocking = dev.mlpc.governance.Governance.blocking(plan);
            if (!blocking.isEmpty()) {
                java.util.Set<String> ruleIds = new java.util.HashSet<>();
                dev.mlpc.governance.Governance.standard().rules().forEach(r -> ruleIds.add(r.id()));
                boolean governance = blocking.stream().anyMatch(w -> ruleIds.contains(w.rule()));
                StringBuilder why = new StringBuilder(governance
                        ? "refused: governance rules with severity error (" + dev.mlpc.governance.Governance.FILE + ") block this apply; nothing was run:"
                        : "refused: the plan has errors that block this apply; nothing was run:");
                blocking.forEach(w -> why.append("\n  ").append(w.rule()).append(": ").append(w.type()).append(' ')
                        .append(w.name()).append(": ").append(w.message()));
                return refused(plan, why.toString());
            }
            if (!allowDestroy && !plan.destructive().isEmpty()) {
                StringBuilder why = new StringBuilder("refused: the plan has destructive changes and destruction was not allowed (--allow-destroy):");
                plan.destructive().forEach(c -> why.append("\n  ").append(c.action().json()).append(' ')
                        .append(c.type()).append(' ').append(c.name()));
                return refused(plan, why.toString());
            }
            String proposalId = trailers.get(ChangeTrailers.PROPOSAL);
            ChangeControl.policyForApply(repo, planner.providerIds()); // a misspelt provider id refuses, not switches a rule off
            ChangeControl.Gate gate = ChangeControl.gate(repo, stack.name(), provider.id(), plan, proposalId,
                    connection.name(), provider.targetIdentity(connection));
            if (!gate.allowed()) return refused(plan, gate.refusal());
            if (gate.proposal() != null && proposalId == null) {
                Map<String, String> withProposal = new LinkedHashMap<>(trailers);
                withProposal.put(ChangeTrailers.PROPOSAL, gate.proposal().commitId());
                trailers = withProposal;
            }
            if (!plan.hasChanges()) {
                Instant now = Instant.now();
                ApplyResult nothing = new ApplyResult(now, now, List.of(), ApplyResult.Outcome.SUCCEEDED, null);
                CommitInfo commit = null;
                if (!repo.readStack(stack.name()).map(stackYaml::equals).orElse(false)) {
                    // Applied: yes always comes with its journal (verify checks it), even with no statement to run
                    commit = repo.commit(committer.prepare(stack, stackYaml, plan, message, "yes", runId)
                            .withTrailers(trailers).withOutcome("yes", journalPath(stack, plan, nothing), journalJson(stack, plan, connection, nothing, runId)));
                }
                return new ApplyOutcome(plan, nothing, commit);
            }
            refuseSecrets(stack, stackYaml, plan, message);
            StackCommit record = committer.prepare(stack, stackYaml, plan, message, "yes", runId).withTrailers(trailers);
            Instant started = Instant.now();
            String path = journalPath(stack, plan, started);
            WriteAheadJournal wal;
            try {
                wal = WriteAheadJournal.begin(walDir, runId, repo.directory(), record, path,
                        journalHead(stack, plan, connection, started, runId), plan);
            } catch (IOException | RuntimeException e) {
                return refused(plan, "refused: cannot write the write-ahead journal in " + walDir + " (" + e.getMessage()
                        + "); nothing was run, because an apply that could be cut short must be recorded first");
            }
            try {
                ApplyResult result = session.apply(plan, wal.recording(progress));
                result = new ApplyResult(started, result.finished(), result.executed(), result.outcome(), result.failure());
                String journal = journalJson(stack, plan, connection, result, runId);
                try {
                    wal.result(journal, result.trailer());
                } catch (IOException e) {
                    // the intents are on disk; the commit below records the outcome itself
                }
                try {
                    CommitInfo commit = repo.commit(record.withOutcome(result.trailer(), path, journal));
                    wal.discard();
                    return new ApplyOutcome(plan, result, commit);
                } catch (AuditException e) {
                    return new ApplyOutcome(plan, result, null, "the apply ran but its audit commit failed: " + e.getMessage()
                            + " (kept in " + wal.file() + "; the next start commits it)");
                }
            } finally {
                wal.close();
            }
        }
    }

    /**
     * Refuses a stack bound to a connection ({@code target:}) on another connection, naming both, unless
     * {@code force}.
     */
    static void checkTarget(Stack stack, ConnectionProfile connection, boolean force, String verb) throws ProviderException {
        if (force || connection == null || !stack.hasTarget() || stack.target().equals(connection.name())) return;
        throw new ProviderException("refused: stack " + stack.name() + " is bound to connection " + stack.target()
                + " (target: " + stack.target() + "), not " + connection.name() + "; nothing was run. " + verb.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                + verb.substring(1) + " it with connection " + stack.target() + ", or force connection " + connection.name()
                + " (--force-target).");
    }

    /**
     * The apply lock of the connection's target, for the whole apply: the provider's own (PostgreSQL: an advisory lock
     * on the server), else a lock file in the config repository ({@code .git/mlpc/locks}; without a repository in
     * {@code MLPC_HOME/locks}) named after the provider and where the connection points. Waits up to the settings'
     * {@code apply_lock_wait}, then refuses naming the holder.
     */
    private TargetLock lockTarget(Provider provider, ConnectionProfile connection, ConfigRepository repo, Stack stack,
                                  String runId, Progress progress) throws ProviderException {
        return lockTarget(provider, connection, repo, stack.name(), runId, progress);
    }

    private TargetLock lockTarget(Provider provider, ConnectionProfile connection, ConfigRepository repo, String stack,
                                  String runId, Progress progress) throws ProviderException {
        TargetLock.Request request = new TargetLock.Request(TargetLockFile.Owner.current(), stack, runId,
                lockWait.get(), progress);
        TargetLock own = provider.lockTarget(connection, secrets, timeout, request);
        if (own != null) return own;
        String where = provider.describe().where(connection.settings());
        String target = provider.id() + ":" + (where == null || where.isBlank() ? connection.name() : where);
        Path dir = repo != null ? repo.lockDirectory() : walDir.resolveSibling("locks");
        return TargetLockFile.acquire(dir, target, request);
    }

    /** A new run id: the UTC start time to the millisecond and 32 random bits, e.g. {@code 20261203T134501123Z-9f3a61c2}. */
    static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
    }

    private static String journalPath(Stack stack, Plan plan, ApplyResult result) {
        return journalPath(stack, plan, result.started());
    }

    private static String journalPath(Stack stack, Plan plan, Instant started) {
        return "journal/" + stack.name() + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(ZoneOffset.UTC).format(started) + "-" + plan.sha256().substring(0, 8) + ".json";
    }

    /**
     * Commits every write-ahead journal an earlier process left behind (killed, crashed, or its audit commit failed):
     * an apply that finished is committed with its own journal; one that did not, with {@code Applied: interrupted
     * (n/m statements unknown)} and a journal whose outcome is {@code interrupted}, naming each statement that was
     * sent but whose end is unknown. Journals of applies still running (their file is locked) are left alone. A
     * journal whose commit fails stays for the next start and is reported with the reason.
     */
    List<Workbench.RecoveredApply> recoverInterrupted() {
        List<Workbench.RecoveredApply> out = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(walDir)) return out;
        List<Path> files;
        try (var s = java.nio.file.Files.list(walDir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(WriteAheadJournal.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            out.add(new Workbench.RecoveredApply(null, null, null, null, List.of(), "cannot list " + walDir + ": " + e.getMessage()));
            return out;
        }
        for (Path f : files) {
            java.nio.channels.FileChannel ch;
            try {
                ch = WriteAheadJournal.lockIfAbandoned(f);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // recorded by another start meanwhile
            } catch (IOException e) {
                out.add(new Workbench.RecoveredApply(f.getFileName().toString(), null, null, null, List.of(),
                        "cannot open " + f + ": " + e.getMessage()));
                continue;
            }
            if (ch == null) continue; // its apply is still running, or another start is recording it
            try (ch) {
                if (!java.nio.file.Files.exists(f)) continue; // recorded by another start while this one waited
                WriteAheadJournal.Leftover l = WriteAheadJournal.read(f);
                if (l == null) {
                    java.nio.file.Files.deleteIfExists(f); // nothing ran: the begin line comes before any statement
                    continue;
                }
                out.add(recover(l));
            } catch (IOException | RuntimeException e) {
                out.add(new Workbench.RecoveredApply(f.getFileName().toString(), null, null, null, List.of(),
                        "cannot read " + f + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private Workbench.RecoveredApply recover(WriteAheadJournal.Leftover l) throws IOException {
        if (l.record() != null) return recoverRecord(l);
        StackCommit c = l.commit();
        String message = l.interrupted() ? interruptedMessage(l, true) : c.message();
        StackCommit done = new StackCommit(c.stack(), c.provider(), c.stackYaml(), c.generated(), c.planTrailer(),
                c.planSha256(), l.applied(), message, c.author(), l.journalPath(), l.journalJson(), c.runId(), c.trailers());
        try (ConfigRepository repo = ConfigRepository.open(l.repository()).signingWith(signer.get())) {
            if (alreadyRecorded(repo, l)) {
                java.nio.file.Files.deleteIfExists(l.file());
                return new Workbench.RecoveredApply(l.runId(), c.stack(), null, l.applied(), l.unknown(), null);
            }
            CommitInfo commit;
            try {
                commit = repo.commit(done);
            } catch (AuditException e) {
                if (!l.interrupted() || !e.getMessage().contains("looks like a secret")) throw e;
                // a statement's display text in the message was taken for a secret: name the statements only (the
                // journal, already checked, keeps their text)
                commit = repo.commit(done.withMessage(interruptedMessage(l, false)));
            }
            java.nio.file.Files.deleteIfExists(l.file());
            return new Workbench.RecoveredApply(l.runId(), c.stack(), commit, l.applied(), l.unknown(), null);
        } catch (AuditException e) {
            return new Workbench.RecoveredApply(l.runId(), c.stack(), null, l.applied(), l.unknown(),
                    "cannot record the interrupted apply of stack " + c.stack() + " (run " + l.runId() + ") in "
                            + l.repository() + ": " + e.getMessage() + "; kept in " + l.file() + " for the next start");
        }
    }

    /** {@link #recover} of a run outside any stack: committed with {@code ConfigRepository.commitRecord}. */
    private Workbench.RecoveredApply recoverRecord(WriteAheadJournal.Leftover l) throws IOException {
        StackCommit c = l.commit();
        String what = l.record() + " (run " + l.runId() + ")";
        String message = l.interrupted() ? "Record interrupted " + what + "\n\nThe process running it (pid " + l.pid()
                + ") ended before it finished; this commit was made from its write-ahead journal at the next start. "
                + (l.unknown().isEmpty() ? "No statement had been sent yet." : "Outcome unknown (check the live system) for "
                + l.unknown().size() + " statement(s), named in the journal.") : c.message();
        try (ConfigRepository repo = ConfigRepository.open(l.repository()).signingWith(signer.get())) {
            if (alreadyRecorded(repo, l)) {
                java.nio.file.Files.deleteIfExists(l.file());
                return new Workbench.RecoveredApply(l.runId(), l.record(), null, l.applied(), l.unknown(), null);
            }
            CommitInfo commit = repo.commitRecord(l.record(), l.journalPath(), l.journalJson(), l.applied(), l.runId(),
                    message, c.author());
            java.nio.file.Files.deleteIfExists(l.file());
            return new Workbench.RecoveredApply(l.runId(), l.record(), commit, l.applied(), l.unknown(), null);
        } catch (AuditException e) {
            return new Workbench.RecoveredApply(l.runId(), l.record(), null, l.applied(), l.unknown(),
                    "cannot record the interrupted " + what + " in " + l.repository() + ": " + e.getMessage()
                            + "; kept in " + l.file() + " for the next start");
        }
    }

    /**
     * Runs {@code plan} (already reviewed, on {@code session}, under the caller's target lock) as a run outside any
     * stack: the write-ahead journal first, then the run, then a record commit ({@code Record: kind}) whose journal
     * {@code journal/_<dir>/<UTC start>-<plan hash prefix>.json} has {@code record}, {@code object} and the apply
     * journal's fields. Nothing runs when the write-ahead journal cannot be written.
     */
    ApplyOutcome applyRecorded(ConfigRepository repo, ProviderSession session, Plan plan, ConnectionProfile connection,
                               String kind, String dir, String object, String runId, String message, Progress progress)
            throws ProviderException {
        Instant started = Instant.now();
        String path = "journal/_" + dir + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(ZoneOffset.UTC).format(started) + "-" + plan.sha256().substring(0, 8) + ".json";
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("record", kind);
        head.put("object", object);
        head.putAll(journalHead(null, plan, connection, started, runId));
        WriteAheadJournal wal;
        try {
            wal = WriteAheadJournal.beginRecord(walDir, runId, repo.directory(), kind, message, committer.author(), path, head, plan);
        } catch (IOException | RuntimeException e) {
            return refused(plan, "refused: cannot write the write-ahead journal in " + walDir + " (" + e.getMessage()
                    + "); nothing was run, because a run that could be cut short must be recorded first");
        }
        try {
            ApplyResult result = session.apply(plan, wal.recording(progress));
            result = new ApplyResult(started, result.finished(), result.executed(), result.outcome(), result.failure());
            Map<String, Object> j = new LinkedHashMap<>(head);
            String journal = journalJson(j, result);
            try {
                wal.result(journal, result.trailer());
            } catch (IOException e) {
                // the intents are on disk; the commit below records the outcome itself
            }
            try {
                CommitInfo commit = repo.commitRecord(kind, path, journal, result.trailer(), runId, message, committer.author());
                wal.discard();
                return new ApplyOutcome(plan, result, commit);
            } catch (AuditException e) {
                return new ApplyOutcome(plan, result, null, "the " + kind + " ran but its audit commit failed: " + e.getMessage()
                        + " (kept in " + wal.file() + "; the next start commits it)");
            }
        } finally {
            wal.close();
        }
    }

    /** The target lock of a run outside any stack ({@code what} names it to another waiting apply). */
    TargetLock lockFor(Provider provider, ConnectionProfile connection, ConfigRepository repo, String what,
                       String runId, Progress progress) throws ProviderException {
        return lockTarget(provider, connection, repo, what, runId, progress);
    }

    /** The message of an interrupted apply's commit, naming each statement whose outcome is unknown. */
    private static String interruptedMessage(WriteAheadJournal.Leftover l, boolean withStatements) {
        StringBuilder m = new StringBuilder("Record interrupted apply of stack " + l.commit().stack() + " (run " + l.runId()
                + ")\n\nThe process applying it (pid " + l.pid() + ") ended before the apply finished; this commit was made"
                + " from its write-ahead journal at the next start. ");
        if (l.unknown().isEmpty()) {
            m.append("No statement had been sent yet.");
        } else {
            m.append("Outcome unknown (check the live system) for:");
            for (String u : l.unknown()) {
                m.append("\n  - ").append(withStatements ? u : u.substring(0, Math.max(0, u.indexOf(": "))) + " (statement in the journal)");
            }
        }
        return m.toString();
    }

    /** True when the run's journal is already committed (its commit happened, removing the file did not). */
    private static boolean alreadyRecorded(ConfigRepository repo, WriteAheadJournal.Leftover l) throws AuditException {
        for (CommitInfo ci : repo.log(50)) {
            if (l.runId().equals(ci.trailer("Run"))) return true;
        }
        return false;
    }

    /** An outcome where nothing ran: {@code REFUSED} with {@code why}, and the plan that was refused. */
    static ApplyOutcome refused(Plan plan, String why) {
        Instant now = Instant.now();
        return new ApplyOutcome(plan, new ApplyResult(now, now, List.of(), ApplyResult.Outcome.REFUSED, why), null);
    }

    /**
     * The console's finish: commits the reviewed stack with its reviewed plan ({@code Applied: no}), then, with a
     * connection and {@code apply}, applies exactly that plan (with the reviewed hash). {@code onCommitted} hears about
     * the commit as soon as it exists (before the apply starts). The allow-destroy choice counts only when the
     * reviewed plan has destructive changes.
     */
    ReviewedOutcome commitThenApply(RepositorySource repos, Stack stack, String stackYaml, Plan reviewed,
                                    ConnectionProfile connection, boolean apply, boolean allowDestroy, String message,
                                    Progress progress, Consumer<CommitInfo> onCommitted)
            throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = repos.open()) {
            if (apply && connection != null) checkTarget(stack, connection, false, "apply");
            CommitInfo c = committer.commit(stack, stackYaml, reviewed, repo, message, "no", null, null);
            if (onCommitted != null) onCommitted.accept(c);
            if (!apply || connection == null) return new ReviewedOutcome(c, null);
            boolean allow = allowDestroy && !reviewed.destructive().isEmpty();
            return new ReviewedOutcome(c, apply(stack, stackYaml, connection, repo, allow, message, progress, reviewed.sha256(), Map.of()));
        }
    }

    /**
     * Checks, before anything runs, that what the apply would commit passes the repository's secret check: an apply
     * must not run and then have its audit record refused.
     */
    private void refuseSecrets(Stack stack, String stackYaml, Plan plan, String message) throws AuditException, ProviderException {
        List<String> findings = new ArrayList<>(SecretScanner.scan("stacks/" + stack.name() + ".yaml", stackYaml));
        findings.addAll(SecretScanner.scan("commit message", message));
        for (Map.Entry<String, String> e : committer.generatedFiles(stack).entrySet()) findings.addAll(SecretScanner.scan(e.getKey(), e.getValue()));
        findings.addAll(SecretScanner.scan("plan", plan.toJson()));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to apply stack " + stack.name() + ": its audit record would contain something"
                    + " that looks like a secret (use ${env:NAME} or ${keychain:service/account} references):\n  "
                    + String.join("\n  ", findings));
        }
    }

    /** The journal of one apply: each statement in display form (no secrets), its outcome and duration. */
    static String journalJson(Stack stack, Plan plan, ConnectionProfile connection, ApplyResult result) {
        return journalJson(stack, plan, connection, result, null);
    }

    /** The journal's fields known before the apply runs ({@code run} only with a run id). */
    static Map<String, Object> journalHead(Stack stack, Plan plan, ConnectionProfile connection, Instant started, String runId) {
        Map<String, Object> j = new LinkedHashMap<>();
        if (stack != null) j.put("stack", stack.name());
        j.put("connection", connection.name());
        j.put("connection_type", connection.type());
        j.put("plan_sha256", plan.sha256());
        j.put("plan", plan.summary().trailer());
        if (runId != null) j.put("run", runId);
        j.put("started", started.toString());
        return j;
    }

    /** The journal of one apply, with its run id when given. */
    static String journalJson(Stack stack, Plan plan, ConnectionProfile connection, ApplyResult result, String runId) {
        return journalJson(journalHead(stack, plan, connection, result.started(), runId), result);
    }

    /** The journal: {@code head} (see {@link #journalHead}) with the run's end, outcome and statements. */
    static String journalJson(Map<String, Object> head, ApplyResult result) {
        Map<String, Object> j = new LinkedHashMap<>(head);
        j.put("finished", result.finished().toString());
        j.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (result.failure() != null) j.put("failure", result.failure());
        List<Object> st = new ArrayList<>();
        for (ApplyResult.Executed e : result.executed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", e.change());
            m.put("resource", e.resource());
            m.put("statement", e.statement() instanceof String ? e.statement() : dev.mlpc.core.plan.CanonicalJson.canonical(e.statement()));
            m.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
            m.put("millis", e.millis());
            if (e.systemId() != null) m.put("system_id", e.systemId());
            if (!e.outputs().isEmpty()) m.put("outputs", dev.mlpc.core.plan.CanonicalJson.canonical(e.outputs()));
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
}
