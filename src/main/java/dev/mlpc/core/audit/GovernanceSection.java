package dev.mlpc.core.audit;

import java.util.List;

/**
 * The audit report's governance section: the governance rules' findings over the exported repository's estate at
 * export time (stacks at its head, the lineage across systems). Plain data, escaped by {@link AuditReportWriter}.
 *
 * @param summary  one line: what was evaluated and the counts
 * @param findings the findings, in rule order
 * @param notes    what could not be read or evaluated
 */
public record GovernanceSection(String summary, List<Row> findings, List<String> notes) {
    public GovernanceSection {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** One finding: its rule, severity ({@code warning}/{@code error}), subject, message and lineage node ids. */
    public record Row(String rule, String severity, String type, String name, String message, List<String> nodes) {
        public Row {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }
}
