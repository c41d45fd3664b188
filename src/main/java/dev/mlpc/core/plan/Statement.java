package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretResolver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement a change runs: a SQL string for SQL systems, a request object (a Map) for API systems.
 * {@link #display()} is what plans, generated files and journals show; it never contains a secret. Statements that need
 * a secret build their executable form only at apply time, from the resolver.
 * <p>
 * {@link #target()} says where a statement runs when one connection is not enough (for PostgreSQL: the database
 * that holds the object); null means the session's default connection.
 * <p>
 * <b>Outputs.</b> A statement can use a value that an earlier statement of the same apply returned (a server-assigned
 * id): its display form holds a placeholder {@code ${<type>.<name>.<Output>}} such as
 * {@code ${sagemaker.domain.ml-domain.DomainId}} (in SQL text or in the string values of a request map), made with
 * {@link #output}. Only statements built with {@link #withOutputs(Object)} or {@link #usingOutputs()} are searched for
 * placeholders; the plan runner replaces them at apply time ({@link #bindOutputs}). Placeholders never look like secret
 * references ({@code ${env:…}}, {@code ${keychain:…}}): the type part is {@code provider.kind}, without a colon.
 */
public final class Statement {
    /** Builds the executable form once the secrets can be read. */
    @FunctionalInterface
    public interface Binder {
        Object bind(SecretResolver secrets) throws SecretResolver.SecretUnavailableException;
    }

    /** A placeholder for an output of an earlier statement: {@code ${type.name.output}}. */
    public record OutputRef(String type, String name, String output) {
        public OutputRef {
            Objects.requireNonNull(type);
            Objects.requireNonNull(name);
            Objects.requireNonNull(output);
        }

        /** The resource that returns the output. */
        public ResourceKey resource() { return new ResourceKey(type, name); }

        /** The key outputs are registered under: {@code type.name.output}. */
        public String id() { return type + "." + name + "." + output; }

        public String placeholder() { return "${" + id() + "}"; }

        @Override
        public String toString() { return placeholder(); }
    }

    /** An output placeholder that cannot be filled in: no earlier statement returned that output. */
    public static final class MissingOutputException extends Exception {
        private final OutputRef ref;

        public MissingOutputException(OutputRef ref, String message) {
            super(message);
            this.ref = ref;
        }

        public OutputRef ref() { return ref; }
    }

    /** How the runner finds an output's value; null when unknown. */
    @FunctionalInterface
    public interface OutputLookup {
        Object find(OutputRef ref);
    }

    /**
     * {@code ${provider.kind.name.Output}}: the type is two lower-case words, the output one word, the name anything
     * without braces in between (it may contain dots: the match backs off to the last one).
     */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*)\\.([^{}]+)\\.([A-Za-z][A-Za-z0-9_]*)}");

    private final Object display;
    private final Binder binder;
    private final String target;
    private final List<OutputRef> outputs;
    /** For SQL text with output placeholders: writes a value as a literal of the dialect (the provider's quoting). */
    private final java.util.function.Function<Object, String> sqlEncoder;

    private Statement(Object display, Binder binder, String target, List<OutputRef> outputs,
                      java.util.function.Function<Object, String> sqlEncoder) {
        this.display = Objects.requireNonNull(display);
        this.binder = binder;
        this.target = target;
        this.outputs = outputs;
        this.sqlEncoder = sqlEncoder;
    }

    public static Statement of(Object display) {
        return new Statement(display, null, null, List.of(), null);
    }

    /** A statement whose executable form carries a secret that the display form only names. */
    public static Statement withSecret(Object display, Binder binder) {
        return new Statement(display, Objects.requireNonNull(binder), null, List.of(), null);
    }

    /**
     * A request document that uses outputs of earlier statements: the placeholders ({@link #output}) in the string
     * values of the request map, at any depth, are filled in at apply time. SQL text needs
     * {@link #withOutputs(String, java.util.function.Function)}: a value a system returned never reaches SQL unquoted.
     *
     * @throws IllegalArgumentException for SQL text
     */
    public static Statement withOutputs(Object display) {
        return of(display).usingOutputs();
    }

    /**
     * SQL text that uses outputs of earlier statements: each placeholder is replaced by {@code literal.apply(value)},
     * the provider's one literal-quoting function, so a returned value stays one literal.
     */
    public static Statement withOutputs(String sql, java.util.function.Function<Object, String> literal) {
        Statement st = new Statement(sql, null, null, List.of(), Objects.requireNonNull(literal));
        return st.usingOutputs();
    }

    /** The same statement, with the output placeholders of its display form detected (see {@link #withOutputs}). */
    public Statement usingOutputs() {
        if (display instanceof CharSequence && sqlEncoder == null) {
            throw new IllegalArgumentException("output placeholders in SQL text need the dialect's literal quoting: "
                    + "use Statement.withOutputs(sql, literal)");
        }
        Set<OutputRef> found = new LinkedHashSet<>();
        collect(display, found);
        return new Statement(display, binder, target, List.copyOf(found), sqlEncoder);
    }

    /** The same statement, to be run in {@code target} (e.g. a PostgreSQL database) instead of the default place. */
    public Statement in(String target) {
        return new Statement(display, binder, target, outputs, sqlEncoder);
    }

    /** The placeholder a renderer writes for {@code output} of {@code resource}: {@code ${type.name.output}}. */
    public static String output(ResourceKey resource, String output) {
        return new OutputRef(resource.type(), resource.name(), output).placeholder();
    }

    /** The outputs this statement uses, in order of appearance; empty unless built with outputs. */
    public List<OutputRef> outputs() { return outputs; }

    public boolean needsOutputs() { return !outputs.isEmpty(); }

    public Object display() { return display; }

    /** Where the statement runs; null: the session's default connection. */
    public String target() { return target; }

    public boolean needsSecret() { return binder != null; }

    public Object executable(SecretResolver secrets) throws SecretResolver.SecretUnavailableException {
        return binder == null ? display : binder.bind(secrets);
    }

    /**
     * The executable form with every output placeholder replaced by its value. A string that is exactly one
     * placeholder becomes the value itself (a number stays a number); a placeholder inside longer text is replaced by
     * the value's text. Maps and lists are copied; other values are kept. Statements without outputs are returned as
     * they are.
     *
     * @param executable the form {@link #executable} built (secrets bound)
     * @throws MissingOutputException naming the placeholder when {@code lookup} does not know it
     */
    public Object bindOutputs(Object executable, OutputLookup lookup) throws MissingOutputException {
        if (outputs.isEmpty()) return executable;
        if (executable instanceof CharSequence sql) {
            Matcher m = PLACEHOLDER.matcher(sql);
            StringBuilder b = new StringBuilder();
            int last = 0;
            while (m.find()) {
                b.append(sql, last, m.start()).append(sqlEncoder.apply(value(ref(m), lookup)));
                last = m.end();
            }
            return b.append(sql, last, sql.length()).toString();
        }
        return replace(executable, lookup);
    }

    private static Object replace(Object v, OutputLookup lookup) throws MissingOutputException {
        if (v instanceof CharSequence cs) {
            String s = cs.toString();
            Matcher m = PLACEHOLDER.matcher(s);
            if (m.matches()) return value(ref(m), lookup);
            m.reset();
            StringBuilder b = new StringBuilder();
            int last = 0;
            boolean any = false;
            while (m.find()) {
                any = true;
                b.append(s, last, m.start()).append(value(ref(m), lookup));
                last = m.end();
            }
            if (!any) return s;
            return b.append(s, last, s.length()).toString();
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), replace(e.getValue(), lookup));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object x : list) out.add(replace(x, lookup));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    private static Object value(OutputRef ref, OutputLookup lookup) throws MissingOutputException {
        Object v = lookup.find(ref);
        if (v == null) {
            throw new MissingOutputException(ref, ref.placeholder() + ": no earlier statement returned output " + ref.output()
                    + " of " + ref.type() + " " + ref.name());
        }
        return v;
    }

    private static OutputRef ref(Matcher m) {
        return new OutputRef(m.group(1), m.group(2), m.group(3));
    }

    private static void collect(Object v, Set<OutputRef> into) {
        if (v instanceof CharSequence cs) {
            Matcher m = PLACEHOLDER.matcher(cs);
            while (m.find()) into.add(ref(m));
        } else if (v instanceof Map<?, ?> map) {
            map.values().forEach(x -> collect(x, into));
        } else if (v instanceof List<?> list) {
            list.forEach(x -> collect(x, into));
        }
    }

    @Override
    public String toString() { return String.valueOf(display); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statement s && s.display.equals(display) && Objects.equals(s.target, target);
    }

    @Override
    public int hashCode() { return Objects.hash(display, target); }
}
