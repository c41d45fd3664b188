package dev.mlpc.ui.registry;

import atlantafx.base.theme.Styles;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.wizard.Forms;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The confirmation dialogs of the registry browser. Each one says exactly what will change, validates what is typed
 * inline (the confirm button stays disabled until it is acceptable), confirms with Enter (except the delete dialogs,
 * where Enter alone never deletes) and cancels with Escape. They only ask: the caller runs the action.
 *
 * <p>Ids for tests and tooling: {@code #alias-name}, {@code #alias-name-error}, {@code #alias-version},
 * {@code #alias-effect}, {@code #alias-ok}; {@code #remove-alias-choice}, {@code #remove-alias-ok};
 * {@code #stage-choice}, {@code #stage-archive-others}, {@code #stage-ok}; {@code #archive-ok};
 * {@code #delete-version-ok}; {@code #delete-model-confirm}, {@code #delete-model-ok}.</p>
 */
public final class RegistryDialogs {
    /** What the alias dialog returns. */
    public record AliasChoice(String alias, int version) { }

    /** What the stage dialog returns. */
    public record StageChoice(String stage, boolean archiveOthers) { }

    private RegistryDialogs() { }

    /**
     * Set or move an alias of {@code model} to one of {@code versions}, {@code preselected} chosen.
     */
    public static Optional<AliasChoice> alias(Window owner, RegisteredModel model, List<ModelVersion> versions,
                                              int preselected) {
        Dialog<AliasChoice> d = dialog(owner, "Set or move an alias", "Model " + model.name());
        TextField name = new TextField();
        name.setId("alias-name");
        name.setPromptText("champion");
        Label error = Forms.danger(new Label());
        error.setId("alias-name-error");
        StringBinding problem = Bindings.createStringBinding(() -> name.getText().isEmpty() ? ""
                : nullToEmpty(RegistryBrowserModel.aliasProblem(name.getText())), name.textProperty());
        error.textProperty().bind(problem);
        error.visibleProperty().bind(problem.isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        ComboBox<Integer> version = new ComboBox<>();
        version.setId("alias-version");
        versions.stream().map(ModelVersion::version).forEach(version.getItems()::add);
        if (!version.getItems().contains(preselected)) version.getItems().add(0, preselected);
        version.setValue(preselected);
        version.setConverter(versionConverter());
        Label effect = Forms.hint("");
        effect.setId("alias-effect");
        effect.textProperty().bind(Bindings.createStringBinding(() -> {
            String a = name.getText().strip();
            Integer v = version.getValue();
            if (a.isEmpty() || v == null || RegistryBrowserModel.aliasProblem(a) != null) {
                return "An alias names one version of the model; setting an existing alias moves it.";
            }
            Integer now = model.aliases().get(a);
            if (now == null) return "New alias " + a + " → version " + v + ".";
            if (now.equals(v)) return a + " already points at version " + v + ": nothing changes.";
            return a + " moves from version " + now + " to version " + v + ".";
        }, name.textProperty(), version.valueProperty()));
        GridPane g = Forms.grid();
        g.add(Forms.label("_Alias", name), 0, 0);
        g.add(new VBox(2, name, error), 1, 0);
        g.add(Forms.label("_Version", version), 0, 1);
        g.add(version, 1, 1);
        g.add(effect, 0, 2, 2, 1);
        if (!model.aliases().isEmpty()) g.add(Forms.hint("Aliases now: " + aliases(model.aliases())), 0, 3, 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType ok = new ButtonType("Set alias", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        Button okButton = button(d, ok, "alias-ok");
        okButton.disableProperty().bind(Bindings.createBooleanBinding(() -> name.getText().isBlank()
                || RegistryBrowserModel.aliasProblem(name.getText()) != null || version.getValue() == null,
                name.textProperty(), version.valueProperty()));
        d.setResultConverter(b -> b == ok ? new AliasChoice(name.getText().strip(), version.getValue()) : null);
        Platform.runLater(name::requestFocus);
        return d.showAndWait();
    }

    /** Remove one of the model's aliases, {@code preselected} (may be null) chosen. */
    public static Optional<String> removeAlias(Window owner, RegisteredModel model, String preselected) {
        Dialog<String> d = dialog(owner, "Remove an alias", "Model " + model.name());
        ComboBox<String> choice = new ComboBox<>();
        choice.setId("remove-alias-choice");
        Map<String, Integer> sorted = new TreeMap<>(model.aliases());
        choice.getItems().setAll(sorted.keySet());
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String a) {
                return a == null ? "" : a + " → version " + sorted.get(a);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        choice.setValue(preselected != null && sorted.containsKey(preselected) ? preselected
                : sorted.isEmpty() ? null : sorted.keySet().iterator().next());
        GridPane g = Forms.grid();
        g.add(Forms.label("_Alias", choice), 0, 0);
        g.add(choice, 1, 0);
        g.add(Forms.hint("The version stays; only the name pointing at it is removed."), 0, 1, 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType ok = new ButtonType("Remove alias", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        button(d, ok, "remove-alias-ok").disableProperty().bind(choice.valueProperty().isNull());
        d.setResultConverter(b -> b == ok ? choice.getValue() : null);
        Platform.runLater(choice::requestFocus);
        return d.showAndWait();
    }

    /** Move {@code version} to another stage. */
    public static Optional<StageChoice> stage(Window owner, ModelVersion version) {
        Dialog<StageChoice> d = dialog(owner, "Change stage", "Version " + version.version() + " of " + version.model()
                + " (now " + version.stage() + ")");
        ComboBox<String> stage = new ComboBox<>();
        stage.setId("stage-choice");
        stage.getItems().setAll(RegistryRules.STAGES);
        stage.setValue(version.stage());
        CheckBox others = new CheckBox();
        others.setId("stage-archive-others");
        others.textProperty().bind(Bindings.createStringBinding(() -> "Archive the other versions in "
                + (stage.getValue() == null ? "that stage" : stage.getValue()), stage.valueProperty()));
        BooleanBinding archivable = Bindings.createBooleanBinding(
                () -> "Staging".equals(stage.getValue()) || "Production".equals(stage.getValue()), stage.valueProperty());
        others.disableProperty().bind(archivable.not());
        archivable.addListener((o, a, b) -> {
            if (!b) others.setSelected(false);
        });
        GridPane g = Forms.grid();
        g.add(Forms.label("_Stage", stage), 0, 0);
        g.add(stage, 1, 0);
        g.add(others, 1, 1);
        g.add(Forms.hint("Archiving the others applies to Staging and Production: the versions now in that stage move"
                + " to Archived in the same transaction."), 0, 2, 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType ok = new ButtonType("Change stage", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        button(d, ok, "stage-ok").disableProperty().bind(Bindings.createBooleanBinding(() -> stage.getValue() == null
                || (stage.getValue().equals(version.stage()) && !others.isSelected()), stage.valueProperty(),
                others.selectedProperty()));
        d.setResultConverter(b -> b == ok ? new StageChoice(stage.getValue(), others.isSelected()) : null);
        Platform.runLater(stage::requestFocus);
        return d.showAndWait();
    }

    /** Archive or unarchive a model. */
    public static boolean archive(Window owner, RegisteredModel model, boolean archive) {
        Dialog<Boolean> d = dialog(owner, archive ? "Archive model" : "Unarchive model", "Model " + model.name());
        Label text = new Label(archive
                ? "Archive " + model.name() + "? Its " + model.versionCount() + " version" + (model.versionCount() == 1 ? "" : "s")
                  + " stay, but no new version can be registered and the model is hidden from listings until it is unarchived."
                : "Unarchive " + model.name() + "? New versions can be registered again.");
        text.setWrapText(true);
        text.setMaxWidth(460);
        d.getDialogPane().setContent(text);
        ButtonType ok = new ButtonType(archive ? "Archive" : "Unarchive", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        button(d, ok, "archive-ok");
        d.setResultConverter(b -> b == ok);
        return d.showAndWait().orElse(false);
    }

    /** Delete a version: an explicit button; Enter alone cancels. */
    public static boolean deleteVersion(Window owner, ModelVersion version) {
        Dialog<Boolean> d = dialog(owner, "Delete version", "Delete version " + version.version() + " of " + version.model() + "?");
        Label text = new Label("The version, its tags, lineage and metrics are deleted; the event log keeps the record."
                + " Its number is never given to another version."
                + (version.aliases().isEmpty() ? "" : "\nIt carries alias " + String.join(", ", version.aliases())
                + ": the registry refuses to delete it until the alias is moved or removed."));
        text.setWrapText(true);
        text.setMaxWidth(460);
        d.getDialogPane().setContent(text);
        ButtonType ok = new ButtonType("Delete version " + version.version(), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        Button okButton = button(d, ok, "delete-version-ok");
        okButton.getStyleClass().add(Styles.DANGER);
        okButton.setDefaultButton(false);
        ((Button) d.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        d.setResultConverter(b -> b == ok);
        return d.showAndWait().orElse(false);
    }

    /** Delete a model: the user types its name. */
    public static boolean deleteModel(Window owner, RegisteredModel model) {
        Dialog<Boolean> d = dialog(owner, "Delete model", "Delete " + model.name() + " with all its versions?");
        TextField confirm = new TextField();
        confirm.setId("delete-model-confirm");
        confirm.setPromptText(model.name());
        Label text = new Label("This deletes the model and its " + model.versionCount() + " version"
                + (model.versionCount() == 1 ? "" : "s") + ", with their aliases, tags, lineage and metrics. The event log"
                + " keeps the record. It cannot be undone.");
        text.setWrapText(true);
        text.setMaxWidth(460);
        VBox box = new VBox(8, text, Forms.label("_Type the model name to confirm:", confirm), confirm);
        d.getDialogPane().setContent(box);
        ButtonType ok = new ButtonType("Delete model", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        Button okButton = button(d, ok, "delete-model-ok");
        okButton.getStyleClass().add(Styles.DANGER);
        okButton.disableProperty().bind(confirm.textProperty().isNotEqualTo(model.name()));
        d.setResultConverter(b -> b == ok);
        Platform.runLater(confirm::requestFocus);
        return d.showAndWait().orElse(false);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static <R> Dialog<R> dialog(Window owner, String title, String header) {
        Dialog<R> d = new Dialog<>();
        if (owner != null) d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(header);
        d.setResizable(true);
        d.getDialogPane().getStyleClass().add("registry-dialog");
        String css = RegistryDialogs.class.getResource(Theme.CSS) == null ? null
                : RegistryDialogs.class.getResource(Theme.CSS).toExternalForm();
        if (css != null) d.getDialogPane().getStylesheets().add(css);
        return d;
    }

    private static Button button(Dialog<?> d, ButtonType type, String id) {
        Node n = d.getDialogPane().lookupButton(type);
        n.setId(id);
        return (Button) n;
    }

    static String aliases(Map<String, Integer> aliases) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(aliases).forEach((a, v) -> {
            if (b.length() > 0) b.append(", ");
            b.append(a).append(" → ").append(v);
        });
        return b.toString();
    }

    private static StringConverter<Integer> versionConverter() {
        return new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : "version " + v;
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
