package dev.mlpc.ui.history;

import dev.mlpc.app.VersionDiff;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;

/**
 * The view model of the history view: the commits of the config repository, newest first, and for the selected
 * commit its full message, trailers and unified diff. Loads on the background executor; results arrive on the UI
 * thread. A selection that changed while its diff was loading drops the outdated diff.
 */
public final class HistoryViewModel {
    /** How many commits the view lists. */
    public static final int MAX_COMMITS = 500;

    /** Opens the config repository; the application passes {@code workbench::repository}. */
    @FunctionalInterface
    public interface RepositorySource {
        ConfigRepository open() throws Exception;
    }

    private final RepositorySource source;
    private final UiExecutor executor;
    private final ObservableList<CommitInfo> commits = FXCollections.observableArrayList();
    private final ObservableList<String> diffLines = FXCollections.observableArrayList();
    private final ObjectProperty<CommitInfo> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper diffLoading = new ReadOnlyBooleanWrapper(this, "diffLoading", false);
    private final ReadOnlyObjectWrapper<VersionDiff> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyBooleanWrapper comparing = new ReadOnlyBooleanWrapper(this, "comparing", false);
    private final ReadOnlyStringWrapper compareError = new ReadOnlyStringWrapper(this, "compareError", "");
    private final VersionService versions;
    private int compareGeneration;
    /** Opened on first use and kept (instances are thread-safe); closed by {@link #dispose()}. */
    private ConfigRepository repository;
    private int logGeneration;
    private int diffGeneration;

    public HistoryViewModel(RepositorySource source, UiExecutor executor) {
        this(source, executor, null);
    }

    /**
     * @param versions compare and roll back (the application passes {@code VersionService.of(workbench)}); null: the
     *                 view offers neither
     */
    public HistoryViewModel(RepositorySource source, UiExecutor executor, VersionService versions) {
        this.source = Objects.requireNonNull(source);
        this.executor = Objects.requireNonNull(executor);
        this.versions = versions;
        selected.addListener((o, a, b) -> loadDiff(b));
        stackFilter.addListener((o, a, b) -> {
            if (!Objects.equals(a, b)) refresh();
        });
    }

    /** Compare and roll back, or null when this view offers neither. */
    public VersionService versions() { return versions; }

    /** The executor the view's work runs on. */
    public UiExecutor executor() { return executor; }

    /** The last comparison shown (null before any). */
    public ReadOnlyObjectProperty<VersionDiff> comparisonProperty() { return comparison.getReadOnlyProperty(); }

    /** True while a comparison is being computed. */
    public ReadOnlyBooleanProperty comparingProperty() { return comparing.getReadOnlyProperty(); }

    /** Why the last comparison could not be made, empty when fine. */
    public ReadOnlyStringProperty compareErrorProperty() { return compareError.getReadOnlyProperty(); }

    /** The stack a commit records a version of (its {@code Stack:} trailer), or empty for other commits. */
    public static String stackOf(CommitInfo c) {
        return trailer(c, "Stack");
    }

    /** Why two picked commits cannot be compared, or null when they can: two commits of one stack. */
    public static String compareProblem(List<CommitInfo> picked) {
        if (picked == null || picked.size() != 2) return "Select two commits of one stack to compare them.";
        String a = stackOf(picked.get(0));
        String b = stackOf(picked.get(1));
        if (a.isEmpty() || b.isEmpty()) return "Both commits must be versions of a stack (they have a Stack: trailer).";
        if (!a.equals(b)) return "The commits are versions of different stacks (" + a + ", " + b + "): pick two of one stack.";
        return null;
    }

    /** Why a commit cannot be rolled back to, or null when it can. */
    public String rollbackProblem(CommitInfo c) {
        if (versions == null) return "Rolling back is not available here.";
        if (c == null) return "Select a commit of a stack to roll back to.";
        if (stackOf(c).isEmpty()) return "Commit " + c.shortId() + " is not a version of a stack.";
        return null;
    }

    /**
     * Compares two commits of one stack, the older (lower in the list, newest first) against the newer; the result
     * arrives in {@link #comparisonProperty()}, a failure in {@link #compareErrorProperty()}.
     */
    public void compare(List<CommitInfo> picked) {
        String problem = versions == null ? "Comparing is not available here." : compareProblem(picked);
        int gen = ++compareGeneration;
        if (problem != null) {
            compareError.set(problem);
            return;
        }
        CommitInfo a = picked.get(0);
        CommitInfo b = picked.get(1);
        int ia = commits.indexOf(a);
        int ib = commits.indexOf(b);
        boolean aOlder = ia >= 0 && ib >= 0 ? ia > ib : a.when().isBefore(b.when());
        CommitInfo older = aOlder ? a : b;
        CommitInfo newer = aOlder ? b : a;
        String stack = stackOf(a);
        comparing.set(true);
        compareError.set("");
        Tasks.create(() -> versions.compare(stack, older.id(), newer.id())).onSuccess(d -> {
            if (gen != compareGeneration) return;
            comparison.set(d);
        }).onError(e -> {
            if (gen != compareGeneration) return;
            compareError.set("Cannot compare " + older.shortId() + " with " + newer.shortId() + ": " + UiErrors.message(e));
        }).onFinally(() -> {
            if (gen == compareGeneration) comparing.set(false);
        }).run(executor);
    }

    /** Splits a unified diff into lines (no trailing empty line). */
    public static List<String> lines(String diff) {
        if (diff == null || diff.isEmpty()) return List.of();
        List<String> l = List.of(diff.split("\r?\n", -1));
        return !l.isEmpty() && l.get(l.size() - 1).isEmpty() ? l.subList(0, l.size() - 1) : l;
    }

    /** Commits, newest first. */
    public ObservableList<CommitInfo> commits() { return commits; }

    /** The selected commit's unified diff, one entry per line. */
    public ObservableList<String> diffLines() { return diffLines; }

    /** The selected commit (the view binds its table selection to it). */
    public ObjectProperty<CommitInfo> selectedProperty() { return selected; }

    /** A one-line summary: how many commits, or why there are none. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** The last failure (reading the log or a diff), empty when fine. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** True while the log is being read. */
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    /** True while the selected commit's diff is being computed. */
    public ReadOnlyBooleanProperty diffLoadingProperty() { return diffLoading.getReadOnlyProperty(); }

    /** Reads the log again; the selection stays on the same commit when it is still listed. */
    public void refresh() {
        int gen = ++logGeneration;
        loading.set(true);
        String only = stackFilter.get();
        Tasks.create(() -> {
            return only == null ? repository().log(MAX_COMMITS) : stackLog(repository(), only);
        }).onSuccess(list -> {
            if (gen != logGeneration) return;
            String keep = selected.get() == null ? null : selected.get().id();
            commits.setAll(list);
            error.set("");
            status.set(list.isEmpty() ? (only != null ? "No commits of stack " + only + "."
                    : "No commits yet: finish a wizard or run mlpc commit to record a stack.")
                    : list.size() + (list.size() == 1 ? " commit" : " commits")
                      + (list.size() >= MAX_COMMITS ? " (newest " + MAX_COMMITS + ")" : "")
                      + (only == null ? "" : " of stack " + only));
            CommitInfo again = keep == null ? null : list.stream().filter(c -> c.id().equals(keep)).findFirst().orElse(null);
            if (again == null && keep != null) selected.set(null);
            else if (again != null && again != selected.get()) selected.set(again);
        }).onError(e -> {
            if (gen != logGeneration) return;
            error.set("Cannot read the config repository: " + UiErrors.message(e));
            status.set("");
        }).onFinally(() -> {
            if (gen == logGeneration) loading.set(false);
        }).run(executor);
    }

    /** Closes the repository this view model opened. */
    public void dispose() {
        ConfigRepository old = swap(null);
        if (old != null) old.close();
    }

    private synchronized ConfigRepository swap(ConfigRepository next) {
        ConfigRepository old = repository;
        repository = next;
        return old;
    }

    /** The repository, opened on first use (a failed open is retried by the next call). */
    private synchronized ConfigRepository repository() throws Exception {
        if (repository == null) repository = source.open();
        return repository;
    }

    /** The full commit message followed by nothing else (trailers are part of the message in git). */
    public static String fullMessage(CommitInfo c) {
        return c == null ? "" : c.message().strip();
    }

    /** A trailer value of a commit, or empty. */
    public static String trailer(CommitInfo c, String key) {
        if (c == null || c.trailers() == null) return "";
        String v = c.trailers().get(key);
        if (v != null) return v;
        return c.trailers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(java.util.Map.Entry::getValue).findFirst().orElse("");
    }

    private void loadDiff(CommitInfo c) {
        int gen = ++diffGeneration;
        diffLines.clear();
        if (c == null) {
            diffLoading.set(false);
            return;
        }
        diffLoading.set(true);
        String id = c.id();
        Tasks.create(() -> {
            String diff = repository().diff(id);
            return List.of(diff.split("\r?\n", -1));
        }).onSuccess(lines -> {
            if (gen != diffGeneration) return;
            List<String> l = lines;
            if (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) l = l.subList(0, l.size() - 1);
            diffLines.setAll(l);
        }).onError(e -> {
            if (gen != diffGeneration) return;
            diffLines.setAll(List.of("(cannot show the diff: " + UiErrors.message(e) + ")"));
        }).onFinally(() -> {
            if (gen == diffGeneration) diffLoading.set(false);
        }).run(executor);
    }

    // ---- one stack's history (the Stacks view's History) ------------------------------------------------------

    private final ObjectProperty<String> stackFilter = new SimpleObjectProperty<>(this, "stackFilter");

    /**
     * The stack whose commits the history lists (the commits whose {@code Stack:} trailer names it), or null for all
     * commits; changing it reads the history again.
     */
    public ObjectProperty<String> stackFilterProperty() { return stackFilter; }

    /** The newest {@link #MAX_COMMITS} commits whose {@code Stack:} trailer names {@code stack}. */
    private static List<CommitInfo> stackLog(ConfigRepository repo, String stack) throws Exception {
        return repo.log(0).stream().filter(c -> stack.equals(c.trailer("Stack"))).limit(MAX_COMMITS).toList();
    }
}
