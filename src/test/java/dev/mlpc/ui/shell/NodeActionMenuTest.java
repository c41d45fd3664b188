package dev.mlpc.ui.shell;

import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.testing.fakeui.FakeUiProvider;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.tree.LiveTreeItem;
import dev.mlpc.ui.tree.LiveTreeModel;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's generic wiring of live node actions, through the tree's context menu, with a provider that lives
 * only in the tests ({@link FakeUiProvider}: a widget offering a restart with choices and a destructive wipe): the
 * menu lists them after the standard items; the dialog takes the choice, runs with progress, shows the outcome and
 * its details, posts it to the message bar and reloads the row; Cancel stops the wait and says what goes on; a
 * destructive action needs its box ticked and a failed outcome shows the system's error.
 */
class NodeActionMenuTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final FakeUiProvider fake = new FakeUiProvider();
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
        List<ProviderModule> modules = new ArrayList<>(Modules.standard());
        modules.add(FakeUiProvider.module(fake));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLPC_HOME", home.toString());
        Workbench wb = new Workbench(new AppHome(home), Modules.registry(modules), env, Duration.ofSeconds(10));
        wb.connections().save(List.of(new ConnectionProfile("fake-live", FakeUiProvider.ID,
                Map.of("endpoint", FakeUiProvider.LIVE_ENDPOINT))));
        wb.repository().close(); // created before the console starts: its start and the first drift would both create it
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> wb, modules));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
    }

    private LiveTreeItem widgetRow() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        LiveTreeModel model = app.mainWindow().treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "fake-live") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "fake-live"));
        fxRun(() -> conn.setExpanded(true));
        waitForFx("the widget", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED && child(conn, "w1") != null);
        return (LiveTreeItem) fx(() -> child(conn, "w1"));
    }

    private TreeCell<?> cell(String label) {
        return UiTestKit.treeCell(robot, label);
    }

    private void rightClick(TreeItem<TreeEntry> item) {
        TreeView<TreeEntry> tree = app.mainWindow().treePane().tree();
        fxRun(() -> {
            tree.getSelectionModel().select(item);
            tree.requestFocus();
        });
        String label = item.getValue().label();
        waitForFx("the row " + label + " drawn", WAIT, () -> cell(label) != null);
        robot.rightClickOn(cell(label));
    }

    private void menuClick(String text) {
        javafx.scene.control.ContextMenu menu = fx(() -> app.mainWindow().treePane().tree().getContextMenu());
        waitForFx("the context menu", WAIT, menu::isShowing);
        waitForFx("the item " + text, WAIT, () -> menuItemNode(text) != null);
        robot.clickOn(fx(() -> menuItemNode(text)));
    }

    private Node menuItemNode(String text) {
        return robot.lookup(".context-menu .menu-item").queryAll().stream()
                .filter(n -> n.lookup(".label") instanceof Label l && text.equals(l.getText().replace("_", "")) && n.isVisible())
                .findFirst().orElse(null);
    }

    private Window dialog() {
        waitForFx("the action dialog", WAIT, () -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#action-dialog") != null));
        return fx(() -> Window.getWindows().stream()
                .filter(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#action-dialog") != null)
                .findFirst().orElseThrow());
    }

    private static <T extends Node> T in(Window w, String id, Class<T> type) {
        return type.cast(fx(() -> w.getScene().lookup("#" + id)));
    }

    @Test
    void theMenuRunsAnActionWithItsChoiceAndShowsTheOutcome() throws Exception {
        LiveTreeItem w1 = widgetRow();
        MainWindow w = app.mainWindow();
        List<String> items = fx(() -> w.treeActions().items(w1).stream()
                .map(m -> (m.getId() == null ? "separator" : m.getId()) + (m.isDisable() ? " (disabled)" : "")).toList());
        assertThat(items).containsExactly("menu-show-ddl (disabled)", "menu-plan-drop (disabled)", "menu-import (disabled)",
                "menu-lineage-map", "separator", "menu-action-restart", "menu-action-wipe");
        MenuItem restartItem = fx(() -> w.treeActions().items(w1).get(5));
        assertThat(fx(restartItem::getText)).isEqualTo("_Restart widget…");
        assertThat(fx(restartItem::isMnemonicParsing)).isTrue();

        rightClick(w1);
        menuClick("Restart widget…");
        Window d = dialog();
        assertThat(fx(() -> in(d, "action-description", Label.class).getText()))
                .isEqualTo("Restarts the widget; a hard restart drops its sessions.");
        assertThat(fx(() -> in(d, "action-choice-Soft", javafx.scene.control.RadioButton.class).isSelected())).isTrue();
        assertThat(fx(() -> in(d, "action-confirm", CheckBox.class))).as("not destructive").isNull();
        robot.clickOn(in(d, "action-choice-Hard", javafx.scene.control.RadioButton.class));
        robot.clickOn(in(d, "action-run", Button.class));
        Label result = in(d, "action-result", Label.class);
        waitForFx("the outcome", WAIT, () -> result.getText().equals("Widget w1 restarted (Hard)"));
        assertThat(fx(() -> in(d, "action-details", TextArea.class).getText())).isEqualTo("status: Succeeded\nmode: Hard");
        assertThat(fake.runs()).containsExactly(new FakeUiProvider.Run("widgets/w1", "restart", "Hard"));
        assertThat(fx(() -> in(d, "action-cancel", Button.class).getText())).isEqualTo("Close");
        // posted to the message bar, and the row reloaded (the fake counts restarts in the widget's details)
        waitForFx("the message", WAIT, () -> w.model().messages().stream()
                .anyMatch(m -> m.title().equals("Widget w1 restarted (Hard)") && m.severity() == UiMessage.Severity.INFO));
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(w.treePane().model().root(), "fake-live"));
        waitForFx("the reloaded widget", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED && child(conn, "w1") != null
                && Long.valueOf(1).equals(child(conn, "w1").getValue().node().details().get("restarts")));
        Button close = in(d, "action-cancel", Button.class);
        fxRun(close::fire);
        waitForFx("the dialog closed", WAIT, () -> !d.isShowing());
    }

    @Test
    void cancelStopsTheWaitAndTheDialogSaysWhatGoesOn() throws Exception {
        LiveTreeItem w1 = widgetRow();
        rightClick(w1);
        menuClick("Restart widget…");
        Window d = dialog();
        robot.clickOn(in(d, "action-choice-Stuck", javafx.scene.control.RadioButton.class));
        robot.clickOn(in(d, "action-run", Button.class));
        waitForFx("the provider's progress", WAIT, () -> in(d, "action-status", Label.class).getText().equals("Restarting widget w1")
                && in(d, "action-progress", javafx.scene.control.ProgressBar.class).isVisible());
        Button cancel = in(d, "action-cancel", Button.class);
        assertThat(fx(cancel::getText)).isEqualTo("Cancel");
        assertThat(fx(() -> in(d, "action-run", Button.class).isDisabled())).as("no second run meanwhile").isTrue();
        robot.clickOn(cancel);
        waitForFx("the cancellation", WAIT, () -> in(d, "action-result", Label.class).getText()
                .equals("Cancelled: stopped waiting; the restart of widget w1 goes on in the fake API"));
        assertThat(fx(d::isShowing)).as("Cancel while running keeps the dialog").isTrue();
        assertThat(fx(cancel::getText)).isEqualTo("Close");
    }

    @Test
    void aDestructiveActionNeedsItsBoxTickedAndAFailureShowsTheError() throws Exception {
        LiveTreeItem w1 = widgetRow();
        rightClick(w1);
        menuClick("Wipe widget");
        Window d = dialog();
        Button run = in(d, "action-run", Button.class);
        assertThat(fx(run::isDisabled)).as("not confirmed").isTrue();
        assertThat(fx(() -> run.getStyleClass().contains(atlantafx.base.theme.Styles.DANGER))).isTrue();
        assertThat(fx(() -> in(d, "action-choices", javafx.scene.layout.HBox.class))).as("no choice").isNull();
        CheckBox confirm = in(d, "action-confirm", CheckBox.class);
        assertThat(fx(confirm::getText)).isEqualTo("Yes, wipe widget on widget w1");
        robot.clickOn(confirm);
        waitForFx("Run enabled", WAIT, () -> !run.isDisabled());
        robot.clickOn(run);
        waitForFx("the failure", WAIT, () -> in(d, "action-result", Label.class).getText()
                .equals("Wiping widget w1 failed: the widget is busy"));
        assertThat(fx(() -> in(d, "action-details", TextArea.class).getText()))
                .isEqualTo("status: Failed\nerror: WidgetBusy: try again later");
        assertThat(fake.runs()).containsExactly(new FakeUiProvider.Run("widgets/w1", "wipe", null));
        waitForFx("a warning", WAIT, () -> app.mainWindow().model().messages().stream()
                .anyMatch(m -> m.severity() == UiMessage.Severity.WARNING && m.title().startsWith("Wiping widget w1 failed")));
    }
}
