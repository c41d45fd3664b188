package dev.mlpc.ui.stacks;

import atlantafx.base.theme.Styles;
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
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The "Export as IaC…" dialog: format, folder (typed or chosen with a directory chooser), Export; the work runs on
 * the background executor through {@link IacExportModel}, and the dialog then shows what was written and what has no
 * equivalent. Ids: {@code #iac-format}, {@code #iac-directory}, {@code #iac-browse}, {@code #iac-export},
 * {@code #iac-message}, {@code #iac-error}, {@code #iac-close}.
 */
public final class IacExportDialog {
    private final IacExportModel model;
    private final Stage stage = new Stage();
    private Function<Window, File> chooser;

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
        export.disableProperty().bind(model.runningProperty());
        export.setOnAction(e -> model.export());
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
