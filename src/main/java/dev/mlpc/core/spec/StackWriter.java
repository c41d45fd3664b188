package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Stack} as stack YAML (wizards use it); {@link StackReader} reads the result back unchanged.
 * Properties are written in the resource's order; inside values (an object property's fields, objects inside it, a
 * string map), a map with an order of its own (a {@code LinkedHashMap}, a sorted map) keeps it and any other map
 * ({@code HashMap}, {@code Map.of}, whose order changes from one JVM to the next) is written with its keys sorted, so
 * the same stack gives the same text everywhere.
 */
public final class StackWriter {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private StackWriter() { }

    /** The value with every map inside it in a stable order (see the class comment). */
    private static Object ordered(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean keepOrder = map instanceof LinkedHashMap || map instanceof java.util.SortedMap;
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            if (!keepOrder) entries.sort(java.util.Comparator.comparing(e -> String.valueOf(e.getKey())));
            for (Map.Entry<?, ?> e : entries) out.put(String.valueOf(e.getKey()), ordered(e.getValue()));
            return out;
        }
        if (v instanceof List<?> list) return list.stream().map(StackWriter::ordered).toList();
        return v;
    }

    public static String toYaml(Stack stack) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", stack.name());
        if (!stack.description().isEmpty()) root.put("description", stack.description());
        if (stack.hasTarget()) root.put("target", stack.target());
        List<Object> resources = new ArrayList<>();
        for (Resource r : stack.resources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.put("name", r.name());
            r.properties().forEach((k, v) -> m.put(k, ordered(v)));
            resources.add(m);
        }
        root.put("resources", resources);
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stack is not serialisable", e);
        }
    }
}
