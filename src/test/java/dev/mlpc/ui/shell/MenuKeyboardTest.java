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
            if (i instanceof SeparatorMenuItem) continue;
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
