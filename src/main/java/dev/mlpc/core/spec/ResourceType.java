package dev.mlpc.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of resource a provider manages: its properties and its own cross-field rules.
 * Built once per provider; immutable.
 */
public final class ResourceType {
    /** Cross-field rule: report problems through the sink. */
    @FunctionalInterface
    public interface Check {
        void check(Resource resource, ProblemSink sink);
    }

    /**
     * An edge of a graph that must have no cycle, other than references (which are always checked): Snowflake's role
     * grants (role {@code from} is granted role {@code to}). {@code field} is where the edge is written.
     */
    public record Edge(String relation, ResourceKey from, ResourceKey to, String field) {}

    /** Where validation problems go. */
    public interface ProblemSink {
        void problem(Resource resource, String field, String reason);
    }

    private final String type;
    private final String description;
    private final Map<String, PropertySpec> properties;
    private final List<Check> checks;
    private final List<Function<Resource, List<ResourceKey>>> derivedReferences;
    private final List<Function<Resource, List<ResourceKey>>> derivedContainers;
    private final List<Function<Resource, List<Edge>>> graphEdges;
    private final Function<Resource, Object> liveIdentity;

    private ResourceType(String type, String description, Map<String, PropertySpec> properties, List<Check> checks,
                         List<Function<Resource, List<ResourceKey>>> derivedReferences,
                         List<Function<Resource, List<ResourceKey>>> derivedContainers,
                         List<Function<Resource, List<Edge>>> graphEdges, Function<Resource, Object> liveIdentity) {
        this.graphEdges = graphEdges;
        this.liveIdentity = liveIdentity;
        this.type = type;
        this.description = description;
        this.properties = properties;
        this.checks = checks;
        this.derivedReferences = derivedReferences;
        this.derivedContainers = derivedContainers;
    }

    public static Builder builder(String type) { return new Builder(type); }

    public String type() { return type; }
    public String description() { return description; }
    public List<PropertySpec> properties() { return List.copyOf(properties.values()); }
    public Optional<PropertySpec> property(String name) { return Optional.ofNullable(properties.get(name)); }
    public List<Check> checks() { return checks; }

    /**
     * Names of other resources this one refers to, by type (for dependency ordering): properties with
     * {@link PropertySpec#references()}, also fields inside objects and object-list items, to any depth.
     */
    public List<ResourceKey> references(Resource r) {
        List<ResourceKey> out = new ArrayList<>();
        for (PropertySpec p : properties.values()) referencesIn(p, r.get(p.name()), out);
        derivedReferences.forEach(f -> out.addAll(f.apply(r)));
        derivedContainers.forEach(f -> out.addAll(f.apply(r)));
        return out;
    }

    private static void referencesIn(PropertySpec p, Object v, List<ResourceKey> out) {
        if (v == null) return;
        if (p.references() != null) {
            if (v instanceof String s) out.add(new ResourceKey(p.references(), s));
            else if (v instanceof List<?> l) l.forEach(x -> out.add(new ResourceKey(p.references(), String.valueOf(x))));
        }
        if (p.kind() == PropertySpec.Kind.OBJECT && v instanceof Map<?, ?> m) {
            for (PropertySpec f : p.fields()) referencesIn(f, m.get(f.name()), out);
        } else if (p.kind() == PropertySpec.Kind.OBJECT_LIST && v instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m) for (PropertySpec f : p.fields()) referencesIn(f, m.get(f.name()), out);
            }
        }
    }

    /**
     * What live object the resource stands for, when two resources of one stack with different names could be the
     * same object (see {@link Builder#liveIdentity}); null when the name alone identifies it or the value is unknown.
     */
    public Object liveIdentity(Resource r) {
        return liveIdentity == null ? null : liveIdentity.apply(r);
    }

    /** Edges of other acyclic graphs this resource adds (see {@link Builder#graphEdges}). */
    public List<Edge> graphEdges(Resource r) {
        List<Edge> out = new ArrayList<>();
        graphEdges.forEach(f -> out.addAll(f.apply(r)));
        return out;
    }

    /** The resources that contain this one (see {@link PropertySpec#container()}). */
    public List<ResourceKey> containers(Resource r) {
        List<ResourceKey> out = new ArrayList<>();
        for (PropertySpec p : properties.values()) {
            if (p.container() && p.references() != null && r.get(p.name()) instanceof String s) {
                out.add(new ResourceKey(p.references(), s));
            }
        }
        derivedContainers.forEach(f -> out.addAll(f.apply(r)));
        return out;
    }

    public static final class Builder {
        private final String type;
        private String description = "";
        private final Map<String, PropertySpec> properties = new LinkedHashMap<>();
        private final List<Check> checks = new ArrayList<>();
        private final List<Function<Resource, List<ResourceKey>>> derivedReferences = new ArrayList<>();
        private final List<Function<Resource, List<ResourceKey>>> derivedContainers = new ArrayList<>();
        private final List<Function<Resource, List<Edge>>> graphEdges = new ArrayList<>();
        private Function<Resource, Object> liveIdentity;

        private Builder(String type) { this.type = Objects.requireNonNull(type); }

        public Builder describe(String text) { description = text; return this; }

        public Builder property(PropertySpec.Builder p) {
            PropertySpec spec = p.build();
            if (spec.name().equals("type") || spec.name().equals("name")) throw new IllegalStateException("reserved: " + spec.name());
            properties.put(spec.name(), spec);
            return this;
        }

        public Builder check(Check c) { checks.add(c); return this; }

        /**
         * References that no single property spells out (a grant's {@code on: {table: T}} names a table by the key it
         * uses): they order the plan like {@link PropertySpec#references()}.
         */
        public Builder referencesBy(Function<Resource, List<ResourceKey>> f) { derivedReferences.add(f); return this; }

        /** Like {@link #referencesBy}, for resources that also contain this one (see {@link PropertySpec#container()}). */
        public Builder containedBy(Function<Resource, List<ResourceKey>> f) { derivedContainers.add(f); return this; }

        /**
         * Edges of a graph that must stay acyclic across the stack (a role granted to a role): the validator refuses
         * a cycle, naming it, at the field of the edge that closes it.
         */
        public Builder graphEdges(Function<Resource, List<Edge>> f) { graphEdges.add(f); return this; }

        /**
         * The live object a resource of this type stands for, as a value with equals (defaults applied): the validator
         * refuses two resources of one stack that stand for the same object (two grants of one default ACL entry
         * under different labels would undo each other on every apply). Return null when it cannot be told.
         */
        public Builder liveIdentity(Function<Resource, Object> f) { liveIdentity = f; return this; }

        public ResourceType build() {
            return new ResourceType(type, description, new LinkedHashMap<>(properties), List.copyOf(checks),
                    List.copyOf(derivedReferences), List.copyOf(derivedContainers), List.copyOf(graphEdges), liveIdentity);
        }
    }
}
