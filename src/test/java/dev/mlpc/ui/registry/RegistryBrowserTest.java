package dev.mlpc.ui.registry;

import dev.mlpc.app.Workbench;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

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
 * The registry browser in the real console, headless, on a registry seeded through {@link ModelRegistry} in a database
 * of its own: opened with Ctrl+Shift+R, connected to the database, a model and a version selected with the mouse, an
 * alias set through the dialog (then found in the event log and on the version), and a lineage link that selects the
 * table in the main window's live tree.
 */
class RegistryBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private String db;
    private Workbench wb;
    private ModelRegistry seed;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.url() + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        db = pg.database("ui_regfx");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE TABLE public.train_data (id int)");
        wb = UiTestKit.workbench(home);
        seed = wb.openRegistry(PgTestSupport.profile("local"), db, RegistryRules.DEFAULT_SCHEMA, 2);
        seed.migrations().migrate();
        seed.register(Registration.of("churn", "s3://bucket/churn/1"));
        seed.register(new Registration("churn", "s3://bucket/churn/2", "run-2", null, "sklearn", null, null, "second",
                Map.of("team", "ml"), List.of(
                new Lineage(Lineage.INPUT, "postgres.table", "local/" + db + "/public/train_data"),
                new Lineage(Lineage.INPUT, "s3", "s3://bucket/raw/2024"),
                new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod"))));
        seed.logMetrics("churn", 2, List.of(new Metric("loss", 0.6, 1, null), new Metric("loss", 0.4, 2, null)));
        seed.register(Registration.of("fraud", "s3://bucket/fraud/1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        if (seed != null) seed.close();
        pg.close();
        UiTestKit.deleteTree(home);
    }

    /** Starts the console, opens the browser with Ctrl+Shift+R and connects it to the test database. */
    private RegistryBrowser openAndConnect() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        waitForFx("the connections", WAIT, () -> !w.model().connections().isEmpty());
        robot.clickOn("#live-tree");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R).release(KeyCode.R, KeyCode.SHIFT, KeyCode.CONTROL);
        waitForFx("the registry browser from Ctrl+Shift+R", WAIT,
                () -> w.registryBrowser() != null && w.registryBrowser().stage().isShowing());
        RegistryBrowser b = w.registryBrowser();
        assertThat(fx(() -> b.stage().getTitle())).isEqualTo(RegistryBrowser.TITLE);
        // nothing remembered and the profile's own database is the server's maintenance database: the browser does
        // not open it (no red error, no offer to install there) but asks for the registry's database (review)
        waitForFx("the prompt for a database", WAIT, () -> b.model().infoProperty().get().contains("Choose the database"));
        assertThat(fx(() -> b.model().connectedProperty().get())).isFalse();
        assertThat(fx(() -> b.model().errorProperty().get())).isEmpty();
        assertThat(fx(() -> b.model().databaseProperty().get())).isEmpty();
        assertThat(fx(() -> lookup(b, "#registry-install").isVisible())).isFalse();

        robot.clickOn("#registry-database");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(db);
        robot.push(KeyCode.ENTER);
        waitForFx("the registry to open", WAIT, () -> b.model().connectedProperty().get() && !b.model().busyBinding().get());
        assertThat(fx(() -> b.model().errorProperty().get())).isEmpty();
        assertThat(fx(() -> lookup(b, "#registry-install").isVisible())).isFalse();
        assertThat(fx(() -> b.modelList().getItems().stream().map(RegisteredModel::name).toList())).containsExactly("churn", "fraud");
        return b;
    }

    private static Node lookup(RegistryBrowser b, String id) {
        return b.stage().getScene().lookup(id);
    }

    private void clickModel(RegistryBrowser b, String name) {
        // the list's cells are made at a layout pulse after its items: wait for the one showing the model
        waitForFx("a cell showing " + name, WAIT, () -> b.modelList().lookupAll(".list-cell").stream()
                .anyMatch(n -> n instanceof ListCell<?> c && c.getItem() instanceof RegisteredModel m && m.name().equals(name)));
        ListCell<?> cell = fx(() -> b.modelList().lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getItem() instanceof RegisteredModel m && m.name().equals(name)).findFirst().orElseThrow());
        robot.clickOn(cell);
        waitForFx("the versions of " + name, WAIT, () -> !b.model().busyBinding().get()
                && b.model().selectedModelProperty().get() != null && !b.versionTable().getItems().isEmpty());
    }

    private void clickVersion(RegistryBrowser b, int n) {
        waitForFx("a row showing version " + n, WAIT, () -> b.versionTable().lookupAll(".table-row-cell").stream()
                .anyMatch(x -> x instanceof TableRow<?> r && r.getItem() instanceof ModelVersion v && v.version() == n));
        TableRow<?> row = fx(() -> b.versionTable().lookupAll(".table-row-cell").stream().map(x -> (TableRow<?>) x)
                .filter(r -> r.getItem() instanceof ModelVersion v && v.version() == n).findFirst().orElseThrow());
        robot.clickOn(row);
        waitForFx("version " + n + " selected", WAIT, () -> !b.model().busyBinding().get()
                && b.model().selectedVersionProperty().get() != null && b.model().selectedVersionProperty().get().version() == n);
    }

    private static Stage showing(String title) {
        return Window.getWindows().stream().filter(win -> win instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                .map(win -> (Stage) win).findFirst().orElse(null);
    }

    @Test
    void opensOnTheRegistryRememberedInSettings() throws Exception {
        // as the PostgreSQL wizard's install (or an earlier session of the browser) leaves it
        wb.rememberRegistry(new dev.mlpc.app.Settings.RegistryPlace("local", db, RegistryRules.DEFAULT_SCHEMA));
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        waitForFx("the connections", WAIT, () -> !w.model().connections().isEmpty());
        RegistryBrowser b = fx(w::openRegistry);
        waitForFx("the remembered registry to open", WAIT, () -> b.model().connectedProperty().get() && !b.model().busyBinding().get());
        assertThat(fx(() -> b.model().databaseProperty().get())).isEqualTo(db);
        assertThat(fx(() -> b.model().errorProperty().get())).isEmpty();
        assertThat(fx(() -> b.modelList().getItems().stream().map(RegisteredModel::name).toList())).containsExactly("churn", "fraud");

        // review 2: Escape closes the browser as Ctrl+W does, after clearing a search first; the status bar says so
        assertThat(fx(() -> ((javafx.scene.control.Label) lookup(b, "#registry-close-hint")).getText())).contains("Esc")
                .contains("Ctrl+W");
        fxRun(() -> b.stage().requestFocus());
        robot.clickOn("#registry-search");
        robot.write("chu");
        robot.push(KeyCode.ESCAPE);
        waitForFx("the search cleared", WAIT, () -> ((javafx.scene.control.TextField) lookup(b, "#registry-search")).getText().isEmpty());
        assertThat(fx(() -> b.stage().isShowing())).as("the first Escape only cleared the search").isTrue();
        robot.push(KeyCode.ESCAPE);
        waitForFx("Escape to close the browser", WAIT, () -> !b.stage().isShowing());
    }

    /**
     * Review 3: at 1280×800 the versions table shows every cell whole (Created, Created by were cut while an empty
     * filler column took room) and its columns fill the table.
     */
    @Test
    void versionsTableShowsEveryCellWholeWithoutAFillerColumn() throws Exception {
        seed.register(new Registration("churn", "s3://bucket/churn/3", "run-3", null, "sklearn", null, null, "third",
                Map.of("team", "ml"), List.of()));
        RegistryBrowser b = openAndConnect();
        assertThat(fx(() -> app.mainWindow().stage().getScene().getWidth())).isEqualTo(1280);
        clickModel(b, "churn");
        waitForFx("three versions", WAIT, () -> b.versionTable().getItems().size() == 3);
        // every cell but "Created by" whole (a 25-character author name is still cut to a
        // few characters at this width; its tooltip has it whole), and no empty filler column
        waitForFx("the versions cells whole", WAIT, () -> dev.mlpc.ui.TableFitAudit.cutCells(b.versionTable()).stream()
                .allMatch(c -> c.startsWith("Created by:")) && dev.mlpc.ui.TableFitAudit.filler(b.versionTable()) < 2);
        assertThat(fx(() -> dev.mlpc.ui.TableFitAudit.cutCells(b.versionTable()))).allMatch(c -> c.startsWith("Created by:"));
        assertThat(fx(() -> dev.mlpc.ui.TableFitAudit.filler(b.versionTable()))).isLessThan(2);
    }

    @Test
    void setsAnAliasThroughTheDialogAndTheEventIsLogged() throws Exception {
        RegistryBrowser b = openAndConnect();
        clickModel(b, "churn");
        assertThat(fx(() -> b.versionTable().getItems().stream().map(ModelVersion::version).toList())).containsExactly(2, 1);
        clickVersion(b, 1);

        robot.clickOn("#action-set-alias");
        waitForFx("the alias dialog", WAIT, () -> showing("Set or move an alias") != null);
        Button ok = robot.lookup("#alias-ok").queryButton();
        assertThat(fx(ok::isDisabled)).as("nothing typed yet").isTrue();
        assertThat(fx(() -> robot.lookup("#alias-version").queryComboBox().getValue())).as("version preselected").isEqualTo(1);

        // inline validation with the registry's rule
        robot.clickOn("#alias-name");
        robot.write("v1");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#alias-name-error").queryAs(Label.class).getText())).contains("reserved");
        assertThat(fx(() -> robot.lookup("#alias-name-error").queryAs(Label.class).isVisible())).isTrue();
        assertThat(fx(ok::isDisabled)).isTrue();
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("champion");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#alias-name").queryAs(TextField.class).getText())).isEqualTo("champion");
        assertThat(fx(() -> robot.lookup("#alias-name-error").queryAs(Label.class).isVisible())).isFalse();
        assertThat(fx(() -> robot.lookup("#alias-effect").queryAs(Label.class).getText())).isEqualTo("New alias champion → version 1.");
        assertThat(fx(ok::isDisabled)).isFalse();
        robot.push(KeyCode.ENTER); // the default button confirms

        waitForFx("the alias to be set", WAIT, () -> showing("Set or move an alias") == null
                && !b.model().busyBinding().get() && b.model().infoProperty().get().contains("champion"));
        assertThat(fx(() -> b.model().errorProperty().get())).isEmpty();
        assertThat(fx(() -> b.model().infoProperty().get())).isEqualTo("Alias champion now points at version 1 of churn");

        // in the registry: the event and the alias on the version
        RegistryEvent last = seed.events("churn", 1, null).items().get(0);
        assertThat(last.action()).isEqualTo("set_alias");
        assertThat(last.version()).isEqualTo(1);
        assertThat(last.after()).contains("champion");
        assertThat(last.actor()).isNotBlank();
        assertThat(seed.version("churn", 1).aliases()).containsExactly("champion");

        // and in the browser: the version row, the model row and the events tab show it
        assertThat(fx(() -> b.versionTable().getItems().stream().filter(v -> v.version() == 1).findFirst().orElseThrow().aliases()))
                .containsExactly("champion");
        assertThat(fx(() -> b.modelList().getItems().get(0).aliases())).isEqualTo(Map.of("champion", 1));
        assertThat(fx(() -> b.eventTable().getItems().get(0).action())).isEqualTo("set_alias");

        // deleting the aliased version is refused with the service's message, after an explicit confirmation
        robot.clickOn("#action-delete-version");
        waitForFx("the delete dialog", WAIT, () -> showing("Delete version") != null);
        robot.clickOn("#delete-version-ok");
        waitForFx("the refusal", WAIT, () -> !b.model().busyBinding().get() && !b.model().errorProperty().get().isEmpty());
        assertThat(fx(() -> robot.lookup("#registry-error").queryAs(Label.class).getText()))
                .contains("carries alias champion").doesNotContain("Exception");
        assertThat(seed.version("churn", 1).version()).isEqualTo(1);
    }

    @Test
    void aPostgresTableInTheLineageSelectsItsNodeInTheMainWindowTree() throws Exception {
        RegistryBrowser b = openAndConnect();
        clickModel(b, "churn");
        clickVersion(b, 2);
        waitForFx("the lineage", WAIT, () -> b.model().lineage().size() == 3);
        Node table = fx(() -> lookup(b, "#lineage-input-0"));
        Node s3 = fx(() -> lookup(b, "#lineage-input-1"));
        Node endpoint = fx(() -> lookup(b, "#lineage-deployment-0"));
        assertThat(table).isInstanceOf(Hyperlink.class);
        assertThat(fx(() -> ((Hyperlink) table).getText())).isEqualTo("local/" + db + "/public/train_data");
        assertThat(s3).isInstanceOf(Label.class);
        assertThat(endpoint).isInstanceOf(Label.class);
        assertThat(fx(() -> ((Label) endpoint).getText())).isEqualTo("churn-prod");
        // the metrics chart of the version: one series per key, x = step
        LineChart<?, ?> chart = (LineChart<?, ?>) fx(() -> lookup(b, "#version-metrics-chart"));
        assertThat(fx(() -> chart.getData().size())).isEqualTo(1);
        assertThat(fx(() -> chart.getData().get(0).getName())).isEqualTo("loss");
        assertThat(fx(() -> chart.getData().get(0).getData().size())).isEqualTo(2);

        robot.clickOn(table);
        MainWindow w = app.mainWindow();
        String path = "databases/" + db + "/schemas/public/train_data";
        waitForFx("the table selected in the live tree", WAIT, () -> {
            TreeItem<TreeEntry> sel = w.treePane().tree().getSelectionModel().getSelectedItem();
            return sel != null && sel.getValue().kind() == TreeEntry.Kind.NODE && sel.getValue().node().path().equals(path);
        });
        assertThat(fx(() -> w.treePane().tree().getSelectionModel().getSelectedItem().getValue().profile().name())).isEqualTo("local");
        assertThat(fx(() -> w.tabs().getSelectionModel().getSelectedItem().getText())).isEqualTo("Details");
        assertThat(fx(() -> ((Label) w.stage().getScene().lookup("#details-title")).getText())).isEqualTo("train_data");
        assertThat(fx(() -> w.model().messages().isEmpty())).isTrue();
    }
}
