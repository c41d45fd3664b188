package dev.mlpc.governance;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;

/** Stacks for the rule tests: parsed and validated by the real StackReader over the standard providers. */
final class StackFixtures {
    private static final StackReader READER = new StackReader(Workbench.standardProviders());

    private StackFixtures() {
    }

    static Stack parse(String yaml) throws Exception {
        return READER.parse("stacks/gov.yaml", yaml);
    }
}
