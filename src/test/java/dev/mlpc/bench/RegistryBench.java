package dev.mlpc.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.Page;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.VersionQuery;
import dev.mlpc.testing.PgTestSupport;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark (not a test): the model registry with 10,000 models and 1,000,000 versions generated in PostgreSQL
 * (two tags per version, a champion alias per model), then the service's reads timed one call at a time (p50 / p95 /
 * max over warm runs), then registrations per second with 16 writers. Uses a database of its own, dropped at the end
 * unless {@code keep} is given.
 * Run: {@code java -cp $CP dev.mlpc.bench.RegistryBench [models] [versionsPerModel] [keep]}
 */
public final class RegistryBench {
    private static final int ROUNDS = 1000;

    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perModel = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        boolean keep = args.length > 2 && args[2].equals("keep");
        String db = PgTestSupport.unique("mlreg_bench");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        try (HikariDataSource pool = PgPool.open(PgTestSupport.profile("bench"), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(60), db, 16);
             ModelRegistry r = new ModelRegistry(pool, "model_registry", "bench", null)) {
            r.migrations().migrate();
            long t0 = System.nanoTime();
            generate(pool, models, perModel);
            System.out.printf("generated %,d models, %,d versions, %,d version tags in %.1f s%n", models,
                    (long) models * perModel, 2L * models * perModel, (System.nanoTime() - t0) / 1e9);

            Random rnd = new Random(42);
            time("page of 50 versions of a model", () -> r.versions(name(rnd.nextInt(models)), 50, null));
            time("page 2 of a model's versions (cursor)", () -> {
                String m = name(rnd.nextInt(models));
                Page<ModelVersion> p = r.versions(m, 50, null);
                return r.versions(m, 50, p.next());
            }, true);
            time("search: name prefix (~10 models), page of 50", () ->
                    r.search(new VersionQuery(name(rnd.nextInt(models)).substring(0, 10), null, Map.of(), null, null,
                            null, false, 50, null)));
            time("search: name prefix (~1,000 models), page of 50", () ->
                    r.search(new VersionQuery(name(rnd.nextInt(models)).substring(0, 8), null, Map.of(), null, null,
                            null, false, 50, null)));
            time("search: two tags (team AND dataset, ~200 matches), page of 50", () ->
                    r.search(new VersionQuery(null, null, Map.of("team", "team-" + rnd.nextInt(5),
                            "dataset", "d" + rnd.nextInt(1000)), null, null, null, false, 50, null)));
            time("search: one common tag (team, ~200,000 matches), page of 50", () ->
                    r.search(new VersionQuery(null, null, Map.of("team", "team-" + rnd.nextInt(5)), null, null, null,
                            false, 50, null)));
            time("search: alias champion + stage Production, page of 50", () ->
                    r.search(new VersionQuery(null, null, Map.of(), "champion", "Production", null, false, 50, null)));
            time("version by alias (champion) of a model", () -> r.versionByAlias(name(rnd.nextInt(models)), "champion"));

            for (boolean oneModel : new boolean[] {true, false}) {
                int writers = 16;
                int each = 200;
                ExecutorService ex = Executors.newFixedThreadPool(writers);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    fs.add(ex.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            r.register(Registration.of(oneModel ? name(0) : name(1 + writer), "s3://bench/new/" + writer + "/" + i));
                        }
                        return null;
                    }));
                }
                long a = System.nanoTime();
                go.countDown();
                for (Future<?> f : fs) f.get();
                double s = (System.nanoTime() - a) / 1e9;
                ex.shutdown();
                System.out.printf("registrations, %d writers x %d, %s: %.0f per second (%.2f s)%n", writers, each,
                        oneModel ? "all on one model" : "one model each", writers * each / s, s);
            }
        } finally {
            if (!keep) PgTestSupport.exec("DROP DATABASE IF EXISTS " + PgTestSupport.q(db) + " WITH (FORCE)");
            else System.out.println("kept database " + db);
        }
    }

    static String name(int i) {
        return String.format("model-%05d", i);
    }

    interface Call {
        Object run() throws Exception;
    }

    static void time(String what, Call call) throws Exception {
        time(what, call, false);
    }

    /** Warm-up, then ROUNDS timed calls; {@code twoCalls}: the figure covers both pages. */
    static void time(String what, Call call, boolean twoCalls) throws Exception {
        for (int i = 0; i < 200; i++) call.run();
        long[] ns = new long[ROUNDS];
        int rows = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long a = System.nanoTime();
            Object o = call.run();
            ns[i] = System.nanoTime() - a;
            rows += o instanceof Page<?> p ? p.items().size() : 1;
        }
        Arrays.sort(ns);
        System.out.printf("%-52s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  (%d calls%s, %.1f rows/call)%n", what,
                ns[ROUNDS / 2] / 1e6, ns[ROUNDS * 95 / 100] / 1e6, ns[ROUNDS - 1] / 1e6, ROUNDS,
                twoCalls ? " of 2 pages" : "", rows / (double) ROUNDS);
    }

    /** Bulk generation in SQL (the service is measured afterwards, not used to load a million rows). */
    static void generate(HikariDataSource pool, int models, int perModel) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET search_path = model_registry");
            st.execute("INSERT INTO registered_models (name, owner, last_version) SELECT format('model-%s', lpad(i::text, 5, '0')),"
                    + " 'team-' || (i % 5), " + perModel + " FROM generate_series(0, " + (models - 1) + ") i");
            st.execute("INSERT INTO model_versions (model_id, model_key, version, source, stage, status, created_by, tags)"
                    + " SELECT m.id, m.name_key, v, 's3://bench/' || m.id || '/' || v,"
                    + " (ARRAY['None','Staging','Production','Archived'])[1 + ((m.id * 31 + v * 17) % 4)], 'READY', 'bench',"
                    + " jsonb_build_object('team', 'team-' || ((m.id * " + perModel + " + v) % 5),"
                    + " 'dataset', 'd' || (abs(hashtext((m.id * " + perModel + " + v)::text)) % 1000))"
                    + " FROM registered_models m, generate_series(1, " + perModel + ") v");
            st.execute("INSERT INTO model_tags (model_id, key, value) SELECT id, 'team', owner FROM registered_models");
            st.execute("SELECT setseed(0.42)");
            st.execute("INSERT INTO model_aliases (model_id, model_key, alias, version) SELECT id, name_key, 'champion', 1 + floor(random() * "
                    + perModel + ")::int FROM registered_models");
            st.execute("INSERT INTO model_aliases (model_id, model_key, alias, version) SELECT id, name_key, 'challenger', 1 + (id * 17) % " + perModel
                    + " FROM registered_models WHERE id % 2 = 0");
            st.execute("VACUUM ANALYZE registered_models");
            st.execute("VACUUM ANALYZE model_versions");
            st.execute("VACUUM ANALYZE model_tags");
            st.execute("VACUUM ANALYZE model_aliases");
        }
    }
}
