package dev.mlpc.ui.lineage;

import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG export, parsed as XML and checked against the graph's node list and edges. */
class LineageSvgTest {

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) out.add(e);
        }
        return out;
    }

    /** Every node of {@code g} once, with its id and label; every edge once, from and to; nothing else. */
    static void assertMatches(String svg, LineageGraph g) throws Exception {
        Document d = parse(svg);
        List<Element> nodes = byClass(d, "g", "node");
        assertThat(nodes).hasSize(g.nodes().size());
        Set<String> ids = new HashSet<>();
        for (Element e : nodes) {
            String id = e.getAttribute("data-id");
            assertThat(ids.add(id)).as("one group per node: " + id).isTrue();
            LineageNode n = g.node(id).orElseThrow(() -> new AssertionError("not a node of the graph: " + id));
            assertThat(e.getAttribute("data-label")).isEqualTo(n.label());
            String title = e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent();
            assertThat(title).contains(n.id()).contains(n.label());
            String shown = byClassIn(e, "label").getTextContent();
            assertThat(n.label()).startsWith(shown.endsWith("…") ? shown.substring(0, shown.length() - 1) : shown);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(g.nodes().stream().map(LineageNode::id).toList());
        List<Element> edges = byClass(d, "path", "edge");
        assertThat(edges).hasSize(g.edges().size());
        assertThat(edges.stream().map(e -> e.getAttribute("data-from") + " -> " + e.getAttribute("data-to")).toList())
                .containsExactlyInAnyOrderElementsOf(g.edges().stream().map(e -> e.from() + " -> " + e.to()).toList());
        for (Element e : edges) assertThat(e.getAttribute("marker-end")).isEqualTo("url(#arrow)");
    }

    private static Element byClassIn(Element parent, String cls) {
        NodeList all = parent.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) return e;
        }
        throw new AssertionError("no ." + cls + " in " + parent.getAttribute("data-id"));
    }

    @Test
    void svgHoldsEveryNodeAndEdgeOfTheMap() throws Exception {
        LineageGraph g = LineageFixture.fourSystems();
        LineageLayout.Result r = LineageLayout.layout(g, "registry:reg/churn/3");
        String svg = LineageSvg.write(r, Map.of());
        assertMatches(svg, g);
        assertThat(svg).contains(">drift<").doesNotContain("drift drifted"); // the stage's drift badge, said once
        assertThat(svg).doesNotContain("drift in-sync").doesNotContain(">in-sync<");
        // the unknown end says what is known: not described, linked from the version that names it; never "unknown"
        assertThat(svg).contains(">not described — linked from churn v3<").doesNotContain("unknown · unknown");
        assertThat(svg).contains("stroke-dasharray=\"4 3\""); // the unknown end is dashed
    }

    @Test
    void findingsBecomeBadgesAndTextIsEscaped() throws Exception {
        List<LineageNode> nodes = new ArrayList<>(LineageFixture.fourSystems().nodes());
        nodes.add(new LineageNode("weird:<a&b>\"q\"", "snowflake", "table", "<a&b> \"q\" 'x'", null, null, true, Map.of()));
        LineageGraph g = new LineageGraph(nodes, LineageFixture.fourSystems().edges());
        List<Finding> findings = List.of(
                new Finding("shared-data-governed", Severity.ERROR, "datashare.share", "datashare:ds/share/partner-share", "shared outside"),
                new Finding("restricted-stays-inside", Severity.WARNING, "datashare.share", "datashare:ds/share/partner-share", "w"),
                new Finding("stage-rule", Severity.WARNING, "snowflake.stage", "RAW_STAGE", "by resource"),
                new Finding("elsewhere", Severity.ERROR, "x", "not-on-the-map", "ignored"));
        Map<String, List<Finding>> by = LineageFindings.byNode(g, findings);
        assertThat(by.keySet()).containsExactlyInAnyOrder("datashare:ds/share/partner-share", "snowflake:sf/stage/ML.PUBLIC.RAW_STAGE");
        String svg = LineageSvg.write(LineageLayout.layout(g, null), by);
        assertMatches(svg, g);
        assertThat(svg).contains(">1 error<").contains(">1 warning<");
        assertThat(svg).contains("&lt;a&amp;b&gt; &quot;q&quot; &apos;x&apos;");
    }
}
