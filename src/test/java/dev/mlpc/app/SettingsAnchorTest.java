package dev.mlpc.app;

import dev.mlpc.core.audit.HistoryAnchor;
import dev.mlpc.core.spec.StackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings issue 13 adds: {@code apply_lock_wait} and {@code verified} (root and last verified head per repository). */
class SettingsAnchorTest {
    @TempDir Path tmp;

    @Test
    void anchorsAndTheLockWaitRoundTripAndKeepTheOtherSettings() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Files.writeString(file, "author: {name: Ada, email: ada@example.org}\ntheme: dark\napply_lock_wait: 5\n");
        Settings s = Settings.load(file);
        assertThat(s.lockWaitSeconds()).isEqualTo(5);
        Path repo = tmp.resolve("config");
        assertThat(s.verified(repo)).isEqualTo(HistoryAnchor.NONE);
        s.withVerified(repo, new HistoryAnchor("a".repeat(40), "b".repeat(40))).save(file);

        Settings back = Settings.load(file);
        assertThat(back.verified(repo)).isEqualTo(new HistoryAnchor("a".repeat(40), "b".repeat(40)));
        assertThat(back.verified(tmp.resolve("other"))).isEqualTo(HistoryAnchor.NONE);
        assertThat(back.authorName()).isEqualTo("Ada");
        assertThat(back.theme()).isEqualTo("dark");
        assertThat(back.lockWaitSeconds()).isEqualTo(5);
        // the console's own edits keep them
        back.withTheme("light").withAuthor("Bo", "bo@example.org").save(file);
        assertThat(Settings.load(file).verified(repo).head()).isEqualTo("b".repeat(40));
        assertThat(Settings.load(file).lockWaitSeconds()).isEqualTo(5);
        assertThat(Settings.defaults().lockWaitSeconds()).isEqualTo(Settings.DEFAULT_LOCK_WAIT);
    }

    @Test
    void aBadLockWaitOrAnchorIsNamedWithItsPosition() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Files.writeString(file, "apply_lock_wait: forever\nverified: [x]\n");
        assertThatThrownBy(() -> Settings.load(file)).isInstanceOf(StackException.class)
                .hasMessageContaining("settings.yaml:1:18: apply_lock_wait: must be a whole number of seconds from 0 to 3600")
                .hasMessageContaining("settings.yaml:2:11: verified: must be a mapping of repository paths");
    }

    @Test
    void aSymlinkToTheRepositoryIsTheSameRepository() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("config"));
        Path link = Files.createSymbolicLink(tmp.resolve("config-link"), repo);
        HistoryAnchor anchor = new HistoryAnchor("c".repeat(40), "d".repeat(40));
        Path file = tmp.resolve("settings.yaml");
        Settings.defaults().withVerified(link, anchor).save(file);
        Settings back = Settings.load(file);
        assertThat(back.verified(repo)).isEqualTo(anchor);
        assertThat(back.verified(link)).isEqualTo(anchor);
        assertThat(back.verified(tmp.resolve("config-link/../config"))).isEqualTo(anchor);
    }
}
