package dev.mlpc.ui.registry;

import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.shell.MainWindow;
import javafx.application.Platform;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Not a test: a helper that starts the real console over {@code MLPC_HOME} (run it under {@code xvfb-run}), opens
 * the registry browser, selects a model and a version and writes a PNG of the browser window, for looking at the
 * layout with real data. Arguments: output PNG, model name, version number, then optionally the tab to show.
 */
public final class RegistryScreenshot {
    private RegistryScreenshot() { }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String modelName = args[1];
        int version = Integer.parseInt(args[2]);
        String tab = args.length > 3 ? args[3] : null;
        Platform.startup(() -> { });
        ConsoleApp app = new ConsoleApp();
        fx(() -> {
            app.init();
            app.start(new Stage());
            return null;
        });
        MainWindow w = fx(app::mainWindow);
        waitFor(() -> fx(() -> !w.model().connections().isEmpty()));
        RegistryBrowser b = fx(w::openRegistry);
        RegistryBrowserModel m = b.model();
        waitFor(() -> fx(() -> m.connectedProperty().get() && !m.busyBinding().get()));
        fx(() -> {
            m.selectedModelProperty().set(m.models().items().stream().filter(x -> x.name().equals(modelName)).findFirst().orElseThrow());
            return null;
        });
        waitFor(() -> fx(() -> !m.busyBinding().get() && !m.versions().items().isEmpty()));
        fx(() -> {
            m.selectedVersionProperty().set(m.versions().items().stream().filter(v -> v.version() == version).findFirst().orElseThrow());
            if (tab != null) b.tabs().getTabs().stream().filter(t -> t.getText().equals(tab)).findFirst().ifPresent(t -> b.tabs().getSelectionModel().select(t));
            return null;
        });
        waitFor(() -> fx(() -> !m.busyBinding().get() && !m.lineage().isEmpty()));
        Thread.sleep(1500);
        WritableImage img = fx(() -> b.stage().getScene().snapshot(null));
        int width = (int) img.getWidth();
        int height = (int) img.getHeight();
        int[] argb = new int[width * height];
        img.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        buffered.setRGB(0, 0, width, height, argb, 0, width);
        ImageIO.write(buffered, "png", out.toFile());
        System.out.println("wrote " + out + " " + width + "x" + height);
        System.out.flush();
        Thread.sleep(Long.getLong("shot.linger", 4000));
        Platform.exit();
        System.exit(0);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return dev.mlpc.ui.UiTestKit.onFx(c, 20);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (!c.ok()) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out");
            Thread.sleep(100);
        }
    }
}
