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

    /** A graph and the findings over it. */
    record Data(LineageGraph graph, List<Finding> findings) {
        public Data {
            findings = List.copyOf(findings);
        }
    }
}
