package dev.mlpc.ui;

import org.kordamp.ikonli.IkonHandler;
import org.kordamp.ikonli.IkonResolver;
import org.kordamp.ikonli.IkonResolverProvider;
import org.kordamp.ikonli.feather.FeatherIkonHandler;
import org.kordamp.ikonli.javafx.JavaFXFontLoader;

/**
 * Ikonli's icon resolver for the console's one icon pack, Feather, installed before the first icon is made
 * (issue 14, cold start). Ikonli finds its packs on its own by three searches of the whole class path (is OSGi there,
 * which {@code IkonHandler} services exist, and the logging set-up of its resolver): with the console's 120 jars about
 * 0.1 s of the first window's start. This resolver knows the Feather handler directly; any other pack still goes to
 * Ikonli's own resolver, made when first needed.
 */
final class FeatherIcons implements IkonResolver {
    private final IkonHandler feather = new FeatherIkonHandler();
    private volatile boolean fontLoaded;
    private volatile IkonResolver others;

    private FeatherIcons() { }

    /**
     * Makes this resolver the one Ikonli's font icons use, unless Ikonli already has one (an icon was made before);
     * returns whether it did. Ikonli keeps its resolver in a private field that has no setter: when that field cannot
     * be set (another Ikonli version), icons work as before, found by Ikonli's searches.
     */
    static boolean install() {
        try {
            java.lang.reflect.Field f = IkonResolverProvider.class.getDeclaredField("instance");
            f.setAccessible(true);
            synchronized (IkonResolverProvider.class) {
                if (f.get(null) != null) return false;
                f.set(null, new FeatherIcons());
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public IkonHandler resolve(String description) {
        if (description != null && feather.supports(description)) {
            if (!fontLoaded) {
                synchronized (this) {
                    if (!fontLoaded) {
                        JavaFXFontLoader.getInstance().loadFont(feather);
                        fontLoaded = true;
                    }
                }
            }
            return feather;
        }
        return others().resolve(description);
    }

    @Override
    public boolean registerHandler(IkonHandler handler) {
        return others().registerHandler(handler);
    }

    @Override
    public boolean unregisterHandler(IkonHandler handler) {
        return others().unregisterHandler(handler);
    }

    private IkonResolver others() {
        IkonResolver r = others;
        if (r == null) {
            synchronized (this) {
                r = others;
                if (r == null) {
                    r = org.kordamp.ikonli.DefaultIkonResolver.getInstance(JavaFXFontLoader.getInstance());
                    others = r;
                }
            }
        }
        return r;
    }
}
