package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

@Command(name = "plan", description = "Show what would change. Without --connection the plan assumes nothing exists.")
final class PlanCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "Stack file.")
    Path file;

    @Option(names = "--connection", paramLabel = "NAME", description = "Connection profile to read live state from (default: the stack's target).")
    String connection;

    @Option(names = "--force-target", description = "Allow a connection other than the stack's target (target:).")
    boolean forceTarget;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (its committed stack says what to drop).")
    Path repo;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when none.")
    boolean detailed;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "PLANFILE",
            description = "Also save the plan for 'mlpc apply --plan PLANFILE' (needs --connection).")
    Path outFile;

    @Override
    int execute() throws StackException, ProviderException, AuditException, IOException {
        Stack stack = wb().loadStack(file);
        if (connection == null && stack.hasTarget()) connection = stack.target();
        if (outFile != null && connection == null) {
            throw new UserError("mlpc: --out: a saved plan needs --connection (an offline plan cannot be applied)");
        }
        byte[] bytes = null;
        if (outFile != null) {
            // the saved hash is of exactly the bytes planned
            bytes = Files.readAllBytes(file);
            stack = wb().parseStack(file.toString(), new String(bytes, StandardCharsets.UTF_8));
        }
        Plan plan;
        if (connection == null) {
            plan = wb().offlinePlan(stack);
        } else {
            ConnectionProfile profile = connection(connection);
            try (ConfigRepository r = repositoryIfPresent(repo)) {
                plan = wb().plan(stack, profile, r, progress(), forceTarget);
                if (outFile != null) save(stack, bytes, profile, r, plan);
            }
        }
        out().print(format == Format.json ? plan.toJson() : plan.toText());
        out().flush();
        if (format == Format.json && !plan.notes().isEmpty()) {
            // notes are not part of the plan (nor of its hash): on stderr, so that stdout stays exactly the plan JSON
            for (String n : plan.notes()) err().println("note: " + n);
            err().flush();
        }
        if (outFile != null) {
            // on stderr, so that stdout stays exactly the plan (--format json pipes)
            err().println("Saved the plan to " + outFile + " (Plan-Sha256: " + plan.sha256() + "). Apply exactly it with:"
                    + " mlpc apply --plan " + outFile + (plan.destructive().isEmpty() ? "" : " --allow-destroy"));
            err().flush();
        }
        return detailed && plan.hasChanges() ? 2 : 0;
    }

    private void save(Stack stack, byte[] bytes, ConnectionProfile profile, ConfigRepository r, Plan plan)
            throws AuditException, ProviderException, IOException {
        String commit = null;
        if (r != null && r.readStack(stack.name()).map(y -> y.equals(new String(bytes, StandardCharsets.UTF_8))).orElse(false)) {
            List<CommitInfo> versions = r.stackVersions(stack.name());
            if (!versions.isEmpty()) commit = versions.get(0).id();
        }
        String provider = plan.provider() == null || plan.provider().isEmpty() ? profile.type() : plan.provider();
        new SavedPlan(Instant.now().toString(), stack.name(), file.toAbsolutePath().normalize().toString(),
                SavedPlan.sha256(bytes), commit, r == null ? null : r.directory().toAbsolutePath().normalize().toString(),
                profile.name(), profile.type(), SavedPlan.connectionSha256(profile), provider, plan.sha256(),
                plan.summary().trailer(), plan.toJson()).write(outFile);
    }
}
