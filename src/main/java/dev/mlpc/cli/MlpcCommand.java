package dev.mlpc.cli;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code mlpc}: the headless command line. Thin: parse, call the {@link Workbench}, print, exit code.
 * Exit codes: 0 ok, 1 error (message on stderr, no stack trace unless {@code --debug}), 2 for
 * {@code plan --detailed-exitcode} when there are changes.
 */
@Command(name = "mlpc", mixinStandardHelpOptions = true, versionProvider = MlpcCommand.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "ML Platform Console: declarative stacks, plans, audited commits. Without any argument it opens the console.",
        subcommands = {InitCommand.class, ValidateCommand.class, PlanCommand.class, ApplyCommand.class,
                InventoryCommand.class, CommitCommand.class, LogCommand.class, VerifyCommand.class, ExportCommand.class,
                SchemaCommand.class, RegistryCommand.class, GovernanceCommand.class, KeysCommand.class,
                PolicyCommand.class, ProposeCommand.class, ApproveCommand.class, RejectCommand.class,
                ProposalsCommand.class, DiffCommand.class, RollbackCommand.class, GovernCommand.class, LineageCommand.class,
                ExportIacCommand.class,
                CommandLine.HelpCommand.class})
public final class MlpcCommand implements Runnable {
    @Option(names = "--debug", description = "Print stack traces of errors and the database drivers' INFO logging.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--home", paramLabel = "DIR", description = "Home folder (default: $MLPC_HOME or ~/.mlpc).",
            scope = CommandLine.ScopeType.INHERIT)
    Path home;

    Map<String, String> env = Map.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The workbench for this invocation (home from --home, else the environment). */
    Workbench workbench() {
        Map<String, String> e = new HashMap<>(env);
        if (home != null) e.put("MLPC_HOME", home.toAbsolutePath().toString());
        return new Workbench(AppHome.resolve(e), Workbench.standardProviders(), e, Workbench.DEFAULT_TIMEOUT);
    }

    /** Runs the CLI and returns the exit code (used by the Launcher and by tests). */
    public static int run(String[] args, Map<String, String> env) {
        return run(args, env, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, Map<String, String> env, PrintWriter rawOut, PrintWriter rawErr) {
        // user data (names, comments, messages) never reaches the terminal with its control characters
        PrintWriter out = TerminalSafeWriter.wrap(rawOut);
        PrintWriter err = TerminalSafeWriter.wrap(rawErr);
        MlpcCommand root = new MlpcCommand();
        root.env = env;
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        // help in plain text: its own ANSI styles would be escaped like any other control character
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError ue) {
                if (ue.getMessage() != null && !ue.getMessage().isEmpty()) err.println(ue.getMessage());
                err.flush();
                return ue.exitCode();
            }
            err.println("mlpc: " + describe(ex));
            if (root.debug) ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            // picocli's own messages start with "Error: "; ours are "mlpc: <what>: <why>"
            String msg = ex.getMessage() == null ? "" : ex.getMessage().replaceFirst("^Error: ", "");
            err.println("mlpc: " + msg);
            err.println("Try 'mlpc " + ex.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^mlpc ?", "")
                    .trim() + " --help'.".replace("  ", " "));
            err.flush();
            // govern, lineage and export-iac keep 1 for findings and lookups: their usage errors are 2
            return ex.getCommandLine().getCommandSpec().userObject() instanceof UsageErrorsExitTwo
                    ? UsageErrorsExitTwo.USAGE : 1;
        });
        // --debug also lets drivers' INFO logging through (system property mlpc.debug, read by the providers)
        cl.setExecutionStrategy(parsed -> {
            String before = System.getProperty("mlpc.debug");
            if (root.debug) System.setProperty("mlpc.debug", "true");
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                if (before == null) System.clearProperty("mlpc.debug");
                else System.setProperty("mlpc.debug", before);
            }
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String describe(Exception ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) msg = ex.getClass().getSimpleName();
        return msg;
    }

    /** The pom's version and the git commit of this build ({@link dev.mlpc.BuildInfo}). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {dev.mlpc.BuildInfo.current().text()};
        }
    }
}
