package dev.mlpc.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.spec.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's JSON contract, hash and text: where each change's statements run is part of all three. */
class PlanTest {
    private static Change create(String name, Statement... st) {
        return new Change(Action.CREATE, new ResourceKey("t.schema", name), Safety.SAFE, List.of(st), Set.of(), "");
    }

    private static Plan plan(Change... changes) {
        return new Plan("s", "t", List.of(changes), List.of(), true);
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theSameStatementInAnotherDatabaseIsAnotherPlan() throws Exception {
        Plan db1 = plan(create("registry", Statement.of("CREATE SCHEMA \"registry\"").in("db1")));
        Plan db2 = plan(create("registry", Statement.of("CREATE SCHEMA \"registry\"").in("db2")));

        assertThat(db1.toJson()).isNotEqualTo(db2.toJson());
        assertThat(db1.sha256()).isNotEqualTo(db2.sha256());

        JsonNode c = new ObjectMapper().readTree(db1.toJson()).get("changes").get(0);
        assertThat(keys(c)).containsExactly("action", "type", "name", "safety", "statements", "target");
        assertThat(c.get("target").asText()).isEqualTo("db1");
        assertThat(c.get("statements").get(0).asText()).isEqualTo("CREATE SCHEMA \"registry\"");

        assertThat(db1.toText()).contains("+ create t.schema registry  [safe]  [target: db1]\n")
                .doesNotContain("db2");
        assertThat(db2.toText()).contains("[target: db2]");
    }

    @Test
    void statementsOnTheDefaultConnectionCarryNoTarget() throws Exception {
        Plan p = plan(create("owner", Statement.of("CREATE ROLE \"owner\""), Statement.of("COMMENT ON ROLE \"owner\" IS NULL")));
        JsonNode c = new ObjectMapper().readTree(p.toJson()).get("changes").get(0);
        assertThat(keys(c)).containsExactly("action", "type", "name", "safety", "statements");
        assertThat(p.toText()).doesNotContain("target");
        assertThat(Plan.target(p.actionable().get(0))).isNull();
        // the existing contract is unchanged for such plans: the same bytes as before targets existed
        assertThat(p.toJson()).isEqualTo("""
                {
                  "stack" : "s",
                  "summary" : {
                    "create" : 1,
                    "update" : 0,
                    "replace" : 0,
                    "drop" : 0
                  },
                  "changes" : [ {
                    "action" : "create",
                    "type" : "t.schema",
                    "name" : "owner",
                    "safety" : "safe",
                    "statements" : [ "CREATE ROLE \\"owner\\"", "COMMENT ON ROLE \\"owner\\" IS NULL" ]
                  } ],
                  "warnings" : [ ]
                }
                """);
    }

    @Test
    void statementsInSeveralPlacesGetOneTargetPerStatement() throws Exception {
        Change moved = new Change(Action.REPLACE, new ResourceKey("t.schema", "s"), Safety.DESTRUCTIVE, List.of(
                Statement.of("DROP SCHEMA \"s\"").in("db1"),
                Statement.of("CREATE SCHEMA \"s\"").in("db2"),
                Statement.of("GRANT x").in("db2"),
                Statement.of("SELECT 1")), Set.of("db"), "db: db1 -> db2");
        Plan p = plan(moved);
        assertThat(Plan.targets(moved)).containsExactly("db1", "db2", null);
        JsonNode t = new ObjectMapper().readTree(p.toJson()).get("changes").get(0).get("target");
        assertThat(t.isArray()).isTrue();
        List<String> each = new ArrayList<>();
        t.forEach(x -> each.add(x.isNull() ? null : x.asText()));
        assertThat(each).isEqualTo(Arrays.asList("db1", "db2", "db2", null));
        assertThat(p.toText()).contains("-/+ replace t.schema s  [destructive]  [target: db1, db2, (default)]  db: db1 -> db2");

        Change swapped = new Change(Action.REPLACE, moved.key(), Safety.DESTRUCTIVE, List.of(
                Statement.of("DROP SCHEMA \"s\"").in("db2"),
                Statement.of("CREATE SCHEMA \"s\"").in("db1"),
                Statement.of("GRANT x").in("db2"),
                Statement.of("SELECT 1")), Set.of("db"), "db: db1 -> db2");
        assertThat(plan(swapped).sha256()).isNotEqualTo(p.sha256());
    }
}
