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
    /** Advance allowed for a character of the 10 px system · kind line (five sixths of {@link #CHAR_WIDTH}). */
    public static final double SMALL_CHAR_WIDTH = CHAR_WIDTH * 10 / 12;
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

    /** The line above the label: {@code system · kind}; for an unknown end what is known of it (see below). */
    public static String subtitle(LineageNode n) {
        return subtitle(n, null);
    }

    /**
     * The line above the label. A known node: {@code system · kind}. An unknown end (a link to something no stack,
     * registry or live system describes): {@code not described — linked from X} ({@code X} = the label of the node
     * that links to it, when given), preceded by its system when that much is known ({@code snowflake · not
     * described …}); its label is the raw name the link used.
     */
    public static String subtitle(LineageNode n, String linkedFrom) {
        if (n.known()) return n.system() + " · " + n.kind();
        String s = (n.system() == null || n.system().equals("unknown") ? "" : n.system() + " · ") + "not described";
        return linkedFrom == null ? s : s + " — linked from " + linkedFrom;
    }

    /** The width a node's box gets: its longest line, between {@link #MIN_WIDTH} and {@link #MAX_WIDTH}. */
    public static double width(LineageNode n) {
        return width(n, subtitle(n));
    }

    /** The width a node's box gets with {@code subtitle} as its first line (10 px: narrower than the label's 12 px). */
    public static double width(LineageNode n, String subtitle) {
        double text = Math.max(n.label().length() * CHAR_WIDTH, subtitle.length() * SMALL_CHAR_WIDTH);
        return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.ceil(text) + 2 * PADDING));
    }

    /** {@code text} cut with an ellipsis so that it fits {@code width} (less the padding). */
    public static String fit(String text, double width) {
        return fit(text, width, CHAR_WIDTH);
    }

    /** The system · kind line cut with an ellipsis so that it fits {@code width} (less the padding). */
    public static String fitSubtitle(String text, double width) {
        return fit(text, width, SMALL_CHAR_WIDTH);
    }

    private static String fit(String text, double width, double charWidth) {
        int max = (int) Math.floor((width - 2 * PADDING) / charWidth);
        if (text.length() <= max) return text;
        if (max <= 1) return "…";
        return text.substring(0, max - 1) + "…";
    }

    /**
     * The drift mark as a short badge text, or null when in sync or not read: {@code drifted} → "drift",
     * {@code missing} → "missing", {@code unknown} → "not compared", anything else as it is.
     */
    public static String driftBadge(LineageNode n) {
        String d = n.attribute("drift");
        if (d == null || d.equals("in-sync")) return null;
        return switch (d) {
            case "drifted" -> "drift";
            case "unknown" -> "not compared";
            default -> d;
        };
    }

    /** The CSS class of a node's system ({@code lineage-sys-snowflake}, …; {@code lineage-sys-other} for the rest). */
    public static String styleClass(LineageNode n) {
        return FILL.containsKey(n.system()) ? "lineage-sys-" + n.system() : "lineage-sys-other";
    }
}
