package dev.mlpc.core.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way a provider describes its managed objects one by one during {@link ProviderSession#read}: at most one
 * describe per MANAGED object (never per live object), at most {@code parallelism} at a time, results in the order of
 * the managed list, the first failure reported, cancellation honoured between describes and by interrupting the ones
 * running.
 * <p>
 * Only the caller's thread returns: when this method returns or throws, no describe of this call is still running (a
 * session is used by one task at a time). A describer must therefore end on interrupt or within its own request
 * timeout.
 */
public final class BoundedReads {
    /** The most describes a provider may run at once against one system (its API's rate limits come first). */
    public static final int MAX_PARALLELISM = 16;
    private static final AtomicLong THREADS = new AtomicLong();

    /** Describes one managed object: one request (or one short, bounded sequence) to the live system. */
    @FunctionalInterface
    public interface Describer<T, R> {
        /**
         * @return what was found, or null when the object does not exist live
         * @throws ProviderException    with a message for the admin, naming the object
         * @throws InterruptedException when the call was interrupted (the read was cancelled)
         */
        R describe(T managed) throws ProviderException, InterruptedException;
    }

    private BoundedReads() { }

    /**
     * Describes every managed object, {@code parallelism} at a time.
     *
     * @param managed     the managed objects to describe, each once (a provider passes only the ones its list calls
     *                    found, or the ones its list calls cannot tell about; never unmanaged live objects)
     * @param parallelism how many describes may run at once, 1 to {@link #MAX_PARALLELISM}
     * @param progress    reports {@code worked(done, total)}; its {@link Progress#cancelled()} stops the work
     * @return the describer's results, in the order of {@code managed} (null entries where it returned null)
     * @throws CancelledException       when the progress was cancelled; no further describe was started
     * @throws ProviderException        the first failure (in time); later failures are attached as suppressed, no
     *                                  further describe was started after it
     * @throws IllegalArgumentException when {@code parallelism} is outside 1..{@link #MAX_PARALLELISM}
     */
    public static <T, R> List<R> describeAll(List<T> managed, int parallelism, Describer<T, R> describer,
                                             Progress progress) throws ProviderException {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ", not " + parallelism);
        }
        Progress p = progress == null ? Progress.NONE : progress;
        List<T> items = List.copyOf(managed);
        int total = items.size();
        if (total == 0) return List.of();
        p.checkCancelled();
        Object[] results = new Object[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Throwable> later = java.util.Collections.synchronizedList(new ArrayList<>());
        int workers = Math.min(parallelism, total);
        CountDownLatch finished = new CountDownLatch(workers);
        List<Thread> threads = new ArrayList<>();
        Runnable work = () -> {
            try {
                while (failure.get() == null && !p.cancelled() && !Thread.currentThread().isInterrupted()) {
                    int i = next.getAndIncrement();
                    if (i >= total) return;
                    try {
                        results[i] = describer.describe(items.get(i));
                    } catch (InterruptedException e) {
                        // only a cancel interrupts these threads; never leave a hole in the results unreported
                        failure.compareAndSet(null, new CancelledException());
                        return;
                    } catch (ProviderException | RuntimeException | Error e) {
                        if (!failure.compareAndSet(null, e)) later.add(e);
                        return;
                    }
                    p.worked(done.incrementAndGet(), total);
                }
                if (Thread.currentThread().isInterrupted()) failure.compareAndSet(null, new CancelledException());
            } finally {
                finished.countDown();
            }
        };
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(work, "mlpc-describe-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        boolean cancelled = false;
        try {
            while (!finished.await(20, TimeUnit.MILLISECONDS)) {
                if (!cancelled && p.cancelled()) {
                    cancelled = true;
                    threads.forEach(Thread::interrupt);
                }
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            awaitUninterruptibly(finished);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        if (cancelled || p.cancelled()) throw new CancelledException();
        Throwable first = failure.get();
        if (first != null) {
            later.forEach(first::addSuppressed);
            if (first instanceof ProviderException pe) throw pe;
            if (first instanceof RuntimeException re) throw re;
            throw (Error) first;
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) java.util.Collections.unmodifiableList(Arrays.asList(results));
        return out;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
