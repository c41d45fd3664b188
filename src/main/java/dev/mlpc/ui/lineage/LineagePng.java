package dev.mlpc.ui.lineage;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * PNG export of a snapshot without {@code javafx.swing}: the image's pixels read through its {@link PixelReader} into
 * a {@link BufferedImage}, written by {@link ImageIO}. Safe on any thread once the snapshot exists.
 */
public final class LineagePng {
    private LineagePng() { }

    /** The snapshot's pixels as an ARGB image. */
    public static BufferedImage toBuffered(Image image) {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] argb = new int[w * h];
        PixelReader r = image.getPixelReader();
        r.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /** Writes {@code image} as PNG to {@code file}. */
    public static void write(Image image, Path file) throws IOException {
        if (!ImageIO.write(toBuffered(image), "png", file.toFile())) throw new IOException("no PNG writer in this Java runtime");
    }
}
