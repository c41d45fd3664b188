package dev.mlpc.ui.stacks;

import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.spec.Stack;

import java.util.Objects;

/**
 * One stack of the config repository at head, as the Stacks view lists it.
 *
 * @param name     the stack's name ({@code stacks/<name>.yaml})
 * @param provider the providers of its resources, comma-separated ("" when it does not read)
 * @param target   its {@code target:} connection, or null when unbound
 * @param yaml     its YAML at head
 * @param stack    the parsed stack, or null when it does not read ({@link #problem})
 * @param problem  why it does not read (the first problem, {@code file:line:col: field: reason}), or null
 * @param last     its newest commit (the newest whose {@code Stack:} trailer names it), or null when none names it
 * @param applied  the {@code Applied:} trailer of its newest commit that has one ({@code yes}, {@code no},
 *                 {@code failed …}), or "" when none has
 * @param drift    its drift against its target connection
 */
public record StackRow(String name, String provider, String target, String yaml, Stack stack, String problem,
                       CommitInfo last, String applied, StackDrift drift) {
    public StackRow {
        Objects.requireNonNull(name);
        provider = provider == null ? "" : provider;
        applied = applied == null ? "" : applied;
        drift = drift == null ? StackDrift.notChecked("not checked yet") : drift;
    }

    /** The same row with another drift. */
    public StackRow withDrift(StackDrift d) {
        return new StackRow(name, provider, target, yaml, stack, problem, last, applied, d);
    }

    /** The target column: the connection name, or "unbound". */
    public String targetText() {
        return target == null ? "unbound" : target;
    }

    /** The last-commit column: short id, when (UTC date and time), who, subject; "" without a commit. */
    public String lastCommitText() {
        if (last == null) return "";
        return last.shortId() + "  " + StackCatalog.WHEN.format(last.when()) + "  " + last.authorName() + "  " + last.subject();
    }

    /** True when its newest {@code Applied:} trailer is {@code yes}. */
    public boolean wasApplied() {
        return "yes".equalsIgnoreCase(applied);
    }

    /** The applied column: "yes", "no", "failed (…)", or "never recorded" when no commit says. */
    public String appliedText() {
        return applied.isEmpty() ? "never recorded" : applied;
    }
}
