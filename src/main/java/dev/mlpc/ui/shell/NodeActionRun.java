package dev.mlpc.ui.shell;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Map;
import java.util.Objects;

/**
 * The state of one run of a live node's action (the context menu's dialog, {@link TreeActions#runAction}), without
 * a window: the chosen value, the confirmation a destructive action needs, progress and Cancel while it runs on the
 * background executor, then the outcome (message and details). Every property changes on the UI thread of the
 * {@link UiExecutor}.
 */
public final class NodeActionRun {
    /** Where a run is. */
    public enum State {
        /** Not started (or ready to run again). */
        READY,
        /** Running: progress and Cancel. */
        RUNNING,
        /** The system reported the action ended as asked. */
        SUCCEEDED,
        /** The system reported the action did not end as asked (its error in the details). */
        FAILED,
        /** The wait was cancelled; what the system started may still run (the message says). */
        CANCELLED,
        /** Refused or unreachable: nothing or not all ran; the message says why. */
        ERROR
    }

    /** What runs the action: the application passes {@link Workbench#runNodeAction}. */
    @FunctionalInterface
    public interface Runner {
        NodeAction.Outcome run(ConnectionProfile connection, LiveNode node, String actionId, String choice,
                               boolean confirmed, Progress progress) throws Exception;
    }

    private final Runner runner;
    private final UiExecutor executor;
    private final ConnectionProfile connection;
    private final LiveNode node;
    private final NodeAction action;
    private final StringProperty choice = new SimpleStringProperty(this, "choice");
    private final BooleanProperty confirmed = new SimpleBooleanProperty(this, "confirmed", false);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.READY);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ReadOnlyObjectWrapper<NodeAction.Outcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final BooleanBinding canRun;
    private FxProgress progress;
    private long generation;

    public NodeActionRun(Runner runner, UiExecutor executor, ConnectionProfile connection, LiveNode node, NodeAction action) {
        this.runner = Objects.requireNonNull(runner);
        this.executor = Objects.requireNonNull(executor);
        this.connection = Objects.requireNonNull(connection);
        this.node = Objects.requireNonNull(node);
        this.action = Objects.requireNonNull(action);
        if (!action.choices().isEmpty()) choice.set(action.choices().get(0));
        canRun = Bindings.createBooleanBinding(() -> !running.get()
                        && (action.choices().isEmpty() || action.choices().contains(choice.get()))
                        && (!action.destructive() || confirmed.get()),
                running, choice, confirmed);
    }

    public NodeAction action() { return action; }

    public LiveNode node() { return node; }

    public ConnectionProfile connection() { return connection; }

    /** The action's text without its mnemonic ({@code Synchronize now…}). */
    public String title() {
        return Workbench.actionLabel(action);
    }

    /** What the node is called in messages: its kind and label ({@code share_subscription fl-in}). */
    public String target() {
        return node.kind() + " " + node.label();
    }

    /** The chosen value, preset to the first choice; unused when the action has none. */
    public StringProperty choiceProperty() { return choice; }

    /** The user confirmed a destructive action (required before it runs). */
    public BooleanProperty confirmedProperty() { return confirmed; }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** The provider's last progress line while running. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** 0..1, or -1 while unknown. */
    public ReadOnlyDoubleProperty fractionProperty() { return fraction.getReadOnlyProperty(); }

    /** One line: what happened (the provider's outcome message, the refusal, or the cancellation). */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** The outcome's details, one {@code key: value} per line. */
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }

    /** The last outcome the provider reported, or null. */
    public ReadOnlyObjectProperty<NodeAction.Outcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }

    /** True when a run may start: not running, a valid choice, and a destructive action confirmed. */
    public BooleanBinding canRunBinding() { return canRun; }

    /**
     * Starts the action on the background executor; {@code finished} runs on the UI thread once it ended (any
     * state). Does nothing when it cannot run.
     */
    public void start(Runnable finished) {
        if (!canRun.get()) return;
        long g = ++generation;
        FxProgress p = new FxProgress(executor.fx());
        progress = p;
        p.messageProperty().addListener((o, a, b) -> {
            if (g == generation && b != null && !b.isBlank()) status.set(b);
        });
        p.fractionProperty().addListener((o, a, b) -> {
            if (g == generation) fraction.set(b.doubleValue());
        });
        String chosen = action.choices().isEmpty() ? null : choice.get();
        boolean ok = confirmed.get();
        running.set(true);
        state.set(State.RUNNING);
        outcome.set(null);
        details.set("");
        fraction.set(-1);
        message.set("");
        status.set(title().replace("…", "") + (chosen == null ? "" : " (" + chosen + ")") + " on " + target() + "…");
        Tasks.create(() -> runner.run(connection, node, action.id(), chosen, ok, p)).onSuccess(o -> {
            if (g != generation) return;
            outcome.set(o);
            message.set(o.message() == null || o.message().isBlank()
                    ? title().replace("…", "") + " on " + target() + (o.succeeded() ? " succeeded" : " did not succeed")
                    : o.message());
            details.set(detailLines(o.details()));
            state.set(o.succeeded() ? State.SUCCEEDED : State.FAILED);
        }).onError(ex -> {
            if (g != generation) return;
            if (ex instanceof CancelledException c) {
                message.set(cancelledMessage(c));
                state.set(State.CANCELLED);
            } else {
                message.set("Cannot " + lowerFirst(title().replace("…", "")) + " on " + target() + ": " + UiErrors.message(ex));
                state.set(State.ERROR);
            }
        }).onFinally(() -> {
            if (g != generation) return;
            running.set(false);
            progress = null;
            status.set("");
            if (finished != null) finished.run();
        }).run(executor);
    }

    /** Asks a running action to stop waiting (the provider checks between polls). */
    public void cancel() {
        FxProgress p = progress;
        if (p != null) {
            p.cancel();
            status.set("Cancelling…");
        }
    }

    private String cancelledMessage(CancelledException c) {
        String m = c.getMessage();
        String what = title().replace("…", "") + " on " + target();
        if (m == null || m.isBlank() || "cancelled".equals(m)) {
            return "Stopped waiting for " + lowerFirst(what) + "; what " + connection.name()
                    + " already started may still be running.";
        }
        return "Cancelled: " + m;
    }

    static String detailLines(Map<String, Object> details) {
        StringBuilder b = new StringBuilder();
        details.forEach((k, v) -> {
            if (v == null) return;
            if (b.length() > 0) b.append('\n');
            b.append(k).append(": ").append(v);
        });
        return b.toString();
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty()) return s;
        // keep acronyms and names as they are ("ARM …"); lower only a capital followed by a lower-case letter
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
