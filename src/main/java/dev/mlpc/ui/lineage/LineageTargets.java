package dev.mlpc.ui.lineage;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.lineage.LineageIds;
import dev.mlpc.lineage.LineageNode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a map node is elsewhere in the console, and which map node a tree row or a registry version is, without
 * JavaFX. A live-tree node is found by its connection and path; a registry node by its model and version.
 * <p>
 * The path of a Snowflake, PostgreSQL, SageMaker or Data Share node is the provider's own
 * ({@link Provider#livePath}): this class only reads the object out of the node's id ({@link LineageIds} writes names
 * as their system stores them) — its stack type, name and containers ({@link LiveRef}) — and asks the provider of the
 * node's connection through {@link TreePaths}.
 */
public final class LineageTargets {
    /**
     * A node of a live tree: connection name and node path; {@code ignoreCase} when the provider's paths name objects
     * without regard to case (Data Share's ARM ids, while the graph's ids are lower case).
     */
    public record TreeTarget(String connection, String path, boolean ignoreCase) {
        public TreeTarget(String connection, String path) {
            this(connection, path, false);
        }

        /** True when {@code livePath} is this target's path. */
        public boolean matches(String livePath) {
            return ignoreCase ? path.equalsIgnoreCase(livePath) : path.equals(livePath);
        }
    }

    /**
     * The object a map node stands for in a live system: the stack type its tree node is keyed as
     * ({@code postgres.table} for a PostgreSQL table), its name and its containers, as the system stores them.
     */
    public record LiveRef(String connection, String type, String name, Map<String, String> containers) {
        public LiveRef {
            containers = Map.copyOf(containers);
        }
    }

    /** A registry model (version null) or version. */
    public record RegistryTarget(String connection, String model, Integer version) { }

    /** How the console's connections write their live trees' paths. */
    public interface TreePaths {
        /** True when the console has a connection of that name. */
        boolean hasConnection(String connection);

        /** The tree place of {@code ref} ({@link Provider#livePath}), or null when its provider shows no node for it. */
        TreeTarget place(LiveRef ref);
    }

    /** Systems that no live tree of the console shows (storage, endpoints, consumers, IAM roles, deployments). */
    private static final Set<String> NO_TREE = Set.of("s3", "azure-storage", "gcs", "http", "consumer", "aws-iam", "deployment");

    private LineageTargets() { }

    /** The paths of {@code profiles}' live trees, each through its type's provider in {@code providers}. */
    public static TreePaths paths(ProviderRegistry providers, Collection<ConnectionProfile> profiles) {
        Map<String, ConnectionProfile> byName = new LinkedHashMap<>();
        for (ConnectionProfile p : profiles) byName.put(p.name(), p);
        return new TreePaths() {
            @Override
            public boolean hasConnection(String connection) {
                return byName.containsKey(connection);
            }

            @Override
            public TreeTarget place(LiveRef ref) {
                ConnectionProfile p = byName.get(ref.connection());
                if (p == null) return null;
                Provider provider = providers.provider(p.type()).orElse(null);
                if (provider == null) return null;
                String path = provider.livePath(p, ref.type(), ref.name(), ref.containers());
                return path == null || path.isEmpty() ? null : new TreeTarget(ref.connection(), path, provider.livePathsIgnoreCase());
            }
        };
    }

    /**
     * The live object {@code n} stands for: read from its id (Snowflake tables, stages, pipes, external functions and
     * integrations; PostgreSQL tables; SageMaker domains and user profiles; Data Share accounts, shares, datasets,
     * invitations, share subscriptions and dataset mappings). Empty for other nodes and for a node of no connection.
     */
    public static Optional<LiveRef> liveRef(LineageNode n) {
        String conn = n.connection();
        if (conn == null || LineageIds.ANY.equals(conn)) return Optional.empty();
        String id = n.id();
        int a = id.indexOf(':');
        int b = a < 0 ? -1 : id.indexOf(':', a + 1);
        if (b < 0) return Optional.empty();
        String system = id.substring(0, a);
        String kind = id.substring(a + 1, b);
        String rest = id.substring(b + 1);
        return Optional.ofNullable(switch (system) {
            case "snowflake" -> snowflake(n, conn, kind, rest);
            case "postgres" -> postgres(conn, kind, rest);
            case "sagemaker" -> sageMaker(conn, kind, rest);
            case "datashare" -> dataShare(conn, kind, rest);
            default -> null;
        });
    }

    private static LiveRef snowflake(LineageNode n, String conn, String kind, String rest) {
        if (!rest.startsWith(conn + "/")) return null;
        List<String> parts = LineageIds.splitQualified(rest.substring(conn.length() + 1));
        if (kind.equals("integration")) {
            if (parts.size() != 1) return null;
            // storage and API integrations share one namespace and one tree folder; the stack's type when it has one
            String type = n.attribute("type");
            if (!"snowflake.api_integration".equals(type)) type = "snowflake.storage_integration";
            return new LiveRef(conn, type, unquote(parts.get(0)), Map.of());
        }
        String type = switch (kind) {
            case "table", "stage", "pipe", "external_function" -> "snowflake." + kind;
            default -> null;
        };
        if (type == null || parts.size() != 3) return null;
        return new LiveRef(conn, type, unquote(parts.get(2)), Map.of("database", unquote(parts.get(0)), "schema", unquote(parts.get(1))));
    }

    private static LiveRef postgres(String conn, String kind, String rest) {
        if (!kind.equals("table") || !rest.startsWith(conn + "/")) return null;
        List<String> parts = LineageIds.splitQualified(rest.substring(conn.length() + 1));
        if (parts.size() != 3) return null;
        return new LiveRef(conn, "postgres.table", unquote(parts.get(2)),
                Map.of("database", unquote(parts.get(0)), "schema", unquote(parts.get(1))));
    }

    private static LiveRef sageMaker(String conn, String kind, String rest) {
        if (!rest.startsWith(conn + "/")) return null;
        String names = rest.substring(conn.length() + 1);
        // DomainName and UserProfileName allow letters, digits and '-' only: one '/' parts them
        if (kind.equals("domain") && !names.isEmpty() && names.indexOf('/') < 0) {
            return new LiveRef(conn, "sagemaker.domain", names, Map.of());
        }
        int slash = names.indexOf('/');
        if (kind.equals("user_profile") && slash > 0 && slash < names.length() - 1 && names.indexOf('/', slash + 1) < 0) {
            return new LiveRef(conn, "sagemaker.user_profile", names.substring(slash + 1), Map.of("domain", names.substring(0, slash)));
        }
        return null;
    }

    /** {@code <resource group>/<account>[/<share or subscription>[/<child>]]}; a part the builder could not name is "-". */
    private static LiveRef dataShare(String conn, String kind, String rest) {
        String[] p = rest.split("/", -1);
        Map<String, String> c = new LinkedHashMap<>();
        if (!p[0].isEmpty() && !p[0].equals("-")) c.put("resource_group", p[0]);
        String type;
        String name;
        switch (kind) {
            case "account" -> {
                if (p.length != 2) return null;
                type = "datashare.account";
                name = p[1];
            }
            case "share", "subscription" -> {
                if (p.length != 3) return null;
                type = kind.equals("share") ? "datashare.share" : "datashare.share_subscription";
                c.put("account", p[1]);
                name = p[2];
            }
            case "dataset", "invitation", "mapping" -> {
                if (p.length != 4) return null;
                type = kind.equals("mapping") ? "datashare.dataset_mapping" : "datashare." + kind;
                c.put("account", p[1]);
                c.put(kind.equals("mapping") ? "share_subscription" : "share", p[2]);
                name = p[3];
            }
            default -> {
                return null;
            }
        }
        c.values().removeIf(v -> v.isEmpty() || v.equals("-"));
        if (name.isEmpty() || name.equals("-")) return null;
        return new LiveRef(conn, type, name, c);
    }

    private static String unquote(String part) {
        return part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")
                ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part;
    }

    /**
     * The live-tree place of {@code n}: a {@code path} attribute when the graph set one, else the path the provider of
     * the node's connection gives its object ({@link #liveRef}).
     */
    public static Optional<TreeTarget> tree(LineageNode n, TreePaths paths) {
        if (n.connection() == null || LineageIds.ANY.equals(n.connection())) return Optional.empty();
        String path = n.attribute("path");
        if (path != null && !path.isEmpty()) return Optional.of(new TreeTarget(n.connection(), path));
        return liveRef(n).map(paths::place);
    }

    /** Why {@code n} has no place in a live tree ({@link #tree} is empty): one sentence for the message bar. */
    public static String notInTree(LineageNode n, TreePaths paths) {
        // the name once when the label is the id (storage locations, endpoints)
        String what = n.label() == null || n.label().equals(n.id()) ? n.id() : n.label() + " (" + n.id() + ")";
        String unknown = n.known() ? "" : "; nothing describes it beyond the link to it";
        if (NO_TREE.contains(n.system()) || "unknown".equals(n.system()) || "unknown".equals(n.kind())) {
            return what + " is " + describe(n) + ", which no live tree of this console shows" + unknown;
        }
        if (n.connection() == null || LineageIds.ANY.equals(n.connection())) {
            return what + " belongs to no connection" + (n.stack() == null ? "" : ": stack " + n.stack() + " is bound to none")
                    + ", so no live tree shows it" + unknown;
        }
        if (!paths.hasConnection(n.connection())) {
            return what + " is in connection " + n.connection() + ", which is not among this console's connections" + unknown;
        }
        return what + " has no node in the live tree of connection " + n.connection()
                + (liveRef(n).isPresent() ? " (its container is not known)" : "") + unknown;
    }

    private static String describe(LineageNode n) {
        return switch (n.system()) {
            case "s3", "azure-storage", "gcs" -> "a storage location";
            case "http" -> "an HTTP endpoint";
            case "consumer" -> "a consumer";
            case "aws-iam" -> "an IAM role";
            case "deployment" -> "a deployment";
            default -> "an object known only by a link to it";
        };
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
     * True when {@code n} is the live object of tree row {@code live} under connection {@code connection}: when the
     * node has a tree place, that place is the row's path (case-insensitive where the provider's paths are); otherwise
     * the same stack resource (type and name), else the same kind and label (case-insensitive).
     */
    public static boolean isTreeNode(LineageNode n, String connection, LiveNode live, TreePaths paths) {
        if (!connection.equals(n.connection())) return false;
        Optional<TreeTarget> t = tree(n, paths);
        if (t.isPresent()) return t.get().matches(live.path());
        if (live.key() != null && live.key().type().equals(n.attribute("type")) && live.key().name().equals(n.attribute("name"))) {
            return true;
        }
        return live.kind() != null && live.kind().equalsIgnoreCase(n.kind())
                && live.label().toLowerCase(Locale.ROOT).equals(n.label().toLowerCase(Locale.ROOT));
    }
}
