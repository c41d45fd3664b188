package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

@Command(name = "apply", description = {
        "Plan against the live system and run the changes; drops, revokes and replaces only with --allow-destroy.",
        "With --plan PLANFILE (from 'mlpc plan --out') or --expect-plan-sha256 it runs exactly the reviewed plan, or nothing."})
final class ApplyCommand extends BaseCommand {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Stack file (with --plan: optional, the plan file names it; if given, it must hold the planned stack).")
    Path file;

    @Option(names = "--connection", paramLabel = "NAME", description = "Connection profile (with --plan: optional, must be the plan's).")
    String connection;

    @Option(names = "--plan", paramLabel = "PLANFILE", description = "Apply exactly this saved plan (from 'mlpc plan --out'); refused if the stack, the connection or the live state changed.")
    Path planFile;

    @Option(names = "--expect-plan-sha256", paramLabel = "H", description = "Refuse unless the live plan's SHA-256 (Plan-Sha256, the SHA-256 of 'mlpc plan --format json') is H.")
    String expectSha;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository to commit the stack and journal to (default: the plan file's, else the home one).")
    Path repo;

    @Option(names = "--allow-destroy", description = "Allow DROP, REVOKE and replacements in this apply (also needed with --plan).")
    boolean allowDestroy;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message.")
    String message;

    @Option(names = "--force-target", description = "Allow a connection other than the stack's target (target:).")
    boolean forceTarget;

    @Option(names = "--proposal", paramLabel = "REV", description = "Apply exactly this approved proposal's stack (mlpc propose),"
            + " against its connection; or commit an approved proposed policy.yaml.")
    String proposal;

    @Override
    int execute() throws StackException, ProviderException, AuditException, IOException {
        if (proposal != null) return applyProposal();
        if (planFile != null) return applySaved();
        if (file == null) throw new UserError("mlpc: FILE: required (the stack file), or --plan PLANFILE, or --proposal REV");
        String expected = null;
        if (expectSha != null) {
            if (!SHA256.matcher(expectSha.trim()).matches()) {
                throw new UserError("mlpc: --expect-plan-sha256: " + Problem.quote(expectSha) + " is not a SHA-256 (64 hex digits)");
            }
            expected = expectSha.trim().toLowerCase(Locale.ROOT);
        }
        Stack stack = wb().loadStack(file);
        String yaml = readText(file);
        ConnectionProfile profile = wb().connectionFor(stack, connection);
        if (profile == null) {
            throw new UserError("mlpc: --connection: required (the connection to apply to): stack " + stack.name()
                    + " names no target; or --plan PLANFILE");
        }
        try (ConfigRepository r = repository(repo)) {
            return run(stack, yaml, profile, r, expected, null);
        }
    }

    /** {@code apply --proposal REV}: an approved proposal's stack against its connection, or an approved policy. */
    private int applyProposal() throws StackException, ProviderException, AuditException {
        if (planFile != null || file != null || expectSha != null) {
            throw new UserError("mlpc: --proposal: not with FILE, --plan or --expect-plan-sha256 (the proposal names the stack and its plan hash)");
        }
        dev.mlpc.change.Proposal p;
        try (ConfigRepository r = repository(repo)) {
            p = dev.mlpc.change.ChangeControl.find(r, proposal);
            if (p.isPolicy()) {
                dev.mlpc.core.audit.CommitInfo c = dev.mlpc.change.ChangeControl.applyPolicy(r, p, message, wb().author());
                out().println("Committed " + c.shortId() + " " + c.subject() + " (Config: policy.yaml)");
                out().flush();
                return 0;
            }
            if (!p.applicable()) {
                throw new UserError("mlpc: refused: proposal " + p.shortId() + " of stack " + p.stack() + " is not applicable: "
                        + p.status().name().toLowerCase(Locale.ROOT) + " (" + p.why() + "); nothing was run");
            }
            String name = connection != null ? connection : p.targetConnection();
            if (name == null) throw new UserError("mlpc: --connection: required (proposal " + p.shortId() + " names no connection)");
            if (p.targetConnection() != null && !p.targetConnection().equals(name)) {
                throw new UserError("mlpc: refused: proposal " + p.shortId() + " was planned and approved against connection "
                        + p.targetConnection() + ", not " + name + "; nothing was run");
            }
            Stack stack = wb().parseStack("stacks/" + p.stack() + ".yaml", p.stackYaml());
            Workbench.ApplyOutcome o = wb().apply(stack, p.stackYaml(), connection(name), r, allowDestroy,
                    message == null ? "Apply proposal " + p.shortId() + " of stack " + p.stack() : message, progress(),
                    p.planSha256(), java.util.Map.of(dev.mlpc.change.ChangeTrailers.PROPOSAL, p.commitId()), true);
            proposalLabel = p.shortId();
            return report(o, p.planSha256(), null);
        }
    }

    /** {@code apply --plan}: checks the stack, the connection and the plan file, then applies with the plan's hash. */
    private int applySaved() throws StackException, ProviderException, AuditException, IOException {
        if (expectSha != null) {
            throw new UserError("mlpc: --expect-plan-sha256: not with --plan (the plan file carries the hash it expects)");
        }
        SavedPlan saved = SavedPlan.read(planFile);
        Path stackPath = file != null ? file : Path.of(saved.stackFile());
        if (!Files.isRegularFile(stackPath)) {
            throw new UserError("mlpc: refused: the stack changed: " + stackPath + " (the planned stack file) no longer exists."
                    + " Nothing was run.");
        }
        byte[] bytes = Files.readAllBytes(stackPath);
        String nowSha = SavedPlan.sha256(bytes);
        if (!nowSha.equals(saved.stackSha256())) {
            throw new UserError("mlpc: refused: the stack changed since the plan: " + stackPath + " now has sha256 "
                    + nowSha.substring(0, 12) + ", the plan was made from sha256 " + saved.stackSha256().substring(0, 12)
                    + ". Nothing was run; plan again.");
        }
        String yaml = new String(bytes, StandardCharsets.UTF_8);
        Stack stack = wb().parseStack(stackPath.toString(), yaml);
        String name = connection != null ? connection : saved.connection();
        if (!name.equals(saved.connection())) {
            throw new UserError("mlpc: refused: the connection changed: the plan was made for connection " + saved.connection()
                    + ", not " + name + ". Nothing was run; plan again against " + name + ".");
        }
        ConnectionProfile profile = connection(name);
        if (!profile.type().equals(saved.connectionType()) || !SavedPlan.connectionSha256(profile).equals(saved.connectionSha256())) {
            throw new UserError("mlpc: refused: the connection changed: the settings of connection " + name
                    + " differ from when the plan was made (connections.yaml was edited). Nothing was run; plan again.");
        }
        Path repoPath = repo != null ? repo : saved.repository() != null ? Path.of(saved.repository()) : null;
        try (ConfigRepository r = repository(repoPath)) {
            return run(stack, yaml, profile, r, saved.planSha256(), saved.planTree());
        }
    }

    /**
     * The apply itself: the workbench's one apply path (reviewed-hash gate, destruction gate, journal, audit commit),
     * then the report. {@code reviewed} is the saved plan's tree when there is one (for the difference on refusal).
     */
    private int run(Stack stack, String yaml, ConnectionProfile profile, ConfigRepository r, String expected, JsonNode reviewed)
            throws ProviderException, AuditException {
        Workbench.ApplyOutcome o = wb().apply(stack, yaml, profile, r, allowDestroy, message, progress(), expected,
                java.util.Map.of(), forceTarget);
        return report(o, expected, reviewed);
    }

    /** Prints an apply's outcome; exit 0, or a {@link UserError} for a refusal or a failure. */
    /** The proposal an {@code apply --proposal} runs (its short id), named in a refusal for a changed plan; else null. */
    private String proposalLabel;

    private int report(Workbench.ApplyOutcome o, String expected, JsonNode reviewed) {
        ApplyResult res = o.result();
        if (res.outcome() == ApplyResult.Outcome.REFUSED) {
            if (expected != null && !expected.equals(o.plan().sha256())) {
                PlanDifference.print(err(), reviewed, expected, o.plan());
                if (proposalLabel != null) {
                    throw new UserError("mlpc: refused: the live plan has sha256 " + o.plan().sha256() + ", not the approved plan"
                            + " of proposal " + proposalLabel + " (sha256 " + expected + "): the stack or the live state changed"
                            + " since it was proposed. Nothing was run; a new proposal is needed (mlpc propose).");
                }
                throw new UserError(reviewed != null
                        ? "mlpc: refused: the live state changed since the plan (" + planFile + "): the live plan now has sha256 "
                        + o.plan().sha256().substring(0, 12) + ", the saved plan " + expected.substring(0, 12)
                        + ". Nothing was run; plan again."
                        : "mlpc: refused: the live plan has sha256 " + o.plan().sha256() + ", not " + expected
                        + " (--expect-plan-sha256): the stack, the connection or the live state changed since the review."
                        + " Nothing was run; plan again.");
            }
            out().print(o.plan().toText());
            out().flush();
            throw new UserError("mlpc: " + res.failure());
        }
        if (!o.plan().hasChanges()) out().println("No changes. The live system matches the stack.");
        for (ApplyResult.Executed e : res.executed()) {
            out().println(String.format("%-11s %5d ms  %s", e.outcome().name().toLowerCase(Locale.ROOT),
                    e.millis(), (e.statement() instanceof CharSequence || e.statement() == null ? String.valueOf(e.statement())
                            : dev.mlpc.core.plan.CanonicalJson.compact(e.statement())).replace('\n', ' ')));
            if (e.error() != null) out().println("            error: " + e.error());
            if (e.systemId() != null) out().println("            system id: " + e.systemId());
            if (!e.outputs().isEmpty()) {
                out().println("            outputs: " + dev.mlpc.core.plan.CanonicalJson.compact(e.outputs()));
            }
        }
        if (o.commit() != null) out().println("Committed " + o.commit().shortId() + " (Applied: " + res.trailer() + ")");
        out().flush();
        if (o.auditError() != null) throw new UserError("mlpc: " + o.auditError());
        if (!res.succeeded()) throw new UserError("mlpc: apply " + res.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (res.failure() != null ? ": " + res.failure() : ""));
        return 0;
    }
}
