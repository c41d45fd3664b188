package dev.mlpc.testing;

import dev.mlpc.app.Drift;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TypeCatalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift test every kind a plan can change must have, for one provider: a stack holding every kind is applied to
 * the live system (a real server or a simulator); the live tree, walked as the console expands it, must then show
 * every kind <b>in sync</b>; with one property per kind changed in the stack (the plan then changes every kind), it
 * must show every kind as <b>differs</b> naming that property. A mark counts when it is on a live node
 * ({@link Drift#markOf}) or on a stack resource's own row ({@link Drift#unlisted()}). The kinds are taken from the
 * provider's type catalog, so a new kind without an entry in the test's table fails it.
 */
public final class DriftKinds {
    private DriftKinds() { }

    /**
     * @param change per kind of the provider, the property the test changes in the stack
     * @param expand which nodes the walk expands (the console expands on demand; a shared server holds other tests'
     *               objects)
     */
    public static void assertEveryKind(Provider provider, TypeCatalog catalog, ProviderSession session, Stack applied,
                                       Map<String, String> change, Predicate<LiveNode> expand) throws Exception {
        List<String> kinds = catalog.types().stream().map(ResourceType::type)
                .filter(t -> t.startsWith(provider.id() + ".")).sorted().toList();
        assertThat(new TreeMap<>(change).keySet()).as("every %s kind the plan can change has a drift test: list a new"
                + " kind here with the property to change", provider.id()).containsExactlyElementsOf(kinds);
        for (String k : kinds) {
            assertThat(applied.resources()).as("the applied stack holds a " + k).anyMatch(r -> r.type().equals(k));
        }
        List<LiveNode> nodes = walk(session, expand);

        Drift same = Drift.compute("drift-kinds", provider, catalog, List.of(applied), session, Progress.NONE);
        Map<String, List<Drift.Mark>> shown = shown(same, nodes);
        for (String k : kinds) {
            assertThat(shown.get(k)).as("%s shown in the live tree with a mark", k).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.state()).as("%s %s: %s", k, m.resource().name(), m.describe())
                            .isEqualTo(Drift.State.IN_SYNC));
        }

        List<Resource> changed = new ArrayList<>();
        for (Resource r : applied.resources()) {
            String property = change.get(r.type());
            if (property == null) {
                changed.add(r);
                continue;
            }
            PropertySpec spec = catalog.type(r.type()).orElseThrow().property(property)
                    .orElseThrow(() -> new AssertionError(r.type() + " has no property " + property));
            Map<String, Object> props = new LinkedHashMap<>(r.properties());
            props.put(property, other(spec, r.get(property)));
            changed.add(Resource.of(r.type(), r.name(), props));
        }
        Stack differs = new Stack(applied.name(), applied.description(), changed, applied.sourceFile());
        Drift drift = Drift.compute("drift-kinds", provider, catalog, List.of(differs), session, Progress.NONE);
        Map<String, List<Drift.Mark>> marks = shown(drift, nodes);
        for (String k : kinds) {
            assertThat(marks.get(k)).as("%s shown in the live tree with a mark after %s changed", k, change.get(k))
                    .isNotEmpty()
                    .anySatisfy(m -> {
                        assertThat(m.state()).as("%s %s: %s", k, m.resource().name(), m.describe()).isEqualTo(Drift.State.DIFFERS);
                        assertThat(m.properties()).contains(change.get(k));
                    })
                    .noneSatisfy(m -> assertThat(m.state()).isEqualTo(Drift.State.IN_SYNC));
        }
    }

    /** Per kind, the marks the tree shows: on the walked live nodes and on the rows of unlisted stack resources. */
    private static Map<String, List<Drift.Mark>> shown(Drift drift, List<LiveNode> nodes) {
        Map<String, List<Drift.Mark>> out = new LinkedHashMap<>();
        for (LiveNode n : nodes) {
            Drift.Mark m = drift.markOf(n);
            if (m != null && m.resource() != null) out.computeIfAbsent(m.resource().type(), k -> new ArrayList<>()).add(m);
        }
        for (Drift.Missing u : drift.unlisted()) {
            out.computeIfAbsent(u.resource().type(), k -> new ArrayList<>()).add(u.mark());
        }
        return out;
    }

    /** The live tree, expanded where {@code expand} says (breadth first, at most 5,000 nodes). */
    public static List<LiveNode> walk(ProviderSession session, Predicate<LiveNode> expand) throws Exception {
        List<LiveNode> out = new ArrayList<>();
        Deque<LiveNode> todo = new ArrayDeque<>(session.children(null, Progress.NONE));
        while (!todo.isEmpty() && out.size() < 5_000) {
            LiveNode n = todo.poll();
            out.add(n);
            if (!n.leaf() && expand.test(n)) todo.addAll(session.children(n, Progress.NONE));
        }
        return out;
    }

    /** Another value of the property's kind than {@code value}. */
    private static Object other(PropertySpec spec, Object value) {
        return switch (spec.kind()) {
            case BOOLEAN -> !(Boolean.TRUE.equals(value));
            case INTEGER -> value instanceof Number n ? n.longValue() + 1 : 7L;
            case ENUM -> spec.enumValues().stream().filter(v -> !v.equalsIgnoreCase(String.valueOf(value))).findFirst().orElseThrow();
            case ENUM_LIST -> {
                List<Object> list = value instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                if (list.size() > 1) list.remove(list.size() - 1);
                else list.add(spec.enumValues().stream().filter(v -> list.stream().noneMatch(x -> v.equalsIgnoreCase(String.valueOf(x))))
                        .findFirst().orElseThrow());
                yield list;
            }
            case STRING_LIST, IDENTIFIER_LIST -> {
                List<Object> list = value instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                list.add("changed-" + list.size());
                yield list;
            }
            case STRING_MAP -> {
                Map<String, Object> map = value instanceof Map<?, ?> m ? new LinkedHashMap<>() : new LinkedHashMap<>();
                if (value instanceof Map<?, ?> m) m.forEach((k, v) -> map.put(String.valueOf(k), v));
                map.put("DriftTest", "changed");
                yield map;
            }
            default -> value == null ? "changed in the stack" : value + " (changed in the stack)";
        };
    }
}
