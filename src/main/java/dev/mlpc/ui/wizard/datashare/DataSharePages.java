package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.datashare.DataShareModel.Storage;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/**
 * Layout pieces of the Data Share wizards' list pages (datasets, consumers, mappings): a bordered row holding a
 * four-column grid (caption, field, caption, field), each field with its inline message beneath and an accessible name
 * that says which row it belongs to, and the storage fields whose captions follow the kind. FX thread only.
 */
final class DataSharePages {
    private DataSharePages() { }

    /** A row's grid: caption and field twice per line, the fields growing. */
    static GridPane rowGrid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        ColumnConstraints caption = new ColumnConstraints();
        caption.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints field = new ColumnConstraints();
        field.setHgrow(Priority.ALWAYS);
        field.setFillWidth(true);
        field.setMinWidth(120);
        field.setPrefWidth(200);   // both field columns share the width equally, whatever their controls prefer
        ColumnConstraints caption2 = new ColumnConstraints();
        caption2.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints field2 = new ColumnConstraints();
        field2.setHgrow(Priority.ALWAYS);
        field2.setFillWidth(true);
        field2.setMinWidth(120);
        field2.setPrefWidth(200);
        g.getColumnConstraints().setAll(caption, field, caption2, field2);
        return g;
    }

    /** A bordered box around a row's grid. */
    static VBox rowBox(String id, Node... content) {
        VBox b = new VBox(6, content);
        b.setId(id);
        b.setPadding(new Insets(8));
        b.getStyleClass().add("wizard-box");
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }

    /** A caption for a field in a row (no mnemonic: rows repeat), kept whole. */
    static Label caption(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(false);
        l.setLabelFor(target);
        l.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(l, VPos.TOP);
        GridPane.setMargin(l, new Insets(5, 0, 0, 0));
        return l;
    }

    /** A caption whose text follows a binding (a kind's container or path). */
    static Label caption(ObservableStringValue text, Node target) {
        Label l = caption(text.get(), target);
        l.textProperty().bind(text);
        return l;
    }

    /** The field with its inline message beneath, named for screen readers and with a tooltip. */
    static VBox cell(Control control, String id, ValidatedText field, String accessibleName, String tip) {
        control.setId(id);
        control.setAccessibleText(accessibleName);
        control.setMaxWidth(Double.MAX_VALUE);
        if (tip != null) control.setTooltip(tooltip(tip));
        VBox v = new VBox(2, control, Forms.errorLabel(id, field));
        v.setMaxWidth(Double.MAX_VALUE);
        GridPane.setHgrow(v, Priority.ALWAYS);
        return v;
    }

    /** A text cell. */
    static VBox text(String id, ValidatedText field, String prompt, String accessibleName, String tip) {
        TextField t = Forms.textField(id, field, prompt);
        return cell(t, id, field, accessibleName, tip);
    }

    /** A fixed-choice cell. */
    static VBox choice(String id, ValidatedText field, List<String> choices, String accessibleName, String tip) {
        ComboBox<String> c = Forms.choiceCombo(id, field, choices);
        return cell(c, id, field, accessibleName, tip);
    }

    /** Adds caption + cell at (row, column pair). */
    static void put(GridPane g, int row, int pair, Label caption, VBox cell) {
        g.add(caption, pair * 2, row);
        g.add(cell, pair * 2 + 1, row);
    }

    /** Shows or hides nodes and their space together. */
    static void showAll(ObservableBooleanValue condition, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(condition);
            n.managedProperty().bind(condition);
        }
    }

    /** A tooltip that stays long enough to be read. */
    static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        t.setShowDuration(Duration.seconds(30));
        return t;
    }

    /** A remove button for a row, named after the row. */
    static Button remove(String id, String who, Runnable action) {
        Button b = new Button("Remove", new FontIcon(Feather.TRASH_2));
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setAccessibleText("Remove " + who);
        b.setTooltip(tooltip("Remove " + who + " from the stack"));
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        GridPane.setValignment(b, VPos.TOP);
        return b;
    }

    /**
     * The storage fields of a row from {@code row} on: subscription and resource group, storage account and container
     * (or file system), and the path the kind takes (hidden for a whole container or file system). Ids
     * {@code <id>-subscription|resourceGroup|storageAccount|container|path}.
     *
     * @return the next free row
     */
    static int storage(GridPane g, int row, String id, Storage s, String who, String side) {
        VBox sub = text(id + "-subscription", s.subscriptionId(), "00000000-0000-0000-0000-000000000000",
                who + " subscription", "The Azure subscription (a GUID) of the " + side + " storage account; the"
                        + " connection's subscription by default.");
        put(g, row++, 0, caption("Subscription", sub.getChildren().get(0)), sub);
        GridPane.setColumnSpan(sub, 3);
        VBox rg = text(id + "-resourceGroup", s.resourceGroup(), "storage-rg", who + " resource group",
                "The resource group of the " + side + " storage account.");
        put(g, row, 0, caption("Resource group", rg.getChildren().get(0)), rg);
        VBox sa = text(id + "-storageAccount", s.storageAccount(), "flstorage01", who + " storage account",
                "The " + side + " storage account: 3 to 24 lower-case letters and digits.");
        put(g, row++, 1, caption("Storage account", sa.getChildren().get(0)), sa);
        VBox c = text(id + "-container", s.container(), "training", who + " container or file system",
                "The blob container (Blob, BlobFolder, Container) or the ADLS Gen2 file system (AdlsGen2…).");
        put(g, row, 0, caption(s.containerCaption(), c.getChildren().get(0)), c);
        VBox p = text(id + "-path", s.path(), "images/2026/", who + " path",
                "A file (Blob, AdlsGen2File), a folder prefix (BlobFolder) or a folder path (AdlsGen2Folder) inside"
                        + " the container or file system.");
        Label pc = caption(s.pathCaption(), p.getChildren().get(0));
        put(g, row++, 1, pc, p);
        showAll(s.hasPath(), pc, p, p.getChildren().get(0));
        return row;
    }
}
