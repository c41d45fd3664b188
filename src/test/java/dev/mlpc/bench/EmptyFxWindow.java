package dev.mlpc.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The reference of the cold-start benchmark (jpackage/bench-startup.sh): an empty JavaFX window of the console's size
 * that prints {@code shown-epoch-ms=<t>} at its second frame, as the console's startup probe does, and exits.
 * Not an {@code Application} itself, so it starts with JavaFX on the class path like the jar.
 */
public final class EmptyFxWindow {
    private EmptyFxWindow() { }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new StackPane(), 1280, 800));
            stage.setTitle("empty");
            new AnimationTimer() {
                private int frames;

                @Override
                public void handle(long now) {
                    if (++frames < 2) return;
                    stop();
                    System.out.println("shown-epoch-ms=" + System.currentTimeMillis());
                    System.out.flush();
                    Platform.exit();
                    System.exit(0);
                }
            }.start();
            stage.show();
        }
    }
}
