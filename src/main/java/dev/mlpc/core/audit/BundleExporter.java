package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.BundleWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ConfigRepository#export}: a git bundle of the branch with its complete history, plus a manifest for auditors
 * ({@code BUNDLE.manifest.json}, {@code BUNDLE.manifest.txt}).
 */
final class BundleExporter {
    /** The message of an export the user cancelled (through the report's progress) before it wrote anything. */
    static final String CANCELLED = "export cancelled; nothing was written";
    private final ConfigRepository owner;

    BundleExporter(ConfigRepository owner) {
        this.owner = owner;
    }

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
    ExportResult export(Path out, String sinceRev) throws AuditException {
        return export(out, sinceRev, HistoryAnchor.NONE);
    }

    /**
     * {@link #export(Path, String)}, the manifest also naming the repository's root commit, the head's
     * {@code Record-Sha256} (the end of the record chain) and {@code lastVerified}: the root and head the last
     * successful {@code verify} recorded ({@code anchor}), so a later export or verify can tell a rewrite or a swap.
     */
    ExportResult export(Path out, String sinceRev, HistoryAnchor anchor) throws AuditException {
        return export(out, sinceRev, anchor, null);
    }

    /**
     * {@link #export(Path, String, HistoryAnchor)}, and with {@code report} also {@code out.report.html}: the
     * self-contained HTML audit report of the same commits as the manifest ({@link AuditReport},
     * {@link AuditReportWriter}). The report is built and scanned for secrets before anything is written: a report that
     * would contain one is refused and no file is written.
     */
    ExportResult export(Path out, String sinceRev, HistoryAnchor anchor, AuditReport.Options report) throws AuditException {
        Objects.requireNonNull(out, "out");
        Path dir = owner.directory();
        Path bundle = out.toAbsolutePath().normalize();
        Path manifestJson = bundle.resolveSibling(bundle.getFileName() + ".manifest.json");
        Path manifestText = bundle.resolveSibling(bundle.getFileName() + ".manifest.txt");
        if (Files.isDirectory(bundle)) throw new AuditException("cannot export to " + bundle + ": it is a directory");
        if (bundle.startsWith(dir)) {
            throw new AuditException("cannot export to " + bundle + ": it is inside the config repository " + dir
                    + "; choose a path outside it");
        }
        try (ObjectReader reader = owner.git().newObjectReader()) {
            ObjectId head = owner.headId();
            if (head == null) throw new AuditException("nothing to export: " + dir + " has no commits");
            ObjectId since = sinceRev == null || sinceRev.isBlank() ? null : owner.resolveCommit(sinceRev, "--since");
            Trees.Cache cache = new Trees.Cache(reader, 4096);
            Map<ObjectId, String> hashes = new HashMap<>();
            String exportedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

            List<String> secrets = scanHistory(reader, cache, head);
            if (!secrets.isEmpty()) {
                int shown = Math.min(secrets.size(), 20);
                throw new AuditException("refusing to export " + dir + ": the history contains content that looks like "
                        + "a secret (rewrite the history and rotate the secret):\n  "
                        + String.join("\n  ", secrets.subList(0, shown))
                        + (secrets.size() > shown ? "\n  … and " + (secrets.size() - shown) + " more" : ""));
            }

            // the report: built and checked before anything is written
            String reportHtml = null;
            Path reportFile = AuditReportWriter.reportPath(bundle);
            if (report != null) {
                report.progress().status("verifying the history for the report");
                VerifyReport verify = new HistoryVerifier(owner).verify(report.regenerator(), anchor);
                if (report.progress().cancelled()) throw new AuditException(CANCELLED);
                AuditReport model = AuditReport.build(owner, reader, cache, head, since, sinceRev, verify,
                        manifestJson.getFileName().toString(), exportedAt, report);
                report.progress().status("writing the report");
                reportHtml = AuditReportWriter.html(model, report.governance());
                List<String> found = SecretScanner.scan(reportFile.getFileName().toString(), reportHtml);
                if (!found.isEmpty()) {
                    throw new AuditException("refusing to write the audit report " + reportFile + ": it would contain"
                            + " content that looks like a secret; nothing was exported:\n  "
                            + String.join("\n  ", found.subList(0, Math.min(found.size(), 20))));
                }
            }

            // the bundle: complete history of the branch, plus HEAD so a clone checks it out
            Files.createDirectories(bundle.getParent());
            Path tmp = tempSibling(bundle);
            try {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                    BundleWriter bw = new BundleWriter(reader);
                    bw.include(owner.branch(), head);
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
                                : hashes.computeIfAbsent(ch.newId(), id -> ConfigRepository.hex(blobUnchecked(cache, id))));
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
                    f.put("sha256", hashes.computeIfAbsent(e.id(), id -> ConfigRepository.hex(blobUnchecked(cache, id))));
                    headFiles.add(f);
                });
            }

            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", "mlpc-audit-export/1");
            manifest.put("repository", dir.toString());
            manifest.put("branch", Repository.shortenRefName(owner.branch()));
            manifest.put("head", head.name());
            try (RevWalk rw = new RevWalk(reader)) {
                RevCommit c = rw.parseCommit(head);
                RecordChain.Link link = RecordChain.link(c.getFullMessage());
                while (c.getParentCount() > 0) c = rw.parseCommit(c.getParent(0));
                manifest.put("root", c.name());
                manifest.put("record", link == null ? null : link.record());
            }
            HistoryAnchor a = anchor == null ? HistoryAnchor.NONE : anchor;
            Map<String, Object> lv = new LinkedHashMap<>();
            lv.put("root", a.root());
            lv.put("head", a.head());
            manifest.put("lastVerified", lv);
            manifest.put("exportedAt", exportedAt);
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

            writeAtomically(manifestJson, (ConfigRepository.JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
            writeAtomically(manifestText, renderManifest(manifest).getBytes(StandardCharsets.UTF_8));
            if (reportHtml != null) writeAtomically(reportFile, reportHtml.getBytes(StandardCharsets.UTF_8));
            return new ExportResult(bundle, manifestJson, manifestText, commits.size(), bundleSha,
                    reportHtml == null ? null : reportFile);
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
        b.append("Root commit:    ").append(m.get("root")).append('\n');
        b.append("Head record:    ").append(m.get("record") == null ? "(before the record chain)" : m.get("record")).append('\n');
        Map<String, Object> lv = (Map<String, Object>) m.get("lastVerified");
        if (lv != null) {
            b.append("Last verified:  ").append(lv.get("head") == null ? "(never verified here)"
                    : lv.get("head") + " (root " + lv.get("root") + ")").append('\n');
        }
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
}
