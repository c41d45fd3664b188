package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "commit", description = "Commit a stack and its generated files to the config repository, with audit trailers.")
final class CommitCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Stack file.")
    Path file;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Why: the commit message.")
    String message;

    @Option(names = "--connection", paramLabel = "NAME", description = "Plan against this connection (default: offline plan).")
    String connection;

    @Override
    int execute() throws StackException, ProviderException, AuditException, IOException {
        Stack stack = wb().loadStack(file);
        String yaml = readText(file);
        try (ConfigRepository r = repository(repo)) {
            Plan plan = connection == null ? wb().offlinePlan(stack) : wb().plan(stack, connection(connection), r, progress());
            CommitInfo c = wb().commit(stack, yaml, plan, r, message, "no", null, null);
            out().println("Committed " + c.shortId() + " " + c.subject());
            c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
        }
        out().flush();
        return 0;
    }
}
