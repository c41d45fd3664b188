package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A synthetic layered lineage graph for the layout test and {@code bench.LineageMapBench} (fixed seed). */
public final class Synthetic {
    private static final String[] SYSTEMS = {"s3", "snowflake", "datashare", "sagemaker", "registry", "deployment"};

    private Synthetic() { }

    /** {@code layers} columns of {@code width} nodes; each node past the first column has three upstream nodes
     * among the 31 nearest of the previous column (duplicates merged). */
    public static LineageGraph graph(int layers, int width) {
        List<LineageNode> nodes = new ArrayList<>(layers * width);
        List<LineageEdge> edges = new ArrayList<>();
        Random r = new Random(15);
        for (int l = 0; l < layers; l++) {
            String system = SYSTEMS[l * SYSTEMS.length / layers];
            for (int i = 0; i < width; i++) {
                String id = "n" + l + "_" + i;
                nodes.add(new LineageNode(id, system, "table", system + "-object-" + l + "-" + i, l % 2 == 0 ? "stack" : null,
                        null, true, Map.of()));
                if (l > 0) {
                    for (int k = 0; k < 3; k++) {
                        int j = Math.floorMod(i + r.nextInt(31) - 15, width);
                        edges.add(new LineageEdge("n" + (l - 1) + "_" + j, id, "input", EdgeSource.STACK, null));
                    }
                }
            }
        }
        return new LineageGraph(nodes, edges);
    }
}
