package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageInputs;
import dev.mlpc.lineage.LiveObjects;
import dev.mlpc.lineage.RegistryVersionLinks;
import dev.mlpc.registry.Migrations;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.registry.VersionLineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers the lineage graph's sources: the stacks at the config repository's head, the model registry of every
 * PostgreSQL connection that holds one (schema {@value RegistryRules#DEFAULT_SCHEMA} of the profile's database; one bulk
 * read each) and, when asked, the live inventories of the connections the stacks are bound to. A source that cannot be
 * read is left out with a warning; the graph is built from the rest.
 */
public final class LineageService {
    /** The graph and what could not be read. */
    /**
     * A progress that also takes the warnings of the sources that could not be read ({@code mlpc govern}'s "not read"
     * lines): {@link Workbench#lineageGraph} hands them to it, so a caller that gets only the graph can still name them.
     */
    public interface Notes extends Progress {
        void notRead(List<String> warnings);
    }

    public record Result(LineageGraph graph, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /** Opens the config repository; {@code null} when there is none. */
    interface Repos {
        ConfigRepository open() throws StackException, AuditException;
    }

    interface Registries {
        ModelRegistry open(ConnectionProfile profile) throws ProviderException, RegistryException;
    }

    interface LiveSource {
        Optional<LiveObjects> read(ConnectionProfile profile, Progress progress, List<String> warnings);
    }

    private final Repos repos;
    private final StackReader reader;
    private final ConnectionStore connections;
    private final Registries registries;
    private final LiveSource live;

    LineageService(Repos repos, StackReader reader, ConnectionStore connections, Registries registries, LiveSource live) {
        this.repos = repos;
        this.reader = reader;
        this.connections = connections;
        this.registries = registries;
        this.live = live;
    }

    Result build(boolean withLive, Progress progress) throws StackException, AuditException {
        return build(repos, "the home config repository", withLive, progress);
    }

    /**
     * The graph with the stacks of {@code repos}' head; when it opens none ({@code null}), a warning says there is no
     * config repository at {@code where} and the graph has the registries (and nothing live: no stack binds one).
     */
    Result build(Repos repos, String where, boolean withLive, Progress progress) throws StackException, AuditException {
        List<String> warnings = new ArrayList<>();
        progress.status("Reading stacks at head");
        List<Stack> stacks = stacksAtHead(repos, where, warnings);
        List<ConnectionProfile> profiles;
        try {
            profiles = connections.load();
        } catch (StackException e) {
            warnings.add("connections: " + e.getMessage());
            profiles = List.of();
        }
        List<RegistryVersionLinks> registry = new ArrayList<>();
        for (ConnectionProfile p : profiles) {
            if (!"postgres".equals(p.type())) continue;
            if (progress.cancelled()) break;
            progress.status("Reading the model registry of " + p.name());
            registry.addAll(registryLinks(p, warnings));
        }
        List<LiveObjects> liveObjects = new ArrayList<>();
        if (withLive && live != null) {
            for (ConnectionProfile p : profiles) {
                if (!bound(stacks, p)) continue;
                if (progress.cancelled()) break;
                progress.status("Reading " + p.name() + " live");
                live.read(p, progress, warnings).ifPresent(liveObjects::add);
            }
        }
        progress.status("Building the lineage graph");
        return new Result(LineageBuilder.build(new LineageInputs(stacks, registry, liveObjects, sameServer(profiles)),
                warnings), warnings);
    }

    /**
     * PostgreSQL connection → the canonical connection of its server ({@link LineageInputs#canonical}): the server is
     * the {@code host:port} of the connection's URL ({@link #server}), the server part of its target identity
     * ({@code PostgresProvider.targetIdentity}: {@code host:port/database}); the database is left out because table
     * ids name their database, so two profiles of one server reach the same tables whatever database they log into.
     * The one place this is computed: the lineage graph, a plan's cross-system checks and a live drop's impact all
     * read it ({@link #crossSystem}).
     */
    static java.util.Map<String, String> sameServer(List<ConnectionProfile> profiles) {
        java.util.Map<String, String> servers = new java.util.HashMap<>();
        for (ConnectionProfile p : profiles) {
            if (!"postgres".equals(p.type())) continue;
            String url = p.setting("url");
            String server = server(url);
            if (server != null) servers.put(p.name(), server);
        }
        return LineageInputs.canonical(servers);
    }

    /** The names of this machine's loopback interface, which reach one server whichever of them a URL writes. */
    private static final java.util.Set<String> LOOPBACK = java.util.Set.of("localhost", "127.0.0.1", "::1",
            "0:0:0:0:0:0:0:1");

    /**
     * The server a PostgreSQL JDBC URL reaches, as {@code host:port}, compared as servers are: the host lower-cased
     * (host names are case-insensitive), every loopback name ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) as
     * {@code localhost}, IPv6 brackets dropped, the port 5432 when absent. Null when the URL does not parse. No name is
     * resolved (no DNS): two different names of one remote server still count as two.
     */
    static String server(String url) {
        dev.mlpc.providers.postgres.PgUrl u = dev.mlpc.providers.postgres.PgUrl.parse(url == null ? null : url.strip());
        if (u == null) return null;
        String hp = u.hostPort();
        String host;
        String port;
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0) return null;
            host = hp.substring(1, close);
            port = hp.length() > close + 2 ? hp.substring(close + 2) : "5432";
        } else {
            int colon = hp.lastIndexOf(':');
            host = hp.substring(0, colon);
            port = hp.substring(colon + 1);
        }
        host = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (host.endsWith(".") && host.length() > 1) host = host.substring(0, host.length() - 1);
        if (LOOPBACK.contains(host)) host = "localhost";
        port = port.strip();
        if (port.isEmpty()) port = "5432";
        else {
            try {
                port = Integer.toString(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                // left as written: a URL the driver will refuse anyway
            }
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * What a plan's cross-system checks and a live drop's impact read besides the stacks: every registry's version
     * lineage and the connections of one server ({@link #sameServer}), from one read of the connection profiles; what
     * cannot be read is added to {@code warnings}.
     */
    Planner.CrossSystem crossSystem(List<String> warnings, Progress progress) {
        List<ConnectionProfile> profiles;
        try {
            profiles = connections.load();
        } catch (StackException e) {
            warnings.add("connections: " + e.getMessage());
            return Planner.CrossSystem.NONE;
        }
        List<RegistryVersionLinks> links = new ArrayList<>();
        for (ConnectionProfile p : profiles) {
            if ("postgres".equals(p.type())) links.addAll(registryLinks(p, warnings));
        }
        return new Planner.CrossSystem(links, sameServer(profiles));
    }

    /** A connection some stack is bound to, or of a provider an unbound stack uses. */
    static boolean bound(List<Stack> stacks, ConnectionProfile p) {
        for (Stack s : stacks) {
            if (!s.providers().contains(p.type())) continue;
            if (!s.hasTarget() || s.target().equals(p.name())) return true;
        }
        return false;
    }

    List<Stack> stacksAtHead(List<String> warnings) throws StackException, AuditException {
        return stacksAtHead(repos, "the home config repository", warnings);
    }

    List<Stack> stacksAtHead(Repos repos, String where, List<String> warnings) throws StackException, AuditException {
        List<Stack> out = new ArrayList<>();
        try (ConfigRepository repo = repos.open()) {
            if (repo == null) {
                warnings.add("no config repository at " + where + ": no stacks read (give --repo DIR, or commit a stack "
                        + "to create it)");
                return out;
            }
            for (String name : repo.stacks()) {
                Optional<String> yaml = repo.readStack(name);
                if (yaml.isEmpty()) continue;
                try {
                    out.add(reader.parse("stacks/" + name + ".yaml", yaml.get()));
                } catch (StackException e) {
                    warnings.add("stack " + name + " does not read (mlpc validate reports why); left out");
                }
            }
        }
        return out;
    }

    /** The lineage of every version in the connection's registry; none when it holds no registry. */
    List<RegistryVersionLinks> registryLinks(ConnectionProfile p, List<String> warnings) {
        List<RegistryVersionLinks> out = new ArrayList<>();
        try (ModelRegistry r = registries.open(p)) {
            int v = new Migrations(r.dataSource(), r.schema()).installed();
            if (v == 0) return out;
            if (v < Migrations.LATEST) {
                warnings.add("registry of " + p.name() + " is at version " + v + ": upgrade it with mlpc registry init");
                return out;
            }
            for (VersionLineage l : r.allLineage()) {
                out.add(new RegistryVersionLinks(p.name(), p.name(), l.model(), l.version(), l.stage(), l.aliases(), l.links()));
            }
        } catch (ProviderException | RegistryException e) {
            warnings.add("registry of " + p.name() + ": " + e.getMessage());
        }
        return out;
    }
}
