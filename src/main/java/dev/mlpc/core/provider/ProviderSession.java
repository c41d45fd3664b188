package dev.mlpc.core.provider;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An open connection to one live system. Not thread-safe: one task at a time. */
public interface ProviderSession extends AutoCloseable {
    /** Observed state of the given resources, read in bulk (a bounded number of round trips, never one per object). */
    Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException;

    /**
     * Runs the plan's actionable changes in order, stopping at the first failure. The caller has already checked
     * that destruction is allowed where the plan needs it. Providers implement it with the shared
     * {@link dev.mlpc.core.run.PlanRunner} and their own {@link dev.mlpc.core.run.StepExecutor}, which gives every
     * system the same outcomes, progress, cancel, polling of long-running operations, outputs and secret scrubbing.
     */
    ApplyResult apply(Plan plan, Progress progress) throws ProviderException;

    /** Children of a live tree node; {@code parent == null} lists the top level. */
    List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException;

    /**
     * What the session knows about itself from the login, without another round trip: {@code version} (the server's),
     * {@code role}, {@code warehouse} where the system has them. Never a secret. Empty by default.
     */
    default Map<String, String> about() {
        return Map.of();
    }

    @Override
    void close();
}
