package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.testing.HeadlessChromium;
import dev.mlpc.testing.HeadlessChromium.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML audit report in a real browser: Debian's Chromium, headless, opening the file with {@code file://} and no
 * network. The page must render without a single console message (a script error or a Content-Security-Policy
 * violation would log one), show exactly the manifest's commits, filter by stack, person and date from the URL's
 * fragment, page through many commits, and keep hostile commit text as text.
 */
class AuditReportBrowserTest {
    private static final Pattern ARTICLE = Pattern.compile("<article class=\"commit\" data-commit=\"([0-9a-f]{40})\"");

    @TempDir
    Path tmp;

    private static AuditReport.Options options() {
        return new AuditReport.Options(AuditFixtures.REGEN, null); // signatures checked against the trusted keys
    }

    private static List<String> shown(Page p) {
        List<String> ids = new ArrayList<>();
        Matcher m = ARTICLE.matcher(p.dom());
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    private static String bodyAttribute(Page p, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(p.dom());
        return m.find() ? m.group(1) : null;
    }

    /** Loads the page and checks it rendered cleanly: the script ran to its end, nothing logged, nothing remote. */
    private Page open(Path report, String fragment) throws Exception {
        Page p = HeadlessChromium.dumpDom(report, fragment, tmp);
        assertThat(p.exit()).as(p.stderr()).isZero();
        assertThat(p.console()).as("console messages of the page").isEmpty();
        assertThat(bodyAttribute(p, "data-ready")).as("the script ran to its end").isEqualTo("1");
        assertThat(bodyAttribute(p, "data-errors")).isNull();
        assertThat(p.dom()).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"?\\s*(https?:)?//");
        return p;
    }

    private static List<String> manifestIds(ExportResult r, String stack) throws Exception {
        JsonNode m = new ObjectMapper().readTree(r.manifestJson().toFile());
        List<String> ids = new ArrayList<>();
        for (JsonNode c : m.get("commits")) {
            JsonNode s = c.get("trailers").get("Stack");
            JsonNode ps = c.get("trailers").get("Proposal-Stack");
            String st = s != null ? s.asText() : ps != null ? ps.asText() : null;
            if (stack == null || stack.equals(st)) ids.add(c.get("id").asText());
        }
        return ids;
    }

    @Test
    void theReportRendersTheManifestsCommitsAndFilters() throws Exception {
        ReportFixture f = ReportFixture.create(tmp.resolve("repo"));
        ExportResult r;
        try (ConfigRepository repo = ConfigRepository.open(f.dir)) {
            r = repo.export(tmp.resolve("out/audit.bundle"), null, HistoryAnchor.NONE, options());
        }

        Page all = open(r.report(), null);
        List<String> expected = new ArrayList<>(manifestIds(r, null));
        java.util.Collections.reverse(expected); // newest first
        assertThat(shown(all)).isEqualTo(expected).hasSize(7);
        assertThat(bodyAttribute(all, "data-matching")).isEqualTo("7");

        // hostile text stayed text: the title is ours, no injected element or attribute exists
        assertThat(all.dom()).contains("<title>mlpc audit report: main at ");
        assertThat(bodyAttribute(all, "data-pwned")).isNull();
        assertThat(all.dom()).doesNotContain("pwned</title>").doesNotContain("<img")
                .doesNotContain("<b>bold");
        assertThat(all.dom()).contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=");
        assertThat(all.dom()).contains("permission denied &lt;script&gt;x()&lt;/script&gt;");
        assertThat(Pattern.compile("<script").matcher(all.dom()).results().count()).isEqualTo(2);

        // the per-commit facts reached the page
        assertThat(all.dom()).contains(ReportFixture.TARGET).contains("prod-pg").contains("approval required (1): 1 given")
                .contains("signature: bad").contains("signature: unsigned").contains("journal: failed").contains("DROP SCHEMA \"s\"")
                .contains("verify: ok").contains("record chain");
        // the charts: bars by provider and by safety
        assertThat(all.dom()).contains("data-key=\"postgres\"").contains("data-key=\"destructive\"")
                .contains("data-key=\"unsafe\"").contains("data-key=\"safe\"");
        int providerTotal = Pattern.compile("data-key=\"postgres\" data-count=\"(\\d+)\"").matcher(all.dom()).results()
                .mapToInt(m -> Integer.parseInt(m.group(1))).sum();
        assertThat(providerTotal).isEqualTo(7);

        // filter by stack from the fragment: the stack's commits and the approval naming its proposal
        Page b = open(r.report(), "stack=b");
        List<String> bIds = new ArrayList<>(manifestIds(r, "b"));
        java.util.Collections.reverse(bIds);
        assertThat(shown(b)).isEqualTo(bIds).containsExactly(f.approval, f.proposal);
        assertThat(b.dom()).contains("Commits 1–2 of 2 matching (7 in the report)");

        // by person, and by a date range
        Page hand = open(r.report(), "person=hand%40example.org");
        assertThat(shown(hand)).containsExactly(f.signed, f.approval);
        Page none = open(r.report(), "from=2999-01-01");
        assertThat(shown(none)).isEmpty();
        assertThat(bodyAttribute(none, "data-matching")).isEqualTo("0");
        assertThat(none.dom()).contains("No commit matches the filters (7 in the report).");
        Page before = open(r.report(), "to=2025-12-31");
        assertThat(shown(before)).containsExactly(f.signed); // its author date is 2025-11-24
    }

    @Test
    void manyCommitsArePaged() throws Exception {
        Path dir = tmp.resolve("many");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            for (int i = 1; i <= 60; i++) repo.commit(AuditFixtures.commit("s" + (i % 3), i, "change " + i));
            ExportResult r = repo.export(tmp.resolve("many.bundle"), null, HistoryAnchor.NONE, options());
            List<String> newestFirst = new ArrayList<>(manifestIds(r, null));
            java.util.Collections.reverse(newestFirst);
            assertThat(newestFirst).hasSize(61);

            Page first = open(r.report(), null);
            assertThat(shown(first)).isEqualTo(newestFirst.subList(0, 50));
            assertThat(first.dom()).contains("page 1 of 2");
            Page second = open(r.report(), "page=2");
            assertThat(shown(second)).isEqualTo(newestFirst.subList(50, 61));
            Page s1 = open(r.report(), "stack=s1&page=1");
            List<String> s1Ids = new ArrayList<>(manifestIds(r, "s1"));
            java.util.Collections.reverse(s1Ids);
            assertThat(shown(s1)).isEqualTo(s1Ids).hasSize(20);
        }
    }
}
