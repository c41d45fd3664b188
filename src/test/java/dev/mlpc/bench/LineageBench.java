package dev.mlpc.bench;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageInputs;
import dev.mlpc.lineage.RegistryVersionLinks;
import dev.mlpc.registry.Lineage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test): a synthetic estate of about 10,000 nodes and 30,000 edges built through
 * {@link LineageBuilder} — 1,500 Snowflake chains (S3 location → stage → pipe → table, in 30 stacks of 50 schemas'
 * worth), 100 registry models with 2,500 versions, each with 8 inputs spelled as registry uris
 * ({@code conn/db/schema/table}, lower case: matched to the stack ids) and a deployment among 1,400 endpoints — then the
 * time to build it (median of warm runs) and the time to cut a neighbourhood of about 200 nodes from it
 * ({@link LineageGraph#neighbourhood}, the map's and {@code mlpc lineage}'s first step).
 * Run: {@code java -cp $CP dev.mlpc.bench.LineageBench [rounds]}
 */
public final class LineageBench {
    static final int CHAINS = 1_500;
    static final int STACKS = 30;
    static final int MODELS = 100;
    static final int VERSIONS = 2_500;
    static final int INPUTS = 8;
    static final int DEPLOYMENTS = 1_400;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        LineageInputs in = inputs();
        LineageGraph g = null;
        long[] build = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            g = LineageBuilder.build(in);
            build[i] = System.nanoTime() - t;
        }
        System.out.printf("graph: %,d nodes, %,d edges%n", g.nodes().size(), g.edges().size());
        System.out.printf("build: first %.1f ms, median of %d %.1f ms%n", build[0] / 1e6, rounds, median(build) / 1e6);

        // a neighbourhood of about 200 nodes: a model's upstream (its 25 versions and their inputs) and downstream,
        // deepened until it has 200 or more
        String root = "registry:model:pg/model_7";
        int depth = 1;
        while (depth < 10 && g.neighbourhood(root, Direction.BOTH, depth).nodes().size() < 200) depth++;
        long[] hood = new long[rounds * 10];
        LineageGraph sub = null;
        for (int i = 0; i < hood.length; i++) {
            long t = System.nanoTime();
            sub = g.neighbourhood(root, Direction.BOTH, depth);
            hood[i] = System.nanoTime() - t;
        }
        System.out.printf("neighbourhood of %s, depth %d: %,d nodes, %,d edges; first %.2f ms, median of %d %.2f ms%n",
                root, depth, sub.nodes().size(), sub.edges().size(), hood[0] / 1e6, hood.length, median(hood) / 1e6);
        long t = System.nanoTime();
        LineageGraph cold = LineageBuilder.build(in);
        LineageGraph coldSub = cold.neighbourhood(root, Direction.BOTH, depth);
        System.out.printf("build + neighbourhood once more: %.1f ms (%d nodes)%n", (System.nanoTime() - t) / 1e6,
                coldSub.nodes().size());
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static LineageInputs inputs() {
        List<Stack> stacks = new ArrayList<>();
        int perStack = CHAINS / STACKS;
        for (int s = 0; s < STACKS; s++) {
            List<Resource> rs = new ArrayList<>();
            for (int i = 0; i < perStack; i++) {
                int n = s * perStack + i;
                String schema = "s" + n;
                rs.add(res("snowflake.stage", "stage_" + n, "database", "db" + s, "schema", schema,
                        "url", "s3://bucket-" + (n % 50) + "/data/" + n + "/"));
                rs.add(res("snowflake.table", "table_" + n, "database", "db" + s, "schema", schema));
                rs.add(res("snowflake.pipe", "pipe_" + n, "database", "db" + s, "schema", schema,
                        "stage", "stage_" + n, "table", "table_" + n));
            }
            stacks.add(new Stack("sf-" + s, "", "sf", rs, "stacks/sf-" + s + ".yaml"));
        }
        Random rnd = new Random(42);
        List<RegistryVersionLinks> versions = new ArrayList<>();
        int perModel = VERSIONS / MODELS;
        for (int m = 0; m < MODELS; m++) {
            for (int v = 1; v <= perModel; v++) {
                List<Lineage> links = new ArrayList<>();
                for (int k = 0; k < INPUTS; k++) {
                    int n = rnd.nextInt(CHAINS);
                    links.add(new Lineage("input", "snowflake.table", "sf/db" + (n / perStack) + "/s" + n + "/table_" + n));
                }
                links.add(new Lineage("deployment", "sagemaker.endpoint",
                        "arn:aws:sagemaker:eu-west-1:1:endpoint/e" + (versions.size() % DEPLOYMENTS)));
                versions.add(new RegistryVersionLinks("pg", "pg", "model_" + m, v, "None", List.of(), links));
            }
        }
        return LineageInputs.of(stacks, versions);
    }

    static Resource res(String type, String name, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.put((String) kv[i], kv[i + 1]);
        return Resource.of(type, name, p);
    }
}
