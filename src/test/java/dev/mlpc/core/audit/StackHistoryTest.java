package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConfigRepository#stackVersions}: the same answer as the whole log filtered, without reading the whole log. */
class StackHistoryTest {
    @TempDir
    Path tmp;

    /** The definition: the whole log, filtered by the Stack trailer, up to and including the last applied commit. */
    private static List<CommitInfo> naive(ConfigRepository repo, String stack) throws AuditException {
        List<CommitInfo> out = new ArrayList<>();
        for (CommitInfo c : repo.log(0)) {
            if (!stack.equals(c.trailer("Stack"))) continue;
            out.add(c);
            if ("yes".equals(c.trailer("Applied"))) break;
        }
        return out;
    }

    private static StackCommit version(String stack, int limit, String applied) {
        return commit(stack, yaml(stack, limit), "Stack " + stack + " limit " + limit, applied);
    }

    /** The same stack, generated files and plan again, plus a journal: the commit changes only the journal. */
    private static StackCommit journalOnly(StackCommit same, String journalPath, String applied) {
        return new StackCommit(same.stack(), same.provider(), same.stackYaml(), same.generated(), same.planTrailer(),
                same.planSha256(), applied, "Apply " + same.stack() + " again", same.author(), journalPath,
                "{\"stack\":\"" + same.stack() + "\",\"outcome\":\"" + applied + "\"}\n");
    }

    private static String id(CommitInfo c) {
        return c.id();
    }

    private static final List<String> NAMES = List.of("a", "b", "c", "d", "a-extra", "A", "extra", "nothing");

    /** stackVersions equals the filtered log for every name (and so builds or moves the index for each). */
    private static void sameAsTheLog(ConfigRepository repo) throws AuditException {
        for (String stack : NAMES) {
            assertThat(repo.stackVersions(stack)).as(stack).isEqualTo(naive(repo, stack));
        }
    }

    private static void deleteLoose(Path dir, String object) throws Exception {
        Path loose = dir.resolve(".git/objects/" + object.substring(0, 2) + "/" + object.substring(2));
        assertThat(loose).as("loose object " + object).exists();
        Files.delete(loose);
    }

    @Test
    void versionsAreTheFilteredLogOnInterleavedStacksWithAppliedFailedJournalOnlyEmptyAndHandCommits() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            sameAsTheLog(repo);
            repo.commit(version("a", 1, "no"));
            sameAsTheLog(repo);
            String b1 = repo.commit(version("b", 1, "yes")).id();
            String a2 = repo.commit(version("a", 2, "yes")).id();
            sameAsTheLog(repo);
            String c1 = repo.commit(version("c", 1, "no")).id();
            String b2 = repo.commit(version("b", 2, "no")).id();
            StackCommit a3 = version("a", 3, "failed (boom)");
            String a3id = repo.commit(a3).id();
            String aJournal = repo.commit(journalOnly(a3, "journal/a/20261203T080000000Z-00000001.json",
                    "failed (boom again)")).id();
            // the same content again without a journal: a commit whose tree equals its parent's
            CommitInfo empty = repo.commit(version("a", 3, "no"));
            assertThat(empty.files()).isEmpty();
            sameAsTheLog(repo);
            // by hand: "Stack: a" in the first paragraph is not a trailer; a stack whose name starts with "a"
            Files.writeString(dir.resolve("notes.txt"), "Stack: a\n");
            git(dir, "add", "notes.txt");
            git(dir, "commit", "-q", "-m", "Stack: a", "-m", "notes about stack a");
            git(dir, "commit", "-q", "--allow-empty", "-m", "Hand-made", "-m", "Stack: a-extra\nApplied: yes");
            String handExtra = git(dir, "rev-parse", "HEAD").trim();
            sameAsTheLog(repo);
            String b3 = repo.commit(version("b", 3, "no")).id();
            // d: applied, then applied again with only a journal added
            StackCommit d1 = version("d", 1, "yes");
            repo.commit(d1);
            String dJournal = repo.commit(journalOnly(d1, "journal/d/20261203T080000000Z-00000002.json", "yes")).id();

            assertThat(repo.stackVersions("a")).extracting(StackHistoryTest::id)
                    .containsExactly(empty.id(), aJournal, a3id, a2);
            assertThat(repo.stackVersions("a").get(1).files())
                    .containsExactly("journal/a/20261203T080000000Z-00000001.json");
            assertThat(repo.stackVersions("b")).extracting(StackHistoryTest::id).containsExactly(b3, b2, b1);
            assertThat(repo.stackVersions("c")).extracting(StackHistoryTest::id).containsExactly(c1);
            assertThat(repo.stackVersions("a-extra")).extracting(StackHistoryTest::id).containsExactly(handExtra);
            assertThat(repo.stackVersions("d")).extracting(StackHistoryTest::id).containsExactly(dJournal);
            sameAsTheLog(repo);
            // without the index, and with a damaged one, the answers stay the same
            Files.delete(StackHistory.indexPath(repo));
            sameAsTheLog(repo);
            Files.writeString(StackHistory.indexPath(repo), "mlpc-stack-versions 1\na\tnot-an-id\t\n");
            sameAsTheLog(repo);
        }
    }

    @Test
    void mergesFallBackToTheFullWalkAndCommitsOnTopOfThemStillAgree() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(version("a", 1, "yes"));
            repo.commit(version("b", 1, "no"));
            sameAsTheLog(repo);
            git(dir, "checkout", "-q", "-b", "side", "HEAD~1");
            Files.writeString(dir.resolve("side.txt"), "side\n");
            git(dir, "add", "side.txt");
            git(dir, "commit", "-q", "-m", "Side work", "-m", "Stack: a\nApplied: no");
            git(dir, "commit", "-q", "--allow-empty", "-m", "Side apply", "-m", "Stack: b\nApplied: yes");
            git(dir, "checkout", "-q", "main");
            git(dir, "merge", "-q", "--no-ff", "-m", "Merge side", "side");
            sameAsTheLog(repo);
            String a2 = repo.commit(version("a", 2, "no")).id();
            repo.commit(version("c", 1, "no"));
            sameAsTheLog(repo);
            assertThat(repo.stackVersions("a")).extracting(StackHistoryTest::id).first().isEqualTo(a2);
        }
    }

    @Test
    void commitsMadeHereMoveTheIndexSoAPlansRepositoryCallsReadNoCommitBelowTheHead() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            String x1 = repo.commit(version("x", 1, "yes")).id();
            String x2 = repo.commit(version("x", 2, "no")).id();
            assertThat(repo.stackVersions("x")).extracting(StackHistoryTest::id).containsExactly(x2, x1);
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) others.add(repo.commit(version("y", i, "no")).id());
            List<CommitInfo> expected = naive(repo, "x");
            assertThat(StackHistory.read(repo).get("x").head().name()).isEqualTo(others.get(4));
            // the commits between x2 and the last three become unreadable: only the index can answer now
            for (String other : others.subList(0, 3)) deleteLoose(dir, other);
            assertThatThrownBy(() -> repo.log(0)).isInstanceOf(AuditException.class);
            assertThat(repo.stackVersions("x")).isEqualTo(expected);
            // and the plan's other calls read nothing deep either: the head (and its parent for log(1)), a version's file
            assertThat(repo.headCommit()).isEqualTo(others.get(4));
            assertThat(repo.log(1)).extracting(StackHistoryTest::id).containsExactly(others.get(4));
            assertThat(repo.readStack("x", x2)).contains(yaml("x", 2));
            assertThat(repo.readStack("x")).contains(yaml("x", 2));
            Files.delete(StackHistory.indexPath(repo));
            assertThatThrownBy(() -> repo.stackVersions("x")).isInstanceOf(AuditException.class)
                    .hasMessageStartingWith("cannot read the config repository ");
        }
    }

    @Test
    void theWalkStopsAtTheLastAppliedCommitAndReadsNoTreeOfOtherStacksCommits() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            String readme = repo.log(1).get(0).id();
            repo.commit(version("y", 1, "no"));
            String x1 = repo.commit(version("x", 1, "yes")).id();
            CommitInfo y2 = repo.commit(version("y", 2, "no"));
            repo.commit(version("y", 3, "no"));
            String x2 = repo.commit(version("x", 2, "no")).id();
            List<CommitInfo> expected = naive(repo, "x");
            assertThat(expected).extracting(StackHistoryTest::id).containsExactly(x2, x1);

            // older than the applied commit's parent: the first commit; between: y2's root tree
            String y2tree = git(dir, "rev-parse", y2.id() + "^{tree}").trim();
            for (String object : List.of(readme, y2tree)) deleteLoose(dir, object);
            Files.deleteIfExists(StackHistory.indexPath(repo));
            assertThatThrownBy(() -> repo.log(0)).isInstanceOf(AuditException.class)
                    .hasMessageStartingWith("cannot read the config repository " + repo.directory() + ": Missing");
            assertThat(repo.stackVersions("x")).isEqualTo(expected);
        }
    }

    @Test
    void headCommitIsTheBranchHeadWithoutReadingHistory() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            assertThat(repo.headCommit()).isEqualTo(repo.log(1).get(0).id());
            String c = repo.commit(version("s", 1, "no")).id();
            assertThat(repo.headCommit()).isEqualTo(c).isEqualTo(git(dir, "rev-parse", "HEAD").trim());
        }
    }

    @Test
    void aStackThatWasNeverCommittedHasNoVersions() throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            repo.commit(version("s", 1, "yes"));
            assertThat(repo.stackVersions("t")).isEmpty();
            assertThat(repo.stackVersions("s")).hasSize(1);
        }
    }
}
