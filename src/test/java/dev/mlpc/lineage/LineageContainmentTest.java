package dev.mlpc.lineage;

import dev.mlpc.core.spec.Resource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What a database or schema holds (resolved by id, not by edges) and walks filtered by relation. */
class LineageContainmentTest {
    static LineageNode node(String id) {
        return new LineageNode(id, id.substring(0, id.indexOf(':')), "table", id, null, null, true, Map.of());
    }

    @Test
    void aSchemaHoldsTheObjectsOfItsNameInItsConnectionOrUnscoped() {
        Predicate<String> pg = LineageIds.containedIn(Resource.of("postgres.schema", "Feat", Map.of("database", "ml")), "pg");
        assertThat(pg.test("postgres:table:pg/ml.\"Feat\".t")).isTrue();
        assertThat(pg.test("postgres:table:*/ml.\"Feat\".t")).isTrue();
        assertThat(pg.test("postgres:table:other/ml.\"Feat\".t")).isFalse();
        assertThat(pg.test("postgres:table:pg/ml.feat.t")).isFalse(); // PostgreSQL names are exact: Feat is not feat
        assertThat(pg.test("postgres:table:pg/ml.\"Feat\"x.t")).isFalse();

        Predicate<String> sf = LineageIds.containedIn(Resource.of("snowflake.schema", "feat", Map.of("database", "ml")), "sf");
        assertThat(sf.test("snowflake:table:sf/ML.FEAT.EVENTS")).isTrue();
        assertThat(sf.test("snowflake:stage:sf/ML.FEAT.LANDING")).isTrue();
        assertThat(sf.test("snowflake:table:sf/ML.FEATURES.EVENTS")).isFalse();
        assertThat(sf.test("snowflake:integration:sf/ML")).isFalse();
        Predicate<String> sfDb = LineageIds.containedIn(Resource.of("snowflake.database", "\"Mixed\"", Map.of()), null);
        assertThat(sfDb).isNotNull();
        assertThat(LineageIds.containedIn(Resource.of("snowflake.database", "ml", Map.of()), null)
                .test("snowflake:pipe:any-conn/ML.S.P")).isTrue();
        assertThat(LineageIds.containedIn(Resource.of("postgres.role", "r", Map.of()), "pg")).isNull();
    }

    @Test
    void containmentIsWalkedOnlyWhenAsked() {
        LineageGraph g = new LineageGraph(List.of(node("s3://b/a"), node("s3://b/a/x"), node("registry:version:r/m/1"),
                node("postgres:table:pg/db.s.t")),
                List.of(new LineageEdge("s3://b/a", "s3://b/a/x", LineageEdge.CONTAINS, EdgeSource.STACK, ""),
                        new LineageEdge("s3://b/a/x", "registry:version:r/m/1", "input", EdgeSource.REGISTRY, ""),
                        new LineageEdge("postgres:table:pg/db.s.t", "registry:version:r/m/1", "input", EdgeSource.REGISTRY, "")));
        String v = "registry:version:r/m/1";
        assertThat(g.reachable(v, Direction.UPSTREAM, 9)).containsExactly("s3://b/a/x", "postgres:table:pg/db.s.t", "s3://b/a");
        assertThat(g.reachable(v, Direction.UPSTREAM, 9, LineageGraph.DATA_FLOW))
                .containsExactly("s3://b/a/x", "postgres:table:pg/db.s.t");
        assertThat(g.reachable("s3://b/a", Direction.DOWNSTREAM, 9, LineageGraph.CONTAINMENT)).containsExactly("s3://b/a/x");
        assertThat(g.contained(Resource.of("postgres.database", "db", Map.of()), "pg"))
                .extracting(LineageNode::id).containsExactly("postgres:table:pg/db.s.t");
    }
}
