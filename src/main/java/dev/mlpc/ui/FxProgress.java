package dev.mlpc.ui;

import dev.mlpc.core.provider.Progress;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Progress} that background work reports into and the UI binds to. Reports from any thread are coalesced:
 * at most one update is queued on the UI thread at a time, so a chatty provider cannot flood it.
 */
public final class FxProgress implements Progress {
    private record State(String message, double fraction) {}

    private final Executor ui;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", -1);
    private final AtomicReference<State> pending = new AtomicReference<>(new State("", -1));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** @param ui where property updates run (the FX thread in the application) */
    public FxProgress(Executor ui) {
        this.ui = ui;
    }

    @Override
    public void status(String text) {
        pending.updateAndGet(s -> new State(text == null ? "" : text, s.fraction()));
        publish();
    }

    @Override
    public void worked(long done, long total) {
        double f = total <= 0 ? -1 : Math.min(1.0, Math.max(0.0, (double) done / total));
        pending.updateAndGet(s -> new State(s.message(), f));
        publish();
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }

    /** Asks the work to stop at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    private void publish() {
        if (!queued.compareAndSet(false, true)) return;
        ui.execute(() -> {
            queued.set(false);
            State s = pending.get();
            message.set(s.message());
            fraction.set(s.fraction());
        });
    }

    /** The last status line. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** Done fraction 0..1, or -1 while unknown (an indeterminate indicator). */
    public ReadOnlyDoubleProperty fractionProperty() { return fraction.getReadOnlyProperty(); }
}
