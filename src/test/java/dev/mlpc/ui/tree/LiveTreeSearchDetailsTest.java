package dev.mlpc.ui.tree;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

import static dev.mlpc.ui.UiTestKit.child;
import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the console window against the real PostgreSQL: the filter's "Search all" searches the whole connection (not
 * only loaded rows — nothing below the connection is expanded first), Enter on a hit expands the tree down to it and
 * selects it, and the details pane then shows the table's columns with their types, size and row estimate, read on
 * selection.
 */
class LiveTreeSearchDetailsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private ConsoleApp app;
    private String db;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_uis");
        token = db.substring(db.lastIndexOf('_') + 1);
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        PgTestSupport.execIn(db, "CREATE SCHEMA reg", "CREATE TABLE reg.models_" + token + " (id bigint NOT NULL, label text)");
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        Map<String, String> settings = new LinkedHashMap<>(PgTestSupport.profile("pg-search").settings());
        settings.put("url", PgTestSupport.urlFor(db));
        wb.connections().save(List.of(new ConnectionProfile("pg-search", "postgres", settings)));
        app = UiTestKit.openConsole(() -> UiTestKit.workbench(home));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        pg.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchesTheWholeConnectionRevealsTheTableAndShowsItsColumns() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "pg-search") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> child(model.root(), "pg-search"));
        assertThat(fx(conn::state)).as("nothing below the connection is loaded").isNotEqualTo(LiveTreeItem.State.LOADED);

        robot.clickOn("#tree-filter").write("MODELS_" + token.toUpperCase(java.util.Locale.ROOT));
        robot.clickOn("#tree-search");
        ListView<LiveNode> results = (ListView<LiveNode>) fx(() -> w.stage().getScene().lookup("#search-results"));
        waitForFx("the search hits", WAIT, () -> !results.getItems().isEmpty());
        assertThat(fx(() -> results.getItems().stream().map(LiveNode::path).toList()))
                .containsExactly("databases/" + db + "/schemas/reg/models_" + token);
        assertThat(fx(() -> ((Label) w.stage().getScene().lookup("#search-status")).getText()))
                .startsWith("1 found in database " + db + " of connection pg-search");

        fxRun(() -> {
            results.requestFocus();
            results.getSelectionModel().select(0);
        });
        robot.type(KeyCode.ENTER);
        String table = "models_" + token;
        waitForFx("the table selected in the tree", WAIT, () -> {
            TreeItem<TreeEntry> sel = w.treePane().tree().getSelectionModel().getSelectedItem();
            return sel != null && table.equals(sel.getValue().label());
        });
        waitForFx("the table's columns in the details", WAIT, () -> details(w).contains("id bigint NOT NULL"));
        String details = fx(() -> details(w));
        assertThat(details).contains("columns").contains("label text").contains("size").contains("row estimate");
        assertThat(fx(() -> ((Label) w.stage().getScene().lookup("#details-title")).getText())).isEqualTo(table);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSearchSaysItsScopeAndClearingTheFilterClearsTheHits() {
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> child(model.root(), "pg-search") != null);
        assertThat(fx(() -> w.stage().getScene().lookup("#search-results"))).as("made by the first search").isNull();

        // nothing found: the message names what was searched (PostgreSQL: the connection's own database)
        robot.clickOn("#tree-filter").write("nothing_like_" + token);
        robot.clickOn("#tree-search");
        Label status = (Label) fx(() -> w.stage().getScene().lookup("#search-status"));
        ListView<LiveNode> results = (ListView<LiveNode>) fx(() -> w.stage().getScene().lookup("#search-results"));
        waitForFx("the answer", WAIT, () -> status.getText().startsWith("Nothing in"));
        assertThat(fx(status::getText)).isEqualTo("Nothing in database " + db + " of connection pg-search is named like"
                + " \u201cnothing_like_" + token + "\u201d.");

        // hits: the tree below does not say "Nothing loaded matches" over them
        fxRun(() -> w.treePane().filterField().setText("models_" + token));
        robot.clickOn("#tree-search");
        waitForFx("the hits", WAIT, () -> !results.getItems().isEmpty() && !model.loadingCountProperty().greaterThan(0).get());
        waitForFx("the filter applied", WAIT, () -> ("models_" + token).equals(model.filterProperty().get()));
        assertThat(fx(() -> UiTestKit.labels(model.root()))).noneMatch(l -> l.startsWith("Nothing loaded matches"));

        // × clears the filter and the hit list with it
        robot.clickOn(fx(() -> w.treePane().filterField().getRight()));
        waitForFx("the hits cleared", WAIT, () -> results.getItems().isEmpty() && !status.isVisible());
        assertThat(fx(() -> w.treePane().filterField().getText())).isEmpty();
        assertThat(fx(results::isVisible)).isFalse();
    }

    private String details(MainWindow w) {
        return robot.lookup("#details-grid .label").queryAllAs(Label.class).stream().map(Label::getText).toList().toString();
    }
}
