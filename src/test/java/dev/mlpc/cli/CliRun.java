package dev.mlpc.cli;


import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One {@code mlpc} command run in-process over a home: its exit code and what it printed (CLI tests). */
record CliRun(int code, String out, String err) {
    static CliRun in(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, Map.of("MLPC_HOME", home.toString()), new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
