package dev.mlpc.app;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported defect: the grants of a wizard-made PostgreSQL backend showed ✔ (or nothing) in the live tree while
 * {@code mlpc plan} had grant updates. The wizard's stack is applied to the real server, grants are changed live, and
 * every change of the plan must have a DIFFERS mark in the tree — on a grant node under the object and under the
 * role, or, for a grant of no privilege left, on the stack grant's own row in the Privileges folder.
 */
class DriftPostgresGrantsTest {
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private ConnectionProfile profile;
    private String db;
    private String owner;
    private String writer;
    private String reader;
    private Stack stack;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_gr");
        owner = pg.role("mlpc_gr_owner");
        writer = pg.role("mlpc_gr_writer");
        reader = pg.role("mlpc_gr_reader");
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        profile = PgTestSupport.profile("local-pg");
        PostgresWizardModel m = new PostgresWizardModel(wb.registry());
        m.stackName().set("grants-backend");
        m.databaseName().set(db);
        m.ownerRole().set(owner);
        m.writerRole().set(writer);
        m.readerRole().set(reader);
        m.writerLogin().set(false);
        m.readerLogin().set(false);
        m.extensions().forEach(e -> e.selected().set(false));
        assertThat(m.validateStack()).isEmpty();
        stack = m.stack();
        DriftPostgresFixture.commit(wb, m.yaml());
        try (ProviderSession s = wb.openSession(profile)) {
            var result = s.apply(wb.offlinePlan(stack), Progress.NONE);
            assertThat(result.failure()).isNull();
        }
        // a table, so that all-tables grants have something to be on
        PgTestSupport.execIn(db, "SET ROLE " + PgTestSupport.q(owner),
                "CREATE TABLE " + PgTestSupport.q(m.schemaName().get()) + ".models (id int)");
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.deleteTree(home);
        pg.close();
    }

    private static List<LiveNode> children(ProviderSession s, LiveNode parent) throws Exception {
        return s.children(parent, Progress.NONE);
    }

    private static LiveNode child(ProviderSession s, LiveNode parent, String label) throws Exception {
        return children(s, parent).stream().filter(n -> n.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " under " + (parent == null ? "the top" : parent.path())));
    }

    /** Every grant node of the connection's tree for the wizard's database, under the objects and under the roles. */
    private List<LiveNode> grantNodes(ProviderSession s) throws Exception {
        List<LiveNode> out = new ArrayList<>();
        LiveNode database = child(s, child(s, null, "Databases"), db);
        out.addAll(children(s, child(s, database, "Privileges")));
        String schema = stack.resources().stream().filter(r -> r.type().equals("postgres.schema")).findFirst().orElseThrow().name();
        LiveNode schemaNode = child(s, child(s, database, "Schemas"), schema);
        out.addAll(children(s, child(s, schemaNode, "Privileges")));
        for (String role : List.of(owner, writer, reader)) {
            LiveNode roleNode = child(s, child(s, null, "Roles"), role);
            for (LiveNode n : children(s, roleNode)) {
                if (n.kind().equals("grant")) out.add(n);
                else if (n.label().equals("Objects in " + db)) out.addAll(children(s, n));
            }
        }
        return out;
    }

    private Plan plan(ProviderSession s) throws Exception {
        return new Differ(wb.registry()).diff(stack, null, s.read(stack.resources(), Progress.NONE),
                Planner.liveRenderer(s, wb.registry().require("postgres"), stack));
    }

    @Test
    void freshlyAppliedGrantsAreInSyncUnderTheObjectAndUnderTheRole() throws Exception {
        try (ProviderSession s = wb.openSession(profile)) {
            assertThat(plan(s).actionable()).isEmpty();
            Drift drift = wb.drift(profile, s, Progress.NONE);
            List<LiveNode> grants = grantNodes(s);
            Map<ResourceKey, List<Drift.State>> byStackGrant = new HashMap<>();
            for (LiveNode n : grants) {
                Drift.Mark m = drift.markOf(n);
                assertThat(m).as("mark of %s", n.label()).isNotNull();
                if (m.resource() != null) byStackGrant.computeIfAbsent(m.resource().key(), k -> new ArrayList<>()).add(m.state());
            }
            // each of the wizard's 8 grants is a node under its object and another under its role, both in sync
            List<Resource> stackGrants = stack.resources().stream().filter(r -> r.type().equals("postgres.grant")).toList();
            assertThat(stackGrants).hasSize(8);
            for (Resource g : stackGrants) {
                assertThat(byStackGrant.get(g.key())).as("marks of %s", g.name())
                        .containsExactly(Drift.State.IN_SYNC, Drift.State.IN_SYNC);
            }
            // the owner's own privileges are live but in no stack
            assertThat(grants).filteredOn(n -> n.details().get("role").equals(owner))
                    .isNotEmpty().allMatch(n -> drift.markOf(n).state() == Drift.State.UNMANAGED);
            assertThat(drift.unlisted()).isEmpty();
        }
    }

    @Test
    void everyGrantChangeOfThePlanIsMarkedDiffersInTheTree() throws Exception {
        String schema = stack.resources().stream().filter(r -> r.type().equals("postgres.schema")).findFirst().orElseThrow().name();
        PgTestSupport.execIn(db,
                // an extra privilege on the database, a privilege taken from the tables, a future grant revoked whole
                "GRANT CREATE ON DATABASE " + PgTestSupport.q(db) + " TO " + PgTestSupport.q(writer),
                "REVOKE DELETE ON ALL TABLES IN SCHEMA " + PgTestSupport.q(schema) + " FROM " + PgTestSupport.q(writer),
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + PgTestSupport.q(owner) + " IN SCHEMA " + PgTestSupport.q(schema)
                        + " REVOKE ALL ON TABLES FROM " + PgTestSupport.q(reader));
        try (ProviderSession s = wb.openSession(profile)) {
            Plan plan = plan(s);
            List<Change> updates = plan.actionable();
            assertThat(updates).extracting(Change::type).containsOnly("postgres.grant");
            assertThat(updates).extracting(Change::action).containsOnly(Action.UPDATE);
            assertThat(updates).hasSize(3);

            Drift drift = wb.drift(profile, s, Progress.NONE);
            List<LiveNode> grants = grantNodes(s);
            for (Change c : updates) {
                List<Drift.Mark> shown = new ArrayList<>();
                for (LiveNode n : grants) {
                    Drift.Mark m = drift.markOf(n);
                    if (m.resource() != null && m.resource().key().equals(c.key())) shown.add(m);
                }
                drift.unlisted().stream().filter(u -> u.resource().key().equals(c.key())).forEach(u -> shown.add(u.mark()));
                assertThat(shown).as("tree marks of %s, which the plan updates", c.name()).isNotEmpty()
                        .allMatch(m -> m.state() == Drift.State.DIFFERS && m.properties().contains("privileges"));
            }
            // the revoked future grant has no ACL entry left: its stack row is placed in the schema's Privileges folder
            // and under its role's "Objects in <db>" (issue 14, review 2)
            assertThat(drift.unlisted()).extracting(u -> u.resource().name() + " @" + u.parentPath())
                    .containsExactly("reader_future @databases/" + db + "/schemas/" + schema + "/%grants",
                            "reader_future @roles/" + reader + "/%in/" + db);
            // no grant node says in sync for a grant the plan changes
            for (LiveNode n : grants) {
                Drift.Mark m = drift.markOf(n);
                if (m.state() == Drift.State.IN_SYNC) {
                    assertThat(updates).extracting(Change::key).doesNotContain(m.resource().key());
                }
            }
        }
    }

    /**
     * The review's case: USAGE on the schema revoked from the reader. The reader's grant holds no privilege any more, so
     * the tree lists it only as its stack row in the Privileges folder; the database, the schema and the role above it
     * must not say ✔, whether or not their rows are loaded ({@link Drift#driftBelow}).
     */
    @Test
    void aRevokedSchemaUsageIsDriftBelowTheDatabaseTheSchemaAndTheRole() throws Exception {
        String schema = stack.resources().stream().filter(r -> r.type().equals("postgres.schema")).findFirst().orElseThrow().name();
        try (ProviderSession s = wb.openSession(profile)) {
            Drift drift = wb.drift(profile, s, Progress.NONE);
            assertThat(drift.driftBelow("databases/" + db)).as("all in sync").isNull();
        }
        PgTestSupport.execIn(db, "REVOKE USAGE ON SCHEMA " + PgTestSupport.q(schema) + " FROM " + PgTestSupport.q(reader));
        try (ProviderSession s = wb.openSession(profile)) {
            assertThat(plan(s).actionable()).extracting(Change::type).containsOnly("postgres.grant");
            Drift drift = wb.drift(profile, s, Progress.NONE);
            for (String path : List.of("databases/" + db, "databases/" + db + "/schemas", "databases/" + db + "/schemas/" + schema,
                    "roles/" + reader)) {
                Drift.Mark below = drift.driftBelow(path);
                assertThat(below).as("drift below %s", path).isNotNull();
                assertThat(below.state()).isEqualTo(Drift.State.DIFFERS);
                assertThat(below.resource().string("role")).isEqualTo(reader);
            }
            assertThat(drift.driftBelow("roles/" + writer)).as("the writer's grants are in sync").isNull();
            assertThat(drift.driftBelow("databases/" + db + "x")).isNull();
        }
    }
}
