package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.VerifyReport;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "verify", description = "Recompute every commit's plan hash and generated files; exit 1 naming any commit that does not match.")
final class VerifyCommand extends BaseCommand {
    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Override
    int execute() throws StackException, AuditException {
        try (ConfigRepository r = repository(repo)) {
            VerifyReport report = r.verify(wb()::regenerate);
            if (report.ok()) {
                out().println("verified " + report.commitsChecked() + " commits: all plan hashes and generated files match");
                out().flush();
                return 0;
            }
            report.problems().forEach(p -> err().println(p));
            err().println(report.problems().size() + " problem(s) in " + report.commitsChecked() + " commits");
            err().flush();
            return 1;
        }
    }
}
