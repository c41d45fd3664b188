package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.postgres.PgKit.yq;
import static dev.mlpc.testing.PgTestSupport.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Names with quotes, semicolons, unicode and {@code $$} stay inside their identifier; bad names are refused. */
class PostgresHostileIdentifiersTest {
    private static final List<String> SCHEMAS = List.of("we\"ird", "semi;colon", "it's", "modèle_ü", "$$dollar$$",
            "Robert\"; DROP TABLE x; --", "a/b%2F");
    private static final String COMMENT = "it's a 'comment'; DROP DATABASE postgres; -- \\ $$ end";

    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    @Test
    void hostileNamesAreCreatedLiterallyAndReadBackWithoutChanges() throws Exception {
        String db = pg.trackDatabase("Robert\"; DROP TABLE x; -- " + PgTestSupport.unique("d"));
        String role = pg.trackRole("it's \"owner\"; $$ modèle " + PgTestSupport.unique("r"));
        StringBuilder yaml = new StringBuilder("stack: hostile\nresources:\n")
                .append("  - type: postgres.role\n    name: ").append(yq(role)).append('\n')
                .append("    comment: ").append(yq(COMMENT)).append('\n')
                .append("  - type: postgres.database\n    name: ").append(yq(db)).append('\n')
                .append("    owner: ").append(yq(role)).append('\n')
                .append("    comment: ").append(yq(COMMENT)).append('\n');
        for (String s : SCHEMAS) {
            yaml.append("  - type: postgres.schema\n    name: ").append(yq(s)).append('\n')
                    .append("    database: ").append(yq(db)).append('\n')
                    .append("    owner: ").append(yq(role)).append('\n')
                    .append("    comment: ").append(yq(COMMENT)).append('\n');
        }
        yaml.append("  - type: postgres.grant\n    name: \"g; DROP ROLE x\"\n    role: ").append(yq(role)).append('\n')
                .append("    on: all_tables\n    database: ").append(yq(db)).append('\n')
                .append("    schema: ").append(yq(SCHEMAS.get(5))).append("\n    privileges: [SELECT]\n");
        Stack stack = PgKit.parse(yaml.toString());

        try (ProviderSession session = PgKit.connect(Map.of())) {
            ApplyResult result = session.apply(PgKit.offlinePlan(stack), Progress.NONE);
            assertThat(result.failure()).isNull();

            assertThat(column(null, "SELECT datname FROM pg_database WHERE datname = ?", db)).containsExactly(db);
            assertThat(column(null, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?", db))
                    .containsExactly(COMMENT);
            assertThat(column(null, "SELECT rolname FROM pg_roles WHERE rolname = ?", role)).containsExactly(role);
            assertThat(column(db, "SELECT nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) = ? ORDER BY 1", role))
                    .containsExactlyInAnyOrderElementsOf(SCHEMAS);
            assertThat(column(db, "SELECT DISTINCT obj_description(oid, 'pg_namespace') FROM pg_namespace"
                    + " WHERE pg_get_userbyid(nspowner) = ?", role)).containsExactly(COMMENT);
            assertThat(PgTestSupport.databaseExists("postgres")).isTrue();

            Plan again = PgKit.plan(session, stack, null);
            assertThat(again.hasChanges()).as(again.toText()).isFalse();

            assertThat(treeLabels(session, db)).containsAll(SCHEMAS);
        }
    }

    private static List<String> treeLabels(ProviderSession session, String db) throws Exception {
        LiveNode databases = session.children(null, Progress.NONE).get(0);
        LiveNode dbNode = session.children(databases, Progress.NONE).stream()
                .filter(n -> n.label().equals(db)).findFirst().orElseThrow();
        LiveNode schemas = session.children(dbNode, Progress.NONE).get(0);
        List<LiveNode> nodes = session.children(schemas, Progress.NONE);
        for (LiveNode n : nodes) assertThat(session.children(n, Progress.NONE)).isNotNull();
        return nodes.stream().map(LiveNode::label).toList();
    }

    @Test
    void overlongNamesReservedWordsAndSystemPrefixesAreRejectedWithReasons() {
        String longName = "é".repeat(35);
        String yaml = """
                stack: bad
                resources:
                  - type: postgres.database
                    name: %s
                  - type: postgres.schema
                    name: select
                    database: mlreg
                  - type: postgres.role
                    name: pg_owner
                  - type: postgres.role
                    name: public
                  - type: postgres.schema
                    name: registry
                    database: mlreg
                    owner: "%s"
                  - type: postgres.grant
                    name: g
                    role: reader
                    on: all_tables
                    database: mlreg
                    privileges: [SELECT, CONNECT]
                """.formatted(longName, "a".repeat(64));
        StackException e = catchThrowableOfType(StackException.class, () -> PgKit.parse(yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::format).containsExactlyInAnyOrder(
                "stack.yaml:4:11: resources[0].name: is 70 bytes; PostgreSQL names are at most 63 bytes",
                "stack.yaml:6:11: resources[1].name: 'select' is a reserved word in PostgreSQL; choose another name",
                "stack.yaml:9:11: resources[2].name: role names starting with pg_ are reserved for PostgreSQL's predefined roles",
                "stack.yaml:11:11: resources[3].name: PUBLIC is reserved: it stands for every role",
                "stack.yaml:15:12: resources[4].owner: is 64 bytes; PostgreSQL names are at most 63 bytes",
                "stack.yaml:16:5: resources[5].schema: required when on is all_tables",
                "stack.yaml:21:26: resources[5].privileges[1]: CONNECT is not a privilege for tables"
                        + " (allowed: SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER)");
    }
}
