package dev.mlpc.ui.shell;

import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * File → Export for auditors… in the real window: the menu item (mnemonic, accelerator), the export on the background
 * executor, the message naming what was written, and the report handed to the browser.
 */
class AuditExportConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private Path home;
    private Path out;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
        out = Files.createTempDirectory("mlpc-export-out");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        UiTestKit.deleteTree(home);
        UiTestKit.deleteTree(out);
    }

    @Test
    void exportWritesBundleManifestsAndReportAndOpensTheReport() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        waitForFx("the config repository", WAIT, () -> w.model().repositoryReadyProperty().get());

        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        Menu file = fx(() -> bar.getMenus().get(0));
        MenuItem item = fx(() -> file.getItems().stream().filter(i -> "menu-export".equals(i.getId())).findFirst().orElseThrow());
        assertThat(item.getText()).isEqualTo("_Export for auditors…");
        assertThat(item.isMnemonicParsing()).isTrue();
        assertThat(item.getAccelerator()).isEqualTo(MainWindow.EXPORT);
        waitForFx("the export item enabled", WAIT, () -> !item.isDisable());

        List<String> opened = new CopyOnWriteArrayList<>();
        fxRun(() -> w.setBrowser(opened::add));
        Path bundle = out.resolve("audit.bundle");
        fxRun(() -> w.exportForAuditors(bundle));
        waitForFx("the export's message", WAIT, () -> !w.auditExport().runningProperty().get()
                && w.model().messages().stream().anyMatch(m -> AuditExportModel.MESSAGE_KEY.equals(m.key())));

        UiMessage m = fx(() -> w.model().messages().stream().filter(x -> AuditExportModel.MESSAGE_KEY.equals(x.key()))
                .findFirst().orElseThrow());
        Path report = out.resolve("audit.bundle.report.html");
        assertThat(m.severity()).as(m.text()).isEqualTo(UiMessage.Severity.INFO);
        assertThat(m.title()).startsWith("Exported 1 commit for auditors");
        assertThat(m.text()).contains(report.toString()).contains(bundle.toString());
        assertThat(bundle).exists();
        assertThat(Path.of(bundle + ".manifest.json")).exists();
        assertThat(Files.readString(report)).contains("Initialise mlpc config repository");
        assertThat(opened).containsExactly(report.toUri().toString());
        // the progress window closed with the export
        assertThat(fx(() -> javafx.stage.Window.getWindows().stream().anyMatch(x -> x instanceof javafx.stage.Stage s
                && "Exporting for auditors".equals(s.getTitle()) && s.isShowing()))).isFalse();
    }

    @Test
    void aFailedExportIsAMessageNotAStackTrace() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> UiTestKit.workbench(home)));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        waitForFx("the config repository", WAIT, () -> w.model().repositoryReadyProperty().get());
        // a bundle path inside the config repository is refused
        Path inside = home.resolve("config").resolve("audit.bundle");
        fxRun(() -> w.exportForAuditors(inside));
        waitForFx("the export's message", WAIT, () -> !w.auditExport().runningProperty().get()
                && w.model().messages().stream().anyMatch(m -> AuditExportModel.MESSAGE_KEY.equals(m.key())));
        UiMessage m = fx(() -> w.model().messages().stream().filter(x -> AuditExportModel.MESSAGE_KEY.equals(x.key()))
                .findFirst().orElseThrow());
        assertThat(m.severity()).isEqualTo(UiMessage.Severity.ERROR);
        assertThat(m.text()).contains("inside the config repository").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(inside).doesNotExist();
    }
}
