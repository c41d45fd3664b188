package dev.mlpc.ui.tree;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.labels;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's live tree on a Snowflake connection (the simulator, through the real driver): browse account →
 * Databases → database → schema → Tables → table with the keyboard, see the table's details, and the drift marks of a
 * stack written with plain lower-case names.
 */
class LiveTreeSnowflakeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "s3cret-Pw-for-ui-tests";
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");

    private final FxRobot robot = new FxRobot();
    private SnowflakeSimulator sim;
    private Path home;
    private ConsoleApp app;

    private Workbench workbench() {
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        env.put("SF_PASSWORD", PASSWORD);
        return new Workbench(new AppHome(home), Workbench.standardProviders(), env, Duration.ofSeconds(20));
    }

    @BeforeEach
    void setUp() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        sim = SnowflakeSimulator.start();
        new SimCatalog().attach(sim)
                .seedDatabase("ML_DB").seedSchema("ML_DB", "RAW")
                .seedTable("ML_DB", "RAW", "TRAIN", new SimCatalog.Column("ID", "NUMBER(38,0)", true, null, null))
                .seedTable("ML_DB", "RAW", "EVAL", new SimCatalog.Column("ID", "NUMBER(38,0)", true, null, null));
        home = UiTestKit.tempHome();
        Workbench wb = workbench();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", sim.jdbcUrl());
        s.put("user", "MLPC");
        s.put("role", "SYSADMIN");
        s.put("password", "${env:SF_PASSWORD}");
        wb.connections().save(List.of(new ConnectionProfile("sf-sim", "snowflake", s)));
        String yaml = """
                stack: sf-tree
                resources:
                  - {type: snowflake.database, name: ml_db}
                  - {type: snowflake.schema, name: raw, database: ml_db}
                  - type: snowflake.table
                    name: train
                    database: ml_db
                    schema: raw
                    columns:
                      - {name: id, type: "NUMBER(38,0)"}
                  - type: snowflake.table
                    name: test
                    database: ml_db
                    schema: raw
                    columns:
                      - {name: id, type: "NUMBER(38,0)"}
                """;
        Stack stack = wb.parseStack("stacks/sf-tree.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            wb.commit(stack, yaml, wb.offlinePlan(stack), repo, "sf tree", "no", null, null);
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

    private TreeCell<?> cell(String label) {
        return UiTestKit.treeCell(robot, label);
    }

    /** Selects the row and presses → to expand it; waits for its children. */
    private LiveTreeItem expand(TreeView<TreeEntry> tree, LiveTreeItem parent, String label) {
        waitForFx(label + " under " + parent.getValue().label(), WAIT,
                () -> parent.state() == LiveTreeItem.State.LOADED && child(parent, label) != null);
        LiveTreeItem item = (LiveTreeItem) fx(() -> child(parent, label));
        fxRun(() -> {
            tree.getSelectionModel().select(item);
            tree.scrollTo(Math.max(0, tree.getRow(item) - 2));
            tree.requestFocus();
        });
        waitForFx("the row " + label, WAIT, () -> cell(label) != null);
        robot.type(KeyCode.RIGHT);
        waitForFx("the children of " + label, WAIT, () -> item.state() == LiveTreeItem.State.LOADED);
        return item;
    }

    @Test
    void browsesASnowflakeAccountDownToATableWithDriftMarks() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        TreeView<TreeEntry> tree = w.treePane().tree();
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "sf-sim") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "sf-sim"));
        fxRun(() -> {
            tree.getSelectionModel().select(conn);
            tree.requestFocus();
        });
        robot.type(KeyCode.RIGHT);
        waitForFx("the top of the account", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED);
        assertThat(fx(() -> labels(conn))).startsWith("Warehouses", "Roles", "Integrations", "Databases");

        LiveTreeItem databases = expand(tree, conn, "Databases");
        LiveTreeItem db = expand(tree, databases, "ML_DB");
        LiveTreeItem schema = expand(tree, db, "RAW");
        LiveTreeItem tables = expand(tree, schema, "Tables");
        assertThat(fx(() -> labels(tables))).contains("TRAIN", "EVAL");

        TreeItem<TreeEntry> train = fx(() -> child(tables, "TRAIN"));
        fxRun(() -> tree.getSelectionModel().select(train));
        waitForFx("the details of TRAIN", WAIT, () -> "TRAIN".equals(((Label) w.stage().getScene().lookup("#details-title")).getText()));
        String details = fx(() -> robot.lookup("#details-grid .label").queryAllAs(Label.class).stream().map(Label::getText).toList().toString());
        assertThat(details).contains("snowflake.table TRAIN").contains("ML_DB").contains("RAW")
                .contains("databases/ML_DB/schemas/RAW/tables/TRAIN");

        // the stack's plain lower-case names match what Snowflake stores; EVAL is in no stack; TEST is missing
        waitForFx("the drift of sf-sim", WAIT, () -> model.drift("sf-sim") != null);
        waitForFx("the marks", WAIT, () -> hasClass("TRAIN", "drift-in-sync") && hasClass("EVAL", "drift-unmanaged")
                && hasClass("test", "drift-missing"));
        assertThat(fx(() -> labels(tables))).containsExactly("EVAL", "TRAIN", "test");
        // ML_DB and RAW are in sync themselves, but TEST below them is missing: their rows say so, never ✔ over drift
        assertThat(hasClass("ML_DB", "drift-differs")).isTrue();
        assertThat(hasClass("RAW", "drift-differs")).isTrue();
        assertThat(hasClass("RAW", "drift-in-sync")).isFalse();
    }

    @Test
    void searchesTheWholeAccountRevealsTheHitAndShowsItsColumns() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "sf-sim") != null);
        List<dev.mlpc.core.provider.LiveNode> hits = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        fxRun(() -> model.search("sf-sim", "trai", hits::addAll, failed::add));
        waitForFx("the search", WAIT, () -> !hits.isEmpty() || !failed.isEmpty());
        assertThat(failed).isEmpty();
        assertThat(hits).extracting(dev.mlpc.core.provider.LiveNode::path)
                .containsExactly("databases/ML_DB/schemas/RAW/tables/TRAIN");

        // the path's "databases/ML_DB/schemas" is no row of the tree: the reveal passes over it
        List<TreeItem<TreeEntry>> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        fxRun(() -> model.reveal("sf-sim", hits.get(0).path(), found::add, failed::add));
        waitForFx("the reveal", WAIT, () -> !found.isEmpty() || !failed.isEmpty());
        assertThat(failed).isEmpty();
        assertThat(fx(() -> found.get(0).getValue().label())).isEqualTo("TRAIN");

        fxRun(() -> w.treePane().tree().getSelectionModel().select(found.get(0)));
        waitForFx("the columns of TRAIN in the details", WAIT, () -> robot.lookup("#details-grid .label").queryAllAs(Label.class)
                .stream().anyMatch(l -> l.getText().contains("ID NUMBER(38,0)")));
        String details = fx(() -> robot.lookup("#details-grid .label").queryAllAs(Label.class).stream().map(Label::getText).toList().toString());
        assertThat(details).contains("row estimate").contains("0 bytes");
    }

    private boolean hasClass(String label, String style) {
        return fx(() -> {
            TreeCell<?> c = cell(label);
            return c != null && c.getStyleClass().contains(style);
        });
    }
}
