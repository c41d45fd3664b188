package dev.mlpc.ui.wizard.datashare;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of a wizard page shared by the Data Share wizard tests: no caption or button shows its text cut to an
 * ellipsis, and (when {@code -Dmlpc.shots=<dir>} is given) a PNG of the window for looking at the layout. FX thread.
 */
final class WizardChecks {
    private WizardChecks() { }

    /** The visible labels, buttons and check boxes whose shown text was cut to an ellipsis: "id or text" each. */
    static List<String> clipped(Parent root) {
        root.applyCss();
        root.layout();
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            Node shown = l.lookup(".text");
            if (shown instanceof Text t && t.getText() != null) {
                String ellipsis = l.getEllipsisString();
                if (!ellipsis.isEmpty() && t.getText().endsWith(ellipsis) && !l.getText().endsWith(ellipsis)) {
                    out.add((l.getId() != null ? "#" + l.getId() : l.getClass().getSimpleName()) + " '" + l.getText()
                            + "' shown as '" + t.getText() + "'");
                }
            }
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }

    /** Writes a PNG of the stage's scene to {@code <mlpc.shots>/<name>.png} when that property is set. */
    static void shot(Stage stage, String name) throws IOException {
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
