package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link Stack} as stack YAML (wizards use it); {@link StackReader} reads the result back unchanged. */
public final class StackWriter {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private StackWriter() { }

    public static String toYaml(Stack stack) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", stack.name());
        if (!stack.description().isEmpty()) root.put("description", stack.description());
        List<Object> resources = new ArrayList<>();
        for (Resource r : stack.resources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.put("name", r.name());
            m.putAll(r.properties());
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
