package dev.mlpc.bench;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.sagemaker.SageMakerProvider;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the SageMaker provider against the simulator with {@code latencyMs} (default 50) added to
 * every request. The simulator holds {@code domains} (default 500) InService domains {@code team-NNN}, each with
 * {@code profiles} (default 20) user profiles {@code team-NNN-uNN}, seeded without requests.
 * <ol>
 *   <li>Inventory through a session opened as the console's live tree opens it ({@link Workbench#openSession}):
 *   the top level ({@code children(null)}: what a user sees first), then the expansion of every domain one after the
 *   other (the tree lists a domain's profiles when the user expands it); with {@code -Dfull=true} also
 *   {@code read} of everything as managed (every domain and profile described).</li>
 *   <li>{@link Workbench#plan} of a stack managing {@code managed} (default 50) of those domains with
 *   {@code managedProfiles} (default 10) of each one's profiles, all live and equal to the stack (0 changes
 *   expected); then the same shape with names that do not exist (everything to create).</li>
 * </ol>
 * The simulator's server runs with {@code sun.net.httpserver.nodelay=true} unless the command line says otherwise.
 * Each phase prints its requests per operation (counted by the simulator), the total and the wall time.
 * Run: {@code java -cp target/classes:target/test-classes:$CP dev.mlpc.bench.SageMakerBench [runs]}
 */
public final class SageMakerBench {
    private static final Map<String, String> KEYS = Map.of("SIM_KEY_ID", "AKIDBENCH", "SIM_SECRET", "bench-secret");

    public static void main(String[] args) throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        // The JDK's HttpServer (the simulator's) writes headers and body separately without TCP_NODELAY unless told:
        // with the client's delayed ACK that adds ~40 ms to every request, which a real endpoint does not.
        // -Dsun.net.httpserver.nodelay=false on the command line keeps that behaviour (read before any server starts).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length == 0 ? 3 : Integer.parseInt(args[0]);
        long latencyMs = Long.getLong("latencyMs", 50);
        int domains = Integer.getInteger("domains", 500);
        int profiles = Integer.getInteger("profiles", 20);
        int managed = Integer.getInteger("managed", 50);
        int managedProfiles = Integer.getInteger("managedProfiles", 10);
        boolean full = Boolean.getBoolean("full");
        System.out.printf("latency %d ms, %d domains x %d profiles; plan: %d domains x %d profiles; %d run(s)%n",
                latencyMs, domains, profiles, managed, managedProfiles, runs);
        for (int run = 1; run <= runs; run++) {
            run(run, latencyMs, domains, profiles, managed, managedProfiles, full);
        }
    }

    private static void run(int run, long latencyMs, int domains, int profiles, int managed, int managedProfiles,
                            boolean full) throws Exception {
        Path home = Files.createTempDirectory("mlpc-sm-bench");
        try (SageMakerSimulator sim = SageMakerSimulator.start()) {
            long s0 = System.nanoTime();
            for (int d = 1; d <= domains; d++) {
                String id = sim.seedDomain(domainName("team", d));
                for (int u = 1; u <= profiles; u++) sim.seedUserProfile(id, profileName("team", d, u));
            }
            System.out.printf("run %d: seeded %d domains, %d profiles in %d ms%n", run, domains, domains * profiles,
                    (System.nanoTime() - s0) / 1_000_000);
            Workbench wb = new Workbench(new AppHome(home), new ProviderRegistry(List.of(new SageMakerProvider())), KEYS,
                    Duration.ofSeconds(60));
            Map<String, String> s = new LinkedHashMap<>();
            s.put("region", sim.region());
            s.put("credentials", "static");
            s.put("access_key_id", "${env:SIM_KEY_ID}");
            s.put("secret_access_key", "${env:SIM_SECRET}");
            s.put("endpoint_url", sim.endpoint().toString());
            ConnectionProfile profile = new ConnectionProfile("bench", "sagemaker", s);

            // warm-up without latency: SDK and JSON classes loaded, connections opened
            try (ProviderSession session = wb.openSession(profile)) {
                session.children(null, Progress.NONE);
            }
            Plan warm = wb.plan(stack(wb, "team", 2, 2), profile, null, Progress.NONE);
            if (!warm.actionable().isEmpty()) throw new IllegalStateException("warm-up plan not empty: " + warm.actionable());
            sim.latency(Duration.ofMillis(latencyMs));

            // 1. inventory through the live tree's session
            try (ProviderSession session = wb.openSession(profile)) {
                sim.resetCounts();
                long t0 = System.nanoTime();
                List<LiveNode> top = session.children(null, Progress.NONE);
                report(run, "tree: top level (" + top.size() + " domains)", sim, t0);
                if (top.size() != domains) throw new IllegalStateException("top level shows " + top.size() + " domains");

                sim.resetCounts();
                t0 = System.nanoTime();
                int seen = 0;
                for (LiveNode domain : top) seen += session.children(domain, Progress.NONE).size();
                report(run, "tree: expand every domain (" + seen + " profiles)", sim, t0);
                if (seen != domains * profiles) throw new IllegalStateException("expansion shows " + seen + " profiles");

                if (full) {
                    Stack all = stack(wb, "team", domains, profiles);
                    sim.resetCounts();
                    t0 = System.nanoTime();
                    Inventory inv = session.read(all.resources(), Progress.NONE);
                    report(run, "read: everything managed (" + inv.all().size() + " observed)", sim, t0);
                }
            }

            // 2. plan of the managed stack: all live, then all absent
            Stack live = stack(wb, "team", managed, managedProfiles);
            sim.resetCounts();
            long t0 = System.nanoTime();
            Plan p = wb.plan(live, profile, null, Progress.NONE);
            report(run, "plan: " + live.resources().size() + " live (" + p.actionable().size() + " changes)", sim, t0);

            Stack absent = stack(wb, "new", managed, managedProfiles);
            sim.resetCounts();
            t0 = System.nanoTime();
            p = wb.plan(absent, profile, null, Progress.NONE);
            report(run, "plan: " + absent.resources().size() + " absent (" + p.actionable().size() + " changes)", sim, t0);
            sim.latency(Duration.ZERO);
            if (!sim.failures().isEmpty()) throw new IllegalStateException("simulator failures: " + sim.failures());
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void report(int run, String phase, SageMakerSimulator sim, long t0) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("run %d | %-44s | %6d requests %s | max in flight %d | %,d ms%n", run, phase,
                sim.totalRequests(), sim.requestCounts(), sim.maxInFlight(), ms);
    }

    private static String domainName(String prefix, int d) {
        return String.format("%s-%03d", prefix, d);
    }

    private static String profileName(String prefix, int d, int u) {
        return String.format("%s-%03d-u%02d", prefix, d, u);
    }

    /** {@code domains} domains shaped like the simulator's seeded ones, each with {@code profiles} plain profiles. */
    private static Stack stack(Workbench wb, String prefix, int domains, int profiles) throws Exception {
        StringBuilder y = new StringBuilder("stack: sagebench\nresources:\n");
        List<String> names = new ArrayList<>();
        for (int d = 1; d <= domains; d++) {
            String dn = domainName(prefix, d);
            names.add(dn);
            y.append("  - {type: sagemaker.domain, name: ").append(dn)
                    .append(", auth_mode: IAM, vpc_id: vpc-0a1b2c3d, subnet_ids: [subnet-0a1b2c3d],")
                    .append(" default_user_settings: {execution_role: \"arn:aws:iam::")
                    .append(SageMakerSimulator.ACCOUNT_ID).append(":role/sagemaker-exec\"}}\n");
            for (int u = 1; u <= profiles; u++) {
                y.append("  - {type: sagemaker.user_profile, name: ").append(profileName(prefix, d, u))
                        .append(", domain: ").append(dn).append("}\n");
            }
        }
        return wb.parseStack("stacks/sagebench.yaml", y.toString());
    }
}
