package dev.mlpc.ui.shell;

import atlantafx.base.theme.Styles;
import dev.mlpc.ProviderModule;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.WizardSpec;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.ui.Icons;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.history.HistoryView;
import dev.mlpc.ui.proposals.ProposalsView;
import dev.mlpc.ui.registry.RegistryBrowser;
import dev.mlpc.ui.registry.RegistryBrowserModel;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.settings.SettingsDialog;
import dev.mlpc.ui.stacks.StackCatalog;
import dev.mlpc.ui.stacks.StacksView;
import dev.mlpc.ui.stacks.StacksViewModel;
import dev.mlpc.ui.tree.LiveTreePane;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main window: menu bar and tool bar (with keyboard accelerators), the notification bar, the live resource tree
 * on the left and, on the right, the "Details", "History" and "Proposals" tabs, and a status bar. All state lives in
 * {@link MainViewModel}; this class only lays out and forwards actions.
 *
 * <p>File → New lists the wizards of the registered providers ({@link MainViewModel#modules()}) in their order, each
 * with the title, mnemonic, accelerator and icon its provider describes ({@link WizardSpec}); its item has the id
 * {@code menu-new-<wizard id>}. A wizard with a tool-bar label also gets a tool-bar button {@code tool-new-<wizard id>}.
 * No provider is named here.</p>
 */
public final class MainWindow {
    /** F5: refresh the selection. */
    public static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.F5);
    /** Ctrl+,: settings. */
    public static final KeyCombination SETTINGS = new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+Q: quit. */
    public static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+Shift+E: export for auditors (bundle, manifests, HTML report). */
    public static final KeyCombination EXPORT = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** Ctrl+Shift+R: the model registry browser. */
    public static final KeyCombination REGISTRY = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** Ctrl+Shift+P: the Proposals view. */
    public static final KeyCombination PROPOSALS = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    /** Ctrl+Shift+K: the Stacks view. */
    public static final KeyCombination STACKS = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    /** Ctrl+Shift+L: the Lineage map (on the selected tree node when it has one). */
    public static final KeyCombination LINEAGE = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** Ctrl+Shift+O: the Governance tab. */
    public static final KeyCombination GOVERNANCE = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private final Stage stage;
    private final MainViewModel model;
    private final UiExecutor executor;
    private final LiveTreePane treePane;
    private final DetailsPane details = new DetailsPane();
    /** Built when the History tab is first shown: keeps startup light. */
    private HistoryView history;
    /** Built when the Proposals tab is first shown. */
    private ProposalsView proposals;
    private final TabPane tabs = new TabPane();
    private final Tab detailsTab = new Tab("Details");
    private final Tab historyTab = new Tab("History");
    private final Tab proposalsTab = new Tab("Proposals");
    /** The Stacks tab; its view is built when first shown. */
    private final Tab stacksTab = new Tab("Stacks");
    private StacksView stacks;
    /** A commit happened since the Stacks view last read the repository. */
    private boolean stacksStale;
    private final RadioMenuItem lightItem = new RadioMenuItem("_Light theme");
    private final RadioMenuItem darkItem = new RadioMenuItem("_Dark theme");
    private MenuBar menus;
    /** The open wizard windows by wizard id (one window per wizard while it is open). */
    private final Map<String, ProviderModule.WizardWindow> wizards = new LinkedHashMap<>();
    private RegistryBrowser registry;
    /** The Lineage map's window, once opened, and where it and the Governance tab read the graph and findings. */
    private dev.mlpc.ui.lineage.LineageMapWindow lineageMap;
    private dev.mlpc.ui.lineage.LineageMapSource lineageSource;
    private final Tab governanceTab = new Tab("Governance");
    private dev.mlpc.ui.lineage.GovernancePanel governance;
    private final TreeActions treeActions;
    private final AuditExportModel auditExport;
    private Stage exportProgress;

    public MainWindow(Stage stage, MainViewModel model) {
        this.stage = stage;
        this.model = model;
        this.executor = model.executor();
        // the theme before the first control: a control class's first use otherwise loads JavaFX's own Modena
        // stylesheet, which the theme then replaces (about 0.1 s of a cold start)
        Theme.apply(model.themeProperty().get());
        this.treePane = new LiveTreePane(model.tree());
        model.tree().onAddConnectionProperty().set(this::openSettings);
        treeActions = new TreeActions(model, () -> this.stage, this::afterCommit);
        // the context menu (a popup window with a scene of its own) after the first frame, with the tooltips
        afterFirstFrame.add(() -> treeActions.install(treePane.tree()));
        treeActions.setLineageMap(this::showOnLineageMap);
        lineageSource = new dev.mlpc.ui.lineage.WorkbenchLineage(() -> model.workbenchProperty().get(),
                (wb, live, progress) -> wb.lineageGraph(live, progress));
        // ELK's classes and layered provider load in the background a little after start: the first map is then quicker
        executor.schedule(java.time.Duration.ofSeconds(5), () -> executor.background().execute(() -> {
            try {
                dev.mlpc.ui.lineage.LineageLayout.warmUp();
            } catch (RuntimeException | LinkageError e) {
                System.getLogger(MainWindow.class.getName()).log(System.Logger.Level.WARNING, "lineage layout warm-up failed", e);
            }
        }));
        auditExport = new AuditExportModel(model);

        BorderPane root = new BorderPane();
        root.setId("main-root");
        root.getStyleClass().add("main-root");
        root.setTop(new VBox(menuBar(), toolBar(), new MessageBar(model.messages())));
        root.setCenter(center());
        root.setBottom(statusBar());

        Scene scene = new Scene(root, 1280, 800);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setTitle("ML Platform Console");
        stage.setMinWidth(720);
        stage.setMinHeight(480);

        model.themeProperty().addListener((o, a, b) -> applyTheme(b));
        applyTheme(model.themeProperty().get());
        afterFirstFrame.add(treePane::installTooltips);
        // the keyboard starts in the tree (the console's main view), not on the tool bar's first button
        afterFirstFrame.add(() -> {
            Node owner = stage.getScene().getFocusOwner();
            if (owner == null || owner instanceof Button) treePane.tree().requestFocus();
        });
        // what the first frame does not need comes after it: ConsoleApp calls finishStart() at the second frame; a
        // window shown otherwise (tests) gets it a frame later on its own
        stage.showingProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (!now) return;
                stage.showingProperty().removeListener(this);
                new javafx.animation.AnimationTimer() {
                    private int frames;

                    @Override
                    public void handle(long t) {
                        if (++frames < 3) return;
                        stop();
                        finishStart();
                    }
                }.start();
            }
        });
        treePane.selectedItemProperty().addListener((o, a, b) -> showDetails());
        model.tree().driftVersionProperty().addListener((o, a, b) -> showDetails());
    }

    /**
     * Work held back until the window has painted its first frames (issue 14, part 3): the tooltips (each a popup
     * window with a scene of its own), the menus' icons (not on screen until a menu opens) and the tree's context menu.
     * Nothing here is needed to see or use the window: a tooltip waits for the pointer to rest on a control, a menu for
     * a click.
     */
    private final List<Runnable> afterFirstFrame = new ArrayList<>();

    private void tip(javafx.scene.control.Control c, String text) {
        afterFirstFrame.add(() -> c.setTooltip(new Tooltip(text)));
    }

    private void menuIcon(MenuItem item, org.kordamp.ikonli.Ikon icon) {
        afterFirstFrame.add(() -> item.setGraphic(Icons.of(icon)));
    }

    /**
     * Installs what was held back while the window was built (tooltips, menu icons); {@code ConsoleApp} calls it once
     * the first frame is painted, a shown window calls it itself a frame later; calling again does nothing.
     */
    public void finishStart() {
        List<Runnable> work = List.copyOf(afterFirstFrame);
        afterFirstFrame.clear();
        work.forEach(Runnable::run);
    }

    private void showDetails() {
        TreeItem<TreeEntry> item = treePane.selectedItemProperty().get();
        TreeEntry e = item == null ? null : item.getValue();
        details.show(e, model.tree().mark(e));
        if (e != null && e.kind() == TreeEntry.Kind.NODE && e != describedEntry) {
            describedEntry = e;
            describedMore = null;
            details.loadingMore();
            model.tree().describe(e, more -> {
                describedMore = more;
                details.showMore(e, more);
            }, why -> details.moreFailed(e, why));
        } else if (e == null || e.kind() != TreeEntry.Kind.NODE) {
            describedEntry = null;
            model.tree().describe(null, m -> { }, w -> { });
        } else if (describedMore != null && describedEntry == e) {
            details.showMore(e, describedMore);
        }
    }

    /** The entry whose further details were last asked for, and what came back (drift changes redraw the pane). */
    private TreeEntry describedEntry;
    private java.util.Map<String, Object> describedMore;

    /** The stage this window lives in. */
    public Stage stage() { return stage; }

    /** The view model. */
    public MainViewModel model() { return model; }

    /** The tree and its filter box. */
    public LiveTreePane treePane() { return treePane; }

    /** The live tree's context menu and its dialogs. */
    public TreeActions treeActions() { return treeActions; }

    /** The history tab's content (built on first use). */
    public HistoryView historyView() {
        if (history == null) {
            history = new HistoryView(model.history());
            historyTab.setContent(history);
        }
        return history;
    }

    /** The proposals tab's content (built, and its list read, on first use). */
    public ProposalsView proposalsView() {
        if (proposals == null) {
            proposals = new ProposalsView(model.proposals());
            proposalsTab.setContent(proposals);
            model.proposals().refresh();
        }
        return proposals;
    }

    /** View → Proposals: selects the Proposals tab and puts the focus on its table. */
    public void showProposals() {
        tabs.getSelectionModel().select(proposalsTab);
        ProposalsView v = proposalsView();
        focusSoon(v.table(), 40);
    }

    /**
     * Puts the focus on {@code node} once it can take it: a tab's content just selected becomes visible only at a later
     * pulse, and a focus request before that is ignored. Tries every 50 ms, at most {@code tries} times, until the node
     * is its scene's focus owner (not {@link Node#isFocused()}, which also needs the window to have the focus).
     */
    static void focusSoon(Node node, int tries) {
        javafx.animation.Timeline retry = new javafx.animation.Timeline();
        int[] left = {tries};
        retry.getKeyFrames().add(new javafx.animation.KeyFrame(javafx.util.Duration.millis(50), e -> {
            Scene scene = node.getScene();
            Node owner = scene == null ? null : scene.getFocusOwner();
            if (owner == node || --left[0] <= 0) {
                retry.stop();
                return;
            }
            node.requestFocus();
            if (scene != null && scene.getFocusOwner() == node) retry.stop();
        }));
        retry.setCycleCount(javafx.animation.Animation.INDEFINITE);
        node.requestFocus();
        if (node.getScene() == null || node.getScene().getFocusOwner() != node) retry.play();
    }

    /** The details tab's content. */
    public DetailsPane detailsPane() { return details; }

    /** The right-hand tabs ("Details", "History", "Proposals"). */
    public TabPane tabs() { return tabs; }

    private MenuBar menuBar() {
        Menu newMenu = new Menu("_New");
        menuIcon(newMenu, Feather.PLUS);
        newMenu.setId("menu-new");
        for (ProviderModule m : model.modules()) {
            for (WizardSpec w : m.descriptor().wizards()) newMenu.getItems().add(newItem(w));
        }
        MenuItem settings = new MenuItem("_Settings…");
        menuIcon(settings, Feather.SETTINGS);
        settings.setId("menu-settings");
        settings.setAccelerator(SETTINGS);
        settings.setOnAction(e -> openSettings());
        settings.disableProperty().bind(model.workbenchProperty().isNull());
        MenuItem quit = new MenuItem("_Quit");
        quit.setId("menu-quit");
        quit.setAccelerator(QUIT);
        quit.setOnAction(e -> quit());
        MenuItem export = new MenuItem("_Export for auditors…");
        menuIcon(export, Feather.DOWNLOAD);
        export.setMnemonicParsing(true);
        export.setId("menu-export");
        export.setAccelerator(EXPORT);
        export.setOnAction(e -> chooseExport());
        export.disableProperty().bind(model.workbenchProperty().isNull().or(auditExport.runningProperty()));
        Menu file = new Menu("_File", null, newMenu, new SeparatorMenuItem(), export, settings, new SeparatorMenuItem(), quit);

        MenuItem refresh = new MenuItem("_Refresh");
        menuIcon(refresh, Feather.REFRESH_CW);
        refresh.setId("menu-refresh");
        refresh.setAccelerator(REFRESH);
        refresh.setOnAction(e -> refresh());
        MenuItem history = new MenuItem("Show _history");
        history.setAccelerator(new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        history.setOnAction(e -> tabs.getSelectionModel().select(historyTab));
        MenuItem filter = new MenuItem("Filter _tree");
        filter.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        filter.setOnAction(e -> treePane.filterField().requestFocus());
        ToggleGroup themes = new ToggleGroup();
        lightItem.setToggleGroup(themes);
        darkItem.setToggleGroup(themes);
        lightItem.setId("menu-theme-light");
        darkItem.setId("menu-theme-dark");
        lightItem.setOnAction(e -> model.setTheme("light"));
        darkItem.setOnAction(e -> model.setTheme("dark"));
        MenuItem registryItem = new MenuItem("_Model registry…");
        menuIcon(registryItem, Feather.BOX);
        registryItem.setId("menu-registry");
        registryItem.setAccelerator(REGISTRY);
        registryItem.setOnAction(e -> openRegistry());
        registryItem.disableProperty().bind(model.workbenchProperty().isNull());
        MenuItem proposalsItem = new MenuItem("_Proposals");
        menuIcon(proposalsItem, Feather.CHECK_SQUARE);
        proposalsItem.setMnemonicParsing(true);
        proposalsItem.setId("menu-proposals");
        proposalsItem.setAccelerator(PROPOSALS);
        proposalsItem.setOnAction(e -> showProposals());
        proposalsItem.disableProperty().bind(model.workbenchProperty().isNull());
        MenuItem stacksItem = new MenuItem("_Stacks");
        menuIcon(stacksItem, Feather.LAYERS);
        stacksItem.setId("menu-stacks");
        stacksItem.setMnemonicParsing(true);
        stacksItem.setAccelerator(STACKS);
        stacksItem.setOnAction(e -> showStacks());
        stacksItem.disableProperty().bind(model.workbenchProperty().isNull());
        MenuItem lineageItem = new MenuItem("L_ineage map");
        menuIcon(lineageItem, Feather.SHARE_2);
        lineageItem.setId("menu-lineage-map");
        lineageItem.setAccelerator(LINEAGE);
        lineageItem.setOnAction(e -> openLineageMapOnSelection());
        lineageItem.disableProperty().bind(model.workbenchProperty().isNull());
        MenuItem governanceItem = new MenuItem("_Governance");
        menuIcon(governanceItem, Feather.SHIELD);
        governanceItem.setId("menu-governance");
        governanceItem.setAccelerator(GOVERNANCE);
        governanceItem.setOnAction(e -> showGovernance());
        governanceItem.disableProperty().bind(model.workbenchProperty().isNull());
        Menu view = new Menu("_View", null, refresh, filter, history, stacksItem, proposalsItem, registryItem, lineageItem,
                governanceItem, new SeparatorMenuItem(),
                lightItem, darkItem);

        MenuItem about = new MenuItem("_About ML Platform Console");
        about.setOnAction(e -> about());
        MenuItem keys = new MenuItem("_Keyboard shortcuts");
        keys.setId("menu-shortcuts");
        keys.setOnAction(e -> KeyboardShortcuts.show(stage, menus.getMenus()));
        MenuItem guide = new MenuItem("_User guide");
        guide.setId("menu-user-guide");
        guide.setOnAction(e -> KeyboardShortcuts.showUserGuide(stage));
        Menu help = new Menu("_Help", null, keys, guide, new SeparatorMenuItem(), about);
        MenuBar bar = new MenuBar(file, view, help);
        bar.setId("menu-bar");
        for (Menu m : bar.getMenus()) mnemonics(m);
        menus = bar;
        // review 2: in an open menu, an item's mnemonic letter (no Alt) triggers it, as on every desktop
        // and in an open submenu (File › New) its items' letters; a submenu's own letter opens it (MenuMnemonics)
        stage.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            String letter = e.isAltDown() ? null : dev.mlpc.ui.MenuMnemonics.letter(e);
            if (letter == null) return;
            for (Menu m : bar.getMenus()) {
                if (m.isShowing() && dev.mlpc.ui.MenuMnemonics.trigger(m.getItems(), letter, m::hide)) {
                    e.consume();
                    return;
                }
            }
        });
        return bar;
    }

    /** Turns on mnemonic parsing ({@code _X} is Alt+X) on a menu and every item under it. */
    private static void mnemonics(MenuItem item) {
        item.setMnemonicParsing(true);
        if (item instanceof Menu m) m.getItems().forEach(MainWindow::mnemonics);
    }

    /** The New menu's item of one wizard, as its provider describes it. */
    private MenuItem newItem(WizardSpec w) {
        MenuItem item = new MenuItem(w.title());
        menuIcon(item, Icons.named(w.icon()));
        item.setMnemonicParsing(true);
        item.setId("menu-new-" + w.id());
        KeyCombination keys = accelerator(w);
        if (keys != null) item.setAccelerator(keys);
        item.setOnAction(e -> openWizard(w.id()));
        item.disableProperty().bind(model.workbenchProperty().isNull());
        return item;
    }

    /** The wizard's described accelerator; null when it has none, or (with a message) when it cannot be read. */
    private KeyCombination accelerator(WizardSpec w) {
        if (w.accelerator() == null) return null;
        try {
            return KeyCombination.valueOf(w.accelerator());
        } catch (IllegalArgumentException e) {
            model.post(UiMessage.of("wizard-" + w.id(), UiMessage.Severity.WARNING, "A wizard has no shortcut",
                    "wizard " + w.id() + ": accelerator " + Problem.quote(w.accelerator()) + " is not a key combination such as Shortcut+Shift+S"));
            return null;
        }
    }

    private ToolBar toolBar() {
        List<Node> newButtons = new ArrayList<>();
        for (ProviderModule m : model.modules()) {
            for (WizardSpec w : m.descriptor().wizards()) {
                if (w.toolbarLabel() == null) continue;
                Button b = new Button("New " + w.toolbarLabel(), new FontIcon(Feather.PLUS));
                b.setId("tool-new-" + w.id());
                KeyCombination accelerator = accelerator(w);
                String keys = accelerator == null ? "" : " (" + accelerator.getDisplayText() + ")";
                tip(b, "New → " + w.caption().replaceFirst("…$", "") + keys
                        + (w.description() == null ? "" : "\n" + w.description()));
                b.getStyleClass().add("primary-action");
                b.disableProperty().bind(model.workbenchProperty().isNull());
                b.setOnAction(e -> openWizard(w.id()));
                newButtons.add(b);
            }
        }
        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("tool-refresh");
        tip(refresh, "Reload the selected subtree (F5)");
        refresh.setOnAction(e -> refresh());
        Button settings = new Button("Settings", new FontIcon(Feather.SETTINGS));
        settings.setId("tool-settings");
        tip(settings, "Connections and author (Ctrl+,)");
        settings.disableProperty().bind(model.workbenchProperty().isNull());
        settings.setOnAction(e -> openSettings());
        Button registryButton = new Button("Model registry", new FontIcon(Feather.BOX));
        registryButton.setId("tool-registry");
        tip(registryButton, "Browse a model registry (Ctrl+Shift+R)");
        registryButton.disableProperty().bind(model.workbenchProperty().isNull());
        registryButton.setOnAction(e -> openRegistry());
        Button theme = new Button();
        theme.setId("tool-theme");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        theme.graphicProperty().bind(Bindings.createObjectBinding(
                () -> new FontIcon("dark".equals(model.themeProperty().get()) ? Feather.SUN : Feather.MOON), model.themeProperty()));
        tip(theme, "Switch between light and dark theme");
        theme.setOnAction(e -> model.setTheme("dark".equals(model.themeProperty().get()) ? "light" : "dark"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar();
        bar.getItems().addAll(newButtons);
        bar.getItems().addAll(refresh, settings, registryButton, spacer, theme);
        bar.setId("tool-bar");
        return bar;
    }

    private Node center() {
        detailsTab.setContent(details);
        detailsTab.setGraphic(new FontIcon(Feather.LIST));
        detailsTab.setId("tab-details");
        historyTab.setGraphic(new FontIcon(Feather.GIT_COMMIT));
        historyTab.setId("tab-history");
        proposalsTab.setGraphic(new FontIcon(Feather.CHECK_SQUARE));
        proposalsTab.setId("tab-proposals");
        afterFirstFrame.add(() -> proposalsTab.setTooltip(
                new Tooltip("Open proposals: approve, reject, apply (" + PROPOSALS.getDisplayText() + ")")));
        stacksTab.setGraphic(new FontIcon(Feather.LAYERS));
        stacksTab.setId("tab-stacks");
        governanceTab.setGraphic(new FontIcon(Feather.SHIELD));
        governanceTab.setId("tab-governance");
        afterFirstFrame.add(() -> governanceTab.setTooltip(
                new Tooltip("Governance findings across systems (" + GOVERNANCE.getDisplayText() + ")")));
        tabs.getTabs().setAll(detailsTab, historyTab, stacksTab, proposalsTab, governanceTab);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == historyTab) historyView();
            if (b == proposalsTab) proposalsView();
            if (b == stacksTab) stacksShown();
            if (b == governanceTab) governancePanel();
        });
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("main-tabs");
        SplitPane split = new SplitPane(treePane, tabs);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(treePane, false);
        split.setId("main-split");
        return split;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status-text");
        status.textProperty().bind(model.statusProperty());
        Label loading = new Label();
        loading.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = model.tree().loadingCountProperty().get();
            return n == 0 ? "" : "Loading " + n + (n == 1 ? " node…" : " nodes…");
        }, model.tree().loadingCountProperty()));
        Label repo = new Label();
        repo.setId("status-repository");
        repo.getStyleClass().add(Styles.TEXT_MUTED);
        repo.textProperty().bind(Bindings.createStringBinding(() -> model.repositoryPathProperty().get() == null
                ? "" : "Config repository: " + model.repositoryPathProperty().get(), model.repositoryPathProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, status, loading, spacer, repo);
        // the spinner (an animated control of a dozen nodes) is made when the tree first loads something
        javafx.beans.value.ChangeListener<Number> spinner = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.intValue() <= 0) return;
                model.tree().loadingCountProperty().removeListener(this);
                ProgressIndicator busy = new ProgressIndicator();
                busy.setId("status-busy");
                busy.getStyleClass().add("status-spinner");
                busy.setPrefSize(14, 14);
                busy.setMaxSize(14, 14);
                busy.visibleProperty().bind(model.tree().loadingCountProperty().greaterThan(0));
                bar.getChildren().add(1, busy);
            }
        };
        model.tree().loadingCountProperty().addListener(spinner);
        spinner.changed(model.tree().loadingCountProperty(), 0, model.tree().loadingCountProperty().get());
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 10, 3, 10));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    /** F5: reloads the selected subtree, the history when it has focus, or everything when nothing is selected. */
    public void refresh() {
        Node focus = stage.getScene() == null ? null : stage.getScene().getFocusOwner();
        if (tabs.getSelectionModel().getSelectedItem() == historyTab && history != null && isInside(focus, history)) {
            model.history().refresh();
            return;
        }
        if (tabs.getSelectionModel().getSelectedItem() == proposalsTab && proposals != null && isInside(focus, proposals)) {
            model.proposals().refresh();
            return;
        }
        if (tabs.getSelectionModel().getSelectedItem() == governanceTab && governance != null && isInside(focus, governance)) {
            governance.refresh();
            return;
        }
        if (tabs.getSelectionModel().getSelectedItem() == stacksTab && stacks != null && isInside(focus, stacks)) {
            stacks.model().refresh(true);
            return;
        }
        TreeItem<TreeEntry> selected = treePane.tree().getSelectionModel().getSelectedItem();
        if (selected == null) model.refreshAll();
        else model.tree().refresh(selected);
    }

    /** The ids of the wizards the New menu offers, in menu order. */
    public List<String> wizardIds() {
        List<String> ids = new ArrayList<>();
        for (ProviderModule m : model.modules()) m.descriptor().wizards().forEach(w -> ids.add(w.id()));
        return ids;
    }

    /**
     * Opens wizard {@code wizardId} of a registered provider (one window per wizard while it is open: calling again
     * brings it back); its commits refresh the history. Returns the window, or null before the workbench exists.
     *
     * @throws IllegalArgumentException when no registered provider offers that wizard
     */
    public ProviderModule.WizardWindow openWizard(String wizardId) {
        ProviderModule.WizardLauncher launcher = model.modules().stream()
                .flatMap(m -> m.launcher(wizardId).stream()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered provider offers wizard " + wizardId));
        Workbench wb = model.workbenchProperty().get();
        if (wb == null) return null;
        ProviderModule.WizardWindow w = wizards.get(wizardId);
        if (w == null || w.stage() == null || !w.stage().isShowing()) {
            w = launcher.open(wb, executor.background());
            wizards.put(wizardId, w);
        }
        w.show(stage, this::afterWizardCommit);
        return w;
    }

    private void afterWizardCommit() {
        Runnable after = () -> {
            afterCommit();
            // a wizard's apply changed a live system: the open connections read again, so drift marks are current
            model.tree().refreshOpenConnections();
        };
        if (Platform.isFxApplicationThread()) after.run();
        else executor.fx().execute(after);
    }

    /**
     * Opens the model registry browser (one window; calling again brings it back), offering the PostgreSQL
     * connections of the tree. Its lineage links select nodes in this window's tree.
     */
    public RegistryBrowser openRegistry() {
        Workbench wb = model.workbenchProperty().get();
        if (wb == null) return null;
        if (registry == null || !registry.stage().isShowing()) {
            RegistryBrowserModel m = new RegistryBrowserModel((p, db, schema) -> wb.openRegistry(p, db, schema, 4),
                    executor, dev.mlpc.registry.ModelRegistry.DEFAULT_PAGE);
            m.setConnections(model.connections());
            m.setRevealer(this::reveal);
            m.setMapOpener((connection, database, schema, name, version) -> openLineageMap("version " + version + " of " + name,
                    n -> dev.mlpc.ui.lineage.LineageTargets.isVersion(n, connection, name, version)));
            // every registry it opens is remembered in settings (written off the FX thread) ...
            m.setOnOpened(place -> Tasks.create(() -> wb.rememberRegistry(new dev.mlpc.app.Settings.RegistryPlace(
                    place.connection(), place.database(), place.schema()))).run(executor));
            registry = new RegistryBrowser(m);
            RegistryBrowser opening = registry;
            // ... and it opens on the remembered one (the last opened, or the one a wizard just installed)
            opening.show(stage, false);
            Tasks.create(wb::rememberedRegistry).onSuccess(place -> {
                if (place != null) m.openAt(new RegistryBrowserModel.Place(place.connection(), place.database(), place.schema()));
                opening.connectIfChosen();
            }).onError(e -> opening.connectIfChosen()).run(executor);
            return registry;
        }
        registry.show(stage);
        return registry;
    }

    // ---- the Lineage map and the Governance tab -------------------------------------------------------------------

    /** Where the map and the Governance tab read the graph and the findings (tests give hand-built graphs). */
    public void setLineageSource(dev.mlpc.ui.lineage.LineageMapSource source) {
        lineageSource = java.util.Objects.requireNonNull(source);
    }

    /** The Lineage map's window, once opened (null before). */
    public dev.mlpc.ui.lineage.LineageMapWindow lineageMap() { return lineageMap; }

    /** Opens the Lineage map (one window) on node {@code id}. */
    public dev.mlpc.ui.lineage.LineageMapWindow openLineageMap(String id) {
        return openLineageMap(id, n -> n.id().equals(id));
    }

    /** Opens the Lineage map on the first node {@code match} accepts; {@code what} names it in messages. */
    public dev.mlpc.ui.lineage.LineageMapWindow openLineageMap(String what,
                                                              java.util.function.Predicate<dev.mlpc.lineage.LineageNode> match) {
        dev.mlpc.ui.lineage.LineageMapWindow w = lineageMapWindow();
        if (w == null) return null;
        w.show(stage);
        w.view().show(what, match);
        return w;
    }

    private dev.mlpc.ui.lineage.LineageMapWindow lineageMapWindow() {
        if (model.workbenchProperty().get() == null) return null;
        if (lineageMap == null) {
            lineageMap = new dev.mlpc.ui.lineage.LineageMapWindow(executor, lineageSource);
            lineageMap.view().setOpener(this::selectLineageNode);
            // a row that is not in the graph: the map empties and says why; the message bar says it too
            lineageMap.view().errorProperty().addListener((o, was, now) -> {
                if (now != null && now.endsWith(" is not in the lineage graph")) {
                    model.post(UiMessage.of("lineage", UiMessage.Severity.INFO, "Not on the lineage map", now
                            + ": no stack, model registry or (with Live) live system links it to anything"));
                }
            });
        }
        return lineageMap;
    }

    /** View → Lineage map: on the selected tree node when there is one, else the map window to search in. */
    private void openLineageMapOnSelection() {
        TreeItem<TreeEntry> selected = treePane.tree().getSelectionModel().getSelectedItem();
        if (selected != null && selected.getValue() != null && selected.getValue().kind() == TreeEntry.Kind.NODE) {
            showOnLineageMap(selected.getValue());
            return;
        }
        dev.mlpc.ui.lineage.LineageMapWindow w = lineageMapWindow();
        if (w == null) return;
        w.show(stage);
        w.view().searchField().requestFocus();
    }

    /** The tree's "Show on lineage map": the map on the graph node of that live object. */
    public void showOnLineageMap(TreeEntry e) {
        if (e == null || e.node() == null) return;
        String connection = e.profile().name();
        dev.mlpc.core.provider.LiveNode live = e.node();
        dev.mlpc.ui.lineage.LineageTargets.TreePaths paths = treePaths();
        openLineageMap(live.label() + " (" + connection + ")",
                n -> dev.mlpc.ui.lineage.LineageTargets.isTreeNode(n, connection, live, paths));
    }

    /** How the console's connections write their live trees' paths (their providers'; no round trip). */
    private dev.mlpc.ui.lineage.LineageTargets.TreePaths treePaths() {
        Workbench wb = model.workbenchProperty().get();
        dev.mlpc.core.provider.ProviderRegistry providers = wb == null ? Workbench.standardProviders() : wb.registry();
        return dev.mlpc.ui.lineage.LineageTargets.paths(providers, List.copyOf(model.connections()));
    }

    /** Enter or a click on a map node: its row in the live tree, or its model/version in the registry browser. */
    private void selectLineageNode(dev.mlpc.lineage.LineageNode n) {
        var reg = dev.mlpc.ui.lineage.LineageTargets.registry(n);
        if (reg.isPresent()) {
            RegistryBrowser b = openRegistry();
            if (b != null) b.model().showVersion(reg.get().model(), reg.get().version());
            return;
        }
        dev.mlpc.ui.lineage.LineageTargets.TreePaths paths = treePaths();
        var tree = dev.mlpc.ui.lineage.LineageTargets.tree(n, paths);
        if (tree.isPresent()) {
            String why = "missing".equals(n.attribute("drift"))
                    ? "; the stack " + (n.stack() == null ? "" : n.stack() + " ") + "declares it but the live system does not have it"
                    : n.known() ? "" : "; nothing describes it beyond the link to it";
            reveal(tree.get().connection(), tree.get().path(), tree.get().ignoreCase(), why);
            return;
        }
        model.post(UiMessage.of("reveal", UiMessage.Severity.INFO, "Not in a live tree",
                dev.mlpc.ui.lineage.LineageTargets.notInTree(n, paths)));
    }

    /** The Governance tab's panel (built, and the rules evaluated, on first use). */
    public dev.mlpc.ui.lineage.GovernancePanel governancePanel() {
        if (governance == null) {
            governance = new dev.mlpc.ui.lineage.GovernancePanel(executor, lineageSource);
            governance.setMapOpener(this::openLineageMap);
            governanceTab.setContent(governance);
            if (model.workbenchProperty().get() != null) governance.refresh();
        }
        return governance;
    }

    /** View → Governance: selects the Governance tab and puts the focus on its table. */
    public void showGovernance() {
        tabs.getSelectionModel().select(governanceTab);
        dev.mlpc.ui.lineage.GovernancePanel p = governancePanel();
        focusSoon(p.table(), 40);
    }

    /** The registry browser, once opened (null before). */
    public RegistryBrowser registryBrowser() { return registry; }

    /**
     * Selects the node at {@code path} of connection {@code connection} in the live tree (loading the rows on the way),
     * shows its details and brings this window to the front; a node that is not there becomes a message.
     */
    public void reveal(String connection, String path) {
        reveal(connection, path, false, "");
    }

    /**
     * {@link #reveal(String, String)}; {@code ignoreCase} for a provider whose paths ignore case (Data Share's ARM
     * ids), {@code why} added to the message when the node is not found.
     */
    private void reveal(String connection, String path, boolean ignoreCase, String why) {
        treePane.filterField().clear();
        model.tree().reveal(connection, path, ignoreCase, item -> {
            TreeItem<TreeEntry> p = item.getParent();
            while (p != null) {
                p.setExpanded(true);
                p = p.getParent();
            }
            treePane.tree().getSelectionModel().select(item);
            int row = treePane.tree().getRow(item);
            if (row >= 0) treePane.tree().scrollTo(Math.max(0, row - 3));
            tabs.getSelectionModel().select(detailsTab);
            model.dismiss("reveal");
            stage.toFront();
            treePane.tree().requestFocus();
        }, reason -> {
            model.post(UiMessage.of("reveal", UiMessage.Severity.WARNING, "Cannot show the node in the tree", reason + why));
            stage.toFront();
        });
    }

    /** How URLs (a node's console page, the audit report) open: the application's {@code HostServices}. */
    public void setBrowser(java.util.function.Consumer<String> browser) {
        treeActions.setBrowser(browser);
        auditExport.setBrowser(browser);
    }

    /** File → Export for auditors…: the export's view model. */
    public AuditExportModel auditExport() { return auditExport; }

    /** Asks where to write the bundle (the manifests and the HTML report go beside it), then exports. */
    private void chooseExport() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export for auditors");
        chooser.setInitialFileName(dev.mlpc.app.AuditExport.defaultFileName(java.time.Instant.now()));
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Git bundle", "*.bundle"));
        java.io.File f = chooser.showSaveDialog(stage);
        if (f != null) exportForAuditors(f.toPath());
    }

    /**
     * Exports the config repository to {@code bundle} on the background executor, with a progress window that can
     * cancel it; the HTML report opens in the browser when done.
     */
    public void exportForAuditors(java.nio.file.Path bundle) {
        auditExport.start(bundle);
        if (!auditExport.runningProperty().get()) return;
        if (exportProgress == null) exportProgress = exportProgressWindow();
        exportProgress.show();
        exportProgress.toFront();
    }

    private Stage exportProgressWindow() {
        Stage s = new Stage();
        s.initOwner(stage);
        s.setTitle("Exporting for auditors");
        Label title = new Label("Writing the bundle, the manifests and the HTML report…");
        Label status = new Label();
        status.setId("export-status");
        status.textProperty().bind(auditExport.statusProperty());
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("export-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(auditExport.fractionProperty());
        Button cancel = new Button("_Cancel");
        cancel.setId("export-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> auditExport.cancel());
        HBox buttons = new HBox(cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(10, title, status, bar, buttons);
        box.setPadding(new Insets(16));
        box.setPrefWidth(460);
        Scene scene = new Scene(box);
        Theme.style(scene);
        s.setScene(scene);
        s.setOnCloseRequest(e -> auditExport.cancel());
        auditExport.runningProperty().addListener((o, was, now) -> {
            if (!now) s.hide();
        });
        return s;
    }

    /** Opens the settings dialog; saving reloads the connections. */
    public void openSettings() {
        Workbench wb = model.workbenchProperty().get();
        if (wb == null) return;
        new SettingsDialog(wb, executor).show(stage, model::reloadConnections);
    }

    private void afterCommit() {
        stacksStale = true;
        model.history().refresh();
        if (proposals != null) model.proposals().refresh();
        tabs.getSelectionModel().select(historyTab);
    }

    // ---- the Stacks view ----------------------------------------------------------------------------------------

    /** The Stacks tab's content (built on first use; it reads the repository when shown). */
    public StacksView stacksView() {
        if (stacks == null) {
            StacksViewModel m = new StacksViewModel(() -> {
                Workbench wb = model.workbenchProperty().get();
                return wb == null ? null : new StackCatalog(wb);
            }, executor);
            stacks = new StacksView(m, executor.background(), () -> model.history().refresh(), this::showStackHistory);
            stacks.setOnApplied(conn -> model.tree().refreshConnection(conn));
            stacksTab.setContent(stacks);
            stacksStale = true;
        }
        return stacks;
    }

    /** Selects the Stacks tab (View → Stacks) and puts the focus on its table. */
    public void showStacks() {
        tabs.getSelectionModel().select(stacksTab);
        stacksShown();
        stacks.table().requestFocus();
    }

    private void stacksShown() {
        StacksView v = stacksView();
        if (stacksStale) {
            stacksStale = false;
            v.model().refresh(true);
        }
    }

    /** The History tab filtered to one stack's commits ("Show all commits" there lifts the filter). */
    public void showStackHistory(String stack) {
        historyView();
        if (java.util.Objects.equals(model.history().stackFilterProperty().get(), stack)) model.history().refresh();
        else model.history().stackFilterProperty().set(stack);
        tabs.getSelectionModel().select(historyTab);
        history.table().requestFocus();
    }

    private void quit() {
        stage.close();
        Platform.exit();
    }

    private void about() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About");
        a.setHeaderText("ML Platform Console");
        a.setContentText("Version " + dev.mlpc.BuildInfo.current().versionText() + "\nJavaFX " + System.getProperty("javafx.runtime.version", "?")
                + " on Java " + System.getProperty("java.version"));
        a.show();
    }

    private void applyTheme(String theme) {
        Theme.apply(theme);
        boolean dark = "dark".equals(theme);
        darkItem.setSelected(dark);
        lightItem.setSelected(!dark);
    }

    /**
     * Gives the stage the application icon (PNG decoding: about 50 classes). {@code ConsoleApp} calls it once the
     * first frame is painted, since the window is usable without it (issue 14, part 3); calling again does nothing.
     */
    public void loadIcon() {
        if (!stage.getIcons().isEmpty()) return;
        for (String name : new String[] {"/icons/mlpc-64.png", "/icons/mlpc-256.png"}) {
            try (InputStream in = MainWindow.class.getResourceAsStream(name)) {
                if (in != null) stage.getIcons().add(new Image(in));
            } catch (java.io.IOException e) {
                // the window works without an icon
            }
        }
    }

    private static boolean isInside(Node n, Node container) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (x == container) return true;
        }
        return false;
    }
}
