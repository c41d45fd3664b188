package dev.mlpc.iac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of an exported argument, independent of the output language: a literal, a reference to another exported
 * resource's attribute, a reference to a secret input, a list, a mapping (Pulumi dict / Terraform block or map), or a
 * string built from parts ({@code pulumi.Output.concat} / a Terraform template).
 */
public sealed interface IacValue {
    /** A string, number or boolean. */
    record Lit(Object value) implements IacValue { }

    /**
     * {@code <resource>.<attribute>} of an exported resource: its variable (Pulumi) and local name (Terraform) are
     * {@code resource}, its Terraform type {@code tfType}.
     */
    record Ref(String resource, String tfType, String attribute) implements IacValue { }

    /** A secret input: Pulumi config secret / Terraform sensitive variable of that name. Never a value. */
    record Secret(String variable) implements IacValue { }

    record ListV(List<IacValue> items) implements IacValue { }

    record MapV(Map<String, IacValue> entries) implements IacValue { }

    /** A string made of literal and reference parts, in order. */
    record Concat(List<IacValue> parts) implements IacValue { }

    /** Plain stack data (String, Number, Boolean, List, Map) as a value; null stays null. */
    static IacValue of(Object v) {
        if (v == null) return null;
        if (v instanceof IacValue x) return x;
        if (v instanceof List<?> l) {
            List<IacValue> out = new ArrayList<>();
            for (Object o : l) out.add(of(o));
            return new ListV(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, IacValue> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x != null) out.put(String.valueOf(k), of(x));
            });
            return new MapV(out);
        }
        if (v instanceof Number || v instanceof Boolean) return new Lit(v);
        return new Lit(String.valueOf(v));
    }

    static IacValue concat(Object... parts) {
        List<IacValue> out = new ArrayList<>();
        for (Object p : parts) {
            IacValue v = of(p);
            // adjacent text is one part
            if (v instanceof Lit l && l.value() instanceof String s && !out.isEmpty()
                    && out.get(out.size() - 1) instanceof Lit prev && prev.value() instanceof String t) {
                out.set(out.size() - 1, new Lit(t + s));
            } else {
                out.add(v);
            }
        }
        return new Concat(out);
    }
}
