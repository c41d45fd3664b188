package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s that keep line:column, reporting syntax errors and duplicate keys as
 * {@link Problem}s instead of exceptions with stack traces.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private YamlReader(String file) {
        this.file = file;
    }

    /** Result: the root node (null when unreadable) and every problem met. */
    public record Result(YamlNode root, List<Problem> problems) {}

    public static Result read(String file, String text) {
        YamlReader r = new YamlReader(file);
        YamlNode root = null;
        if (text.isBlank()) {
            r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "the file is empty"));
            return new Result(null, r.problems);
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "the file holds no YAML document"));
            } else {
                root = r.node(p, "(root)");
                if (p.nextToken() != null) {
                    r.problems.add(new Problem(r.loc(p.currentTokenLocation()), "(file)",
                            "more than one YAML document; a stack file holds exactly one"));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage() == null ? "not valid YAML" : e.getOriginalMessage();
            msg = msg.lines().findFirst().orElse(msg).trim();
            r.problems.add(new Problem(l == null ? new SourceLocation(file, 1, 1) : r.loc(l), "(syntax)",
                    "not valid YAML: " + msg));
            root = null;
        } catch (IOException e) {
            r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "cannot read: " + e.getMessage()));
        }
        return new Result(root, r.problems);
    }

    private SourceLocation loc(JsonLocation l) {
        return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private YamlNode node(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        SourceLocation at = loc(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, SourceLocation> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceLocation keyAt = loc(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(p, path + "." + key);
                    if (entries.containsKey(key)) {
                        problems.add(new Problem(keyAt, key, "duplicate key (first written at line "
                                + keys.get(key).line() + ")"));
                    } else {
                        entries.put(key, value);
                        keys.put(key, keyAt);
                    }
                }
                return new YamlNode.Mapping(entries, keys, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, path + "[" + i++ + "]"));
                }
                return new YamlNode.Sequence(items, at);
            }
            case VALUE_STRING -> { return new YamlNode.Scalar(p.getText(), at); }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> new YamlNode.Scalar(p.getLongValue(), at);
                    default -> new YamlNode.Scalar(p.getText(), at);
                };
            }
            case VALUE_NUMBER_FLOAT -> { return new YamlNode.Scalar(p.getDoubleValue(), at); }
            case VALUE_TRUE -> { return new YamlNode.Scalar(Boolean.TRUE, at); }
            case VALUE_FALSE -> { return new YamlNode.Scalar(Boolean.FALSE, at); }
            case VALUE_NULL -> { return new YamlNode.Scalar(null, at); }
            default -> {
                problems.add(new Problem(at, path, "unsupported YAML content (" + t + ")"));
                return new YamlNode.Scalar(null, at);
            }
        }
    }
}
