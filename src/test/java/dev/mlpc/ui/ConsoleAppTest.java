package dev.mlpc.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The theme peek the console does before the workbench exists. */
class ConsoleAppTest {
    @Test
    void peeksTheThemeFromSettings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("settings.yaml");
        assertThat(ConsoleApp.peekTheme(f)).as("no file").isEqualTo("light");
        assertThat(ConsoleApp.peekTheme(null)).isEqualTo("light");
        Files.writeString(f, "author: {name: Ada, email: ada@example.org}\ntheme: dark\n");
        assertThat(ConsoleApp.peekTheme(f)).isEqualTo("dark");
        Files.writeString(f, "theme: 'dark'  # night shift\n");
        assertThat(ConsoleApp.peekTheme(f)).isEqualTo("dark");
        Files.writeString(f, "theme: light\n");
        assertThat(ConsoleApp.peekTheme(f)).isEqualTo("light");
        Files.writeString(f, "  theme: dark\n");
        assertThat(ConsoleApp.peekTheme(f)).as("only the top-level key counts").isEqualTo("light");
        Files.writeString(f, "theme: [broken\n");
        assertThat(ConsoleApp.peekTheme(f)).isEqualTo("light");
    }
}
