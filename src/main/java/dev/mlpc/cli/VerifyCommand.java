package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.app.Settings;
import dev.mlpc.app.SignatureAudit;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.HistoryAnchor;
import dev.mlpc.core.audit.SignatureCheck;
import dev.mlpc.core.audit.VerifyReport;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "verify", description = "Check the whole audit record: every commit's plan hash and generated files, the journals,"
        + " the record chain, and the history against the root commit and last verified head kept in settings;"
        + " and every commit's signature (good, bad, unknown key, unsigned) against the trusted keys in keys/openpgp/,"
        + " required where policy.yaml says signatures: required; exit 1 naming each problem.")
final class VerifyCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = "--format", defaultValue = "text", description = "text or json: json lists every commit's signature (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() throws StackException, AuditException, IOException {
        try (ConfigRepository r = repository(repo)) {
            HistoryAnchor anchor = wb().settings().verified(r.directory());
            VerifyReport report = r.verify(wb()::regenerate, anchor);
            SignatureAudit sigs = SignatureAudit.of(r, wb().signatureRequirement());
            boolean ok = report.ok() && sigs.ok();
            if (ok && report.head() != null) {
                Settings now = wb().settings();
                wb().saveSettings(now.withVerified(r.directory(), report.anchor()));
            }
            if (format == Format.json) {
                out().println(json(report, sigs, ok));
                out().flush();
                return ok ? 0 : 1;
            }
            if (report.ok()) {
                out().println("verified " + report.commitsChecked() + " commits: all plan hashes and generated files match;"
                        + " journals and the record chain are intact"
                        + (report.beforeChain() > 0 ? " (" + report.beforeChain() + " commits before the chain)" : ""));
            }
            printSignatures(sigs);
            if (ok) {
                if (report.head() != null) {
                    out().println("recorded root " + report.root().substring(0, 12) + " and head " + report.head().substring(0, 12)
                            + " as last verified");
                }
                out().flush();
                return 0;
            }
            out().flush();
            List<String> problems = new ArrayList<>(report.problems());
            problems.addAll(sigs.problems());
            problems.forEach(p -> err().println(p));
            err().println(problems.size() + " problem(s) in " + report.commitsChecked() + " commits"
                    + (anchor.head() == null ? "" : "; the last verified head stays " + anchor.head().substring(0, 12)));
            err().flush();
            return 1;
        }
    }

    /** The summary, then one line per commit whose signature is not GOOD (all unsigned: one line says so). */
    private void printSignatures(SignatureAudit sigs) {
        Map<SignatureCheck.Status, Integer> counts = sigs.counts();
        if (counts.get(SignatureCheck.Status.UNSIGNED) == sigs.rows().size()) {
            out().println("signatures: none of the " + sigs.rows().size() + " commits is signed"
                    + (sigs.rows().stream().anyMatch(SignatureAudit.Row::required) ? "" : " (policy.yaml does not require signatures)"));
            return;
        }
        out().println(sigs.summary());
        for (SignatureAudit.Row row : sigs.rows()) {
            SignatureCheck c = row.check();
            if (c.good()) continue;
            out().println(String.format("  %-7s  %-11s  %s%s", c.commitId().substring(0, 7), c.status(), c.detail(),
                    row.required() ? "  [required by policy.yaml]" : ""));
        }
    }

    private static String json(VerifyReport report, SignatureAudit sigs, boolean ok) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", ok);
        root.put("commits_checked", report.commitsChecked());
        root.put("root", report.root());
        root.put("head", report.head());
        root.put("before_chain", report.beforeChain());
        List<String> problems = new ArrayList<>(report.problems());
        problems.addAll(sigs.problems());
        root.put("problems", problems);
        Map<String, Object> summary = new LinkedHashMap<>();
        sigs.counts().forEach((s, n) -> summary.put(s.name().toLowerCase(java.util.Locale.ROOT), n));
        summary.put("required", sigs.rows().stream().filter(SignatureAudit.Row::required).count());
        root.put("signature_summary", summary);
        List<Object> rows = new ArrayList<>();
        for (SignatureAudit.Row row : sigs.rows()) {
            SignatureCheck c = row.check();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("commit", c.commitId());
            m.put("status", c.status().name());
            m.put("key", c.keyId());
            m.put("signer", c.signer());
            m.put("detail", c.detail());
            m.put("required", row.required());
            rows.add(m);
        }
        root.put("signatures", rows);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
