package dev.mlpc.ui.history;

import dev.mlpc.app.RollbackPlan;
import dev.mlpc.app.VersionDiff;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the History view asks of the application to compare versions and roll back: the workbench's version
 * services over the config repository. Every method may block on I/O: the view calls them on the background executor.
 */
public interface VersionService {
    /** The difference of {@code stack} from commit {@code fromId} to commit {@code toId}. */
    VersionDiff compare(String stack, String fromId, String toId) throws Exception;

    /** The connections a rollback of {@code stack} to {@code rev} may use: those of its provider. */
    List<ConnectionProfile> connections(String stack, String rev) throws Exception;

    /** The connection a rollback uses by default (the stack's target), or null. */
    String defaultConnection(String stack, String rev) throws Exception;

    /** Plans the rollback of {@code stack} to {@code rev} against connection {@code connection}. */
    RollbackPlan planRollback(String stack, String rev, ConnectionProfile connection, Progress progress) throws Exception;

    /** Applies exactly the reviewed rollback plan (its hash), committing with {@code Reverts:}. */
    Workbench.ApplyOutcome applyRollback(RollbackPlan plan, boolean allowDestroy, String message, Progress progress)
            throws Exception;

    /**
     * The approvals {@code policy.yaml} requires for this rollback plan: 0 means it may be applied at once, more means
     * it is proposed instead ({@link #proposeRollback}).
     */
    int rollbackApprovals(RollbackPlan plan) throws Exception;

    /**
     * Proposes the rollback instead of applying it (nothing runs on the live system): a commit of the restored stack
     * with {@code Applied: no}, {@code Approval: required (N)} and {@code Reverts: <full id>}, approved and applied like
     * any proposal; {@code message} null or blank takes {@link RollbackPlan#defaultMessage()}.
     */
    Workbench.Proposed proposeRollback(RollbackPlan plan, String message, Progress progress) throws Exception;

    /** The services of a workbench (null from the supplier: the console is still starting). */
    static VersionService of(Supplier<Workbench> workbench) {
        return new VersionService() {
            private Workbench wb() {
                Workbench w = workbench.get();
                if (w == null) throw new IllegalStateException("the console is still starting; try again in a moment");
                return w;
            }

            @Override
            public VersionDiff compare(String stack, String fromId, String toId) throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().compareVersions(stack, fromId, toId, repo);
                }
            }

            @Override
            public List<ConnectionProfile> connections(String stack, String rev) throws Exception {
                Set<String> providers;
                try (ConfigRepository repo = wb().repository()) {
                    String yaml = repo.readStack(stack, rev).orElseThrow(() -> new IllegalStateException(
                            "stack " + stack + " does not exist at " + rev + ": nothing to roll back to"));
                    providers = wb().parseStack("stacks/" + stack + ".yaml", yaml).providers();
                }
                return wb().connections().load().stream().filter(c -> providers.contains(c.type())).toList();
            }

            @Override
            public String defaultConnection(String stack, String rev) throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().rollbackConnection(stack, rev, repo);
                }
            }

            @Override
            public RollbackPlan planRollback(String stack, String rev, ConnectionProfile connection, Progress progress)
                    throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().planRollback(stack, rev, connection, repo, progress);
                }
            }

            @Override
            public Workbench.ApplyOutcome applyRollback(RollbackPlan plan, boolean allowDestroy, String message,
                                                        Progress progress) throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().applyRollback(plan, repo, allowDestroy, message, progress);
                }
            }

            @Override
            public int rollbackApprovals(RollbackPlan plan) throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().rollbackApprovals(plan, repo);
                }
            }

            @Override
            public Workbench.Proposed proposeRollback(RollbackPlan plan, String message, Progress progress)
                    throws Exception {
                try (ConfigRepository repo = wb().repository()) {
                    return wb().proposeRollback(plan, repo, message, progress);
                }
            }
        };
    }
}
