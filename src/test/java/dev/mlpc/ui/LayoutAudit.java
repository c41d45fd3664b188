package dev.mlpc.ui;

import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Cell;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layout and keyboard checks of a window (issue 14, part 8), shared by the console's tests. All methods run on the FX
 * thread.
 *
 * <ul>
 *   <li>{@link #clipped}: every visible {@link Labeled} whose displayed text (its {@code .text} node) ends with the
 *       ellipsis while its own text does not. A cut table or tree cell is accepted when its tooltip holds the full
 *       text (the tables' "size to content or tooltip" rule).</li>
 *   <li>{@link #tabWalk}: presses Tab (Ctrl+Tab where a text area keeps Tab) from the first focusable control and
 *       records, for each control that takes the focus, whether its rendering focused differs from its rendering
 *       unfocused (a snapshot of the control in both states, pixel by pixel): the visible focus indication.</li>
 * </ul>
 */
public final class LayoutAudit {
    private LayoutAudit() { }

    // ---- clipped text ----------------------------------------------------------------------------------------------

    /**
     * "#id or class .style-class" for each node that carries a style class of a control the console's trimmed theme
     * has no rules for ({@link ThemeTrim#UNUSED}): such a node would show unstyled.
     */
    public static List<String> withUnusedThemeClasses(Parent root) {
        List<String> out = new ArrayList<>();
        unusedThemeClasses(root, out);
        return out;
    }

    private static void unusedThemeClasses(Node n, List<String> out) {
        for (String c : n.getStyleClass()) {
            if (ThemeTrim.UNUSED.contains(c) || c.startsWith(ThemeTrim.UNUSED_PREFIX)) out.add(name(n) + " ." + c);
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) unusedThemeClasses(c, out);
    }

    /** "#id or class 'text' shown as 'shown'" for each visible label, button, check box or cell cut to an ellipsis. */
    public static List<String> clipped(Parent root) {
        root.applyCss();
        root.layout();
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            String shown = shownText(l);
            String ellipsis = l.getEllipsisString();
            if (shown != null && !ellipsis.isEmpty() && shown.endsWith(ellipsis) && !l.getText().endsWith(ellipsis)
                    && !(l instanceof Cell<?> && tooltipHolds(l.getTooltip(), l.getText()))) {
                out.add(name(l) + " '" + l.getText() + "' shown as '" + shown + "'");
            }
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }

    /** The text a labeled control displays (its skin's text node), or null when it shows none. */
    public static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getStyleClass().contains("text")) return t.getText();
        }
        return null;
    }

    private static boolean tooltipHolds(Tooltip t, String text) {
        return t != null && t.getText() != null && t.getText().contains(text.strip());
    }

    private static String name(Node n) {
        return n.getId() != null ? "#" + n.getId() : n.getClass().getSimpleName();
    }

    // ---- focus -----------------------------------------------------------------------------------------------------

    /** One control the Tab walk reached: its name and whether focused and unfocused renderings differ. */
    public record Stop(Node node, String name, boolean showsFocus) { }

    /** The result of a Tab walk: the stops in order and the focusable controls it never reached. */
    public record Walk(List<Stop> stops, List<String> unreached) {
        /** The stops whose rendering does not change with the focus. */
        public List<String> invisibleFocus() {
            return stops.stream().filter(s -> !s.showsFocus()).map(Stop::name).toList();
        }

        /** The names of the stops, in order. */
        public List<String> names() {
            return stops.stream().map(Stop::name).toList();
        }
    }

    /**
     * The controls of {@code root} a keyboard user should be able to reach: focus-traversable, shown (the node and
     * all its parents visible), enabled and of a size.
     */
    public static List<Node> focusables(Parent root) {
        root.applyCss();
        root.layout();
        List<Node> out = new ArrayList<>();
        focusables(root, out);
        return out;
    }

    private static void focusables(Node n, List<Node> out) {
        if (!n.isVisible()) return;
        if (n.isFocusTraversable() && !n.isDisabled() && n.getLayoutBounds().getWidth() > 0
                && n.getLayoutBounds().getHeight() > 0) {
            out.add(n);
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) focusables(c, out);
    }

    /**
     * Walks {@code scene} with Tab from its first focusable control until the focus comes back to a control already
     * visited (or {@code limit} steps). Focus-traversal keys are delivered to the focus owner as key events, as the
     * keyboard does.
     */
    public static Walk tabWalk(Scene scene, int limit) {
        Parent root = scene.getRoot();
        List<Node> all = focusables(root);
        if (all.isEmpty()) return new Walk(List.of(), List.of());
        Node start = all.get(0);
        start.requestFocus();
        root.applyCss();
        root.layout();
        Map<Node, Stop> visited = new LinkedHashMap<>();
        Node current = focusOwner(scene);
        for (int i = 0; i < limit && current != null && !visited.containsKey(current); i++) {
            WritableImage focused = snapshot(current);
            Node before = current;
            press(scene, KeyCode.TAB, false);
            Node next = focusOwner(scene);
            if (next == before && before instanceof TextArea) {
                press(scene, KeyCode.TAB, true); // a text area keeps Tab; Ctrl+Tab leaves it
                next = focusOwner(scene);
            }
            boolean differs = next != before && !same(focused, snapshot(before));
            visited.put(before, new Stop(before, describe(before), differs));
            current = next;
        }
        Set<Node> reached = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        reached.addAll(visited.keySet());
        List<String> unreached = new ArrayList<>();
        for (Node n : all) {
            if (!reached.contains(n) && !insideAny(n, reached)) unreached.add(describe(n));
        }
        return new Walk(new ArrayList<>(visited.values()), unreached);
    }

    /** The scene's focus owner. */
    private static Node focusOwner(Scene scene) {
        return scene.getFocusOwner();
    }

    /** A node the walk did not stop on but whose control did (e.g. a combo box's editor), counts as reached. */
    private static boolean insideAny(Node n, Set<Node> reached) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) if (reached.contains(p)) return true;
        return false;
    }

    private static void press(Scene scene, KeyCode code, boolean control) {
        Node target = scene.getFocusOwner();
        Object t = target != null ? target : scene;
        KeyEvent down = new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, control, false, false);
        KeyEvent up = new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, control, false, false);
        Event.fireEvent((javafx.event.EventTarget) t, down);
        Event.fireEvent((javafx.event.EventTarget) t, up);
        scene.getRoot().applyCss();
        scene.getRoot().layout();
    }

    /** A name for reports: id, class, and the text of a labeled control or a prompt. */
    public static String describe(Node n) {
        StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
        if (n.getId() != null) b.append('#').append(n.getId());
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) b.append(" '").append(l.getText()).append('\'');
        else if (n instanceof javafx.scene.control.TextInputControl t && t.getPromptText() != null) {
            b.append(" prompt '").append(t.getPromptText()).append('\'');
        }
        return b.toString();
    }

    /** The node as rendered now, with what it draws outside its layout bounds (focus rings), on a transparent fill. */
    public static WritableImage snapshot(Node n) {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return n.snapshot(p, null);
    }

    /** Whether two images are the same size and the same pixels. */
    public static boolean same(WritableImage a, WritableImage b) {
        int w = (int) a.getWidth();
        int h = (int) a.getHeight();
        if (w != (int) b.getWidth() || h != (int) b.getHeight()) return false;
        int[] pa = new int[w * h];
        int[] pb = new int[w * h];
        a.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pa, 0, w);
        b.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pb, 0, w);
        return Arrays.equals(pa, pb);
    }

    // ---- screenshots -----------------------------------------------------------------------------------------------

    /** Writes a PNG of the stage's scene to {@code <mlpc.shots>/<name>.png} when that system property is set. */
    public static void shot(Stage stage, String name) throws IOException {
        String dir = System.getProperty("mlpc.shots");
        if (dir == null || dir.isBlank()) return;
        WritableImage img = stage.getScene().snapshot(null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        b.setRGB(0, 0, w, h, argb, 0, w);
        Files.createDirectories(Path.of(dir));
        ImageIO.write(b, "png", Path.of(dir, name + ".png").toFile());
    }
}
