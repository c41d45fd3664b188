package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statements, safety classes, warnings and the generated document, without a server. */
class PostgresRendererTest {
    private final PostgresRenderer renderer = new PostgresRenderer();

    private static Resource res(String type, String name, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Resource.of(type, name, m);
    }

    private static ObservedResource seen(Resource r, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new ObservedResource(r.key(), m);
    }

    private static List<Object> shown(List<Statement> st) {
        return st.stream().map(Statement::display).toList();
    }

    @Test
    void databaseCreateHasEveryOptionAndAComment() {
        Resource db = res("postgres.database", "mlreg", "owner", "mlreg_owner", "encoding", "UTF8", "lc_collate", "C",
                "lc_ctype", "C", "template", "template0", "connection_limit", 10L, "comment", "it's the registry");
        assertThat(shown(renderer.create(db))).containsExactly(
                "CREATE DATABASE \"mlreg\" WITH OWNER \"mlreg_owner\" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
                        + " TEMPLATE \"template0\" CONNECTION LIMIT 10",
                "COMMENT ON DATABASE \"mlreg\" IS 'it''s the registry'");
        assertThat(renderer.create(db)).allSatisfy(s -> assertThat(s.target()).isNull());
    }

    @Test
    void rolePasswordIsOnlyAReferenceUntilApplyTime() throws Exception {
        Resource role = res("postgres.role", "owner", "login", true, "password", "${env:MLREG_PW}",
                "member_of", List.of("readers"));
        List<Statement> st = renderer.create(role);
        assertThat(shown(st)).containsExactly("CREATE ROLE \"owner\" WITH LOGIN PASSWORD ${env:MLREG_PW}",
                "GRANT \"readers\" TO \"owner\"");
        assertThat(st.get(0).needsSecret()).isTrue();
        SecretResolver secrets = ref -> ref.key().equals("MLREG_PW") ? "p'w\\x" : null;
        String sql = (String) st.get(0).executable(secrets);
        // the server gets a SCRAM-SHA-256 verifier, never the password (statement text reaches logs and pg_stat_activity)
        assertThat(sql).startsWith("CREATE ROLE \"owner\" WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:").endsWith("'")
                .doesNotContain("p'w").doesNotContain("p''w").doesNotContain("\\x");
        String verifier = sql.substring(sql.indexOf('\'') + 1, sql.length() - 1);
        ScramVerifier v = ScramVerifier.parse(verifier);
        assertThat(v.iterations()).isEqualTo(4096);
        assertThat(v.salt()).hasSize(16);
        assertThat(v.matches("p'w\\x")).isTrue();
        assertThat(v.matches("p'w\\y")).isFalse();
        assertThat(st.get(0).executable(secrets)).as("a fresh salt every time").isNotEqualTo(sql);
        assertThatThrownBy(() -> st.get(0).executable(SecretResolver.NONE))
                .isInstanceOf(SecretResolver.SecretUnavailableException.class).hasMessageContaining("${env:MLREG_PW}");
    }

    @Test
    void aPlainPasswordNeverReachesTheDisplayForm() {
        Resource role = res("postgres.role", "owner", "password", "hunter2");
        assertThat(shown(renderer.create(role)).get(0).toString()).doesNotContain("hunter2")
                .isEqualTo("CREATE ROLE \"owner\" WITH PASSWORD (not a secret reference)");
    }

    @Test
    void roleUpdatesAreClassifiedBySafety() {
        Resource want = res("postgres.role", "app", "login", false, "connection_limit", 5L, "member_of", List.of("a"));
        ObservedResource have = seen(want, "login", true, "connection_limit", -1L, "member_of", List.of("a", "b"));

        Renderer.Rendered limits = renderer.update(want, have, Set.of("login", "connection_limit"));
        assertThat(shown(limits.statements())).containsExactly("ALTER ROLE \"app\" WITH NOLOGIN CONNECTION LIMIT 5");
        assertThat(limits.safety()).isEqualTo(Safety.UNSAFE);

        Renderer.Rendered members = renderer.update(want, have, Set.of("member_of"));
        assertThat(shown(members.statements())).containsExactly("REVOKE \"b\" FROM \"app\"");
        assertThat(members.safety()).isEqualTo(Safety.DESTRUCTIVE);

        Resource wider = res("postgres.role", "app", "login", true, "connection_limit", -1L, "member_of", List.of("a", "b", "c"));
        ObservedResource narrow = seen(wider, "login", false, "connection_limit", 5L, "member_of", List.of("a"));
        Renderer.Rendered widen = renderer.update(wider, narrow, Set.of("login", "connection_limit", "member_of"));
        assertThat(shown(widen.statements())).containsExactly("ALTER ROLE \"app\" WITH LOGIN CONNECTION LIMIT -1",
                "GRANT \"b\" TO \"app\"", "GRANT \"c\" TO \"app\"");
        assertThat(widen.safety()).isEqualTo(Safety.SAFE);
    }

    @Test
    void anEmptyCommentIsRemovedWithIsNull() {
        assertThat(shown(renderer.create(res("postgres.database", "d", "comment", "")))).containsExactly(
                "CREATE DATABASE \"d\"", "COMMENT ON DATABASE \"d\" IS NULL");
        assertThat(shown(renderer.create(res("postgres.role", "r", "comment", "")))).containsExactly(
                "CREATE ROLE \"r\"", "COMMENT ON ROLE \"r\" IS NULL");
        Resource schema = res("postgres.schema", "s", "database", "d", "comment", "");
        Renderer.Rendered cleared = renderer.update(schema, seen(schema, "comment", "old"), Set.of("comment"));
        assertThat(shown(cleared.statements())).containsExactly("COMMENT ON SCHEMA \"s\" IS NULL");
        assertThat(cleared.statements().get(0).target()).isEqualTo("d");
        assertThat(shown(renderer.create(res("postgres.role", "r", "comment", " ")))).contains("COMMENT ON ROLE \"r\" IS ' '");
    }

    @Test
    void databaseUpdates() {
        Resource db = res("postgres.database", "d", "connection_limit", 20L, "owner", "o2", "comment", "new");
        Renderer.Rendered raise = renderer.update(db, seen(db, "connection_limit", 10L), Set.of("connection_limit"));
        assertThat(shown(raise.statements())).containsExactly("ALTER DATABASE \"d\" WITH CONNECTION LIMIT 20");
        assertThat(raise.safety()).isEqualTo(Safety.SAFE);
        Renderer.Rendered lower = renderer.update(db, seen(db, "connection_limit", -1L), Set.of("connection_limit"));
        assertThat(lower.safety()).isEqualTo(Safety.UNSAFE);
        Renderer.Rendered owner = renderer.update(db, seen(db, "owner", "o1"), Set.of("owner", "comment"));
        assertThat(shown(owner.statements())).containsExactly("ALTER DATABASE \"d\" OWNER TO \"o2\"",
                "COMMENT ON DATABASE \"d\" IS 'new'");
    }

    @Test
    void grantsRenderPerTargetAndRevokesAreDestructive() {
        Resource onDb = res("postgres.grant", "g1", "role", "r", "on", "database", "database", "d",
                "privileges", List.of("temporary", "CONNECT"));
        assertThat(shown(renderer.create(onDb))).containsExactly("GRANT CONNECT, TEMPORARY ON DATABASE \"d\" TO \"r\"");
        assertThat(renderer.create(onDb).get(0).target()).isNull();

        Resource tables = res("postgres.grant", "g2", "role", "r", "on", "all_tables", "database", "d", "schema", "s",
                "privileges", List.of("SELECT"));
        Renderer.Rendered revoke = renderer.update(tables, seen(tables, "privileges", List.of("SELECT", "INSERT")),
                Set.of("privileges"));
        assertThat(shown(revoke.statements())).containsExactly("REVOKE INSERT ON ALL TABLES IN SCHEMA \"s\" FROM \"r\"");
        assertThat(revoke.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(revoke.statements().get(0).target()).isEqualTo("d");

        Resource future = res("postgres.grant", "g3", "role", "r", "on", "default_privileges", "database", "d",
                "schema", "s", "for_role", "o", "object_type", "sequences", "privileges", List.of("USAGE"));
        assertThat(shown(renderer.create(future))).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"o\" IN SCHEMA \"s\" GRANT USAGE ON SEQUENCES TO \"r\"");
        assertThat(shown(renderer.drop(future))).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"o\" IN SCHEMA \"s\" REVOKE USAGE ON SEQUENCES FROM \"r\"");
    }

    @Test
    void dropsNeverCascade() {
        assertThat(shown(renderer.drop(res("postgres.schema", "s", "database", "d"))))
                .containsExactly("DROP SCHEMA \"s\" RESTRICT");
        assertThat(shown(renderer.drop(res("postgres.extension", "citext", "database", "d"))))
                .containsExactly("DROP EXTENSION \"citext\" RESTRICT");
        assertThat(shown(renderer.drop(res("postgres.database", "d")))).containsExactly("DROP DATABASE \"d\"");
        assertThat(shown(renderer.drop(res("postgres.role", "r")))).containsExactly("DROP ROLE \"r\"");
    }

    @Test
    void warningsNameTheirRule() {
        Stack stack = new Stack("s", "", List.of(
                res("postgres.role", "a", "login", true, "password", "${env:A}"),
                res("postgres.role", "b", "login", true),
                res("postgres.database", "d", "lc_collate", "C"),
                res("postgres.grant", "g", "role", "b", "on", "schema", "database", "d", "schema", "public",
                        "privileges", List.of("CREATE")),
                res("postgres.schema", "s", "database", "d", "owner", "a"),
                res("postgres.grant", "own", "role", "a", "on", "schema", "database", "d", "schema", "s",
                        "privileges", List.of("USAGE"))), null);
        assertThat(renderer.warnings(stack)).extracting(PlanWarning::name, PlanWarning::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "password-not-compared"),
                org.assertj.core.groups.Tuple.tuple("b", "login-without-password"),
                org.assertj.core.groups.Tuple.tuple("d", "template-with-locale"),
                org.assertj.core.groups.Tuple.tuple("g", "public-schema-create"),
                org.assertj.core.groups.Tuple.tuple("own", "grant-to-owner"));
    }

    @Test
    void anEncodingWithALocaleLeftToTheTemplateIsWarned() {
        Stack stack = new Stack("s", "", List.of(
                res("postgres.database", "latin", "encoding", "iso-8859-1", "lc_collate", "C", "template", "template0"),
                res("postgres.database", "both", "encoding", "LATIN1", "lc_collate", "C", "lc_ctype", "C",
                        "template", "template0"),
                res("postgres.database", "ascii", "encoding", "SQL_ASCII", "template", "template0")), null);
        assertThat(renderer.warnings(stack)).extracting(PlanWarning::name, PlanWarning::rule, PlanWarning::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("latin", "locale-from-template",
                        "encoding LATIN1 is set but lc_ctype comes from template template0; PostgreSQL refuses the"
                                + " database unless the template's locale suits LATIN1 (C suits every encoding)"));
    }

    @Test
    void textADatabasesEncodingCannotHoldIsWarned() {
        Stack stack = new Stack("s", "", List.of(
                res("postgres.database", "latin", "encoding", "latin1", "lc_collate", "C", "lc_ctype", "C",
                        "template", "template0"),
                res("postgres.schema", "ok", "database", "latin", "comment", "café"),
                res("postgres.schema", "tick", "database", "latin", "comment", "done ✓"),
                res("postgres.schema", "u", "database", "other", "comment", "done ✓")), null);
        assertThat(renderer.warnings(stack)).extracting(PlanWarning::name, PlanWarning::rule, PlanWarning::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tick", "not-in-encoding",
                        "'✓' (U+2713) cannot be stored in database latin's encoding LATIN1; PostgreSQL refuses the"
                                + " statement"));
        assertThat(PgNames.javaCharset("WIN1252")).isEqualTo(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(PgNames.javaCharset("ISO_8859_7")).isEqualTo(java.nio.charset.Charset.forName("ISO-8859-7"));
        assertThat(PgNames.javaCharset("SQL_ASCII")).isNull();
    }

    @Test
    void theGeneratedDocumentIsDeterministicSqlWithoutSecrets() throws Exception {
        String yaml = """
                stack: reg
                resources:
                  - type: postgres.schema
                    name: registry
                    database: mlreg
                    owner: owner
                  - type: postgres.role
                    name: owner
                    login: true
                    password: ${env:OWNER_PW}
                  - type: postgres.database
                    name: mlreg
                    owner: owner
                    template: template0
                    encoding: UTF8
                """;
        Plan plan = PgKit.offlinePlan(PgKit.parse(yaml));
        String doc = PgKit.PROVIDER.renderDocument(plan);
        assertThat(doc).isEqualTo("""
                -- generated by mlpc from stack reg; do not edit

                -- create postgres.role owner
                CREATE ROLE "owner" WITH LOGIN PASSWORD ${env:OWNER_PW};

                -- create postgres.database mlreg
                CREATE DATABASE "mlreg" WITH OWNER "owner" ENCODING 'UTF8' TEMPLATE "template0";

                -- create postgres.schema registry (database mlreg)
                CREATE SCHEMA "registry" AUTHORIZATION "owner";
                """);
        assertThat(PgKit.PROVIDER.renderDocument(PgKit.offlinePlan(PgKit.parse(yaml)))).isEqualTo(doc);
        assertThat(plan.actionable()).extracting(Change::safety).containsOnly(Safety.SAFE);
    }

    @Test
    void theDatabaseAStatementRunsInIsPartOfThePlanAndItsHash() throws Exception {
        String yaml = """
                stack: reg
                resources:
                  - type: postgres.schema
                    name: registry
                    database: %s
                """;
        Plan one = PgKit.offlinePlan(PgKit.parse(yaml.formatted("db1")));
        Plan two = PgKit.offlinePlan(PgKit.parse(yaml.formatted("db2")));
        assertThat(one.actionable().get(0).statements()).extracting(Statement::display)
                .isEqualTo(two.actionable().get(0).statements().stream().map(Statement::display).toList());
        assertThat(one.toJson()).isNotEqualTo(two.toJson()).contains("\"target\" : \"db1\"");
        assertThat(one.sha256()).isNotEqualTo(two.sha256());
        assertThat(one.toText()).contains("+ create postgres.schema registry  [safe]  [target: db1]");
        assertThat(PgKit.PROVIDER.renderDocument(one)).contains("-- create postgres.schema registry (database db1)\n");
    }

    @Test
    void aChangeWhoseStatementsRunInSeveralDatabasesNamesThemAll() {
        Resource before = res("postgres.schema", "s", "database", "db1");
        Resource after = res("postgres.schema", "s", "database", "db2");
        List<Statement> st = new java.util.ArrayList<>(renderer.drop(before));
        st.addAll(renderer.create(after));
        Change moved = new Change(dev.mlpc.core.plan.Action.REPLACE, after.key(), Safety.DESTRUCTIVE, st,
                Set.of("database"), "database: db1 -> db2");
        Plan plan = new Plan("reg", "postgres", List.of(moved), List.of(), false);
        assertThat(PgKit.PROVIDER.renderDocument(plan)).contains("-- replace postgres.schema s (databases db1, db2)\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> change = ((List<Map<String, Object>>) plan.toJsonTree().get("changes")).get(0);
        assertThat(change.get("target")).isEqualTo(List.of("db1", "db2"));
    }

    @Test
    void aNameWithALineBreakCannotEscapeTheDocumentComment() {
        assertThat(PgSql.commentSafe("x\nDROP DATABASE postgres;")).isEqualTo("x?DROP DATABASE postgres;");
    }
}
