package dev.mlpc.ui.lineage;

import dev.mlpc.core.provider.Progress;
import dev.mlpc.governance.Finding;
import dev.mlpc.lineage.LineageGraph;

import java.util.List;

/**
 * Where the map and the Governance panel get the graph and the findings (called on the background executor, never on
 * the FX thread). The console's is {@link WorkbenchLineage}; tests pass hand-built graphs.
 */
@FunctionalInterface
public interface LineageMapSource {
    /** The graph and its governance findings; {@code live}: also read the connected systems' live inventories. */
    Data load(boolean live, Progress progress) throws Exception;

    /**
     * A graph, the findings over it and notes naming the sources that could not be read (e.g. "registry of pg-down:
     * …"), which the findings therefore leave out; {@code mlpc govern} reports them as "not read".
     */
    record Data(LineageGraph graph, List<Finding> findings, List<String> notes) {
        public Data {
            findings = List.copyOf(findings);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        /** A graph and its findings, every source read. */
        public Data(LineageGraph graph, List<Finding> findings) {
            this(graph, findings, List.of());
        }
    }
}
