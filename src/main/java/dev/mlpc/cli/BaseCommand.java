package dev.mlpc.cli;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.registry.RegistryException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Shared plumbing of the subcommands: the workbench, output streams and error reporting. */
abstract class BaseCommand implements Callable<Integer> {
    /** The enclosing command: {@link MlpcCommand}, or a group such as {@link RegistryCommand} below it. */
    @CommandLine.ParentCommand
    Object parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Workbench workbench;

    Workbench wb() {
        if (workbench == null) workbench = root().workbench();
        return workbench;
    }

    MlpcCommand root() {
        return parent instanceof RegistryCommand g ? g.root : (MlpcCommand) parent;
    }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    @Override
    public final Integer call() {
        try {
            recoverInterrupted();
            return execute();
        } catch (StackException e) {
            for (Problem p : e.problems()) err().println(p.format());
            err().flush();
            throw new UserError("", 1);
        } catch (ProviderException | AuditException | RegistryException e) {
            throw new UserError("mlpc: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("mlpc: " + e.getMessage());
        }
    }

    /**
     * The start-up hook: commits applies that earlier processes left in their write-ahead journals and says so on
     * stderr (see {@link Workbench#recoverInterrupted}).
     */
    private void recoverInterrupted() {
        for (Workbench.RecoveredApply r : wb().recoverInterrupted()) err().println("mlpc: " + r.describe());
        err().flush();
    }

    abstract int execute() throws StackException, ProviderException, AuditException, RegistryException, IOException;

    ConnectionProfile connection(String name) throws StackException {
        return name == null ? null : wb().connections().require(name);
    }

    /** The repository named by --repo (must exist), or the home one (created on first use). */
    ConfigRepository repository(Path repo) throws StackException, AuditException {
        return repo != null ? wb().openRepository(repo) : wb().repository();
    }

    /** The repository named by --repo, or the home one only if it already exists. */
    ConfigRepository repositoryIfPresent(Path repo) throws StackException, AuditException {
        if (repo != null) return wb().openRepository(repo);
        Path home = wb().repositoryPath();
        return Files.isDirectory(home.resolve(".git")) ? wb().openRepository(home) : null;
    }

    static String readText(Path file) throws IOException {
        return Files.readString(file);
    }

    /** Progress as status lines on stderr when a person is watching; silent in pipelines. */
    Progress progress() {
        if (System.console() == null) return Progress.NONE;
        PrintWriter e = err();
        return new Progress() {
            @Override public void status(String message) { e.println("… " + message); e.flush(); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return false; }
        };
    }
}
