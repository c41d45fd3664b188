package dev.mlpc.cli;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "apply", description = "Plan against the live system and run the changes; drops, revokes and replaces only with --allow-destroy.")
final class ApplyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Stack file.")
    Path file;

    @Option(names = "--connection", required = true, paramLabel = "NAME", description = "Connection profile.")
    String connection;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository to commit the stack and journal to (default: the home one).")
    Path repo;

    @Option(names = "--allow-destroy", description = "Allow DROP, REVOKE and replacements in this apply.")
    boolean allowDestroy;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message.")
    String message;

    @Override
    int execute() throws StackException, ProviderException, AuditException, IOException {
        Stack stack = wb().loadStack(file);
        String yaml = readText(file);
        try (ConfigRepository r = repository(repo)) {
            Workbench.ApplyOutcome o = wb().apply(stack, yaml, connection(connection), r, allowDestroy, message, progress());
            ApplyResult res = o.result();
            if (res.outcome() == ApplyResult.Outcome.REFUSED) {
                out().print(o.plan().toText());
                out().flush();
                throw new UserError("mlpc: " + res.failure());
            }
            if (!o.plan().hasChanges()) out().println("No changes. The live system matches the stack.");
            for (ApplyResult.Executed e : res.executed()) {
                out().println(String.format("%-11s %5d ms  %s", e.outcome().name().toLowerCase(java.util.Locale.ROOT),
                        e.millis(), String.valueOf(e.statement()).replace('\n', ' ')));
                if (e.error() != null) out().println("            error: " + e.error());
                if (e.systemId() != null) out().println("            system id: " + e.systemId());
            }
            if (o.commit() != null) out().println("Committed " + o.commit().shortId() + " (Applied: " + res.trailer() + ")");
            out().flush();
            if (o.auditError() != null) throw new UserError("mlpc: " + o.auditError());
            if (!res.succeeded()) throw new UserError("mlpc: apply " + res.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + (res.failure() != null ? ": " + res.failure() : ""));
            return 0;
        }
    }
}
