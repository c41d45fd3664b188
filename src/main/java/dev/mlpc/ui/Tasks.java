package dev.mlpc.ui;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A small fluent builder for background work with UI callbacks:
 * <pre>
 * Tasks.create(() -&gt; workbench.repository().log(200))
 *      .onSuccess(commits::setAll)
 *      .onError(e -&gt; message.set(UiErrors.message(e)))
 *      .run(executor);
 * </pre>
 * The callable runs on the background pool (or on the executor given to {@link Builder#on(Executor)}, e.g. the
 * serial executor of one connection); every callback runs on the UI thread of the {@link UiExecutor}. Exactly one of
 * success, error (a timeout is an error) or cancellation is reported, then {@code onFinally}.
 */
public final class Tasks {
    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(Tasks.class);

    private Tasks() { }

    /** Starts describing a task. */
    public static <T> Builder<T> create(Callable<T> work) {
        return new Builder<>(Objects.requireNonNull(work));
    }

    /**
     * The description of one task; {@link #run(UiExecutor)} starts it.
     *
     * @param <T> the result type
     */
    public static final class Builder<T> {
        private final Callable<T> work;
        private Consumer<? super T> onSuccess = v -> { };
        private Consumer<? super Throwable> onError = e -> LOG.log(System.Logger.Level.WARNING, "background task failed: " + UiErrors.message(e), e);
        private Runnable onCancelled = () -> { };
        private Runnable onFinally = () -> { };
        private Executor worker;
        private Duration timeout;
        private String timeoutWhat = "the operation";

        private Builder(Callable<T> work) {
            this.work = work;
        }

        /** Called on the UI thread with the result. */
        public Builder<T> onSuccess(Consumer<? super T> c) {
            onSuccess = Objects.requireNonNull(c);
            return this;
        }

        /** Called on the UI thread with the failure (a {@link TimeoutException} when the timeout passed first). */
        public Builder<T> onError(Consumer<? super Throwable> c) {
            onError = Objects.requireNonNull(c);
            return this;
        }

        /** Called on the UI thread when {@link Handle#cancel()} won the race. */
        public Builder<T> onCancelled(Runnable r) {
            onCancelled = Objects.requireNonNull(r);
            return this;
        }

        /** Called on the UI thread after whichever outcome. */
        public Builder<T> onFinally(Runnable r) {
            onFinally = Objects.requireNonNull(r);
            return this;
        }

        /** Runs the work on this executor instead of the shared background pool. */
        public Builder<T> on(Executor executor) {
            worker = Objects.requireNonNull(executor);
            return this;
        }

        /**
         * Reports an error if the work has not finished after {@code limit}; a result arriving later is dropped.
         *
         * @param what names the work in the message ("the connection test")
         */
        public Builder<T> timeout(Duration limit, String what) {
            timeout = Objects.requireNonNull(limit);
            timeoutWhat = Objects.requireNonNull(what);
            return this;
        }

        /** Starts the work. */
        public Handle run(UiExecutor executor) {
            Handle h = new Handle(executor.fx());
            Executor where = worker != null ? worker : executor.background();
            Runnable body = () -> {
                if (h.settled.get()) return;
                try {
                    T value = work.call();
                    h.settle(() -> onSuccess.accept(value), onFinally);
                } catch (Throwable e) {
                    if (e instanceof Error err && !(e instanceof AssertionError)) LOG.log(System.Logger.Level.ERROR, "background task failed", err);
                    h.settle(() -> onError.accept(e), onFinally);
                }
            };
            h.onCancel = () -> h.settle(onCancelled, onFinally);
            try {
                where.execute(body);
            } catch (RejectedExecutionException e) {
                h.settle(() -> onError.accept(new IllegalStateException("the console is shutting down")), onFinally);
                return h;
            }
            if (timeout != null) {
                String what = timeoutWhat;
                Duration limit = timeout;
                h.timer = executor.schedule(limit, () -> h.settle(() -> onError.accept(new TimeoutException(
                        what + " did not finish within " + UiErrors.duration(limit))), onFinally));
            }
            return h;
        }
    }

    /** A started task: ask whether it is done, or cancel it (its callbacks then never run, except cancel/finally). */
    public static final class Handle {
        private final Executor fx;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile Runnable onCancel = () -> { };
        private volatile Future<?> timer;

        private Handle(Executor fx) {
            this.fx = fx;
        }

        private void settle(Runnable outcome, Runnable always) {
            if (!settled.compareAndSet(false, true)) return;
            Future<?> t = timer;
            if (t != null) t.cancel(false);
            fx.execute(() -> {
                try {
                    outcome.run();
                } finally {
                    always.run();
                }
            });
        }

        /** True once an outcome has been decided (its callbacks may still be queued for the UI thread). */
        public boolean isDone() { return settled.get(); }

        /**
         * Abandons the task: its result, if it comes, is dropped. The work itself is not interrupted (a JDBC driver
         * may not survive that); it stops at its own timeout or when it checks its {@code Progress}.
         */
        public void cancel() {
            onCancel.run();
        }
    }
}
