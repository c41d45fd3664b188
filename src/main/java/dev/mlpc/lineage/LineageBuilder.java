package dev.mlpc.lineage;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.registry.Lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link LineageGraph} from the stacks at head, the registry's lineage and the live inventories. Names are
 * matched by {@link LineageIds}: every spelling of one object gives one id. A link whose far end nothing describes
 * keeps a node of its own ({@code known = false}), never dropped. Edges point upstream → downstream; the relations are
 * listed in {@code docs/ARCHITECTURE.md}, "Lineage".
 * <p>
 * Order: nodes the stacks declare, then the objects live inventories add, then the stacks' edges, the live edges (an
 * edge the stacks already give is not repeated), the registry's, the {@code contains} edges between storage locations
 * and last the data classification inherited down containment (account → share → dataset, domain → profile).
 */
public final class LineageBuilder {
    private static final String SF = "snowflake.";
    private static final String DS = "datashare.";
    private static final String SM = "sagemaker.";

    private final Map<String, Draft> nodes = new LinkedHashMap<>();
    private final List<LineageEdge> edges = new ArrayList<>();
    private final Set<String> edgeKeys = new HashSet<>();
    /** Unscoped id → the ids of that object in any scope (to resolve a uri without a connection). */
    private final Map<String, List<String>> byUnscoped = new HashMap<>();
    /** Child → parent for classification inheritance. */
    private final Map<String, String> parents = new LinkedHashMap<>();
    /** Unmanaged live Data Share objects: the id their ARM id gives (their parents are not resources here). */
    private final Map<Resource, String> armIds = new java.util.IdentityHashMap<>();
    /** Stack resources that declare an object another stack declared first: no attributes, no edges of their own. */
    private final Set<Resource> shadowed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final List<String> warnings;
    /** PostgreSQL connection → the canonical connection of its server ({@link LineageInputs#sameServer}). */
    private Map<String, String> sameServer = Map.of();
    /** PostgreSQL table id → the connections that named it (when more than one: attribute {@code connections}). */
    private final Map<String, Set<String>> via = new HashMap<>();

    private LineageBuilder(List<String> warnings) {
        this.warnings = warnings;
    }

    /** The scope a PostgreSQL table of connection {@code scope} is named in: its server's canonical connection. */
    private String pg(String scope) {
        return scope == null ? null : sameServer.getOrDefault(scope, scope);
    }

    private String pgTable(String scope, String db, String schema, String table) {
        String id = LineageIds.postgresTable(pg(scope), db, schema, table);
        if (scope != null) via.computeIfAbsent(id, k -> new java.util.TreeSet<>()).add(scope);
        return id;
    }

    /** The graph of {@code in}. */
    public static LineageGraph build(LineageInputs in) {
        return build(in, new ArrayList<>());
    }

    /**
     * The graph of {@code in}; what a person should know about the inputs (one object declared by two stacks) is added
     * to {@code warnings}.
     */
    public static LineageGraph build(LineageInputs in, List<String> warnings) {
        LineageBuilder b = new LineageBuilder(warnings);
        b.sameServer = in.sameServer();
        List<Ctx> stackCtx = new ArrayList<>();
        Map<String, Ctx> liveTwins = new HashMap<>();
        for (Stack s : in.stacks()) {
            Ctx c = new Ctx(s.hasTarget() ? s.target() : null, s.name(), EdgeSource.STACK, false, s.resources(), s.sourceFile());
            stackCtx.add(c);
            liveTwins.putIfAbsent(s.name(), new Ctx(c.scope, s.name(), EdgeSource.LIVE, false, s.resources(), "live"));
            for (Resource r : s.resources()) b.declare(c, r, s.name(), null);
        }
        // live objects: a managed one is named in its stack's context (its parents are that stack's resources), an
        // unmanaged one in the context of the other unmanaged objects of its connection (names as stored)
        List<Map.Entry<Ctx, Resource>> liveLinks = new ArrayList<>();
        for (LiveObjects lo : in.live()) {
            List<Resource> unmanaged = new ArrayList<>();
            for (LiveObjects.LiveObject o : lo.objects()) if (o.stack() == null) unmanaged.add(o.resource());
            Ctx u = new Ctx(lo.connection(), null, EdgeSource.LIVE, true, unmanaged, "live " + lo.connection());
            for (LiveObjects.LiveObject o : lo.objects()) {
                Ctx twin = o.stack() == null ? null : liveTwins.get(o.stack());
                Ctx c = o.stack() == null ? u
                        : twin != null ? twin : new Ctx(lo.connection(), o.stack(), EdgeSource.LIVE, false, List.of(o.resource()), "live");
                b.declareLive(c, o);
                liveLinks.add(Map.entry(c, o.resource()));
            }
        }
        for (Ctx c : stackCtx) for (Resource r : c.resources) b.link(c, r);
        for (Map.Entry<Ctx, Resource> e : liveLinks) b.link(e.getKey(), e.getValue());
        for (RegistryVersionLinks v : in.registry()) b.registry(v);
        b.governedTables(in);
        b.subscribes();
        b.contains();
        b.inherit();
        List<LineageNode> out = new ArrayList<>(b.nodes.size());
        for (Draft d : b.nodes.values()) out.add(d.node());
        return new LineageGraph(out, b.edges);
    }

    /** The resource types that are nodes of the graph (a database, schema, role or grant is none). */
    private static final Set<String> SHOWN = Set.of(SF + "table", SF + "stage", SF + "pipe", SF + "external_function",
            SF + "storage_integration", SF + "api_integration", DS + "account", DS + "share", DS + "dataset",
            DS + "invitation", DS + "share_subscription", DS + "dataset_mapping", SM + "domain", SM + "user_profile",
            "postgres.table");

    /**
     * Whether a resource of {@code type} becomes a node of the graph. A stack with none of them has no node, so no
     * cross-system finding can touch its plan (only a drop's impact can, through what a dropped container holds).
     */
    public static boolean shows(String type) {
        return SHOWN.contains(type);
    }

    // ---- nodes --------------------------------------------------------------------------------------------------

    private static final class Draft {
        final String id;
        String system;
        String kind;
        String label;
        String stack;
        String connection;
        boolean known;
        EdgeSource origin;
        final Map<String, String> attributes = new HashMap<>();

        Draft(String id, String system, String kind, String label, String stack, String connection, boolean known, EdgeSource origin) {
            this.id = id;
            this.system = system;
            this.kind = kind;
            this.label = label;
            this.stack = stack;
            this.connection = connection;
            this.known = known;
            this.origin = origin;
        }

        LineageNode node() {
            return new LineageNode(id, system, kind, label, stack, connection, known, attributes);
        }
    }

    /** One source of resources: a stack (names as written) or a live inventory (names as stored). */
    private record Ctx(String scope, String stack, EdgeSource source, boolean stored, List<Resource> resources, String file) {
        Resource find(String type, String name) {
            if (name == null) return null;
            for (Resource r : resources) if (r.type().equals(type) && r.name().equals(name)) return r;
            return null;
        }

        String sf(String name) {
            return stored ? name : dev.mlpc.providers.snowflake.SfSql.stored(name);
        }
    }

    /** Creates the node or, when it exists, completes it (a declaration makes it known and gives it a stack). */
    private Draft node(String id, String system, String kind, String label, String stack, String connection, boolean known,
                       EdgeSource origin) {
        Draft d = nodes.get(id);
        if (d == null) {
            d = new Draft(id, system, kind, label, stack, connection, known, origin);
            nodes.put(id, d);
            byUnscoped.computeIfAbsent(LineageIds.unscoped(id), k -> new ArrayList<>()).add(id);
            return d;
        }
        if (known && !d.known) {
            d.known = true;
            d.system = system;
            d.kind = kind;
            d.label = label;
        }
        if (d.stack == null && stack != null) d.stack = stack;
        if (d.connection == null && connection != null) d.connection = connection;
        return d;
    }

    /** The node of a stack resource (nothing for types the graph does not show). */
    private void declare(Ctx c, Resource r, String stack, String drift) {
        Target t = target(c, r);
        if (t == null) return;
        Draft first = nodes.get(t.id);
        if (stack != null && first != null && first.stack != null && !first.stack.equals(stack)) {
            // one object, two stacks: the first stack's facts are kept whole (never a mix of both)
            warnings.add(t.label + " (" + t.id + ") is declared by stack " + first.stack + " and by stack " + stack
                    + "; lineage keeps stack " + first.stack + "'s declaration");
            shadowed.add(r);
            return;
        }
        Draft d = node(t.id, t.system, t.kind, t.label, stack, c.scope, true, c.source);
        if (stack != null) {
            d.attributes.put("type", r.type());
            d.attributes.put("name", r.name());
        }
        if (drift != null) d.attributes.put("drift", drift);
        attributes(c, r, d);
    }

    private void declareLive(Ctx c, LiveObjects.LiveObject o) {
        Target t = target(c, o.resource());
        if (t == null) return;
        String arm = o.resource().type().startsWith(DS) ? LineageIds.fromArm(o.path()) : null;
        if (arm != null) {
            t = new Target(arm, t.system, t.kind, t.label);
            armIds.put(o.resource(), arm);
        }
        String id = t.id;
        if (!nodes.containsKey(id) && nodes.containsKey(LineageIds.unscoped(id))) id = LineageIds.unscoped(id);
        Draft d = nodes.get(id);
        if (d == null) {
            d = node(id, t.system, t.kind, t.label, null, c.scope, true, EdgeSource.LIVE);
            attributes(c, o.resource(), d);
        } else {
            // what the live object adds to the stack's facts (an invitation's id)
            Draft facts = new Draft(id, t.system, t.kind, t.label, null, null, true, EdgeSource.LIVE);
            attributes(c, o.resource(), facts);
            facts.attributes.forEach(d.attributes::putIfAbsent);
        }
        d.attributes.put("drift", o.drift() == null ? "unknown" : o.drift());
    }

    private void attributes(Ctx c, Resource r, Draft d) {
        Object tags = r.get("tags");
        if (tags instanceof Map<?, ?> m) {
            Object cls = m.get("data-classification");
            if (cls == null) cls = m.get("classification");
            if (cls != null) d.attributes.put("data-classification", String.valueOf(cls));
        }
        switch (r.type()) {
            case SF + "stage" -> {
                put(d, "url", r.string("url"));
                if (r.string("storage_integration") != null) put(d, "storage-integration", c.sf(r.string("storage_integration")));
            }
            case SF + "external_function" -> put(d, "url", r.string("url"));
            case SF + "api_integration" -> {
                List<String> p = new ArrayList<>();
                for (Object o : r.list("api_allowed_prefixes")) p.add(String.valueOf(o));
                d.attributes.put("allowed-prefixes", String.join("\n", p));
            }
            case SF + "storage_integration" -> {
                List<String> p = new ArrayList<>();
                for (Object o : r.list("storage_allowed_locations")) p.add(String.valueOf(o));
                d.attributes.put("allowed-locations", String.join("\n", p));
            }
            case DS + "invitation" -> {
                put(d, "email", r.string("target_email"));
                put(d, "tenant", r.string("target_active_directory_id"));
                put(d, "invitation-id", r.string("invitation_id"));
            }
            case DS + "share_subscription" -> put(d, "invitation-id", r.string("invitation_id"));
            case DS + "dataset", DS + "dataset_mapping" -> put(d, "data-set-id", r.string("data_set_id"));
            default -> { }
        }
    }

    private static void put(Draft d, String key, String value) {
        if (value != null && !value.isBlank()) d.attributes.put(key, value);
    }

    private record Target(String id, String system, String kind, String label) { }

    /** The id of a resource, or null when the graph does not show its type. */
    private Target target(Ctx c, Resource r) {
        String type = r.type();
        String arm = armIds.get(r);
        if (arm != null) {
            String kind = arm.substring("datashare:".length(), arm.indexOf(':', "datashare:".length()));
            return new Target(arm, "datashare", kind, armLabel(arm));
        }
        if (type.startsWith(SF)) {
            String kind = r.kind();
            switch (kind) {
                case "table", "stage", "pipe", "external_function" -> {
                    String db = r.string("database"), schema = r.string("schema");
                    if (db == null || schema == null) return null;
                    String id = LineageIds.snowflake(kind, c.scope, c.sf(db), c.sf(schema), c.sf(r.name()));
                    return new Target(id, "snowflake", kind, sfLabel(c.sf(db), c.sf(schema), c.sf(r.name())));
                }
                case "storage_integration", "api_integration" -> {
                    return new Target(LineageIds.sfIntegration(c.scope, c.sf(r.name())), "snowflake", "integration",
                            LineageIds.sfPart(c.sf(r.name())));
                }
                default -> {
                    return null;
                }
            }
        }
        if (type.startsWith(DS)) return dataShare(c, r);
        if (type.equals("postgres.table")) {
            // only from a live PostgreSQL tree (no stack type): names as stored
            String db = r.string("database"), schema = r.string("schema");
            if (db == null || schema == null) return null;
            return new Target(pgTable(c.scope, db, schema, r.name()), "postgres", "table",
                    db + "." + schema + "." + r.name());
        }
        if (type.startsWith(SM)) {
            if (type.equals("sagemaker.domain")) {
                String n = dev.mlpc.providers.sagemaker.SageMakerTypes.domainName(r);
                return new Target(LineageIds.smDomain(c.scope, n), "sagemaker", "domain", n);
            }
            if (type.equals("sagemaker.user_profile")) {
                Resource dom = c.find("sagemaker.domain", r.string("domain"));
                String dn = dom != null ? dev.mlpc.providers.sagemaker.SageMakerTypes.domainName(dom) : r.string("domain");
                if (dn == null) return null;
                String pn = dev.mlpc.providers.sagemaker.SageMakerTypes.profileName(r);
                return new Target(LineageIds.smProfile(c.scope, dn, pn), "sagemaker", "user_profile", dn + "/" + pn);
            }
        }
        return null;
    }

    /** Resource group and account names of a Data Share account resource (by resource name). */
    private String[] dsAccount(Ctx c, String accountRef) {
        Resource a = c.find("datashare.account", accountRef);
        if (a == null) return new String[]{"-", accountRef == null ? "-" : accountRef};
        String rg = a.string("resource_group");
        return new String[]{rg == null ? "-" : rg, dev.mlpc.providers.datashare.DataShareTypes.armName(a)};
    }

    private String[] dsShare(Ctx c, String shareRef) {
        Resource s = c.find("datashare.share", shareRef);
        if (s == null) return new String[]{"-", "-", shareRef == null ? "-" : shareRef};
        String[] a = dsAccount(c, s.string("account"));
        return new String[]{a[0], a[1], dev.mlpc.providers.datashare.DataShareTypes.armName(s)};
    }

    private String[] dsSubscription(Ctx c, String subRef) {
        Resource s = c.find("datashare.share_subscription", subRef);
        if (s == null) return new String[]{"-", "-", subRef == null ? "-" : subRef};
        String[] a = dsAccount(c, s.string("account"));
        return new String[]{a[0], a[1], dev.mlpc.providers.datashare.DataShareTypes.armName(s)};
    }

    private Target dataShare(Ctx c, Resource r) {
        String name = dev.mlpc.providers.datashare.DataShareTypes.armName(r);
        switch (r.type()) {
            case "datashare.account" -> {
                String rg = r.string("resource_group");
                return new Target(LineageIds.dsAccount(rg == null ? "-" : rg, name), "datashare", "account", name);
            }
            case "datashare.share" -> {
                String[] a = dsAccount(c, r.string("account"));
                return new Target(LineageIds.dsShare(a[0], a[1], name), "datashare", "share", a[1] + "/" + name);
            }
            case "datashare.dataset" -> {
                String[] s = dsShare(c, r.string("share"));
                return new Target(LineageIds.dsDataset(s[0], s[1], s[2], name), "datashare", "dataset", s[1] + "/" + s[2] + "/" + name);
            }
            case "datashare.invitation" -> {
                String[] s = dsShare(c, r.string("share"));
                return new Target(LineageIds.dsInvitation(s[0], s[1], s[2], name), "datashare", "invitation", s[1] + "/" + s[2] + "/" + name);
            }
            case "datashare.share_subscription" -> {
                String[] a = dsAccount(c, r.string("account"));
                return new Target(LineageIds.dsSubscription(a[0], a[1], name), "datashare", "subscription", a[1] + "/" + name);
            }
            case "datashare.dataset_mapping" -> {
                String[] s = dsSubscription(c, r.string("share_subscription"));
                return new Target(LineageIds.dsMapping(s[0], s[1], s[2], name), "datashare", "mapping", s[1] + "/" + s[2] + "/" + name);
            }
            default -> {
                return null;
            }
        }
    }

    // ---- edges --------------------------------------------------------------------------------------------------

    private void edge(String from, String to, String relation, EdgeSource source, String detail) {
        // one edge per (from, to, relation): what a stack says is not repeated by the live inventory
        if (!edgeKeys.add(from + "\u0000" + to + "\u0000" + relation)) return;
        edges.add(new LineageEdge(from, to, relation, source, detail));
    }

    private String detail(Ctx c, Resource r, String field) {
        if (c.source == EdgeSource.LIVE) return c.file + ": " + r.type() + " " + r.name() + " " + field;
        var l = r.locationOf(field);
        return (r.location() == null ? c.file : l.file() + ":" + l.line()) + ": " + field;
    }

    /** A location node for a storage URL (known: a stack or live object names it); null when not a storage URL. */
    private String locationNode(String url, boolean known, EdgeSource origin) {
        String id = LineageIds.location(url);
        if (id == null) return null;
        Draft d = node(id, LineageIds.locationSystem(id), "location", id, null, null, known, origin);
        d.attributes.putIfAbsent("url", id);
        return id;
    }

    private String endpointNode(String url, EdgeSource origin) {
        String id = LineageIds.endpoint(url);
        if (id == null) {
            id = LineageIds.unknown(url);
            node(id, "unknown", "unknown", url, null, null, false, origin);
            return id;
        }
        Draft d = node(id, "http", "endpoint", id, null, null, true, origin);
        d.attributes.putIfAbsent("url", id);
        return id;
    }

    /** A node a resource refers to: the declared one (in this scope, else unscoped), else a node known = false. */
    private String ref(String id, String system, String kind, String label, String connection, EdgeSource origin) {
        if (nodes.containsKey(id)) return id;
        String any = LineageIds.unscoped(id);
        if (nodes.containsKey(any)) return any;
        node(id, system, kind, label, null, connection, false, origin);
        return id;
    }

    private void link(Ctx c, Resource r) {
        if (shadowed.contains(r)) return;
        Target self = target(c, r);
        if (self == null) return;
        String me = nodes.containsKey(self.id) ? self.id : LineageIds.unscoped(self.id);
        if (!nodes.containsKey(me)) return;
        EdgeSource src = c.source;
        switch (r.type()) {
            case SF + "stage" -> {
                String url = r.string("url");
                if (url != null) {
                    String loc = locationNode(url, true, src);
                    if (loc == null) loc = unknownNode(url, src);
                    edge(loc, me, "url", src, detail(c, r, "url"));
                }
            }
            case SF + "pipe" -> {
                String db = c.sf(r.string("database")), schema = c.sf(r.string("schema"));
                if (r.string("stage") != null) {
                    String st = c.sf(r.string("stage"));
                    String stage = ref(LineageIds.snowflake("stage", c.scope, db, schema, st), "snowflake", "stage",
                            sfLabel(db, schema, st), c.scope, src);
                    edge(stage, me, "loads", src, detail(c, r, "stage"));
                }
                if (r.string("table") != null) {
                    String tb = c.sf(r.string("table"));
                    String table = ref(LineageIds.snowflake("table", c.scope, db, schema, tb), "snowflake", "table",
                            sfLabel(db, schema, tb), c.scope, src);
                    edge(me, table, "into", src, detail(c, r, "table"));
                }
            }
            case SF + "storage_integration" -> {
                for (Object o : r.list("storage_allowed_locations")) {
                    String url = String.valueOf(o);
                    if (url.strip().equals("*")) continue; // every location: no one location to link (the attribute says it)
                    String loc = locationNode(url, true, src);
                    if (loc == null) loc = unknownNode(url, src);
                    edge(loc, me, "allowed-location", src, detail(c, r, "storage_allowed_locations"));
                }
            }
            case SF + "api_integration" -> {
                List<Object> prefixes = r.list("api_allowed_prefixes");
                for (int i = 0; i < prefixes.size(); i++) {
                    edge(me, endpointNode(String.valueOf(prefixes.get(i)), src), "reaches", src,
                            detail(c, r, "api_allowed_prefixes[" + i + "]"));
                }
            }
            case SF + "external_function" -> {
                // integration → function (the function calls out through it), function → its own endpoint: a function's
                // downstream is its endpoint only, not every prefix its integration allows
                if (r.string("api_integration") != null) {
                    String n = c.sf(r.string("api_integration"));
                    String integ = ref(LineageIds.sfIntegration(c.scope, n), "snowflake", "integration",
                            LineageIds.sfPart(n), c.scope, src);
                    edge(integ, me, "via-integration", src, detail(c, r, "api_integration"));
                }
                if (r.string("url") != null) {
                    edge(me, endpointNode(r.string("url"), src), "reaches", src, detail(c, r, "url"));
                }
            }
            case DS + "share" -> {
                String account = dsParent(c, r, DS + "account", "account");
                if (account != null) parents.put(me, account);
            }
            case DS + "dataset" -> {
                String url = datasetUrl(r);
                if (url != null) {
                    String loc = locationNode(url, true, src);
                    if (loc == null) loc = unknownNode(url, src);
                    edge(loc, me, "storage", src, detail(c, r, "storage_account_name"));
                }
                String share = dsParent(c, r, DS + "share", "share");
                if (share != null) {
                    edge(me, share, "in-share", src, detail(c, r, "share"));
                    parents.put(me, share);
                }
            }
            case DS + "invitation" -> {
                String share = dsParent(c, r, DS + "share", "share");
                if (share != null) edge(share, me, "invites", src, detail(c, r, "share"));
                String consumer = consumer(r, src);
                if (consumer != null) {
                    edge(me, consumer, "consumer", src, detail(c, r, r.has("target_email") ? "target_email" : "target_object_id"));
                }
            }
            case DS + "dataset_mapping" -> {
                String sub = dsParent(c, r, DS + "share_subscription", "subscription");
                if (sub != null) edge(sub, me, "mapping", src, detail(c, r, "share_subscription"));
                String url = datasetUrl(r);
                if (url != null) {
                    String loc = locationNode(url, true, src);
                    if (loc == null) loc = unknownNode(url, src);
                    edge(me, loc, "storage", src, detail(c, r, "storage_account_name"));
                }
            }
            case SM + "domain" -> {
                sageMakerSettings(c, r, me, "default_user_settings", src);
                Object space = r.get("default_space_settings");
                if (space instanceof Map<?, ?> m && m.get("execution_role") != null) {
                    String role = roleNode(String.valueOf(m.get("execution_role")), src);
                    edge(me, role, "execution-role", src, detail(c, r, "default_space_settings"));
                }
            }
            case SM + "user_profile" -> {
                String domain = nodeOf(c, c.find(SM + "domain", r.string("domain")));
                if (domain != null) {
                    edge(me, domain, "profile-of", src, detail(c, r, "domain"));
                    parents.put(me, domain);
                }
                sageMakerSettings(c, r, me, "user_settings", src);
            }
            default -> { }
        }
    }

    /**
     * The node of a Data Share object's parent: from its own id when it came from an ARM id, else the parent resource
     * it names in its context.
     */
    private String dsParent(Ctx c, Resource r, String parentType, String parentKind) {
        String own = armIds.get(r);
        if (own == null) return nodeOf(c, c.find(parentType, r.string(dev.mlpc.providers.datashare.DataShareTypes.parentProperty(r.type()))));
        String path = own.substring(own.indexOf(':', "datashare:".length()) + 1);
        String parentPath = path.substring(0, path.lastIndexOf('/'));
        String id = "datashare:" + parentKind + ":" + parentPath;
        return nodes.containsKey(id) ? id : null;
    }

    private String nodeOf(Ctx c, Resource r) {
        if (r == null) return null;
        Target t = target(c, r);
        if (t == null) return null;
        if (nodes.containsKey(t.id)) return t.id;
        String any = LineageIds.unscoped(t.id);
        return nodes.containsKey(any) ? any : null;
    }

    private String unknownNode(String uri, EdgeSource src) {
        String id = LineageIds.unknown(uri);
        node(id, "unknown", "unknown", uri, null, null, false, src);
        return id;
    }

    private String roleNode(String arn, EdgeSource src) {
        String id = LineageIds.iamRole(arn);
        node(id, "aws-iam", "role", arn.strip(), null, null, true, src);
        return id;
    }

    private void sageMakerSettings(Ctx c, Resource r, String me, String property, EdgeSource src) {
        if (!(r.get(property) instanceof Map<?, ?> settings)) return;
        if (settings.get("execution_role") != null) {
            edge(me, roleNode(String.valueOf(settings.get("execution_role")), src), "execution-role", src, detail(c, r, property));
        }
        if (settings.get("sharing_settings") instanceof Map<?, ?> sharing && sharing.get("s3_output_path") != null) {
            String url = String.valueOf(sharing.get("s3_output_path"));
            String loc = locationNode(url, true, src);
            if (loc == null) loc = unknownNode(url, src);
            edge(me, loc, "output", src, detail(c, r, property + ".sharing_settings.s3_output_path"));
        }
    }

    private String consumer(Resource r, EdgeSource src) {
        String email = r.string("target_email");
        String id;
        String label;
        if (email != null && !email.isBlank()) {
            id = LineageIds.consumerEmail(email);
            label = email.strip();
        } else if (r.string("target_object_id") != null) {
            id = LineageIds.consumerAad(r.string("target_active_directory_id"), r.string("target_object_id"));
            label = r.string("target_object_id");
        } else {
            return null;
        }
        Draft d = node(id, "consumer", "consumer", label, null, null, true, src);
        if (email != null && !email.isBlank()) d.attributes.put("email", email.strip());
        if (r.string("target_active_directory_id") != null) d.attributes.put("tenant", r.string("target_active_directory_id"));
        return id;
    }

    /** The storage URL a dataset (source) or mapping (target) names, in the {@code azure://} form. */
    static String datasetUrl(Resource r) {
        String account = r.string("storage_account_name");
        if (account == null) return null;
        String container = r.string("container_name");
        if (container == null) container = r.string("file_system");
        if (container == null) return null;
        String path = r.string("file_path");
        if (path == null) path = r.string("prefix");
        if (path == null) path = r.string("folder_path");
        return LineageIds.azure(account, container, path);
    }

    // ---- registry -------------------------------------------------------------------------------------------------

    private void registry(RegistryVersionLinks v) {
        String modelId = LineageIds.registryModel(v.registry(), v.model());
        Draft m = node(modelId, "registry", "model", v.model(), null, v.connection(), true, EdgeSource.REGISTRY);
        m.attributes.put("model", v.model());
        String versionId = LineageIds.registryVersion(v.registry(), v.model(), v.version());
        Draft d = node(versionId, "registry", "version", v.model() + " v" + v.version(), null, v.connection(), true,
                EdgeSource.REGISTRY);
        d.attributes.put("model", v.model());
        d.attributes.put("version", Integer.toString(v.version()));
        if (v.stage() != null) d.attributes.put("stage", v.stage());
        if (!v.aliases().isEmpty()) d.attributes.put("aliases", String.join(",", new TreeSet<>(v.aliases())));
        edge(versionId, modelId, "version-of", EdgeSource.REGISTRY, v.model() + " v" + v.version());
        for (Lineage l : v.links()) {
            String target = resolve(l);
            if (Lineage.DEPLOYMENT.equals(l.direction())) {
                edge(versionId, target, "deployment", EdgeSource.REGISTRY, l.kind() + " " + l.uri());
            } else {
                edge(target, versionId, "input", EdgeSource.REGISTRY, l.kind() + " " + l.uri());
            }
        }
    }

    /** The node a registry lineage entry names: an existing node when one matches, else a node known = false. */
    private String resolve(Lineage l) {
        String uri = l.uri().strip();
        if (Lineage.DEPLOYMENT.equals(l.direction()) && !"s3".equals(l.kind())) {
            String id = LineageIds.deployment(l.kind(), uri);
            Draft d = node(id, "deployment", "deployment", uri, null, null, true, EdgeSource.REGISTRY);
            d.attributes.putIfAbsent("url", uri);
            return id;
        }
        switch (l.kind()) {
            case "snowflake.table", "snowflake.function" -> {
                String kind = l.kind().equals("snowflake.table") ? "table" : "external_function";
                List<String> parts = LineageIds.splitQualified(uri);
                String conn = parts.size() == 4 ? parts.get(0) : null;
                if (parts.size() == 3 || parts.size() == 4) {
                    int o = parts.size() - 3;
                    String db = LineageIds.sfStoredFromText(parts.get(o));
                    String schema = LineageIds.sfStoredFromText(parts.get(o + 1));
                    String name = LineageIds.sfStoredFromText(parts.get(o + 2));
                    return scoped(LineageIds.snowflake(kind, conn, db, schema, name), conn, "snowflake", kind,
                            sfLabel(db, schema, name), uri);
                }
                return unknownOf("snowflake", uri);
            }
            case "postgres.table" -> {
                List<String> parts = LineageIds.splitQualified(uri);
                String conn = parts.size() == 4 ? parts.get(0) : null;
                if (parts.size() == 3 || parts.size() == 4) {
                    int o = parts.size() - 3;
                    String db = LineageIds.pgStoredFromText(parts.get(o));
                    String schema = LineageIds.pgStoredFromText(parts.get(o + 1));
                    String name = LineageIds.pgStoredFromText(parts.get(o + 2));
                    return scoped(pgTable(conn, db, schema, name), pg(conn), "postgres", "table",
                            db + "." + schema + "." + name, uri);
                }
                return unknownOf("postgres", uri);
            }
            case "datashare.dataset" -> {
                String id = LineageIds.fromArm(uri);
                if (id == null) {
                    // <connection>/<resource group>/<account>/<share>/<dataset> or without the connection
                    String[] s = uri.split("/");
                    if (s.length >= 4) {
                        int o = s.length - 4;
                        id = LineageIds.dsDataset(s[o], s[o + 1], s[o + 2], s[o + 3]);
                    }
                }
                if (id == null) return unknownOf("datashare", uri);
                if (!nodes.containsKey(id)) node(id, "datashare", "dataset", uri, null, null, false, EdgeSource.REGISTRY);
                return id;
            }
            default -> {
                String loc = LineageIds.location(uri);
                if (loc != null) {
                    if (!nodes.containsKey(loc)) locationNode(uri, false, EdgeSource.REGISTRY);
                    return loc;
                }
                String arm = LineageIds.fromArm(uri);
                if (arm != null && nodes.containsKey(arm)) return arm;
                return unknownOf("s3".equals(l.kind()) ? "s3" : "unknown", uri);
            }
        }
    }

    /**
     * A scoped object named by the registry: in the uri's connection, else in a stack bound to none; without a
     * connection, the one object of that name in any scope, else the unbound one.
     */
    private String scoped(String id, String conn, String system, String kind, String label, String uri) {
        if (nodes.containsKey(id)) return id;
        String any = LineageIds.unscoped(id);
        if (conn != null && nodes.containsKey(any)) return any;
        if (conn == null) {
            List<String> all = byUnscoped.getOrDefault(any, List.of());
            if (all.size() == 1) return all.get(0);
        }
        Draft d = node(id, system, kind, label, null, conn, false, EdgeSource.REGISTRY);
        d.attributes.putIfAbsent("uri", uri);
        return id;
    }

    private String unknownOf(String system, String uri) {
        String id = LineageIds.unknown(uri);
        Draft d = node(id, system, "unknown", uri, null, null, false, EdgeSource.REGISTRY);
        d.attributes.putIfAbsent("uri", uri);
        return id;
    }

    /**
     * The links Data Share objects make by id, kept as edges (never only attributes): a share subscription's
     * {@code invitation_id} → edge invitation → subscription ({@code accepts}; the invitation's id comes from its live
     * object, the stacks never hold it) plus share → subscription ({@code subscribes}); a dataset mapping's
     * {@code data_set_id} → edge dataset → mapping ({@code maps}). When no node has that id, the edge goes to a node
     * {@code unknown:datashare-invitation/<id>} or {@code unknown:datashare-dataset/<id>} (known = false).
     */
    private void subscribes() {
        Map<String, String> invitations = new HashMap<>();
        Map<String, String> datasets = new HashMap<>();
        for (Draft d : nodes.values()) {
            String inv = d.attributes.get("invitation-id");
            if ("invitation".equals(d.kind) && inv != null) invitations.put(inv.toLowerCase(Locale.ROOT), d.id);
            String ds = d.attributes.get("data-set-id");
            if ("dataset".equals(d.kind) && ds != null) datasets.put(ds.toLowerCase(Locale.ROOT), d.id);
        }
        for (Draft d : new ArrayList<>(nodes.values())) {
            String id = d.attributes.get("invitation-id");
            if ("subscription".equals(d.kind) && id != null) {
                String invitation = invitations.get(id.toLowerCase(Locale.ROOT));
                if (invitation == null) {
                    invitation = idNode("datashare-invitation", id, d.origin);
                } else {
                    for (LineageEdge e : new ArrayList<>(edges)) {
                        if (e.to().equals(invitation) && e.relation().equals("invites")) {
                            edge(e.from(), d.id, "subscribes", EdgeSource.LIVE, "invitation id " + id);
                        }
                    }
                }
                edge(invitation, d.id, "accepts", d.origin, "invitation_id " + id);
            }
            String ds = d.attributes.get("data-set-id");
            if ("mapping".equals(d.kind) && ds != null) {
                String dataset = datasets.get(ds.toLowerCase(Locale.ROOT));
                if (dataset == null) dataset = idNode("datashare-dataset", ds, d.origin);
                edge(dataset, d.id, "maps", d.origin, "data_set_id " + ds);
            }
        }
    }

    /** The node of an object known only by its id ({@code unknown:<what>/<id lower-case>}, known = false). */
    private String idNode(String what, String id, EdgeSource origin) {
        String nid = LineageIds.unknown(what + "/" + id.strip().toLowerCase(Locale.ROOT));
        Draft n = node(nid, "datashare", "unknown", what.substring(what.indexOf('-') + 1) + " " + id.strip(), null, null, false, origin);
        n.attributes.putIfAbsent("id", id.strip());
        return nid;
    }

    /** A derived {@code contains} edge's source: stack when either end comes from a stack, else live, else registry. */
    private static EdgeSource containsSource(EdgeSource a, EdgeSource b) {
        if (a == EdgeSource.STACK || b == EdgeSource.STACK) return EdgeSource.STACK;
        if (a == EdgeSource.LIVE || b == EdgeSource.LIVE) return EdgeSource.LIVE;
        return EdgeSource.REGISTRY;
    }

    /** A Snowflake object's label: its parts as a person writes them (bare when upper case, else quoted). */
    private static String sfLabel(String db, String schema, String name) {
        return LineageIds.sfPart(db) + "." + LineageIds.sfPart(schema) + "." + LineageIds.sfPart(name);
    }

    // ---- containment and inheritance -------------------------------------------------------------------------------

    /** Each location → the locations directly inside it (nearest existing ancestor only). */
    private void contains() {
        List<Draft> locations = new ArrayList<>();
        for (Draft d : nodes.values()) if ("location".equals(d.kind)) locations.add(d);
        for (Draft d : locations) {
            String p = LineageIds.parentLocation(d.id);
            while (p != null && !nodes.containsKey(p)) p = LineageIds.parentLocation(p);
            if (p == null) continue;
            edge(p, d.id, "contains", containsSource(nodes.get(p).origin, d.origin), p + " contains " + d.id);
        }
        // a location inside a known one is known too (walk top-down: parents are shorter ids)
        locations.sort(java.util.Comparator.comparingInt(d -> d.id.length()));
        for (Draft d : locations) {
            if (d.known) continue;
            String p = LineageIds.parentLocation(d.id);
            while (p != null && !nodes.containsKey(p)) p = LineageIds.parentLocation(p);
            if (p != null && nodes.get(p).known) d.known = true;
        }
    }

    /**
     * PostgreSQL tables are no stack resources: a table counts as governed through the database or schema holding it
     * when a stack manages that container on the table's server ({@link LineageIds#containedIn}, scopes made canonical).
     * Attributes: {@code governed-by} (the stack) and {@code governed-in} (the container, e.g.
     * {@code postgres.schema db.schema}) when the table is live, or when its server was not read live (offline, the
     * link to a managed container is what there is to judge); {@code missing-in} (same form) when the server was read
     * live and the table is not there. A schema's stack wins over a database's. Also attribute {@code connections}:
     * the connections that named a table, when more than one (two profiles of one server).
     */
    private void governedTables(LineageInputs in) {
        via.forEach((id, conns) -> {
            Draft d = nodes.get(id);
            if (d != null && conns.size() > 1) d.attributes.put("connections", String.join(",", conns));
        });
        Set<String> liveRead = new HashSet<>();
        for (LiveObjects lo : in.live()) liveRead.add(pg(lo.connection()));
        List<Map.Entry<Stack, Resource>> containers = new ArrayList<>();
        for (String type : List.of("postgres.schema", "postgres.database")) {
            for (Stack s : in.stacks()) {
                for (Resource r : s.resources()) if (r.type().equals(type)) containers.add(Map.entry(s, r));
            }
        }
        if (containers.isEmpty()) return;
        for (Map.Entry<Stack, Resource> e : containers) {
            Stack s = e.getKey();
            Resource r = e.getValue();
            java.util.function.Predicate<String> in0 = LineageIds.containedIn(r, s.hasTarget() ? pg(s.target()) : null);
            if (in0 == null) continue;
            String where = r.type() + " " + (r.type().equals("postgres.schema") ? r.string("database") + "." : "") + r.name();
            for (Draft d : nodes.values()) {
                if (!"postgres".equals(d.system) || !"table".equals(d.kind) || !in0.test(d.id)) continue;
                if (d.attributes.containsKey("governed-by") || d.attributes.containsKey("missing-in")) continue;
                String scope = d.id.substring("postgres:table:".length(), d.id.indexOf('/'));
                boolean read = liveRead.contains(scope) || (scope.equals(LineageIds.ANY) && !liveRead.isEmpty());
                if (d.known || !read) {
                    d.attributes.put("governed-by", s.name());
                    d.attributes.put("governed-in", where);
                } else {
                    d.attributes.put("missing-in", where + " of stack " + s.name());
                }
            }
        }
    }

    /** data-classification down containment where the child has none of its own. */
    private void inherit() {
        for (String child : parents.keySet()) classification(child, new HashSet<>());
    }

    private String classification(String id, Set<String> seen) {
        Draft d = nodes.get(id);
        if (d == null || !seen.add(id)) return null;
        String own = d.attributes.get("data-classification");
        if (own != null) return own;
        String parent = parents.get(id);
        if (parent == null) return null;
        String inherited = classification(parent, seen);
        if (inherited != null) d.attributes.put("data-classification", inherited);
        return inherited;
    }

    /** The label of an id built from an ARM id: its names after the resource group. */
    private static String armLabel(String id) {
        String path = id.substring(id.indexOf(':', "datashare:".length()) + 1);
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
