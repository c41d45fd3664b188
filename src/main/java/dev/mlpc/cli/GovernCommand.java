package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.governance.EstateReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlpc govern [--repo DIR] [--format text|json] [--live]}: the governance rules of {@code governance.yaml} over
 * the whole estate (every stack at head, the registries' lineage, with {@code --live} the live systems). Exit 0 without
 * error findings, 1 with any (or when the estate cannot be read: no config repository is an error, never created), 2 on
 * a usage error.
 */
@Command(name = "govern", description = {
        "Evaluate the governance rules over the whole estate (stacks at head, lineage across systems).",
        "Reads the config repository (--repo DIR, default the home one; never created here) and every registry's",
        "lineage. Exit 0: no error findings; 1: error findings, or no config repository; 2: usage error."})
final class GovernCommand extends BaseCommand implements UsageErrorsExitTwo {
    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--live", description = "Also read the live systems the stacks are bound to.")
    boolean live;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository to govern (default: the home one).")
    java.nio.file.Path repo;

    @Override
    int execute() throws StackException, AuditException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError("mlpc: govern: --format: must be text or json (it is " + format + ")", USAGE);
        }
        EstateReport report = wb().govern(repo, live, progress());
        if (format.equals("json")) {
            out().print(report.toJson());
        } else {
            out().print(report.toText());
        }
        out().flush();
        return report.errors() > 0 ? 1 : 0;
    }
}
