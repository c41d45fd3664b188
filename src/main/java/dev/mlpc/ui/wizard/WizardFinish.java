package dev.mlpc.ui.wizard;

import dev.mlpc.ui.UiErrors;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;

/**
 * The parts of a wizard's finish page the wizard frames share: the result line {@code #resultStatus}, the progress
 * bar {@code #progress}, its status {@code #progressStatus} and the result log {@code #resultText}, with the log's
 * append and the after-commit notification; and the "discard the answers?" question on close. FX thread only.
 */
public final class WizardFinish {
    private final Label status;
    private final ProgressBar progressBar;
    private final Label progressStatus;
    private final TextArea text;

    /** Builds the nodes (FX thread). */
    public WizardFinish() {
        status = new Label();
        status.setId("resultStatus");
        status.setStyle("-fx-font-weight: bold;");
        status.setWrapText(true);
        progressBar = new ProgressBar(0);
        progressBar.setId("progress");
        progressBar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progressBar, Priority.ALWAYS);
        progressStatus = new Label();
        progressStatus.setId("progressStatus");
        text = PlanReview.monospace("resultText");
        VBox.setVgrow(text, Priority.ALWAYS);
    }

    /** The result line. */
    public Label status() { return status; }

    /** The progress bar. */
    public ProgressBar progressBar() { return progressBar; }

    /** The line under the progress bar. */
    public Label progressStatus() { return progressStatus; }

    /** The result log. */
    public TextArea text() { return text; }

    /** Adds a line to the result log. */
    public void append(String line) {
        if (!text.getText().isEmpty()) text.appendText("\n");
        text.appendText(line);
        text.positionCaret(text.getText().lastIndexOf('\n') + 1);
    }

    /** Runs the wizard's after-commit callback; if it fails, says so in the log. */
    public void notifyCommitted(Runnable onCommitted) {
        try {
            onCommitted.run();
        } catch (RuntimeException e) {
            append("(the console could not refresh after the commit: " + UiErrors.message(e) + ")");
        }
    }

    /**
     * Asks whether to close the wizard and discard the answers.
     *
     * @param committed whether a commit was made in this wizard (the question then speaks of the later changes)
     * @return true when the user said OK
     */
    public static boolean confirmDiscard(Window owner, String title, boolean committed) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION,
                committed ? "Close the wizard and discard the answers changed since the commit?"
                        : "Close the wizard and discard your answers? Nothing has been committed.",
                ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText("Discard the answers?");
        Optional<ButtonType> answer = a.showAndWait();
        return answer.isPresent() && answer.get() == ButtonType.OK;
    }
}
