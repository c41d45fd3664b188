package dev.mlpc;

import dev.mlpc.cli.MlpcCommand;

import java.util.Map;

/**
 * Entry point. With a command: the headless CLI ({@code mlpc plan …}); without one (no arguments, or only
 * {@code --home DIR}): the JavaFX console.
 * Deliberately not a {@code javafx.application.Application}: with JavaFX on the class path that would fail with
 * "JavaFX runtime components are missing".
 */
public final class Launcher {
    private Launcher() { }

    public static void main(String[] args) {
        String home = consoleHome(args);
        if (home != null) {
            System.setProperty(dev.mlpc.ui.ConsoleApp.HOME_PROPERTY, java.nio.file.Path.of(home).toAbsolutePath().toString());
            args = new String[0];
        }
        if (args.length > 0) {
            System.exit(MlpcCommand.run(args, System.getenv()));
            return;
        }
        String noDisplay = noDisplayReason(System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("glass.platform"));
        if (noDisplay != null) {
            System.err.println("mlpc: cannot open the console: " + noDisplay
                    + ". Run a command instead, e.g. 'mlpc --help' or 'mlpc plan FILE'.");
            System.exit(1);
            return;
        }
        int relaunched = JarCds.relaunchWithArchive(System.getenv());
        if (relaunched >= 0) {
            System.exit(relaunched);
            return;
        }
        // JavaFX as modules of the runtime (the installed app) never logs the warning: the logging set-up (a scan of
        // every jar on the class path for a System.LoggerFinder, ~50 ms) is then left out of the start
        if (ModuleLayer.boot().findModule("javafx.graphics").isEmpty()) hideClassPathWarning();
        try {
            dev.mlpc.ui.ConsoleApp.launchConsole(args);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("mlpc: the console could not start: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.exit(1);
        }
    }

    /** Held so the logger, and with it its filter, is not collected. */
    private static java.util.logging.Logger javafxLogger;

    /**
     * Started from the jar, JavaFX runs from the class path and logs "Unsupported JavaFX configuration: classes were
     * loaded from 'unnamed module …'" (JavaFX's logger {@code javafx} through {@code System.Logger}, i.e.
     * java.util.logging). The installed app has JavaFX as modules in its runtime, where the line never comes; for the
     * jar, which works as it is, the line says nothing a user can act on: exactly that record is dropped, every other
     * JavaFX message still shows.
     */
    static void hideClassPathWarning() {
        javafxLogger = java.util.logging.Logger.getLogger("javafx");
        java.util.logging.Filter previous = javafxLogger.getFilter();
        javafxLogger.setFilter(r -> !isClassPathWarning(r.getMessage()) && (previous == null || previous.isLoggable(r)));
    }

    /** The JavaFX warning about running from the class path (unnamed module). */
    static boolean isClassPathWarning(String message) {
        return message != null && message.startsWith("Unsupported JavaFX configuration: classes were loaded from 'unnamed module");
    }

    /** The DIR of arguments that are only {@code --home DIR} or {@code --home=DIR} (the console over that home), or null. */
    static String consoleHome(String[] args) {
        if (args.length == 2 && args[0].equals("--home") && !args[1].isBlank()) return args[1];
        if (args.length == 1 && args[0].startsWith("--home=") && args[0].length() > "--home=".length()) {
            return args[0].substring("--home=".length());
        }
        return null;
    }

    /** Why no window can be opened here (Linux without X11/Wayland), or null. */
    static String noDisplayReason(String osName, Map<String, String> env, String glassPlatform) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        if ("Monocle".equalsIgnoreCase(glassPlatform)) return null;
        boolean x11 = env.getOrDefault("DISPLAY", "").length() > 0;
        boolean wayland = env.getOrDefault("WAYLAND_DISPLAY", "").length() > 0;
        return x11 || wayland ? null : "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    }
}
