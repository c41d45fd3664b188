package dev.mlpc.cli;

import dev.mlpc.app.Settings;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.HistoryAnchor;
import dev.mlpc.core.audit.VerifyReport;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "verify", description = "Check the whole audit record: every commit's plan hash and generated files, the journals,"
        + " the record chain, and the history against the root commit and last verified head kept in settings;"
        + " exit 1 naming each problem.")
final class VerifyCommand extends BaseCommand {
    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Override
    int execute() throws StackException, AuditException, IOException {
        try (ConfigRepository r = repository(repo)) {
            HistoryAnchor anchor = wb().settings().verified(r.directory());
            VerifyReport checked = r.verify(wb()::regenerate, anchor);
            // change control: policy.yaml changes made without the approvals the previous policy required
            java.util.List<String> all = new java.util.ArrayList<>(checked.problems());
            all.addAll(wb().policyProblems(r));
            VerifyReport report = new VerifyReport(checked.commitsChecked(), all, checked.root(), checked.head(), checked.beforeChain());
            if (report.ok()) {
                if (report.head() != null) {
                    Settings now = wb().settings();
                    wb().saveSettings(now.withVerified(r.directory(), report.anchor()));
                }
                out().println("verified " + report.commitsChecked() + " commits: all plan hashes and generated files match;"
                        + " journals and the record chain are intact"
                        + (report.beforeChain() > 0 ? " (" + report.beforeChain() + " commits before the chain)" : ""));
                if (report.head() != null) {
                    out().println("recorded root " + report.root().substring(0, 12) + " and head " + report.head().substring(0, 12)
                            + " as last verified");
                }
                out().flush();
                return 0;
            }
            report.problems().forEach(p -> err().println(p));
            err().println(report.problems().size() + " problem(s) in " + report.commitsChecked() + " commits"
                    + (anchor.head() == null ? "" : "; the last verified head stays " + anchor.head().substring(0, 12)));
            err().flush();
            return 1;
        }
    }
}
