package dev.mlpc.core.provider;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Describes run per managed object, in parallel within a limit, in order, with the first failure and cancel. */
class BoundedReadsTest {
    private static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Records done/total and can be cancelled from the test. */
    private static final class Recorder implements Progress {
        final AtomicBoolean cancel = new AtomicBoolean();
        final AtomicLong lastDone = new AtomicLong();
        final AtomicLong lastTotal = new AtomicLong();
        @Override public void status(String message) { }
        @Override public void worked(long done, long total) { lastDone.accumulateAndGet(done, Math::max); lastTotal.set(total); }
        @Override public boolean cancelled() { return cancel.get(); }
    }

    @Test
    void runsAtMostTheLimitAtOnceReachesItAndKeepsTheOrder() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstFour = new CountDownLatch(4);
        Recorder progress = new Recorder();
        List<String> out = BoundedReads.describeAll(items(40), 4, i -> {
            calls.incrementAndGet();
            max.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                if (i < 4) {
                    // the first four wait for each other: four really run at once, and a fifth would be seen here
                    firstFour.countDown();
                    assertThat(firstFour.await(10, TimeUnit.SECONDS)).isTrue();
                }
                return "d" + i;
            } finally {
                active.decrementAndGet();
            }
        }, progress);
        assertThat(out).isEqualTo(items(40).stream().map(i -> "d" + i).toList());
        assertThat(calls.get()).isEqualTo(40);
        assertThat(max.get()).isEqualTo(4);
        assertThat(progress.lastDone.get()).isEqualTo(40);
        assertThat(progress.lastTotal.get()).isEqualTo(40);
    }

    @Test
    void neverMoreThanTheLimitEvenWhenEveryDescribeWaitsForOthers() throws Exception {
        // every describe waits until three are running: with a limit of 3 this completes in rounds of three, and any
        // further describe let in at the same time would show in the maximum
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        java.util.concurrent.CyclicBarrier three = new java.util.concurrent.CyclicBarrier(3);
        List<Integer> out = BoundedReads.describeAll(items(30), 3, i -> {
            max.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                three.await(10, TimeUnit.SECONDS);
                return i * 2;
            } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                throw new ProviderException("barrier: " + e);
            } finally {
                active.decrementAndGet();
            }
        }, Progress.NONE);
        assertThat(out).isEqualTo(items(30).stream().map(i -> i * 2).toList());
        assertThat(max.get()).isEqualTo(3);
    }

    @Test
    void refusesAParallelismOutsideTheLimit() {
        assertThatThrownBy(() -> BoundedReads.describeAll(items(3), BoundedReads.MAX_PARALLELISM + 1, i -> i, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be between 1 and 16, not 17");
        assertThatThrownBy(() -> BoundedReads.describeAll(items(3), 0, i -> i, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> BoundedReads.describeAll(items(3), 99, i -> calls.incrementAndGet(), Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls.get()).isZero();
    }

    @Test
    void theFirstFailureIsReportedAndNothingStartsAfterIt() {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch failing = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> failer = new java.util.concurrent.atomic.AtomicReference<>();
        assertThatThrownBy(() -> BoundedReads.describeAll(items(100), 2, i -> {
            started.incrementAndGet();
            if (i == 5) {
                failer.set(Thread.currentThread());
                failing.countDown();
                throw new ProviderException("describe of domain d5 failed: AccessDenied");
            }
            if (i > 5) {
                // the other worker, once past the failing item, waits until the failing worker has ended (so the
                // failure is recorded): it must then stop
                assertThat(failing.await(10, TimeUnit.SECONDS)).isTrue();
                failer.get().join(10_000);
                assertThat(failer.get().isAlive()).isFalse();
            }
            return i;
        }, Progress.NONE)).isInstanceOf(ProviderException.class).hasMessage("describe of domain d5 failed: AccessDenied");
        // items 0..5, plus at most one item per other worker taken before the failure was recorded
        assertThat(started.get()).isBetween(6, 8);
    }

    @Test
    void cancelStopsTheRunningDescribesAndStartsNoMore() throws Exception {
        Recorder progress = new Recorder();
        CountDownLatch twoRunning = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        List<Integer> interrupted = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
            try {
                BoundedReads.describeAll(items(10), 2, i -> {
                    started.incrementAndGet();
                    twoRunning.countDown();
                    try {
                        never.await(); // a slow request, interrupted by the cancel
                    } catch (InterruptedException e) {
                        interrupted.add(i);
                        throw e;
                    }
                    return i;
                }, progress);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();
        progress.cancel.set(true);
        Throwable t = result.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(CancelledException.class);
        assertThat(started.get()).isEqualTo(2);
        assertThat(interrupted).containsExactlyInAnyOrder(0, 1);
        // cancelled before it starts: nothing runs
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> BoundedReads.describeAll(items(3), 2, i -> calls.incrementAndGet(), progress))
                .isInstanceOf(CancelledException.class);
        assertThat(calls.get()).isZero();
    }

    @Test
    void nothingToDescribeCallsNothing() throws Exception {
        assertThat(BoundedReads.describeAll(List.<Integer>of(), 4, i -> { throw new AssertionError(); }, Progress.NONE)).isEmpty();
    }
}
