package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.Progress;
import dev.mlpc.testing.PgTestSupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;

/**
 * Benchmark (not a test): a role's details across N databases of the local server ({@link PostgresRoleGrants}), with
 * 1, 2, 4 and 8 databases read at once; each database holds a schema with 20 tables the role has privileges on.
 * {@code java -cp target/classes:target/test-classes:<classpath> dev.mlpc.providers.postgres.PostgresRoleGrantsBench 60}
 */
public final class PostgresRoleGrantsBench {
    private PostgresRoleGrantsBench() { }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        try (PgTestSupport pg = new PgTestSupport()) {
            String role = pg.role("mlpc_bench_rg");
            PgTestSupport.exec("CREATE ROLE " + q(role));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String db = pg.database("mlpc_bench_rg" + i);
                PgTestSupport.exec("CREATE DATABASE " + q(db));
                StringBuilder tables = new StringBuilder();
                for (int t = 0; t < 20; t++) tables.append("CREATE TABLE app.t").append(t).append(" (id int);");
                PgTestSupport.execIn(db, "CREATE SCHEMA app", tables.toString(), "GRANT USAGE ON SCHEMA app TO " + q(role),
                        "GRANT SELECT ON ALL TABLES IN SCHEMA app TO " + q(role),
                        "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO " + q(role));
            }
            System.out.printf("setup: %d databases in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            PgConnector connector = new PgConnector(PgUrl.parse(PgTestSupport.url()), PgTestSupport.user(),
                    PgTestSupport.password(), Duration.ofSeconds(30));
            for (int parallelism : List.of(1, 2, 4, 8)) {
                new PostgresRoleGrants(connector, role, parallelism).read(Progress.NONE, m -> { }); // warm-up
                long best = Long.MAX_VALUE;
                Map<String, Object> d = Map.of();
                for (int run = 0; run < 3; run++) {
                    long s = System.nanoTime();
                    d = new PostgresRoleGrants(connector, role, parallelism).read(Progress.NONE, m -> { });
                    best = Math.min(best, System.nanoTime() - s);
                }
                System.out.printf("parallelism %d: %d ms (best of 3), %s lines on schemas, databases looked into: %s%n",
                        parallelism, best / 1_000_000, ((List<?>) d.get("privileges on schemas")).size(),
                        d.get("databases looked into"));
            }
        }
    }
}
