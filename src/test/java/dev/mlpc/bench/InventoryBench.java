package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): inventory and live-tree listing of a PostgreSQL database with N tables.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.InventoryBench 10000}
 */
public final class InventoryBench {
    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String url = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("mlpc.test.pgUser", "postgres");
        String db = "mlpc_bench_" + tables;
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            c.createStatement().execute("CREATE DATABASE " + db);
            c.createStatement().execute("DROP ROLE IF EXISTS bench_reader");
            c.createStatement().execute("CREATE ROLE bench_reader");
        }
        String dbUrl = url.replaceAll("/[^/?]*(\\?.*)?$", "/" + db);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(dbUrl, user, "")) {
            c.createStatement().execute("CREATE SCHEMA reg");
            for (int from = 1; from <= tables; from += 1000) {   // batches: one transaction's lock table is limited
                int to = Math.min(tables, from + 999);
                c.createStatement().execute("DO $$ BEGIN FOR i IN " + from + ".." + to
                        + " LOOP EXECUTE format('CREATE TABLE reg.t%s (id int)', i); END LOOP; END $$");
            }
        }
        System.out.printf("setup: %d tables in %d ms%n", tables, (System.nanoTime() - t0) / 1_000_000);
        Path home = Files.createTempDirectory("mlpc-bench");
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(60));
        ConnectionProfile profile = new ConnectionProfile("bench", "postgres", Map.of("url", url, "user", user));
        Stack stack = wb.parseStack("bench.yaml", "stack: bench\nresources:\n"
                + "  - {type: postgres.role, name: bench_reader}\n"
                + "  - {type: postgres.database, name: " + db + "}\n"
                + "  - {type: postgres.schema, name: reg, database: " + db + "}\n"
                + "  - {type: postgres.grant, name: r, role: bench_reader, on: all_tables, database: " + db + ", schema: reg, privileges: [SELECT]}\n");
        try (ProviderSession s = wb.openSession(profile)) {
            for (int round = 0; round < 4; round++) {
                long a = System.nanoTime();
                Inventory inv = s.read(stack.resources(), Progress.NONE);
                long b = System.nanoTime();
                System.out.printf("inventory round %d: %d queries, %.1f ms%n", round, inv.queries(), (b - a) / 1e6);
            }
            LiveNode schemaNode = null;
            long a = System.nanoTime();
            List<LiveNode> top = s.children(null, Progress.NONE);
            LiveNode dbs = top.stream().filter(n -> n.label().toLowerCase().contains("database")).findFirst().orElseThrow();
            LiveNode dbNode = s.children(dbs, Progress.NONE).stream().filter(n -> n.label().equals(db)).findFirst().orElseThrow();
            LiveNode schemas = s.children(dbNode, Progress.NONE).stream().filter(n -> n.label().toLowerCase().contains("schema")).findFirst().orElseThrow();
            schemaNode = s.children(schemas, Progress.NONE).stream().filter(n -> n.label().equals("reg")).findFirst().orElseThrow();
            long b = System.nanoTime();
            List<LiveNode> leafs = List.of();
            for (int round = 0; round < 3; round++) {
                long x = System.nanoTime();
                leafs = s.children(schemaNode, Progress.NONE);
                System.out.printf("live tree: list %d tables of one schema in %.1f ms%n", leafs.size(), (System.nanoTime() - x) / 1e6);
            }
            System.out.printf("live tree: down to the schema in %.1f ms%n", (b - a) / 1e6);
        }
        long p0 = System.nanoTime();
        Plan plan = wb.plan(stack, profile, null, Progress.NONE);
        System.out.printf("plan against the live db: %.1f ms, %d changes%n", (System.nanoTime() - p0) / 1e6, plan.actionable().size());
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            c.createStatement().execute("DROP ROLE IF EXISTS bench_reader");
        }
    }
}
