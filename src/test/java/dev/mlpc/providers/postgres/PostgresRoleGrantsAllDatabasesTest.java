package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.MoreDetails;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 (weak spots): a role's details name its privileges in every database of the server, not only the first
 * 20: read on connections of their own (never the session's), with progress and partial results, and a note for each
 * database that cannot be read (no CONNECT privilege, not accepting connections). Against the real server, as a
 * non-superuser login role.
 */
class PostgresRoleGrantsAllDatabasesTest {
    private static final int DATABASES = 23;
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    @Test
    void roleDetailsCoverEveryDatabaseAndNameTheOnesThatCannotBeRead() throws Exception {
        String viewer = pg.role("mlpc_rgall_viewer");
        String role = pg.role("mlpc_rgall_writer");
        PgTestSupport.exec("CREATE ROLE " + q(viewer) + " LOGIN", "CREATE ROLE " + q(role));
        List<String> dbs = new ArrayList<>();
        for (int i = 0; i < DATABASES; i++) {
            String db = pg.database("mlpc_rgall" + (char) ('a' + i));
            dbs.add(db);
            PgTestSupport.exec("CREATE DATABASE " + q(db));
            PgTestSupport.execIn(db, "CREATE SCHEMA app", "GRANT USAGE ON SCHEMA app TO " + q(role));
        }
        String locked = pg.database("mlpc_rgall_locked");
        String closed = pg.database("mlpc_rgall_closed");
        PgTestSupport.exec("CREATE DATABASE " + q(locked), "REVOKE CONNECT ON DATABASE " + q(locked) + " FROM PUBLIC",
                "CREATE DATABASE " + q(closed) + " ALLOW_CONNECTIONS false");
        PgTestSupport.execIn(locked, "CREATE SCHEMA app", "GRANT USAGE ON SCHEMA app TO " + q(role));

        Map<String, String> settings = new LinkedHashMap<>(PgTestSupport.profile("rgall").settings());
        settings.put("user", viewer);
        try (ProviderSession s = new PostgresProvider().connect(new ConnectionProfile("rgall", "postgres", settings),
                PgTestSupport.secrets(Map.of()), Duration.ofSeconds(30))) {
            LiveNode roleNode = new LiveNode("roles/" + role, role, "role", false, null, Map.of());
            MoreDetails more = s.moreDetails(roleNode);
            assertThat(more).isNotNull();
            assertThat(s.moreDetails(new LiveNode("databases", "Databases", "folder", false, null, Map.of()))).isNull();

            List<Map<String, Object>> partials = new CopyOnWriteArrayList<>();
            AtomicLong lastDone = new AtomicLong();
            AtomicLong lastTotal = new AtomicLong();
            Progress progress = new Progress() {
                @Override public void status(String message) { }
                @Override public void worked(long done, long total) {
                    lastDone.set(done);
                    lastTotal.set(total);
                }
                @Override public boolean cancelled() { return false; }
            };
            Map<String, Object> d = more.read(progress, partials::add);

            List<String> expected = dbs.stream().map(db -> db + ".app: USAGE").toList();
            assertThat(strings(d.get("privileges on schemas"))).containsAll(expected);
            assertThat(strings(d.get("privileges on schemas"))).noneMatch(l -> l.startsWith(locked + "."));
            assertThat(strings(d.get("databases not read"))).contains(
                    locked + ": no CONNECT privilege for the connection's user",
                    closed + ": does not accept connections (ALLOW_CONNECTIONS false)");
            assertThat(String.valueOf(d.get("databases looked into"))).matches("\\d+ of \\d+");
            assertThat(lastTotal.get()).isGreaterThanOrEqualTo(DATABASES).isEqualTo(lastDone.get());
            assertThat(partials).as("partial results while reading").hasSizeGreaterThan(DATABASES)
                    .anySatisfy(m -> assertThat(String.valueOf(m.get("databases looked into"))).endsWith("so far…"));

            // the session's own connection is free meanwhile: the tree still lists with it
            assertThat(s.children(null, Progress.NONE)).extracting(LiveNode::label).containsExactly("Databases", "Roles");

            // a cancel stops the reading
            AtomicBoolean cancel = new AtomicBoolean(true);
            Progress cancelled = new Progress() {
                @Override public void status(String message) { }
                @Override public void worked(long done, long total) { }
                @Override public boolean cancelled() { return cancel.get(); }
            };
            assertThatThrownBy(() -> more.read(cancelled, m -> { })).isInstanceOf(CancelledException.class);
        }
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }
}
