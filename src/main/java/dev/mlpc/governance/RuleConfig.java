package dev.mlpc.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule as configured: enabled, its severity and its settings (every list setting present, defaults filled in;
 * mapping settings in {@code mappings}, in file order, absent when not set).
 */
public record RuleConfig(String rule, boolean enabled, Severity severity, Map<String, List<String>> settings,
                         Map<String, Map<String, String>> mappings) {
    public RuleConfig {
        settings = Map.copyOf(settings);
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        if (mappings != null) mappings.forEach((k, v) -> m.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        mappings = java.util.Collections.unmodifiableMap(m);
    }

    public RuleConfig(String rule, boolean enabled, Severity severity, Map<String, List<String>> settings) {
        this(rule, enabled, severity, settings, Map.of());
    }

    /** A setting's value (the rule's default when {@code governance.yaml} does not set it). */
    public List<String> list(String setting) {
        return settings.getOrDefault(setting, List.of());
    }

    /** A mapping setting's value in file order (empty when not set). */
    public Map<String, String> map(String setting) {
        return mappings.getOrDefault(setting, Map.of());
    }
}
