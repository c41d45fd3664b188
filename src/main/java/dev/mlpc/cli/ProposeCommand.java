package dev.mlpc.cli;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "propose", description = {
        "Plan a stack against the live system and commit it for approval (Applied: no, Approval: required (N));"
                + " prints the proposal's commit id and its plan. Apply it, once approved, with 'mlpc apply'."})
final class ProposeCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Stack file.")
    Path file;

    @Option(names = "--connection", paramLabel = "NAME", description = "Connection to plan against (default: the stack's target).")
    String connection;

    @Option(names = "--force-target", description = "Allow a connection other than the stack's target.")
    boolean forceTarget;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message.")
    String message;

    @Override
    int execute() throws StackException, ProviderException, AuditException, IOException {
        Stack stack = wb().loadStack(file);
        String yaml = readText(file);
        try (ConfigRepository r = repository(repo)) {
            Workbench.Proposed p = wb().proposeWithPlan(stack, yaml, wb().connectionFor(stack, connection), message,
                    Map.of(), progress(), forceTarget, r);
            out().println("Proposed " + p.commit().id() + " (stack " + stack.name() + ", "
                    + p.plan().summary().trailer() + "): needs " + p.required() + " approval(s) by others than "
                    + p.commit().authorEmail() + " (mlpc approve " + p.commit().shortId() + ")");
            out().println("  Target: " + p.commit().trailer("Target") + " (connection " + p.commit().trailer("Target-Connection") + ")");
            out().print(p.plan().toText());
            out().flush();
        }
        return 0;
    }
}
