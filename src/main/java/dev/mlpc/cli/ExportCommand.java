package dev.mlpc.cli;

import dev.mlpc.app.AuditExport;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.ExportResult;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "export", description = "Write a git bundle of the audit history plus a manifest (JSON and text) and a self-contained HTML audit"
        + " report (BUNDLE.report.html) for auditors.")
final class ExportCommand extends BaseCommand {
    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Bundle file to write; the manifests and the HTML report go beside it.")
    Path out;

    @Option(names = "--since", paramLabel = "REV", description = "List only commits after REV in the manifest.")
    String since;

    @Override
    int execute() throws StackException, AuditException {
        try (ConfigRepository r = repository(repo)) {
            ExportResult e = AuditExport.run(wb(), r, out, since, null);
            out().println("bundle   " + e.bundle() + " (" + e.commits() + " commits in manifest, sha256 " + e.bundleSha256() + ")");
            out().println("manifest " + e.manifestJson());
            out().println("manifest " + e.manifestText());
            out().println("report   " + e.report());
        }
        out().flush();
        return 0;
    }
}
