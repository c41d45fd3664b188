package dev.mlpc.governance;

import dev.mlpc.core.plan.PlanWarning;

import java.util.List;

/**
 * One governance finding: which rule, how severe, about which resource, and why (the rule's reason, with the values
 * that triggered it). A cross-system finding also names the lineage graph's nodes it is about ({@code nodes}: the
 * first is the one {@code type}/{@code name} describe); a per-stack finding names none.
 */
public record Finding(String rule, Severity severity, String type, String name, String message, List<String> nodes) {
    public Finding {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    public Finding(String rule, Severity severity, String type, String name, String message) {
        this(rule, severity, type, name, message, List.of());
    }

    /** The finding as a plan warning: {@code rule} is the rule id; an error says in its message that it blocks apply. */
    public PlanWarning toWarning() {
        String text = severity == Severity.ERROR ? message + " (governance error: blocks apply)" : message;
        return new PlanWarning(type, name, rule, text, severity.json());
    }
}
