package dev.mlpc.testing.fakeapi;

import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.run.RunClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that never waits: sleeping moves it forward. Records every sleep, so tests see the runner's intervals. */
public final class FakeClock implements RunClock {
    private static final Instant BASE = Instant.parse("2026-12-03T10:00:00Z");
    private long nanos;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized Instant now() { return BASE.plusNanos(nanos); }

    @Override
    public synchronized long nanoTime() { return nanos; }

    @Override
    public boolean sleep(Duration duration, Progress progress) {
        if (progress.cancelled()) return false;
        synchronized (this) {
            sleeps.add(duration);
            nanos += duration.toNanos();
        }
        return !progress.cancelled();
    }

    public synchronized void advance(Duration d) { nanos += d.toNanos(); }

    public synchronized List<Duration> sleeps() { return List.copyOf(sleeps); }
}
