package dev.mlpc.core.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one JSON writer for request documents (map statements of API systems): the same value gives the same bytes in
 * every JVM, whatever the {@code HashMap} order or the Java types of its numbers.
 * <ul>
 *   <li>object keys are sorted (by {@link String#compareTo}, i.e. UTF-16 code units); non-text keys are written as
 *       their text, and two keys with the same text are refused;</li>
 *   <li>numbers are normalised: an integral value is an integer whatever its type ({@code Integer 5}, {@code Long 5},
 *       {@code Double 5.0} and {@code BigDecimal 5.00} all write {@code 5}); other values are written as the shortest
 *       decimal without trailing zeros and never in exponent form ({@code 0.1}, never {@code 0.1000000000000000055…}
 *       nor {@code 1E-7}); NaN and infinities are refused;</li>
 *   <li>a {@link Set} is written as a list sorted by each element's canonical compact form; other collections and
 *       arrays keep their order;</li>
 *   <li>text, booleans and null are written as they are; enums by name; any other object is refused, since its text
 *       could depend on the JVM (identity hash codes).</li>
 * </ul>
 * Indentation is two spaces with {@code '\n'} line ends on every platform, as in the plan JSON.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));
    private static final ObjectWriter COMPACT = MAPPER.writer();

    private CanonicalJson() { }

    /**
     * The canonical plain value: maps become insertion-ordered maps in key order, numbers {@link Long},
     * {@link BigInteger} or {@link BigDecimal} as above, sets sorted lists.
     *
     * @throws IllegalArgumentException for a value JSON cannot hold the same way everywhere (NaN, an arbitrary object,
     *                                  two keys with the same text), naming where it is
     */
    public static Object canonical(Object value) {
        return canonical(value, "$");
    }

    private static Object canonical(Object v, String at) {
        if (v == null || v instanceof String || v instanceof Boolean) return v;
        if (v instanceof CharSequence || v instanceof Character) return v.toString();
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Number n) return number(n, at);
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = e.getKey() instanceof Enum<?> en ? en.name() : String.valueOf(e.getKey());
                if (sorted.containsKey(key)) {
                    throw new IllegalArgumentException(at + ": two keys are both written as \"" + key + "\"");
                }
                sorted.put(key, canonical(e.getValue(), at + "." + key));
            }
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        }
        if (v instanceof Set<?> s) {
            List<Object> items = new ArrayList<>();
            int i = 0;
            for (Object o : s) items.add(canonical(o, at + "[" + i++ + "]"));
            items.sort(java.util.Comparator.comparing(CanonicalJson::compactOf));
            return java.util.Collections.unmodifiableList(items);
        }
        if (v instanceof Collection<?> c) {
            List<Object> items = new ArrayList<>();
            int i = 0;
            for (Object o : c) items.add(canonical(o, at + "[" + i++ + "]"));
            return java.util.Collections.unmodifiableList(items);
        }
        if (v.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            int len = java.lang.reflect.Array.getLength(v);
            for (int i = 0; i < len; i++) items.add(canonical(java.lang.reflect.Array.get(v, i), at + "[" + i + "]"));
            return java.util.Collections.unmodifiableList(items);
        }
        throw new IllegalArgumentException(at + ": a " + v.getClass().getName()
                + " is not a JSON value (use text, numbers, booleans, lists and maps)");
    }

    private static Object number(Number n, String at) {
        BigDecimal d;
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof java.util.concurrent.atomic.AtomicInteger || n instanceof java.util.concurrent.atomic.AtomicLong) {
            return n.longValue();
        } else if (n instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        } else if (n instanceof BigDecimal b) {
            d = b;
        } else if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new IllegalArgumentException(at + ": " + x + " has no JSON form");
            }
            // the shortest decimal that reads back as the same value: 0.1 stays 0.1 for a float and a double alike
            d = new BigDecimal(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(x));
        } else {
            throw new IllegalArgumentException(at + ": a " + n.getClass().getName() + " is not a JSON number");
        }
        if (d.signum() == 0) return 0L;
        d = d.stripTrailingZeros();
        if (d.scale() <= 0) {
            BigInteger b = d.toBigIntegerExact();
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        return d;
    }

    /** Indented canonical JSON (two spaces, {@code '\n'}), without a trailing newline. */
    public static String pretty(Object value) {
        return write(PRETTY, canonical(value));
    }

    /** Canonical JSON on one line. */
    public static String compact(Object value) {
        return write(COMPACT, canonical(value));
    }

    /** A canonical JSON document: {@link #pretty} plus a trailing newline (for {@code generated/<provider>/*.json}). */
    public static String document(Object value) {
        return pretty(value) + "\n";
    }

    /**
     * The generated document of an API provider ({@code generated/<provider>/<stack>.json}) from its offline plan:
     * {@code {"changes": [{"action", "name", "statements": [...], "type"}, ...], "stack"}}, every change in plan order
     * with its request documents, all canonical, so that {@code verify} re-renders the same bytes in any JVM. Only the
     * display forms appear (secrets as their references).
     */
    public static String requestDocument(Plan offlinePlan) {
        List<Object> changes = new ArrayList<>();
        for (Change c : offlinePlan.actionable()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", c.action().json());
            m.put("type", c.type());
            m.put("name", c.name());
            m.put("statements", c.statements().stream().map(Statement::display).toList());
            Object target = Plan.target(c);
            if (target != null) m.put("target", target);
            changes.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", offlinePlan.stack());
        root.put("changes", changes);
        return document(root);
    }

    /**
     * Writes a tree whose own key order is a contract (the plan JSON), indented like {@link #pretty}: maps are written
     * in their iteration order, so the caller passes insertion-ordered maps and canonicalises the parts that come from
     * elsewhere (statements) with {@link #canonical}.
     */
    static String prettyAsIs(Object tree) {
        return write(PRETTY, tree);
    }

    private static String compactOf(Object canonicalValue) {
        return write(COMPACT, canonicalValue);
    }

    private static String write(ObjectWriter w, Object v) {
        try {
            return w.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
