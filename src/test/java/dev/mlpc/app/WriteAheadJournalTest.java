package dev.mlpc.app;

import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-ahead journal's recovery without killing a process (that is {@link InterruptedApplyTest}): a journal whose
 * apply finished but whose commit never happened is committed with its real outcome; a journal still locked by a
 * running apply is left alone; a line cut short by the crash is ignored.
 */
class WriteAheadJournalTest {
    @TempDir Path tmp;

    private Workbench workbench() {
        Map<String, String> env = Map.of("MLPC_HOME", tmp.resolve("home").toString());
        return new Workbench(AppHome.resolve(env), Workbench.standardProviders(), env, Workbench.DEFAULT_TIMEOUT);
    }

    private static final String YAML = "stack: w\nresources:\n  - {type: postgres.role, name: r_w}\n  - {type: postgres.role, name: r_v}\n";

    private WriteAheadJournal begin(Workbench wb, String runId) throws Exception {
        Stack s = wb.parseStack("stacks/w.yaml", YAML);
        Plan plan = wb.offlinePlan(s);
        try (ConfigRepository repo = wb.repository()) {
            Map<String, String> generated = new java.util.LinkedHashMap<>(wb.generatedFiles(s));
            generated.put("generated/postgres/w.plan.json", plan.toJson());
            var commit = new dev.mlpc.core.audit.StackCommit("w", "postgres", YAML, generated, null, null, "yes",
                    "Apply stack w", wb.author(), null, null, runId).withTrailers(Map.of("Target", "postgres 127.0.0.1:5432/w"));
            return WriteAheadJournal.begin(wb.home().walDir(), runId, repo.directory(), commit,
                    "journal/w/" + runId + ".json", Applier.journalHead(s, plan,
                            new dev.mlpc.core.provider.ConnectionProfile("local", "postgres", Map.of()), Instant.now(), runId), plan);
        }
    }

    @Test
    void aFinishedApplyWhoseCommitNeverHappenedIsCommittedWithItsOwnOutcome() throws Exception {
        Workbench wb = workbench();
        WriteAheadJournal wal = begin(wb, "20261203T100000000Z-00000001");
        Progress p = wal.recording(Progress.NONE);
        p.statementStarting(0, 2);
        p.statementReturned(0);
        p.statementStarting(1, 2);
        p.statementReturned(1);
        wal.result("{\n  \"stack\" : \"w\",\n  \"run\" : \"20261203T100000000Z-00000001\",\n  \"outcome\" : \"succeeded\",\n"
                + "  \"statements\" : [ ]\n}\n", "yes");
        wal.close(); // the process "dies" before its commit: the file stays

        List<Workbench.RecoveredApply> rec = wb.recoverInterrupted();
        assertThat(rec).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNull();
            assertThat(r.applied()).isEqualTo("yes");
            assertThat(r.unknown()).isEmpty();
            assertThat(r.commit().trailer("Applied")).isEqualTo("yes");
            assertThat(r.commit().trailer("Run")).isEqualTo("20261203T100000000Z-00000001");
            assertThat(r.commit().trailer("Target")).as("further trailers survive the crash").isEqualTo("postgres 127.0.0.1:5432/w");
            assertThat(r.commit().subject()).isEqualTo("Apply stack w");
        });
        assertThat(wal.file()).doesNotExist();
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.verify(wb::regenerate).problems()).isEmpty();
        }
    }

    @Test
    void aJournalStillLockedByARunningApplyIsLeftAloneAndACutLineIsIgnored() throws Exception {
        Workbench wb = workbench();
        WriteAheadJournal running = begin(wb, "20261203T100000000Z-00000002");
        running.recording(Progress.NONE).statementStarting(0, 2);
        assertThat(wb.recoverInterrupted()).as("its apply is still running (this JVM holds the lock)").isEmpty();
        assertThat(running.file()).exists();

        // the process dies while writing its second intent: half a line at the end
        Files.writeString(running.file(), "{\"type\":\"intent\",\"ind", java.nio.file.StandardOpenOption.APPEND);
        running.close();
        List<Workbench.RecoveredApply> rec = wb.recoverInterrupted();
        assertThat(rec).singleElement().satisfies(r -> {
            assertThat(r.applied()).isEqualTo("interrupted (1/2 statements unknown)");
            assertThat(r.unknown()).singleElement().asString().startsWith("create postgres.role r_w: CREATE ROLE");
            CommitInfo c = r.commit();
            assertThat(c.subject()).isEqualTo("Record interrupted apply of stack w (run 20261203T100000000Z-00000002)");
        });
        try (ConfigRepository repo = wb.repository()) {
            String journal = repo.log(1).get(0).files().stream().filter(f -> f.startsWith("journal/")).findFirst().orElseThrow();
            String text = Files.readString(repo.directory().resolve(journal));
            assertThat(text).contains("\"outcome\" : \"interrupted\"").contains("\"outcome\" : \"unknown\"")
                    .contains("\"outcome\" : \"not_run\"");
            assertThat(repo.verify(wb::regenerate).problems()).isEmpty();
        }
    }

    @Test
    void theJournalIsReadableByItsOwnerOnly() throws Exception {
        Workbench wb = workbench();
        assertThat(tmp.getFileSystem().supportedFileAttributeViews()).as("CI and the tests run on a POSIX file system")
                .contains("posix");
        Files.createDirectories(wb.home().walDir());
        Files.setPosixFilePermissions(wb.home().walDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        WriteAheadJournal wal = begin(wb, "20261203T100000000Z-00000009");
        try {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(wal.file())))
                    .isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(wb.home().walDir())))
                    .isEqualTo("rwx------");
        } finally {
            wal.close();
        }
    }

    @Test
    void anApplyWithoutARepositoryIsRefusedBeforeAnythingConnects() throws Exception {
        Workbench wb = workbench();
        Stack s = wb.parseStack("stacks/w.yaml", YAML);
        // nothing listens on port 1: a connection attempt would fail with another message
        var nowhere = new dev.mlpc.core.provider.ConnectionProfile("nowhere", "postgres",
                Map.of("host", "127.0.0.1", "port", "1", "database", "postgres", "user", "postgres"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wb.apply(s, YAML, nowhere, null, false, "x", Progress.NONE))
                .isInstanceOf(dev.mlpc.core.provider.ProviderException.class)
                .hasMessage("refused: applying stack w needs the config repository that records it (write-ahead journal,"
                        + " journal, audit commit); none was given; nothing was run");
        assertThat(wb.home().walDir().toFile().list()).isNullOrEmpty();
    }

    @Test
    void aRecordRunCutShortIsCommittedAsAnInterruptedRecordThatVerifies() throws Exception {
        Workbench wb = workbench();
        String runId = "20261203T100000000Z-0000000a";
        Plan plan = wb.offlinePlan(wb.parseStack("stacks/w.yaml", YAML));
        Map<String, Object> head = new java.util.LinkedHashMap<>();
        head.put("record", "unmanaged-drop");
        head.put("object", "postgres.role r_w");
        head.putAll(Applier.journalHead(null, plan, new dev.mlpc.core.provider.ConnectionProfile("local", "postgres", Map.of()),
                Instant.now(), runId));
        WriteAheadJournal wal;
        try (ConfigRepository repo = wb.repository()) {
            wal = WriteAheadJournal.beginRecord(wb.home().walDir(), runId, repo.directory(), "unmanaged-drop",
                    "Drop postgres.role r_w, managed by no stack", wb.author(), "journal/_unmanaged/" + runId + ".json", head, plan);
        }
        wal.recording(Progress.NONE).statementStarting(0, 2);
        wal.close(); // the process "dies" mid-way

        List<Workbench.RecoveredApply> rec = wb.recoverInterrupted();
        assertThat(rec).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNull();
            assertThat(r.commit().trailer("Record")).isEqualTo("unmanaged-drop");
            assertThat(r.commit().trailer("Stack")).isNull();
            assertThat(r.commit().trailer("Applied")).isEqualTo("interrupted (1/2 statements unknown)");
            assertThat(r.commit().subject()).isEqualTo("Record interrupted unmanaged-drop (run " + runId + ")");
        });
        assertThat(wal.file()).doesNotExist();
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.verify(wb::regenerate, dev.mlpc.core.audit.HistoryAnchor.NONE).problems()).isEmpty();
        }
    }
}
