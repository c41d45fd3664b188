package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(commit("a", 1, "a one"));
            repo.commit(commit("b", 1, "b one"));
            repo.commit(commit("a", 2, "a two"));
            repo.commit(commit("b", 2, "b two"));
        }
        return dir;
    }

    @Test
    void theBundleVerifiesAndClonesBackWithIdenticalCommits() throws Exception {
        Path dir = repo();
        Path out = tmp.resolve("out/audit.bundle");
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            r = repo.export(out, null);
        }
        assertThat(r.bundle()).isEqualTo(out.toAbsolutePath()).exists();
        assertThat(r.manifestJson()).isEqualTo(tmp.resolve("out/audit.bundle.manifest.json").toAbsolutePath()).exists();
        assertThat(r.manifestText()).isEqualTo(tmp.resolve("out/audit.bundle.manifest.txt").toAbsolutePath()).exists();
        assertThat(r.commits()).isEqualTo(5);
        assertThat(r.bundleSha256()).isEqualTo(Plan.sha256(Files.readAllBytes(out)));

        git(tmp, "clone", "-q", out.toString(), "copy");
        Path copy = tmp.resolve("copy");
        assertThat(git(copy, "bundle", "verify", out.toString())).contains("is okay");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        git(empty, "init", "-q");
        assertThat(git(empty, "bundle", "verify", out.toString())).contains("is okay");
        assertThat(git(copy, "rev-list", "HEAD")).isEqualTo(git(dir, "rev-list", "HEAD"));
        assertThat(git(copy, "rev-parse", "--abbrev-ref", "HEAD").trim()).isEqualTo("main");
        assertThat(Files.readString(copy.resolve("stacks/a.yaml"))).isEqualTo(AuditFixtures.yaml("a", 2));
        assertThat(git(copy, "log", "-1", "--format=%(trailers:key=Stack,valueonly)").trim()).isEqualTo("b");

        // the clone is itself a config repository that verifies
        try (ConfigRepository cloned = ConfigRepository.open(copy)) {
            assertThat(cloned.verify(AuditFixtures.REGEN).ok()).isTrue();
        }
    }

    @Test
    void theManifestListsCommitsTrailersAndFileHashes() throws Exception {
        Path dir = repo();
        Path out = tmp.resolve("audit.bundle");
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            r = repo.export(out, null);
        }
        JsonNode m = new ObjectMapper().readTree(r.manifestJson().toFile());
        assertThat(m.get("bundle").get("sha256").asText()).isEqualTo(r.bundleSha256());
        assertThat(m.get("head").asText()).isEqualTo(git(dir, "rev-parse", "HEAD").trim());
        JsonNode commits = m.get("commits");
        assertThat(commits).hasSize(5);
        // oldest first, ids as git has them
        List<String> ids = new ArrayList<>();
        commits.forEach(c -> ids.add(c.get("id").asText()));
        List<String> gitIds = new ArrayList<>(git(dir, "rev-list", "--reverse", "HEAD").lines().toList());
        assertThat(ids).isEqualTo(gitIds);

        JsonNode last = commits.get(4);
        assertThat(last.get("subject").asText()).isEqualTo("b two");
        assertThat(last.get("author").get("name").asText()).isEqualTo("Ada Admin");
        assertThat(last.get("author").get("email").asText()).isEqualTo("ada@example.org");
        assertThat(last.get("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(last.get("trailers").get("Stack").asText()).isEqualTo("b");
        assertThat(last.get("trailers").get("Plan").asText()).isEqualTo("+2 ~1 -0");
        assertThat(last.get("trailers").get("Applied").asText()).isEqualTo("no");
        for (JsonNode f : last.get("files")) {
            String path = f.get("path").asText();
            assertThat(f.get("change").asText()).isEqualTo("modified");
            assertThat(f.get("sha256").asText()).as(path).isEqualTo(Plan.sha256(Files.readAllBytes(dir.resolve(path))));
        }
        assertThat(last.get("files")).extracting(f -> f.get("path").asText()).containsExactly(
                "generated/postgres/b.sql", "stacks/b.yaml"); // the plan JSON did not change
        assertThat(commits.get(0).get("files").get(0).get("change").asText()).isEqualTo("added");

        JsonNode head = m.get("headFiles");
        assertThat(head).extracting(f -> f.get("path").asText()).containsExactly("README.md",
                "generated/postgres/a.plan.json", "generated/postgres/a.sql", "generated/postgres/b.plan.json",
                "generated/postgres/b.sql", "stacks/a.yaml", "stacks/b.yaml");
        for (JsonNode f : head) {
            assertThat(f.get("sha256").asText()).isEqualTo(Plan.sha256(Files.readAllBytes(dir.resolve(f.get("path").asText()))));
        }

        String text = Files.readString(r.manifestText());
        assertThat(text).contains(r.bundleSha256()).contains("Commits listed: 5 (all)").contains("Subject: b two")
                .contains("Plan: +2 ~1 -0").contains("Ada Admin <ada@example.org>")
                .contains(Plan.sha256(Files.readAllBytes(dir.resolve("stacks/b.yaml"))) + "  stacks/b.yaml")
                .contains("git bundle verify ../audit.bundle");
    }

    @Test
    void sinceScopesTheManifestButNotTheBundle() throws Exception {
        Path dir = repo();
        Path out = tmp.resolve("since.bundle");
        String since = git(dir, "rev-parse", "HEAD~2").trim();
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            r = repo.export(out, "HEAD~2");
        }
        assertThat(r.commits()).isEqualTo(2);
        JsonNode m = new ObjectMapper().readTree(r.manifestJson().toFile());
        assertThat(m.get("range").get("since").asText()).isEqualTo("HEAD~2");
        assertThat(m.get("range").get("sinceCommit").asText()).isEqualTo(since);
        assertThat(m.get("commits")).extracting(c -> c.get("subject").asText()).containsExactly("a two", "b two");
        assertThat(Files.readString(r.manifestText())).contains("Commits listed: 2 (after HEAD~2 = " + since + ")");
        // still the whole history in the bundle
        git(tmp, "clone", "-q", out.toString(), "copy");
        assertThat(git(tmp.resolve("copy"), "rev-list", "--count", "HEAD").trim()).isEqualTo("5");
    }

    @Test
    void anUnknownSinceRevisionIsRefused() throws Exception {
        Path dir = repo();
        Path out = tmp.resolve("x.bundle");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThatThrownBy(() -> repo.export(out, "release-2024")).isInstanceOf(AuditException.class)
                    .hasMessageContaining("release-2024");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void anExportIntoTheRepositoryItselfIsRefused() throws Exception {
        Path dir = repo();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThatThrownBy(() -> repo.export(dir.resolve("audit.bundle"), null)).isInstanceOf(AuditException.class)
                    .hasMessageContaining("inside the config repository");
        }
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }

    @Test
    void aSecretCommittedBehindMlpcsBackBlocksTheExport() throws Exception {
        Path dir = repo();
        Files.writeString(dir.resolve("notes.properties"), "db.password=hunter2\n");
        git(dir, "add", "notes.properties");
        git(dir, "commit", "-q", "-m", "notes");
        git(dir, "rm", "-q", "notes.properties");
        git(dir, "commit", "-q", "-m", "oops, remove notes");
        Path out = tmp.resolve("x.bundle");
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThatThrownBy(() -> repo.export(out, null)).isInstanceOf(AuditException.class)
                    .hasMessageContaining("notes.properties:1:").hasMessageContaining("[secret-value]")
                    .hasMessageNotContaining("hunter2");
        }
        assertThat(out).doesNotExist();
    }
}
