package dev.mlpc.ui.stacks;

import atlantafx.base.theme.Styles;
import dev.mlpc.iac.IacExporter;
import dev.mlpc.iac.IacFormat;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The "Export as IaC…" dialog: format, folder (typed or chosen with a directory chooser), Export; the work runs on
 * the background executor through {@link IacExportModel}, and the dialog then shows what was written and what has no
 * equivalent. Before it writes, files in the folder whose content would change are looked up off the FX thread and,
 * if there are any, a confirmation naming them asks before they are overwritten (files with the same content are
 * rewritten without a question). Ids: {@code #iac-format}, {@code #iac-directory}, {@code #iac-browse},
 * {@code #iac-export}, {@code #iac-message}, {@code #iac-error}, {@code #iac-close}.
 */
public final class IacExportDialog {
    private final IacExportModel model;
    private final Stage stage = new Stage();
    private Function<Window, File> chooser;
    /** Asks whether to overwrite these files (they exist with other content); true to go on. */
    private BiPredicate<Window, List<Path>> confirmOverwrite = IacExportDialog::askOverwrite;
    private final javafx.beans.property.BooleanProperty checking = new javafx.beans.property.SimpleBooleanProperty(false);
    /** Reads the folder to compare (a daemon thread: the FX thread never reads files). */
    private static final Executor CHECKS = r -> {
        Thread t = new Thread(r, "mlpc-iac-overwrite-check");
        t.setDaemon(true);
        t.start();
    };

    public IacExportDialog(IacExportModel model) {
        this.model = model;
        this.chooser = owner -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Folder for the " + model.formatProperty().get().id() + " files");
            return c.showDialog(owner);
        };
        stage.setTitle("Export " + model.stack().name() + " as IaC");
        stage.setScene(new Scene(content(), 640, 420));
        dev.mlpc.ui.Theme.style(stage.getScene()); // mlpc.css: its focus rules make Tab visible on every control
    }

    public IacExportModel model() { return model; }

    public Stage stage() { return stage; }

    /** Replaces the directory chooser (tests). */
    public void setChooser(Function<Window, File> chooser) { this.chooser = chooser; }

    /** Replaces the overwrite confirmation (tests): gets the files whose content would change, answers go on or not. */
    public void setConfirmOverwrite(BiPredicate<Window, List<Path>> confirm) { this.confirmOverwrite = confirm; }

    /**
     * Export: the folder's files that would change are read on a background thread; with any, the confirmation names
     * them and only a yes writes; without, or when the folder cannot be read (the export then says why), it writes.
     */
    void exportAsked() {
        String dir = model.directoryProperty().get() == null ? "" : model.directoryProperty().get().strip();
        Path target;
        try {
            target = dir.isEmpty() ? null : Path.of(dir);
        } catch (InvalidPathException e) {
            target = null;
        }
        if (target == null) {
            model.export(); // says what is wrong with the folder
            return;
        }
        IacFormat f = model.formatProperty().get() == null ? IacFormat.PULUMI_PYTHON : model.formatProperty().get();
        Path folder = target;
        checking.set(true);
        CompletableFuture.supplyAsync(() -> {
            try {
                return IacExporter.changedFiles(new IacExporter().export(model.stack(), f), folder);
            } catch (java.io.IOException | RuntimeException e) {
                return List.<Path>of(); // the export reports it
            }
        }, CHECKS).whenComplete((changed, error) -> javafx.application.Platform.runLater(() -> {
            checking.set(false);
            List<Path> files = changed == null ? List.of() : changed;
            if (files.isEmpty() || confirmOverwrite.test(stage, files)) model.export();
        }));
    }

    /** The default confirmation: the files that would change, by name, with Cancel as the default answer. */
    private static boolean askOverwrite(Window owner, List<Path> files) {
        StringBuilder b = new StringBuilder("These files in ").append(files.get(0).getParent())
                .append(" have other content and would be overwritten (an edit there is lost):");
        for (Path p : files) b.append("\n  • ").append(p.getFileName());
        javafx.scene.control.ButtonType overwrite = new javafx.scene.control.ButtonType("_Overwrite",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                b.toString(), overwrite, javafx.scene.control.ButtonType.CANCEL);
        if (owner != null) a.initOwner(owner);
        a.setTitle("Export as IaC");
        a.setHeaderText("Overwrite " + files.size() + (files.size() == 1 ? " changed file?" : " changed files?"));
        ((Button) a.getDialogPane().lookupButton(overwrite)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(javafx.scene.control.ButtonType.CANCEL)).setDefaultButton(true);
        Optional<javafx.scene.control.ButtonType> answer = a.showAndWait();
        return answer.isPresent() && answer.get() == overwrite;
    }

    public void show(Window owner) {
        if (owner != null && stage.getOwner() == null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
            if (stage.getScene().getRoot().getStylesheets().isEmpty() && owner.getScene() != null) {
                stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
            }
        }
        stage.show();
    }

    private VBox content() {
        ComboBox<IacFormat> format = new ComboBox<>();
        format.getItems().setAll(IacFormat.values());
        format.setId("iac-format");
        format.valueProperty().bindBidirectional(model.formatProperty());
        format.setTooltip(new Tooltip("pulumi-python: __main__.py, Pulumi.yaml, requirements.txt; terraform-json: main.tf.json"));
        Label formatLabel = new Label("_Format:");
        formatLabel.setMnemonicParsing(true);
        formatLabel.setLabelFor(format);

        TextField dir = new TextField();
        dir.setId("iac-directory");
        dir.textProperty().bindBidirectional(model.directoryProperty());
        dir.setPromptText("folder to write the files into");
        Button browse = new Button("_Browse…");
        browse.setId("iac-browse");
        browse.setMnemonicParsing(true);
        browse.setOnAction(e -> {
            File f = chooser.apply(stage);
            if (f != null) model.directoryProperty().set(f.getAbsolutePath());
        });
        Label dirLabel = new Label("F_older:");
        dirLabel.setMnemonicParsing(true);
        dirLabel.setLabelFor(dir);
        HBox.setHgrow(dir, Priority.ALWAYS);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, formatLabel, format);
        grid.addRow(1, dirLabel, new HBox(6, dir, browse));
        GridPane.setHgrow(grid.getChildren().get(3), Priority.ALWAYS);

        TextArea message = new TextArea();
        message.setId("iac-message");
        message.setEditable(false);
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        VBox.setVgrow(message, Priority.ALWAYS);
        Label error = new Label();
        error.setId("iac-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        Button export = new Button("_Export");
        export.setId("iac-export");
        export.setMnemonicParsing(true);
        export.setDefaultButton(true);
        export.disableProperty().bind(model.runningProperty().or(checking));
        export.setOnAction(e -> exportAsked());
        Button close = new Button("_Close");
        close.setId("iac-close");
        close.setMnemonicParsing(true);
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        HBox buttons = new HBox(8, export, close);

        VBox box = new VBox(10, new Label("Writes the stack as another tool's configuration; references stay references,"
                + " secrets become secret inputs."), grid, error, message, buttons);
        ((Label) box.getChildren().get(0)).setWrapText(true);
        // wrapped labels keep their whole height (never "…"); the message takes the room that is left
        ((Label) box.getChildren().get(0)).setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.setMinHeight(80);
        message.setPrefRowCount(12);
        box.setPadding(new Insets(12));
        return box;
    }

    /** The folder suggested before the user picks one: the working directory. */
    static Path defaultBase() {
        return Path.of(System.getProperty("user.home", ".")).toAbsolutePath();
    }
}
