package dev.mlpc.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

import java.util.Objects;

/**
 * The console's look: AtlantaFX Primer Light or Primer Dark as the user agent stylesheet (so every window and
 * dialog follows) — the console's trimmed copies of them ({@link ThemeTrim}) where the build made them —, plus
 * {@code /css/mlpc.css} on each scene for the console's own classes.
 */
public final class Theme {
    /** The console's own stylesheet, a classpath resource. */
    public static final String CSS = "/css/mlpc.css";
    /** AtlantaFX's Primer Light and Dark without the rules of controls the console never creates ({@link ThemeTrim}). */
    static final String LIGHT = "/css/primer-light.bss";
    static final String DARK = "/css/primer-dark.bss";

    private Theme() { }

    /** Applies {@code light} or {@code dark} to the whole application. */
    public static void apply(String theme) {
        // the console's trimmed copy of the theme (ThemeTrim, made at build time): fewer selectors to load and match
        java.net.URL own = Theme.class.getResource("dark".equals(theme) ? DARK : LIGHT);
        if (own != null) {
            Application.setUserAgentStylesheet(own.toExternalForm());
            return;
        }
        atlantafx.base.theme.Theme t = "dark".equals(theme) ? new PrimerDark() : new PrimerLight();
        // the pre-compiled binary stylesheet loads several times faster than parsing the CSS at startup
        String bss = t.getUserAgentStylesheetBSS();
        boolean hasBss = bss != null && Theme.class.getResource(bss.startsWith("/") ? bss : "/" + bss) != null;
        Application.setUserAgentStylesheet(hasBss ? bss : t.getUserAgentStylesheet());
    }

    /** Adds the console stylesheet to a dialog's pane (once): dialogs have scenes of their own. */
    public static void style(javafx.scene.control.DialogPane pane) {
        String css = Objects.requireNonNull(Theme.class.getResource(CSS), CSS + " is missing from the class path").toExternalForm();
        if (!pane.getStylesheets().contains(css)) pane.getStylesheets().add(css);
    }

    /** Adds the console stylesheet to a scene (once). */
    public static void style(Scene scene) {
        String css = Objects.requireNonNull(Theme.class.getResource(CSS), CSS + " is missing from the class path").toExternalForm();
        if (!scene.getStylesheets().contains(css)) scene.getStylesheets().add(css);
    }
}
