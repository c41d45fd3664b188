package dev.mlpc.ui.proposals;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.wizard.PlanReview;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Proposals view (a tab of the main window): the table of proposals ({@code #proposals-table}; "Show all" adds
 * rejected, applied and superseded ones), and for the selected one its facts, its plan as the wizards' review shows it
 * ({@link PlanReview}: summary, warnings, text), its stack YAML and its decisions; below, the actions Approve…,
 * Reject…, Apply (with the connection, the destruction allow, progress, Cancel) and the outcome. Why an action is
 * unavailable is said beside the actions. Everything runs through {@link ProposalsViewModel}.
 */
public final class ProposalsView extends BorderPane {
    private final ProposalsViewModel model;
    private final TableView<ProposalRow> table = dev.mlpc.ui.CellTips.install(new TableView<>());
    private final PlanReview review = new PlanReview(() -> { }, "no changes.");
    private final GridPane facts = new GridPane();
    private final TextArea yaml = PlanReview.monospace("proposal-yaml");
    private final ListView<String> decisions = new ListView<>();
    private final Button approve = new Button("_Approve…", new FontIcon(Feather.CHECK));
    private final Button reject = new Button("Re_ject…", new FontIcon(Feather.X));
    private final Button apply = new Button("A_pply", new FontIcon(Feather.PLAY));
    private final Button cancel = new Button("Cancel appl_y");
    private final ComboBox<ConnectionProfile> connection = new ComboBox<>();
    private final CheckBox allowDestroy = new CheckBox("Allow _destructive changes (drop, revoke, replace)");
    private final CheckBox showAll = new CheckBox("Show a_ll (also rejected, applied, superseded)");

    public ProposalsView(ProposalsViewModel model) {
        this.model = model;
        setId("proposals-view");
        getStyleClass().add("proposals-view");
        setTop(top());
        SplitPane split = new SplitPane(tablePane(), details());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        split.setId("proposals-split");
        setCenter(split);
        setBottom(actions());
        model.selectedProperty().addListener((o, a, b) -> showSelected(b));
        model.planProperty().addListener((o, a, b) -> showPlan(b));
        model.planErrorProperty().addListener((o, a, b) -> showPlan(model.planProperty().get()));
        showSelected(null);
    }

    /** The view model. */
    public ProposalsViewModel model() { return model; }

    /** The proposals table. */
    public TableView<ProposalRow> table() { return table; }

    /** The plan text of the selected proposal. */
    public TextArea planText() { return review.text(); }

    private Node top() {
        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("proposals-refresh");
        refresh.getStyleClass().add(Styles.SMALL);
        refresh.setTooltip(new Tooltip("Read the proposals again"));
        refresh.setOnAction(e -> model.refresh());
        showAll.setId("proposals-show-all");
        showAll.selectedProperty().bindBidirectional(model.showAllProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-spinner");
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.loadingProperty());
        Label status = new Label();
        status.setId("proposals-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(10, refresh, showAll, busy, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        Label error = new Label();
        error.setId("proposals-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.setPadding(new Insets(0, 8, 4, 8));
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return new VBox(bar, error);
    }

    private Node tablePane() {
        table.setId("proposals-table");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setItems(model.proposals());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> model.loadingProperty().get()
                ? "Reading the proposals…" : !model.errorProperty().get().isEmpty() && model.statusProperty().get().isEmpty()
                ? "The proposals cannot be read (see above)."
                : model.showAllProperty().get() ? "No proposals yet: mlpc propose FILE --connection X makes one."
                : "No open proposals. mlpc propose FILE --connection X makes one; Show all lists the closed ones.",
                model.loadingProperty(), model.errorProperty(), model.statusProperty(), model.showAllProperty()));
        table.setPlaceholder(placeholder);
        table.getColumns().setAll(List.of(
                column("Proposal", 88, ProposalRow::shortId),
                column("Stack", 120, ProposalRow::stack),
                column("Target", 84, p -> p.targetConnection() != null ? p.targetConnection() : nz(p.targetIdentity())),
                column("Proposed by", 114, p -> p.proposer() == null ? "" : p.proposer().name()),
                column("When", 128, p -> ProposalsViewModel.when(p.when())),
                column("Approvals", 120, ProposalsViewModel::approvalsText),
                column("Status", 80, ProposalsViewModel::statusText),
                column("Applicable", 150, ProposalsViewModel::applicableShort, ProposalsViewModel::applicableText)));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null || !model.loadingProperty().get()) model.selectedProperty().set(b);
        });
        model.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                if (b == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(b);
            }
        });
        return table;
    }

    private Node details() {
        facts.setId("proposal-facts");
        facts.setHgap(12);
        facts.setVgap(3);
        facts.setPadding(new Insets(6, 8, 6, 8));
        ColumnConstraints k = new ColumnConstraints();
        k.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints v = new ColumnConstraints();
        v.setHgrow(Priority.ALWAYS);
        v.setMinWidth(0);
        facts.getColumnConstraints().addAll(k, v, new ColumnConstraints(), new ColumnConstraints());
        facts.getColumnConstraints().get(2).setMinWidth(Region.USE_PREF_SIZE);
        facts.getColumnConstraints().get(3).setHgrow(Priority.ALWAYS);
        facts.getColumnConstraints().get(3).setMinWidth(0);

        review.build();
        review.summary().setWrapText(true);
        Label planError = new Label();
        planError.setId("proposal-plan-error");
        planError.getStyleClass().add(Styles.DANGER);
        planError.setWrapText(true);
        planError.textProperty().bind(model.planErrorProperty());
        planError.visibleProperty().bind(model.planErrorProperty().isNotEmpty());
        planError.managedProperty().bind(planError.visibleProperty());
        VBox.setVgrow(review.text(), Priority.ALWAYS);
        ScrollPane warningsScroll = new ScrollPane(review.warnings());
        warningsScroll.setFitToWidth(true);
        warningsScroll.setMaxHeight(90);
        warningsScroll.getStyleClass().add(Styles.FLAT);
        warningsScroll.visibleProperty().bind(Bindings.isNotEmpty(review.warnings().getChildren()));
        warningsScroll.managedProperty().bind(warningsScroll.visibleProperty());
        Label planNote = new Label();
        planNote.setId("proposal-plan-note");
        planNote.getStyleClass().add(Styles.TEXT_MUTED);
        planNote.setWrapText(true);
        planNote.textProperty().bind(model.planNoteProperty());
        planNote.visibleProperty().bind(model.planNoteProperty().isNotEmpty());
        planNote.managedProperty().bind(planNote.visibleProperty());
        VBox planBox = new VBox(6, review.summary(), planError, planNote, warningsScroll, review.text());
        planBox.setPadding(new Insets(6));

        yaml.setPromptText("Select a proposal to see its stack");
        decisions.setId("proposal-decisions");
        decisions.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        decisions.setPlaceholder(new Label("Select a proposal to see its approvals and rejections"));
        decisions.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setWrapText(true);
                setPrefWidth(0);
            }
        });

        Tab planTab = new Tab("Plan", planBox);
        planTab.setId("proposal-tab-plan");
        Tab yamlTab = new Tab("Stack YAML", yaml);
        yamlTab.setId("proposal-tab-yaml");
        Tab decisionsTab = new Tab("Decisions", decisions);
        decisionsTab.setId("proposal-tab-decisions");
        TabPane tabs = new TabPane(planTab, yamlTab, decisionsTab);
        tabs.setId("proposal-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return new VBox(facts, tabs);
    }

    private Node actions() {
        approve.setId("proposal-approve");
        approve.setOnAction(e -> approveDialog());
        approve.disableProperty().bind(Bindings.isNotEmpty(model.approveBlocked()));
        approve.setTooltip(tooltip("Record your approval of exactly this plan", model.approveBlocked()));
        reject.setId("proposal-reject");
        reject.setOnAction(e -> rejectDialog());
        reject.disableProperty().bind(Bindings.isNotEmpty(model.rejectBlocked()));
        reject.setTooltip(tooltip("Record a rejection with a reason", model.rejectBlocked()));

        Label applyTo = new Label("Apply _to");
        applyTo.setMnemonicParsing(true);
        applyTo.setLabelFor(connection);
        applyTo.setMinWidth(Region.USE_PREF_SIZE);
        connection.setId("proposal-connection");
        connection.setItems(model.connections());
        connection.valueProperty().bindBidirectional(model.connectionProperty());
        connection.setConverter(new StringConverter<>() {
            @Override
            public String toString(ConnectionProfile c) { return c == null ? "" : c.name() + " (" + c.type() + ")"; }

            @Override
            public ConnectionProfile fromString(String s) { return null; }
        });
        connection.setPromptText("connection");
        connection.setMinWidth(Region.USE_PREF_SIZE);
        connection.disableProperty().bind(model.runningProperty().isNotEmpty().or(Bindings.createBooleanBinding(
                () -> model.selectedProperty().get() != null && model.selectedProperty().get().policy(), model.selectedProperty())));
        allowDestroy.setId("proposal-allow-destroy");
        allowDestroy.selectedProperty().bindBidirectional(model.allowDestroyProperty());
        allowDestroy.disableProperty().bind(model.destructiveProperty().not().or(model.runningProperty().isNotEmpty()));
        apply.setId("proposal-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setOnAction(e -> model.apply());
        apply.disableProperty().bind(Bindings.isNotEmpty(model.applyBlocked()));
        apply.setTooltip(tooltip("Apply the approved plan to the chosen connection", model.applyBlocked()));
        cancel.setId("proposal-cancel-apply");
        cancel.setOnAction(e -> model.cancelApply());
        cancel.visibleProperty().bind(model.applyingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());

        FlowPane buttons = new FlowPane(8, 6, approve, reject, new HBox(6, applyTo, connection), allowDestroy, apply, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        ((HBox) buttons.getChildren().get(2)).setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("proposal-progress");
        bar.progressProperty().bind(model.progressFractionProperty());
        bar.setPrefWidth(220);
        Label progressText = new Label();
        progressText.setId("proposal-progress-text");
        progressText.textProperty().bind(model.progressMessageProperty());
        HBox progressRow = new HBox(8, bar, progressText);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.visibleProperty().bind(model.applyingProperty());
        progressRow.managedProperty().bind(progressRow.visibleProperty());

        Label hint = new Label();
        hint.setId("proposal-hint");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setWrapText(true);
        hint.textProperty().bind(Bindings.createStringBinding(this::hintText, model.approveBlocked(),
                model.rejectBlocked(), model.applyBlocked(), model.selectedProperty()));
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());

        Label result = new Label();
        result.setId("proposal-result");
        result.setWrapText(true);
        result.textProperty().bind(model.resultProperty());
        result.visibleProperty().bind(model.resultProperty().isNotEmpty());
        result.managedProperty().bind(result.visibleProperty());
        model.resultFailedProperty().addListener((o, a, b) -> {
            result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            result.getStyleClass().add(b ? Styles.DANGER : Styles.SUCCESS);
        });
        result.getStyleClass().add(Styles.SUCCESS);
        TextArea details = PlanReview.monospace("proposal-result-details");
        details.setPrefRowCount(5);
        details.textProperty().bind(model.resultDetailsProperty());
        details.visibleProperty().bind(model.resultDetailsProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());

        VBox box = new VBox(6, buttons, progressRow, hint, result, details);
        box.setPadding(new Insets(8));
        box.getStyleClass().add("proposal-actions");
        return box;
    }

    /** Why the actions that are unavailable are so, one per line (nothing while none is selected). */
    private String hintText() {
        if (model.selectedProperty().get() == null) return "Select a proposal to approve, reject or apply it.";
        StringBuilder b = new StringBuilder();
        line(b, "Approve", model.approveBlocked());
        line(b, "Reject", model.rejectBlocked());
        line(b, "Apply", model.applyBlocked());
        return b.toString();
    }

    private static void line(StringBuilder b, String what, ObservableStringValue why) {
        String w = why.get();
        if (w == null || w.isEmpty()) return;
        if (!b.isEmpty()) b.append('\n');
        b.append(what).append(": ").append(w);
    }

    private static Tooltip tooltip(String base, ObservableStringValue why) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(Bindings.createStringBinding(() -> why.get().isEmpty() ? base : base + "\n" + why.get(), why));
        return t;
    }

    private void showSelected(ProposalRow p) {
        facts.getChildren().clear();
        decisions.getItems().clear();
        yaml.setText(p == null || p.stackYaml() == null ? "" : p.stackYaml());
        if (p == null) {
            facts.add(muted("Select a proposal to see its plan, its stack and its decisions."), 0, 0, 4, 1);
            return;
        }
        fact(0, 0, "Proposal", p.commitId());
        fact(1, 0, "Stack", p.stack() + (p.provider() == null ? "" : " (" + p.provider() + ")"));
        fact(1, 2, "Target", ProposalsViewModel.targetText(p));
        fact(2, 0, "Proposed by", ProposalsViewModel.who(p.proposer()));
        fact(2, 2, "When", ProposalsViewModel.when(p.when()));
        fact(3, 0, "Approvals", ProposalsViewModel.approvalsText(p));
        fact(3, 2, "Status", ProposalsViewModel.statusText(p));
        fact(4, 0, "Applicable", ProposalsViewModel.applicableText(p));
        fact(4, 2, "Plan-Sha256", p.planSha256() == null ? "" : p.planSha256().substring(0, Math.min(16, p.planSha256().length())) + "…");
        int row = 5;
        if (p.reverts() != null) fact(row, 0, "Reverts", p.reverts());
        decisions.getItems().setAll(ProposalsViewModel.decisionLines(p));
    }

    private void fact(int row, int col, String key, String value) {
        Label k = muted(key);
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value == null ? "" : value);
        v.setId("proposal-fact-" + key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        v.setWrapText(true);
        v.setMinHeight(Region.USE_PREF_SIZE);
        facts.add(k, col, row);
        if (col == 0 && row == 0) facts.add(v, 1, row, 3, 1);
        else facts.add(v, col + 1, row);
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    private void showPlan(Plan p) {
        review.reset();
        if (p != null) review.show(p, "as proposed");
    }

    private static TableColumn<ProposalRow, String> column(String title, double width, Function<ProposalRow, String> f) {
        return column(title, width, f, null);
    }

    /** A column whose cells wrap; {@code tip}, when given, is the cell's tooltip (the long form of its text). */
    private static TableColumn<ProposalRow, String> column(String title, double width, Function<ProposalRow, String> f,
                                                          Function<ProposalRow, String> tip) {
        TableColumn<ProposalRow, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        col.setMinWidth("Applicable".equals(title) ? 110 : width);
        col.setSortable(false);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : nz(f.apply(cd.getValue()))));
        // wrapped, never cut: a long stack name or reason makes its row taller
        col.setCellFactory(c -> new TableCell<>() {
            private final Text text = new Text();

            {
                text.wrappingWidthProperty().bind(col.widthProperty().subtract(12));
                text.fillProperty().bind(textFillProperty());
                text.fontProperty().bind(fontProperty());
                setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
                setText(empty ? null : item);
                setGraphic(empty ? null : text);
                ProposalRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String t = tip == null || row == null ? null : tip.apply(row);
                setTooltip(t == null || t.equals(item) ? null : new Tooltip(t));
            }
        });
        return col;
    }

    private static String nz(String s) { return s == null ? "" : s; }

    // ---- dialogs --------------------------------------------------------------------------------------------------

    private Window owner() { return getScene() == null ? null : getScene().getWindow(); }

    /** Asks to confirm the approval, with an optional message; approves on OK. */
    public void approveDialog() {
        ProposalRow p = model.selectedProperty().get();
        if (p == null || !model.approveBlocked().get().isEmpty()) return;
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner());
        d.setTitle("Approve proposal");
        d.setHeaderText("Approve proposal " + p.shortId() + " of stack " + p.stack() + "?");
        ButtonType ok = new ButtonType("Approve", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        d.getDialogPane().setId("approve-dialog");
        Plan plan = model.planProperty().get();
        Label what = new Label("You approve exactly this plan (sha256 " + shortHash(p.planSha256()) + ")"
                + (plan == null ? "" : ": " + plan.summary().trailer() + ", " + plan.destructive().size() + " destructive")
                + ", to run on " + ProposalsViewModel.targetText(p) + ". A changed plan needs a new proposal.");
        what.setWrapText(true);
        Label caption = new Label("_Message (optional)");
        caption.setMnemonicParsing(true);
        TextField message = new TextField();
        message.setId("approve-message");
        message.setPromptText("e.g. checked against the change ticket");
        caption.setLabelFor(message);
        VBox box = new VBox(8, what, caption, message);
        box.setPrefWidth(480);
        d.getDialogPane().setContent(box);
        d.setOnShown(e -> javafx.application.Platform.runLater(message::requestFocus));
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.isPresent() && answer.get() == ok) model.approve(message.getText());
    }

    /** Asks for the rejection's reason (required: Reject stays disabled while it is blank); rejects on OK. */
    public void rejectDialog() {
        ProposalRow p = model.selectedProperty().get();
        if (p == null || !model.rejectBlocked().get().isEmpty()) return;
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner());
        d.setTitle("Reject proposal");
        d.setHeaderText("Reject proposal " + p.shortId() + " of stack " + p.stack() + "?");
        ButtonType ok = new ButtonType("Reject", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        d.getDialogPane().setId("reject-dialog");
        Label caption = new Label("_Reason (required)");
        caption.setMnemonicParsing(true);
        TextField reason = new TextField();
        reason.setId("reject-reason");
        reason.setPromptText("why this plan must not run");
        caption.setLabelFor(reason);
        Label problem = new Label();
        problem.setId("reject-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String why = ProposalsViewModel.reasonProblem(reason.getText());
            return why == null ? "" : why;
        }, reason.textProperty()));
        Node okButton = d.getDialogPane().lookupButton(ok);
        okButton.disableProperty().bind(problem.textProperty().isNotEmpty());
        VBox box = new VBox(8, caption, reason, problem);
        box.setPrefWidth(480);
        d.getDialogPane().setContent(box);
        d.setOnShown(e -> javafx.application.Platform.runLater(reason::requestFocus));
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.isPresent() && answer.get() == ok) model.reject(reason.getText());
    }

    private static String shortHash(String h) {
        return h == null ? "?" : h.substring(0, Math.min(12, h.length()));
    }
}
