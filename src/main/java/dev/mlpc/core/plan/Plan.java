package dev.mlpc.core.plan;

import dev.mlpc.core.spec.SafeText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ordered list of changes for one stack, with warnings. Immutable. */
public final class Plan {

    /** Counts per action, as in the plan JSON and the {@code Plan:} trailer. */
    public record Summary(int create, int update, int replace, int drop) {
        public int total() { return create + update + replace + drop; }

        /** The {@code Plan:} trailer form: {@code +7 ~1 -0}, with {@code -/+N} appended when there are replaces. */
        public String trailer() {
            return "+" + create + " ~" + update + " -" + drop + (replace > 0 ? " -/+" + replace : "");
        }
    }

    private final String stack;
    private final String provider;
    private final List<Change> changes;
    private final List<PlanWarning> warnings;
    private final boolean offline;
    private final List<String> notes;

    public Plan(String stack, String provider, List<Change> changes, List<PlanWarning> warnings, boolean offline) {
        this(stack, provider, changes, warnings, offline, List.of());
    }

    private Plan(String stack, String provider, List<Change> changes, List<PlanWarning> warnings, boolean offline,
                 List<String> notes) {
        this.stack = stack;
        this.provider = provider;
        this.changes = List.copyOf(changes);
        this.warnings = List.copyOf(warnings);
        this.offline = offline;
        this.notes = List.copyOf(notes);
    }

    /**
     * This plan with {@code notes} added: what a person should know about how the plan was made (a lineage source that
     * could not be read) that is not part of the plan. Notes are in {@link #toText()} only, never in the plan JSON,
     * so never in {@link #sha256()}: the same changes and warnings hash the same whether or not a source answered.
     */
    public Plan withNotes(List<String> more) {
        if (more.isEmpty()) return this;
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new Plan(stack, provider, changes, warnings, offline, all);
    }

    /** Notes about how the plan was made; outside the plan JSON and its hash ({@link #withNotes}). */
    public List<String> notes() { return notes; }

    public String stack() { return stack; }
    public String provider() { return provider; }
    /** Every change in execution order, no-ops included. */
    public List<Change> changes() { return changes; }
    /** The changes that do something, in execution order. */
    public List<Change> actionable() { return changes.stream().filter(c -> c.action() != Action.NOOP).toList(); }
    public List<PlanWarning> warnings() { return warnings; }
    /** True when the plan was made without a connection (assuming nothing exists). */
    public boolean offline() { return offline; }

    public boolean hasChanges() { return !actionable().isEmpty(); }

    public List<Change> destructive() {
        return actionable().stream().filter(c -> c.safety() == Safety.DESTRUCTIVE).toList();
    }

    public Summary summary() {
        int c = 0, u = 0, r = 0, d = 0;
        for (Change ch : changes) {
            switch (ch.action()) {
                case CREATE -> c++;
                case UPDATE -> u++;
                case REPLACE -> r++;
                case DROP -> d++;
                default -> { }
            }
        }
        return new Summary(c, u, r, d);
    }

    /**
     * The plan JSON tree (contract: BRIEF §2). No-ops are left out of {@code changes}. Statements are their display
     * forms: SQL text as is, request documents in {@link CanonicalJson#canonical canonical form}. A change whose statements run
     * somewhere other than the session's default connection (for PostgreSQL: in a database) also carries
     * {@code "target"}, right after {@code "statements"}: see {@link #target(Change)}.
     */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", stack);
        Summary s = summary();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("create", s.create());
        summary.put("update", s.update());
        summary.put("replace", s.replace());
        summary.put("drop", s.drop());
        root.put("summary", summary);
        List<Object> cs = new ArrayList<>();
        for (Change ch : actionable()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", ch.action().json());
            m.put("type", ch.type());
            m.put("name", ch.name());
            m.put("safety", ch.safety().json());
            m.put("statements", ch.statements().stream().map(st -> CanonicalJson.canonical(st.display())).toList());
            Object target = target(ch);
            if (target != null) m.put("target", target);
            cs.add(m);
        }
        root.put("changes", cs);
        List<Object> ws = new ArrayList<>();
        for (PlanWarning w : warnings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", w.type());
            m.put("name", w.name());
            m.put("rule", w.rule());
            m.put("message", w.message());
            if (w.severity() != null) m.put("severity", w.severity());
            ws.add(m);
        }
        root.put("warnings", ws);
        return root;
    }

    /**
     * Where a change's statements run, for the plan JSON: null when every statement runs on the default connection;
     * the target (e.g. a database name) when every statement runs in the same one; otherwise a list parallel to the
     * statements, one entry per statement (null for the default connection), e.g. a schema moved from one database to
     * another.
     */
    public static Object target(Change ch) {
        List<String> distinct = targets(ch);
        if (distinct.isEmpty() || distinct.size() == 1 && distinct.get(0) == null) return null;
        if (distinct.size() == 1) return distinct.get(0);
        List<String> each = new ArrayList<>();
        for (Statement st : ch.statements()) each.add(st.target());
        return Collections.unmodifiableList(each);
    }

    /** The places a change's statements run, in statement order, each once; null stands for the default connection. */
    public static List<String> targets(Change ch) {
        List<String> out = new ArrayList<>();
        for (Statement st : ch.statements()) if (!out.contains(st.target())) out.add(st.target());
        return Collections.unmodifiableList(out);
    }

    /**
     * Canonical JSON (two-space indent, '\n' line ends, trailing newline): the bytes the plan hash is taken over. The
     * plan's own fields keep the contract's order; request documents (map statements) are written by
     * {@link CanonicalJson} (keys sorted, numbers normalised), so the same plan hashes the same in every JVM.
     */
    public String toJson() {
        return CanonicalJson.prettyAsIs(toJsonTree()) + "\n";
    }

    /** SHA-256 of {@link #toJson()}, lower-case hex: the {@code Plan-Sha256:} trailer. */
    public String sha256() {
        return sha256(toJson().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Human-readable plan: one block per change with its statements. User data in it (names, reasons, statements,
     * warnings) has its control and spoofing characters escaped ({@link SafeText#escape}: ESC shows as
     * {@code \u001b}), so that a comment cannot move the cursor and hide a line of the plan.
     */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Plan for stack ").append(SafeText.escape(stack)).append(offline ? " (offline: assuming nothing exists)" : "").append('\n');
        for (Change ch : actionable()) {
            b.append('\n').append(ch.action().symbol()).append(' ').append(ch.action().json()).append(' ')
                    .append(SafeText.escape(ch.type())).append(' ').append(SafeText.escape(ch.name()))
                    .append("  [").append(ch.safety().json()).append(']');
            Object target = target(ch);
            if (target instanceof String t) {
                b.append("  [target: ").append(SafeText.escape(t)).append(']');
            } else if (target != null) {
                b.append("  [target: ").append(SafeText.escape(String.join(", ", targets(ch).stream()
                        .map(t -> t == null ? "(default)" : t).toList()))).append(']');
            }
            if (!ch.reason().isEmpty()) b.append("  ").append(SafeText.escape(ch.reason()));
            b.append('\n');
            for (Statement st : ch.statements()) {
                String text = st.display() instanceof String str ? str : toCompactJson(st.display());
                // lines end at line feeds only: a lone carriage return stays in its line, escaped
                text = text.replace("\r\n", "\n");
                if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
                if (text.isEmpty()) continue;
                for (String l : text.split("\n", -1)) b.append("    ").append(SafeText.escape(l, true)).append('\n');
            }
        }
        for (PlanWarning w : warnings) {
            b.append("error".equals(w.severity()) ? "\nerror: " : PlanWarning.INFO.equals(w.severity()) ? "\nnote: " : "\nwarning: ")
                    .append(SafeText.escape(w.type())).append(' ').append(SafeText.escape(w.name())).append(": ")
                    .append(SafeText.escape(w.message())).append(" [").append(SafeText.escape(w.rule())).append("]\n");
        }
        for (String n : notes) b.append("\nnote: ").append(SafeText.escape(n)).append('\n');
        Summary s = summary();
        b.append('\n').append(s.total() == 0 ? "No changes. The live system matches the stack."
                : String.format("Plan: %d to create, %d to update, %d to replace, %d to drop.",
                s.create(), s.update(), s.replace(), s.drop())).append('\n');
        return b.toString();
    }

    private static String toCompactJson(Object o) {
        return CanonicalJson.compact(o);
    }
}
