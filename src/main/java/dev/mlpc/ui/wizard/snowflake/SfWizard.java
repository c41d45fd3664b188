package dev.mlpc.ui.wizard.snowflake;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.PlanReview;
import dev.mlpc.ui.wizard.WizardFinish;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The frame both Snowflake wizards share, built like the PostgreSQL wizard: one {@link Stage} whose centre switches
 * between step pages over one {@link SfWizardModel}, a step indicator, Back / Next / Finish / Cancel, a review page
 * that plans on the background executor when it is entered (so it re-plans whenever answers changed), and a finish
 * page that commits to the config repository with progress. Subclasses give the answer pages.
 *
 * <p>With a {@code snowflake} profile chosen the review plans live against the account; when that fails (no
 * password variable, account unreachable, login refused) it shows why in {@code #liveNote} and falls back to the
 * offline plan, and the "apply after commit" box stays visible but disabled with the reason in {@code #applyReason}.
 * With a live plan the box is enabled and Finish applies after the commit through the same {@link Workbench#apply}
 * the CLI uses.
 *
 * <p>Shared ids: {@code #connection}, {@code #stackName}, {@code #description}, review {@code #planStatus},
 * {@code #planProgress}, {@code #cancelPlan}, {@code #replan}, {@code #planSummary}, {@code #liveNote},
 * {@code #planText}, {@code #sqlText}, {@code #yamlText}, {@code #commitMessage}, {@code #applyAfterCommit},
 * {@code #applyReason}, {@code #allowDestroy}, finish {@code #progress}, {@code #progressStatus},
 * {@code #resultStatus}, {@code #resultText}, buttons {@code #back}, {@code #next}, {@code #finish} (its user data is
 * {@link ButtonType#FINISH}), {@code #cancel}. A field's inline message has the field's id plus {@code Error}.
 */
public abstract class SfWizard<M extends SfWizardModel> {
    /** What the review computed: the parsed stack, its plan, the generated SQL, and whether the plan is live. */
    private record Reviewed(Stack stack, String yaml, Plan plan, String sql, boolean live, String liveProblem) {}

    protected final Workbench wb;
    private final ExecutorService executor;
    protected final M model;
    private final String title;
    private final String rootId;
    private final int finishPage;

    private final IntegerProperty page = new SimpleIntegerProperty(this, "page", 0);
    private final PlanReview review = new PlanReview(this::startPlan, "no changes.");
    private final ReadOnlyObjectProperty<Plan> plan = review.plan();
    private final ReadOnlyBooleanProperty planning = review.planning();
    private final BooleanProperty livePlan = new SimpleBooleanProperty(this, "livePlan", false);
    private final BooleanProperty finishing = new SimpleBooleanProperty(this, "finishing", false);
    private final BooleanProperty committed = new SimpleBooleanProperty(this, "committed", false);
    private final StringProperty liveNote = new SimpleStringProperty(this, "liveNote", "");
    private final List<Label> indicator = new ArrayList<>();
    private final List<Node> pages = new ArrayList<>();

    private Stage stage;
    private BorderPane root;
    private Runnable onCommitted = () -> { };
    private Reviewed reviewed;
    private String committedYaml;

    private ConnectionPicker connectionPicker;
    private TextArea sqlText;
    private TextArea yamlText;
    private ProgressBar progressBar;
    private Label progressStatus;
    private Label resultStatus;
    private TextArea resultText;
    private WizardFinish result;

    protected SfWizard(Workbench wb, ExecutorService executor, M model, String title, String rootId) {
        this.wb = Objects.requireNonNull(wb);
        this.executor = Objects.requireNonNull(executor);
        this.model = Objects.requireNonNull(model);
        this.title = title;
        this.rootId = rootId;
        this.finishPage = model.reviewStep() + 1;
    }

    /** The answers and their validation. */
    public M model() { return model; }

    /** The window, once shown. */
    public Stage stage() { return stage; }

    /** The scene's root, once shown. */
    public Parent root() { return root; }

    /** The page shown now: a step index of the model, or {@link #finishPage()}. */
    public int page() { return page.get(); }

    /** The index of the finish page (after the review). */
    public int finishPage() { return finishPage; }

    /** The window title. */
    public String title() { return title; }

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
        this.onCommitted = onCommitted == null ? () -> { } : onCommitted;
        if (stage != null) {
            stage.show();
            stage.toFront();
            return;
        }
        stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(title);
        root = buildRoot();
        Scene scene = new Scene(root, 900, 740);
        scene.focusOwnerProperty().addListener((o, was, now) -> reveal(now));
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
        showPage(0);
        stage.show();
        loadConnections();
    }

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

    /**
     * Scrolls the page so that the focused control is in view (a ScrollPane does not follow the focus by itself), so
     * Tab through a long list, and a row just added, stay visible.
     */
    static void reveal(Node n) {
        if (n == null) return;
        Node p = n.getParent();
        while (p != null && !(p instanceof ScrollPane)) p = p.getParent();
        if (!(p instanceof ScrollPane sp) || sp.getContent() == null) return;
        Node content = sp.getContent();
        double ch = content.getBoundsInLocal().getHeight();
        double vh = sp.getViewportBounds().getHeight();
        if (ch <= vh || vh <= 0) return;
        javafx.geometry.Bounds b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
        double top = sp.getVvalue() * (ch - vh);
        double to = top;
        if (b.getMinY() < top) to = b.getMinY() - 8;
        else if (b.getMaxY() > top + vh) to = b.getMaxY() - vh + 8;
        if (to != top) sp.setVvalue(Math.max(0, Math.min(1, to / (ch - vh))));
    }

    /** Puts the focus on the node with that id once the page is laid out. */
    protected void focusLater(String id) {
        Platform.runLater(() -> {
            Node n = root == null ? null : root.lookup("#" + id);
            if (n != null) {
                root.applyCss();
                root.layout();
                n.requestFocus();
                reveal(n);
            }
        });
    }

    /** A check box bound to an answer, without mnemonic parsing (labels may hold '_'). */
    protected static CheckBox check(String id, String text, BooleanProperty value) {
        CheckBox cb = new CheckBox(text);
        cb.setId(id);
        cb.setMnemonicParsing(false);
        cb.selectedProperty().bindBidirectional(value);
        cb.setWrapText(true);
        cb.setMaxWidth(Double.MAX_VALUE);
        cb.setMinHeight(Region.USE_PREF_SIZE);
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
        b.setStyle("-fx-border-color: derive(-fx-base, -15%); -fx-border-radius: 4;");
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }

    /** Shows or hides a node and its space together. */
    protected static void showWhen(Node n, javafx.beans.value.ObservableBooleanValue condition) {
        n.visibleProperty().bind(condition);
        n.managedProperty().bind(condition);
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    private BorderPane buildRoot() {
        BorderPane bp = new BorderPane();
        bp.setId(rootId);
        bp.setPadding(new Insets(16));
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_3);
        heading.setStyle("-fx-font-size: 1.3em; -fx-font-weight: bold;");
        javafx.scene.layout.FlowPane steps = new javafx.scene.layout.FlowPane(6, 4);
        steps.setId("stepIndicator");
        steps.setAlignment(Pos.CENTER_LEFT);
        List<String> titles = new ArrayList<>(model.steps());
        titles.add("Finish");
        for (int i = 0; i < titles.size(); i++) {
            if (i > 0) steps.getChildren().add(new Label("›"));
            Label l = new Label((i + 1) + " " + titles.get(i));
            l.setId("step-" + i);
            indicator.add(l);
            steps.getChildren().add(l);
        }
        VBox top = new VBox(8, heading, steps);
        top.setPadding(new Insets(0, 0, 12, 0));
        bp.setTop(top);

        pages.add(scroll(buildConnectionPage()));
        for (int s = 1; s < model.reviewStep(); s++) pages.add(scroll(buildStep(s)));
        pages.add(buildReviewPage());
        pages.add(buildFinishPage());
        bp.setBottom(buildButtons());
        return bp;
    }

    private static Node scroll(Node content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sp.getStyleClass().add("edge-to-edge");
        return sp;
    }

    private Node buildConnectionPage() {
        VBox v = page("Where the objects live", connectionHint());
        GridPane g = Forms.grid();
        connectionPicker = new ConnectionPicker(model.connection(),
                p -> p.setting("account") == null ? null : "account " + p.setting("account"), false);
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

    private Node buildReviewPage() {
        review.build();
        Label live = new Label();
        live.setId("liveNote");
        live.textProperty().bind(liveNote);
        live.getStyleClass().add(Styles.WARNING);
        live.setWrapText(true);
        showWhen(live, liveNote.isNotEmpty());
        sqlText = monospace("sqlText");
        yamlText = monospace("yamlText");
        TabPane tabs = new TabPane(tab("Plan", review.text()), tab("Generated SQL", sqlText), tab("Stack YAML", yamlText));
        tabs.setId("reviewTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);

        GridPane options = Forms.grid();
        TextField message = Forms.textField("commitMessage", model.commitMessage(), "why this change is made");
        Forms.row(options, 0, "Commit _message", message, "commitMessage", model.commitMessage());
        CheckBox applyBox = new CheckBox();
        applyBox.setId("applyAfterCommit");
        applyBox.setMnemonicParsing(false);
        applyBox.textProperty().bind(Bindings.createStringBinding(() -> model.connection().get() == null
                ? "Apply after commit" : "Apply to " + model.connection().get().name() + " after commit", model.connection()));
        applyBox.selectedProperty().bindBidirectional(model.applyAfterCommit());
        applyBox.disableProperty().bind(livePlan.not().or(planning));
        Label applyReason = Forms.hint("");
        applyReason.setId("applyReason");
        applyReason.textProperty().bind(Bindings.createStringBinding(() -> livePlan.get() ? ""
                : model.connection().get() == null
                ? "Apply needs a live Snowflake connection; this plan is offline. Commit now and apply later."
                : "Apply is not available: the live connection did not work (see above). The commit is made offline.",
                livePlan, model.connection()));
        showWhen(applyReason, applyReason.textProperty().isNotEmpty());
        CheckBox destroyBox = check("allowDestroy", "Allow destructive changes (drop, revoke, replace)", model.allowDestroy());
        destroyBox.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !livePlan.get() || plan.get() == null || plan.get().destructive().isEmpty(), plan, livePlan));
        options.add(new VBox(2, applyBox, applyReason), 1, 1);
        options.add(destroyBox, 1, 2);

        return new VBox(8, review.statusRow(), review.summary(), live, review.warnings(), tabs,
                Forms.messageList("reviewMessages", new FilteredList<>(model.messages(model.reviewStep()),
                        m -> !m.startsWith(model.commitMessage().label() + ": "))), options);
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    private static TextArea monospace(String id) {
        return PlanReview.monospace(id);
    }

    private Node buildFinishPage() {
        result = new WizardFinish();
        resultStatus = result.status();
        progressBar = result.progressBar();
        progressStatus = result.progressStatus();
        resultText = result.text();
        return new VBox(10, resultStatus, progressBar, progressStatus, resultText);
    }

    private Node buildButtons() {
        Button back = new Button("_Back", new FontIcon(Feather.CHEVRON_LEFT));
        back.setId("back");
        back.setOnAction(e -> goBack());
        Button next = new Button("_Next", new FontIcon(Feather.CHEVRON_RIGHT));
        next.setId("next");
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        next.setOnAction(e -> goNext());
        Button finish = new Button("_Finish", new FontIcon(Feather.CHECK));
        finish.setId("finish");
        finish.setUserData(ButtonType.FINISH);
        finish.setOnAction(e -> finish());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> requestClose());

        int review = model.reviewStep();
        next.defaultButtonProperty().bind(page.lessThan(review));
        finish.defaultButtonProperty().bind(page.isEqualTo(review));
        back.disableProperty().bind(page.isEqualTo(0).or(finishing));
        List<javafx.beans.Observable> deps = new ArrayList<>(List.of(page));
        for (int s = 0; s <= review; s++) deps.add(model.valid(s));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> page.get() >= review || !model.valid(page.get()).get(), deps.toArray(javafx.beans.Observable[]::new)));
        finish.disableProperty().bind(page.isNotEqualTo(review).or(plan.isNull()).or(planning).or(finishing)
                .or(model.allValid().not()));
        cancel.disableProperty().bind(finishing);
        cancel.textProperty().bind(Bindings.when(committed).then("Close").otherwise("Cancel"));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, cancel, spacer, back, next, finish);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(12, 0, 0, 0));
        return bar;
    }

    // ---- navigation ---------------------------------------------------------------------------------------------

    private void showPage(int p) {
        page.set(p);
        root.setCenter(pages.get(p));
        for (int i = 0; i < indicator.size(); i++) {
            Label l = indicator.get(i);
            boolean current = i == p;
            l.getStyleClass().removeAll(Styles.ACCENT, Styles.TEXT_BOLD, Styles.TEXT_MUTED);
            l.getStyleClass().add(current ? Styles.ACCENT : i < p ? Styles.TEXT_BOLD : Styles.TEXT_MUTED);
            l.setStyle(current ? "-fx-font-weight: bold; -fx-underline: true;" : "");
        }
        Platform.runLater(this::focusFirstField);
    }

    private void focusFirstField() {
        int p = page.get();
        String id = p == 0 ? "connection" : p == model.reviewStep() ? "commitMessage" : p == finishPage ? "resultText"
                : firstField(p);
        Node target = root.getCenter().lookup("#" + id);
        if (target != null) target.requestFocus();
    }

    private void goNext() {
        int p = page.get();
        if (p >= model.reviewStep() || !model.valid(p).get()) return;
        showPage(p + 1);
        if (p + 1 == model.reviewStep()) startPlan();
    }

    private void goBack() {
        int p = page.get();
        if (p == 0 || finishing.get()) return;
        if (p == model.reviewStep()) review.cancel("");
        showPage(p - 1);
        if (p == finishPage) startPlan();
    }

    private void requestClose() {
        if (finishing.get()) {
            progressStatus.setText("The commit is still running: wait until it ends.");
            return;
        }
        if (model.dirty().get() && !model.yaml().equals(committedYaml)) {
            if (!WizardFinish.confirmDiscard(stage, title, committed.get())) return;
        }
        review.cancel("");
        stage.close();
    }

    // ---- connections --------------------------------------------------------------------------------------------

    private void loadConnections() {
        async(() -> wb.connections().load().stream().filter(c -> SfWizardModel.CONNECTION_TYPE.equals(c.type())).toList(),
                profiles -> {
                    model.connections().setAll(profiles);
                    connectionPicker.setProfiles(profiles);
                },
                connectionPicker::showLoadError);
    }

    // ---- review -------------------------------------------------------------------------------------------------

    private void startPlan() {
        long generation = review.reset();
        livePlan.set(false);
        liveNote.set("");
        model.applyAfterCommit().set(false);
        model.allowDestroy().set(false);
        sqlText.clear();
        Stack stack = model.stack();
        String yaml = model.yaml();
        yamlText.setText(yaml);
        reviewed = null;
        if (!model.stackReady()) {
            review.setStatus("The answers have problems (listed below); go back and fix them to see the plan.");
            return;
        }
        ConnectionProfile connection = model.connection().get();
        FxProgress progress = review.begin(connection);
        String file = "stacks/" + stack.name() + ".yaml";
        async(() -> {
            Stack parsed = wb.parseStack(file, yaml);
            String sql = String.join("\n", wb.generatedFiles(parsed).values());
            if (connection == null) return new Reviewed(parsed, yaml, wb.offlinePlan(parsed), sql, false, null);
            try {
                return new Reviewed(parsed, yaml, wb.planForReview(parsed, connection, progress), sql, true, null);
            } catch (ProviderException e) {
                return new Reviewed(parsed, yaml, wb.offlinePlan(parsed), sql, false, UiErrors.message(e));
            }
        }, r -> {
            if (!review.isCurrent(generation)) return;
            reviewed = r;
            sqlText.setText(r.sql());
            livePlan.set(r.live());
            if (r.liveProblem() != null) {
                liveNote.set("No live plan — " + r.liveProblem() + " The plan below is offline: it assumes nothing"
                        + " exists yet.");
            }
            review.show(r.plan(), r.plan().offline() ? "offline: assuming nothing exists" : "against " + model.connectionName());
        }, e -> {
            if (review.isCurrent(generation)) review.fail(e);
        });
    }

    // ---- finish -------------------------------------------------------------------------------------------------

    private void finish() {
        Reviewed r = reviewed;
        if (page.get() != model.reviewStep() || r == null || plan.get() == null || planning.get() || finishing.get()
                || !model.allValid().get()) {
            return;
        }
        Stack stack = r.stack();
        String yaml = r.yaml();
        String message = model.commitMessage().get().strip();
        ConnectionProfile connection = model.connection().get();
        boolean apply = r.live() && connection != null && model.applyAfterCommit().get();
        boolean allowDestroy = model.allowDestroy().get() && !r.plan().destructive().isEmpty();

        finishing.set(true);
        showPage(finishPage);
        resultText.clear();
        resultStatus.setText("Committing " + stack.name() + " to the config repository…");
        FxProgress progress = new FxProgress(Platform::runLater);
        progressBar.setProgress(-1);
        progressStatus.textProperty().unbind();
        progressStatus.setText("Writing stacks/" + stack.name() + ".yaml and generated/snowflake/" + stack.name() + ".sql");

        AtomicReference<CommitInfo> first = new AtomicReference<>();
        async(() -> {
            return wb.commitThenApply(stack, yaml, r.plan(), connection, apply, allowDestroy, message, progress, c -> {
                first.set(c);
                Platform.runLater(() -> afterCommit(c, yaml, apply, connection, progress));
            }).applied();
        }, outcome -> {
            finishing.set(false);
            progressBar.progressProperty().unbind();
            progressBar.setProgress(1);
            progressStatus.textProperty().unbind();
            if (outcome == null) {
                progressStatus.setText("");
                resultStatus.setText("Committed " + first.get().shortId() + ". The stack is in the config repository"
                        + " (Applied: no); apply it later with a live connection.");
                return;
            }
            ApplyResult ar = outcome.result();
            append(ar.executed().size() + " statement(s) ran; outcome " + ar.outcome()
                    + (ar.failure() == null ? "" : ": " + ar.failure()));
            resultStatus.setText("Apply " + ar.outcome().name().toLowerCase(Locale.ROOT)
                    + (outcome.commit() == null ? "" : "; recorded as commit " + outcome.commit().shortId()) + ".");
            if (outcome.commit() != null) notifyCommitted();
        }, e -> {
            finishing.set(false);
            progressBar.progressProperty().unbind();
            progressBar.setProgress(0);
            progressStatus.textProperty().unbind();
            String what = first.get() == null ? "The commit failed" : "The apply failed";
            resultStatus.setText(what + ": " + UiErrors.message(e));
            append((first.get() == null ? "Nothing was committed." : "The stack was committed as "
                    + first.get().shortId() + "; the apply did not finish.") + " Go Back to review, fix and finish again.");
        });
    }

    private void afterCommit(CommitInfo c, String yaml, boolean apply, ConnectionProfile connection, FxProgress progress) {
        committed.set(true);
        committedYaml = yaml;
        append("Committed " + c.shortId() + " (Applied: no): " + model.commitMessage().get().strip());
        if (apply) {
            resultStatus.setText("Applying to " + connection.name() + "…");
            progressBar.progressProperty().bind(progress.fractionProperty());
            progressStatus.textProperty().bind(progress.messageProperty());
        }
        notifyCommitted();
    }

    private void append(String line) {
        result.append(line);
    }

    private void notifyCommitted() {
        result.notifyCommitted(onCommitted);
    }

    // ---- background work ----------------------------------------------------------------------------------------

    /** Runs {@code work} on the executor; exactly one callback then runs on the FX thread. */
    private <T> void async(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        PlanReview.async(executor, work, onSuccess, onError);
    }
}
