package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.column;
import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Apply the model-registry stack to the real server, then plan again: nothing left to do. */
class PostgresRoundTripTest {
    private static final String SECRET = "s3cr3t-'owner'-pw";
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    @Test
    void applyingTheOfflinePlanThenPlanningShowsNoChanges() throws Exception {
        ModelRegistryStack m = new ModelRegistryStack(pg, ModelRegistryStack.pickExtension());
        Stack stack = PgKit.parse(m.yaml());
        Plan offline = PgKit.offlinePlan(stack);
        assertThat(offline.summary().create()).isEqualTo(stack.resources().size());

        try (ProviderSession session = PgKit.connect(Map.of("MLREG_OWNER_PW", SECRET))) {
            ApplyResult result = session.apply(offline, Progress.NONE);
            assertThat(result.failure()).isNull();
            assertThat(result.succeeded()).isTrue();
            assertThat(result.executed()).allSatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(ApplyResult.StatementOutcome.OK);
                assertThat(String.valueOf(e.statement())).doesNotContain("s3cr3t");
            });

            Plan again = PgKit.plan(session, stack, null);
            assertThat(again.actionable()).as(again.toText()).isEmpty();
            assertThat(again.changes()).hasSize(stack.resources().size());
        }
        assertLiveObjects(m);
    }

    @Test
    void changingTheConnectionLimitPlansOneInPlaceUpdateAndConverges() throws Exception {
        ModelRegistryStack m = new ModelRegistryStack(pg, ModelRegistryStack.pickExtension());
        try (ProviderSession session = PgKit.connect(Map.of("MLREG_OWNER_PW", SECRET))) {
            assertThat(session.apply(PgKit.offlinePlan(PgKit.parse(m.yaml())), Progress.NONE).succeeded()).isTrue();

            m.connectionLimit = 25;
            Stack changed = PgKit.parse(m.yaml());
            Plan plan = PgKit.plan(session, changed, null);
            assertThat(plan.actionable()).hasSize(1);
            Change c = plan.actionable().get(0);
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.key().type()).isEqualTo("postgres.database");
            assertThat(c.changed()).containsExactly("connection_limit");
            assertThat(c.safety()).isEqualTo(Safety.SAFE);
            assertThat(c.statements()).hasSize(1);
            assertThat(c.statements().get(0).display())
                    .isEqualTo("ALTER DATABASE " + q(m.database) + " WITH CONNECTION LIMIT 25");

            assertThat(session.apply(plan, Progress.NONE).succeeded()).isTrue();
            assertThat(PgKit.plan(session, changed, null).hasChanges()).isFalse();
            assertThat(column(null, "SELECT datconnlimit FROM pg_database WHERE datname = ?", m.database))
                    .containsExactly("25");
        }
    }

    @Test
    void tablesCreatedByTheOwnerNeedNothingButOthersTablesShowAsDrift() throws Exception {
        ModelRegistryStack m = new ModelRegistryStack(pg, ModelRegistryStack.pickExtension());
        Stack stack = PgKit.parse(m.yaml());
        try (ProviderSession session = PgKit.connect(Map.of("MLREG_OWNER_PW", SECRET))) {
            assertThat(session.apply(PgKit.offlinePlan(stack), Progress.NONE).succeeded()).isTrue();

            PgTestSupport.execIn(m.database, "SET ROLE " + q(m.owner),
                    "CREATE TABLE registry.models (id bigserial PRIMARY KEY, name text)", "RESET ROLE");
            assertThat(PgKit.plan(session, stack, null).hasChanges()).as("default privileges cover the new table").isFalse();

            PgTestSupport.execIn(m.database, "CREATE TABLE registry.metrics (id bigint)");
            Plan drift = PgKit.plan(session, stack, null);
            assertThat(drift.actionable()).extracting(Change::name).containsExactly("reader-tables", "writer-tables");
            assertThat(drift.actionable()).allSatisfy(c -> assertThat(c.safety()).isEqualTo(Safety.SAFE));
            assertThat(drift.actionable().get(0).statements().get(0).display())
                    .isEqualTo("GRANT SELECT ON ALL TABLES IN SCHEMA \"registry\" TO " + q(m.reader));

            assertThat(session.apply(drift, Progress.NONE).succeeded()).isTrue();
            assertThat(PgKit.plan(session, stack, null).hasChanges()).isFalse();
        }
    }

    private void assertLiveObjects(ModelRegistryStack m) throws Exception {
        assertThat(column(null, "SELECT pg_get_userbyid(datdba) || '|' || pg_encoding_to_char(encoding) || '|' || datcollate"
                + " || '|' || datctype || '|' || datconnlimit || '|' || shobj_description(oid, 'pg_database')"
                + " FROM pg_database WHERE datname = ?", m.database))
                .containsExactly(m.owner + "|UTF8|C|C|10|ML model registry");
        assertThat(column(null, "SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = ?", m.owner))
                .containsExactly("t");
        assertThat(column(null, "SELECT b.rolname FROM pg_auth_members x JOIN pg_roles a ON a.oid = x.member"
                + " JOIN pg_roles b ON b.oid = x.roleid WHERE a.rolname = ?", m.writer)).containsExactly(m.reader);
        assertThat(column(m.database, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'registry'"))
                .containsExactly(m.owner);
        assertThat(column(m.database, "SELECT extname FROM pg_extension WHERE extname = ?", m.extension))
                .containsExactly(m.extension);
        assertThat(column(m.database, "SELECT has_schema_privilege(?, 'registry', 'CREATE')", m.writer))
                .containsExactly("t");
        assertThat(column(m.database, "SELECT has_schema_privilege(?, 'registry', 'CREATE')", m.reader))
                .containsExactly("f");
        List<String> acl = column(m.database, "SELECT defaclacl::text FROM pg_default_acl");
        assertThat(acl).hasSize(2);
    }
}
