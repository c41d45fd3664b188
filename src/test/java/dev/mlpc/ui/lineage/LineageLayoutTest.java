package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ELK layout of the map, without a window: no overlaps, data flowing left to right, routes on the boxes. */
class LineageLayoutTest {

    private static void assertWellLaidOut(LineageGraph g, LineageLayout.Result r) {
        assertThat(r.boxes()).hasSize(g.nodes().size());
        assertThat(r.routes()).hasSize(g.edges().size());
        List<LineageLayout.Box> boxes = r.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            LineageLayout.Box a = boxes.get(i);
            assertThat(a.x()).isGreaterThanOrEqualTo(0);
            assertThat(a.y()).isGreaterThanOrEqualTo(0);
            assertThat(a.x() + a.width()).isLessThanOrEqualTo(r.width());
            assertThat(a.y() + a.height()).isLessThanOrEqualTo(r.height());
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(a.overlaps(boxes.get(j))).as(a.id() + " overlaps " + boxes.get(j).id()).isFalse();
            }
        }
        for (LineageLayout.Route route : r.routes()) {
            LineageEdge e = route.edge();
            LineageLayout.Box from = r.box(e.from()), to = r.box(e.to());
            assertThat(from.x() + from.width()).as(e.from() + " left of " + e.to()).isLessThanOrEqualTo(to.x());
            LineageLayout.Point start = route.points().get(0), end = route.points().get(route.points().size() - 1);
            assertThat(start.x()).as("starts on the right side of " + e.from()).isCloseTo(from.x() + from.width(), org.assertj.core.data.Offset.offset(1.0));
            assertThat(end.x()).as("ends on the left side of " + e.to()).isCloseTo(to.x(), org.assertj.core.data.Offset.offset(1.0));
            assertThat(start.y()).isBetween(from.y(), from.y() + from.height());
            assertThat(end.y()).isBetween(to.y(), to.y() + to.height());
            for (int k = 1; k < route.points().size(); k++) {
                LineageLayout.Point p = route.points().get(k - 1), q = route.points().get(k);
                assertThat(p.x() == q.x() || p.y() == q.y()).as("orthogonal segment of " + e).isTrue();
            }
        }
    }

    @Test
    void fourSystemsLaidOutLeftToRightWithoutOverlaps() {
        LineageGraph g = LineageFixture.fourSystems();
        LineageLayout.Result r = LineageLayout.layout(g, "snowflake:sf/table/ML.PUBLIC.EVENTS");
        assertWellLaidOut(g, r);
        assertThat(r.root()).isEqualTo("snowflake:sf/table/ML.PUBLIC.EVENTS");
        // the source storage is in the first column, the consumer and the deployment in later ones
        double storageX = r.box("s3://raw-bucket/events/").x();
        assertThat(r.boxes().stream().filter(b -> b.node().known()))
                .allSatisfy(b -> assertThat(b.x()).isGreaterThanOrEqualTo(storageX - 0.01));
        assertThat(r.box("deployment:churn-prod").x()).isGreaterThan(r.box("registry:reg/churn/3").x());
    }

    @Test
    void boxesAreWideEnoughForTheirLabelsOrCutThemWithAnEllipsis() {
        LineageGraph g = LineageFixture.fourSystems();
        LineageLayout.Result r = LineageLayout.layout(g, null);
        for (LineageLayout.Box b : r.boxes()) {
            String shown = LineageStyle.fit(b.node().label(), b.width());
            assertThat(shown.length() * LineageStyle.CHAR_WIDTH).isLessThanOrEqualTo(b.width() - 2 * LineageStyle.PADDING);
            if (!shown.equals(b.node().label())) assertThat(shown).endsWith("…");
        }
        assertThat(LineageStyle.fit("x".repeat(200), LineageStyle.MAX_WIDTH)).endsWith("…").hasSizeLessThan(40);
    }

    @Test
    void neighbourhoodOfASyntheticGraph() {
        LineageGraph big = LineageFixture.synthetic(20, 40);
        LineageGraph hood = big.neighbourhood("n10_5", Direction.BOTH, 3);
        LineageLayout.Result r = LineageLayout.layout(hood, "n10_5");
        assertWellLaidOut(hood, r);
        assertThat(hood.nodes().size()).isGreaterThan(20);
    }

    @Test
    void emptyGraphAndSingleNode() {
        LineageLayout.Result empty = LineageLayout.layout(LineageGraph.empty(), null);
        assertThat(empty.boxes()).isEmpty();
        LineageGraph one = LineageFixture.fourSystems().neighbourhood("consumer:partner.example", Direction.DOWNSTREAM, 3);
        LineageLayout.Result r = LineageLayout.layout(one, "consumer:partner.example");
        assertThat(r.boxes()).hasSize(1);
        assertThat(r.routes()).isEmpty();
    }

    @Test
    void keyboardNavigationFollowsEdgesAndColumns() {
        LineageGraph g = LineageFixture.fourSystems();
        LineageLayout.Result r = LineageLayout.layout(g, "snowflake:sf/table/ML.PUBLIC.EVENTS");
        String table = "snowflake:sf/table/ML.PUBLIC.EVENTS";
        assertThat(LineageNavigation.move(r, table, LineageNavigation.Move.DOWNSTREAM)).isEqualTo("registry:reg/churn/3");
        assertThat(LineageNavigation.move(r, table, LineageNavigation.Move.UPSTREAM)).isEqualTo("snowflake:sf/pipe/ML.PUBLIC.LOAD_EVENTS");
        assertThat(LineageNavigation.move(r, "consumer:partner.example", LineageNavigation.Move.DOWNSTREAM)).isEqualTo("consumer:partner.example");
        String version = "registry:reg/churn/3";
        String next = LineageNavigation.move(r, version, LineageNavigation.Move.DOWNSTREAM);
        assertThat(next).isIn("registry:reg/churn", "deployment:churn-prod");
        String other = next.equals("registry:reg/churn") ? "deployment:churn-prod" : "registry:reg/churn";
        // the two targets of the version share a column: Up/Down moves between them
        LineageNavigation.Move towards = r.box(other).y() > r.box(next).y() ? LineageNavigation.Move.DOWN : LineageNavigation.Move.UP;
        assertThat(r.box(other).x()).isEqualTo(r.box(next).x());
        assertThat(LineageNavigation.move(r, next, towards)).isEqualTo(other);
        assertThat(LineageNavigation.move(r, "nope", LineageNavigation.Move.UP)).isEqualTo(r.root());
    }
}
