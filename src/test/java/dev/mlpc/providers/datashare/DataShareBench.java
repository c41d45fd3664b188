package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.testing.datashare.DataShareSimulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;

/**
 * Benchmark (not a test) of issue 11: the Data Share provider's session (its real azure-core pipeline, JDK HTTP
 * client, a fixed bearer token instead of a login) against {@link DataShareSimulator} with {@code latencyMs} (default
 * 50) added to every request. The simulator holds {@code accounts} (default 50) accounts × {@code shares} (20) shares ×
 * {@code datasets} (10) Container datasets in resource group {@code bench-rg}, seeded without requests.
 * <ol>
 *   <li>The live tree fully expanded, node after node as the console's tree loads them (one connection, one serial
 *   executor): the subscription, its resource groups, the accounts, every account (shares, share subscriptions), every
 *   share (datasets, invitations, schedules).</li>
 *   <li>{@code read} of a stack managing one account whole (1 + 20 + 200 objects).</li>
 *   <li>The plan of a 500-resource stack (5 accounts × 9 shares × 10 datasets, all live and equal: 0 changes
 *   expected): {@code read} of the stack then the {@link Differ}, what {@code Planner.planWith} does without a config
 *   repository; then the same shape under names that do not exist (500 creates).</li>
 * </ol>
 * Each phase prints its requests (counted by the simulator, by method and last path segment) and wall time.
 * Run: {@code java -cp target/classes:target/test-classes:$CP dev.mlpc.providers.datashare.DataShareBench [runs]}
 */
public final class DataShareBench {
    public static void main(String[] args) throws Exception {
        // the JDK HttpServer (the simulator's) writes headers and body separately; without TCP_NODELAY the client's
        // delayed ACK adds ~40 ms to every request, which a real endpoint does not (same as the SageMaker bench)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length == 0 ? 3 : Integer.parseInt(args[0]);
        long latencyMs = Long.getLong("latencyMs", 50);
        int accounts = Integer.getInteger("accounts", 50);
        int shares = Integer.getInteger("shares", 20);
        int datasets = Integer.getInteger("datasets", 10);
        System.out.printf("latency %d ms, %d accounts x %d shares x %d datasets; %d run(s)%n", latencyMs, accounts, shares,
                datasets, runs);
        for (int run = 1; run <= runs; run++) run(run, latencyMs, accounts, shares, datasets);
    }

    private static void run(int run, long latencyMs, int accounts, int shares, int datasets) throws Exception {
        try (DataShareLiveKit kit = new DataShareLiveKit()) {
            DataShareSimulator sim = kit.sim;
            sim.seedResourceGroup(SUBSCRIPTION, "bench-rg", "westeurope");
            sim.seedAccounts(SUBSCRIPTION, "bench-rg", accounts, shares, datasets);
            sim.latency(Duration.ofMillis(latencyMs));

            // 1. the tree, fully expanded, one node after the other
            sim.resetCounts();
            long t0 = System.nanoTime();
            Deque<LiveNode> todo = new ArrayDeque<>(kit.session.children(null, Progress.NONE));
            int nodes = 0;
            while (!todo.isEmpty()) {
                LiveNode n = todo.poll();
                nodes++;
                if (n.leaf()) continue;
                todo.addAll(kit.session.children(n, Progress.NONE));
            }
            report(run, "tree fully expanded (" + nodes + " nodes)", sim, t0);

            // 2. read of a stack managing one account whole
            ProviderRegistry registry = DsKit.registry(new DataShareProvider());
            Stack one = new StackReader(registry).parse("one.yaml", stack("one", 1, shares, datasets, ""));
            sim.resetCounts();
            t0 = System.nanoTime();
            Inventory inv = kit.session.read(one.resources(), Progress.NONE);
            report(run, "read of 1 account x " + shares + " shares x " + datasets + " datasets (" + one.resources().size()
                    + " managed, " + inv.all().size() + " found)", sim, t0);

            // 3. plan of a 500-resource stack, live and absent
            DataShareProvider provider = new DataShareProvider();
            for (String prefix : List.of("", "absent-")) {
                Stack big = new StackReader(registry).parse("big.yaml", stack("big", 5, 9, 10, prefix));
                sim.resetCounts();
                t0 = System.nanoTime();
                Inventory live = kit.session.read(big.resources(), Progress.NONE);
                Plan plan = new Differ(registry).diff(big, null, live, provider.renderer());
                report(run, "plan of " + big.resources().size() + " resources" + (prefix.isEmpty() ? " (all live)" : " (absent)")
                        + ": " + plan.summary().trailer() + ", " + plan.warnings().size() + " warnings", sim, t0);
            }
        }
    }

    /** A stack of {@code accounts} seeded accounts, each with its first {@code shares} shares and their datasets. */
    static String stack(String name, int accounts, int shares, int datasets, String prefix) {
        StringBuilder b = new StringBuilder("stack: " + name + "\nresources:\n");
        for (int a = 1; a <= accounts; a++) {
            String acct = prefix + String.format("account-%03d", a);
            b.append("  - type: datashare.account\n    name: ").append(acct)
                    .append("\n    resource_group: bench-rg\n    location: westeurope\n    identity: {type: SystemAssigned}\n");
            for (int s = 1; s <= shares; s++) {
                String share = acct + String.format("-share-%03d", s);
                b.append("  - type: datashare.share\n    name: ").append(share).append("\n    account: ").append(acct)
                        .append("\n    share_name: ").append(String.format("share-%03d", s))
                        .append("\n    share_kind: CopyBased\n    description: seeded share\n");
                for (int d = 1; d <= datasets; d++) {
                    b.append("  - type: datashare.dataset\n    name: ").append(share).append(String.format("-dataset-%03d", d))
                            .append("\n    data_set_name: ").append(String.format("dataset-%03d", d))
                            .append("\n    share: ").append(share)
                            .append("\n    kind: Container\n    subscription_id: ").append(SUBSCRIPTION)
                            .append("\n    resource_group: bench-rg\n    storage_account_name: seedstorage\n    container_name: ")
                            .append(String.format("data-%03d", d)).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void report(int run, String phase, DataShareSimulator sim, long t0) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Integer> by = new TreeMap<>();
        for (DataShareSimulator.Request r : sim.requests()) {
            String p = r.path();
            String last = p.substring(p.lastIndexOf('/') + 1);
            String kind = last.matches("[0-9a-fA-F-]{36}|[a-z]+-\\d{3}|[A-Za-z0-9-]+-\\d{3}-.*") ? "(one object)" : last;
            by.merge(r.method() + " " + kind, 1, Integer::sum);
        }
        System.out.printf("run %d: %-70s %6d requests %8d ms  %s%n", run, phase, sim.requestCount(), ms, by);
    }
}
