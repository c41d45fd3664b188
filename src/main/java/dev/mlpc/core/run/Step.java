package dev.mlpc.core.run;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.ResourceKey;

/**
 * One statement of a plan as the runner hands it to a {@link StepExecutor}.
 *
 * @param index     position among all statements of the apply
 * @param change    index of its change in the plan's actionable list
 * @param of        that change
 * @param statement the statement (display form, target, outputs used)
 */
public record Step(int index, int change, Change of, Statement statement) {
    /** The resource the statement belongs to. */
    public ResourceKey key() { return of.key(); }

    /** {@code type name}, as results and messages name it. */
    public String resource() { return of.type() + " " + of.name(); }

    /** Where the statement runs (see {@link Statement#target()}); null: the session's default. */
    public String target() { return statement.target(); }
}
