package dev.mlpc.app;

import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.testing.fakeui.FakeUiProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The workbench's side of live node actions ({@link NodeAction}), without Data Share: the fake provider's widget
 * offers a restart with choices and a destructive wipe. An action runs only when the node offers it, with one of its
 * choices, and a destructive one only when confirmed; a cancelled wait says what keeps running.
 */
class NodeActionsTest {
    @TempDir Path home;

    private final FakeUiProvider fake = new FakeUiProvider();
    private final ConnectionProfile live = new ConnectionProfile("fake-live", FakeUiProvider.ID,
            Map.of("endpoint", FakeUiProvider.LIVE_ENDPOINT));

    private Workbench wb() {
        List<ProviderModule> modules = new ArrayList<>(Modules.standard());
        modules.add(FakeUiProvider.module(fake));
        return new Workbench(new AppHome(home), Modules.registry(modules), Map.of(), Workbench.DEFAULT_TIMEOUT);
    }

    private LiveNode widget(Workbench wb) throws ProviderException {
        try (ProviderSession s = wb.openSession(live)) {
            return s.children(null, Progress.NONE).get(0);
        }
    }

    @Test
    void theNodeListsItsActionsAndARunReturnsTheOutcomeWithItsDetails() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        try (ProviderSession s = wb.openSession(live)) {
            assertThat(wb.nodeActions(s, w1)).extracting(NodeAction::id).containsExactly("restart", "wipe");
            assertThat(wb.nodeActions(s, w1).get(1).destructive()).isTrue();
        }
        List<String> statuses = new ArrayList<>();
        Progress p = new Progress() {
            @Override public void status(String message) { statuses.add(message); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return false; }
        };
        NodeAction.Outcome o = wb.runNodeAction(live, w1, "restart", "Hard", false, p);
        assertThat(o.succeeded()).isTrue();
        assertThat(o.message()).isEqualTo("Widget w1 restarted (Hard)");
        assertThat(o.details()).containsEntry("status", "Succeeded").containsEntry("mode", "Hard");
        assertThat(statuses).containsExactly("Restarting widget w1");
        assertThat(fake.runs()).containsExactly(new FakeUiProvider.Run("widgets/w1", "restart", "Hard"));
    }

    @Test
    void whatTheNodeDoesNotOfferOrAWrongChoiceIsRefusedAndNothingRuns() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "explode", null, true, Progress.NONE))
                .isInstanceOf(ProviderException.class).hasMessage("widget w1 in fake-live offers no action explode");
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "restart", null, false, Progress.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Restart widget on widget w1: choose one of Soft, Hard, Stuck");
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "restart", "Gentle", false, Progress.NONE))
                .isInstanceOf(ProviderException.class).hasMessageContaining("choose one of Soft, Hard, Stuck (not Gentle)");
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "wipe", "Hard", true, Progress.NONE))
                .isInstanceOf(ProviderException.class).hasMessage("Wipe widget on widget w1: takes no choice (got Hard)");
        assertThat(fake.runs()).isEmpty();
    }

    @Test
    void aDestructiveActionRunsOnlyWhenConfirmedAndAFailedOutcomeKeepsTheSystemsError() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "wipe", null, false, Progress.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Wipe widget on widget w1 was not run: it is destructive and was not confirmed");
        assertThat(fake.runs()).isEmpty();
        NodeAction.Outcome o = wb.runNodeAction(live, w1, "wipe", null, true, Progress.NONE);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.message()).isEqualTo("Wiping widget w1 failed: the widget is busy");
        assertThat(o.details()).containsEntry("error", "WidgetBusy: try again later");
        assertThat(fake.runs()).extracting(FakeUiProvider.Run::action).containsExactly("wipe");
    }

    @Test
    void aCancelledWaitSaysWhatKeepsRunning() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        AtomicBoolean cancel = new AtomicBoolean();
        Progress p = new Progress() {
            @Override public void status(String message) { cancel.set(true); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return cancel.get(); }
        };
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "restart", "Stuck", false, p))
                .isInstanceOf(CancelledException.class)
                .hasMessage("stopped waiting; the restart of widget w1 goes on in the fake API");
        // cancelled before it started: nothing is sent
        fake.runs().clear();
        AtomicBoolean already = new AtomicBoolean(true);
        Progress cancelled = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return already.get(); }
        };
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "restart", "Soft", false, cancelled))
                .isInstanceOf(CancelledException.class);
        assertThat(fake.runs()).isEmpty();
    }

    @Test
    void aProviderFailingToListActionsOffersNoneAndLabelsLoseTheirMnemonic() {
        ProviderSession broken = new ProviderSession() {
            @Override public Inventory read(Collection<Resource> managed, Progress progress) { return Inventory.nothing(); }
            @Override public ApplyResult apply(Plan plan, Progress progress) { throw new UnsupportedOperationException(); }
            @Override public List<LiveNode> children(LiveNode parent, Progress progress) { return List.of(); }
            @Override public List<NodeAction> actions(LiveNode node) { throw new IllegalStateException("no details"); }
            @Override public void close() { }
        };
        LiveNode n = new LiveNode("x", "x", "thing", true, null, Map.of());
        assertThat(wb().nodeActions(broken, n)).isEmpty();
        assertThat(Workbench.actionLabel(new NodeAction("s", "_Synchronize now…", "", List.of(), false))).isEqualTo("Synchronize now…");
        assertThat(Workbench.actionLabel(new NodeAction("s", "Keep a__b", "", List.of(), false))).isEqualTo("Keep a_b");
        assertThat(Workbench.actionLabel(new NodeAction("cancel-synchronization", "", "", List.of(), true)))
                .isEqualTo("cancel-synchronization");
    }
}
