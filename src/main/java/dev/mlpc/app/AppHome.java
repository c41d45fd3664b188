package dev.mlpc.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * The application's home folder: {@code MLPC_HOME}, default {@code ~/.mlpc}. Holds {@code connections.yaml},
 * {@code settings.yaml} and, unless settings say otherwise, the local config repository in {@code config/}.
 */
public record AppHome(Path dir) {
    public static AppHome resolve(Map<String, String> env) {
        String home = env.get("MLPC_HOME");
        if (home != null && !home.isBlank()) return new AppHome(Path.of(home).toAbsolutePath());
        return new AppHome(Path.of(System.getProperty("user.home"), ".mlpc"));
    }

    public Path connectionsFile() { return dir.resolve("connections.yaml"); }

    public Path settingsFile() { return dir.resolve("settings.yaml"); }

    public Path defaultRepository() { return dir.resolve("config"); }

    public Path stacksDir() { return dir.resolve("stacks"); }

    /** Write-ahead journals of applies under way ({@code <run id>.jsonl}); what is left here after a crash is recovered. */
    public Path walDir() { return dir.resolve("journal-wal"); }
}
