package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.governance.EstateReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlpc govern [--format text|json] [--live]}: the governance rules of {@code governance.yaml} over the whole
 * estate (every stack at head, the registries' lineage, with {@code --live} the live systems). Exit 0 without error
 * findings, 1 with any (or when the estate cannot be read), 2 on a usage error.
 */
@Command(name = "govern", description = {"Evaluate the governance rules over the whole estate: every stack at head and",
        "the lineage across systems. Exit 0: no error findings; 1: error findings; 2: usage."})
final class GovernCommand extends BaseCommand {
    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--live", description = "Also read the live systems the stacks are bound to.")
    boolean live;

    @Override
    int execute() throws StackException, AuditException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError("mlpc: --format: must be text or json (it is " + format + ")", 2);
        }
        EstateReport report = wb().govern(live, progress());
        if (format.equals("json")) {
            out().print(report.toJson());
        } else {
            out().print(report.toText());
        }
        out().flush();
        return report.errors() > 0 ? 1 : 0;
    }
}
