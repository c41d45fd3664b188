package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.TargetLock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The apply lock of a target without a server-side lock (Snowflake, the clouds): a file
 * {@code <dir>/<target>.json} — {@code dir} is the config repository's {@code .git/mlpc/locks} — holding the target,
 * the owner ({@code user@host pid N}), the stack, the run id and when it was taken. It is created atomically; a second
 * apply waits for it to go, up to its wait, then refuses naming the holder and its age. A lock is stale — taken over —
 * when its process is gone (same host, pid not alive) or it is older than {@link #MAX_AGE}. Checking and taking happen
 * under a short file lock ({@code .guard}), so two processes never both take over one stale lock.
 */
final class TargetLockFile implements TargetLock {
    /** A lock older than this is stale whatever its process: no apply runs this long. */
    static final Duration MAX_AGE = Duration.ofHours(12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ReentrantLock> GUARDS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 200;

    private final Path file;
    private final String runId;
    private final String description;

    private TargetLockFile(Path file, String runId, String description) {
        this.file = file;
        this.runId = runId;
        this.description = description;
    }

    /** The lock file's name for a target: its safe characters and a short hash (two targets never share one). */
    static String fileName(String target) {
        String safe = target.replaceAll("[^A-Za-z0-9_.-]+", "_");
        if (safe.length() > 60) safe = safe.substring(0, 60);
        return safe + "-" + Plan.sha256(target.getBytes(StandardCharsets.UTF_8)).substring(0, 10) + ".json";
    }

    static TargetLockFile acquire(Path dir, String target, TargetLock.Request request) throws ProviderException {
        Path file = dir.resolve(fileName(target));
        String description = "the apply lock of " + target + " (" + file + ")";
        long deadline = System.nanoTime() + Math.max(0, request.maxWait().toNanos());
        long from = System.nanoTime();
        try {
            Files.createDirectories(dir);
            boolean told = false;
            while (true) {
                String holder = tryTake(dir, file, target, request);
                if (holder == null) return new TargetLockFile(file, request.runId(), description);
                boolean late = System.nanoTime() - deadline >= 0;
                if (!late && !told) {
                    told = true;
                    request.waiting(description, holder);
                }
                if (late) {
                    long waited = (System.nanoTime() - from) / 1_000_000_000L;
                    throw new ProviderException("another apply holds " + description + ": " + holder
                            + (waited > 0 ? "; waited " + waited + " s" : "")
                            + ". Nothing was run; apply again once it has finished (settings.yaml apply_lock_wait sets how long to wait)");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot take " + description + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for " + description + "; nothing was run");
        }
    }

    /** Takes the lock (null), or says who holds it. */
    private static String tryTake(Path dir, Path file, String target, TargetLock.Request request) throws IOException {
        ReentrantLock inJvm = GUARDS.computeIfAbsent(dir.toAbsolutePath().normalize().toString(), k -> new ReentrantLock());
        inJvm.lock();
        try (FileChannel g = FileChannel.open(dir.resolve(".guard"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = g.lock()) {
            JsonNode held = read(file);
            if (held != null) {
                String stale = staleness(held);
                if (stale == null) return describe(held);
                Files.deleteIfExists(file);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", target);
            m.put("owner", request.owner());
            m.put("host", Owner.host());
            m.put("pid", ProcessHandle.current().pid());
            m.put("stack", request.stack());
            m.put("run", request.runId());
            m.put("started", Instant.now().toString());
            try {
                Files.write(file, (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            } catch (FileAlreadyExistsException e) {
                JsonNode now = read(file);
                return now == null ? "another apply (just started)" : describe(now);
            }
            return null;
        } finally {
            inJvm.unlock();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // a lock file cut short (its process died while writing it): stale
            return JSON.createObjectNode();
        }
    }

    /** Why a held lock is stale, or null while its holder may still be running. */
    static String staleness(JsonNode held) {
        Instant started;
        try {
            started = Instant.parse(held.path("started").asText());
        } catch (RuntimeException e) {
            return "unreadable";
        }
        if (Duration.between(started, Instant.now()).compareTo(MAX_AGE) > 0) return "older than " + MAX_AGE.toHours() + " h";
        if (Owner.host().equals(held.path("host").asText())) {
            long pid = held.path("pid").asLong(-1);
            if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return "its process " + pid + " is gone";
        }
        return null;
    }

    private static String describe(JsonNode held) {
        String age;
        try {
            age = dev.mlpc.app.TargetLockFile.age(Duration.between(Instant.parse(held.path("started").asText()), Instant.now()).toSeconds());
        } catch (RuntimeException e) {
            age = "an unknown time";
        }
        return held.path("owner").asText("?") + ", stack " + held.path("stack").asText("?") + ", run "
                + held.path("run").asText("?") + ", held for " + age;
    }

    static String age(long seconds) {
        if (seconds < 120) return seconds + " s";
        if (seconds < 7200) return (seconds / 60) + " min";
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    @Override
    public String description() {
        return description;
    }

    /** Removes the lock file, if it is still this apply's. */
    @Override
    public void close() {
        try {
            JsonNode held = read(file);
            if (held != null && runId.equals(held.path("run").asText())) Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind: stale once this process is gone
        }
    }

    /** Who the owner of a lock is: {@code user@host pid N}. */
    static final class Owner {
        private static volatile String host;

        private Owner() { }

        static String host() {
            String h = host;
            if (h == null) {
                // no name lookup (InetAddress.getLocalHost would ask the resolver): the environment, else /etc/hostname
                h = System.getenv("HOSTNAME");
                if (h == null || h.isBlank()) h = System.getenv("COMPUTERNAME");
                if (h == null || h.isBlank()) {
                    try {
                        h = Files.readString(Path.of("/etc/hostname")).trim();
                    } catch (IOException | RuntimeException e) {
                        h = null;
                    }
                }
                if (h == null || h.isBlank()) h = "localhost";
                host = h;
            }
            return h;
        }

        static String current() {
            return System.getProperty("user.name", "?") + "@" + host() + " pid " + ProcessHandle.current().pid();
        }
    }
}
