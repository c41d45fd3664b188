package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A cross-system finding badges the node it names in {@code nodes}, not a node that merely shares its resource name. */
class LineageFindingsTest {
    private final LineageGraph graph = new LineageGraph(List.of(
            new LineageNode("azure://acct/data", "azure-storage", "location", "azure://acct/data", null, null, true, Map.of()),
            new LineageNode("datashare:share:rg/acct/s", "datashare", "share", "s", "fl", "az", true,
                    Map.of("type", "datashare.share", "name", "s"))),
            List.of(new LineageEdge("azure://acct/data", "datashare:share:rg/acct/s", "storage", EdgeSource.STACK, "")));

    @Test
    void crossSystemFindingGoesToItsFirstKnownNode() {
        Finding f = new Finding("datashare-outside-organisation", Severity.ERROR, "datashare.share", "s", "m",
                List.of("nowhere", "azure://acct/data", "datashare:share:rg/acct/s"));
        assertEquals("azure://acct/data", LineageFindings.nodeOf(graph, f));
        assertEquals(List.of(f), LineageFindings.byNode(graph, List.of(f)).get("azure://acct/data"));
    }

    @Test
    void perStackFindingGoesToItsResourceNode() {
        Finding f = new Finding("required-tags", Severity.WARNING, "datashare.share", "s", "m");
        assertEquals("datashare:share:rg/acct/s", LineageFindings.nodeOf(graph, f));
        assertNull(LineageFindings.nodeOf(graph, new Finding("r", Severity.WARNING, "datashare.share", "other", "m")));
    }
}
