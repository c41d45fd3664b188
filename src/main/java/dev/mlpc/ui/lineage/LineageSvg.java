package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The laid-out map as a standalone SVG document: one {@code <g class="node" data-id="…">} per node (box, system · kind
 * line, label, a {@code <title>} with the full id, drift and findings badges) and one {@code <path class="edge"
 * data-from="…" data-to="…">} per edge with an arrow head. Text is XML-escaped; no JavaFX.
 */
public final class LineageSvg {
    private LineageSvg() { }

    /** The SVG text of {@code layout}, with each node's governance findings (by node id; may be empty). */
    public static String write(LineageLayout.Result layout, Map<String, List<Finding>> findings) {
        StringBuilder b = new StringBuilder(4096);
        double w = Math.max(1, layout.width()), h = Math.max(1, layout.height());
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(n(w)).append("\" height=\"").append(n(h))
                .append("\" viewBox=\"0 0 ").append(n(w)).append(' ').append(n(h)).append("\" font-family=\"sans-serif\">\n");
        b.append("  <title>Lineage map").append(layout.root() == null ? "" : " of " + esc(layout.root())).append("</title>\n");
        b.append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555555\"/></marker></defs>\n");
        b.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (LineageLayout.Route r : layout.routes()) {
            b.append("  <path class=\"edge\" data-from=\"").append(esc(r.edge().from())).append("\" data-to=\"")
                    .append(esc(r.edge().to())).append("\" data-relation=\"").append(esc(r.edge().relation()))
                    .append("\" data-source=\"").append(r.edge().source().json()).append("\" d=\"");
            for (int i = 0; i < r.points().size(); i++) {
                LineageLayout.Point p = r.points().get(i);
                b.append(i == 0 ? "M " : " L ").append(n(p.x())).append(' ').append(n(p.y()));
            }
            b.append("\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1.2\"")
                    .append(r.edge().source() == dev.mlpc.lineage.EdgeSource.REGISTRY ? " stroke-dasharray=\"5 3\"" : "")
                    .append(" marker-end=\"url(#arrow)\"><title>").append(esc(r.edge().relation() + " (" + r.edge().source().json() + ")"))
                    .append("</title></path>\n");
        }
        for (LineageLayout.Box box : layout.boxes()) {
            var node = box.node();
            boolean root = node.id().equals(layout.root());
            b.append("  <g class=\"node\" data-id=\"").append(esc(node.id())).append("\" data-label=\"").append(esc(node.label()))
                    .append("\" transform=\"translate(").append(n(box.x())).append(' ').append(n(box.y())).append(")\">\n");
            b.append("    <title>").append(esc(node.label() + "\n" + node.id() + (node.known() ? "" : "\n" + box.subtitle())))
                    .append("</title>\n");
            b.append("    <rect width=\"").append(n(box.width())).append("\" height=\"").append(n(box.height()))
                    .append("\" rx=\"6\" fill=\"").append(LineageStyle.fill(node)).append("\" stroke=\"").append(LineageStyle.stroke(node))
                    .append("\" stroke-width=\"").append(root ? "3" : "1.2").append('"')
                    .append(node.known() ? "" : " stroke-dasharray=\"4 3\"").append("/>\n");
            b.append("    <text x=\"").append(n(LineageStyle.PADDING)).append("\" y=\"15\" font-size=\"10\" fill=\"")
                    .append(LineageStyle.stroke(node)).append("\">").append(esc(LineageStyle.fitSubtitle(box.subtitle(), box.width())))
                    .append("</text>\n");
            b.append("    <text class=\"label\" x=\"").append(n(LineageStyle.PADDING)).append("\" y=\"32\" font-size=\"12\" fill=\"#111111\">")
                    .append(esc(LineageStyle.fit(node.label(), box.width()))).append("</text>\n");
            double bx = LineageStyle.PADDING;
            String drift = LineageStyle.driftBadge(node);
            if (drift != null) bx = badge(b, bx, drift, "#fff0c2", "#8a6d00");
            List<Finding> fs = findings.getOrDefault(node.id(), List.of());
            long errors = fs.stream().filter(f -> f.severity() == Severity.ERROR).count();
            long warnings = fs.size() - errors;
            if (errors > 0) bx = badge(b, bx, errors + (errors == 1 ? " error" : " errors"), "#fde0e0", "#b00020");
            if (warnings > 0) badge(b, bx, warnings + (warnings == 1 ? " warning" : " warnings"), "#fff0c2", "#8a6d00");
            b.append("  </g>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double badge(StringBuilder b, double x, String text, String fill, String color) {
        double w = text.length() * 5.6 + 8;
        b.append("    <g class=\"badge\"><rect x=\"").append(n(x)).append("\" y=\"37\" width=\"").append(n(w))
                .append("\" height=\"12\" rx=\"3\" fill=\"").append(fill).append("\"/><text x=\"").append(n(x + 4))
                .append("\" y=\"46\" font-size=\"9\" fill=\"").append(color).append("\">").append(esc(text)).append("</text></g>\n");
        return x + w + 4;
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') b.append(' ');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
