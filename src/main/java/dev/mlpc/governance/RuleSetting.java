package dev.mlpc.governance;

import java.util.List;
import java.util.function.Function;

/**
 * A setting of a rule in {@code governance.yaml}: a list of texts (tag names, bucket names, resource types).
 *
 * @param name        the key under the rule, snake_case
 * @param defaults    the value when {@code governance.yaml} does not set it
 * @param description what the setting means (README)
 * @param check       the reason an entry is not acceptable, or null when it is
 */
public record RuleSetting(String name, List<String> defaults, String description, Function<String, String> check) {
    public RuleSetting {
        defaults = List.copyOf(defaults);
    }
}
