package dev.mlpc.ui.shell;

import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.tree.TreeEntry;
import dev.mlpc.ui.wizard.postgres.PostgresWizard;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizard;
import dev.mlpc.ui.wizard.snowflake.MlflowWizard;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's main window on a fresh, empty MLPC_HOME: it starts, creates the repository, explains what to do. */
class ConsoleShellTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FxRobot robot = new FxRobot();
    private Path home;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
    }

    private MainWindow start() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        return app.mainWindow();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        UiTestKit.fxRun(() -> Theme.apply("light"));
        UiTestKit.deleteTree(home);
    }

    @Test
    void firstStartCreatesTheRepositoryAndShowsTheNoConnectionsHint() throws Exception {
        MainWindow w = start();
        assertThat(fx(() -> w.stage().getTitle())).isEqualTo("ML Platform Console");
        // the keyboard starts in the tree, not on the tool bar's first button
        waitForFx("the tree focused at start", WAIT, () -> w.stage().getScene().getFocusOwner() == w.treePane().tree());

        waitForFx("the no-connections hint", WAIT, () -> {
            List<TreeItem<TreeEntry>> top = w.treePane().model().root().getChildren();
            return top.size() == 1 && top.get(0).getValue().kind() == TreeEntry.Kind.HINT;
        });
        waitForFx("the config repository", WAIT, () -> w.model().repositoryReadyProperty().get());
        assertThat(Files.isDirectory(home.resolve("config").resolve(".git"))).as("config repository created").isTrue();

        // the hint is really drawn, with its action
        waitForFx("the hint cell", WAIT, () -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .anyMatch(c -> c.getGraphic() != null && texts(c.getGraphic()).contains("No connections yet.")));
        Hyperlink add = robot.lookup(".status-action").queryAs(Hyperlink.class);
        assertThat(add.getText()).isEqualTo("Add connection…");

        // the history shows the repository's first commit
        waitForFx("the first commit", WAIT, () -> w.historyView().table().getItems().size() == 1);
        assertThat(fx(() -> w.historyView().table().getItems().get(0).subject())).contains("Initialise");
        assertThat(fx(() -> w.model().messages().isEmpty())).as("no error messages: %s", fx(() -> List.copyOf(w.model().messages()))).isTrue();

        // the action opens the settings dialog
        robot.clickOn(add);
        waitForFx("the settings dialog", WAIT, () -> Window.getWindows().stream()
                .anyMatch(win -> win instanceof Stage s && "Settings".equals(s.getTitle()) && s.isShowing()));
    }

    @Test
    void aBrokenConnectionsFileIsExplainedWithFileLineAndColumn() throws Exception {
        Files.writeString(home.resolve("connections.yaml"), """
                connections:
                  local:
                    type: postgres
                    url: jdbc:postgresql://127.0.0.1:5432/postgres
                    user: postgres
                    password: hunter2
                """);
        MainWindow w = start();
        waitForFx("the message", WAIT, () -> !w.model().messages().isEmpty());
        UiMessage m = fx(() -> w.model().messages().get(0));
        assertThat(m.severity()).isEqualTo(UiMessage.Severity.ERROR);
        assertThat(m.title()).contains("connections.yaml");
        assertThat(m.text()).contains("connections.yaml:6:").contains("connections.local.password")
                .contains("secret reference").doesNotContain("Exception").doesNotContain("\tat ");
        // shown in the window, not only in the model
        waitForFx("the message bar", WAIT, () -> robot.lookup("#message-bar .message-text").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().contains("connections.yaml:6:")));
        TreeEntry row = fx(() -> w.treePane().model().root().getChildren().get(0).getValue());
        assertThat(row.kind()).isEqualTo(TreeEntry.Kind.ERROR);
        assertThat(row.actionLabel()).isEqualTo("Reload");
    }

    /**
     * Issue 13, item 3: an apply killed mid-way left its write-ahead journal; the console's start commits it as
     * interrupted and says so in the message bar (the kill itself is {@code app.InterruptedApplyTest}).
     */
    @Test
    void anInterruptedApplyLeftByAnEarlierProcessIsRecordedAndShown() throws Exception {
        dev.mlpc.core.audit.ConfigRepository.init(home.resolve("config")).close();
        String plan = "{\"stack\":\"w\",\"summary\":{\"create\":1,\"update\":0,\"replace\":0,\"drop\":0},\"changes\":[]}\n";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, Object> begin = new java.util.LinkedHashMap<>();
        begin.put("type", "begin");
        begin.put("run", "20261203T100000000Z-0badf00d");
        begin.put("pid", 999999);
        begin.put("repository", home.resolve("config").toString());
        begin.put("commit", java.util.Map.of("stack", "w", "provider", "postgres",
                "stackYaml", "stack: w\nresources:\n  - {type: postgres.role, name: r_w}\n",
                "generated", java.util.Map.of("generated/postgres/w.plan.json", plan),
                "message", "Apply stack w", "author", java.util.Map.of("name", "Ada", "email", "ada@example.org")));
        begin.put("journalPath", "journal/w/20261203T100000000Z-00000000.json");
        begin.put("journal", java.util.Map.of("stack", "w", "connection", "local", "connection_type", "postgres"));
        begin.put("statements", List.of(java.util.Map.of("change", 0, "resource", "postgres.role r_w", "action", "create",
                "statement", "CREATE ROLE \"r_w\"")));
        Path wal = home.resolve("journal-wal").resolve("20261203T100000000Z-0badf00d.jsonl");
        Files.createDirectories(wal.getParent());
        Files.writeString(wal, json.writeValueAsString(begin) + "\n{\"type\":\"intent\",\"index\":0}\n");

        MainWindow w = start();
        waitForFx("the message", WAIT, () -> w.model().messages().stream().anyMatch(m -> "recovered-apply".equals(m.key())));
        UiMessage m = fx(() -> w.model().messages().stream().filter(x -> "recovered-apply".equals(x.key())).findFirst().orElseThrow());
        assertThat(m.severity()).isEqualTo(UiMessage.Severity.WARNING);
        assertThat(m.title()).isEqualTo("An interrupted apply was recorded");
        assertThat(m.text()).contains("stack w").contains("Applied: interrupted (1/1 statements unknown)")
                .contains("create postgres.role r_w: CREATE ROLE \"r_w\"");
        waitForFx("the message bar", WAIT, () -> robot.lookup("#message-bar .message-text").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().contains("interrupted (1/1 statements unknown)")));
        waitForFx("the recorded commit in the history", WAIT, () -> w.historyView().table().getItems().size() == 2);
        assertThat(Files.exists(wal)).isFalse();
    }

    @Test
    void theThemeSwitchIsAppliedAndSaved() throws Exception {
        MainWindow w = start();
        waitForFx("the workbench", WAIT, () -> w.model().workbenchProperty().get() != null);
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");
        robot.clickOn("#tool-theme");
        waitForFx("the dark theme", WAIT, () -> "dark".equals(w.model().themeProperty().get()));
        assertThat(fx(Application::getUserAgentStylesheet)).contains("primer-dark");
        UiTestKit.waitFor("settings.yaml with the theme", WAIT, () -> {
            try {
                return Files.exists(home.resolve("settings.yaml")) && Files.readString(home.resolve("settings.yaml")).contains("theme: dark");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aDarkThemeFromSettingsIsUsedForTheFirstFrame() throws Exception {
        Files.writeString(home.resolve("settings.yaml"), "theme: dark\n");
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home),
                home.resolve("settings.yaml")));
        // start() has returned: the window exists, the workbench may not yet
        assertThat(fx(Application::getUserAgentStylesheet)).contains("primer-dark");
        waitForFx("the workbench", WAIT, () -> app.mainWindow().model().workbenchProperty().get() != null);
        assertThat(fx(() -> app.mainWindow().model().themeProperty().get())).isEqualTo("dark");
    }

    @Test
    void keyboardShortcutsReachTheirActions() throws Exception {
        MainWindow w = start();
        waitForFx("the workbench", WAIT, () -> w.model().workbenchProperty().get() != null);
        Set<String> accelerators = fx(() -> {
            java.util.Set<String> out = new java.util.TreeSet<>();
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) w.stage().getScene().lookup("#menu-bar");
            for (javafx.scene.control.Menu m : bar.getMenus()) collect(m, out);
            return out;
        });
        // the wizards' accelerators come from the providers' descriptions: Ctrl+N, Ctrl+Shift+S, Ctrl+Shift+M
        assertThat(accelerators).contains(KeyCombination.valueOf("Shortcut+N").getName(), MainWindow.REFRESH.getName(),
                MainWindow.SETTINGS.getName(), MainWindow.QUIT.getName(), KeyCombination.valueOf("Shortcut+Shift+S").getName(),
                KeyCombination.valueOf("Shortcut+Shift+M").getName());
        java.util.List<String> all = fx(() -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) w.stage().getScene().lookup("#menu-bar");
            for (javafx.scene.control.Menu m : bar.getMenus()) collect(m, out);
            return out;
        });
        assertThat(all).as("no accelerator is used twice").doesNotHaveDuplicates();
        robot.clickOn("#live-tree");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.COMMA)
                .release(javafx.scene.input.KeyCode.COMMA, javafx.scene.input.KeyCode.CONTROL);
        waitForFx("the settings dialog from Ctrl+,", WAIT, () -> showing("Settings") != null);
        fxRun(() -> showing("Settings").close());

        robot.clickOn("#live-tree");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.N)
                .release(javafx.scene.input.KeyCode.N, javafx.scene.input.KeyCode.CONTROL);
        waitForFx("the wizard from Ctrl+N", WAIT, () -> showing(PostgresWizard.TITLE) != null);
        fxRun(() -> showing(PostgresWizard.TITLE).close());

        robot.clickOn("#live-tree");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.S)
                .release(javafx.scene.input.KeyCode.S, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.CONTROL);
        waitForFx("the Snowflake wizard from Ctrl+Shift+S", WAIT, () -> showing(FederatedMlWizard.TITLE) != null);
        fxRun(() -> showing(FederatedMlWizard.TITLE).close());

        robot.clickOn("#live-tree");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.M)
                .release(javafx.scene.input.KeyCode.M, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.CONTROL);
        waitForFx("the MLflow wizard from Ctrl+Shift+M", WAIT, () -> showing(MlflowWizard.TITLE) != null);
        fxRun(() -> showing(MlflowWizard.TITLE).close());
    }

    private static Stage showing(String title) {
        return Window.getWindows().stream().filter(win -> win instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                .map(win -> (Stage) win).findFirst().orElse(null);
    }

    private static void collect(javafx.scene.control.MenuItem item, java.util.Collection<String> out) {
        if (item.getAccelerator() != null) out.add(item.getAccelerator().getName());
        if (item instanceof javafx.scene.control.Menu m) m.getItems().forEach(i -> collect(i, out));
    }

    private static String texts(Node n) {
        StringBuilder b = new StringBuilder();
        if (n instanceof javafx.scene.control.Labeled l && l.getText() != null) b.append(l.getText()).append(' ');
        if (n instanceof javafx.scene.Parent p) p.getChildrenUnmodifiable().forEach(c -> b.append(texts(c)));
        return b.toString();
    }
}
