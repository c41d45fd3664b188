package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The live tree: databases, schemas, tables, extensions, roles; one query per expansion. */
class PostgresTreeTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private static LiveNode child(ProviderSession s, LiveNode parent, String label) throws Exception {
        return s.children(parent, Progress.NONE).stream().filter(n -> n.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void listsDatabasesSchemasTablesExtensionsAndRoles() throws Exception {
        String db = pg.database("tree");
        String role = pg.role("tree_owner");
        PgTestSupport.exec("CREATE ROLE " + q(role) + " LOGIN CONNECTION LIMIT 3",
                "CREATE DATABASE " + q(db) + " OWNER " + q(role),
                "COMMENT ON DATABASE " + q(db) + " IS 'tree test'");
        PgTestSupport.execIn(db, "CREATE SCHEMA alpha AUTHORIZATION " + q(role), "CREATE SCHEMA beta",
                "CREATE TABLE alpha.models (id int)", "CREATE TABLE alpha.versions (id int)",
                "CREATE VIEW alpha.latest AS SELECT 1 AS id", "CREATE TABLE beta.metrics (id int)");

        try (ProviderSession s = PgKit.connect(Map.of())) {
            List<LiveNode> top = s.children(null, Progress.NONE);
            assertThat(top).extracting(LiveNode::label).containsExactly("Databases", "Roles");
            assertThat(top).allSatisfy(n -> assertThat(n.kind()).isEqualTo("folder"));

            LiveNode dbNode = child(s, top.get(0), db);
            assertThat(dbNode.kind()).isEqualTo("database");
            assertThat(dbNode.key()).isEqualTo(new ResourceKey("postgres.database", db));
            assertThat(dbNode.details()).containsEntry("owner", role).containsEntry("comment", "tree test")
                    .containsKeys("encoding", "lc_collate", "lc_ctype", "connection_limit");

            List<LiveNode> folders = s.children(dbNode, Progress.NONE);
            assertThat(folders).extracting(LiveNode::label).containsExactly("Schemas", "Extensions", "Privileges");
            List<LiveNode> schemas = s.children(folders.get(0), Progress.NONE);
            assertThat(schemas).extracting(LiveNode::label).containsExactly("alpha", "beta", "public");
            LiveNode alpha = schemas.get(0);
            assertThat(alpha.key()).isEqualTo(new ResourceKey("postgres.schema", "alpha"));
            assertThat(alpha.details()).containsEntry("owner", role).containsEntry("tables", 3L);

            List<LiveNode> underAlpha = s.children(alpha, Progress.NONE);
            // the schema's Privileges folder first, then its tables
            assertThat(underAlpha.get(0).label()).isEqualTo("Privileges");
            assertThat(underAlpha.get(0).kind()).isEqualTo("folder");
            List<LiveNode> tables = underAlpha.subList(1, underAlpha.size());
            assertThat(tables).extracting(LiveNode::label).containsExactly("latest", "models", "versions");
            assertThat(tables).allSatisfy(t -> {
                assertThat(t.leaf()).isTrue();
                assertThat(t.kind()).isEqualTo("table");
            });
            assertThat(tables.get(0).details()).containsEntry("kind", "view");
            assertThat(s.children(schemas.get(1), Progress.NONE)).extracting(LiveNode::label).containsExactly("Privileges", "metrics");

            assertThat(s.children(folders.get(1), Progress.NONE)).extracting(LiveNode::label).contains("plpgsql");

            LiveNode roleNode = child(s, top.get(1), role);
            assertThat(roleNode.key()).isEqualTo(new ResourceKey("postgres.role", role));
            assertThat(roleNode.details()).containsEntry("login", true).containsEntry("connection_limit", 3L)
                    .doesNotContainKey("password");
            assertThat(s.children(top.get(1), Progress.NONE)).extracting(LiveNode::label)
                    .noneMatch(n -> n.startsWith("pg_"));
        }
    }

    @Test
    void tenThousandTablesComeBackFromOneExpansion() throws Exception {
        String db = pg.database("bigtree");
        PgTestSupport.exec("CREATE DATABASE " + q(db));
        PgTestSupport.execIn(db, "CREATE SCHEMA big");
        for (int chunk = 0; chunk < 10; chunk++) {
            PgTestSupport.execIn(db, "DO $$ BEGIN FOR i IN " + (chunk * 1000 + 1) + ".." + (chunk * 1000 + 1000)
                    + " LOOP EXECUTE format('CREATE TABLE big.t%s (id int)', lpad(i::text, 5, '0')); END LOOP; END $$");
        }
        try (ProviderSession s = PgKit.connect(Map.of())) {
            LiveNode dbNode = child(s, s.children(null, Progress.NONE).get(0), db);
            LiveNode big = child(s, s.children(dbNode, Progress.NONE).get(0), "big");
            assertThat(big.details()).containsEntry("tables", 10_000L);
            long t0 = System.nanoTime();
            List<LiveNode> listed = s.children(big, Progress.NONE);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(listed.get(0).label()).isEqualTo("Privileges");
            List<LiveNode> tables = listed.subList(1, listed.size());
            assertThat(tables).hasSize(10_000);
            assertThat(tables.get(0).label()).isEqualTo("t00001");
            assertThat(tables.get(9_999).label()).isEqualTo("t10000");
            System.out.println("tree: 10,000 tables listed in " + millis + " ms");
        }
    }
}
