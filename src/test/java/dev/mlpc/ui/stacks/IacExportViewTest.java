package dev.mlpc.ui.stacks;

import dev.mlpc.app.Workbench;
import dev.mlpc.iac.IacFormat;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Stacks view's "Export as IaC…": the button and the context menu item of the selected stack open the dialog;
 * the folder comes from the directory chooser (a stand-in here); Export writes the Pulumi program and the dialog
 * says what it wrote and what has no equivalent.
 */
@ExtendWith(ApplicationExtension.class)
class IacExportViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Stage own;
    private StacksView view;
    private UiExecutor executor;
    private Path home;

    @Start
    void start(Stage primary) throws Exception {
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        executor = UiExecutor.create();
        StacksViewModel model = new StacksViewModel(() -> null, executor);
        var stack = IacExportModelTest.stack(wb, "postgres");
        model.rows().setAll(new StackRow(stack.name(), "postgres", null, "", stack, null, null, "", null));
        view = new StacksView(model, executor.background(), null, null);
        own = new Stage();
        own.setScene(new Scene(view, 1000, 500));
        own.show();
    }

    @AfterEach
    void close() throws Exception {
        org.testfx.api.FxToolkit.setupFixture(() -> {
            if (view.lastExport() != null) view.lastExport().stage().close();
            own.close();
        });
        executor.close();
        UiTestKit.deleteTree(home);
    }

    @Test
    void exportFromTheButtonWithTheChosenFolder(FxRobot robot) throws Exception {
        assertThat(fx(() -> robot.lookup("#stack-export-iac").queryButton().isDisabled())).isTrue();
        MenuItem item = fx(() -> view.table().getContextMenu().getItems().stream()
                .filter(i -> "menu-stack-export-iac".equals(i.getId())).findFirst().orElseThrow());
        assertThat(item.getText()).isEqualTo("Export as _IaC…");

        robot.interact(() -> view.table().getSelectionModel().select(0));
        robot.clickOn("#stack-export-iac");
        waitForFx("the export dialog", WAIT, () -> view.lastExport() != null && view.lastExport().stage().isShowing());
        IacExportDialog dialog = view.lastExport();
        Path chosen = home.resolve("chosen");
        Files.createDirectories(chosen);
        robot.interact(() -> dialog.setChooser(w -> chosen.toFile()));
        robot.clickOn(robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-browse").queryButton());
        assertThat(fx(() -> dialog.model().directoryProperty().get())).isEqualTo(chosen.toString());
        assertThat(fx(() -> dialog.model().formatProperty().get())).isEqualTo(IacFormat.PULUMI_PYTHON);

        robot.clickOn(robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-export").queryButton());
        waitForFx("the export's result", WAIT, () -> dialog.model().outcomeProperty().get() != null);
        String text = fx(() -> robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-message").queryAs(TextArea.class).getText());
        assertThat(text).contains("Wrote 3 files to " + chosen + ": Pulumi.yaml, __main__.py, requirements.txt.")
                .contains("postgres.database ml_models: comment = ML model registry");
        assertThat(Files.readString(chosen.resolve("__main__.py"))).contains("import pulumi_postgresql as postgresql");

        // narrow: the texts wrap rather than end in "…", and the message takes the room below
        robot.interact(() -> {
            dialog.stage().setWidth(420);
            dialog.stage().setHeight(460);
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> dev.mlpc.ui.LayoutAudit.clipped(dialog.stage().getScene().getRoot()))).isEmpty();
        TextArea message = fx(() -> robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-message").queryAs(TextArea.class));
        javafx.scene.control.Button close = fx(() -> robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-close").queryButton());
        double gap = fx(() -> dialog.stage().getScene().getHeight() - close.localToScene(close.getBoundsInLocal()).getMaxY());
        assertThat(gap).as("free space under the buttons").isLessThan(40);
        assertThat(fx(message::getHeight)).isGreaterThan(80);
    }

    /**
     * Review: Export overwrote a user's edit of __main__.py without a word. Files whose content would change are named
     * in a confirmation first; No keeps them, Yes overwrites; the files with the same content are not named.
     */
    @Test
    void askBeforeOverwritingFilesWhoseContentChanges(FxRobot robot) throws Exception {
        robot.interact(() -> view.table().getSelectionModel().select(0));
        robot.clickOn("#stack-export-iac");
        waitForFx("the export dialog", WAIT, () -> view.lastExport() != null && view.lastExport().stage().isShowing());
        IacExportDialog dialog = view.lastExport();
        Path dir = home.resolve("edited");
        robot.interact(() -> dialog.model().directoryProperty().set(dir.toString()));
        java.util.List<java.util.List<Path>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> dialog.setConfirmOverwrite((w, files) -> {
            asked.add(files);
            return false;
        }));
        robot.clickOn(robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-export").queryButton());
        waitForFx("the first export", WAIT, () -> dialog.model().outcomeProperty().get() != null
                && !dialog.model().runningProperty().get());
        assertThat(asked).as("nothing there yet: no question").isEmpty();
        String generated = Files.readString(dir.resolve("__main__.py"));

        Files.writeString(dir.resolve("__main__.py"), generated + "# my edit\n");
        robot.clickOn(robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-export").queryButton());
        waitForFx("the question", WAIT, () -> !asked.isEmpty());
        assertThat(asked.get(0)).containsExactly(dir.resolve("__main__.py"));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> dialog.model().runningProperty().get())).as("No: nothing runs").isFalse();
        assertThat(Files.readString(dir.resolve("__main__.py"))).endsWith("# my edit\n");

        robot.interact(() -> dialog.setConfirmOverwrite((w, files) -> {
            asked.add(files);
            return true;
        }));
        robot.clickOn(robot.from(dialog.stage().getScene().getRoot()).lookup("#iac-export").queryButton());
        waitForFx("the overwrite", WAIT, () -> {
            try {
                return Files.readString(dir.resolve("__main__.py")).equals(generated);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).containsExactly(dir.resolve("__main__.py"));
    }

    /** Review 2: five Tab presses showed no focus before the folder field: every control of the dialog shows it. */
    @Test
    void everyControlOfTheDialogShowsItsFocus(FxRobot robot) throws Exception {
        robot.interact(() -> view.table().getSelectionModel().select(0));
        robot.clickOn("#stack-export-iac");
        waitForFx("the export dialog", WAIT, () -> view.lastExport() != null && view.lastExport().stage().isShowing());
        IacExportDialog dialog = view.lastExport();
        robot.interact(() -> dialog.stage().requestFocus());
        waitForFx("the dialog focused", WAIT, () -> dialog.stage().isFocused());
        dev.mlpc.ui.LayoutAudit.Walk walk = fx(() -> dev.mlpc.ui.LayoutAudit.tabWalk(dialog.stage().getScene(), 30));
        assertThat(walk.stops()).as("controls Tab reached").hasSizeGreaterThanOrEqualTo(3);
        assertThat(walk.invisibleFocus()).as("controls that look the same focused and unfocused").isEmpty();
    }
}
