package dev.mlpc.ui.tree;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mlpc.ui.Icons;
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
        clear.setTooltip(new Tooltip("Clear the filter"));
        filterField.setRight(clear);
        PauseTransition debounce = new PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> model.filterProperty().set(filterField.getText()));
        filterField.textProperty().addListener((o, a, b) -> {
            if (b == null || b.isEmpty()) {
                debounce.stop();
                model.filterProperty().set("");
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
        tree.setCellFactory(t -> new EntryCell());
        VBox.setVgrow(tree, Priority.ALWAYS);

        HBox filterRow = new HBox(filterField);
        HBox.setHgrow(filterField, Priority.ALWAYS);
        filterRow.setPadding(new Insets(8));
        getChildren().addAll(filterRow, tree);
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
        /** Reused for connection and node rows, so scrolling through long lists allocates nothing per row. */
        private final FontIcon icon = new FontIcon(Feather.CIRCLE);

        EntryCell() {
            getStyleClass().add("entry-cell");
        }

        @Override
        protected void updateItem(TreeEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().removeAll("status-loading", "status-error", "status-hint", "connection-row");
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
                    setTooltip(new Tooltip(e.profile().type() + (url == null ? "" : " · " + url)));
                }
                case NODE -> {
                    setText(e.label());
                    icon.setIconCode(Icons.forKind(e.node().kind()));
                    setGraphic(icon);
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
