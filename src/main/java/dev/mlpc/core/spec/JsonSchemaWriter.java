package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (draft 2020-12) of stack files, derived from the resource types, so editors can validate stacks.
 * The copy shipped in {@code resources/schema/stack.schema.json} is kept in step with the model by a test.
 */
public final class JsonSchemaWriter {
    public static final String SECRET_PATTERN = "^\\$\\{(env:[A-Za-z_][A-Za-z0-9_]*|keychain:[A-Za-z0-9_.@-]+/[A-Za-z0-9_.@/-]+)}$";

    private JsonSchemaWriter() { }

    public static String schema(Collection<ResourceType> types) {
        List<ResourceType> sorted = types.stream().sorted(java.util.Comparator.comparing(ResourceType::type)).toList();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:mlpc:stack");
        root.put("title", "mlpc stack");
        root.put("description", "A declarative stack of ML Platform Console: one system's resources, by type and name.");
        root.put("type", "object");
        root.put("required", List.of("stack", "resources"));
        root.put("additionalProperties", false);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("stack", obj("type", "string", "pattern", "^" + StackReader.STACK_NAME_RULE + "$",
                "description", "The stack's name; also its file name in the config repository."));
        props.put("description", obj("type", "string"));
        props.put("target", obj("type", "string", "pattern", "^" + Stack.TARGET_RULE + "$",
                "description", "The connection (by its name in connections.yaml) this stack is applied to; plans and applies use it by default."));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "object");
        item.put("required", List.of("type", "name"));
        Map<String, Object> itemProps = new LinkedHashMap<>();
        itemProps.put("type", obj("enum", sorted.stream().map(ResourceType::type).toList()));
        itemProps.put("name", obj("type", "string", "minLength", 1));
        item.put("properties", itemProps);
        List<Object> allOf = new ArrayList<>();
        for (ResourceType t : sorted) {
            allOf.add(obj("if", obj("properties", obj("type", obj("const", t.type()))),
                    "then", obj("$ref", "#/$defs/" + t.type())));
        }
        item.put("allOf", allOf);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("type", "array");
        resources.put("items", item);
        props.put("resources", resources);
        root.put("properties", props);
        Map<String, Object> defs = new LinkedHashMap<>();
        for (ResourceType t : sorted) defs.put(t.type(), typeSchema(t));
        root.put("$defs", defs);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                    .replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> typeSchema(ResourceType t) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        if (!t.description().isEmpty()) s.put("description", t.description());
        List<String> required = new ArrayList<>(List.of("type", "name"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", obj("const", t.type()));
        props.put("name", obj("type", "string", "minLength", 1));
        for (PropertySpec p : t.properties()) {
            props.put(p.name(), propertySchema(p));
            if (p.required()) required.add(p.name());
        }
        s.put("required", required);
        s.put("properties", props);
        s.put("additionalProperties", false);
        return s;
    }

    private static Map<String, Object> propertySchema(PropertySpec p) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (!p.description().isEmpty()) s.put("description", p.description());
        switch (p.kind()) {
            case STRING, IDENTIFIER -> { s.put("type", "string"); if (p.kind() == PropertySpec.Kind.IDENTIFIER) s.put("minLength", 1); }
            case INTEGER -> {
                s.put("type", "integer");
                if (p.min() != null) s.put("minimum", p.min());
                if (p.max() != null) s.put("maximum", p.max());
            }
            case BOOLEAN -> s.put("type", "boolean");
            case ENUM -> s.put("enum", spellings(p.enumValues()));
            case SECRET -> { s.put("type", "string"); s.put("pattern", SECRET_PATTERN); }
            case STRING_MAP -> { s.put("type", "object"); s.put("additionalProperties", obj("type", "string")); }
            case ENUM_LIST -> { s.put("type", "array"); s.put("uniqueItems", true); s.put("items", obj("enum", spellings(p.enumValues()))); }
            case IDENTIFIER_LIST, STRING_LIST -> { s.put("type", "array"); s.put("uniqueItems", true); s.put("items", obj("type", "string")); }
            case OBJECT_LIST -> {
                s.put("type", "array");
                s.put("items", objectSchema(p, new LinkedHashMap<>()));
            }
            case OBJECT -> objectSchema(p, s);
        }
        return s;
    }

    /**
     * The mapping of {@code p}'s fields (an object list's item, an object), into {@code s}: nested {@code properties},
     * {@code required}, no other fields ({@code additionalProperties: false}); a field that is an object again is
     * written the same way, to any depth.
     */
    private static Map<String, Object> objectSchema(PropertySpec p, Map<String, Object> s) {
        s.put("type", "object");
        List<String> required = p.fields().stream().filter(PropertySpec::required).map(PropertySpec::name).toList();
        if (!required.isEmpty()) s.put("required", required);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (PropertySpec f : p.fields()) fields.put(f.name(), propertySchema(f));
        s.put("properties", fields);
        s.put("additionalProperties", false);
        return s;
    }

    /** An insertion-ordered JSON object from key, value pairs (Map.of has no stable order). */
    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Enum values are matched without regard to case: list the canonical, lower and upper spellings. */
    private static List<String> spellings(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            out.add(v);
            out.add(v.toLowerCase(Locale.ROOT));
            out.add(v.toUpperCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }
}
