package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.proposals.PolicyFixture;
import dev.mlpc.ui.proposals.ProposalsView;
import dev.mlpc.ui.proposals.ProposalsViewModel;
import dev.mlpc.ui.proposals.WorkbenchProposals;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): opening the console's Proposals view over a config repository with N open proposals
 * (default 500), until the list is shown — the view built, {@code Workbench.proposals(true)} read on the background
 * executor, the table filled and laid out with its first rows' cells drawn — on headless JavaFX (Monocle, software
 * rendering), as the TestFX tests run. Each run builds a new view and model over a new workbench (nothing cached in
 * the JVM but the JIT), first run and median of the rest printed, with the read of the proposals alone beside it.
 *
 * <p>The N proposals are made as {@code mlpc propose} makes them: one stack per proposal (a PostgreSQL role with a
 * target connection), {@code Workbench.propose} against the real local PostgreSQL, under a {@code policy.yaml} that
 * needs one approval for every stack. The repository is made once and kept in {@code /tmp} between runs when
 * {@code -Dkeep=PATH} names it.</p>
 *
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k -Djava.awt.headless=true \
 *      -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.ProposalsViewBench [N [RUNS]]
 * </pre>
 * PostgreSQL at {@code -Dmlpc.test.pgUrl} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), user
 * {@code -Dmlpc.test.pgUser} (default {@code postgres}, trust).
 */
public final class ProposalsViewBench {
    private ProposalsViewBench() { }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String url = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("mlpc.test.pgUser", "postgres");
        Path home = Files.createTempDirectory("mlpc-proposals-bench");
        String keep = System.getProperty("keep");
        Path repo = keep != null ? Path.of(keep) : home.resolve("config");
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: " + url
                + "\n    user: " + user + "\n");
        new Settings("Bench Proposer", "proposer@example.org", "light", repo.toString()).save(new AppHome(home).settingsFile());
        System.out.println("Proposals view benchmark (" + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("glass.platform", "default glass") + ")");
        try {
            Workbench wb = workbench(home);
            ConnectionProfile local = wb.connections().require("local");
            int existing = wb.proposals(true).size();
            if (existing < n) {
                if (existing == 0) PolicyFixture.requireOneApproval(wb, "*");
                long t0 = System.nanoTime();
                for (int i = existing; i < n; i++) {
                    String name = String.format("bench-prop-%04d", i);
                    String yaml = "stack: " + name + "\ntarget: local\nresources:\n  - type: postgres.role\n    name: bench_prop_"
                            + i + "\n    login: false\n";
                    Stack s = wb.parseStack(name + ".yaml", yaml);
                    wb.propose(s, yaml, local, "Propose " + name, Map.of(), Progress.NONE);
                }
                System.out.printf("made %d proposals with Workbench.propose in %.1f s (%.1f ms each)%n", n - existing,
                        (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t0) / 1e6 / (n - existing));
            }
            int open = wb.proposals(true).size();
            System.out.println("open proposals: " + open);

            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            Stage stage = fx(() -> {
                Stage st = new Stage();
                st.setWidth(1280);
                st.setHeight(800);
                return st;
            });
            List<Double> shown = new ArrayList<>();
            List<Double> read = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Workbench fresh = workbench(home);
                long l0 = System.nanoTime();
                int listed = fresh.proposals(true).size();
                read.add((System.nanoTime() - l0) / 1e6);
                if (listed != open) throw new IllegalStateException("listed " + listed + " of " + open);
                shown.add(openView(stage, fresh, open));
            }
            fx(() -> {
                stage.close();
                return null;
            });
            System.out.println("| open proposals | list shown: first run | list shown: median of the other " + (runs - 1)
                    + " (min–max) | Workbench.proposals(true) alone: first / median |");
            System.out.println("|---|---|---|---|");
            List<Double> rest = shown.subList(1, shown.size());
            List<Double> restRead = read.subList(1, read.size());
            System.out.printf("| %d | %.0f ms | %.0f ms (%.0f–%.0f) | %.0f ms / %.0f ms |%n", open, shown.get(0), median(rest),
                    rest.stream().min(Comparator.naturalOrder()).orElseThrow(), rest.stream().max(Comparator.naturalOrder()).orElseThrow(),
                    read.get(0), median(restRead));
        } finally {
            Platform.exit();
            if (keep == null) deleteTree(home);
            else deleteTree(home.resolve("journal-wal"));
        }
        System.exit(0);
    }

    private static Workbench workbench(Path home) {
        return new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("MLPC_HOME", home.toString()),
                Duration.ofSeconds(30));
    }

    /** Builds the view in the stage and waits until the table shows {@code expected} rows with drawn cells; ms. */
    private static double openView(Stage stage, Workbench wb, int expected) throws Exception {
        UiExecutor executor = UiExecutor.create();
        try {
            long t0 = System.nanoTime();
            ProposalsView view = fx(() -> {
                ProposalsViewModel model = new ProposalsViewModel(new WorkbenchProposals(() -> wb), executor);
                ProposalsView v = new ProposalsView(model);
                Scene scene = new Scene(v, 1280, 800);
                Theme.style(scene);
                stage.setScene(scene);
                stage.show();
                model.refresh();
                return v;
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                boolean done = fx(() -> {
                    if (view.model().loadingProperty().get() || view.table().getItems().size() != expected) return false;
                    view.table().applyCss();
                    view.table().layout();
                    return view.table().lookupAll(".table-cell").stream()
                            .anyMatch(c -> c instanceof TableCell<?, ?> tc && tc.getText() != null && tc.getText().startsWith("bench-prop-"));
                });
                if (done) break;
                if (System.nanoTime() > end) throw new IllegalStateException("the list was not shown within 120 s");
                Thread.sleep(2);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            executor.shutdown(Duration.ofSeconds(2));
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return dev.mlpc.ui.UiTestKit.onFx(c, 120);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    private static void deleteTree(Path dir) {
        dev.mlpc.ui.UiTestKit.deleteTree(dir);
    }
}
