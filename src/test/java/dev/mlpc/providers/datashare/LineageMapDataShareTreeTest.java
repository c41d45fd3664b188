package dev.mlpc.providers.datashare;

import dev.mlpc.ProviderModule;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.lineage.LineageMapView;
import dev.mlpc.ui.shell.MainWindow;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
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
 * The Lineage map selects Data Share nodes in the console's live tree (the simulator behind the connection): a dataset
 * five levels down (subscription → resource group → account → share → dataset), none of them loaded, whose stack
 * spells the names in another case than Azure reports them (the graph's ids are lower case; the tree's paths are ARM
 * ids as created), and its share by Enter.
 */
class LineageMapDataShareTreeTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final FxRobot robot = new FxRobot();
    private DataShareLiveKit kit;
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "FL-Rg", 1, 1, 2);
        home = UiTestKit.tempHome();
        List<ProviderModule> modules = kit.consoleModules();
        Workbench wb = kit.consoleWorkbench(home, modules);
        String yaml = """
                stack: fl-lineage
                target: fl-azure
                resources:
                  - type: datashare.account
                    name: Account-001
                    resource_group: fl-rg
                    location: westeurope
                    identity: {type: SystemAssigned}
                  - type: datashare.share
                    name: SHARE-001
                    account: Account-001
                    share_kind: CopyBased
                  - type: datashare.dataset
                    name: DataSet-002
                    share: SHARE-001
                    kind: Container
                    subscription_id: %s
                    resource_group: fl-rg
                    storage_account_name: seedstorage
                    container_name: data-002
                """.formatted(SUBSCRIPTION);
        Stack stack = wb.parseStack("stacks/fl-lineage.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            wb.commit(stack, yaml, wb.offlinePlan(stack), repo, "fl lineage", "no", null, null);
        }
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> wb, modules));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        if (kit != null) kit.close();
    }

    private static String selectedPath(MainWindow w) {
        TreeItem<TreeEntry> sel = w.treePane().tree().getSelectionModel().getSelectedItem();
        return sel == null || sel.getValue() == null || sel.getValue().node() == null ? null : sel.getValue().node().path();
    }

    /** Waits until the row of {@code path} (Azure's case) is selected and its cell is on screen. */
    private void waitSelected(MainWindow w, String path) {
        try {
            waitForFx(path + " selected in the tree", WAIT, () -> path.equals(selectedPath(w)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; selected: " + fx(() -> selectedPath(w)) + "; messages: "
                    + fx(() -> w.model().messages().stream().map(m -> m.title() + ": " + m.text()).toList()), e);
        }
        waitForFx("the selected row on screen", WAIT, () -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .anyMatch(c -> c.isVisible() && c.getTreeItem() != null
                        && c.getTreeItem() == w.treePane().tree().getSelectionModel().getSelectedItem()));
    }

    private LineageMapView openMap(MainWindow w, String id) {
        fxRun(() -> w.openLineageMap(id));
        waitForFx("the map on " + id, WAIT, () -> w.lineageMap() != null && !w.lineageMap().view().busy()
                && id.equals(w.lineageMap().view().rootProperty().get())
                && w.lineageMap().view().layoutProperty().get() != null
                && w.lineageMap().view().layoutProperty().get().box(id) != null);
        return w.lineageMap().view();
    }

    @Test
    void aDatasetAndItsShareAreSelectedInTheirTreeWhateverTheCaseOfTheirNames() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing()
                && app.mainWindow().model().workbenchProperty().get() != null && !app.mainWindow().model().connections().isEmpty());
        MainWindow w = app.mainWindow();
        String dataset = LineageIds.dsDataset("fl-rg", "Account-001", "SHARE-001", "DataSet-002");
        String share = LineageIds.dsShare("fl-rg", "Account-001", "SHARE-001");
        String shareArm = DataShareLiveKit.accountId("FL-Rg", "account-001") + "/shares/share-001";

        LineageMapView v = openMap(w, dataset);
        waitForFx("the dataset's box", WAIT, () -> v.box(dataset) != null && v.box(dataset).isVisible());
        robot.clickOn(fx(() -> v.box(dataset)));
        waitSelected(w, shareArm + "/dataSets/dataset-002");
        assertThat(fx(() -> w.treePane().tree().getSelectionModel().getSelectedItem().getValue().profile().name())).isEqualTo("fl-azure");

        // the share is on the dataset's map: focus it there, then Enter
        openMap(w, share);
        fxRun(() -> {
            v.focus(share);
            w.lineageMap().stage().toFront();
            v.scrollPane().requestFocus();
        });
        assertThat(fx(() -> v.focusedNodeProperty().get())).isEqualTo(share);
        robot.push(KeyCode.ENTER);
        waitSelected(w, shareArm);
    }
}
