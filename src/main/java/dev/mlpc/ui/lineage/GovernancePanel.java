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
 *
 * <p>Columns are sized to their content ({@link dev.mlpc.ui.CellTips#fitColumns}); under the table a details area shows
 * the selected finding's whole message, wrapped, with links to the nodes it names; tooltips wrap. While the rules
 * are evaluated the table says so (not "No findings"); sources that could not be read (e.g. a registry that cannot be
 * reached: {@link LineageMapSource.Data#notes()}) are listed above the table.</p>
 */
public final class GovernancePanel extends BorderPane {
    /**
     * One row: the finding, the node it is about (null when the graph has none) and every node of the graph it names
     * (its {@link Finding#nodes()}, e.g. the ungoverned inputs), in its order.
     */
    public record Row(Finding finding, LineageNode node, List<LineageNode> nodes) {
        public Row {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        public Row(Finding finding, LineageNode node) {
            this(finding, node, node == null ? List.of() : List.of(node));
        }

        public String nodeText() {
            return node != null ? node.label() : finding.type() + " " + finding.name();
        }
    }

    /** Wrapped tooltips and the details text are at most this wide (a finding's message is never one screen-wide line). */
    static final double TIP_WIDTH = 560;

    /** The panel's keys for Help's shortcut list, {keys, action}. */
    public static List<String[]> shortcuts() {
        return List.of(
                new String[] {"Enter / double-click", "Show the selected finding's node on the lineage map"},
                new String[] {"Alt+M", "Show on map"},
                new String[] {"Alt+R", "Evaluate the governance rules again"});
    }

    private final UiExecutor executor;
    private final LineageMapSource source;
    private final TableView<Row> table = new TableView<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Label summary = new Label();
    private final Label notes = new Label();
    private final Label details = new Label();
    private final javafx.scene.layout.FlowPane detailLinks = new javafx.scene.layout.FlowPane(6, 2);
    private final Label noFindings = new Label("No findings");
    private final javafx.scene.Node evaluating;
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
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setMaxSize(24, 24);
        Label evaluatingText = new Label("Evaluating the governance rules…");
        HBox evaluatingBox = new HBox(8, spinner, evaluatingText);
        evaluatingBox.setAlignment(Pos.CENTER);
        evaluatingBox.setId("governance-evaluating");
        evaluating = evaluatingBox;
        noFindings.setId("governance-no-findings");
        table.setPlaceholder(noFindings);
        dev.mlpc.ui.CellTips.install(table);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.mlpc.ui.CellTips.fitColumns(table); // every column as wide as its text where the tab has room (review 3)
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
        table.getColumns().setAll(List.of(severity, rule, node, message));
        table.setRowFactory(t -> {
            TableRow<Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) open(row.getItem());
            });
            row.itemProperty().addListener((o, a, b) -> row.setTooltip(b == null ? null : tooltip(b.finding().message()
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
        notes.setId("governance-notes");
        notes.getStyleClass().add(Styles.WARNING);
        notes.setWrapText(true);
        notes.setMinHeight(Region.USE_PREF_SIZE);
        notes.setPadding(new Insets(0, 8, 4, 8));
        notes.visibleProperty().bind(notes.textProperty().isNotEmpty());
        notes.managedProperty().bind(notes.visibleProperty());
        setTop(new javafx.scene.layout.VBox(top, notes));

        // the selected finding whole: its message wrapped and the nodes it names as links to the map
        details.setId("governance-details");
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.setMaxWidth(Double.MAX_VALUE);
        detailLinks.setId("governance-details-links");
        javafx.scene.layout.VBox detailBox = new javafx.scene.layout.VBox(4, details, detailLinks);
        detailBox.setPadding(new Insets(6, 8, 8, 8));
        javafx.scene.control.ScrollPane detailScroll = new javafx.scene.control.ScrollPane(detailBox);
        detailScroll.setId("governance-details-pane");
        detailScroll.setFitToWidth(true);
        detailScroll.setPrefViewportHeight(110);
        detailScroll.setMinHeight(60);
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, detailScroll);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        javafx.scene.control.SplitPane.setResizableWithParent(detailScroll, false);
        setCenter(split);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showDetails(b));
        showDetails(null);
    }

    /** A tooltip that wraps at {@link #TIP_WIDTH}: a long message is never a line running off the screen. */
    static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(TIP_WIDTH);
        return t;
    }

    private void showDetails(Row r) {
        detailLinks.getChildren().clear();
        if (r == null) {
            details.setText(rows.isEmpty() ? "" : "Select a finding to read it whole.");
            return;
        }
        Finding f = r.finding();
        details.setText(f.severity().json() + " · " + f.rule() + " · " + r.nodeText() + "\n" + f.message());
        for (LineageNode n : r.nodes()) {
            javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(n.label());
            link.getStyleClass().add("governance-node-link");
            link.setTooltip(tooltip(n.id()));
            link.setOnAction(e -> mapOpener.accept(n.id()));
            detailLinks.getChildren().add(link);
        }
        if (!r.nodes().isEmpty()) {
            Label on = new Label(r.nodes().size() == 1 ? "On the map:" : "The nodes it names, on the map:");
            on.getStyleClass().add(Styles.TEXT_MUTED);
            detailLinks.getChildren().add(0, on);
        }
    }

    /** The selected finding's text as the details area shows it (wrapped). */
    public Label details() { return details; }

    /** The links of the details area to the nodes the selected finding names. */
    public javafx.scene.layout.FlowPane detailLinks() { return detailLinks; }

    /** The notes about sources that were not read (e.g. a registry that cannot be reached), empty when none. */
    public Label notes() { return notes; }

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
        table.setPlaceholder(evaluating);
        FxProgress progress = new FxProgress(executor.fx());
        record Loaded(List<Row> rows, List<String> notes) { }
        Tasks.create(() -> {
                    LineageMapSource.Data data = source.load(false, progress);
                    return new Loaded(rows(data), data.notes());
                })
                .onSuccess(loaded -> {
                    if (gen != generation) return;
                    List<Row> list = loaded.rows();
                    loading = false;
                    error.set("");
                    noFindings.setText("No findings");
                    table.setPlaceholder(noFindings);
                    notes.setText(loaded.notes().isEmpty() ? "" : loaded.notes().stream().map(n -> "Not read: " + n)
                            .collect(java.util.stream.Collectors.joining("\n"))
                            + "\nThe findings leave out what was not read.");
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
                    noFindings.setText("No findings: the rules could not be evaluated");
                    table.setPlaceholder(noFindings);
                })
                .run(executor);
    }

    /** The rows of {@code data}: errors first, then by rule and node. */
    static List<Row> rows(LineageMapSource.Data data) {
        LineageGraph g = data.graph();
        return data.findings().stream()
                .map(f -> {
                    String id = LineageFindings.nodeOf(g, f);
                    LineageNode about = id == null ? null : g.node(id).orElse(null);
                    List<LineageNode> named = new java.util.ArrayList<>();
                    if (about != null) named.add(about);
                    for (String n : f.nodes()) g.node(n).filter(x -> !named.contains(x)).ifPresent(named::add);
                    return new Row(f, about, named);
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
