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
     * @param progress told once, through {@link Progress#status}, when the lock is held by another apply and this one
     *                 waits (see {@link #waiting}); never null
     */
    record Request(String owner, String stack, String runId, Duration maxWait, Progress progress) {
        public Request {
            if (progress == null) progress = Progress.NONE;
        }

        public Request(String owner, String stack, String runId, Duration maxWait) {
            this(owner, stack, runId, maxWait, Progress.NONE);
        }

        /**
         * Reports that this apply waits for {@code description} held by {@code holder}: {@code waiting for the apply
         * lock on <target> held by <holder>, up to 30 s}. Called once by a lock before it starts waiting.
         */
        public void waiting(String description, String holder) {
            progress.status("waiting for " + description + " held by " + holder + ", up to " + maxWait.toSeconds() + " s");
        }

        /** One line naming the holder: {@code ada@host pid 4242, stack ml, run 2026…}. */
        public String label() {
            return owner + ", stack " + stack + ", run " + runId;
        }
    }
}
