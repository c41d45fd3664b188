package dev.mlpc.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules as {@code governance.yaml} configures them: one {@link RuleConfig} per known rule, in rule order. */
public record GovernanceConfig(Map<String, RuleConfig> rules) {
    public GovernanceConfig {
        rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** Every rule enabled with its default severity and settings: what an absent {@code governance.yaml} means. */
    public static GovernanceConfig defaults(List<GovernanceRule> rules) {
        Map<String, RuleConfig> out = new LinkedHashMap<>();
        for (GovernanceRule r : rules) out.put(r.id(), defaults(r));
        return new GovernanceConfig(out);
    }

    static RuleConfig defaults(GovernanceRule r) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        r.settings().forEach(s -> settings.put(s.name(), s.defaults()));
        return new RuleConfig(r.id(), true, r.defaultSeverity(), settings);
    }

    public RuleConfig rule(String id) {
        return rules.get(id);
    }
}
