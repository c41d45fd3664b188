package dev.mlpc.bench;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.governance.Estate;
import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Governance;
import dev.mlpc.governance.GovernanceConfig;
import dev.mlpc.governance.PlanGraphs;
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
 * Benchmark (not a test): the governance rules over a synthetic estate of about 10,000 lineage nodes and 30,000 edges
 * built through {@link LineageBuilder} — 1,500 Snowflake chains (S3 location → stage → pipe → table) in 30 stacks,
 * 2,500 registry versions (every fifth in Production, every tenth input a table no stack has), 8 inputs each and a
 * deployment — then the time of {@code mlpc govern}'s evaluation (every rule, defaults) and of a drop plan's
 * annotation (findings touching it and its impact, over before/after graphs).
 * Run: {@code java -cp $CP dev.mlpc.bench.GovernBench [rounds]}
 */
public final class GovernBench {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        LineageInputs in = inputs();
        LineageGraph g = LineageBuilder.build(in);
        System.out.printf("graph: %,d nodes, %,d edges%n", g.nodes().size(), g.edges().size());
        Governance governance = Governance.standard();
        GovernanceConfig config = governance.defaults();
        Estate estate = new Estate(in.stacks(), g);
        long[] eval = new long[rounds];
        List<Finding> findings = null;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            findings = governance.evaluate(estate, config);
            eval[i] = System.nanoTime() - t;
        }
        System.out.printf("govern (every rule over the estate): %,d findings; first %.1f ms, median of %d %.1f ms%n",
                findings.size(), eval[0] / 1e6, rounds, median(eval) / 1e6);

        // a plan dropping one table many Production versions read: touching findings and impact
        Stack stack = in.stacks().get(0);
        Resource table = stack.resources().stream().filter(r -> r.type().equals("snowflake.table")).findFirst().orElseThrow();
        List<Resource> rest = new ArrayList<>(stack.resources());
        rest.remove(table);
        Stack without = new Stack(stack.name(), "", stack.target(), rest, stack.sourceFile());
        List<Stack> after = new ArrayList<>(in.stacks());
        after.set(0, without);
        long tb = System.nanoTime();
        PlanGraphs graphs = new PlanGraphs(g, LineageBuilder.build(LineageInputs.of(after, in.registry())));
        long afterMs = System.nanoTime() - tb;
        Plan plan = new Plan(stack.name(), "snowflake", List.of(new Change(Action.DROP, new ResourceKey(table.type(),
                table.name()), Safety.DESTRUCTIVE, List.of(), java.util.Set.of(), "")), List.of(), false);
        long[] ann = new long[rounds];
        Plan out = null;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            out = governance.annotate(plan, without, config, graphs);
            ann[i] = System.nanoTime() - t;
        }
        System.out.printf("drop plan: after-graph build %.1f ms; annotate (touching + impact) %d warnings; first %.1f ms,"
                + " median of %d %.1f ms%n", afterMs / 1e6, out.warnings().size(), ann[0] / 1e6, rounds, median(ann) / 1e6);
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static LineageInputs inputs() {
        int chains = 1_500, stacks = 30, models = 100, versions = 2_500, inputs = 8, deployments = 1_400;
        List<Stack> out = new ArrayList<>();
        int perStack = chains / stacks;
        for (int s = 0; s < stacks; s++) {
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
            out.add(new Stack("sf-" + s, "", "sf", rs, "stacks/sf-" + s + ".yaml"));
        }
        Random rnd = new Random(42);
        List<RegistryVersionLinks> vs = new ArrayList<>();
        int perModel = versions / models;
        for (int m = 0; m < models; m++) {
            for (int v = 1; v <= perModel; v++) {
                List<Lineage> links = new ArrayList<>();
                for (int k = 0; k < inputs; k++) {
                    int n = k == 0 && vs.size() % 10 == 0 ? chains + vs.size() : rnd.nextInt(chains);
                    links.add(new Lineage("input", "snowflake.table", "sf/db" + (n / perStack) + "/s" + n + "/table_" + n));
                }
                if (vs.size() % 7 == 0) links.add(new Lineage("input", "snowflake.table", "sf/db0/s0/table_0"));
                links.add(new Lineage("deployment", "sagemaker.endpoint",
                        "arn:aws:sagemaker:eu-west-1:1:endpoint/e" + (vs.size() % deployments)));
                vs.add(new RegistryVersionLinks("pg", "pg", "model_" + m, v, vs.size() % 5 == 0 ? "Production" : "None",
                        List.of(), links));
            }
        }
        return LineageInputs.of(out, vs);
    }

    static Resource res(String type, String name, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.put((String) kv[i], kv[i + 1]);
        return Resource.of(type, name, p);
    }
}
