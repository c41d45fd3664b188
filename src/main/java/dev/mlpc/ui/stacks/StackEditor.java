package dev.mlpc.ui.stacks;

import atlantafx.base.theme.Styles;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.PlanReview;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Edit a stack's YAML: validation as you type (the stack reader's problems, {@code line:col: field: reason}, listed
 * under the editor; clicking one, or Enter on it, puts the caret at that line and column), and Save, which commits
 * the new stack version ({@code Applied: no}) only when it has no problem. Closing with unsaved changes asks first;
 * nothing is lost without that answer. Validation and the commit run on the background executor.
 *
 * <p>Ids: {@code #stackYamlEditor}, {@code #stackProblems}, {@code #validationStatus}, {@code #editMessage},
 * {@code #saveStack}, {@code #closeEditor}, {@code #saveStatus}.</p>
 */
public final class StackEditor {
    private final StackCatalog catalog;
    private final ExecutorService executor;
    private final String stack;
    private final Runnable onCommitted;
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final BooleanProperty validating = new SimpleBooleanProperty(this, "validating", false);
    private final BooleanProperty saving = new SimpleBooleanProperty(this, "saving", false);
    private final BooleanProperty dirty = new SimpleBooleanProperty(this, "dirty", false);
    private final PauseTransition pause = new PauseTransition(Duration.millis(250));
    private String saved;
    private long generation;
    private Stage stage;
    private TextArea editor;
    private ListView<Problem> list;
    private Label validation;
    private Label saveStatus;
    private TextField message;

    /** @param onCommitted runs on the FX thread after Save committed */
    public StackEditor(StackCatalog catalog, ExecutorService executor, StackRow row, Runnable onCommitted) {
        this.catalog = Objects.requireNonNull(catalog);
        this.executor = Objects.requireNonNull(executor);
        this.stack = row.name();
        this.saved = row.yaml();
        this.onCommitted = onCommitted == null ? () -> { } : onCommitted;
    }

    /** The window (null before {@link #show}). */
    public Stage stage() { return stage; }

    /** The problems of the text in the editor as last validated. */
    public ObservableList<Problem> problems() { return problems; }

    /** True while the text is being validated. */
    public BooleanProperty validatingProperty() { return validating; }

    /** Opens the editor on the stack's YAML at head. */
    public void show(Window owner) {
        stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle("Edit stacks/" + stack + ".yaml");
        Scene scene = new Scene(build(), 960, 720);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
        stage.show();
        editor.requestFocus();
        validate();
    }

    private BorderPane build() {
        editor = PlanReview.monospace("stackYamlEditor");
        editor.setEditable(true);
        editor.setText(saved);
        editor.setPrefRowCount(24);
        editor.textProperty().addListener((o, a, b) -> {
            dirty.set(!b.equals(saved));
            validating.set(true);
            pause.playFromStart();
        });
        pause.setOnFinished(e -> validate());
        Label editorLabel = new Label("stacks/" + stack + ".yaml");
        editorLabel.setLabelFor(editor);
        editorLabel.getStyleClass().add(Styles.TEXT_BOLD);

        list = new ListView<>(problems);
        list.setId("stackProblems");
        list.setPlaceholder(new Label("No problems"));
        list.setPrefHeight(130);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.location().line() + ":" + p.location().column() + "  "
                        + p.field() + ": " + p.reason());
                setWrapText(false);
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) jumpToSelected();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) jumpToSelected();
        });
        validation = new Label();
        validation.setId("validationStatus");
        validation.setWrapText(true);
        Label problemsLabel = new Label("_Problems (click one to go to its line)");
        problemsLabel.setMnemonicParsing(true);
        problemsLabel.setLabelFor(list);

        message = new TextField("Edit stack " + stack);
        message.setId("editMessage");
        message.setPromptText("why this change is made");
        HBox.setHgrow(message, Priority.ALWAYS);
        Label messageLabel = new Label("Commit _message");
        messageLabel.setMnemonicParsing(true);
        messageLabel.setLabelFor(message);
        messageLabel.setMinWidth(Region.USE_PREF_SIZE);

        Button save = new Button("_Save (commit, Applied: no)", new FontIcon(Feather.SAVE));
        save.setId("saveStack");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(validating.or(saving).or(dirty.not()).or(Bindings.isNotEmpty(problems))
                .or(message.textProperty().isEmpty()));
        save.setOnAction(e -> save());
        Button close = new Button("_Close");
        close.setId("closeEditor");
        close.setCancelButton(true);
        close.disableProperty().bind(saving);
        close.setOnAction(e -> requestClose());
        saveStatus = new Label();
        saveStatus.setId("saveStatus");
        saveStatus.setWrapText(true);
        saveStatus.setMinHeight(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox messageRow = new HBox(8, messageLabel, message);
        messageRow.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(8, saveStatus, spacer, save, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox top = new VBox(4, editorLabel, editor);
        VBox.setVgrow(editor, Priority.ALWAYS);
        VBox bottom = new VBox(4, problemsLabel, validation, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label hint = Forms.hint("Save commits the new version with Applied: no; it changes nothing live. Plan or Apply"
                + " it from the Stacks view.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        BorderPane root = new BorderPane(new VBox(8, split, hint, messageRow, buttons));
        root.setId("stack-editor");
        root.setPadding(new Insets(12));
        return root;
    }

    /** Validates the editor's text now (on the background executor); the problem list follows. */
    public void validate() {
        long gen = ++generation;
        String text = editor.getText();
        validating.set(true);
        PlanReview.async(executor, () -> catalog.validate(stack, text), found -> {
            if (gen != generation) return;
            problems.setAll(found);
            validating.set(false);
            validation.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            validation.getStyleClass().add(found.isEmpty() ? Styles.SUCCESS : Styles.DANGER);
            validation.setText(found.isEmpty() ? "Valid." + (dirty.get() ? " Save to commit it." : " (unchanged)")
                    : found.size() + (found.size() == 1 ? " problem" : " problems") + ": fix before saving.");
        }, e -> {
            if (gen != generation) return;
            validating.set(false);
            validation.setText("Cannot validate: " + UiErrors.message(e));
        });
    }

    /** Moves the caret to the selected problem's line and column and focuses the editor. */
    public void jumpToSelected() {
        Problem p = list.getSelectionModel().getSelectedItem();
        if (p == null) return;
        int offset = offsetOf(editor.getText(), p.location().line(), p.location().column());
        editor.requestFocus();
        editor.positionCaret(offset);
        int end = editor.getText().indexOf('\n', offset);
        editor.selectRange(offset, end < 0 ? editor.getText().length() : end);
    }

    /** The character offset of a 1-based line and column in {@code text} (clamped to the text). */
    public static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) return text.length();
            offset = nl + 1;
        }
        int lineEnd = text.indexOf('\n', offset);
        int max = lineEnd < 0 ? text.length() : lineEnd;
        return Math.min(max, offset + Math.max(0, column - 1));
    }

    private void save() {
        String text = editor.getText();
        String msg = message.getText();
        saving.set(true);
        saveStatus.setText("Committing stacks/" + stack + ".yaml…");
        PlanReview.async(executor, () -> catalog.save(stack, text, msg), (CommitInfo c) -> {
            saving.set(false);
            saved = text;
            dirty.set(!editor.getText().equals(saved));
            saveStatus.setText("Committed " + c.shortId() + " (Applied: no).");
            validation.setText("Valid. Saved.");
            onCommitted.run();
        }, e -> {
            saving.set(false);
            if (e instanceof StackException se) problems.setAll(se.problems());
            saveStatus.setText("Not saved: " + UiErrors.message(e));
        });
    }

    /** Closes, asking first when the text has unsaved changes. */
    public void requestClose() {
        if (saving.get()) {
            saveStatus.setText("The commit is still running; wait until it ends.");
            return;
        }
        if (dirty.get() && !confirmDiscard()) return;
        pause.stop();
        generation++;
        stage.close();
    }

    /** The discard dialog's buttons: "Discard" confirms, "Keep editing" (also Escape) goes back to the text. */
    static final ButtonType DISCARD = new ButtonType("Discard", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
    static final ButtonType KEEP_EDITING = new ButtonType("Keep editing", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);

    private Alert lastDiscard;

    /** The discard-changes dialog last shown (null before): for tests. */
    Alert lastDiscardDialog() { return lastDiscard; }

    private boolean confirmDiscard() {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Close the editor and discard the changes to stacks/" + stack
                + ".yaml? Nothing of them has been committed.", DISCARD, KEEP_EDITING);
        a.initOwner(stage);
        a.setTitle("Edit stacks/" + stack + ".yaml");
        a.setHeaderText("Discard the unsaved changes?");
        // the safe answer is the default: Enter keeps editing, only a deliberate Discard drops the text
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(DISCARD)).setDefaultButton(false);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(KEEP_EDITING)).setDefaultButton(true);
        lastDiscard = a;
        Optional<ButtonType> answer = a.showAndWait();
        return answer.isPresent() && answer.get() == DISCARD;
    }

    /** The editor's text area. */
    public TextArea editor() { return editor; }

    /** True while the text differs from the last saved version. */
    public boolean isDirty() { return dirty.get(); }

}
