package dev.mlpc.ui.stacks;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Stacks view: a table of the config repository's stacks (name, provider, target or "unbound", last commit,
 * applied, drift), the connection to compare unbound stacks with, drift with progress and cancel, and for the
 * selected stack Plan…, Apply…, Edit YAML…, History and Export as IaC… ({@link IacExportDialog}), from buttons, the context menu and the keyboard
 * ({@link #PLAN}, {@link #APPLY}, {@link #EDIT}, {@link #HISTORY}; Enter plans). All state is in
 * {@link StacksViewModel}.
 *
 * <p>Ids: {@code #stacks-table}, {@code #stacks-refresh}, {@code #stacks-drift}, {@code #stacks-cancel-drift},
 * {@code #stacks-drift-progress}, {@code #stacks-unbound}, {@code #stacks-status}, {@code #stacks-error},
 * {@code #stack-plan}, {@code #stack-apply}, {@code #stack-edit}, {@code #stack-history}, {@code #stack-export-iac}
 * (menu: {@code #menu-stack-export-iac}).</p>
 */
public final class StacksView extends BorderPane {
    /** Ctrl+P: plan the selected stack. */
    public static final KeyCombination PLAN = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+Shift+A: plan and apply the selected stack (the review comes first). */
    public static final KeyCombination APPLY = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** Ctrl+E: edit the selected stack's YAML. */
    public static final KeyCombination EDIT = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+H: the selected stack's history. */
    public static final KeyCombination HISTORY = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+D: check drift again. */
    public static final KeyCombination DRIFT = new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN);

    /**
     * The view's keys for Help's shortcut list, {keys, action}: from the constants the view binds, so the list is the
     * one in use.
     */
    public static List<String[]> shortcuts() {
        return List.of(
                new String[] {PLAN.getDisplayText() + " / Enter", "Plan the selected stack"},
                new String[] {APPLY.getDisplayText(), "Plan the selected stack, then apply it"},
                new String[] {EDIT.getDisplayText(), "Edit the selected stack's YAML"},
                new String[] {HISTORY.getDisplayText(), "The selected stack's history"},
                new String[] {DRIFT.getDisplayText(), "Check drift again (the selection stays)"});
    }

    /** The "Unbound stacks against" entry that checks no connection. */
    public static final String NONE = "none: not checked";

    private final StacksViewModel model;
    private final ExecutorService background;
    private final Runnable onCommitted;
    private final Consumer<String> onHistory;
    private final TableView<StackRow> table = dev.mlpc.ui.CellTips.install(new TableView<>());
    private StackReviewDialog lastReview;
    private StackEditor lastEditor;
    private IacExportDialog lastExport;
    private Consumer<String> onApplied = c -> { };

    /**
     * @param background  where the dialogs' service calls run
     * @param onCommitted runs on the FX thread after a commit made here (an apply, a saved edit)
     * @param onHistory   shows the history of the stack named
     */
    public StacksView(StacksViewModel model, ExecutorService background, Runnable onCommitted, Consumer<String> onHistory) {
        this.model = Objects.requireNonNull(model);
        this.background = Objects.requireNonNull(background);
        this.onCommitted = onCommitted == null ? () -> { } : onCommitted;
        this.onHistory = onHistory == null ? s -> { } : onHistory;
        getStyleClass().add("stacks-view");
        setTop(topBar());
        setCenter(buildTable());
        setBottom(actionBar());
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (PLAN.match(e)) plan(false);
            else if (APPLY.match(e)) plan(true);
            else if (EDIT.match(e)) edit();
            else if (HISTORY.match(e)) history();
            else if (DRIFT.match(e)) model.checkDrift();
            else return;
            e.consume();
        });
    }

    /** Runs on the FX thread with a connection's name after an apply from here ran statements there. */
    public void setOnApplied(Consumer<String> onApplied) {
        this.onApplied = onApplied == null ? c -> { } : onApplied;
    }

    /** The model behind the view. */
    public StacksViewModel model() { return model; }

    /** The stacks table. */
    public TableView<StackRow> table() { return table; }

    /** The last plan/apply dialog opened from here (null before). */
    public StackReviewDialog lastReview() { return lastReview; }

    /** The last "Export as IaC…" dialog opened from here (null before). */
    public IacExportDialog lastExport() { return lastExport; }

    /** The last YAML editor opened from here (null before). */
    public StackEditor lastEditor() { return lastEditor; }

    private Node topBar() {
        Button refresh = new Button("_Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("stacks-refresh");
        refresh.getStyleClass().add(Styles.SMALL);
        refresh.setTooltip(new Tooltip("Read the stacks again and check their drift"));
        refresh.setOnAction(e -> model.refresh(true));
        Button drift = new Button("Check _drift", new FontIcon(Feather.ACTIVITY));
        drift.setId("stacks-drift");
        drift.getStyleClass().add(Styles.SMALL);
        drift.setTooltip(new Tooltip("Compare every stack with its connection: one read per connection (Ctrl+D)"));
        drift.disableProperty().bind(model.checkingProperty().or(Bindings.isEmpty(model.rows())));
        drift.setOnAction(e -> model.checkDrift());
        Button cancel = new Button("Cancel dri_ft check");
        cancel.setId("stacks-cancel-drift");
        cancel.getStyleClass().add(Styles.SMALL);
        showWhen(cancel, model.checkingProperty());
        cancel.setOnAction(e -> model.cancelDrift());
        ProgressBar progress = new ProgressBar();
        progress.setId("stacks-drift-progress");
        progress.setPrefWidth(120);
        showWhen(progress, model.checkingProperty());
        Label progressText = new Label();
        progressText.setId("stacks-drift-progress-text");
        progressText.getStyleClass().add(Styles.TEXT_MUTED);
        model.driftProgressProperty().addListener((o, a, p) -> {
            progress.progressProperty().unbind();
            progressText.textProperty().unbind();
            if (p != null) {
                progress.progressProperty().bind(p.fractionProperty());
                progressText.textProperty().bind(p.messageProperty());
            } else {
                progressText.setText("");
            }
        });
        showWhen(progressText, model.checkingProperty());

        // the choice lives in the model: the list is "none" and the connections, and re-reading the connections
        // (after Plan, Apply, Export, Refresh) never blanks the box nor drops the choice
        javafx.collections.ObservableList<String> choices = javafx.collections.FXCollections.observableArrayList(NONE);
        ComboBox<String> unbound = new ComboBox<>(choices);
        unbound.setId("stacks-unbound");
        unbound.setPromptText(NONE);
        unbound.setTooltip(new Tooltip("The connection that stacks without target: are compared with, planned and applied to"));
        boolean[] syncing = {false};
        Runnable showChoice = () -> {
            syncing[0] = true;
            try {
                List<String> want = new java.util.ArrayList<>();
                want.add(NONE);
                want.addAll(model.connectionNames());
                if (!choices.equals(want)) choices.setAll(want);
                String v = model.unboundConnectionProperty().get();
                unbound.setValue(v == null ? NONE : v);
            } finally {
                syncing[0] = false;
            }
        };
        showChoice.run();
        model.connectionNames().addListener((javafx.collections.ListChangeListener<String>) ch -> showChoice.run());
        model.unboundConnectionProperty().addListener((o, a, b) -> showChoice.run());
        unbound.valueProperty().addListener((o, a, b) -> {
            if (syncing[0]) return;
            String chosen = b == null || NONE.equals(b) ? null : b;
            if (b == null) {
                showChoice.run();
                return;
            }
            if (!Objects.equals(chosen, model.unboundConnectionProperty().get())) {
                model.unboundConnectionProperty().set(chosen);
                if (!model.rows().isEmpty()) model.checkDrift();
            }
        });
        Label unboundLabel = new Label("_Unbound stacks against:");
        unboundLabel.setMnemonicParsing(true);
        unboundLabel.setLabelFor(unbound);
        unboundLabel.setMinWidth(Region.USE_PREF_SIZE);

        Label status = new Label();
        status.setId("stacks-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(true);
        Label error = new Label();
        error.setId("stacks-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        showWhen(error, model.errorProperty().isNotEmpty());

        FlowPane bar = new FlowPane(8, 6, refresh, drift, cancel, progress, progressText, unboundLabel, unbound);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, bar, status, error);
        top.setPadding(new Insets(6, 8, 6, 8));
        return top;
    }

    private Node buildTable() {
        table.setId("stacks-table");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.mlpc.ui.CellTips.fitColumns(table); // columns sized to their content (review 2)
        table.setPlaceholder(new Label("No stacks in the config repository yet"));
        TableColumn<StackRow, String> drift = column("Drift", 170, r -> r.drift().text());
        drift.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.TEXT_MUTED);
                StackRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (empty || r == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(text);
                StackDrift d = r.drift();
                getStyleClass().add(switch (d.kind()) {
                    case IN_SYNC -> Styles.SUCCESS;
                    case CHANGES -> Styles.WARNING;
                    default -> Styles.TEXT_MUTED;
                });
                String tip = d.text() + (d.connection() == null ? "" : " (" + d.connection() + ")")
                        + (d.details().isEmpty() ? "" : "\n" + String.join("\n", d.details()));
                setTooltip(new Tooltip(tip));
            }
        });
        table.getColumns().setAll(List.of(
                column("Stack", 150, StackRow::name),
                column("Provider", 90, StackRow::provider),
                column("Target", 110, StackRow::targetText),
                column("Applied", 90, StackRow::appliedText),
                drift,
                lastCommit()));
        table.getColumns().forEach(col -> {
            if (!"Last commit".equals(col.getText())) col.setMinWidth(col.getPrefWidth() * 0.7);
        });
        // the cells' full text as a tooltip: a narrow column never hides what it says
        for (TableColumn<StackRow, ?> col : table.getColumns()) {
            if (col == drift || !col.getColumns().isEmpty()) continue;
            @SuppressWarnings("unchecked")
            TableColumn<StackRow, String> c = (TableColumn<StackRow, String>) col;
            c.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(String text, boolean empty) {
                    super.updateItem(text, empty);
                    setText(empty ? null : text);
                    StackRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                    setTooltip(empty || text == null || text.isEmpty() ? null
                            : new Tooltip(r != null && r.problem() != null && "Stack".equals(c.getText())
                            ? text + "\ndoes not read: " + r.problem() : text));
                }
            });
        }
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != model.selectedProperty().get()) model.selectedProperty().set(b);
        });
        model.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                if (b == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(b);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
                plan(false);
                e.consume();
            }
        });
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<StackRow> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) plan(false);
            });
            return row;
        });
        table.setContextMenu(contextMenu());
        return table;
    }

    private ContextMenu contextMenu() {
        MenuItem plan = item("_Plan…", "menu-stack-plan", PLAN, Feather.CLIPBOARD, () -> plan(false));
        MenuItem apply = item("_Apply…", "menu-stack-apply", APPLY, Feather.PLAY, () -> plan(true));
        MenuItem edit = item("_Edit YAML…", "menu-stack-edit", EDIT, Feather.EDIT, this::edit);
        MenuItem history = item("_History", "menu-stack-history", HISTORY, Feather.GIT_COMMIT, this::history);
        MenuItem drift = item("Check _drift", "menu-stack-drift", DRIFT, Feather.ACTIVITY, () -> {
            if (shown()) model.checkDrift();
        });
        MenuItem export = new MenuItem("Export as _IaC…", new FontIcon(Feather.DOWNLOAD));
        export.setId("menu-stack-export-iac");
        export.setMnemonicParsing(true);
        export.setOnAction(e -> exportIac());
        ContextMenu menu = new ContextMenu(plan, apply, edit, history, export, new SeparatorMenuItem(), drift);
        dev.mlpc.ui.MenuMnemonics.install(menu);
        menu.setOnShowing(e -> {
            boolean none = model.selectedProperty().get() == null;
            StackRow sel = model.selectedProperty().get();
            export.setDisable(sel == null || sel.stack() == null);
            plan.setDisable(none);
            apply.setDisable(none);
            edit.setDisable(none);
            history.setDisable(none);
        });
        return menu;
    }

    private static MenuItem item(String text, String id, KeyCombination keys, Feather icon, Runnable action) {
        MenuItem i = new MenuItem(text, new FontIcon(icon));
        i.setId(id);
        i.setMnemonicParsing(true);
        i.setAccelerator(keys);
        i.setOnAction(e -> action.run());
        return i;
    }

    private Node actionBar() {
        Button plan = button("_Plan…", "stack-plan", Feather.CLIPBOARD, "Plan against the target connection (Ctrl+P, Enter)", () -> plan(false));
        Button apply = button("_Apply…", "stack-apply", Feather.PLAY, "Review the live plan, then apply it (Ctrl+Shift+A)", () -> plan(true));
        Button edit = button("_Edit YAML…", "stack-edit", Feather.EDIT, "Edit the stack with validation; Save commits it (Ctrl+E)", this::edit);
        Button history = button("_History", "stack-history", Feather.GIT_COMMIT, "The commits of this stack (Ctrl+H)", this::history);
        for (Button b : List.of(plan, apply, edit, history)) b.disableProperty().bind(model.selectedProperty().isNull());
        Button export = button("Export as _IaC…", "stack-export-iac", Feather.DOWNLOAD,
                "Write the stack as a Pulumi program in Python or as Terraform JSON", this::exportIac);
        export.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || model.selectedProperty().get().stack() == null, model.selectedProperty()));
        HBox bar = new HBox(8, plan, apply, edit, history, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private static Button button(String text, String id, Feather icon, String tip, Runnable action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static void showWhen(Node n, javafx.beans.value.ObservableBooleanValue condition) {
        n.visibleProperty().bind(condition);
        n.managedProperty().bind(condition);
    }

    /** True when the view is on screen (its tab selected): the context menu's accelerators act only then. */
    private boolean shown() {
        if (getScene() == null) return false;
        for (Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Opens the plan review of the selected stack; with {@code apply}, the focus goes to Apply once planned. */
    public StackReviewDialog plan(boolean apply) {
        StackRow r = model.selectedProperty().get();
        StackCatalog c = model.catalog();
        if (r == null || c == null || !shown()) return null;
        lastReview = new StackReviewDialog(c, background, r, model.unboundConnectionProperty().get(), this::committed);
        lastReview.setOnApplied(onApplied);
        lastReview.show(window(), apply);
        return lastReview;
    }

    /** Opens the YAML editor of the selected stack. */
    public StackEditor edit() {
        StackRow r = model.selectedProperty().get();
        StackCatalog c = model.catalog();
        if (r == null || c == null || !shown()) return null;
        lastEditor = new StackEditor(c, background, r, this::committed);
        lastEditor.show(window());
        return lastEditor;
    }

    /**
     * Opens "Export as IaC…" for the selected stack (one that reads): format, folder, and the export on the background
     * executor.
     */
    public IacExportDialog exportIac() {
        StackRow r = model.selectedProperty().get();
        if (r == null || r.stack() == null || !shown()) return null;
        IacExportModel m = new IacExportModel(r.stack(), model.executor());
        m.suggestDirectory(IacExportDialog.defaultBase());
        lastExport = new IacExportDialog(m);
        lastExport.show(window());
        return lastExport;
    }

    /** Shows the history of the selected stack. */
    public void history() {
        StackRow r = model.selectedProperty().get();
        if (r != null && shown()) onHistory.accept(r.name());
    }

    private void committed() {
        onCommitted.run();
        model.refresh(true);
    }

    /**
     * "Last commit" as three columns under one header (commit, when, subject; the author is in the History tab): the
     * short parts are never cut, only the subject takes what room is left, with its whole text as a tooltip when cut
     * (review 3: the one long column was cut at 1280 px).
     */
    private static TableColumn<StackRow, String> lastCommit() {
        TableColumn<StackRow, String> last = new TableColumn<>("Last commit");
        last.getColumns().setAll(List.of(
                column("Commit", 70, r -> r.last() == null ? "" : r.last().shortId()),
                column("When", 130, r -> r.last() == null ? "" : StackCatalog.WHEN.format(r.last().when())),
                column("Subject", 220, r -> r.last() == null ? "" : r.last().subject())));
        return last;
    }

    private static TableColumn<StackRow, String> column(String title, double width, Function<StackRow, String> f) {
        TableColumn<StackRow, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : Objects.toString(f.apply(cd.getValue()), "")));
        col.setSortable(true);
        return col;
    }
}
