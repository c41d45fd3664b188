package dev.mlpc.ui;

import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.shell.MainViewModel;
import dev.mlpc.ui.shell.MainWindow;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JavaFX console. {@link dev.mlpc.Launcher} calls {@link #launchConsole(String[])} when it gets no arguments.
 *
 * <p>Startup shows the window first: the {@link Workbench}, settings, connections and the config repository (created
 * on first start) are loaded on the background executor once the window has been painted. Tests inject a workbench
 * through {@link #ConsoleApp(Callable)}, e.g.
 * {@code FxToolkit.setupApplication(() -> new ConsoleApp(() -> new Workbench(home, registry, env, timeout)))}, and
 * the registered providers with their wizards ({@link ProviderModule}, by default {@link Modules#standard()}) through
 * {@link #ConsoleApp(Callable, List)}.</p>
 *
 * <p>With {@code -Dmlpc.startupProbe=true} it prints {@code startup-ms=<n>} (JVM start to the first painted frame of
 * the main window) and {@code shown-epoch-ms=<t>} (for measuring from outside the JVM) to stdout, and with
 * {@code -Dmlpc.startupProbe.exit=true} exits right after.</p>
 */
public final class ConsoleApp extends Application {
    private static final Pattern THEME = Pattern.compile("(?m)^theme:\\s*[\"']?(dark|light)[\"']?\\s*(#.*)?$");

    private final Callable<Workbench> factory;
    private final Path settingsHint;
    private final List<ProviderModule> modules;
    private UiExecutor executor;
    private MainViewModel model;
    private MainWindow window;

    /** System property naming the home folder, set by {@code mlpc --home DIR}; it wins over {@code MLPC_HOME}. */
    public static final String HOME_PROPERTY = "mlpc.home";

    /** The console over {@code mlpc.home}, else {@code MLPC_HOME} (or {@code ~/.mlpc}), and the real environment. */
    public ConsoleApp() {
        this(() -> Workbench.open(environment()), AppHome.resolve(environment()).settingsFile());
    }

    private static java.util.Map<String, String> environment() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) return System.getenv();
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("MLPC_HOME", home);
        return env;
    }

    /** The console over the workbench {@code factory} creates (called once, on a background thread). */
    public ConsoleApp(Callable<Workbench> factory) {
        this(factory, (Path) null);
    }

    /**
     * @param settingsHint the settings file to take the theme from before the workbench exists (so a dark console
     *                     does not flash light at startup), or null
     */
    public ConsoleApp(Callable<Workbench> factory, Path settingsHint) {
        this(factory, settingsHint, Modules.standard());
    }

    /**
     * The console over the workbench {@code factory} creates, with these providers and wizards (a test passes its
     * own provider here; the workbench's registry should hold the same providers, e.g. {@link Modules#registry}).
     */
    public ConsoleApp(Callable<Workbench> factory, List<ProviderModule> modules) {
        this(factory, (Path) null, modules);
    }

    public ConsoleApp(Callable<Workbench> factory, Path settingsHint, List<ProviderModule> modules) {
        this.factory = Objects.requireNonNull(factory);
        this.settingsHint = settingsHint;
        this.modules = List.copyOf(modules);
    }

    /** Starts the JavaFX runtime and shows the console; returns when the console is closed. */
    public static void launchConsole(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    /** Wall-clock instants of the start's phases, printed by the startup probe (0 when not reached). */
    private static final long[] PHASES = new long[4];
    private static final String[] PHASE_NAMES = {"init", "start", "window-built", "shown"};

    @Override
    public void init() {
        PHASES[0] = System.currentTimeMillis();
        Icons.prepare();
        prepareLogging();
        executor = UiExecutor.create();
        model = new MainViewModel(factory, executor, peekTheme(settingsHint), modules);
    }

    /**
     * Sets up {@code System.Logger} on a background thread while the window is built: JavaFX's first styling pass asks
     * its CSS logger whether it logs, and the first such question scans every jar on the class path for a
     * {@code System.LoggerFinder} (about 40 ms with the console's 120 jars) — on the FX thread, unless done before.
     */
    private static void prepareLogging() {
        Thread t = new Thread(() -> {
            try {
                System.getLogger("javafx.css").isLoggable(System.Logger.Level.DEBUG);
            } catch (RuntimeException | LinkageError e) {
                // logging is set up again, on first use, by whoever logs
            }
        }, "mlpc-logging-setup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void start(Stage stage) {
        PHASES[1] = System.currentTimeMillis();
        if (model == null) init();
        // before MainWindow: its fields are controls, and the first control class loaded would otherwise load JavaFX's
        // own Modena stylesheet first (Control's static init does when no user agent stylesheet is set)
        Theme.apply(model.themeProperty().get());
        window = new MainWindow(stage, model);
        PHASES[2] = System.currentTimeMillis();
        window.setBrowser(url -> getHostServices().showDocument(url));
        boolean probe = Boolean.getBoolean("mlpc.startupProbe");
        // the background work starts once the window is painted: on two cores it would otherwise compete with
        // building and styling the scene for the CPU
        afterFrames(2, () -> {
            if (probe) reportStartup();
            window.finishStart();
            window.loadIcon();
            model.start();
            dev.mlpc.JarCds.archiveLater();
        });
        stage.show();
        PHASES[3] = System.currentTimeMillis();
    }

    @Override
    public void stop() {
        if (model != null) model.dispose();
        if (executor != null) executor.shutdown(Duration.ofSeconds(2));
    }

    /** The main window (null before {@link #start(Stage)}). */
    public MainWindow mainWindow() { return window; }

    /**
     * The theme named in a settings file, read without the YAML machinery (this runs on the launcher thread, before
     * the window exists; the workbench validates the whole file later). Light when absent or unreadable.
     */
    static String peekTheme(Path settings) {
        if (settings == null) return "light";
        try {
            if (!Files.isRegularFile(settings) || Files.size(settings) > 65_536) return "light";
            Matcher m = THEME.matcher(Files.readString(settings));
            return m.find() ? m.group(1) : "light";
        } catch (IOException | RuntimeException e) {
            return "light";
        }
    }

    /** Runs {@code r} on the FX thread after {@code n} more frames have been rendered. */
    private static void afterFrames(int n, Runnable r) {
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames < n) return;
                stop();
                r.run();
            }
        }.start();
    }

    /**
     * Prints the time from JVM start to the second frame of the main window (the first has then been painted and
     * the window answers input). The JVM start time comes from the runtime MXBean, read only at that point so the
     * probe itself does not slow the startup; {@code ProcessHandle}'s start instant is not used because on Linux it
     * is only accurate to about a second.
     */
    private static void reportStartup() {
        long shown = System.currentTimeMillis();
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder phases = new StringBuilder();
        for (int i = 0; i < PHASES.length; i++) {
            if (PHASES[i] > 0) phases.append(' ').append(PHASE_NAMES[i]).append("-ms=").append(PHASES[i] - jvmStart);
        }
        System.out.println("startup-ms=" + (shown - jvmStart) + " shown-epoch-ms=" + shown + phases);
        System.out.flush();
        if (Boolean.getBoolean("mlpc.startupProbe.exit")) {
            Platform.exit();
            System.exit(0);
        }
    }
}
