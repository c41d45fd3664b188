package dev.mlpc.ui.registry;

import dev.mlpc.registry.Page;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keyset paging over one registry listing: the items of the current page, the cursor that produced it, the cursor of
 * the next page and a stack of the cursors of the pages before (so Previous goes back without offsets). Loads run on
 * the background executor; a load started later wins over one still in flight. Every method runs on the UI thread.
 *
 * @param <T> the listed record
 */
public final class Pager<T> {
    /** Loads the page that starts after {@code cursor} (null: the first page). Runs on a background thread. */
    @FunctionalInterface
    public interface Loader<T> {
        Page<T> load(String cursor) throws Exception;
    }

    private final UiExecutor executor;
    private final ObservableList<T> items = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(this, "hasNext", false);
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(this, "hasPrevious", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyIntegerWrapper pageNumber = new ReadOnlyIntegerWrapper(this, "pageNumber", 0);
    /** Cursors of the pages before the current one, oldest first (null is the first page). */
    private List<String> before = new ArrayList<>();
    private String current;
    private String next;
    private Loader<T> loader;
    private int generation;
    private boolean replacing;
    private Consumer<? super Throwable> onError = e -> { };
    private Runnable onLoaded = () -> { };

    public Pager(UiExecutor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    /** Called with the failure of a load (the page shown stays as it was). */
    public void setOnError(Consumer<? super Throwable> c) { onError = Objects.requireNonNull(c); }

    /** Called after a page has replaced the items. */
    public void setOnLoaded(Runnable r) { onLoaded = Objects.requireNonNull(r); }

    /** The items of the current page. */
    public ObservableList<T> items() { return items; }

    public ReadOnlyBooleanProperty hasNextProperty() { return hasNext.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty hasPreviousProperty() { return hasPrevious.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    /** 1 for the first page, 0 while nothing is loaded. */
    public ReadOnlyIntegerProperty pageNumberProperty() { return pageNumber.getReadOnlyProperty(); }

    /** The cursor the current page was loaded with (null: the first page). */
    public String currentCursor() { return current; }

    /** The cursor of the next page, null on the last page. */
    public String nextCursor() { return next; }

    /** The stack of cursors Previous goes back through, oldest first. */
    public List<String> previousCursors() { return java.util.Collections.unmodifiableList(new ArrayList<>(before)); }

    /** True while the items are being replaced (a selection that empties then is not a user's choice). */
    public boolean replacing() { return replacing; }

    /** Starts over on the first page of {@code source}. */
    public void first(Loader<T> source) {
        loader = Objects.requireNonNull(source);
        load(null, new ArrayList<>());
    }

    /** The following page, if any. */
    public void next() {
        if (loader == null || next == null || loading.get()) return;
        List<String> stack = new ArrayList<>(before);
        stack.add(current);
        load(next, stack);
    }

    /** The page before, if any. */
    public void previous() {
        if (loader == null || before.isEmpty() || loading.get()) return;
        List<String> stack = new ArrayList<>(before);
        String cursor = stack.remove(stack.size() - 1);
        load(cursor, stack);
    }

    /** Loads the current page again (after a change). */
    public void reload() {
        if (loader == null) return;
        load(current, new ArrayList<>(before));
    }

    /** Forgets the listing and its items; results still in flight are dropped. */
    public void clear() {
        generation++;
        loader = null;
        before = new ArrayList<>();
        current = null;
        next = null;
        loading.set(false);
        replace(List.of());
        hasNext.set(false);
        hasPrevious.set(false);
        pageNumber.set(0);
    }

    private void load(String cursor, List<String> stack) {
        int gen = ++generation;
        Loader<T> source = loader;
        loading.set(true);
        Tasks.create(() -> source.load(cursor)).onSuccess(page -> {
            if (gen != generation) return;
            before = stack;
            current = cursor;
            next = page.next();
            replace(page.items());
            hasNext.set(next != null);
            hasPrevious.set(!before.isEmpty());
            pageNumber.set(before.size() + 1);
            onLoaded.run();
        }).onError(e -> {
            if (gen == generation) onError.accept(e);
        }).onFinally(() -> {
            if (gen == generation) loading.set(false);
        }).run(executor);
    }

    private void replace(List<T> list) {
        replacing = true;
        try {
            items.setAll(list);
        } finally {
            replacing = false;
        }
    }
}
