package dev.mlpc.cli;

import dev.mlpc.change.ChangeControl;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "reject", description = "Reject a proposal with a reason (-m, required): it can no longer be approved or applied.")
final class RejectCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "REV", description = "The proposal's commit.")
    String rev;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "REASON", description = "Why (required).")
    String reason;

    @Override
    int execute() throws StackException, AuditException {
        if (reason == null || reason.isBlank()) throw new UserError("mlpc reject: -m REASON: required (why the proposal is rejected)");
        try (ConfigRepository r = repository(repo)) {
            CommitInfo c = ChangeControl.reject(r, rev, reason, wb().author());
            out().println("Rejected " + c.trailer("Proposal").substring(0, 12) + " (" + c.trailer("Proposal-Stack") + ") as commit " + c.shortId());
            out().flush();
        }
        return 0;
    }
}
