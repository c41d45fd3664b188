package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit report's model and file, without a browser (see {@link AuditReportBrowserTest} for the page itself). */
class AuditReportTest {
    @TempDir
    Path tmp;

    private static AuditReport.Options options() {
        return new AuditReport.Options(AuditFixtures.REGEN, AuditReport.SignatureSource.HEADER_ONLY, null);
    }

    /** The report's data block, parsed back. */
    static JsonNode data(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"mlpc-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("data block").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private static JsonNode commit(JsonNode data, String id) {
        for (JsonNode c : data.get("commits")) if (c.get("id").asText().equals(id)) return c;
        throw new AssertionError("no commit " + id + " in the report");
    }

    @Test
    void theReportHoldsPerCommitWhoTargetPlanJournalApprovalsSignatureAndVerify() throws Exception {
        ReportFixture f = ReportFixture.create(tmp.resolve("repo"));
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(f.dir)) {
            r = repo.export(tmp.resolve("out/audit.bundle"), null, HistoryAnchor.NONE, options());
        }
        assertThat(r.report()).isEqualTo(tmp.resolve("out/audit.bundle.report.html").toAbsolutePath()).exists();
        String html = Files.readString(r.report());
        JsonNode d = data(html);

        // exactly the manifest's commits, in its order
        JsonNode manifest = new ObjectMapper().readTree(r.manifestJson().toFile());
        List<String> manifestIds = new ArrayList<>();
        manifest.get("commits").forEach(c -> manifestIds.add(c.get("id").asText()));
        List<String> reportIds = new ArrayList<>();
        d.get("commits").forEach(c -> reportIds.add(c.get("id").asText()));
        assertThat(reportIds).isEqualTo(manifestIds).hasSize(7);
        assertThat(d.get("head").asText()).isEqualTo(manifest.get("head").asText()).isEqualTo(f.signed);
        assertThat(d.get("manifest").asText()).isEqualTo("audit.bundle.manifest.json");

        JsonNode proposal = commit(d, f.proposal);
        assertThat(proposal.get("author").asText()).isEqualTo("Ada Admin");
        assertThat(proposal.get("stack").asText()).isEqualTo("b");
        assertThat(proposal.get("provider").asText()).isEqualTo("postgres");
        assertThat(proposal.get("target").asText()).isEqualTo(ReportFixture.TARGET);
        assertThat(proposal.get("targetConnection").asText()).isEqualTo("prod-pg");
        assertThat(proposal.get("approvalRequired").asText()).isEqualTo("required (1)");
        assertThat(proposal.get("plan").get("changes").get(0).get("safety").asText()).isEqualTo("destructive");
        assertThat(proposal.get("plan").get("changes").get(0).get("statements").get(0).asText()).isEqualTo("DROP SCHEMA \"s\"");
        JsonNode approval = proposal.get("approvals").get(0);
        assertThat(approval.get("commit").asText()).isEqualTo(f.approval);
        assertThat(approval.get("email").asText()).isEqualTo("hand@example.org");
        assertThat(approval.get("matchesPlan").asBoolean()).isTrue();
        assertThat(commit(d, f.approval).get("proposal").get("proposal").asText()).isEqualTo(f.proposal);
        assertThat(commit(d, f.approval).get("kind").asText()).isEqualTo("record");

        JsonNode applied = commit(d, f.applied);
        assertThat(applied.get("applied").asText()).isEqualTo("failed (statement 2 failed)");
        assertThat(applied.get("journal").get("outcome").asText()).isEqualTo("failed");
        assertThat(applied.get("journal").get("statements")).extracting(s -> s.get("outcome").asText())
                .containsExactly("succeeded", "failed");
        assertThat(applied.get("journal").get("statements").get(1).get("error").asText()).contains("permission denied");

        // signatures: header only, said so
        assertThat(commit(d, f.signed).get("signature").get("status").asText()).isEqualTo("signed-unchecked");
        assertThat(commit(d, f.proposal).get("signature").get("status").asText()).isEqualTo("unsigned");
        assertThat(d.get("signatureSource").asText()).contains("not checked");

        // verify: the hand-made commits break the record chain, named on those commits only
        assertThat(commit(d, f.approval).get("problems").toString()).contains("record chain");
        assertThat(commit(d, f.proposal).get("problems")).isNull();
        assertThat(d.get("verify").get("problems").asInt()).isPositive();

        // the chart's model: plan changes per week, by provider and by safety
        AuditReport model = new ObjectMapper().findAndRegisterModules().treeToValue(d, AuditReport.class);
        Map<String, Map<String, Integer>> bySafety = model.changesPerWeek(true);
        int total = bySafety.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        assertThat(total).isEqualTo(2 + 1 + 2 + 2);
        assertThat(model.changesPerWeek(false).values().stream().flatMap(m -> m.keySet().stream()).distinct().toList())
                .containsExactly("postgres");
    }

    @Test
    void signaturesAreCheckedAgainstTheTrustedKeysByDefault() throws Exception {
        dev.mlpc.testing.PgpTestKeys ada = dev.mlpc.testing.PgpTestKeys.generate("Ada Admin <ada@example.org>", "");
        dev.mlpc.testing.PgpTestKeys mallory = dev.mlpc.testing.PgpTestKeys.generate("Mallory <mallory@example.org>", "");
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            CommitInfo unsigned = repo.commit(AuditFixtures.commit("a", 1, "a unsigned"));
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada's key", AuditFixtures.ADA);
            repo.signingWith(signer(ada));
            CommitInfo good = repo.commit(AuditFixtures.commit("a", 2, "a signed by Ada"));
            repo.signingWith(signer(mallory));
            CommitInfo unknown = repo.commit(AuditFixtures.commit("b", 1, "b signed by an untrusted key"));

            ExportResult r = repo.export(tmp.resolve("s.bundle"), null, HistoryAnchor.NONE,
                    new AuditReport.Options(AuditFixtures.REGEN, null));
            JsonNode d = data(Files.readString(r.report()));
            assertThat(d.get("signatureSource").asText()).contains("trusted keys");
            for (CommitInfo c : List.of(unsigned, good, unknown)) {
                String expected = repo.signature(c.id()).status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                assertThat(commit(d, c.id()).get("signature").get("status").asText()).as(c.subject()).isEqualTo(expected);
            }
            assertThat(commit(d, good.id()).get("signature").get("status").asText()).isEqualTo("good");
            assertThat(commit(d, good.id()).get("signature").get("signer").asText()).isEqualTo("Ada Admin <ada@example.org>");
            assertThat(commit(d, unknown.id()).get("signature").get("status").asText()).isEqualTo("unknown-key");
            assertThat(commit(d, unsigned.id()).get("signature").get("status").asText()).isEqualTo("unsigned");
        }
    }

    private OpenPgpSigner signer(dev.mlpc.testing.PgpTestKeys k) throws Exception {
        Path f = tmp.resolve(k.keyId() + ".sec.asc");
        Files.writeString(f, k.armoredSecret());
        return OpenPgpSigner.fromKeyFile(f, null, null, "signing.key_file in settings.yaml");
    }

    @Test
    void hostileTextIsEscapedAndThePageLoadsNothingFromAnywhere() throws Exception {
        ReportFixture f = ReportFixture.create(tmp.resolve("repo"));
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(f.dir)) {
            r = repo.export(tmp.resolve("audit.bundle"), null, HistoryAnchor.NONE, options());
        }
        String html = Files.readString(r.report());
        // the hostile subject is in the data, but no byte of it can end the data block or open an element
        assertThat(html).doesNotContain("<script>document.title").doesNotContain("<img").doesNotContain("<b>bold");
        assertThat(html.split("</script>", -1)).hasSize(3); // the data block's and the script's, nothing else
        assertThat(commit(data(html), f.hostile).get("subject").asText()).isEqualTo(ReportFixture.HOSTILE);
        // no remote resource of any kind, and a policy that forbids them
        assertThat(html).doesNotContainPattern("(?i)(src|href|action)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)@import|url\\(");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-");
    }

    @Test
    void theStaticPartEscapesTheRepositoryPath() throws Exception {
        Path dir = tmp.resolve("re<po>&\"x\"");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(AuditFixtures.commit("a", 1, "a one"));
            ExportResult r = repo.export(tmp.resolve("o.bundle"), null, HistoryAnchor.NONE, options());
            String html = Files.readString(r.report());
            assertThat(html).contains("re&lt;po&gt;&amp;&quot;x&quot;").doesNotContain("re<po>");
        }
    }

    @Test
    void aReportThatWouldHoldASecretIsRefusedAndNothingIsWritten() throws Exception {
        // the history holds no secret (the bundle's own scan passes), but the report would name this path
        Path dir = tmp.resolve("AKIAIOSFODNN7REALKEY");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(AuditFixtures.commit("a", 1, "a one"));
            Path out = tmp.resolve("out/audit.bundle");
            assertThatThrownBy(() -> repo.export(out, null, HistoryAnchor.NONE, options()))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("refusing to write the audit report")
                    .hasMessageContaining("aws-access-key-id")
                    .hasMessageContaining("nothing was exported");
            try (Stream<Path> s = Files.exists(out.getParent()) ? Files.list(out.getParent()) : Stream.empty()) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }

    @Test
    void aCancelledExportWritesNothing() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(AuditFixtures.commit("a", 1, "a one"));
            dev.mlpc.core.provider.Progress cancelled = new dev.mlpc.core.provider.Progress() {
                @Override public void status(String message) { }
                @Override public void worked(long done, long total) { }
                @Override public boolean cancelled() { return true; }
            };
            Path out = tmp.resolve("out/audit.bundle");
            assertThatThrownBy(() -> repo.export(out, null, HistoryAnchor.NONE,
                    new AuditReport.Options(AuditFixtures.REGEN, null, cancelled)))
                    .isInstanceOf(AuditException.class).hasMessageContaining("cancelled");
            assertThat(out.getParent()).doesNotExist();
        }
    }

    @Test
    void sinceListsTheSameCommitsAsTheManifest() throws Exception {
        ReportFixture f = ReportFixture.create(tmp.resolve("repo"));
        try (ConfigRepository repo = ConfigRepository.open(f.dir)) {
            ExportResult r = repo.export(tmp.resolve("s.bundle"), f.proposal, HistoryAnchor.NONE, options());
            JsonNode d = data(Files.readString(r.report()));
            assertThat(d.get("commits")).hasSize(r.commits()).hasSize(4);
            assertThat(d.get("since").asText()).isEqualTo(f.proposal);
            // the approval names a proposal before the range: it is listed with what it names
            assertThat(commit(d, f.approval).get("proposal").get("stack").asText()).isEqualTo("b");
        }
    }
}
