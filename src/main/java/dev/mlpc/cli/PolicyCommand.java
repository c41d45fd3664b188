package dev.mlpc.cli;

import dev.mlpc.change.ChangeControl;
import dev.mlpc.change.Policy;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

@Command(name = "policy", description = {"Show or set the change-control policy (policy.yaml in the config repository).",
        "  show       the policy in force at the repository's head",
        "  set FILE   validate FILE and commit it as policy.yaml; when the policy in force asks approvals for a policy",
        "             change, it is proposed instead: approve it (mlpc approve), then mlpc apply --proposal REV"})
final class PolicyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "show or set.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "With set: the new policy.yaml.")
    Path file;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "With set: why (the commit message).")
    String message;

    @Override
    int execute() throws StackException, AuditException, IOException {
        if ("show".equals(action) && file == null) {
            try (ConfigRepository r = repository(repo)) {
                Optional<String> text = r.readFile(Policy.FILE);
                Policy p = ChangeControl.policy(r);
                out().println(text.isEmpty() ? "# no policy.yaml" : "# policy.yaml at " + r.log(1).get(0).shortId());
                out().print(p.describe());
                text.ifPresent(t -> {
                    out().println("---");
                    out().print(t.endsWith("\n") ? t : t + "\n");
                });
            }
        } else if ("set".equals(action) && file != null) {
            String text = readText(file);
            Policy.parse(file.toString(), text, wb().providerIds());
            try (ConfigRepository r = repository(repo)) {
                int need;
                try {
                    need = ChangeControl.policy(r).policyChangeApprovals();
                } catch (StackException e) {
                    need = 0;
                }
                CommitInfo c;
                if (need == 0) {
                    c = r.commitFile(Policy.FILE, text, message == null || message.isBlank() ? "Set " + Policy.FILE : message, wb().author());
                    out().println("Committed " + c.shortId() + " " + c.subject());
                } else {
                    c = ChangeControl.proposePolicy(r, text, message, need, wb().author());
                    out().println("Proposed " + c.id() + ": the policy in force asks " + need + " approval(s) for a change of "
                            + Policy.FILE + " (mlpc approve " + c.shortId() + ", then mlpc apply --proposal " + c.shortId() + ")");
                }
                c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
            }
        } else {
            throw new UserError("mlpc policy: use 'show' or 'set FILE'");
        }
        out().flush();
        return 0;
    }
}
