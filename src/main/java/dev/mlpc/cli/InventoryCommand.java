package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "inventory", description = "Print the live resource tree of a connection.")
final class InventoryCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = "--connection", required = true, paramLabel = "NAME", description = "Connection profile.")
    String connection;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--depth", defaultValue = "8", paramLabel = "N", description = "Levels to expand (default ${DEFAULT-VALUE}).")
    int depth;

    @Override
    int execute() throws StackException, ProviderException, IOException {
        try (ProviderSession s = wb().openSession(connection(connection))) {
            List<Object> tree = level(s, null, depth);
            if (format == Format.json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("connection", connection);
                root.put("nodes", tree);
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            } else {
                out().println(connection);
                print(tree, "  ");
            }
        }
        out().flush();
        return 0;
    }

    private List<Object> level(ProviderSession s, LiveNode parent, int left) throws ProviderException {
        List<Object> out = new ArrayList<>();
        for (LiveNode n : s.children(parent, progress())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", n.label());
            m.put("kind", n.kind());
            m.put("path", n.path());
            if (n.key() != null) m.put("resource", n.key().type() + " " + n.key().name());
            if (!n.details().isEmpty()) m.put("details", n.details());
            if (!n.leaf() && left > 1) m.put("children", level(s, n, left - 1));
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void print(List<Object> nodes, String indent) {
        for (Object o : nodes) {
            Map<String, Object> m = (Map<String, Object>) o;
            out().println(indent + m.get("label") + "  (" + m.get("kind") + ")");
            Object c = m.get("children");
            if (c instanceof List<?> l) print((List<Object>) l, indent + "  ");
        }
    }
}
