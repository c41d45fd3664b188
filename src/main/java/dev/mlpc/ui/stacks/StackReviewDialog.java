package dev.mlpc.ui.stacks;

import dev.mlpc.ui.wizard.ApplyLog;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.PlanReview;
import dev.mlpc.ui.wizard.WizardFinish;
import dev.mlpc.ui.wizard.WizardFrame;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Plan and apply one stack of the Stacks view: the live plan against its target connection in a review like the
 * wizards' ({@link PlanReview}: status, summary, warnings, then the Plan, generated document and Stack YAML tabs),
 * and under it Apply, which runs exactly the reviewed plan ({@link StackCatalog#apply} with the reviewed hash;
 * destructive changes only with the explicit allow) with progress, cancel and the result. All service calls run on
 * the background executor.
 *
 * <p>Ids: the review's ({@code #planStatus}, {@code #planSummary}, {@code #planText}, {@code #replan} …),
 * {@code #sqlText}, {@code #yamlText}, {@code #applyMessage}, {@code #allowDestroy}, {@code #applyStack},
 * {@code #cancelApply}, {@code #closeReview}, and the finish parts {@code #resultStatus}, {@code #progress},
 * {@code #progressStatus}, {@code #resultText}.</p>
 */
public final class StackReviewDialog {
    private final StackCatalog catalog;
    private final ExecutorService executor;
    private final StackRow row;
    private final String unbound;
    private final Runnable onCommitted;
    private final PlanReview review;
    private final BooleanProperty applying = new SimpleBooleanProperty(this, "applying", false);
    private final BooleanProperty applied = new SimpleBooleanProperty(this, "applied", false);
    private StackCatalog.Review reviewed;
    private Stage stage;
    private TextArea generated;
    private TextArea yaml;
    private TextField message;
    private CheckBox allowDestroy;
    private Button applyButton;
    private Button cancelApply;
    private WizardFinish result;
    private FxProgress applyProgress;
    private java.util.function.Consumer<String> onApplied = c -> { };

    /**
     * @param unbound     the connection the view picked for stacks without a target (null: none)
     * @param onCommitted runs on the FX thread after an apply made its audit commit
     */
    public StackReviewDialog(StackCatalog catalog, ExecutorService executor, StackRow row, String unbound,
                             Runnable onCommitted) {
        this.catalog = Objects.requireNonNull(catalog);
        this.executor = Objects.requireNonNull(executor);
        this.row = Objects.requireNonNull(row);
        this.unbound = unbound;
        this.onCommitted = onCommitted == null ? () -> { } : onCommitted;
        this.review = new PlanReview(this::startPlan, "the live system already matches the stack.");
    }

    /** Runs on the FX thread with the connection's name after an apply ran statements there (the live tree reloads it). */
    public void setOnApplied(java.util.function.Consumer<String> onApplied) {
        this.onApplied = onApplied == null ? c -> { } : onApplied;
    }

    /** The window (null before {@link #show}). */
    public Stage stage() { return stage; }

    /** The review part (the plan shown). */
    public PlanReview review() { return review; }

    /** Opens the dialog and starts the plan; {@code focusApply} puts the focus on Apply once the plan is ready. */
    public void show(Window owner, boolean focusApply) {
        stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        String conn = StackCatalog.connectionOf(row, unbound);
        stage.setTitle("Stack " + row.name() + " — plan" + (conn == null ? "" : " against " + conn));
        BorderPane root = build(conn);
        Scene scene = new Scene(root, 1000, 720);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (applying.get()) {
                e.consume();
                result.progressStatus().textProperty().unbind();
                result.progressStatus().setText("The apply is still running: cancel it or wait until it ends.");
            } else {
                review.cancel("");
            }
        });
        stage.show();
        startPlan();
        if (focusApply) {
            review.plan().addListener((o, a, b) -> {
                if (b != null && !applyButton.isDisabled()) applyButton.requestFocus();
            });
        }
    }

    private BorderPane build(String conn) {
        review.build();
        // the review's one "Plan again" (no second button here); Alt+G, as Alt+A is "Apply to …"
        if (review.statusRow().lookup("#replan") instanceof Button replan) replan.setText("Plan a_gain");
        generated = PlanReview.monospace("sqlText");
        yaml = PlanReview.monospace("yamlText");
        yaml.setText(row.yaml());
        TabPane tabs = new TabPane(tab("_Plan", review.text()), tab("_Generated document", generated),
                tab("Stack _YAML", yaml));
        tabs.setId("reviewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        message = new TextField();
        message.setId("applyMessage");
        message.setPromptText("why this apply is made");
        message.setText("Apply stack " + row.name() + " from the Stacks view");
        Label messageLabel = new Label("Commit _message");
        messageLabel.setMnemonicParsing(true);
        messageLabel.setLabelFor(message);
        messageLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(message, Priority.ALWAYS);
        allowDestroy = new CheckBox("Allow _destructive changes (drop, revoke, replace)");
        allowDestroy.setId("allowDestroy");
        allowDestroy.disableProperty().bind(Bindings.createBooleanBinding(() -> review.plan().get() == null
                || review.plan().get().destructive().isEmpty() || applying.get(), review.plan(), applying));
        applyButton = new Button(applyLabel(conn), new FontIcon(Feather.PLAY));
        applyButton.setId("applyStack");
        applyButton.getStyleClass().add(Styles.ACCENT);
        applyButton.setMnemonicParsing(true);
        // once applied, the reviewed plan is spent: Apply says so and stays off until "Plan again" (the review's
        // one #replan button next to the plan's status: the dialog has no second one)
        applyButton.textProperty().bind(Bindings.when(applied).then("Applied")
                .otherwise(applyLabel(conn)));
        applyButton.disableProperty().bind(review.plan().isNull().or(review.planning()).or(applying).or(applied)
                .or(message.textProperty().isEmpty()));
        applyButton.setOnAction(e -> apply());
        cancelApply = new Button("Cancel app_ly");
        cancelApply.setId("cancelApply");
        cancelApply.visibleProperty().bind(applying);
        cancelApply.managedProperty().bind(applying);
        cancelApply.setOnAction(e -> {
            if (applyProgress != null) {
                applyProgress.cancel();
                cancelApply.setDisable(true);
                result.progressStatus().textProperty().unbind();
                result.progressStatus().setText("Cancelling: the apply stops after the statement that is running…");
            }
        });
        Button close = new Button("_Close");
        close.setId("closeReview");
        close.setCancelButton(true);
        close.disableProperty().bind(applying);
        close.setOnAction(e -> {
            review.cancel("");
            stage.close();
        });
        Label hint = Forms.hint("Apply runs exactly the plan above: if the live system changed since, nothing runs and"
                + " both plans are shown. Destructive changes run only when allowed.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        HBox messageRow = new HBox(8, messageLabel, message);
        messageRow.setAlignment(Pos.CENTER_LEFT);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, allowDestroy, spacer, cancelApply, applyButton, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        result = new WizardFinish();
        result.text().setPrefRowCount(6);
        result.progressBar().setProgress(0);
        // refusals and failures are whole sentences: they wrap, never end in "…"
        for (Label l : List.of(result.status(), result.progressStatus())) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        VBox applyBox = new VBox(6, messageRow, hint, buttons, result.status(), result.progressBar(),
                result.progressStatus(), result.text());
        VBox.setVgrow(result.text(), Priority.SOMETIMES);

        Label heading = new Label("Stack " + row.name() + (conn == null ? " (no target connection)" : " → " + conn));
        heading.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold;");
        heading.setId("reviewHeading");
        VBox center = new VBox(8, heading, review.statusRow(), review.summary(), review.warnings(), tabs, applyBox);
        BorderPane root = new BorderPane(center);
        root.setId("stack-review");
        root.setPadding(new Insets(14));
        return root;
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name.replace("_", ""), content);
        t.setClosable(false);
        return t;
    }

    private void startPlan() {
        if (applying.get()) return; // "Plan again" while the apply runs: the apply's outcome comes first
        applied.set(false);
        long gen = review.reset();
        reviewed = null;
        generated.clear();
        String conn = StackCatalog.connectionOf(row, unbound);
        if (conn == null) {
            review.setStatus("Stack " + row.name() + " has no target: choose a connection for unbound stacks in the"
                    + " Stacks view, or add target: to the stack (Edit YAML…).");
            return;
        }
        // the profile is read with the plan (off the FX thread); the status line needs only its name
        FxProgress progress = review.begin(new dev.mlpc.core.provider.ConnectionProfile(conn, "", java.util.Map.of()));
        PlanReview.async(executor, () -> catalog.plan(row, unbound, progress), r -> {
            if (!review.isCurrent(gen)) return;
            reviewed = r;
            generated.setText(r.generated());
            review.show(r.plan(), "against " + r.connection().name());
        }, e -> {
            if (review.isCurrent(gen)) review.fail(e);
        });
    }

    private void apply() {
        StackCatalog.Review r = reviewed;
        if (r == null || applying.get()) return;
        boolean allow = allowDestroy.isSelected() && !r.plan().destructive().isEmpty();
        FxProgress progress = new FxProgress(Platform::runLater);
        applyProgress = progress;
        applying.set(true);
        cancelApply.setDisable(false);
        result.text().clear();
        result.status().setText("Applying " + row.name() + " to " + r.connection().name() + "…");
        result.progressBar().progressProperty().bind(progress.fractionProperty());
        result.progressStatus().textProperty().bind(progress.messageProperty());
        String text = message.getText().strip();
        PlanReview.async(executor, () -> catalog.apply(r, allow, text, progress), outcome -> {
            end();
            show(r.plan(), outcome);
            if (!outcome.result().executed().isEmpty()) onApplied.accept(r.connection().name());
        }, e -> {
            end();
            result.progressBar().setProgress(0);
            result.status().setText("The apply failed: " + UiErrors.message(e));
        });
    }

    private void end() {
        applying.set(false);
        applyProgress = null;
        result.progressBar().progressProperty().unbind();
        result.progressStatus().textProperty().unbind();
        result.progressStatus().setText("");
    }

    private void show(Plan reviewedPlan, Workbench.ApplyOutcome outcome) {
        ApplyResult r = outcome.result();
        long ok = r.executed().stream().filter(x -> x.outcome() == ApplyResult.StatementOutcome.OK).count();
        StringBuilder b = new StringBuilder(ApplyLog.text(outcome));
        String note = outcome.commit() == null ? "" : " Recorded as commit " + outcome.commit().shortId() + ".";
        switch (r.outcome()) {
            case SUCCEEDED -> {
                result.progressBar().setProgress(1);
                result.status().setText((r.executed().isEmpty() ? "Nothing to run: the live system already matched."
                        : "Applied " + ok + (ok == 1 ? " statement." : " statements.")) + note);
                applied.set(true);
            }
            case FAILED -> result.status().setText("The apply failed after " + ok + " of " + r.executed().size()
                    + " statements: " + r.failure() + "." + note);
            case CANCELLED -> result.status().setText("The apply was cancelled after " + ok + " of "
                    + r.executed().size() + " statements." + note + " Plan again to see what is left.");
            case TIMED_OUT -> result.status().setText("The apply timed out after " + ok + " of " + r.executed().size()
                    + " statements: " + r.failure() + "." + note + " Plan again later to see what is left.");
            case REFUSED -> {
                result.progressBar().setProgress(0);
                Plan live = outcome.plan();
                if (live != null && !live.sha256().equalsIgnoreCase(reviewedPlan.sha256())) {
                    result.status().setText("The apply was refused: the live system changed since the review, so the"
                            + " plan that would run now is not the one you reviewed. Nothing ran. Plan again.");
                    List<String> diff = WizardFrame.differences(reviewedPlan, live);
                    b.append("What differs between the reviewed plan and the live plan now:\n")
                            .append(diff.isEmpty() ? "(the same changes; the plans differ in warnings or details)"
                                    : String.join("\n", diff));
                } else {
                    result.status().setText("The apply was refused: the plan has destructive changes and they were"
                            + " not allowed. Nothing ran." + (r.failure() == null ? "" : " " + r.failure()));
                }
            }
        }
        if (!b.isEmpty()) result.append(b.toString().stripTrailing());
        if (outcome.commit() != null) result.notifyCommitted(onCommitted);
    }

    /** True once an apply from this dialog succeeded. */
    public boolean appliedOnce() { return applied.get(); }

    /**
     * The Apply button's text: its mnemonic on the A, and the connection's name as written (JavaFX takes only the first
     * underscore as the mnemonic, so an underscore in the name shows: StackReviewApplyLabelTest).
     */
    static String applyLabel(String connection) {
        return "_Apply to " + (connection == null ? "…" : connection);
    }
}
