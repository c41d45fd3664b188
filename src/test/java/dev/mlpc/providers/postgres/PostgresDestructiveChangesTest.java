package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.column;
import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Drops and revokes found by the differ against the live server are destructive; unmanaged objects are left alone. */
class PostgresDestructiveChangesTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private static String yaml(String role, String db, boolean withOld, String schemaPrivileges, String member) {
        return """
                stack: destroy
                resources:
                  - type: postgres.role
                    name: %1$s
                    member_of: [%5$s]
                  - type: postgres.database
                    name: %2$s
                  - type: postgres.schema
                    name: keep
                    database: %2$s
                %3$s  - type: postgres.grant
                    name: keep-usage
                    role: %1$s
                    on: schema
                    database: %2$s
                    schema: keep
                    privileges: [%4$s]
                """.formatted(role, db, withOld ? "  - type: postgres.schema\n    name: old\n    database: " + db + "\n" : "",
                schemaPrivileges, member);
    }

    @Test
    void aSchemaLeftOutOfTheStackIsDroppedDestructivelyAndARevokeIsDestructive() throws Exception {
        String role = pg.role("app");
        String group = pg.role("group");
        String db = pg.database("destroy");
        PgTestSupport.exec("CREATE ROLE " + q(group));
        Stack before = PgKit.parse(yaml(role, db, true, "USAGE, CREATE", group));
        Stack after = PgKit.parse(yaml(role, db, false, "USAGE", group));

        try (ProviderSession session = PgKit.connect(Map.of())) {
            assertThat(session.apply(PgKit.offlinePlan(before), Progress.NONE).succeeded()).isTrue();
            PgTestSupport.execIn(db, "CREATE SCHEMA unmanaged");

            Plan plan = PgKit.plan(session, after, before);
            assertThat(plan.actionable()).extracting(Change::action, Change::name, Change::safety).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Action.UPDATE, "keep-usage", Safety.DESTRUCTIVE),
                    org.assertj.core.groups.Tuple.tuple(Action.DROP, "old", Safety.DESTRUCTIVE));
            assertThat(plan.actionable().get(0).statements()).extracting(s -> s.display())
                    .containsExactly("REVOKE CREATE ON SCHEMA \"keep\" FROM " + q(role));
            assertThat(plan.actionable().get(1).statements()).extracting(s -> s.display())
                    .containsExactly("DROP SCHEMA \"old\" RESTRICT");
            assertThat(plan.destructive()).hasSize(2);

            assertThat(session.apply(plan, Progress.NONE).succeeded()).isTrue();
            assertThat(column(db, "SELECT nspname FROM pg_namespace WHERE nspname IN ('keep', 'old', 'unmanaged') ORDER BY 1"))
                    .containsExactly("keep", "unmanaged");
            assertThat(column(db, "SELECT has_schema_privilege(?, 'keep', 'CREATE')", role)).containsExactly("f");
            assertThat(PgKit.plan(session, after, before).hasChanges()).isFalse();
        }
    }

    @Test
    void leavingARoleMembershipRevokesItDestructively() throws Exception {
        String role = pg.role("app");
        String group = pg.role("group");
        String other = pg.role("other");
        String db = pg.database("members");
        PgTestSupport.exec("CREATE ROLE " + q(group), "CREATE ROLE " + q(other));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            Stack both = PgKit.parse(yaml(role, db, false, "USAGE", group + ", " + other));
            assertThat(session.apply(PgKit.offlinePlan(both), Progress.NONE).succeeded()).isTrue();

            Plan plan = PgKit.plan(session, PgKit.parse(yaml(role, db, false, "USAGE", group)), both);
            assertThat(plan.actionable()).hasSize(1);
            assertThat(plan.actionable().get(0).safety()).isEqualTo(Safety.DESTRUCTIVE);
            assertThat(plan.actionable().get(0).statements()).extracting(s -> s.display())
                    .containsExactly("REVOKE " + q(other) + " FROM " + q(role));
        }
    }
}
