package dev.mlpc.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A stack that cannot be used; carries every problem found, not just the first. */
public class StackException extends Exception {
    private final List<Problem> problems;

    public StackException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
