package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.CanonicalJson;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write-ahead journal of one apply: {@code MLPC_HOME/journal-wal/<run id>.jsonl}, one JSON object a line, each
 * written and forced to disk ({@code fsync}) before the apply goes on.
 * <ol>
 *   <li>{@code begin}: the run id, the process, the config repository, the commit that will record the apply (stack
 *       file, generated files, plan trailers, message, author), the journal's path and header, and every statement
 *       of the plan in display form (never a secret);</li>
 *   <li>{@code intent} with a statement's index, before it goes to the system; {@code returned} when it came back
 *       done (inside a transaction: not yet committed);</li>
 *   <li>{@code result}: the finished journal and its {@code Applied:} trailer, once the apply returned.</li>
 * </ol>
 * The file is locked while its apply runs ({@link FileChannel#lock()}); the operating system drops the lock when the
 * process ends, however it ends. The audit commit of the apply removes the file. A file still there at the next start
 * whose lock can be taken belongs to an apply that never got its commit: {@link #recover} commits it.
 */
final class WriteAheadJournal implements AutoCloseable {
    static final String DIR = "journal-wal";
    static final String SUFFIX = ".jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WriteAheadJournal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    Path file() {
        return file;
    }

    /**
     * Creates the journal of run {@code runId} in {@code dir}, locked, with its {@code begin} line on disk.
     *
     * @param commit      the commit that will record the apply, without its outcome
     * @param repository  the config repository's working tree
     * @param journalHead the journal's fields before its outcome (stack, connection, plan hash, …)
     */
    static WriteAheadJournal begin(Path dir, String runId, Path repository, StackCommit commit, String journalPath,
                                   Map<String, Object> journalHead, Plan plan) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("stack", commit.stack());
        c.put("provider", commit.provider());
        c.put("stackYaml", commit.stackYaml());
        c.put("generated", commit.generated());
        c.put("planTrailer", commit.planTrailer());
        c.put("planSha256", commit.planSha256());
        c.put("message", commit.message());
        c.put("author", Map.of("name", commit.author().name(), "email", commit.author().email() == null ? "" : commit.author().email()));
        if (!commit.trailers().isEmpty()) c.put("trailers", commit.trailers());
        return begin(dir, runId, repository, c, journalPath, journalHead, plan);
    }

    /**
     * Like {@link #begin(Path, String, Path, StackCommit, String, Map, Plan)} for a run outside any stack, recorded by
     * {@code ConfigRepository.commitRecord}: the begin line's {@code commit} is {@code record} (its kind),
     * {@code message} and {@code author}.
     */
    static WriteAheadJournal beginRecord(Path dir, String runId, Path repository, String kind, String message,
                                         Author author, String journalPath, Map<String, Object> journalHead, Plan plan)
            throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("record", kind);
        c.put("message", message);
        c.put("author", Map.of("name", author.name(), "email", author.email() == null ? "" : author.email()));
        return begin(dir, runId, repository, c, journalPath, journalHead, plan);
    }

    private static WriteAheadJournal begin(Path dir, String runId, Path repository, Map<String, Object> c, String journalPath,
                                           Map<String, Object> journalHead, Plan plan) throws IOException {
        createPrivateDirectory(dir);
        Path file = dir.resolve(runId + SUFFIX);
        FileChannel ch = posix(dir)
                ? FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
        WriteAheadJournal wal = new WriteAheadJournal(file, ch, lock);
        try {
            forceDirectory(dir);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("type", "begin");
            b.put("run", runId);
            b.put("pid", ProcessHandle.current().pid());
            b.put("started", Instant.now().toString());
            b.put("repository", repository.toAbsolutePath().toString());
            b.put("commit", c);
            b.put("journalPath", journalPath);
            b.put("journal", journalHead);
            b.put("statements", statements(plan));
            wal.append(b);
        } catch (IOException | RuntimeException e) {
            wal.discard();
            throw e;
        }
        return wal;
    }

    /** The plan's statements in the order the plan runner runs them: per actionable change, its statements. */
    static List<Map<String, Object>> statements(Plan plan) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Change> changes = plan.actionable();
        for (int i = 0; i < changes.size(); i++) {
            Change ch = changes.get(i);
            for (Statement st : ch.statements()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("change", i);
                m.put("resource", ch.type() + " " + ch.name());
                m.put("action", ch.action().json());
                Object display = st.display();
                m.put("statement", display instanceof String ? display : CanonicalJson.canonical(display));
                out.add(m);
            }
        }
        return out;
    }

    /** One line, forced to disk before this returns. */
    synchronized void append(Map<String, Object> line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    /** Progress that records each statement's intent (before it runs) and its return, then passes everything on. */
    Progress recording(Progress delegate) {
        return new Progress() {
            @Override public void status(String message) { delegate.status(message); }
            @Override public void worked(long done, long total) { delegate.worked(done, total); }
            @Override public boolean cancelled() { return delegate.cancelled(); }

            @Override
            public void statementStarting(int index, int total) {
                try {
                    append(Map.of("type", "intent", "index", index));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the write-ahead journal " + file + ": " + e.getMessage(), e);
                }
                delegate.statementStarting(index, total);
            }

            @Override
            public void statementReturned(int index) {
                try {
                    append(Map.of("type", "returned", "index", index));
                } catch (IOException e) {
                    // the intent is on disk: at worst the statement is recorded as unknown
                }
                delegate.statementReturned(index);
            }
        };
    }

    /** Records the finished journal and its trailer: from here on the outcome is known even if the commit never happens. */
    void result(String journalJson, String applied) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "result");
        m.put("applied", applied);
        m.put("journal", journalJson);
        append(m);
    }

    /** Releases the lock and removes the file: its apply is recorded in the config repository. */
    void discard() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file is recovered at the next start; its run id's journal already exists there, so the
            // recovery commit is refused as a duplicate and the file is then removed
        }
    }

    /** Releases the lock, keeping the file (an apply whose audit commit failed: the next start commits it). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory (Windows): the file's own force still holds its content
        }
    }

    // ------------------------------------------------------------------------------------------------ recovery

    /** What a write-ahead journal left behind says. */
    record Leftover(Path file, String runId, long pid, Path repository, StackCommit commit, String journalPath,
                    String journalJson, String applied, List<String> unknown, int total, boolean interrupted,
                    String record) { }

    /**
     * Reads a leftover write-ahead journal (the caller holds its lock, see {@link #lockIfAbandoned}); {@code null} when
     * the file has no complete {@code begin} line (nothing ran: the begin line is forced to disk before the first
     * statement). A truncated last line (the process died writing it) is ignored.
     */
    static Leftover read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String l : text.split("\n")) {
            if (l.isBlank()) continue;
            try {
                lines.add(JSON.readTree(l));
            } catch (IOException e) {
                break;
            }
        }
        if (lines.isEmpty() || !"begin".equals(lines.get(0).path("type").asText())) return null;
        JsonNode b = lines.get(0);
        JsonNode c = b.path("commit");
        Map<String, String> generated = new LinkedHashMap<>();
        c.path("generated").fields().forEachRemaining(e -> generated.put(e.getKey(), e.getValue().asText()));
        String runId = b.path("run").asText();
        StackCommit commit = new StackCommit(c.path("stack").asText(), c.path("provider").asText(),
                c.path("stackYaml").asText(), generated, textOrNull(c, "planTrailer"), textOrNull(c, "planSha256"),
                "no", c.path("message").asText(), new Author(c.path("author").path("name").asText(),
                c.path("author").path("email").asText()), null, null, runId);
        Map<String, String> trailers = new LinkedHashMap<>();
        c.path("trailers").fields().forEachRemaining(e -> trailers.put(e.getKey(), e.getValue().asText()));
        commit = commit.withTrailers(trailers);
        JsonNode statements = b.path("statements");
        int total = statements.size();
        Map<Integer, String> state = new LinkedHashMap<>();
        String journal = null;
        String applied = null;
        for (JsonNode l : lines.subList(1, lines.size())) {
            switch (l.path("type").asText()) {
                case "intent" -> state.put(l.path("index").asInt(), "intent");
                case "returned" -> state.put(l.path("index").asInt(), "returned");
                case "result" -> {
                    journal = l.path("journal").asText();
                    applied = l.path("applied").asText();
                }
                default -> { }
            }
        }
        List<String> unknown = new ArrayList<>();
        boolean interrupted = journal == null;
        if (interrupted) {
            ObjectNode j = ((ObjectNode) b.path("journal")).deepCopy();
            j.put("finished", (String) null);
            j.put("outcome", "interrupted");
            j.put("failure", "the apply was interrupted (its process ended before it finished); recorded at the next start "
                    + Instant.now());
            var arr = j.putArray("statements");
            for (int i = 0; i < total; i++) {
                JsonNode s = statements.get(i);
                ObjectNode m = arr.addObject();
                m.put("change", s.path("change").asInt());
                m.put("resource", s.path("resource").asText());
                m.set("statement", s.path("statement"));
                String st = state.get(i);
                m.put("outcome", st == null ? "not_run" : "unknown");
                if (st != null) {
                    m.put("note", st.equals("returned")
                            ? "the system returned it done, but the apply ended before its transaction was known to commit"
                            : "sent to the system; the apply ended before it returned");
                    unknown.add(s.path("action").asText() + " " + s.path("resource").asText() + ": " + oneLine(s.path("statement")));
                }
            }
            journal = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j) + "\n";
            applied = "interrupted (" + unknown.size() + "/" + total + " statements unknown)";
        }
        return new Leftover(file, runId, b.path("pid").asLong(), Path.of(b.path("repository").asText()), commit,
                b.path("journalPath").asText(), journal, applied, unknown, total, interrupted, textOrNull(c, "record"));
    }

    private static String oneLine(JsonNode statement) {
        String s = statement.isTextual() ? statement.asText() : statement.toString();
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Tries to lock a leftover file; {@code null} when its apply is alive (another process, or this JVM). */
    static FileChannel lockIfAbandoned(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} (owner only, 0700, where POSIX permissions exist) or narrows an existing one to 0700: the
     * journal holds the statements an apply runs, which are the operator's alone to read.
     */
    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
