package dev.mlpc.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules as {@code governance.yaml} configures them: one {@link RuleConfig} per known rule, in rule order, and the
 * {@link Organisation} (who is inside it) the cross-system rules read.
 */
public record GovernanceConfig(Map<String, RuleConfig> rules, Organisation organisation) {
    public GovernanceConfig {
        rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        organisation = organisation == null ? Organisation.NONE : organisation;
    }

    public GovernanceConfig(Map<String, RuleConfig> rules) {
        this(rules, Organisation.NONE);
    }

    /** Every rule enabled with its default severity and settings: what an absent {@code governance.yaml} means. */
    public static GovernanceConfig defaults(List<GovernanceRule> rules) {
        Map<String, RuleConfig> out = new LinkedHashMap<>();
        for (GovernanceRule r : rules) out.put(r.id(), defaults(r));
        return new GovernanceConfig(out);
    }

    static RuleConfig defaults(GovernanceRule r) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        r.settings().stream().filter(s -> !s.mapping()).forEach(s -> settings.put(s.name(), s.defaults()));
        return new RuleConfig(r.id(), true, r.defaultSeverity(), settings);
    }

    public RuleConfig rule(String id) {
        return rules.get(id);
    }
}
