package dev.mlpc.core.plan;

import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TypeCatalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provider-neutral differ: desired stack + observed inventory (+ the previously committed stack, which says what this
 * stack used to manage) to an ordered plan.
 *
 * <ul>
 *   <li>Creates, updates and replaces run in dependency order (a resource after the resources it names).</li>
 *   <li>Drops run last, in reverse dependency order, and only for resources the previous version of the stack
 *       managed and that still exist: objects the stack never managed are never dropped.</li>
 *   <li>A property left out of the stack is not managed: it is neither compared nor reset; except a setting the
 *       previously applied stack set, when the renderer says how to clear it ({@link Renderer#clearing}): then it is
 *       cleared by an update, or the plan warns (rule {@code not-cleared}) that the system cannot clear it.</li>
 *   <li>A change of an immutable property is a replace (destructive): against the live value, or against the
 *       previously committed definition when the property identifies the object ({@link Renderer#identifies}: it
 *       then lives elsewhere, e.g. in another database). A setting of the object itself (a database's encoding) is
 *       compared with the live object only: a new spelling of what is live plans nothing.</li>
 *   <li>When a container is replaced (a database), what it contains is created again in the same plan.</li>
 *   <li>Empty text and an unset value are the same (PostgreSQL stores an empty comment as NULL).</li>
 *   <li>An object the live system reports as busy (Creating, Updating, Deleting…) is not diffed: the plan warns (rule
 *       {@code busy}, naming the status) and neither updates, replaces nor drops it.</li>
 *   <li>Warnings the inventory read made ({@link Inventory#warnings()}: a provider's checks before apply, such as
 *       Data Share's role assignments) are part of the plan.</li>
 *   <li>Each DROP adds the renderer's {@link Renderer#dropWarnings} (an error there blocks the apply).</li>
 *   <li>An object property is compared field by field, to any depth, only the fields the stack writes; the change
 *       names each differing field by its dotted path ({@code settings.sharing.s3_output_path}) besides the property,
 *       and a differing immutable field needs a replace even when the object itself is updatable.</li>
 * </ul>
 */
public final class Differ {
    private final TypeCatalog catalog;

    public Differ(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    public Plan diff(Stack desired, Stack previous, Inventory inventory, Renderer renderer) {
        String provider = desired.providers().stream().findFirst()
                .orElse(previous == null ? "" : previous.providers().stream().findFirst().orElse(""));
        List<PlanWarning> warnings = new ArrayList<>(renderer.warnings(desired));
        warnings.addAll(inventory.warnings());
        List<Change> changes = new ArrayList<>();
        Set<ResourceKey> recreated = new HashSet<>();
        for (Resource r : dependencyOrder(desired.resources(), warnings)) {
            ObservedResource live = inventory.find(r.key()).orElse(null);
            if (live != null && live.busy()) {
                warnings.add(busy(live, "it is neither compared nor changed in this plan"));
                changes.add(new Change(Action.NOOP, r.key(), Safety.SAFE, List.of(), Set.of(), "busy: " + statusOf(live)));
                continue;
            }
            Resource before = previous == null || inventory.isOffline() ? null : previous.find(r.key()).orElse(null);
            if (live != null) warnings.addAll(renderer.notes(r, live));
            Change c = changeFor(r, before, live, renderer, warnings);
            ResourceKey gone = containerRecreated(r, recreated);
            if (gone != null && (c.action() == Action.NOOP || c.action() == Action.UPDATE)) {
                c = new Change(Action.CREATE, r.key(), Safety.SAFE, renderer.create(r), Set.of(),
                        "created again: " + gone.type() + " " + gone.name() + " is replaced");
            }
            if (c.action() == Action.REPLACE || (c.action() == Action.CREATE && gone != null)) recreated.add(r.key());
            changes.add(c);
        }
        if (previous != null && !inventory.isOffline()) {
            Set<ResourceKey> wanted = new HashSet<>();
            desired.resources().forEach(r -> wanted.add(r.key()));
            List<Resource> gone = previous.resources().stream()
                    .filter(r -> !wanted.contains(r.key()) && droppable(r, inventory, warnings)).toList();
            List<Resource> order = new ArrayList<>(dependencyOrder(gone, warnings));
            java.util.Collections.reverse(order);
            // a container's drop may remove what it holds first (a SageMaker domain its user profiles): a statement an
            // earlier drop of this plan already runs is not run again
            Set<Statement> dropped = new HashSet<>();
            for (Resource r : order) {
                List<Statement> st = renderer.drop(r, inventory.find(r.key()).orElse(null)).stream()
                        .filter(x -> !dropped.contains(x)).toList();
                dropped.addAll(st);
                warnings.addAll(renderer.dropWarnings(r, inventory.find(r.key()).orElse(null)));
                changes.add(new Change(Action.DROP, r.key(), Safety.DESTRUCTIVE, st, Set.of(), "removed from the stack"));
            }
        }
        return new Plan(desired.name(), provider, changes, warnings, inventory.isOffline());
    }

    /** A removed resource is dropped when it exists live and is not busy (then it is left for a later plan, warned). */
    private static boolean droppable(Resource r, Inventory inventory, List<PlanWarning> warnings) {
        ObservedResource live = inventory.find(r.key()).orElse(null);
        if (live == null) return false;
        if (live.busy()) {
            warnings.add(busy(live, "it is removed from the stack but not dropped in this plan"));
            return false;
        }
        return true;
    }

    private static String statusOf(ObservedResource live) {
        return live.status() == null || live.status().isBlank() ? "busy" : live.status();
    }

    /** The warning for an object in a transitional state: rule {@code busy}, naming the system's status. */
    private static PlanWarning busy(ObservedResource live, String consequence) {
        return new PlanWarning(live.key().type(), live.key().name(), "busy", "the live object is " + statusOf(live) + ": "
                + consequence + "; plan again once it has settled");
    }

    /** The first container of {@code r} that this plan drops and creates again, or null. */
    private ResourceKey containerRecreated(Resource r, Set<ResourceKey> recreated) {
        ResourceType type = catalog.type(r.type()).orElse(null);
        if (type == null) return null;
        return type.containers(r).stream().filter(recreated::contains).findFirst().orElse(null);
    }

    /**
     * @param before the definition this stack last committed for the same key, or null: a change of an immutable
     *               property that identifies the object since then (a schema moved to another database) is a replace
     *               of the old object, whatever the live state at the new place says
     */
    private Change changeFor(Resource r, Resource before, ObservedResource live, Renderer renderer, List<PlanWarning> warnings) {
        ResourceType type = catalog.type(r.type()).orElseThrow(() -> new IllegalArgumentException("unknown type " + r.type()));
        if (before != null) {
            List<String> moved = new ArrayList<>();
            Set<String> movedProps = new LinkedHashSet<>();
            for (PropertySpec p : type.properties()) {
                if (p.updatable() || !renderer.identifies(r.type(), p.name())) continue;
                Object was = before.get(p.name());
                Object now = r.get(p.name());
                if (was != null && now != null && !same(p, now, was)) {
                    movedProps.add(p.name());
                    moved.add(p.name() + ": " + show(was) + " -> " + show(now));
                }
            }
            if (!moved.isEmpty()) {
                List<Statement> st = new ArrayList<>(renderer.drop(before, null));
                st.addAll(renderer.create(r));
                return new Change(Action.REPLACE, r.key(), Safety.DESTRUCTIVE, st, movedProps,
                        String.join("; ", moved) + " (since the committed stack)");
            }
        }
        if (live == null) {
            return new Change(Action.CREATE, r.key(), Safety.SAFE, renderer.create(r), Set.of(), "");
        }
        Set<String> changed = new LinkedHashSet<>();
        boolean needsReplace = false;
        List<String> reasons = new ArrayList<>();
        for (PropertySpec p : type.properties()) {
            if (!p.compared()) continue;
            Object want = r.get(p.name());
            if (want == null) continue;
            Object have = live.get(p.name());
            if (p.kind() == PropertySpec.Kind.OBJECT) {
                List<FieldDifference> diffs = objectDifferences(p, want, have, p.name());
                if (diffs.isEmpty()) continue;
                changed.add(p.name());
                if (p.needsReplace(want, have)) needsReplace = true;
                for (FieldDifference d : diffs) {
                    changed.add(d.path());
                    reasons.add(d.path() + ": " + show(d.have()) + " -> " + show(d.want()));
                    if (d.field().needsReplace(d.want(), d.have())) needsReplace = true;
                }
            } else if (!same(p, want, have)) {
                changed.add(p.name());
                reasons.add(p.name() + ": " + show(have) + " -> " + show(want));
                if (p.needsReplace(want, have)) needsReplace = true;
            }
        }
        if (before != null) {
            for (PropertySpec p : type.properties()) {
                if (p.compared()) removed(r, p, p.name(), before.get(p.name()), r.get(p.name()), live.get(p.name()),
                        renderer, changed, reasons, warnings);
            }
        }
        if (changed.isEmpty()) {
            return new Change(Action.NOOP, r.key(), Safety.SAFE, List.of(), Set.of(), "");
        }
        String reason = String.join("; ", reasons);
        if (needsReplace) {
            List<Statement> st = new ArrayList<>(renderer.drop(r, live));
            st.addAll(renderer.create(r));
            return new Change(Action.REPLACE, r.key(), Safety.DESTRUCTIVE, st, changed, reason);
        }
        Renderer.Rendered u = renderer.update(r, live, changed);
        return new Change(Action.UPDATE, r.key(), u.safety(), u.statements(), changed, reason);
    }

    /**
     * A setting the previously applied stack set ({@code was}) and the stack no longer sets ({@code now} null) while
     * the live object still has it: cleared when the renderer says how ({@link Renderer#clearing}), warned when it
     * cannot be; object fields are followed to any depth.
     */
    private static void removed(Resource r, PropertySpec p, String path, Object was, Object now, Object have,
                                Renderer renderer, Set<String> changed, List<String> reasons, List<PlanWarning> warnings) {
        if (was == null) return;
        if (p.kind() == PropertySpec.Kind.OBJECT && was instanceof Map<?, ?> w) {
            Map<?, ?> n = now instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> h = have instanceof Map<?, ?> m ? m : Map.of();
            for (PropertySpec f : p.fields()) {
                if (f.compared()) removed(r, f, path + "." + f.name(), w.get(f.name()), n.get(f.name()), h.get(f.name()),
                        renderer, changed, reasons, warnings);
            }
            return;
        }
        if (now != null || have == null || "".equals(have) || have instanceof Collection<?> c && c.isEmpty()
                || have instanceof Map<?, ?> m && m.isEmpty()) return;
        Renderer.Clearing clearing = renderer.clearing(r.type(), path);
        if (clearing == null) return;
        if (clearing.impossible() != null) {
            warnings.add(new PlanWarning(r.type(), r.name(), "not-cleared", path + " is removed from the stack, but "
                    + clearing.impossible()));
            return;
        }
        if (same(p, clearing.value(), have)) return;
        changed.add(path.contains(".") ? path.substring(0, path.indexOf('.')) : path);
        changed.add(path);
        reasons.add(path + ": " + show(have) + " -> " + show(clearing.value()) + " (removed from the stack)");
    }

    /** Compares a desired value with a live one by the property's kind. */
    public static boolean same(PropertySpec p, Object want, Object have) {
        if (p.kind() == PropertySpec.Kind.OBJECT) return objectDifferences(p, want, have, p.name()).isEmpty();
        if (have == null) return p.kind() == PropertySpec.Kind.STRING && "".equals(want);
        if (p.sequence() && want instanceof java.util.List<?> w && have instanceof java.util.List<?> h) {
            return w.stream().map(String::valueOf).toList().equals(h.stream().map(String::valueOf).toList());
        }
        return switch (p.kind()) {
            case ENUM -> String.valueOf(want).equalsIgnoreCase(String.valueOf(have));
            case INTEGER -> have instanceof Number h && want instanceof Number w && h.longValue() == w.longValue();
            case ENUM_LIST -> upper(want).equals(upper(have));
            case IDENTIFIER_LIST, STRING_LIST -> asSet(want).equals(asSet(have));
            case STRING_MAP -> asStringMap(want).equals(asStringMap(have));
            case OBJECT_LIST -> sameObjects(p, want, have);
            case OBJECT -> true; // compared above
            default -> Objects.equals(want, have);
        };
    }

    /**
     * Object lists: the same items (by {@link PropertySpec#itemKey()} in any order, else by position), each the same
     * in every field the desired item writes (unwritten fields are unmanaged, as for properties).
     */
    private static boolean sameObjects(PropertySpec p, Object want, Object have) {
        if (!(want instanceof List<?> w) || !(have instanceof List<?> h) || w.size() != h.size()) return false;
        Map<Object, Object> byKey = new HashMap<>();
        if (p.itemKey() != null) h.forEach(x -> { if (x instanceof Map<?, ?> m) byKey.put(m.get(p.itemKey()), m); });
        for (int i = 0; i < w.size(); i++) {
            if (!(w.get(i) instanceof Map<?, ?> wi)) return false;
            Object other = p.itemKey() != null ? byKey.get(wi.get(p.itemKey())) : h.get(i);
            if (!(other instanceof Map<?, ?> hi)) return false;
            for (PropertySpec f : p.fields()) {
                Object wv = wi.get(f.name());
                if (wv != null && f.compared() && !same(f, wv, hi.get(f.name()))) return false;
            }
        }
        return true;
    }

    /**
     * One field of an {@link PropertySpec.Kind#OBJECT} property whose desired value differs from the live one.
     *
     * @param path  dotted from the property: {@code default_user_settings.sharing_settings.s3_output_path}
     * @param field the field's spec (its own {@code updatable} and {@code replaceWhen} decide update or replace)
     */
    public record FieldDifference(String path, PropertySpec field, Object want, Object have) {}

    /**
     * Objects are compared field by field, only the fields the desired object writes and that are compared (the
     * others are unmanaged, as for properties); a field that is an object again is compared the same way, so each
     * difference names the innermost field. A live value that is not a mapping counts as an empty one.
     */
    public static List<FieldDifference> objectDifferences(PropertySpec p, Object want, Object have, String path) {
        List<FieldDifference> out = new ArrayList<>();
        if (!(want instanceof Map<?, ?> w)) {
            if (!Objects.equals(want, have)) out.add(new FieldDifference(path, p, want, have));
            return out;
        }
        Map<?, ?> h = have instanceof Map<?, ?> m ? m : Map.of();
        for (PropertySpec f : p.fields()) {
            Object wv = w.get(f.name());
            if (wv == null || !f.compared()) continue;
            Object hv = h.get(f.name());
            String at = path + "." + f.name();
            if (f.kind() == PropertySpec.Kind.OBJECT) {
                out.addAll(objectDifferences(f, wv, hv, at));
            } else if (!same(f, wv, hv)) {
                out.add(new FieldDifference(at, f, wv, hv));
            }
        }
        return out;
    }

    private static Set<String> asSet(Object v) {
        Set<String> s = new TreeSet<>();
        if (v instanceof Collection<?> c) c.forEach(x -> s.add(String.valueOf(x)));
        return s;
    }

    private static Set<String> upper(Object v) {
        Set<String> s = new TreeSet<>();
        asSet(v).forEach(x -> s.add(x.toUpperCase(Locale.ROOT)));
        return s;
    }

    private static Map<String, String> asStringMap(Object v) {
        Map<String, String> m = new java.util.TreeMap<>();
        if (v instanceof Map<?, ?> mm) mm.forEach((k, x) -> m.put(String.valueOf(k), String.valueOf(x)));
        return m;
    }

    private static String show(Object v) {
        if (v == null) return "(unset)";
        if (v instanceof Collection<?> c) return new TreeSet<>(c.stream().map(String::valueOf).toList()).toString();
        return String.valueOf(v);
    }

    /**
     * Stable topological order: each resource after those it references (within the list); file order otherwise.
     * A cycle is broken in file order with a warning.
     */
    public List<Resource> dependencyOrder(List<Resource> resources, List<PlanWarning> warnings) {
        Map<ResourceKey, Resource> byKey = new LinkedHashMap<>();
        resources.forEach(r -> byKey.put(r.key(), r));
        Map<ResourceKey, Set<ResourceKey>> deps = new HashMap<>();
        for (Resource r : resources) {
            Set<ResourceKey> d = new LinkedHashSet<>();
            catalog.type(r.type()).ifPresent(t -> t.references(r).forEach(k -> {
                if (byKey.containsKey(k) && !k.equals(r.key())) d.add(k);
            }));
            deps.put(r.key(), d);
        }
        List<Resource> out = new ArrayList<>();
        Set<ResourceKey> done = new HashSet<>();
        while (out.size() < resources.size()) {
            boolean progressed = false;
            for (Resource r : resources) {
                if (done.contains(r.key())) continue;
                if (done.containsAll(deps.get(r.key()))) {
                    out.add(r);
                    done.add(r.key());
                    progressed = true;
                }
            }
            if (!progressed) {
                Resource first = resources.stream().filter(r -> !done.contains(r.key())).findFirst().orElseThrow();
                warnings.add(new PlanWarning(first.type(), first.name(), "dependency-cycle",
                        "resources refer to each other in a cycle; they are ordered as written in the file"));
                out.add(first);
                done.add(first.key());
            }
        }
        return out;
    }
}
