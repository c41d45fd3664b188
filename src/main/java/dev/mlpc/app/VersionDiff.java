package dev.mlpc.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.StackDiff;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code mlpc diff STACK REV1 REV2} and the History view's compare show: the semantic difference of a stack
 * between two commits and the unified diff of its generated files ({@code generated/<provider>/<stack>.*}) between them.
 *
 * @param stack     the stack's name
 * @param fromRev   the first revision as the user gave it
 * @param from      the commit it names
 * @param inFrom    whether the stack exists at {@code from} (absent: every resource is added)
 * @param toRev     the second revision as the user gave it
 * @param to        the commit it names
 * @param inTo      whether the stack exists at {@code to} (absent: every resource is removed)
 * @param semantic  resources added, removed and changed from {@code from} to {@code to}
 * @param generated the unified diff of the stack's generated files from {@code from} to {@code to} ("" when equal)
 */
public record VersionDiff(String stack, String fromRev, CommitInfo from, boolean inFrom, String toRev, CommitInfo to,
                          boolean inTo, StackDiff semantic, String generated) {
    private static final ObjectWriter PRETTY = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    /** One line naming both versions, e.g. {@code stack registry: 1a2b3c4 (HEAD~2) -> 5d6e7f8 (HEAD)}. */
    public String header() {
        return "stack " + stack + ": " + side(fromRev, from) + " -> " + side(toRev, to);
    }

    private static String side(String rev, CommitInfo c) {
        return c.shortId() + (rev.equals(c.shortId()) || rev.equals(c.id()) ? "" : " (" + rev + ")");
    }

    /**
     * The human form: the header, a line for a version where the stack is absent, the semantic difference
     * ({@link StackDiff#toText()}), then "generated files:" with their unified diff, or "generated files: no
     * differences".
     */
    public String toText() {
        StringBuilder b = new StringBuilder(header()).append('\n');
        if (!inFrom) b.append("stack ").append(stack).append(" does not exist at ").append(from.shortId()).append(": it was added since\n");
        if (!inTo) b.append("stack ").append(stack).append(" does not exist at ").append(to.shortId()).append(": it was removed since\n");
        b.append('\n').append(semantic.toText());
        if (generated.isEmpty()) {
            b.append("\ngenerated files: no differences\n");
        } else {
            b.append("\ngenerated files:\n").append(generated);
            if (!generated.endsWith("\n")) b.append('\n');
        }
        return b.toString();
    }

    /**
     * The JSON form (two-space indent, no trailing newline): {@code stack}, {@code from} and {@code to}
     * ({@code rev}, {@code commit} — the full id —, {@code exists}), then {@link StackDiff#toJson()}'s {@code summary},
     * {@code added}, {@code removed}, {@code changed}, and {@code generated_diff} (the unified diff as one string).
     */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", stack);
        root.put("from", side(fromRev, from, inFrom));
        root.put("to", side(toRev, to, inTo));
        root.putAll(semantic.toTree());
        root.put("generated_diff", generated);
        try {
            return PRETTY.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> side(String rev, CommitInfo c, boolean exists) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rev", rev);
        m.put("commit", c.id());
        m.put("exists", exists);
        return m;
    }
}
