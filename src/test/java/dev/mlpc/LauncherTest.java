package dev.mlpc;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {
    @Test
    void linuxWithoutADisplayIsExplained() {
        assertThat(Launcher.noDisplayReason("Linux", Map.of(), null)).contains("DISPLAY");
        assertThat(Launcher.noDisplayReason("Linux", Map.of("DISPLAY", ":99"), null)).isNull();
        assertThat(Launcher.noDisplayReason("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), null)).isNull();
        assertThat(Launcher.noDisplayReason("Linux", Map.of(), "Monocle")).isNull();
        assertThat(Launcher.noDisplayReason("Windows 11", Map.of(), null)).isNull();
    }

    @Test
    void onlyAHomeOpensTheConsoleOverIt() {
        assertThat(Launcher.consoleHome(new String[] {"--home", "/tmp/h"})).isEqualTo("/tmp/h");
        assertThat(Launcher.consoleHome(new String[] {"--home=/tmp/h"})).isEqualTo("/tmp/h");
        assertThat(Launcher.consoleHome(new String[] {})).isNull();
        assertThat(Launcher.consoleHome(new String[] {"--home", "/tmp/h", "plan", "x.yaml"})).isNull();
        assertThat(Launcher.consoleHome(new String[] {"--home"})).isNull();
        assertThat(Launcher.consoleHome(new String[] {"--help"})).isNull();
    }
}
