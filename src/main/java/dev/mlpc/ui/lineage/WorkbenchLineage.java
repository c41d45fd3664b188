package dev.mlpc.ui.lineage;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.governance.Estate;
import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Governance;
import dev.mlpc.lineage.LineageGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The console's {@link LineageMapSource}: the graph from the workbench (stacks at head, the model registries' lineage
 * and, when asked, the live inventories) and the governance findings over it and the stacks at head, with
 * {@code governance.yaml} at head, and the sources that could not be read as notes (the reader's progress is a
 * {@link dev.mlpc.app.LineageService.Notes}: {@code Workbench.lineageGraph} tells it). Runs on the background executor.
 */
public final class WorkbenchLineage implements LineageMapSource {
    /** Builds the graph: {@code Workbench.lineageGraph(live, progress)} in the console. */
    @FunctionalInterface
    public interface GraphReader {
        LineageGraph read(Workbench wb, boolean live, Progress progress) throws Exception;
    }

    private final Supplier<Workbench> workbench;
    private final GraphReader reader;

    public WorkbenchLineage(Supplier<Workbench> workbench, GraphReader reader) {
        this.workbench = Objects.requireNonNull(workbench);
        this.reader = Objects.requireNonNull(reader);
    }

    @Override
    public Data load(boolean live, Progress progress) throws Exception {
        Workbench wb = workbench.get();
        if (wb == null) throw new IllegalStateException("the console is still starting");
        List<String> notRead = new ArrayList<>();
        LineageGraph graph = reader.read(wb, live, new dev.mlpc.app.LineageService.Notes() {
            @Override public void notRead(List<String> warnings) { notRead.addAll(warnings); }
            @Override public void status(String message) { progress.status(message); }
            @Override public void worked(long done, long total) { progress.worked(done, total); }
            @Override public boolean cancelled() { return progress.cancelled(); }
            @Override public void statementStarting(int index, int total) { progress.statementStarting(index, total); }
            @Override public void statementReturned(int index) { progress.statementReturned(index); }
        });
        progress.status("Evaluating the governance rules…");
        return new Data(graph, findings(wb, graph), notRead);
    }

    /** The governance findings over the stacks at head and {@code graph}, with governance.yaml at head. */
    public static List<Finding> findings(Workbench wb, LineageGraph graph) throws Exception {
        List<Stack> stacks = new ArrayList<>();
        try (ConfigRepository repo = wb.repository()) {
            for (Map.Entry<String, String> e : repo.readStacks().entrySet()) {
                try {
                    stacks.add(wb.parseStack("stacks/" + e.getKey() + ".yaml", e.getValue()));
                } catch (StackException ignored) {
                    // a stack that does not read has no findings here: the Stacks view lists its problem
                }
            }
        }
        return Governance.standard().evaluate(new Estate(stacks, graph), wb.governance());
    }
}
