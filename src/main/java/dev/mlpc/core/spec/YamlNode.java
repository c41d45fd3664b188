package dev.mlpc.core.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML node that remembers where it was written. */
public sealed interface YamlNode {
    SourceLocation location();

    /** Plain Java value: String, Long, Double, Boolean, null, List, Map. */
    Object toPlain();

    record Scalar(Object value, SourceLocation location) implements YamlNode {
        @Override
        public Object toPlain() { return value; }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        @Override
        public Object toPlain() { return items.stream().map(YamlNode::toPlain).toList(); }
    }

    /** A mapping; keys keep their own locations. */
    record Mapping(Map<String, YamlNode> entries, Map<String, SourceLocation> keyLocations, SourceLocation location)
            implements YamlNode {
        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
    }
}
