package dev.mlpc.ui.lineage;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.lineage.LineageNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a map node is elsewhere in the console, and which map node a tree row or a registry version is, without
 * JavaFX. A live-tree node is found by its connection and path; a registry node by its model and version.
 */
public final class LineageTargets {
    /** A node of a live tree: connection name and node path. */
    public record TreeTarget(String connection, String path) { }

    /** A registry model (version null) or version. */
    public record RegistryTarget(String connection, String model, Integer version) { }

    private LineageTargets() { }

    /**
     * The live-tree place of {@code n}: its connection and a {@code path} attribute when the builder set one, else, for
     * a PostgreSQL table ({@code postgres:table:<connection>/<db>.<schema>.<table>}), the table's row in that
     * connection's tree. Other systems' tree paths are the providers' own: none is derived here.
     */
    public static Optional<TreeTarget> tree(LineageNode n) {
        if (n.connection() == null || LineageIds.ANY.equals(n.connection())) return Optional.empty();
        String path = n.attribute("path");
        if (path != null && !path.isEmpty()) return Optional.of(new TreeTarget(n.connection(), path));
        String prefix = "postgres:table:" + n.connection() + "/";
        if (!n.id().startsWith(prefix)) return Optional.empty();
        List<String> parts = LineageIds.splitQualified(n.id().substring(prefix.length()));
        if (parts.size() != 3) return Optional.empty();
        return Optional.of(new TreeTarget(n.connection(), Workbench.tablePath(unquote(parts.get(0)), unquote(parts.get(1)),
                unquote(parts.get(2)))));
    }

    private static String unquote(String part) {
        return part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")
                ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part;
    }

    /** The registry model or version {@code n} is, when it is one. */
    public static Optional<RegistryTarget> registry(LineageNode n) {
        if (!"registry".equals(n.system()) || n.attribute("model") == null) return Optional.empty();
        Integer v = null;
        if ("version".equals(n.kind())) {
            try {
                v = Integer.valueOf(n.attribute("version"));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        } else if (!"model".equals(n.kind())) {
            return Optional.empty();
        }
        return Optional.of(new RegistryTarget(n.connection(), n.attribute("model"), v));
    }

    /** True when {@code n} is version {@code version} of {@code model} in the registry of connection {@code connection}. */
    public static boolean isVersion(LineageNode n, String connection, String model, int version) {
        Optional<RegistryTarget> t = registry(n);
        return t.isPresent() && t.get().version() != null && t.get().version() == version && model.equals(t.get().model())
                && (t.get().connection() == null || t.get().connection().equals(connection));
    }

    /**
     * True when {@code n} is the live object of tree row {@code live} under connection {@code connection}: the same
     * path, else the same stack resource (type and name), else the same kind and label (case-insensitive).
     */
    public static boolean isTreeNode(LineageNode n, String connection, LiveNode live) {
        if (!connection.equals(n.connection())) return false;
        if (tree(n).map(t -> t.path().equals(live.path())).orElse(false)) return true;
        if (live.key() != null && live.key().type().equals(n.attribute("type")) && live.key().name().equals(n.attribute("name"))) {
            return true;
        }
        return live.kind() != null && live.kind().equalsIgnoreCase(n.kind())
                && live.label().toLowerCase(Locale.ROOT).equals(n.label().toLowerCase(Locale.ROOT));
    }
}
