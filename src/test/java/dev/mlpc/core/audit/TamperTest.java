package dev.mlpc.core.audit;

import dev.mlpc.core.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.planJson;
import static dev.mlpc.core.audit.AuditFixtures.sql;
import static dev.mlpc.core.audit.AuditFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 5: {@code verify} covers the whole record. One test per way of tampering with it; each must be caught
 * and named. The history is changed the way someone with write access would: with git itself.
 */
class TamperTest {
    static final String JOURNAL = "journal/a/20261203T100000000Z-abcdef12.json";

    @TempDir
    Path tmp;
    Path dir;

    /** a (not applied), a applied with its journal, b (not applied); returns the anchor of a clean verify. */
    private HistoryAnchor history() throws Exception {
        dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(commit("a", 1, "a one"));
            repo.commit(appliedA());
            repo.commit(commit("b", 1, "b one"));
            VerifyReport clean = repo.verify(AuditFixtures.REGEN, HistoryAnchor.NONE);
            assertThat(clean.problems()).isEmpty();
            assertThat(clean.beforeChain()).isZero();
            assertThat(clean.root()).isEqualTo(git(dir, "rev-list", "--max-parents=0", "HEAD").trim());
            assertThat(clean.head()).isEqualTo(git(dir, "rev-parse", "HEAD").trim());
            return clean.anchor();
        }
    }

    private static StackCommit appliedA() {
        String y = yaml("a", 2);
        String plan = planJson("a", 0, 1, 0, 0);
        String sha = Plan.sha256(plan.getBytes(StandardCharsets.UTF_8));
        Map<String, String> gen = new LinkedHashMap<>();
        gen.put("generated/postgres/a.sql", sql("a", y));
        gen.put("generated/postgres/a.plan.json", plan);
        String journal = "{\n  \"stack\" : \"a\",\n  \"plan_sha256\" : \"" + sha + "\",\n  \"run\" : \"r1\",\n"
                + "  \"outcome\" : \"succeeded\",\n  \"statements\" : [ ]\n}\n";
        return new StackCommit("a", "postgres", y, gen, null, null, "yes", "Apply a", ADA, JOURNAL, journal, "r1");
    }

    private VerifyReport verify(HistoryAnchor anchor) throws Exception {
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            return repo.verify(AuditFixtures.REGEN, anchor);
        }
    }

    private String head() throws Exception {
        return git(dir, "rev-parse", "HEAD").trim();
    }

    @Test
    void aDeletedJournalIsCaught() throws Exception {
        HistoryAnchor anchor = history();
        git(dir, "rm", "-q", JOURNAL);
        git(dir, "commit", "-q", "-m", "tidy up");
        String bad = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.substring(0, 7) + ": ")
                .contains("journal deleted: " + JOURNAL));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("record chain broken"));
    }

    @Test
    void anEditedJournalIsCaughtInALaterCommitAndInAnAmendedOne() throws Exception {
        HistoryAnchor anchor = history();
        Path j = dir.resolve(JOURNAL);
        Files.writeString(j, Files.readString(j).replace("succeeded", "failed"));
        git(dir, "commit", "-q", "-am", "correct the journal");
        String bad = head();
        assertThat(verify(anchor).problems()).anySatisfy(p -> assertThat(p).startsWith(bad.substring(0, 7) + ": ")
                .contains("journal edited: " + JOURNAL + " was changed by this commit"));

        // the same edit folded into the commit that added the journal (history rewritten from there)
        git(dir, "reset", "-q", "--hard", "HEAD~2");
        Files.writeString(j, Files.readString(j).replace("succeeded", "failed"));
        git(dir, "commit", "-q", "-a", "--amend", "--no-edit");
        String amended = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(amended.substring(0, 7) + ": ")
                .contains("journal edited: " + JOURNAL + " has SHA-256").contains("Journal-Sha256 trailer says"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("history rewritten: last verified head "
                + anchor.head().substring(0, 12) + " is not an ancestor of head " + amended.substring(0, 12)));
    }

    @Test
    void appliedFlippedFromNoToYesIsCaught() throws Exception {
        HistoryAnchor anchor = history();
        String msg = git(dir, "log", "-1", "--format=%B");
        assertThat(msg).contains("Applied: no");
        git(dir, "commit", "-q", "--amend", "-m", msg.replace("Applied: no", "Applied: yes"));
        String bad = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.substring(0, 7) + ": ")
                .contains("Applied: yes without a journal"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.substring(0, 7) + ": ")
                .contains("record altered"));
    }

    @Test
    void appliedFlippedFromYesToNoIsCaught() throws Exception {
        HistoryAnchor anchor = history();
        git(dir, "reset", "-q", "--hard", "HEAD~1"); // the applied commit is the head again
        String msg = git(dir, "log", "-1", "--format=%B");
        assertThat(msg).contains("Applied: yes");
        git(dir, "commit", "-q", "--amend", "-m", msg.replace("Applied: yes", "Applied: no"));
        String bad = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.substring(0, 7) + ": ")
                .contains("Applied: no but the commit adds journal " + JOURNAL + ", which records outcome succeeded"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("record altered"));
    }

    @Test
    void appliedYesWithoutAJournalIsCaughtEvenWithAValidChain() throws Exception {
        HistoryAnchor anchor = history();
        String forged;
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            // made through the repository API, so its chain trailers are right: only the missing journal gives it away
            forged = repo.commit(commit("b", yaml("b", 3), "b applied, honest", "yes")).id();
        }
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).singleElement().asString().startsWith(forged.substring(0, 7) + ": ")
                .contains("Applied: yes without a journal");
    }

    @Test
    void aResetToAnOlderHeadIsCaught() throws Exception {
        HistoryAnchor anchor = history();
        git(dir, "reset", "-q", "--hard", "HEAD~2");
        String older = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).singleElement().asString().isEqualTo("history reset: head " + older.substring(0, 12)
                + " is behind the last verified head " + anchor.head().substring(0, 12)
                + " (commits verified before are no longer on the branch)");
    }

    @Test
    void anAmendedCommitIsCaughtAsARewrittenHistory() throws Exception {
        HistoryAnchor anchor = history();
        // same files and message, another committer: only the commit id and the record change
        git(dir, "commit", "-q", "--amend", "--no-edit", "--reset-author");
        String rewritten = head();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).isEqualTo("history rewritten: last verified head "
                + anchor.head().substring(0, 12) + " is not an ancestor of head " + rewritten.substring(0, 12)));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(rewritten.substring(0, 7) + ": ")
                .contains("record altered"));
    }

    @Test
    void aCommitRemovedFromTheMiddleBreaksTheChain() throws Exception {
        history();
        // drop the applied commit: b's commit is replayed onto a's first commit (its trailers kept)
        git(dir, "rebase", "-q", "--onto", "HEAD~2", "HEAD~1");
        VerifyReport r = verify(HistoryAnchor.NONE);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(head().substring(0, 7) + ": ")
                .contains("record chain broken: Previous-Record is"));
    }

    @Test
    void aSwappedRepositoryIsCaught() throws Exception {
        HistoryAnchor anchor = history();
        // another repository with the same stacks, put in its place (its own first commit: another root)
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        git(other, "init", "-q", "-b", "main");
        Files.writeString(other.resolve("README.md"), "config\n");
        git(other, "add", "README.md");
        git(other, "commit", "-q", "-m", "start");
        try (ConfigRepository repo = ConfigRepository.init(other)) {
            repo.commit(commit("a", 1, "a one"));
            repo.commit(commit("b", 1, "b one"));
        }
        org.eclipse.jgit.util.FileUtils.delete(dir.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
        Files.move(other, dir);
        String root = git(dir, "rev-list", "--max-parents=0", "HEAD").trim();
        VerifyReport r = verify(anchor);
        assertThat(r.problems()).singleElement().asString().startsWith("repository replaced: root commit " + root
                + " differs from the one recorded (" + anchor.root() + ")");
    }

    @Test
    void commitsMadeBeforeTheChainVerifyAsBeforeTheChainAndTheChainStartsAfterThem() throws Exception {
        dir = tmp.resolve("legacy");
        Files.createDirectories(dir.resolve("stacks"));
        Files.createDirectories(dir.resolve("generated/postgres"));
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("README.md"), "old repository\n");
        Files.writeString(dir.resolve("stacks/a.yaml"), yaml("a", 1));
        Files.writeString(dir.resolve("generated/postgres/a.sql"), sql("a", yaml("a", 1)));
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "made by an older mlpc");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport before = repo.verify(AuditFixtures.REGEN, HistoryAnchor.NONE);
            assertThat(before.problems()).isEmpty();
            assertThat(before.beforeChain()).isEqualTo(1);
            CommitInfo first = repo.commit(commit("a", 2, "first chained"));
            assertThat(first.trailer("Previous-Record")).isEqualTo("none");
            assertThat(repo.verify(AuditFixtures.REGEN, before.anchor()).problems()).isEmpty();
        }
        Files.writeString(dir.resolve("notes.txt"), "by hand\n");
        git(dir, "add", "notes.txt");
        git(dir, "commit", "-q", "-m", "a note");
        assertThat(verify(HistoryAnchor.NONE).problems()).singleElement().asString()
                .contains("record chain broken: the commit has no Record-Sha256 but follows the chained record");
    }
}
