package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Executed;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.testing.PgTestSupport.column;
import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/** An apply that fails or is cancelled midway reports what ran, leaves a plan of exactly what is left, and converges. */
class PostgresApplyFailureTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private String yaml(String owner, String db, String ghost, String reader) {
        return """
                stack: partial
                resources:
                  - type: postgres.role
                    name: %1$s
                  - type: postgres.role
                    name: %4$s
                  - type: postgres.database
                    name: %2$s
                    owner: %1$s
                    comment: partial apply
                  - type: postgres.schema
                    name: first
                    database: %2$s
                    owner: %1$s
                  - type: postgres.schema
                    name: second
                    database: %2$s
                    owner: %3$s
                  - type: postgres.schema
                    name: third
                    database: %2$s
                  - type: postgres.grant
                    name: use-first
                    role: %4$s
                    on: schema
                    database: %2$s
                    schema: first
                    privileges: [USAGE]
                """.formatted(owner, db, ghost, reader);
    }

    @Test
    void aFailingStatementStopsTheApplyAndRollsBackItsTransaction() throws Exception {
        String owner = pg.role("owner");
        String ghost = pg.role("ghost");
        String db = pg.database("partial");
        Stack stack = PgKit.parse(yaml(owner, db, ghost, pg.role("reader")));

        try (ProviderSession session = PgKit.connect(Map.of())) {
            ApplyResult result = session.apply(PgKit.offlinePlan(stack), Progress.NONE);

            assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
            assertThat(result.executed()).extracting(Executed::outcome).containsExactly(
                    StatementOutcome.OK, StatementOutcome.OK,                        // roles: autocommit
                    StatementOutcome.OK, StatementOutcome.OK,                        // database, comment: autocommit
                    StatementOutcome.ROLLED_BACK,                                    // schema first: same transaction
                    StatementOutcome.FAILED,                                         // schema second: no such owner
                    StatementOutcome.NOT_RUN, StatementOutcome.NOT_RUN);
            Executed failed = result.executed().get(5);
            assertThat(failed.resource()).isEqualTo("postgres.schema second");
            assertThat(failed.error()).isEqualTo("role \"" + ghost + "\" does not exist");
            assertThat(result.failure()).isEqualTo("postgres.schema second: role \"" + ghost + "\" does not exist");
            assertThat(result.trailer()).isEqualTo("failed (4/8 statements committed)");
            assertThat(PgTestSupport.databaseExists(db)).isTrue();
            assertThat(column(db, "SELECT nspname FROM pg_namespace WHERE nspname IN ('first', 'second', 'third')")).isEmpty();

            Plan left = PgKit.plan(session, stack, null);
            assertThat(left.actionable()).extracting(Change::action, Change::name).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Action.CREATE, "first"),
                    org.assertj.core.groups.Tuple.tuple(Action.CREATE, "second"),
                    org.assertj.core.groups.Tuple.tuple(Action.CREATE, "third"),
                    org.assertj.core.groups.Tuple.tuple(Action.CREATE, "use-first"));

            PgTestSupport.exec("CREATE ROLE " + q(ghost));
            ApplyResult second = session.apply(left, Progress.NONE);
            assertThat(second.succeeded()).as(String.valueOf(second.failure())).isTrue();
            Plan done = PgKit.plan(session, stack, null);
            assertThat(done.hasChanges()).as(done.toText()).isFalse();
        }
    }

    @Test
    void cancellingBetweenStatementsRollsBackTheOpenTransaction() throws Exception {
        String owner = pg.role("owner");
        String db = pg.database("cancel");
        Stack stack = PgKit.parse(yaml(owner, db, owner, pg.role("reader")));
        AtomicInteger asked = new AtomicInteger();
        Progress cancelAfterFive = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return asked.incrementAndGet() > 5; }
        };
        try (ProviderSession session = PgKit.connect(Map.of())) {
            ApplyResult result = session.apply(PgKit.offlinePlan(stack), cancelAfterFive);
            assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.CANCELLED);
            assertThat(result.executed()).extracting(Executed::outcome).containsExactly(
                    StatementOutcome.OK, StatementOutcome.OK, StatementOutcome.OK, StatementOutcome.OK,
                    StatementOutcome.ROLLED_BACK, StatementOutcome.NOT_RUN, StatementOutcome.NOT_RUN,
                    StatementOutcome.NOT_RUN);
            assertThat(column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'first'")).isEmpty();

            assertThat(session.apply(PgKit.plan(session, stack, null), Progress.NONE).succeeded()).isTrue();
            Plan done = PgKit.plan(session, stack, null);
            assertThat(done.hasChanges()).as(done.toText()).isFalse();
        }
    }

    @Test
    void aMissingSecretStopsTheApplyBeforeAnythingRuns() throws Exception {
        String role = pg.role("app");
        Stack stack = PgKit.parse("""
                stack: secret
                resources:
                  - type: postgres.role
                    name: %s
                    login: true
                    password: ${env:MLPC_TEST_NO_SUCH_PASSWORD}
                """.formatted(role));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            ApplyResult result = session.apply(PgKit.offlinePlan(stack), Progress.NONE);
            assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
            assertThat(result.failure()).contains("${env:MLPC_TEST_NO_SUCH_PASSWORD}").contains("nothing was run");
            assertThat(result.executed()).extracting(Executed::outcome).containsExactly(StatementOutcome.FAILED);
            assertThat(PgTestSupport.roleExists(role)).isFalse();
        }
    }
}
