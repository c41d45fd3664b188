package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.LineageNode;

import java.util.Map;

/**
 * How the map draws a node, shared by the JavaFX view and the SVG writer (no JavaFX here): the colour of each system,
 * the box size a label needs and the label cut to fit it.
 */
public final class LineageStyle {
    /** Box height: a system · kind line, the label and the badge row. */
    public static final double NODE_HEIGHT = 52;
    public static final double MIN_WIDTH = 132;
    public static final double MAX_WIDTH = 300;
    /**
     * Advance of a 12 px sans-serif character (the label font) for names in capitals, which most systems store: DejaVu
     * Sans capitals are 7.5–8 px; generous so that a label the box is sized for is never cut by the view.
     */
    public static final double CHAR_WIDTH = 8.0;
    /** Left and right padding inside a box. */
    public static final double PADDING = 10;

    private static final Map<String, String> FILL = Map.ofEntries(
            Map.entry("snowflake", "#d6efff"),
            Map.entry("s3", "#ffe9cc"),
            Map.entry("azure-storage", "#d9e6ff"),
            Map.entry("datashare", "#e3ddff"),
            Map.entry("sagemaker", "#d8f5e3"),
            Map.entry("aws-iam", "#fff3c4"),
            Map.entry("registry", "#ffdce8"),
            Map.entry("deployment", "#e6f7d4"),
            Map.entry("http", "#eeeeee"),
            Map.entry("consumer", "#f7e1d4"),
            Map.entry("postgres", "#dbe9f4"));
    private static final Map<String, String> STROKE = Map.ofEntries(
            Map.entry("snowflake", "#1f8acb"),
            Map.entry("s3", "#d9822b"),
            Map.entry("azure-storage", "#2f62c8"),
            Map.entry("datashare", "#6b4fd8"),
            Map.entry("sagemaker", "#23915a"),
            Map.entry("aws-iam", "#b38b00"),
            Map.entry("registry", "#c2185b"),
            Map.entry("deployment", "#5c8f1f"),
            Map.entry("http", "#777777"),
            Map.entry("consumer", "#a0522d"),
            Map.entry("postgres", "#336791"));

    private LineageStyle() { }

    /** The box fill of a system (light); unknown systems and unknown nodes are grey. */
    public static String fill(LineageNode n) {
        if (!n.known()) return "#f4f4f4";
        return FILL.getOrDefault(n.system(), "#f0f0f0");
    }

    /** The box outline and the system line's colour. */
    public static String stroke(LineageNode n) {
        if (!n.known()) return "#9e9e9e";
        return STROKE.getOrDefault(n.system(), "#808080");
    }

    /** The line above the label: {@code system · kind}, with "(unknown)" for an unknown end. */
    public static String subtitle(LineageNode n) {
        String s = n.system() + " · " + n.kind();
        return n.known() ? s : s + " (unknown)";
    }

    /** The width a node's box gets: its longest line, between {@link #MIN_WIDTH} and {@link #MAX_WIDTH}. */
    public static double width(LineageNode n) {
        int chars = Math.max(n.label().length(), subtitle(n).length() - 2);
        return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, chars * CHAR_WIDTH + 2 * PADDING));
    }

    /** {@code text} cut with an ellipsis so that it fits {@code width} (less the padding). */
    public static String fit(String text, double width) {
        int max = (int) Math.floor((width - 2 * PADDING) / CHAR_WIDTH);
        if (text.length() <= max) return text;
        if (max <= 1) return "…";
        return text.substring(0, max - 1) + "…";
    }

    /** The drift mark as a short badge text, or null when in sync or not read. */
    public static String driftBadge(LineageNode n) {
        String d = n.attribute("drift");
        if (d == null || d.equals("in-sync")) return null;
        return d;
    }
}
