package dev.mlpc.ui;

import atlantafx.base.theme.Styles;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

/**
 * How the console's own windows (the registry browser, the lineage map) close from the keyboard: Ctrl+W (⌘W), and
 * Escape once the focused control has had it (a search box's Escape clears its text first), with a hint saying so.
 */
public final class CloseKeys {
    /** Ctrl+W (⌘W on macOS). */
    public static final KeyCombination CLOSE = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);
    /** Escape. */
    public static final KeyCombination CLOSE_ESCAPE = new KeyCodeCombination(KeyCode.ESCAPE);
    /** The hint's text. */
    public static final String HINT = "Esc or Ctrl+W closes";

    private CloseKeys() { }

    /** Makes both keys close {@code stage} (scene accelerators: they run after the focused control had the key). */
    public static void install(Scene scene, Stage stage) {
        scene.getAccelerators().put(CLOSE, stage::close);
        scene.getAccelerators().put(CLOSE_ESCAPE, stage::close);
    }

    /** The muted "Esc or Ctrl+W closes" label of a window's bottom bar, never cut. */
    public static Label hint(String id) {
        Label hint = new Label(HINT);
        hint.setId(id);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setMinWidth(Region.USE_PREF_SIZE);
        return hint;
    }
}
