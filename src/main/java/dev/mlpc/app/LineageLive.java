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
            for (Drift.Mark m : drift.marks()) {
                out.add(new LiveObjects.LiveObject(m.resource(), m.stack(), driftOf(m.state())));
            }
            int[] budget = {MAX_NODES};
            walk(s, null, DEPTH, drift, out, budget, new HashSet<>(), progress);
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
                      int[] budget, Set<String> seen, Progress progress) throws ProviderException {
        if (left <= 0 || budget[0] <= 0 || progress.cancelled()) return;
        for (LiveNode n : s.children(parent, progress)) {
            if (budget[0]-- <= 0) return;
            if (!seen.add(n.path())) continue;
            if (n.key() != null) {
                Drift.Mark m = drift.markOf(n);
                if (m != null && m.state() == Drift.State.UNMANAGED) {
                    Map<String, Object> props = new LinkedHashMap<>();
                    n.details().forEach((k, v) -> {
                        if (v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>) props.put(k, v);
                    });
                    out.add(new LiveObjects.LiveObject(Resource.of(n.key().type(), n.key().name(), props), null,
                            "unknown", n.path()));
                }
            }
            if (!n.leaf()) walk(s, n, left - 1, drift, out, budget, seen, progress);
        }
    }
}
