package dev.mlpc.cli;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "init", description = "Create a config repository (stacks/, generated/, journal/) in DIR.")
final class InitCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of the config repository.")
    Path dir;

    @Override
    int execute() throws AuditException {
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            out().println("Config repository ready at " + repo.directory());
        }
        return 0;
    }
}
