package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "plan", description = "Show what would change. Without --connection the plan assumes nothing exists.")
final class PlanCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "Stack file.")
    Path file;

    @Option(names = "--connection", paramLabel = "NAME", description = "Connection profile to read live state from.")
    String connection;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (its committed stack says what to drop).")
    Path repo;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when none.")
    boolean detailed;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() throws StackException, ProviderException, AuditException {
        Stack stack = wb().loadStack(file);
        Plan plan;
        if (connection == null) {
            plan = wb().offlinePlan(stack);
        } else {
            try (ConfigRepository r = repositoryIfPresent(repo)) {
                plan = wb().plan(stack, connection(connection), r, progress());
            }
        }
        out().print(format == Format.json ? plan.toJson() : plan.toText());
        out().flush();
        return detailed && plan.hasChanges() ? 2 : 0;
    }
}
