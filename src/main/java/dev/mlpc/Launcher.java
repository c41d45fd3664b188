package dev.mlpc;

import dev.mlpc.cli.MlpcCommand;

/**
 * Entry point. With arguments: the headless CLI ({@code mlpc plan …}); without: the JavaFX console.
 * Deliberately not a {@code javafx.application.Application}: with JavaFX on the class path that would fail with
 * "JavaFX runtime components are missing".
 */
public final class Launcher {
    private Launcher() { }

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.mlpc.ui.ConsoleApp.launchConsole(args);
            return;
        }
        System.exit(MlpcCommand.run(args, System.getenv()));
    }
}
