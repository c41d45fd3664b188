package dev.mlpc.ui.tree;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live tree's view model without a window: lazy loading, filter, errors, refresh, one serialised session per
 * connection, and large child lists. A single test thread stands in for the FX thread.
 */
class LiveTreeModelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private UiThread ui;
    private UiExecutor executor;
    private FakeSessions sessions;
    private LiveTreeModel model;

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        sessions = new FakeSessions();
        model = ui.call(() -> new LiveTreeModel(sessions::open, executor));
    }

    @AfterEach
    void tearDown() {
        ui.run(model::dispose);
        executor.shutdown(Duration.ofSeconds(2));
        ui.close();
    }

    private static ConnectionProfile profile(String name) {
        return new ConnectionProfile(name, "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "postgres"));
    }

    /** Expands {@code item} and waits until its children are loaded (or failed). */
    private void expand(TreeItem<TreeEntry> item) {
        LiveTreeItem li = (LiveTreeItem) item;
        ui.run(() -> li.setExpanded(true));
        ui.waitFor("children of " + item.getValue(), WAIT,
                () -> li.state() == LiveTreeItem.State.LOADED || li.state() == LiveTreeItem.State.FAILED);
    }

    private TreeItem<TreeEntry> visible(TreeItem<TreeEntry> parent, String label) {
        TreeItem<TreeEntry> c = ui.call(() -> child(parent, label));
        assertThat(c).as("visible child '%s' of %s; visible: %s", label, parent.getValue(), ui.call(() -> labels(parent))).isNotNull();
        return c;
    }

    private List<String> visibleLabels(TreeItem<TreeEntry> item) {
        return ui.call(() -> labels(item));
    }

    private void setFilter(String f) {
        ui.run(() -> model.filterProperty().set(f));
    }

    private TreeItem<TreeEntry> loadStandardTree() {
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        expand(alpha);
        expand(visible(alpha, "Databases"));
        expand(visible(alpha, "Roles"));
        expand(visible(visible(alpha, "Databases"), "mlreg"));
        return alpha;
    }

    @Test
    void revealPassesOverPrefixesThatAreNoRows() {
        sessions.nestedRole = true;
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        List<TreeItem<TreeEntry>> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> missing = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> model.reveal("alpha", "roles/group/admins", found::add, missing::add));
        ui.waitFor("the reveal", WAIT, () -> !found.isEmpty() || !missing.isEmpty());
        assertThat(missing).isEmpty();
        assertThat(found.get(0).getValue().node().path()).isEqualTo("roles/group/admins");

        // the last segment must still be a row
        ui.run(() -> model.reveal("alpha", "roles/group/nobody", found::add, missing::add));
        ui.waitFor("the second reveal", WAIT, () -> !missing.isEmpty());
        assertThat(missing).singleElement().asString().contains("roles/group/nobody").contains("not found under Roles");
    }

    /**
     * A role's slow details (every database's privileges) are read off the connection's serial executor: while they
     * are still being read, expanding the same connection's folders completes; the pane gets the first part, the
     * partial result with its progress line, then the whole; selecting another row cancels the slow part.
     */
    @Test
    void slowDetailsDoNotBlockTheConnectionAndArriveInSteps() throws Exception {
        sessions.moreGate = new java.util.concurrent.CountDownLatch(1);
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        expand(alpha);
        expand(visible(alpha, "Roles"));
        TreeEntry role = visible(visible(alpha, "Roles"), "reader").getValue();
        List<Map<String, Object>> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> model.describe(role, shown::add, failed::add));
        ui.waitFor("the partial details", WAIT, () -> shown.stream().anyMatch(m -> "1 of 2 so far…".equals(m.get("databases looked into"))));
        assertThat(shown.get(0)).isEqualTo(Map.of("members", List.of("m1")));
        assertThat(shown.get(shown.size() - 1)).containsEntry("members", List.of("m1")).containsEntry("grants", List.of("db1: USAGE"));

        // the slow part is still reading: the same connection still expands its folders
        expand(visible(alpha, "Databases"));
        LiveTreeItem databases = (LiveTreeItem) visible(alpha, "Databases");
        assertThat(ui.call(databases::state)).isEqualTo(LiveTreeItem.State.LOADED);

        sessions.moreGate.countDown();
        ui.waitFor("the whole details", WAIT, () -> shown.stream().anyMatch(m -> "all 2".equals(m.get("databases looked into"))));
        assertThat(shown.get(shown.size() - 1)).containsEntry("members", List.of("m1"))
                .containsEntry("grants", List.of("db1: USAGE", "db2: CREATE"));
        assertThat(failed).isEmpty();

        // a newer selection cancels a slow part still running, and its result is never shown
        sessions.moreGate = new java.util.concurrent.CountDownLatch(1);
        List<Map<String, Object>> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> model.describe(role, second::add, failed::add));
        ui.waitFor("the second partial", WAIT, () -> second.size() >= 2);
        ui.run(() -> model.describe(null, m -> { }, w -> { }));
        ui.waitFor("the slow part cancelled", WAIT, sessions.moreCancelled::get);
        assertThat(second).noneMatch(m -> "all 2".equals(m.get("databases looked into")));
        assertThat(failed).isEmpty();
    }

    /** Issue 14 (weak spots): a whole-connection search reports how far it is, and a cancel says where it was cut. */
    @Test
    void searchReportsProgressAndSaysWhereTheUserCutIt() {
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        List<List<LiveNode>> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> model.search("alpha", "slow", found::add, failed::add));
        ui.waitFor("progress", WAIT, () -> model.searchProgressProperty().get().matches("([3-9]|\\d\\d) of 40 searched"));
        assertThat(ui.call(model::searching)).isTrue();
        ui.run(model::cancelSearch);
        ui.waitFor("the hits so far", WAIT, () -> !found.isEmpty());
        assertThat(failed).isEmpty();
        assertThat(found.get(0).size()).isBetween(3, 39);
        assertThat(ui.call(model::searchCut)).matches("stopped by you after \\d+ of 40 accounts");
        assertThat(ui.call(model::searching)).isFalse();

        // a search left to run is not cut
        ui.run(() -> model.search("alpha", "other", found::add, failed::add));
        ui.waitFor("the second answer", WAIT, () -> found.size() == 2);
        assertThat(ui.call(model::searchCut)).isNull();
    }

    @Test
    void revealLoadsEveryLevelOnTheWayAndMatchesIgnoringCaseOnlyWhenAsked() {
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        List<TreeItem<TreeEntry>> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> missing = new java.util.concurrent.CopyOnWriteArrayList<>();
        // nothing loaded yet: alpha, Databases, mlreg and Schemas load one after the other
        ui.run(() -> model.reveal("alpha", "DATABASES/MLREG/Schemas/Registry", found::add, missing::add));
        ui.waitFor("the exact reveal", WAIT, () -> !found.isEmpty() || !missing.isEmpty());
        assertThat(found).isEmpty();
        assertThat(missing).singleElement().asString().contains("not found under alpha");

        missing.clear();
        ui.run(() -> model.reveal("alpha", "DATABASES/MLREG/Schemas/Registry", true, found::add, missing::add));
        ui.waitFor("the reveal ignoring case", WAIT, () -> !found.isEmpty() || !missing.isEmpty());
        assertThat(missing).isEmpty();
        assertThat(found.get(0).getValue().node().path()).isEqualTo("databases/mlreg/schemas/registry");
        assertThat(sessions.calls).containsKeys("(top)", "databases", "databases/mlreg", "databases/mlreg/schemas");
        assertThat(ui.call(() -> found.get(0).getParent().isExpanded())).isTrue();
    }

    @Test
    void childrenAreLoadedLazilyOnExpansion() {
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        assertThat(sessions.calls).isEmpty();
        assertThat(sessions.opened.get()).as("no session before the first expansion").isZero();
        expand(alpha);
        assertThat(visibleLabels(alpha)).containsExactly("Databases", "Roles");
        assertThat(sessions.calls).containsOnlyKeys("(top)");
        TreeEntry db = visible(alpha, "Databases").getValue();
        assertThat(db.kind()).isEqualTo(TreeEntry.Kind.NODE);
        assertThat(db.node().path()).isEqualTo("databases");
        assertThat(sessions.opened.get()).isEqualTo(1);
    }

    @Test
    void searchSaysWhenTheProviderCannotAndDescribeDropsAStaleSelection() {
        TreeItem<TreeEntry> alpha = loadStandardTree();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<List<LiveNode>> hits = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> model.search("alpha", "mlreg", hits::add, failures::add));
        ui.waitFor("the search's answer", WAIT, () -> !failures.isEmpty() || !hits.isEmpty());
        assertThat(hits).isEmpty();
        assertThat(failures).singleElement().asString().contains("cannot be searched as a whole");
        ui.run(() -> model.search("alpha", "  ", hits::add, failures::add));
        assertThat(failures).hasSize(2).last().asString().contains("type part of a name");
        ui.run(() -> model.search("nope", "x", hits::add, failures::add));
        assertThat(failures).last().asString().contains("no connection named nope");

        // the selection moves before the first read answers: only the second is shown
        TreeEntry roles = visible(alpha, "Roles").getValue();
        TreeEntry databases = visible(alpha, "Databases").getValue();
        List<String> described = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> {
            model.describe(roles, m -> described.add("roles " + m), failures::add);
            model.describe(databases, m -> described.add("databases " + m), failures::add);
        });
        ui.waitFor("the details of the second selection", WAIT, () -> !described.isEmpty());
        ui.run(() -> { });
        assertThat(described).containsExactly("databases {}");
        assertThat(failures).hasSize(3);
    }

    @Test
    void filterKeepsAncestorsOfMatchesAndIsCaseInsensitive() {
        TreeItem<TreeEntry> alpha = loadStandardTree();
        TreeItem<TreeEntry> databases = visible(alpha, "Databases");
        assertThat(visibleLabels(databases)).containsExactly("analytics", "mlreg");

        setFilter("MLREG");
        assertThat(visibleLabels(model.root())).containsExactly("alpha");
        assertThat(visibleLabels(alpha)).containsExactly("Databases", "Roles");
        assertThat(visibleLabels(databases)).containsExactly("mlreg");
        assertThat(visibleLabels(visible(alpha, "Roles"))).containsExactly("mlreg_owner");
        // a match keeps its whole loaded subtree
        assertThat(visibleLabels(visible(databases, "mlreg"))).containsExactly("Schemas");

        setFilter("reader");
        assertThat(visibleLabels(alpha)).containsExactly("Roles");
        assertThat(visibleLabels(visible(alpha, "Roles"))).containsExactly("reader");

        setFilter("");
        assertThat(visibleLabels(alpha)).containsExactly("Databases", "Roles");
        assertThat(visibleLabels(databases)).containsExactly("analytics", "mlreg");
        assertThat(visibleLabels(visible(alpha, "Roles"))).containsExactly("mlreg_owner", "reader");
    }

    @Test
    void filterMatchingAFolderShowsItsChildrenAndHidesSiblings() {
        TreeItem<TreeEntry> alpha = loadStandardTree();
        setFilter("dataBASES");
        assertThat(visibleLabels(alpha)).containsExactly("Databases");
        assertThat(visibleLabels(visible(alpha, "Databases"))).containsExactly("analytics", "mlreg");
    }

    @Test
    void filterWithoutMatchesSaysSo() {
        loadStandardTree();
        setFilter("no-such-thing");
        List<String> top = visibleLabels(model.root());
        assertThat(top).hasSize(1);
        assertThat(top.get(0)).contains("no-such-thing");
        assertThat(ui.call(() -> model.root().getChildren().get(0).getValue().kind())).isEqualTo(TreeEntry.Kind.HINT);
    }

    @Test
    void noConnectionsShowsAHintWithAnAddAction() {
        AtomicInteger asked = new AtomicInteger();
        ui.run(() -> {
            model.onAddConnectionProperty().set(asked::incrementAndGet);
            model.setConnections(List.of());
        });
        List<TreeItem<TreeEntry>> top = ui.call(() -> List.copyOf(model.root().getChildren()));
        assertThat(top).hasSize(1);
        TreeEntry hint = top.get(0).getValue();
        assertThat(hint.kind()).isEqualTo(TreeEntry.Kind.HINT);
        assertThat(hint.label()).contains("No connections");
        assertThat(hint.actionLabel()).isEqualTo("Add connection…");
        ui.run(() -> hint.action().run());
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void unreachableConnectionShowsAnErrorRowWithTheReason() throws Exception {
        Path home = UiTestKit.tempHome();
        try {
            Workbench wb = UiTestKit.workbench(home);
            LiveTreeModel real = ui.call(() -> new LiveTreeModel(wb::openSession, executor));
            ConnectionProfile dead = new ConnectionProfile("dead", "postgres",
                    Map.of("url", "jdbc:postgresql://127.0.0.1:1/postgres", "user", "postgres"));
            ui.run(() -> real.setConnections(List.of(dead)));
            LiveTreeItem root = (LiveTreeItem) ui.call(() -> child(real.root(), "dead"));
            assertThat(root).isNotNull();
            ui.run(() -> root.setExpanded(true));
            ui.waitFor("the error row", WAIT, () -> root.state() == LiveTreeItem.State.FAILED);
            List<TreeItem<TreeEntry>> kids = ui.call(() -> List.copyOf(root.getChildren()));
            assertThat(kids).hasSize(1);
            TreeEntry err = kids.get(0).getValue();
            assertThat(err.kind()).isEqualTo(TreeEntry.Kind.ERROR);
            assertThat(err.label()).contains("127.0.0.1:1").containsIgnoringCase("refused");
            assertThat(err.actionLabel()).isEqualTo("Retry");
            assertThat(ui.call(() -> real.loadingCountProperty().get())).isZero();
            ui.run(real::dispose);
        } finally {
            UiTestKit.deleteTree(home);
        }
    }

    @Test
    void refreshRetriesAFailedLoad() {
        sessions.failNext.put("databases", 1);
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        expand(alpha);
        LiveTreeItem databases = (LiveTreeItem) visible(alpha, "Databases");
        expand(databases);
        assertThat(databases.state()).isEqualTo(LiveTreeItem.State.FAILED);
        TreeEntry err = ui.call(() -> databases.getChildren().get(0).getValue());
        assertThat(err.kind()).isEqualTo(TreeEntry.Kind.ERROR);
        assertThat(err.label()).isEqualTo("simulated failure listing databases");
        UiTestKit.waitFor("the failed session closed", WAIT, () -> sessions.closed.get() == 1);

        ui.run(() -> model.refresh(databases.getChildren().get(0)));
        ui.waitFor("reload", WAIT, () -> databases.state() == LiveTreeItem.State.LOADED);
        assertThat(visibleLabels(databases)).containsExactly("analytics", "mlreg");
        assertThat(sessions.opened.get()).as("reconnected after the failure").isEqualTo(2);
    }

    @Test
    void refreshReloadsTheSubtreeAndExpandsWhatWasExpanded() {
        TreeItem<TreeEntry> alpha = loadStandardTree();
        LiveTreeItem databases = (LiveTreeItem) visible(alpha, "Databases");
        assertThat(sessions.calls.get("databases").get()).isEqualTo(1);
        assertThat(sessions.calls.get("databases/mlreg").get()).isEqualTo(1);
        sessions.extraDatabase = "fresh_db";

        ui.run(() -> model.refresh(databases));
        ui.waitFor("databases reloaded", WAIT, () -> databases.state() == LiveTreeItem.State.LOADED
                && child(databases, "mlreg") != null
                && ((LiveTreeItem) child(databases, "mlreg")).state() == LiveTreeItem.State.LOADED);
        assertThat(visibleLabels(databases)).containsExactly("analytics", "fresh_db", "mlreg");
        assertThat(sessions.calls.get("databases").get()).isEqualTo(2);
        assertThat(sessions.calls.get("databases/mlreg").get()).as("expanded child reloaded too").isEqualTo(2);
        assertThat(sessions.calls.get("roles").get()).as("siblings untouched").isEqualTo(1);
        assertThat(sessions.opened.get()).as("same session").isEqualTo(1);
    }

    @Test
    void refreshingAConnectionReconnectsAndDisposeClosesSessions() {
        TreeItem<TreeEntry> alpha = loadStandardTree();
        ui.run(() -> model.refresh(alpha));
        ui.waitFor("reconnected", WAIT, () -> ((LiveTreeItem) alpha).state() == LiveTreeItem.State.LOADED
                && sessions.opened.get() == 2);
        assertThat(sessions.closed.get()).isEqualTo(1);
        ui.run(model::dispose);
        UiTestKit.waitFor("sessions closed", WAIT, () -> sessions.closed.get() == 2);
    }

    @Test
    void callsOnOneSessionAreSerialisedAndEachConnectionHasOneSession() {
        sessions.delayMillis = 40;
        ui.run(() -> model.setConnections(List.of(profile("alpha"), profile("beta"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        TreeItem<TreeEntry> beta = visible(model.root(), "beta");
        expand(alpha);
        expand(beta);
        List<LiveTreeItem> folders = ui.call(() -> {
            List<LiveTreeItem> l = new ArrayList<>();
            for (TreeItem<TreeEntry> c : alpha.getChildren()) l.add((LiveTreeItem) c);
            for (TreeItem<TreeEntry> c : beta.getChildren()) l.add((LiveTreeItem) c);
            return l;
        });
        ui.run(() -> folders.forEach(f -> f.setExpanded(true)));
        ui.waitFor("all folders", WAIT, () -> folders.stream().allMatch(f -> f.state() == LiveTreeItem.State.LOADED));
        assertThat(sessions.opened.get()).isEqualTo(2);
        assertThat(sessions.maxInFlightPerSession.get()).as("calls on one session never overlap").isEqualTo(1);
        assertThat(ui.call(() -> model.loadingCountProperty().get())).isZero();
    }

    @Test
    void largeChildListsAreBuiltOffTheUiThreadAndAttachedInOneGo() {
        sessions.bigTables = 100_000;
        ui.run(() -> model.setConnections(List.of(profile("alpha"))));
        TreeItem<TreeEntry> alpha = visible(model.root(), "alpha");
        expand(alpha);
        LiveTreeItem databases = (LiveTreeItem) visible(alpha, "Databases");
        expand(databases);
        LiveTreeItem big = (LiveTreeItem) visible(databases, "big");
        AtomicInteger changes = new AtomicInteger();
        ui.run(() -> big.getChildren().addListener((javafx.collections.ListChangeListener<TreeItem<TreeEntry>>) c -> changes.incrementAndGet()));
        StallProbe probe = new StallProbe(ui.executor());
        long t0 = System.nanoTime();
        expand(big);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long stall = probe.stop();
        assertThat(ui.call(() -> big.getChildren().size())).isEqualTo(100_000);
        // one change for the "Loading…" row, one setAll with every child
        assertThat(changes.get()).isEqualTo(2);
        System.out.println("live tree: 100,000 children loaded and attached in " + ms + " ms; longest UI-thread task "
                + stall + " ms");

        long f0 = System.nanoTime();
        setFilter("table_099999");
        long fms = (System.nanoTime() - f0) / 1_000_000;
        assertThat(visibleLabels(big)).containsExactly("table_099999");
        System.out.println("live tree: filter over 100,000 loaded nodes in " + fms + " ms");
        setFilter("");
        assertThat(ui.call(() -> big.getChildren().size())).isEqualTo(100_000);
    }

    /** Measures the longest delay of tiny tasks posted to the UI thread every 5 ms (how long it was blocked). */
    static final class StallProbe {
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();

        StallProbe(java.util.concurrent.Executor ui) {
            timer.scheduleAtFixedRate(() -> {
                long posted = System.nanoTime();
                ui.execute(() -> max.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max));
            }, 0, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        long stop() {
            timer.shutdownNow();
            return max.get();
        }
    }

    /** An in-memory provider tree; counts calls, sessions and overlapping calls. */
    static final class FakeSessions {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, Integer> failNext = new ConcurrentHashMap<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger maxInFlightPerSession = new AtomicInteger();
        volatile long delayMillis;
        volatile int bigTables;
        volatile String extraDatabase;
        /** Adds a role whose path skips a level ({@code roles/group/admins}, as ARM ids and Snowflake schemas do). */
        volatile boolean nestedRole;
        /** Gives database and schema nodes their resource keys, as the real tree does (for drift marks). */
        volatile boolean keyed;
        /** A role's slow details wait for this gate after their first partial result (null: no slow part). */
        volatile java.util.concurrent.CountDownLatch moreGate;
        /** Whether the slow part saw its cancel. */
        final java.util.concurrent.atomic.AtomicBoolean moreCancelled = new java.util.concurrent.atomic.AtomicBoolean();

        ProviderSession open(ConnectionProfile p) {
            opened.incrementAndGet();
            return new Session();
        }

        List<LiveNode> children(LiveNode parent) throws ProviderException {
            String path = parent == null ? "(top)" : parent.path();
            calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            Integer fails = failNext.get(path);
            if (fails != null && fails > 0) {
                failNext.put(path, fails - 1);
                throw new ProviderException("simulated failure listing " + path);
            }
            List<LiveNode> out = new ArrayList<>();
            switch (path) {
                case "(top)" -> {
                    out.add(node("databases", "Databases", "folder", false));
                    out.add(node("roles", "Roles", "folder", false));
                }
                case "databases" -> {
                    out.add(node("databases/analytics", "analytics", "database", true));
                    if (bigTables > 0) out.add(node("databases/big", "big", "database", false));
                    if (extraDatabase != null) out.add(node("databases/" + extraDatabase, extraDatabase, "database", true));
                    out.add(node("databases/mlreg", "mlreg", "database", false));
                }
                case "databases/mlreg" -> out.add(node("databases/mlreg/schemas", "Schemas", "folder", false));
                case "databases/mlreg/schemas" -> out.add(node("databases/mlreg/schemas/registry", "registry", "schema", true));
                case "databases/big" -> {
                    for (int i = 0; i < bigTables; i++) {
                        String n = String.format("table_%06d", i);
                        out.add(new LiveNode("databases/big/" + n, n, "table", true, null, Map.of("estimated_rows", i)));
                    }
                }
                case "roles" -> {
                    out.add(node("roles/mlreg_owner", "mlreg_owner", "role", true));
                    out.add(node("roles/reader", "reader", "role", true));
                    if (nestedRole) out.add(node("roles/group/admins", "admins", "role", true));
                }
                default -> { }
            }
            if (keyed) {
                out.replaceAll(n -> "database".equals(n.kind()) || "schema".equals(n.kind())
                        ? new LiveNode(n.path(), n.label(), n.kind(), n.leaf(),
                        new dev.mlpc.core.spec.ResourceKey("postgres." + n.kind(), n.label()), n.details()) : n);
            }
            return out;
        }

        private static LiveNode node(String path, String label, String kind, boolean leaf) {
            Map<String, Object> d = new HashMap<>();
            d.put("kind", kind);
            return new LiveNode(path, label, kind, leaf, null, d);
        }

        final class Session implements ProviderSession {
            private final AtomicInteger inFlight = new AtomicInteger();

            @Override
            public Inventory read(Collection<Resource> managed, Progress progress) {
                throw new UnsupportedOperationException("not used by the tree");
            }

            @Override
            public ApplyResult apply(Plan plan, Progress progress) {
                throw new UnsupportedOperationException("not used by the tree");
            }

            @Override
            public List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
                int now = inFlight.incrementAndGet();
                maxInFlightPerSession.accumulateAndGet(now, Math::max);
                try {
                    if (delayMillis > 0) Thread.sleep(delayMillis);
                    return FakeSessions.this.children(parent);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException("interrupted");
                } finally {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public Map<String, Object> describe(LiveNode node, Progress progress) {
                return "role".equals(node.kind()) ? Map.of("members", List.of("m1")) : Map.of();
            }

            /** Searches 40 "accounts" one by one until cancelled; the hits so far come back then. */
            @Override
            public List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
                if ("other".equals(text)) return List.of();
                if (!"slow".equals(text)) return ProviderSession.super.search(text, limit, progress);
                List<LiveNode> out = new ArrayList<>();
                for (int i = 1; i <= 40; i++) {
                    if (progress.cancelled()) {
                        progress.status("search stopped after " + (i - 1) + " of 40 accounts");
                        return out;
                    }
                    out.add(node("roles/hit" + i, "hit" + i, "role", true));
                    progress.worked(i, 40);
                    try {
                        Thread.sleep(i >= 3 ? 50 : 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return out;
                    }
                }
                return out;
            }

            @Override
            public dev.mlpc.core.provider.MoreDetails moreDetails(LiveNode node) {
                java.util.concurrent.CountDownLatch gate = moreGate;
                if (gate == null || !"role".equals(node.kind())) return null;
                return (progress, partial) -> {
                    partial.accept(Map.of("grants", List.of("db1: USAGE"), "databases looked into", "1 of 2 so far…"));
                    try {
                        while (!gate.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                            if (progress.cancelled()) {
                                moreCancelled.set(true);
                                throw new dev.mlpc.core.provider.CancelledException();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new dev.mlpc.core.provider.CancelledException();
                    }
                    return Map.of("grants", List.of("db1: USAGE", "db2: CREATE"), "databases looked into", "all 2");
                };
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
    }
}
