package dev.mlpc.ui.wizard;

import atlantafx.base.theme.Styles;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.UiErrors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The plan part of a wizard's review page, shared by the wizard frames: the status row ({@code #planProgress},
 * {@code #planStatus}, {@code #cancelPlan}, {@code #replan}), the summary {@code #planSummary}, the warnings
 * {@code #planWarnings} and the plan text {@code #planText}, with the planning state behind them (the plan shown,
 * whether planning runs, the generation that makes late results of a cancelled or superseded plan harmless, and the
 * progress the running plan reports). The wizard computes the plan on its background executor and hands the result
 * to this on the FX thread. All methods run on the FX thread.
 */
public final class PlanReview {
    private final ObjectProperty<Plan> plan = new SimpleObjectProperty<>(this, "plan");
    private final BooleanProperty planning = new SimpleBooleanProperty(this, "planning", false);
    private final StringProperty status = new SimpleStringProperty(this, "planStatus", "");
    private final Runnable replanAction;
    private final String noChanges;

    private long generation;
    private FxProgress progress;
    private ProgressIndicator indicator;
    private Node statusRow;
    private Label summary;
    private VBox warnings;
    private TextArea text;

    /**
     * @param replanAction what "Plan again" does (the wizard's start of a new plan)
     * @param noChanges    the end of the status line when the plan has no changes, after "Plan ready (where): "
     */
    public PlanReview(Runnable replanAction, String noChanges) {
        this.replanAction = Objects.requireNonNull(replanAction);
        this.noChanges = Objects.requireNonNull(noChanges);
    }

    /** The plan shown, or null while none is (not yet computed, being computed, or failed). */
    public ReadOnlyObjectProperty<Plan> plan() { return plan; }

    /** True while a plan is being computed. */
    public ReadOnlyBooleanProperty planning() { return planning; }

    /** Builds the nodes (FX thread); call once, before the getters below. */
    public void build() {
        indicator = new ProgressIndicator();
        indicator.setId("planProgress");
        indicator.setPrefSize(22, 22);
        showWhenPlanning(indicator);
        Label statusLabel = new Label();
        statusLabel.setId("planStatus");
        statusLabel.textProperty().bind(status);
        statusLabel.setWrapText(true);
        statusLabel.setMaxWidth(Double.MAX_VALUE);
        statusLabel.setMinHeight(Region.USE_PREF_SIZE);   // wraps onto more lines, never cut with "…"
        HBox.setHgrow(statusLabel, Priority.ALWAYS);
        Button cancelPlan = new Button("Cancel p_lan");
        cancelPlan.setId("cancelPlan");
        showWhenPlanning(cancelPlan);
        cancelPlan.setOnAction(e -> cancel("Plan cancelled."));
        cancelPlan.setMinWidth(Region.USE_PREF_SIZE);       // the status gives way, not the buttons
        Button replan = new Button("Plan _again");
        replan.setId("replan");
        replan.disableProperty().bind(planning);
        replan.setOnAction(e -> replanAction.run());
        replan.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, indicator, statusLabel, cancelPlan, replan);
        row.setAlignment(Pos.CENTER_LEFT);
        statusRow = row;

        summary = new Label();
        summary.setId("planSummary");
        summary.setStyle("-fx-font-weight: bold;");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        warnings = new VBox(2);
        warnings.setId("planWarnings");
        text = monospace("planText");
    }

    private void showWhenPlanning(Node n) {
        n.visibleProperty().bind(planning);
        n.managedProperty().bind(planning);
    }

    /** The status row: progress, status, Cancel plan, Plan again. */
    public Node statusRow() { return statusRow; }

    /** The summary line. */
    public Label summary() { return summary; }

    /** The plan's warnings. */
    public VBox warnings() { return warnings; }

    /** The plan as text. */
    public TextArea text() { return text; }

    /**
     * Cancels a running plan and clears the one shown, at the start of a new plan.
     *
     * @return the generation of the new plan, for {@link #isCurrent}
     */
    public long reset() {
        cancel("");
        long g = ++generation;
        plan.set(null);
        text.clear();
        summary.setText("");
        warnings.getChildren().clear();
        return g;
    }

    /** Shows a status line without a plan (e.g. why none is computed). */
    public void setStatus(String message) {
        status.set(message);
    }

    /**
     * Marks planning as running against {@code connection} (null: offline) and returns the progress the planning
     * work reports to; the status follows its messages.
     */
    public FxProgress begin(ConnectionProfile connection) {
        FxProgress p = new FxProgress(Platform::runLater);
        progress = p;
        planning.set(true);
        indicator.progressProperty().bind(p.fractionProperty());
        status.bind(Bindings.createStringBinding(() -> p.messageProperty().get().isEmpty()
                ? (connection == null ? "Computing the offline plan…" : "Computing the plan against " + connection.name() + "…")
                : p.messageProperty().get() + "…", p.messageProperty()));
        return p;
    }

    /** True when a result of the plan of that generation still counts; if so, the planning state ends. */
    public boolean isCurrent(long planGeneration) {
        if (planGeneration != generation) return false;
        end();
        return true;
    }

    /** Shows a computed plan; {@code where} says what it was computed against. */
    public void show(Plan p, String where) {
        text.setText(p.toText());
        Plan.Summary s = p.summary();
        summary.setText(s.trailer() + "   (" + s.create() + " to create, " + s.update() + " to update, "
                + s.replace() + " to replace, " + s.drop() + " to drop)");
        warnings.getChildren().setAll(p.warnings().stream().map(PlanReview::warningLabel).toList());
        status.set(!p.hasChanges() ? "Plan ready (" + where + "): " + noChanges
                : p.destructive().isEmpty() ? "Plan ready (" + where + ")."
                : "Plan ready (" + where + "). It has destructive changes: they run only if you allow them.");
        plan.set(p);
    }

    /** Shows that the plan could not be computed. */
    public void fail(Throwable e) {
        status.set("The plan could not be computed: " + UiErrors.message(e));
    }

    /** Cancels a running plan (its late result is ignored) and shows {@code message}; nothing if none runs. */
    public void cancel(String message) {
        if (!planning.get()) return;
        generation++;
        if (progress != null) progress.cancel();
        end();
        status.set(message);
    }

    private void end() {
        planning.set(false);
        status.unbind();
        indicator.progressProperty().unbind();
        progress = null;
    }

    private static Node warningLabel(PlanWarning w) {
        String kind = "error".equals(w.severity()) ? "error" : PlanWarning.INFO.equals(w.severity()) ? "note" : "warning";
        Label l = new Label(kind + ": " + w.type() + " " + w.name() + ": " + w.message() + " [" + w.rule() + "]");
        l.getStyleClass().add("error".equals(kind) ? Styles.DANGER : "note".equals(kind) ? Styles.ACCENT : Styles.WARNING);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);          // the whole width of the review, then the next line
        l.setMinHeight(Region.USE_PREF_SIZE);     // as tall as its wrapped lines, never cut with "…"
        l.setTooltip(new Tooltip(l.getText()));
        return l;
    }

    /** A read-only monospace text area with that id. */
    public static TextArea monospace(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(false);
        t.setStyle("-fx-font-family: 'monospace';");
        t.setPrefRowCount(14);
        return t;
    }

    /** Runs {@code work} on the executor; exactly one callback then runs on the FX thread. */
    public static <T> void async(ExecutorService executor, Callable<T> work, Consumer<T> onSuccess,
                                 Consumer<Throwable> onError) {
        try {
            executor.execute(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable e) {
                    Platform.runLater(() -> onError.accept(e));
                    return;
                }
                Platform.runLater(() -> onSuccess.accept(value));
            });
        } catch (RejectedExecutionException e) {
            onError.accept(new IllegalStateException("the console is shutting down"));
        }
    }
}
