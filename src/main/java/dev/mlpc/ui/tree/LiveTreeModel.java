package dev.mlpc.ui.tree;

import dev.mlpc.app.Drift;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.SerialExecutor;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The view model of the live resource tree: one root per connection profile, children loaded lazily when a row is
 * expanded, a label filter over what has been loaded.
 *
 * <p>Threading: every public method runs on the UI thread (the one of the {@link UiExecutor}). Each connection keeps
 * one provider session, opened on first use; all calls on it go through that connection's {@link SerialExecutor}
 * because sessions are not thread-safe. Child rows are built on the background thread and attached with one
 * {@code setAll}. A failed load shows an error row with the reason and drops the session, so a refresh reconnects.</p>
 */
public final class LiveTreeModel {
    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(LiveTreeModel.class);

    /** Opens a session for a connection; the application passes {@code workbench::openSession}. */
    @FunctionalInterface
    public interface SessionSource {
        ProviderSession open(ConnectionProfile profile) throws ProviderException;
    }

    /**
     * Computes the drift of a connection on its session (one bulk read; runs on the connection's serial executor);
     * the application passes {@code workbench::drift}.
     */
    @FunctionalInterface
    public interface DriftSource {
        Drift compute(ConnectionProfile profile, ProviderSession session, Progress progress) throws Exception;
    }

    /**
     * The live actions a loaded node offers on its session (no round trip; runs on the connection's serial executor
     * while the children are built); the application passes {@code workbench::nodeActions}.
     */
    @FunctionalInterface
    public interface ActionSource {
        List<dev.mlpc.core.provider.NodeAction> actions(ProviderSession session, LiveNode node);
    }

    private final SessionSource sessions;
    private final DriftSource driftSource;
    private final ActionSource actionSource;
    private final ReadOnlyIntegerWrapper driftVersion = new ReadOnlyIntegerWrapper(this, "driftVersion", 0);
    private final UiExecutor executor;
    private final LiveTreeItem root = new LiveTreeItem(TreeEntry.hint(""), true);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyIntegerWrapper loadingCount = new ReadOnlyIntegerWrapper(this, "loadingCount", 0);
    private final ObjectProperty<Runnable> onAddConnection = new SimpleObjectProperty<>(this, "onAddConnection");
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Set<String> pendingExpand = new HashSet<>();
    private final LiveTreeItem noMatch = new LiveTreeItem(TreeEntry.hint(""));
    /** True while whole-connection search hits are listed: "Nothing loaded matches" would contradict them. */
    private boolean searchShowing;
    private String needle = "";
    private boolean disposed;
    /** A {@link #reveal} waiting for rows on the way to load, or null. */
    private Reveal reveal;

    public LiveTreeModel(SessionSource sessions, UiExecutor executor) {
        this(sessions, null, executor);
    }

    /** @param drift computes drift marks per connection; null shows none */
    private final javafx.beans.property.ReadOnlyBooleanWrapper restructuring =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "restructuring", false);

    public LiveTreeModel(SessionSource sessions, DriftSource drift, UiExecutor executor) {
        this(sessions, drift, ProviderSession::actions, executor);
    }

    /** @param actions lists each loaded node's live actions (the context menu's); null offers none */
    public LiveTreeModel(SessionSource sessions, DriftSource drift, ActionSource actions, UiExecutor executor) {
        this.actionSource = actions;
        this.driftSource = drift;
        this.sessions = Objects.requireNonNull(sessions);
        this.executor = Objects.requireNonNull(executor);
        root.setExpanded(true);
        root.state = LiveTreeItem.State.LOADING;
        root.status = new LiveTreeItem(TreeEntry.loading("Loading connections…"));
        filter.addListener((o, a, b) -> {
            needle = b == null ? "" : b.strip().toLowerCase(Locale.ROOT);
            refilter();
        });
        refilter();
    }

    /** The hidden root; its children are the connection rows. */
    public LiveTreeItem root() { return root; }

    /**
     * True while rows are being replaced (children loaded, filter applied). JavaFX's TreeView moves its selection
     * when a row's children are replaced with {@code setAll}; the view keeps the user's selection across it.
     */
    public ReadOnlyBooleanProperty restructuringProperty() { return restructuring.getReadOnlyProperty(); }

    /** The label filter (case-insensitive substring); empty shows everything. */
    public StringProperty filterProperty() { return filter; }

    /** How many loads are in flight (the view shows a busy indicator while positive). */
    public ReadOnlyIntegerProperty loadingCountProperty() { return loadingCount.getReadOnlyProperty(); }

    /**
     * Incremented on the UI thread whenever a connection's drift arrives or is cleared: the view redraws its marks.
     */
    public ReadOnlyIntegerProperty driftVersionProperty() { return driftVersion.getReadOnlyProperty(); }

    /** The latest drift of a connection, or null while none is computed (or it failed). */
    public Drift drift(String connection) {
        Connection c = connections.get(connection);
        return c == null ? null : c.drift;
    }

    /** Why a connection's drift could not be computed, or null. */
    public String driftProblem(String connection) {
        Connection c = connections.get(connection);
        return c == null ? null : c.driftError;
    }

    /** The drift mark of a row: a live node's (null when it is no stack resource or no drift is known), a missing row's. */
    public Drift.Mark mark(TreeEntry e) {
        if (e == null) return null;
        if (e.kind() == TreeEntry.Kind.MISSING) return e.missing() == null ? null : e.missing().mark();
        if (e.kind() != TreeEntry.Kind.NODE) return null;
        Drift d = drift(e.profile().name());
        return d == null ? null : d.markOf(e.node());
    }

    /**
     * The mark a row shows: its own, except that a row in sync over a loaded row below it that differs or is missing
     * shows "differs" naming that row, so the tree never says ✔ over drift. Rows not loaded are not read.
     */
    public Drift.Mark shownMark(TreeItem<TreeEntry> item) {
        if (item == null) return null;
        Drift.Mark own = mark(item.getValue());
        if (own == null || own.state() != Drift.State.IN_SYNC || !(item instanceof LiveTreeItem li)) return own;
        String below = driftBelow(li, 0);
        if (below == null && item.getValue().kind() == TreeEntry.Kind.NODE) {
            // rows not loaded yet: the drift itself knows where each drifted resource would be listed
            Drift d = drift(item.getValue().profile().name());
            Drift.Mark m = d == null ? null : d.driftBelow(item.getValue().node().path());
            if (m != null && m.resource() != null) {
                below = m.resource().type() + " " + m.resource().name() + " below it "
                        + (m.state() == Drift.State.MISSING ? "is missing" : "differs");
            }
        }
        return below == null ? own
                : new Drift.Mark(Drift.State.DIFFERS, own.stack(), own.resource(), List.of(), "in sync itself, but " + below);
    }

    private String driftBelow(LiveTreeItem li, int depth) {
        if (depth > 12) return null;
        for (LiveTreeItem c : li.missingRows()) {
            Drift.Mark m = mark(c.getValue());
            if (m != null && m.state() == Drift.State.MISSING) return c.getValue().label() + " below it is missing";
            // an unlisted resource (a grant whose role holds none of its privileges) that differs
            if (m != null && m.state() == Drift.State.DIFFERS) return c.getValue().label() + " below it differs";
        }
        for (LiveTreeItem c : li.loadedChildren()) {
            Drift.Mark m = mark(c.getValue());
            if (m != null && (m.state() == Drift.State.DIFFERS || m.state() == Drift.State.MISSING)) {
                return c.getValue().label() + " below it " + (m.state() == Drift.State.MISSING ? "is missing" : "differs");
            }
            String deeper = driftBelow(c, depth + 1);
            if (deeper != null) return deeper;
        }
        return null;
    }

    /**
     * Reloads the rows of connection {@code connection} after an apply changed it (from the Stacks view or a wizard):
     * a connection already opened is reopened and its expanded rows read again, so the rows and their drift marks
     * show the live system after the apply; one not opened yet only recomputes its drift.
     */
    public void refreshConnection(String connection) {
        if (disposed || connection == null) return;
        LiveTreeItem row = root.loadedChildren().stream()
                .filter(i -> i.getValue().kind() == TreeEntry.Kind.CONNECTION && i.getValue().profile().name().equals(connection))
                .findFirst().orElse(null);
        if (row == null) return;
        if (row.state() == LiveTreeItem.State.UNLOADED) refreshDrift(connection);
        else refresh(row);
    }

    /** {@link #refreshConnection} for every connection that is open in the tree (after a wizard's apply). */
    public void refreshOpenConnections() {
        for (LiveTreeItem row : List.copyOf(root.loadedChildren())) {
            if (row.getValue().kind() == TreeEntry.Kind.CONNECTION && row.state() != LiveTreeItem.State.UNLOADED) refresh(row);
        }
    }

    /** Whether whole-connection search hits are listed above the tree (then the tree does not say "Nothing loaded matches"). */
    public void setSearchShowing(boolean showing) {
        if (searchShowing == showing) return;
        searchShowing = showing;
        if (!disposed) refilter();
    }

    /** Computes the drift of a connection again (after an import or a drop), keeping the rows as they are. */
    public void refreshDrift(String connection) {
        Connection c = connections.get(connection);
        if (c != null && !disposed) computeDrift(c);
    }

    /** What the "Add connection…" hint does when there are no connections. */
    public ObjectProperty<Runnable> onAddConnectionProperty() { return onAddConnection; }

    /** The profiles currently shown, in order. */
    public List<ConnectionProfile> connections() {
        return connections.values().stream().map(c -> c.profile).toList();
    }

    /** Shows "Loading connections…" until {@link #setConnections} or {@link #showConnectionsError} is called. */
    public void showLoadingConnections() {
        root.state = LiveTreeItem.State.LOADING;
        root.status = new LiveTreeItem(TreeEntry.loading("Loading connections…"));
        refilter();
    }

    /**
     * Replaces the connection rows. Sessions of the previous rows are closed; rows that were expanded before are
     * expanded again (and so reloaded) when their connection and path still exist.
     */
    public void setConnections(List<ConnectionProfile> profiles) {
        if (disposed) return;
        pendingExpand.clear();
        collectExpanded(root, pendingExpand);
        closeAll();
        List<LiveTreeItem> rows = new ArrayList<>();
        for (ConnectionProfile p : profiles) {
            connections.put(p.name(), new Connection(p));
            rows.add(newItem(TreeEntry.connection(p)));
        }
        root.generation++;
        root.state = LiveTreeItem.State.LOADED;
        root.loaded = rows;
        root.status = rows.isEmpty()
                ? new LiveTreeItem(TreeEntry.hint("No connections yet.", "Add connection…", this::addConnection))
                : null;
        refilter();
        expandPending(rows);
        continueReveal();
    }

    /** Shows why the connection list could not be loaded (e.g. a broken connections.yaml), with an optional action. */
    public void showConnectionsError(String message, String actionLabel, Runnable action) {
        if (disposed) return;
        closeAll();
        root.state = LiveTreeItem.State.FAILED;
        root.loaded = List.of();
        root.status = new LiveTreeItem(actionLabel == null ? TreeEntry.error(message) : TreeEntry.error(message, actionLabel, action));
        refilter();
    }

    /**
     * Reloads the subtree of {@code item}: a connection row reconnects, a node row lists its children again, a
     * status row refreshes its parent, the hidden root refreshes every connection. Expanded rows inside the subtree
     * are expanded again after the reload.
     */
    public void refresh(TreeItem<TreeEntry> item) {
        if (disposed || item == null) return;
        if (item == root) {
            for (LiveTreeItem r : List.copyOf(root.loadedChildren())) refresh(r);
            return;
        }
        if (!(item instanceof LiveTreeItem li) || li.getValue() == null) return;
        if (li.getValue().isStatus()) {
            refresh(li.getParent());
            return;
        }
        TreeEntry e = li.getValue();
        if (e.kind() == TreeEntry.Kind.MISSING) {
            refreshDrift(e.profile().name());
            return;
        }
        Connection c = connections.get(e.profile().name());
        if (c == null) return;
        if (e.kind() == TreeEntry.Kind.CONNECTION) {
            c.close();
            c.driftGen++;
            c.drift = null;
            c.driftError = null;
            placeMissing(c);
            driftVersion.set(driftVersion.get() + 1);
        } else {
            // the marks follow the tree's refresh: one bulk read after the reload
            computeDrift(c);
        }
        Set<String> again = new HashSet<>();
        collectExpanded(li, again);
        again.remove(e.key());
        pendingExpand.addAll(again);
        cancel(li);
        li.generation++;
        if (li.isExpanded()) {
            // straight to "Loading…", so the expanded row never shows an empty children list in between
            load(li);
            return;
        }
        li.state = LiveTreeItem.State.UNLOADED;
        li.loaded = null;
        li.status = null;
        refilter(li);
    }

    /**
     * Finds the node at {@code path} (as the provider writes node paths, e.g.
     * {@code databases/ml/schemas/public/train}) under connection {@code connection}, expanding and so loading every
     * row on the way (each {@code /}-prefix of the path that is a row's path; prefixes that are no row, such as an ARM
     * id's {@code /resourceGroups}, are passed over), then hands it to {@code found}. The filter is cleared so the row is visible. When the
     * connection, a row on the way or the node itself is missing, or a load fails, {@code missing} gets the reason.
     * A newer reveal replaces one still waiting for rows to load.
     */
    public void reveal(String connection, String path, java.util.function.Consumer<TreeItem<TreeEntry>> found,
                       java.util.function.Consumer<String> missing) {
        reveal(connection, path, false, found, missing);
    }

    /**
     * {@link #reveal(String, String, java.util.function.Consumer, java.util.function.Consumer)}; with
     * {@code ignoreCase} a row whose path equals a prefix only without regard to case is taken when no row equals it
     * exactly (Data Share's ARM ids: Azure names are case-insensitive, and a path may be built from names in another
     * case than the ones Azure reports).
     */
    public void reveal(String connection, String path, boolean ignoreCase, java.util.function.Consumer<TreeItem<TreeEntry>> found,
                       java.util.function.Consumer<String> missing) {
        if (disposed) return;
        if (!filter.get().isEmpty()) filter.set("");
        // every /-prefix, a leading / kept (an ARM id's prefixes are "", "/subscriptions", "/subscriptions/<id>", …)
        List<String> prefixes = new ArrayList<>();
        int from = 0;
        while (true) {
            int slash = path.indexOf('/', from);
            if (slash < 0) break;
            prefixes.add(path.substring(0, slash));
            from = slash + 1;
        }
        prefixes.add(path);
        reveal = new Reveal(connection, path, prefixes, ignoreCase, Objects.requireNonNull(found), Objects.requireNonNull(missing));
        continueReveal();
    }

    /** Walks a pending reveal as far as the loaded rows go; starts the next load it needs. */
    private void continueReveal() {
        Reveal r = reveal;
        if (r == null || disposed) return;
        if (root.state != LiveTreeItem.State.LOADED) {
            if (root.state == LiveTreeItem.State.FAILED) endReveal(r, "the connections could not be loaded");
            return;
        }
        LiveTreeItem item = root.loadedChildren().stream()
                .filter(i -> i.getValue().kind() == TreeEntry.Kind.CONNECTION && i.getValue().profile().name().equals(r.connection()))
                .findFirst().orElse(null);
        if (item == null) {
            endReveal(r, "there is no connection named " + r.connection() + " in the tree");
            return;
        }
        for (String prefix : r.prefixes()) {
            switch (item.state) {
                case UNLOADED -> {
                    item.setExpanded(true); // loads the children; the load calls back here
                    if (item.state == LiveTreeItem.State.UNLOADED) load(item);
                    return;
                }
                case LOADING -> {
                    item.setExpanded(true);
                    return;
                }
                case FAILED -> {
                    String why = item.status == null ? "it could not be loaded" : item.status.getValue().label();
                    endReveal(r, item.getValue().label() + ": " + why);
                    return;
                }
                case LOADED -> { }
            }
            item.setExpanded(true);
            LiveTreeItem next = item.loadedChildren().stream()
                    .filter(c -> c.getValue().kind() == TreeEntry.Kind.NODE && c.getValue().node().path().equals(prefix))
                    .findFirst().orElse(null);
            if (next == null && r.ignoreCase()) {
                next = item.loadedChildren().stream()
                        .filter(c -> c.getValue().kind() == TreeEntry.Kind.NODE && c.getValue().node().path().equalsIgnoreCase(prefix))
                        .findFirst().orElse(null);
            }
            if (next == null) {
                // a prefix that is no row of the tree (an ARM id's "/resourceGroups", Snowflake's ".../schemas") is
                // passed over: the next prefix is looked for among the same rows
                if (!r.path().equals(prefix)) continue;
                endReveal(r, "not found under " + item.getValue().label());
                return;
            }
            item = next;
        }
        reveal = null;
        r.found().accept(item);
    }

    private void endReveal(Reveal r, String why) {
        reveal = null;
        r.missing().accept(r.connection() + "/" + r.path() + ": " + why);
    }

    private record Reveal(String connection, String path, List<String> prefixes, boolean ignoreCase,
                          java.util.function.Consumer<TreeItem<TreeEntry>> found, java.util.function.Consumer<String> missing) { }

    /** Closes every session and ignores results still in flight. */
    public void dispose() {
        disposed = true;
        closeAll();
    }

    /**
     * Reads what the details pane shows of a node beyond its tree details ({@link ProviderSession#describe}) on the
     * connection's serial executor and hands it to {@code done} on the UI thread; a failure's reason goes to
     * {@code failed}. A newer call cancels the one before (its result is dropped; one not started yet never asks the
     * system), so moving the selection never shows a stale row's details.
     * <p>
     * When the node has a slow part ({@link ProviderSession#moreDetails}: a PostgreSQL role's privileges in every
     * database), it is read next on the shared background pool, not on the connection's serial executor, so expanding
     * the tree or searching the same connection does not wait for it; {@code done} is then called again with the
     * details known so far (coalesced, at most one pending update on the UI thread) and once more at the end.
     */
    public void describe(TreeEntry e, java.util.function.Consumer<Map<String, Object>> done,
                         java.util.function.Consumer<String> failed) {
        if (describing != null) describing.set(true);
        describing = null;
        if (disposed || e == null || e.kind() != TreeEntry.Kind.NODE) return;
        Connection c = connections.get(e.profile().name());
        if (c == null) return;
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        describing = cancelled;
        Progress progress = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long d, long total) { }
            @Override public boolean cancelled() { return cancelled.get(); }
        };
        LiveNode node = e.node();
        Tasks.create(() -> {
            try {
                ProviderSession s = c.session();
                Map<String, Object> first = s.describe(node, progress);
                return new Described(first, s.moreDetails(node));
            } catch (ProviderException ex) {
                throw ex;
            } catch (Exception ex) {
                c.dropSession();
                throw ex;
            }
        }).on(c.serial).onSuccess(r -> {
            if (cancelled.get() || disposed) return;
            done.accept(r.first());
            if (r.more() != null) describeMore(r, progress, cancelled, done, failed);
        }).onError(ex -> {
            if (!cancelled.get() && !disposed) failed.accept(UiErrors.message(ex));
        }).run(executor);
    }

    private record Described(Map<String, Object> first, dev.mlpc.core.provider.MoreDetails more) { }

    /** The slow part of {@link #describe}, on the background pool; its partial results merged after the first part. */
    private void describeMore(Described r, Progress progress, java.util.concurrent.atomic.AtomicBoolean cancelled,
                              java.util.function.Consumer<Map<String, Object>> done, java.util.function.Consumer<String> failed) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> pending = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Function<Map<String, Object>, Map<String, Object>> merged = more -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>(r.first());
            m.putAll(more);
            return m;
        };
        Tasks.create(() -> r.more().read(progress, part -> {
            // at most one update waits for the UI thread; a later one replaces it there
            if (pending.getAndSet(merged.apply(part)) == null) {
                executor.fx().execute(() -> {
                    Map<String, Object> m = pending.getAndSet(null);
                    if (m != null && !cancelled.get() && !disposed) done.accept(m);
                });
            }
        })).onSuccess(more -> {
            pending.set(null);
            if (!cancelled.get() && !disposed) done.accept(merged.apply(more));
        }).onError(ex -> {
            pending.set(null);
            if (!cancelled.get() && !disposed) failed.accept(UiErrors.message(ex));
        }).run(executor);
    }

    private java.util.concurrent.atomic.AtomicBoolean describing;

    /** How many hits a whole-connection search returns at most. */
    public static final int SEARCH_LIMIT = 200;

    /**
     * Searches the whole of connection {@code connection} for nodes whose names contain {@code text}
     * ({@link ProviderSession#search}, on the connection's serial executor), then hands the hits to {@code found} — or
     * the reason (the provider cannot search, the query failed) to {@code failed} — on the UI thread. While it runs,
     * {@link #searchProgressProperty()} says how far it is ("12 of 40 accounts searched") and {@link #cancelSearch()}
     * stops it: a provider that can (Data Share) then hands back the hits found so far, and {@link #searchCut()} says
     * where the search was cut. A newer search cancels and replaces one still running. Reveal a hit with {@link #reveal}.
     */
    public void search(String connection, String text, java.util.function.Consumer<List<LiveNode>> found,
                       java.util.function.Consumer<String> failed) {
        if (disposed) return;
        Connection c = connections.get(connection);
        if (c == null) {
            failed.accept("there is no connection named " + connection + " in the tree");
            return;
        }
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            failed.accept("type part of a name to search " + connection + " for");
            return;
        }
        int gen = ++searchGen;
        cancelSearch();
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        searchCancel = cancelled;
        searchCut = null;
        searchProgress.set("");
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
        java.util.concurrent.atomic.AtomicLong[] counts = {new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong()};
        Progress progress = new Progress() {
            @Override public void status(String message) { last.set(message == null ? "" : message); }
            @Override public void worked(long done, long total) {
                counts[0].set(done);
                counts[1].set(total);
                executor.fx().execute(() -> {
                    if (gen == searchGen && !disposed && total > 0) {
                        searchProgress.set(counts[0].get() + " of " + counts[1].get() + " searched");
                    }
                });
            }
            @Override public boolean cancelled() { return cancelled.get(); }
        };
        Tasks.create(() -> {
            try {
                return c.session().search(t, SEARCH_LIMIT, progress);
            } catch (ProviderException ex) {
                throw ex;
            } catch (Exception ex) {
                c.dropSession();
                throw ex;
            }
        }).on(c.serial).onSuccess(hits -> {
            if (gen != searchGen || disposed) return;
            searchCancel = null;
            if (cancelled.get()) {
                searchCut = counts[1].get() > 0 ? "stopped by you after " + counts[0].get() + " of " + counts[1].get()
                        + (last.get().contains("account") ? " accounts" : "") : "stopped by you";
            }
            found.accept(hits);
        }).onError(ex -> {
            if (gen != searchGen || disposed) return;
            searchCancel = null;
            failed.accept(cancelled.get() ? "stopped by you before anything was found" : UiErrors.message(ex));
        }).run(executor);
    }

    /** Stops the whole-connection search still running, if any (its hits so far are handed back where the provider can). */
    public void cancelSearch() {
        java.util.concurrent.atomic.AtomicBoolean c = searchCancel;
        if (c != null) c.set(true);
    }

    /** True while a whole-connection search runs. */
    public boolean searching() {
        return searchCancel != null;
    }

    /** How far the running search is ("12 of 40 searched"; empty when the provider does not say). */
    public javafx.beans.property.ReadOnlyStringProperty searchProgressProperty() {
        return searchProgress.getReadOnlyProperty();
    }

    /** Where the last search was cut by {@link #cancelSearch()} ("stopped by you after 12 of 40 accounts"), or null. */
    public String searchCut() {
        return searchCut;
    }

    private final javafx.beans.property.ReadOnlyStringWrapper searchProgress = new javafx.beans.property.ReadOnlyStringWrapper(this, "searchProgress", "");
    private java.util.concurrent.atomic.AtomicBoolean searchCancel;
    private String searchCut;

    private int searchGen;

    /** Starts loading the children of {@code item} (normally triggered by expanding it). */
    public void load(LiveTreeItem item) {
        if (disposed) return;
        TreeEntry e = item.getValue();
        if (e == null || !e.expandable() || e.kind() == TreeEntry.Kind.MISSING) return;
        Connection c = connections.get(e.profile().name());
        if (c == null) return;
        cancel(item);
        int gen = ++item.generation;
        item.state = LiveTreeItem.State.LOADING;
        FxProgress progress = new FxProgress(executor.fx());
        item.progress = progress;
        LiveTreeItem status = new LiveTreeItem(TreeEntry.loading("Loading…"));
        progress.messageProperty().addListener((o, a, msg) -> {
            if (item.status == status && msg != null && !msg.isBlank()) status.setValue(TreeEntry.loading(msg + "…"));
        });
        item.loaded = null;
        item.status = status;
        refilter(item);
        loadingCount.set(loadingCount.get() + 1);
        LiveNode parent = e.kind() == TreeEntry.Kind.NODE ? e.node() : null;
        ConnectionProfile profile = c.profile;
        Tasks.create(() -> {
            List<LiveNode> nodes;
            try {
                nodes = c.session().children(parent, progress);
            } catch (Exception ex) {
                c.dropSession();
                throw ex;
            }
            List<LiveTreeItem> rows = new ArrayList<>(nodes.size());
            for (LiveNode n : nodes) rows.add(newItem(TreeEntry.node(profile, n, nodeActions(c, n))));
            return rows;
        }).on(c.serial).onSuccess(rows -> {
            if (gen != item.generation || disposed) return;
            item.state = LiveTreeItem.State.LOADED;
            item.loaded = rows;
            item.status = rows.isEmpty() ? new LiveTreeItem(TreeEntry.hint("(empty)")) : null;
            item.progress = null;
            refilter(item);
            if (c.drift != null) placeMissing(c);
            expandPending(rows);
            continueReveal();
        }).onError(ex -> {
            if (gen != item.generation || disposed) return;
            item.state = LiveTreeItem.State.FAILED;
            item.loaded = null;
            item.progress = null;
            item.status = new LiveTreeItem(TreeEntry.error(UiErrors.message(ex), "Retry", () -> refresh(item)));
            refilter(item);
            continueReveal();
        }).onFinally(() -> loadingCount.set(loadingCount.get() - 1)).run(executor);
        if (e.kind() == TreeEntry.Kind.CONNECTION && c.drift == null) computeDrift(c);
    }

    /** The live actions of {@code n} on its connection's session; none when the provider fails to list them. */
    private List<dev.mlpc.core.provider.NodeAction> nodeActions(Connection c, LiveNode n) throws ProviderException {
        if (actionSource == null) return List.of();
        try {
            List<dev.mlpc.core.provider.NodeAction> a = actionSource.actions(c.session(), n);
            return a == null ? List.of() : a;
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "the actions of " + n.label() + " cannot be listed: " + ex);
            return List.of();
        }
    }

    // ---- drift --------------------------------------------------------------------------------------------------

    /** Queues the drift of {@code c} on its serial executor (after any load already queued); a newer one wins. */
    private void computeDrift(Connection c) {
        if (driftSource == null) return;
        int gen = ++c.driftGen;
        ConnectionProfile profile = c.profile;
        Tasks.create(() -> driftSource.compute(profile, c.session(), Progress.NONE))
                .on(c.serial).onSuccess(d -> {
                    if (gen != c.driftGen || disposed || connections.get(profile.name()) != c) return;
                    c.drift = d;
                    c.driftError = null;
                    placeMissing(c);
                    driftVersion.set(driftVersion.get() + 1);
                }).onError(ex -> {
                    if (gen != c.driftGen || disposed || connections.get(profile.name()) != c) return;
                    LOG.log(System.Logger.Level.INFO, "drift of " + profile.name() + ": " + UiErrors.message(ex));
                    c.drift = null;
                    c.driftError = UiErrors.message(ex);
                    placeMissing(c);
                    driftVersion.set(driftVersion.get() + 1);
                }).run(executor);
    }

    /**
     * Puts each missing stack resource of {@code c} under the loaded row that would list it, the others in the
     * connection's "Missing" folder; and each {@link Drift#unlisted() unlisted} one under that row when it is loaded.
     * Walks the connection's loaded rows once.
     */
    private void placeMissing(Connection c) {
        LiveTreeItem conn = root.loadedChildren().stream()
                .filter(i -> i.getValue().kind() == TreeEntry.Kind.CONNECTION && i.getValue().profile().name().equals(c.profile.name()))
                .findFirst().orElse(null);
        if (conn == null) return;
        Map<String, LiveTreeItem> listed = new java.util.HashMap<>();
        Set<LiveTreeItem> changed = new java.util.LinkedHashSet<>();
        if (!conn.missing.isEmpty()) changed.add(conn);
        List<LiveTreeItem> stack = new ArrayList<>(conn.loadedChildren());
        while (!stack.isEmpty()) {
            LiveTreeItem i = stack.remove(stack.size() - 1);
            if (!i.missing.isEmpty()) changed.add(i);
            i.missing = List.of();
            if (i.getValue().kind() != TreeEntry.Kind.NODE) continue;
            if (i.state == LiveTreeItem.State.LOADED) listed.put(i.getValue().node().path(), i);
            stack.addAll(i.loadedChildren());
        }
        Map<LiveTreeItem, List<LiveTreeItem>> under = new LinkedHashMap<>();
        List<LiveTreeItem> folder = new ArrayList<>();
        if (c.drift != null) {
            for (Drift.Missing m : c.drift.missing()) {
                LiveTreeItem parent = m.parentPath() == null ? null : listed.get(m.parentPath());
                LiveTreeItem row = newItem(TreeEntry.missing(c.profile, m));
                if (parent == null) folder.add(row);
                else under.computeIfAbsent(parent, k -> new ArrayList<>()).add(row);
            }
            // live, but listed by no node: shown, with its mark, once the row that would list it is loaded
            for (Drift.Missing m : c.drift.unlisted()) {
                LiveTreeItem parent = m.parentPath() == null ? null : listed.get(m.parentPath());
                if (parent != null) under.computeIfAbsent(parent, k -> new ArrayList<>()).add(newItem(TreeEntry.missing(c.profile, m)));
            }
        }
        under.forEach((item, rows) -> {
            item.missing = List.copyOf(rows);
            changed.add(item);
        });
        if (folder.isEmpty()) {
            conn.missing = List.of();
        } else {
            LiveTreeItem f = newItem(TreeEntry.missingFolder(c.profile, folder.size()));
            f.state = LiveTreeItem.State.LOADED;
            f.loaded = folder;
            boolean wasExpanded = conn.missing.stream().anyMatch(TreeItem::isExpanded);
            f.setExpanded(wasExpanded);
            conn.missing = List.of(f);
            changed.add(conn);
        }
        if (!needle.isEmpty()) refilter();
        else changed.forEach(this::refilter);
    }

    private void addConnection() {
        Runnable r = onAddConnection.get();
        if (r != null) r.run();
    }

    private LiveTreeItem newItem(TreeEntry entry) {
        LiveTreeItem item = new LiveTreeItem(entry);
        if (entry.expandable()) {
            item.expandedProperty().addListener((o, was, now) -> {
                if (now && item.state == LiveTreeItem.State.UNLOADED) load(item);
            });
        }
        return item;
    }

    private void expandPending(List<LiveTreeItem> rows) {
        if (pendingExpand.isEmpty()) return;
        for (LiveTreeItem r : rows) {
            String key = r.getValue().key();
            if (key != null && pendingExpand.remove(key)) r.setExpanded(true);
        }
    }

    private static void collectExpanded(LiveTreeItem item, Set<String> into) {
        if (item.getValue() != null && item.getValue().key() != null && item.isExpanded()) into.add(item.getValue().key());
        for (LiveTreeItem c : item.loadedChildren()) {
            if (c.isExpanded()) collectExpanded(c, into);
        }
    }

    private static void cancel(LiveTreeItem item) {
        if (item.progress != null) {
            item.progress.cancel();
            item.progress = null;
        }
    }

    private void closeAll() {
        for (LiveTreeItem r : root.loadedChildren()) cancel(r);
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    // ---- filter -------------------------------------------------------------------------------------------------

    /**
     * After the children of {@code item} changed: without a filter only that row's children are recomputed (cheap
     * even when other rows hold 100,000 children), with one the whole tree, since matches may appear or vanish.
     */
    private void refilter(LiveTreeItem item) {
        if (needle.isEmpty() && item != root) {
            restructuring.set(true);
            try {
                refilter(item, true);
            } finally {
                restructuring.set(false);
            }
        } else {
            refilter();
        }
    }

    /** Recomputes the visible children of every loaded row from the current filter. */
    private void refilter() {
        restructuring.set(true);
        try {
            refilterAll();
        } finally {
            restructuring.set(false);
        }
    }

    private void refilterAll() {
        boolean any = refilter(root, false);
        List<TreeItem<TreeEntry>> top = new ArrayList<>(root.getChildren());
        boolean hasRows = top.stream().anyMatch(i -> i != noMatch);
        if (!needle.isEmpty() && !any && !hasRows && !searchShowing) {
            noMatch.setValue(TreeEntry.hint("Nothing loaded matches “" + filter.get().strip() + "”"));
            root.getChildren().setAll(List.of(noMatch));
        }
    }

    /**
     * Sets the visible children of {@code item}; returns whether {@code item} or a loaded descendant matches.
     * A row is shown when it matches, when a descendant matches (ancestors of matches stay), or when an ancestor
     * matches (the subtree of a match stays whole).
     */
    private boolean refilter(LiveTreeItem item, boolean ancestorMatched) {
        boolean self = item != root && item.getValue().matches(needle);
        if (!item.hasChildRows && item.loaded == null && item.status == null && item.missing.isEmpty()) return self;
        boolean under = needle.isEmpty() || ancestorMatched || self;
        boolean anyDescendant = false;
        List<TreeItem<TreeEntry>> visible = new ArrayList<>(item.loadedChildren().size() + 1);
        for (LiveTreeItem c : item.loadedChildren()) {
            boolean has = refilter(c, under);
            if (under || has) visible.add(c);
            anyDescendant |= has;
        }
        for (LiveTreeItem m : item.missing) {
            boolean has = refilter(m, under);
            if (under || has) visible.add(m);
            anyDescendant |= has;
        }
        if (item.status != null && (under || item == root)) visible.add(item.status);
        if (!sameItems(item.getChildren(), visible)) item.getChildren().setAll(visible);
        item.hasChildRows = !visible.isEmpty();
        return self || anyDescendant;
    }

    private static boolean sameItems(List<TreeItem<TreeEntry>> a, List<TreeItem<TreeEntry>> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) return false;
        }
        return true;
    }

    // ---- sessions -----------------------------------------------------------------------------------------------

    /** One connection's session and the serial executor every call on it goes through. */
    private final class Connection {
        final ConnectionProfile profile;
        final SerialExecutor serial;
        /** Touched only on {@link #serial}. */
        private ProviderSession session;
        /** The latest drift, its generation and why it failed; touched on the UI thread. */
        Drift drift;
        int driftGen;
        String driftError;

        Connection(ConnectionProfile profile) {
            this.profile = profile;
            this.serial = new SerialExecutor(executor.background());
        }

        ProviderSession session() throws ProviderException {
            if (session == null) session = sessions.open(profile);
            return session;
        }

        void dropSession() {
            if (session == null) return;
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing session of " + profile.name() + ": " + e.getMessage());
            }
            session = null;
        }

        void close() {
            try {
                serial.execute(this::dropSession);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "executor already stopped; session of " + profile.name() + " closes with the JVM");
            }
        }
    }
}
