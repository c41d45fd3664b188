package dev.mlpc.ui.shell;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Drift;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.ui.Icons;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "Details" tab: what the provider reports about the selected live node (its details map, no secrets), its
 * path, and the stack resource it would be managed as; for a connection row, the profile's settings.
 */
public final class DetailsPane extends ScrollPane {
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final HBox header = new HBox(10);
    private final GridPane grid = new GridPane();
    private final Label note = new Label();
    private final Label moreNote = new Label();

    public DetailsPane() {
        setId("details-pane");
        getStyleClass().addAll("details-pane", Styles.FLAT);
        setFitToWidth(true);
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("details-title");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        subtitle.setId("details-subtitle");
        header.setAlignment(Pos.CENTER_LEFT);
        grid.setId("details-grid");
        grid.setHgap(16);
        grid.setVgap(6);
        ColumnConstraints k = new ColumnConstraints();
        k.setMinWidth(140);
        ColumnConstraints v = new ColumnConstraints();
        v.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(k, v);
        note.setWrapText(true);
        note.getStyleClass().add(Styles.TEXT_MUTED);
        moreNote.setId("details-more-note");
        moreNote.setWrapText(true);
        moreNote.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(12, header, grid, moreNote, note);
        box.setPadding(new Insets(16));
        setContent(box);
        show(null);
    }

    /** Shows {@code e}, or a hint when nothing is selected. */
    public void show(TreeEntry e) {
        show(e, null);
    }

    /** Shows {@code e} with its drift mark (null: none known), or a hint when nothing is selected. */
    public void show(TreeEntry e, Drift.Mark mark) {
        shown = e;
        moreNote.setText("");
        grid.getChildren().clear();
        header.getChildren().clear();
        note.setText("");
        if (e == null) {
            title.setText("Nothing selected");
            subtitle.setText("Select a connection or a node in the tree to see its properties.");
            header.getChildren().add(new VBox(2, title, subtitle));
            return;
        }
        FontIcon icon;
        switch (e.kind()) {
            case CONNECTION -> {
                ConnectionProfile p = e.profile();
                icon = new FontIcon(Feather.SERVER);
                title.setText(p.name());
                subtitle.setText(p.type() + " connection");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", p.type());
                m.putAll(p.settings());
                fill(m);
                note.setText("Secrets are shown as references; their values never leave the keychain or the environment.");
            }
            case NODE -> {
                LiveNode n = e.node();
                icon = Icons.of(Icons.forKind(n.kind()));
                title.setText(n.label());
                subtitle.setText(n.kind() + " · " + e.profile().name());
                Map<String, Object> m = new LinkedHashMap<>();
                if (n.key() != null) m.put("stack resource", n.key().type() + " " + n.key().name());
                if (mark != null) m.put("drift", mark.describe());
                if (mark != null && !mark.properties().isEmpty()) m.put("differing properties", mark.properties());
                m.put("path", n.path());
                m.putAll(n.details());
                fill(m);
                if (n.key() == null) note.setText("Not a resource a stack manages directly.");
            }
            case MISSING -> {
                icon = new FontIcon(Feather.X_CIRCLE);
                if (e.missing() == null) {
                    title.setText("Missing");
                    subtitle.setText("stack resources not in " + e.profile().name() + " whose place in the tree is not"
                            + " loaded or does not exist");
                } else {
                    var r = e.missing().resource();
                    boolean absent = e.missing().mark().state() == dev.mlpc.app.Drift.State.MISSING;
                    title.setText(r.name());
                    subtitle.setText((absent ? "missing " : "stack ") + r.kind() + " · " + e.profile().name());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("stack resource", r.type() + " " + r.name());
                    m.put("drift", e.missing().mark().describe());
                    m.putAll(r.properties());
                    fill(m);
                    note.setText(absent ? "Applying stack " + e.missing().stack() + " creates it."
                            : "The live system holds it without an entry of its own in this tree (e.g. a grant of no"
                            + " privilege); applying stack " + e.missing().stack() + " makes it as the stack says.");
                }
            }
            case ERROR -> {
                icon = new FontIcon(Feather.ALERT_CIRCLE);
                icon.getStyleClass().add("details-icon-error");
                title.setText("Could not load");
                subtitle.setText("Click Retry in the tree, or select the row and press F5 (Refresh).");
                Label msg = new Label(e.label());
                msg.setWrapText(true);
                msg.getStyleClass().add(Styles.DANGER);
                grid.add(msg, 0, 0, 2, 1);
            }
            default -> {
                icon = new FontIcon(Feather.INFO);
                title.setText(e.label());
                subtitle.setText("");
            }
        }
        icon.getStyleClass().add("details-icon");
        header.getChildren().addAll(icon, new VBox(2, title, subtitle));
    }

    private TreeEntry shown;

    /** Says that further details of the shown node are being read. */
    public void loadingMore() {
        moreNote.setText("Reading more details…");
    }

    /** Adds what the provider read for {@code e} on selection, when {@code e} is still the one shown. */
    public void showMore(TreeEntry e, Map<String, Object> more) {
        if (e != shown) return;
        moreNote.setText("");
        grid.getChildren().removeIf(n -> n.getStyleClass().contains("details-more"));
        int row = grid.getRowCount();
        for (Map.Entry<String, Object> en : more.entrySet()) {
            Label k = new Label(en.getKey());
            k.getStyleClass().addAll(Styles.TEXT_MUTED, "details-key", "details-more");
            k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label v = new Label(en.getValue() instanceof Collection<?> c && !c.isEmpty()
                    ? String.join("\n", c.stream().map(String::valueOf).toList()) : format(en.getValue()));
            v.getStyleClass().addAll("details-value", "details-more");
            v.setWrapText(true);
            grid.addRow(row++, k, v);
        }
    }

    /** Says why the further details of {@code e} could not be read. */
    public void moreFailed(TreeEntry e, String why) {
        if (e == shown) moreNote.setText("More details could not be read: " + why);
    }

    private void fill(Map<String, Object> m) {
        int row = 0;
        for (Map.Entry<String, Object> en : m.entrySet()) {
            Label k = new Label(en.getKey());
            k.getStyleClass().addAll(Styles.TEXT_MUTED, "details-key");
            k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a key is never cut to an ellipsis; the value wraps
            Label v = new Label(format(en.getValue()));
            v.getStyleClass().add("details-value");
            v.setWrapText(true);
            grid.addRow(row++, k, v);
        }
    }

    private static String format(Object v) {
        if (v == null) return "—";
        if (v instanceof Collection<?> c) return c.isEmpty() ? "(none)" : String.join(", ", c.stream().map(String::valueOf).toList());
        String s = String.valueOf(v);
        return s.isEmpty() ? "(empty)" : s;
    }
}
