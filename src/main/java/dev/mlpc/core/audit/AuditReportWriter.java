package dev.mlpc.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Renders an {@link AuditReport} as ONE self-contained HTML file: the style sheet and the script
 * ({@code /audit/report.css}, {@code /audit/report.js}) inline, the report's data as a JSON data block, the charts
 * drawn by the script as inline SVG. Nothing is loaded from anywhere: the Content-Security-Policy allows no source but
 * the page's own style and script, by their SHA-256 ({@code default-src 'none'}), so the page cannot fetch, post or
 * embed anything even if some text escaped its escaping.
 *
 * <p>All repository text is hostile input. The static part escapes it for HTML ({@link #escape}); the data block is
 * JSON with {@code <}, {@code >}, {@code &} and the line separators as {@code \\uXXXX} escapes, so no text can close the
 * block; the script only ever puts text into the page through {@code textContent} and attribute setters.</p>
 */
public final class AuditReportWriter {
    static final String CSS = resource("/audit/report.css");
    static final String JS = resource("/audit/report.js");
    private static final ObjectMapper MAPPER = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    /**
     * One field or array element per line, without indentation: the page stays small and the secret scan, which works
     * line by line, sees short lines (on one long line per commit it took seconds per thousand commits).
     */
    private static final com.fasterxml.jackson.databind.ObjectWriter JSON = MAPPER.writer(
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("", "\n"))
                    .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("", "\n"))
                    .withoutSpacesInObjectEntries());

    private AuditReportWriter() {
    }

    /** The report's file beside a bundle: {@code <bundle>.report.html}. */
    public static java.nio.file.Path reportPath(java.nio.file.Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + ".report.html");
    }

    /** The Content-Security-Policy of the page: only its own inline style and script, by hash; nothing remote. */
    static String contentSecurityPolicy() {
        return "default-src 'none'; script-src '" + hash(JS) + "'; style-src '" + hash(CSS) + "'; img-src data:;"
                + " base-uri 'none'; form-action 'none'";
    }

    /** The whole page. */
    public static String html(AuditReport r) {
        return html(r, null);
    }

    /** The report with its governance section (after the facts) when {@code governance} is not null. */
    public static String html(AuditReport r, GovernanceSection governance) {
        StringBuilder b = new StringBuilder(64 * 1024 + r.commits().size() * 1024);
        String headShort = r.head().substring(0, Math.min(12, r.head().length()));
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(escape(contentSecurityPolicy())).append("\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"mlpc export\">\n")
                .append("<title>mlpc audit report: ").append(escape(r.branch())).append(" at ").append(headShort).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body data-ready=\"0\">\n");
        b.append("<header>\n<h1>Audit report</h1>\n<dl class=\"facts\">\n");
        fact(b, "Repository", r.repository());
        fact(b, "Branch", r.branch());
        fact(b, "Head commit", r.head());
        fact(b, "Root commit", r.root());
        fact(b, "Commits listed", r.commits().size() + (r.since() == null ? " (all)" : " (after " + r.since() + ")"));
        fact(b, "Exported at", r.exportedAt());
        fact(b, "Manifest", r.manifest() + " (file hashes; the bundle's SHA-256)");
        fact(b, "Signatures", r.signatureSource());
        AuditReport.Verify v = r.verify();
        fact(b, "Verify", v.problems() == 0 ? "no problem in " + v.commitsChecked() + " commits"
                : v.problems() + " problem(s) in " + v.commitsChecked() + " commits");
        b.append("</dl>\n");
        if (!v.general().isEmpty()) {
            b.append("<section id=\"general-problems\" class=\"problems\">\n<h2>Verify problems of the history</h2>\n<ul>\n");
            for (String p : v.general()) b.append("<li>").append(escape(p)).append("</li>\n");
            b.append("</ul>\n</section>\n");
        }
        if (governance != null) governance(b, governance);
        b.append("</header>\n");
        b.append("<noscript><p class=\"noscript\">The commit list, filters and charts of this report need JavaScript"
                + " (it runs offline, from this file). The same commits are listed in ").append(escape(r.manifest()))
                .append(" and its .txt twin.</p></noscript>\n");
        b.append("""
                <main>
                <section id="charts" aria-label="Changes per week">
                <h2>Changes per week</h2>
                <p class="hint">Plan changes of the stack commits that match the filters, per week (Monday, UTC).</p>
                <figure><figcaption>By provider</figcaption><div id="chart-provider" class="chart"></div></figure>
                <figure><figcaption>By safety</figcaption><div id="chart-safety" class="chart"></div></figure>
                </section>
                <section id="filters" aria-label="Filters">
                <h2>Commits</h2>
                <form id="filter-form" autocomplete="off">
                <label>Stack <select id="f-stack"><option value="">all stacks</option></select></label>
                <label>Person <select id="f-person"><option value="">everyone</option></select></label>
                <label>From <input type="date" id="f-from"></label>
                <label>To <input type="date" id="f-to"></label>
                <label><input type="checkbox" id="f-applied"> applied only</label>
                <button type="button" id="f-clear">Clear filters</button>
                </form>
                <p id="count" aria-live="polite"></p>
                <nav class="pager" id="pager-top" aria-label="Pages"></nav>
                </section>
                <section id="commits"></section>
                <nav class="pager" id="pager-bottom" aria-label="Pages"></nav>
                </main>
                """);
        b.append("<script type=\"application/json\" id=\"mlpc-data\">").append(dataBlock(r)).append("</script>\n");
        b.append("<script>").append(JS).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The governance section: static, escaped HTML (findings at export time, not per commit). */
    private static void governance(StringBuilder b, GovernanceSection g) {
        b.append("<section id=\"governance\" class=\"governance\" aria-label=\"Governance\">\n<h2>Governance</h2>\n")
                .append("<p>").append(escape(g.summary())).append("</p>\n");
        if (!g.notes().isEmpty()) {
            b.append("<ul class=\"notes\">\n");
            for (String n : g.notes()) b.append("<li>").append(escape(n)).append("</li>\n");
            b.append("</ul>\n");
        }
        if (!g.findings().isEmpty()) {
            b.append("<table class=\"findings\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Subject</th>")
                    .append("<th>Finding</th><th>Lineage nodes</th></tr></thead>\n<tbody>\n");
            for (GovernanceSection.Row f : g.findings()) {
                b.append("<tr class=\"").append("error".equals(f.severity()) ? "error" : "warning").append("\"><td>")
                        .append(escape(f.severity())).append("</td><td>").append(escape(f.rule())).append("</td><td>")
                        .append(escape(f.type())).append(' ').append(escape(f.name())).append("</td><td>")
                        .append(escape(f.message())).append("</td><td>");
                for (int i = 0; i < f.nodes().size(); i++) {
                    b.append(i == 0 ? "" : "<br>").append("<code>").append(escape(f.nodes().get(i))).append("</code>");
                }
                b.append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("</section>\n");
    }

    private static void fact(StringBuilder b, String term, String value) {
        b.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    /**
     * The report as JSON that cannot end the script element it sits in, one field per line (short lines keep the
     * secret scan of the page fast).
     */
    static String dataBlock(AuditReport r) {
        StringBuilder json = new StringBuilder(r.commits().size() * 4096 + 1024);
        try {
            String head = JSON.writeValueAsString(new AuditReport(r.repository(), r.branch(), r.head(), r.root(),
                    r.since(), r.exportedAt(), r.manifest(), r.signatureSource(), r.verify(), java.util.List.of()));
            String trimmed = head.stripTrailing();
            json.append(trimmed, 0, trimmed.length() - 1).append(",\n\"commits\":[");
            boolean first = true;
            for (AuditReport.Entry e : r.commits()) {
                json.append(first ? "\n" : ",\n").append(JSON.writeValueAsString(e));
                first = false;
            }
            json.append("\n]}");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit report does not serialise: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder(json.length() + 256);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** HTML text and attribute escaping; null becomes the empty string. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String hash(String inline) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = AuditReportWriter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the class path");
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.toLowerCase(java.util.Locale.ROOT).contains("</script") || s.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
                throw new IllegalStateException(name + " must not contain a closing script or style tag");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
