package dev.mlpc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Class data sharing (AppCDS) for the console started from the jar ({@code java -jar target/app/mlpc.jar}); the
 * installed app has its own archive (jpackage/build.sh, made at install time).
 *
 * <p>On the first start of a jar there is no archive: the console starts as usual and, {@link #DELAY_MS} after its
 * window is shown, asks the running JVM for a static dump of the classes it has loaded
 * ({@code VM.cds static_dump}, a child JVM that writes the archive) into {@code MLPC_HOME/cds/}, under a name keyed by
 * a checksum of how this jar was started ({@link #key}). The next start finds the archive and relaunches itself once,
 * in a child JVM with the same arguments plus {@code -XX:SharedArchiveFile=… -Xshare:auto}, and waits for it.</p>
 *
 * <p>It never breaks or slows a start: any failure (no archive support, a read-only home, a child that cannot be
 * started) leaves the start as it would be without it; {@code -Xshare:auto} makes the JVM ignore an archive that does
 * not fit; the dump runs on a daemon thread long after the window is shown; only the last archive is kept. Off with
 * {@code -Dmlpc.cds=off} or {@code MLPC_CDS=off}; CLI commands never use it.</p>
 */
public final class JarCds {
    /** Set in the relaunched child: it neither relaunches nor dumps. */
    static final String CHILD_PROPERTY = "mlpc.cds.child";
    /** How long after the first shown window the archive is made (the start's own work is done by then). */
    static final long DELAY_MS = 20_000;

    private static volatile Path pending;

    private JarCds() { }

    /**
     * Relaunches the console with the archive of this jar when there is one; returns the child's exit code, or -1
     * when the console should start in this JVM (then {@link #archiveLater()} may make the archive).
     */
    static int relaunchWithArchive(Map<String, String> env) {
        Path archive = archivePath(env);
        if (archive == null) return -1;
        if (!Files.isRegularFile(archive)) {
            // a start whose archive the JVM refused once (see dump) neither relaunches nor dumps again
            if (!Files.exists(rejectedMarker(archive))) pending = archive;
            return -1;
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || arguments.isEmpty()) return -1;
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get());
        cmd.add("-XX:SharedArchiveFile=" + archive);
        cmd.add("-Xshare:auto");
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        cmd.addAll(List.of(arguments.get()));
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        Thread stop = new Thread(child::destroy, "mlpc-cds-relaunch");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                int code = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stop);
                return code;
            } catch (InterruptedException e) {
                child.destroy();
            } catch (IllegalStateException e) {
                return child.exitValue();
            }
        }
    }

    /** The archive this start will make after its window is shown, or null (none, or already asked for). */
    static Path pendingArchive() {
        return pending;
    }

    /** The file left beside an archive the JVM refused for this start's class path: no relaunch, no new dump. */
    static Path rejectedMarker(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".rejected");
    }

    /**
     * Whether the JVM maps {@code archive} for a start with this JVM's class path from this working directory: the
     * relaunched child runs {@code -Xshare:auto}, which silently ignores an archive that does not fit (a class path
     * spelled otherwise, a changed jar) and would pay for the second JVM for nothing. Asks a JVM
     * ({@code -XX:+PrintSharedArchiveAndExit}, ~0.2 s), on the archive thread after the dump.
     */
    static boolean mapsForThisStart(Path archive) {
        List<String> cmd = validationCommand(archive);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (java.io.InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return accepted(p.exitValue(), out);
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The check's command: this runtime's java, the archive, and the class path exactly as this JVM was given it. */
    static List<String> validationCommand(Path archive) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit",
                "-cp", System.getProperty("java.class.path", ""), "-version");
    }

    /** The JVM's verdict: exit 0 and its "archive is valid" line ("Unable to use shared archive" exits 1). */
    static boolean accepted(int exitCode, String output) {
        return exitCode == 0 && output != null && output.contains("archive is valid");
    }

    /**
     * Where the archive of this start belongs, or null when this start is not one from a jar that should have one
     * (switched off, the relaunched child, the installed app, a start from classes rather than {@code -jar}).
     */
    static Path archivePath(Map<String, String> env) {
        if ("off".equalsIgnoreCase(System.getProperty("mlpc.cds", "")) || "off".equalsIgnoreCase(env.getOrDefault("MLPC_CDS", ""))) {
            return null;
        }
        if (Boolean.getBoolean(CHILD_PROPERTY) || System.getProperty("jpackage.app-path") != null) return null;
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) return null;
        Path jar = Path.of(classPath).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) return null;
        String home = System.getProperty("mlpc.home");
        if (home == null || home.isBlank()) home = env.get("MLPC_HOME");
        Path dir = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".mlpc") : Path.of(home);
        return dir.toAbsolutePath().resolve("cds").resolve("mlpc-" + key(classPath, jar) + ".jsa");
    }

    /**
     * A checksum (FNV-1a, 64 bits, hex) of what the archive depends on: the class path as given and the folder it is
     * relative to (the JVM compares the class path as text), the path, size and modification time of the jar and of
     * every jar in its {@code lib/}, and the Java runtime.
     */
    static String key(String classPath, Path jar) {
        StringBuilder s = new StringBuilder();
        s.append(classPath).append('\n').append(System.getProperty("user.dir")).append('\n')
                .append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        stamp(s, jar);
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> d = Files.newDirectoryStream(lib, "*.jar")) {
                d.forEach(jars::add);
            } catch (IOException e) {
                s.append("lib unreadable\n");
            }
            jars.sort(null);
            for (Path p : jars) stamp(s, p);
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    private static void stamp(StringBuilder s, Path p) {
        s.append(p).append(' ');
        try {
            s.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            s.append('?');
        }
        s.append('\n');
    }

    /**
     * Called once the console's first window is shown: when this start has no archive yet, makes it on a daemon thread
     * {@link #DELAY_MS} later. Does nothing for other starts (tests, the installed app, CLI).
     */
    public static void archiveLater() {
        Path target = pending;
        pending = null;
        if (target == null) return;
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MS);
                dump(target);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | LinkageError e) {
                // an archive is an optimisation: without one the next start is as fast as this one
                System.getLogger(JarCds.class.getName()).log(System.Logger.Level.DEBUG, "no class data sharing archive", e);
            }
        }, "mlpc-cds-archive");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * The JDK's dumping child leaves its command line and output in {@code java_pid<child>_stdout} and {@code _stderr}
     * in the working directory; those that name this dump's file are removed (after a moment: the JDK drains them on
     * threads of its own).
     */
    static void removeDumpLogs(Path dir, String archive) {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "java_pid*_std{out,err}")) {
            for (Path p : logs) {
                if (!Files.isRegularFile(p)) continue;
                byte[] head;
                try (java.io.InputStream in = Files.newInputStream(p)) {
                    head = in.readNBytes(8_192);
                }
                if (new String(head, java.nio.charset.StandardCharsets.UTF_8).contains(archive)) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable working directory: the logs stay where the JDK put them
        }
    }

    /** The static dump of this JVM's loaded classes to a temporary file, then moved in place; older archives go. */
    static void dump(Path target) throws Exception {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        java.io.PrintStream out = System.out;
        // the JDK prints "Static dump to file …" on System.out: not a line for the user's terminal
        java.io.PrintStream quiet = new java.io.PrintStream(out, true) {
            @Override
            public void println(String x) {
                if (x == null || !x.startsWith("Static dump to file ")) super.println(x);
            }
        };
        System.setOut(quiet);
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"static_dump", tmp.toString()}}, new String[] {String[].class.getName()});
        } finally {
            if (System.out == quiet) System.setOut(out);
            removeDumpLogs(Path.of(System.getProperty("user.dir")), tmp.toString());
        }
        if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            Files.deleteIfExists(tmp);
            return;
        }
        if (!mapsForThisStart(tmp)) {
            Files.deleteIfExists(tmp);
            Files.writeString(rejectedMarker(target), "the JVM does not map this archive for this start's class path\n");
            return;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "mlpc-*.jsa")) {
            for (Path p : old) {
                if (!p.equals(target)) Files.deleteIfExists(p);
            }
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "mlpc-*.jsa.rejected")) {
            for (Path p : old) Files.deleteIfExists(p);
        }
    }
}
