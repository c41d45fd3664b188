package dev.mlpc;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger(String)} for the real logger only when it is first used.
 * The first {@code System.getLogger} of an application class scans every jar on the class path for a
 * {@code System.LoggerFinder} service (about 50 ms with the console's 120 jars); the classes the console loads to show
 * its first window hold one of these instead, so that scan happens only when something is logged (issue 14, cold start).
 */
public final class LazyLogger implements System.Logger {
    private final String name;
    private volatile System.Logger real;

    private LazyLogger(String name) {
        this.name = name;
    }

    /** The logger named after {@code owner}, created when first used. */
    public static System.Logger of(Class<?> owner) {
        return new LazyLogger(owner.getName());
    }

    /** Whether the real logger has been created (tests). */
    boolean created() {
        return real != null;
    }

    private System.Logger real() {
        System.Logger r = real;
        if (r == null) {
            r = System.getLogger(name);
            real = r;
        }
        return r;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return real().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        real().log(level, bundle, msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        real().log(level, bundle, format, params);
    }
}
