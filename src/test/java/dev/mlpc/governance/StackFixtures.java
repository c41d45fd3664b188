package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.YamlNode;
import dev.mlpc.core.spec.YamlReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stacks for the rule tests. */
final class StackFixtures {
    private StackFixtures() {
    }

    /** Parses a stack's YAML into resources (type, name and plain properties). */
    static Stack parse(String yaml) {
        YamlReader.Result r = YamlReader.read("stacks/gov.yaml", yaml);
        if (!r.problems().isEmpty()) throw new IllegalArgumentException(r.problems().toString());
        YamlNode.Mapping top = (YamlNode.Mapping) r.root();
        List<Resource> out = new ArrayList<>();
        for (YamlNode item : ((YamlNode.Sequence) top.entries().get("resources")).items()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) item.toPlain());
            String type = (String) props.remove("type");
            String name = (String) props.remove("name");
            out.add(Resource.of(type, name, props));
        }
        return new Stack((String) top.entries().get("stack").toPlain(), "", out, "stacks/gov.yaml");
    }
}
