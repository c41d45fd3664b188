package dev.mlpc.governance;

import java.util.List;
import java.util.Map;

/** One rule as configured: enabled, its severity and its settings (every setting present, defaults filled in). */
public record RuleConfig(String rule, boolean enabled, Severity severity, Map<String, List<String>> settings) {
    public RuleConfig {
        settings = Map.copyOf(settings);
    }

    /** A setting's value (the rule's default when {@code governance.yaml} does not set it). */
    public List<String> list(String setting) {
        return settings.getOrDefault(setting, List.of());
    }
}
