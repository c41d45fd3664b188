package dev.mlpc.ui.stacks;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The view model of the Stacks view: the stacks of the config repository at head ({@link StackCatalog#load}) and
 * their drift ({@link StackCatalog#drift}: one bulk read per connection), with progress and cancel. All work runs on
 * the background executor; results arrive on the UI thread of the {@link UiExecutor}. No window: tested with a
 * stand-in UI thread.
 */
public final class StacksViewModel {
    private final Supplier<StackCatalog> catalog;
    private final UiExecutor executor;
    private final ObservableList<StackRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> connectionNames = FXCollections.observableArrayList();
    private final ObjectProperty<StackRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty unboundConnection = new SimpleStringProperty(this, "unboundConnection");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking", false);
    private final ReadOnlyObjectWrapper<FxProgress> driftProgress = new ReadOnlyObjectWrapper<>(this, "driftProgress");
    private final ReadOnlyObjectWrapper<StackCatalog.DriftReport> lastDrift = new ReadOnlyObjectWrapper<>(this, "lastDrift");
    private int generation;
    private int driftGeneration;
    private long loadMillis;

    /**
     * @param catalog  the catalog over the workbench (null while the console is starting)
     * @param executor the background executor and the UI thread
     */
    public StacksViewModel(Supplier<StackCatalog> catalog, UiExecutor executor) {
        this.catalog = Objects.requireNonNull(catalog);
        this.executor = Objects.requireNonNull(executor);
    }

    /** The stacks, sorted by name. */
    public ObservableList<StackRow> rows() { return rows; }

    /** The configured connections' names: the choices for unbound stacks. */
    public ObservableList<String> connectionNames() { return connectionNames; }

    /** The selected stack. */
    public ObjectProperty<StackRow> selectedProperty() { return selected; }

    /** The connection the user picked for the stacks without a {@code target:} (null: they are not checked). */
    public StringProperty unboundConnectionProperty() { return unboundConnection; }

    /** A summary: how many stacks, drift totals, or why there are none. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** The last failure, empty when fine. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** True while the list is read. */
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    /** True while drift is computed. */
    public ReadOnlyBooleanProperty checkingProperty() { return checking.getReadOnlyProperty(); }

    /** The progress of the running drift check (null when none runs). */
    public ReadOnlyObjectProperty<FxProgress> driftProgressProperty() { return driftProgress.getReadOnlyProperty(); }

    /** The last drift check's report (queries per connection), null before one finished. */
    public ReadOnlyObjectProperty<StackCatalog.DriftReport> lastDriftProperty() { return lastDrift.getReadOnlyProperty(); }

    /** How long the last list read took, in ms. */
    public long loadMillis() { return loadMillis; }

    /** The background executor and the UI thread the view's work runs on. */
    public UiExecutor executor() { return executor; }

    /** The catalog, or null while the console is starting. */
    public StackCatalog catalog() { return catalog.get(); }

    /** The row of a stack, if listed. */
    public StackRow row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Reads the stacks and the connections again; then, when {@code thenDrift}, checks drift. The selection stays on
     * the same stack when it is still listed.
     */
    public void refresh(boolean thenDrift) {
        StackCatalog c = catalog.get();
        if (c == null) {
            status.set("The console is still starting.");
            return;
        }
        int gen = ++generation;
        cancelDrift();
        loading.set(true);
        record Loaded(List<StackRow> rows, List<String> connections, String connectionError, long millis) { }
        Tasks.create(() -> {
            long t0 = System.nanoTime();
            List<StackRow> list = c.load();
            List<String> names = new ArrayList<>();
            String connectionError = null;
            try {
                c.connections().stream().map(ConnectionProfile::name).forEach(names::add);
            } catch (Exception e) {
                connectionError = "connections.yaml has problems, drift cannot be checked: " + UiErrors.message(e);
            }
            return new Loaded(list, names, connectionError, (System.nanoTime() - t0) / 1_000_000);
        }).onSuccess(l -> {
            if (gen != generation) return;
            loadMillis = l.millis();
            String keep = selected.get() == null ? null : selected.get().name();
            // the choice for unbound stacks is kept across refreshes; only a connection that is gone drops it
            // (not one that could not be listed because connections.yaml has problems)
            if (!connectionNames.equals(l.connections()) && l.connectionError() == null) connectionNames.setAll(l.connections());
            if (unboundConnection.get() != null && l.connectionError() == null
                    && !l.connections().contains(unboundConnection.get())) {
                unboundConnection.set(null);
            }
            rows.setAll(l.rows());
            selected.set(keep == null ? null : row(keep));
            error.set(l.connectionError() == null ? "" : l.connectionError());
            status.set(summary());
            if (thenDrift && l.connectionError() == null && !l.rows().isEmpty()) checkDrift();
        }).onError(e -> {
            if (gen != generation) return;
            error.set("Cannot read the config repository: " + UiErrors.message(e));
            status.set("");
        }).onFinally(() -> {
            if (gen == generation) loading.set(false);
        }).run(executor);
    }

    /**
     * Computes the drift of every listed stack against its connection on the background executor (one bulk read
     * per connection), with progress; {@link #cancelDrift()} stops it between and inside reads.
     */
    public void checkDrift() {
        StackCatalog c = catalog.get();
        if (c == null || rows.isEmpty()) return;
        cancelDrift();
        int gen = ++driftGeneration;
        List<StackRow> snapshot = List.copyOf(rows);
        String unbound = unboundConnection.get();
        String keep = selectedName();
        for (int i = 0; i < rows.size(); i++) {
            StackRow r = rows.get(i);
            String conn = StackCatalog.connectionOf(r, unbound);
            if (conn != null && r.stack() != null) rows.set(i, r.withDrift(StackDrift.checking(conn)));
        }
        reselect(keep);
        FxProgress progress = new FxProgress(executor.fx());
        driftProgress.set(progress);
        checking.set(true);
        status.set("Checking drift…");
        Tasks.create(() -> c.drift(snapshot, unbound, progress)).onSuccess(report -> {
            if (gen != driftGeneration) return;
            apply(report.byStack());
            lastDrift.set(report);
            status.set(summary() + driftSummary(report));
        }).onError(e -> {
            if (gen != driftGeneration) return;
            apply(Map.of());
            error.set("Drift could not be checked: " + UiErrors.message(e));
        }).onFinally(() -> {
            if (gen != driftGeneration) return;
            checking.set(false);
            driftProgress.set(null);
        }).run(executor);
    }

    /** Cancels a running drift check: the stacks not read yet say "not checked — cancelled". */
    public void cancelDrift() {
        FxProgress p = driftProgress.get();
        if (p != null) {
            p.cancel();
            status.set("Cancelling the drift check…");
        }
    }

    private void apply(Map<String, StackDrift> drift) {
        String keep = selectedName();
        for (int i = 0; i < rows.size(); i++) {
            StackRow r = rows.get(i);
            StackDrift d = drift.get(r.name());
            if (d != null) rows.set(i, r.withDrift(d));
            else if (r.drift().kind() == StackDrift.Kind.CHECKING) rows.set(i, r.withDrift(StackDrift.notChecked("the check failed")));
        }
        reselect(keep);
    }

    private String selectedName() {
        StackRow s = selected.get();
        return s == null ? null : s.name();
    }

    /**
     * Selects the row of the stack named {@code name} (taken before the rows were replaced) again: replacing a row
     * clears a table's selection of it, which the view passes on as "nothing selected", so the name is remembered
     * first (review: Ctrl+D lost the selection and turned Plan/Apply/Edit/History/Export off).
     */
    private void reselect(String name) {
        if (name != null) selected.set(row(name));
    }

    private String summary() {
        if (rows.isEmpty()) return "No stacks yet: finish a wizard or run mlpc commit to record one.";
        long unbound = rows.stream().filter(r -> r.target() == null).count();
        return rows.size() + (rows.size() == 1 ? " stack" : " stacks") + (unbound == 0 ? "" : " (" + unbound + " unbound)");
    }

    private static String driftSummary(StackCatalog.DriftReport report) {
        long changed = report.byStack().values().stream().filter(d -> d.kind() == StackDrift.Kind.CHANGES).count();
        long synced = report.byStack().values().stream().filter(d -> d.kind() == StackDrift.Kind.IN_SYNC).count();
        StringBuilder b = new StringBuilder("; ").append(synced).append(" in sync, ").append(changed).append(" with changes");
        if (!report.queries().isEmpty()) {
            b.append("; read ");
            List<String> parts = new ArrayList<>();
            report.queries().forEach((k, v) -> parts.add(k + " in " + v + (v == 1 ? " query" : " queries")));
            b.append(String.join(", ", parts));
        }
        if (report.cancelled()) b.append(" (cancelled)");
        return b.toString();
    }
}
