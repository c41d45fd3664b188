package dev.mlpc.lineage;

/**
 * A directed edge in the direction data flows: {@code from} is upstream of {@code to} (storage → stage → pipe → table →
 * version → deployment; storage → dataset → share → invitation → consumer; domain → its output location).
 *
 * @param relation what links them: {@code url}, {@code allowed-location}, {@code loads}, {@code via-integration},
 *                 {@code reaches}, {@code storage}, {@code in-share}, {@code invites}, {@code subscribes},
 *                 {@code consumer}, {@code output}, {@code execution-role}, {@code profile-of}, {@code input},
 *                 {@code version-of}, {@code deployment}, …
 * @param source   where the edge was learnt
 * @param detail   the property or lineage entry it came from, for people ({@code stacks/x.yaml:12}, {@code uri …})
 */
public record LineageEdge(String from, String to, String relation, EdgeSource source, String detail) {
    /** A location → the nearest location inside it: nesting, not data moving ({@link LineageGraph#DATA_FLOW}). */
    public static final String CONTAINS = "contains";
}
