package dev.mlpc.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TestCatalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DifferTest {
    private final Differ differ = new Differ(new TestCatalog());

    /** Renders readable pseudo statements so the tests can see what was asked for. */
    private static final Renderer R = new Renderer() {
        @Override public List<Statement> create(Resource r) { return List.of(Statement.of("CREATE " + r.type() + " " + r.name())); }
        @Override public Rendered update(Resource r, ObservedResource o, Set<String> changed) {
            return new Rendered(List.of(Statement.of("ALTER " + r.name() + " " + new java.util.TreeSet<>(changed))),
                    changed.contains("connection_limit") ? Safety.UNSAFE : Safety.SAFE);
        }
        @Override public List<Statement> drop(Resource r, ObservedResource o) { return List.of(Statement.of("DROP " + r.type() + " " + r.name())); }
    };

    private static Stack stack(Resource... rs) { return new Stack("s", "", List.of(rs), "s.yaml"); }

    private static ObservedResource seen(String type, String name, Map<String, Object> props) {
        return new ObservedResource(new ResourceKey(type, name), props);
    }

    @Test
    void offlinePlanCreatesEverythingInDependencyOrder() {
        Stack s = stack(
                Resource.of("t.schema", "sch", Map.of("db", "models")),
                Resource.of("t.db", "models", Map.of("owner", "owner")),
                Resource.of("t.role", "writer", Map.of("member_of", List.of("owner"))),
                Resource.of("t.role", "owner", Map.of()));
        Plan p = differ.diff(s, null, Inventory.nothing(), R);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("CREATE owner", "CREATE models", "CREATE writer", "CREATE sch");
        // owner must come before models (models.owner) and writer (member_of owner)
        List<String> order = p.actionable().stream().map(Change::name).toList();
        assertThat(order.indexOf("owner")).isLessThan(order.indexOf("models"));
        assertThat(order.indexOf("owner")).isLessThan(order.indexOf("writer"));
        assertThat(order.indexOf("models")).isLessThan(order.indexOf("sch"));
        assertThat(p.summary()).isEqualTo(new Plan.Summary(4, 0, 0, 0));
        assertThat(p.summary().trailer()).isEqualTo("+4 ~0 -0");
        assertThat(p.offline()).isTrue();
    }

    @Test
    void unchangedIsNoOpAndUnwrittenPropertiesAreNotManaged() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("connection_limit", 10L, "kind", "small")));
        Inventory inv = new Inventory(List.of(seen("t.db", "models", Map.of("connection_limit", 10L, "kind", "SMALL",
                "owner", "someone", "encoding", "UTF8"))), false, 2);
        Plan p = differ.diff(s, null, inv, R);
        assertThat(p.hasChanges()).isFalse();
        assertThat(p.changes()).extracting(Change::action).containsExactly(Action.NOOP);
        assertThat(p.toJsonTree().get("changes")).isEqualTo(List.of());
    }

    @Test
    void updatableDifferenceIsAnUpdateWithTheRenderersSafety() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("connection_limit", 5L)));
        Inventory inv = new Inventory(List.of(seen("t.db", "models", Map.of("connection_limit", 10L))), false, 1);
        Plan p = differ.diff(s, null, inv, R);
        assertThat(p.actionable()).hasSize(1);
        Change c = p.actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.safety()).isEqualTo(Safety.UNSAFE);
        assertThat(c.changed()).containsExactly("connection_limit");
        assertThat(c.reason()).isEqualTo("connection_limit: 10 -> 5");
        assertThat(p.summary().trailer()).isEqualTo("+0 ~1 -0");
    }

    @Test
    void immutableDifferenceIsADestructiveReplace() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("encoding", "LATIN1", "connection_limit", 5L)));
        Inventory inv = new Inventory(List.of(seen("t.db", "models", Map.of("encoding", "UTF8", "connection_limit", 10L))), false, 1);
        Plan p = differ.diff(s, null, inv, R);
        Change c = p.actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(c.statements()).extracting(Statement::display).containsExactly("DROP t.db models", "CREATE t.db models");
        assertThat(p.destructive()).containsExactly(c);
        assertThat(p.summary().trailer()).isEqualTo("+0 ~0 -0 -/+1");
    }

    @Test
    void setsCompareWithoutOrderAndEnumsWithoutCase() {
        Stack s = stack(Resource.of("t.schema", "sch", Map.of("db", "m", "privileges", List.of("usage", "CREATE"))),
                Resource.of("t.role", "r", Map.of("member_of", List.of("b", "a"))));
        Inventory inv = new Inventory(List.of(
                seen("t.schema", "sch", Map.of("db", "m", "privileges", List.of("CREATE", "USAGE"))),
                seen("t.role", "r", Map.of("member_of", List.of("a", "b")))), false, 1);
        assertThat(differ.diff(s, null, inv, R).hasChanges()).isFalse();
    }

    @Test
    void dropsOnlyWhatThePreviousStackManagedAndStillExistsInReverseOrder() {
        Stack previous = stack(Resource.of("t.role", "owner", Map.of()),
                Resource.of("t.db", "models", Map.of("owner", "owner")),
                Resource.of("t.schema", "sch", Map.of("db", "models")),
                Resource.of("t.role", "already_gone", Map.of()));
        Stack now = stack();
        Inventory inv = new Inventory(List.of(seen("t.role", "owner", Map.of()), seen("t.db", "models", Map.of()),
                seen("t.schema", "sch", Map.of("db", "models")), seen("t.role", "unmanaged", Map.of())), false, 3);
        Plan p = differ.diff(now, previous, inv, R);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("DROP sch", "DROP models", "DROP owner");
        assertThat(p.actionable()).allMatch(c -> c.safety() == Safety.DESTRUCTIVE);
        // offline: nothing exists, so nothing is dropped
        assertThat(differ.diff(now, previous, Inventory.nothing(), R).hasChanges()).isFalse();
    }

    @Test
    void cyclesAreOrderedAsWrittenWithAWarning() {
        Stack s = stack(Resource.of("t.role", "a", Map.of("member_of", List.of("b"))),
                Resource.of("t.role", "b", Map.of("member_of", List.of("a"))));
        Plan p = differ.diff(s, null, Inventory.nothing(), R);
        assertThat(p.actionable()).extracting(Change::name).containsExactly("a", "b");
        assertThat(p.warnings()).extracting(PlanWarning::rule).containsExactly("dependency-cycle");
    }

    @Test
    void planJsonHasTheContractShapeAndAStableHash() throws Exception {
        Stack s = stack(Resource.of("t.role", "owner", Map.of()));
        Plan p = differ.diff(s, null, Inventory.nothing(), R);
        JsonNode j = new ObjectMapper().readTree(p.toJson());
        assertThat(j.get("stack").asText()).isEqualTo("s");
        assertThat(j.get("summary").toString()).isEqualTo("{\"create\":1,\"update\":0,\"replace\":0,\"drop\":0}");
        JsonNode c = j.get("changes").get(0);
        assertThat(c.get("action").asText()).isEqualTo("create");
        assertThat(c.get("type").asText()).isEqualTo("t.role");
        assertThat(c.get("name").asText()).isEqualTo("owner");
        assertThat(c.get("safety").asText()).isEqualTo("safe");
        assertThat(c.get("statements").get(0).asText()).isEqualTo("CREATE t.role owner");
        assertThat(j.get("warnings").isArray()).isTrue();
        assertThat(p.sha256()).matches("[0-9a-f]{64}").isEqualTo(differ.diff(s, null, Inventory.nothing(), R).sha256());
        assertThat(p.toText()).contains("+ create t.role owner  [safe]").contains("Plan: 1 to create");
    }

    @Test
    void secretStatementsShowOnlyTheReference() throws Exception {
        Statement st = Statement.withSecret("ALTER ROLE r PASSWORD '${env:PW}'", secrets -> "ALTER ROLE r PASSWORD 'x'");
        assertThat(st.display()).isEqualTo("ALTER ROLE r PASSWORD '${env:PW}'");
        assertThat(st.executable(ref -> "x")).isEqualTo("ALTER ROLE r PASSWORD 'x'");
        List<String> none = new ArrayList<>();
        assertThat(st.needsSecret()).isTrue();
        assertThat(none).isEmpty();
    }

    @Test
    void anImmutableChangeSinceTheCommittedStackReplacesTheOldObject() {
        Stack previous = stack(Resource.of("t.schema", "sch", Map.of("db", "one")));
        Stack now = stack(Resource.of("t.schema", "sch", Map.of("db", "two")));
        // the live read looks at the new place, where nothing exists yet
        Plan p = differ.diff(now, previous, new Inventory(List.of(), false, 1), R);
        Change c = p.actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(c.reason()).contains("db: one -> two");
        assertThat(c.statements()).extracting(Statement::display).containsExactly("DROP t.schema sch", "CREATE t.schema sch");
        // offline, nothing is known to exist: just a create
        assertThat(differ.diff(now, previous, Inventory.nothing(), R).actionable().get(0).action()).isEqualTo(Action.CREATE);
    }

    @Test
    void anImmutableSettingIsComparedWithTheLiveObjectNotWithTheCommittedStack() {
        // the renderer says a t.db's encoding is a setting of the database, not which database is meant
        Renderer settings = new Renderer() {
            @Override public List<Statement> create(Resource r) { return R.create(r); }
            @Override public Rendered update(Resource r, ObservedResource o, Set<String> changed) { return R.update(r, o, changed); }
            @Override public List<Statement> drop(Resource r, ObservedResource o) { return R.drop(r, o); }
            @Override public boolean identifies(String type, String property) { return !property.equals("encoding"); }
        };
        Stack previous = stack(Resource.of("t.db", "models", Map.of("encoding", "UNICODE")));
        Stack now = stack(Resource.of("t.db", "models", Map.of("encoding", "UTF8")));
        Inventory live = new Inventory(List.of(seen("t.db", "models", Map.of("encoding", "UTF8"))), false, 1);
        // the stack now spells it as the live object has it: nothing to do (the default renderer replaces)
        assertThat(differ.diff(now, previous, live, settings).hasChanges()).isFalse();
        assertThat(differ.diff(now, previous, live, R).actionable().get(0).action()).isEqualTo(Action.REPLACE);
        // a real difference from the live object is still a replace, named against the live value
        Inventory latin = new Inventory(List.of(seen("t.db", "models", Map.of("encoding", "LATIN1"))), false, 1);
        Change c = differ.diff(now, previous, latin, settings).actionable().get(0);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reason()).isEqualTo("encoding: LATIN1 -> UTF8");
        // gone live: created, not dropped first
        Plan gone = differ.diff(now, previous, new Inventory(List.of(), false, 1), settings);
        assertThat(gone.actionable()).extracting(Change::action).containsExactly(Action.CREATE);
    }

    @Test
    void whatAReplacedContainerHoldsIsCreatedAgainInTheSamePlan() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("encoding", "LATIN1")),
                Resource.of("t.schema", "sch", Map.of("db", "models")),
                Resource.of("t.role", "r", Map.of()));
        Inventory inv = new Inventory(List.of(seen("t.db", "models", Map.of("encoding", "UTF8")),
                seen("t.schema", "sch", Map.of("db", "models")), seen("t.role", "r", Map.of())), false, 2);
        Plan p = differ.diff(s, null, inv, R);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("REPLACE models", "CREATE sch");
        assertThat(p.actionable().get(1).reason()).isEqualTo("created again: t.db models is replaced");
    }

    @Test
    void emptyTextEqualsUnset() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("encoding", "")));
        Inventory inv = new Inventory(List.of(seen("t.db", "models", Map.of())), false, 1);
        assertThat(differ.diff(s, null, inv, R).hasChanges()).isFalse();
    }

    private static Map<String, Object> col(String name, String type, Boolean nullable) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        if (nullable != null) m.put("nullable", nullable);
        return m;
    }

    @Test
    void objectListsCompareByKeyInAnyOrderAndAChangeCanStillNeedAReplace() {
        Resource want = Resource.of("t.table", "t", Map.of("columns", List.of(col("id", "NUMBER", false), col("f", "ARRAY", null))));
        // same columns, other order, an unwritten field differs: no change
        Inventory same = new Inventory(List.of(seen("t.table", "t", Map.of("columns",
                List.of(col("f", "ARRAY", true), col("id", "NUMBER", false))))), false, 1);
        assertThat(differ.diff(stack(want), null, same, R).hasChanges()).isFalse();
        // nullable differs: in place
        Inventory nullable = new Inventory(List.of(seen("t.table", "t", Map.of("columns",
                List.of(col("id", "NUMBER", true), col("f", "ARRAY", true))))), false, 1);
        Change u = differ.diff(stack(want), null, nullable, R).actionable().get(0);
        assertThat(u.action()).isEqualTo(Action.UPDATE);
        assertThat(u.changed()).containsExactly("columns");
        // a column missing live: in place (the renderer adds it)
        Inventory fewer = new Inventory(List.of(seen("t.table", "t", Map.of("columns", List.of(col("id", "NUMBER", false))))), false, 1);
        assertThat(differ.diff(stack(want), null, fewer, R).actionable().get(0).action()).isEqualTo(Action.UPDATE);
        // a type differs: the property's replaceWhen makes it a destructive replace
        Inventory retyped = new Inventory(List.of(seen("t.table", "t", Map.of("columns",
                List.of(col("id", "VARCHAR", false), col("f", "ARRAY", true))))), false, 1);
        Change r = differ.diff(stack(want), null, retyped, R).actionable().get(0);
        assertThat(r.action()).isEqualTo(Action.REPLACE);
        assertThat(r.safety()).isEqualTo(Safety.DESTRUCTIVE);
    }

    private final Differ nested = new Differ(TestCatalog.withObjects());

    private static Map<String, Object> settings(String role, String path, String kms, Long days, String token) {
        Map<String, Object> retention = new java.util.LinkedHashMap<>();
        if (days != null) retention.put("days", days);
        Map<String, Object> sharing = new java.util.LinkedHashMap<>();
        if (path != null) sharing.put("s3_output_path", path);
        if (kms != null) sharing.put("kms_key_id", kms);
        if (token != null) sharing.put("token", token);
        if (!retention.isEmpty()) sharing.put("retention", retention);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (role != null) m.put("execution_role", role);
        if (!sharing.isEmpty()) m.put("sharing", sharing);
        return m;
    }

    private Change nestedChange(Map<String, Object> want, Map<String, Object> live) {
        Stack s = stack(Resource.of("t.domain", "ml", Map.of("settings", want)));
        Inventory inv = new Inventory(List.of(seen("t.domain", "ml", Map.of("settings", live))), false, 1);
        return nested.diff(s, null, inv, R).changes().get(0);
    }

    @Test
    void objectsCompareOnlyTheFieldsTheStackWritesAtEveryLevel() {
        // the stack writes the role and the retention days; live has more fields, unmanaged, and a different token
        // (a secret, never compared)
        Map<String, Object> want = settings("role-a", null, null, 30L, "${env:TOKEN}");
        Map<String, Object> live = settings("role-a", "s3://live/out", "key-1", 30L, null);
        live.put("security_groups", List.of("sg-9"));
        assertThat(nestedChange(want, live).action()).isEqualTo(Action.NOOP);
    }

    @Test
    void aChangedNestedFieldIsAnUpdateNamingItsPath() {
        Change c = nestedChange(settings("role-a", "s3://new/out", "key-1", 30L, null),
                settings("role-a", "s3://old/out", "key-1", 30L, null));
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.changed()).containsExactlyInAnyOrder("settings", "settings.sharing.s3_output_path");
        assertThat(c.reason()).isEqualTo("settings.sharing.s3_output_path: s3://old/out -> s3://new/out");
        // three levels down, and a field missing live
        Change deep = nestedChange(settings("role-a", null, null, 60L, null), settings("role-a", null, null, 30L, null));
        assertThat(deep.action()).isEqualTo(Action.UPDATE);
        assertThat(deep.changed()).contains("settings.sharing.retention.days");
        Change missing = nestedChange(settings("role-a", "s3://x", null, null, null), settings("role-a", null, null, null, null));
        assertThat(missing.reason()).isEqualTo("settings.sharing.s3_output_path: (unset) -> s3://x");
    }

    @Test
    void anImmutableNestedFieldNeedsAReplaceWhileItsObjectIsUpdatable() {
        Change c = nestedChange(settings("role-a", null, "key-2", null, null), settings("role-a", null, "key-1", null, null));
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(c.changed()).contains("settings.sharing.kms_key_id");
        assertThat(c.statements()).extracting(Statement::display).containsExactly("DROP t.domain ml", "CREATE t.domain ml");
        // the same object with only an updatable field changed stays in place
        assertThat(nestedChange(settings("role-b", null, "key-1", null, null), settings("role-a", null, "key-1", null, null))
                .action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void aBusyObjectIsAWarningNotADiff() {
        Stack s = stack(Resource.of("t.db", "models", Map.of("encoding", "LATIN1", "connection_limit", 5L)),
                Resource.of("t.role", "r", Map.of("login", true)));
        // live differs in an immutable and an updatable property, but the object is being updated
        Inventory inv = new Inventory(List.of(
                seen("t.db", "models", Map.of("encoding", "UTF8", "connection_limit", 10L)).withStatus("Updating", true),
                seen("t.role", "r", Map.of("login", false)).withStatus("InService", false)), false, 2);
        Plan p = differ.diff(s, null, inv, R);
        assertThat(p.changes()).extracting(c -> c.action() + " " + c.name()).containsExactly("NOOP models", "UPDATE r");
        assertThat(p.destructive()).isEmpty();
        assertThat(p.warnings()).hasSize(1);
        PlanWarning w = p.warnings().get(0);
        assertThat(w.rule()).isEqualTo("busy");
        assertThat(w.type() + " " + w.name()).isEqualTo("t.db models");
        assertThat(w.message()).contains("Updating");
        assertThat(p.toJson()).contains("\"rule\" : \"busy\"");
        // the same object settled: the replace comes back
        Inventory settled = new Inventory(List.of(
                seen("t.db", "models", Map.of("encoding", "UTF8", "connection_limit", 10L)).withStatus("InService", false)), false, 1);
        assertThat(differ.diff(s, null, settled, R).actionable().get(0).action()).isEqualTo(Action.REPLACE);
    }

    @Test
    void aBusyObjectRemovedFromTheStackIsNotDroppedInThatPlan() {
        Stack previous = stack(Resource.of("t.role", "a", Map.of()), Resource.of("t.role", "b", Map.of()));
        Inventory inv = new Inventory(List.of(seen("t.role", "a", Map.of()).withStatus("Deleting", true),
                seen("t.role", "b", Map.of())), false, 1);
        Plan p = differ.diff(stack(), previous, inv, R);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("DROP b");
        assertThat(p.warnings()).extracting(PlanWarning::rule, PlanWarning::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("busy", "a"));
        assertThat(p.warnings().get(0).message()).contains("Deleting").contains("not dropped");
    }

    @Test
    void aNameInsideAnObjectOrdersTheResourceAfterTheOneItNames() {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(settings("role-a", null, null, null, null));
        settings.put("sharing", Map.of("owner_role", "sharer"));
        Stack s = stack(Resource.of("t.domain", "ml", Map.of("settings", settings)), Resource.of("t.role", "sharer", Map.of()));
        Plan p = nested.diff(s, null, Inventory.nothing(), R);
        assertThat(p.actionable()).extracting(Change::name).containsExactly("sharer", "ml");
    }
}
