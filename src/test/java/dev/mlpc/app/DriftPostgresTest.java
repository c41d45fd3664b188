package dev.mlpc.app;

import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift marks against the real local PostgreSQL, without a window: a stack committed to a config repository, live
 * objects in sync, differing, unmanaged and missing; then Show DDL, a guarded drop and an import through the
 * {@link Workbench}.
 */
class DriftPostgresTest {
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private ConnectionProfile profile;
    private String db;
    private String missingRole;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_drift");
        missingRole = pg.role("mlpc_drift_gone");
        DriftPostgresFixture.createLive(db);
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        profile = PgTestSupport.profile("local-pg");
        commit(stackYaml("drifty", db, missingRole));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.deleteTree(home);
        pg.close();
    }

    static String stackYaml(String name, String db, String missingRole) {
        return DriftPostgresFixture.stackYaml(name, db, missingRole);
    }

    private CommitInfo commit(String yaml) throws Exception {
        return DriftPostgresFixture.commit(wb, yaml);
    }

    private static LiveNode child(ProviderSession s, LiveNode parent, String label) throws Exception {
        return s.children(parent, Progress.NONE).stream().filter(n -> n.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " under " + (parent == null ? "the top" : parent.path())));
    }

    @Test
    void marksInSyncDiffersUnmanagedAndMissingWithOneBulkRead() throws Exception {
        try (ProviderSession s = wb.openSession(profile)) {
            Drift drift = wb.drift(profile, s, Progress.NONE);
            LiveNode database = child(s, child(s, null, "Databases"), db);
            LiveNode schemas = child(s, database, "Schemas");
            Map<String, Drift.Mark> marks = s.children(schemas, Progress.NONE).stream()
                    .collect(Collectors.toMap(LiveNode::label, drift::markOf));

            assertThat(drift.markOf(database).state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(drift.markOf(database).stack()).isEqualTo("drifty");
            assertThat(marks.get("synced").state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(marks.get("changed").state()).isEqualTo(Drift.State.DIFFERS);
            assertThat(marks.get("changed").properties()).containsExactly("comment");
            assertThat(marks.get("changed").reason()).contains("live comment").contains("stack comment");
            assertThat(marks.get("changed").describe()).startsWith("differs from stack drifty: comment");
            assertThat(marks.get("extra").state()).isEqualTo(Drift.State.UNMANAGED);
            assertThat(marks.get("public").state()).isEqualTo(Drift.State.UNMANAGED);
            assertThat(marks).doesNotContainKey("gone");
            // a folder is not a resource: no mark
            assertThat(drift.markOf(schemas)).isNull();
            // a schema of the same name in another database is not the managed one
            LiveNode postgresDb = child(s, child(s, null, "Databases"), "postgres");
            LiveNode otherPublic = child(s, child(s, postgresDb, "Schemas"), "public");
            assertThat(drift.markOf(otherPublic).state()).isEqualTo(Drift.State.UNMANAGED);

            assertThat(drift.missing()).extracting(m -> m.resource().type() + " " + m.resource().name() + " @" + m.parentPath())
                    .containsExactlyInAnyOrder("postgres.schema gone @databases/" + db + "/schemas",
                            "postgres.role " + missingRole + " @roles");
            assertThat(drift.missing()).allMatch(m -> m.mark().state() == Drift.State.MISSING && m.stack().equals("drifty"));
            assertThat(drift.managedCount()).isEqualTo(5);
            // one bulk read: roles and databases on the cluster, then the schemas of the one database
            assertThat(drift.queries()).isBetween(1, 6);
        }
    }

    @Test
    void readRoundTripsDoNotGrowWithTheNumberOfManagedObjects() throws Exception {
        StringBuilder yaml = new StringBuilder("stack: many\nresources:\n");
        StringBuilder ddl = new StringBuilder();
        int n = 200;
        for (int i = 0; i < n; i++) {
            yaml.append("  - type: postgres.schema\n    name: s").append(i).append("\n    database: ").append(db).append('\n');
            if (i % 2 == 0) ddl.append("CREATE SCHEMA s").append(i).append(";");
        }
        PgTestSupport.execIn(db, ddl.toString());
        commit(yaml.toString());
        try (ProviderSession s = wb.openSession(profile)) {
            Drift small;
            long t0 = System.nanoTime();
            Drift drift = wb.drift(profile, s, Progress.NONE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            small = Drift.compute("local-pg", wb.registry().require("postgres"), wb.registry(),
                    List.of(wb.parseStack("x.yaml", stackYaml("drifty", db, missingRole))), s, Progress.NONE);
            assertThat(drift.managedCount()).isEqualTo(n + 5);
            assertThat(drift.missing()).hasSize(n / 2 + 2);
            assertThat(drift.queries()).isEqualTo(small.queries());
            System.out.printf("drift of %d managed PostgreSQL objects: %d queries, %d ms (incl. reading the repository)%n",
                    drift.managedCount(), drift.queries(), ms);
        }
    }

    @Test
    void showDdlPlanADropGuardedAndImport() throws Exception {
        LiveNode extra;
        LiveNode changed;
        try (ProviderSession s = wb.openSession(profile)) {
            LiveNode schemas = child(s, child(s, child(s, null, "Databases"), db), "Schemas");
            extra = child(s, schemas, "extra");
            changed = child(s, schemas, "changed");
        }
        // Show DDL: the CREATE of the live object with its observed properties
        String ddl = wb.showDefinition(profile, extra, Progress.NONE);
        assertThat(ddl).contains("CREATE SCHEMA \"extra\"").contains("nobody manages me").endsWith(";\n");
        // a folder has no DDL: the reason names it
        assertThat(wb.notAResource(profile, new LiveNode("x", "Schemas", "folder", false, null, Map.of())))
                .contains("Schemas").contains("folder");

        // drop of an unmanaged object: one DROP, refused without the typed name, runs with it
        Workbench.DropPlan drop = wb.planDrop(profile, extra, Progress.NONE);
        assertThat(drop.stack()).isNull();
        assertThat(drop.plan().actionable()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.DROP);
            assertThat(c.name()).isEqualTo("extra");
        });
        Workbench.ApplyOutcome refused = wb.applyDrop(drop, "", Progress.NONE);
        assertThat(refused.result().failure()).contains("refused").contains("extra");
        assertThat(schemas()).contains("extra");
        Workbench.ApplyOutcome dropped = wb.applyDrop(drop, "extra", Progress.NONE);
        assertThat(dropped.result().succeeded()).as(String.valueOf(dropped.result().failure())).isTrue();
        assertThat(schemas()).doesNotContain("extra");
        // recorded like an apply: a Record: unmanaged-drop commit with its journal, the write-ahead journal gone,
        // and verify accepts it
        assertThat(dropped.commit()).as(String.valueOf(dropped.auditError())).isNotNull();
        assertThat(dropped.commit().trailer("Record")).isEqualTo("unmanaged-drop");
        assertThat(dropped.commit().trailer("Applied")).isEqualTo("yes");
        assertThat(dropped.commit().trailer("Run")).isNotBlank();
        assertThat(dropped.commit().trailer("Record-Sha256")).hasSize(64);
        assertThat(dropped.commit().files()).singleElement().satisfies(f -> assertThat(f).startsWith("journal/_unmanaged/"));
        try (dev.mlpc.core.audit.ConfigRepository repo = wb.repository()) {
            String journal = java.nio.file.Files.readString(repo.directory().resolve(dropped.commit().files().get(0)));
            assertThat(journal).contains("\"record\" : \"unmanaged-drop\"").contains("\"outcome\" : \"succeeded\"")
                    .contains("\"run\" : \"" + dropped.commit().trailer("Run") + "\"").contains("DROP SCHEMA");
            assertThat(repo.verify(wb::regenerate, dev.mlpc.core.audit.HistoryAnchor.NONE).problems()).isEmpty();
        }
        assertThat(wb.home().walDir().toFile().list()).isNullOrEmpty();

        // drop of a managed object: the plan of its stack without it; applying commits the smaller stack
        Workbench.DropPlan managed = wb.planDrop(profile, changed, Progress.NONE);
        assertThat(managed.stack().find(changed.key())).isEmpty();
        Plan plan = managed.plan();
        assertThat(plan.actionable()).extracting(c -> c.action() + " " + c.name()).contains("DROP changed");
        assertThat(wb.applyDrop(managed, "chang", Progress.NONE).result().outcome().name()).isEqualTo("REFUSED");
        assertThat(schemas()).contains("changed");
        Workbench.ApplyOutcome out = wb.applyDrop(managed, "changed", Progress.NONE);
        assertThat(out.result().succeeded()).as(String.valueOf(out.result().failure())).isTrue();
        assertThat(schemas()).doesNotContain("changed");
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("drifty").orElseThrow()).doesNotContain("name: changed").contains("name: synced");
            assertThat(repo.log(1).get(0).trailers().get("Stack")).isEqualTo("drifty");
        }

        // import an unmanaged object into the existing stack: committed, and then in sync
        PgTestSupport.execIn(db, "CREATE SCHEMA imported", "COMMENT ON SCHEMA imported IS 'bring me in'");
        LiveNode imported;
        try (ProviderSession s = wb.openSession(profile)) {
            imported = child(s, child(s, child(s, child(s, null, "Databases"), db), "Schemas"), "imported");
            assertThat(wb.drift(profile, s, Progress.NONE).markOf(imported).state()).isEqualTo(Drift.State.UNMANAGED);
        }
        CommitInfo commit = wb.importResource(profile, imported, "drifty", Progress.NONE);
        assertThat(commit.trailers().get("Stack")).isEqualTo("drifty");
        assertThat(commit.trailers().get("Applied")).isEqualTo("no");
        try (ConfigRepository repo = wb.repository()) {
            String yaml = repo.readStack("drifty").orElseThrow();
            assertThat(yaml).contains("name: imported").contains("bring me in");
        }
        try (ProviderSession s = wb.openSession(profile)) {
            assertThat(wb.drift(profile, s, Progress.NONE).markOf(imported).state()).isEqualTo(Drift.State.IN_SYNC);
        }
        // a second import of the same object is refused by name
        Optional<String> again = Optional.empty();
        try {
            wb.importResource(profile, imported, "drifty", Progress.NONE);
        } catch (dev.mlpc.core.provider.ProviderException e) {
            again = Optional.of(e.getMessage());
        }
        assertThat(again).hasValueSatisfying(m -> assertThat(m).contains("already has").contains("imported"));
    }

    @Test
    void aManagedDropAllowsNothingElse() throws Exception {
        LiveNode changed;
        try (ProviderSession s = wb.openSession(profile)) {
            changed = child(s, child(s, child(s, child(s, null, "Databases"), db), "Schemas"), "changed");
        }
        // reviewed, then the live system moves: the reviewed plan no longer holds, nothing runs
        Workbench.DropPlan reviewed = wb.planDrop(profile, changed, Progress.NONE);
        PgTestSupport.execIn(db, "COMMENT ON SCHEMA synced IS 'edited meanwhile'");
        Workbench.ApplyOutcome stale = wb.applyDrop(reviewed, "changed", Progress.NONE);
        assertThat(stale.result().outcome().name()).isEqualTo("REFUSED");
        assertThat(stale.result().failure()).contains("changed since it was reviewed");
        assertThat(schemas()).contains("changed");

        // a stack whose plan would drop something else as well: the drop of one object is refused, naming the other
        commit(stackYaml("drifty", db, missingRole).replace("""
                  - type: postgres.schema
                    name: synced
                    database: %s
                    comment: same
                """.formatted(db), ""));
        String why = null;
        try {
            wb.planDrop(profile, changed, Progress.NONE);
        } catch (dev.mlpc.core.provider.ProviderException e) {
            why = e.getMessage();
        }
        assertThat(why).contains("postgres.schema changed").contains("would also drop postgres.schema synced");
        assertThat(schemas()).contains("changed", "synced");
    }

    private List<String> schemas() throws Exception {
        return PgTestSupport.column(db, "SELECT nspname FROM pg_namespace ORDER BY 1");
    }
}
