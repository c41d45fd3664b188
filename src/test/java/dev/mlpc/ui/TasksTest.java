package dev.mlpc.ui;

import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The fluent task helper and the shared executor, without a window. */
class TasksTest {
    private UiThread ui;
    private UiExecutor executor;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
    }

    @AfterEach
    void tearDown() {
        executor.shutdown(Duration.ofSeconds(2));
        ui.close();
    }

    private void record(String e) {
        events.add(e + "@" + Thread.currentThread().getName());
    }

    @Test
    void workRunsInTheBackgroundAndCallbacksOnTheUiThread() {
        Tasks.create(() -> {
            record("work");
            return 42;
        }).onSuccess(v -> record("success " + v)).onError(e -> record("error")).onFinally(() -> record("finally")).run(executor);
        UiTestKit.waitFor("callbacks", Duration.ofSeconds(5), () -> events.size() == 3);
        assertThat(events.get(0)).startsWith("work@mlpc-background-");
        assertThat(events.subList(1, 3)).containsExactly("success 42@test-ui", "finally@test-ui");
    }

    @Test
    void failuresGoToOnErrorWithAReadableMessage() {
        Tasks.create(() -> {
            throw new IOException("disk full");
        }).onSuccess(v -> record("success")).onError(e -> record("error " + UiErrors.message(e))).run(executor);
        UiTestKit.waitFor("error", Duration.ofSeconds(5), () -> events.size() == 1);
        assertThat(events).containsExactly("error I/O error: disk full@test-ui");
    }

    @Test
    void aTimeoutIsReportedOnceAndALateResultIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Tasks.create(() -> {
            release.await(5, TimeUnit.SECONDS);
            return "late";
        }).on(tracked(workEnded)).timeout(Duration.ofMillis(200), "the slow thing")
                .onSuccess(v -> record("success"))
                .onError(e -> record((e instanceof TimeoutException ? "timeout: " : "error: ") + e.getMessage()))
                .run(executor);
        UiTestKit.waitFor("timeout", Duration.ofSeconds(5), () -> events.size() == 1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        release.countDown();
        awaitLateResult(workEnded);
        assertThat(events).containsExactly("timeout: the slow thing did not finish within 200 ms@test-ui");
    }

    @Test
    void cancellingSuppressesTheResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        Tasks.Handle h = Tasks.create(() -> {
            release.await(5, TimeUnit.SECONDS);
            return "done";
        }).on(tracked(workEnded)).onSuccess(v -> record("success")).onCancelled(() -> record("cancelled"))
                .onFinally(() -> record("finally")).run(executor);
        h.cancel();
        release.countDown();
        UiTestKit.waitFor("cancel", Duration.ofSeconds(5), () -> events.size() == 2);
        awaitLateResult(workEnded);
        assertThat(events).containsExactly("cancelled@test-ui", "finally@test-ui");
        assertThat(h.isDone()).isTrue();
    }

    /** The background pool, counting {@code ended} down once the task's whole body (work and hand-over) has run. */
    private java.util.concurrent.Executor tracked(CountDownLatch ended) {
        return r -> executor.background().execute(() -> {
            try {
                r.run();
            } finally {
                ended.countDown();
            }
        });
    }

    /**
     * The barrier instead of a sleep: waits until the task's body has ended (so a late result has been handed to the UI
     * thread, if it was going to be), then until the UI thread has run everything queued before this point.
     */
    private void awaitLateResult(CountDownLatch workEnded) throws InterruptedException {
        assertThat(workEnded.await(5, TimeUnit.SECONDS)).as("the late work ended").isTrue();
        ui.run(() -> { });
    }

    @Test
    void serialExecutorRunsOneTaskAtATimeInOrder() {
        SerialExecutor serial = new SerialExecutor(executor.background());
        List<Integer> order = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 50; i++) {
            int n = i;
            serial.execute(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                order.add(n);
                inFlight.decrementAndGet();
            });
        }
        UiTestKit.waitFor("all tasks", Duration.ofSeconds(5), () -> order.size() == 50);
        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(order).isSorted();
    }

    @Test
    void backgroundThreadsAreNamedDaemons() throws Exception {
        Thread t = executor.background().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).startsWith("mlpc-background-");
    }
}
