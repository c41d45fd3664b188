package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a mapping needs while it translates one stack: the variables of the other resources (for references), the
 * secret inputs, and the list of what has no equivalent.
 */
public final class IacContext {
    private final Stack stack;
    private final IacFormat format;
    private final Map<ResourceKey, IacResource> exported;
    private final Map<ResourceKey, String> variables;
    private final Map<ResourceKey, String> tfTypes;
    private final TreeMap<String, String> secrets = new TreeMap<>();
    private final List<String> unmapped = new ArrayList<>();
    private final Map<String, Resource> byName = new java.util.HashMap<>();
    private final Map<String, Resource> byLowerName = new java.util.HashMap<>();

    IacContext(Stack stack, IacFormat format, Map<ResourceKey, String> variables, Map<ResourceKey, String> tfTypes,
               Map<ResourceKey, IacResource> exported) {
        this.stack = stack;
        this.format = format;
        this.variables = variables;
        this.tfTypes = tfTypes;
        this.exported = exported;
        for (Resource r : stack.resources()) {
            byName.putIfAbsent(r.type() + "\u0000" + r.name(), r);
            byLowerName.putIfAbsent(r.type() + "\u0000" + r.name().toLowerCase(Locale.ROOT), r);
        }
    }

    public IacFormat format() { return format; }

    public boolean pulumi() { return format == IacFormat.PULUMI_PYTHON; }

    public Stack stack() { return stack; }

    /** The stack resource of one of the types with that name (exact, else ignoring case), if any. */
    public Optional<Resource> find(String name, String... types) {
        if (name == null) return Optional.empty();
        for (String t : types) {
            Resource r = byName.get(t + "\u0000" + name);
            if (r != null) return Optional.of(r);
        }
        for (String t : types) {
            Resource r = byLowerName.get(t + "\u0000" + name.toLowerCase(Locale.ROOT));
            if (r != null) return Optional.of(r);
        }
        return Optional.empty();
    }

    /**
     * A reference to {@code attribute} of the exported resource named {@code name} (of one of {@code types}), or the
     * name itself when the stack does not declare it (an existing object).
     */
    public IacValue ref(String name, String attribute, String... types) {
        if (name == null) return null;
        return find(name, types).filter(r -> variables.containsKey(r.key()))
                .<IacValue>map(r -> new IacValue.Ref(variables.get(r.key()), tfTypes.get(r.key()), attribute))
                .orElse(new IacValue.Lit(name));
    }

    /** True when the stack declares the resource and it is exported. */
    public boolean declared(String name, String... types) {
        return find(name, types).map(r -> variables.containsKey(r.key())).orElse(false);
    }

    /** The exported resource of a stack resource (for mappings that add to another resource), if already made. */
    public Optional<IacResource> exported(Resource r) {
        return Optional.ofNullable(exported.get(r.key()));
    }

    /** A secret input for a secret reference of the stack: its name, never its value. */
    public IacValue secret(Resource r, String property) {
        String text = r.string(property);
        Optional<SecretRef> ref = SecretRef.parse(text);
        String base = ref.map(x -> x.key()).orElse(r.name() + "_" + property);
        String name = IacExporter.identifier(base.toLowerCase(Locale.ROOT));
        secrets.put(name, r.type() + " " + r.name() + ": " + property
                + ref.map(x -> " (in the stack: " + x.source().name().toLowerCase(Locale.ROOT) + " " + x.key() + ")").orElse(""));
        return new IacValue.Secret(name);
    }

    /** Secret inputs: name to where it is used. */
    public Map<String, String> secrets() { return secrets; }

    /** Records that something of a resource has no equivalent; it is listed in the output and on stderr. */
    public void noEquivalent(Resource r, IacResource out, String what) {
        String line = r.type() + " " + r.name() + ": " + what;
        unmapped.add(line);
        if (out != null) out.note("no equivalent: " + what);
    }

    public List<String> unmapped() { return unmapped; }
}
