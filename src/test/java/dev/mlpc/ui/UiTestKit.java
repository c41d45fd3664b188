package dev.mlpc.ui;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import javafx.scene.control.TreeItem;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers shared by the console's tests: temp homes, workbenches, waiting for asynchronous UI state. */
public final class UiTestKit {
    private UiTestKit() { }

    /** A fresh, empty MLPC_HOME. */
    public static Path tempHome() throws IOException {
        return Files.createTempDirectory("mlpc-ui-home");
    }

    /**
     * A workbench over {@code home} with the standard providers, a short timeout and the real environment (so a
     * test server password given as {@code MLPC_TEST_PG_PASSWORD} resolves) with {@code MLPC_HOME} set to {@code home}.
     */
    public static Workbench workbench(Path home) {
        return workbench(home, Map.of());
    }

    /**
     * {@link #workbench(Path)} with {@code extraEnv} added to its environment: how a test gives the values of the
     * {@code ${env:NAME}} secret references it uses (e.g. a simulator's password) without touching the real environment.
     */
    public static Workbench workbench(Path home, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        env.put("MLPC_HOME", home.toString());
        return new Workbench(new AppHome(home), Workbench.standardProviders(), env, Duration.ofSeconds(10));
    }

    /** Deletes a temp folder tree (best effort). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** A cached pool of daemon threads named {@code name}: the background executor of a window under test. */
    public static ExecutorService workers(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Closes the test's windows, stops its workers (waiting up to {@code seconds}) and deletes its home. */
    public static void closeAll(ExecutorService workers, int seconds, Path home) throws Exception {
        FxToolkit.cleanupStages();
        workers.shutdownNow();
        workers.awaitTermination(seconds, TimeUnit.SECONDS);
        deleteTree(home);
    }

    /** Runs {@code c} on the JavaFX thread and returns its result. */
    public static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX call failed: " + e, e);
        }
    }

    /**
     * Runs {@code c} on the JavaFX thread and returns its result, waiting at most {@code seconds}; its exception is
     * the cause of the one thrown. Plain {@code Platform.runLater}: for the benchmarks and screenshot programs, which
     * start JavaFX themselves, without TestFX.
     */
    public static <T> T onFx(Callable<T> c, long seconds) throws Exception {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        javafx.application.Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(seconds, TimeUnit.SECONDS);
    }

    /** Runs {@code r} on the JavaFX thread and waits for it. */
    public static void fxRun(Runnable r) {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Polls {@code condition} on the JavaFX thread until it holds, or fails naming {@code what}. */
    public static void waitForFx(String what, Duration limit, BooleanSupplier condition) {
        waitFor(what, limit, () -> fx(condition::getAsBoolean));
    }

    /** Polls {@code condition} (on the calling thread) until it holds, or fails naming {@code what}. */
    public static void waitFor(String what, Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) return;
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Opens the console over {@code factory} as the application does (primary stage registered first). */
    public static ConsoleApp openConsole(Callable<Workbench> factory) throws java.util.concurrent.TimeoutException {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        return (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(factory));
    }

    /** Closes a console opened by {@link #openConsole} and its windows, resets the theme, deletes {@code home}. */
    public static void closeConsole(ConsoleApp app, Path home) throws java.util.concurrent.TimeoutException {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        deleteTree(home);
    }

    /** The visible live-tree cell showing {@code label}, or null. */
    public static javafx.scene.control.TreeCell<?> treeCell(org.testfx.api.FxRobot robot, String label) {
        return robot.lookup(".tree-cell").queryAllAs(javafx.scene.control.TreeCell.class).stream()
                .filter(c -> c.getItem() instanceof dev.mlpc.ui.tree.TreeEntry e && e.label().equals(label) && c.isVisible())
                .findFirst().orElse(null);
    }

    /** Labels of the visible children of a tree item. */
    public static <T> List<String> labels(TreeItem<T> item) {
        List<String> out = new ArrayList<>();
        for (TreeItem<T> c : item.getChildren()) out.add(String.valueOf(c.getValue()));
        return out;
    }

    /** The visible child with this label, or null. */
    public static <T> TreeItem<T> child(TreeItem<T> item, String label) {
        for (TreeItem<T> c : item.getChildren()) {
            if (label.equals(String.valueOf(c.getValue()))) return c;
        }
        return null;
    }

    /**
     * A single thread standing in for the FX thread, so view models run without a JavaFX toolkit; every model call
     * of a test goes through {@link #call(Callable)}.
     */
    public static final class UiThread implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-ui");
            t.setDaemon(true);
            return t;
        });

        public java.util.concurrent.Executor executor() { return thread; }

        public <T> T call(Callable<T> c) {
            try {
                return thread.submit(c).get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("UI-thread call failed: " + e, e);
            }
        }

        public void run(Runnable r) {
            call(() -> {
                r.run();
                return null;
            });
        }

        /** Polls {@code condition} on this thread. */
        public void waitFor(String what, Duration limit, BooleanSupplier condition) {
            UiTestKit.waitFor(what, limit, () -> call(condition::getAsBoolean));
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }
}
