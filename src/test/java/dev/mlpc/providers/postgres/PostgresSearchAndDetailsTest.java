package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-connection search and the details read on selection, against the real server: a search is one query, counted
 * at the server (transactions of the session's database beyond what logging in costs); it finds databases and roles
 * of the server and schemas and tables of the session's database, with paths the tree reveals. A table's details are
 * its columns with types, size and row estimate; a role's its members and privileges on databases.
 */
class PostgresSearchAndDetailsTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    private static long transactions(String db) throws Exception {
        try (Connection c = PgTestSupport.connect()) {
            while (true) { // a backend writes its statistics as it ends: wait for the session's to be gone
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) break;
                    }
                }
                Thread.sleep(5);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_stat_clear_snapshot(), xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(2);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(ProviderSession s) throws Exception;
    }

    /** Transactions at the server for a session that does {@code work}; the least of three (autovacuum only adds). */
    private static long measured(ConnectionProfile profile, String db, Work work) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = transactions(db);
            try (ProviderSession s = new PostgresProvider().connect(profile, PgTestSupport.secrets(Map.of()), Duration.ofSeconds(30))) {
                work.run(s);
            }
            best = Math.min(best, transactions(db) - before);
        }
        return best;
    }

    @Test
    void oneQueryFindsDatabasesRolesSchemasAndTablesAndDetailsAreRead() throws Exception {
        String db = pg.database("mlpc_srch");
        String token = db.substring(db.lastIndexOf('_') + 1);
        String role = pg.role("mlpc_srch_" + token + "_r");
        String member = pg.role("mlpc_srch_" + token + "_m");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db), "CREATE ROLE " + PgTestSupport.q(role),
                "CREATE ROLE " + PgTestSupport.q(member) + " IN ROLE " + PgTestSupport.q(role));
        String schema = "s_" + token;
        PgTestSupport.execIn(db, "CREATE SCHEMA " + PgTestSupport.q(schema),
                "CREATE TABLE " + PgTestSupport.q(schema) + ".t_" + token + " (id integer NOT NULL, name text)",
                "INSERT INTO " + PgTestSupport.q(schema) + ".t_" + token + " SELECT g, 'x' FROM generate_series(1, 1000) g",
                "ANALYZE " + PgTestSupport.q(schema) + ".t_" + token,
                "CREATE TABLE public.unrelated (id int)",
                "GRANT CONNECT ON DATABASE " + PgTestSupport.q(db) + " TO " + PgTestSupport.q(role));
        Map<String, String> settings = new LinkedHashMap<>(PgTestSupport.profile("search").settings());
        settings.put("url", PgTestSupport.urlFor(db));
        ConnectionProfile profile = new ConnectionProfile("search", "postgres", settings);

        List<List<LiveNode>> found = new java.util.ArrayList<>();
        long login = measured(profile, db, s -> { });
        long searching = measured(profile, db, s -> found.add(s.search(token.toUpperCase(java.util.Locale.ROOT), 50, Progress.NONE)));
        assertThat(searching - login).as("a whole-connection search is one query at the server").isEqualTo(1);

        List<LiveNode> hits = found.get(0);
        assertThat(hits).extracting(LiveNode::kind, LiveNode::path).contains(
                org.assertj.core.groups.Tuple.tuple("database", "databases/" + db),
                org.assertj.core.groups.Tuple.tuple("role", "roles/" + role),
                org.assertj.core.groups.Tuple.tuple("role", "roles/" + member),
                org.assertj.core.groups.Tuple.tuple("schema", "databases/" + db + "/schemas/" + schema),
                org.assertj.core.groups.Tuple.tuple("table", "databases/" + db + "/schemas/" + schema + "/t_" + token));
        assertThat(hits).extracting(LiveNode::label).doesNotContain("unrelated");

        try (ProviderSession s = new PostgresProvider().connect(profile, PgTestSupport.secrets(Map.of()), Duration.ofSeconds(30))) {
            // each hit's path is one the tree lists: walking the tree by its prefixes finds the same node
            LiveNode table = hits.stream().filter(n -> n.kind().equals("table")).findFirst().orElseThrow();
            LiveNode at = null;
            StringBuilder prefix = new StringBuilder();
            for (String seg : table.path().split("/")) {
                prefix.append(prefix.length() == 0 ? "" : "/").append(seg);
                String want = prefix.toString();
                at = s.children(at, Progress.NONE).stream().filter(n -> n.path().equals(want)).findFirst()
                        .orElseThrow(() -> new AssertionError("the tree lists no " + want));
            }
            assertThat(at.label()).isEqualTo("t_" + token);

            Map<String, Object> d = s.describe(at, Progress.NONE);
            assertThat(d.get("columns")).isEqualTo(List.of("id integer NOT NULL", "name text"));
            assertThat(d.get("row estimate")).isEqualTo(1000L);
            assertThat(String.valueOf(d.get("size"))).contains("bytes, with indexes and TOAST");

            LiveNode roleNode = hits.stream().filter(n -> n.path().equals("roles/" + role)).findFirst().orElseThrow();
            Map<String, Object> r = s.describe(roleNode, Progress.NONE);
            assertThat(r.get("members")).isEqualTo(List.of(member));
            assertThat(String.valueOf(r.get("privileges on databases"))).contains(db + ": CONNECT");
        }
    }
}
