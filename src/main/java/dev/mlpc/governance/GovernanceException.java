package dev.mlpc.governance;

import dev.mlpc.core.spec.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A {@code governance.yaml} that cannot be used: every problem, each as {@code file:line:col: field: reason}. */
public class GovernanceException extends Exception {
    private final List<Problem> problems;

    public GovernanceException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
