package dev.mlpc.cli;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "validate", description = "Check stack files; print every error as file:line:column: field: reason.")
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Stack files.")
    List<Path> files;

    @Override
    int execute() {
        int bad = 0;
        for (Path f : files) {
            try {
                wb().loadStack(f);
                out().println(f + ": ok");
            } catch (StackException e) {
                bad++;
                for (Problem p : e.problems()) err().println(p.format());
            }
        }
        err().flush();
        return bad == 0 ? 0 : 1;
    }
}
