package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.AuditReport;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.ExportResult;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.StackException;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The export for auditors, as the CLI ({@code mlpc export}) and the console (File → Export for auditors…) both run it:
 * the git bundle, its manifests and the HTML audit report, with the verify anchor kept in settings and the workbench's
 * regenerator for the report's verify result.
 */
public final class AuditExport {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private AuditExport() {
    }

    /** Exports {@code repo} to {@code out} (manifests and report beside it); {@code since} may be null. */
    public static ExportResult run(Workbench wb, ConfigRepository repo, Path out, String since, Progress progress)
            throws StackException, AuditException {
        return repo.export(out, since, wb.settings().verified(repo.directory()),
                new AuditReport.Options(wb::regenerate, progress).withGovernance(governance(wb, repo, progress)));
    }

    /**
     * The report's governance section: the rules over the exported repository's stacks at head and the registries'
     * lineage, at export time. A {@code governance.yaml} that does not read is a note, not a failed export.
     */
    static dev.mlpc.core.audit.GovernanceSection governance(Workbench wb, ConfigRepository repo, Progress progress) {
        try {
            dev.mlpc.governance.EstateReport r = wb.govern(repo, progress);
            java.util.List<dev.mlpc.core.audit.GovernanceSection.Row> rows = new java.util.ArrayList<>();
            for (dev.mlpc.governance.Finding f : r.findings()) {
                rows.add(new dev.mlpc.core.audit.GovernanceSection.Row(f.rule(), f.severity().json(), f.type(), f.name(),
                        f.message(), f.nodes()));
            }
            String summary = "The rules of governance.yaml at the exported head over its " + r.stacks() + " stack"
                    + (r.stacks() == 1 ? "" : "s") + " and " + r.nodes() + " lineage node" + (r.nodes() == 1 ? "" : "s")
                    + ", evaluated at export time: " + r.errors() + " error" + (r.errors() == 1 ? "" : "s") + ", "
                    + r.warnings() + " warning" + (r.warnings() == 1 ? "" : "s") + ".";
            return new dev.mlpc.core.audit.GovernanceSection(summary, rows,
                    r.unread().stream().map(u -> "not read: " + u).toList());
        } catch (AuditException | RuntimeException e) {
            return new dev.mlpc.core.audit.GovernanceSection("The governance rules were not evaluated.",
                    java.util.List.of(), java.util.List.of(String.valueOf(e.getMessage())));
        }
    }

    /** Exports the workbench's own config repository. */
    public static ExportResult run(Workbench wb, Path out, Progress progress) throws StackException, AuditException {
        try (ConfigRepository repo = wb.repository()) {
            return run(wb, repo, out, null, progress);
        }
    }

    /** A bundle file name for an export made at {@code now}: {@code mlpc-audit-20261203T1700Z.bundle}. */
    public static String defaultFileName(Instant now) {
        return "mlpc-audit-" + STAMP.format(now) + ".bundle";
    }
}
