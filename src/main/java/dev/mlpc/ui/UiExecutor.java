package dev.mlpc.ui;

import javafx.application.Platform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one background executor of the console, plus the way back to the UI thread.
 *
 * <p>Background threads are named {@code mlpc-background-N}, are daemons (they never keep the JVM alive) and log
 * every exception that escapes a task. Work is I/O bound (JDBC, Git, files), so the pool grows on demand and idle
 * threads die after a minute. {@link #fx()} runs callbacks on the JavaFX application thread; tests of view models
 * pass another executor instead, so view models run without a window.</p>
 */
public final class UiExecutor implements AutoCloseable {
    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(UiExecutor.class);

    private final ExecutorService background;
    private final ScheduledExecutorService timer;
    private final Executor fx;

    private UiExecutor(ExecutorService background, Executor fx) {
        this.background = background;
        this.fx = fx;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("mlpc-timer"));
    }

    /** The application's executor: callbacks go to the JavaFX application thread. */
    public static UiExecutor create() {
        return new UiExecutor(newBackgroundPool(), Platform::runLater);
    }

    /** An executor whose UI callbacks run on {@code ui} (e.g. a single thread standing in for the FX thread in tests). */
    public static UiExecutor withUiThread(Executor ui) {
        return new UiExecutor(newBackgroundPool(), Objects.requireNonNull(ui));
    }

    /** The shared background pool; hand it to screens that take an {@link ExecutorService}. */
    public ExecutorService background() { return background; }

    /** Runs callbacks on the UI thread. */
    public Executor fx() { return fx; }

    /** Runs {@code r} once after {@code delay} on a daemon timer thread (never on the UI thread). */
    public Future<?> schedule(Duration delay, Runnable r) {
        return timer.schedule(logged(r), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops accepting work and waits up to {@code wait} for running tasks (sessions closing, for instance). */
    public void shutdown(Duration wait) {
        background.shutdown();
        timer.shutdownNow();
        try {
            if (!background.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> dropped = background.shutdownNow();
                if (!dropped.isEmpty()) LOG.log(System.Logger.Level.DEBUG, "dropped " + dropped.size() + " queued tasks at exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(2));
    }

    private static ExecutorService newBackgroundPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("mlpc-background")) {
            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                super.afterExecute(r, t);
                Throwable failure = t;
                if (failure == null && r instanceof Future<?> f && f.isDone()) {
                    try {
                        f.get();
                    } catch (CancellationException e) {
                        // cancelled on purpose
                    } catch (ExecutionException e) {
                        failure = e.getCause();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (failure != null) LOG.log(System.Logger.Level.ERROR, "background task failed", failure);
            }
        };
        return pool;
    }

    private static Runnable logged(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "timer task failed", e);
            }
        };
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> LOG.log(System.Logger.Level.ERROR, "uncaught in " + th.getName(), e));
            return t;
        };
    }
}
