package dev.mlpc.lineage;

import java.util.Map;
import java.util.TreeMap;

/**
 * A node of the lineage graph.
 *
 * @param id         the node's stable, canonical id (see {@code docs/ARCHITECTURE.md}, "Lineage"): names already in
 *                   the form the system stores them, so that two spellings of one object give one id
 * @param system     {@code snowflake}, {@code s3}, {@code azure-storage}, {@code datashare}, {@code sagemaker},
 *                   {@code aws-iam}, {@code registry}, {@code deployment}, {@code http}, {@code consumer},
 *                   {@code unknown}
 * @param kind       what it is in that system: {@code table}, {@code stage}, {@code pipe}, {@code integration},
 *                   {@code external_function}, {@code location}, {@code share}, {@code dataset}, {@code invitation},
 *                   {@code subscription}, {@code domain}, {@code user_profile}, {@code role}, {@code model},
 *                   {@code version}, {@code deployment}, {@code endpoint}, {@code consumer}, {@code unknown}
 * @param label      what a person reads (the name as the system shows it)
 * @param stack      the stack that manages it at head, or {@code null}
 * @param connection the connection it lives behind (stack target or registry connection), or {@code null}
 * @param known      false for the far end of a link that nothing else describes (shown as unknown, never dropped)
 * @param attributes facts the rules and the map read ({@code data-classification}, {@code stage}, {@code aliases},
 *                   {@code tenant}, {@code url}, {@code drift}, the resource type {@code type} and name {@code name} for
 *                   stack resources, …), sorted by key
 */
public record LineageNode(String id, String system, String kind, String label, String stack, String connection,
                          boolean known, Map<String, String> attributes) {
    public LineageNode {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public String attribute(String key) { return attributes.get(key); }

    public boolean managed() { return stack != null; }
}
