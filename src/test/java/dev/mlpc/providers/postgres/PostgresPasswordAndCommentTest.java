package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
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
import static org.assertj.core.api.Assertions.assertThat;

/** On the real server: role passwords arrive as SCRAM verifiers; an empty comment converges. */
class PostgresPasswordAndCommentTest {
    private static final String PASSWORD = "Pl41n-'text'-pw-" + PgTestSupport.unique("x");
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    @Test
    void aRolePasswordReachesTheServerOnlyAsAScramVerifier() throws Exception {
        String role = pg.role("mlpc_pw");
        Stack stack = PgKit.parse("""
                stack: pw
                resources:
                  - type: postgres.role
                    name: %s
                    login: true
                    password: ${env:MLPC_TEST_ROLE_PW}
                """.formatted(role));
        Map<String, String> secrets = Map.of("MLPC_TEST_ROLE_PW", PASSWORD);
        Plan plan = PgKit.offlinePlan(stack);
        Statement create = plan.actionable().get(0).statements().get(0);

        // what the session would send: a verifier, and nothing of the password
        String executable = (String) create.executable(PgTestSupport.secrets(secrets));
        assertThat(executable).contains("PASSWORD 'SCRAM-SHA-256$4096:").doesNotContain(PASSWORD)
                .doesNotContain(PASSWORD.replace("'", "''")).doesNotContain("Pl41n");
        assertThat(plan.toJson()).doesNotContain("Pl41n");

        try (ProviderSession session = PgKit.connect(secrets)) {
            ApplyResult result = session.apply(plan, Progress.NONE);
            assertThat(result.succeeded()).as(String.valueOf(result.failure())).isTrue();
            assertThat(result.executed()).allSatisfy(e -> assertThat(String.valueOf(e.statement())).doesNotContain("Pl41n"));
        }

        List<String> stored = column(null, "SELECT rolpassword FROM pg_authid WHERE rolname = ?", role);
        assertThat(stored).singleElement().asString().startsWith("SCRAM-SHA-256$");
        ScramVerifier v = ScramVerifier.parse(stored.get(0));
        assertThat(v.iterations()).isEqualTo(4096);
        // the server stored the verifier as given (it did not hash the verifier text as if it were a password)
        assertThat(v.matches(PASSWORD)).isTrue();
        assertThat(v.matches(PASSWORD + "x")).isFalse();
        assertThat(column(null, "SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", role)).containsExactly("t");
    }

    @Test
    void anEmptyCommentConvergesOnCreateAndOnChange() throws Exception {
        String role = pg.role("mlpc_cmt");
        String db = pg.database("mlpc_cmt");
        String yaml = """
                stack: comments
                resources:
                  - type: postgres.role
                    name: %1$s
                    comment: "%3$s"
                  - type: postgres.database
                    name: %2$s
                    owner: %1$s
                    comment: ""
                  - type: postgres.schema
                    name: reports
                    database: %2$s
                    owner: %1$s
                    comment: ""
                """;
        Stack empty = PgKit.parse(yaml.formatted(role, db, ""));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            Plan offline = PgKit.offlinePlan(empty);
            assertThat(offline.actionable()).flatExtracting(Change::statements).extracting(Statement::display)
                    .contains("COMMENT ON ROLE " + PgTestSupport.q(role) + " IS NULL",
                            "COMMENT ON DATABASE " + PgTestSupport.q(db) + " IS NULL",
                            "COMMENT ON SCHEMA \"reports\" IS NULL");
            assertThat(session.apply(offline, Progress.NONE).succeeded()).isTrue();

            Plan again = PgKit.plan(session, empty, null);
            assertThat(again.actionable()).as(again.toText()).isEmpty();

            // set a comment, then take it away again: one update, then nothing
            Stack commented = PgKit.parse(yaml.formatted(role, db, "owns the reports"));
            assertThat(session.apply(PgKit.plan(session, commented, null), Progress.NONE).succeeded()).isTrue();
            assertThat(column(null, "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?", role))
                    .containsExactly("owns the reports");

            Plan clear = PgKit.plan(session, empty, null);
            assertThat(clear.actionable()).singleElement().satisfies(c -> {
                assertThat(c.changed()).containsExactly("comment");
                assertThat(c.statements()).extracting(Statement::display)
                        .containsExactly("COMMENT ON ROLE " + PgTestSupport.q(role) + " IS NULL");
            });
            assertThat(session.apply(clear, Progress.NONE).succeeded()).isTrue();
            assertThat(column(null, "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?", role))
                    .containsExactly((String) null);
            Plan settled = PgKit.plan(session, empty, null);
            assertThat(settled.actionable()).as(settled.toText()).isEmpty();
        }
    }
}
