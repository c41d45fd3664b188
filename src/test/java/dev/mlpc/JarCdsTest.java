package dev.mlpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
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
    void theInstalledAppsLauncherCarriesTheSameJitOptions() throws Exception {
        String args = Files.readString(Path.of("jpackage/common.args"));
        for (String o : JarCds.JIT_OPTIONS) assertThat(args).as("jpackage/common.args").contains("--java-options \"" + o + "\"");
        for (String o : JarCds.JIT_OPTIONS) {
            String flag = o.substring("-XX:".length(), o.indexOf('='));
            assertThat(java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(flag).getValue()).as("a flag this JVM knows: " + flag).isNotBlank();
        }
    }

    @Test
    void theCommandLineIsThisJvmsAsTheProcessApiSeesIt() {
        String[] self = JarCds.commandLine();
        ProcessHandle.Info info = ProcessHandle.current().info();
        assertThat(self).isNotNull();
        assertThat(Path.of(self[0])).isEqualTo(Path.of(info.command().orElseThrow()));
        assertThat(java.util.Arrays.copyOfRange(self, 1, self.length)).containsExactly(info.arguments().orElseThrow());
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
    void aFirstStartRelaunchesListingItsClassesLaterStartsWithTheArchive() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Path jar = jarWithLib();
        System.setProperty("java.class.path", jar.toString());
        Map<String, String> env = Map.of("MLPC_HOME", dir.resolve("home").toString());
        Path archive = JarCds.archivePath(env);
        String[] args = {"-Dx=1", "-jar", jar.toString()};

        List<String> first = JarCds.relaunchCommand(env, "/jdk/bin/java", args);
        List<String> expected = new java.util.ArrayList<>(List.of("/jdk/bin/java",
                "-XX:DumpLoadedClassList=" + JarCds.classListOf(archive), "-D" + JarCds.MAKE_PROPERTY + "=" + archive));
        expected.addAll(JarCds.JIT_OPTIONS);
        expected.addAll(List.of("-D" + JarCds.CHILD_PROPERTY + "=true", "-Dx=1", "-jar", jar.toString()));
        assertThat(first).containsExactlyElementsOf(expected);
        assertThat(JarCds.classListOf(archive)).isEqualTo(archive.resolveSibling(
                archive.getFileName().toString().replace(".jsa", ".classlist")));
        assertThat(archive.getParent()).as("the list's folder exists before the child writes it").isDirectory();

        Files.writeString(archive, "archive");
        expected = new java.util.ArrayList<>(List.of("/jdk/bin/java", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
        expected.addAll(JarCds.JIT_OPTIONS);
        expected.addAll(List.of("-D" + JarCds.CHILD_PROPERTY + "=true", "-Dx=1", "-jar", jar.toString()));
        assertThat(JarCds.relaunchCommand(env, "/jdk/bin/java", args)).containsExactlyElementsOf(expected);
        assertThat(JarCds.relaunchCommand(env, null, args)).as("no command line to repeat").isNull();
        assertThat(JarCds.relaunchCommand(env, "/jdk/bin/java", null)).isNull();
        assertThat(JarCds.relaunchCommand(Map.of("MLPC_HOME", "h", "MLPC_CDS", "off"), "/jdk/bin/java", args)).isNull();
    }

    @Test
    void theChildOfAFirstStartMakesTheArchiveOtherChildrenDoNot() {
        System.setProperty(JarCds.CHILD_PROPERTY, "true");
        assertThat(JarCds.relaunchWithArchive(Map.of())).isEqualTo(-1);
        assertThat(JarCds.pendingArchive()).isNull();
        System.setProperty(JarCds.MAKE_PROPERTY, dir.resolve("cds/mlpc-1.jsa").toString());
        try {
            assertThat(JarCds.relaunchWithArchive(Map.of())).isEqualTo(-1);
            assertThat(JarCds.pendingArchive()).isEqualTo(dir.resolve("cds/mlpc-1.jsa"));
        } finally {
            System.clearProperty(JarCds.MAKE_PROPERTY);
            JarCds.clearPending();
        }
    }

    @Test
    void anArchiveThatCouldNotBeMadeOrWasRefusedNeitherRelaunchesNorIsMadeAgain() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Path jar = jarWithLib();
        System.setProperty("java.class.path", jar.toString());
        Map<String, String> env = Map.of("MLPC_HOME", dir.resolve("home").toString());
        Path archive = JarCds.archivePath(env);

        Files.createDirectories(archive.getParent());
        Files.writeString(JarCds.rejectedMarker(archive), "refused");
        assertThat(JarCds.relaunchCommand(env, "/jdk/bin/java", new String[] {"-jar", jar.toString()})).isNull();
        assertThat(JarCds.rejectedMarker(archive).getFileName().toString()).isEqualTo(archive.getFileName() + ".rejected");
    }

    @Test
    void theClassListLosesSignedJarsClassesTheirLambdasAndALineCutShort() {
        String list = String.join("\n", "# NOTE: Do not modify this file.", "java/lang/Object id: 0",
                "org/signed/A id: 1", "dev/mlpc/B id: 2",
                "@lambda-proxy org/signed/A run ()Ljava/lang/Runnable; ()V 6 org/signed/A lambda$x$0 ()V ()V",
                "@lambda-proxy dev/mlpc/B run ()Ljava/lang/Runnable; ()V 6 dev/mlpc/B lambda$y$0 ()V ()V",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L_V",
                "dev/mlpc/C id: 3", "dev/mlpc/Cut id");
        assertThat(JarCds.usableClassList(list, java.util.Set.of("org/signed/A"))).containsExactly(
                "# NOTE: Do not modify this file.", "java/lang/Object id: 0", "dev/mlpc/B id: 2",
                "@lambda-proxy dev/mlpc/B run ()Ljava/lang/Runnable; ()V 6 dev/mlpc/B lambda$y$0 ()V ()V",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L_V",
                "dev/mlpc/C id: 3");
        assertThat(JarCds.usableClassList(list + "\n", java.util.Set.of())).endsWith("dev/mlpc/C id: 3", "dev/mlpc/Cut id");
    }

    @Test
    void signedJarsAreKnownByTheirSignatureFiles() throws Exception {
        Path signed = jar(dir.resolve("signed.jar"), "META-INF/MANIFEST.MF", "META-INF/ECLIPSE_.SF", "org/s/A.class",
                "META-INF/versions/11/org/s/B.class", "org/s/readme.txt");
        Path plain = jar(dir.resolve("plain.jar"), "META-INF/MANIFEST.MF", "dev/p/C.class");
        Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertThat(JarCds.signedClasses(List.of(signed, plain, broken))).containsExactlyInAnyOrder("org/s/A", "org/s/B");
    }

    private static Path jar(Path p, String... entries) throws Exception {
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(p))) {
            for (String e : entries) {
                z.putNextEntry(new java.util.zip.ZipEntry(e));
                z.write(1);
                z.closeEntry();
            }
        }
        return p;
    }

    @Test
    void theArchiveIsDumpedFromTheListWithThisClassPath() {
        List<String> cmd = JarCds.dumpCommand(dir.resolve("l"), dir.resolve("a.tmp"), dir.resolve("err.log"));
        assertThat(cmd.get(0)).endsWith("java").startsWith(System.getProperty("java.home"));
        assertThat(cmd).containsSubsequence("-Xshare:dump", "-XX:SharedClassListFile=" + dir.resolve("l"),
                "-XX:SharedArchiveFile=" + dir.resolve("a.tmp"), "-XX:ErrorFile=" + dir.resolve("err.log"), "-cp",
                System.getProperty("java.class.path"));
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
    void javafxClassPathWarningIsDroppedOtherJavafxMessagesStay() {
        Launcher.hideClassPathWarning();
        java.util.logging.Logger fx = java.util.logging.Logger.getLogger("javafx");
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING,
                "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @6d06d69c'"))).isFalse();
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING, "Unsupported JavaFX configuration: something else"))).isTrue();
        assertThat(fx.getFilter().isLoggable(new LogRecord(Level.WARNING, "Could not load stylesheet"))).isTrue();
    }
}
