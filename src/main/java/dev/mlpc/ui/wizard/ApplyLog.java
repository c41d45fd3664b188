package dev.mlpc.ui.wizard;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ApplyResult;

/** The finish page's log of an apply: one line per statement run, its error, the failure and the audit commit. */
public final class ApplyLog {
    private ApplyLog() { }

    /** The log of {@code outcome}, empty when nothing ran and nothing was recorded. */
    public static String text(Workbench.ApplyOutcome outcome) {
        ApplyResult r = outcome.result();
        StringBuilder b = new StringBuilder();
        for (ApplyResult.Executed x : r.executed()) {
            b.append(String.format("%-11s %6d ms  %s%n", x.outcome().name(), x.millis(), statementText(x.statement())));
            if (x.error() != null) b.append("            error: ").append(x.error()).append('\n');
        }
        if (r.failure() != null) b.append('\n').append(r.failure()).append('\n');
        if (outcome.commit() != null) {
            b.append("\nApply recorded as commit ").append(outcome.commit().shortId()).append(" (Applied: ")
                    .append(r.trailer()).append(")\n");
        }
        if (outcome.auditError() != null) b.append('\n').append(outcome.auditError()).append('\n');
        return b.toString();
    }

    /** A statement on one line, at most 160 characters (SQL text, or a request document as compact JSON). */
    public static String statementText(Object statement) {
        String s = statement instanceof String str ? str : dev.mlpc.core.plan.CanonicalJson.compact(statement);
        s = s.replace('\n', ' ');
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
