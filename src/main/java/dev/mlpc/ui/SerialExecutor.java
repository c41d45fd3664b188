package dev.mlpc.ui;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Used for everything that touches one
 * provider session (sessions are not thread-safe) without giving each connection its own thread.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task);
        synchronized (queue) {
            queue.add(task);
            if (running) return;
            running = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (queue) {
                queue.clear();
                running = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "serial task failed", e);
            }
        }
    }
}
