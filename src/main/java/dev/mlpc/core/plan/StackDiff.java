package dev.mlpc.core.plan;

import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TypeCatalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The semantic difference between two versions of a stack (desired state against desired state, nothing live): the
 * resources added, removed and changed, each change with its properties by path.
 * <ul>
 *   <li>Resources are matched by key (type and name). {@code added} is in the order of the newer version's file,
 *       {@code removed} in the order of the older one's, {@code changed} in the newer one's.</li>
 *   <li>A property path is dotted: {@code settings.sharing.s3_output_path} for a field of a nested object or a key of a
 *       map, {@code columns[id].type} for a field of an item of an object list keyed by its key field (the type's
 *       declared item key; without a catalog, {@code name} when every item has a distinct one), {@code steps[2]} for an
 *       item of a list compared by position. An item or field present on one side only is one change whose other side
 *       is {@code null}.</li>
 *   <li>With a {@link TypeCatalog}, lists that the type compares as sets (identifier, enum and string lists not declared
 *       as sequences) differ only by their members, and enum values without regard to case, as the plan compares
 *       them. Numbers are compared by value ({@code 5} and {@code 5.0} are the same).</li>
 *   <li>A {@code null} stack stands for a stack absent at that version: everything is added (or removed).</li>
 * </ul>
 * The stack's own description and target are not part of the difference: only its resources.
 *
 * @param added   resources only in the newer version
 * @param removed resources only in the older version
 * @param changed resources in both whose properties differ
 */
public record StackDiff(List<Resource> added, List<Resource> removed, List<Changed> changed) {

    /** A resource in both versions with the properties that differ, in the newer version's property order. */
    public record Changed(ResourceKey key, List<PropertyChange> properties) {
        public Changed {
            properties = List.copyOf(properties);
        }
    }

    /**
     * One differing value.
     *
     * @param property dotted path ({@code owner}, {@code settings.sharing.s3_output_path}, {@code columns[id].type})
     * @param before   the older value, {@code null} when unset
     * @param after    the newer value, {@code null} when unset
     */
    public record PropertyChange(String property, Object before, Object after) { }

    public StackDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** The difference from {@code before} to {@code after} without a type catalog (see the class comment). */
    public static StackDiff between(Stack before, Stack after) {
        return between(before, after, null);
    }

    /**
     * The difference from {@code before} to {@code after} (either may be null: the stack is absent at that version),
     * comparing object lists by the item key and sets as sets as {@code catalog} declares them (null: no catalog).
     */
    public static StackDiff between(Stack before, Stack after, TypeCatalog catalog) {
        List<Resource> old = before == null ? List.of() : before.resources();
        List<Resource> now = after == null ? List.of() : after.resources();
        Map<ResourceKey, Resource> oldByKey = new LinkedHashMap<>();
        old.forEach(r -> oldByKey.putIfAbsent(r.key(), r));
        Set<ResourceKey> nowKeys = new HashSet<>();
        now.forEach(r -> nowKeys.add(r.key()));
        List<Resource> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Resource r : now) {
            Resource was = oldByKey.get(r.key());
            if (was == null) {
                added.add(r);
                continue;
            }
            ResourceType type = catalog == null ? null : catalog.type(r.type()).orElse(null);
            List<PropertyChange> props = new ArrayList<>();
            for (String p : union(was.properties().keySet(), r.properties().keySet())) {
                PropertySpec spec = type == null ? null : type.property(p).orElse(null);
                compare(p, was.get(p), r.get(p), spec, props);
            }
            if (!props.isEmpty()) changed.add(new Changed(r.key(), props));
        }
        List<Resource> removed = old.stream().filter(r -> !nowKeys.contains(r.key())).toList();
        return new StackDiff(added, removed, changed);
    }

    /** Keys of the newer version in its order, then those only in the older one. */
    private static List<String> union(Set<?> older, Set<?> newer) {
        Set<String> out = new LinkedHashSet<>();
        newer.forEach(k -> out.add(String.valueOf(k)));
        older.forEach(k -> out.add(String.valueOf(k)));
        return new ArrayList<>(out);
    }

    private static void compare(String path, Object a, Object b, PropertySpec spec, List<PropertyChange> out) {
        if (a == null && b == null) return;
        if (a == null || b == null) {
            out.add(new PropertyChange(path, a, b));
            return;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            for (String k : union(ma.keySet(), mb.keySet())) {
                PropertySpec field = spec == null ? null : spec.field(k).orElse(null);
                compare(path + "." + k, get(ma, k), get(mb, k), field, out);
            }
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            compareLists(path, la, lb, spec, out);
            return;
        }
        if (!sameLeaf(a, b, spec)) out.add(new PropertyChange(path, a, b));
    }

    private static Object get(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (String.valueOf(e.getKey()).equals(key)) return e.getValue();
        }
        return null;
    }

    private static void compareLists(String path, List<?> a, List<?> b, PropertySpec spec, List<PropertyChange> out) {
        boolean maps = allMaps(a) && allMaps(b) && !(a.isEmpty() && b.isEmpty());
        if (maps) {
            String key = spec != null && spec.itemKey() != null ? spec.itemKey() : null;
            if (key == null && spec == null && distinctKeys(a, "name") && distinctKeys(b, "name")) key = "name";
            if (key != null && distinctKeys(a, key) && distinctKeys(b, key)) {
                Map<String, Map<?, ?>> older = byKey(a, key);
                Map<String, Map<?, ?>> newer = byKey(b, key);
                for (String k : union(older.keySet(), newer.keySet())) {
                    String at = path + "[" + k + "]";
                    Map<?, ?> x = older.get(k);
                    Map<?, ?> y = newer.get(k);
                    if (x == null || y == null) {
                        out.add(new PropertyChange(at, x, y));
                    } else {
                        for (String f : union(x.keySet(), y.keySet())) {
                            PropertySpec field = spec == null ? null : spec.field(f).orElse(null);
                            compare(at + "." + f, get(x, f), get(y, f), field, out);
                        }
                    }
                }
                return;
            }
        }
        if (spec != null && (spec.kind().isList()) && !spec.sequence()) {
            if (!asSet(a, spec).equals(asSet(b, spec))) out.add(new PropertyChange(path, a, b));
            return;
        }
        if (maps) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                compare(path + "[" + i + "]", i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null, spec, out);
            }
            return;
        }
        if (a.size() != b.size()) {
            out.add(new PropertyChange(path, a, b));
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameLeaf(a.get(i), b.get(i), null)) {
                out.add(new PropertyChange(path, a, b));
                return;
            }
        }
    }

    private static boolean allMaps(List<?> l) {
        return l.stream().allMatch(x -> x instanceof Map<?, ?>);
    }

    private static boolean distinctKeys(List<?> items, String key) {
        Set<String> seen = new HashSet<>();
        for (Object o : items) {
            Object v = o instanceof Map<?, ?> m ? get(m, key) : null;
            if (v == null || v instanceof Map<?, ?> || v instanceof List<?> || !seen.add(String.valueOf(v))) return false;
        }
        return true;
    }

    private static Map<String, Map<?, ?>> byKey(List<?> items, String key) {
        Map<String, Map<?, ?>> out = new LinkedHashMap<>();
        for (Object o : items) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.put(String.valueOf(get(m, key)), m);
        }
        return out;
    }

    private static Set<Object> asSet(List<?> l, PropertySpec spec) {
        Set<Object> out = new HashSet<>();
        boolean folded = spec.kind() == PropertySpec.Kind.ENUM_LIST;
        for (Object o : l) out.add(folded && o instanceof String s ? s.toLowerCase(Locale.ROOT) : canonicalLeaf(o));
        return out;
    }

    private static boolean sameLeaf(Object a, Object b, PropertySpec spec) {
        if (spec != null && spec.kind() == PropertySpec.Kind.ENUM && a instanceof String x && b instanceof String y) {
            return x.equalsIgnoreCase(y);
        }
        return Objects.equals(canonicalLeaf(a), canonicalLeaf(b));
    }

    private static Object canonicalLeaf(Object v) {
        try {
            return CanonicalJson.canonical(v);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    /** True when the two versions have the same resources with the same properties. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** {@code 1 added, 0 removed, 2 changed}. */
    public String summary() {
        return added.size() + " added, " + removed.size() + " removed, " + changed.size() + " changed";
    }

    /**
     * The human form: a summary line, then {@code + type name} with each property of an added resource,
     * {@code - type name} with each property of a removed one, {@code ~ type name} with each changed property as
     * {@code path: before -> after}; values in compact JSON, an unset value as {@code (unset)}. "no differences" when
     * empty. Lines end with {@code '\n'}.
     */
    public String toText() {
        StringBuilder b = new StringBuilder();
        if (isEmpty()) return "no differences\n";
        b.append(summary()).append('\n');
        for (Resource r : added) {
            b.append("+ ").append(r.type()).append(' ').append(r.name()).append('\n');
            r.properties().forEach((k, v) -> b.append("    ").append(k).append(": ").append(value(v)).append('\n'));
        }
        for (Resource r : removed) {
            b.append("- ").append(r.type()).append(' ').append(r.name()).append('\n');
            r.properties().forEach((k, v) -> b.append("    ").append(k).append(": ").append(value(v)).append('\n'));
        }
        for (Changed c : changed) {
            b.append("~ ").append(c.key().type()).append(' ').append(c.key().name()).append('\n');
            for (PropertyChange p : c.properties()) {
                b.append("    ").append(p.property()).append(": ").append(value(p.before())).append(" -> ")
                        .append(value(p.after())).append('\n');
            }
        }
        return b.toString();
    }

    private static String value(Object v) {
        if (v == null) return "(unset)";
        try {
            return CanonicalJson.compact(v);
        } catch (IllegalArgumentException e) {
            return String.valueOf(v);
        }
    }

    /**
     * The stable JSON form (two-space indent, {@code '\n'}, no trailing newline):
     * <pre>
     * {"summary": {"added", "removed", "changed"},
     *  "added":   [{"type", "name", "properties": {…}}],
     *  "removed": [{"type", "name", "properties": {…}}],
     *  "changed": [{"type", "name", "properties": [{"property", "before", "after"}]}]}
     * </pre>
     * Lists in the order of {@link StackDiff}; property values canonical (object keys sorted, numbers normalised, an
     * unset value {@code null}).
     */
    public String toJson() {
        return CanonicalJson.prettyAsIs(toTree());
    }

    /** The JSON tree of {@link #toJson()}, insertion ordered. */
    public Map<String, Object> toTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("added", (long) added.size());
        summary.put("removed", (long) removed.size());
        summary.put("changed", (long) changed.size());
        root.put("summary", summary);
        root.put("added", added.stream().map(StackDiff::resource).toList());
        root.put("removed", removed.stream().map(StackDiff::resource).toList());
        List<Object> ch = new ArrayList<>();
        for (Changed c : changed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.key().type());
            m.put("name", c.key().name());
            List<Object> props = new ArrayList<>();
            for (PropertyChange p : c.properties()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("property", p.property());
                pm.put("before", jsonValue(p.before()));
                pm.put("after", jsonValue(p.after()));
                props.add(pm);
            }
            m.put("properties", props);
            ch.add(m);
        }
        root.put("changed", ch);
        return root;
    }

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("properties", jsonValue(r.properties()));
        return m;
    }

    private static Object jsonValue(Object v) {
        try {
            return CanonicalJson.canonical(v);
        } catch (IllegalArgumentException e) {
            return String.valueOf(v);
        }
    }
}
