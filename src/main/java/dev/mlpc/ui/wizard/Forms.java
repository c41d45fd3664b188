package dev.mlpc.ui.wizard;

import atlantafx.base.theme.Styles;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * Building blocks for wizard pages written in plain Java: mnemonic labels, text fields bound to a
 * {@link ValidatedText}, and the red inline message beneath a field that names what is wrong.
 */
public final class Forms {
    private Forms() { }

    /** A two-column form grid: labels on the left, fields (with their messages) growing on the right. */
    public static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        g.setPadding(new Insets(4, 0, 4, 0));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(170);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        g.getColumnConstraints().setAll(labels, fields);
        return g;
    }

    /** A label whose text may hold a mnemonic ({@code "_Database name"}): Alt+D focuses {@code target}. */
    public static Label label(String mnemonicText, Node target) {
        Label l = new Label(mnemonicText);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    /** A text field with an id, two-way bound to the answer. */
    public static TextField textField(String id, ValidatedText field, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(field.value());
        if (prompt != null) t.setPromptText(prompt);
        t.setMaxWidth(Double.MAX_VALUE);
        return t;
    }

    /**
     * An editable combo box with suggestions whose typed text is the answer (validated while typing, not only when
     * the value is committed).
     */
    public static ComboBox<String> editableCombo(String id, ValidatedText field, List<String> suggestions) {
        ComboBox<String> c = new ComboBox<>();
        c.setId(id);
        c.setEditable(true);
        c.getItems().setAll(suggestions);
        c.setValue(field.get());
        c.getEditor().textProperty().bindBidirectional(field.value());
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    /** A fixed-choice combo box two-way bound to the answer. */
    public static ComboBox<String> choiceCombo(String id, ValidatedText field, List<String> choices) {
        ComboBox<String> c = new ComboBox<>();
        c.setId(id);
        c.getItems().setAll(choices);
        c.valueProperty().bindBidirectional(field.value());
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    /**
     * The inline message beneath a field: red text with the reason, shown only while there is one. Its id is the
     * field's id plus {@code Error} ({@code #databaseNameError}).
     */
    public static Label errorLabel(String fieldId, ValidatedText field) {
        Label l = danger(new Label());
        l.setId(fieldId + "Error");
        l.textProperty().bind(field.error());
        l.visibleProperty().bind(field.error().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** Marks a label as an error message: the theme's danger colour, or plain red without a theme. */
    public static Label danger(Label l) {
        l.getStyleClass().add(Styles.DANGER);
        if (Application.getUserAgentStylesheet() == null) l.setStyle("-fx-text-fill: #c62828;");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** A muted hint line. */
    public static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        if (Application.getUserAgentStylesheet() == null) l.setStyle("-fx-text-fill: #616161;");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** Adds a row: mnemonic label, then the control with its inline message beneath. */
    public static void row(GridPane g, int row, String mnemonicText, Node control, String fieldId, ValidatedText field) {
        Label l = label(mnemonicText, control);
        VBox box = new VBox(2, control, errorLabel(fieldId, field));
        GridPane.setHgrow(box, Priority.ALWAYS);
        g.add(l, 0, row);
        g.add(box, 1, row);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        GridPane.setMargin(l, new Insets(4, 0, 0, 0));
    }

    /** A column of red messages kept in step with a list (problems not tied to one field). */
    public static VBox messageList(String id, ObservableList<String> messages) {
        VBox box = new VBox(2);
        box.setId(id);
        Runnable refresh = () -> box.getChildren().setAll(messages.stream().map(m -> (Node) danger(new Label(m))).toList());
        messages.addListener((ListChangeListener<String>) c -> refresh.run());
        // a view list (unmodifiable, filtered) hears its source only weakly: the box keeps it alive, or it goes stale
        box.getProperties().put(ObservableList.class, messages);
        refresh.run();
        return box;
    }
}
