package dev.mlpc.ui.wizard;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackWriter;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.UiErrors;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
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
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one frame every wizard runs in; a {@link WizardDefinition} supplies the pages and the answers. One
 * {@link Stage} whose centre switches between the definition's step pages, a review page and a finish page, with a
 * step indicator and Back / Next / Finish / Cancel. Next is enabled only while the step is valid. Entering the review
 * plans on the background executor ({@link Workbench#planForReview}); Finish commits the reviewed stack and, with
 * "apply after commit", applies exactly the reviewed plan ({@link Workbench#commitThenApply}) with progress and
 * cancel. When the apply is refused because the live plan is no longer the reviewed one, the finish page says that
 * nothing ran and shows both plans and what differs, with a way back to the review. The FX thread only updates nodes.
 *
 * <p>Ids: {@code #connection}, review {@code #planStatus}, {@code #planProgress}, {@code #cancelPlan},
 * {@code #replan}, {@code #planSummary}, {@code #planWarnings}, {@code #liveNote}, {@code #reviewTabs},
 * {@code #planText}, {@code #sqlText} (the generated document), {@code #yamlText}, {@code #commitMessage},
 * {@code #applyAfterCommit}, {@code #applyReason}, {@code #allowDestroy}; finish {@code #progress},
 * {@code #cancelApply}, {@code #progressStatus}, {@code #resultStatus}, {@code #resultText}, the refusal
 * {@code #refusal} with {@code #reviewedPlanSummary}, {@code #reviewedPlanText}, {@code #livePlanSummary},
 * {@code #livePlanText}, {@code #planDifferences}, {@code #backToReview}; buttons {@code #back}, {@code #next},
 * {@code #finish} (its user data is {@link ButtonType#FINISH}), {@code #cancel}; step labels by
 * {@link WizardDefinition#stepId}, each inside its breadcrumb link {@code #crumb-N} (see {@link #goTo}).
 */
public final class WizardFrame {
    /** What the review computed: the parsed stack, its YAML, its plan, the generated document, whether it is live. */
    private record Reviewed(Stack stack, String yaml, Plan plan, String generated, boolean live, String liveProblem) {}

    private static final String BACK = "_Back";
    private static final String NEXT = "_Next";
    private static final String FINISH = "_Finish";

    /**
     * The keys of every wizard window, from the labels its buttons are built with: {keys, action} pairs for Help's
     * shortcut list.
     */
    public static List<String[]> shortcuts() {
        List<String[]> out = new ArrayList<>();
        for (String b : List.of(BACK, NEXT, FINISH)) {
            int u = b.indexOf('_');
            out.add(new String[] {"Alt+" + Character.toUpperCase(b.charAt(u + 1)), b.replace("_", "")});
        }
        out.add(new String[] {"Enter", "Next (on a step), Finish (on the review)"});
        out.add(new String[] {"Esc", "Cancel"});
        out.add(new String[] {"Space / Enter on a step's name", "Go to that visited step"});
        return out;
    }

    private final Workbench wb;
    private final ExecutorService executor;
    private final WizardDefinition def;
    private final int reviewStep;
    private final int finishPage;

    private final IntegerProperty page = new SimpleIntegerProperty(this, "page", 0);
    private final PlanReview review;
    private final ReadOnlyObjectProperty<Plan> plan;
    private final ReadOnlyBooleanProperty planning;
    private final BooleanProperty livePlan = new SimpleBooleanProperty(this, "livePlan", false);
    private final BooleanProperty finishing = new SimpleBooleanProperty(this, "finishing", false);
    private final BooleanProperty committed = new SimpleBooleanProperty(this, "committed", false);
    private final BooleanProperty refused = new SimpleBooleanProperty(this, "refused", false);
    private final StringProperty liveNote = new SimpleStringProperty(this, "liveNote", "");
    private final List<Label> indicator = new ArrayList<>();
    private final List<Hyperlink> crumbs = new ArrayList<>();
    private final IntegerProperty furthest = new SimpleIntegerProperty(this, "furthest", 0);
    private final List<Node> pages = new ArrayList<>();
    private final ConnectionPicker connectionPicker;
    /** The warning when the wizard's stack name is taken: Finish waits for "Overwrite". */
    private final OverwriteCheck overwrite = new OverwriteCheck();

    private Stage stage;
    private BorderPane root;
    private Runnable onCommitted = () -> { };
    private Reviewed reviewed;
    private String committedYaml;

    private TextArea generatedText;
    private TextArea yamlText;
    private WizardFinish result;
    private Button cancelApply;
    private FxProgress applyProgress;
    private Label reviewedSummary;
    private TextArea reviewedText;
    private Label liveSummary;
    private TextArea liveText;
    private TextArea differences;

    /**
     * @param wb       the services (plan, commit, apply, connections)
     * @param executor where all service calls run; never the FX thread
     * @param def      what the wizard supplies
     */
    public WizardFrame(Workbench wb, ExecutorService executor, WizardDefinition def) {
        this.wb = Objects.requireNonNull(wb);
        this.executor = Objects.requireNonNull(executor);
        this.def = Objects.requireNonNull(def);
        this.reviewStep = def.stepTitles().size() - 1;
        this.finishPage = reviewStep + 1;
        this.review = new PlanReview(this::startPlan, def.noChanges());
        this.plan = review.plan();
        this.planning = review.planning();
        this.connectionPicker = new ConnectionPicker(def.connection(), def.connectionDetail(), def.preferFirstConnection());
    }

    /** The window, once shown (null before). */
    public Stage stage() { return stage; }

    /** The scene's root, once shown (null before). */
    public Parent root() { return root; }

    /** The page shown now: a step index, or {@link #finishPage()}. */
    public int page() { return page.get(); }

    /** The page shown now, observable. */
    public ReadOnlyIntegerProperty pageProperty() { return page; }

    /** The index of the review step. */
    public int reviewStep() { return reviewStep; }

    /** The index of the finish page (after the review). */
    public int finishPage() { return finishPage; }

    /** The connection choice, for the definition's connection page. */
    public ConnectionPicker connectionPicker() { return connectionPicker; }

    /** The plan shown on the review page (null while none is). */
    public ReadOnlyObjectProperty<Plan> plan() { return plan; }

    /** True when the apply was refused because the live plan is not the reviewed one (both plans are shown). */
    public ReadOnlyBooleanProperty refused() { return refused; }

    /** The review's check for an existing stack of the same name. */
    public OverwriteCheck overwriteCheck() { return overwrite; }

    /**
     * Opens the wizard in its own window (FX thread); calling again brings the window back with its answers.
     *
     * @param owner       the window it belongs to, or null
     * @param onCommitted runs on the FX thread after each successful commit (also the one an apply makes)
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
        stage.setTitle(def.title());
        root = buildRoot();
        Scene scene = new Scene(root, def.width(), def.height());
        dev.mlpc.ui.Theme.style(scene);   // the console's focus rings and classes, as in the main window
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

    /**
     * Scrolls the page so that the focused control is in view (a ScrollPane does not follow the focus by itself), so
     * Tab through a long list, and a row just added, stay visible.
     */
    public static void reveal(Node n) {
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

    // ---- layout -------------------------------------------------------------------------------------------------

    /**
     * Under the page's stack-name field ({@code #stackName}), the line {@code #stackExistsNote}: "A stack named X
     * exists; the review will show what changes", kept up to date as the name is typed (the repository is read on
     * the executor, 300 ms after the last keystroke). The Review's diff and "Overwrite" gate stay as they are.
     */
    private void addStackNameNote(Node page) {
        Node field = page.lookup("#stackName");
        if (!(field instanceof javafx.scene.control.TextInputControl input) || !(field.getParent() instanceof VBox box)) return;
        Label note = new Label();
        note.setId("stackExistsNote");
        note.getStyleClass().add(Styles.WARNING);
        note.setWrapText(true);
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        box.getChildren().add(box.getChildren().indexOf(field) + 1, note);
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(300));
        long[] generation = {0};
        settle.setOnFinished(e -> {
            String name = input.getText() == null ? "" : input.getText().strip();
            long gen = ++generation[0];
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                note.setText("");
                return;
            }
            String own = committedYaml;
            async(() -> OverwriteCheck.exists(wb, name, own), exists -> {
                if (gen == generation[0]) note.setText(exists ? stackExistsText(name) : "");
            }, err -> {
                if (gen == generation[0]) note.setText("");
            });
        });
        input.textProperty().addListener((o, was, now) -> settle.playFromStart());
        settle.playFromStart();
    }

    /** The line under the stack-name field when the config repository already has a stack of that name. */
    public static String stackExistsText(String name) {
        return "A stack named " + name + " exists; the review will show what changes.";
    }

    private BorderPane buildRoot() {
        BorderPane bp = new BorderPane();
        bp.setId(def.rootId());
        bp.setPadding(new Insets(16));
        Label heading = new Label(def.title());
        heading.getStyleClass().add(Styles.TITLE_3);
        heading.setStyle("-fx-font-size: 1.3em; -fx-font-weight: bold;");
        FlowPane steps = new FlowPane(6, 4);
        steps.setId("stepIndicator");
        steps.setAlignment(Pos.CENTER_LEFT);
        List<String> titles = new ArrayList<>(def.stepTitles());
        titles.add("Finish");
        for (int i = 0; i < titles.size(); i++) {
            if (i > 0) steps.getChildren().add(new Label("›"));
            Label l = new Label((i + 1) + " " + titles.get(i));
            l.setId(def.stepId(i));
            indicator.add(l);
            steps.getChildren().add(crumb(i, l));
        }
        finishing.addListener((o, was, is) -> refreshCrumbs());
        VBox top = new VBox(8, heading, steps);
        top.setPadding(new Insets(0, 0, 12, 0));
        bp.setTop(top);

        for (int s = 0; s < reviewStep; s++) {
            Node built = def.buildPage(s);
            addStackNameNote(built);
            pages.add(scroll(built));
        }
        pages.add(buildReviewPage());
        pages.add(buildFinishPage());
        bp.setBottom(buildButtons());
        return bp;
    }

    /**
     * The step's breadcrumb {@code #crumb-N}: a link around its indicator label that goes to a visited step (Space or
     * Enter when focused, or a click); the current step, steps not visited yet and the finish step are not in the
     * focus order and do nothing.
     */
    private Hyperlink crumb(int step, Label label) {
        Hyperlink h = new Hyperlink(null, label);
        h.setId("crumb-" + step);
        h.setMnemonicParsing(false);
        h.setOnAction(e -> {
            h.setVisited(false);
            goTo(step);
        });
        h.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && canGoTo(step)) {
                e.consume();
                goTo(step);
            }
        });
        h.setAccessibleText("Go to step " + label.getText());
        crumbs.add(h);
        return h;
    }

    private void refreshCrumbs() {
        for (int i = 0; i < crumbs.size(); i++) {
            boolean go = canGoTo(i);
            crumbs.get(i).setFocusTraversable(go);
            crumbs.get(i).setMouseTransparent(!go);
        }
    }

    /** Whether the breadcrumb of {@code step} leads somewhere: a visited step other than the current one. */
    private boolean canGoTo(int step) {
        return step != page.get() && step <= furthest.get() && step < finishPage && !finishing.get();
    }

    /**
     * Goes to a visited step: back like Back, or forward over steps that are still valid (stopping at the first that
     * is not); the review plans again when it is reached.
     */
    public void goTo(int step) {
        if (!canGoTo(step)) return;
        int from = page.get();
        int target = step;
        for (int s = from; s < step; s++) {
            if (!def.valid(s).get()) {
                target = s;
                break;
            }
        }
        if (target == from) return;
        if (from == reviewStep) review.cancel("");
        showPage(target);
        if (target == reviewStep) startPlan();
    }

    private static Node scroll(Node content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sp.getStyleClass().add("edge-to-edge");
        return sp;
    }

    private Node buildReviewPage() {
        review.build();
        Label live = new Label();
        live.setId("liveNote");
        live.textProperty().bind(liveNote);
        live.getStyleClass().add(Styles.WARNING);
        live.setWrapText(true);
        showWhen(live, liveNote.isNotEmpty());
        generatedText = PlanReview.monospace("sqlText");
        yamlText = PlanReview.monospace("yamlText");
        TabPane tabs = new TabPane(tab("Plan", review.text()), tab(def.generatedTabTitle(), generatedText),
                tab("Stack YAML", yamlText));
        tabs.setId("reviewTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);

        GridPane options = Forms.grid();
        TextField message = Forms.textField("commitMessage", def.commitMessage(), "why this change is made");
        Forms.row(options, 0, "Commit _message", message, "commitMessage", def.commitMessage());
        CheckBox applyBox = new CheckBox();
        applyBox.setId("applyAfterCommit");
        applyBox.setMnemonicParsing(false);
        applyBox.textProperty().bind(Bindings.createStringBinding(() -> def.connection().get() == null
                ? "Apply after commit (needs a connection; this plan is offline)"
                : "Apply to " + def.connection().get().name() + " after commit", def.connection()));
        applyBox.selectedProperty().bindBidirectional(def.applyAfterCommit());
        applyBox.disableProperty().bind(livePlan.not().or(planning));
        Label applyReason = Forms.hint("");
        applyReason.setId("applyReason");
        applyReason.textProperty().bind(Bindings.createStringBinding(() -> livePlan.get() || plan.get() == null ? ""
                : def.connection().get() == null
                ? "Apply needs a live " + def.systemName() + " connection; this plan is offline. Commit now and apply later."
                : "Apply is not available: the live connection did not work (see above). The commit is made offline.",
                livePlan, plan, def.connection()));
        showWhen(applyReason, applyReason.textProperty().isNotEmpty());
        CheckBox destroyBox = new CheckBox("Allow destructive changes (drop, revoke, replace)");
        destroyBox.setId("allowDestroy");
        destroyBox.setMnemonicParsing(false);
        destroyBox.selectedProperty().bindBidirectional(def.allowDestroy());
        destroyBox.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !livePlan.get() || plan.get() == null || plan.get().destructive().isEmpty(), plan, livePlan));
        int row = 1;
        options.add(new VBox(2, applyBox, applyReason), 1, row++);
        for (Node n : def.reviewOptions()) options.add(n, 1, row++);
        options.add(destroyBox, 1, row);

        return new VBox(8, review.statusRow(), review.summary(), live, overwrite.node(), review.warnings(), tabs,
                Forms.messageList("reviewMessages", new FilteredList<>(def.reviewMessages(),
                        m -> !m.startsWith(def.commitMessage().label() + ": "))), options);
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    private static void showWhen(Node n, javafx.beans.value.ObservableBooleanValue condition) {
        n.visibleProperty().bind(condition);
        n.managedProperty().bind(condition);
    }

    private Node buildFinishPage() {
        result = new WizardFinish();
        cancelApply = new Button("Cancel app_ly");
        cancelApply.setId("cancelApply");
        cancelApply.setDisable(true);
        cancelApply.setVisible(false);
        cancelApply.setOnAction(e -> {
            if (applyProgress != null) {
                applyProgress.cancel();
                cancelApply.setDisable(true);
                result.progressStatus().setText("Cancelling: the apply stops after the statement that is running…");
            }
        });
        result.status().setMinHeight(Region.USE_PREF_SIZE);
        result.status().setMaxWidth(Double.MAX_VALUE);
        return new VBox(10, result.status(), new HBox(8, result.progressBar(), cancelApply), result.progressStatus(),
                buildRefusal(), result.text());
    }

    /** Both plans side by side and what differs, shown when the live plan is no longer the reviewed one. */
    private Node buildRefusal() {
        reviewedSummary = bold("reviewedPlanSummary");
        reviewedText = PlanReview.monospace("reviewedPlanText");
        liveSummary = bold("livePlanSummary");
        liveText = PlanReview.monospace("livePlanText");
        for (TextArea t : List.of(reviewedText, liveText)) t.setPrefRowCount(8);
        VBox left = new VBox(4, new Label("The plan you reviewed"), reviewedSummary, reviewedText);
        VBox right = new VBox(4, new Label("The plan against the live system now"), liveSummary, liveText);
        HBox both = new HBox(10, left, right);
        for (VBox v : List.of(left, right)) {
            HBox.setHgrow(v, Priority.ALWAYS);
            v.setPrefWidth(10);
        }
        differences = PlanReview.monospace("planDifferences");
        differences.setPrefRowCount(6);
        Button again = new Button("Back to the review to plan _again", new FontIcon(Feather.REFRESH_CW));
        again.setId("backToReview");
        again.disableProperty().bind(finishing);
        again.setOnAction(e -> goBack());
        Label hint = Forms.hint("The stack stays committed (Applied: no). Nothing ran, so nothing needs undoing: go back to"
                + " the review, check the plan against the live system as it is now, and finish again.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        VBox v = new VBox(6, both, new Label("What differs"), differences, hint, again);
        v.setId("refusal");
        showWhen(v, refused);
        return v;
    }

    private static Label bold(String id) {
        Label l = new Label();
        l.setId(id);
        l.setStyle("-fx-font-weight: bold;");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private Node buildButtons() {
        Button back = new Button(BACK, new FontIcon(Feather.CHEVRON_LEFT));
        back.setId("back");
        back.setOnAction(e -> goBack());
        Button next = new Button(NEXT, new FontIcon(Feather.CHEVRON_RIGHT));
        next.setId("next");
        next.setContentDisplay(ContentDisplay.RIGHT);
        next.setOnAction(e -> goNext());
        Button finish = new Button(FINISH, new FontIcon(Feather.CHECK));
        finish.setId("finish");
        finish.setUserData(ButtonType.FINISH);
        finish.setOnAction(e -> finish());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> requestClose());

        next.defaultButtonProperty().bind(page.lessThan(reviewStep));
        finish.defaultButtonProperty().bind(page.isEqualTo(reviewStep));
        back.disableProperty().bind(page.isEqualTo(0).or(finishing));
        List<Observable> deps = new ArrayList<>(List.of(page));
        for (int s = 0; s <= reviewStep; s++) deps.add(def.valid(s));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> page.get() >= reviewStep || !def.valid(page.get()).get(), deps.toArray(Observable[]::new)));
        finish.disableProperty().bind(page.isNotEqualTo(reviewStep).or(plan.isNull()).or(planning).or(finishing)
                .or(overwrite.blocksFinish())
                .or(Bindings.createBooleanBinding(() -> !def.allValid().get(), def.allValid())));
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
        if (p > furthest.get()) furthest.set(p);
        root.setCenter(pages.get(p));
        refreshCrumbs();
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
        String id = p == 0 ? "connection" : p == reviewStep ? "commitMessage" : p == finishPage ? "resultText"
                : def.firstField(p);
        root.applyCss();    // a page shown the first time has no skin yet, so its scroll pane's content is not found
        Node target = root.getCenter().lookup("#" + id);
        if (target != null) target.requestFocus();
    }

    private void goNext() {
        int p = page.get();
        if (p >= reviewStep || !def.valid(p).get()) return;
        showPage(p + 1);
        if (p + 1 == reviewStep) startPlan();
    }

    private void goBack() {
        int p = page.get();
        if (p == 0 || finishing.get()) return;
        if (p == reviewStep) review.cancel("");
        showPage(p - 1);
        if (p == finishPage) startPlan();
    }

    private void requestClose() {
        if (finishing.get()) {
            result.progressStatus().textProperty().unbind();
            result.progressStatus().setText("The commit or apply is still running: cancel the apply or wait until it ends.");
            return;
        }
        if (def.dirty().get() && !def.yaml().equals(committedYaml)) {
            if (!WizardFinish.confirmDiscard(stage, def.title(), committed.get())) return;
        }
        review.cancel("");
        stage.close();
    }

    // ---- connections --------------------------------------------------------------------------------------------

    private void loadConnections() {
        String type = def.connectionType();
        async(() -> wb.connections().load().stream().filter(c -> type.equals(c.type())).toList(),
                profiles -> {
                    def.connectionsLoaded(profiles);
                    connectionPicker.setProfiles(profiles);
                },
                connectionPicker::showLoadError);
    }

    // ---- review -------------------------------------------------------------------------------------------------

    private void startPlan() {
        long generation = review.reset();
        livePlan.set(false);
        liveNote.set("");
        def.allowDestroy().set(false);
        def.planStarting();
        generatedText.clear();
        Stack stack = def.stack();
        String yaml = def.yaml();
        yamlText.setText(yaml);
        reviewed = null;
        overwrite.clear();
        if (!def.stackReady()) {
            review.setStatus("The answers have problems (listed below); go back and fix them to see the plan.");
            return;
        }
        overwrite.check(wb, executor, stack, committedYaml);
        ConnectionProfile connection = def.connection().get();
        FxProgress progress = review.begin(connection);
        String file = "stacks/" + stack.name() + ".yaml";
        boolean fallBack = def.offlineWhenLiveFails();
        async(() -> {
            Stack parsed = wb.parseStack(file, yaml);
            String generated = String.join("\n", wb.generatedFiles(parsed).values());
            if (connection == null) return new Reviewed(parsed, yaml, wb.offlinePlan(parsed), generated, false, null);
            try {
                return new Reviewed(parsed, yaml, wb.planForReview(parsed, connection, progress), generated, true, null);
            } catch (ProviderException e) {
                if (!fallBack) throw e;
                return new Reviewed(parsed, yaml, wb.offlinePlan(parsed), generated, false, UiErrors.message(e));
            }
        }, r -> {
            if (!review.isCurrent(generation)) return;
            reviewed = r;
            generatedText.setText(r.generated());
            livePlan.set(r.live());
            if (!r.live()) def.applyAfterCommit().set(false);
            if (r.liveProblem() != null) {
                liveNote.set("No live plan — " + r.liveProblem() + " The plan below is offline: it assumes nothing"
                        + " exists yet.");
            }
            review.show(r.plan(), r.plan().offline() ? "offline: assuming nothing exists" : "against " + connection.name());
        }, e -> {
            if (review.isCurrent(generation)) review.fail(e);
        });
    }

    // ---- finish -------------------------------------------------------------------------------------------------

    private void finish() {
        Reviewed r = reviewed;
        if (page.get() != reviewStep || r == null || plan.get() == null || planning.get() || finishing.get()
                || !def.allValid().get() || overwrite.blocksFinish().get()) {
            return;
        }
        Plan reviewedPlan = r.plan();
        String message = def.commitMessage().get().strip();
        ConnectionProfile connection = def.connection().get();
        boolean apply = r.live() && connection != null && def.applyAfterCommit().get();
        // a stack the wizard applies is bound to that connection (target:), so it is not applied elsewhere by mistake
        Stack stack = apply ? bound(r.stack(), connection) : r.stack();
        String yaml = stack == r.stack() ? r.yaml() : StackWriter.toYaml(stack);
        boolean allowDestroy = def.allowDestroy().get() && !reviewedPlan.destructive().isEmpty();
        WizardDefinition.AfterApply after = apply ? def.afterApply(connection) : null;

        finishing.set(true);
        refused.set(false);
        showPage(finishPage);
        result.text().clear();
        result.status().setText("Committing " + stack.name() + " to the config repository…");
        ProgressBar bar = result.progressBar();
        Label progressStatus = result.progressStatus();
        progressStatus.textProperty().unbind();
        progressStatus.setText("Writing stacks/" + stack.name() + ".yaml and its generated files");
        bar.progressProperty().unbind();
        bar.setProgress(-1);
        FxProgress progress = new FxProgress(Platform::runLater);
        applyProgress = apply ? progress : null;
        cancelApply.setDisable(true);
        cancelApply.setVisible(apply);

        AtomicReference<CommitInfo> first = new AtomicReference<>();
        async(() -> wb.commitThenApply(stack, yaml, reviewedPlan, connection, apply, allowDestroy, message, progress, c -> {
            first.set(c);
            Platform.runLater(() -> afterCommit(c, yaml, apply, connection, progress));
        }).applied(), outcome -> {
            applyProgress = null;
            cancelApply.setDisable(true);
            bar.progressProperty().unbind();
            progressStatus.textProperty().unbind();
            if (outcome == null) {
                finishing.set(false);
                bar.setProgress(1);
                progressStatus.setText("Done: committed, not applied.");
                result.status().setText("Committed " + first.get().shortId() + ". The stack is in the config repository"
                        + " (Applied: no); " + (connection == null || !r.live()
                        ? "apply it later with a live connection." : "it was not applied."));
                return;
            }
            showApplyOutcome(reviewedPlan, outcome);
            if (after != null && outcome.result().outcome() == ApplyResult.Outcome.SUCCEEDED) {
                runAfterApply(after);
            } else {
                if (after != null) result.append(after.skipped());
                finishing.set(false);
            }
        }, e -> {
            finishing.set(false);
            applyProgress = null;
            cancelApply.setDisable(true);
            bar.progressProperty().unbind();
            bar.setProgress(0);
            progressStatus.textProperty().unbind();
            String what = first.get() == null ? "The commit failed" : (apply ? "The apply failed" : "Failed");
            progressStatus.setText(what + ".");
            result.status().setText(what + ": " + UiErrors.message(e));
            result.append((first.get() == null ? "Nothing was committed." : "The stack was committed as "
                    + first.get().shortId() + "; the apply did not finish.") + " Go Back to review, fix and finish again.");
        });
    }

    /**
     * The reviewed stack bound to the connection it is applied to ({@link Stack#withTarget}); a stack already bound
     * (to any connection) stays as it is: the apply then refuses another connection as usual.
     */
    static Stack bound(Stack reviewed, ConnectionProfile connection) {
        if (connection == null || reviewed.hasTarget() || !connection.name().matches(Stack.TARGET_RULE)) return reviewed;
        return reviewed.withTarget(connection.name());
    }

    private void afterCommit(CommitInfo c, String yaml, boolean apply, ConnectionProfile connection, FxProgress progress) {
        committed.set(true);
        committedYaml = yaml;
        result.append("Committed " + c.shortId() + " (Applied: no): " + def.commitMessage().get().strip());
        if (apply && finishing.get()) {
            result.status().setText("Applying to " + connection.name() + "…");
            result.progressBar().progressProperty().bind(progress.fractionProperty());
            result.progressStatus().textProperty().bind(progress.messageProperty());
            cancelApply.setDisable(applyProgress == null);
        }
        result.notifyCommitted(onCommitted);
    }

    private void showApplyOutcome(Plan reviewedPlan, Workbench.ApplyOutcome outcome) {
        ApplyResult r = outcome.result();
        long ok = r.executed().stream().filter(x -> x.outcome() == ApplyResult.StatementOutcome.OK).count();
        // the line under the bar said the last statement while it ran; now it says how the apply ended
        result.progressStatus().setText(progressOutcome(r, ok));
        String b = ApplyLog.text(outcome);
        if (!b.isEmpty()) result.append(b.toString().stripTrailing());
        String commitNote = outcome.commit() == null ? "" : " Recorded as commit " + outcome.commit().shortId() + ".";
        ProgressBar bar = result.progressBar();
        switch (r.outcome()) {
            case SUCCEEDED -> {
                bar.setProgress(1);
                result.status().setText((r.executed().isEmpty() ? "Nothing to apply: the live system already matches."
                        : def.appliedStatus(ok)) + commitNote);
            }
            case FAILED -> result.status().setText("The apply failed after " + ok + " of " + r.executed().size()
                    + " statements: " + r.failure() + "." + commitNote + " Go Back to review and fix.");
            case CANCELLED -> result.status().setText("The apply was cancelled after " + ok + " of " + r.executed().size()
                    + " statements." + commitNote + " The next plan shows what is left.");
            case TIMED_OUT -> result.status().setText("The apply timed out after " + ok + " of " + r.executed().size()
                    + " statements: " + r.failure() + "." + commitNote + " The last operation may still be running in the"
                    + " system; plan again later to see what is left.");
            case REFUSED -> {
                bar.setProgress(0);
                result.progressStatus().setText("Refused: nothing ran.");
                Plan live = outcome.plan();
                if (live != null && !live.sha256().equalsIgnoreCase(reviewedPlan.sha256())) {
                    showRefusal(reviewedPlan, live);
                } else {
                    result.status().setText("The apply was refused: the live plan has destructive changes and"
                            + " destruction was not allowed. Nothing ran. Go Back to review it.");
                }
            }
        }
        if (outcome.commit() != null) result.notifyCommitted(onCommitted);
    }

    /** The line under the progress bar once an apply ended: its outcome, not the last statement. */
    static String progressOutcome(ApplyResult r, long ok) {
        int n = r.executed().size();
        return switch (r.outcome()) {
            case SUCCEEDED -> n == 0 ? "Done: nothing to apply." : "Done: " + ok + " of " + n + " statements ran.";
            case FAILED -> "Failed after " + ok + " of " + n + " statements.";
            case CANCELLED -> "Cancelled after " + ok + " of " + n + " statements.";
            case TIMED_OUT -> "Timed out after " + ok + " of " + n + " statements.";
            case REFUSED -> "Refused: nothing ran.";
        };
    }

    private void showRefusal(Plan reviewedPlan, Plan live) {
        result.status().setText("The apply was refused: the live system changed since the review, so the plan that"
                + " would run now is not the plan you reviewed. Nothing was run.");
        result.progressStatus().setText("Both plans are below.");
        reviewedSummary.setText(summaryLine(reviewedPlan));
        reviewedText.setText(reviewedPlan.toText());
        liveSummary.setText(summaryLine(live));
        liveText.setText(live.toText());
        List<String> diff = differences(reviewedPlan, live);
        differences.setText(diff.isEmpty() ? "(the changes are the same; the plans differ in their warnings or details)"
                : String.join("\n", diff));
        refused.set(true);
    }

    private static String summaryLine(Plan p) {
        Plan.Summary s = p.summary();
        return s.trailer() + "   (" + s.create() + " to create, " + s.update() + " to update, " + s.replace()
                + " to replace, " + s.drop() + " to drop; sha256 " + p.sha256().substring(0, 12) + ")";
    }

    /**
     * The changes that differ between two plans of the same stack, one resource per block: what the reviewed plan
     * would have done to it and what the live plan would do now ("no change" when a plan leaves it alone).
     */
    public static List<String> differences(Plan reviewedPlan, Plan live) {
        Map<String, String> before = blocks(reviewedPlan);
        Map<String, String> now = blocks(live);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = before.getOrDefault(k, "no change");
            String b = now.getOrDefault(k, "no change");
            if (a.equals(b)) continue;
            out.add(k);
            out.add("  reviewed: " + a.replace("\n", "\n            "));
            out.add("  live now: " + b.replace("\n", "\n            "));
        }
        return out;
    }

    private static Map<String, String> blocks(Plan p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Change ch : p.actionable()) {
            StringBuilder b = new StringBuilder(ch.action().symbol() + " " + ch.action().json());
            for (Statement st : ch.statements()) b.append('\n').append(statementText(st.display()));
            m.merge(ch.type() + " " + ch.name(), b.toString(), (x, y) -> x + "\n" + y);
        }
        return m;
    }

    private void runAfterApply(WizardDefinition.AfterApply after) {
        String status = result.status().getText();
        String applied = result.progressStatus().getText();
        result.status().setText(status + " " + after.running());
        result.progressStatus().setText(after.running());
        result.progressBar().setProgress(-1);
        async(after::run, line -> {
            finishing.set(false);
            result.progressStatus().setText(applied + " " + line);
            result.progressBar().setProgress(1);
            result.status().setText(status + " " + line);
            result.append(line);
        }, e -> {
            finishing.set(false);
            result.progressBar().setProgress(1);
            String line = after.failed(e);
            result.progressStatus().setText(applied + " " + line);
            result.status().setText(status + " " + line);
            result.append(line);
        });
    }

    /** One line of a statement: SQL as it is, a request document as canonical JSON; long ones shortened. */
    private static String statementText(Object statement) {
        return ApplyLog.statementText(statement);
    }

    // ---- background work ----------------------------------------------------------------------------------------

    /** Runs {@code work} on the executor; exactly one callback then runs on the FX thread. */
    private <T> void async(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        PlanReview.async(executor, work, onSuccess, onError);
    }
}
