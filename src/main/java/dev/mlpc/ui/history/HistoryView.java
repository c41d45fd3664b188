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
 * all its trailers and the unified diff with added and removed lines coloured.
 */
public final class HistoryView extends BorderPane {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final HistoryViewModel model;
    private final TableView<CommitInfo> table = new TableView<>();
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
        HBox bar = new HBox(8, refresh, busy, status, stackFilterBar(model));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(new VBox(bar, error));

        table.setId("history-table");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setItems(model.commits());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
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
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.selectedProperty().set(b));
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
    private static final class DiffCell extends ListCell<String> {
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
