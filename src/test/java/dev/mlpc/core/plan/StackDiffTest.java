package dev.mlpc.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TestCatalog;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackDiffTest {
    private static Stack stack(Resource... rs) { return new Stack("s", "", List.of(rs), "s.yaml"); }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void sameResourcesInAnotherOrderAreNoDifference() {
        Resource a = Resource.of("t.role", "a", map("login", true));
        Resource b = Resource.of("t.db", "d", map("owner", "a", "connection_limit", 5L));
        StackDiff d = StackDiff.between(stack(a, b), stack(b, Resource.of("t.role", "a", map("login", true))));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.toText()).isEqualTo("no differences\n");
        assertThat(d.summary()).isEqualTo("0 added, 0 removed, 0 changed");
    }

    @Test
    void addedRemovedAndChangedWithTextAndJsonExactly() {
        Stack v1 = stack(
                Resource.of("t.role", "reader", map("login", false)),
                Resource.of("t.db", "models", map("owner", "reader", "connection_limit", 10L, "tags", map("team", "ml"))),
                Resource.of("t.role", "old", map()));
        Stack v2 = stack(
                Resource.of("t.role", "reader", map("login", false)),
                Resource.of("t.db", "models", map("owner", "writer", "connection_limit", 20L,
                        "tags", map("team", "ml", "env", "prod"), "encoding", "UTF8")),
                Resource.of("t.role", "writer", map("login", true, "member_of", List.of("reader"))));
        StackDiff d = StackDiff.between(v1, v2);
        assertThat(d.added()).extracting(Resource::name).containsExactly("writer");
        assertThat(d.removed()).extracting(Resource::name).containsExactly("old");
        assertThat(d.changed()).extracting(StackDiff.Changed::key).containsExactly(new ResourceKey("t.db", "models"));
        assertThat(d.changed().get(0).properties()).containsExactly(
                new StackDiff.PropertyChange("owner", "reader", "writer"),
                new StackDiff.PropertyChange("connection_limit", 10L, 20L),
                new StackDiff.PropertyChange("tags.env", null, "prod"),
                new StackDiff.PropertyChange("encoding", null, "UTF8"));
        assertThat(d.toText()).isEqualTo("""
                1 added, 1 removed, 1 changed
                + t.role writer
                    login: true
                    member_of: ["reader"]
                - t.role old
                ~ t.db models
                    owner: "reader" -> "writer"
                    connection_limit: 10 -> 20
                    tags.env: (unset) -> "prod"
                    encoding: (unset) -> "UTF8"
                """);
        assertThat(d.toJson()).isEqualTo("""
                {
                  "summary" : {
                    "added" : 1,
                    "removed" : 1,
                    "changed" : 1
                  },
                  "added" : [ {
                    "type" : "t.role",
                    "name" : "writer",
                    "properties" : {
                      "login" : true,
                      "member_of" : [ "reader" ]
                    }
                  } ],
                  "removed" : [ {
                    "type" : "t.role",
                    "name" : "old",
                    "properties" : { }
                  } ],
                  "changed" : [ {
                    "type" : "t.db",
                    "name" : "models",
                    "properties" : [ {
                      "property" : "owner",
                      "before" : "reader",
                      "after" : "writer"
                    }, {
                      "property" : "connection_limit",
                      "before" : 10,
                      "after" : 20
                    }, {
                      "property" : "tags.env",
                      "before" : null,
                      "after" : "prod"
                    }, {
                      "property" : "encoding",
                      "before" : null,
                      "after" : "UTF8"
                    } ]
                  } ]
                }""");
        // the same input gives the same bytes
        assertThat(StackDiff.between(v1, v2).toJson()).isEqualTo(d.toJson());
    }

    @Test
    void objectListItemsAreComparedByTheirKeyFieldInAnyOrder() throws Exception {
        Resource t1 = Resource.of("t.table", "runs", map("columns", List.of(
                map("name", "id", "type", "int"), map("name", "note", "type", "text"), map("name", "gone", "type", "text"))));
        Resource t2 = Resource.of("t.table", "runs", map("columns", List.of(
                map("name", "note", "type", "text", "nullable", false), map("name", "id", "type", "bigint"),
                map("name", "added", "type", "date"))));
        for (StackDiff d : List.of(StackDiff.between(stack(t1), stack(t2), new TestCatalog()),
                StackDiff.between(stack(t1), stack(t2)))) {
            assertThat(d.changed()).hasSize(1);
            assertThat(d.changed().get(0).properties()).containsExactly(
                    new StackDiff.PropertyChange("columns[note].nullable", null, false),
                    new StackDiff.PropertyChange("columns[id].type", "int", "bigint"),
                    new StackDiff.PropertyChange("columns[added]", null, map("name", "added", "type", "date")),
                    new StackDiff.PropertyChange("columns[gone]", map("name", "gone", "type", "text"), null));
            JsonNode json = new ObjectMapper().readTree(d.toJson());
            assertThat(json.at("/changed/0/properties/2/after/type").asText()).isEqualTo("date");
            assertThat(json.at("/changed/0/properties/3/after").isNull()).isTrue();
        }
    }

    @Test
    void listsWithoutKeysAreComparedByPosition() {
        Resource a = Resource.of("x.thing", "t", map("steps", List.of(map("run", "a"), map("run", "b"))));
        Resource b = Resource.of("x.thing", "t", map("steps", List.of(map("run", "a"), map("run", "c"), map("run", "d"))));
        StackDiff d = StackDiff.between(stack(a), stack(b));
        assertThat(d.changed().get(0).properties()).containsExactly(
                new StackDiff.PropertyChange("steps[1].run", "b", "c"),
                new StackDiff.PropertyChange("steps[2]", null, map("run", "d")));
    }

    @Test
    void nestedObjectsAreComparedByDottedPath() {
        TestCatalog catalog = TestCatalog.withObjects();
        Resource a = Resource.of("t.domain", "d", map("auth_mode", "IAM", "settings", map("execution_role", "r1",
                "sharing", map("retention", map("days", 30L, "mode", "GOVERNANCE")),
                "apps", List.of(map("name", "jupyter", "instance_type", "ml.t3.medium")))));
        Resource b = Resource.of("t.domain", "d", map("auth_mode", "iam", "settings", map("execution_role", "r1",
                "sharing", map("retention", map("days", 90L, "mode", "GOVERNANCE"), "s3_output_path", "s3://b/out"),
                "apps", List.of(map("name", "jupyter", "instance_type", "ml.m5.large")))));
        StackDiff d = StackDiff.between(stack(a), stack(b), catalog);
        assertThat(d.changed().get(0).properties()).containsExactly(
                new StackDiff.PropertyChange("settings.sharing.retention.days", 30L, 90L),
                new StackDiff.PropertyChange("settings.sharing.s3_output_path", null, "s3://b/out"),
                new StackDiff.PropertyChange("settings.apps[jupyter].instance_type", "ml.t3.medium", "ml.m5.large"));
        // without the catalog the enum's case counts
        assertThat(StackDiff.between(stack(a), stack(b)).changed().get(0).properties().get(0))
                .isEqualTo(new StackDiff.PropertyChange("auth_mode", "IAM", "iam"));
    }

    @Test
    void setsAreComparedAsSetsWithACatalogAndNumbersByValue() {
        Resource a = Resource.of("t.schema", "s", map("db", "d", "privileges", List.of("USAGE", "CREATE")));
        Resource b = Resource.of("t.schema", "s", map("db", "d", "privileges", List.of("create", "USAGE")));
        assertThat(StackDiff.between(stack(a), stack(b), new TestCatalog()).isEmpty()).isTrue();
        assertThat(StackDiff.between(stack(a), stack(b)).changed().get(0).properties())
                .containsExactly(new StackDiff.PropertyChange("privileges", List.of("USAGE", "CREATE"), List.of("create", "USAGE")));
        Resource n1 = Resource.of("t.db", "d", map("connection_limit", 5L));
        Resource n2 = Resource.of("t.db", "d", map("connection_limit", 5.0));
        assertThat(StackDiff.between(stack(n1), stack(n2)).isEmpty()).isTrue();
    }

    @Test
    void anAbsentStackIsEverythingAddedOrRemoved() {
        Stack v = stack(Resource.of("t.role", "a", map()), Resource.of("t.role", "b", map()));
        assertThat(StackDiff.between(null, v).added()).extracting(Resource::name).containsExactly("a", "b");
        assertThat(StackDiff.between(v, null).removed()).extracting(Resource::name).containsExactly("a", "b");
        assertThat(StackDiff.between(null, null).isEmpty()).isTrue();
    }
}
