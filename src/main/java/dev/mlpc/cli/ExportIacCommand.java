package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.iac.IacExporter;
import dev.mlpc.iac.IacFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "export-iac", description = {
        "Write a stack as a Pulumi program in Python or as Terraform JSON.",
        "STACK is a stack file, or the name of a stack in the config repository at head.",
        "Without --out the main file (__main__.py or main.tf.json) is printed. What has no equivalent is listed in the",
        "output as comments and on stderr. Files in --out DIR whose content differs are not overwritten without --force",
        "(exit 1 naming them). Exit 2 for an unknown stack or format, or a usage error."})
final class ExportIacCommand extends BaseCommand implements UsageErrorsExitTwo {
    @Parameters(index = "0", paramLabel = "STACK", description = "Stack file, or stack name in the config repository.")
    String stack;

    @Option(names = "--to", paramLabel = "FORMAT", description = "pulumi-python or terraform-json (required).")
    String to;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the files into DIR (Pulumi: __main__.py, Pulumi.yaml, requirements.txt; Terraform: main.tf.json).")
    Path out;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository to find STACK in (default: the home one).")
    Path repo;

    @Option(names = "--force", description = "With --out: overwrite files whose content differs (an edit there is lost).")
    boolean force;

    @Override
    int execute() throws StackException, AuditException, IOException {
        if (to == null) {
            throw new UserError("mlpc: export-iac: --to: missing (known: " + IacFormat.choices() + ")", 2);
        }
        IacFormat format = IacFormat.parse(to).orElseThrow(() -> new UserError(
                "mlpc: export-iac: --to: unknown format '" + to + "' (known: " + IacFormat.choices() + ")", 2));
        Stack s = resolve();
        IacExporter.Result result = new IacExporter().export(s, format);
        if (out == null) {
            out().print(result.main());
            out().flush();
            if (result.files().size() > 1) {
                err().println("mlpc: printed " + format.mainFile() + " only; --out DIR also writes "
                        + String.join(", ", result.files().keySet().stream().filter(f -> !f.equals(format.mainFile())).toList()));
            }
        } else {
            List<Path> written;
            try {
                written = IacExporter.write(result, out, force);
            } catch (IacExporter.Overwrite e) {
                throw new UserError("mlpc: export-iac: --out: refused: " + e.getMessage() + "; nothing written (give --force"
                        + " to overwrite them)", 1);
            } catch (IacExporter.OutError e) {
                throw new UserError("mlpc: export-iac: --out: " + e.getMessage(), 1);
            }
            for (Path p : written) err().println("wrote " + p);
        }
        if (!result.unmapped().isEmpty()) {
            err().println("mlpc: no equivalent in " + format.id() + " (listed as comments in the output):");
            for (String u : result.unmapped()) err().println("  - " + u);
        }
        err().flush();
        return 0;
    }

    /** A stack file when STACK names one, else the stack of that name in the config repository at head. */
    private Stack resolve() throws StackException, AuditException {
        Path file = Path.of(stack);
        if (Files.isRegularFile(file)) return wb().loadStack(file);
        boolean looksLikeFile = stack.endsWith(".yaml") || stack.endsWith(".yml") || stack.contains("/");
        Optional<String> yaml = Optional.empty();
        String where = "no config repository";
        if (!looksLikeFile) {
            try (ConfigRepository r = repositoryIfPresent(repo)) {
                if (r != null) {
                    where = "the config repository " + r.directory();
                    try {
                        yaml = r.readStack(stack);
                    } catch (AuditException e) {
                        yaml = Optional.empty();
                    }
                }
            }
        }
        if (yaml.isEmpty()) {
            throw new UserError("mlpc: export-iac: STACK: no stack file '" + stack + "' and no stack of that name in "
                    + where, 2);
        }
        return wb().parseStack("stacks/" + stack + ".yaml", yaml.get());
    }
}
