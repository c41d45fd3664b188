package dev.mlpc.ui.tree;

import dev.mlpc.app.Drift;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit.UiThread;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift in the live tree's view model, without a window: computed once when a connection opens and again with a
 * refresh, missing resources in the "Missing" folder until the row that lists them is loaded, a failed computation
 * leaving the tree unmarked with the reason.
 */
class LiveTreeModelDriftTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private UiThread ui;
    private UiExecutor executor;
    private LiveTreeModel model;
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicBoolean failNext = new AtomicBoolean();
    /** True once the "apply" made the missing schema and role: the next read observes them. */
    private final AtomicBoolean applied = new AtomicBoolean();
    private LiveTreeModelTest.FakeSessions sessions;

    private final Stack stack = new Stack("registry", "", List.of(
            Resource.of("postgres.database", "mlreg", Map.of()),
            Resource.of("postgres.schema", "registry", Map.of("database", "mlreg")),
            Resource.of("postgres.schema", "features", Map.of("database", "mlreg")),
            Resource.of("postgres.role", "ghost", Map.of())), null);

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        sessions = new LiveTreeModelTest.FakeSessions();
        LiveTreeModel.DriftSource drift = (p, s, progress) -> {
            computed.incrementAndGet();
            if (failNext.getAndSet(false)) throw new ProviderException("connection '" + p.name() + "': simulated outage");
            return Drift.compute(p.name(), new PostgresProvider(), Workbench.standardProviders(), List.of(stack),
                    new Observed(), progress);
        };
        model = ui.call(() -> new LiveTreeModel(sessions::open, drift, executor));
    }

    @AfterEach
    void tearDown() {
        ui.run(model::dispose);
        executor.shutdown(Duration.ofSeconds(2));
        ui.close();
    }

    /** A session that observes the database mlreg and its schema registry (with keys, as the real tree gives them). */
    private final class Observed implements ProviderSession {
        @Override
        public Inventory read(Collection<Resource> managed, Progress progress) {
            List<ObservedResource> live = new java.util.ArrayList<>(List.of(
                    new ObservedResource(new ResourceKey("postgres.database", "mlreg"), Map.of()),
                    new ObservedResource(new ResourceKey("postgres.schema", "registry"), Map.of("database", "mlreg"))));
            if (applied.get()) {
                live.add(new ObservedResource(new ResourceKey("postgres.schema", "features"), Map.of("database", "mlreg")));
                live.add(new ObservedResource(new ResourceKey("postgres.role", "ghost"), Map.of()));
            }
            return new Inventory(live, false, live.size());
        }

        @Override
        public ApplyResult apply(Plan plan, Progress progress) { throw new UnsupportedOperationException(); }

        @Override
        public List<LiveNode> children(LiveNode parent, Progress progress) { throw new UnsupportedOperationException(); }

        @Override
        public void close() { }
    }

    private void expand(TreeItem<TreeEntry> item) {
        LiveTreeItem li = (LiveTreeItem) item;
        ui.run(() -> li.setExpanded(true));
        ui.waitFor("children of " + item.getValue(), WAIT, () -> li.state() == LiveTreeItem.State.LOADED);
    }

    private TreeItem<TreeEntry> visible(TreeItem<TreeEntry> parent, String label) {
        TreeItem<TreeEntry> c = ui.call(() -> child(parent, label));
        assertThat(c).as("'%s' under %s; visible: %s", label, parent.getValue(), ui.call(() -> labels(parent))).isNotNull();
        return c;
    }

    @Test
    void missingRowsMoveFromTheFolderToTheirPlaceAndDriftFollowsRefresh() {
        ConnectionProfile alpha = new ConnectionProfile("alpha", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1/x", "user", "u"));
        ui.run(() -> model.setConnections(List.of(alpha)));
        TreeItem<TreeEntry> conn = visible(model.root(), "alpha");
        assertThat(computed.get()).as("nothing before the connection opens").isZero();
        expand(conn);
        ui.waitFor("the drift", WAIT, () -> model.drift("alpha") != null);
        assertThat(computed.get()).isEqualTo(1);
        // neither Roles nor the schemas are loaded: both missing objects wait in the folder
        TreeItem<TreeEntry> folder = visible(conn, "Missing (2)");
        ui.run(() -> folder.setExpanded(true));
        assertThat(ui.call(() -> labels(folder))).containsExactly("features", "ghost");
        assertThat(ui.call(() -> model.mark(folder.getChildren().get(0).getValue()).state())).isEqualTo(Drift.State.MISSING);

        TreeItem<TreeEntry> roles = visible(conn, "Roles");
        expand(roles);
        ui.waitFor("ghost under Roles", WAIT, () -> labels(roles).contains("ghost"));
        assertThat(ui.call(() -> labels(roles))).containsExactly("mlreg_owner", "reader", "ghost");
        assertThat(ui.call(() -> labels(conn))).containsExactly("Databases", "Roles", "Missing (1)");

        TreeItem<TreeEntry> dbs = visible(conn, "Databases");
        expand(dbs);
        TreeItem<TreeEntry> mlreg = visible(dbs, "mlreg");
        expand(mlreg);
        TreeItem<TreeEntry> schemas = visible(mlreg, "Schemas");
        expand(schemas);
        ui.waitFor("features under Schemas", WAIT, () -> labels(schemas).contains("features"));
        assertThat(ui.call(() -> labels(conn))).containsExactly("Databases", "Roles");
        assertThat(computed.get()).as("loading rows does not read again").isEqualTo(1);

        // the filter sees missing rows like any other
        ui.run(() -> model.filterProperty().set("ghos"));
        assertThat(ui.call(() -> labels(roles))).containsExactly("ghost");
        ui.run(() -> model.filterProperty().set(""));

        // a refresh reloads the rows and computes drift again, once
        ui.run(() -> model.refresh(schemas));
        ui.waitFor("drift again", WAIT, () -> computed.get() == 2 && model.drift("alpha") != null
                && ((LiveTreeItem) schemas).state() == LiveTreeItem.State.LOADED && labels(schemas).contains("features"));

        // a failed computation: no marks, no missing rows, the reason kept for the connection row
        failNext.set(true);
        ui.run(() -> model.refresh(schemas));
        ui.waitFor("the failed drift", WAIT, () -> model.driftProblem("alpha") != null);
        assertThat(ui.call(() -> model.driftProblem("alpha"))).contains("simulated outage");
        assertThat(ui.call(() -> model.drift("alpha"))).isNull();
        ui.waitFor("schemas reloaded", WAIT, () -> ((LiveTreeItem) schemas).state() == LiveTreeItem.State.LOADED);
        assertThat(ui.call(() -> labels(schemas))).doesNotContain("features");
        assertThat(ui.call(() -> labels(roles))).doesNotContain("ghost");
    }

    @Test
    void aParentInSyncShowsTheDriftBelowItAndAnApplyRefreshesTheMarks() {
        sessions.keyed = true;
        ConnectionProfile alpha = new ConnectionProfile("alpha", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1/x", "user", "u"));
        ui.run(() -> model.setConnections(List.of(alpha)));
        TreeItem<TreeEntry> conn = visible(model.root(), "alpha");
        expand(conn);
        ui.waitFor("the drift", WAIT, () -> model.drift("alpha") != null);
        TreeItem<TreeEntry> dbs = visible(conn, "Databases");
        expand(dbs);
        TreeItem<TreeEntry> mlreg = visible(dbs, "mlreg");
        // nothing below it loaded yet: the drift itself says where the missing schema would be listed
        assertThat(ui.call(() -> model.mark(mlreg.getValue()).state())).isEqualTo(Drift.State.IN_SYNC);
        Drift.Mark collapsed = ui.call(() -> model.shownMark(mlreg));
        assertThat(collapsed.state()).isEqualTo(Drift.State.DIFFERS);
        assertThat(collapsed.describe()).contains("postgres.schema features below it is missing");
        expand(mlreg);
        TreeItem<TreeEntry> schemas = visible(mlreg, "Schemas");
        expand(schemas);
        ui.waitFor("features under Schemas", WAIT, () -> labels(schemas).contains("features"));
        // the database itself is in sync, but a schema under it is missing: never ✔ over drift
        assertThat(ui.call(() -> model.mark(mlreg.getValue()).state())).isEqualTo(Drift.State.IN_SYNC);
        Drift.Mark shown = ui.call(() -> model.shownMark(mlreg));
        assertThat(shown.state()).isEqualTo(Drift.State.DIFFERS);
        assertThat(shown.describe()).contains("features below it is missing");
        TreeItem<TreeEntry> registry = visible(schemas, "registry");
        assertThat(ui.call(() -> model.shownMark(registry).state())).isEqualTo(Drift.State.IN_SYNC);

        // an apply made the schema and the role: refreshing the connection reads the rows and the drift again
        applied.set(true);
        int before = computed.get();
        ui.run(() -> model.refreshConnection("alpha"));
        ui.waitFor("the drift after the apply", WAIT, () -> computed.get() > before && model.drift("alpha") != null
                && model.loadingCountProperty().get() == 0);
        TreeItem<TreeEntry> dbsAgain = visible(visible(model.root(), "alpha"), "Databases");
        ui.waitFor("mlreg again", WAIT, () -> child(dbsAgain, "mlreg") != null);
        TreeItem<TreeEntry> mlregAgain = visible(dbsAgain, "mlreg");
        ui.waitFor("the schemas again", WAIT, () -> child(mlregAgain, "Schemas") != null
                && ((LiveTreeItem) child(mlregAgain, "Schemas")).state() == LiveTreeItem.State.LOADED);
        TreeItem<TreeEntry> schemasAgain = visible(mlregAgain, "Schemas");
        assertThat(ui.call(() -> labels(schemasAgain))).doesNotContain("features");
        TreeItem<TreeEntry> connAgain = visible(model.root(), "alpha");
        assertThat(ui.call(() -> labels(connAgain))).doesNotContain("Missing (1)", "Missing (2)");
        assertThat(ui.call(() -> model.shownMark(mlregAgain).state())).isEqualTo(Drift.State.IN_SYNC);
    }
}
