package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.governance.Governance;
import dev.mlpc.governance.GovernanceConfig;
import dev.mlpc.governance.GovernanceException;
import dev.mlpc.governance.RuleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "governance", description = {"Show or set the governance rules (governance.yaml in the config repository).",
        "  show       the rules in force at the repository's head",
        "  set FILE   validate FILE and commit it as governance.yaml (an audited commit)"})
final class GovernanceCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "show or set.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "With set: the new governance.yaml.")
    Path file;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "With set: why (the commit message).")
    String message;

    @Override
    int execute() throws StackException, AuditException, IOException {
        Governance governance = Governance.standard();
        try {
            if ("show".equals(action) && file == null) {
                try (ConfigRepository r = repository(repo)) {
                    Optional<String> text = r.readFile(Governance.FILE);
                    GovernanceConfig c = text.isEmpty() ? governance.defaults() : governance.parse(Governance.FILE, text.get());
                    out().println(text.isEmpty() ? "# no governance.yaml: every rule with its defaults" : "# governance.yaml at "
                            + r.log(1).get(0).shortId());
                    if (!c.organisation().isEmpty()) {
                        out().println("organisation  tenants: " + c.organisation().tenants() + "  email_domains: "
                                + c.organisation().emailDomains());
                    }
                    for (RuleConfig rc : c.rules().values()) {
                        StringBuilder b = new StringBuilder(String.format("%-36s %-8s %s", rc.rule(),
                                rc.enabled() ? "enabled" : "off", rc.severity().json()));
                        rc.settings().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v));
                        rc.mappings().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v));
                        out().println(b.toString().stripTrailing());
                    }
                }
            } else if ("set".equals(action) && file != null) {
                String text = readText(file);
                governance.parse(file.toString(), text);
                try (ConfigRepository r = repository(repo)) {
                    CommitInfo c = governance.commit(r, text, message, wb().author());
                    out().println("Committed " + c.shortId() + " " + c.subject());
                    c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
                }
            } else {
                throw new UserError("mlpc governance: use 'show' or 'set FILE'");
            }
        } catch (GovernanceException e) {
            List<Problem> problems = e.problems();
            for (Problem p : problems) err().println(p.format());
            err().flush();
            throw new UserError("", 1);
        }
        out().flush();
        return 0;
    }
}
