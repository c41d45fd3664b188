package dev.mlpc.core.run;

import dev.mlpc.core.provider.Progress;

import java.time.Duration;
import java.time.Instant;

/** Time for the {@link PlanRunner}: what it reads and how it waits between polls. Tests inject one that does not wait. */
public interface RunClock {
    Instant now();

    /** Monotonic nanoseconds for durations and deadlines. */
    long nanoTime();

    /**
     * Waits {@code duration} unless the apply is cancelled in the meantime.
     *
     * @return false when it stopped early because {@code progress} was cancelled
     */
    boolean sleep(Duration duration, Progress progress) throws InterruptedException;

    /** The real clock; waits in slices of at most 50 ms so that a cancel is seen quickly. */
    RunClock SYSTEM = new RunClock() {
        @Override public Instant now() { return Instant.now(); }

        @Override public long nanoTime() { return System.nanoTime(); }

        @Override
        public boolean sleep(Duration duration, Progress progress) throws InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            while (true) {
                if (progress.cancelled()) return false;
                long left = end - System.nanoTime();
                if (left <= 0) return true;
                long slice = Math.min(left, 50_000_000L);
                Thread.sleep(slice / 1_000_000L, (int) (slice % 1_000_000L));
            }
        }
    };
}
