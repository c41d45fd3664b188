package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built lineage graphs for the map's tests: four systems, one unknown end, drift and a classification. */
final class LineageFixture {
    private LineageFixture() { }

    static LineageNode node(String id, String system, String kind, String label, String stack, Map<String, String> attrs) {
        return new LineageNode(id, system, kind, label, stack, stack == null ? null : "conn-" + system, true, attrs);
    }

    static LineageEdge edge(String from, String to, String rel, EdgeSource src) {
        return new LineageEdge(from, to, rel, src, null);
    }

    /** storage → stage → pipe → table → version → model/deployment; storage → dataset → share → invitation → consumer. */
    static LineageGraph fourSystems() {
        List<LineageNode> n = List.of(
                node("s3://raw-bucket/events/", "s3", "location", "s3://raw-bucket/events/", null, Map.of("url", "s3://raw-bucket/events/")),
                node("snowflake:sf/stage/ML.PUBLIC.RAW_STAGE", "snowflake", "stage", "ML.PUBLIC.RAW_STAGE", "sf-ml",
                        Map.of("type", "snowflake.stage", "name", "RAW_STAGE", "drift", "drifted")),
                node("snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS", "snowflake", "pipe", "ML.PUBLIC.LOAD_EVENTS", "sf-ml", Map.of()),
                node("snowflake:sf/table/ML.PUBLIC.EVENTS", "snowflake", "table", "ML.PUBLIC.EVENTS", "sf-ml",
                        Map.of("type", "snowflake.table", "name", "EVENTS", "drift", "in-sync")),
                node("datashare:ds/dataset/events-ds", "datashare", "dataset", "events-ds", "share", Map.of()),
                node("datashare:ds/share/partner-share", "datashare", "share", "partner-share", "share",
                        Map.of("data-classification", "internal")),
                node("datashare:ds/invitation/partner-inv", "datashare", "invitation", "partner-inv", "share",
                        Map.of("email", "ops@partner.example")),
                node("consumer:partner.example", "consumer", "consumer", "ops@partner.example", null, Map.of()),
                new LineageNode("unknown:s3://Mystery/Bucket", "unknown", "unknown", "s3://Mystery/Bucket", null, null, false, Map.of()),
                node("registry:reg/churn/3", "registry", "version", "churn v3", null, Map.of("model", "churn", "version", "3", "stage", "Production")),
                node("registry:reg/churn", "registry", "model", "churn", null, Map.of("model", "churn")),
                node("deployment:churn-prod", "deployment", "deployment", "churn-prod", null, Map.of()));
        List<LineageEdge> e = new ArrayList<>(List.of(
                edge("s3://raw-bucket/events/", "snowflake:sf/stage/ML.PUBLIC.RAW_STAGE", "url", EdgeSource.STACK),
                edge("snowflake:sf/stage/ML.PUBLIC.RAW_STAGE", "snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS", "url", EdgeSource.STACK),
                edge("snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS", "snowflake:sf/table/ML.PUBLIC.EVENTS", "loads", EdgeSource.STACK),
                edge("s3://raw-bucket/events/", "datashare:ds/dataset/events-ds", "storage", EdgeSource.STACK),
                edge("datashare:ds/dataset/events-ds", "datashare:ds/share/partner-share", "in-share", EdgeSource.STACK),
                edge("datashare:ds/share/partner-share", "datashare:ds/invitation/partner-inv", "invites", EdgeSource.STACK),
                edge("datashare:ds/invitation/partner-inv", "consumer:partner.example", "consumer", EdgeSource.STACK),
                edge("snowflake:sf/table/ML.PUBLIC.EVENTS", "registry:reg/churn/3", "input", EdgeSource.REGISTRY),
                edge("unknown:s3://Mystery/Bucket", "registry:reg/churn/3", "input", EdgeSource.REGISTRY),
                edge("registry:reg/churn/3", "registry:reg/churn", "version-of", EdgeSource.REGISTRY),
                edge("registry:reg/churn/3", "deployment:churn-prod", "deployment", EdgeSource.REGISTRY)));
        return new LineageGraph(n, e);
    }

    /**
     * A synthetic layered graph: {@code layers} columns of {@code width} nodes, each node fed by three nodes of the
     * previous column (the benchmark's shape: 10,000 nodes and about 30,000 edges with 100 × 100).
     */
    static LineageGraph synthetic(int layers, int width) {
        return Synthetic.graph(layers, width);
    }
}
