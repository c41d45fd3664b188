package dev.mlpc.governance;

import java.util.List;
import java.util.function.Function;

/**
 * A setting of a rule in {@code governance.yaml}: a list of texts (tag names, bucket names, resource types), or, when
 * {@code mapping}, a mapping of text to text (location prefix to classification).
 *
 * @param name        the key under the rule, snake_case
 * @param defaults    the value when {@code governance.yaml} does not set it (a mapping setting: empty)
 * @param description what the setting means (README)
 * @param check       the reason an entry (a mapping's key) is not acceptable, or null when it is
 * @param mapping     true: the setting is a mapping ({@link RuleConfig#map}); false: a list ({@link RuleConfig#list})
 */
public record RuleSetting(String name, List<String> defaults, String description, Function<String, String> check,
                          boolean mapping) {
    public RuleSetting {
        defaults = List.copyOf(defaults);
    }

    public RuleSetting(String name, List<String> defaults, String description, Function<String, String> check) {
        this(name, defaults, description, check, false);
    }

    /** A mapping setting (empty by default). */
    public static RuleSetting mapping(String name, String description, Function<String, String> keyCheck) {
        return new RuleSetting(name, List.of(), description, keyCheck, true);
    }
}
