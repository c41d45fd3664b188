package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

class VerifyTest {
    @TempDir
    Path tmp;

    private Path repoWithHistory() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(commit("a", 1, "a one"));
            repo.commit(commit("b", 1, "b one"));
            repo.commit(commit("a", 2, "a two"));
        }
        return dir;
    }

    @Test
    void aCleanHistoryVerifies() throws Exception {
        Path dir = repoWithHistory();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(r.problems()).isEmpty();
            assertThat(r.ok()).isTrue();
            assertThat(r.commitsChecked()).isEqualTo(4);
        }
    }

    @Test
    void aGeneratedFileEditedByHandIsNamedWithItsCommit() throws Exception {
        Path dir = repoWithHistory();
        Files.writeString(dir.resolve("generated/postgres/a.sql"), "DROP DATABASE mlflow;\n");
        git(dir, "commit", "-q", "-am", "quick fix");
        String bad = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            repo.commit(commit("b", 5, "later commit on another stack"));
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(r.ok()).isFalse();
            assertThat(r.commitsChecked()).isEqualTo(6);
            assertThat(besidesChain(r)).singleElement().asString()
                    .startsWith(bad.substring(0, 7) + ": ")
                    .contains("generated/postgres/a.sql does not match stacks/a.yaml (edited by hand?)");
        }
    }

    @Test
    void anEditedPlanJsonIsFound() throws Exception {
        Path dir = repoWithHistory();
        Path plan = dir.resolve("generated/postgres/a.plan.json");
        Files.writeString(plan, Files.readString(plan).replace("\"create\" : 2", "\"create\" : 1"));
        // amend keeps the trailers of the last commit, so its Plan-Sha256 no longer matches
        git(dir, "commit", "-q", "-a", "--amend", "--no-edit");
        String bad = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(besidesChain(r)).singleElement().asString().startsWith(bad.substring(0, 7) + ": ")
                    .contains("generated/postgres/a.plan.json has SHA-256").contains("Plan-Sha256 trailer says");
        }
    }

    @Test
    void aPlanJsonChangedInAPlainCommitWithoutTrailersIsFound() throws Exception {
        Path dir = repoWithHistory();
        Path plan = dir.resolve("generated/postgres/a.plan.json");
        Files.writeString(plan, Files.readString(plan).replace("\"create\" : 2", "\"create\" : 0"));
        git(dir, "commit", "-q", "-am", "tidy the plan");
        String bad = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            repo.commit(commit("b", 5, "later commit on another stack"));
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(r.ok()).isFalse();
            assertThat(besidesChain(r)).singleElement().asString()
                    .startsWith(bad.substring(0, 7) + ": ")
                    .contains("generated/postgres/a.plan.json was changed in a commit without the trailers Stack: a"
                            + " and Plan-Sha256");
        }
    }

    @Test
    void aPlanJsonAddedByHandOrUnderAnotherStacksTrailersIsFound() throws Exception {
        Path dir = repoWithHistory();
        // a plan for a stack that exists, added in a plain commit
        Files.writeString(dir.resolve("generated/postgres/b.plan.json"), "{\"summary\": {}}\n");
        git(dir, "commit", "-q", "-am", "b plan by hand");
        String plain = git(dir, "rev-parse", "HEAD").trim();
        // a plan edited in a commit that carries another stack's trailers, copied from a real commit
        String trailers = git(dir, "log", "-1", "--format=%B", "HEAD~1"); // "a two": Stack: a, Plan-Sha256 of a's plan
        Path b = dir.resolve("generated/postgres/b.plan.json");
        Files.writeString(b, Files.readString(dir.resolve("generated/postgres/a.plan.json")).replace("\"a\"", "\"b\""));
        git(dir, "commit", "-q", "-am", trailers);
        String borrowed = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(besidesChain(r)).hasSize(2);
            assertThat(besidesChain(r)).anySatisfy(p -> assertThat(p).startsWith(plain.substring(0, 7) + ": ")
                    .contains("generated/postgres/b.plan.json was changed in a commit without the trailers Stack: b"));
            assertThat(besidesChain(r)).anySatisfy(p -> assertThat(p).startsWith(borrowed.substring(0, 7) + ": ")
                    .contains("generated/postgres/b.plan.json was changed in a commit without the trailers Stack: b"));
        }
    }

    @Test
    void aPlanJsonWithForgedButWrongTrailersIsFound() throws Exception {
        Path dir = repoWithHistory();
        Path plan = dir.resolve("generated/postgres/a.plan.json");
        Files.writeString(plan, Files.readString(plan).replace("\"create\" : 2", "\"create\" : 0"));
        git(dir, "commit", "-q", "-am", "hand edit\n\nStack: a\nPlan: +0 ~1 -0\nPlan-Sha256: " + "0".repeat(64));
        String bad = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThat(besidesChain(repo.verify(AuditFixtures.REGEN))).singleElement().asString()
                    .startsWith(bad.substring(0, 7) + ": ")
                    .contains("generated/postgres/a.plan.json has SHA-256").contains("Plan-Sha256 trailer says");
        }
    }

    @Test
    void aPlanJsonMergedFromACheckedBranchIsNotBlamedOnTheMerge() throws Exception {
        Path dir = repoWithHistory();
        git(dir, "checkout", "-q", "-b", "side", "HEAD~1");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            String y = AuditFixtures.yaml("b", 7);
            String plan = AuditFixtures.planJson("b", 0, 1, 0, 0);
            repo.commit(new StackCommit("b", "postgres", y, Map.of("generated/postgres/b.sql", AuditFixtures.sql("b", y),
                    "generated/postgres/b.plan.json", plan), null, null, "no", "b on a side branch",
                    AuditFixtures.ADA, null, null));
        }
        git(dir, "checkout", "-q", "main");
        git(dir, "merge", "-q", "--no-ff", "-m", "merge side", "side");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(besidesChain(r)).isEmpty();
            // a merge made with git, not through mlpc, breaks the record chain: that is named, nothing else
            assertThat(r.problems()).singleElement().asString().contains("record chain broken");
            assertThat(r.commitsChecked()).isEqualTo(6);
        }
    }

    @Test
    void aPlanSummaryThatContradictsThePlanTrailerIsFound() throws Exception {
        Path dir = repoWithHistory();
        String msg = git(dir, "log", "-1", "--format=%B").replace("Plan: +2 ~1 -0", "Plan: +0 ~0 -0");
        git(dir, "commit", "-q", "--amend", "-m", msg);
        String bad = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThat(besidesChain(repo.verify(AuditFixtures.REGEN))).singleElement().asString()
                    .startsWith(bad.substring(0, 7) + ": ")
                    .contains("summary is '+2 ~1 -0' but the Plan trailer says '+0 ~0 -0'");
        }
    }

    @Test
    void generatedFilesWithoutTheirStackAreFound() throws Exception {
        Path dir = repoWithHistory();
        Files.createDirectories(dir.resolve("generated/postgres"));
        Files.writeString(dir.resolve("generated/postgres/ghost.sql"), "SELECT 1;\n");
        git(dir, "add", "generated/postgres/ghost.sql");
        git(dir, "commit", "-q", "-m", "sneak in");
        String ghost = git(dir, "rev-parse", "HEAD").trim();
        git(dir, "rm", "-q", "stacks/b.yaml");
        git(dir, "commit", "-q", "-m", "drop b but keep its sql");
        String dropped = git(dir, "rev-parse", "HEAD").trim();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(besidesChain(r)).anySatisfy(p -> assertThat(p).startsWith(ghost.substring(0, 7))
                    .contains("generated/postgres/ghost.sql has no stack file"));
            assertThat(besidesChain(r)).anySatisfy(p -> assertThat(p).startsWith(dropped.substring(0, 7))
                    .contains("generated/postgres/b.sql has no stack file (stacks/b.yaml is absent)"));
        }
    }

    @Test
    void mergesAreWalkedAndEveryCommitIsChecked() throws Exception {
        Path dir = repoWithHistory();
        git(dir, "checkout", "-q", "-b", "side", "HEAD~1");
        Files.writeString(dir.resolve("generated/postgres/b.sql"), "-- edited on a side branch\n");
        git(dir, "commit", "-q", "-am", "side edit");
        String side = git(dir, "rev-parse", "HEAD").trim();
        git(dir, "checkout", "-q", "main");
        git(dir, "merge", "-q", "--no-ff", "-m", "merge side", "side");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            VerifyReport r = repo.verify(AuditFixtures.REGEN);
            assertThat(r.commitsChecked()).isEqualTo(6);
            assertThat(besidesChain(r)).anySatisfy(p -> assertThat(p).startsWith(side.substring(0, 7))
                    .contains("generated/postgres/b.sql does not match stacks/b.yaml"));
        }
    }

    @Test
    void regenerationIsCachedAndFailuresAreReported() throws Exception {
        Path dir = repoWithHistory();
        AtomicInteger calls = new AtomicInteger();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            repo.commit(commit("a", 1, "back to one"));
            VerifyReport r = repo.verify((stack, yaml) -> {
                calls.incrementAndGet();
                return AuditFixtures.REGEN.regenerate(stack, yaml);
            });
            assertThat(r.ok()).isTrue();
            assertThat(calls.get()).isEqualTo(3); // a@1 (checked twice, rendered once), a@2, b@1

            VerifyReport failing = repo.verify((stack, yaml) -> {
                if (stack.equals("b")) throw new IllegalArgumentException("unknown type postgres.thing at 3:5");
                return AuditFixtures.REGEN.regenerate(stack, yaml);
            });
            assertThat(failing.problems()).singleElement().asString()
                    .contains("stacks/b.yaml cannot be regenerated: unknown type postgres.thing at 3:5");

            VerifyReport missing = repo.verify((stack, yaml) -> Map.of("generated/postgres/" + stack + ".json", "{}"));
            assertThat(missing.problems()).hasSize(4)
                    .allSatisfy(p -> assertThat(p).contains(".json is missing (stacks/"));
        }
    }

    /**
     * The problems other than the record chain's: these tests change the history with git itself, which the chain
     * also reports (see {@link TamperTest}).
     */
    static java.util.List<String> besidesChain(VerifyReport r) {
        return r.problems().stream().filter(p -> !p.contains("record chain broken") && !p.contains("record altered")).toList();
    }
}
