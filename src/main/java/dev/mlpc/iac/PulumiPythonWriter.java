package dev.mlpc.iac;

import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a Pulumi program in Python in the style of our users' programs: {@code import pulumi_snowflake as snowflake},
 * one variable per resource, keyword arguments, references as {@code db.name}, secrets as
 * {@code pulumi.Config().require_secret(…)}; plus {@code Pulumi.yaml} and {@code requirements.txt}.
 */
public final class PulumiPythonWriter {
    private static final int WIDTH = 110;
    private static final Map<String, String> PACKAGES = Map.of(
            "pulumi_snowflake", "pulumi-snowflake>=2.0.0,<3.0.0",
            "pulumi_aws", "pulumi-aws>=6.0.0,<8.0.0",
            "pulumi_azure_native", "pulumi-azure-native>=2.0.0,<4.0.0",
            "pulumi_postgresql", "pulumi-postgresql>=3.0.0,<4.0.0");

    SortedMap<String, String> write(Stack stack, List<IacResource> resources, Map<String, String> secrets,
                                    List<String> unmapped) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("__main__.py", program(stack, resources, secrets, unmapped));
        files.put("Pulumi.yaml", project(stack, secrets, SnowflakeIac.previewFeatures(resources)));
        files.put("requirements.txt", requirements(resources));
        return files;
    }

    private String program(Stack stack, List<IacResource> resources, Map<String, String> secrets, List<String> unmapped) {
        StringBuilder b = new StringBuilder();
        b.append("\"\"\"Stack ").append(docText(stack.name()))
                .append(stack.description().isBlank() ? "" : ": " + docText(stack.description().strip())).append("\n\n")
                .append("Exported by `mlpc export-iac --to pulumi-python` from the mlpc stack ").append(docText(stack.name()))
                .append(".\nSecrets are Pulumi config secrets (pulumi config set --secret NAME), never values.\n\"\"\"\n");
        b.append("import pulumi\n");
        TreeSet<String> imports = new TreeSet<>();
        resources.forEach(r -> imports.add("import " + r.pulumiModule() + " as " + r.pulumiAlias()));
        imports.forEach(i -> b.append(i).append('\n'));
        if (!unmapped.isEmpty()) {
            b.append("\n# No equivalent in Pulumi (mlpc export-iac also lists these on stderr):\n");
            for (String u : unmapped) b.append("#   - ").append(comment(u)).append('\n');
        }
        if (!secrets.isEmpty()) {
            b.append("\nconfig = pulumi.Config()\n");
            secrets.forEach((name, where) -> b.append("# secret ").append(name).append(": ").append(comment(where)).append('\n'));
        }
        for (IacResource r : resources) {
            b.append("\n# ").append(comment(r.source().type() + " " + r.source().name())).append('\n');
            for (String n : r.notes()) b.append("# ").append(comment(n)).append('\n');
            b.append(r.variable()).append(" = ").append(r.pulumiAlias()).append('.').append(r.pulumiClass()).append("(\n");
            b.append("    ").append(str(r.logicalName())).append(",\n");
            for (Map.Entry<String, IacValue> a : r.args().entrySet()) {
                String prefix = "    " + a.getKey() + "=";
                b.append(prefix).append(render(a.getValue(), 4, prefix.length())).append(",\n");
            }
            b.append(")\n");
        }
        if (!resources.isEmpty()) {
            b.append('\n');
            for (IacResource r : resources) {
                b.append("pulumi.export(").append(str(r.variable() + "_id")).append(", ").append(r.variable()).append(".id)\n");
            }
        }
        return b.toString();
    }

    private static String project(Stack stack, Map<String, String> secrets, List<String> preview) {
        String name = stack.name().replaceAll("[^A-Za-z0-9_.-]+", "-");
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(json(name)).append('\n');
        b.append("description: ").append(json(stack.description().isBlank()
                ? "mlpc stack " + stack.name() : stack.description().strip())).append('\n');
        b.append("runtime:\n  name: python\n  options:\n    virtualenv: venv\n");
        if (!secrets.isEmpty() || !preview.isEmpty()) b.append("config:\n");
        if (!preview.isEmpty()) {
            // the v2 Snowflake provider refuses preview resources it was not told to enable
            b.append("  snowflake:previewFeaturesEnabled:\n    value:\n");
            preview.forEach(f -> b.append("      - ").append(f).append('\n'));
        }
        if (!secrets.isEmpty()) {
            secrets.forEach((n, where) -> b.append("  ").append(n).append(":\n    type: string\n    secret: true\n")
                    .append("    description: ").append(json(where)).append('\n'));
        }
        return b.toString();
    }

    private static String requirements(List<IacResource> resources) {
        TreeSet<String> lines = new TreeSet<>();
        lines.add("pulumi>=3.0.0,<4.0.0");
        for (IacResource r : resources) {
            String top = r.pulumiModule().split("\\.")[0];
            if (PACKAGES.containsKey(top)) lines.add(PACKAGES.get(top));
        }
        return String.join("\n", lines) + "\n";
    }

    /** A value as Python source; broken over lines when it does not fit. */
    static String render(IacValue v, int indent, int used) {
        String inline = inline(v);
        if (used + inline.length() <= WIDTH || !(v instanceof IacValue.ListV || v instanceof IacValue.MapV
                || v instanceof IacValue.Concat)) {
            return inline;
        }
        String pad = " ".repeat(indent + 4);
        StringBuilder b = new StringBuilder();
        if (v instanceof IacValue.ListV l) {
            b.append("[\n");
            for (IacValue x : l.items()) b.append(pad).append(render(x, indent + 4, indent + 4)).append(",\n");
            b.append(" ".repeat(indent)).append(']');
        } else if (v instanceof IacValue.MapV m) {
            b.append("{\n");
            for (Map.Entry<String, IacValue> e : m.entries().entrySet()) {
                String k = str(e.getKey()) + ": ";
                b.append(pad).append(k).append(render(e.getValue(), indent + 4, indent + 4 + k.length())).append(",\n");
            }
            b.append(" ".repeat(indent)).append('}');
        } else {
            IacValue.Concat c = (IacValue.Concat) v;
            b.append("pulumi.Output.concat(\n");
            for (IacValue x : c.parts()) b.append(pad).append(render(x, indent + 4, indent + 4)).append(",\n");
            b.append(" ".repeat(indent)).append(')');
        }
        return b.toString();
    }

    static String inline(IacValue v) {
        if (v instanceof IacValue.Lit l) {
            Object x = l.value();
            if (x instanceof Boolean bool) return bool ? "True" : "False";
            if (x instanceof Number n) return n.toString();
            return str(String.valueOf(x));
        }
        if (v instanceof IacValue.Ref r) return r.resource() + "." + r.attribute();
        if (v instanceof IacValue.Secret s) return "config.require_secret(" + str(s.variable()) + ")";
        if (v instanceof IacValue.ListV l) {
            List<String> parts = new ArrayList<>();
            l.items().forEach(x -> parts.add(inline(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof IacValue.MapV m) {
            List<String> parts = new ArrayList<>();
            m.entries().forEach((k, x) -> parts.add(str(k) + ": " + inline(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        IacValue.Concat c = (IacValue.Concat) v;
        if (c.parts().stream().allMatch(p -> p instanceof IacValue.Lit)) {
            StringBuilder s = new StringBuilder();
            c.parts().forEach(p -> s.append(((IacValue.Lit) p).value()));
            return str(s.toString());
        }
        List<String> parts = new ArrayList<>();
        c.parts().forEach(x -> parts.add(inline(x)));
        return "pulumi.Output.concat(" + String.join(", ", parts) + ")";
    }

    /** A Python string literal (double quotes, escapes for quotes, backslashes and control characters). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch == '\u2028' || ch == '\u2029') {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Text inside a comment: one line, no control characters. */
    static String comment(String s) {
        return s.replaceAll("[\\p{Cntrl}\u2028\u2029]+", " ");
    }

    /** Text inside the docstring: no triple quotes or backslashes, one line. */
    private static String docText(String s) {
        return comment(s).replace("\\", "/").replace("\"\"\"", "'''");
    }

    /** A double-quoted string, valid in YAML and JSON. */
    static String json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
