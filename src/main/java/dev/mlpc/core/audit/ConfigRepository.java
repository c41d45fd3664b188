package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.StackReader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.BundleWriter;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code Applied:} ({@code no}, {@code yes} or {@code failed (…)}), so any git tool can read the history
 * ({@code git log --format=%(trailers)}).
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
    private static final String PLAN_SUFFIX = ".plan.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Repository repo;
    private final String branch;
    private final ReentrantLock lock;
    private final AtomicBoolean packing = new AtomicBoolean();
    private volatile Thread packer;

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

    private static boolean isEmptyDirectory(Path d) throws AuditException {
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
            errors.add("stack: '" + stack + "' is not a valid stack name");
        }
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            errors.add("provider: '" + provider + "' is not a valid provider id");
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
                errors.add("generated: '" + path + "' must be " + genPrefix + "<extension>");
            } else if (g.getValue() == null) {
                errors.add("generated: '" + path + "' has no content");
            } else {
                texts.put(path, g.getValue());
            }
        }
        if (c.journalPath() != null) {
            String jp = c.journalPath();
            if (!JOURNAL_PATH.matcher(jp).matches() || jp.contains("/./") || jp.contains("/../") || jp.endsWith("/.")
                    || jp.endsWith("/..")) {
                errors.add("journalPath: '" + jp + "' must be a path below journal/");
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
            errors.add("planSha256: '" + planSha + "' is not a lower-case hex SHA-256");
        }
        if (planTrailer != null && !PLAN_TRAILER.matcher(planTrailer).matches()) {
            errors.add("planTrailer: '" + planTrailer + "' must look like +3 ~1 -0 (or +3 ~1 -0 -/+1)");
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
                    errors.add("planTrailer: '" + planTrailer + "' does not match the plan summary '" + summary + "'");
                }
            }
        } else if (planSha != null && planJson == null) {
            errors.add("planSha256: given, but " + planPath + " is not among the generated files");
        }
        if (!errors.isEmpty()) throw refused(errors);

        String message = buildMessage(c.message(), stack, planTrailer, planSha,
                c.applied() == null || c.applied().isBlank() ? "no" : Trailers.oneLine(c.applied()));

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

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String buildMessage(String text, String stack, String plan, String planSha, String applied) {
        String body = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        StringBuilder b = new StringBuilder(body).append("\n\n");
        b.append(Trailers.STACK).append(": ").append(stack).append('\n');
        if (plan != null) b.append(Trailers.PLAN).append(": ").append(plan).append('\n');
        if (planSha != null) b.append(Trailers.PLAN_SHA256).append(": ").append(planSha).append('\n');
        b.append(Trailers.APPLIED).append(": ").append(applied).append('\n');
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

                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(tree);
                if (oldHead != null) cb.setParentId(oldHead);
                cb.setAuthor(ident);
                cb.setCommitter(ident);
                cb.setEncoding(StandardCharsets.UTF_8);
                cb.setMessage(message);
                ObjectId commitId = ins.insert(cb);
                ins.flush();

                RefUpdate ru = repo.updateRef(branch);
                ru.setExpectedOldObjectId(oldHead == null ? ObjectId.zeroId() : oldHead);
                ru.setNewObjectId(commitId);
                ru.setForceUpdate(false);
                ru.setRefLogIdent(ident);
                ru.setRefLogMessage((oldHead == null ? "commit (initial): " : "commit: ") + firstLine(message), false);
                RefUpdate.Result result = ru.update(rw);
                switch (result) {
                    case NEW, FAST_FORWARD, FORCED -> {
                        syncWorkTree(edits.keySet());
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

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 3L + 4L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectId headId() throws IOException {
        Ref ref = repo.exactRef(branch);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * Brings the index and the working tree in line with the current branch head for the given paths (written or
     * deleted). Uses the head at this moment, not the commit just made, so that a later commit by someone else is never
     * undone; the index lock serialises this with other processes. Best effort: if the index stays locked, the
     * history is still complete and the next commit touching these paths writes them.
     */
    private void syncWorkTree(Collection<String> paths) {
        DirCache dc = null;
        for (int i = 0; i < 100 && dc == null; i++) {
            try {
                dc = repo.lockDirCache();
            } catch (LockFailedException e) {
                backoff(Math.min(i + 1, 5));
            } catch (IOException e) {
                return;
            }
        }
        if (dc == null) return;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            ObjectId tree = head == null ? null : rw.parseCommit(head).getTree();
            Trees.Cache cache = new Trees.Cache(reader, 64);
            DirCacheEditor ed = dc.editor();
            Path root = dir;
            for (String p : new TreeSet<>(paths)) {
                Path file = root.resolve(p);
                Trees.Entry e = tree == null ? null : cache.lookup(tree, p);
                if (e == null || e.isTree()) {
                    if (Files.isRegularFile(file) || Files.isSymbolicLink(file)) {
                        Files.delete(file);
                        pruneEmptyParents(file.getParent(), root);
                    }
                    ed.add(new DirCacheEditor.DeletePath(p));
                } else {
                    byte[] bytes = cache.blob(e.id());
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    FileMode mode = FileMode.fromBits(e.mode());
                    ObjectId id = e.id();
                    ed.add(new DirCacheEditor.PathEdit(p) {
                        @Override
                        public void apply(DirCacheEntry ent) {
                            ent.setFileMode(mode == FileMode.EXECUTABLE_FILE ? mode : FileMode.REGULAR_FILE);
                            ent.setObjectId(id);
                            ent.setLength(bytes.length);
                            ent.setLastModified(modified);
                        }
                    });
                }
            }
            ed.commit();
        } catch (IOException | RuntimeException e) {
            // the commit is in the history; the working tree catches up with the next commit of these paths
        } finally {
            dc.unlock();
        }
    }

    private static void pruneEmptyParents(Path d, Path root) {
        Path cur = d;
        while (cur != null && !cur.equals(root) && cur.startsWith(root)) {
            try {
                if (!isEmptyDirectory(cur)) return;
                Files.delete(cur);
            } catch (AuditException | IOException e) {
                return;
            }
            cur = cur.getParent();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private static final Pattern ROOT_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /**
     * The content of a file at the root of the repository at the branch head (e.g. {@code governance.yaml}), if it
     * exists. Only root-level names ({@code [A-Za-z0-9][A-Za-z0-9_.-]*}) are read.
     */
    public Optional<String> readFile(String name) throws AuditException {
        if (name == null || !ROOT_FILE.matcher(name).matches()) {
            throw new AuditException("'" + name + "' is not a file name at the root of the config repository");
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
        List<String> errors = new ArrayList<>();
        if (name == null || !ROOT_FILE.matcher(name).matches() || name.equals("README.md")) {
            errors.add("name: '" + name + "' is not a file name at the root of the config repository");
        }
        if (text == null) errors.add("text: missing");
        if (message == null || message.isBlank()) errors.add("message: the commit message is empty");
        if (a == null || a.name() == null || a.name().isBlank()) {
            errors.add("author: a name is required");
        } else if (bad(a.name()) || a.email() != null && bad(a.email())) {
            errors.add("author: name and e-mail must not contain '<', '>' or line breaks");
        }
        if (!errors.isEmpty()) throw refused(errors);
        String full = message.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n\nConfig: " + name + "\n";
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

    /** The content of {@code stacks/<stack>.yaml} at the branch head, if the stack exists. */
    public Optional<String> readStack(String stack) throws AuditException {
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            throw new AuditException("'" + stack + "' is not a valid stack name");
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
            throw new AuditException("'" + stack + "' is not a valid stack name");
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
     * The plan merges these to know what the stack managed before.
     */
    public List<CommitInfo> stackVersions(String stack) throws AuditException {
        List<CommitInfo> out = new ArrayList<>();
        for (CommitInfo c : log(0)) {
            if (!stack.equals(c.trailer("Stack"))) continue;
            out.add(c);
            if ("yes".equals(c.trailer("Applied"))) break;
        }
        return out;
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
            for (RevCommit c : rw) {
                if (max > 0 && out.size() >= max) break;
                out.add(info(c, cache, reader));
            }
            return out;
        } catch (IOException e) {
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

    private ObjectId resolveCommit(String rev, String what) throws AuditException {
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

    private AuditException readFailure(IOException e) {
        return new AuditException("cannot read the config repository " + dir + ": " + e.getMessage(), e);
    }

    private CommitInfo info(RevCommit c, Trees.Cache cache, ObjectReader reader) throws IOException {
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

    // ------------------------------------------------------------------------------------------------ verify

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
     * Regeneration is cached by (stack, YAML blob id), hashes by blob id, and only the subtrees that changed are read.
     */
    public VerifyReport verify(Regenerator regenerator) throws AuditException {
        Objects.requireNonNull(regenerator, "regenerator");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = headId();
            if (head == null) return new VerifyReport(0, problems);
            rw.markStart(rw.parseCommit(head));
            Verifier v = new Verifier(new Trees.Cache(reader, 8192), regenerator, problems);
            for (RevCommit c : rw) {
                checked++;
                ObjectId parentTree = null;
                List<ObjectId> otherParentTrees = new ArrayList<>();
                for (int i = 0; i < c.getParentCount(); i++) {
                    ObjectId t = rw.parseCommit(c.getParent(i)).getTree();
                    if (i == 0) parentTree = t;
                    else otherParentTrees.add(t);
                }
                v.check(c, parentTree, otherParentTrees);
            }
        } catch (IOException e) {
            throw readFailure(e);
        } catch (UncheckedIOException e) {
            throw readFailure(e.getCause());
        }
        return new VerifyReport(checked, problems);
    }

    /** Verification state shared across commits: caches by blob id and by (stack, YAML blob id). */
    private static final class Verifier {
        private static final Set<String> ROOTS = Set.of("stacks", "generated");
        private static final ObjectInserter.Formatter IDS = new ObjectInserter.Formatter();

        private final Trees.Cache cache;
        private final Regenerator regenerator;
        private final List<String> problems;
        private final Map<ObjectId, String> sha256 = new HashMap<>();
        private final Map<ObjectId, Object> summaries = new HashMap<>();
        private final Map<String, Object> regenerated = new HashMap<>();
        private final Map<ObjectId, Set<String>> stackNames = new HashMap<>();

        Verifier(Trees.Cache cache, Regenerator regenerator, List<String> problems) {
            this.cache = cache;
            this.regenerator = regenerator;
            this.problems = problems;
        }

        private String shortId(RevCommit c) {
            try {
                return cache.reader().abbreviate(c, 7).name();
            } catch (IOException e) {
                return c.abbreviate(7).name();
            }
        }

        private void problem(RevCommit c, String text) {
            problems.add(shortId(c) + ": " + text);
        }

        /**
         * @param otherParentTrees the trees of a merge's second and later parents (empty for an ordinary commit)
         */
        void check(RevCommit c, ObjectId parentTree, List<ObjectId> otherParentTrees) throws IOException {
            ObjectId tree = c.getTree();
            Map<String, String> trailers = Trailers.parse(c.getFullMessage());
            List<Trees.Change> changes = Trees.diff(cache, parentTree, tree, ROOTS);
            Set<String> reported = checkPlan(c, tree, trailers);
            checkChangedPlans(c, changes, otherParentTrees, trailers, reported);
            checkGenerated(c, tree, changes);
        }

        /**
         * Every plan JSON this commit adds or changes must be the one its trailers describe: {@code Stack: <stack>}
         * and a {@code Plan-Sha256} equal to the file's hash. A plan JSON cannot be regenerated (it depends on the
         * live system), so a commit that changes one without those trailers (a plain {@code git commit}) is an edit
         * by hand. A merge's copy that equals another parent's was taken from there, and is checked at its own commit.
         *
         * @param reported plan JSON paths {@link #checkPlan} already named for this commit
         */
        private void checkChangedPlans(RevCommit c, List<Trees.Change> changes, List<ObjectId> otherParentTrees,
                                       Map<String, String> trailers, Set<String> reported) throws IOException {
            for (Trees.Change ch : changes) {
                String[] parts = ch.path().split("/");
                if (ch.kind() == Trees.Kind.DELETED || parts.length != 3 || !parts[0].equals("generated")
                        || !parts[2].endsWith(PLAN_SUFFIX) || parts[2].length() == PLAN_SUFFIX.length()
                        || reported.contains(ch.path()) || inherited(ch, otherParentTrees)) {
                    continue;
                }
                String stack = parts[2].substring(0, parts[2].length() - PLAN_SUFFIX.length());
                String trailerStack = trailers.get(Trailers.STACK);
                String trailerSha = trailers.get(Trailers.PLAN_SHA256);
                String verb = ch.kind() == Trees.Kind.ADDED ? "added" : "changed";
                if (trailerSha == null || trailerStack == null || !trailerStack.trim().equals(stack)) {
                    problem(c, ch.path() + " was " + verb + " in a commit without the trailers Stack: " + stack
                            + " and Plan-Sha256 that describe it (edited by hand?)");
                    continue;
                }
                String actual = sha256.computeIfAbsent(ch.newId(), id -> hex(blobUnchecked(id)));
                if (!actual.equals(trailerSha.trim())) {
                    problem(c, ch.path() + " has SHA-256 " + actual + " but the Plan-Sha256 trailer says "
                            + trailerSha + " (edited by hand?)");
                }
            }
        }

        /** True when a merge's other parent has the same file at the same path. */
        private boolean inherited(Trees.Change ch, List<ObjectId> otherParentTrees) throws IOException {
            for (ObjectId t : otherParentTrees) {
                Trees.Entry e = cache.lookup(t, ch.path());
                if (e != null && !e.isTree() && e.id().equals(ch.newId())) return true;
            }
            return false;
        }

        /** Checks the commit's Plan-Sha256 / Plan trailers; returns the plan JSON paths it named in a problem. */
        private Set<String> checkPlan(RevCommit c, ObjectId tree, Map<String, String> trailers) throws IOException {
            Set<String> reported = new HashSet<>();
            String expected = trailers.get(Trailers.PLAN_SHA256);
            if (expected == null) return reported;
            String stack = trailers.get(Trailers.STACK);
            if (stack == null || stack.isBlank()) {
                problem(c, "has a Plan-Sha256 trailer but no Stack trailer");
                return reported;
            }
            stack = stack.trim();
            ObjectId gen = cache.subtree(tree, "generated");
            List<String> found = new ArrayList<>();
            Map<String, String> mismatches = new LinkedHashMap<>();
            String matched = null;
            ObjectId matchedId = null;
            if (gen != null) {
                for (Trees.Entry p : cache.entries(gen).values()) {
                    if (!p.isTree()) continue;
                    Trees.Entry f = cache.entries(p.id()).get(stack + PLAN_SUFFIX);
                    if (f == null || f.isTree()) continue;
                    String path = "generated/" + p.name() + "/" + stack + PLAN_SUFFIX;
                    found.add(path);
                    String actual = sha256.computeIfAbsent(f.id(), id -> hex(blobUnchecked(id)));
                    if (actual.equals(expected.trim())) {
                        matched = path;
                        matchedId = f.id();
                    } else {
                        mismatches.put(path, path + " has SHA-256 " + actual + " but the Plan-Sha256 trailer says "
                                + expected + " (edited by hand?)");
                    }
                }
            }
            if (found.isEmpty()) {
                problem(c, "generated/<provider>/" + stack + PLAN_SUFFIX
                        + " is missing, but the commit has a Plan-Sha256 trailer");
                return reported;
            }
            if (matched == null) {
                mismatches.forEach((path, m) -> {
                    reported.add(path);
                    problem(c, m);
                });
                return reported;
            }
            String planTrailer = trailers.get(Trailers.PLAN);
            Object summary = summaries.computeIfAbsent(matchedId, id -> {
                try {
                    return summaryTrailer(JSON.readTree(blobUnchecked(id)));
                } catch (IOException | IllegalArgumentException e) {
                    return new IllegalArgumentException(firstLine(e.getMessage()));
                }
            });
            if (summary instanceof IllegalArgumentException e) {
                problem(c, matched + " is not a plan JSON with a summary (" + e.getMessage() + ")");
            } else if (planTrailer == null) {
                problem(c, "has a Plan-Sha256 trailer but no Plan trailer");
            } else if (!summary.equals(planTrailer.trim())) {
                problem(c, matched + " summary is '" + summary + "' but the Plan trailer says '" + planTrailer + "'");
            }
            return reported;
        }

        /** @param changes the files under stacks/ and generated/ that differ from the first parent */
        private void checkGenerated(RevCommit c, ObjectId tree, List<Trees.Change> changes) throws IOException {
            if (changes.isEmpty()) return;
            Set<String> names = null;
            Set<String> toCheck = new LinkedHashSet<>();
            for (Trees.Change ch : changes) {
                String path = ch.path();
                String[] parts = path.split("/");
                if (parts[0].equals("stacks")) {
                    if (parts.length == 2 && parts[1].endsWith(".yaml") && parts[1].length() > 5) {
                        toCheck.add(parts[1].substring(0, parts[1].length() - 5));
                    }
                } else if (parts.length == 3) {
                    if (names == null) names = names(tree);
                    String owner = owner(parts[2], names);
                    if (owner == null) {
                        if (ch.kind() != Trees.Kind.DELETED) {
                            String guess = parts[2].contains(".") ? parts[2].substring(0, parts[2].indexOf('.')) : parts[2];
                            problem(c, path + " has no stack file (stacks/" + guess + ".yaml is absent)");
                        }
                    } else if (!parts[2].endsWith(PLAN_SUFFIX)) {
                        toCheck.add(owner);
                    }
                }
            }
            for (String stack : toCheck) {
                String stackPath = "stacks/" + stack + ".yaml";
                Trees.Entry yaml = cache.lookup(tree, stackPath);
                if (yaml == null || yaml.isTree()) {
                    leftovers(c, tree, stack);
                    continue;
                }
                String key = stack + "\u0000" + yaml.id().name();
                Object expected = regenerated.get(key);
                if (expected == null) {
                    expected = regenerate(stack, stackPath, new String(cache.blob(yaml.id()), StandardCharsets.UTF_8));
                    regenerated.put(key, expected);
                }
                if (expected instanceof String reason) {
                    problem(c, reason);
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, ObjectId> ids = (Map<String, ObjectId>) expected;
                for (Map.Entry<String, ObjectId> e : ids.entrySet()) {
                    Trees.Entry actual = cache.lookup(tree, e.getKey());
                    if (actual == null || actual.isTree()) {
                        problem(c, e.getKey() + " is missing (" + stackPath + " generates it)");
                    } else if (!actual.id().equals(e.getValue())) {
                        problem(c, e.getKey() + " does not match " + stackPath + " (edited by hand?)");
                    }
                }
            }
        }

        /** Expected blob ids by path, or the reason the stack cannot be rendered. */
        private Object regenerate(String stack, String stackPath, String yaml) {
            try {
                Map<String, String> files = regenerator.regenerate(stack, yaml);
                Map<String, ObjectId> ids = new TreeMap<>();
                if (files != null) {
                    files.forEach((p, t) -> ids.put(p, IDS.idFor(Constants.OBJ_BLOB,
                            t == null ? new byte[0] : t.getBytes(StandardCharsets.UTF_8))));
                }
                return ids;
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
                return stackPath + " cannot be regenerated: " + why;
            }
        }

        /** The stack file is gone: any generated file of the stack still in the tree is a problem. */
        private void leftovers(RevCommit c, ObjectId tree, String stack) throws IOException {
            ObjectId gen = cache.subtree(tree, "generated");
            if (gen == null) return;
            Set<String> names = new HashSet<>(names(tree));
            names.add(stack);
            for (Trees.Entry p : cache.entries(gen).values()) {
                if (!p.isTree()) continue;
                for (Trees.Entry f : cache.entries(p.id()).values()) {
                    if (!f.isTree() && stack.equals(owner(f.name(), names))) {
                        problem(c, "generated/" + p.name() + "/" + f.name() + " has no stack file (stacks/" + stack
                                + ".yaml is absent)");
                    }
                }
            }
        }

        private Set<String> names(ObjectId tree) throws IOException {
            ObjectId stacks = cache.subtree(tree, "stacks");
            ObjectId key = stacks == null ? ObjectId.zeroId() : stacks;
            Set<String> n = stackNames.get(key);
            if (n == null) {
                n = stackNames(cache, tree);
                stackNames.put(key, n);
            }
            return n;
        }

        private byte[] blobUnchecked(ObjectId id) {
            try {
                return cache.blob(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ export

    /**
     * Writes a git bundle of the branch at {@code out} plus {@code out.manifest.json} and {@code out.manifest.txt}.
     * The bundle always holds the complete history so that it can be cloned and verified on its own; {@code sinceRev}
     * only limits which commits the manifest lists (those after it). The manifest holds the bundle's SHA-256, the head
     * commit, per listed commit its id, author, date (ISO-8601 UTC), subject, trailers and the files it added, modified
     * (with their SHA-256) or deleted, and the SHA-256 of every file in the head tree.
     *
     * @param out      the bundle file to write (parent directories are created)
     * @param sinceRev nullable; any revision JGit resolves
     * @throws AuditException for an unknown {@code sinceRev}, an empty repository, content that looks like a secret
     *                        anywhere in the history, or an I/O failure
     */
    public ExportResult export(Path out, String sinceRev) throws AuditException {
        Objects.requireNonNull(out, "out");
        Path bundle = out.toAbsolutePath().normalize();
        Path manifestJson = bundle.resolveSibling(bundle.getFileName() + ".manifest.json");
        Path manifestText = bundle.resolveSibling(bundle.getFileName() + ".manifest.txt");
        if (Files.isDirectory(bundle)) throw new AuditException("cannot export to " + bundle + ": it is a directory");
        if (bundle.startsWith(dir)) {
            throw new AuditException("cannot export to " + bundle + ": it is inside the config repository " + dir
                    + "; choose a path outside it");
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            ObjectId head = headId();
            if (head == null) throw new AuditException("nothing to export: " + dir + " has no commits");
            ObjectId since = sinceRev == null || sinceRev.isBlank() ? null : resolveCommit(sinceRev, "--since");
            Trees.Cache cache = new Trees.Cache(reader, 4096);
            Map<ObjectId, String> hashes = new HashMap<>();

            List<String> secrets = scanHistory(reader, cache, head);
            if (!secrets.isEmpty()) {
                int shown = Math.min(secrets.size(), 20);
                throw new AuditException("refusing to export " + dir + ": the history contains content that looks like "
                        + "a secret (rewrite the history and rotate the secret):\n  "
                        + String.join("\n  ", secrets.subList(0, shown))
                        + (secrets.size() > shown ? "\n  … and " + (secrets.size() - shown) + " more" : ""));
            }

            // the bundle: complete history of the branch, plus HEAD so a clone checks it out
            Files.createDirectories(bundle.getParent());
            Path tmp = tempSibling(bundle);
            try {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                    BundleWriter bw = new BundleWriter(reader);
                    bw.include(branch, head);
                    bw.include(Constants.HEAD, head);
                    bw.writeBundle(NullProgressMonitor.INSTANCE, os);
                }
                move(tmp, bundle);
            } finally {
                Files.deleteIfExists(tmp);
            }
            String bundleSha = fileSha256(bundle);
            long bundleBytes = Files.size(bundle);

            // the manifest
            List<Map<String, Object>> commits = new ArrayList<>();
            try (RevWalk rw = new RevWalk(reader)) {
                rw.sort(RevSort.TOPO, true);
                rw.sort(RevSort.REVERSE, true);
                rw.markStart(rw.parseCommit(head));
                if (since != null) rw.markUninteresting(rw.parseCommit(since));
                for (RevCommit c : rw) {
                    ObjectId parentTree = c.getParentCount() == 0 ? null : rw.parseCommit(c.getParent(0)).getTree();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", c.name());
                    m.put("parents", java.util.Arrays.stream(c.getParents()).map(RevCommit::name).toList());
                    PersonIdent a = c.getAuthorIdent();
                    m.put("author", Map.of("name", a.getName(), "email", a.getEmailAddress()));
                    m.put("date", DateTimeFormatter.ISO_INSTANT.format(a.getWhenAsInstant()));
                    m.put("subject", c.getShortMessage());
                    m.put("trailers", Trailers.parse(c.getFullMessage()));
                    List<Map<String, Object>> files = new ArrayList<>();
                    for (Trees.Change ch : Trees.diff(cache, parentTree, c.getTree(), null)) {
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("path", ch.path());
                        f.put("change", ch.kind().name().toLowerCase(java.util.Locale.ROOT));
                        f.put("sha256", ch.kind() == Trees.Kind.DELETED ? null
                                : hashes.computeIfAbsent(ch.newId(), id -> hex(blobUnchecked(cache, id))));
                        files.add(f);
                    }
                    m.put("files", files);
                    commits.add(m);
                }
            }
            List<Map<String, Object>> headFiles = new ArrayList<>();
            try (RevWalk rw = new RevWalk(reader)) {
                listFiles(cache, rw.parseCommit(head).getTree(), "", (path, e) -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("path", path);
                    f.put("sha256", hashes.computeIfAbsent(e.id(), id -> hex(blobUnchecked(cache, id))));
                    headFiles.add(f);
                });
            }

            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", "mlpc-audit-export/1");
            manifest.put("repository", dir.toString());
            manifest.put("branch", Repository.shortenRefName(branch));
            manifest.put("head", head.name());
            manifest.put("exportedAt", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("file", bundle.getFileName().toString());
            b.put("sha256", bundleSha);
            b.put("bytes", bundleBytes);
            b.put("history", "complete");
            manifest.put("bundle", b);
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("since", since == null ? null : sinceRev);
            range.put("sinceCommit", since == null ? null : since.name());
            range.put("commits", commits.size());
            manifest.put("range", range);
            manifest.put("commits", commits);
            manifest.put("headFiles", headFiles);

            writeAtomically(manifestJson, (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
            writeAtomically(manifestText, renderManifest(manifest).getBytes(StandardCharsets.UTF_8));
            return new ExportResult(bundle, manifestJson, manifestText, commits.size(), bundleSha);
        } catch (IOException e) {
            throw new AuditException("cannot export " + dir + " to " + bundle + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new AuditException("cannot export " + dir + " to " + bundle + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Every distinct blob added or changed anywhere in the history, scanned once. */
    private List<String> scanHistory(ObjectReader reader, Trees.Cache cache, ObjectId head) throws IOException {
        List<String> findings = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        try (RevWalk rw = new RevWalk(reader)) {
            rw.markStart(rw.parseCommit(head));
            for (RevCommit c : rw) {
                for (RevCommit p : c.getParents().length == 0 ? new RevCommit[]{null} : c.getParents()) {
                    ObjectId parentTree = p == null ? null : rw.parseCommit(p).getTree();
                    for (Trees.Change ch : Trees.diff(cache, parentTree, c.getTree(), null)) {
                        if (ch.newId() == null || !seen.add(ch.newId())) continue;
                        if (reader.getObjectSize(ch.newId(), Constants.OBJ_BLOB) > 8L * 1024 * 1024) continue;
                        byte[] bytes = cache.blob(ch.newId());
                        if (looksBinary(bytes)) continue;
                        for (String f : SecretScanner.scan(ch.path(), new String(bytes, StandardCharsets.UTF_8))) {
                            findings.add(reader.abbreviate(c, 7).name() + ": " + f);
                        }
                    }
                }
                for (String f : SecretScanner.scan("commit message", c.getFullMessage())) {
                    findings.add(reader.abbreviate(c, 7).name() + ": " + f);
                }
            }
        }
        return findings;
    }

    private static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8000);
        for (int i = 0; i < n; i++) if (bytes[i] == 0) return true;
        return false;
    }

    @FunctionalInterface
    private interface FileVisitor {
        void visit(String path, Trees.Entry entry) throws IOException;
    }

    private static void listFiles(Trees.Cache cache, ObjectId tree, String prefix, FileVisitor v) throws IOException {
        List<Trees.Entry> entries = new ArrayList<>(cache.entries(tree).values());
        entries.sort((x, y) -> x.name().compareTo(y.name()));
        for (Trees.Entry e : entries) {
            if (e.isTree()) listFiles(cache, e.id(), prefix + e.name() + "/", v);
            else v.visit(prefix + e.name(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static String renderManifest(Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        Map<String, Object> bundle = (Map<String, Object>) m.get("bundle");
        Map<String, Object> range = (Map<String, Object>) m.get("range");
        List<Map<String, Object>> commits = (List<Map<String, Object>>) m.get("commits");
        List<Map<String, Object>> headFiles = (List<Map<String, Object>>) m.get("headFiles");
        b.append("mlpc audit export\n=================\n\n");
        b.append("Repository:     ").append(m.get("repository")).append('\n');
        b.append("Branch:         ").append(m.get("branch")).append('\n');
        b.append("Head commit:    ").append(m.get("head")).append('\n');
        b.append("Exported at:    ").append(m.get("exportedAt")).append('\n');
        b.append("Bundle:         ").append(bundle.get("file")).append(" (").append(bundle.get("bytes"))
                .append(" bytes, complete history)\n");
        b.append("Bundle SHA-256: ").append(bundle.get("sha256")).append('\n');
        b.append("Commits listed: ").append(commits.size());
        if (range.get("since") != null) {
            b.append(" (after ").append(range.get("since")).append(" = ").append(range.get("sinceCommit")).append(')');
        } else {
            b.append(" (all)");
        }
        b.append("\n\nCheck it with:\n  sha256sum ").append(bundle.get("file")).append("   # must print the SHA-256 above\n")
                .append("  git clone ").append(bundle.get("file")).append(" audit-copy\n")
                .append("  cd audit-copy && git bundle verify ../").append(bundle.get("file")).append('\n');
        int i = 0;
        for (Map<String, Object> c : commits) {
            i++;
            Map<String, String> author = (Map<String, String>) c.get("author");
            b.append("\n--- Commit ").append(i).append(" of ").append(commits.size()).append(": ").append(c.get("id"))
                    .append('\n');
            b.append("  Subject: ").append(c.get("subject")).append('\n');
            b.append("  Author:  ").append(author.get("name")).append(" <").append(author.get("email")).append(">\n");
            b.append("  Date:    ").append(c.get("date")).append('\n');
            Map<String, String> trailers = (Map<String, String>) c.get("trailers");
            for (Map.Entry<String, String> t : trailers.entrySet()) {
                b.append("  ").append(t.getKey()).append(": ").append(t.getValue()).append('\n');
            }
            List<Map<String, Object>> files = (List<Map<String, Object>>) c.get("files");
            b.append("  Files:\n");
            if (files.isEmpty()) b.append("    (none)\n");
            for (Map<String, Object> f : files) {
                b.append("    ").append(String.format("%-9s", f.get("change"))).append(' ')
                        .append(f.get("sha256") == null ? String.format("%-64s", "-") : f.get("sha256"))
                        .append("  ").append(f.get("path")).append('\n');
            }
        }
        b.append("\n--- Files at the head commit (").append(headFiles.size()).append(")\n");
        for (Map<String, Object> f : headFiles) {
            b.append("  ").append(f.get("sha256")).append("  ").append(f.get("path")).append('\n');
        }
        return b.toString();
    }

    private static byte[] blobUnchecked(Trees.Cache cache, ObjectId id) {
        try {
            return cache.blob(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = tempSibling(target);
        try {
            Files.write(tmp, bytes);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new, empty file beside {@code target}, created with the default permissions (readable by auditors). */
    private static Path tempSibling(Path target) throws IOException {
        for (int i = 0; ; i++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(
                    ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (i > 10) throw e;
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String fileSha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return Plan.sha256(bytes);
    }

    // ------------------------------------------------------------------------------------------------ README

    static final String README = """
            # mlpc configuration repository

            This repository is written by ML Platform Console (`mlpc`). Every change to a stack is one commit, so the
            history answers who changed what, when, why, and which plan was reviewed. It is an ordinary git repository:
            any git tool can read it.

            ## Layout

            - `stacks/<stack>.yaml` - the desired state of one stack, exactly as written by a person or a wizard.
            - `generated/<provider>/<stack>.*` - what mlpc rendered from that stack in the same commit, for example
              `generated/postgres/<stack>.sql` (the statements) and `generated/postgres/<stack>.plan.json` (the plan that
              was reviewed). These files are regenerated on every commit; do not edit them by hand: `mlpc verify` finds it.
            - `journal/<stack>/<time>-<id>.json` - what an apply executed, statement by statement, with its outcome and
              duration.

            Secrets never appear here. Passwords and keys are references such as `${env:PG_PASSWORD}` or
            `${keychain:service/account}`, and a commit whose content looks like a secret is refused.

            ## Commit trailers

            Every stack commit message ends with git trailers, in this order:

                Stack: <stack name>
                Plan: +<create> ~<update> -<drop>   (and -/+<replace> when something is replaced)
                Plan-Sha256: <SHA-256 of generated/<provider>/<stack>.plan.json>
                Applied: no | yes | failed (<reason>)

            Read them with any git tool, for example:

                git log --format='%h %an %aI %(trailers:key=Stack,valueonly,separator=) %(trailers:key=Plan,valueonly,separator=)'

            ## Checking and exporting

            - `mlpc log --repo DIR` shows who, when, stack, plan and whether it was applied.
            - `mlpc verify --repo DIR` checks every commit: the plan hash against its plan JSON, and the generated files
              against the stack file they come from. It names any commit that does not match.
            - `mlpc export --repo DIR --out FILE [--since REV]` writes a git bundle with the complete history
              (`git bundle verify FILE`, `git clone FILE`) and a manifest for auditors (`FILE.manifest.json`,
              `FILE.manifest.txt`) with the SHA-256 of every file.
            """;
}
