package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the console's whole-account search ({@code ProviderSession.search}) and a table's details
 * ({@code describe}) on a Snowflake account of N tables (in 10 schemas of one database) and 100 roles, against the
 * simulator with the real driver and {@code -DlatencyMs} (default 100) added to every request. Prints the queries and
 * the median wall time of 5 searches for a name that matches 1 table, and of 5 details reads of a table reached from a
 * search (SHOW TABLES LIKE + SHOW COLUMNS).
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.SnowflakeSearchBench 1000 10000}
 */
public final class SnowflakeSearchBench {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");

    public static void main(String[] args) throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        long latencyMs = Long.getLong("latencyMs", 100);
        System.out.printf("%8s %14s %16s %15s %17s%n", "tables", "search queries", "search median ms", "details queries",
                "details median ms");
        for (int n : sizes) run(n, latencyMs);
    }

    private static void run(int tables, long latencyMs) throws Exception {
        Path home = Files.createTempDirectory("mlpc-sf-search-bench");
        try (SnowflakeSimulator sim = SnowflakeSimulator.start()) {
            SimCatalog catalog = new SimCatalog().attach(sim).seedDatabase("BENCH_DB");
            SimCatalog.Column id = new SimCatalog.Column("ID", "NUMBER(38,0)", false, null, "");
            SimCatalog.Column label = new SimCatalog.Column("LABEL", "VARCHAR", true, null, "");
            for (int s = 0; s < 10; s++) catalog.seedSchema("BENCH_DB", "S" + s);
            for (int i = 0; i < tables; i++) catalog.seedTable("BENCH_DB", "S" + (i % 10), String.format("T%06d", i), id, label);
            for (int i = 0; i < 100; i++) catalog.seedRole(String.format("ROLE_%03d", i));
            Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PW", "bench"),
                    Duration.ofSeconds(60));
            ConnectionProfile profile = new ConnectionProfile("bench", "snowflake",
                    Map.of("url", sim.jdbcUrl(), "user", "BENCH", "password", "${env:SF_PW}"));
            try (ProviderSession session = wb.openSession(profile)) {
                sim.latency(Duration.ofMillis(latencyMs));
                String needle = String.format("T%06d", tables / 2);
                List<Long> searchMs = new ArrayList<>();
                int searchQueries = 0;
                LiveNode hit = null;
                for (int r = 0; r < 5; r++) {
                    sim.resetCounts();
                    long t0 = System.nanoTime();
                    List<LiveNode> hits = session.search(needle, 200, Progress.NONE);
                    searchMs.add((System.nanoTime() - t0) / 1_000_000);
                    searchQueries = sim.requests(SnowflakeSimulator.Endpoint.QUERY);
                    if (hits.size() != 1) throw new IllegalStateException("expected one hit, got " + hits.size());
                    hit = hits.get(0);
                }
                LiveNode bare = new LiveNode(hit.path(), hit.label(), hit.kind(), hit.leaf(), hit.key(),
                        Map.of("name", hit.details().get("name"), "database", hit.details().get("database"),
                                "schema", hit.details().get("schema")));
                List<Long> detailsMs = new ArrayList<>();
                int detailsQueries = 0;
                for (int r = 0; r < 5; r++) {
                    sim.resetCounts();
                    long t0 = System.nanoTime();
                    session.describe(bare, Progress.NONE);
                    detailsMs.add((System.nanoTime() - t0) / 1_000_000);
                    detailsQueries = sim.requests(SnowflakeSimulator.Endpoint.QUERY);
                }
                searchMs.sort(null);
                detailsMs.sort(null);
                System.out.printf("%8d %14d %16d %15d %17d%n", tables, searchQueries, searchMs.get(2), detailsQueries,
                        detailsMs.get(2));
            }
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
