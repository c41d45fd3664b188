package dev.mlpc.ui.lineage;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.shell.UiMessage;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lineage map selects Snowflake nodes in the console's live tree (the simulator, through the real driver): a stage
 * and a table in a schema whose name has a dot and mixed case, none of whose tree rows are loaded when the map asks;
 * a click on the stage and Enter on the table load the rows on the way, select the row and scroll it into view. The
 * tree's "Show on lineage map" on that row comes back to the node; a storage location says why it has no tree row.
 */
class LineageMapSnowflakeTreeTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String PASSWORD = "s3cret-Pw-for-lineage-tests";
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");

    private final FxRobot robot = new FxRobot();
    private SnowflakeSimulator sim;
    private Path home;
    private ConsoleApp app;

    private Workbench workbench() {
        return UiTestKit.workbench(home, Map.of("SF_PASSWORD", PASSWORD));
    }

    @BeforeEach
    void setUp() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        sim = SnowflakeSimulator.start();
        new SimCatalog().attach(sim).seedDatabase("OTHER_DB");
        home = UiTestKit.tempHome();
        Workbench wb = workbench();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", sim.jdbcUrl());
        s.put("user", "MLPC");
        s.put("role", "SYSADMIN");
        s.put("password", "${env:SF_PASSWORD}");
        ConnectionProfile profile = new ConnectionProfile("sf-sim", "snowflake", s);
        wb.connections().save(List.of(profile));
        String yaml = """
                stack: sf-lineage
                target: sf-sim
                resources:
                  - {type: snowflake.database, name: ml_db}
                  - {type: snowflake.schema, name: Raw.Zone, database: ml_db}
                  - type: snowflake.table
                    name: Train Set
                    database: ml_db
                    schema: Raw.Zone
                    columns:
                      - {name: id, type: "NUMBER(38,0)"}
                  - type: snowflake.stage
                    name: land.stage
                    database: ml_db
                    schema: Raw.Zone
                    url: s3://ml-landing/raw/
                """;
        Stack stack = wb.parseStack("stacks/sf-lineage.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            Workbench.ApplyOutcome out = wb.apply(stack, yaml, profile, repo, false, "lineage objects", Progress.NONE);
            assertThat(out.result().succeeded()).as(out.result().failure()).isTrue();
        }
        app = UiTestKit.openConsole(this::workbench);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        if (sim != null) {
            assertThat(sim.failures()).isEmpty();
            sim.close();
        }
    }

    private static String selectedPath(MainWindow w) {
        TreeItem<TreeEntry> sel = w.treePane().tree().getSelectionModel().getSelectedItem();
        return sel == null || sel.getValue() == null || sel.getValue().node() == null ? null : sel.getValue().node().path();
    }

    /** Waits until the row of {@code path} is selected, in connection sf-sim, and its cell is on screen. */
    private void waitSelected(MainWindow w, String path, String label) {
        waitForFx(label + " selected in the tree", WAIT, () -> path.equals(selectedPath(w)));
        assertThat(fx(() -> w.treePane().tree().getSelectionModel().getSelectedItem().getValue().profile().name())).isEqualTo("sf-sim");
        waitForFx("the row " + label + " on screen", WAIT, () -> {
            TreeCell<?> c = UiTestKit.treeCell(robot, label);
            return c != null && c.getTreeItem() == w.treePane().tree().getSelectionModel().getSelectedItem();
        });
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
    void mapNodesSelectTheirRowsInTheSnowflakeTree() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing()
                && app.mainWindow().model().workbenchProperty().get() != null && !app.mainWindow().model().connections().isEmpty());
        MainWindow w = app.mainWindow();
        String schemaPath = "databases/ML_DB/schemas/Raw.Zone";
        String stage = LineageIds.snowflake("stage", "sf-sim", "ML_DB", "Raw.Zone", "land.stage");
        String table = LineageIds.snowflake("table", "sf-sim", "ML_DB", "Raw.Zone", "Train Set");
        assertThat(selectedPath(w)).isNull();

        // a click on the stage: Databases → ML_DB → Raw.Zone → Stages load one after the other, the stage is selected
        LineageMapView v = openMap(w, stage);
        waitForFx("the stage's box", WAIT, () -> v.box(stage) != null && v.box(stage).isVisible());
        robot.clickOn(fx(() -> v.box(stage)));
        waitSelected(w, schemaPath + "/stages/land.stage", "land.stage");

        // Enter on the table (its folder not loaded yet)
        openMap(w, table);
        fxRun(() -> {
            w.lineageMap().stage().toFront();
            v.scrollPane().requestFocus();
        });
        assertThat(fx(() -> v.focusedNodeProperty().get())).isEqualTo(table);
        robot.push(KeyCode.ENTER);
        waitSelected(w, schemaPath + "/tables/Train Set", "Train Set");

        // and back: the row's "Show on lineage map" centres the map on the table's node
        MenuItem item = fx(() -> w.treeActions().items(w.treePane().tree().getSelectionModel().getSelectedItem()).stream()
                .filter(i -> "menu-lineage-map".equals(i.getId())).findFirst().orElseThrow());
        fxRun(() -> v.show(stage));
        waitForFx("the map back on the stage", WAIT, () -> !v.busy() && stage.equals(v.rootProperty().get()));
        fxRun(item::fire);
        waitForFx("the map on the table", WAIT, () -> !v.busy() && table.equals(v.rootProperty().get())
                && v.layoutProperty().get().box(table) != null);
        assertThat(fx(() -> v.errorProperty().get())).isEmpty();

        // a storage location has no tree row: the message says why, the selection stays
        String location = "s3://ml-landing/raw";
        openMap(w, location);
        fxRun(() -> {
            w.lineageMap().stage().toFront();
            v.scrollPane().requestFocus();
        });
        robot.push(KeyCode.ENTER);
        waitForFx("the message", WAIT, () -> w.model().messages().stream().anyMatch(m -> m.text().contains(location)));
        UiMessage m = fx(() -> w.model().messages().stream().filter(x -> x.text().contains(location)).findFirst().orElseThrow());
        assertThat(m.text()).contains("a storage location", "no live tree");
        assertThat(selectedPath(w)).isEqualTo(schemaPath + "/tables/Train Set");
    }
}
