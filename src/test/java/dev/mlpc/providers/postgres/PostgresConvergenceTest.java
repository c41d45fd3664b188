package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13, item 1: values PostgreSQL stores in another spelling (encoding {@code UNICODE} as {@code UTF8}, locale
 * {@code POSIX} as {@code C}) must not plan a replace after the apply, nor when the stack then takes the live spelling.
 */
class PostgresConvergenceTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private static String database(String name, String encoding, String collate, String ctype, String template) {
        return """
                stack: converge
                resources:
                  - type: postgres.database
                    name: %s
                    encoding: %s
                    lc_collate: %s
                    lc_ctype: %s
                    template: %s
                """.formatted(name, encoding, collate, ctype, template);
    }

    @Test
    void aDatabaseInTheServersOtherSpellingIsNotReplacedAfterTheApply() throws Exception {
        String db = pg.database("conv");
        Stack stack = PgKit.parse(database(db, "UNICODE", "POSIX", "POSIX", "template0"));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            assertThat(session.apply(PgKit.offlinePlan(stack), Progress.NONE).succeeded()).isTrue();
            // the server keeps its own spelling
            assertThat(column(null, "SELECT pg_encoding_to_char(encoding) || ' ' || datcollate || ' ' || datctype"
                    + " FROM pg_database WHERE datname = ?", db)).containsExactly("UTF8 C C");

            Plan again = PgKit.plan(session, stack, stack);
            assertThat(again.actionable()).as(again.toText()).isEmpty();

            // the stack takes the live spelling (and another template, which PostgreSQL does not keep): still nothing
            Stack live = PgKit.parse(database(db, "UTF8", "C", "C", "template1"));
            Plan respelled = PgKit.plan(session, live, stack);
            assertThat(respelled.actionable()).as(respelled.toText()).isEmpty();

            // other equivalent spellings: encoding names without case and punctuation, the locale's code set part
            Stack other = PgKit.parse(database(db, "utf-8", "C", "POSIX", "template0"));
            assertThat(PgKit.plan(session, other, live).actionable()).isEmpty();

            // asked with both definitions of one key (desired first, as the Planner does), the read answers in the
            // desired one's spelling
            var both = session.read(java.util.List.of(other.resources().get(0), stack.resources().get(0)), Progress.NONE);
            var seen = both.find(other.resources().get(0).key()).orElseThrow();
            assertThat(seen.get("encoding")).isEqualTo("utf-8");
            assertThat(seen.get("lc_ctype")).isEqualTo("POSIX");
        }
    }

    @Test
    void aLocalesCodeSetIsComparedAsTheCLibraryMatchesIt() throws Exception {
        String db = pg.database("conv");
        Stack stack = PgKit.parse(database(db, "UTF8", "C.UTF-8", "C.utf8", "template0"));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            assertThat(session.apply(PgKit.offlinePlan(stack), Progress.NONE).succeeded()).isTrue();
            assertThat(PgKit.plan(session, stack, stack).actionable()).isEmpty();
            Stack swapped = PgKit.parse(database(db, "unicode", "C.utf8", "C.UTF-8", "template0"));
            Plan p = PgKit.plan(session, swapped, stack);
            assertThat(p.actionable()).as(p.toText()).isEmpty();

            // a real change of an immutable property is still a replace, found against the live object
            Stack latin = PgKit.parse(database(db, "LATIN1", "C", "C", "template0"));
            Plan replace = PgKit.plan(session, latin, stack);
            assertThat(replace.actionable()).hasSize(1);
            assertThat(replace.actionable().get(0).action()).isEqualTo(dev.mlpc.core.plan.Action.REPLACE);
            assertThat(replace.actionable().get(0).reason()).contains("encoding: UTF8 -> LATIN1");
        }
    }

    @Test
    void plpgsqlInADatabaseThePlanCreatesIsNotCreatedTwice() throws Exception {
        String db = pg.database("conv");
        Stack stack = PgKit.parse("""
                stack: converge
                resources:
                  - type: postgres.database
                    name: %1$s
                  - type: postgres.extension
                    name: plpgsql
                    database: %1$s
                    version: "1.0"
                """.formatted(db));
        try (ProviderSession session = PgKit.connect(Map.of())) {
            // every new database has plpgsql from its template
            var result = session.apply(PgKit.plan(session, stack, null), Progress.NONE);
            assertThat(result.failure()).isNull();
            assertThat(column(db, "SELECT extversion FROM pg_extension WHERE extname = 'plpgsql'")).containsExactly("1.0");
            Plan again = PgKit.plan(session, stack, stack);
            assertThat(again.actionable()).as(again.toText()).isEmpty();
        }
    }

    @Test
    void encodingsAndLocalesTheServerRefusesAreRefusedAtValidation() {
        String yaml = """
                stack: refuse
                resources:
                  - type: postgres.database
                    name: a
                    encoding: UTF16
                    template: template0
                  - type: postgres.database
                    name: b
                    encoding: SJIS
                    template: template0
                  - type: postgres.database
                    name: c
                    encoding: LATIN1
                    lc_collate: C.UTF-8
                    lc_ctype: c
                    template: template0
                  - type: postgres.database
                    name: d
                    lc_collate: ""
                    lc_ctype: "en US"
                    template: template0
                  - type: postgres.grant
                    name: g
                    role: r
                    on: database
                    database: d
                    privileges: [TEMP]
                """;
        StackException e = catchThrowableOfType(StackException.class, () -> PgKit.parse(yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::format).containsExactlyInAnyOrder(
                "stack.yaml:5:15: resources[0].encoding: 'UTF16' is not an encoding PostgreSQL knows"
                        + " (e.g. UTF8, LATIN1, SQL_ASCII)",
                "stack.yaml:9:15: resources[1].encoding: SJIS is a client-only encoding; PostgreSQL cannot store"
                        + " a database in it",
                "stack.yaml:14:17: resources[2].lc_collate: locale 'C.UTF-8' requires encoding UTF8;"
                        + " PostgreSQL refuses it with encoding LATIN1",
                "stack.yaml:15:15: resources[2].lc_ctype: 'c' is not a locale name: the C library spells it C",
                "stack.yaml:19:17: resources[3].lc_collate: must not be empty: leave it out to take the template's locale",
                "stack.yaml:20:15: resources[3].lc_ctype: 'en US' is not a locale name"
                        + " (language[_TERRITORY][.codeset][@modifier], C or POSIX)",
                // PostgreSQL's TEMP is not taken for TEMPORARY: refused, never reinterpreted
                "stack.yaml:27:18: resources[4].privileges[0]: must be one of CONNECT, CREATE, TEMPORARY, USAGE, SELECT,"
                        + " INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, EXECUTE, not 'TEMP'");
    }

    /**
     * Found by the convergence property test (seed 6407230346146): two grants of one default ACL entry, one naming
     * {@code object_type: tables} and one leaving it to its default, revoked each other's privileges on every apply.
     * Two resources that stand for one live object are refused at validation.
     */
    @Test
    void twoGrantsOfOneTargetAreRefusedNotAppliedAgainstEachOther() {
        String yaml = """
                stack: s
                resources:
                  - type: postgres.grant
                    name: g0
                    role: reader
                    on: default_privileges
                    database: d
                    schema: s
                    for_role: owner
                    object_type: TABLES
                    privileges: [SELECT]
                  - type: postgres.grant
                    name: g1
                    role: reader
                    on: default_privileges
                    database: d
                    schema: s
                    for_role: owner
                    privileges: [TRUNCATE]
                  - type: postgres.grant
                    name: g2
                    role: reader
                    on: default_privileges
                    database: d
                    schema: s
                    for_role: owner
                    object_type: sequences
                    privileges: [USAGE]
                """;
        StackException e = catchThrowableOfType(StackException.class, () -> PgKit.parse(yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "stack.yaml:13:11: resources[1].name: stands for the same postgres.grant as 'g0' (line 3): the two"
                        + " would undo each other on every apply; merge them into one resource");
    }
}
