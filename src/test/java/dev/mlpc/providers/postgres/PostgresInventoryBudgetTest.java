package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the inventory costs a fixed number of queries, whatever the number of tables. The queries are counted at
 * the server, not by the provider: the session connects to a database of its own ({@code budget_…}, the cluster
 * connection) and the stack's database, and each count is the growth of {@code pg_stat_database}'s transactions in
 * those two databases (every catalog query runs in autocommit, so one query is one transaction) minus the
 * transaction each new session costs at login (measured here with a bare connection).
 */
class PostgresInventoryBudgetTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private static void addTables(String db, int from, int to) throws Exception {
        PgTestSupport.execIn(db, "DO $$ BEGIN FOR i IN " + from + ".." + to
                + " LOOP EXECUTE format('CREATE TABLE registry.t%s (id int)', i); END LOOP; END $$");
    }

    /** Transactions and sessions the server recorded in some databases. */
    private record Counters(long transactions, long sessions) {
        Counters minus(Counters o) { return new Counters(transactions - o.transactions, sessions - o.sessions); }
    }

    /** The server-side view of the databases the session works in. */
    private static final class Server {
        final List<String> databases;

        Server(String... databases) { this.databases = List.of(databases); }

        /**
         * The counters, once every backend of these databases has ended: a backend writes its statistics before it
         * leaves pg_stat_activity, so what was done in them is all counted.
         */
        Counters counters() throws SQLException, InterruptedException {
            try (Connection c = PgTestSupport.connect()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (connected(c) > 0) {
                    assertThat(System.nanoTime()).as("the session's backends end").isLessThan(deadline);
                    Thread.sleep(5); // waiting for the backends to exit, not for something not to happen
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_stat_clear_snapshot(), "
                        + "coalesce(sum(xact_commit + xact_rollback), 0), coalesce(sum(sessions), 0) "
                        + "FROM pg_stat_database WHERE datname = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("text", databases.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new Counters(rs.getLong(2), rs.getLong(3));
                    }
                }
            }
        }

        private long connected(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", databases.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /**
     * Round trips the work made, counted at the server: transactions minus {@code loginCost} per session. An
     * autovacuum worker visiting one of the databases adds transactions of its own (never removes any), so the work is
     * measured three times and the smallest count is the work's.
     */
    private static long measured(Server server, long loginCost, Work work) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Counters before = server.counters();
            work.run();
            Counters d = server.counters().minus(before);
            best = Math.min(best, d.transactions() - loginCost * d.sessions());
        }
        return best;
    }

    @Test
    void queriesDoNotGrowWithTheNumberOfTables() throws Exception {
        ModelRegistryStack m = new ModelRegistryStack(pg, ModelRegistryStack.pickExtension());
        Stack stack = PgKit.parse(m.yaml());
        String home = pg.database("budget");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(home));
        Map<String, String> settings = new LinkedHashMap<>(PgTestSupport.profile("budget").settings());
        settings.put("url", PgTestSupport.urlFor(home));
        ConnectionProfile profile = new ConnectionProfile("budget", "postgres", settings);
        Server server = new Server(home, m.database);

        // what logging in costs at the server, per session, with no query at all
        long perLogin = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Counters before = server.counters();
            PgTestSupport.connect(home).close();
            Counters d = server.counters().minus(before);
            assertThat(d.sessions()).isEqualTo(1);
            perLogin = Math.min(perLogin, d.transactions());
        }

        Inventory[] last = new Inventory[1];
        Work read = () -> {
            try (ProviderSession session = connect(profile)) {
                last[0] = PgKit.read(session, stack, null);
            }
        };
        long before = measured(server, perLogin, read);
        assertThat(last[0].all()).isEmpty();
        assertThat(before).as("roles + databases; the database does not exist yet").isEqualTo(2);

        try (ProviderSession session = connect(profile)) {
            assertThat(session.apply(PgKit.offlinePlan(stack), Progress.NONE).succeeded()).isTrue();
        }
        addTables(m.database, 1, 3);
        long three = measured(server, perLogin, read);
        assertThat(last[0].all()).hasSize(stack.resources().size());
        addTables(m.database, 4, 300);
        long t0 = System.nanoTime();
        long many = measured(server, perLogin, read);
        long millis = (System.nanoTime() - t0) / 1_000_000 / 3;
        assertThat(last[0].all()).hasSize(stack.resources().size());

        // cluster: roles, databases; inside the database: schemas, extensions, table privileges, default privileges
        assertThat(three).isEqualTo(6);
        assertThat(many).isEqualTo(three);
        // the provider's own count agrees with the server's
        assertThat(last[0].queries()).isEqualTo(6);
        System.out.println("inventory: " + stack.resources().size() + " resources, 300 tables: "
                + many + " queries counted at the server, about " + millis + " ms per read (with login)");
    }

    private static ProviderSession connect(ConnectionProfile profile) throws ProviderException {
        return PgKit.PROVIDER.connect(profile, PgTestSupport.secrets(Map.of("MLREG_OWNER_PW", "pw")), Duration.ofSeconds(60));
    }
}
