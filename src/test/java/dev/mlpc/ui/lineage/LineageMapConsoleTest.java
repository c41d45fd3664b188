package dev.mlpc.ui.lineage;

import dev.mlpc.app.Workbench;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.registry.RegistryBrowser;
import dev.mlpc.ui.shell.MainWindow;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lineage map in the real console over a real model registry in PostgreSQL (a database of its own, with lineage):
 * opened from a registry version's "Show on lineage map", walked with the keyboard to the training table, and Enter
 * selects that table in the main window's live tree; the tree's "Show on lineage map" opens the map on the table.
 */
class LineageMapConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private String db;
    private ModelRegistry seed;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        home = UiTestKit.tempHome();
        db = pg.database("ui_lineage_map");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE TABLE public.train_data (id int)");
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.urlFor(db) + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        Workbench wb = UiTestKit.workbench(home);
        seed = wb.openRegistry(PgTestSupport.profile("local"), db, RegistryRules.DEFAULT_SCHEMA, 2);
        seed.migrations().migrate();
        seed.register(new Registration("churn", "s3://bucket/churn/1", "run-1", null, "sklearn", null, null, "first",
                Map.of(), List.of(
                new Lineage(Lineage.INPUT, "postgres.table", "local/" + db + "/public/train_data"),
                new Lineage(Lineage.INPUT, "s3", "s3://Raw-Bucket/events/2024"),
                new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod"))));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        if (seed != null) seed.close();
        pg.close();
    }

    private String focused(LineageMapView v) {
        return fx(() -> v.focusedNodeProperty().get());
    }

    @Test
    void fromARegistryVersionAlongTheKeyboardToTheTreeAndBack() throws Exception {
        app = UiTestKit.openConsole(() -> UiTestKit.workbench(home));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing()
                && app.mainWindow().model().workbenchProperty().get() != null && !app.mainWindow().model().connections().isEmpty());
        MainWindow w = app.mainWindow();

        // the registry browser connects to the profile's database, which holds the registry
        RegistryBrowser b = fx(w::openRegistry);
        waitForFx("the registry", WAIT, () -> b.model().connectedProperty().get() && !b.model().busyBinding().get()
                && !b.modelList().getItems().isEmpty());
        // the list's cells come a pulse after its items
        waitForFx("the churn cell", WAIT, () -> b.modelList().lookupAll(".list-cell").stream()
                .anyMatch(c -> ((ListCell<?>) c).getItem() instanceof RegisteredModel m && m.name().equals("churn")));
        ListCell<?> cell = fx(() -> b.modelList().lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getItem() instanceof RegisteredModel m && m.name().equals("churn")).findFirst().orElseThrow());
        robot.clickOn(cell);
        waitForFx("the versions", WAIT, () -> !b.model().busyBinding().get() && !b.versionTable().getItems().isEmpty());
        TableRow<?> row = fx(() -> b.versionTable().lookupAll(".table-row-cell").stream().map(x -> (TableRow<?>) x)
                .filter(r -> r.getItem() instanceof ModelVersion v && v.version() == 1).findFirst().orElseThrow());
        robot.clickOn(row);
        waitForFx("version 1 selected", WAIT, () -> b.model().selectedVersionProperty().get() != null && !b.model().busyBinding().get());

        // Show on lineage map: the map opens on the version, laid out, with its inputs and deployment
        robot.clickOn("#registry-lineage-map");
        String version = LineageIds.registryVersion("local", "churn", 1);
        String table = LineageIds.postgresTable("local", db, "public", "train_data");
        waitForFx("the map on the version", WAIT, () -> w.lineageMap() != null && !w.lineageMap().view().busy()
                && version.equals(w.lineageMap().view().rootProperty().get())
                && w.lineageMap().view().layoutProperty().get().box(version) != null);
        LineageMapView v = w.lineageMap().view();
        assertThat(fx(() -> v.layoutProperty().get().boxes().stream().map(LineageLayout.Box::id).toList()))
                .contains(version, table, "s3://raw-bucket/events/2024", LineageIds.registryModel("local", "churn"),
                        LineageIds.deployment("sagemaker.endpoint", "churn-prod"));
        assertThat(focused(v)).isEqualTo(version);

        // the keyboard: Left to an input, Up/Down within the inputs' column to the table
        fxRun(() -> {
            w.lineageMap().stage().toFront();
            v.scrollPane().requestFocus();
        });
        robot.push(KeyCode.LEFT);
        assertThat(focused(v)).isIn(table, "s3://raw-bucket/events/2024");
        if (!table.equals(focused(v))) robot.push(KeyCode.UP);
        if (!table.equals(focused(v))) robot.push(KeyCode.DOWN).push(KeyCode.DOWN);
        assertThat(focused(v)).isEqualTo(table);
        robot.push(KeyCode.RIGHT);
        assertThat(focused(v)).as("Right follows the input edge back to the version").isEqualTo(version);
        robot.push(KeyCode.LEFT);
        if (!table.equals(focused(v))) robot.push(KeyCode.UP);
        if (!table.equals(focused(v))) robot.push(KeyCode.DOWN).push(KeyCode.DOWN);
        assertThat(focused(v)).isEqualTo(table);

        // Enter: the table is selected in the main window's live tree
        robot.push(KeyCode.ENTER);
        String path = Workbench.tablePath(db, "public", "train_data");
        waitForFx("the table selected in the tree", WAIT, () -> {
            TreeItem<TreeEntry> sel = w.treePane().tree().getSelectionModel().getSelectedItem();
            return sel != null && sel.getValue().node() != null && sel.getValue().node().path().equals(path);
        });
        assertThat(fx(() -> w.treePane().tree().getSelectionModel().getSelectedItem().getValue().profile().name())).isEqualTo("local");

        // and back: the tree's "Show on lineage map" on that row centres the map on the table
        MenuItem item = fx(() -> w.treeActions().items(w.treePane().tree().getSelectionModel().getSelectedItem()).stream()
                .filter(i -> "menu-lineage-map".equals(i.getId())).findFirst().orElseThrow());
        assertThat(fx(item::isDisable)).isFalse();
        fxRun(item::fire);
        waitForFx("the map on the table", WAIT, () -> !v.busy() && table.equals(v.rootProperty().get())
                && v.layoutProperty().get().box(table) != null);
        assertThat(fx(() -> v.layoutProperty().get().box(version))).as("the version is downstream of the table").isNotNull();
        assertThat(fx(() -> v.errorProperty().get())).isEmpty();

        // a row that is not in the graph (the database): no stale map of the table — the map empties and says why, the
        // title is the map's alone, and the message bar says it too; then back to the table, drawn again
        TreeItem<TreeEntry> dbRow = fx(() -> {
            TreeItem<TreeEntry> i = w.treePane().tree().getSelectionModel().getSelectedItem();
            while (i != null && !(i.getValue() != null && i.getValue().node() != null && db.equals(i.getValue().node().label()))) i = i.getParent();
            return i;
        });
        assertThat(dbRow).as("the database's row").isNotNull();
        MenuItem dbItem = fx(() -> w.treeActions().items(dbRow).stream()
                .filter(i -> "menu-lineage-map".equals(i.getId())).findFirst().orElseThrow());
        fxRun(dbItem::fire);
        waitForFx("the empty map", WAIT, () -> !v.busy() && v.rootProperty().get() == null && !v.emptyMessage().isEmpty());
        assertThat(fx(v::emptyMessage)).startsWith(db + " (local) is not in the lineage graph");
        assertThat(fx(() -> v.layoutProperty().get().boxes())).isEmpty();
        assertThat(fx(() -> w.lineageMap().stage().getTitle())).isEqualTo(LineageMapWindow.TITLE);
        assertThat(fx(() -> w.model().messages().stream().map(m -> m.text()).toList()))
                .anySatisfy(t -> assertThat(t).startsWith(db + " (local) is not in the lineage graph"));
        fxRun(item::fire);
        waitForFx("the map on the table again", WAIT, () -> !v.busy() && table.equals(v.rootProperty().get())
                && v.layoutProperty().get().box(table) != null);
        assertThat(fx(v::emptyMessage)).isEmpty();

        // Enter on the version node selects it in the registry browser
        fxRun(() -> {
            b.model().selectedVersionProperty().set(null);
            w.lineageMap().stage().toFront();
            v.scrollPane().requestFocus();
        });
        robot.push(KeyCode.RIGHT);
        assertThat(focused(v)).isEqualTo(version);
        robot.push(KeyCode.ENTER);
        waitForFx("the version selected in the browser", WAIT, () -> b.model().selectedVersionProperty().get() != null
                && b.model().selectedVersionProperty().get().version() == 1);
    }
}
