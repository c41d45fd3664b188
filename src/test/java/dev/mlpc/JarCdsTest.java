package dev.mlpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class JarCdsTest {
    @TempDir
    Path dir;

    private final String classPath = System.getProperty("java.class.path");

    @AfterEach
    void restore() {
        System.setProperty("java.class.path", classPath);
        System.clearProperty("mlpc.cds");
        System.clearProperty(JarCds.CHILD_PROPERTY);
    }

    private Path jarWithLib() throws Exception {
        Path jar = Files.writeString(dir.resolve("app/mlpc.jar"), "jar", java.nio.file.StandardOpenOption.CREATE_NEW)
                .toAbsolutePath();
        return jar;
    }

    @Test
    void aJarStartGetsAnArchiveUnderTheHomeKeyedByHowItStarted() throws Exception {
        Files.createDirectories(dir.resolve("app/lib"));
        Path jar = jarWithLib();
        Path lib = Files.writeString(dir.resolve("app/lib/a.jar"), "a");
        System.setProperty("java.class.path", jar.toString());
        Path home = dir.resolve("home");

        Path archive = JarCds.archivePath(Map.of("MLPC_HOME", home.toString()));
        assertThat(archive.getParent()).isEqualTo(home.toAbsolutePath().resolve("cds"));
        assertThat(archive.getFileName().toString()).matches("mlpc-[0-9a-f]{16}\\.jsa");
        assertThat(JarCds.archivePath(Map.of("MLPC_HOME", home.toString()))).isEqualTo(archive);

        // a rebuilt library (new size or time) is another archive: the JVM would refuse the old one
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        assertThat(JarCds.archivePath(Map.of("MLPC_HOME", home.toString()))).isNotEqualTo(archive);
        String before = JarCds.key(jar.toString(), jar);
        Files.writeString(jar, "rebuilt jar");
        assertThat(JarCds.key(jar.toString(), jar)).isNotEqualTo(before);
        // the class path is compared as text by the JVM: a relative spelling is another archive
        assertThat(JarCds.key("app/mlpc.jar", jar)).isNotEqualTo(JarCds.key(jar.toString(), jar));
    }

    @Test
    void noArchiveWhenOffInTheChildOrNotStartedFromAJar() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Path jar = jarWithLib();
        Map<String, String> env = Map.of("MLPC_HOME", dir.resolve("home").toString());
        System.setProperty("java.class.path", jar.toString());
        assertThat(JarCds.archivePath(env)).isNotNull();

        assertThat(JarCds.archivePath(Map.of("MLPC_HOME", "h", "MLPC_CDS", "off"))).isNull();
        System.setProperty("mlpc.cds", "off");
        assertThat(JarCds.archivePath(env)).isNull();
        System.clearProperty("mlpc.cds");
        System.setProperty(JarCds.CHILD_PROPERTY, "true");
        assertThat(JarCds.archivePath(env)).isNull();
        System.clearProperty(JarCds.CHILD_PROPERTY);
        System.setProperty("java.class.path", jar + java.io.File.pathSeparator + dir.resolve("other.jar"));
        assertThat(JarCds.archivePath(env)).as("a class path, not -jar").isNull();
        System.setProperty("java.class.path", dir.resolve("classes").toString());
        assertThat(JarCds.archivePath(env)).isNull();
    }

    @Test
    void withoutAnArchiveTheConsoleStartsInThisJvm() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Path jar = jarWithLib();
        System.setProperty("java.class.path", jar.toString());
        assertThat(JarCds.relaunchWithArchive(Map.of("MLPC_HOME", dir.resolve("home").toString()))).isEqualTo(-1);
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void anArchiveTheJvmRefusedNeitherRelaunchesNorIsDumpedAgain() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Path jar = jarWithLib();
        System.setProperty("java.class.path", jar.toString());
        Map<String, String> env = Map.of("MLPC_HOME", dir.resolve("home").toString());
        Path archive = JarCds.archivePath(env);

        assertThat(JarCds.relaunchWithArchive(env)).isEqualTo(-1);
        assertThat(JarCds.pendingArchive()).as("a first start makes the archive later").isEqualTo(archive);

        Files.createDirectories(archive.getParent());
        Files.writeString(JarCds.rejectedMarker(archive), "refused");
        JarCds.archiveLater(); // clears what the first call left
        assertThat(JarCds.relaunchWithArchive(env)).isEqualTo(-1);
        assertThat(JarCds.pendingArchive()).as("refused once: no dump on every start").isNull();
        assertThat(JarCds.rejectedMarker(archive).getFileName().toString()).isEqualTo(archive.getFileName() + ".rejected");
    }

    @Test
    void anArchiveIsKeptOnlyWhenTheJvmMapsItForThisClassPath() throws Exception {
        Path garbage = Files.writeString(dir.resolve("mlpc-0.jsa.tmp"), "not an archive");
        assertThat(JarCds.mapsForThisStart(garbage)).isFalse();
        assertThat(JarCds.mapsForThisStart(dir.resolve("missing.jsa"))).isFalse();

        assertThat(JarCds.validationCommand(garbage)).containsSubsequence("-XX:SharedArchiveFile=" + garbage,
                "-XX:+PrintSharedArchiveAndExit", "-cp", System.getProperty("java.class.path"), "-version");
        assertThat(JarCds.validationCommand(garbage).get(0)).endsWith("java").startsWith(System.getProperty("java.home"));
        assertThat(JarCds.accepted(0, "...\nVM version: OpenJDK\n\narchive is valid\n")).isTrue();
        assertThat(JarCds.accepted(1, "[shared class paths mismatch]\nUnable to use shared archive.")).isFalse();
        assertThat(JarCds.accepted(0, "Unable to use shared archive.")).isFalse();
        assertThat(JarCds.accepted(0, null)).isFalse();
    }

    @Test
    void onlyTheDumpLogsNamingThisArchiveAreRemoved() throws Exception {
        Path ours = Files.writeString(dir.resolve("java_pid123_stdout"), "Command:\njava -XX:SharedArchiveFile=/h/cds/mlpc-1.jsa.tmp.temp\n");
        Path oursErr = Files.writeString(dir.resolve("java_pid123_stderr"), "Command:\njava -XX:SharedArchiveFile=/h/cds/mlpc-1.jsa.tmp.temp\n");
        Path other = Files.writeString(dir.resolve("java_pid456_stdout"), "Command:\njava -XX:SharedArchiveFile=/elsewhere.jsa\n");
        Path unrelated = Files.writeString(dir.resolve("notes.txt"), "/h/cds/mlpc-1.jsa.tmp");

        JarCds.removeDumpLogs(dir, "/h/cds/mlpc-1.jsa.tmp");

        assertThat(ours).doesNotExist();
        assertThat(oursErr).doesNotExist();
        assertThat(other).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void javafxClassPathWarningIsDroppedOtherJavafxMessagesStay() {
        Launcher.hideClassPathWarning();
        java.util.logging.Logger fx = java.util.logging.Logger.getLogger("javafx");
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING,
                "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @6d06d69c'"))).isFalse();
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING, "Unsupported JavaFX configuration: something else"))).isTrue();
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING, "Could not load stylesheet"))).isTrue();
    }
}
