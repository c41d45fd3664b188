package dev.mlpc.ui.shell;

import dev.mlpc.Modules;
import dev.mlpc.app.Workbench;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.LayoutAudit;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.registry.RegistryBrowser;
import dev.mlpc.ui.settings.SettingsDialog;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, part 8: every main window of the console, at 1280×800 for the main window — the main window with each of
 * its tabs, the first page of each wizard, Settings, the registry browser — is walked with Tab: every focusable control
 * takes the focus and renders differently when focused; no text is cut to "…"; the start logs no CSS warning.
 */
class KeyboardLayoutTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path home;
    private UiExecutor executor;
    private MainViewModel model;
    private MainWindow window;
    private final List<String> cssWarnings = new ArrayList<>();
    private final Handler cssHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getLoggerName() != null
                    && r.getLoggerName().startsWith("javafx")) {
                synchronized (cssWarnings) {
                    cssWarnings.add(r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(r));
                }
            }
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    private final List<Stage> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        Logger.getLogger("").addHandler(cssHandler);
        home = UiTestKit.tempHome();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.url() + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        executor = UiExecutor.create();
        model = new MainViewModel(() -> UiTestKit.workbench(home), executor, "light", Modules.standard());
        // a stage of the test's own (1280×800 is the main window's scene size), not TestFX's shared primary stage
        window = fx(() -> {
            MainWindow w = new MainWindow(new Stage(), model);
            w.stage().show();
            model.start();
            return w;
        });
        opened.add(window.stage());
        waitForFx("the workbench", WAIT, () -> model.workbenchProperty().get() != null);
        waitForFx("the repository", WAIT, () -> model.repositoryReadyProperty().get());
        waitForFx("the tree's connection", WAIT, () -> window.treePane().tree().getRoot() != null
                && !window.treePane().tree().getRoot().getChildren().isEmpty());
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(cssHandler);
        fxRun(() -> opened.forEach(Stage::close));
        fxRun(() -> {
            if (model != null) model.dispose();
        });
        if (executor != null) executor.shutdown(Duration.ofSeconds(2));
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        UiTestKit.deleteTree(home);
    }

    /** The main window with each tab shown, each wizard, Settings and the registry browser: name → stage. */
    private Map<String, Stage> windowsOneByOne(java.util.function.BiConsumer<String, Stage> check) throws Exception {
        Map<String, Stage> out = new LinkedHashMap<>();
        for (Tab t : fx(() -> List.copyOf(window.tabs().getTabs()))) {
            fxRun(() -> window.tabs().getSelectionModel().select(t));
            String name = "main-" + t.getId();
            settle(window.stage());
            check.accept(name, window.stage());
            out.put(name, window.stage());
        }
        for (String id : fx(window::wizardIds)) {
            Stage s = fx(() -> window.openWizard(id).stage());
            opened.add(s);
            settle(s);
            check.accept("wizard-" + id, s);
            // the next page too, where the first page's defaults allow it
            javafx.scene.control.Button next = (javafx.scene.control.Button) fx(() -> s.getScene().lookup("#next"));
            if (next != null && !fx(next::isDisabled)) {
                fxRun(next::fire);
                settle(s);
                check.accept("wizard-" + id + "-page-2", s);
            }
            fxRun(s::close);
        }
        Workbench wb = model.workbenchProperty().get();
        SettingsDialog settings = fx(() -> {
            SettingsDialog d = new SettingsDialog(wb, executor);
            d.show(window.stage(), () -> { });
            return d;
        });
        opened.add(settings.stage());
        waitForFx("settings loaded", WAIT, () -> settings.model().loadedProperty().get());
        settle(settings.stage());
        eachTab("settings", settings.stage(), check);
        fxRun(() -> settings.stage().close());
        RegistryBrowser registry = fx(window::openRegistry);
        opened.add(registry.stage());
        settle(registry.stage());
        eachTab("registry", registry.stage(), check);
        return out;
    }

    /** Checks the window as it opened, then with each other tab of its first tab pane selected. */
    private void eachTab(String name, Stage s, java.util.function.BiConsumer<String, Stage> check) {
        check.accept(name, s);
        javafx.scene.control.TabPane pane = (javafx.scene.control.TabPane) fx(() -> s.getScene().lookup(".tab-pane"));
        if (pane == null) return;
        Tab first = fx(() -> pane.getSelectionModel().getSelectedItem());
        for (Tab t : fx(() -> List.copyOf(pane.getTabs()))) {
            if (t == first || fx(t::isDisabled)) continue;
            fxRun(() -> pane.getSelectionModel().select(t));
            settle(s);
            check.accept(name + "-" + fx(t::getText).replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT), s);
        }
    }

    /** Brings the stage to the front with the focus, and lets its background loads finish. */
    private void settle(Stage s) {
        fxRun(() -> {
            s.toFront();
            s.requestFocus();
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        waitForFx("nothing loading in the main window", WAIT, () -> model.tree().loadingCountProperty().get() == 0);
        waitForFx(s.getTitle() + " focused", WAIT, s::isFocused);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void noTextIsCutAndNoCssWarningAt1280x800() throws Exception {
        assertThat(fx(() -> window.stage().getScene().getWidth())).isEqualTo(1280);
        assertThat(fx(() -> window.stage().getScene().getHeight())).isEqualTo(800);
        Map<String, List<String>> cut = new LinkedHashMap<>();
        Map<String, List<String>> unstyled = new LinkedHashMap<>();
        windowsOneByOne((name, stage) -> {
            List<String> c = fx(() -> LayoutAudit.clipped(stage.getScene().getRoot()));
            if (!c.isEmpty()) cut.put(name, c);
            List<String> u = fx(() -> LayoutAudit.withUnusedThemeClasses(stage.getScene().getRoot()));
            if (!u.isEmpty()) unstyled.put(name, u);
            fxRun(() -> {
                try {
                    LayoutAudit.shot(stage, name);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        });
        assertThat(cut).as("text cut to an ellipsis").isEmpty();
        assertThat(unstyled).as("controls the trimmed theme has no rules for (ThemeTrim.UNUSED)").isEmpty();
        synchronized (cssWarnings) {
            assertThat(cssWarnings).as("CSS warnings").isEmpty();
        }
    }

    @Test
    void tabReachesEveryControlAndEachShowsItsFocus() throws Exception {
        Map<String, List<String>> unreached = new LinkedHashMap<>();
        Map<String, List<String>> noFocusShown = new LinkedHashMap<>();
        Map<String, Integer> stops = new LinkedHashMap<>();
        windowsOneByOne((name, stage) -> {
            LayoutAudit.Walk w = fx(() -> LayoutAudit.tabWalk(stage.getScene(), 400));
            stops.put(name, w.stops().size());
            if (!w.unreached().isEmpty()) unreached.put(name, w.unreached());
            if (!w.invisibleFocus().isEmpty()) noFocusShown.put(name, w.invisibleFocus());
        });
        assertThat(unreached).as("focusable controls Tab never reached").isEmpty();
        assertThat(noFocusShown).as("controls that look the same focused and unfocused").isEmpty();
        System.out.println("controls reached with Tab: " + stops);
        assertThat(stops).allSatisfy((name, n) -> assertThat(n).as(name + ": controls reached").isGreaterThan(2));
    }

    @Test
    void theDarkThemeShowsFocusToo() {
        fxRun(() -> model.setTheme("dark"));
        Map<String, List<String>> noFocusShown = new LinkedHashMap<>();
        for (Tab t : fx(() -> List.copyOf(window.tabs().getTabs()))) {
            fxRun(() -> window.tabs().getSelectionModel().select(t));
            settle(window.stage());
            LayoutAudit.Walk w = fx(() -> LayoutAudit.tabWalk(window.stage().getScene(), 400));
            assertThat(w.stops()).as(t.getId() + ": controls reached").hasSizeGreaterThan(2);
            if (!w.invisibleFocus().isEmpty()) noFocusShown.put(t.getId(), w.invisibleFocus());
        }
        assertThat(noFocusShown).as("controls that look the same focused and unfocused (dark)").isEmpty();
    }

    /** Expands {@code from} and returns its child labelled {@code label}. */
    private static dev.mlpc.ui.tree.LiveTreeItem expand(javafx.scene.control.TreeItem<dev.mlpc.ui.tree.TreeEntry> from, String label) {
        fxRun(() -> from.setExpanded(true));
        waitForFx("the child " + label + " of " + from.getValue(), WAIT, () -> child(from, label) != null);
        return fx(() -> child(from, label));
    }

    private static dev.mlpc.ui.tree.LiveTreeItem child(javafx.scene.control.TreeItem<dev.mlpc.ui.tree.TreeEntry> parent, String label) {
        for (javafx.scene.control.TreeItem<dev.mlpc.ui.tree.TreeEntry> c : parent.getChildren()) {
            if (c.getValue() != null && c.getValue().label().equals(label) && c instanceof dev.mlpc.ui.tree.LiveTreeItem l) return l;
        }
        return null;
    }

    /** A dialog's window: brought forward, its loads done, checked for cut text at its size and at its narrowest. */
    private List<String> cutIn(javafx.scene.control.Dialog<?> d, String name, java.util.function.BooleanSupplier loaded) throws Exception {
        waitForFx(name + " loaded", WAIT, loaded);
        Stage s = (Stage) fx(() -> d.getDialogPane().getScene().getWindow());
        opened.add(s);
        settle(s);
        List<String> out = new ArrayList<>(fx(() -> LayoutAudit.clipped(d.getDialogPane())));
        fxRun(() -> {
            try {
                LayoutAudit.shot(s, name);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the narrowest the dialog lets itself be made: its content's minimum width
        fxRun(() -> {
            d.getDialogPane().applyCss();
            d.getDialogPane().layout();
            double min = d.getDialogPane().minWidth(-1);
            d.setWidth(Math.max(min, 420));
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        out.addAll(fx(() -> LayoutAudit.clipped(d.getDialogPane())).stream().map(c -> "narrow: " + c).toList());
        fxRun(() -> {
            try {
                LayoutAudit.shot(s, name + "-narrow");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        fxRun(d::close);
        return out;
    }

    /** The row of schema {@code schema} of database {@code db} in the live tree of the "local" connection, loaded on the way. */
    private dev.mlpc.ui.tree.LiveTreeItem schemaRow(String db, String schema) {
        var tree = window.treePane().model();
        var conn = fx(() -> child(tree.root(), "local"));
        var dbs = expand(conn, "Databases");
        var database = expand(dbs, db);
        fxRun(() -> database.setExpanded(true));
        waitForFx("the children of " + db, WAIT, () -> database.state() == dev.mlpc.ui.tree.LiveTreeItem.State.LOADED);
        var schemas = fx(() -> child(database, "Schemas")) != null ? expand(database, "Schemas") : database;
        return expand(schemas, schema);
    }

    @Test
    void showDefinitionAndPlanADropShowTheirTextWhole() throws Exception {
        PgTestSupport pg = new PgTestSupport();
        try {
            String db = pg.database("ui_layout");
            PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
            PgTestSupport.execIn(db, "CREATE SCHEMA scoring_features_for_the_quarterly_churn_model");
            var schema = schemaRow(db, "scoring_features_for_the_quarterly_churn_model");
            TreeActions actions = window.treeActions();
            javafx.scene.control.Dialog<?> ddl = fx(() -> actions.showDefinition(schema.getValue()));
            javafx.scene.control.TextArea ddlText = (javafx.scene.control.TextArea) fx(() -> ddl.getDialogPane().lookup("#ddl-text"));
            List<String> cut = new ArrayList<>(cutIn(ddl, "show-definition", () -> ddlText.getText().contains("CREATE SCHEMA")));
            javafx.scene.control.Dialog<?> drop = fx(() -> actions.planDrop(schema));
            javafx.scene.control.TextArea plan = (javafx.scene.control.TextArea) fx(() -> drop.getDialogPane().lookup(".text-area"));
            cut.addAll(cutIn(drop, "plan-drop", () -> plan.getText().contains("scoring_features")));
            assertThat(cut).as("text cut to an ellipsis in Show definition and Plan a drop").isEmpty();
        } finally {
            pg.close();
        }
    }

    /**
     * A new user's review: on a PostgreSQL table {@code rv_train} (not a resource a stack manages) the context menu's
     * disabled items show the name with its underscore, and Plan a drop shows only the refusal and Close.
     */
    @Test
    void aRefusedDropShowsOnlyItsReasonAndMenuItemsKeepUnderscores() throws Exception {
        PgTestSupport pg = new PgTestSupport();
        try {
            String db = pg.database("ui_refused");
            PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
            PgTestSupport.execIn(db, "CREATE SCHEMA rv_schema; CREATE TABLE rv_schema.rv_train (id int)");
            var schema = schemaRow(db, "rv_schema");
            fxRun(() -> schema.setExpanded(true));
            waitForFx("the children of rv_schema", WAIT, () -> schema.state() == dev.mlpc.ui.tree.LiveTreeItem.State.LOADED);
            var tables = fx(() -> child(schema, "Tables")) != null ? expand(schema, "Tables") : schema;
            var table = expand(tables, "rv_train");
            TreeActions actions = window.treeActions();

            List<javafx.scene.control.MenuItem> items = fx(() -> actions.items(table));
            javafx.scene.control.MenuItem ddl = items.stream().filter(m -> "menu-show-ddl".equals(m.getId())).findFirst().orElseThrow();
            String why = fx(() -> actions.definitionUnavailable(table.getValue()));
            assertThat(why).contains("rv_train");
            assertThat(fx(ddl::getText)).contains(why);
            assertThat(fx(ddl::isMnemonicParsing)).as("a text naming rv_train is not parsed for a mnemonic").isFalse();
            for (javafx.scene.control.MenuItem m : items) {
                if (m.getText() != null && m.getText().contains("rv_train")) {
                    assertThat(fx(m::isMnemonicParsing)).as(m.getId() + " '" + m.getText() + "'").isFalse();
                }
            }

            // the menu disables Plan a drop here; the dialog opened anyway meets the same refusal from the workbench
            // (as a database holding a registry does) and must show only that
            assertThat(fx(() -> actions.dropUnavailable(table.getValue()))).contains("rv_train");
            javafx.scene.control.Dialog<?> drop = fx(() -> actions.planDrop(table));
            waitForFx("the refusal", WAIT, () -> drop.getDialogPane().lookup("#drop-refusal").isVisible());
            assertThat(fx(() -> ((javafx.scene.control.Label) drop.getDialogPane().lookup("#drop-refusal")).getText())).contains("rv_train");
            for (String id : List.of("#planText", "#drop-confirm", "#replan", "#planSummary")) {
                javafx.scene.Node n = fx(() -> drop.getDialogPane().lookup(id));
                assertThat(n == null || !fx(n::isVisible) || !fx(() -> n.getParent() == null || n.getParent().isVisible()))
                        .as(id + " hidden after a refusal").isTrue();
            }
            assertThat(fx(() -> drop.getDialogPane().getButtonTypes())).containsExactly(javafx.scene.control.ButtonType.CLOSE);
            assertThat(fx(() -> drop.getDialogPane().lookup("#drop-apply"))).isNull();
            List<String> cut = cutIn(drop, "plan-drop-refused", () -> true);
            assertThat(cut).as("text cut in the refused drop").isEmpty();
        } finally {
            pg.close();
        }
    }
}
