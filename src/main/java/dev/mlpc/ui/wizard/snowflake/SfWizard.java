package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.WizardDefinition;
import dev.mlpc.ui.wizard.WizardFrame;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What both Snowflake wizards share: the connection page, the layout helpers of their answer pages, and the
 * {@link WizardDefinition} over an {@link SfWizardModel} that they hand to the shared {@link WizardFrame} (which does
 * the navigation, the review, the commit, the apply of exactly the reviewed plan and the finish page). Subclasses give
 * the answer pages.
 *
 * <p>With a {@code snowflake} profile chosen the review plans live against the account; when that fails (no
 * password variable, account unreachable, login refused) it shows why in {@code #liveNote} and falls back to the
 * offline plan, and the "apply after commit" box stays visible but disabled with the reason in {@code #applyReason}.
 * With a live plan the box is enabled and Finish applies exactly the reviewed plan after the commit.
 *
 * <p>Ids of the connection page: {@code #connection}, {@code #stackName}, {@code #description}; the generated SQL is
 * {@code #sqlText}; step labels {@code #step-<i>}; the frame's ids are listed in {@link WizardFrame}. A field's inline
 * message has the field's id plus {@code Error}.
 */
public abstract class SfWizard<M extends SfWizardModel> {
    protected final Workbench wb;
    protected final M model;
    private final String title;
    private final String rootId;
    private final WizardFrame frame;

    protected SfWizard(Workbench wb, ExecutorService executor, M model, String title, String rootId) {
        this.wb = Objects.requireNonNull(wb);
        this.model = Objects.requireNonNull(model);
        this.title = title;
        this.rootId = rootId;
        this.frame = new WizardFrame(wb, executor, new Definition());
    }

    /** The answers and their validation. */
    public M model() { return model; }

    /** The window, once shown. */
    public Stage stage() { return frame.stage(); }

    /** The scene's root, once shown. */
    public Parent root() { return frame.root(); }

    /** The page shown now: a step index of the model, or {@link #finishPage()}. */
    public int page() { return frame.page(); }

    /** The index of the finish page (after the review). */
    public int finishPage() { return frame.finishPage(); }

    /** The window title. */
    public String title() { return title; }

    /** The frame the wizard runs in. */
    public WizardFrame frame() { return frame; }

    /** Builds the page of an answer step (not the connection, review or finish page). */
    protected abstract Node buildStep(int step);

    /** The id of the control that gets the focus when the step is shown. */
    protected abstract String firstField(int step);

    /** The explanation under the connection page's heading. */
    protected abstract String connectionHint();

    /**
     * Opens the wizard in its own window (FX thread); calling again brings the window back with its answers.
     *
     * @param onCommitted runs on the FX thread after each successful commit
     */
    public void show(Window owner, Runnable onCommitted) {
        frame.show(owner, onCommitted);
    }

    /** What a Snowflake wizard supplies to the frame. */
    private final class Definition implements WizardDefinition {
        @Override public String title() { return title; }
        @Override public String rootId() { return rootId; }
        @Override public List<String> stepTitles() { return model.steps(); }
        @Override public Node buildPage(int step) { return step == 0 ? buildConnectionPage() : buildStep(step); }
        @Override public String firstField(int step) { return SfWizard.this.firstField(step); }
        @Override public ObservableBooleanValue valid(int step) { return model.valid(step); }
        @Override public ObservableBooleanValue allValid() { return model.allValid(); }
        @Override public boolean stackReady() { return model.stackReady(); }
        @Override public Stack stack() { return model.stack(); }
        @Override public String yaml() { return model.yaml(); }
        @Override public ObservableBooleanValue dirty() { return model.dirty(); }
        @Override public ObjectProperty<ConnectionProfile> connection() { return model.connection(); }
        @Override public String connectionType() { return SfWizard.this.connectionType(); }
        @Override public Function<ConnectionProfile, String> connectionDetail() { return SfWizard.this.connectionDetail(); }

        @Override public void connectionsLoaded(List<ConnectionProfile> profiles) { model.connections().setAll(profiles); }
        @Override public String systemName() { return SfWizard.this.systemName(); }
        @Override public ValidatedText commitMessage() { return model.commitMessage(); }
        @Override public ObservableList<String> reviewMessages() { return model.messages(model.reviewStep()); }
        @Override public BooleanProperty applyAfterCommit() { return model.applyAfterCommit(); }
        @Override public BooleanProperty allowDestroy() { return model.allowDestroy(); }
        @Override public boolean offlineWhenLiveFails() { return true; }
        @Override public void planStarting() { model.applyAfterCommit().set(false); }

        @Override
        public String generatedTabTitle() {
            String t = SfWizard.this.generatedTabTitle();
            return t != null ? t : WizardDefinition.super.generatedTabTitle();
        }

        @Override
        public String appliedStatus(long ran) {
            return "Apply succeeded: " + ran + " " + appliedUnit() + (ran == 1 ? "" : "s") + " ran.";
        }
    }

    // ---- what differs between the wizards of this frame (Snowflake by default) ---------------------------------

    /** The connection type the picker offers. */
    protected String connectionType() { return SfWizardModel.CONNECTION_TYPE; }

    /** How the picker describes a profile beside its name. */
    protected Function<ConnectionProfile, String> connectionDetail() {
        return p -> p.setting("account") == null ? null : "account " + p.setting("account");
    }

    /** The system's name in the frame's messages. */
    protected String systemName() { return "Snowflake"; }

    /** The title of the review's generated-document tab; null: the frame's default. */
    protected String generatedTabTitle() { return null; }

    /** What one executed statement is called in the finish page's summary. */
    protected String appliedUnit() { return "statement"; }

    // ---- layout helpers for subclasses --------------------------------------------------------------------------

    /** A page with a bold heading and a hint. */
    protected static VBox page(String heading, String hint) {
        Label h = new Label(heading);
        h.setStyle("-fx-font-weight: bold;");
        VBox v = new VBox(10, h, Forms.hint(hint));
        v.setPadding(new Insets(0, 12, 0, 0));
        return v;
    }

    /** A text row in a grid. */
    protected static TextField text(GridPane g, int row, String mnemonic, String id, ValidatedText field, String prompt) {
        TextField t = Forms.textField(id, field, prompt);
        Forms.row(g, row, mnemonic, t, id, field);
        return t;
    }

    /** A row shown only while {@code visible} holds (fields that depend on a provider choice). */
    protected static void row(GridPane g, int row, String mnemonic, Node control, String id, ValidatedText field,
                              javafx.beans.value.ObservableBooleanValue visible) {
        Forms.row(g, row, mnemonic, control, id, field);
        if (visible == null) return;
        for (Node n : List.copyOf(g.getChildren())) {
            Integer r = GridPane.getRowIndex(n);
            if (r != null && r == row) showWhen(n, visible);
        }
        control.visibleProperty().bind(visible);
    }

    /** A field in a list row: the control with its inline message beneath, and an accessible name. */
    protected static VBox cell(Node control, String id, ValidatedText field, String accessibleName) {
        control.setAccessibleText(accessibleName);
        if (control instanceof Region r) r.setMaxWidth(Double.MAX_VALUE);
        VBox v = new VBox(2, control, Forms.errorLabel(id, field));
        v.setMaxWidth(Double.MAX_VALUE);
        return v;
    }

    /** Puts the focus on the node with that id once the page is laid out. */
    protected void focusLater(String id) {
        Platform.runLater(() -> {
            Parent root = frame.root();
            Node n = root == null ? null : root.lookup("#" + id);
            if (n != null) {
                root.applyCss();
                root.layout();
                n.requestFocus();
                WizardFrame.reveal(n);
            }
        });
    }

    /** A check box bound to an answer; {@code _X} in its text is the mnemonic Alt+X, as on the other controls. */
    protected static CheckBox check(String id, String text, BooleanProperty value) {
        CheckBox cb = new CheckBox(text);
        cb.setId(id);
        cb.setMnemonicParsing(true);
        cb.selectedProperty().bindBidirectional(value);
        cb.setWrapText(true);
        cb.setMaxWidth(Double.MAX_VALUE);
        cb.setMinHeight(Region.USE_PREF_SIZE);
        return cb;
    }

    /**
     * {@link #check} for a text that must show its underscores as written (e.g. a resource type such as
     * {@code datashare.resource_group}): no mnemonic parsing.
     */
    protected static CheckBox literalCheck(String id, String text, BooleanProperty value) {
        CheckBox cb = check(id, text, value);
        cb.setMnemonicParsing(false);
        return cb;
    }

    /** The step's problems that no single field holds (stack validator findings, empty lists). */
    protected Node stepProblems(String id, int step) {
        return Forms.messageList(id, model.pageProblems(step));
    }

    /** A small bordered box. */
    protected static VBox box(double spacing) {
        VBox b = new VBox(spacing);
        b.setPadding(new Insets(10));
        b.getStyleClass().add("wizard-box");
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }

    /** Shows or hides a node and its space together. */
    protected static void showWhen(Node n, javafx.beans.value.ObservableBooleanValue condition) {
        n.visibleProperty().bind(condition);
        n.managedProperty().bind(condition);
    }

    // ---- the connection page ------------------------------------------------------------------------------------

    /** The connection page: connection, stack name, description. */
    protected Node buildConnectionPage() {
        VBox v = page("Where the objects live", connectionHint());
        GridPane g = Forms.grid();
        ConnectionPicker connectionPicker = frame.connectionPicker();
        g.add(Forms.label("C_onnection", connectionPicker.box()), 0, 0);
        g.add(connectionPicker.field(), 1, 0);
        text(g, 1, "_Stack name", "stackName", model.stackName(), model.stackName().initial());
        text(g, 2, "_Description", "description", model.description(), "what this stack is for");
        v.getChildren().addAll(g,
                Forms.hint("The stack is committed as stacks/<stack name>.yaml, its SQL as generated/snowflake/<stack"
                        + " name>.sql. With a connection the review plans against the live account and Finish can"
                        + " apply; without one it plans offline (assuming nothing exists)."),
                Forms.messageList("connectionProblems", model.stackProblems(0)));
        return v;
    }

}
