package dev.mlpc.ui.tree;

import dev.mlpc.app.Drift;
import dev.mlpc.app.Workbench;
import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import org.testfx.util.WaitForAsyncUtils;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
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
 * The console on a config repository with a stack, against the real local PostgreSQL: drift marks in the tree (in
 * sync, differs, unmanaged, missing in place and in the "Missing" folder), the context menu's Show DDL, a guarded
 * Plan a drop (Drop stays disabled until the name is typed; then the schema is dropped), and Add to a stack.
 */
class LiveTreeDriftTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private ConsoleApp app;
    private String db;
    private String missingRole;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_ui_drift");
        missingRole = pg.role("mlpc_ui_gone");
        DriftPostgresFixture.createLive(db, "stray");
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        wb.connections().save(List.of(PgTestSupport.profile("local-pg")));
        DriftPostgresFixture.commit(wb, DriftPostgresFixture.stackYaml("drifty", db, missingRole));
        app = UiTestKit.openConsole(() -> UiTestKit.workbench(home));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        pg.close();
    }

    private TreeCell<?> cell(String label) {
        return UiTestKit.treeCell(robot, label);
    }

    private boolean cellHas(String label, String styleClass) {
        TreeCell<?> c = cell(label);
        return c != null && c.getStyleClass().contains(styleClass);
    }

    /** Scrolls the tree so that {@code item}'s row is near the top (its parent above it, its children below); always true. */
    private boolean scrolledTo(TreeItem<TreeEntry> item) {
        TreeView<TreeEntry> tree = app.mainWindow().treePane().tree();
        int row = tree.getRow(item);
        if (row >= 0) tree.scrollTo(Math.max(0, row - 2));
        return true;
    }

    /** Opens the window and expands local-pg / Databases / db / Schemas; returns the Schemas row once drift is in. */
    private LiveTreeItem openSchemas() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        LiveTreeModel model = app.mainWindow().treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "local-pg") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "local-pg"));
        LiveTreeItem schemas = expandPath(conn, "Databases", db, "Schemas");
        waitForFx("the drift of local-pg", WAIT, () -> model.drift("local-pg") != null);
        return schemas;
    }

    private LiveTreeItem expandPath(LiveTreeItem from, String... labels) {
        LiveTreeItem item = from;
        fxRun(() -> from.setExpanded(true));
        for (String l : labels) {
            LiveTreeItem parent = item;
            waitForFx("the children of " + parent.getValue().label(), WAIT, () -> parent.state() == LiveTreeItem.State.LOADED
                    && child(parent, l) != null);
            item = (LiveTreeItem) fx(() -> child(parent, l));
            LiveTreeItem next = item;
            fxRun(() -> next.setExpanded(true));
        }
        LiveTreeItem last = item;
        waitForFx("the children of " + last.getValue().label(), WAIT, () -> last.state() == LiveTreeItem.State.LOADED);
        return last;
    }

    private void select(TreeItem<TreeEntry> item) {
        TreeView<TreeEntry> tree = app.mainWindow().treePane().tree();
        fxRun(() -> {
            tree.getSelectionModel().select(item);
            tree.scrollTo(Math.max(0, tree.getRow(item) - 2));
            tree.requestFocus();
        });
        String label = item.getValue().label();
        waitForFx("the row " + label + " drawn", WAIT, () -> cell(label) != null);
    }

    /** Waits for the tree's context menu to show, then clicks its item with that text. */
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

    private <T extends Node> T in(Window w, String id, Class<T> type) {
        return type.cast(fx(() -> w.getScene().lookup("#" + id)));
    }

    @Test
    void marksShowDdlAndAGuardedDrop() throws Exception {
        LiveTreeItem schemas = openSchemas();
        MainWindow w = app.mainWindow();

        // the four marks: in sync, differs (with the property in the tooltip), unmanaged, missing in place
        // the server may hold many databases (other tests'): keep the schemas' rows in the viewport while waiting
        waitForFx("the marks", WAIT, () -> scrolledTo(schemas) && cellHas("synced", "drift-in-sync")
                && cellHas("changed", "drift-differs") && cellHas("extra", "drift-unmanaged") && cellHas("gone", "drift-missing"));
        assertThat(fx(() -> cell("changed").getTooltip().getText())).contains("comment").contains("drifty");
        assertThat(fx(() -> labels(schemas))).contains("synced", "changed", "extra", "gone", "public");
        // the database is in sync itself, but a schema below it differs: its row says so, never ✔ over drift
        assertThat(fx(() -> cellHas(db, "drift-differs"))).isTrue();
        assertThat(fx(() -> cell(db).getTooltip().getText())).contains("in sync itself, but").contains("below it");
        // the role's parent ("Roles") is not loaded: it waits in the connection's "Missing" folder
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(w.treePane().model().root(), "local-pg"));
        TreeItem<TreeEntry> folder = fx(() -> child(conn, "Missing (1)"));
        assertThat(folder).isNotNull();
        fxRun(() -> folder.setExpanded(true));
        assertThat(fx(() -> labels(folder))).containsExactly(missingRole);
        assertThat(fx(() -> w.stage().getScene().lookup("#drift-legend"))).isNotNull();
        // opening Roles moves the missing role there, greyed, and the folder goes away
        TreeItem<TreeEntry> rolesRow = fx(() -> child(conn, "Roles"));
        select(rolesRow);
        LiveTreeItem roles = expandPath(conn, "Roles");
        waitForFx("the role in place", WAIT, () -> labels(roles).contains(missingRole) && child(conn, "Missing (1)") == null);
        // the connection's rows were replaced under the selection; the selection stayed on Roles
        assertThat(fx(() -> app.mainWindow().treePane().tree().getSelectionModel().getSelectedItem())).isSameAs(rolesRow);
        // and the keyboard goes on from it: ↓ is the first role
        TreeView<TreeEntry> liveTree = app.mainWindow().treePane().tree();
        fxRun(liveTree::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.DOWN);
        assertThat(fx(() -> liveTree.getSelectionModel().getSelectedItem())).isSameAs(fx(() -> roles.getChildren().get(0)));

        // details of a differing schema list the property
        TreeItem<TreeEntry> changed = fx(() -> child(schemas, "changed"));
        select(changed);
        String details = fx(() -> robot.lookup("#details-grid .label").queryAllAs(Label.class).stream().map(Label::getText).toList().toString());
        assertThat(details).contains("differs from stack drifty").contains("differing properties");

        // Show definition through the keyboard (Shift+F10) on an unmanaged schema
        TreeItem<TreeEntry> extra = fx(() -> child(schemas, "extra"));
        select(extra);
        robot.press(KeyCode.SHIFT).type(KeyCode.F10).release(KeyCode.SHIFT);
        assertThat(fx(() -> (String) w.treeActions().importUnavailable(extra.getValue()))).isNull();
        menuClick("Show definition");
        Window ddl = dialog("ddl-text");
        TextArea text = in(ddl, "ddl-text", TextArea.class);
        waitForFx("the DDL", WAIT, () -> text.getText().contains("CREATE SCHEMA"));
        String ddlText = fx(text::getText);
        assertThat(ddlText).contains("CREATE SCHEMA \"extra\"").contains("nobody manages me");
        boolean editable = fx(text::isEditable);
        assertThat(editable).isFalse();
        assertThat(fx(() -> in(ddl, "ddl-copy", Button.class).isDisabled())).isFalse();
        fxRun(ddl::hide);

        // a folder gets the menu with every item disabled and the reason
        assertThat(fx(() -> w.treePane().tree().getSelectionModel().getSelectedItem())).isSameAs(extra);
        assertThat(fx(() -> w.treeActions().items(schemas).stream().allMatch(m -> m.isDisable()
                && m.getText().contains("folder")))).isTrue();

        // Plan a drop by right click: Drop stays disabled until the name is typed; nothing is dropped before
        robot.rightClickOn(cell("extra"));
        menuClick("Plan a drop…");
        Window drop = dialog("drop-confirm");
        waitForFx("the drop plan", WAIT, () -> in(drop, "planSummary", Label.class).getText().contains("-1"));
        robot.clickOn(in(drop, "replan", Button.class));
        waitForFx("the drop planned again", WAIT, () -> in(drop, "planSummary", Label.class).getText().contains("-1")
                && !in(drop, "replan", Button.class).isDisabled());
        assertThat(fx(() -> in(drop, "planText", TextArea.class).getText())).contains("DROP SCHEMA \"extra\"");
        Button apply = in(drop, "drop-apply", Button.class);
        assertThat(fx(apply::isDisabled)).as("Drop without the allow").isTrue();
        robot.clickOn(in(drop, "drop-confirm", javafx.scene.control.TextField.class)).write("extr");
        assertThat(fx(apply::isDisabled)).as("Drop with a wrong name").isTrue();
        assertThat(schemasLive()).contains("extra");
        robot.write("a");
        waitForFx("Drop enabled", WAIT, () -> !apply.isDisabled());
        robot.clickOn(apply);
        waitForFx("the drop", WAIT, () -> !drop.isShowing());
        assertThat(schemasLive()).doesNotContain("extra").contains("stray", "synced");
        waitForFx("the reloaded schemas", WAIT, () -> schemas.state() == LiveTreeItem.State.LOADED && !labels(schemas).contains("extra")
                && labels(schemas).contains("stray"));
    }

    @Test
    void importsAnUnmanagedSchemaAndCommitsIt() throws Exception {
        LiveTreeItem schemas = openSchemas();
        MainWindow w = app.mainWindow();
        waitForFx("the marks", WAIT, () -> scrolledTo(schemas) && cellHas("stray", "drift-unmanaged")
                && cellHas("synced", "drift-in-sync"));
        // a managed object cannot be imported again: disabled, with the reason
        TreeItem<TreeEntry> synced = fx(() -> child(schemas, "synced"));
        assertThat(fx(() -> w.treeActions().importUnavailable(synced.getValue()))).isEqualTo("already in stack drifty");

        TreeItem<TreeEntry> stray = fx(() -> child(schemas, "stray"));
        select(stray);
        robot.rightClickOn(cell("stray"));
        menuClick("Add to a stack…");
        Window imp = dialog("import-stack");
        @SuppressWarnings("unchecked")
        ComboBox<String> stacks = in(imp, "import-stack", ComboBox.class);
        waitForFx("the stacks of local-pg", WAIT, () -> stacks.getItems().contains("drifty"));
        Button ok = in(imp, "import-ok", Button.class);
        assertThat(fx(ok::isDisabled)).as("no stack named yet").isTrue();
        robot.clickOn(stacks.getEditor()).write("imported-schemas");
        waitForFx("OK enabled", WAIT, () -> !ok.isDisabled());
        robot.clickOn(ok);
        waitForFx("the import", WAIT, () -> !imp.isShowing());

        try (ConfigRepository repo = UiTestKit.workbench(home).repository()) {
            CommitInfo head = repo.log(1).get(0);
            assertThat(head.trailers().get("Stack")).isEqualTo("imported-schemas");
            assertThat(head.trailers().get("Applied")).isEqualTo("no");
            assertThat(head.trailers().get("Plan")).isEqualTo("+0 ~0 -0");
            assertThat(repo.readStack("imported-schemas").orElseThrow()).contains("name: stray").contains("database: " + db);
        }
        waitForFx("stray in sync", WAIT, () -> {
            Drift d = w.treePane().model().drift("local-pg");
            return d != null && d.markOf(stray.getValue().node()).state() == Drift.State.IN_SYNC && scrolledTo(schemas)
                    && cellHas("stray", "drift-in-sync");
        });
    }

    private List<String> schemasLive() throws Exception {
        return PgTestSupport.column(db, "SELECT nspname FROM pg_namespace ORDER BY 1");
    }
}
