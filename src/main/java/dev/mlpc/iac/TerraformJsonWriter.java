package dev.mlpc.iac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes Terraform JSON configuration ({@code main.tf.json}): {@code terraform.required_providers}, {@code provider},
 * {@code variable} (secrets, {@code sensitive: true}), {@code resource.<type>.<name>}; references as
 * {@code ${type.name.attribute}}, literal {@code ${} and {@code %{} escaped; what has no equivalent in {@code "//"}
 * comment properties.
 */
public final class TerraformJsonWriter {
    /** Provider local name (the type's prefix): registry source and version constraint. */
    private static final Map<String, String[]> PROVIDERS = Map.of(
            "snowflake", new String[] {"Snowflake-Labs/snowflake", ">= 2.0.0"},
            "aws", new String[] {"hashicorp/aws", ">= 5.0.0"},
            "azurerm", new String[] {"hashicorp/azurerm", ">= 3.0.0"},
            "postgresql", new String[] {"cyrilgdn/postgresql", ">= 1.20.0"});

    SortedMap<String, String> write(Stack stack, List<IacResource> resources, Map<String, String> secrets,
                                    List<String> unmapped) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<String> header = new ArrayList<>();
        String about = stack.description().isBlank() ? "" : ": " + stack.description().strip().replaceAll("\\.$", "");
        header.add("Stack " + stack.name() + about
                + ". Exported by mlpc export-iac --to terraform-json; secrets are sensitive variables, never values.");
        if (!unmapped.isEmpty()) header.add("No equivalent in Terraform (also listed on stderr): " + String.join("; ", unmapped));
        root.put("//", String.join(" ", header));
        List<String> preview = SnowflakeIac.previewFeatures(resources);
        TreeMap<String, Object> required = new TreeMap<>();
        TreeMap<String, Object> providers = new TreeMap<>();
        for (String p : resources.stream().map(r -> r.tfType().substring(0, r.tfType().indexOf('_'))).distinct().toList()) {
            String[] src = PROVIDERS.get(p);
            if (src == null) continue;
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("source", src[0]);
            req.put("version", src[1]);
            required.put(p, req);
            Map<String, Object> config = new LinkedHashMap<>();
            // azurerm refuses a configuration without its features block
            if (p.equals("azurerm")) config.put("features", new LinkedHashMap<>());
            // the v2 Snowflake provider refuses preview resources it was not told to enable
            if (p.equals("snowflake") && !preview.isEmpty()) config.put("preview_features_enabled", preview);
            providers.put(p, config);
        }
        if (!required.isEmpty()) root.put("terraform", new TreeMap<>(Map.of("required_providers", required)));
        if (!providers.isEmpty()) root.put("provider", providers);
        if (!secrets.isEmpty()) {
            TreeMap<String, Object> vars = new TreeMap<>();
            secrets.forEach((n, where) -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("type", "string");
                v.put("sensitive", true);
                v.put("description", where);
                vars.put(n, v);
            });
            root.put("variable", vars);
        }
        TreeMap<String, TreeMap<String, Object>> res = new TreeMap<>();
        for (IacResource r : resources) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (!r.notes().isEmpty()) body.put("//", String.join("; ", r.notes()));
            r.args().forEach((k, v) -> body.put(k, json(v)));
            res.computeIfAbsent(r.tfType(), k -> new TreeMap<>()).put(r.variable(), body);
        }
        if (!res.isEmpty()) root.put("resource", res);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withoutSpacesInObjectEntries();
        try {
            String text = new ObjectMapper().writer(pp).writeValueAsString(root) + "\n";
            SortedMap<String, String> files = new TreeMap<>();
            files.put("main.tf.json", text);
            return files;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object json(IacValue v) {
        if (v instanceof IacValue.Lit l) return l.value() instanceof String s ? escape(s) : l.value();
        if (v instanceof IacValue.Ref r) return "${" + r.tfType() + "." + r.resource() + "." + r.attribute() + "}";
        if (v instanceof IacValue.Secret s) return "${var." + s.variable() + "}";
        if (v instanceof IacValue.ListV l) return l.items().stream().map(TerraformJsonWriter::json).toList();
        if (v instanceof IacValue.MapV m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> out.put(k, json(x)));
            return out;
        }
        StringBuilder b = new StringBuilder();
        for (IacValue p : ((IacValue.Concat) v).parts()) b.append(String.valueOf(json(p)));
        return b.toString();
    }

    /** A literal string in a Terraform template: {@code ${} and {@code %{} doubled so they stay text. */
    static String escape(String s) {
        return s.replace("${", "$${").replace("%{", "%%{");
    }
}
