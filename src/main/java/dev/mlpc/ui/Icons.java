package dev.mlpc.ui;

import dev.mlpc.core.provider.ProviderDescriptor;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Feather icons used across the console, so every screen draws the same thing for the same kind of object. The icon
 * of a live-node kind comes from the providers' descriptions ({@link ProviderDescriptor#icons()}, registered with
 * {@link #register(Collection)} when the console starts); kinds no provider names fall back to the console's own
 * kinds (folder, model, version) and then to a plain circle.
 */
public final class Icons {
    /** The console's own kinds, used when no registered provider names the kind. */
    private static final Map<String, Ikon> CONSOLE_KINDS = Map.of("folder", Feather.FOLDER, "model", Feather.BOX,
            "version", Feather.TAG);
    private static volatile Map<String, Ikon> registered = Map.of();

    private Icons() { }

    static {
        FeatherIcons.install();
    }

    /**
     * Prepares the icons before the first window is built: installs the console's own resolver for the Feather pack
     * ({@link FeatherIcons}), which spares the first icon Ikonli's searches of the whole class path.
     */
    public static void prepare() {
        // the class's initialiser does it
    }

    /** A font icon; its colour follows the text colour of the theme. */
    public static FontIcon of(Ikon ikon) {
        return new FontIcon(ikon);
    }

    /**
     * Adds the icons the providers' descriptions name for their kinds; a kind already registered keeps its icon (the
     * first provider registered wins).
     */
    public static synchronized void register(Collection<ProviderDescriptor> descriptors) {
        Map<String, Ikon> m = new HashMap<>(registered);
        for (ProviderDescriptor d : descriptors) {
            d.icons().forEach((kind, name) -> m.putIfAbsent(kind.toLowerCase(Locale.ROOT), named(name)));
        }
        registered = Map.copyOf(m);
    }

    /** The icon called {@code name} in the icon set ({@code database}, {@code cloud-snow}); a circle for unknown names. */
    public static Ikon named(String name) {
        if (name == null || name.isBlank()) return Feather.CIRCLE;
        try {
            return Feather.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return Feather.CIRCLE;
        }
    }

    /** The icon for a live node kind as providers name them (database, schema, table, role, …). */
    public static Ikon forKind(String kind) {
        if (kind == null) return Feather.CIRCLE;
        String k = kind.toLowerCase(Locale.ROOT);
        Ikon i = registered.get(k);
        if (i != null) return i;
        return CONSOLE_KINDS.getOrDefault(k, Feather.CIRCLE);
    }
}
