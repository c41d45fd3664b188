package dev.mlpc.cli;

import dev.mlpc.change.ChangeControl;
import dev.mlpc.change.Proposal;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "approve", description = {
        "Approve a proposal (its commit id or any revision naming it): commits an approval naming its plan hash."
                + " Refused for the proposer, twice by one identity, and for a rejected, applied or superseded proposal."})
final class ApproveCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "REV", description = "The proposal's commit.")
    String rev;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message.")
    String message;

    @Override
    int execute() throws StackException, AuditException {
        try (ConfigRepository r = repository(repo)) {
            CommitInfo c = ChangeControl.approve(r, rev, message, wb().author());
            Proposal p = ChangeControl.find(r, c.trailer("Proposal"));
            out().println("Approved " + p.shortId() + " (" + (p.isPolicy() ? "policy.yaml" : "stack " + p.stack()) + ") as commit "
                    + c.shortId() + "; " + p.why());
            out().flush();
        }
        return 0;
    }
}
