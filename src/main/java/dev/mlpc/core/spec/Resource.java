package dev.mlpc.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One desired resource of a stack: {@code type} ({@code provider.kind}), {@code name} and its properties in snake_case.
 * Property values are plain Java: String, Long, Boolean, Double, List, Map (insertion ordered).
 */
public final class Resource {
    private final String type;
    private final String name;
    private final Map<String, Object> properties;
    private final SourceLocation location;
    private final Map<String, SourceLocation> fieldLocations;
    private final int index;

    public Resource(String type, String name, Map<String, Object> properties, SourceLocation location,
                    Map<String, SourceLocation> fieldLocations) {
        this(type, name, properties, location, fieldLocations, -1);
    }

    /** @param index position in the file's {@code resources} list (-1 when built in code) */
    public Resource(String type, String name, Map<String, Object> properties, SourceLocation location,
                    Map<String, SourceLocation> fieldLocations, int index) {
        this.index = index;
        this.type = Objects.requireNonNull(type);
        this.name = Objects.requireNonNull(name);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.location = location;
        this.fieldLocations = fieldLocations == null ? Map.of() : Map.copyOf(fieldLocations);
    }

    /** A resource built in code (wizards, tests): no source positions. */
    public static Resource of(String type, String name, Map<String, Object> properties) {
        return new Resource(type, name, properties, null, Map.of());
    }

    public String type() { return type; }
    public String name() { return name; }
    public Map<String, Object> properties() { return properties; }
    public SourceLocation location() { return location; }

    public ResourceKey key() { return new ResourceKey(type, name); }

    /** Position in the file's {@code resources} list, or -1 when the resource was built in code. */
    public int index() { return index; }

    /** The provider part of the type, e.g. {@code postgres}. */
    public String provider() {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** The kind part of the type, e.g. {@code role}. */
    public String kind() {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    public boolean has(String property) { return properties.get(property) != null; }
    public Object get(String property) { return properties.get(property); }

    public String string(String property) {
        Object v = properties.get(property);
        return v == null ? null : String.valueOf(v);
    }

    public Long integer(String property) {
        Object v = properties.get(property);
        return v instanceof Number n ? n.longValue() : null;
    }

    public Boolean bool(String property) {
        Object v = properties.get(property);
        return v instanceof Boolean b ? b : null;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String property) {
        Object v = properties.get(property);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Where a field was written (falls back to the resource, then to line 1). */
    public SourceLocation locationOf(String field) {
        SourceLocation l = fieldLocations.get(field);
        if (l != null) return l;
        return location != null ? location : new SourceLocation("<stack>", 1, 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resource r && r.type.equals(type) && r.name.equals(name) && r.properties.equals(properties);
    }

    @Override
    public int hashCode() { return Objects.hash(type, name, properties); }

    @Override
    public String toString() { return type + " " + name + " " + properties; }
}
