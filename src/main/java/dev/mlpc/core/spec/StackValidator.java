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
        for (Resource r : stack.resources()) {
            Optional<ResourceType> type = catalog.type(r.type());
            if (type.isEmpty()) {
                String known = catalog.types().stream().map(ResourceType::type).sorted().collect(Collectors.joining(", "));
                sink.problem(r, "type", "unknown resource type '" + r.type() + "' (known: " + known + ")");
                continue;
            }
            if (firstProvider == null) {
                firstProvider = r.provider();
            } else if (!firstProvider.equals(r.provider())) {
                sink.problem(r, "type", "a stack manages one system: this stack is for '" + firstProvider
                        + "', so '" + r.type() + "' belongs in a stack of its own");
            }
            String bad = containsNul(r.name()) ? "contains a NUL character" : catalog.checkIdentifier(r.provider(), r.name());
            if (bad != null) sink.problem(r, "name", bad);
            Resource earlier = seen.putIfAbsent(r.key(), r);
            if (earlier != null) {
                sink.problem(r, "name", "duplicate: " + r.type() + " '" + r.name() + "' is already defined"
                        + (earlier.location() != null ? " at line " + earlier.location().line() : ""));
            }
            checkProperties(r, type.get(), sink);
            for (ResourceType.Check c : type.get().checks()) c.check(r, sink);
        }
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
        if (containsNul(v)) {
            sink.problem(r, f, "contains a NUL character, which no system here accepts");
            return;
        }
        switch (p.kind()) {
            case STRING -> {
                if (!(v instanceof String)) sink.problem(r, f, "must be text");
            }
            case IDENTIFIER -> {
                if (!(v instanceof String s)) sink.problem(r, f, "must be a name (text)");
                else {
                    String bad = catalog.checkIdentifier(r.provider(), s);
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
                    sink.problem(r, f, "must be one of " + String.join(", ", p.enumValues()) + ", not '" + v + "'");
                }
            }
            case SECRET -> {
                if (!(v instanceof String s) || !SecretRef.isReference(s)) sink.problem(r, f, SecretRef.expectedForm());
            }
            case STRING_MAP -> {
                if (!(v instanceof Map<?, ?> m)) sink.problem(r, f, "must be a mapping of names to text");
                else m.forEach((k, val) -> {
                    if (!(val instanceof String) && !(val instanceof Number) && !(val instanceof Boolean)) {
                        sink.problem(r, f + "." + k, "must be text");
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
                        sink.problem(r, at, "must be one of " + String.join(", ", p.enumValues()) + ", not '" + s + "'");
                    } else if (p.kind() == PropertySpec.Kind.IDENTIFIER_LIST) {
                        String bad = catalog.checkIdentifier(r.provider(), s);
                        if (bad != null) sink.problem(r, at, bad);
                    }
                    String norm = p.kind() == PropertySpec.Kind.ENUM_LIST ? s.toUpperCase(java.util.Locale.ROOT) : s;
                    if (!p.sequence() && !dup.add(norm)) sink.problem(r, at, "duplicate entry '" + s + "'");
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
                sink.problem(r, at + "." + p.itemKey(), "duplicate " + p.itemKey() + " '" + key + "'");
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

    private static boolean containsNul(Object v) {
        if (v instanceof String s) return s.indexOf('\0') >= 0;
        if (v instanceof List<?> l) return l.stream().anyMatch(StackValidator::containsNul);
        if (v instanceof Map<?, ?> m) return m.keySet().stream().anyMatch(StackValidator::containsNul)
                || m.values().stream().anyMatch(StackValidator::containsNul);
        return false;
    }
}
