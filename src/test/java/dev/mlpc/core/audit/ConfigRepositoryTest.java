package dev.mlpc.core.audit;

import dev.mlpc.core.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.planJson;
import static dev.mlpc.core.audit.AuditFixtures.sql;
import static dev.mlpc.core.audit.AuditFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void initCreatesARepositoryWithAReadmeCommitOnMain() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            assertThat(repo.directory()).isEqualTo(dir.toAbsolutePath());
            assertThat(repo.log(0)).singleElement().satisfies(c -> {
                assertThat(c.files()).containsExactly("README.md");
                assertThat(c.subject()).contains("Initialise");
            });
            assertThat(repo.stacks()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("README.md"))).contains("stacks/<stack>.yaml").contains("Plan-Sha256:");
        assertThat(git(dir, "rev-parse", "--abbrev-ref", "HEAD").trim()).isEqualTo("main");
        assertThat(git(dir, "rev-parse", "--is-bare-repository").trim()).isEqualTo("false");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(git(dir, "log", "--format=%s").trim().lines()).hasSize(1);
    }

    @Test
    void theLayoutReadmeComesFromItsResourceWithTheBytesItAlwaysHad() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            assertThat(repo.log(0)).singleElement().satisfies(c -> assertThat(c.files()).containsExactly("README.md"));
        }
        byte[] written = Files.readAllBytes(dir.resolve("README.md"));
        byte[] resource;
        try (var in = ConfigRepository.class.getResourceAsStream(ConfigRepository.README_RESOURCE)) {
            assertThat(in).as("resource " + ConfigRepository.README_RESOURCE).isNotNull();
            resource = in.readAllBytes();
        }
        assertThat(written).isEqualTo(resource);
        // the SHA-256 of the README since change control (issue 12) added its section; before it was
        // 7296f271fb9acb25f2d64e2ecc121ca43d7381e1b990b09fcb56f6b551923719 (the text as a constant in ConfigRepository)
        assertThat(Plan.sha256(written)).isEqualTo("0430c4d39670e0957cd4259cdebe073a90fe5dd9c23b5cf4c81544944d7179fe");
        assertThat(git(dir, "show", "HEAD:README.md")).isEqualTo(new String(resource, StandardCharsets.UTF_8));
    }

    @Test
    void furtherTrailersFollowTheRecordsOwnAndReservedKeysAreRefused() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            CommitInfo c = repo.commit(commit("s", 10, "Add s").withTrailers(
                    java.util.Map.of("Target", "postgres 127.0.0.1:5432/app")));
            assertThat(c.trailer("Target")).isEqualTo("postgres 127.0.0.1:5432/app");
            assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Target,valueonly)").trim())
                    .isEqualTo("postgres 127.0.0.1:5432/app");
            assertThatThrownBy(() -> repo.commit(commit("s", 11, "Again").withTrailers(java.util.Map.of("Applied", "yes"))))
                    .isInstanceOf(AuditException.class).hasMessageContaining("trailers: 'Applied'");
            assertThatThrownBy(() -> repo.commit(commit("s", 11, "Again").withTrailers(java.util.Map.of("Target", "a\nStack: t"))))
                    .isInstanceOf(AuditException.class).hasMessageContaining("Target needs a one-line value");
            assertThat(repo.log(0)).hasSize(2);
        }
    }

    @Test
    void initOnAnExistingRepositoryOpensItWithoutANewCommit() throws Exception {
        Path dir = tmp.resolve("repo");
        String first;
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            first = repo.commit(commit("s", 10, "Add s")).id();
        }
        try (ConfigRepository again = ConfigRepository.init(dir)) {
            assertThat(again.log(0)).hasSize(2);
            assertThat(again.log(1).get(0).id()).isEqualTo(first);
        }
        try (ConfigRepository opened = ConfigRepository.open(dir)) {
            assertThat(opened.stacks()).containsExactly("s");
        }
    }

    @Test
    void initRefusesANonEmptyDirectoryThatIsNotAGitRepository() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> ConfigRepository.init(dir)).isInstanceOf(AuditException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString()).hasMessageContaining("not empty");
        assertThat(dir.resolve(".git")).doesNotExist();
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void initInAnEmptyExistingDirectoryAndOnAGitRepositoryWithoutCommits() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (ConfigRepository repo = ConfigRepository.init(empty)) {
            assertThat(repo.log(0)).hasSize(1);
        }
        Path bare = Files.createDirectories(tmp.resolve("plain"));
        git(bare, "init", "-q", "-b", "master");
        try (ConfigRepository repo = ConfigRepository.init(bare)) {
            assertThat(repo.log(0)).hasSize(1);
            assertThat(repo.branch()).isEqualTo("refs/heads/main");
        }
        assertThat(bare.resolve("README.md")).exists();
        assertThat(git(bare, "rev-parse", "--abbrev-ref", "HEAD").trim()).isEqualTo("main");
        assertThat(git(bare, "status", "--porcelain")).isEmpty();
    }

    @Test
    void openRefusesADirectoryWithoutRepository() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nothing"));
        assertThatThrownBy(() -> ConfigRepository.open(dir)).isInstanceOf(AuditException.class)
                .hasMessage("not a config repository: " + dir.toAbsolutePath() + " (run mlpc init " + dir.toAbsolutePath() + ")");
        assertThatThrownBy(() -> ConfigRepository.open(tmp.resolve("missing"))).isInstanceOf(AuditException.class)
                .hasMessageStartingWith("not a config repository: ");
    }

    @Test
    void commitWritesTheLayoutAndTrailersThatGitReads() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            StackCommit sc = commit("registry", yaml("registry", 25), "Create the registry backend\n\nFor team ML.", "no");
            CommitInfo info = repo.commit(sc);

            assertThat(info.trailers()).containsEntry("Stack", "registry").containsEntry("Plan", "+2 ~1 -0")
                    .containsEntry("Plan-Sha256", sc.planSha256()).containsEntry("Applied", "no");
            // the contract's trailers in order, then the record chain's (issue 13, item 5)
            assertThat(List.copyOf(info.trailers().keySet())).containsExactly("Stack", "Plan", "Plan-Sha256", "Applied",
                    "Previous-Record", "Record-Sha256");
            assertThat(info.trailer("Record-Sha256")).matches("[0-9a-f]{64}");
            assertThat(info.trailer("Previous-Record")).as("the first commit's record").matches("[0-9a-f]{64}");
            assertThat(info.subject()).isEqualTo("Create the registry backend");
            assertThat(info.authorName()).isEqualTo("Ada Admin");
            assertThat(info.authorEmail()).isEqualTo("ada@example.org");
            assertThat(info.files()).containsExactly("generated/postgres/registry.plan.json",
                    "generated/postgres/registry.sql", "stacks/registry.yaml");
            assertThat(info.id()).startsWith(info.shortId()).hasSize(40);

            assertThat(Files.readString(dir.resolve("stacks/registry.yaml"))).isEqualTo(sc.stackYaml());
            assertThat(Files.readString(dir.resolve("generated/postgres/registry.sql")))
                    .isEqualTo(sc.generated().get("generated/postgres/registry.sql"));
            assertThat(repo.readStack("registry")).contains(sc.stackYaml());
            assertThat(repo.readStack("other")).isEmpty();
            assertThat(repo.stacks()).containsExactly("registry");
        }
        assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Plan,valueonly)").trim()).isEqualTo("+2 ~1 -0");
        assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Stack,valueonly)").trim()).isEqualTo("registry");
        assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Applied,valueonly)").trim()).isEqualTo("no");
        assertThat(git(dir, "log", "-1", "--format=%an <%ae>").trim()).isEqualTo("Ada Admin <ada@example.org>");
        assertThat(git(dir, "log", "-1", "--format=%B")).startsWith("Create the registry backend\n\nFor team ML.\n\nStack: registry\nPlan: +2 ~1 -0\nPlan-Sha256: ");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(git(dir, "fsck", "--strict")).doesNotContain("error");
    }

    @Test
    void everyCommitRegeneratesTheStacksGeneratedFilesAndLeavesOthersAlone() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            Map<String, String> gen = new LinkedHashMap<>();
            String y = yaml("s", 1);
            gen.put("generated/postgres/s.sql", sql("s", y));
            gen.put("generated/postgres/s.extra.txt", "old\n");
            repo.commit(new StackCommit("s", "postgres", y, gen, "+1 ~0 -0", null, null, "one", ADA, null, null));
            repo.commit(commit("s-v2", 3, "another stack whose name starts like s"));
            repo.commit(commit("s", 2, "two"));

            assertThat(dir.resolve("generated/postgres/s.extra.txt")).doesNotExist();
            assertThat(dir.resolve("generated/postgres/s-v2.sql")).exists();
            assertThat(dir.resolve("generated/postgres/s-v2.plan.json")).exists();
            CommitInfo last = repo.log(1).get(0);
            assertThat(last.files()).contains("generated/postgres/s.extra.txt", "generated/postgres/s.plan.json")
                    .doesNotContain("generated/postgres/s-v2.sql");
            assertThat(repo.stacks()).containsExactly("s", "s-v2");
            assertThat(repo.verify(AuditFixtures.REGEN).ok()).isTrue();
        }
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(git(dir, "ls-files")).doesNotContain("s.extra.txt");
    }

    @Test
    void journalIsCommittedAndTrailersComeFromThePlanWhenNotGiven() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            String y = yaml("s", 1);
            String plan = planJson("s", 3, 0, 1, 2);
            Map<String, String> gen = Map.of("generated/postgres/s.sql", sql("s", y), "generated/postgres/s.plan.json", plan);
            String journal = "{\"outcome\":\"failed\",\"statements\":[{\"sql\":\"CREATE DATABASE mlflow\",\"outcome\":\"ok\",\"ms\":12}]}\n";
            CommitInfo info = repo.commit(new StackCommit("s", "postgres", y, gen, null, null,
                    "failed (permission denied\nfor database)", "Apply s", ADA,
                    "journal/s/20261122T101500Z-ab12cd34.json", journal));
            assertThat(info.trailers()).containsEntry("Plan", "+3 ~0 -2 -/+1")
                    .containsEntry("Plan-Sha256", Plan.sha256(plan.getBytes(StandardCharsets.UTF_8)))
                    .containsEntry("Applied", "failed (permission denied for database)");
            assertThat(Files.readString(dir.resolve("journal/s/20261122T101500Z-ab12cd34.json"))).isEqualTo(journal);
            assertThat(repo.verify(AuditFixtures.REGEN).ok()).isTrue();
        }
        assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Applied,valueonly)").trim())
                .isEqualTo("failed (permission denied for database)");
    }

    @Test
    void inconsistentOrMalformedCommitsAreRefusedWithoutWriting() throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            String head = repo.log(1).get(0).id();
            StackCommit good = commit("s", 1, "x");
            assertThatThrownBy(() -> repo.commit(new StackCommit("s", "postgres", good.stackYaml(), good.generated(),
                    "+2 ~1 -0", "0".repeat(64), null, "x", ADA, null, null)))
                    .isInstanceOf(AuditException.class).hasMessageContaining("is not the SHA-256 of generated/postgres/s.plan.json");
            assertThatThrownBy(() -> repo.commit(new StackCommit("s", "postgres", good.stackYaml(), good.generated(),
                    "+9 ~1 -0", null, null, "x", ADA, null, null)))
                    .isInstanceOf(AuditException.class).hasMessageContaining("does not match the plan summary '+2 ~1 -0'");
            assertThatThrownBy(() -> repo.commit(new StackCommit("../evil", "postgres", "x", Map.of(), null, null,
                    null, "x", ADA, null, null))).isInstanceOf(AuditException.class).hasMessageContaining("stack name");
            assertThatThrownBy(() -> repo.commit(new StackCommit("s", "postgres", "x",
                    Map.of("generated/postgres/other.sql", "x"), null, null, null, "x", ADA, null, null)))
                    .isInstanceOf(AuditException.class).hasMessageContaining("generated/postgres/s.<extension>");
            assertThatThrownBy(() -> repo.commit(new StackCommit("s", "postgres", "x", Map.of(), null, null, null,
                    "x", ADA, "journal/../stacks/s.yaml", "{}"))).isInstanceOf(AuditException.class)
                    .hasMessageContaining("below journal/");
            assertThatThrownBy(() -> repo.commit(new StackCommit("s", "postgres", "x", Map.of(), null, null, null,
                    " ", ADA, null, null))).isInstanceOf(AuditException.class).hasMessageContaining("message");
            assertThat(repo.log(0)).hasSize(1);
            assertThat(repo.log(1).get(0).id()).isEqualTo(head);
        }
    }

    @Test
    void secretsAreRefusedAndNothingIsWritten() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(commit("s", 1, "baseline"));
            String head = repo.log(1).get(0).id();
            String base = yaml("s", 2);

            String literal = base.replace("${env:PG_PW}", "hunter2");
            assertRefused(repo, commit("s", literal, "literal", "no"), "stacks/s.yaml:7:", "[secret-value]");

            String pem = base + "ssl_key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  -----END PRIVATE KEY-----\n";
            assertRefused(repo, commit("s", pem, "pem", "no"), "stacks/s.yaml:13:", "[private-key]");

            String aws = base + "aws_access_key_id: AKIAIOSFODNN7EXAMPLE\n";
            assertRefused(repo, commit("s", aws, "aws", "no"), "stacks/s.yaml:12:", "[aws-access-key-id]");

            StackCommit sqlLiteral = commit("s", base, "sql", "no");
            Map<String, String> gen = new LinkedHashMap<>(sqlLiteral.generated());
            gen.put("generated/postgres/s.sql", "CREATE ROLE \"app\" LOGIN PASSWORD 'hunter2';\n");
            assertRefused(repo, new StackCommit("s", "postgres", base, gen, sqlLiteral.planTrailer(),
                    sqlLiteral.planSha256(), "no", "sql", ADA, null, null), "generated/postgres/s.sql:1:", "[sql-password]");

            assertRefused(repo, new StackCommit("s", "postgres", base, sqlLiteral.generated(), sqlLiteral.planTrailer(),
                    sqlLiteral.planSha256(), "no", "apply", ADA, "journal/s/1.json",
                    "{\"url\": \"jdbc:postgresql://db/x?user=a&password=hunter2\"}"), "journal/s/1.json:1:", "[secret-value]");

            assertThat(repo.log(1).get(0).id()).isEqualTo(head);
            assertThat(repo.readStack("s")).contains(yaml("s", 1));
            assertThat(dir.resolve("journal")).doesNotExist();

            // references are accepted
            StackCommit ok = commit("s", base.replace("${env:PG_PW}", "${keychain:mlpc/pg-owner}"), "refs", "no");
            Map<String, String> okGen = new LinkedHashMap<>(ok.generated());
            okGen.put("generated/postgres/s.sql", "ALTER ROLE \"app\" PASSWORD '${env:PG_PW}';\n");
            repo.commit(new StackCommit("s", "postgres", ok.stackYaml(), okGen, ok.planTrailer(), ok.planSha256(),
                    "no", "refs", ADA, null, null));
            assertThat(repo.log(0)).hasSize(3);
        }
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }

    private static void assertRefused(ConfigRepository repo, StackCommit c, String where, String rule) {
        assertThatThrownBy(() -> repo.commit(c)).isInstanceOf(AuditException.class)
                .hasMessageContaining("looks like a secret").hasMessageContaining(where).hasMessageContaining(rule)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void logIsNewestFirstAndDiffIsUnified() throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            repo.commit(commit("s", 1, "first"));
            CommitInfo second = repo.commit(commit("s", 2, "second"));
            assertThat(repo.log(0)).extracting(CommitInfo::subject)
                    .containsExactly("second", "first", "Initialise mlpc config repository");
            assertThat(repo.log(2)).hasSize(2);

            String diff = repo.diff(second.id());
            assertThat(diff).contains("diff --git a/stacks/s.yaml b/stacks/s.yaml")
                    .contains("-    connection_limit: 1").contains("+    connection_limit: 2");
            String root = repo.diff(repo.log(0).get(2).id());
            assertThat(root).contains("new file mode 100644").contains("+++ b/README.md");
            assertThat(repo.diff(second.shortId())).isEqualTo(diff);
            assertThatThrownBy(() -> repo.diff("no-such-rev")).isInstanceOf(AuditException.class)
                    .hasMessageContaining("no-such-rev");
        }
    }
}
