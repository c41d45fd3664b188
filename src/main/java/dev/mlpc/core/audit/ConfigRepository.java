package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackReader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The audited config repository: an ordinary (non-bare) git repository, branch {@code main}, written through JGit.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@code stacks/<stack>.yaml} — the desired state of a stack, byte for byte as given;</li>
 *   <li>{@code generated/<provider>/<stack>.*} — what was rendered from it (SQL, request documents, the plan JSON
 *       {@code <stack>.plan.json}); regenerated on every commit, so stale files of the stack disappear;</li>
 *   <li>{@code journal/…} — what an apply executed and how it ended (no secrets); append-only: a commit that would
 *       overwrite an existing journal file is refused.</li>
 * </ul>
 * Every stack commit message ends with git trailers, in this order: {@code Stack:}, {@code Plan:} ({@code +C ~U -D},
 * plus {@code -/+R} when there are replacements), {@code Plan-Sha256:} (SHA-256 of the plan JSON bytes) and
 * {@code Applied:} ({@code no}, {@code yes}, {@code failed (…)}, {@code interrupted (…)}, …), then {@code Run:} and
 * {@code Journal-Sha256:} when given, so any git tool can read the history ({@code git log --format=%(trailers)}).
 * Every commit made here (the first one and {@link #commitFile} too) ends with the record chain's
 * {@code Previous-Record:} and {@code Record-Sha256:} (see {@link RecordChain}), computed in the commit loop on the
 * head the commit is built on.
 *
 * <h2>Commits</h2>
 * Content is scanned with {@link SecretScanner} before anything is written; any finding refuses the commit and leaves
 * the repository untouched. A commit is built directly from git objects: new blobs, then only the trees on the changed
 * paths (unchanged subtrees are reused by id), then the commit object, then the branch is moved with a compare-and-swap
 * ({@link RefUpdate} with the expected old id). When another process moved the branch in the meantime, the commit is
 * rebuilt on top of the new head and retried, so concurrent committers never lose each other's work; within one JVM,
 * commits to the same repository are also serialised by a lock. Afterwards the index and the working tree are brought in
 * line with the branch head for the paths the commit touched, so {@code git status} stays clean. Like
 * {@code git gc --auto}, once more than {@code gc.auto} loose objects have piled up they are packed in the background
 * (only the loose ones, so the cost does not grow with the history). No {@code git} process is ever started.
 *
 * <h2>Export</h2>
 * {@link #export} writes a git bundle of the branch with its <em>complete</em> history (so {@code git clone BUNDLE}
 * and {@code git bundle verify BUNDLE} always work), plus {@code BUNDLE.manifest.json} and {@code BUNDLE.manifest.txt}
 * for auditors and change boards. The optional {@code since} revision scopes only the manifest's commit list, never the
 * bundle. An export is refused when any file in the history looks like a secret.
 *
 * <h2>Parts</h2>
 * This class is the facade and keeps opening, committing and reading; the rest lives beside it: {@link StackHistory}
 * ({@link #stackVersions} and its index), {@link HistoryVerifier} ({@link #verify}), {@link BundleExporter}
 * ({@link #export}), {@link WorkTreeSync} (index and working tree after a commit). The README of a new repository is
 * the resource {@value #README_RESOURCE}.
 *
 * <p>Instances are thread-safe.
 */
public final class ConfigRepository implements AutoCloseable {
    /** The branch a new repository is created with. */
    public static final String DEFAULT_BRANCH = "main";

    private static final int MAX_ATTEMPTS = 20;
    private static final Pattern STACK_NAME = Pattern.compile(StackReader.STACK_NAME_RULE);
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern PLAN_TRAILER = Pattern.compile("\\+\\d+ ~\\d+ -\\d+( -/\\+\\d+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern JOURNAL_PATH = Pattern.compile("journal(/[A-Za-z0-9_@+=.-]+)+");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    static final String PLAN_SUFFIX = ".plan.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Repository repo;
    private final String branch;
    private final ReentrantLock lock;
    private final AtomicBoolean packing = new AtomicBoolean();
    private volatile Thread packer;
    private volatile CommitSigner signer;

    private ConfigRepository(Path dir, Repository repo, String branch, ReentrantLock lock) {
        this.dir = dir;
        this.repo = repo;
        this.branch = branch;
        this.lock = lock;
    }

    // ------------------------------------------------------------------------------------------------ open / init

    /**
     * Creates a config repository in {@code dir} (non-bare, branch {@code main}, a first commit with a README.md that
     * explains the layout and the trailers), or opens it when {@code dir} already is a git repository.
     *
     * @throws AuditException when {@code dir} exists, is not empty and is not a git repository, or cannot be written
     */
    public static ConfigRepository init(Path dir) throws AuditException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.isRegularFile(d.resolve(Constants.DOT_GIT).resolve(Constants.HEAD))) {
            try {
                ConfigRepository r = open(d);
                if (r.headId() != null) return r;
                r.close();
            } catch (AuditException | IOException e) {
                // half made (another process is creating it) or damaged: create or report under the lock below
            }
        }
        // creating a repository is serialised across threads (a lock per path) and processes (a file lock beside it)
        ReentrantLock inJvm = INIT_LOCKS.computeIfAbsent(d.toString(), k -> new ReentrantLock());
        inJvm.lock();
        try {
            Path parent = d.getParent();
            Path lockFile = parent.resolve("." + d.getFileName() + ".mlpc-init.lock");
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new AuditException("cannot create a config repository in " + d + ": " + e.getMessage(), e);
            }
            java.nio.channels.FileChannel ch;
            try {
                ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
            } catch (java.nio.file.AccessDeniedException e) {
                // a directory the user may write in, below one they may not: create it without the process lock
                return initLocked(d);
            } catch (IOException e) {
                throw new AuditException("cannot create a config repository in " + d + ": " + e.getMessage(), e);
            }
            try (ch; java.nio.channels.FileLock ignored = ch.lock()) {
                ConfigRepository r = initLocked(d);
                // everyone after this sees a complete repository, so the lock file can go
                Files.deleteIfExists(lockFile);
                return r;
            } catch (IOException e) {
                throw new AuditException("cannot create a config repository in " + d + ": " + e.getMessage(), e);
            }
        } finally {
            inJvm.unlock();
        }
    }

    private static final Map<String, ReentrantLock> INIT_LOCKS = new ConcurrentHashMap<>();

    private static ConfigRepository initLocked(Path d) throws AuditException {
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new AuditException("cannot create a config repository at " + d + ": it is a file, not a directory");
        }
        if (!Files.exists(d.resolve(Constants.DOT_GIT))) {
            if (Files.isDirectory(d) && !isEmptyDirectory(d)) {
                throw new AuditException("cannot create a config repository in " + d
                        + ": the directory is not empty and is not a git repository (choose a new or empty directory)");
            }
            try {
                Files.createDirectories(d);
                Git.init().setDirectory(d.toFile()).setInitialBranch(DEFAULT_BRANCH).call().close();
            } catch (IOException | GitAPIException | UncheckedIOException e) {
                throw new AuditException("cannot create a config repository in " + d + ": " + e.getMessage(), e);
            }
        }
        ConfigRepository r = open(d);
        try {
            if (r.headId() == null && !r.branch.equals(Constants.R_HEADS + DEFAULT_BRANCH)) {
                // a git repository without commits on another initial branch: start the history on main
                RefUpdate link = r.repo.updateRef(Constants.HEAD);
                link.disableRefLog();
                link.link(Constants.R_HEADS + DEFAULT_BRANCH);
                r.close();
                r = open(d);
            }
            r.ensureInitialCommit();
        } catch (IOException e) {
            r.close();
            throw new AuditException("cannot create a config repository in " + d + ": " + e.getMessage(), e);
        } catch (AuditException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * Opens an existing config repository.
     *
     * @throws AuditException "not a config repository: DIR (run mlpc init DIR)" when {@code dir} holds no git repository
     */
    public static ConfigRepository open(Path dir) throws AuditException {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d) || !Files.exists(d.resolve(Constants.DOT_GIT))) throw notARepository(d);
        Repository repo;
        try {
            repo = new FileRepositoryBuilder().setWorkTree(d.toFile()).setMustExist(true).build();
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw notARepository(d);
        } catch (IOException e) {
            throw new AuditException("cannot open the config repository " + d + ": " + e.getMessage(), e);
        }
        try {
            if (repo.isBare()) throw notARepository(d);
            String full = repo.getFullBranch();
            if (full == null || !full.startsWith(Constants.R_HEADS)) {
                throw new AuditException("the config repository " + d + " has a detached HEAD (" + full
                        + "); check out branch " + DEFAULT_BRANCH + " first");
            }
            String key = repo.getDirectory().getCanonicalPath();
            return new ConfigRepository(d, repo, full, LOCKS.computeIfAbsent(key, k -> new ReentrantLock()));
        } catch (IOException e) {
            repo.close();
            throw new AuditException("cannot open the config repository " + d + ": " + e.getMessage(), e);
        } catch (AuditException e) {
            repo.close();
            throw e;
        }
    }

    private static AuditException notARepository(Path d) {
        return new AuditException("not a config repository: " + d + " (run mlpc init " + d + ")");
    }

    static boolean isEmptyDirectory(Path d) throws AuditException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new AuditException("cannot read " + d + ": " + e.getMessage(), e);
        }
    }

    /** The working tree of the repository (absolute). */
    public Path directory() {
        return dir;
    }

    /**
     * Where apply locks of targets without a server-side lock are kept: {@code .git/mlpc/locks} (inside the git
     * directory, so never committed, and shared by everyone who applies through this repository).
     */
    public Path lockDirectory() {
        return repo.getDirectory().toPath().resolve("mlpc").resolve("locks");
    }

    /** The branch commits go to, e.g. {@code refs/heads/main}. */
    public String branch() {
        return branch;
    }

    /** Closes the repository; waits (at most a minute) for a pack of loose objects that is under way. */
    @Override
    public void close() {
        Thread t = packer;
        if (t != null) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        repo.close();
    }

    /**
     * Packs the loose objects in the background once there are more than {@code gc.auto} of them (see
     * {@link LoosePacker}); {@link #close()} waits for it.
     */
    private void maybePack() {
        if (!LoosePacker.due(repo) || !packing.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                LoosePacker.pack(repo);
            } catch (IOException | RuntimeException e) {
                // packing only makes reading faster; the objects stay loose and the next commit tries again
            } finally {
                packing.set(false);
            }
        }, "mlpc-audit-pack");
        t.setDaemon(true);
        packer = t;
        t.start();
    }

    private void ensureInitialCommit() throws AuditException {
        String who = Objects.requireNonNullElse(repo.getConfig().getString("user", null, "name"), "mlpc");
        String mail = Objects.requireNonNullElse(repo.getConfig().getString("user", null, "email"), "mlpc@localhost");
        PersonIdent ident = new PersonIdent(who, mail, Instant.now(), ZoneId.systemDefault());
        Map<String, byte[]> files = Map.of("README.md", README.getBytes(StandardCharsets.UTF_8));
        writeCommit(files, (cache, base) -> Map.of(), "Initialise mlpc config repository\n", ident, true, Set.of());
    }

    // ------------------------------------------------------------------------------------------------ commit

    /**
     * Commits one stack: writes {@code stacks/<stack>.yaml}, the generated files (removing stale generated files of the
     * stack) and the journal entry, with the trailers. Refused, with nothing written, when the content looks like a
     * secret or the request is malformed.
     *
     * @return the new commit
     */
    public CommitInfo commit(StackCommit c) throws AuditException {
        Objects.requireNonNull(c, "commit");
        List<String> errors = new ArrayList<>();
        String stack = c.stack();
        String provider = c.provider();
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            errors.add("stack: " + Problem.quote(stack) + " is not a valid stack name");
        }
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            errors.add("provider: " + Problem.quote(provider) + " is not a valid provider id");
        }
        if (c.stackYaml() == null) errors.add("stackYaml: missing");
        if (c.message() == null || c.message().isBlank()) errors.add("message: the commit message is empty");
        Author a = c.author();
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);

        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        String stackPath = "stacks/" + stack + ".yaml";
        texts.put(stackPath, c.stackYaml());
        String genPrefix = "generated/" + provider + "/" + stack + ".";
        for (Map.Entry<String, String> g : c.generated().entrySet()) {
            String path = g.getKey();
            if (path == null || !path.startsWith(genPrefix) || path.length() == genPrefix.length()
                    || !EXTENSION.matcher(path.substring(genPrefix.length())).matches()) {
                errors.add("generated: " + Problem.quote(path) + " must be " + genPrefix + "<extension>");
            } else if (g.getValue() == null) {
                errors.add("generated: " + Problem.quote(path) + " has no content");
            } else {
                texts.put(path, g.getValue());
            }
        }
        if (c.journalPath() != null) {
            String jp = c.journalPath();
            if (!JOURNAL_PATH.matcher(jp).matches() || jp.contains("/./") || jp.contains("/../") || jp.endsWith("/.")
                    || jp.endsWith("/..")) {
                errors.add("journalPath: " + Problem.quote(jp) + " must be a path below journal/");
            } else if (c.journalJson() == null) {
                errors.add("journalJson: missing for " + jp);
            } else {
                texts.put(jp, c.journalJson());
            }
        } else if (c.journalJson() != null) {
            errors.add("journalPath: missing for the journal document");
        }

        // trailers: Plan / Plan-Sha256 must describe the plan JSON that is committed
        String planPath = genPrefix.substring(0, genPrefix.length() - 1) + PLAN_SUFFIX;
        String planJson = c.generated().get(planPath);
        String planSha = c.planSha256();
        String planTrailer = c.planTrailer() == null ? null : c.planTrailer().trim();
        if (planSha != null && !SHA256.matcher(planSha).matches()) {
            errors.add("planSha256: " + Problem.quote(planSha) + " is not a lower-case hex SHA-256");
        }
        if (planTrailer != null && !PLAN_TRAILER.matcher(planTrailer).matches()) {
            errors.add("planTrailer: " + Problem.quote(planTrailer) + " must look like +3 ~1 -0 (or +3 ~1 -0 -/+1)");
        }
        if (planJson != null && errors.isEmpty()) {
            String actualSha = Plan.sha256(planJson.getBytes(StandardCharsets.UTF_8));
            if (planSha == null) planSha = actualSha;
            else if (!planSha.equals(actualSha)) {
                errors.add("planSha256: " + planSha + " is not the SHA-256 of " + planPath + " (" + actualSha + ")");
            }
            String summary;
            try {
                summary = summaryTrailer(JSON.readTree(planJson));
            } catch (IOException | IllegalArgumentException e) {
                summary = null;
                errors.add(planPath + ": not a plan JSON with a summary (" + firstLine(e.getMessage()) + ")");
            }
            if (summary != null) {
                if (planTrailer == null) planTrailer = summary;
                else if (!planTrailer.equals(summary)) {
                    errors.add("planTrailer: " + Problem.quote(planTrailer) + " does not match the plan summary " + Problem.quote(summary));
                }
            }
        } else if (planSha != null && planJson == null) {
            errors.add("planSha256: given, but " + planPath + " is not among the generated files");
        }
        if (!errors.isEmpty()) throw refused(errors);

        if (c.runId() != null && !RUN_ID.matcher(c.runId()).matches()) throw refused(List.of("runId: " + Problem.quote(c.runId()) + " is not a run id"));
        String journalSha = c.journalJson() == null ? null : Plan.sha256(c.journalJson().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> t : c.trailers().entrySet()) {
            if (t.getKey() == null || !Trailers.isExtraKey(t.getKey())) {
                errors.add("trailers: " + Problem.quote(t.getKey()) + " is not a trailer key this commit may carry");
            } else if (t.getValue() == null || t.getValue().isBlank() || t.getValue().contains("\n") || t.getValue().contains("\r")) {
                errors.add("trailers: " + t.getKey() + " needs a one-line value");
            }
        }
        if (!errors.isEmpty()) throw refused(errors);
        String message = buildMessage(c.message(), stack, planTrailer, planSha,
                c.applied() == null || c.applied().isBlank() ? "no" : Trailers.oneLine(c.applied()), c.runId(), journalSha,
                c.trailers());

        // secrets: nothing is written when anything looks like one
        List<String> findings = new ArrayList<>();
        texts.forEach((p, t) -> findings.addAll(SecretScanner.scan(p, t)));
        findings.addAll(SecretScanner.scan("commit message", message));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit stack " + stack + ": content looks like a secret "
                    + "(use ${env:NAME} or ${keychain:service/account} references):\n  " + String.join("\n  ", findings));
        }
        texts.forEach((p, t) -> files.put(p, t.getBytes(StandardCharsets.UTF_8)));

        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        Set<String> ours = new HashSet<>(files.keySet());
        // journals are append-only: an entry is written once and never replaced (checked again under the commit loop)
        Set<String> createOnly = c.journalPath() == null ? Set.of() : Set.of(c.journalPath());
        refuseExisting(createOnly);
        return writeCommit(files, (cache, base) -> staleGenerated(cache, base, stack, ours), message, ident, false,
                createOnly);
    }

    private static final Pattern RECORD_KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern RECORD_JOURNAL = Pattern.compile("journal/_[a-z][a-z0-9-]*/[A-Za-z0-9_@+=.-]+\\.json");

    /**
     * Commits the record of a run on a live system that belongs to no stack (a console node action): only the journal
     * {@code journalJson} at {@code journalPath} ({@code journal/_<kind dir>/<name>.json}; the leading underscore keeps
     * it apart from every stack's journals), with the trailers {@code Record: <kind>}, {@code Applied:}, {@code Run:}
     * and {@code Journal-Sha256:}, then the record chain. Refused, with nothing written, when malformed or when
     * anything looks like a secret.
     */
    public CommitInfo commitRecord(String kind, String journalPath, String journalJson, String applied, String runId,
                                   String message, Author a) throws AuditException {
        List<String> errors = new ArrayList<>();
        if (kind == null || !RECORD_KIND.matcher(kind).matches()) errors.add("kind: " + Problem.quote(kind) + " is not a record kind");
        if (journalPath == null || !RECORD_JOURNAL.matcher(journalPath).matches()) {
            errors.add("journalPath: " + Problem.quote(journalPath) + " must be journal/_<kind>/<name>.json");
        }
        if (journalJson == null) errors.add("journalJson: missing");
        if (applied == null || applied.isBlank() || applied.trim().equals("no")) errors.add("applied: a record says how the run ended");
        if (runId == null || !RUN_ID.matcher(runId).matches()) errors.add("runId: " + Problem.quote(runId) + " is not a run id");
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        String journalSha = Plan.sha256(journalJson.getBytes(StandardCharsets.UTF_8));
        String full = message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\n"
                + Trailers.RECORD + ": " + kind + "\n"
                + Trailers.APPLIED + ": " + Trailers.oneLine(applied) + "\n"
                + Trailers.RUN + ": " + runId + "\n"
                + Trailers.JOURNAL_SHA256 + ": " + journalSha + "\n";
        List<String> findings = new ArrayList<>(SecretScanner.scan(journalPath, journalJson));
        findings.addAll(SecretScanner.scan("commit message", full));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit " + journalPath + ": content looks like a secret:\n  "
                    + String.join("\n  ", findings));
        }
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        Set<String> createOnly = Set.of(journalPath);
        refuseExisting(createOnly);
        return writeCommit(Map.of(journalPath, journalJson.getBytes(StandardCharsets.UTF_8)), (cache, base) -> Map.of(),
                full, ident, false, createOnly);
    }

    private static final Pattern DECISION_PATH = Pattern.compile("(approvals|proposals)(/[A-Za-z0-9_@+=.-]+)+\\.(json|yaml)");

    /**
     * Commits a change-control record (an approval, a rejection, a proposed policy): only the new file {@code text} at
     * {@code path} (below {@code approvals/} or {@code proposals/}; never overwritten), with the trailers
     * {@code Record: <kind>} and then {@code trailers} in order, then the record chain. Such a commit has no
     * {@code Stack:} trailer, so stack history ignores it. Refused, with nothing written, when malformed or when
     * anything looks like a secret.
     */
    public CommitInfo commitChangeRecord(String kind, String path, String text, String message,
                                         Map<String, String> trailers, Author a) throws AuditException {
        List<String> errors = new ArrayList<>();
        if (kind == null || !RECORD_KIND.matcher(kind).matches()) errors.add("kind: " + Problem.quote(kind) + " is not a record kind");
        if (path == null || !DECISION_PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")) {
            errors.add("path: " + Problem.quote(path) + " must be approvals/<…>.json or proposals/<…>.yaml");
        }
        if (text == null) errors.add("text: missing");
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        Map<String, String> extra = trailers == null ? Map.of() : trailers;
        for (Map.Entry<String, String> t : extra.entrySet()) {
            if (t.getKey() == null || !Trailers.isExtraKey(t.getKey())) {
                errors.add("trailers: " + Problem.quote(t.getKey()) + " is not a trailer key this commit may carry");
            } else if (t.getValue() == null || t.getValue().isBlank() || t.getValue().contains("\n") || t.getValue().contains("\r")) {
                errors.add("trailers: " + t.getKey() + " needs a one-line value");
            }
        }
        if (!errors.isEmpty()) throw refused(errors);
        StringBuilder full = new StringBuilder(message.replace("\r\n", "\n").replace('\r', '\n').strip()).append("\n\n")
                .append(Trailers.RECORD).append(": ").append(kind).append('\n');
        extra.forEach((k, v) -> full.append(k).append(": ").append(v.strip()).append('\n'));
        List<String> findings = new ArrayList<>(SecretScanner.scan(path, text));
        findings.addAll(SecretScanner.scan("commit message", full.toString()));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit " + path + ": content looks like a secret:\n  "
                    + String.join("\n  ", findings));
        }
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        Set<String> createOnly = Set.of(path);
        refuseExisting(createOnly);
        return writeCommit(Map.of(path, text.getBytes(StandardCharsets.UTF_8)), (cache, base) -> Map.of(),
                full.toString(), ident, false, createOnly);
    }

    /**
     * The history of the branch, newest first, without the files each commit changed ({@link CommitInfo#files()} is
     * empty): a walk that reads commit headers and messages only, no tree, for scans over the whole history by
     * trailers (change control's proposals). {@link CommitInfo#shortId()} is the first 7 hex digits (use
     * {@link #abbreviate} where it must be unique).
     *
     * @param max the number of commits to return at most; {@code <= 0} for all
     */
    public List<CommitInfo> headers(int max) throws AuditException {
        List<CommitInfo> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return out;
            rw.markStart(rw.parseCommit(head));
            for (RevCommit c; (max <= 0 || out.size() < max) && (c = rw.next()) != null; ) {
                PersonIdent author = c.getAuthorIdent();
                String message = c.getFullMessage();
                out.add(new CommitInfo(c.name(), c.name().substring(0, 7), author.getName(), author.getEmailAddress(),
                        author.getWhenAsInstant(), c.getShortMessage(), message, Trailers.parse(message), List.of()));
            }
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        } catch (RevWalkException e) {
            throw readFailure(e);
        }
    }

    /**
     * The commits (full ids, newest first) that change the root file {@code name} against their first parent (added,
     * changed or removed), whatever their trailers say: one walk reading each commit's root tree only.
     */
    public List<String> commitsChanging(String name) throws AuditException {
        if (name == null || !ROOT_FILE.matcher(name).matches()) {
            throw new AuditException(Problem.quote(name) + " is not a file name at the root of the config repository");
        }
        List<String> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return out;
            rw.markStart(rw.parseCommit(head));
            Trees.Cache cache = new Trees.Cache(reader, 64);
            for (RevCommit c; (c = rw.next()) != null; ) {
                Trees.Entry now = cache.lookup(c.getTree(), name);
                Trees.Entry before = null;
                if (c.getParentCount() > 0) {
                    RevCommit p = c.getParent(0);
                    if (p.getTree() == null) p = rw.parseCommit(p);
                    before = cache.lookup(p.getTree(), name);
                }
                ObjectId a = now == null ? null : now.id();
                ObjectId b = before == null ? null : before.id();
                if (!Objects.equals(a, b)) out.add(c.name());
            }
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        } catch (RevWalkException e) {
            throw readFailure(e);
        }
    }

    /** The abbreviated id git would show for a commit (7+ hex, unique in this repository). */
    public String abbreviate(String commitId) throws AuditException {
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.abbreviate(ObjectId.fromString(commitId), 7).name();
        } catch (IOException | IllegalArgumentException e) {
            throw new AuditException("cannot abbreviate " + Problem.quote(commitId) + ": " + e.getMessage());
        }
    }

    /** The full id (40 hex) of a revision (any revision JGit resolves); unknown or ambiguous revisions are refused. */
    public String resolve(String rev) throws AuditException {
        return resolveCommit(rev, "commit").name();
    }

    /** The full id of a commit's first parent, or null for a root commit. */
    public String firstParent(String rev) throws AuditException {
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(resolveCommit(rev, "commit"));
            return c.getParentCount() == 0 ? null : c.getParent(0).name();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** The content of the file at {@code path} (repository-relative, '/' separators) at a revision, if it exists there. */
    public Optional<String> readAt(String rev, String path) throws AuditException {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new AuditException(Problem.quote(path) + " is not a path in the config repository");
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            Trees.Cache cache = new Trees.Cache(reader, 16);
            Trees.Entry e = cache.lookup(rw.parseCommit(resolveCommit(rev, "commit")).getTree(), path);
            if (e == null || e.isTree()) return Optional.empty();
            return Optional.of(new String(cache.blob(e.id()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Refuses, before anything is written, paths that must be new but already exist at the branch head. */
    private void refuseExisting(Collection<String> createOnly) throws AuditException {
        if (createOnly.isEmpty()) return;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            refuseExisting(new Trees.Cache(reader, 16), head == null ? null : rw.parseCommit(head).getTree(), createOnly);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private static void refuseExisting(Trees.Cache cache, ObjectId tree, Collection<String> createOnly)
            throws IOException, AuditException {
        if (tree == null) return;
        for (String path : createOnly) {
            if (cache.lookup(tree, path) != null) {
                throw new AuditException("cannot commit: " + path + " already exists; journal entries are append-only"
                        + " and are never overwritten (use a new journal path)");
            }
        }
    }

    private static boolean bad(String s) {
        return s.indexOf('<') >= 0 || s.indexOf('>') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    private static AuditException refused(List<String> errors) {
        return new AuditException("cannot commit: " + String.join("; ", errors));
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String buildMessage(String text, String stack, String plan, String planSha, String applied) {
        return buildMessage(text, stack, plan, planSha, applied, null, null);
    }

    /**
     * The message of a stack commit before its chain trailers: the text, then {@code Stack}, {@code Plan},
     * {@code Plan-Sha256}, {@code Applied} and, when given, {@code Run} and {@code Journal-Sha256}.
     */
    static String buildMessage(String text, String stack, String plan, String planSha, String applied, String runId,
                               String journalSha) {
        return buildMessage(text, stack, plan, planSha, applied, runId, journalSha, Map.of());
    }

    /** As above, then the further trailers in their order. */
    static String buildMessage(String text, String stack, String plan, String planSha, String applied, String runId,
                               String journalSha, Map<String, String> trailers) {
        String body = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        StringBuilder b = new StringBuilder(body).append("\n\n");
        b.append(Trailers.STACK).append(": ").append(stack).append('\n');
        if (plan != null) b.append(Trailers.PLAN).append(": ").append(plan).append('\n');
        if (planSha != null) b.append(Trailers.PLAN_SHA256).append(": ").append(planSha).append('\n');
        b.append(Trailers.APPLIED).append(": ").append(applied).append('\n');
        if (runId != null) b.append(Trailers.RUN).append(": ").append(runId).append('\n');
        if (journalSha != null) b.append(Trailers.JOURNAL_SHA256).append(": ").append(journalSha).append('\n');
        trailers.forEach((k, v) -> b.append(k).append(": ").append(v.strip()).append('\n'));
        return b.toString();
    }

    /** The {@code Plan:} trailer form of a plan JSON's summary. */
    static String summaryTrailer(JsonNode plan) {
        JsonNode s = plan == null ? null : plan.get("summary");
        if (s == null || !s.isObject()) throw new IllegalArgumentException("no summary object");
        for (String k : List.of("create", "update", "replace", "drop")) {
            if (s.get(k) == null || !s.get(k).canConvertToInt()) {
                throw new IllegalArgumentException("summary." + k + " is not a number");
            }
        }
        return new Plan.Summary(s.get("create").asInt(), s.get("update").asInt(), s.get("replace").asInt(),
                s.get("drop").asInt()).trailer();
    }

    /** Edits for a base tree: the generated files of {@code stack} (any provider) not in the new set are deleted. */
    private static Map<String, ObjectId> staleGenerated(Trees.Cache cache, ObjectId baseTree, String stack,
                                                        Set<String> keep) throws IOException {
        Map<String, ObjectId> deletes = new LinkedHashMap<>();
        ObjectId gen = cache.subtree(baseTree, "generated");
        if (gen == null) return deletes;
        Set<String> names = stackNames(cache, baseTree);
        names.add(stack);
        for (Trees.Entry p : cache.entries(gen).values()) {
            if (!p.isTree()) continue;
            for (Trees.Entry f : cache.entries(p.id()).values()) {
                if (f.isTree()) continue;
                String path = "generated/" + p.name() + "/" + f.name();
                if (stack.equals(owner(f.name(), names)) && !keep.contains(path)) deletes.put(path, null);
            }
        }
        return deletes;
    }

    /** The stack a generated file name belongs to: the longest stack name {@code s} with {@code name = s.<ext>}. */
    static String owner(String fileName, Collection<String> stackNames) {
        String best = null;
        for (String s : stackNames) {
            if (fileName.length() > s.length() + 1 && fileName.startsWith(s) && fileName.charAt(s.length()) == '.'
                    && (best == null || s.length() > best.length())) {
                best = s;
            }
        }
        return best;
    }

    /** Names of the stacks ({@code stacks/<name>.yaml}) in a tree. */
    static Set<String> stackNames(Trees.Cache cache, ObjectId tree) throws IOException {
        Set<String> names = new TreeSet<>();
        ObjectId stacks = cache.subtree(tree, "stacks");
        if (stacks == null) return names;
        for (Trees.Entry e : cache.entries(stacks).values()) {
            if (!e.isTree() && e.name().endsWith(".yaml") && e.name().length() > 5) {
                names.add(e.name().substring(0, e.name().length() - 5));
            }
        }
        return names;
    }

    @FunctionalInterface
    private interface ExtraEdits {
        Map<String, ObjectId> edits(Trees.Cache cache, ObjectId baseTree) throws IOException;
    }

    /**
     * The commit loop: blobs once; then, until the compare-and-swap of the branch succeeds, read the head, patch its
     * tree, write a commit on top of it and try to move the branch.
     */
    private CommitInfo writeCommit(Map<String, byte[]> files, ExtraEdits extra, String message, PersonIdent ident,
                                   boolean onlyIfUnborn, Collection<String> createOnly) throws AuditException {
        lock.lock();
        try (ObjectInserter ins = repo.newObjectInserter();
             ObjectReader reader = ins.newReader();
             RevWalk rw = new RevWalk(reader)) {
            Map<String, ObjectId> blobs = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                blobs.put(f.getKey(), ins.insert(Constants.OBJ_BLOB, f.getValue()));
            }
            ins.flush();
            String base = RecordChain.base(message);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                ObjectId oldHead = headId();
                if (onlyIfUnborn && oldHead != null) return null;
                Trees.Cache cache = new Trees.Cache(reader, 256);
                RevCommit parent = oldHead == null ? null : rw.parseCommit(oldHead);
                ObjectId baseTree = parent == null ? null : parent.getTree();
                refuseExisting(cache, baseTree, createOnly);
                Map<String, ObjectId> edits = new LinkedHashMap<>(extra.edits(cache, baseTree));
                edits.putAll(blobs);
                ObjectId tree = Trees.patch(cache, ins, baseTree, edits);
                String sealed = RecordChain.seal(base, RecordChain.previous(rw, oldHead), tree, ident, ident);

                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(tree);
                if (oldHead != null) cb.setParentId(oldHead);
                cb.setAuthor(ident);
                cb.setCommitter(ident);
                cb.setEncoding(StandardCharsets.UTF_8);
                cb.setMessage(sealed);
                CommitSigner sign = signer;
                // the commit object without its signature is what is signed (as git does); a failure leaves the branch as it was
                if (sign != null) cb.setGpgSignature(new GpgSignature(sign.sign(cb.build(), ident)));
                ObjectId commitId = ins.insert(cb);
                ins.flush();

                RefUpdate ru = repo.updateRef(branch);
                ru.setExpectedOldObjectId(oldHead == null ? ObjectId.zeroId() : oldHead);
                ru.setNewObjectId(commitId);
                ru.setForceUpdate(false);
                ru.setRefLogIdent(ident);
                ru.setRefLogMessage((oldHead == null ? "commit (initial): " : "commit: ") + firstLine(sealed), false);
                RefUpdate.Result result = ru.update(rw);
                switch (result) {
                    case NEW, FAST_FORWARD, FORCED -> {
                        new WorkTreeSync(this).sync(edits.keySet());
                        StackHistory.committed(this, oldHead, commitId, sealed);
                        maybePack();
                        RevCommit done = rw.parseCommit(commitId);
                        return info(done, new Trees.Cache(reader, 64), reader);
                    }
                    case LOCK_FAILURE, REJECTED, REJECTED_MISSING_OBJECT -> backoff(attempt);
                    default -> throw new AuditException("cannot move " + Repository.shortenRefName(branch) + " in "
                            + dir + ": " + result);
                }
            }
            throw new AuditException("cannot commit to " + dir + ": the branch " + Repository.shortenRefName(branch)
                    + " kept moving under concurrent commits (" + MAX_ATTEMPTS + " attempts); try again");
        } catch (IOException e) {
            throw new AuditException("cannot commit to " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 3L + 4L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The branch head, or {@code null} before the first commit. */
    ObjectId headId() throws IOException {
        Ref ref = repo.exactRef(branch);
        return ref == null ? null : ref.getObjectId();
    }


    // ------------------------------------------------------------------------------------------------ reading

    private static final Pattern ROOT_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /**
     * The content of a file at the root of the repository at the branch head (e.g. {@code governance.yaml}), if it
     * exists. Only root-level names ({@code [A-Za-z0-9][A-Za-z0-9_.-]*}) are read.
     */
    public Optional<String> readFile(String name) throws AuditException {
        if (name == null || !ROOT_FILE.matcher(name).matches()) {
            throw new AuditException(Problem.quote(name) + " is not a file name at the root of the config repository");
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return Optional.empty();
            Trees.Cache cache = new Trees.Cache(reader, 16);
            Trees.Entry e = cache.lookup(rw.parseCommit(head).getTree(), name);
            if (e == null || e.isTree()) return Optional.empty();
            return Optional.of(new String(cache.blob(e.id()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * Commits one file at the root of the repository (e.g. {@code governance.yaml}) with the trailer
     * {@code Config: <name>}: refused, with nothing written, when the content looks like a secret or the name is not a
     * root-level name ({@code README.md} is the repository's own).
     */
    public CommitInfo commitFile(String name, String text, String message, Author a) throws AuditException {
        return commitFile(name, text, message, a, Map.of());
    }

    /**
     * {@link #commitFile(String, String, String, Author)} with further trailers after {@code Config: <name>} (change
     * control: {@code Proposal:} of an approved policy change).
     */
    public CommitInfo commitFile(String name, String text, String message, Author a, Map<String, String> trailers)
            throws AuditException {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> t : trailers.entrySet()) {
            if (t.getKey() == null || !Trailers.isExtraKey(t.getKey()) || t.getKey().equalsIgnoreCase("Config")) {
                errors.add("trailers: " + Problem.quote(t.getKey()) + " is not a trailer key this commit may carry");
            } else if (t.getValue() == null || t.getValue().isBlank() || t.getValue().contains("\n") || t.getValue().contains("\r")) {
                errors.add("trailers: " + t.getKey() + " needs a one-line value");
            }
        }
        if (name == null || !ROOT_FILE.matcher(name).matches() || name.equals("README.md")) {
            errors.add("name: " + Problem.quote(name) + " is not a file name at the root of the config repository");
        }
        if (text == null) errors.add("text: missing");
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        StringBuilder fb = new StringBuilder(message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\nConfig: " + name + "\n");
        trailers.forEach((k, v) -> fb.append(k).append(": ").append(v.strip()).append('\n'));
        String full = fb.toString();
        List<String> findings = new ArrayList<>(SecretScanner.scan(name, text));
        findings.addAll(SecretScanner.scan("commit message", full));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit " + name + ": content looks like a secret "
                    + "(use ${env:NAME} or ${keychain:service/account} references):\n  " + String.join("\n  ", findings));
        }
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        return writeCommit(Map.of(name, text.getBytes(StandardCharsets.UTF_8)), (cache, base) -> Map.of(), full, ident,
                false, Set.of());
    }

    // ------------------------------------------------------------------------------------------------ signatures

    /**
     * Signs every commit written from now on through this instance (stack commits, records, root files, keys) with
     * {@code s}; {@code null} stops signing. A commit that cannot be signed is refused with the signer's message and
     * nothing is written.
     *
     * @return this
     */
    public ConfigRepository signingWith(CommitSigner s) {
        this.signer = s;
        return this;
    }

    /**
     * Makes sure the signer (when there is one) can sign, so work whose record is committed afterwards (an apply) is
     * refused before it starts rather than left unrecorded.
     */
    public void checkSigning() throws AuditException {
        CommitSigner s = signer;
        if (s != null) s.ready();
    }

    /** The signer commits are signed with, or null. */
    public CommitSigner signer() {
        return signer;
    }

    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    /**
     * Trusts an OpenPGP public key for commit signatures: commits {@code keys/openpgp/<name>.asc} with the trailer
     * {@code Config: keys/openpgp/<name>.asc}, so every change of trust is an audited commit (signed like any other
     * when signing is on). Refused, with nothing written, when the text is not an OpenPGP public key (a secret key is
     * refused by name) or the name is not a plain file name.
     */
    public CommitInfo commitKey(String name, String armored, String message, Author a) throws AuditException {
        List<String> errors = new ArrayList<>();
        if (name == null || !KEY_NAME.matcher(name).matches() || name.endsWith(".")) {
            errors.add("name: " + Problem.quote(name) + " is not a key name (letters, digits, _ . @ -; at most 64)");
        }
        if (armored == null || armored.isBlank()) {
            errors.add("key: empty");
        } else {
            try {
                OpenPgp.readPublicKeys(armored.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                errors.add("key: not an OpenPGP public key: " + e.getMessage());
            }
        }
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        String path = TrustedKeys.OPENPGP_DIR + "/" + name + TrustedKeys.SUFFIX;
        String full = message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\nConfig: " + path + "\n";
        List<String> findings = new ArrayList<>(SecretScanner.scan("commit message", full));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit " + path + ": the message looks like a secret:\n  " + String.join("\n  ", findings));
        }
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        return writeCommit(Map.of(path, armored.getBytes(StandardCharsets.UTF_8)), (cache, base) -> Map.of(), full, ident,
                false, Set.of());
    }

    private static final Pattern PRINCIPAL = Pattern.compile("[^\\s\",]+");

    /**
     * Trusts an SSH public key for the commits of {@code principal} (the committer e-mail): appends
     * {@code principal key-type base64 [comment]} to {@code keys/allowed_signers} (git's allowed-signers format) in a
     * commit with the trailer {@code Config: keys/allowed_signers}. Refused, with nothing written, when the line is not
     * an OpenSSH public key, the principal is not one word, or that key is already there for that principal.
     *
     * @param publicKey one line as in {@code id_ed25519.pub}: {@code ssh-ed25519 AAAA… comment}
     */
    public CommitInfo commitAllowedSigner(String principal, String publicKey, String message, Author a) throws AuditException {
        List<String> errors = new ArrayList<>();
        if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            errors.add("name: " + Problem.quote(principal) + " is not a principal (an e-mail address, no spaces, quotes or commas)");
        }
        String line = publicKey == null ? "" : publicKey.strip();
        String fingerprint = null;
        if (line.isEmpty() || line.contains("\n")) {
            errors.add("key: give one OpenSSH public key line (ssh-ed25519 AAAA… comment)");
        } else {
            try {
                fingerprint = SshCommitSigner.fingerprintOfPublicKey(line);
            } catch (IOException e) {
                errors.add("key: " + e.getMessage());
            }
        }
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        String[] parts = line.split("\\s+");
        String entry = principal + " " + parts[0] + " " + parts[1] + "\n";
        String existing = trustedKeys().allowedSigners();
        for (String l : existing.lines().toList()) {
            String[] p = l.strip().split("\\s+");
            if (p.length >= 3 && p[0].equals(principal) && p[2].equals(parts[1])) {
                throw new AuditException("SSH key " + fingerprint + " is already in " + TrustedKeys.ALLOWED_SIGNERS + " for " + Problem.quote(principal));
            }
        }
        String text = existing.isEmpty() || existing.endsWith("\n") ? existing + entry : existing + "\n" + entry;
        String path = TrustedKeys.ALLOWED_SIGNERS;
        String full = message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\nConfig: " + path + "\n";
        List<String> findings = new ArrayList<>(SecretScanner.scan("commit message", full));
        if (!findings.isEmpty()) {
            throw new AuditException("refusing to commit " + path + ": the message looks like a secret:\n  " + String.join("\n  ", findings));
        }
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        return writeCommit(Map.of(path, text.getBytes(StandardCharsets.UTF_8)), (cache, base) -> Map.of(), full, ident,
                false, Set.of());
    }

    /**
     * Withdraws trust in a key: removes {@code keys/openpgp/<name>.asc} in a commit with the trailer
     * {@code Config: keys/openpgp/<name>.asc}. Commits signed by it verify as UNKNOWN_KEY from then on (trust is read
     * at head). Refused when there is no such key file.
     */
    public CommitInfo removeKey(String name, String message, Author a) throws AuditException {
        List<String> errors = new ArrayList<>();
        if (name == null || !KEY_NAME.matcher(name).matches() || name.endsWith(".")) {
            errors.add("name: " + Problem.quote(name) + " is not a key name (letters, digits, _ . @ -; at most 64)");
        }
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        String path = TrustedKeys.OPENPGP_DIR + "/" + name + TrustedKeys.SUFFIX;
        boolean present = trustedKeys().files().stream().anyMatch(f -> f.path().equals(path));
        if (!present) throw new AuditException("cannot remove key " + Problem.quote(name) + ": there is no " + path + " at head");
        String full = message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\nConfig: " + path + "\n";
        PersonIdent ident = new PersonIdent(a.name().trim(), a.email() == null ? "" : a.email().trim(),
                Instant.now(), ZoneId.systemDefault());
        Map<String, ObjectId> delete = new LinkedHashMap<>();
        delete.put(path, null);
        return writeCommit(Map.of(), (cache, base) -> delete, full, ident, false, Set.of());
    }

    /** The trusted keys at the branch head ({@code keys/openpgp/*.asc}; see {@link TrustedKeys}). */
    public TrustedKeys trustedKeys() throws AuditException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            return TrustedKeys.read(new Trees.Cache(reader, 16), head == null ? null : rw.parseCommit(head).getTree());
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The signature of one commit, checked against the trusted keys at the branch head: GOOD, BAD (the commit is not
     * what was signed: changed after signing), UNKNOWN_KEY (an OpenPGP key not in {@code keys/openpgp/}, an SSH key
     * not in {@code keys/allowed_signers} for the committer's e-mail, or an X.509 signature, which mlpc does not check)
     * or UNSIGNED.
     *
     * @param commitId any revision JGit resolves
     */
    public SignatureCheck signature(String commitId) throws AuditException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId id = resolveCommit(commitId, "commit");
            ObjectId head = headId();
            TrustedKeys keys = TrustedKeys.read(new Trees.Cache(reader, 16), head == null ? null : rw.parseCommit(head).getTree());
            return new CommitSignatures(keys).check(rw.parseCommit(id));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The signatures of the branch's commits, newest first, like {@link #log(int)}; the trusted keys are read once.
     *
     * @param max the number of commits at most; {@code <= 0} for all
     */
    public List<SignatureCheck> signatures(int max) throws AuditException {
        List<SignatureCheck> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return out;
            RevCommit h = rw.parseCommit(head);
            CommitSignatures check = new CommitSignatures(TrustedKeys.read(new Trees.Cache(reader, 16), h.getTree()));
            rw.setRetainBody(true);
            rw.markStart(h);
            for (RevCommit c; (max <= 0 || out.size() < max) && (c = rw.next()) != null; ) out.add(check.check(c));
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        } catch (RevWalkException e) {
            throw readFailure(e);
        }
    }

    /** The content of {@code stacks/<stack>.yaml} at the branch head, if the stack exists. */
    public Optional<String> readStack(String stack) throws AuditException {
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            throw new AuditException(Problem.quote(stack) + " is not a valid stack name");
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return Optional.empty();
            Trees.Cache cache = new Trees.Cache(reader, 16);
            Trees.Entry e = cache.lookup(rw.parseCommit(head).getTree(), "stacks/" + stack + ".yaml");
            if (e == null || e.isTree()) return Optional.empty();
            return Optional.of(new String(cache.blob(e.id()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** The content of {@code stacks/<stack>.yaml} at a commit (any revision JGit resolves), if it exists there. */
    public Optional<String> readStack(String stack, String rev) throws AuditException {
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            throw new AuditException(Problem.quote(stack) + " is not a valid stack name");
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            Trees.Cache cache = new Trees.Cache(reader, 16);
            Trees.Entry e = cache.lookup(rw.parseCommit(resolveCommit(rev, "commit")).getTree(), "stacks/" + stack + ".yaml");
            if (e == null || e.isTree()) return Optional.empty();
            return Optional.of(new String(cache.blob(e.id()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * Every stack file at the branch head, {@code name → YAML}, sorted by name: one head and one tree read for all of
     * them (what the Stacks view lists), so the texts are of one commit even while others commit.
     */
    public java.util.SortedMap<String, String> readStacks() throws AuditException {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return out;
            Trees.Cache cache = new Trees.Cache(reader, 16);
            ObjectId stacks = cache.subtree(rw.parseCommit(head).getTree(), "stacks");
            if (stacks == null) return out;
            for (Trees.Entry e : cache.entries(stacks).values()) {
                if (!e.isTree() && e.name().endsWith(".yaml") && e.name().length() > 5) {
                    out.put(e.name().substring(0, e.name().length() - 5),
                            new String(cache.blob(e.id()), StandardCharsets.UTF_8));
                }
            }
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Names of the stacks at the branch head, sorted. */
    public List<String> stacks() throws AuditException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return List.of();
            return List.copyOf(stackNames(new Trees.Cache(reader, 16), rw.parseCommit(head).getTree()));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The versions of one stack that tell what it manages: the commits whose {@code Stack:} trailer names it, newest
     * first, back to and including its last commit with {@code Applied: yes} (all of them when it was never applied).
     * The plan merges these to know what the stack managed before. The walk stops at that applied commit, decodes only
     * the commits that may carry the stack's trailer, and starts from the answer an index keeps per stack (moved along
     * by every commit made here), so its cost does not grow with the history (see {@link StackHistory}).
     */
    public List<CommitInfo> stackVersions(String stack) throws AuditException {
        return StackHistory.versions(this, stack);
    }

    /**
     * The id (40 hex) of the branch head, or {@code null} before the first commit: one ref read, whatever the history
     * (unlike {@code log(1)}, no commit or tree is read).
     */
    public String headCommit() throws AuditException {
        try {
            ObjectId head = headId();
            return head == null ? null : head.name();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The history of the branch, newest first.
     *
     * @param max the number of commits to return at most; {@code <= 0} for all
     */
    public List<CommitInfo> log(int max) throws AuditException {
        List<CommitInfo> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return out;
            rw.markStart(rw.parseCommit(head));
            Trees.Cache cache = new Trees.Cache(reader, 1024);
            // rw.next() rather than the iterator, which reads one commit ahead: log(1) reads the head and its parent only
            for (RevCommit c; (max <= 0 || out.size() < max) && (c = rw.next()) != null; ) {
                out.add(info(c, cache, reader));
            }
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        } catch (RevWalkException e) {
            throw readFailure(e);
        }
    }

    /**
     * Walks the history of the branch, newest first, handing each commit to {@code visitor} without its file list
     * ({@link CommitInfo#files()} is empty: no tree is read, so a walk costs one commit read per commit) until the
     * visitor returns false or the history ends. What the Stacks view reads the last commit and last {@code Applied:}
     * of every stack with, in one walk.
     */
    public void walk(java.util.function.Predicate<CommitInfo> visitor) throws AuditException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return;
            rw.markStart(rw.parseCommit(head));
            for (RevCommit c; (c = rw.next()) != null; ) {
                PersonIdent author = c.getAuthorIdent();
                String message = c.getFullMessage();
                CommitInfo info = new CommitInfo(c.name(), reader.abbreviate(c, 7).name(), author.getName(),
                        author.getEmailAddress(), author.getWhenAsInstant(), c.getShortMessage(), message,
                        Trailers.parse(message), List.of());
                if (!visitor.test(info)) return;
            }
        } catch (IOException e) {
            throw readFailure(e);
        } catch (RevWalkException e) {
            throw readFailure(e);
        }
    }

    /**
     * A commit as a unified diff against its first parent (against the empty tree for the first commit).
     *
     * @param commitId any revision JGit resolves (full or abbreviated id, {@code HEAD~2}, …)
     */
    public String diff(String commitId) throws AuditException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            RevCommit c = rw.parseCommit(resolveCommit(commitId, "commit"));
            ObjectId parentTree = c.getParentCount() == 0 ? null : rw.parseCommit(c.getParent(0)).getTree();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DiffFormatter df = new DiffFormatter(out)) {
                df.setRepository(repo);
                df.setDiffComparator(RawTextComparator.DEFAULT);
                df.setDetectRenames(false);
                df.format(parentTree, c.getTree());
                df.flush();
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The unified diff between two commits' trees, only of the paths {@code paths} accepts (both sides' paths are
     * offered; an added or deleted file diffs against nothing). Empty when nothing accepted differs.
     *
     * @param fromRev any revision JGit resolves (the older side)
     * @param toRev   any revision JGit resolves (the newer side)
     */
    public String diff(String fromRev, String toRev, java.util.function.Predicate<String> paths) throws AuditException {
        ObjectId from = resolveCommit(fromRev, "commit");
        ObjectId to = resolveCommit(toRev, "commit");
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId a = rw.parseCommit(from).getTree();
            ObjectId b = rw.parseCommit(to).getTree();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DiffFormatter df = new DiffFormatter(out)) {
                df.setRepository(repo);
                df.setDiffComparator(RawTextComparator.DEFAULT);
                df.setDetectRenames(false);
                List<org.eclipse.jgit.diff.DiffEntry> entries = df.scan(a, b).stream()
                        .filter(e -> paths.test(e.getOldPath()) || paths.test(e.getNewPath())).toList();
                df.format(entries);
                df.flush();
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * A commit as read back (id, author, subject, trailers, files), for any revision JGit resolves: a full or short id,
     * {@code HEAD~2}, a tag.
     *
     * @throws AuditException "unknown commit revision: REV in DIR" (or ambiguous) when it names no commit
     */
    public CommitInfo commitInfo(String rev) throws AuditException {
        ObjectId id = resolveCommit(rev, "commit");
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            return info(rw.parseCommit(id), new Trees.Cache(reader, 16), reader);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    ObjectId resolveCommit(String rev, String what) throws AuditException {
        if (rev == null || rev.isBlank()) throw new AuditException("no " + what + " revision given");
        ObjectId id;
        try {
            id = repo.resolve(rev.trim() + "^{commit}");
        } catch (AmbiguousObjectException e) {
            throw new AuditException("ambiguous " + what + " revision: " + rev + " (give more characters)");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException | MissingObjectException e) {
            id = null;
        } catch (IOException e) {
            throw readFailure(e);
        }
        if (id == null) throw new AuditException("unknown " + what + " revision: " + rev + " in " + dir);
        return id;
    }

    AuditException readFailure(IOException e) {
        return new AuditException("cannot read the config repository " + dir + ": " + e.getMessage(), e);
    }

    /** A walk that met a missing or unreadable object (the iterator wraps the I/O failure). */
    AuditException readFailure(RevWalkException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new AuditException("cannot read the config repository " + dir + ": " + cause.getMessage(), e);
    }

    CommitInfo info(RevCommit c, Trees.Cache cache, ObjectReader reader) throws IOException {
        ObjectId parentTree = null;
        if (c.getParentCount() > 0) {
            RevCommit p = c.getParent(0);
            if (p.getTree() == null) {
                try (RevWalk w = new RevWalk(reader)) {
                    p = w.parseCommit(p);
                }
            }
            parentTree = p.getTree();
        }
        List<String> files = new ArrayList<>();
        for (Trees.Change ch : Trees.diff(cache, parentTree, c.getTree(), null)) files.add(ch.path());
        PersonIdent author = c.getAuthorIdent();
        String message = c.getFullMessage();
        return new CommitInfo(c.name(), reader.abbreviate(c, 7).name(), author.getName(), author.getEmailAddress(),
                author.getWhenAsInstant(), c.getShortMessage(), message, Trailers.parse(message), files);
    }


    // ------------------------------------------------------------------------------------------------ verify, export

    /**
     * Checks every commit reachable from the branch head (merges included, each against its first parent):
     * <ol>
     *   <li>a commit with a {@code Plan-Sha256} trailer must contain {@code generated/<provider>/<stack>.plan.json}
     *       whose SHA-256 equals the trailer and whose summary matches the {@code Plan} trailer;</li>
     *   <li>a commit that adds or changes a {@code generated/<provider>/<stack>.plan.json} must carry
     *       {@code Stack: <stack>} and a {@code Plan-Sha256} equal to that file's SHA-256 (a plan depends on the live
     *       system and cannot be regenerated: a plan JSON changed in any other commit was edited by hand);</li>
     *   <li>for every stack whose {@code stacks/<stack>.yaml} or generated files (other than the plan JSON) changed in the
     *       commit, the regenerator's output for that YAML must equal the committed files; a generated file without its
     *       stack file is a problem.</li>
     * </ol>
     * Regeneration is cached by (stack, YAML blob id), hashes by blob id, and only the subtrees that changed are read
     * (see {@link HistoryVerifier}).
     */
    public VerifyReport verify(Regenerator regenerator) throws AuditException {
        return new HistoryVerifier(this).verify(regenerator);
    }

    /**
     * {@link #verify(Regenerator)} and the whole record: the hash chain of {@code Previous-Record} /
     * {@code Record-Sha256} trailers (see {@link RecordChain}; commits made before the chain started are counted in
     * {@link VerifyReport#beforeChain()}, not failures, but a chain that started must not break), journals
     * (append-only; a chained commit's {@code Applied:} must match the journal it adds and its {@code Journal-Sha256}),
     * and the history against {@code anchor}: "repository replaced: root commit … differs …", "history reset: …",
     * "history rewritten: last verified head … is not an ancestor of …". Keep {@link VerifyReport#anchor()} of a
     * report without problems for the next verify.
     */
    public VerifyReport verify(Regenerator regenerator, HistoryAnchor anchor) throws AuditException {
        return new HistoryVerifier(this).verify(regenerator, anchor);
    }

    /**
     * Writes a git bundle of the branch at {@code out} plus {@code out.manifest.json} and {@code out.manifest.txt}
     * (see {@link BundleExporter}). The bundle always holds the complete history so that it can be cloned and verified
     * on its own; {@code sinceRev} only limits which commits the manifest lists (those after it).
     *
     * @param out      the bundle file to write (parent directories are created)
     * @param sinceRev nullable; any revision JGit resolves
     * @throws AuditException for an unknown {@code sinceRev}, an empty repository, content that looks like a secret
     *                        anywhere in the history, or an I/O failure
     */
    public ExportResult export(Path out, String sinceRev) throws AuditException {
        return new BundleExporter(this).export(out, sinceRev);
    }

    /**
     * {@link #export(Path, String)} with the manifest also naming the root commit, the head's record hash and
     * {@code lastVerified} ({@code anchor}: what the last successful verify recorded).
     */
    public ExportResult export(Path out, String sinceRev, HistoryAnchor anchor) throws AuditException {
        return new BundleExporter(this).export(out, sinceRev, anchor);
    }

    /**
     * {@link #export(Path, String, HistoryAnchor)} plus {@code out.report.html}: one self-contained HTML audit report of
     * the manifest's commits (who, when, stack, target, plan, approvals, signature, applied and the journal's outcome,
     * the verify problems of each commit; a chart per week and filters), see {@link AuditReport} and
     * {@link AuditReportWriter}. Nothing is written when the report would contain something that looks like a secret,
     * or when {@code report.progress()} is cancelled before the files are written.
     */
    public ExportResult export(Path out, String sinceRev, HistoryAnchor anchor, AuditReport.Options report)
            throws AuditException {
        return new BundleExporter(this).export(out, sinceRev, anchor, Objects.requireNonNull(report, "report"));
    }

    /** The lock that serialises this JVM's commits to the repository (and its writes of derived files). */
    ReentrantLock commitLock() {
        return lock;
    }

    /** The JGit repository, for the classes this one delegates to. */
    Repository git() {
        return repo;
    }

    static String hex(byte[] bytes) {
        return Plan.sha256(bytes);
    }

    // ------------------------------------------------------------------------------------------------ README

    /** The README.md of a new repository (layout and trailers), from the resource {@value #README_RESOURCE}. */
    static final String README_RESOURCE = "/audit/config-repository-README.md";
    static final String README = readme();

    private static String readme() {
        try (InputStream in = ConfigRepository.class.getResourceAsStream(README_RESOURCE)) {
            if (in == null) throw new IllegalStateException(README_RESOURCE + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
