package dev.mlpc.ui.lineage;

import atlantafx.base.theme.Styles;
import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Governance panel: every finding of the governance rules over the lineage graph and the stacks at head
 * (severity, rule, node, message), errors first. Enter or a double-click on a finding about a node opens the Lineage
 * map on it. Reading runs on the background executor.
 */
public final class GovernancePanel extends BorderPane {
    /** One row: the finding and the node it is about (null when the graph has none). */
    public record Row(Finding finding, LineageNode node) {
        public String nodeText() {
            return node != null ? node.label() : finding.type() + " " + finding.name();
        }
    }

    private final UiExecutor executor;
    private final LineageMapSource source;
    private final TableView<Row> table = new TableView<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Label summary = new Label();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private Consumer<String> mapOpener = id -> { };
    private int generation;
    private boolean loading;

    public GovernancePanel(UiExecutor executor, LineageMapSource source) {
        this.executor = Objects.requireNonNull(executor);
        this.source = Objects.requireNonNull(source);
        setId("governance-panel");
        table.setId("governance-table");
        table.setItems(rows);
        table.setPlaceholder(new Label("No findings"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Row, String> severity = column("Severity", 80, r -> r.finding().severity().json());
        severity.setCellFactory(c -> new TableCell<>() {
            @Override protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
                if (!empty && s != null) getStyleClass().add("error".equals(s) ? Styles.DANGER : Styles.WARNING);
            }
        });
        TableColumn<Row, String> rule = column("Rule", 200, r -> r.finding().rule());
        TableColumn<Row, String> node = column("Node", 200, Row::nodeText);
        TableColumn<Row, String> message = column("Message", 380, r -> r.finding().message());
        // the constrained policy shrinks columns to the tab's width: never below what the headers need
        severity.setMinWidth(96);
        rule.setMinWidth(120);
        node.setMinWidth(120);
        message.setMinWidth(160);
        table.getColumns().setAll(List.of(severity, rule, node, message));
        table.setRowFactory(t -> {
            TableRow<Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) open(row.getItem());
            });
            row.itemProperty().addListener((o, a, b) -> row.setTooltip(b == null ? null : new Tooltip(b.finding().message()
                    + (b.node() == null ? "" : "\n" + b.node().id()))));
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open(table.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        Button refresh = new Button("_Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("governance-refresh");
        refresh.setMnemonicParsing(true);
        refresh.setOnAction(e -> refresh());
        Button map = new Button("Show on _map", new FontIcon(Feather.SHARE_2));
        map.setId("governance-show-map");
        map.setMnemonicParsing(true);
        map.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        map.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        summary.setId("governance-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, summary, spacer, map, refresh);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 8, 6, 8));
        setTop(top);
        setCenter(table);
    }

    private static TableColumn<Row, String> column(String title, double width, Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    /** What Enter / double-click on a finding calls with its node id (the console opens the Lineage map). */
    public void setMapOpener(Consumer<String> opener) { mapOpener = Objects.requireNonNull(opener); }

    public TableView<Row> table() { return table; }

    /** The last failure in words, empty when none. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    public Label summary() { return summary; }

    public boolean loading() { return loading; }

    /** Reads the graph and evaluates the rules again. */
    public void refresh() {
        int gen = ++generation;
        loading = true;
        summary.setText("Evaluating the governance rules…");
        FxProgress progress = new FxProgress(executor.fx());
        Tasks.create(() -> rows(source.load(false, progress)))
                .onSuccess(list -> {
                    if (gen != generation) return;
                    loading = false;
                    error.set("");
                    rows.setAll(list);
                    long errors = list.stream().filter(r -> r.finding().severity() == Severity.ERROR).count();
                    summary.setText(list.isEmpty() ? "No findings: every rule holds"
                            : errors + (errors == 1 ? " error, " : " errors, ") + (list.size() - errors)
                            + (list.size() - errors == 1 ? " warning" : " warnings") + " (Enter or double-click: show on the lineage map)");
                    if (!list.isEmpty() && table.getSelectionModel().isEmpty()) table.getSelectionModel().select(0);
                })
                .onError(e -> {
                    if (gen != generation) return;
                    loading = false;
                    error.set("Cannot evaluate the governance rules: " + UiErrors.message(e));
                    summary.setText(error.get());
                })
                .run(executor);
    }

    /** The rows of {@code data}: errors first, then by rule and node. */
    static List<Row> rows(LineageMapSource.Data data) {
        LineageGraph g = data.graph();
        return data.findings().stream()
                .map(f -> {
                    String id = LineageFindings.nodeOf(g, f);
                    return new Row(f, id == null ? null : g.node(id).orElse(null));
                })
                .sorted(Comparator.comparing((Row r) -> r.finding().severity() == Severity.ERROR ? 0 : 1)
                        .thenComparing(r -> r.finding().rule()).thenComparing(Row::nodeText))
                .toList();
    }

    private void open(Row r) {
        if (r == null) return;
        if (r.node() == null) {
            summary.setText("This finding is about " + r.finding().type() + " " + r.finding().name()
                    + ", which is not a node of the lineage graph");
            return;
        }
        mapOpener.accept(r.node().id());
    }
}
