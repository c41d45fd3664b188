package dev.mlpc.ui.shell;

import dev.mlpc.ui.wizard.WizardFrame;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Help's "Keyboard shortcuts" and "User guide". The shortcut list is read from the live menus (every mnemonic and
 * accelerator, so the wizards' accelerators their providers describe too) and from the wizard frame's buttons
 * ({@link WizardFrame#shortcuts()}); nothing is written down twice. The user guide is the README shipped in the jar.
 */
public final class KeyboardShortcuts {
    /** Where the README is in the jar (copied there by the build). */
    public static final String USER_GUIDE = "/docs/README.md";

    /** One shortcut: the keys as the platform shows them, what they do, and where they work. */
    public record Shortcut(String keys, String action, String where) { }

    private KeyboardShortcuts() { }

    /**
     * Every mnemonic and accelerator of {@code menus} (menu bar order), then the keys of the views and windows that
     * are not in the menu bar, each from the constants the view binds them with: the Stacks view
     * ({@link dev.mlpc.ui.stacks.StacksView#shortcuts()}), the Governance tab
     * ({@link dev.mlpc.ui.lineage.GovernancePanel#shortcuts()}), the model registry browser
     * ({@link dev.mlpc.ui.registry.RegistryBrowser#shortcuts()}) and the wizards ({@link WizardFrame#shortcuts()}).
     */
    public static List<Shortcut> of(List<Menu> menus) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu m : menus) walk(m, "", out);
        add(out, dev.mlpc.ui.stacks.StacksView.shortcuts(), "Stacks view");
        add(out, dev.mlpc.ui.lineage.GovernancePanel.shortcuts(), "Governance tab");
        add(out, dev.mlpc.ui.registry.RegistryBrowser.shortcuts(), "Model registry");
        add(out, WizardFrame.shortcuts(), "Wizards");
        return out;
    }

    private static void add(List<Shortcut> out, List<String[]> keys, String where) {
        for (String[] s : keys) out.add(new Shortcut(s[0], s[1], where));
    }

    private static void walk(MenuItem item, String path, List<Shortcut> out) {
        if (item instanceof SeparatorMenuItem || item.getText() == null) return;
        String name = plain(item.getText());
        String here = path.isEmpty() ? name : path + " › " + name;
        Character mnemonic = item.isMnemonicParsing() ? mnemonic(item.getText()) : null;
        if (mnemonic != null) {
            out.add(new Shortcut(path.isEmpty() ? "Alt+" + mnemonic : String.valueOf(mnemonic),
                    (path.isEmpty() ? "Open the menu " : "In " + path + ": ") + name, "Main window"));
        }
        if (item.getAccelerator() != null) {
            out.add(new Shortcut(item.getAccelerator().getDisplayText(), here, "Main window"));
        }
        if (item instanceof Menu m) for (MenuItem i : m.getItems()) walk(i, here, out);
    }

    /** The text without its mnemonic marker. */
    static String plain(String text) {
        int u = text.indexOf('_');
        return u < 0 || u == text.length() - 1 ? text : text.substring(0, u) + text.substring(u + 1);
    }

    private static Character mnemonic(String text) {
        int u = text.indexOf('_');
        return u < 0 || u == text.length() - 1 ? null : Character.toUpperCase(text.charAt(u + 1));
    }

    /** Shows the list in a window {@code #shortcuts-table} owned by {@code owner}. */
    public static Stage show(Window owner, List<Menu> menus) {
        TableView<Shortcut> table = dev.mlpc.ui.CellTips.install(new TableView<>());
        table.setId("shortcuts-table");
        table.getColumns().add(column("Keys", Shortcut::keys, 170));
        table.getColumns().add(column("Action", Shortcut::action, 420));
        table.getColumns().add(column("Where", Shortcut::where, 120));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.mlpc.ui.CellTips.fitColumns(table); // every column as wide as its widest text: nothing cut (review 3)
        table.getItems().setAll(of(menus));
        Label note = new Label("Ctrl is Cmd on macOS. The list is read from the menus, so it is always the one in use.");
        note.setWrapText(true);
        VBox box = new VBox(8, table, note);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        return window(owner, "Keyboard shortcuts", box, Math.min(1000, screen.getWidth() - 40),
                Math.min(620, screen.getHeight() - 40));
    }

    /** The README shipped in the jar, or a sentence saying it is missing from this build. */
    public static String userGuide() {
        try (InputStream in = KeyboardShortcuts.class.getResourceAsStream(USER_GUIDE)) {
            if (in == null) return "The user guide (README.md) is not part of this build: see the project's README.md.";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "The user guide cannot be read: " + e.getMessage();
        }
    }

    /** Shows the user guide in a read-only, wrapped text window {@code #user-guide-text}. */
    public static Stage showUserGuide(Window owner) {
        TextArea text = new TextArea(userGuide());
        text.setId("user-guide-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setStyle("-fx-font-family: 'monospace';");
        BorderPane bp = new BorderPane(text);
        bp.setPadding(new Insets(12));
        return window(owner, "User guide", bp, 900, 700);
    }

    private static Stage window(Window owner, String title, javafx.scene.Parent content, double w, double h) {
        Stage s = new Stage();
        if (owner != null) s.initOwner(owner);
        s.initModality(Modality.NONE);
        s.setTitle(title);
        Scene scene = new Scene(content, w, h);
        dev.mlpc.ui.Theme.style(scene);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) s.close();
        });
        s.setScene(scene);
        s.show();
        return s;
    }

    private static TableColumn<Shortcut, String> column(String title, Function<Shortcut, String> value, double width) {
        TableColumn<Shortcut, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setCellFactory(col -> new TableCell<>() {       // a cell narrower than its text still shows it whole on hover
            @Override protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item));
            }
        });
        return c;
    }
}
