package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.mlpc.providers.datashare.DataShareLiveKit.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live actions of a share subscription against the simulator: Synchronize now (Incremental / FullSync) followed
 * to its end with Retry-After, its outcome from the synchronization (succeeded with files copied and duration, failed
 * with its error), a cancelled wait that leaves it running on Azure, and Cancel synchronization.
 */
class DataShareActionsTest {
    private DataShareLiveKit kit;
    private String subId;
    private LiveNode in;
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancel = new AtomicBoolean();

    /** Records the progress lines; cancelled once {@link #cancel} is set. */
    private final Progress progress = new Progress() {
        @Override public void status(String message) { statuses.add(message); }
        @Override public void worked(long done, long total) { }
        @Override public boolean cancelled() { return cancel.get(); }
    };

    /** Records the waits between polls instead of sleeping; honours cancel like the real one. */
    private final DataShareActions.Waiter recorder = (d, p, onCancel) -> {
        if (p.cancelled()) throw new CancelledException(onCancel);
        waits.add(d);
    };

    @BeforeEach
    void setUp() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        subId = kit.consumer("consumer-rg", "consumer-acct", "fl-in", invitationId);
        in = DataShareLiveKit.child(kit.children(kit.walk("consumer-rg", "consumer-acct")), "fl-in");
        kit.sim.resetCounts();
    }

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private DataShareActions actions() {
        return new DataShareActions(kit.arm, Duration.ofSeconds(5), recorder);
    }

    @Test
    void aShareSubscriptionOffersSynchronizeAndADestructiveCancel() throws Exception {
        assertThat(kit.session.actions(in)).extracting(NodeAction::id, NodeAction::label, NodeAction::choices, NodeAction::destructive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("synchronize", "_Synchronize now…", List.of("Incremental", "FullSync"), false),
                        org.assertj.core.groups.Tuple.tuple("cancel-synchronization", "_Cancel synchronization", List.of(), true));
        LiveNode account = kit.walk("consumer-rg", "consumer-acct");
        assertThat(kit.session.actions(account)).isEmpty();
        LiveNode history = DataShareLiveKit.child(kit.children(in), "Synchronizations");
        assertThat(kit.session.actions(history)).isEmpty();
        assertThatThrownBy(() -> kit.session.runAction(account, "synchronize", "FullSync", Progress.NONE))
                .isInstanceOf(ProviderException.class).hasMessageContaining("only share subscriptions synchronize");
    }

    @Test
    void synchronizeNowFollowsTheOperationWithRetryAfterAndReportsFilesCopied() throws Exception {
        kit.sim.lroPolls(3);
        kit.sim.retryAfterSeconds(7);
        NodeAction.Outcome o = actions().run(in, "synchronize", "FullSync", progress);
        assertThat(o.succeeded()).isTrue();
        assertThat(o.message()).startsWith("Synchronization of share subscription fl-in succeeded (FullSync): 11 files copied in ");
        assertThat(o.details()).containsEntry("status", "Succeeded").containsEntry("synchronization_mode", "FullSync")
                .containsEntry("files_copied", 11L).containsEntry("datasets", 1)
                .containsKeys("synchronization_id", "start_time", "end_time", "duration", "operation_url");
        assertThat(String.valueOf(o.details().get("operation_url"))).startsWith(kit.sim.endpoint().toString().replaceAll("/$", ""));
        // the 202's Retry-After, then each InProgress poll's
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(statuses).contains("Starting a FullSync synchronization of share subscription fl-in",
                "Synchronizing share subscription fl-in (FullSync)", "Synchronizing share subscription fl-in (FullSync) (still running after 2 polls)");
        List<DataShareSimulator.Request> sent = kit.sim.requests();
        assertThat(sent.get(0).method() + " " + sent.get(0).path()).isEqualTo("POST " + subId + "/synchronize");
        assertThat(sent.get(0).body()).isEqualTo("{\"synchronizationMode\":\"FullSync\"}");
        assertThat(sent.subList(1, 4)).allMatch(r -> r.method().equals("GET") && r.path().contains("/operation"));
        assertThat(sent.subList(4, sent.size())).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST " + subId + "/listSynchronizations", "POST " + subId + "/listSynchronizationDetails");
        assertThat(kit.sim.synchronizations(subId)).singleElement()
                .satisfies(s -> assertThat(s.path("status").asText()).isEqualTo("Succeeded"));
    }

    @Test
    void withoutRetryAfterThePollIntervalIsWaitedAndIncrementalIsTheDefault() throws Exception {
        kit.sim.lroPolls(2);
        NodeAction.Outcome o = new DataShareActions(kit.arm, Duration.ofMillis(40), recorder).run(in, "synchronize", null, progress);
        assertThat(o.succeeded()).isTrue();
        assertThat(o.details()).containsEntry("synchronization_mode", "Incremental");
        assertThat(kit.sim.requests().get(0).body()).isEqualTo("{\"synchronizationMode\":\"Incremental\"}");
        // the simulator sends Retry-After: 0 by default: polls follow at once
        assertThat(waits).containsOnly(Duration.ZERO);
    }

    @Test
    void aFailedSynchronizationIsShownWithItsError() throws Exception {
        kit.sim.failSynchronization("fl-in", "The source container 'training' no longer exists.");
        NodeAction.Outcome o = kit.session.runAction(in, "synchronize", "Incremental", progress);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.message()).isEqualTo("Synchronization of share subscription fl-in failed: The source container 'training'"
                + " no longer exists.");
        assertThat(o.details()).containsEntry("status", "Failed").containsEntry("error", "The source container 'training' no longer exists.")
                .containsEntry("files_copied", 0L).containsKeys("start_time", "end_time");
    }

    @Test
    void aCancelledWaitSaysTheSynchronizationContinuesOnAzure() throws Exception {
        kit.sim.lroPolls(1000);
        DataShareActions.Waiter cancelAfterTwo = (d, p, onCancel) -> {
            if (waits.size() == 2) cancel.set(true);
            recorder.await(d, p, onCancel);
        };
        DataShareActions a = new DataShareActions(kit.arm, Duration.ofSeconds(1), cancelAfterTwo);
        assertThatThrownBy(() -> a.run(in, "synchronize", "FullSync", progress))
                .isInstanceOf(CancelledException.class)
                .hasMessageMatching("stopped waiting; synchronization [0-9a-f-]{36} of share subscription fl-in continues on Azure"
                        + " \\(Cancel synchronization stops it\\)");
        JsonNode sync = kit.sim.synchronizations(subId).get(0);
        assertThat(sync.path("status").asText()).as("still running on Azure").isEqualTo("InProgress");
        assertThat(waits).hasSize(2);

        // Cancel synchronization stops it (destructive: the console confirms it; here the action alone)
        cancel.set(false);
        waits.clear();
        kit.sim.lroPolls(1);
        kit.sim.resetCounts();
        NodeAction.Outcome o = actions().run(in, "cancel-synchronization", null, progress);
        String id = sync.path("synchronizationId").asText();
        assertThat(o.succeeded()).isTrue();
        assertThat(o.message()).isEqualTo("Synchronization " + id + " of share subscription fl-in cancelled");
        assertThat(o.details()).containsEntry("status", "Canceled").containsEntry("synchronization_id", id).containsKey("operation_url");
        assertThat(kit.sim.requests()).filteredOn(r -> r.path().endsWith("/cancelSynchronization")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"synchronizationId\":\"" + id + "\"}"));
        assertThat(kit.sim.synchronizations(subId).get(0).path("status").asText()).isEqualTo("Canceled");

        // nothing left to cancel: said so, naming the newest synchronization's state; nothing is sent
        kit.sim.resetCounts();
        assertThatThrownBy(() -> actions().run(in, "cancel-synchronization", null, progress))
                .isInstanceOf(ProviderException.class)
                .hasMessage("share subscription fl-in: no synchronization is in progress, nothing to cancel (the newest one, "
                        + id + ", is Canceled)");
        assertThat(kit.sim.requests()).extracting(DataShareSimulator.Request::method).containsOnly("POST")
                .hasSize(1);
    }

    @Test
    void azureRefusingASynchronizationIsAnErrorNamingTheShareSubscription() throws Exception {
        kit.sim.lroPolls(1000);
        kit.arm.send("POST", subId + "/synchronize" + API, Map.of("synchronizationMode", "Incremental"));
        assertThatThrownBy(() -> actions().run(in, "synchronize", "FullSync", progress))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("synchronizing share subscription fl-in failed: Conflict (HTTP 409): Synchronization ")
                .hasMessageContaining("of share subscription 'fl-in' is still ");
        // that synchronization, still Accepted (never polled), is the one Cancel synchronization stops
        kit.sim.lroPolls(1);
        NodeAction.Outcome stopped = actions().run(in, "cancel-synchronization", null, progress);
        assertThat(stopped.succeeded()).as(stopped.message()).isTrue();
        assertThat(stopped.details()).containsEntry("status", "Canceled");
        assertThatThrownBy(() -> actions().run(in, "synchronize", "Sometimes", progress))
                .isInstanceOf(ProviderException.class)
                .hasMessage("share subscription fl-in: synchronization mode Sometimes is not one of Incremental, FullSync");
        kit.sim.failNext("POST", "/synchronize", 403, "AuthorizationFailed", "The client 'operator@mlpc.test' does not have"
                + " authorization to perform action 'Microsoft.DataShare/accounts/shareSubscriptions/synchronize/action'.");
        assertThatThrownBy(() -> actions().run(in, "synchronize", "FullSync", progress))
                .hasMessageStartingWith("synchronizing share subscription fl-in failed: AuthorizationFailed (HTTP 403)");
    }
}
