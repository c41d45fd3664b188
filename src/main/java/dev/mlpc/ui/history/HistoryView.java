package dev.mlpc.ui.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mlpc.core.audit.CommitInfo;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Callback;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The history of the config repository: a table of commits (short id, date, author, subject, and the
 * {@code Stack:}, {@code Plan:} and {@code Applied:} trailers) and, for the selected commit, its full message,
 * all its trailers and the unified diff with added and removed lines coloured. With a {@link VersionService}: select two
 * commits of one stack and Compare ({@code #history-compare}, Alt+C, or the row's context menu, also "with the previous
 * version") for the semantic difference and the generated files' diff ({@code #compare-dialog}); "Roll back to this
 * version…" ({@code #history-rollback}, Alt+R, or the context menu) opens the {@link RollbackDialog}.
 */
public final class HistoryView extends BorderPane {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final HistoryViewModel model;
    private final TableView<CommitInfo> table = dev.mlpc.ui.CellTips.install(new TableView<>());
    private final ListView<String> diff = new ListView<>();
    private final TextArea message = new TextArea();
    private final GridPane trailers = new GridPane();

    public HistoryView(HistoryViewModel model) {
        this.model = model;
        getStyleClass().add("history-view");

        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("history-refresh");
        refresh.getStyleClass().add(Styles.SMALL);
        refresh.setOnAction(e -> model.refresh());
        refresh.setTooltip(new Tooltip("Read the history again"));
        Label status = new Label();
        status.setId("history-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("history-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-spinner");
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.loadingProperty());
        Button compare = new Button("_Compare", new FontIcon(Feather.COLUMNS));
        compare.setId("history-compare");
        compare.getStyleClass().add(Styles.SMALL);
        compare.setTooltip(new Tooltip("Compare the two selected versions of a stack: resources added, removed and changed, and the generated files' diff"));
        compare.setOnAction(e -> compareSelected());
        compare.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.versions() == null || HistoryViewModel.compareProblem(picked()) != null,
                table.getSelectionModel().getSelectedItems()));
        Button rollback = new Button("_Roll back to this version…", new FontIcon(Feather.ROTATE_CCW));
        rollback.setId("history-rollback");
        rollback.getStyleClass().add(Styles.SMALL);
        rollback.setTooltip(new Tooltip("Plan the stack as it was at the selected commit against the live system, review, then apply"));
        rollback.setOnAction(e -> rollbackSelected());
        rollback.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> picked().size() != 1 || model.rollbackProblem(picked().get(0)) != null,
                table.getSelectionModel().getSelectedItems()));
        if (model.versions() == null) {
            compare.setVisible(false);
            compare.setManaged(false);
            rollback.setVisible(false);
            rollback.setManaged(false);
        }
        Label compareError = new Label();
        compareError.setId("history-compare-error");
        compareError.getStyleClass().add(Styles.DANGER);
        compareError.setWrapText(true);
        compareError.textProperty().bind(model.compareErrorProperty());
        compareError.visibleProperty().bind(model.compareErrorProperty().isNotEmpty());
        compareError.managedProperty().bind(compareError.visibleProperty());
        ProgressIndicator comparing = new ProgressIndicator();
        comparing.setPrefSize(16, 16);
        comparing.visibleProperty().bind(model.comparingProperty());
        comparing.managedProperty().bind(model.comparingProperty());
        HBox bar = new HBox(8, refresh, compare, rollback, comparing, busy, status, stackFilterBar(model));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(new VBox(bar, error, compareError));
        model.comparisonProperty().addListener((o, a, b) -> {
            if (b != null) showComparison(b);
        });

        table.setId("history-table");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setItems(model.commits());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.mlpc.ui.CellTips.fitColumns(table); // columns sized to their content (review 2)
        table.setPlaceholder(new Label("No commits yet"));
        table.getColumns().setAll(List.of(
                column("Commit", 78, c -> c.shortId()),
                column("Date", 135, c -> DATE.format(c.when())),
                column("Author", 120, c -> c.authorName()),
                column("Stack", 130, c -> HistoryViewModel.trailer(c, "Stack")),
                column("Plan", 100, c -> HistoryViewModel.trailer(c, "Plan")),
                column("Applied", 80, c -> HistoryViewModel.trailer(c, "Applied")),
                column("Subject", 200, c -> c.subject())));
        table.getColumns().forEach(col -> {
            if (!"Subject".equals(col.getText())) col.setMinWidth(col.getPrefWidth());
        });
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.selectedProperty().set(b));
        if (model.versions() != null) {
            javafx.scene.control.ContextMenu menu = tableMenu();
            table.setContextMenu(menu);
            // the context-menu key and Shift+F10 open it on the selection, below the focused row
            table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == javafx.scene.input.KeyCode.CONTEXT_MENU
                        || (e.getCode() == javafx.scene.input.KeyCode.F10 && e.isShiftDown())) {
                    e.consume();
                    javafx.geometry.Bounds b = table.localToScreen(table.getBoundsInLocal());
                    if (b != null) menu.show(table, b.getMinX() + 40, b.getMinY() + 60);
                }
            });
        }
        model.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                if (b == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(b);
            }
            showDetails(b);
        });

        message.setId("history-message");
        message.setEditable(false);
        message.setWrapText(true);
        message.setPrefRowCount(5);
        message.setPromptText("Select a commit to see its message, trailers and diff");
        message.getStyleClass().add("commit-message");
        trailers.setId("history-trailers");
        trailers.getStyleClass().add("trailers");
        trailers.setHgap(12);
        javafx.scene.layout.ColumnConstraints keyCol = new javafx.scene.layout.ColumnConstraints();
        keyCol.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints valueCol = new javafx.scene.layout.ColumnConstraints();
        valueCol.setHgrow(Priority.ALWAYS);
        valueCol.setMinWidth(0);
        trailers.getColumnConstraints().addAll(keyCol, valueCol);
        trailers.setVgap(2);
        trailers.setPadding(new Insets(4, 8, 4, 8));

        diff.setId("history-diff");
        diff.getStyleClass().addAll("diff-view", Tweaks.EDGE_TO_EDGE);
        diff.setItems(model.diffLines());
        diff.setCellFactory(l -> new DiffCell());
        diff.setPlaceholder(new Label("Select a commit to see its diff"));
        ProgressIndicator diffBusy = new ProgressIndicator();
        diffBusy.setMaxSize(28, 28);
        diffBusy.visibleProperty().bind(model.diffLoadingProperty());
        diffBusy.setMouseTransparent(true);
        javafx.scene.layout.StackPane diffStack = new javafx.scene.layout.StackPane(diff, diffBusy);
        VBox.setVgrow(diffStack, Priority.ALWAYS);

        VBox info = new VBox(6, message, trailers);
        info.setPadding(new Insets(0, 0, 8, 0));
        javafx.scene.control.ScrollPane infoScroll = new javafx.scene.control.ScrollPane(info);
        infoScroll.setFitToWidth(true);
        infoScroll.getStyleClass().addAll(Styles.FLAT, "commit-info");
        SplitPane detailSplit = new SplitPane(infoScroll, diffStack);
        detailSplit.setOrientation(Orientation.HORIZONTAL);
        detailSplit.setDividerPositions(0.38);
        SplitPane split = new SplitPane(table, detailSplit);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        setCenter(split);
        showDetails(null);
    }

    /** The rows the user picked (the table's selection, in table order). */
    public List<CommitInfo> picked() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    /** Compares the two selected commits (see {@link HistoryViewModel#compare}). */
    public void compareSelected() {
        model.compare(picked());
    }

    /** Opens "Roll back to this version…" for the one selected commit; null when none can be rolled back to. */
    public Dialog<Void> rollbackSelected() {
        List<CommitInfo> p = picked();
        if (p.size() != 1 || model.rollbackProblem(p.get(0)) != null) return null;
        return RollbackDialog.open(getScene() == null ? null : getScene().getWindow(), model, p.get(0), model::refresh);
    }

    /**
     * The table's context menu (right click on a row selects it; the context-menu key opens it on the selection):
     * compare the two selected commits, compare the selected one with its stack's previous version, roll back.
     */
    private javafx.scene.control.ContextMenu tableMenu() {
        MenuItem compareTwo = new MenuItem("_Compare the two selected versions");
        compareTwo.setId("history-menu-compare");
        compareTwo.setOnAction(e -> compareSelected());
        MenuItem comparePrevious = new MenuItem("Compare with the _previous version of this stack");
        comparePrevious.setId("history-menu-compare-previous");
        comparePrevious.setOnAction(e -> {
            CommitInfo c = single();
            CommitInfo before = previousOfStack(c);
            if (before != null) model.compare(List.of(before, c));
        });
        MenuItem roll = new MenuItem("_Roll back to this version…");
        roll.setId("history-menu-rollback");
        roll.setOnAction(e -> rollbackSelected());
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(compareTwo, comparePrevious, roll);
        dev.mlpc.ui.MenuMnemonics.install(menu);
        menu.setOnShowing(e -> {
            CommitInfo c = single();
            compareTwo.setDisable(model.versions() == null || HistoryViewModel.compareProblem(picked()) != null);
            comparePrevious.setDisable(model.versions() == null || c == null || previousOfStack(c) == null);
            roll.setDisable(model.rollbackProblem(c) != null);
        });
        return menu;
    }

    /** The one selected commit, or null. */
    private CommitInfo single() {
        List<CommitInfo> p = picked();
        return p.size() == 1 ? p.get(0) : null;
    }

    /** The next older commit of the same stack in the list, or null. */
    private CommitInfo previousOfStack(CommitInfo c) {
        if (c == null || HistoryViewModel.stackOf(c).isEmpty()) return null;
        List<CommitInfo> all = model.commits();
        for (int i = all.indexOf(c) + 1; i > 0 && i < all.size(); i++) {
            if (HistoryViewModel.stackOf(all.get(i)).equals(HistoryViewModel.stackOf(c))) return all.get(i);
        }
        return null;
    }

    private Dialog<Void> compareDialog;
    private final TextArea compareText = dev.mlpc.ui.wizard.PlanReview.monospace("compare-semantic");
    private final ListView<String> compareDiff = new ListView<>();

    /** The comparison dialog ({@code #compare-dialog}), once one was shown. */
    public Dialog<Void> compareDialog() { return compareDialog; }

    private void showComparison(dev.mlpc.app.VersionDiff d) {
        compareText.setText(d.header() + "\n"
                + (d.inFrom() ? "" : "stack " + d.stack() + " does not exist at " + d.from().shortId() + ": it was added since\n")
                + (d.inTo() ? "" : "stack " + d.stack() + " does not exist at " + d.to().shortId() + ": it was removed since\n")
                + "\n" + d.semantic().toText());
        List<String> lines = HistoryViewModel.lines(d.generated());
        compareDiff.getItems().setAll(lines.isEmpty() ? List.of("(the generated files are the same)") : lines);
        if (compareDialog == null) {
            compareDialog = new Dialog<>();
            compareDialog.initModality(javafx.stage.Modality.NONE);
            if (getScene() != null) compareDialog.initOwner(getScene().getWindow());
            compareDialog.setResizable(true);
            compareDialog.getDialogPane().setId("compare-dialog");
            compareDialog.getDialogPane().getStylesheets().add(java.util.Objects.requireNonNull(
                    HistoryView.class.getResource(dev.mlpc.ui.Theme.CSS)).toExternalForm());
            compareDiff.setId("compare-generated");
            compareDiff.getStyleClass().addAll("diff-view", Tweaks.EDGE_TO_EDGE);
            compareDiff.setCellFactory(l -> new DiffCell());
            Label semanticLabel = new Label("_Resources added, removed and changed");
            semanticLabel.setLabelFor(compareText);
            Label generatedLabel = new Label("_Generated files");
            generatedLabel.setLabelFor(compareDiff);
            VBox top = new VBox(4, semanticLabel, compareText);
            VBox.setVgrow(compareText, Priority.ALWAYS);
            VBox bottom = new VBox(4, generatedLabel, compareDiff);
            VBox.setVgrow(compareDiff, Priority.ALWAYS);
            SplitPane parts = new SplitPane(top, bottom);
            parts.setOrientation(Orientation.VERTICAL);
            parts.setPrefSize(900, 600);
            compareDialog.getDialogPane().setContent(parts);
            compareDialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        }
        compareDialog.setTitle("Compare versions of " + d.stack());
        compareDialog.setHeaderText(d.header() + "   (" + d.semantic().summary() + ")");
        if (!compareDialog.isShowing()) compareDialog.show();
        compareText.requestFocus();
    }

    /** The commit table. */
    public TableView<CommitInfo> table() { return table; }

    /** The diff list (one row per line). */
    public ListView<String> diffList() { return diff; }

    /** The full message of the selected commit. */
    public TextArea messageArea() { return message; }

    /** The model behind the view. */
    public HistoryViewModel model() { return model; }

    private void showDetails(CommitInfo c) {
        message.setText(HistoryViewModel.fullMessage(c));
        trailers.getChildren().clear();
        if (c == null) return;
        int row = 0;
        trailers.add(caption("Commit"), 0, row);
        trailers.add(value(c.id()), 1, row++);
        trailers.add(caption("Author"), 0, row);
        trailers.add(value(c.authorName() + " <" + c.authorEmail() + ">"), 1, row++);
        trailers.add(caption("Date"), 0, row);
        trailers.add(value(DATE.format(c.when())), 1, row++);
        if (c.trailers() != null) {
            for (Map.Entry<String, String> t : c.trailers().entrySet()) {
                trailers.add(caption(t.getKey()), 0, row);
                trailers.add(value(t.getValue()), 1, row++);
            }
        }
        if (c.files() != null && !c.files().isEmpty()) {
            trailers.add(caption("Files"), 0, row);
            trailers.add(value(String.join("\n", c.files())), 1, row);
        }
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, "trailer-key");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label value(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("trailer-value");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static TableColumn<CommitInfo, String> column(String title, double width, java.util.function.Function<CommitInfo, String> f) {
        TableColumn<CommitInfo, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        Callback<TableColumn.CellDataFeatures<CommitInfo, String>, ObservableValue<String>> cv =
                cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : nullToEmpty(f.apply(cd.getValue())));
        col.setCellValueFactory(cv);
        col.setSortable(false);
        return col;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The CSS class for one line of a unified diff. */
    public static String diffClass(String line) {
        if (line.startsWith("diff --git") || line.startsWith("index ") || line.startsWith("new file") || line.startsWith("deleted file")) {
            return "diff-header";
        }
        if (line.startsWith("+++") || line.startsWith("---")) return "diff-file";
        if (line.startsWith("@@")) return "diff-hunk";
        if (line.startsWith("+")) return "diff-add";
        if (line.startsWith("-")) return "diff-del";
        return "diff-context";
    }

    /** One diff line in a monospace font, coloured by its kind. */
    static final class DiffCell extends ListCell<String> {
        private static final List<String> CLASSES = List.of("diff-header", "diff-file", "diff-hunk", "diff-add", "diff-del", "diff-context");

        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll(CLASSES);
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line.isEmpty() ? " " : line);
            getStyleClass().add(diffClass(line));
        }
    }

    /** "Only stack X" with a Show all button, shown while the history is filtered to one stack. */
    private static javafx.scene.Node stackFilterBar(HistoryViewModel model) {
        Label only = new Label();
        only.setId("history-stack-filter");
        only.getStyleClass().add(Styles.ACCENT);
        only.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.stackFilterProperty().get() == null
                ? "" : "Only stack " + model.stackFilterProperty().get(), model.stackFilterProperty()));
        Button all = new Button("Show _all commits");
        all.setId("history-show-all");
        all.getStyleClass().add(Styles.SMALL);
        all.setOnAction(e -> model.stackFilterProperty().set(null));
        HBox box = new HBox(8, only, all);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty().bind(model.stackFilterProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
