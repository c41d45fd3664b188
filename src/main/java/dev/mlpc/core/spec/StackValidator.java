package dev.mlpc.core.spec;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks a parsed stack against the resource types: kinds, required fields, identifiers, duplicates, rules. */
public final class StackValidator {
    private final TypeCatalog catalog;

    public StackValidator(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    /** Validates a stack built in code (wizards): returns every problem. */
    public List<Problem> validate(Stack stack) {
        List<Problem> problems = new java.util.ArrayList<>();
        validate(stack, problems);
        return problems;
    }

    public void validate(Stack stack, List<Problem> problems) {
        Map<ResourceKey, Resource> seen = new HashMap<>();
        Map<Resource, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < stack.resources().size(); i++) {
            Resource r = stack.resources().get(i);
            index.put(r, r.index() >= 0 ? r.index() : i);
        }
        ResourceType.ProblemSink sink = (r, field, reason) ->
                problems.add(new Problem(r.locationOf(field.replaceAll("^\\.", "")), "resources[" + index.get(r) + "]"
                        + (field.isEmpty() ? "" : "." + field), reason));
        String firstProvider = null;
        Map<List<Object>, Resource> identities = new HashMap<>();
        for (Resource r : stack.resources()) {
            Optional<ResourceType> type = catalog.type(r.type());
            if (type.isEmpty()) {
                String known = catalog.types().stream().map(ResourceType::type).sorted().collect(Collectors.joining(", "));
                sink.problem(r, "type", "unknown resource type " + Problem.quote(r.type()) + " (known: " + known + ")");
                continue;
            }
            if (firstProvider == null) {
                firstProvider = r.provider();
            } else if (!firstProvider.equals(r.provider())) {
                sink.problem(r, "type", "a stack manages one system: this stack is for " + Problem.quote(firstProvider)
                        + ", so " + Problem.quote(r.type()) + " belongs in a stack of its own");
            }
            String bad = nameProblem(r.name());
            if (bad == null) bad = catalog.checkIdentifier(r.provider(), r.name());
            if (bad != null) sink.problem(r, "name", bad);
            Resource earlier = seen.putIfAbsent(r.key(), r);
            if (earlier != null) {
                sink.problem(r, "name", "duplicate: " + r.type() + " " + Problem.quote(r.name()) + " is already defined"
                        + (earlier.location() != null ? " at line " + earlier.location().line() : ""));
            }
            checkProperties(r, type.get(), sink);
            for (ResourceType.Check c : type.get().checks()) c.check(r, sink);
            Object identity = type.get().liveIdentity(r);
            if (identity != null) {
                Resource same = identities.putIfAbsent(List.of(r.type(), identity), r);
                if (same != null) {
                    sink.problem(r, "name", "stands for the same " + r.type() + " as " + Problem.quote(same.name())
                            + (same.location() != null ? " (line " + same.location().line() + ")" : "")
                            + ": the two would undo each other on every apply; merge them into one resource");
                }
            }
        }
        checkCycles(stack, sink, problems);
    }

    private void checkProperties(Resource r, ResourceType type, ResourceType.ProblemSink sink) {
        for (String prop : r.properties().keySet()) {
            if (type.property(prop).isEmpty()) {
                String known = type.properties().stream().map(PropertySpec::name).collect(Collectors.joining(", "));
                sink.problem(r, prop, "unknown property for " + type.type() + " (known: " + known + ")");
            }
        }
        for (PropertySpec p : type.properties()) {
            Object v = r.get(p.name());
            if (v == null) {
                if (p.required()) sink.problem(r, p.name(), "required" + (p.description().isEmpty() ? "" : ": " + p.description()));
                continue;
            }
            checkValue(r, p, v, sink, p.name());
        }
    }

    /** @param f where the value is, for messages: the property name, or {@code columns[2].type} inside an object list */
    private void checkValue(Resource r, PropertySpec p, Object v, ResourceType.ProblemSink sink, String f) {
        switch (p.kind()) {
            case STRING -> {
                if (!(v instanceof String s)) sink.problem(r, f, "must be text");
                else {
                    String bad = textProblem(s);
                    if (bad != null) sink.problem(r, f, bad);
                }
            }
            case IDENTIFIER -> {
                if (!(v instanceof String s)) sink.problem(r, f, "must be a name (text)");
                else {
                    String bad = nameProblem(s);
                    if (bad == null) bad = catalog.checkIdentifier(r.provider(), s);
                    if (bad != null) sink.problem(r, f, bad);
                }
            }
            case INTEGER -> {
                if (!(v instanceof Long n)) sink.problem(r, f, "must be a whole number");
                else if ((p.min() != null && n < p.min()) || (p.max() != null && n > p.max())) {
                    sink.problem(r, f, "must be between " + p.min() + " and " + p.max() + ", not " + n);
                }
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) sink.problem(r, f, "must be true or false");
            }
            case ENUM -> {
                if (!(v instanceof String s) || p.canonicalEnum(s) == null) {
                    sink.problem(r, f, "must be one of " + String.join(", ", p.enumValues()) + ", not " + Problem.quote(v));
                }
            }
            case SECRET -> {
                if (!(v instanceof String s) || !SecretRef.isReference(s)) sink.problem(r, f, SecretRef.expectedForm());
            }
            case STRING_MAP -> {
                if (!(v instanceof Map<?, ?> m)) sink.problem(r, f, "must be a mapping of names to text");
                else m.forEach((k, val) -> {
                    String keyBad = nameProblem(String.valueOf(k));
                    if (keyBad != null) sink.problem(r, f + "." + k, "the key " + keyBad);
                    if (!(val instanceof String) && !(val instanceof Number) && !(val instanceof Boolean)) {
                        sink.problem(r, f + "." + k, "must be text");
                    } else if (val instanceof String sv) {
                        String bad = textProblem(sv);
                        if (bad != null) sink.problem(r, f + "." + k, bad);
                    }
                });
            }
            case OBJECT_LIST -> checkObjects(r, p, v, sink, f);
            case OBJECT -> {
                if (!(v instanceof Map<?, ?> m)) sink.problem(r, f, "must be a mapping (" + knownFields(p) + ")");
                else checkFields(r, p, m, sink, f);
            }
            case IDENTIFIER_LIST, ENUM_LIST, STRING_LIST -> {
                if (!(v instanceof List<?> list)) {
                    sink.problem(r, f, "must be a list");
                    return;
                }
                java.util.Set<String> dup = new java.util.HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    String at = f + "[" + i + "]";
                    if (!(item instanceof String s)) {
                        sink.problem(r, at, "must be text");
                        continue;
                    }
                    if (p.kind() == PropertySpec.Kind.ENUM_LIST && p.canonicalEnum(s) == null) {
                        sink.problem(r, at, "must be one of " + String.join(", ", p.enumValues()) + ", not " + Problem.quote(s));
                    } else if (p.kind() == PropertySpec.Kind.IDENTIFIER_LIST) {
                        String bad = nameProblem(s);
                        if (bad == null) bad = catalog.checkIdentifier(r.provider(), s);
                        if (bad != null) sink.problem(r, at, bad);
                    } else if (p.kind() == PropertySpec.Kind.STRING_LIST) {
                        String bad = textProblem(s);
                        if (bad != null) sink.problem(r, at, bad);
                    }
                    String norm = p.kind() == PropertySpec.Kind.ENUM_LIST ? s.toUpperCase(java.util.Locale.ROOT) : s;
                    if (!p.sequence() && !dup.add(norm)) sink.problem(r, at, "duplicate entry " + Problem.quote(s));
                }
            }
        }
    }

    /** Each item a mapping of known fields, required fields present, each field checked by its kind, keys unique. */
    private void checkObjects(Resource r, PropertySpec p, Object v, ResourceType.ProblemSink sink, String f) {
        if (!(v instanceof List<?> list)) {
            sink.problem(r, f, "must be a list of mappings");
            return;
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = f + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                sink.problem(r, at, "must be a mapping (" + knownFields(p) + ")");
                continue;
            }
            checkFields(r, p, item, sink, at);
            if (p.itemKey() != null && item.get(p.itemKey()) instanceof String key && !keys.add(key)) {
                sink.problem(r, at + "." + p.itemKey(), "duplicate " + p.itemKey() + " " + Problem.quote(key));
            }
        }
    }

    /**
     * One mapping of {@code p}'s fields (an object list's item or an object): unknown fields refused, required ones
     * present, each checked by its own kind (recursively, so objects inside objects get their positions too).
     *
     * @param at where the mapping is: {@code columns[2]} or {@code default_user_settings.sharing_settings}
     */
    private void checkFields(Resource r, PropertySpec p, Map<?, ?> item, ResourceType.ProblemSink sink, String at) {
        for (Object k : item.keySet()) {
            if (p.field(String.valueOf(k)).isEmpty()) {
                sink.problem(r, at + "." + k, "unknown field (known: " + knownFields(p) + ")");
            }
        }
        for (PropertySpec field : p.fields()) {
            Object fv = item.get(field.name());
            if (fv == null) {
                if (field.required()) sink.problem(r, at, field.name() + ": required"
                        + (field.description().isEmpty() ? "" : ": " + field.description()));
                continue;
            }
            checkValue(r, field, fv, sink, at + "." + field.name());
        }
    }

    private static String knownFields(PropertySpec p) {
        return p.fields().stream().map(PropertySpec::name).collect(Collectors.joining(", "));
    }

    /**
     * Why a name cannot be used, or null: a control character (tab and line feed included), a bidirectional control
     * or a zero-width character. Every provider's names pass here before the provider's own rule.
     */
    public static String nameProblem(String name) {
        if (name == null) return null;
        int i = SafeText.firstControl(name, false);
        if (i >= 0) {
            char c = name.charAt(i);
            return c == 0 ? "contains a NUL character, which no system here accepts"
                    : "contains a control character (" + Problem.codePoint(c) + "); names must be printable";
        }
        i = SafeText.firstSpoofing(name);
        if (i >= 0) {
            int c = name.charAt(i);
            String what = c >= 0x200B && c <= 0x200D || c == 0x2060 || c == 0xFEFF ? "a zero-width character"
                    : c == 0x2028 || c == 0x2029 ? "a line separator" : "a bidirectional control character";
            return "contains " + what + " (" + Problem.codePoint(c) + ") at character " + (i + 1)
                    + "; names must not hold invisible or reordering characters, which make different names look alike";
        }
        return null;
    }

    /** Why free text (a comment, a description, any other string value) cannot be used, or null. */
    public static String textProblem(String text) {
        int i = SafeText.firstControl(text, true);
        return i < 0 ? null : controlReason(text, i);
    }

    /** The reason for the control character at {@code i} of free text. */
    static String controlReason(String text, int i) {
        char c = text.charAt(i);
        if (c == 0) return "contains a NUL character, which no system here accepts";
        return "contains the control character " + Problem.codePoint(c) + " at character " + (i + 1)
                + "; terminal escapes and other control characters are not accepted (tab and line feed are)";
    }

    /**
     * Cycles are refused: among references (a role that is a member of itself through others; nothing could be
     * created first) and in each graph of {@link ResourceType#graphEdges} (Snowflake role grants). Each cycle is
     * reported once, at the field of the edge that closes it, naming every resource on it in order.
     */
    private void checkCycles(Stack stack, ResourceType.ProblemSink sink, List<Problem> problems) {
        Map<ResourceKey, Resource> byKey = new java.util.LinkedHashMap<>();
        for (Resource r : stack.resources()) byKey.putIfAbsent(r.key(), r);
        Map<String, Map<ResourceKey, List<ResourceType.Edge>>> graphs = new java.util.LinkedHashMap<>();
        Map<ResourceType.Edge, Resource> owner = new IdentityHashMap<>();
        for (Resource r : stack.resources()) {
            Optional<ResourceType> t = catalog.type(r.type());
            if (t.isEmpty()) continue;
            for (PropertySpec p : t.get().properties()) {
                if (p.references() == null) continue;
                Object v = r.get(p.name());
                List<?> names = v instanceof List<?> l ? l : v instanceof String ? List.of(v) : List.of();
                for (int i = 0; i < names.size(); i++) {
                    ResourceKey to = new ResourceKey(p.references(), String.valueOf(names.get(i)));
                    String field = v instanceof List<?> ? p.name() + "[" + i + "]" : p.name();
                    if (!byKey.containsKey(to)) continue;
                    ResourceType.Edge e = new ResourceType.Edge("references", r.key(), to, field);
                    owner.put(e, r);
                    addEdge(graphs, e);
                }
            }
            for (ResourceType.Edge e : t.get().graphEdges(r)) {
                owner.put(e, r);
                addEdge(graphs, e);
            }
        }
        for (Map.Entry<String, Map<ResourceKey, List<ResourceType.Edge>>> g : graphs.entrySet()) {
            for (List<ResourceType.Edge> cycle : cycles(g.getValue())) {
                ResourceType.Edge closing = cycle.get(cycle.size() - 1);
                Resource at = owner.get(closing);
                String base = closing.field().replaceAll("\\[\\d+]$", "");
                SourceLocation where = at.locationOf(base);
                // a provider's own rule may have said it already (PostgreSQL: a role cannot be a member of itself)
                if (cycle.size() == 1 && problems.stream().anyMatch(p -> p.location().equals(where)
                        && p.field().endsWith("." + base))) {
                    continue;
                }
                StringBuilder path = new StringBuilder();
                for (ResourceType.Edge e : cycle) path.append(display(e.from())).append(" → ");
                path.append(display(cycle.get(0).from()));
                String what = "references".equals(g.getKey()) ? "a reference cycle" : "a cycle of " + g.getKey();
                sink.problem(at, closing.field(), cycle.size() == 1
                        ? display(closing.from()) + " refers to itself (" + what + ")"
                        : what + ": " + path + "; resources cannot depend on each other in a circle");
            }
        }
    }

    private static String display(ResourceKey k) {
        return k.type() + " " + Problem.quote(k.name());
    }

    private static void addEdge(Map<String, Map<ResourceKey, List<ResourceType.Edge>>> graphs, ResourceType.Edge e) {
        graphs.computeIfAbsent(e.relation(), x -> new java.util.LinkedHashMap<>())
                .computeIfAbsent(e.from(), x -> new java.util.ArrayList<>()).add(e);
    }

    /**
     * One cycle per strongly connected part that has one (iterative depth-first search, so a long chain cannot
     * overflow the stack): each as its edges in order, the last edge returning to the first resource.
     */
    private static List<List<ResourceType.Edge>> cycles(Map<ResourceKey, List<ResourceType.Edge>> graph) {
        java.util.Set<ResourceKey> order = new java.util.LinkedHashSet<>(graph.keySet());
        List<List<ResourceType.Edge>> out = new java.util.ArrayList<>();
        Map<ResourceKey, Integer> state = new HashMap<>(); // absent: new, 1: on the current path, 2: done
        java.util.Set<ResourceKey> inReportedCycle = new java.util.HashSet<>();
        for (ResourceKey start : order) {
            if (state.containsKey(start)) continue;
            java.util.Deque<ResourceKey> nodes = new java.util.ArrayDeque<>();
            java.util.Deque<Integer> next = new java.util.ArrayDeque<>();
            List<ResourceType.Edge> pathEdges = new java.util.ArrayList<>();
            nodes.push(start);
            next.push(0);
            state.put(start, 1);
            while (!nodes.isEmpty()) {
                ResourceKey n = nodes.peek();
                int i = next.pop();
                List<ResourceType.Edge> edges = graph.getOrDefault(n, List.of());
                if (i >= edges.size()) {
                    state.put(n, 2);
                    nodes.pop();
                    if (!pathEdges.isEmpty() && !nodes.isEmpty()) pathEdges.remove(pathEdges.size() - 1);
                    continue;
                }
                next.push(i + 1);
                ResourceType.Edge e = edges.get(i);
                Integer s = state.get(e.to());
                if (s == null) {
                    state.put(e.to(), 1);
                    pathEdges.add(e);
                    nodes.push(e.to());
                    next.push(0);
                } else if (s == 1 && !inReportedCycle.contains(e.to())) {
                    int from = 0;
                    while (from < pathEdges.size() && !pathEdges.get(from).from().equals(e.to())) from++;
                    List<ResourceType.Edge> cycle = new java.util.ArrayList<>(pathEdges.subList(from, pathEdges.size()));
                    cycle.add(e);
                    cycle.forEach(c -> inReportedCycle.add(c.from()));
                    out.add(cycle);
                }
            }
        }
        return out;
    }
}
