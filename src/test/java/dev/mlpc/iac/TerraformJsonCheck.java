package dev.mlpc.iac;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Terraform JSON configuration against the structure Terraform documents for JSON syntax: an object whose
 * keys are the top-level block types ({@code resource}, {@code variable}, {@code terraform}, {@code provider},
 * {@code output}, {@code locals}, {@code data}, {@code module}) or a {@code "//"} comment; {@code resource.<type>.<name>}
 * objects; type and block names matching {@code [A-Za-z_][A-Za-z0-9_-]*}; {@code variable.<name>} objects; and every
 * {@code ${…}} reference resolving to a declared resource or variable ({@code $${} is a literal).
 */
final class TerraformJsonCheck {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Set<String> TOP = Set.of("resource", "variable", "terraform", "provider", "output", "locals",
            "data", "module", "//");
    private static final Pattern INTERPOLATION = Pattern.compile("(\\$+)\\{([^}]*)}");

    private TerraformJsonCheck() { }

    static List<String> problems(JsonNode root) {
        List<String> out = new ArrayList<>();
        if (root == null || !root.isObject()) return List.of("the document is not a JSON object");
        Set<String> resources = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!TOP.contains(e.getKey())) out.add("unknown top-level key " + e.getKey());
            else if (!e.getKey().equals("//") && !e.getValue().isObject()) out.add(e.getKey() + " is not an object");
        }
        JsonNode res = root.path("resource");
        for (Iterator<Map.Entry<String, JsonNode>> types = res.fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> t = types.next();
            if (!NAME.matcher(t.getKey()).matches()) out.add("resource type " + t.getKey() + " is not a valid name");
            if (!t.getValue().isObject()) {
                out.add("resource." + t.getKey() + " is not an object");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> names = t.getValue().fields(); names.hasNext(); ) {
                Map.Entry<String, JsonNode> n = names.next();
                if (!NAME.matcher(n.getKey()).matches()) out.add("resource name " + n.getKey() + " is not a valid name");
                if (!n.getValue().isObject()) out.add("resource." + t.getKey() + "." + n.getKey() + " is not an object");
                resources.add(t.getKey() + "." + n.getKey());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> vs = root.path("variable").fields(); vs.hasNext(); ) {
            Map.Entry<String, JsonNode> v = vs.next();
            if (!NAME.matcher(v.getKey()).matches()) out.add("variable name " + v.getKey() + " is not a valid name");
            if (!v.getValue().isObject()) out.add("variable." + v.getKey() + " is not an object");
            variables.add(v.getKey());
        }
        references(root, "", resources, variables, out);
        return out;
    }

    private static void references(JsonNode node, String path, Set<String> resources, Set<String> variables,
                                   List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("//")) continue; // comments are not evaluated
                references(e.getValue(), path + "." + e.getKey(), resources, variables, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) references(node.get(i), path + "[" + i + "]", resources, variables, out);
        } else if (node.isTextual()) {
            String s = node.asText();
            Matcher m = INTERPOLATION.matcher(s);
            while (m.find()) {
                if (m.group(1).length() % 2 == 0) continue; // $${ is a literal ${
                String expr = m.group(2).trim();
                String[] parts = expr.split("\\.");
                if (parts.length == 2 && parts[0].equals("var")) {
                    if (!variables.contains(parts[1])) out.add(path + ": ${" + expr + "} names no declared variable");
                } else if (parts.length == 3) {
                    if (!resources.contains(parts[0] + "." + parts[1])) {
                        out.add(path + ": ${" + expr + "} names no declared resource");
                    }
                } else {
                    out.add(path + ": ${" + expr + "} is not a reference to a resource attribute or a variable");
                }
            }
            if (Pattern.compile("(?<!%)%\\{").matcher(s.replace("%%{", "")).find()) {
                out.add(path + ": an unescaped %{ template directive");
            }
        }
    }
}
