package dev.mlpc.providers.datashare;

import dev.mlpc.ProviderModule;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.UiMessage;
import dev.mlpc.ui.tree.LiveTreeItem;
import dev.mlpc.ui.tree.LiveTreeModel;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
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
 * Synchronize now through the console (headless TestFX) on a Data Share connection to the simulator: the tree down to
 * the share subscription, its context menu, the dialog with the FullSync choice, the outcome with the files copied;
 * then a failed synchronization shown with its error, and the history under the share subscription.
 */
class DataShareActionsConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private DataShareLiveKit kit;
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        kit = new DataShareLiveKit();
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        kit.consumer("consumer-rg", "consumer-acct", "fl-in", invitationId);
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
    void synchronizeNowFromTheTreeShowsTheOutcomeAndAFailureWithItsError() throws Exception {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        LiveTreeModel model = app.mainWindow().treePane().model();
        waitForFx("the connection row", WAIT, () -> find(model.root(), "fl-azure") != null);
        LiveTreeItem conn = fx(() -> find(model.root(), "fl-azure"));
        LiveTreeItem sub = expand(conn, "subscription " + SUBSCRIPTION);
        LiveTreeItem rg = expand(sub, "consumer-rg");
        LiveTreeItem account = expand(rg, "consumer-acct");
        LiveTreeItem in = expand(account, "fl-in (subscription to training-data)");
        assertThat(fx(() -> app.mainWindow().treeActions().items(in).stream().map(m -> String.valueOf(m.getId())).toList()))
                .contains("menu-action-synchronize", "menu-action-cancel-synchronization");

        rightClick(in);
        menuClick("Synchronize now…");
        Window d = dialog();
        assertThat(fx(() -> in(d, "action-choice-Incremental", RadioButton.class).isSelected())).isTrue();
        robot.clickOn(in(d, "action-choice-FullSync", RadioButton.class));
        robot.clickOn(in(d, "action-run", Button.class));
        Label result = in(d, "action-result", Label.class);
        waitForFx("the outcome", WAIT, () -> result.getText().startsWith("Synchronization of share subscription fl-in succeeded"));
        assertThat(fx(result::getText)).startsWith("Synchronization of share subscription fl-in succeeded (FullSync): 11 files copied in ");
        assertThat(fx(() -> in(d, "action-details", TextArea.class).getText())).contains("status: Succeeded")
                .contains("files_copied: 11").contains("synchronization_mode: FullSync").contains("operation_url: https://127.0.0.1:");
        fxRun(() -> in(d, "action-cancel", Button.class).fire());
        waitForFx("the dialog closed", WAIT, () -> !d.isShowing());

        // the next synchronization fails: said with its error, in the dialog and the message bar
        kit.sim.failSynchronization("fl-in", "The source container 'training' no longer exists.");
        LiveTreeItem again = fx(() -> find(account, "fl-in (subscription to training-data)"));
        rightClick(again);
        menuClick("Synchronize now…");
        Window d2 = dialog();
        robot.clickOn(in(d2, "action-run", Button.class));
        Label result2 = in(d2, "action-result", Label.class);
        waitForFx("the failure", WAIT, () -> result2.getText().equals("Synchronization of share subscription fl-in failed:"
                + " The source container 'training' no longer exists."));
        assertThat(fx(() -> in(d2, "action-details", TextArea.class).getText()))
                .contains("status: Failed").contains("error: The source container 'training' no longer exists.");
        waitForFx("the warning", WAIT, () -> app.mainWindow().model().messages().stream()
                .anyMatch(m -> m.severity() == UiMessage.Severity.WARNING && m.title().contains("failed: The source container")));
        fxRun(() -> in(d2, "action-cancel", Button.class).fire());

        // the history under the share subscription, newest first
        LiveTreeItem now = fx(() -> find(account, "fl-in (subscription to training-data)"));
        LiveTreeItem history = expand(now, "Synchronizations");
        fxRun(() -> history.setExpanded(true));
        waitForFx("the history", WAIT, () -> history.state() == LiveTreeItem.State.LOADED && history.getChildren().size() == 2);
        List<String> rows = fx(() -> history.getChildren().stream().map(c -> c.getValue().label()).toList());
        assertThat(rows.get(0)).contains(" Failed (Incremental").endsWith(": The source container 'training' no longer exists.");
        assertThat(rows.get(1)).contains(" Succeeded (FullSync, 11 files");
    }
}
