package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Benchmark (not a test): {@code mlpc plan} of a Snowflake stack managing N objects (a database, schema, warehouse,
 * role, a grant and N-5 tables of two columns each, all already live so the plan is empty) against the simulator
 * with the real driver and 100 ms added to every request. Prints requests (login, query, session close), the queries
 * among them and the wall time of the whole plan (login, QUERY_TAG, inventory, diff). With {@code -Dfunctions=F} the
 * stack also manages an API integration and F external functions (each needs a DESCRIBE: the DESCRIBE-heavy case),
 * in place of as many tables. With {@code -Dunmanaged=U} the account also holds U tables (two columns each) that the stack
 * does not manage.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.SnowflakePlanBench 100 1000 10000}
 */
public final class SnowflakePlanBench {
    /** Held so that the level sticks (loggers are weakly referenced). */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");

    public static void main(String[] args) throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
        int[] sizes = args.length == 0 ? new int[] {100, 1_000, 10_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        long latencyMs = Long.getLong("latencyMs", 100);
        System.out.printf("%8s %9s %8s %10s %8s%n", "objects", "requests", "queries", "wall ms", "changes");
        int functions = Integer.getInteger("functions", 0);
        for (int n : sizes) run(n, latencyMs, functions);
    }

    private static void run(int objects, long latencyMs, int functions) throws Exception {
        Path home = Files.createTempDirectory("mlpc-sf-bench");
        try (SnowflakeSimulator sim = SnowflakeSimulator.start()) {
            SimCatalog catalog = new SimCatalog().attach(sim);
            Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PW", "bench"),
                    Duration.ofSeconds(60));
            ConnectionProfile profile = new ConnectionProfile("bench", "snowflake",
                    Map.of("url", sim.jdbcUrl(), "user", "BENCH", "password", "${env:SF_PW}"));
            StringBuilder base = new StringBuilder("""
                    stack: bench
                    resources:
                      - {type: snowflake.database, name: BENCH_DB, comment: bench}
                      - {type: snowflake.schema, name: S, database: BENCH_DB}
                      - {type: snowflake.warehouse, name: BENCH_WH, warehouse_size: XSMALL, auto_suspend: 60}
                      - {type: snowflake.role, name: BENCH_READER}
                      - {type: snowflake.grant, name: reader_db, role: BENCH_READER, privileges: [USAGE], on: {database: BENCH_DB}}
                    """);
            if (functions > 0) {
                base.append("""
                          - {type: snowflake.api_integration, name: BENCH_API, api_provider: aws_api_gateway,
                             api_aws_role_arn: "arn:aws:iam::123456789012:role/bench", enabled: true,
                             api_allowed_prefixes: ["https://bench.example/"]}
                        """);
                for (int i = 0; i < functions; i++) {
                    base.append("  - {type: snowflake.external_function, name: F").append(i)
                            .append(", database: BENCH_DB, schema: S, arguments: [{name: X, type: VARCHAR}], returns: VARIANT,")
                            .append(" api_integration: BENCH_API, url: \"https://bench.example/f").append(i).append("\"}\n");
                }
            }
            int extra = functions > 0 ? functions + 1 : 0;
            Stack small = wb.parseStack("bench.yaml", base.toString());
            try (var benchRepo = wb.repository()) {
                wb.apply(small, base.toString(), profile, benchRepo, false, null, Progress.NONE);
            }
            SimCatalog.Column id = new SimCatalog.Column("ID", "NUMBER(38,0)", false, null, "");
            SimCatalog.Column label = new SimCatalog.Column("LABEL", "VARCHAR", true, null, "");
            for (int i = 0; i < objects - 5 - extra; i++) {
                String t = String.format("T%05d", i);
                catalog.seedTable("BENCH_DB", "S", t, id, label);
                base.append("  - {type: snowflake.table, name: ").append(t)
                        .append(", database: BENCH_DB, schema: S, columns: [{name: ID, type: NUMBER, nullable: false}, {name: LABEL, type: STRING}]}\n");
            }
            for (int i = 0; i < Integer.getInteger("unmanaged", 0); i++) {
                catalog.seedTable("BENCH_DB", "S", String.format("U%05d", i), id, label); // in the account, not the stack
            }
            Stack stack = wb.parseStack("bench.yaml", base.toString());
            sim.latency(Duration.ofMillis(latencyMs));
            sim.resetCounts();
            long t0 = System.nanoTime();
            Plan plan = wb.plan(stack, profile, null, Progress.NONE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%8d %9d %8d %10d %8d%n", stack.resources().size(), sim.totalRequests(),
                    sim.requests(SnowflakeSimulator.Endpoint.QUERY), ms, plan.actionable().size());
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
