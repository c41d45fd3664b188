package dev.mlpc.ui.shell;

import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, part 8: the main window's menus are reachable from the keyboard (mnemonics, Alt+F). */
class MenuKeyboardTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FxRobot robot = new FxRobot();
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        UiTestKit.fxRun(() -> Theme.apply("light"));
        UiTestKit.deleteTree(home);
    }

    private MainWindow start() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        waitForFx("the workbench", WAIT, () -> app.mainWindow().model().workbenchProperty().get() != null);
        return app.mainWindow();
    }

    private static MenuBar bar(MainWindow w) {
        return (MenuBar) w.stage().getScene().lookup("#menu-bar");
    }

    @Test
    void everyMenuAndItemHasAMnemonicUniqueInItsMenu() throws Exception {
        MainWindow w = start();
        List<String> problems = fx(() -> {
            List<String> out = new ArrayList<>();
            MenuBar bar = bar(w);
            check("menu bar", bar.getMenus().stream().map(MenuItem.class::cast).toList(), out);
            return out;
        });
        assertThat(problems).isEmpty();
        assertThat(fx(() -> bar(w).getMenus().stream().map(Menu::getText).toList()))
                .startsWith("_File", "_View").contains("_Help");
    }

    private static void check(String where, List<MenuItem> items, List<String> out) {
        Set<Character> keys = new HashSet<>();
        for (MenuItem i : items) {
            // a disabled item names why (object names: no mnemonic parsing, so their underscores show) and cannot run
            if (i instanceof SeparatorMenuItem || i.isDisable()) continue;
            String t = i.getText();
            int u = t == null ? -1 : t.indexOf('_');
            if (!i.isMnemonicParsing() || u < 0 || u == t.length() - 1) {
                out.add(where + ": " + t + " has no mnemonic");
            } else if (!keys.add(Character.toUpperCase(t.charAt(u + 1)))) {
                out.add(where + ": " + t + " repeats the mnemonic " + t.charAt(u + 1));
            }
            if (i instanceof Menu m) check(t, m.getItems(), out);
        }
    }

    @Test
    void altFOpensTheFileMenu() throws Exception {
        MainWindow w = start();
        robot.clickOn("#live-tree");
        Menu file = fx(() -> bar(w).getMenus().get(0));
        assertThat(fx(file::isShowing)).isFalse();
        robot.press(KeyCode.ALT, KeyCode.F).release(KeyCode.F, KeyCode.ALT);
        waitForFx("the File menu from Alt+F", WAIT, file::isShowing);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    /** Review 2: in the menu Alt+H opened, the mnemonic K of "Keyboard shortcuts" triggers the item. */
    @Test
    void aMnemonicInTheOpenMenuTriggersItsItem() throws Exception {
        MainWindow w = start();
        robot.clickOn("#live-tree");
        Menu help = fx(() -> bar(w).getMenus().get(bar(w).getMenus().size() - 1));
        assertThat(fx(help::getText)).isEqualTo("_Help");
        robot.press(KeyCode.ALT, KeyCode.H).release(KeyCode.H, KeyCode.ALT);
        waitForFx("the Help menu from Alt+H", WAIT, help::isShowing);
        robot.press(KeyCode.K).release(KeyCode.K);
        waitForFx("the shortcut list from K", WAIT, () -> robot.lookup("#shortcuts-table").tryQuery().isPresent());
        assertThat(fx(help::isShowing)).as("the menu closed as its item ran").isFalse();
    }

    /** Issue 14 (weak spots): in the open File menu, N opens the New submenu, whose items have letters of their own. */
    @Test
    void aSubmenusLetterOpensItAndItsItemsHaveLetters() throws Exception {
        MainWindow w = start();
        robot.clickOn("#live-tree");
        Menu file = fx(() -> bar(w).getMenus().get(0));
        Menu newMenu = fx(() -> (Menu) file.getItems().stream().filter(i -> "menu-new".equals(i.getId())).findFirst().orElseThrow());
        List<String> problems = fx(() -> {
            List<String> out = new ArrayList<>();
            check("New", newMenu.getItems(), out);
            return out;
        });
        assertThat(problems).isEmpty();
        robot.press(KeyCode.ALT, KeyCode.F).release(KeyCode.F, KeyCode.ALT);
        waitForFx("the File menu", WAIT, file::isShowing);
        robot.press(KeyCode.N).release(KeyCode.N);
        waitForFx("the New submenu from N", WAIT, newMenu::isShowing);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    /** Issue 14 (weak spots): the live tree's context menu shows a letter on every item, each unique. */
    @Test
    void theTreeContextMenuHasLetters() throws Exception {
        MainWindow w = start();
        List<String> problems = fx(() -> {
            List<String> out = new ArrayList<>();
            check("tree context menu", w.treeActions().items(null), out);
            // a database row that is a stack resource: its items are enabled, each with its letter
            var profile = new dev.mlpc.core.provider.ConnectionProfile("local", "postgres",
                    java.util.Map.of("url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "postgres"));
            var node = new dev.mlpc.core.provider.LiveNode("databases/db_x", "db_x", "database", false,
                    new dev.mlpc.core.spec.ResourceKey("postgres.database", "db_x"), java.util.Map.of());
            List<MenuItem> items = w.treeActions().items(new javafx.scene.control.TreeItem<>(
                    dev.mlpc.ui.tree.TreeEntry.node(profile, node)));
            if (items.stream().noneMatch(i -> !(i instanceof SeparatorMenuItem) && !i.isDisable())) out.add("no enabled item: " + items);
            check("tree context menu of db_x", items, out);
            return out;
        });
        assertThat(problems).isEmpty();
    }

    /**
     * Issue 14 (weak spots): in an open context menu, an item's letter runs it, and a submenu's letter opens it and
     * then its items' letters run them ({@link dev.mlpc.ui.MenuMnemonics}, as the tree, Stacks and History menus use).
     */
    @Test
    void aLetterInAnOpenContextMenuRunsItsItemAndOpensASubmenu() throws Exception {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        javafx.scene.control.Button target = new javafx.scene.control.Button("target");
        javafx.scene.control.ContextMenu menu = fx(() -> {
            MenuItem alpha = new MenuItem("_Alpha");
            alpha.setOnAction(e -> ran.add("alpha"));
            MenuItem beta = new MenuItem("Show _beta");
            beta.setOnAction(e -> ran.add("beta"));
            MenuItem gamma = new MenuItem("_Gamma");
            gamma.setOnAction(e -> ran.add("gamma"));
            Menu more = new Menu("_More", null, gamma);
            javafx.scene.control.ContextMenu m = new javafx.scene.control.ContextMenu(alpha, beta, more);
            dev.mlpc.ui.MenuMnemonics.install(m);
            javafx.stage.Stage stage = new javafx.stage.Stage();
            stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(target), 300, 200));
            stage.show();
            return m;
        });
        UiTestKit.fxRun(() -> menu.show(target, javafx.geometry.Side.BOTTOM, 0, 0));
        waitForFx("the context menu", WAIT, menu::isShowing);
        robot.press(KeyCode.B).release(KeyCode.B);
        waitForFx("beta from B", WAIT, () -> ran.contains("beta"));
        assertThat(fx(menu::isShowing)).as("the menu closed as its item ran").isFalse();

        UiTestKit.fxRun(() -> menu.show(target, javafx.geometry.Side.BOTTOM, 0, 0));
        waitForFx("the context menu again", WAIT, menu::isShowing);
        Menu more = fx(() -> (Menu) menu.getItems().get(2));
        robot.press(KeyCode.M).release(KeyCode.M);
        waitForFx("the submenu from M", WAIT, more::isShowing);
        robot.press(KeyCode.G).release(KeyCode.G);
        waitForFx("gamma from G", WAIT, () -> ran.contains("gamma"));
        assertThat(ran).containsExactly("beta", "gamma");
        assertThat(fx(menu::isShowing)).isFalse();
    }

    @Test
    void helpListsEveryAcceleratorFromTheMenusAndShowsTheUserGuide() throws Exception {
        MainWindow w = start();
        List<String> accelerators = fx(() -> {
            List<String> out = new ArrayList<>();
            for (Menu m : bar(w).getMenus()) accelerators(m, out);
            return out;
        });
        assertThat(accelerators).contains(MainWindow.REFRESH.getDisplayText(), MainWindow.QUIT.getDisplayText(),
                javafx.scene.input.KeyCombination.valueOf("Shortcut+N").getDisplayText());
        MenuItem shortcutsItem = fx(() -> item(bar(w).getMenus(), "menu-shortcuts"));
        UiTestKit.fxRun(shortcutsItem::fire);
        waitForFx("the shortcut list", WAIT, () -> robot.lookup("#shortcuts-table").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<KeyboardShortcuts.Shortcut> table =
                robot.lookup("#shortcuts-table").queryAs(javafx.scene.control.TableView.class);
        List<String> keys = fx(() -> table.getItems().stream().map(KeyboardShortcuts.Shortcut::keys).toList());
        assertThat(keys).containsAll(accelerators).contains("Alt+F", "Alt+V", "Alt+H", "Alt+B", "Alt+N");
        // the views' accelerators (review 3): Lineage map, Stacks, Governance, Proposals from the menus, the Stacks
        // view's and the registry browser's own keys from their constants
        assertThat(accelerators).contains(MainWindow.LINEAGE.getDisplayText(), MainWindow.STACKS.getDisplayText(),
                MainWindow.GOVERNANCE.getDisplayText(), MainWindow.PROPOSALS.getDisplayText());
        assertThat(keys).contains(dev.mlpc.ui.stacks.StacksView.DRIFT.getDisplayText(),
                dev.mlpc.ui.stacks.StacksView.EDIT.getDisplayText(), dev.mlpc.ui.registry.RegistryBrowser.REFRESH.getDisplayText(),
                dev.mlpc.ui.registry.RegistryBrowser.SEARCH.getDisplayText());
        assertThat(fx(() -> table.getItems().stream().map(KeyboardShortcuts.Shortcut::where).distinct().toList()))
                .contains("Main window", "Stacks view", "Governance tab", "Model registry", "Wizards");
        // every column fits: no key, action or place cut ("Space / Enter on a st…")
        waitForFx("the shortcut cells whole", WAIT, () -> dev.mlpc.ui.TableFitAudit.cutCells(table).isEmpty()
                && !table.lookupAll(".table-row-cell").isEmpty());
        UiTestKit.fxRun(() -> table.scrollTo(table.getItems().size() - 1));
        waitForFx("the last shortcut cells whole", WAIT, () -> dev.mlpc.ui.TableFitAudit.cutCells(table).isEmpty()
                && table.lookupAll(".table-cell").stream().anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && "Space / Enter on a step's name".equals(c.getText())));
        assertThat(fx(() -> table.getItems().stream().map(KeyboardShortcuts.Shortcut::action).toList()))
                .contains("File › New › PostgreSQL model-management backend…", "Open the menu Help");

        MenuItem guideItem = fx(() -> item(bar(w).getMenus(), "menu-user-guide"));
        UiTestKit.fxRun(guideItem::fire);
        waitForFx("the user guide", WAIT, () -> robot.lookup("#user-guide-text").tryQuery().isPresent());
        String guide = fx(() -> robot.lookup("#user-guide-text").queryAs(javafx.scene.control.TextArea.class).getText());
        assertThat(guide).startsWith("# ML Platform Console").contains("## Quick start").contains("## Keyboard");
    }

    private static void accelerators(MenuItem i, List<String> out) {
        if (i.getAccelerator() != null) out.add(i.getAccelerator().getDisplayText());
        if (i instanceof Menu m) for (MenuItem c : m.getItems()) accelerators(c, out);
    }

    private static MenuItem item(List<Menu> menus, String id) {
        for (Menu m : menus) {
            for (MenuItem i : m.getItems()) if (id.equals(i.getId())) return i;
        }
        throw new AssertionError("no menu item " + id);
    }
}
