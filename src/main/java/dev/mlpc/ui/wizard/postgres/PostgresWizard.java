package dev.mlpc.ui.wizard.postgres;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.PlanReview;
import dev.mlpc.ui.wizard.WizardFinish;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.ExtensionChoice;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.GrantChoice;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.GrantKind;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.Step;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The wizard "PostgreSQL model-management backend" (seed 003): connection (or offline), database, schema and roles
 * with grants, extensions, review of the plan, then commit to the config repository and optionally apply.
 *
 * <p>One {@link Stage} whose content switches between step pages sharing one {@link PostgresWizardModel}; this way
 * the review page can compute the plan asynchronously when it is entered, which a ControlsFX {@code Wizard} cannot.
 * Every service call ({@link Workbench}) runs on the given executor; the FX thread only updates nodes. Failures are
 * shown in the wizard as messages, and the answers stay: the user can go back, fix and finish again.
 *
 * <p>Controls carry stable ids for tests and tooling: {@code #connection}, {@code #stackName}, {@code #description},
 * {@code #databaseName}, {@code #ownerRole}, {@code #encoding}, {@code #lcCollate}, {@code #lcCtype},
 * {@code #template}, {@code #connectionLimit}, {@code #comment}, {@code #schemaName}, {@code #writerRole},
 * {@code #writerLogin}, {@code #writerPassword}, {@code #readerRole}, {@code #readerLogin}, {@code #readerPassword},
 * grant boxes {@code #writerConnect}, {@code #writerUsage}, {@code #writerTables}, {@code #writerFuture} (and
 * {@code #reader…}), extensions {@code #ext-<name>} with {@code #extSchema-<name>}, review {@code #planText},
 * {@code #yamlText}, {@code #planSummary}, {@code #planStatus}, {@code #planProgress}, {@code #cancelPlan},
 * {@code #replan}, {@code #commitMessage}, {@code #applyAfterCommit}, {@code #allowDestroy}, {@code #installRegistry}, finish
 * {@code #progress}, {@code #progressStatus}, {@code #cancelApply}, {@code #resultStatus}, {@code #resultText},
 * and the buttons {@code #back}, {@code #next}, {@code #finish}, {@code #cancel}. The inline message of a field has
 * the field's id plus {@code Error}.
 */
public final class PostgresWizard {
    /** The wizard's window title. */
    public static final String TITLE = "PostgreSQL model-management backend";

    /** The pages of the wizard, in order: the model's steps plus the finish page. */
    public enum Page {
        CONNECTION("Connection"), DATABASE("Database"), ROLES("Schema and roles"), EXTENSIONS("Extensions"),
        REVIEW("Review"), FINISH("Finish");

        private final String title;

        Page(String title) { this.title = title; }

        /** The title in the step indicator. */
        public String title() { return title; }

        Step step() {
            return this == FINISH ? Step.REVIEW : Step.values()[ordinal()];
        }
    }

    private final Workbench wb;
    private final ExecutorService executor;
    private final PostgresWizardModel model;

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.CONNECTION);
    private final PlanReview review = new PlanReview(this::startPlan, "no changes, the live system matches the stack.");
    private final ReadOnlyObjectProperty<Plan> plan = review.plan();
    private final ReadOnlyBooleanProperty planning = review.planning();
    private final BooleanProperty finishing = new SimpleBooleanProperty(this, "finishing", false);
    private final BooleanProperty committed = new SimpleBooleanProperty(this, "committed", false);
    private final List<Label> indicator = new ArrayList<>();

    private Stage stage;
    private BorderPane root;
    private Runnable onCommitted = () -> { };
    private Stack reviewedStack;
    private String reviewedYaml;
    private String committedYaml;

    private Node connectionPage;
    private Node databasePage;
    private Node rolesPage;
    private Node extensionsPage;
    private Node reviewPage;
    private Node finishPage;

    private ConnectionPicker connectionPicker;
    private TextArea yamlText;
    private CheckBox applyBox;
    private CheckBox destroyBox;
    private CheckBox installBox;

    private ProgressBar progressBar;
    private Label progressStatus;
    private Button cancelApply;
    private Label resultStatus;
    private TextArea resultText;
    private WizardFinish result;
    private FxProgress applyProgress;

    private Button back;
    private Button next;
    private Button finish;
    private Button cancel;

    /**
     * @param wb       the services (plan, commit, apply, repository, connections)
     * @param executor where all service calls run; never the FX thread
     */
    public PostgresWizard(Workbench wb, ExecutorService executor) {
        this.wb = Objects.requireNonNull(wb);
        this.executor = Objects.requireNonNull(executor);
        this.model = new PostgresWizardModel(wb.registry());
    }

    /** The answers and their validation. */
    public PostgresWizardModel model() { return model; }

    /** The wizard's window, once {@link #show} was called (null before). */
    public Stage stage() { return stage; }

    /** The root node of the wizard's scene, once {@link #show} was called (null before). */
    public Parent root() { return root; }

    /** The page shown now. */
    public Page page() { return page.get(); }

    /**
     * Opens the wizard in its own window (FX thread). A wizard is one flow: calling this again brings its window back
     * with the answers it holds.
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
        stage.setTitle(TITLE);
        root = buildRoot();
        stage.setScene(new Scene(root, 860, 720));
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
        showPage(Page.CONNECTION);
        stage.show();
        loadConnections();
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    private BorderPane buildRoot() {
        BorderPane bp = new BorderPane();
        bp.setId("postgresWizard");
        bp.setPadding(new Insets(16));

        Label title = new Label(TITLE);
        title.getStyleClass().add(Styles.TITLE_3);
        title.setStyle(title.getStyle() + "-fx-font-size: 1.3em; -fx-font-weight: bold;");
        HBox steps = new HBox(6);
        steps.setId("stepIndicator");
        steps.setAlignment(Pos.CENTER_LEFT);
        for (Page p : Page.values()) {
            if (p.ordinal() > 0) steps.getChildren().add(new Label("›"));
            Label l = new Label((p.ordinal() + 1) + " " + p.title());
            l.setId("step-" + p.name().toLowerCase(java.util.Locale.ROOT));
            indicator.add(l);
            steps.getChildren().add(l);
        }
        VBox top = new VBox(8, title, steps);
        top.setPadding(new Insets(0, 0, 12, 0));
        bp.setTop(top);

        connectionPage = scroll(buildConnectionPage());
        databasePage = scroll(buildDatabasePage());
        rolesPage = scroll(buildRolesPage());
        extensionsPage = scroll(buildExtensionsPage());
        reviewPage = buildReviewPage();
        finishPage = buildFinishPage();

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

    private static VBox page(String heading, String hint) {
        Label h = new Label(heading);
        h.setStyle("-fx-font-weight: bold;");
        VBox v = new VBox(10, h, Forms.hint(hint));
        v.setPadding(new Insets(0, 12, 0, 0));
        return v;
    }

    private Node buildConnectionPage() {
        VBox v = page("Where the backend lives",
                "Choose a PostgreSQL connection to plan against the live server, or stay offline: the plan then assumes"
                        + " nothing exists yet, and you can commit the stack and apply it later.");
        GridPane g = Forms.grid();
        connectionPicker = new ConnectionPicker(model.connection(), p -> p.setting("url"), true);
        g.add(Forms.label("C_onnection", connectionPicker.box()), 0, 0);
        g.add(connectionPicker.field(), 1, 0);

        TextField stack = Forms.textField("stackName", model.stackName(), "mlreg");
        Forms.row(g, 1, "_Stack name", stack, "stackName", model.stackName());
        TextField desc = Forms.textField("description", model.description(), "what this stack is for");
        Forms.row(g, 2, "_Description", desc, "description", model.description());
        v.getChildren().addAll(g, Forms.hint("The stack is committed as stacks/<stack name>.yaml in the config repository."),
                Forms.messageList("connectionProblems", model.stackProblems(Step.CONNECTION)));
        return v;
    }

    private Node buildDatabasePage() {
        VBox v = page("The database", "The database that holds the model registry, owned by a role without login.");
        GridPane g = Forms.grid();
        int r = 0;
        Forms.row(g, r++, "_Database name", Forms.textField("databaseName", model.databaseName(), "ml_models"),
                "databaseName", model.databaseName());
        Forms.row(g, r++, "_Owner role", Forms.textField("ownerRole", model.ownerRole(), "mlreg_owner"),
                "ownerRole", model.ownerRole());
        Forms.row(g, r++, "_Encoding", Forms.choiceCombo("encoding", model.encoding(), PostgresWizardModel.ENCODINGS),
                "encoding", model.encoding());
        Forms.row(g, r++, "_Collation (lc_collate)",
                Forms.editableCombo("lcCollate", model.lcCollate(), PostgresWizardModel.LOCALES),
                "lcCollate", model.lcCollate());
        Forms.row(g, r++, "C_haracter classes (lc_ctype)",
                Forms.editableCombo("lcCtype", model.lcCtype(), PostgresWizardModel.LOCALES),
                "lcCtype", model.lcCtype());
        Forms.row(g, r++, "_Template", Forms.choiceCombo("template", model.template(), PostgresWizardModel.TEMPLATES),
                "template", model.template());
        Forms.row(g, r++, "Connection _limit", Forms.textField("connectionLimit", model.connectionLimit(), "-1 = no limit"),
                "connectionLimit", model.connectionLimit());
        Forms.row(g, r++, "Co_mment", Forms.textField("comment", model.comment(), "COMMENT ON DATABASE"),
                "comment", model.comment());
        v.getChildren().addAll(g,
                Forms.hint("A locale other than the template's needs template0. Encoding, collation and template are"
                        + " fixed once the database exists: changing them later means replacing the database."),
                Forms.messageList("databaseProblems", model.stackProblems(Step.DATABASE)));
        return v;
    }

    private Node buildRolesPage() {
        VBox v = page("Schema and roles",
                "A schema for the registry's tables, a writer role for the registry service and a reader role for"
                        + " dashboards. Passwords are references to a secret (${env:NAME} or ${keychain:service/account}),"
                        + " never the password itself.");
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Sc_hema name", Forms.textField("schemaName", model.schemaName(), "ml_model_schema"),
                "schemaName", model.schemaName());
        HBox roles = new HBox(16,
                roleBox("writer", "_Writer role", model.writerRole(), model.writerLogin(), model.writerPassword(),
                        PostgresWizardModel.writerPrivileges(), model::writerGrant),
                roleBox("reader", "_Reader role", model.readerRole(), model.readerLogin(), model.readerPassword(),
                        PostgresWizardModel.readerPrivileges(), model::readerGrant));
        roles.getChildren().forEach(n -> {
            HBox.setHgrow(n, Priority.ALWAYS);
            ((Region) n).setPrefWidth(10);
        });
        v.getChildren().addAll(g, roles, Forms.messageList("rolesProblems", model.stackProblems(Step.ROLES)));
        return v;
    }

    private Node roleBox(String prefix, String label, ValidatedText name, BooleanProperty login, ValidatedText password,
                         List<String> tablePrivileges, java.util.function.Function<GrantKind, GrantChoice> grants) {
        VBox box = new VBox(6);
        box.setPadding(new Insets(10));
        box.setStyle("-fx-border-color: derive(-fx-base, -15%); -fx-border-radius: 4;");
        box.setMaxWidth(Double.MAX_VALUE);
        String roleId = prefix + "Role";
        TextField nameField = Forms.textField(roleId, name, null);
        CheckBox loginBox = new CheckBox("Can log in");
        loginBox.setMnemonicParsing(false);
        loginBox.setId(prefix + "Login");
        loginBox.selectedProperty().bindBidirectional(login);
        String pwId = prefix + "Password";
        TextField pw = Forms.textField(pwId, password, "${env:" + prefix.toUpperCase(java.util.Locale.ROOT) + "_PW} (optional)");
        box.getChildren().addAll(Forms.label(label, nameField), nameField, Forms.errorLabel(roleId, name), loginBox,
                new Label("Password reference"), pw, Forms.errorLabel(pwId, password), new Label("Grants"));
        for (GrantKind k : GrantKind.values()) {
            String text = switch (k) {
                case CONNECT -> "CONNECT on the database";
                case USAGE -> "USAGE on the schema";
                case TABLES -> String.join(", ", tablePrivileges) + " on all tables";
                case FUTURE -> String.join(", ", tablePrivileges) + " on future tables (default privileges)";
            };
            CheckBox cb = new CheckBox(text);
            cb.setMnemonicParsing(false);
            cb.setId(prefix + Character.toUpperCase(k.suffix().charAt(0)) + k.suffix().substring(1));
            cb.selectedProperty().bindBidirectional(grants.apply(k).selected());
            cb.setWrapText(true);
            cb.setMaxWidth(Double.MAX_VALUE);
            cb.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(cb);
        }
        return box;
    }

    private Node buildExtensionsPage() {
        VBox v = page("Extensions", "Extensions to install in the registry database, each into a schema. None is"
                + " required; an extension must be available on the server (vector needs pgvector installed).");
        GridPane g = Forms.grid();
        int r = 0;
        for (ExtensionChoice e : model.extensions()) {
            CheckBox cb = new CheckBox(e.name());
            cb.setMnemonicParsing(false);
            cb.setId("ext-" + e.name());
            cb.selectedProperty().bindBidirectional(e.selected());
            String schemaId = "extSchema-" + e.name();
            TextField schema = Forms.textField(schemaId, e.schema(), "schema");
            schema.disableProperty().bind(e.selected().not());
            schema.setPrefColumnCount(16);
            Label desc = Forms.hint(e.description());
            HBox into = new HBox(8, new Label("into schema"), schema);
            into.setAlignment(Pos.CENTER_LEFT);
            VBox right = new VBox(2, into, Forms.errorLabel(schemaId, e.schema()), desc);
            g.add(cb, 0, r);
            g.add(right, 1, r);
            GridPane.setValignment(cb, javafx.geometry.VPos.TOP);
            r++;
        }
        v.getChildren().addAll(g, Forms.messageList("extensionsProblems", model.stackProblems(Step.EXTENSIONS)));
        return v;
    }

    private Node buildReviewPage() {
        review.build();
        yamlText = monospace("yamlText");
        Tab planTab = new Tab("Plan", review.text());
        planTab.setClosable(false);
        Tab yamlTab = new Tab("Stack YAML", yamlText);
        yamlTab.setClosable(false);
        TabPane tabs = new TabPane(planTab, yamlTab);
        tabs.setId("reviewTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);

        GridPane options = Forms.grid();
        TextField message = Forms.textField("commitMessage", model.commitMessage(), "why this change is made");
        Forms.row(options, 0, "Commit _message", message, "commitMessage", model.commitMessage());
        applyBox = new CheckBox();
        applyBox.setId("applyAfterCommit");
        applyBox.setMnemonicParsing(false);
        applyBox.textProperty().bind(Bindings.createStringBinding(() -> model.connection().get() == null
                ? "Apply after commit (needs a connection; this plan is offline)"
                : "Apply to " + model.connection().get().name() + " after commit", model.connection()));
        applyBox.selectedProperty().bindBidirectional(model.applyAfterCommit());
        applyBox.disableProperty().bind(model.connection().isNull());
        destroyBox = new CheckBox("Allow destructive changes (drop, revoke, replace)");
        destroyBox.setId("allowDestroy");
        destroyBox.setMnemonicParsing(false);
        destroyBox.selectedProperty().bindBidirectional(model.allowDestroy());
        destroyBox.disableProperty().bind(Bindings.createBooleanBinding(
                () -> plan.get() == null || plan.get().destructive().isEmpty(), plan));
        installBox = new CheckBox();
        installBox.setId("installRegistry");
        installBox.setMnemonicParsing(false);
        installBox.textProperty().bind(Bindings.createStringBinding(() -> "Install the model registry in schema "
                + model.schemaName().get() + " after the apply", model.schemaName().value()));
        installBox.selectedProperty().bindBidirectional(model.installRegistry());
        installBox.disableProperty().bind(model.connection().isNull().or(model.applyAfterCommit().not()));
        options.add(applyBox, 1, 1);
        options.add(installBox, 1, 2);
        options.add(destroyBox, 1, 3);

        VBox v = new VBox(8, review.statusRow(), review.summary(), review.warnings(), tabs,
                Forms.messageList("reviewMessages", new FilteredList<>(model.messages(Step.REVIEW),
                        m -> !m.startsWith(model.commitMessage().label() + ": "))), options);
        return v;
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
        cancelApply = new Button("Cancel app_ly");
        cancelApply.setId("cancelApply");
        cancelApply.setDisable(true);
        cancelApply.setOnAction(e -> {
            if (applyProgress != null) {
                applyProgress.cancel();
                cancelApply.setDisable(true);
                progressStatus.setText("Cancelling: the apply stops after the statement that is running…");
            }
        });
        return new VBox(10, resultStatus, new HBox(8, progressBar, cancelApply), progressStatus, resultText);
    }

    private Node buildButtons() {
        back = new Button("_Back", new FontIcon(Feather.CHEVRON_LEFT));
        back.setId("back");
        back.setOnAction(e -> goBack());
        next = new Button("_Next", new FontIcon(Feather.CHEVRON_RIGHT));
        next.setId("next");
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        next.setOnAction(e -> goNext());
        finish = new Button("_Finish", new FontIcon(Feather.CHECK));
        finish.setId("finish");
        finish.setOnAction(e -> finish());
        cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> requestClose());

        next.defaultButtonProperty().bind(page.isNotEqualTo(Page.REVIEW));
        finish.defaultButtonProperty().bind(page.isEqualTo(Page.REVIEW));
        back.disableProperty().bind(page.isEqualTo(Page.CONNECTION).or(finishing));
        List<javafx.beans.Observable> deps = new ArrayList<>(List.of(page));
        for (Step s : Step.values()) deps.add(model.valid(s));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> page.get().ordinal() >= Page.REVIEW.ordinal() || !model.valid(page.get().step()).get(),
                deps.toArray(javafx.beans.Observable[]::new)));
        finish.disableProperty().bind(page.isNotEqualTo(Page.REVIEW).or(plan.isNull()).or(planning).or(finishing)
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

    private void showPage(Page p) {
        page.set(p);
        root.setCenter(switch (p) {
            case CONNECTION -> connectionPage;
            case DATABASE -> databasePage;
            case ROLES -> rolesPage;
            case EXTENSIONS -> extensionsPage;
            case REVIEW -> reviewPage;
            case FINISH -> finishPage;
        });
        for (int i = 0; i < indicator.size(); i++) {
            Label l = indicator.get(i);
            boolean current = i == p.ordinal();
            l.getStyleClass().removeAll(Styles.ACCENT, Styles.TEXT_BOLD, Styles.TEXT_MUTED);
            l.getStyleClass().add(current ? Styles.ACCENT : i < p.ordinal() ? Styles.TEXT_BOLD : Styles.TEXT_MUTED);
            l.setStyle(current ? "-fx-font-weight: bold; -fx-underline: true;" : "");
        }
        Platform.runLater(this::focusFirstField);
    }

    private void focusFirstField() {
        Node n = root.getCenter();
        Node target = switch (page.get()) {
            case CONNECTION -> n.lookup("#connection");
            case DATABASE -> n.lookup("#databaseName");
            case ROLES -> n.lookup("#schemaName");
            case EXTENSIONS -> n.lookup("#ext-pgcrypto");
            case REVIEW -> n.lookup("#commitMessage");
            case FINISH -> n.lookup("#resultText");
        };
        if (target != null) target.requestFocus();
    }

    private void goNext() {
        Page p = page.get();
        if (p.ordinal() >= Page.REVIEW.ordinal() || !model.valid(p.step()).get()) return;
        Page to = Page.values()[p.ordinal() + 1];
        showPage(to);
        if (to == Page.REVIEW) startPlan();
    }

    private void goBack() {
        Page p = page.get();
        if (p == Page.CONNECTION || finishing.get()) return;
        if (p == Page.REVIEW) {
            review.cancel("");
            showPage(Page.EXTENSIONS);
        } else if (p == Page.FINISH) {
            showPage(Page.REVIEW);
            startPlan();
        } else {
            showPage(Page.values()[p.ordinal() - 1]);
        }
    }

    private void requestClose() {
        if (finishing.get()) {
            progressStatus.setText("The commit or apply is still running: cancel the apply or wait until it ends.");
            return;
        }
        if (model.dirty().get() && !model.yaml().equals(committedYaml)) {
            if (!WizardFinish.confirmDiscard(stage, TITLE, committed.get())) return;
        }
        review.cancel("");
        stage.close();
    }

    // ---- connections --------------------------------------------------------------------------------------------

    private void loadConnections() {
        async(() -> wb.connections().load().stream().filter(c -> "postgres".equals(c.type())).toList(),
                profiles -> {
                    model.connections().setAll(profiles);
                    connectionPicker.setProfiles(profiles);
                },
                connectionPicker::showLoadError);
    }

    // ---- review -------------------------------------------------------------------------------------------------

    private void startPlan() {
        long generation = review.reset();
        model.allowDestroy().set(false);
        Stack stack = model.stack();
        String yaml = model.yaml();
        yamlText.setText(yaml);
        reviewedStack = null;
        reviewedYaml = null;
        if (!stackReady()) {
            review.setStatus("The answers have problems (listed below); go back and fix them to see the plan.");
            return;
        }
        ConnectionProfile connection = model.connection().get();
        FxProgress progress = review.begin(connection);
        String file = "stacks/" + stack.name() + ".yaml";
        async(() -> {
            Stack parsed = wb.parseStack(file, yaml);
            return new Reviewed(parsed, wb.planForReview(parsed, connection, progress));
        }, reviewed -> {
            if (!review.isCurrent(generation)) return;
            reviewedStack = reviewed.stack();
            reviewedYaml = yaml;
            Plan p = reviewed.plan();
            review.show(p, p.offline() ? "offline: assuming nothing exists" : "against " + model.connectionName());
        }, e -> {
            if (review.isCurrent(generation)) review.fail(e);
        });
    }

    private record Reviewed(Stack stack, Plan plan) {}

    /** True when the answers that make up the stack are acceptable (the commit message does not count here). */
    private boolean stackReady() {
        for (Step s : Step.values()) {
            if (s != Step.REVIEW && !model.valid(s).get()) return false;
        }
        return model.stackProblems(Step.REVIEW).isEmpty();
    }

    // ---- finish -------------------------------------------------------------------------------------------------

    private void finish() {
        Plan reviewed = plan.get();
        if (page.get() != Page.REVIEW || reviewed == null || planning.get() || finishing.get()
                || !model.allValid().get() || reviewedStack == null) {
            return;
        }
        Stack stack = reviewedStack;
        String yaml = reviewedYaml;
        String message = model.commitMessage().get().strip();
        ConnectionProfile connection = model.connection().get();
        boolean apply = connection != null && model.applyAfterCommit().get();
        boolean allowDestroy = model.allowDestroy().get() && !reviewed.destructive().isEmpty();
        boolean install = apply && model.installRegistry().get();
        String registryDatabase = model.databaseName().get();
        String registrySchema = model.schemaName().get();

        finishing.set(true);
        showPage(Page.FINISH);
        resultText.clear();
        resultStatus.setText("Committing " + stack.name() + " to the config repository…");
        progressStatus.setText("");
        FxProgress progress = new FxProgress(Platform::runLater);
        applyProgress = progress;
        progressBar.progressProperty().bind(progress.fractionProperty());
        progressStatus.textProperty().unbind();
        cancelApply.setDisable(true);
        cancelApply.setVisible(apply);

        AtomicReference<CommitInfo> first = new AtomicReference<>();
        async(() -> {
            return wb.commitThenApply(stack, yaml, reviewed, connection, apply, allowDestroy, message, progress, c -> {
                first.set(c);
                Platform.runLater(() -> afterCommit(c, yaml, apply, connection));
            }).applied();
        }, outcome -> {
            applyProgress = null;
            cancelApply.setDisable(true);
            progressBar.progressProperty().unbind();
            if (outcome == null) {
                finishing.set(false);
                progressBar.setProgress(1);
                resultStatus.setText("Committed " + shortId(first.get()) + ". The stack is in the config repository"
                        + (connection == null ? "; apply it later with a connection." : "; it was not applied."));
                return;
            }
            showApplyOutcome(outcome);
            if (install && outcome.result().outcome() == ApplyResult.Outcome.SUCCEEDED) {
                installRegistry(connection, registryDatabase, registrySchema);
            } else {
                if (install) append("The model registry was not installed: the apply did not succeed.");
                finishing.set(false);
            }
        }, e -> {
            finishing.set(false);
            applyProgress = null;
            cancelApply.setDisable(true);
            progressBar.progressProperty().unbind();
            progressBar.setProgress(0);
            String what = first.get() == null ? "The commit failed" : (apply ? "The apply failed" : "Failed");
            resultStatus.setText(what + ": " + UiErrors.message(e));
            append((first.get() == null ? "Nothing was committed." : "The stack was committed as " + shortId(first.get())
                    + "; the apply did not finish.") + " Go Back to review, fix and finish again.");
        });
    }

    private void afterCommit(CommitInfo c, String yaml, boolean apply, ConnectionProfile connection) {
        committed.set(true);
        committedYaml = yaml;
        append("Committed " + shortId(c) + " (Applied: no): " + model.commitMessage().get().strip());
        if (apply) {
            resultStatus.setText("Applying to " + connection.name() + "…");
            cancelApply.setDisable(applyProgress == null);
            if (applyProgress != null) progressStatus.textProperty().bind(applyProgress.messageProperty());
        }
        notifyCommitted();
    }

    private void showApplyOutcome(Workbench.ApplyOutcome outcome) {
        progressStatus.textProperty().unbind();
        ApplyResult r = outcome.result();
        long ok = r.executed().stream().filter(x -> x.outcome() == ApplyResult.StatementOutcome.OK).count();
        StringBuilder b = new StringBuilder();
        for (ApplyResult.Executed x : r.executed()) {
            b.append(String.format("%-11s %6d ms  %s%n", x.outcome().name(), x.millis(), statementText(x.statement())));
            if (x.error() != null) b.append("            error: ").append(x.error()).append('\n');
        }
        if (r.failure() != null) b.append('\n').append(r.failure()).append('\n');
        if (outcome.commit() != null) {
            b.append("\nApply recorded as commit ").append(shortId(outcome.commit())).append(" (Applied: ")
                    .append(r.trailer()).append(")\n");
        }
        if (outcome.auditError() != null) b.append('\n').append(outcome.auditError()).append('\n');
        append(b.toString().stripTrailing());
        String commitNote = outcome.commit() == null ? "" : " Recorded as commit " + shortId(outcome.commit()) + ".";
        switch (r.outcome()) {
            case SUCCEEDED -> {
                progressBar.setProgress(1);
                resultStatus.setText((r.executed().isEmpty() ? "Nothing to apply: the live system already matches."
                        : "Applied: " + ok + " statement" + (ok == 1 ? "" : "s") + " ran.") + commitNote);
            }
            case FAILED -> resultStatus.setText("The apply failed after " + ok + " of " + r.executed().size()
                    + " statements: " + r.failure() + "." + commitNote + " Go Back to review and fix.");
            case CANCELLED -> resultStatus.setText("The apply was cancelled after " + ok + " of " + r.executed().size()
                    + " statements." + commitNote + " The next plan shows what is left.");
            case REFUSED -> resultStatus.setText("The apply was refused: the live plan has destructive changes and"
                    + " destruction was not allowed. Nothing ran. Go Back to review it.");
        }
        if (outcome.commit() != null) notifyCommitted();
    }

    /**
     * Installs the model registry in the database and schema the apply just made (its Flyway migrations, through
     * {@link Workbench#openRegistry}) and reports the outcome in the result area; ends the finishing state.
     */
    private void installRegistry(ConnectionProfile connection, String database, String schema) {
        String status = resultStatus.getText();
        resultStatus.setText(status + " Installing the model registry in " + database + "." + schema + "…");
        progressBar.setProgress(-1);
        async(() -> {
            try (dev.mlpc.registry.ModelRegistry r = wb.openRegistry(connection, database, schema, 2)) {
                return r.migrations().migrate();
            }
        }, res -> {
            finishing.set(false);
            progressBar.setProgress(1);
            String what = "Model registry installed in schema " + schema + " of " + database + " (" + res.executed()
                    + " migration" + (res.executed() == 1 ? "" : "s") + " run, schema version " + res.version() + ").";
            resultStatus.setText(status + " " + what);
            append(what);
        }, e -> {
            finishing.set(false);
            progressBar.setProgress(1);
            String what = "The model registry could not be installed: " + UiErrors.message(e)
                    + " Install it later from View → Model registry (Install registry) or with mlpc registry init.";
            resultStatus.setText(status + " " + what);
            append(what);
        });
    }

    private static String statementText(Object statement) {
        String s = String.valueOf(statement).replace('\n', ' ');
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }

    private void append(String line) {
        result.append(line);
    }

    private void notifyCommitted() {
        result.notifyCommitted(onCommitted);
    }

    private static String shortId(CommitInfo c) {
        return c == null ? "" : c.shortId();
    }

    // ---- background work ----------------------------------------------------------------------------------------

    /** Runs {@code work} on the executor; exactly one callback then runs on the FX thread. */
    private <T> void async(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        PlanReview.async(executor, work, onSuccess, onError);
    }
}
