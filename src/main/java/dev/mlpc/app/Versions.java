package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.StackDiff;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stack's versions in the config repository: the stack as it was at a commit, the difference between two commits
 * ({@link VersionDiff}) and the plan of a rollback ({@link RollbackPlan}).
 */
final class Versions {
    private static final Pattern STACK_NAME = Pattern.compile(StackReader.STACK_NAME_RULE);

    private final ProviderRegistry registry;
    private final StackReader reader;
    private final Planner planner;

    Versions(ProviderRegistry registry, StackReader reader, Planner planner) {
        this.registry = registry;
        this.reader = reader;
        this.planner = planner;
    }

    /** The commit a revision names; the error names the field ({@code what}) and the revision. */
    static CommitInfo commit(ConfigRepository repo, String what, String rev) throws AuditException {
        if (rev == null || rev.isBlank()) throw new AuditException(what + ": no revision given");
        try {
            return repo.commitInfo(rev.trim());
        } catch (AuditException e) {
            throw new AuditException(what + ": " + e.getMessage());
        }
    }

    static void checkName(String stack) throws AuditException {
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            throw new AuditException("STACK: " + Problem.quote(stack) + " is not a valid stack name ("
                    + StackReader.STACK_NAME_RULE + ")");
        }
    }

    /** The stack as it was at a commit, or empty when it did not exist there; a version that no longer reads is an error. */
    Optional<Stack> stackAt(String stack, CommitInfo c, ConfigRepository repo) throws AuditException, StackException {
        Optional<String> yaml = repo.readStack(stack, c.id());
        if (yaml.isEmpty()) return Optional.empty();
        return Optional.of(reader.parse(file(stack, c), yaml.get()));
    }

    private static String file(String stack, CommitInfo c) {
        return "stacks/" + stack + ".yaml@" + c.shortId();
    }

    VersionDiff compare(String stack, String fromRev, String toRev, ConfigRepository repo)
            throws AuditException, StackException {
        checkName(stack);
        CommitInfo from = commit(repo, "REV1", fromRev);
        CommitInfo to = commit(repo, "REV2", toRev);
        Optional<Stack> before = stackAt(stack, from, repo);
        Optional<Stack> after = stackAt(stack, to, repo);
        if (before.isEmpty() && after.isEmpty()) {
            throw new AuditException("stack " + stack + " exists neither at " + fromRev.trim() + " (" + from.shortId()
                    + ") nor at " + toRev.trim() + " (" + to.shortId() + ")" + known(repo));
        }
        StackDiff semantic = StackDiff.between(before.orElse(null), after.orElse(null), registry);
        Pattern generatedFile = Pattern.compile("generated/[^/]+/" + Pattern.quote(stack) + "\\.[^/]+");
        String generated = repo.diff(from.id(), to.id(), p -> p != null && generatedFile.matcher(p).matches());
        return new VersionDiff(stack, fromRev.trim(), from, before.isPresent(), toRev.trim(), to, after.isPresent(),
                semantic, generated);
    }

    private static String known(ConfigRepository repo) throws AuditException {
        var names = repo.stacks();
        return names.isEmpty() ? "; the repository has no stacks at its head" : "; stacks at the head: " + String.join(", ", names);
    }

    /** The stack at {@code rev}; an error when the revision is unknown or the stack did not exist there. */
    Stack requireAt(String stack, String rev, ConfigRepository repo) throws AuditException, StackException {
        checkName(stack);
        CommitInfo c = commit(repo, "--to", rev);
        return stackAt(stack, c, repo).orElseThrow(() -> new AuditException("stack " + stack + " does not exist at "
                + rev.trim() + " (" + c.shortId() + "): nothing to roll back to"));
    }

    /**
     * The connection a rollback uses when none is given: the target of the stack as it was at {@code rev}, else of the
     * stack at the branch head; null when neither names one.
     */
    String defaultConnection(String stack, String rev, ConfigRepository repo) throws AuditException, StackException {
        Stack then = requireAt(stack, rev, repo);
        if (then.hasTarget()) return then.target();
        Optional<String> head = repo.readStack(stack);
        if (head.isPresent()) {
            try {
                Stack now = reader.parse("stacks/" + stack + ".yaml", head.get());
                if (now.hasTarget()) return now.target();
            } catch (StackException e) {
                // the head version does not read: it names no target we can trust
            }
        }
        return null;
    }

    RollbackPlan plan(String stack, String rev, ConnectionProfile connection, ConfigRepository repo, Progress progress)
            throws AuditException, StackException, ProviderException {
        checkName(stack);
        if (connection == null) throw new ProviderException("--connection: required (stack " + stack + " names no target)");
        CommitInfo c = commit(repo, "--to", rev);
        Optional<String> yaml = repo.readStack(stack, c.id());
        if (yaml.isEmpty()) {
            throw new AuditException("stack " + stack + " does not exist at " + rev.trim() + " (" + c.shortId()
                    + "): nothing to roll back to");
        }
        Stack then = reader.parse(file(stack, c), yaml.get());
        Stack now = null;
        Optional<String> head = repo.readStack(stack);
        if (head.isPresent()) {
            try {
                now = reader.parse("stacks/" + stack + ".yaml", head.get());
            } catch (StackException e) {
                now = null;
            }
        }
        Plan plan = planner.plan(then, connection, repo, progress);
        return new RollbackPlan(c, then, yaml.get(), connection, plan, StackDiff.between(now, then, registry));
    }
}
