package dev.mlpc.governance;

import java.util.Locale;

/** How a governance finding counts: a {@code warning} is shown in the plan; an {@code error} also blocks the apply. */
public enum Severity {
    WARNING, ERROR;

    /** The spelling in {@code governance.yaml} and in the plan JSON: {@code warning} or {@code error}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity written as {@code warning} or {@code error}, or null for anything else. */
    public static Severity parse(String text) {
        for (Severity s : values()) if (s.json().equals(text)) return s;
        return null;
    }
}
