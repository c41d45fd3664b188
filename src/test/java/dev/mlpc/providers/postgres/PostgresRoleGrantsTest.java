package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 (review 2): a role's "Objects in &lt;db&gt;" lists its table grants ({@code ALL TABLES IN SCHEMA}, with the
 * privileges held on some tables only) besides its schema and future grants, and the role's details name its schema and
 * table privileges per schema, not only those on databases. Against the real server.
 */
class PostgresRoleGrantsTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    @Test
    void roleListsItsTableGrantsAndItsDetailsNameSchemaAndTablePrivileges() throws Exception {
        String db = pg.database("mlpc_rg");
        String owner = pg.role("mlpc_rg_owner");
        String role = pg.role("mlpc_rg_writer");
        PgTestSupport.exec("CREATE DATABASE " + q(db), "CREATE ROLE " + q(owner), "CREATE ROLE " + q(role));
        PgTestSupport.execIn(db, "CREATE SCHEMA app AUTHORIZATION " + q(owner),
                "SET ROLE " + q(owner),
                "CREATE TABLE app.models (id int)", "CREATE TABLE app.runs (id int)",
                "GRANT USAGE ON SCHEMA app TO " + q(role),
                "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA app TO " + q(role),
                "GRANT UPDATE ON app.runs TO " + q(role),
                "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO " + q(role));
        try (ProviderSession s = new PostgresProvider().connect(PgTestSupport.profile("rg"), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(30))) {
            LiveNode roles = s.children(null, Progress.NONE).stream().filter(n -> n.label().equals("Roles")).findFirst().orElseThrow();
            LiveNode roleNode = s.children(roles, Progress.NONE).stream().filter(n -> n.label().equals(role)).findFirst().orElseThrow();
            LiveNode objects = s.children(roleNode, Progress.NONE).stream().filter(n -> n.label().equals("Objects in " + db))
                    .findFirst().orElseThrow();
            assertThat(objects.path()).isEqualTo("roles/" + role + "/" + PostgresGrantTree.IN + "/" + db);
            List<LiveNode> grants = s.children(objects, Progress.NONE);
            assertThat(grants).extracting(LiveNode::label).containsExactlyInAnyOrder(
                    role + " ON SCHEMA " + db + ".app: USAGE",
                    role + " ON ALL TABLES IN " + db + ".app: SELECT, INSERT",
                    role + " ON FUTURE tables OF " + owner + " IN " + db + ".app: SELECT");
            LiveNode tables = grants.stream().filter(n -> "all_tables".equals(n.details().get("on"))).findFirst().orElseThrow();
            assertThat(tables.details()).containsEntry("on_some_tables", List.of("UPDATE")).containsEntry("tables", 2L);

            assertThat(s.describe(roleNode, Progress.NONE)).containsKeys("members", "privileges on databases")
                    .doesNotContainKey("privileges on schemas");
            Map<String, Object> d = s.moreDetails(roleNode).read(Progress.NONE, m -> { });
            assertThat(d.get("privileges on schemas")).isEqualTo(List.of(db + ".app: USAGE"));
            assertThat(d.get("privileges on tables"))
                    .isEqualTo(List.of(db + ".app: SELECT, INSERT on all 2 tables; UPDATE on some of 2 tables"));
            assertThat(d.get("default privileges")).isEqualTo(List.of(db + ".app: SELECT on future tables of " + owner));
        }
    }

    @Test
    void aStackGrantIsPlacedUnderItsObjectAndUnderItsRole() {
        var onTables = dev.mlpc.core.spec.Resource.of(PostgresTypes.GRANT, "writer_tables", Map.of(
                "role", "w/1", "on", "all_tables", "database", "ml", "schema", "app", "privileges", List.of("SELECT")));
        assertThat(PostgresTree.parentPaths(onTables)).containsExactly(
                "databases/ml/schemas/app/%grants", "roles/w%2F1/%in/ml");
        var onDatabase = dev.mlpc.core.spec.Resource.of(PostgresTypes.GRANT, "writer_db", Map.of(
                "role", "w", "on", "database", "database", "ml", "privileges", List.of("CONNECT")));
        assertThat(new PostgresProvider().liveParentPaths(onDatabase)).containsExactly("databases/ml/%grants", "roles/w");
    }
}
