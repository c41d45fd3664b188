package dev.mlpc.ui.shell;

import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-action dialog's state without a window: the preset choice, the confirmation of a destructive action,
 * progress while running on the background executor, Cancel, and the outcome (succeeded, failed with the system's
 * error, refused, cancelled). A single test thread stands in for the FX thread.
 */
class NodeActionRunTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ConnectionProfile PROFILE = new ConnectionProfile("fl-azure", "fakeapi", Map.of());
    private static final LiveNode NODE = new LiveNode("/subscriptions/s/x/shareSubscriptions/in", "in", "share_subscription",
            false, null, Map.of());
    private static final NodeAction SYNC = new NodeAction("synchronize", "_Synchronize now…", "Copies the data now.",
            List.of("Incremental", "FullSync"), false);
    private static final NodeAction STOP = new NodeAction("cancel-synchronization", "_Cancel synchronization",
            "Stops the running synchronization.", List.of(), true);

    private UiThread ui;
    private UiExecutor executor;
    private final List<String> calls = new CopyOnWriteArrayList<>();

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

    private NodeActionRun run(NodeAction action, NodeActionRun.Runner runner) {
        return ui.call(() -> new NodeActionRun(runner, executor, PROFILE, NODE, action));
    }

    private void startAndWait(NodeActionRun r) {
        AtomicInteger finished = new AtomicInteger();
        ui.run(() -> r.start(finished::incrementAndGet));
        ui.waitFor("the action to end", WAIT, () -> finished.get() == 1);
    }

    @Test
    void theFirstChoiceIsPresetAndTheOutcomeShowsItsMessageAndDetails() {
        NodeActionRun r = run(SYNC, (c, n, id, choice, confirmed, p) -> {
            calls.add(c.name() + " " + n.label() + " " + id + " " + choice + " " + confirmed);
            p.status("Waiting for the synchronization");
            p.worked(1, 2);
            return new NodeAction.Outcome(true, "Synchronization of in succeeded: 12 files copied in 4 s",
                    Map.of("status", "Succeeded", "files_copied", 12));
        });
        assertThat(ui.call(() -> r.choiceProperty().get())).isEqualTo("Incremental");
        assertThat(ui.call(() -> r.canRunBinding().get())).isTrue();
        assertThat(r.title()).isEqualTo("Synchronize now…");
        ui.run(() -> r.choiceProperty().set("FullSync"));
        startAndWait(r);
        assertThat(calls).containsExactly("fl-azure in synchronize FullSync false");
        assertThat(ui.call(() -> r.stateProperty().get())).isEqualTo(NodeActionRun.State.SUCCEEDED);
        assertThat(ui.call(() -> r.messageProperty().get())).isEqualTo("Synchronization of in succeeded: 12 files copied in 4 s");
        assertThat(ui.call(() -> r.detailsProperty().get())).contains("status: Succeeded").contains("files_copied: 12");
        assertThat(ui.call(() -> r.runningProperty().get())).isFalse();
        // an unknown choice cannot run
        ui.run(() -> r.choiceProperty().set("Sometimes"));
        assertThat(ui.call(() -> r.canRunBinding().get())).isFalse();
    }

    @Test
    void aDestructiveActionWaitsForItsConfirmationAndAFailedOutcomeIsAFailure() {
        NodeActionRun r = run(STOP, (c, n, id, choice, confirmed, p) -> {
            calls.add(id + " " + choice + " " + confirmed);
            return new NodeAction.Outcome(false, "Cancelling the synchronization of in failed: none is running",
                    Map.of("error", "NoRunningSynchronization"));
        });
        assertThat(ui.call(() -> r.canRunBinding().get())).as("not confirmed").isFalse();
        ui.run(() -> r.start(null));
        assertThat(calls).as("start without a confirmation runs nothing").isEmpty();
        ui.run(() -> r.confirmedProperty().set(true));
        assertThat(ui.call(() -> r.canRunBinding().get())).isTrue();
        startAndWait(r);
        assertThat(calls).containsExactly("cancel-synchronization null true");
        assertThat(ui.call(() -> r.stateProperty().get())).isEqualTo(NodeActionRun.State.FAILED);
        assertThat(ui.call(() -> r.detailsProperty().get())).isEqualTo("error: NoRunningSynchronization");
    }

    @Test
    void cancelStopsTheWaitAndTheMessageSaysWhatGoesOn() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        NodeActionRun r = run(SYNC, (c, n, id, choice, confirmed, p) -> {
            p.status("Synchronizing in (poll 1)");
            waiting.countDown();
            while (!p.cancelled()) Thread.onSpinWait();
            throw new CancelledException("stopped waiting; the synchronization of in continues on Azure");
        });
        AtomicInteger finished = new AtomicInteger();
        ui.run(() -> r.start(finished::incrementAndGet));
        assertThat(waiting.await(15, TimeUnit.SECONDS)).isTrue();
        ui.waitFor("running with the provider's status", WAIT, () -> r.runningProperty().get()
                && r.statusProperty().get().equals("Synchronizing in (poll 1)"));
        assertThat(ui.call(() -> r.canRunBinding().get())).as("no second run while one runs").isFalse();
        ui.run(r::cancel);
        ui.waitFor("the cancellation", WAIT, () -> finished.get() == 1);
        assertThat(ui.call(() -> r.stateProperty().get())).isEqualTo(NodeActionRun.State.CANCELLED);
        assertThat(ui.call(() -> r.messageProperty().get()))
                .isEqualTo("Cancelled: stopped waiting; the synchronization of in continues on Azure");
    }

    @Test
    void aRefusalOrAPlainCancellationIsExplained() {
        NodeActionRun refused = run(SYNC, (c, n, id, choice, confirmed, p) -> {
            throw new ProviderException("share_subscription in: AuthorizationFailed: the client may not synchronize");
        });
        startAndWait(refused);
        assertThat(ui.call(() -> refused.stateProperty().get())).isEqualTo(NodeActionRun.State.ERROR);
        assertThat(ui.call(() -> refused.messageProperty().get())).isEqualTo("Cannot synchronize now on share_subscription in: "
                + "share_subscription in: AuthorizationFailed: the client may not synchronize");

        NodeActionRun plain = run(SYNC, (c, n, id, choice, confirmed, p) -> {
            throw new CancelledException();
        });
        startAndWait(plain);
        assertThat(ui.call(() -> plain.messageProperty().get())).isEqualTo(
                "Stopped waiting for synchronize now on share_subscription in; what fl-azure already started may still be running.");
    }
}
