package dev.mlpc.core.provider;

import java.time.Duration;

/**
 * A lock on the target of an apply (a server, an account, a cloud region), held for the whole apply — the plan on
 * the session that runs it and the run — so that two applies on one target never interleave. Released by
 * {@link #close()}; a holder that dies releases it too (a database session ends, a lock file's process is gone).
 */
public interface TargetLock extends AutoCloseable {
    /** What is locked, for messages, e.g. {@code PostgreSQL advisory lock on 127.0.0.1:5432/postgres}. */
    String description();

    @Override
    void close();

    /**
     * Who asks, and how long to wait for a holder to finish before refusing.
     *
     * @param owner {@code user@host pid N}
     * @param stack the stack being applied
     * @param runId the apply's run id
     * @param maxWait how long to wait for another holder (zero: refuse at once)
     */
    record Request(String owner, String stack, String runId, Duration maxWait) {
        /** One line naming the holder: {@code ada@host pid 4242, stack ml, run 2026…}. */
        public String label() {
            return owner + ", stack " + stack + ", run " + runId;
        }
    }
}
