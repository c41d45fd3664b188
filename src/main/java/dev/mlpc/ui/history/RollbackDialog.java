package dev.mlpc.ui.history;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.RollbackPlan;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.PlanReview;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;

/**
 * "Roll back to this version…": the stack as it was at a commit, planned against a connection (by default the stack's
 * target) in the wizards' plan review ({@link PlanReview}); destructive changes need the allow box; "Roll back" applies
 * exactly the reviewed plan (its hash) with progress and cancel, and the commit carries {@code Reverts:}. Under a policy.yaml that requires approval for the plan ({@link RollbackGate}) the dialog says so
 * ({@code #rollback-approval}), the action becomes "Propose rollback" (no allow-destroy: proposing runs nothing; it is
 * asked when the approved proposal is applied) and makes a proposal commit. Ids:
 * {@code #rollback-dialog}, {@code #rollback-connection}, {@code #rollback-definition}, the review's {@code #planStatus},
 * {@code #planSummary}, {@code #planText}, {@code #rollback-allow-destroy}, {@code #rollback-message},
 * {@code #rollback-progress}, {@code #rollback-cancel}, {@code #rollback-result}, {@code #rollback-apply}.
 */
public final class RollbackDialog {
    private RollbackDialog() { }

    /**
     * Opens the dialog (FX thread); the planning starts at once on the model's executor.
     *
     * @param afterCommit runs on the FX thread when the rollback made a commit (the history reads itself again)
     */
    public static Dialog<Void> open(Window owner, HistoryViewModel model, CommitInfo to, Runnable afterCommit) {
        VersionService versions = model.versions();
        String stack = HistoryViewModel.stackOf(to);
        ObjectProperty<RollbackPlan> current = new SimpleObjectProperty<>();
        ObjectProperty<RollbackGate.Planned> gate = new SimpleObjectProperty<>();
        BooleanProperty running = new SimpleBooleanProperty(false);
        ObjectProperty<FxProgress> applying = new SimpleObjectProperty<>();

        Dialog<Void> d = new Dialog<>();
        if (owner != null) d.initOwner(owner);
        d.setTitle("Roll back stack " + stack);
        d.setHeaderText("Roll back stack " + stack + " to " + to.shortId() + " (" + to.subject() + ")");
        d.getDialogPane().setId("rollback-dialog");
        d.setResizable(true);

        ComboBox<ConnectionProfile> connection = new ComboBox<>();
        connection.setId("rollback-connection");
        connection.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(ConnectionProfile c) { return c == null ? "" : c.name() + " (" + c.type() + ")"; }
            @Override public ConnectionProfile fromString(String s) { return null; }
        });
        connection.setPromptText("a connection");
        Label connectionLabel = new Label("_Connection:");
        connectionLabel.setMnemonicParsing(true);
        connectionLabel.setLabelFor(connection);
        HBox connectionRow = new HBox(8, connectionLabel, connection);
        connectionRow.setAlignment(Pos.CENTER_LEFT);

        Label definition = new Label();
        definition.setId("rollback-definition");
        definition.setWrapText(true);

        Runnable[] replan = new Runnable[1];
        PlanReview review = new PlanReview(() -> replan[0].run(), "the live system already matches this version");
        review.build();
        review.text().setPrefSize(760, 220);
        replan[0] = () -> {
            current.set(null);
            gate.set(null);
            long g = review.reset();
            ConnectionProfile profile = connection.getValue();
            if (profile == null) {
                review.setStatus("Pick the connection to roll back on.");
                return;
            }
            String name = profile.name();
            FxProgress p = review.begin(profile);
            Tasks.create(() -> RollbackGate.plan(versions, stack, to.id(), profile, p)).onSuccess(planned -> {
                if (!review.isCurrent(g)) return;
                RollbackPlan rp = planned.plan();
                gate.set(planned);
                current.set(rp);
                definition.setText("Definition: " + (rp.restores().isEmpty() ? "the same as at the head"
                        : rp.restores().summary() + " against the head"));
                review.show(rp.plan(), name);
            }).onError(ex -> {
                if (review.isCurrent(g)) review.fail(ex);
            }).run(model.executor());
        };
        connection.valueProperty().addListener((o, a, b) -> replan[0].run());

        CheckBox allow = new CheckBox("_Allow destructive changes (drops, revokes, replacements)");
        allow.setId("rollback-allow-destroy");
        allow.disableProperty().bind(Bindings.createBooleanBinding(() -> current.get() == null || gate.get() == null
                || !gate.get().asksDestroy() || running.get(), current, gate, running));

        Label approval = new Label();
        approval.setId("rollback-approval");
        approval.setWrapText(true);
        approval.setMinHeight(Region.USE_PREF_SIZE);
        approval.getStyleClass().add(Styles.WARNING);
        approval.textProperty().bind(Bindings.createStringBinding(() -> gate.get() == null ? ""
                : RollbackGate.notice(gate.get()), gate));
        approval.visibleProperty().bind(approval.textProperty().isNotEmpty());
        approval.managedProperty().bind(approval.visibleProperty());
        current.addListener((o, a, b) -> allow.setSelected(false));

        TextField message = new TextField();
        message.setId("rollback-message");
        message.promptTextProperty().bind(Bindings.createStringBinding(() -> current.get() == null
                ? "Roll back stack " + stack + " to " + to.shortId() : current.get().defaultMessage(), current));
        Label messageLabel = new Label("Commit _message:");
        messageLabel.setMnemonicParsing(true);
        messageLabel.setLabelFor(message);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox messageRow = new HBox(8, messageLabel, message);
        messageRow.setAlignment(Pos.CENTER_LEFT);

        ProgressBar progress = new ProgressBar();
        progress.setId("rollback-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Label progressText = new Label();
        Button cancel = new Button();
        cancel.setMnemonicParsing(true);
        cancel.textProperty().bind(Bindings.createStringBinding(() -> gate.get() != null && gate.get().proposes()
                ? "Cancel the propo_sal" : "Cancel the _apply", gate));
        cancel.setId("rollback-cancel");
        cancel.setOnAction(e -> {
            FxProgress p = applying.get();
            if (p != null) {
                p.cancel();
                progressText.setText("Cancelling: the statement running now finishes or rolls back…");
            }
        });
        HBox progressRow = new HBox(8, progress, progressText, cancel);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.visibleProperty().bind(running);
        progressRow.managedProperty().bind(running);

        Label result = new Label();
        result.setId("rollback-result");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);

        VBox box = new VBox(8, connectionRow, definition, review.statusRow(), review.summary(), review.warnings(),
                review.text(), approval, allow, messageRow, progressRow, result);
        box.setPrefWidth(800);
        d.getDialogPane().setContent(box);

        ButtonType applyType = new ButtonType("_Roll back", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(applyType, ButtonType.CLOSE);
        Button apply = (Button) d.getDialogPane().lookupButton(applyType);
        apply.setId("rollback-apply");
        // its text changes to "Propose rollback": sized by its own text, not once by the bar's uniform sizing
        ButtonBar.setButtonUniformSize(apply, false);
        apply.setMinWidth(Region.USE_PREF_SIZE);
        apply.getStyleClass().add(Styles.DANGER);
        gate.addListener((o, a, b) -> {
            if (b == null) return;
            apply.setText(b.actionText());
            apply.getStyleClass().remove(Styles.DANGER);
            if (!b.proposes()) apply.getStyleClass().add(Styles.DANGER);
        });
        apply.disableProperty().bind(Bindings.createBooleanBinding(() -> current.get() == null || gate.get() == null
                        || running.get() || review.planning().get() || !gate.get().canAct(allow.isSelected()),
                current, gate, running, review.planning(), allow.selectedProperty()));
        apply.addEventFilter(ActionEvent.ACTION, a -> {
            a.consume();
            RollbackPlan rp = current.get();
            RollbackGate.Planned planned = gate.get();
            if (rp == null || planned == null) return;
            if (planned.proposes()) {
                propose(versions, model, stack, rp, message.getText(), running, applying, progress, progressText,
                        result, () -> {
                            afterCommit.run();
                            gate.set(null);
                            current.set(null);
                        });
                return;
            }
            FxProgress p = new FxProgress(Platform::runLater);
            applying.set(p);
            progress.progressProperty().bind(p.fractionProperty());
            progressText.textProperty().bind(p.messageProperty());
            running.set(true);
            result.setText("Rolling back " + stack + " on " + rp.connection().name() + "…");
            boolean destroy = allow.isSelected();
            String msg = message.getText();
            Tasks.create(() -> versions.applyRollback(rp, destroy, msg, p)).onSuccess(out -> {
                result.setText(describe(out, rp));
                if (out.commit() != null) afterCommit.run();
                if (out.result().succeeded()) current.set(null);
            }).onError(ex -> result.setText("Cannot roll back " + stack + ": " + UiErrors.message(ex))).onFinally(() -> {
                running.set(false);
                applying.set(null);
                progress.progressProperty().unbind();
                progressText.textProperty().unbind();
                progressText.setText("");
            }).run(model.executor());
        });
        Button close = (Button) d.getDialogPane().lookupButton(ButtonType.CLOSE);
        close.setId("rollback-close");
        close.disableProperty().bind(running);
        d.setOnHidden(h -> review.cancel(""));

        review.setStatus("Reading the connections…");
        Tasks.create(() -> {
            List<ConnectionProfile> profiles = versions.connections(stack, to.id());
            String preferred = versions.defaultConnection(stack, to.id());
            return new Object[] {profiles, preferred};
        }).onSuccess(v -> {
            @SuppressWarnings("unchecked") List<ConnectionProfile> profiles = (List<ConnectionProfile>) v[0];
            String preferred = (String) v[1];
            connection.getItems().setAll(profiles);
            ConnectionProfile target = profiles.stream().filter(c -> c.name().equals(preferred)).findFirst().orElse(null);
            if (profiles.isEmpty()) {
                review.setStatus("No connection for this stack's provider in connections.yaml: add one in Settings first.");
            } else if (target != null) {
                connection.setValue(target);
            } else if (preferred != null) {
                review.setStatus("The stack's target " + preferred + " is not in connections.yaml: pick a connection.");
            } else if (profiles.size() == 1) {
                connection.setValue(profiles.get(0));
            } else {
                review.setStatus("Pick the connection to roll back on.");
            }
        }).onError(ex -> review.setStatus("Cannot roll back to " + to.shortId() + ": " + UiErrors.message(ex)))
                .run(model.executor());
        d.show();
        connection.requestFocus();
        return d;
    }

    /** Proposes the rollback on the model's executor (nothing runs live), with progress; {@code done} after the commit. */
    private static void propose(VersionService versions, HistoryViewModel model, String stack, RollbackPlan rp,
                                String msg, BooleanProperty running, ObjectProperty<FxProgress> applying,
                                ProgressBar progress, Label progressText, Label result, Runnable done) {
        FxProgress p = new FxProgress(Platform::runLater);
        applying.set(p);
        progress.progressProperty().bind(p.fractionProperty());
        progressText.textProperty().bind(p.messageProperty());
        running.set(true);
        result.setText("Proposing the rollback of " + stack + " to " + rp.to().shortId() + "…");
        Tasks.create(() -> versions.proposeRollback(rp, msg, p)).onSuccess(out -> {
            result.setText(RollbackGate.proposed(out, rp));
            if (result.getScene() != null && result.getScene().getWindow() != null) result.getScene().getWindow().sizeToScene();
            done.run();
        }).onError(ex -> result.setText("Cannot propose the rollback of " + stack + ": " + UiErrors.message(ex)))
                .onFinally(() -> {
                    running.set(false);
                    applying.set(null);
                    progress.progressProperty().unbind();
                    progressText.textProperty().unbind();
                    progressText.setText("");
                }).run(model.executor());
    }

    /** The result line of a rollback's apply. */
    static String describe(Workbench.ApplyOutcome out, RollbackPlan rp) {
        ApplyResult r = out.result();
        String commit = out.commit() == null ? "" : " Committed " + out.commit().shortId() + " (Applied: " + r.trailer()
                + ", Reverts: " + rp.to().shortId() + ").";
        if (r.succeeded()) {
            return "Rolled back stack " + rp.stack().name() + " to " + rp.to().shortId() + " on " + rp.connection().name()
                    + "." + commit + (out.auditError() == null ? "" : "\n" + out.auditError());
        }
        String how = r.outcome() == ApplyResult.Outcome.REFUSED ? "" : "The rollback did not complete: ";
        return how + r.failure() + commit + (out.auditError() == null ? "" : "\n" + out.auditError());
    }
}
