package dev.mlpc.testing.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AWS's published SageMaker service model (botocore's {@code service-2.json}, read at test time from the Debian
 * package {@code python3-botocore}; never copied into the repository) plus a small overlay of members AWS added after
 * that 2022 model (see {@link #OVERLAY} and PROTOCOL.md). Validates a request body against the input shape of an
 * operation the way AWS's JSON services do: required members, enums, string patterns and lengths, list and map sizes,
 * integer ranges, nested structures; members the shape does not have are refused.
 */
public final class SageMakerModel {

    /** Where Debian's python3-botocore installs the model. Override with {@code -Dmlpc.test.sagemakerModel=...}. */
    public static final String DEFAULT_PATH =
            "/usr/lib/python3/dist-packages/botocore/data/sagemaker/2017-07-24/service-2.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile SageMakerModel instance;

    /**
     * Members newer than the 2022 model, checked against the AWS API reference (UpdateDomain, CreateDomain,
     * DomainSettingsForUpdate) and the SDK 2.40.2 model classes; sources in PROTOCOL.md. Shape name → JSON to merge
     * into the model's shapes (members are added; an existing shape keeps its other members).
     */
    static final String OVERLAY = """
            {
              "TagPropagation": {"type": "string", "enum": ["ENABLED", "DISABLED"]},
              "UpdateDomainRequest": {"members": {
                "SubnetIds": {"shape": "Subnets"},
                "AppNetworkAccessType": {"shape": "AppNetworkAccessType"},
                "AppSecurityGroupManagement": {"shape": "AppSecurityGroupManagement"},
                "TagPropagation": {"shape": "TagPropagation"},
                "VpcId": {"shape": "VpcId"}
              }},
              "DomainSettingsForUpdate": {"members": {
                "SecurityGroupIds": {"shape": "DomainSecurityGroupIds"}
              }},
              "CreateDomainRequest": {"members": {
                "TagPropagation": {"shape": "TagPropagation"}
              }}
            }
            """;

    private final JsonNode shapes;
    private final JsonNode operations;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private SageMakerModel(JsonNode model) {
        this.operations = model.path("operations");
        ObjectNode s = (ObjectNode) model.path("shapes");
        try {
            JsonNode overlay = JSON.readTree(OVERLAY);
            for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode existing = s.get(e.getKey());
                if (existing == null) {
                    s.set(e.getKey(), e.getValue());
                } else {
                    ObjectNode members = (ObjectNode) existing.get("members");
                    e.getValue().path("members").fields().forEachRemaining(m -> members.set(m.getKey(), m.getValue()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.shapes = s;
    }

    /** The model, loaded once per JVM. Fails with a clear message when botocore's model is not installed. */
    public static SageMakerModel load() {
        SageMakerModel m = instance;
        if (m == null) {
            synchronized (SageMakerModel.class) {
                if (instance == null) {
                    Path path = Path.of(System.getProperty("mlpc.test.sagemakerModel", DEFAULT_PATH));
                    if (!Files.isRegularFile(path)) {
                        throw new IllegalStateException("AWS's SageMaker model is missing at " + path
                                + ": install the Debian package python3-botocore (apt-get install -y python3-botocore)");
                    }
                    try {
                        instance = new SageMakerModel(JSON.readTree(path.toFile()));
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read AWS's SageMaker model " + path + ": " + e.getMessage(), e);
                    }
                }
                m = instance;
            }
        }
        return m;
    }

    public boolean hasOperation(String operation) {
        return operations.has(operation);
    }

    /** The input shape's name of an operation, or null. */
    public String inputShape(String operation) {
        JsonNode s = operations.path(operation).path("input").path("shape");
        return s.isTextual() ? s.asText() : null;
    }

    /** The shape definition (with the overlay applied), or a missing node. */
    public JsonNode shape(String name) {
        return shapes.path(name);
    }

    /**
     * Checks {@code body} against the operation's input shape. Returns the violations, each in AWS's wording
     * ({@code Value 'x' at 'domainName' failed to satisfy constraint: Member must …}); empty when valid.
     * Type mismatches come back as violations too.
     */
    public List<String> validate(String operation, JsonNode body) {
        List<String> errors = new ArrayList<>();
        String input = inputShape(operation);
        if (input != null) {
            check(input, body, "", errors);
        }
        return errors;
    }

    private void check(String shapeName, JsonNode value, String path, List<String> errors) {
        JsonNode shape = shapes.path(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> structure(shapeName, shape, value, path, errors);
            case "list" -> list(shape, value, path, errors);
            case "map" -> map(shape, value, path, errors);
            case "string" -> string(shape, value, path, errors);
            case "integer", "long" -> integer(shape, value, path, errors);
            case "boolean" -> {
                if (!value.isBoolean()) errors.add(typeError(value, path, "a boolean"));
            }
            case "double", "float" -> {
                if (!value.isNumber()) errors.add(typeError(value, path, "a number"));
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) errors.add(typeError(value, path, "a timestamp"));
            }
            case "blob" -> {
                if (!value.isTextual()) errors.add(typeError(value, path, "base64 text"));
            }
            default -> errors.add("Shape " + shapeName + " at '" + path + "' is not in the model");
        }
    }

    private void structure(String shapeName, JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(typeError(value, path, "a structure (" + shapeName + ")"));
            return;
        }
        JsonNode members = shape.path("members");
        for (JsonNode req : shape.path("required")) {
            JsonNode v = value.get(req.asText());
            if (v == null || v.isNull()) {
                errors.add("Value null at '" + join(path, req.asText()) + "' failed to satisfy constraint: Member must not be null");
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode member = members.get(e.getKey());
            if (member == null) {
                unknown.add(e.getKey());
            } else if (!e.getValue().isNull()) {
                check(member.path("shape").asText(), e.getValue(), join(path, e.getKey()), errors);
            }
        }
        for (String u : unknown) {
            errors.add("Member '" + join(path, u) + "' is not a member of " + shapeName + " (members: "
                    + String.join(", ", (Iterable<String>) members::fieldNames) + ")");
        }
    }

    private void list(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isArray()) {
            errors.add(typeError(value, path, "a list"));
            return;
        }
        int n = value.size();
        if (shape.has("min") && n < shape.get("min").asInt()) {
            errors.add("Value " + render(value) + " at '" + path
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + shape.get("min").asInt());
        }
        if (shape.has("max") && n > shape.get("max").asInt()) {
            errors.add("Value " + render(value) + " at '" + path
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + shape.get("max").asInt());
        }
        String member = shape.path("member").path("shape").asText();
        ArrayNode a = (ArrayNode) value;
        for (int i = 0; i < a.size(); i++) {
            check(member, a.get(i), path + "." + (i + 1) + ".member", errors);
        }
    }

    private void map(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(typeError(value, path, "a map"));
            return;
        }
        int n = value.size();
        if (shape.has("min") && n < shape.get("min").asInt()) {
            errors.add("Value at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to " + shape.get("min").asInt());
        }
        if (shape.has("max") && n > shape.get("max").asInt()) {
            errors.add("Value at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to " + shape.get("max").asInt());
        }
        String key = shape.path("key").path("shape").asText();
        String val = shape.path("value").path("shape").asText();
        value.fields().forEachRemaining(e -> {
            check(key, JSON.getNodeFactory().textNode(e.getKey()), path + ".key", errors);
            check(val, e.getValue(), path + "." + e.getKey(), errors);
        });
    }

    private void string(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isTextual()) {
            errors.add(typeError(value, path, "a string"));
            return;
        }
        String s = value.asText();
        if (shape.has("enum")) {
            boolean ok = false;
            List<String> allowed = new ArrayList<>();
            for (JsonNode e : shape.get("enum")) {
                allowed.add(e.asText());
                ok |= e.asText().equals(s);
            }
            if (!ok) {
                errors.add("Value '" + s + "' at '" + path + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
            }
        }
        int len = s.codePointCount(0, s.length());
        if (shape.has("min") && len < shape.get("min").asInt()) {
            errors.add("Value '" + s + "' at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to " + shape.get("min").asInt());
        }
        if (shape.has("max") && len > shape.get("max").asInt()) {
            errors.add("Value '" + s + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to " + shape.get("max").asInt());
        }
        if (shape.has("pattern")) {
            String p = shape.get("pattern").asText();
            // AWS services match the whole value (a name with a trailing '_' is refused although the pattern has no '$')
            if (!patterns.computeIfAbsent(p, Pattern::compile).matcher(s).matches()) {
                errors.add("Value '" + s + "' at '" + path + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + p);
            }
        }
    }

    private static void integer(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isIntegralNumber()) {
            errors.add(typeError(value, path, "an integer"));
            return;
        }
        long v = value.asLong();
        if (shape.has("min") && v < shape.get("min").asLong()) {
            errors.add("Value '" + v + "' at '" + path + "' failed to satisfy constraint: Member must have value greater than or equal to " + shape.get("min").asLong());
        }
        if (shape.has("max") && v > shape.get("max").asLong()) {
            errors.add("Value '" + v + "' at '" + path + "' failed to satisfy constraint: Member must have value less than or equal to " + shape.get("max").asLong());
        }
    }

    private static String typeError(JsonNode value, String path, String expected) {
        return "Value " + render(value) + " at '" + path + "' failed to satisfy constraint: Member must be " + expected;
    }

    private static String render(JsonNode value) {
        String s = value.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** AWS names members in messages in lower camel case: {@code defaultUserSettings.executionRole}. */
    private static String join(String path, String member) {
        String m = member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
        return path.isEmpty() ? m : path + "." + m;
    }
}
