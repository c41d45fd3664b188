package dev.mlpc.ui.tree;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.testing.PgTestSupport;
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
import java.util.List;

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.labels;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live tree of the console against the real local PostgreSQL: expand the connection and "Databases" in the
 * window, find the database this test created, check its details, and narrow the tree with the filter box.
 * Server: {@code -Dmlpc.test.pgUrl} / {@code -Dmlpc.test.pgUser} (defaults jdbc:postgresql://127.0.0.1:5432/postgres,
 * postgres).
 */
class LiveTreePostgresTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private ConsoleApp app;
    private String database;

    @BeforeEach
    void setUp() throws Exception {
        database = pg.database("mlpc_ui");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(database));
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        ConnectionProfile local = PgTestSupport.profile("local-pg");
        wb.connections().save(List.of(local));
        app = UiTestKit.openConsole(() -> UiTestKit.workbench(home));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        pg.close();
    }

    /** Clicks the visible row showing {@code label} and presses → to expand it. */
    private void expandByKeyboard(TreeView<TreeEntry> tree, TreeItem<TreeEntry> item) {
        fxRun(() -> {
            int row = tree.getRow(item);
            tree.scrollTo(Math.max(0, row - 2));
        });
        String label = item.getValue().label();
        waitForFx("the row " + label, WAIT, () -> cell(label) != null);
        robot.clickOn(cell(label));
        robot.type(KeyCode.RIGHT);
    }

    private TreeCell<?> cell(String label) {
        return UiTestKit.treeCell(robot, label);
    }

    @Test
    void expandsTheLiveServerFindsTheNewDatabaseAndFilters() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        TreeView<TreeEntry> tree = w.treePane().tree();
        LiveTreeModel model = w.treePane().model();

        waitForFx("the connection row", WAIT, () -> child(model.root(), "local-pg") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "local-pg"));
        expandByKeyboard(tree, conn);
        waitForFx("the top of the server", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED);
        assertThat(fx(() -> labels(conn))).contains("Databases", "Roles");

        LiveTreeItem databases = (LiveTreeItem) fx(() -> child(conn, "Databases"));
        expandByKeyboard(tree, databases);
        waitForFx("the databases", WAIT, () -> databases.state() == LiveTreeItem.State.LOADED);
        assertThat(fx(() -> labels(databases))).contains("postgres", database);

        // select the new database: the details pane shows what the server says about it
        TreeItem<TreeEntry> db = fx(() -> child(databases, database));
        fxRun(() -> {
            tree.getSelectionModel().select(db);
            tree.scrollTo(tree.getRow(db));
        });
        waitForFx("the details of " + database, WAIT, () -> database.equals(((Label) w.stage().getScene().lookup("#details-title")).getText()));
        String details = fx(() -> robot.lookup("#details-grid .label").queryAllAs(Label.class).stream().map(Label::getText).toList().toString());
        assertThat(details).contains("postgres.database " + database).contains("owner").contains("encoding");
        assertThat(fx(() -> db.getValue().node().key().name())).isEqualTo(database);

        // the filter box narrows the tree to the match and its ancestors
        int before = fx(tree::getExpandedItemCount);
        robot.clickOn("#tree-filter").write(database.toUpperCase(java.util.Locale.ROOT));
        waitForFx("the filtered tree", WAIT, () -> labels(databases).equals(List.of(database)));
        assertThat(fx(() -> labels(conn))).containsExactly("Databases");
        assertThat(fx(() -> labels(model.root()))).containsExactly("local-pg");
        assertThat(fx(tree::getExpandedItemCount)).as("rows: the connection, Databases, the database").isEqualTo(3).isLessThan(before);
        waitForFx("the matching row drawn", WAIT, () -> cell(database) != null);

        // clearing it brings everything back
        fxRun(() -> w.treePane().filterField().clear());
        waitForFx("the unfiltered tree", WAIT, () -> labels(conn).contains("Roles") && labels(databases).contains("postgres"));
        assertThat(fx(tree::getExpandedItemCount)).isEqualTo(before);
    }

    @Test
    void f5ReloadsTheSelectedSubtree() throws Exception {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        TreeView<TreeEntry> tree = w.treePane().tree();
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "local-pg") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "local-pg"));
        expandByKeyboard(tree, conn);
        waitForFx("the top of the server", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED);
        LiveTreeItem databases = (LiveTreeItem) fx(() -> child(conn, "Databases"));
        expandByKeyboard(tree, databases);
        waitForFx("the databases", WAIT, () -> databases.state() == LiveTreeItem.State.LOADED);

        String later = pg.database("mlpc_ui_later");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(later));
        assertThat(fx(() -> labels(databases))).doesNotContain(later);

        // Databases is still the selected row (expanding it selected it); another click there would be a double click
        fxRun(() -> {
            tree.getSelectionModel().select(databases);
            tree.requestFocus();
        });
        robot.type(KeyCode.F5);
        waitForFx("the reloaded databases", WAIT, () -> databases.state() == LiveTreeItem.State.LOADED
                && labels(databases).contains(later));
        assertThat(fx(() -> labels(databases))).contains(database, later);
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem())).isSameAs(databases);
    }
}
