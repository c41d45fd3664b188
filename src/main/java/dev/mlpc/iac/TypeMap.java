package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How one stack resource type becomes a Pulumi resource and a Terraform resource: the target (which may depend on the
 * resource: a function's language, a dataset's kind), then one rule per property, in order. A property without a rule
 * is reported as having no equivalent; nothing is dropped silently.
 */
final class TypeMap {
    /** The class and type a resource becomes; null fields when this format has no equivalent. */
    record Target(String pulumiModule, String pulumiAlias, String pulumiClass, String tfType, String missing) {
        static Target of(String module, String alias, String cls, String tfType) {
            return new Target(module, alias, cls, tfType, null);
        }

        /** No equivalent in the format: {@code reason} is said in the output. */
        static Target none(String reason) {
            return new Target(null, null, null, null, reason);
        }
    }

    /** Translates one or more properties (they are consumed). */
    @FunctionalInterface
    interface Rule {
        void apply(Resource r, IacContext c, IacResource out);
    }

    private record Entry(Set<String> properties, Rule rule) { }

    final String type;
    private final Function<IacContext, Function<Resource, Target>> target;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Boolean> consumed = new LinkedHashMap<>();

    TypeMap(String type, Function<IacContext, Function<Resource, Target>> target) {
        this.type = type;
        this.target = target;
    }

    /** The same target for every resource, per format. */
    static TypeMap fixed(String type, String module, String alias, String pulumiClass, String tfType) {
        Target t = Target.of(module, alias, pulumiClass, tfType);
        return new TypeMap(type, c -> r -> t);
    }

    Target target(Resource r, IacContext c) {
        return target.apply(c).apply(r);
    }

    /** The resource's name as an argument. */
    TypeMap name(String arg) {
        entries.add(new Entry(Set.of(), (r, c, out) -> out.arg(arg, names.apply(r.name()))));
        return this;
    }

    /** How the target writes a name (the resource's own and a name written out where no reference fits). */
    private java.util.function.UnaryOperator<String> names = java.util.function.UnaryOperator.identity();

    /** Names written as the target stores them (Snowflake: {@code SnowflakeIac#stored}); default as written. */
    TypeMap names(java.util.function.UnaryOperator<String> form) {
        this.names = form;
        return this;
    }

    private IacValue refOrName(IacContext c, String name, String attribute, String... types) {
        if (name == null) return null;
        return c.declared(name, types) ? c.ref(name, attribute, types) : new IacValue.Lit(names.apply(name));
    }

    /** The property copied under the same name. */
    TypeMap same(String... properties) {
        for (String p : properties) arg(p, p);
        return this;
    }

    /** The property copied under another name. */
    TypeMap arg(String property, String arg) {
        return rule((r, c, out) -> out.arg(arg, r.get(property)), property);
    }

    /** The property copied under a name that differs between Pulumi and Terraform. */
    TypeMap arg(String property, String pulumiArg, String tfArg) {
        return rule((r, c, out) -> out.arg(c.pulumi() ? pulumiArg : tfArg, r.get(property)), property);
    }

    /** The property converted. */
    TypeMap arg(String property, String arg, Function<Object, Object> convert) {
        return rule((r, c, out) -> {
            if (r.get(property) != null) out.arg(arg, convert.apply(r.get(property)));
        }, property);
    }

    /** A name property as a reference to {@code attribute} of the resource it names (a literal when not in the stack). */
    TypeMap ref(String property, String arg, String attribute, String... types) {
        return rule((r, c, out) -> {
            if (r.get(property) instanceof java.util.List<?> l) {
                out.arg(arg, new IacValue.ListV(l.stream().map(x -> refOrName(c, String.valueOf(x), attribute, types)).toList()));
            } else if (r.get(property) != null) {
                out.arg(arg, refOrName(c, r.string(property), attribute, types));
            }
        }, property);
    }

    /** A fixed argument (a value the target needs and our type implies). */
    TypeMap fixedArg(String arg, Object value) {
        return rule((r, c, out) -> out.arg(arg, value));
    }

    /** A secret reference property as a secret input. */
    TypeMap secret(String property, String arg) {
        return rule((r, c, out) -> {
            if (r.get(property) != null) out.arg(arg, c.secret(r, property));
        }, property);
    }

    /** Properties with no equivalent in either target: listed when the stack sets them. */
    TypeMap none(String... properties) {
        for (String p : properties) {
            rule((r, c, out) -> {
                if (r.get(p) != null) c.noEquivalent(r, out, p + " = " + fullValue(r.get(p)));
            }, p);
        }
        return this;
    }

    /** Any translation; {@code properties} are the ones it consumes. */
    TypeMap rule(Rule rule, String... properties) {
        entries.add(new Entry(new LinkedHashSet<>(List.of(properties)), rule));
        for (String p : properties) consumed.put(p, true);
        return this;
    }

    /** True when a rule consumes the property (maps it, or lists it as having no equivalent). */
    boolean consumes(String property) {
        return consumed.containsKey(property);
    }

    /** Applies the rules, then reports the properties no rule consumed. */
    void apply(Resource r, IacContext c, IacResource out) {
        for (Entry e : entries) e.rule().apply(r, c, out);
        for (Map.Entry<String, Object> p : r.properties().entrySet()) {
            if (p.getValue() != null && !consumed.containsKey(p.getKey())) {
                c.noEquivalent(r, out, p.getKey() + " = " + fullValue(p.getValue()));
            }
        }
    }

    /**
     * The value as the stack gives it, never shortened: these lines go into the exported files (user data must not
     * be cut there); the writers make it one comment line.
     */
    static String fullValue(Object v) {
        return String.valueOf(v);
    }
}
