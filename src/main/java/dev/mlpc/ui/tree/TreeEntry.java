package dev.mlpc.ui.tree;

import dev.mlpc.app.Drift;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one row of the live resource tree shows: a connection, a live node of that connection, or a status row
 * (loading, error, hint). Immutable; a row changes by getting a new entry.
 */
public final class TreeEntry {
    /** The kinds of rows. */
    public enum Kind {
        /** The root of one connection profile. */
        CONNECTION,
        /** A node the provider listed. */
        NODE,
        /** Children are being loaded. */
        LOADING,
        /** Loading failed; the text is the reason. */
        ERROR,
        /** A hint (no connections, nothing matches, no children), optionally with an action. */
        HINT,
        /**
         * A stack resource that is not in the live system (greyed, under the node that would list it), or the
         * connection's "Missing" folder for those whose parent is not loaded or does not exist.
         */
        MISSING
    }

    private final Kind kind;
    private final ConnectionProfile profile;
    private final LiveNode node;
    private final String text;
    private final String lowerText;
    private final String actionLabel;
    private final Runnable action;
    private final Drift.Missing missing;
    private final List<NodeAction> nodeActions;

    private TreeEntry(Kind kind, ConnectionProfile profile, LiveNode node, String text, String actionLabel, Runnable action) {
        this(kind, profile, node, text, actionLabel, action, null, List.of());
    }

    private TreeEntry(Kind kind, ConnectionProfile profile, LiveNode node, String text, String actionLabel, Runnable action,
                      Drift.Missing missing) {
        this(kind, profile, node, text, actionLabel, action, missing, List.of());
    }

    private TreeEntry(Kind kind, ConnectionProfile profile, LiveNode node, String text, String actionLabel, Runnable action,
                      Drift.Missing missing, List<NodeAction> nodeActions) {
        this.nodeActions = List.copyOf(nodeActions);
        this.missing = missing;
        this.kind = kind;
        this.profile = profile;
        this.node = node;
        this.text = text == null ? "" : text;
        this.lowerText = this.text.toLowerCase(Locale.ROOT);
        this.actionLabel = actionLabel;
        this.action = action;
    }

    /** The root row of a connection. */
    public static TreeEntry connection(ConnectionProfile p) {
        return new TreeEntry(Kind.CONNECTION, Objects.requireNonNull(p), null, p.name(), null, null);
    }

    /** A live node of connection {@code p}. */
    public static TreeEntry node(ConnectionProfile p, LiveNode n) {
        return new TreeEntry(Kind.NODE, p, Objects.requireNonNull(n), n.label(), null, null);
    }

    /** A live node of connection {@code p} with the live actions its provider offers on it (the context menu's). */
    public static TreeEntry node(ConnectionProfile p, LiveNode n, List<NodeAction> actions) {
        return new TreeEntry(Kind.NODE, p, Objects.requireNonNull(n), n.label(), null, null, null,
                actions == null ? List.of() : actions);
    }

    /** A stack resource of connection {@code p} that is missing live. */
    public static TreeEntry missing(ConnectionProfile p, Drift.Missing m) {
        return new TreeEntry(Kind.MISSING, Objects.requireNonNull(p), null, m.resource().name(), null, null, m);
    }

    /** The "Missing" folder of connection {@code p}. */
    public static TreeEntry missingFolder(ConnectionProfile p, int count) {
        return new TreeEntry(Kind.MISSING, Objects.requireNonNull(p), null, "Missing (" + count + ")", null, null, null);
    }

    /** A "Loading…" row. */
    public static TreeEntry loading(String text) {
        return new TreeEntry(Kind.LOADING, null, null, text, null, null);
    }

    /** An error row with the reason. */
    public static TreeEntry error(String message) {
        return new TreeEntry(Kind.ERROR, null, null, message, null, null);
    }

    /** An error row with the reason and an action (e.g. "Retry"). */
    public static TreeEntry error(String message, String actionLabel, Runnable action) {
        return new TreeEntry(Kind.ERROR, null, null, message, actionLabel, action);
    }

    /** A hint row without an action. */
    public static TreeEntry hint(String text) {
        return new TreeEntry(Kind.HINT, null, null, text, null, null);
    }

    /** A hint row with a clickable action (e.g. "Add connection…"). */
    public static TreeEntry hint(String text, String actionLabel, Runnable action) {
        return new TreeEntry(Kind.HINT, null, null, text, actionLabel, action);
    }

    public Kind kind() { return kind; }

    /** The connection this row belongs to (null for status rows). */
    public ConnectionProfile profile() { return profile; }

    /** The live node (only for {@link Kind#NODE}). */
    public LiveNode node() { return node; }

    /**
     * The live actions the node's provider offers on it ({@link NodeAction}), listed when the row was loaded; empty
     * for other rows.
     */
    public List<NodeAction> nodeActions() { return nodeActions; }

    /** The missing stack resource of a {@link Kind#MISSING} row; null for other rows and the "Missing" folder. */
    public Drift.Missing missing() { return missing; }

    /** What the row shows. */
    public String label() { return text; }

    /** The action's label of a hint or error row, or null. */
    public String actionLabel() { return actionLabel; }

    /** The action of a hint or error row, or null. */
    public Runnable action() { return action; }

    /** Loading, error and hint rows. */
    public boolean isStatus() {
        return kind == Kind.LOADING || kind == Kind.ERROR || kind == Kind.HINT;
    }

    /** True for rows that may have children (connections, non-leaf nodes). */
    public boolean expandable() {
        return kind == Kind.CONNECTION || (kind == Kind.NODE && !node.leaf()) || (kind == Kind.MISSING && missing == null);
    }

    /** Case-insensitive label match; {@code lowerNeedle} is already lower case. */
    public boolean matches(String lowerNeedle) {
        return lowerNeedle.isEmpty() || lowerText.contains(lowerNeedle);
    }

    /** Identity of the row across reloads: connection name plus node path. */
    public String key() {
        if (kind == Kind.CONNECTION) return profile.name() + "\u0000";
        if (kind == Kind.NODE) return profile.name() + "\u0000" + node.path();
        if (kind == Kind.MISSING) {
            return profile.name() + "\u0000" + (missing == null ? "\u0000missing"
                    : Drift.missingPath(missing.parentPath(), missing.resource()));
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
