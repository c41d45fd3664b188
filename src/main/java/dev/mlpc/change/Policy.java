package dev.mlpc.change;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SourceLocation;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.core.spec.YamlNode;
import dev.mlpc.core.spec.YamlReader;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The change-control policy: {@code policy.yaml} at the root of the config repository.
 * <pre>
 * approvals:                  # a plan needs approval when ANY rule matches it
 *   - name: production        # optional label shown in messages
 *     stacks: ["prod-*"]      # globs (* and ?) over stack names; absent = every stack
 *     providers: [postgres]   # absent = every provider
 *     safety: [destructive]   # matches when the plan has a change of one of these; absent = any change
 *     approvers: 2            # approvals needed, by identities other than the proposer (>= 1)
 * signatures: required        # required | optional (default optional)
 * </pre>
 * An absent file is {@link #NONE}: no approvals, signatures optional. A change of {@code policy.yaml} itself needs
 * {@link #policyChangeApprovals()} approvals under the policy in force before it: the largest {@code approvers} of any
 * rule (0 when there is no rule).
 */
public final class Policy {
    /** The file's name at the root of the config repository. */
    public static final String FILE = "policy.yaml";

    /** No policy: nothing needs approval, signatures optional. */
    public static final Policy NONE = new Policy(List.of(), false);

    /** The most approvals a rule may ask for. */
    public static final int MAX_APPROVERS = 20;

    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_*?-]{1,100}");
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Set<String> RULE_FIELDS = Set.of("name", "stacks", "providers", "safety", "approvers");

    /**
     * One rule of {@code approvals:}.
     *
     * @param name      its label, or null
     * @param stacks    stack-name globs; empty = every stack
     * @param providers provider ids; empty = every provider
     * @param safety    the safety levels that make it match; empty = any change
     * @param approvers approvals needed by others than the proposer
     * @param location  where the rule is written
     */
    public record Rule(String name, List<String> stacks, List<String> providers, Set<Safety> safety, int approvers,
                       SourceLocation location) {
        public Rule {
            stacks = List.copyOf(stacks);
            providers = List.copyOf(providers);
            safety = safety.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(safety));
        }

        /** Whether this rule applies to a plan of {@code stack} on {@code provider} (a plan with no change never matches). */
        public boolean matches(String stack, String provider, Plan plan) {
            if (!stacks.isEmpty() && stacks.stream().noneMatch(g -> glob(g, stack))) return false;
            if (!providers.isEmpty() && (provider == null || !providers.contains(provider))) return false;
            List<Change> changes = plan == null ? List.of() : plan.actionable();
            if (changes.isEmpty()) return false;
            return safety.isEmpty() || changes.stream().anyMatch(c -> safety.contains(c.safety()));
        }

        /** How messages name it: its name, else {@code rule N at policy.yaml:line}. */
        public String label() {
            return name != null ? name : "rule at " + location.file() + ":" + location.line();
        }
    }

    private final List<Rule> rules;
    private final boolean signaturesRequired;

    private Policy(List<Rule> rules, boolean signaturesRequired) {
        this.rules = List.copyOf(rules);
        this.signaturesRequired = signaturesRequired;
    }

    /**
     * Parses a {@code policy.yaml}; a blank text is {@link #NONE}.
     *
     * @param file the name problems carry ({@code policy.yaml})
     * @throws StackException every problem, as {@code policy.yaml:line:col: field: reason}, in reading order
     */
    public static Policy parse(String file, String yaml) throws StackException {
        return parse(file, yaml, null);
    }

    /**
     * As {@link #parse(String, String)}, and a provider id in a rule's {@code providers} that is not among
     * {@code knownProviders} is a problem too (a misspelt id would silently switch the rule off); null checks no ids.
     */
    public static Policy parse(String file, String yaml, Set<String> knownProviders) throws StackException {
        if (yaml == null || yaml.isBlank()) return NONE;
        List<Problem> problems = new ArrayList<>();
        YamlReader.Result r = YamlReader.read(file, yaml);
        problems.addAll(r.problems());
        List<Rule> rules = new ArrayList<>();
        boolean signatures = false;
        YamlNode root = r.root();
        if (root == null || root instanceof YamlNode.Scalar s && s.value() == null) {
            if (!problems.isEmpty()) throw new StackException(StackReader.sorted(problems));
            return NONE;
        }
        if (!(root instanceof YamlNode.Mapping top)) {
            problems.add(new Problem(root.location(), "(root)", FILE + " is a mapping with 'approvals' and 'signatures'"));
            throw new StackException(StackReader.sorted(problems));
        }
        for (Map.Entry<String, YamlNode> e : top.entries().entrySet()) {
            String k = e.getKey();
            YamlNode v = e.getValue();
            switch (k) {
                case "approvals" -> rules(v, problems, rules, knownProviders);
                case "signatures" -> {
                    Object val = v instanceof YamlNode.Scalar s ? s.value() : null;
                    if ("required".equals(val)) signatures = true;
                    else if (!"optional".equals(val) && val != null) {
                        problems.add(new Problem(v.location(), "signatures", Problem.quote(String.valueOf(val))
                                + " is not required or optional"));
                    } else if (val == null) {
                        problems.add(new Problem(v.location(), "signatures", "must be required or optional"));
                    }
                }
                default -> problems.add(new Problem(top.keyLocations().get(k), k,
                        "unknown top-level field (expected approvals, signatures)"));
            }
        }
        if (!problems.isEmpty()) throw new StackException(StackReader.sorted(problems));
        return new Policy(rules, signatures);
    }

    private static void rules(YamlNode v, List<Problem> problems, List<Rule> out, Set<String> knownProviders) {
        if (v instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) return;
        if (!(v instanceof YamlNode.Sequence seq)) {
            problems.add(new Problem(v.location(), "approvals", "must be a list of rules (- approvers: N, …)"));
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String path = "approvals[" + i + "]";
            if (!(item instanceof YamlNode.Mapping m)) {
                problems.add(new Problem(item.location(), path, "must be a rule: a mapping with approvers (and name, stacks, providers, safety)"));
                continue;
            }
            int before = problems.size();
            String name = null;
            List<String> stacks = List.of();
            List<String> providers = List.of();
            Set<Safety> safety = EnumSet.noneOf(Safety.class);
            Integer approvers = null;
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                String field = path + "." + e.getKey();
                YamlNode f = e.getValue();
                switch (e.getKey()) {
                    case "name" -> {
                        if (f instanceof YamlNode.Scalar s && s.value() instanceof String str && !str.isBlank()
                                && str.length() <= 100 && str.chars().noneMatch(Character::isISOControl)) {
                            name = str.strip();
                        } else {
                            problems.add(new Problem(f.location(), field, "must be one line of text (up to 100 characters)"));
                        }
                    }
                    case "stacks" -> stacks = texts(f, field, GLOB, "a stack name or a glob with * and ? (letters, digits, '_', '-')", problems, true, null);
                    case "providers" -> providers = texts(f, field, PROVIDER, "a provider id such as postgres or snowflake", problems, true, knownProviders);
                    case "safety" -> {
                        for (String s : texts(f, field, Pattern.compile("(?i)safe|unsafe|destructive"), "safe, unsafe or destructive", problems, false, null)) {
                            safety.add(Safety.valueOf(s.toUpperCase(Locale.ROOT)));
                        }
                    }
                    case "approvers" -> {
                        Object val = f instanceof YamlNode.Scalar s ? s.value() : null;
                        if (val instanceof Long n && n >= 1 && n <= MAX_APPROVERS) approvers = n.intValue();
                        else if (val instanceof Integer n && n >= 1 && n <= MAX_APPROVERS) approvers = n;
                        else problems.add(new Problem(f.location(), field, Problem.quote(String.valueOf(val))
                                    + " is not a whole number from 1 to " + MAX_APPROVERS + " (approvals needed by others than the proposer)"));
                    }
                    default -> problems.add(new Problem(m.keyLocations().get(e.getKey()), field,
                            "unknown field of a rule (expected " + String.join(", ", new java.util.TreeSet<>(RULE_FIELDS)) + ")"));
                }
            }
            if (approvers == null && !m.entries().containsKey("approvers")) {
                problems.add(new Problem(item.location(), path + ".approvers", "required: how many approvals by others than the proposer (>= 1)"));
            }
            if (problems.size() == before) out.add(new Rule(name, stacks, providers, safety, approvers, item.location()));
        }
    }

    /**
     * The strings of a list field. {@code notEmpty}: an empty list is a problem (it would never match; leaving the field
     * out matches everything). {@code known}: the values must be among these (null: any value of {@code allowed}).
     */
    private static List<String> texts(YamlNode v, String field, Pattern allowed, String what, List<Problem> problems,
                                      boolean notEmpty, Set<String> known) {
        List<YamlNode> items;
        if (v instanceof YamlNode.Sequence seq) items = seq.items();
        else if (v instanceof YamlNode.Scalar s && s.value() instanceof String) items = List.of(v);
        else {
            problems.add(new Problem(v.location(), field, "must be a list, e.g. [a, b], of " + what));
            return List.of();
        }
        if (notEmpty && items.isEmpty()) {
            problems.add(new Problem(v.location(), field, "is an empty list, which never matches: name at least one, or leave the field"
                    + " out to match every " + (field.endsWith("stacks") ? "stack" : "provider")));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String f = v instanceof YamlNode.Sequence ? field + "[" + i + "]" : field;
            if (item instanceof YamlNode.Scalar s && s.value() instanceof String str && allowed.matcher(str).matches()) {
                if (known != null && !known.contains(str)) {
                    problems.add(new Problem(item.location(), f, Problem.quote(str) + " is not a known provider id (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + "); a rule naming it would never match"));
                } else {
                    out.add(str);
                }
            } else {
                Object val = item instanceof YamlNode.Scalar s ? s.value() : item.toPlain();
                problems.add(new Problem(item.location(), f, Problem.quote(String.valueOf(val)) + " is not " + what));
            }
        }
        return out;
    }

    /** Glob match over a whole name: {@code *} any run of characters, {@code ?} one character. */
    static boolean glob(String glob, String name) {
        if (name == null) return false;
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return name.matches(re.toString());
    }

    /** The rules, in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rules that match a plan of {@code stack} on {@code provider}. */
    public List<Rule> matching(String stack, String provider, Plan plan) {
        return rules.stream().filter(r -> r.matches(stack, provider, plan)).toList();
    }

    /** Approvals a plan needs by others than its proposer: the largest {@code approvers} of the matching rules; 0 = none. */
    public int requiredApprovals(String stack, String provider, Plan plan) {
        return matching(stack, provider, plan).stream().mapToInt(Rule::approvers).max().orElse(0);
    }

    /**
     * Approvals a change of {@code policy.yaml} needs under this policy (the one in force before the change): the
     * largest {@code approvers} of any rule, so that nobody loosens a rule with fewer approvals than it asks for; 0
     * when there is no rule.
     */
    public int policyChangeApprovals() {
        return rules.stream().mapToInt(Rule::approvers).max().orElse(0);
    }

    /** Whether commits must be signed with a trusted key ({@code signatures: required}). */
    public boolean signaturesRequired() {
        return signaturesRequired;
    }

    /** A one-paragraph human description, for {@code mlpc policy show}. */
    public String describe() {
        if (rules.isEmpty() && !signaturesRequired) return "No policy: no plan needs approval; signatures optional.\n";
        StringBuilder b = new StringBuilder();
        if (rules.isEmpty()) b.append("No plan needs approval.\n");
        for (Rule r : rules) {
            b.append("- ").append(r.label()).append(": ").append(r.approvers()).append(" approval(s) by others than the proposer for ")
                    .append(r.stacks().isEmpty() ? "every stack" : "stacks " + String.join(", ", r.stacks()))
                    .append(r.providers().isEmpty() ? "" : " on " + String.join(", ", r.providers()))
                    .append(r.safety().isEmpty() ? " with any change" : " with a change that is " + String.join(" or ",
                            r.safety().stream().sorted().map(Safety::json).toList()))
                    .append('\n');
        }
        b.append("Signatures: ").append(signaturesRequired ? "required" : "optional").append('\n');
        b.append("A change of ").append(FILE).append(" needs ").append(policyChangeApprovals()).append(" approval(s).\n");
        return b.toString();
    }
}
