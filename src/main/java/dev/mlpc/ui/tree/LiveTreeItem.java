package dev.mlpc.ui.tree;

import dev.mlpc.ui.FxProgress;
import javafx.scene.control.TreeItem;

import java.util.List;

/**
 * A tree row that knows its loading state. The loaded children are kept apart from {@link #getChildren()}, which
 * holds what the filter lets through, so filtering never reloads anything. Plain object until attached to a visible
 * tree: the model builds lists of these on a background thread and attaches them on the UI thread in one go.
 */
public final class LiveTreeItem extends TreeItem<TreeEntry> {
    /** Where the children of this row are. */
    public enum State { UNLOADED, LOADING, LOADED, FAILED }

    State state = State.UNLOADED;
    /** Incremented on every (re)load, so results of an outdated load are dropped. */
    int generation;
    /** Loaded children, or null before loading. */
    List<LiveTreeItem> loaded;
    /** A status row (loading / error / empty) shown after the loaded children, or null. */
    LiveTreeItem status;
    /** Progress of the load in flight, cancelled when the row is refreshed or the tree disposed. */
    FxProgress progress;
    /**
     * Rows of stack resources missing live that this row would list (and, on a connection row, its "Missing"
     * folder), shown after the loaded children; empty without drift.
     */
    List<LiveTreeItem> missing = List.of();
    /** False while {@link #getChildren()} is known to be empty, so filtering skips the (lazily created) list. */
    boolean hasChildRows;

    /** True for the hidden root, which always has rows below it. */
    private final boolean root;

    LiveTreeItem(TreeEntry entry) {
        this(entry, false);
    }

    LiveTreeItem(TreeEntry entry, boolean root) {
        super(entry);
        this.root = root;
    }

    @Override
    public boolean isLeaf() {
        if (root) return false;
        TreeEntry e = getValue();
        return e == null || !e.expandable();
    }

    /** The loading state of this row's children. */
    public State state() { return state; }

    /** The children loaded so far (unfiltered), empty before loading. */
    public List<LiveTreeItem> loadedChildren() {
        return loaded == null ? List.of() : loaded;
    }

    /** The rows of missing stack resources shown under this row (see {@link TreeEntry.Kind#MISSING}). */
    public List<LiveTreeItem> missingRows() { return missing; }

    /** The current status row (loading, error, empty), if any. */
    public LiveTreeItem statusRow() { return status; }
}
