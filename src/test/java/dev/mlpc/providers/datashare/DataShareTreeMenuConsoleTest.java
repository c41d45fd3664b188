package dev.mlpc.providers.datashare;

import dev.mlpc.ProviderModule;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.tree.LiveTreeItem;
import dev.mlpc.ui.tree.LiveTreeModel;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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
import java.util.List;

import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live tree's context menu on a Data Share dataset (headless TestFX, the simulator behind the connection): Show
 * definition, Plan a drop… and Add to a stack… are offered, and Show definition opens the dialog with the dataset's
 * create request, its path written literally (read with its account and share, {@link DataShareProvider#liveContext}).
 */
class DataShareTreeMenuConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private DataShareLiveKit kit;
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 2);
        home = UiTestKit.tempHome();
        List<ProviderModule> modules = kit.consoleModules();
        Workbench wb = kit.consoleWorkbench(home, modules);
        wb.repository().close();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> wb, modules));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        if (kit != null) kit.close();
    }

    private LiveTreeItem expand(LiveTreeItem from, String labelStart) {
        fxRun(() -> from.setExpanded(true));
        waitForFx("the children of " + from.getValue().label(), WAIT, () -> from.state() == LiveTreeItem.State.LOADED
                && find(from, labelStart) != null);
        return fx(() -> find(from, labelStart));
    }

    private static LiveTreeItem find(TreeItem<TreeEntry> parent, String labelStart) {
        for (TreeItem<TreeEntry> c : parent.getChildren()) {
            if (c.getValue() != null && c.getValue().label().startsWith(labelStart)) return (LiveTreeItem) c;
        }
        return null;
    }

    private void rightClick(TreeItem<TreeEntry> item) {
        TreeView<TreeEntry> tree = app.mainWindow().treePane().tree();
        fxRun(() -> {
            tree.getSelectionModel().select(item);
            tree.scrollTo(Math.max(0, tree.getRow(item) - 2));
            tree.requestFocus();
        });
        String label = item.getValue().label();
        waitForFx("the row " + label + " drawn", WAIT, () -> UiTestKit.treeCell(robot, label) != null);
        robot.rightClickOn(UiTestKit.treeCell(robot, label));
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

    private Window dialog(String id) {
        waitForFx("the dialog " + id, WAIT, () -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#" + id) != null));
        return fx(() -> Window.getWindows().stream()
                .filter(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#" + id) != null)
                .findFirst().orElseThrow());
    }

    private static <T extends Node> T in(Window w, String id, Class<T> type) {
        return type.cast(fx(() -> w.getScene().lookup("#" + id)));
    }

    @Test
    void showDefinitionOfADatasetFromItsContextMenu() throws Exception {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        LiveTreeModel model = app.mainWindow().treePane().model();
        waitForFx("the connection row", WAIT, () -> find(model.root(), "fl-azure") != null);
        LiveTreeItem conn = fx(() -> find(model.root(), "fl-azure"));
        LiveTreeItem sub = expand(conn, "subscription " + SUBSCRIPTION);
        LiveTreeItem rg = expand(sub, "fl-rg");
        LiveTreeItem account = expand(rg, "account-001");
        LiveTreeItem share = expand(account, "share-001");
        LiveTreeItem dataset = expand(share, "dataset-002");
        assertThat(fx(() -> (String) app.mainWindow().treeActions().definitionUnavailable(dataset.getValue()))).isNull();
        assertThat(fx(() -> (String) app.mainWindow().treeActions().dropUnavailable(dataset.getValue()))).isNull();

        rightClick(dataset);
        menuClick("Show definition");
        Window d = dialog("ddl-text");
        TextArea text = in(d, "ddl-text", TextArea.class);
        waitForFx("the definition", WAIT, () -> text.getText().contains("\"method\""));
        String shown = fx(text::getText);
        assertThat(shown).contains("\"method\" : \"PUT\"")
                .contains("\"path\" : \"/subscriptions/" + SUBSCRIPTION + "/resourceGroups/fl-rg/providers/Microsoft.DataShare"
                        + "/accounts/account-001/shares/share-001/dataSets/dataset-002?api-version=2021-08-01\"")
                .contains("\"containerName\" : \"data-002\"").doesNotContain("${").doesNotContain("Cannot show");
        assertThat(fx(() -> in(d, "ddl-copy", Button.class).isDisabled())).isFalse();
        fxRun(d::hide);
    }
}
