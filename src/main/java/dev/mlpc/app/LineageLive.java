package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.lineage.LiveObjects;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live side of the lineage graph for one connection: its drift marks (one bulk read of the managed objects) and
 * the unmanaged objects its live tree lists, walked to {@link #DEPTH} levels with at most {@link #MAX_NODES} nodes.
 * An unmanaged object becomes a resource of its key with its tree details as properties (a stage's url, a dataset's
 * storage, …, as the tree shows them).
 */
final class LineageLive implements LineageService.LiveSource {
    static final int DEPTH = 6;
    static final int MAX_NODES = 20_000;
    /** Managed types whose live node adds facts the stack does not hold. */
    static final Set<String> LIVE_FACTS = Set.of("datashare.invitation");

    interface Sessions {
        ProviderSession open(ConnectionProfile profile) throws ProviderException;
    }

    interface Drifts {
        Drift drift(ConnectionProfile profile, ProviderSession session, Progress progress) throws Exception;
    }

    private final Sessions sessions;
    private final Drifts drifts;

    LineageLive(Sessions sessions, Drifts drifts) {
        this.sessions = sessions;
        this.drifts = drifts;
    }

    static String driftOf(Drift.State s) {
        return switch (s) {
            case IN_SYNC -> "in-sync";
            case DIFFERS -> "drifted";
            case MISSING -> "missing";
            case UNMANAGED, UNCHECKED -> "unknown";
        };
    }

    @Override
    public Optional<LiveObjects> read(ConnectionProfile profile, Progress progress, List<String> warnings) {
        try (ProviderSession s = sessions.open(profile)) {
            Drift drift = drifts.drift(profile, s, progress);
            List<LiveObjects.LiveObject> out = new ArrayList<>();
            Map<Resource, Integer> managed = new java.util.IdentityHashMap<>();
            for (Drift.Mark m : drift.marks()) {
                managed.put(m.resource(), out.size());
                out.add(new LiveObjects.LiveObject(m.resource(), m.stack(), driftOf(m.state())));
            }
            int[] budget = {MAX_NODES};
            walk(s, null, DEPTH, drift, out, managed, budget, new HashSet<>(), progress, "postgres".equals(profile.type()),
                    null, null, warnings, profile.name());
            if (budget[0] <= 0) {
                warnings.add("live " + profile.name() + ": more than " + MAX_NODES + " tree nodes; the rest left out");
            }
            return Optional.of(new LiveObjects(profile.name(), out));
        } catch (Exception e) {
            warnings.add("live " + profile.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return Optional.empty();
        }
    }

    private void walk(ProviderSession s, LiveNode parent, int left, Drift drift, List<LiveObjects.LiveObject> out,
                      Map<Resource, Integer> managed, int[] budget, Set<String> seen, Progress progress, boolean postgres,
                      String database, String schema, List<String> warnings, String connection) {
        if (left <= 0 || budget[0] <= 0 || progress.cancelled()) return;
        List<LiveNode> children;
        try {
            children = s.children(parent, progress);
        } catch (ProviderException e) {
            // one node that cannot be listed (a database dropped meanwhile, no privilege) leaves out only its subtree
            warnings.add("live " + connection + ": " + (parent == null ? "the tree" : parent.label()) + ": " + e.getMessage());
            return;
        }
        for (LiveNode n : children) {
            if (budget[0]-- <= 0) return;
            if (!seen.add(n.path())) continue;
            String db = database, sc = schema;
            if (postgres && n.kind().equals("database")) db = n.label();
            if (postgres && n.kind().equals("schema")) {
                sc = n.label();
                if (n.details().get("database") instanceof String d) db = d;
            }
            if (postgres && n.key() == null && n.kind().equals("table")) {
                // PostgreSQL tables are not stack resources; registry lineage names them (postgres.table)
                String tdb = n.details().get("database") instanceof String d ? d : db;
                String tsc = n.details().get("schema") instanceof String x ? x : sc;
                if (tdb != null && tsc != null) {
                    out.add(new LiveObjects.LiveObject(Resource.of("postgres.table", n.label(),
                            Map.of("database", tdb, "schema", tsc)), null, "unknown", n.path()));
                }
            }
            if (n.key() != null) {
                Drift.Mark m = drift.markOf(n);
                if (m != null && m.state() == Drift.State.UNMANAGED) {
                    Map<String, Object> props = new LinkedHashMap<>();
                    n.details().forEach((k, v) -> {
                        if (v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>) props.put(k, v);
                    });
                    out.add(new LiveObjects.LiveObject(Resource.of(n.key().type(), n.key().name(), props), null,
                            "unknown", n.path()));
                } else if (m != null && m.resource() != null && LIVE_FACTS.contains(m.resource().type())) {
                    // what only the live object knows, e.g. the invitation id a consumer's subscription names
                    Integer at = managed.get(m.resource());
                    if (at != null) {
                        Map<String, Object> props = new LinkedHashMap<>(m.resource().properties());
                        for (String k : List.of("invitation_id")) {
                            if (n.details().get(k) instanceof String v) props.putIfAbsent(k, v);
                        }
                        LiveObjects.LiveObject before = out.get(at);
                        Resource r = m.resource();
                        out.set(at, new LiveObjects.LiveObject(new Resource(r.type(), r.name(), props, r.location(), Map.of(), r.index()),
                                before.stack(), before.drift()));
                    }
                }
            }
            if (!n.leaf()) walk(s, n, left - 1, drift, out, managed, budget, seen, progress, postgres, db, sc, warnings, connection);
        }
    }
}
