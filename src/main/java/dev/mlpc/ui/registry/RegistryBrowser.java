package dev.mlpc.ui.registry;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.MigrationInfo;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.ui.Icons;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.wizard.Forms;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The model registry browser, a window of its own beside the main window: a header to pick the registry
 * (connection, database, schema, Connect, and Install registry when it is missing), the models with a search box and
 * pages on the left, and on the right the selected model's versions with their actions, the selected version's
 * lineage and metrics, one metric across versions, the model's event log and the schema's migrations. A thin view
 * over {@link RegistryBrowserModel}: every action is confirmed in a {@link RegistryDialogs dialog} first.
 *
 * <p>Keyboard: F5 reloads, Ctrl+F goes to the search box (Escape clears it), Alt+Page Down / Alt+Page Up page
 * through the models, Ctrl+W or Escape closes (the status bar says so); the header and the actions have mnemonics (Alt+C connection, Alt+D database,
 * Alt+S schema, Alt+O Connect, Alt+I Install registry, Alt+A set alias, Alt+R remove alias, Alt+T change stage,
 * Alt+H archive, Alt+L delete version, Alt+M delete model, Alt+V include archived, Alt+E metric key).</p>
 */
public final class RegistryBrowser {
    /** The window title. */
    public static final String TITLE = "Model registry";
    public static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.F5);
    public static final KeyCombination SEARCH = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination NEXT_MODELS = new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.ALT_DOWN);
    public static final KeyCombination PREVIOUS_MODELS = new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.ALT_DOWN);
    public static final KeyCombination CLOSE = dev.mlpc.ui.CloseKeys.CLOSE;
    public static final KeyCombination CLOSE_ESCAPE = dev.mlpc.ui.CloseKeys.CLOSE_ESCAPE;

    /**
     * The browser's keys for Help's shortcut list, {keys, action}: the scene's accelerators from their constants, then
     * the header's and the actions' mnemonics.
     */
    public static List<String[]> shortcuts() {
        return List.of(
                new String[] {REFRESH.getDisplayText(), "Reload"},
                new String[] {SEARCH.getDisplayText(), "Go to the models' search box (Esc clears it)"},
                new String[] {NEXT_MODELS.getDisplayText(), "Next page of models"},
                new String[] {PREVIOUS_MODELS.getDisplayText(), "Previous page of models"},
                new String[] {CLOSE.getDisplayText() + " / " + CLOSE_ESCAPE.getDisplayText(), "Close the browser"},
                new String[] {"Alt+C / Alt+D / Alt+S", "Connection / database / schema"},
                new String[] {"Alt+O / Alt+I", "Connect / Install registry"},
                new String[] {"Alt+A / Alt+R", "Set alias / remove alias"},
                new String[] {"Alt+T / Alt+H", "Change stage / archive"},
                new String[] {"Alt+L / Alt+M", "Delete version / delete model"},
                new String[] {"Alt+V / Alt+E", "Include archived / metric key"});
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final RegistryBrowserModel model;
    private final Stage stage = new Stage();
    private final CustomTextField search = new CustomTextField();
    private final ListView<RegisteredModel> modelList = new ListView<>();
    private final TableView<ModelVersion> versionTable = dev.mlpc.ui.CellTips.install(new TableView<>());
    private final TableView<RegistryEvent> eventTable = dev.mlpc.ui.CellTips.install(new TableView<>());
    private final TableView<MigrationInfo> migrationTable = dev.mlpc.ui.CellTips.install(new TableView<>());
    private final VBox lineageBox = new VBox(4);
    private final LineChart<Number, Number> versionChart = chart("Step", "version-metrics-chart");
    private final LineChart<Number, Number> acrossChart = chart("Version", "across-chart");
    private final TabPane tabs = new TabPane();
    private final Label modelTitle = new Label();
    private final Label modelSubtitle = new Label();
    private boolean syncingModel;
    private boolean syncingVersion;

    public RegistryBrowser(RegistryBrowserModel model) {
        this.model = model;
        stage.setTitle(TITLE);
        BorderPane root = new BorderPane();
        root.setId("registry-browser");
        root.getStyleClass().add("registry-browser");
        root.setTop(new VBox(header(), messages()));
        SplitPane split = new SplitPane(modelsPane(), detailPane());
        split.setDividerPositions(0.25); // the versions table gets the room its columns need at 1280 px (review 3)
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        root.setCenter(split);
        root.setBottom(statusBar());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1240, screen.getWidth()), Math.min(780, screen.getHeight()));
        Theme.style(scene);
        stage.setScene(scene);
        stage.setMinWidth(Math.min(900, screen.getWidth()));
        stage.setMinHeight(Math.min(560, screen.getHeight()));
        scene.getAccelerators().put(REFRESH, model::refresh);
        scene.getAccelerators().put(SEARCH, () -> {
            search.requestFocus();
            search.selectAll();
        });
        scene.getAccelerators().put(NEXT_MODELS, () -> model.models().next());
        scene.getAccelerators().put(PREVIOUS_MODELS, () -> model.models().previous());
        // Escape closes too (review 2) — after the focused control had it: the search box's Escape clears its text first
        dev.mlpc.ui.CloseKeys.install(scene, stage);
        stage.setOnHidden(e -> model.dispose());
        bindSelections();
    }

    /** The view model. */
    public RegistryBrowserModel model() { return model; }

    /** The browser's window. */
    public Stage stage() { return stage; }

    /** The models list. */
    public ListView<RegisteredModel> modelList() { return modelList; }

    /** The versions table. */
    public TableView<ModelVersion> versionTable() { return versionTable; }

    /** The events table. */
    public TableView<RegistryEvent> eventTable() { return eventTable; }

    /** The tabs on the right (Versions, Across versions, Events, Migrations). */
    public TabPane tabs() { return tabs; }

    /**
     * Shows the window (not modal and not owned, so the main window can come in front of it when a lineage entry is
     * shown there), placed over {@code owner}; connects at once when a connection is chosen.
     */
    public void show(Window owner) {
        show(owner, true);
    }

    /** {@link #show(Window)}; connects only when {@code connect} (else {@link #connectIfChosen()} does it later). */
    public void show(Window owner, boolean connect) {
        if (owner != null && !stage.isShowing()) {
            // beside the owner's top left corner, kept on the screen
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            double w = stage.getScene().getWidth();
            double h = stage.getScene().getHeight();
            stage.setX(Math.max(screen.getMinX(), Math.min(owner.getX() + 40, screen.getMaxX() - w)));
            stage.setY(Math.max(screen.getMinY(), Math.min(owner.getY() + 40, screen.getMaxY() - h)));
        }
        stage.show();
        stage.toFront();
        if (connect) connectIfChosen();
    }

    /**
     * Connects when a connection is chosen, the registry is neither open nor offering its install, and the database
     * is not the server's maintenance database (then a prompt asks for the registry's database instead).
     */
    public void connectIfChosen() {
        model.connectFirst();
    }

    // ---- header -------------------------------------------------------------------------------------------------

    private Node header() {
        ComboBox<ConnectionProfile> connection = new ComboBox<>(model.connections());
        connection.setId("registry-connection");
        connection.valueProperty().bindBidirectional(model.connectionProperty());
        connection.setConverter(new StringConverter<>() {
            @Override
            public String toString(ConnectionProfile p) {
                return p == null ? "" : p.name();
            }

            @Override
            public ConnectionProfile fromString(String s) {
                return null;
            }
        });
        connection.setPromptText("PostgreSQL connection");
        connection.setPrefWidth(180);
        TextField database = new TextField();
        database.setId("registry-database");
        database.textProperty().bindBidirectional(model.databaseProperty());
        database.setPromptText("the registry's database");
        database.setPrefColumnCount(14);
        database.setOnAction(e -> model.connect());
        TextField schema = new TextField();
        schema.setId("registry-schema");
        schema.textProperty().bindBidirectional(model.schemaProperty());
        schema.setPrefColumnCount(12);
        schema.setOnAction(e -> model.connect());
        Button connect = new Button("C_onnect", new FontIcon(Feather.LOG_IN));
        connect.setId("registry-connect");
        connect.getStyleClass().add(Styles.ACCENT);
        connect.setTooltip(new Tooltip("Open the registry in this database and schema (Enter in a field)"));
        connect.setOnAction(e -> model.connect());
        Button install = new Button("_Install registry", new FontIcon(Feather.DOWNLOAD));
        install.setId("registry-install");
        install.getStyleClass().add(Styles.SUCCESS);
        install.textProperty().bind(javafx.beans.binding.Bindings.when(model.installIntoMaintenanceProperty())
                .then("_Install in " + RegistryBrowserModel.MAINTENANCE_DATABASE).otherwise("_Install registry"));
        install.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // the fields give way, not the buttons
        connect.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        install.setTooltip(new Tooltip("Run the registry's migrations in this schema"));
        install.visibleProperty().bind(model.installOfferedProperty());
        install.managedProperty().bind(install.visibleProperty());
        install.disableProperty().bind(model.busyBinding());
        install.setOnAction(e -> model.install());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setId("registry-busy");
        busy.getStyleClass().add("small-spinner");
        busy.setPrefSize(18, 18);
        busy.setMaxSize(18, 18);
        busy.visibleProperty().bind(model.busyBinding());
        HBox box = new HBox(8, Forms.label("_Connection", connection), connection, Forms.label("_Database", database),
                database, Forms.label("_Schema", schema), schema, connect, install, busy);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(10, 12, 10, 12));
        box.getStyleClass().add("registry-header");
        return box;
    }

    private Node messages() {
        Label error = Forms.danger(new Label());
        error.setId("registry-error");
        error.textProperty().bind(model.errorProperty());
        error.setGraphic(new FontIcon(Feather.ALERT_OCTAGON));
        HBox errorRow = new HBox(error);
        errorRow.getStyleClass().addAll("registry-message", "registry-message-error");
        errorRow.setPadding(new Insets(6, 12, 6, 12));
        errorRow.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorRow.managedProperty().bind(errorRow.visibleProperty());
        Label info = new Label();
        info.setId("registry-info");
        info.setWrapText(true);
        info.textProperty().bind(model.infoProperty());
        info.setGraphic(new FontIcon(Feather.INFO));
        HBox infoRow = new HBox(info);
        infoRow.getStyleClass().addAll("registry-message", "registry-message-info");
        infoRow.setPadding(new Insets(6, 12, 6, 12));
        infoRow.visibleProperty().bind(model.infoProperty().isNotEmpty().and(model.errorProperty().isEmpty()));
        infoRow.managedProperty().bind(infoRow.visibleProperty());
        return new VBox(errorRow, infoRow);
    }

    private Node statusBar() {
        Label where = new Label();
        where.setId("registry-target");
        where.getStyleClass().add(Styles.TEXT_MUTED);
        where.textProperty().bind(Bindings.createStringBinding(() -> model.targetProperty().get().isEmpty()
                ? "Not connected" : "Registry: " + model.targetProperty().get()
                + (model.schemaVersionProperty().get() == null ? "" : " · schema version " + model.schemaVersionProperty().get()),
                model.targetProperty(), model.schemaVersionProperty()));
        Label closeHint = dev.mlpc.ui.CloseKeys.hint("registry-close-hint");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, where, gap, closeHint);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 10, 3, 10));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    // ---- models -------------------------------------------------------------------------------------------------

    private Node modelsPane() {
        search.setId("registry-search");
        search.setPromptText("Search by name prefix (Ctrl+F)");
        search.setTooltip(new Tooltip("Ctrl+F: search; Escape clears the search, then closes the window (as Ctrl+W does)"));
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.textProperty().bindBidirectional(model.searchProperty());
        search.setOnAction(e -> {
            model.searchNow();
            e.consume();
        });
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                modelList.requestFocus();
                if (modelList.getSelectionModel().isEmpty() && !modelList.getItems().isEmpty()) modelList.getSelectionModel().select(0);
                e.consume();
            }
        });
        CheckBox archived = new CheckBox("Include archi_ved");
        archived.setId("registry-include-archived");
        archived.selectedProperty().bindBidirectional(model.includeArchivedProperty());

        modelList.setId("registry-models");
        modelList.setItems(model.models().items());
        modelList.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        modelList.setCellFactory(l -> new ModelCell());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> !model.connectedProperty().get()
                ? "Connect to a registry to see its models"
                : model.searchProperty().get() == null || model.searchProperty().get().isBlank()
                ? "No models yet: register one with mlpc registry register"
                : "No model name starts with “" + model.searchProperty().get().strip() + "”",
                model.connectedProperty(), model.searchProperty()));
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        modelList.setPlaceholder(placeholder);
        VBox.setVgrow(modelList, Priority.ALWAYS);

        Node pager = pagerRow(model.models(), "models", "Alt+Page Up", "Alt+Page Down");
        VBox box = new VBox(8, search, archived, modelList, pager);
        box.setPadding(new Insets(8));
        box.getStyleClass().add("registry-models-pane");
        box.setMinWidth(220);
        return box;
    }

    private Node pagerRow(Pager<?> pager, String id, String prevKey, String nextKey) {
        Button previous = new Button("Previous", new FontIcon(Feather.CHEVRON_LEFT));
        previous.setId(id + "-previous");
        previous.getStyleClass().add(Styles.SMALL);
        previous.disableProperty().bind(pager.hasPreviousProperty().not().or(pager.loadingProperty()));
        previous.setOnAction(e -> pager.previous());
        if (prevKey != null) previous.setTooltip(new Tooltip("Previous page (" + prevKey + ")"));
        Button next = new Button("Next", new FontIcon(Feather.CHEVRON_RIGHT));
        next.setId(id + "-next");
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        next.getStyleClass().add(Styles.SMALL);
        next.disableProperty().bind(pager.hasNextProperty().not().or(pager.loadingProperty()));
        next.setOnAction(e -> pager.next());
        if (nextKey != null) next.setTooltip(new Tooltip("Next page (" + nextKey + ")"));
        Label page = new Label();
        page.setId(id + "-page");
        page.getStyleClass().add(Styles.TEXT_MUTED);
        page.textProperty().bind(Bindings.createStringBinding(() -> pager.pageNumberProperty().get() == 0 ? ""
                : "Page " + pager.pageNumberProperty().get(), pager.pageNumberProperty()));
        Region l = new Region();
        Region r = new Region();
        HBox.setHgrow(l, Priority.ALWAYS);
        HBox.setHgrow(r, Priority.ALWAYS);
        HBox row = new HBox(6, previous, l, page, r, next);
        row.setAlignment(Pos.CENTER);
        return row;
    }

    /** A model row: name (and archived), then versions and aliases. */
    private static final class ModelCell extends ListCell<RegisteredModel> {
        private final Label name = new Label();
        private final Label details = new Label();
        private final Label badge = new Label("archived");
        private final VBox box;

        ModelCell() {
            name.getStyleClass().add(Styles.TEXT_BOLD);
            name.setGraphic(Icons.of(Icons.forKind("model")));
            details.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            badge.getStyleClass().addAll("registry-badge", Styles.TEXT_SMALL);
            HBox top = new HBox(6, name, badge);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(2, top, details);
        }

        @Override
        protected void updateItem(RegisteredModel m, boolean empty) {
            super.updateItem(m, empty);
            setText(null);
            if (empty || m == null) {
                setGraphic(null);
                return;
            }
            name.setText(m.name());
            badge.setVisible(m.archived());
            badge.setManaged(m.archived());
            String v = m.versionCount() + (m.versionCount() == 1 ? " version" : " versions");
            details.setText(m.aliases().isEmpty() ? v : v + " · " + RegistryDialogs.aliases(m.aliases()));
            setGraphic(box);
        }
    }

    // ---- versions and details -----------------------------------------------------------------------------------

    private Node detailPane() {
        modelTitle.setId("registry-model-title");
        modelTitle.getStyleClass().add(Styles.TITLE_4);
        modelSubtitle.setId("registry-model-subtitle");
        modelSubtitle.getStyleClass().add(Styles.TEXT_MUTED);
        modelSubtitle.setWrapText(true);
        model.selectedModelProperty().addListener((o, a, b) -> showModelHeader(b));
        showModelHeader(null);
        VBox head = new VBox(2, modelTitle, modelSubtitle);
        head.setPadding(new Insets(8, 12, 4, 12));

        Tab versionsTab = new Tab("Versions", versionsPane());
        versionsTab.setId("tab-versions");
        versionsTab.setGraphic(new FontIcon(Feather.TAG));
        Tab acrossTab = new Tab("Across versions", acrossPane());
        acrossTab.setId("tab-across");
        acrossTab.setGraphic(new FontIcon(Feather.TRENDING_UP));
        Tab eventsTab = new Tab("Events", eventsPane());
        eventsTab.setId("tab-events");
        eventsTab.setGraphic(new FontIcon(Feather.CLOCK));
        Tab migrationsTab = new Tab("Migrations", migrationsPane());
        migrationsTab.setId("tab-migrations");
        migrationsTab.setGraphic(new FontIcon(Feather.DATABASE));
        tabs.getTabs().setAll(versionsTab, acrossTab, eventsTab, migrationsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("registry-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return new VBox(head, tabs);
    }

    private void showModelHeader(RegisteredModel m) {
        if (m == null) {
            modelTitle.setText("No model selected");
            modelSubtitle.setText("Select a model on the left to see its versions, lineage, metrics and events.");
            return;
        }
        modelTitle.setText(m.name() + (m.archived() ? "  (archived)" : ""));
        List<String> parts = new ArrayList<>();
        if (m.description() != null && !m.description().isBlank()) parts.add(m.description());
        if (m.owner() != null && !m.owner().isBlank()) parts.add("owner " + m.owner());
        parts.add(m.versionCount() + (m.versionCount() == 1 ? " version" : " versions") + ", last number " + m.lastVersion());
        if (!m.tags().isEmpty()) parts.add("tags " + tags(m.tags()));
        if (m.createdAt() != null) parts.add("created " + DATE.format(m.createdAt()));
        modelSubtitle.setText(String.join(" · ", parts));
    }

    private Node versionsPane() {
        Button setAlias = action("Set _alias…", Feather.BOOKMARK, "action-set-alias", this::setAlias);
        setAlias.disableProperty().bind(model.selectedVersionProperty().isNull());
        Button removeAlias = action("_Remove alias…", Feather.X_SQUARE, "action-remove-alias", this::removeAlias);
        removeAlias.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedModelProperty().get() == null
                || model.selectedModelProperty().get().aliases().isEmpty(), model.selectedModelProperty()));
        Button stageButton = action("Change s_tage…", Feather.FLAG, "action-stage", this::changeStage);
        stageButton.disableProperty().bind(model.selectedVersionProperty().isNull());
        Button deleteVersion = action("De_lete version…", Feather.TRASH, "action-delete-version", this::deleteVersion);
        deleteVersion.disableProperty().bind(model.selectedVersionProperty().isNull());
        Button archive = action("Arc_hive model…", Feather.ARCHIVE, "action-archive", this::archive);
        archive.textProperty().bind(Bindings.createStringBinding(() -> model.selectedModelProperty().get() != null
                && model.selectedModelProperty().get().archived() ? "Unarc_hive model…" : "Arc_hive model…", model.selectedModelProperty()));
        archive.disableProperty().bind(model.selectedModelProperty().isNull());
        Button deleteModel = action("Delete _model…", Feather.TRASH_2, "action-delete-model", this::deleteModel);
        deleteModel.disableProperty().bind(model.selectedModelProperty().isNull());
        deleteModel.getStyleClass().add("danger-action");
        deleteVersion.getStyleClass().add("danger-action");
        ToolBar actions = new ToolBar(setAlias, removeAlias, stageButton, deleteVersion, new Separator(Orientation.VERTICAL),
                archive, deleteModel);
        actions.setId("registry-actions");

        versionTable.setId("registry-versions");
        versionTable.setItems(model.versions().items());
        versionTable.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        versionTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.mlpc.ui.CellTips.fitColumns(versionTable); // columns sized to their content (review 2)
        Label none = new Label();
        none.textProperty().bind(Bindings.createStringBinding(() -> model.selectedModelProperty().get() == null
                ? "Select a model" : "No versions", model.selectedModelProperty()));
        versionTable.setPlaceholder(none);
        versionTable.getColumns().setAll(List.of(
                column("Version", 80, v -> String.valueOf(v.version())),
                column("Stage", 96, ModelVersion::stage),
                column("Status", 80, ModelVersion::status),
                column("Aliases", 110, v -> String.join(", ", v.aliases())),
                column("Tags", 130, v -> tags(v.tags())),
                createdBy(column("Created by", 120, v -> who(v.createdBy()))),
                column("Created", 150, v -> date(v.createdAt())),
                column("Source", 200, ModelVersion::source)));
        versionTable.getColumns().forEach(c -> {
            if (!"Source".equals(c.getText())) c.setMinWidth(Math.min(96, c.getPrefWidth()));
        });
        Node pager = pagerRow(model.versions(), "versions", null, null);
        VBox top = new VBox(4, versionTable, pager);
        VBox.setVgrow(versionTable, Priority.ALWAYS);
        top.setPadding(new Insets(0, 0, 4, 0));

        lineageBox.setId("registry-lineage");
        lineageBox.setPadding(new Insets(8));
        model.lineage().addListener((ListChangeListener<Lineage>) c -> showLineage());
        model.selectedVersionProperty().addListener((o, a, b) -> showLineage());
        showLineage();
        ScrollPane lineageScroll = new ScrollPane(lineageBox);
        lineageScroll.setFitToWidth(true);
        lineageScroll.getStyleClass().add(Styles.FLAT);
        Node lineageTitle = sectionTitle("Lineage", Feather.SHARE_2);
        if (model.mapOffered()) {
            Button map = new Button("Show on lineage map", new FontIcon(Feather.MAP));
            map.setId("registry-lineage-map");
            map.getStyleClass().add(Styles.SMALL);
            map.setTooltip(new Tooltip("Open the Lineage map on the selected version: where its data comes from and who else sees it"));
            map.disableProperty().bind(model.selectedVersionProperty().isNull());
            map.setOnAction(e -> model.showOnMap());
            HBox titleRow = new HBox(8, lineageTitle, map);
            titleRow.setAlignment(Pos.CENTER_LEFT);
            lineageTitle = titleRow;
        }
        VBox lineagePane = new VBox(lineageTitle, lineageScroll);
        VBox.setVgrow(lineageScroll, Priority.ALWAYS);

        model.versionMetrics().addListener((ListChangeListener<Metric>) c -> showVersionMetrics());
        Label noMetrics = new Label("No metrics logged for this version");
        noMetrics.getStyleClass().add(Styles.TEXT_MUTED);
        noMetrics.visibleProperty().bind(Bindings.isEmpty(model.versionMetrics()));
        noMetrics.setMouseTransparent(true);
        StackPane chartStack = new StackPane(versionChart, noMetrics);
        VBox metricsPane = new VBox(sectionTitle("Metrics of the selected version", Feather.ACTIVITY),
                rangeNote(versionChartNote, "version-metrics-range"), chartStack);
        VBox.setVgrow(chartStack, Priority.ALWAYS);

        ((NumberAxis) versionChart.getXAxis()).setTickLabelFormatter(integers());
        SplitPane bottom = new SplitPane(lineagePane, metricsPane);
        bottom.setDividerPositions(0.5);
        SplitPane split = new SplitPane(top, versionDetailsPane(), bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.34, 0.64);
        VBox.setVgrow(split, Priority.ALWAYS);
        return new VBox(actions, split);
    }

    private static Node sectionTitle(String text, Feather icon) {
        Label l = new Label(text, new FontIcon(icon));
        l.getStyleClass().addAll(Styles.TEXT_BOLD, "registry-section");
        l.setPadding(new Insets(6, 8, 2, 8));
        return l;
    }

    private void showLineage() {
        lineageBox.getChildren().clear();
        ModelVersion v = model.selectedVersionProperty().get();
        if (v == null) {
            lineageBox.getChildren().add(Forms.hint("Select a version to see the datasets it was trained on and where it is deployed."));
            return;
        }
        List<Lineage> inputs = model.lineage().stream().filter(l -> Lineage.INPUT.equals(l.direction())).toList();
        List<Lineage> deployments = model.lineage().stream().filter(l -> Lineage.DEPLOYMENT.equals(l.direction())).toList();
        lineageGroup("Inputs (trained on)", inputs, "input");
        lineageGroup("Deployments", deployments, "deployment");
    }

    private void lineageGroup(String title, List<Lineage> entries, String idPrefix) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        lineageBox.getChildren().add(heading);
        if (entries.isEmpty()) {
            Label none = new Label("none recorded");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            lineageBox.getChildren().add(none);
            return;
        }
        int i = 0;
        for (Lineage l : entries) {
            Label kind = new Label(l.kind());
            kind.getStyleClass().addAll("registry-badge", Styles.TEXT_SMALL);
            kind.setMinWidth(Region.USE_PREF_SIZE);
            Node uri;
            if (model.canReveal(l)) {
                Hyperlink link = new Hyperlink(l.uri());
                link.setId("lineage-" + idPrefix + "-" + i);
                link.setTooltip(new Tooltip("Show " + l.uri() + " in the live tree of the main window"));
                link.setOnAction(e -> model.reveal(l));
                uri = link;
            } else {
                Label text = new Label(l.uri());
                text.setId("lineage-" + idPrefix + "-" + i);
                text.setWrapText(true);
                uri = text;
            }
            HBox row = new HBox(8, kind, uri);
            row.setAlignment(Pos.CENTER_LEFT);
            lineageBox.getChildren().add(row);
            i++;
        }
    }

    private void showVersionMetrics() {
        Map<String, XYChart.Series<Number, Number>> byKey = new LinkedHashMap<>();
        for (Metric m : model.versionMetrics()) {
            XYChart.Series<Number, Number> s = byKey.computeIfAbsent(m.key(), k -> {
                XYChart.Series<Number, Number> n = new XYChart.Series<>();
                n.setName(k);
                return n;
            });
            s.getData().add(new XYChart.Data<>(m.step(), m.value()));
        }
        versionChart.getData().setAll(byKey.values());
        versionChartNote.setText(fitAxes(versionChart));
    }

    // ---- across versions ----------------------------------------------------------------------------------------

    private Node acrossPane() {
        ComboBox<String> key = new ComboBox<>(model.metricKeys());
        key.setId("metric-key");
        key.valueProperty().bindBidirectional(model.metricKeyProperty());
        key.setPromptText("metric");
        Label hint = Forms.hint("Per version, the value logged at its highest step.");
        HBox row = new HBox(8, Forms.label("M_etric", key), key, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(8));
        model.across().addListener((ListChangeListener<RegistryBrowserModel.VersionValue>) c -> showAcross());
        model.metricKeyProperty().addListener((o, a, b) -> showAcross());
        Label none = new Label();
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.textProperty().bind(Bindings.createStringBinding(() -> model.selectedModelProperty().get() == null
                ? "Select a model" : model.metricKeys().isEmpty() ? "No metrics logged for this model" : "",
                model.selectedModelProperty(), model.metricKeys()));
        none.visibleProperty().bind(Bindings.isEmpty(model.across()));
        none.setMouseTransparent(true);
        StackPane stack = new StackPane(acrossChart, none);
        VBox.setVgrow(stack, Priority.ALWAYS);
        ((NumberAxis) acrossChart.getXAxis()).setTickLabelFormatter(integers());
        return new VBox(row, rangeNote(acrossChartNote, "across-range"), stack);
    }

    private void showAcross() {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(model.metricKeyProperty().get() == null ? "" : model.metricKeyProperty().get());
        for (RegistryBrowserModel.VersionValue v : model.across()) s.getData().add(new XYChart.Data<>(v.version(), v.value()));
        if (s.getData().isEmpty()) acrossChart.getData().clear();
        else acrossChart.getData().setAll(List.of(s));
        acrossChartNote.setText(fitAxes(acrossChart));
    }

    // ---- version details ----------------------------------------------------------------------------------------

    private final javafx.scene.layout.GridPane versionFacts = new javafx.scene.layout.GridPane();
    private final VBox versionEventsBox = new VBox(2);

    /** The selected version's details ({@link RegistryBrowserModel#versionFacts}) and its events; text wraps, nothing is cut. */
    private Node versionDetailsPane() {
        versionFacts.setId("version-details");
        versionFacts.setHgap(12);
        versionFacts.setVgap(4);
        javafx.scene.layout.ColumnConstraints keys = new javafx.scene.layout.ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        values.setMinWidth(0);
        versionFacts.getColumnConstraints().setAll(keys, values);
        versionEventsBox.setId("version-events");
        Label eventsHeading = new Label("Events of this version (newest first)");
        eventsHeading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox content = new VBox(8, versionFacts, eventsHeading, versionEventsBox);
        content.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("version-details-scroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.FLAT);
        model.selectedVersionProperty().addListener((o, a, b) -> showVersionDetails());
        model.versionMetrics().addListener((ListChangeListener<Metric>) c -> showVersionDetails());
        model.lineage().addListener((ListChangeListener<Lineage>) c -> showVersionDetails());
        model.versionEvents().addListener((ListChangeListener<RegistryEvent>) c -> showVersionDetails());
        showVersionDetails();
        VBox pane = new VBox(sectionTitle("Details of the selected version", Feather.INFO), scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        pane.setMinHeight(0);
        return pane;
    }

    private void showVersionDetails() {
        versionFacts.getChildren().clear();
        versionEventsBox.getChildren().clear();
        ModelVersion v = model.selectedVersionProperty().get();
        if (v == null) {
            versionFacts.add(Forms.hint("Select a version to see its description, run, framework, metrics and events."), 0, 0, 2, 1);
            return;
        }
        int row = 0;
        for (RegistryBrowserModel.Fact f : RegistryBrowserModel.versionFacts(v, model.versionMetrics(), model.lineage())) {
            Label key = new Label(f.label());
            key.getStyleClass().addAll(Styles.TEXT_MUTED);
            key.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(f.value());
            value.setId("version-fact-" + f.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            value.setWrapText(true);
            value.setMaxWidth(Double.MAX_VALUE);
            value.setMinHeight(Region.USE_PREF_SIZE);
            javafx.scene.layout.GridPane.setValignment(key, javafx.geometry.VPos.TOP);
            versionFacts.addRow(row++, key, value);
        }
        if (model.versionEvents().isEmpty()) {
            Label none = new Label("none recorded");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            versionEventsBox.getChildren().add(none);
            return;
        }
        int i = 0;
        for (RegistryEvent e : model.versionEvents()) {
            Label l = new Label(date(e.at()) + " · " + e.action() + " · " + e.actor()
                    + (e.dbUser() == null || e.dbUser().equals(e.actor()) ? "" : " (as " + e.dbUser() + ")"));
            l.setId("version-event-" + i++);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            versionEventsBox.getChildren().add(l);
        }
    }

    private final Label versionChartNote = new Label();
    private final Label acrossChartNote = new Label();

    /** A caption above a chart saying where its value axis starts when not at zero; takes no room when empty. */
    private static Label rangeNote(Label note, String id) {
        note.setId(id);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.setPadding(new Insets(0, 8, 0, 8));
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        return note;
    }

    /**
     * Sets a chart's axes from {@link ChartRanges} (JavaFX's auto-ranging cuts a single point's symbol at the plot's
     * edge and does not say where a value axis starts); returns the caption saying where the value axis starts when not
     * at 0 (empty otherwise).
     */
    private static String fitAxes(LineChart<Number, Number> chart) {
        NumberAxis x = (NumberAxis) chart.getXAxis();
        NumberAxis y = (NumberAxis) chart.getYAxis();
        List<Number> xs = new java.util.ArrayList<>();
        List<Number> ys = new java.util.ArrayList<>();
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                xs.add(d.getXValue());
                ys.add(d.getYValue());
            }
        }
        ChartRanges.Range rx = ChartRanges.steps(xs);
        ChartRanges.Range ry = ChartRanges.values(ys);
        if (rx == null || ry == null) {
            x.setAutoRanging(true);
            y.setAutoRanging(true);
            return "";
        }
        x.setAutoRanging(false);
        x.setLowerBound(rx.lower());
        x.setUpperBound(rx.upper());
        x.setTickUnit(rx.tick());
        y.setAutoRanging(false);
        y.setLowerBound(ry.lower());
        y.setUpperBound(ry.upper());
        y.setTickUnit(ry.tick());
        return ry.note();
    }

    // ---- events and migrations ----------------------------------------------------------------------------------

    private Node eventsPane() {
        eventTable.setId("registry-events");
        eventTable.setItems(model.events().items());
        eventTable.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        eventTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        eventTable.setPlaceholder(new Label("Select a model to see its event log"));
        eventTable.getColumns().setAll(List.of(
                column("When", 150, e -> date(e.at())),
                column("Action", 140, RegistryEvent::action),
                column("Version", 80, e -> e.version() == null ? "" : String.valueOf(e.version())),
                column("Actor", 130, RegistryEvent::actor),
                column("DB user", 80, RegistryEvent::dbUser),
                column("Before", 150, RegistryEvent::before),
                column("After", 200, RegistryEvent::after)));
        VBox box = new VBox(4, eventTable, pagerRow(model.events(), "events", null, null));
        VBox.setVgrow(eventTable, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        return box;
    }

    private Node migrationsPane() {
        migrationTable.setId("registry-migrations");
        migrationTable.setItems(model.migrations());
        migrationTable.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        migrationTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        migrationTable.setPlaceholder(new Label("Connect to see the registry schema's migrations"));
        migrationTable.getColumns().setAll(List.of(
                column("Version", 70, MigrationInfo::version),
                column("Description", 220, MigrationInfo::description),
                column("State", 100, MigrationInfo::state),
                column("Installed on", 150, m -> date(m.installedOn())),
                column("By", 120, MigrationInfo::installedBy),
                column("Time", 80, m -> m.executionMillis() == null ? "" : m.executionMillis() + " ms")));
        VBox box = new VBox(4, migrationTable, Forms.hint("Migrations are versioned SQL files shipped with the console;"
                + " Install registry (or mlpc registry init) runs the pending ones."));
        VBox.setVgrow(migrationTable, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        return box;
    }

    // ---- actions ------------------------------------------------------------------------------------------------

    private Button action(String text, Feather icon, String id, Runnable r) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setMnemonicParsing(true);
        b.getStyleClass().add(Styles.SMALL);
        b.setOnAction(e -> r.run());
        return b;
    }

    private void setAlias() {
        RegisteredModel m = model.selectedModelProperty().get();
        ModelVersion v = model.selectedVersionProperty().get();
        if (m == null || v == null) return;
        RegistryDialogs.alias(stage, m, List.copyOf(model.versions().items()), v.version())
                .ifPresent(c -> model.setAlias(c.alias(), c.version()));
    }

    private void removeAlias() {
        RegisteredModel m = model.selectedModelProperty().get();
        if (m == null || m.aliases().isEmpty()) return;
        ModelVersion v = model.selectedVersionProperty().get();
        String pre = v == null || v.aliases().isEmpty() ? null : v.aliases().get(0);
        RegistryDialogs.removeAlias(stage, m, pre).ifPresent(model::removeAlias);
    }

    private void changeStage() {
        ModelVersion v = model.selectedVersionProperty().get();
        if (v == null) return;
        RegistryDialogs.stage(stage, v).ifPresent(c -> model.transition(v.version(), c.stage(), c.archiveOthers()));
    }

    private void archive() {
        RegisteredModel m = model.selectedModelProperty().get();
        if (m == null) return;
        if (RegistryDialogs.archive(stage, m, !m.archived())) model.archiveModel(!m.archived());
    }

    private void deleteVersion() {
        ModelVersion v = model.selectedVersionProperty().get();
        if (v == null) return;
        if (RegistryDialogs.deleteVersion(stage, v)) model.deleteVersion(v.version());
    }

    private void deleteModel() {
        RegisteredModel m = model.selectedModelProperty().get();
        if (m == null) return;
        if (RegistryDialogs.deleteModel(stage, m)) model.deleteModel();
    }

    // ---- selection ----------------------------------------------------------------------------------------------

    private void bindSelections() {
        modelList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncingModel) model.selectedModelProperty().set(b);
        });
        model.selectedModelProperty().addListener((o, a, b) -> {
            if (modelList.getSelectionModel().getSelectedItem() == b) return;
            syncingModel = true;
            try {
                if (b == null) modelList.getSelectionModel().clearSelection();
                else modelList.getSelectionModel().select(b);
            } finally {
                syncingModel = false;
            }
        });
        versionTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncingVersion) model.selectedVersionProperty().set(b);
        });
        model.selectedVersionProperty().addListener((o, a, b) -> {
            if (versionTable.getSelectionModel().getSelectedItem() == b) return;
            syncingVersion = true;
            try {
                if (b == null) versionTable.getSelectionModel().clearSelection();
                else versionTable.getSelectionModel().select(b);
            } finally {
                syncingVersion = false;
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static LineChart<Number, Number> chart(String xLabel, String id) {
        NumberAxis x = new NumberAxis();
        x.setLabel(xLabel);
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setAnimated(false);
        c.setCreateSymbols(true);
        c.setLegendVisible(true);
        c.setMinHeight(160);
        x.setMinorTickVisible(false);
        return c;
    }

    private static StringConverter<Number> integers() {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                if (n == null) return "";
                double d = n.doubleValue();
                return d == Math.rint(d) ? String.valueOf((long) d) : "";
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        };
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> f) {
        TableColumn<T, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> {
            String v = cd.getValue() == null ? null : f.apply(cd.getValue());
            ObservableValue<String> ov = new ReadOnlyStringWrapper(v == null ? "" : v);
            return ov;
        });
        col.setSortable(false);
        col.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return col;
    }

    /**
     * "Created by" as the table shows it: the name, without the mail address a git-style identity carries
     * ({@code Ada Lovelace <ada@example.org>} shows as {@code Ada Lovelace}); the cell's tooltip has it whole.
     */
    static String who(String createdBy) {
        if (createdBy == null) return "";
        int lt = createdBy.indexOf(" <");
        return lt > 0 && createdBy.endsWith(">") ? createdBy.substring(0, lt) : createdBy;
    }

    private static TableColumn<ModelVersion, String> createdBy(TableColumn<ModelVersion, String> col) {
        col.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                ModelVersion v = empty || getTableRow() == null ? null : getTableRow().getItem();
                String full = v == null || v.createdBy() == null ? text : v.createdBy();
                setTooltip(empty || full == null || full.isEmpty() ? null : new Tooltip(full));
            }
        });
        return col;
    }

    static String tags(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        new TreeMap<>(tags).forEach((k, v) -> {
            if (b.length() > 0) b.append(", ");
            b.append(k).append('=').append(v);
        });
        return b.toString();
    }

    private static String date(Instant t) {
        return t == null ? "" : DATE.format(t);
    }
}
