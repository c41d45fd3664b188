package dev.mlpc.ui.tree;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mlpc.app.Drift;
import dev.mlpc.ui.Icons;
import javafx.scene.Node;
import java.util.List;
import org.kordamp.ikonli.Ikon;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The live resource tree with its filter box. A thin view over {@link LiveTreeModel}: it renders rows and forwards
 * typing (debounced) to the model's filter.
 */
public final class LiveTreePane extends VBox {
    private final LiveTreeModel model;
    private final TreeView<TreeEntry> tree;
    private final CustomTextField filterField = new CustomTextField();

    public LiveTreePane(LiveTreeModel model) {
        this.model = model;
        getStyleClass().add("live-tree-pane");

        filterField.setId("tree-filter");
        filterField.setPromptText("Filter loaded nodes");
        filterField.setLeft(new FontIcon(Feather.SEARCH));
        Button clear = new Button(null, new FontIcon(Feather.X));
        clear.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        clear.setOnAction(e -> filterField.clear());
        clear.visibleProperty().bind(filterField.textProperty().isNotEmpty());
        tips.add(() -> clear.setTooltip(new Tooltip("Clear the filter")));
        filterField.setRight(clear);
        PauseTransition debounce = new PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> model.filterProperty().set(filterField.getText()));
        filterField.textProperty().addListener((o, a, b) -> {
            if (b == null || b.isEmpty()) {
                debounce.stop();
                model.filterProperty().set("");
                // clearing the filter (×, Escape, deleting the text) also clears the search hits
                hideSearch();
            } else {
                debounce.playFromStart();
            }
        });
        filterField.setOnAction(e -> {
            debounce.stop();
            model.filterProperty().set(filterField.getText());
        });
        filterField.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && !filterField.getText().isEmpty()) {
                filterField.clear();
                e.consume();
            }
        });

        tree = new TreeView<>(model.root());
        tree.setId("live-tree");
        tree.setShowRoot(false);
        tree.getStyleClass().addAll(Tweaks.EDGE_TO_EDGE, "live-tree");
        tree.setCellFactory(t -> new EntryCell(model));
        VBox.setVgrow(tree, Priority.ALWAYS);
        model.driftVersionProperty().addListener((o, a, b) -> tree.refresh());
        // a parent's mark rolls up what loaded below it: redraw once the loads are done
        model.loadingCountProperty().addListener((o, a, b) -> {
            if (b.intValue() == 0) tree.refresh();
        });
        keepSelectionAcrossLoads();

        Button searchAll = new Button("Search a_ll");
        searchAll.setId("tree-search");
        searchAll.setMnemonicParsing(true);
        searchAll.setMinWidth(Button.USE_PREF_SIZE);
        tips.add(() -> searchAll.setTooltip(new Tooltip("Search the whole connection of the selected row (one catalog query),"
                + " not only the loaded nodes (Ctrl+Enter in the filter)")));
        searchAll.disableProperty().bind(filterField.textProperty().isEmpty());
        searchAll.setOnAction(e -> searchConnection());
        filterField.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && e.isShortcutDown()) {
                searchConnection();
                e.consume();
            }
        });

        stopSearch.setId("tree-search-stop");
        stopSearch.setMinWidth(Button.USE_PREF_SIZE);
        tips.add(() -> stopSearch.setTooltip(new Tooltip("Stop the search of the whole connection; what it found so far is listed (Escape)")));
        stopSearch.managedProperty().bind(stopSearch.visibleProperty());
        stopSearch.setVisible(false);
        stopSearch.setOnAction(e -> model.cancelSearch());
        filterField.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && stopSearch.isVisible()) {
                model.cancelSearch();
                e.consume();
            }
        });
        HBox filterRow = new HBox(6, filterField, searchAll, stopSearch);
        HBox.setHgrow(filterField, Priority.ALWAYS);
        filterRow.setPadding(new Insets(8));
        getChildren().addAll(filterRow, tree, legend(tips));
    }

    /**
     * The tooltips of the pane, installed by {@link #installTooltips()} once the window has shown its first frame:
     * each is a popup window of its own (a scene, a skin), work a start does not need before the user can point at
     * something (issue 14, part 3).
     */
    private final List<Runnable> tips = new java.util.ArrayList<>();

    /** Installs the tooltips held back while the window was being built (once; later calls do nothing). */
    public void installTooltips() {
        tips.forEach(Runnable::run);
        tips.clear();
    }

    /** The status line and hit list of a whole-connection search, above the tree: built by the first search. */
    private Label searchStatus;
    private javafx.scene.control.ListView<dev.mlpc.core.provider.LiveNode> searchResults;
    private String searchedConnection;

    /** Builds the search's status line and hit list and puts them above the tree (once). */
    private void searchBox() {
        if (searchStatus != null) return;
        searchStatus = new Label();
        searchResults = new javafx.scene.control.ListView<>();
        searchStatus.setId("search-status");
        searchStatus.setWrapText(true);
        searchResults.setId("search-results");
        searchResults.setPrefHeight(160);
        searchResults.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(dev.mlpc.core.provider.LiveNode n, boolean empty) {
                super.updateItem(n, empty);
                if (empty || n == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                String where = n.details().get("schema") != null ? n.details().get("database") + "." + n.details().get("schema")
                        : n.details().get("database") != null ? String.valueOf(n.details().get("database")) : "";
                setText(n.label() + "  (" + n.kind() + (where.isEmpty() ? "" : " in " + where) + ")");
                setGraphic(new FontIcon(Icons.forKind(n.kind())));
                setTooltip(new Tooltip(n.path()));
            }
        });
        searchResults.setOnMouseClicked(e -> {
            if (e.getClickCount() >= 1) revealHit();
        });
        searchResults.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) revealHit();
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) hideSearch();
        });
        VBox searchBox = new VBox(4, searchStatus, searchResults);
        searchBox.setPadding(new Insets(0, 8, 4, 8));
        searchBox.managedProperty().bind(searchStatus.visibleProperty());
        searchBox.visibleProperty().bind(searchStatus.visibleProperty());
        getChildren().add(1, searchBox);
    }

    /** The connection a search applies to: the selected row's, else the first one in the tree. */
    private String searchTarget() {
        TreeItem<TreeEntry> sel = tree.getSelectionModel().getSelectedItem();
        if (sel != null && sel.getValue() != null && sel.getValue().profile() != null) return sel.getValue().profile().name();
        List<dev.mlpc.core.provider.ConnectionProfile> all = model.connections();
        return all.isEmpty() ? null : all.get(0).name();
    }

    /** Runs a whole-connection search for the filter's text; the hits are listed above the tree. */
    private void searchConnection() {
        String connection = searchTarget();
        String text = filterField.getText();
        if (connection == null) {
            showSearch("No connection to search.", List.of());
            return;
        }
        searchedConnection = connection;
        String scope = searchScope(connection);
        String searching = "Searching " + scope + " for \u201c" + text + "\u201d… (Escape stops)";
        showSearch(searching, List.of());
        stopSearch.setVisible(true);
        javafx.beans.value.ChangeListener<String> progress = (o, a, b) -> {
            if (stopSearch.isVisible() && b != null && !b.isEmpty()) searchStatus.setText(searching + " " + b);
        };
        model.searchProgressProperty().addListener(progress);
        model.search(connection, text, hits -> {
            model.searchProgressProperty().removeListener(progress);
            stopSearch.setVisible(false);
            String cut = model.searchCut();
            String where = cut == null ? scope : scope + " (search " + cut + ")";
            showSearch(hits.isEmpty()
                    ? "Nothing in " + where + " is named like \u201c" + text + "\u201d."
                    : hits.size() + (hits.size() >= LiveTreeModel.SEARCH_LIMIT ? "+" : "") + " found in " + where
                    + " — Enter or click shows one in the tree, Escape closes", hits);
        }, why -> {
            model.searchProgressProperty().removeListener(progress);
            stopSearch.setVisible(false);
            showSearch("Search of " + scope + ": " + why, List.of());
        });
    }

    /** Stops the whole-connection search still running; its hits so far are listed. */
    private final Button stopSearch = new Button("Stop");

    /**
     * What a whole-connection search covers, for its messages: a PostgreSQL connection searches its own database
     * only ("database ml of connection pg"), the other providers the whole connection ("connection sf").
     */
    String searchScope(String connection) {
        dev.mlpc.core.provider.ConnectionProfile p = model.connections().stream()
                .filter(c -> c.name().equals(connection)).findFirst().orElse(null);
        String db = p == null || !"postgres".equals(p.type()) ? null : databaseOf(p.setting("url"));
        return db == null ? "connection " + connection : "database " + db + " of connection " + connection;
    }

    /** The database of a JDBC PostgreSQL URL ({@code jdbc:postgresql://host:port/db?…}), or null. */
    static String databaseOf(String url) {
        if (url == null) return null;
        String rest = url.replaceFirst("^jdbc:postgresql:(//[^/]*/?)?", "");
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        return rest.isBlank() ? "postgres" : java.net.URLDecoder.decode(rest, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void showSearch(String status, List<dev.mlpc.core.provider.LiveNode> hits) {
        searchBox();
        model.setSearchShowing(!hits.isEmpty());
        searchStatus.setText(status);
        searchStatus.setVisible(true);
        searchResults.getItems().setAll(hits);
        searchResults.setVisible(!hits.isEmpty());
        searchResults.setManaged(!hits.isEmpty());
    }

    private void hideSearch() {
        model.setSearchShowing(false);
        if (searchStatus == null) return;
        searchStatus.setVisible(false);
        searchResults.getItems().clear();
        searchResults.setVisible(false);
        searchResults.setManaged(false);
    }

    /** Expands the tree down to the selected hit and selects it. */
    private void revealHit() {
        if (searchResults == null) return;
        dev.mlpc.core.provider.LiveNode hit = searchResults.getSelectionModel().getSelectedItem();
        if (hit == null || searchedConnection == null) return;
        model.reveal(searchedConnection, hit.path(), item -> {
            int row = tree.getRow(item);
            tree.getSelectionModel().clearAndSelect(row);
            tree.scrollTo(Math.max(0, row - 3));
            tree.requestFocus();
        }, why -> searchStatus.setText("Cannot show " + hit.label() + ": " + why));
    }

    /** The hits of the last whole-connection search (for tests). */
    List<dev.mlpc.core.provider.LiveNode> searchHits() {
        return searchResults == null ? List.of() : List.copyOf(searchResults.getItems());
    }

    /**
     * JavaFX's TreeView shifts its selection (and focus) when rows' children are replaced, e.g. when a folder the
     * user just expanded finishes loading: the keyboard would then continue from the wrong row. The row the user
     * selected is remembered outside such changes and selected again after them when it is still shown.
     */
    private void keepSelectionAcrossLoads() {
        @SuppressWarnings("unchecked")
        TreeItem<TreeEntry>[] chosen = new TreeItem[1];
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!model.restructuringProperty().get()) chosen[0] = b;
        });
        model.restructuringProperty().addListener((o, was, now) -> {
            TreeItem<TreeEntry> keep = chosen[0];
            if (now || keep == null || tree.getSelectionModel().getSelectedItem() == keep) return;
            int row = tree.getRow(keep);
            if (row < 0) return;
            tree.getSelectionModel().clearAndSelect(row);
            // the focus model settles its own shift later in the pulse: focus the row again once it has
            javafx.application.Platform.runLater(() -> {
                if (tree.getSelectionModel().getSelectedItem() == keep) tree.getFocusModel().focus(tree.getRow(keep));
            });
        });
    }

    /** The legend of the drift marks, under the tree. */
    private static Node legend(List<Runnable> tips) {
        HBox box = new HBox(10);
        box.setId("drift-legend");
        box.getStyleClass().add("drift-legend");
        box.setPadding(new Insets(4, 8, 6, 8));
        for (Drift.State st : List.of(Drift.State.IN_SYNC, Drift.State.DIFFERS, Drift.State.UNMANAGED, Drift.State.MISSING)) {
            FontIcon i = new FontIcon(badge(st));
            Label l = new Label(caption(st), i);
            l.getStyleClass().addAll("drift-legend-item", styleClass(st));
            box.getChildren().add(l);
        }
        tips.add(() -> Tooltip.install(box, new Tooltip("Drift against the stacks in the config repository for each connection's provider;"
                + " computed when a connection opens and on Refresh (F5)")));
        return box;
    }

    /** The badge icon of a drift state. */
    static Ikon badge(Drift.State st) {
        return switch (st) {
            case IN_SYNC -> Feather.CHECK_CIRCLE;
            case DIFFERS -> Feather.ALERT_TRIANGLE;
            case UNMANAGED -> Feather.HELP_CIRCLE;
            case MISSING -> Feather.X_CIRCLE;
            case UNCHECKED -> Feather.MINUS_CIRCLE;
        };
    }

    /** The style class of a drift state on a row and in the legend: {@code drift-in-sync}, {@code drift-differs}, … */
    public static String styleClass(Drift.State st) {
        return "drift-" + st.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static String caption(Drift.State st) {
        return switch (st) {
            case IN_SYNC -> "in sync";
            case DIFFERS -> "differs";
            case UNMANAGED -> "unmanaged";
            case MISSING -> "missing";
            case UNCHECKED -> "not compared";
        };
    }

    /** The tree control (for selection and keyboard focus). */
    public TreeView<TreeEntry> tree() { return tree; }

    /** The filter box. */
    public CustomTextField filterField() { return filterField; }

    /** The model behind the view. */
    public LiveTreeModel model() { return model; }

    /** The selected row. */
    public ReadOnlyObjectProperty<TreeItem<TreeEntry>> selectedItemProperty() {
        return tree.getSelectionModel().selectedItemProperty();
    }

    /** Renders one row: icon by kind, label, and for status rows a spinner, an error colour or an action link. */
    private static final class EntryCell extends TreeCell<TreeEntry> {
        private static final List<String> DRIFT_CLASSES = java.util.Arrays.stream(Drift.State.values())
                .map(LiveTreePane::styleClass).toList();
        /** Reused for connection and node rows, so scrolling through long lists allocates nothing per row. */
        private final FontIcon icon = new FontIcon(Feather.CIRCLE);
        /** The drift badge beside the icon, reused like it. */
        private final FontIcon badge = new FontIcon(Feather.CIRCLE);
        private final HBox marked = new HBox(3);
        /** The drift tooltip, reused like the icons; made for the cell's first marked row (a tooltip is a popup window). */
        private Tooltip markTip;
        private final LiveTreeModel model;

        EntryCell(LiveTreeModel model) {
            this.model = model;
            getStyleClass().add("entry-cell");
            badge.getStyleClass().add("drift-badge");
            marked.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        /** Shows the row's icon, with the drift badge, class and tooltip when the row has a mark. */
        private void showIcon(TreeEntry e) {
            Drift.Mark mark = model.shownMark(getTreeItem());
            if (mark == null) {
                setGraphic(icon);
                return;
            }
            badge.setIconCode(badge(mark.state()));
            getStyleClass().add(styleClass(mark.state()));
            marked.getChildren().setAll(icon, badge);
            setGraphic(marked);
            if (markTip == null) markTip = new Tooltip();
            markTip.setText(mark.describe());
            setTooltip(markTip);
        }

        @Override
        protected void updateItem(TreeEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().removeAll("status-loading", "status-error", "status-hint", "connection-row");
            getStyleClass().removeAll(DRIFT_CLASSES);
            setTooltip(null);
            if (empty || e == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setContentDisplay(ContentDisplay.LEFT);
            switch (e.kind()) {
                case CONNECTION -> {
                    getStyleClass().add("connection-row");
                    setText(e.label());
                    icon.setIconCode(Feather.SERVER);
                    setGraphic(icon);
                    String url = e.profile().setting("url");
                    String problem = model.driftProblem(e.profile().name());
                    setTooltip(new Tooltip(e.profile().type() + (url == null ? "" : " · " + url)
                            + (problem == null ? "" : "\nDrift marks unavailable: " + problem)));
                }
                case NODE -> {
                    setText(e.label());
                    icon.setIconCode(Icons.forKind(e.node().kind()));
                    showIcon(e);
                }
                case MISSING -> {
                    setText(e.label());
                    if (e.missing() == null) {
                        getStyleClass().add(styleClass(Drift.State.MISSING));
                        icon.setIconCode(Feather.FOLDER);
                        setGraphic(icon);
                        setTooltip(new Tooltip("Stack resources that are not in the live system and whose place in the"
                                + " tree is not loaded or does not exist"));
                    } else {
                        icon.setIconCode(Icons.forKind(e.missing().resource().kind()));
                        showIcon(e);
                    }
                }
                case LOADING -> {
                    getStyleClass().add("status-loading");
                    ProgressIndicator p = new ProgressIndicator();
                    p.getStyleClass().add("tree-spinner");
                    p.setPrefSize(14, 14);
                    p.setMaxSize(14, 14);
                    setText(e.label());
                    setGraphic(p);
                }
                case ERROR, HINT -> {
                    boolean error = e.kind() == TreeEntry.Kind.ERROR;
                    getStyleClass().add(error ? "status-error" : "status-hint");
                    FontIcon statusIcon = new FontIcon(error ? Feather.ALERT_CIRCLE : Feather.INFO);
                    if (error) setTooltip(new Tooltip(e.label()));
                    if (e.action() == null) {
                        setText(e.label());
                        setGraphic(statusIcon);
                    } else {
                        Label text = new Label(e.label());
                        text.getStyleClass().add("status-text");
                        text.setMinWidth(40);
                        // a long message is cut short so the action stays in view (tooltip and details show it all)
                        TreeView<TreeEntry> tv = getTreeView();
                        if (tv != null) {
                            int level = tv.getTreeItemLevel(getTreeItem());
                            text.maxWidthProperty().bind(tv.widthProperty().subtract(90 + 18.0 * Math.max(0, level)
                                    + 8.0 * e.actionLabel().length()));
                        }
                        Hyperlink link = new Hyperlink(e.actionLabel());
                        link.getStyleClass().add("status-action");
                        link.setOnAction(a -> e.action().run());
                        HBox box = new HBox(6, statusIcon, text, link);
                        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                        setText(null);
                        setGraphic(box);
                    }
                }
                default -> throw new IllegalStateException("unknown row kind " + e.kind());
            }
        }
    }
}
