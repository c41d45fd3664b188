package dev.mlpc.governance;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The governance rules across systems (issue 15): evaluated over the estate's lineage graph ({@link Estate#graph}),
 * never over one stack. Every finding names the graph's node ids it is about ({@link Finding#nodes}, and in its
 * message). With an empty graph (a plan's per-stack checks) they find nothing.
 */
public final class CrossSystemRules {
    public static final String DATASHARE_OUTSIDE_ORGANISATION = "datashare-outside-organisation";
    public static final String PRODUCTION_LINEAGE_GOVERNED = "production-lineage-governed";
    public static final String DOMAIN_OUTPUT_SHARED = "domain-output-shared";
    public static final String EXTERNAL_FUNCTION_PREFIXES = "external-function-prefixes";
    public static final String RESTRICTED_OUTSIDE_TENANT = "restricted-outside-tenant";

    /** Kinds of node that stand for someone receiving shared data. */
    static final Set<String> RECIPIENTS = Set.of("consumer", "invitation", "subscription");

    private static final String CLASSIFICATIONS_DESCRIPTION = "location prefix → data classification, for storage"
            + " without a data-classification tag (the longest matching prefix wins), e.g. {\"s3://ml-public/\": public}";

    private CrossSystemRules() {
    }

    /** Every cross-system rule, in README order. */
    public static List<GovernanceRule> all() {
        return List.of(new DataShareOutsideOrganisation(), new ProductionLineageGoverned(), new DomainOutputShared(),
                new ExternalFunctionPrefixes(), new RestrictedOutsideTenant());
    }

    // ---- helpers over the graph -----------------------------------------------------------------------------------

    static List<LineageNode> nodes(LineageGraph g, Predicate<LineageNode> p) {
        return g.nodes().stream().filter(p).toList();
    }

    /**
     * The nodes along the data flow from {@code id} in {@code d} ({@link LineageGraph#DATA_FLOW}: containment is not
     * data moving). Every walk of these rules goes through {@link LineageGraph#reachable} with a named relation filter:
     * data-flow walks here, containment walks in {@link #governed} and {@link #contained}.
     */
    static List<LineageNode> walk(LineageGraph g, String id, Direction d) {
        List<LineageNode> out = new ArrayList<>();
        for (String n : g.reachable(id, d, Integer.MAX_VALUE, LineageGraph.DATA_FLOW)) g.node(n).ifPresent(out::add);
        return out;
    }

    /** A node as a finding names it: the stack resource's type and name, else {@code system.kind} and its label. */
    static String type(LineageNode n) {
        String t = n.attribute("type");
        return t != null ? t : n.system() + "." + n.kind();
    }

    static String name(LineageNode n) {
        String name = n.attribute("name");
        return name != null ? name : n.label();
    }

    /** The finding about {@code subject}, naming every node id of {@code nodes} (subject first) in its message. */
    static Finding about(GovernanceRule rule, RuleConfig config, LineageNode subject, String detail,
                           List<LineageNode> nodes) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(subject.id());
        nodes.forEach(n -> ids.add(n.id()));
        return new Finding(rule.id(), config.severity(), type(subject), name(subject), rule.reason() + ": " + detail
                + " (nodes: " + String.join(", ", ids) + ")", List.copyOf(ids));
    }

    /**
     * Whether a node is governed data: known, and managed by a stack. Storage locations are never a stack's resource
     * (no provider manages buckets or containers), so a location counts as managed when a stack declares it: an edge
     * learnt from a stack links it to a node a stack manages (a stage's url, a storage integration's allowed location,
     * a dataset's storage, a domain's output path), or it lies inside such a location ({@code contains}). A location
     * only the registry or a live inventory names is not.
     */
    static boolean governed(LineageGraph g, LineageNode n) {
        if (governingStack(n) != null) return true;
        if (!n.known()) return false;
        if (n.managed()) return true;
        if (!n.kind().equals("location")) return false;
        List<String> enclosing = new ArrayList<>(List.of(n.id()));
        enclosing.addAll(g.reachable(n.id(), Direction.UPSTREAM, Integer.MAX_VALUE, LineageGraph.CONTAINMENT));
        for (String id : enclosing) {
            for (LineageEdge e : g.outgoing(id)) {
                if (e.source() == dev.mlpc.lineage.EdgeSource.STACK && LineageGraph.DATA_FLOW.test(e)
                        && g.node(e.to()).map(LineageNode::managed).orElse(false)) return true;
            }
            for (LineageEdge e : g.incoming(id)) {
                if (e.source() == dev.mlpc.lineage.EdgeSource.STACK && LineageGraph.DATA_FLOW.test(e)
                        && g.node(e.from()).map(LineageNode::managed).orElse(false)) return true;
            }
        }
        return false;
    }

    /** Why a node is not governed data: an unknown link, or managed by no stack; null when it is governed. */
    static String ungoverned(LineageGraph g, LineageNode n) {
        if (governingStack(n) != null) return null;
        if (n.attribute("missing-in") != null) return "unknown link: not found live in " + n.attribute("missing-in");
        if (!n.known()) return "unknown link";
        return governed(g, n) ? null : "managed by no stack";
    }

    /**
     * The stack that governs a PostgreSQL table (no stack resource of its own) through the schema or database holding
     * it, as the builder marked it (attribute {@code governed-by}: the table is live, or its server was not read
     * live); null otherwise. Snowflake tables are stack resources ({@code snowflake.table}): they are governed only
     * when a stack declares them.
     */
    static String governingStack(LineageNode n) {
        return n.system().equals("postgres") && n.kind().equals("table") ? n.attribute("governed-by") : null;
    }

    /** How a table governed through its container is governed: {@code schema db.s of stack X}; null for others. */
    static String governedThrough(LineageNode n) {
        String stack = governingStack(n);
        if (stack == null) return null;
        String in = n.attribute("governed-in");
        return (in == null ? "its container" : in.replaceFirst("^postgres\\.", "")) + " of stack " + stack;
    }

    /** The nodes upstream of {@code id} along the data flow ({@code contains} links are not data flowing). */
    static List<LineageNode> flowUpstream(LineageGraph g, String id) {
        return walk(g, id, Direction.UPSTREAM);
    }

    /** Whether a recipient node says who it is (a consumer always counts: nobody can place it otherwise). */
    static boolean judged(LineageNode n) {
        return n.kind().equals("consumer") || n.attribute("tenant") != null || n.attribute("email") != null;
    }

    /**
     * A recipient that speaks for itself: judged, and with no judged recipient further downstream (an invitation's
     * consumer, once known, decides: its tenant is the truth about who reads the data).
     */
    static boolean lastRecipient(LineageGraph g, LineageNode n) {
        if (!RECIPIENTS.contains(n.kind()) || !judged(n)) return false;
        return walk(g, n.id(), Direction.DOWNSTREAM).stream().noneMatch(x -> RECIPIENTS.contains(x.kind()) && judged(x));
    }

    static String who(LineageNode n) {
        String email = n.attribute("email");
        String tenant = n.attribute("tenant");
        String label = n.label();
        if (email != null && !label.contains(email)) label += " <" + email + ">";
        if (tenant != null && !label.contains(tenant)) label += " (tenant " + tenant + ")";
        return label;
    }

    /** A location's address: its {@code url} attribute, else its id. */
    static String url(LineageNode n) {
        String u = n.attribute("url");
        return u != null && !u.isBlank() ? u : n.id();
    }

    /** Whether two locations overlap: one's address is a prefix of the other's (at a path boundary). */
    static boolean overlap(String a, String b) {
        String x = slash(a.toLowerCase(Locale.ROOT));
        String y = slash(b.toLowerCase(Locale.ROOT));
        return x.startsWith(y) || y.startsWith(x);
    }

    private static String slash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }

    /** Whether {@code a} and {@code b} are linked by {@code contains} edges (either way). */
    static boolean contained(LineageGraph g, String a, String b) {
        return containsPath(g, a, b) || containsPath(g, b, a);
    }

    private static boolean containsPath(LineageGraph g, String from, String to) {
        return g.reachable(from, Direction.DOWNSTREAM, Integer.MAX_VALUE, LineageGraph.CONTAINMENT).contains(to);
    }

    /**
     * A node's data classification: its {@code data-classification} (or {@code classification}) attribute, else, for
     * a storage location, the longest prefix of {@code prefixes} its address starts with; null when neither says.
     */
    static String classification(LineageNode n, Map<String, String> prefixes) {
        String c = n.attribute("data-classification");
        if (c == null) c = n.attribute("classification");
        if (c != null && !c.isBlank()) return c.strip();
        if (!n.kind().equals("location") || prefixes.isEmpty()) return null;
        String u = url(n);
        String best = null;
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            if (u.startsWith(e.getKey()) || u.toLowerCase(Locale.ROOT).startsWith(e.getKey().toLowerCase(Locale.ROOT))) {
                if (best == null || e.getKey().length() > best.length()) best = e.getKey();
            }
        }
        return best == null ? null : prefixes.get(best);
    }

    static boolean containsIgnoreCase(List<String> list, String value) {
        return value != null && list.stream().anyMatch(v -> v.equalsIgnoreCase(value.strip()));
    }

    private static RuleSetting classificationsSetting() {
        return RuleSetting.mapping("classifications", CLASSIFICATIONS_DESCRIPTION,
                p -> p.isBlank() ? "must be a location prefix (s3://bucket/…, https://account.blob.core.windows.net/…)" : null);
    }

    private static String nonBlank(String what, String v) {
        return v.isBlank() ? "must be " + what : null;
    }

    // ---- the rules ----------------------------------------------------------------------------------------------------

    /** (1) Data shared outside the organisation through Data Share: managed storage, with a sharable classification. */
    static final class DataShareOutsideOrganisation implements GovernanceRule {
        @Override public String id() { return DATASHARE_OUTSIDE_ORGANISATION; }

        @Override public String reason() {
            return "data shared outside the organisation through Data Share must come only from storage a stack manages"
                    + " and carry a classification that allows sharing";
        }

        @Override public boolean crossSystem() { return true; }

        @Override
        public List<RuleSetting> settings() {
            return List.of(new RuleSetting("sharable_classifications", List.of("public"),
                            "the data classifications that may be shared outside the organisation",
                            v -> nonBlank("a classification", v)),
                    classificationsSetting());
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            return check(estate, config, null);
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config, GovernanceConfig all) {
            Organisation org = all == null ? Organisation.NONE : all.organisation();
            LineageGraph g = estate.graph();
            List<String> sharable = config.list("sharable_classifications");
            Map<String, String> prefixes = config.map("classifications");
            List<Finding> out = new ArrayList<>();
            for (LineageNode share : nodes(g, n -> n.kind().equals("share"))) {
                List<LineageNode> outside = walk(g, share.id(), Direction.DOWNSTREAM).stream()
                        .filter(n -> lastRecipient(g, n) && org.outsideOrganisation(n)).toList();
                if (outside.isEmpty()) continue;
                String with = String.join(", ", outside.stream().map(CrossSystemRules::who).toList());
                for (LineageNode dataset : walk(g, share.id(), Direction.UPSTREAM)) {
                    if (!dataset.kind().equals("dataset")) continue;
                    List<LineageNode> sources = new ArrayList<>();
                    for (LineageEdge e : g.incoming(dataset.id())) {
                        g.node(e.from()).filter(n -> !n.kind().equals("share")).ifPresent(sources::add);
                    }
                    List<String> problems = new ArrayList<>();
                    if (sources.isEmpty()) problems.add("its storage is not known");
                    for (LineageNode s : sources) {
                        String why = ungoverned(g, s);
                        if (why != null) problems.add("its storage " + s.label() + " is " + (why.startsWith("unknown")
                                ? "an " + why : why));
                    }
                    Set<String> classes = new LinkedHashSet<>();
                    String own = classification(dataset, prefixes);
                    if (own != null) classes.add(own);
                    for (LineageNode s : sources) {
                        String c = classification(s, prefixes);
                        if (c != null) classes.add(c);
                    }
                    if (classes.isEmpty()) {
                        problems.add("it has no data-classification (tag it or its storage, or map the location under"
                                + " classifications)");
                    }
                    for (String c : classes) {
                        if (!containsIgnoreCase(sharable, c)) {
                            problems.add("it is classified " + c + " (sharable: " + (sharable.isEmpty() ? "none"
                                    : String.join(", ", sharable)) + ")");
                        }
                    }
                    if (problems.isEmpty()) continue;
                    List<LineageNode> named = new ArrayList<>(sources);
                    named.add(share);
                    named.addAll(outside);
                    out.add(about(this, config, dataset, "share " + share.label() + " is shared outside the"
                            + " organisation with " + with + "; dataset " + dataset.label() + ": "
                            + String.join("; ", problems), named));
                }
            }
            return out;
        }
    }

    /** (2) A version in Production or with a champion alias traces all its inputs to governed data. */
    static final class ProductionLineageGoverned implements GovernanceRule {
        @Override public String id() { return PRODUCTION_LINEAGE_GOVERNED; }

        @Override public String reason() {
            return "a model version in production must trace all its inputs to governed data: managed by a stack, with"
                    + " no unknown links";
        }

        @Override public boolean crossSystem() { return true; }

        @Override
        public List<RuleSetting> settings() {
            return List.of(new RuleSetting("stages", List.of("Production"),
                            "the registry stages that count as production (case-insensitive)", v -> nonBlank("a stage", v)),
                    new RuleSetting("aliases", List.of("champion"),
                            "the version aliases that count as production (case-insensitive)", v -> nonBlank("an alias", v)));
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            LineageGraph g = estate.graph();
            List<Finding> out = new ArrayList<>();
            for (LineageNode v : nodes(g, n -> n.system().equals("registry") && n.kind().equals("version"))) {
                String why = production(v, config);
                if (why == null) continue;
                List<LineageNode> inputs = flowUpstream(g, v.id()).stream()
                        .filter(n -> !n.system().equals("registry") && !n.system().equals("deployment")).toList();
                if (inputs.isEmpty()) {
                    out.add(about(this, config, v, "version " + v.label() + " (" + why + ") records no inputs",
                            List.of()));
                    continue;
                }
                List<LineageNode> bad = inputs.stream().filter(n -> ungoverned(g, n) != null).toList();
                if (bad.isEmpty()) continue;
                List<String> what = bad.stream().map(n -> n.label() + " (" + ungoverned(g, n) + ")").toList();
                // the inputs that pass through their container say which stack governs them
                List<String> through = inputs.stream().filter(n -> governedThrough(n) != null)
                        .map(n -> n.label() + " (governed by " + governedThrough(n) + ")").toList();
                out.add(about(this, config, v, "version " + v.label() + " (" + why + ") reads "
                        + String.join(", ", what) + (through.isEmpty() ? "" : "; governed: " + String.join(", ", through)),
                        bad));
            }
            return out;
        }

        private static String production(LineageNode v, RuleConfig config) {
            String stage = v.attribute("stage");
            if (containsIgnoreCase(config.list("stages"), stage)) return "stage " + stage;
            String aliases = v.attribute("aliases");
            if (aliases != null) {
                for (String a : aliases.split(",")) {
                    if (containsIgnoreCase(config.list("aliases"), a.strip())) return "alias " + a.strip();
                }
            }
            return null;
        }
    }

    /** (3) A SageMaker domain's output path is not a Data Share source. */
    static final class DomainOutputShared implements GovernanceRule {
        @Override public String id() { return DOMAIN_OUTPUT_SHARED; }

        @Override public String reason() {
            return "a SageMaker domain's output path must not be a Data Share source: notebook output would be shared"
                    + " with the share's consumers";
        }

        @Override public boolean crossSystem() { return true; }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            LineageGraph g = estate.graph();
            List<Finding> out = new ArrayList<>();
            List<LineageNode[]> sources = new ArrayList<>();
            for (LineageNode d : nodes(g, n -> n.kind().equals("dataset"))) {
                for (LineageEdge e : g.incoming(d.id())) {
                    g.node(e.from()).filter(n -> !n.kind().equals("share")).ifPresent(s -> sources.add(new LineageNode[]{s, d}));
                }
            }
            if (sources.isEmpty()) return out;
            for (LineageNode domain : nodes(g, n -> n.system().equals("sagemaker")
                    && (n.kind().equals("domain") || n.kind().equals("user_profile")))) {
                for (LineageEdge e : g.outgoing(domain.id())) {
                    if (!e.relation().equals("output")) continue;
                    LineageNode output = g.node(e.to()).orElseThrow();
                    for (LineageNode[] sd : sources) {
                        LineageNode source = sd[0];
                        if (!source.id().equals(output.id()) && !overlap(url(output), url(source))
                                && !contained(g, output.id(), source.id())) continue;
                        List<LineageNode> named = new ArrayList<>(List.of(output, source, sd[1]));
                        g.outgoing(sd[1].id()).forEach(x -> g.node(x.to()).filter(n -> n.kind().equals("share")).ifPresent(named::add));
                        out.add(about(this, config, domain, domain.kind().replace('_', ' ') + " " + domain.label()
                                + " writes to " + url(output) + ", which overlaps " + url(source) + ", the storage of"
                                + " dataset " + sd[1].label(), named));
                    }
                }
            }
            return out;
        }
    }

    /** (4) A Snowflake external function's API integration only reaches allowed prefixes. */
    static final class ExternalFunctionPrefixes implements GovernanceRule {
        @Override public String id() { return EXTERNAL_FUNCTION_PREFIXES; }

        @Override public String reason() {
            return "a Snowflake external function may send data only to allowed endpoints: its API integration must"
                    + " reach only the allowed prefixes";
        }

        @Override public boolean crossSystem() { return true; }

        @Override
        public List<RuleSetting> settings() {
            return List.of(new RuleSetting("allowed_prefixes", List.of(),
                    "the URL prefixes (https://…) an external function's API integration may reach; empty: the rule"
                            + " checks nothing",
                    p -> p.startsWith("https://") || p.startsWith("http://") ? null
                            : Problem.quote(p) + " is not a URL prefix (https://…)"));
        }

        /** Under an allowed prefix (case-insensitive; a prefix's own address with or without its trailing '/'). */
        private static boolean allowed(String url, List<String> prefixes) {
            String u = url.toLowerCase(Locale.ROOT);
            return prefixes.stream().map(p -> p.toLowerCase(Locale.ROOT))
                    .anyMatch(p -> u.startsWith(p) || slash(u).startsWith(p));
        }

        private static String norm(String url) {
            String u = url.toLowerCase(Locale.ROOT);
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            LineageGraph g = estate.graph();
            List<String> prefixes = config.list("allowed_prefixes");
            List<Finding> out = new ArrayList<>();
            if (prefixes.isEmpty()) return out;
            for (LineageNode f : nodes(g, n -> n.kind().equals("external_function"))) {
                List<LineageNode> named = new ArrayList<>();
                Map<String, String> bad = new java.util.LinkedHashMap<>();
                // the function's own endpoint leaves it; its API integration comes in (integration → function, the
                // direction data takes from the integration's grant to the function that uses it)
                List<LineageEdge> links = new ArrayList<>(g.outgoing(f.id()));
                for (LineageEdge e : g.incoming(f.id())) if (e.relation().equals("via-integration")) links.add(e);
                for (LineageEdge e : links) {
                    LineageNode i = g.node(e.to().equals(f.id()) ? e.from() : e.to()).orElseThrow();
                    if (e.relation().equals("reaches") || i.kind().equals("endpoint")) {
                        if (!allowed(url(i), prefixes)) { bad.putIfAbsent(norm(url(i)), url(i)); named.add(i); }
                        continue;
                    }
                    if (!e.relation().equals("via-integration")) continue;
                    boolean integrationNamed = false;
                    String declared = i.attribute("allowed-prefixes");
                    if (declared != null) {
                        for (String p : declared.split("\n")) {
                            if (!p.isBlank() && !allowed(p.strip(), prefixes)) {
                                bad.putIfAbsent(norm(p.strip()), p.strip());
                                integrationNamed = true;
                            }
                        }
                    }
                    for (LineageEdge r : g.outgoing(i.id())) {
                        LineageNode endpoint = g.node(r.to()).orElseThrow();
                        if (!r.relation().equals("reaches")) continue;
                        if (!allowed(url(endpoint), prefixes)) {
                            bad.putIfAbsent(norm(url(endpoint)), url(endpoint));
                            integrationNamed = true;
                            named.add(endpoint);
                        }
                    }
                    if (integrationNamed) named.add(0, i);
                }
                if (bad.isEmpty()) continue;
                out.add(about(this, config, f, "external function " + f.label() + " reaches " + String.join(", ", bad.values())
                        + " (allowed: " + String.join(", ", prefixes) + ")", named));
            }
            return out;
        }
    }

    /** (5) Nothing restricted flows to a consumer outside the tenant. */
    static final class RestrictedOutsideTenant implements GovernanceRule {
        @Override public String id() { return RESTRICTED_OUTSIDE_TENANT; }

        @Override public String reason() {
            return "data classified restricted must not flow to a consumer outside the organisation's tenant";
        }

        @Override public boolean crossSystem() { return true; }

        @Override
        public List<RuleSetting> settings() {
            return List.of(new RuleSetting("restricted_classifications", List.of("restricted"),
                            "the data-classification values that must stay inside the tenant (case-insensitive)",
                            v -> nonBlank("a classification", v)),
                    classificationsSetting());
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            return check(estate, config, null);
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config, GovernanceConfig all) {
            Organisation org = all == null ? Organisation.NONE : all.organisation();
            LineageGraph g = estate.graph();
            List<String> restricted = config.list("restricted_classifications");
            Map<String, String> prefixes = config.map("classifications");
            List<Finding> out = new ArrayList<>();
            if (restricted.isEmpty()) return out;
            for (LineageNode c : nodes(g, n -> lastRecipient(g, n) && org.outsideTenant(n))) {
                List<LineageNode> sources = walk(g, c.id(), Direction.UPSTREAM).stream()
                        .filter(n -> containsIgnoreCase(restricted, classification(n, prefixes))).toList();
                if (sources.isEmpty()) continue;
                out.add(about(this, config, c, who(c) + " is outside the tenant and receives "
                        + String.join(", ", sources.stream().map(n -> n.label() + " ("
                        + classification(n, prefixes) + ")").toList()), sources));
            }
            return out;
        }
    }
}
