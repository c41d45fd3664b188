package dev.mlpc.cli;

import dev.mlpc.app.VersionDiff;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "diff", description = {
        "Compare two versions of a stack: resources added, removed and changed, and the generated files' diff.",
        "REV: any git revision of the config repository (full or short id, HEAD~2, a tag)."})
final class DiffCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "STACK", description = "Stack name.")
    String stack;

    @Parameters(index = "1", paramLabel = "REV1", description = "The older version (a commit).")
    String rev1;

    @Parameters(index = "2", paramLabel = "REV2", description = "The newer version (a commit).")
    String rev2;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Override
    int execute() throws StackException, AuditException {
        ConfigRepository r = repositoryIfPresent(repo);
        if (r == null) throw new UserError("mlpc: no config repository at " + wb().repositoryPath() + " (give --repo DIR)");
        try (r) {
            VersionDiff d = wb().compareVersions(stack, rev1, rev2, r);
            if (format == Format.json) out().println(d.toJson());
            else out().print(d.toText());
        }
        out().flush();
        return 0;
    }
}
