package dev.mlpc.governance;

import java.util.List;

/**
 * A governance rule: a stable id (the key in {@code governance.yaml} and the {@code rule} of its plan warnings), the
 * reason it exists, a default severity and its settings. {@link #check} looks at what an {@link Estate} declares and
 * reports findings; it never talks to a live system.
 */
public interface GovernanceRule {
    String id();

    /** Why the rule exists, one sentence (README, and the start of every finding's message). */
    String reason();

    /** The severity when {@code governance.yaml} does not set one. */
    default Severity defaultSeverity() { return Severity.WARNING; }

    /** The rule's settings, with their defaults. */
    default List<RuleSetting> settings() { return List.of(); }

    /** The findings of this rule over {@code estate}, in the estate's resource order. */
    List<Finding> check(Estate estate, RuleConfig config);

    /**
     * The findings with the whole configuration at hand (the cross-system rules read its {@link Organisation}); by
     * default {@link #check(Estate, RuleConfig)}.
     */
    default List<Finding> check(Estate estate, RuleConfig config, GovernanceConfig all) {
        return check(estate, config);
    }

    /** True for a rule over the lineage graph ({@link Estate#graph}), false for a rule over stacks' resources. */
    default boolean crossSystem() { return false; }

    /** A finding of this rule with the configured severity. */
    default Finding finding(RuleConfig config, String type, String name, String detail) {
        return new Finding(id(), config.severity(), type, name, reason() + ": " + detail);
    }
}
