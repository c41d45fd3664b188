package dev.mlpc.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the lineage part of a live PostgreSQL plan. Three PostgreSQL connections each hold a model
 * registry of {@code versions} versions (two lineage entries each); a PostgreSQL stack (database + 3 schemas) is
 * planned against the real server without a drop (a schema comment changed) and with a drop (a schema removed).
 * Per plan: the registry reads (the "Reading the lineage across systems" phases × connections; each read is 3 queries:
 * the migration level and the two lineage queries) and the wall time, median of {@code rounds}.
 * Run: {@code java -cp $CP dev.mlpc.bench.PlanLineageBench [rounds] [versions]}
 */
public final class PlanLineageBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int versions = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (PgTestSupport pg = new PgTestSupport()) {
            List<ConnectionProfile> profiles = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String db = pg.database("bench_reg");
                PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
                try (HikariDataSource pool = PgPool.open(PgTestSupport.profile("r"), PgTestSupport.secrets(Map.of()),
                        Duration.ofSeconds(60), db, 2);
                     ModelRegistry r = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "bench <b@example.org>", pool)) {
                    r.migrations().migrate();
                    for (int m = 0; m < versions / 100; m++) {
                        r.createModel("model-" + m, "", "bench", Map.of());
                        for (int v = 0; v < 100; v++) {
                            r.register(new Registration("model-" + m, "s3://models/" + m + "/" + v, null, null, null, null,
                                    null, null, Map.of(), List.of(new Lineage("input", "postgres.table", "x/db/s/t" + v),
                                    new Lineage("deployment", "sagemaker.endpoint", "ep-" + m))));
                        }
                    }
                }
                Map<String, String> s = new HashMap<>(PgTestSupport.profile("r").settings());
                s.put("url", PgTestSupport.urlFor(db));
                profiles.add(new ConnectionProfile("reg-" + i, "postgres", s));
            }
            String target = pg.database("bench_stack");
            PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(target));
            PgTestSupport.execIn(target, "CREATE SCHEMA a", "CREATE SCHEMA b", "CREATE SCHEMA c");
            Map<String, String> ts = new HashMap<>(PgTestSupport.profile("t").settings());
            ts.put("url", PgTestSupport.urlFor(target));
            ConnectionProfile stackConn = new ConnectionProfile("stack-pg", "postgres", ts);
            profiles.add(stackConn);

            Path home = Files.createTempDirectory("plan-lineage-bench");
            Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(60));
            wb.connections().save(profiles);
            String all = stack(target, "a", "b", "c");
            Stack committed = wb.parseStack("stacks/bench.yaml", all);
            try (ConfigRepository repo = wb.repository()) {
                wb.commit(committed, all, wb.offlinePlan(committed), repo, "bench", "no", null, null);
            }
            String noDrop = all.replace("name: c\n", "name: c\n    comment: changed\n");
            String drop = stack(target, "a", "b");
            run(wb, stackConn, "no drop", noDrop, rounds);
            run(wb, stackConn, "drop", drop, rounds);
        }
    }

    static String stack(String db, String... schemas) {
        StringBuilder b = new StringBuilder("stack: bench\ntarget: stack-pg\nresources:\n  - type: postgres.database\n    name: "
                + db + "\n");
        for (String s : schemas) b.append("  - type: postgres.schema\n    name: ").append(s).append("\n    database: ").append(db).append('\n');
        return b.toString();
    }

    static void run(Workbench wb, ConnectionProfile conn, String label, String yaml, int rounds) throws Exception {
        Stack s = wb.parseStack("stacks/bench.yaml", yaml);
        long[] ms = new long[rounds];
        int lineagePhases = 0;
        Plan plan = null;
        for (int i = 0; i < rounds; i++) {
            List<String> statuses = new ArrayList<>();
            Progress p = new Progress() {
                @Override public void status(String message) { statuses.add(message); }
                @Override public void worked(long done, long total) { }
                @Override public boolean cancelled() { return false; }
            };
            long t0 = System.nanoTime();
            try (ConfigRepository repo = wb.repository()) {
                plan = wb.plan(s, conn, repo, p);
            }
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            lineagePhases += (int) statuses.stream().filter(x -> x.equals("Reading the lineage across systems")).count();
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-8s plan %s: registry-read phases %d of %d plans (x 4 postgres connections, 3 with a registry);"
                        + " median %d ms, min %d, max %d; all %s%n", label, plan.summary().trailer(), lineagePhases, rounds,
                sorted[rounds / 2], sorted[0], sorted[rounds - 1], Arrays.toString(ms));
    }
}
