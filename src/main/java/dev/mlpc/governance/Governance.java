package dev.mlpc.governance;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.core.spec.YamlNode;
import dev.mlpc.core.spec.YamlReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The governance engine: reads {@code governance.yaml} (at the root of the config repository; absent means every rule
 * with its defaults), evaluates the rules over what a stack declares, and adds the findings to a plan as warnings
 * ({@code rule} = the rule id; an {@code error} finding blocks the apply). No UI, no live system.
 *
 * <pre>
 * rules:
 *   domain-without-cmk:
 *     severity: error              # warning (default) | error
 *   required-tags:
 *     tags: [owner, data-classification, cost-center]
 *   s3-output-outside-allowed-buckets:
 *     enabled: true                # default true
 *     allowed_buckets: [ml-outputs]
 * </pre>
 */
public final class Governance {
    /** Where the rules live in the config repository. */
    public static final String FILE = "governance.yaml";

    private final List<GovernanceRule> rules;

    public Governance(List<GovernanceRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The engine with the standard rules. */
    public static Governance standard() {
        List<GovernanceRule> all = new ArrayList<>(StandardRules.all());
        all.addAll(CrossSystemRules.all());
        return new Governance(all);
    }

    public List<GovernanceRule> rules() {
        return rules;
    }

    public GovernanceConfig defaults() {
        return GovernanceConfig.defaults(rules);
    }

    // ---- governance.yaml --------------------------------------------------------------------------------------------

    /**
     * The configuration at the repository's head: {@code governance.yaml}, or the defaults when the file is absent
     * (or there is no repository).
     *
     * @throws GovernanceException the file is there but invalid (each problem as {@code governance.yaml:line:col})
     */
    public GovernanceConfig load(ConfigRepository repo) throws AuditException, GovernanceException {
        if (repo == null) return defaults();
        Optional<String> text = repo.readFile(FILE);
        return text.isEmpty() ? defaults() : parse(FILE, text.get());
    }

    /** Validates and commits a new {@code governance.yaml}: nothing is written when it has a problem. */
    public CommitInfo commit(ConfigRepository repo, String yaml, String message, Author author)
            throws AuditException, GovernanceException {
        parse(FILE, yaml);
        String msg = message == null || message.isBlank() ? "Update governance rules" : message;
        return repo.commitFile(FILE, yaml, msg, author);
    }

    /** Parses a {@code governance.yaml}; throws with every problem found, in reading order. */
    public GovernanceConfig parse(String file, String text) throws GovernanceException {
        List<Problem> problems = new ArrayList<>();
        GovernanceConfig config = parse(file, text, problems);
        if (!problems.isEmpty()) throw new GovernanceException(StackReader.sorted(problems));
        return config;
    }

    private GovernanceConfig parse(String file, String text, List<Problem> problems) {
        Map<String, RuleConfig> out = new LinkedHashMap<>(defaults().rules());
        if (text.isBlank()) return new GovernanceConfig(out);
        YamlReader.Result yaml = YamlReader.read(file, text);
        problems.addAll(yaml.problems());
        if (yaml.root() == null) return new GovernanceConfig(out);
        if (yaml.root() instanceof YamlNode.Scalar s && s.value() == null) return new GovernanceConfig(out);
        if (!(yaml.root() instanceof YamlNode.Mapping top)) {
            problems.add(new Problem(yaml.root().location(), "(root)", "governance.yaml is a mapping with 'rules'"));
            return new GovernanceConfig(out);
        }
        top.entries().forEach((k, v) -> {
            if (!k.equals("rules") && !k.equals("organisation")) {
                problems.add(new Problem(top.keyLocations().get(k), k, "unknown top-level field (expected organisation, rules)"));
            }
        });
        Organisation organisation = organisation(top.entries().get("organisation"), problems);
        YamlNode rulesNode = top.entries().get("rules");
        if (rulesNode == null || rulesNode instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) {
            return new GovernanceConfig(out, organisation);
        }
        if (!(rulesNode instanceof YamlNode.Mapping rm)) {
            problems.add(new Problem(rulesNode.location(), "rules", "must be a mapping of rule id to its configuration"));
            return new GovernanceConfig(out, organisation);
        }
        List<String> known = rules.stream().map(GovernanceRule::id).toList();
        rm.entries().forEach((id, body) -> {
            GovernanceRule rule = rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
            if (rule == null) {
                problems.add(new Problem(rm.keyLocations().get(id), "rules." + id, "unknown rule (known: "
                        + String.join(", ", known) + ")"));
                return;
            }
            RuleConfig c = ruleConfig(rule, "rules." + id, body, problems);
            if (c != null) out.put(id, c);
        });
        return new GovernanceConfig(out, organisation);
    }

    private static final java.util.regex.Pattern EMAIL_DOMAIN =
            java.util.regex.Pattern.compile("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

    /** The top-level {@code organisation:} block: {@code tenants} and {@code email_domains}, both lists. */
    private static Organisation organisation(YamlNode node, List<Problem> problems) {
        if (node == null || node instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) {
            return Organisation.NONE;
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(new Problem(node.location(), "organisation", "must be a mapping (tenants, email_domains)"));
            return Organisation.NONE;
        }
        RuleSetting tenants = new RuleSetting("tenants", List.of(), "the organisation's Azure AD tenant ids",
                t -> TENANT.matcher(t).matches() ? null : Problem.quote(t) + " is not a tenant id (a GUID or a domain name)");
        RuleSetting domains = new RuleSetting("email_domains", List.of(), "the organisation's e-mail domains",
                d -> EMAIL_DOMAIN.matcher(d).matches() ? null : Problem.quote(d) + " is not an e-mail domain (e.g. example.com)");
        List<String> t = List.of();
        List<String> d = List.of();
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String field = "organisation." + e.getKey();
            if (e.getKey().equals("tenants")) {
                List<String> v = texts(e.getValue(), field, tenants, problems);
                if (v != null) t = v;
            } else if (e.getKey().equals("email_domains")) {
                List<String> v = texts(e.getValue(), field, domains, problems);
                if (v != null) d = v;
            } else {
                problems.add(new Problem(m.keyLocations().get(e.getKey()), field,
                        "unknown field of organisation (expected tenants, email_domains)"));
            }
        }
        return new Organisation(t, d);
    }

    private static RuleConfig ruleConfig(GovernanceRule rule, String path, YamlNode body, List<Problem> problems) {
        RuleConfig d = GovernanceConfig.defaults(rule);
        if (body instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) return d;
        if (!(body instanceof YamlNode.Mapping m)) {
            problems.add(new Problem(body.location(), path, "must be a mapping (enabled, severity"
                    + rule.settings().stream().map(st -> ", " + st.name()).reduce("", String::concat) + ")"));
            return null;
        }
        boolean enabled = d.enabled();
        Severity severity = d.severity();
        Map<String, List<String>> settings = new LinkedHashMap<>(d.settings());
        Map<String, Map<String, String>> mappings = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            YamlNode v = e.getValue();
            String field = path + "." + key;
            if (key.equals("enabled")) {
                if (v instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) enabled = b;
                else problems.add(new Problem(v.location(), field, "must be true or false"));
            } else if (key.equals("severity")) {
                Severity sv = v instanceof YamlNode.Scalar s && s.value() instanceof String str ? Severity.parse(str) : null;
                if (sv == null) problems.add(new Problem(v.location(), field, "must be warning or error"));
                else severity = sv;
            } else {
                RuleSetting setting = rule.settings().stream().filter(st -> st.name().equals(key)).findFirst().orElse(null);
                if (setting == null) {
                    List<String> allowed = new ArrayList<>(List.of("enabled", "severity"));
                    rule.settings().forEach(st -> allowed.add(st.name()));
                    problems.add(new Problem(m.keyLocations().get(key), field, "unknown setting of rule " + rule.id()
                            + " (expected " + String.join(", ", allowed) + ")"));
                    continue;
                }
                if (setting.mapping()) {
                    Map<String, String> values = mapping(v, field, setting, problems);
                    if (values != null) mappings.put(key, values);
                    continue;
                }
                List<String> values = texts(v, field, setting, problems);
                if (values != null) settings.put(key, values);
            }
        }
        return new RuleConfig(rule.id(), enabled, severity, settings, mappings);
    }

    private static Map<String, String> mapping(YamlNode v, String field, RuleSetting setting, List<Problem> problems) {
        if (v instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) return Map.of();
        if (!(v instanceof YamlNode.Mapping m)) {
            problems.add(new Problem(v.location(), field, "must be a mapping, e.g. {\"s3://bucket/\": public} ("
                    + setting.description() + ")"));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String why = setting.check().apply(e.getKey());
            if (why != null) {
                problems.add(new Problem(m.keyLocations().get(e.getKey()), field + "." + e.getKey(), why));
                ok = false;
            } else if (!(e.getValue() instanceof YamlNode.Scalar s) || !(s.value() instanceof String str) || str.isBlank()) {
                problems.add(new Problem(e.getValue().location(), field + "." + e.getKey(), "must be non-empty text"));
                ok = false;
            } else {
                out.put(e.getKey(), str);
            }
        }
        return ok ? out : null;
    }

    private static List<String> texts(YamlNode v, String field, RuleSetting setting, List<Problem> problems) {
        if (v instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) return List.of();
        if (!(v instanceof YamlNode.Sequence seq)) {
            problems.add(new Problem(v.location(), field, "must be a list, e.g. [a, b] (" + setting.description() + ")"));
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            if (!(item instanceof YamlNode.Scalar s) || !(s.value() instanceof String str) || str.isBlank()) {
                problems.add(new Problem(item.location(), field + "[" + i + "]", "must be non-empty text"));
                ok = false;
                continue;
            }
            String why = setting.check().apply(str);
            if (why != null) {
                problems.add(new Problem(item.location(), field + "[" + i + "]", why));
                ok = false;
            } else {
                out.add(str);
            }
        }
        return ok ? out : null;
    }

    // ---- evaluation -----------------------------------------------------------------------------------------------

    /** The findings of every enabled rule over {@code estate}: rule order, then resource order. */
    public List<Finding> evaluate(Estate estate, GovernanceConfig config) {
        List<Finding> out = new ArrayList<>();
        for (GovernanceRule rule : rules) {
            RuleConfig c = config.rule(rule.id());
            if (c == null) c = GovernanceConfig.defaults(rule);
            if (c.enabled()) out.addAll(rule.check(estate, c, config));
        }
        return out;
    }

    /** The plan with the findings over its stack added to its warnings (after the provider's own). */
    public Plan annotate(Plan plan, Stack stack, GovernanceConfig config) {
        return annotate(plan, stack, config, PlanGraphs.NONE);
    }

    /**
     * The plan with, after the provider's own warnings: the per-stack rules' findings over {@code stack}, then the
     * cross-system rules' findings over {@code graphs.after} that touch what the plan changes
     * ({@link PlanFindings#touching}), then the impact of each drop ({@link PlanFindings#impact}). All are warnings,
     * hence part of the plan hash: a review and its apply see the same findings, or the apply is refused.
     */
    public Plan annotate(Plan plan, Stack stack, GovernanceConfig config, PlanGraphs graphs) {
        List<Finding> findings = new ArrayList<>();
        List<Finding> cross = new ArrayList<>();
        Estate own = Estate.of(stack);
        Estate estate = new Estate(List.of(stack), graphs.after());
        for (GovernanceRule rule : rules) {
            RuleConfig c = config.rule(rule.id());
            if (c == null) c = GovernanceConfig.defaults(rule);
            if (!c.enabled()) continue;
            if (rule.crossSystem()) cross.addAll(rule.check(estate, c, config));
            else findings.addAll(rule.check(own, c, config));
        }
        findings.addAll(PlanFindings.touching(cross, plan, graphs));
        List<PlanWarning> impact = PlanFindings.impact(plan, graphs);
        if (findings.isEmpty() && impact.isEmpty()) return plan;
        List<PlanWarning> warnings = new ArrayList<>(plan.warnings());
        findings.forEach(f -> warnings.add(f.toWarning()));
        warnings.addAll(impact);
        return new Plan(plan.stack(), plan.provider(), plan.changes(), warnings, plan.offline());
    }

    /** The warnings of a plan that block its apply: governance findings with severity {@code error}. */
    public static List<PlanWarning> blocking(Plan plan) {
        return plan.warnings().stream().filter(w -> Severity.ERROR.json().equals(w.severity())).toList();
    }
}
