package dev.mlpc.governance;

import dev.mlpc.core.plan.PlanWarning;

/**
 * One governance finding: which rule, how severe, about which resource, and why (the rule's reason, with the values
 * that triggered it).
 */
public record Finding(String rule, Severity severity, String type, String name, String message) {

    /** The finding as a plan warning: {@code rule} is the rule id; an error says in its message that it blocks apply. */
    public PlanWarning toWarning() {
        String text = severity == Severity.ERROR ? message + " (governance error: blocks apply)" : message;
        return new PlanWarning(type, name, rule, text, severity.json());
    }
}
