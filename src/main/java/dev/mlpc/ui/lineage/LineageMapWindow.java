package dev.mlpc.ui.lineage;

import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Lineage map's own window (one per main window; opening it again brings it to the front). Ctrl+W or Escape closes
 * it (Escape in a search box with text clears the search first), as the registry browser; the status line says so.
 */
public final class LineageMapWindow {
    public static final String TITLE = "Lineage map";
    /** The window's default size. */
    public static final double WIDTH = 1100, HEIGHT = 720;
    public static final KeyCombination CLOSE = dev.mlpc.ui.CloseKeys.CLOSE;
    public static final KeyCombination CLOSE_ESCAPE = dev.mlpc.ui.CloseKeys.CLOSE_ESCAPE;

    private final Stage stage = new Stage();
    private final LineageMapView view;

    public LineageMapWindow(UiExecutor executor, LineageMapSource source) {
        view = new LineageMapView(executor, source);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        Theme.style(scene);
        // after the focused control had it: the search box's Escape clears its text first
        dev.mlpc.ui.CloseKeys.install(scene, stage);
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(560);
        stage.setMinHeight(360);
        view.rootProperty().addListener((o, a, b) -> stage.setTitle(b == null ? TITLE
                : TITLE + " — " + (view.graph() == null ? b : view.graph().node(b).map(n -> n.label()).orElse(b))));
    }

    public Stage stage() { return stage; }

    public LineageMapView view() { return view; }

    /** Shows the window beside {@code owner} (not owned: the main window can come in front when a node is selected). */
    public void show(Window owner) {
        if (!stage.isShowing()) {
            if (owner != null) {
                stage.setX(owner.getX() + 60);
                stage.setY(owner.getY() + 60);
            }
            stage.show();
        }
        stage.toFront();
        view.scrollPane().requestFocus();
    }
}
