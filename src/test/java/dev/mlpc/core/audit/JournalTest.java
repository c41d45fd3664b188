package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.planJson;
import static dev.mlpc.core.audit.AuditFixtures.sql;
import static dev.mlpc.core.audit.AuditFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Journals are append-only: an entry is written once and a commit that would overwrite one is refused. */
class JournalTest {
    private static final String PATH = "journal/s/20261122T101500123Z-ab12cd34.json";

    @TempDir
    Path tmp;

    private static StackCommit applied(int connectionLimit, String journalPath, String journal) {
        String y = yaml("s", connectionLimit);
        Map<String, String> gen = new LinkedHashMap<>();
        gen.put("generated/postgres/s.sql", sql("s", y));
        gen.put("generated/postgres/s.plan.json", planJson("s", 0, 1, 0, 0));
        return new StackCommit("s", "postgres", y, gen, null, null, "yes", "Apply s", ADA, journalPath, journal);
    }

    @Test
    void aCommitThatWouldOverwriteAJournalEntryIsRefusedAndWritesNothing() throws Exception {
        Path dir = tmp.resolve("repo");
        String first = "{\"outcome\":\"succeeded\"}\n";
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(applied(1, PATH, first));
            String head = git(dir, "rev-parse", "HEAD").trim();

            assertThatThrownBy(() -> repo.commit(applied(2, PATH, "{\"outcome\":\"rewritten\"}\n")))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining(PATH)
                    .hasMessageContaining("append-only");

            assertThat(git(dir, "rev-parse", "HEAD").trim()).isEqualTo(head);
            assertThat(Files.readString(dir.resolve(PATH))).isEqualTo(first);
            assertThat(repo.readStack("s")).hasValue(yaml("s", 1));
            assertThat(git(dir, "status", "--porcelain")).isEmpty();

            // a new entry beside it (the next millisecond) is fine, and the old one stays as it was
            String next = "journal/s/20261122T101500124Z-ab12cd34.json";
            repo.commit(applied(2, next, "{\"outcome\":\"succeeded\"}\n"));
            assertThat(Files.readString(dir.resolve(PATH))).isEqualTo(first);
            assertThat(repo.log(1).get(0).files()).contains(next).doesNotContain(PATH);
            assertThat(repo.verify(AuditFixtures.REGEN).ok()).isTrue();
        }
    }

    @Test
    void aJournalEntryWrittenByAnotherProcessInTheMeantimeIsNotOverwritten() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(applied(1, null, null));
            // someone else (another console, a plain git commit) adds the entry after this instance was opened
            Files.createDirectories(dir.resolve(PATH).getParent());
            Files.writeString(dir.resolve(PATH), "{\"outcome\":\"theirs\"}\n");
            git(dir, "add", PATH);
            git(dir, "commit", "-q", "-m", "their journal");

            assertThatThrownBy(() -> repo.commit(applied(2, PATH, "{\"outcome\":\"ours\"}\n")))
                    .isInstanceOf(AuditException.class).hasMessageContaining(PATH);
            assertThat(git(dir, "show", "HEAD:" + PATH)).isEqualTo("{\"outcome\":\"theirs\"}\n");
        }
    }
}
