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
 * <p>On the first start of a jar there is no archive: the console relaunches itself once, in a child JVM with the
 * same arguments plus {@code -XX:DumpLoadedClassList=…}, which lists every class the start loads and every lambda it
 * links. {@link #DELAY_MS} after the child's window is shown, a separate JVM turns that list into a static archive
 * ({@code -Xshare:dump}) in {@code MLPC_HOME/cds/}, under a name keyed by a checksum of how this jar was started
 * ({@link #key}). The next starts find the archive and relaunch themselves once, in a child JVM with the same
 * arguments plus {@code -XX:SharedArchiveFile=… -Xshare:auto}, and wait for it. Made from a class list, the archive
 * holds the lambdas' proxy classes too (a {@code VM.cds static_dump} of the running JVM, used before, left out the
 * ~1,000 lambdas of a console start: BENCHMARKS.md).</p>
 *
 * <p>It never breaks or slows a start beyond the one relaunch: any failure (no archive support, a read-only home, a
 * child that cannot be started, a dump that fails) leaves the start as it would be without it, and a dump that fails
 * or an archive the JVM refuses is marked so that later starts neither relaunch nor dump again;
 * {@code -Xshare:auto} makes the JVM ignore an archive that does not fit; the dump runs in another process long after
 * the window is shown; only the last archive is kept. Off with {@code -Dmlpc.cds=off} or {@code MLPC_CDS=off}; CLI
 * commands never use it.</p>
 */
public final class JarCds {
    /** Set in the relaunched child: it neither relaunches nor dumps (unless {@link #MAKE_PROPERTY} says so). */
    static final String CHILD_PROPERTY = "mlpc.cds.child";
    /** Set in the child of a first start: the archive it makes from its class list once its window is shown. */
    static final String MAKE_PROPERTY = "mlpc.cds.make";
    /** How long after the first shown window the archive is made (the start's own work is done by then). */
    static final long DELAY_MS = 20_000;

    /**
     * The JIT's second tier (C2) later than by default, ten times its invocation and loop thresholds: during a cold
     * start on two cores its compiler thread takes a core from the FX thread for work that does not pay off before the
     * window is shown (~0.13 s of the start; BENCHMARKS.md, "C2 later"). Code that stays hot still gets C2; the layout
     * and governance benchmarks are not slower. The installed app's launcher carries the same options
     * ({@code jpackage/common.args}, checked by a test).
     */
    public static final List<String> JIT_OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

    private static volatile Path pending;

    private JarCds() { }

    /**
     * Relaunches the console in a child JVM with the archive of this jar when there is one, or listing its classes
     * for the archive when there is none yet; returns the child's exit code, or -1 when the console should start in
     * this JVM (then {@link #archiveLater()} may make the archive).
     */
    static int relaunchWithArchive(Map<String, String> env) {
        if (Boolean.getBoolean(CHILD_PROPERTY)) {
            String make = System.getProperty(MAKE_PROPERTY, "");
            if (!make.isBlank()) pending = Path.of(make);
            return -1;
        }
        String[] self = commandLine();
        List<String> cmd = self == null ? null
                : relaunchCommand(env, self[0], java.util.Arrays.copyOfRange(self, 1, self.length));
        if (cmd == null) return -1;
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        // no lambda or method reference on this path: the first one of a JVM costs ~10 ms of set-up, and this parent
        // JVM's time is all added to the console's start (issue 14, cold start)
        Thread stop = new Thread("mlpc-cds-relaunch") {
            @Override
            public void run() {
                child.destroy();
            }
        };
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

    /**
     * This JVM's executable and arguments, or null when unknown. On Linux read from {@code /proc/self} (~0.3 ms);
     * elsewhere, or when that fails, from {@code ProcessHandle.current().info()}, which also looks up the user and the
     * start time (~5 ms, all of it added to the console's start in the relaunch's parent JVM).
     */
    static String[] commandLine() {
        try {
            Path proc = Path.of("/proc/self");
            if (Files.isDirectory(proc)) {
                String exe = Files.readSymbolicLink(proc.resolve("exe")).toString();
                byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
                List<String> parts = new ArrayList<>();
                int from = 0;
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == 0) {
                        parts.add(new String(raw, from, i - from, java.nio.charset.StandardCharsets.UTF_8));
                        from = i + 1;
                    }
                }
                if (from < raw.length) parts.add(new String(raw, from, raw.length - from, java.nio.charset.StandardCharsets.UTF_8));
                if (!parts.isEmpty() && !exe.endsWith(" (deleted)")) {
                    parts.set(0, exe);
                    return parts.toArray(new String[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: ask the process API
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) return null;
        String[] args = info.arguments().get();
        String[] out = new String[args.length + 1];
        out[0] = info.command().get();
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    /**
     * The relaunched child's command, or null when this start runs in this JVM (no archive for it, one the JVM
     * refused, or no command line to repeat): {@code java} with the archive ({@code -XX:SharedArchiveFile=…
     * -Xshare:auto}), or, without one yet, with the class list to make it from ({@code -XX:DumpLoadedClassList=…
     * -Dmlpc.cds.make=ARCHIVE}), then {@code -Dmlpc.cds.child=true} and this JVM's arguments.
     */
    static List<String> relaunchCommand(Map<String, String> env, String command, String[] arguments) {
        Path archive = archivePath(env);
        if (archive == null || command == null || arguments == null) return null;
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        if (Files.isRegularFile(archive)) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
            cmd.add("-Xshare:auto");
        } else if (Files.exists(rejectedMarker(archive))) {
            // a start whose archive could not be made, or that the JVM refused once, neither relaunches nor dumps
            return null;
        } else {
            try {
                Files.createDirectories(archive.getParent());
            } catch (IOException | RuntimeException e) {
                return null;
            }
            cmd.add("-XX:DumpLoadedClassList=" + classListOf(archive));
            cmd.add("-D" + MAKE_PROPERTY + "=" + archive);
        }
        cmd.addAll(JIT_OPTIONS);
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        // this JVM's own arguments last: an option given on the command line wins over ours
        cmd.addAll(List.of(arguments));
        return cmd;
    }

    /** The class list a first start writes for {@code archive}: beside it, {@code mlpc-<key>.classlist}. */
    static Path classListOf(Path archive) {
        String name = archive.getFileName().toString();
        return archive.resolveSibling(name.substring(0, name.length() - ".jsa".length()) + ".classlist");
    }

    /** Forgets the archive this start would make (tests). */
    static void clearPending() {
        pending = null;
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
     * A checksum (CRC-32 and Adler-32, 16 hex digits) of what the archive depends on: the class path as given and the
     * folder it is relative to (the JVM compares the class path as text), the path, size and modification time of the
     * jar and of every jar in its {@code lib/}, and the Java runtime.
     */
    static String key(String classPath, Path jar) {
        StringBuilder s = new StringBuilder();
        s.append(classPath).append('\n').append(System.getProperty("user.dir")).append('\n')
                .append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        stamp(s, jar.toFile());
        java.io.File lib = jar.resolveSibling("lib").toFile();
        if (lib.isDirectory()) {
            String[] names = lib.list();
            if (names == null) {
                s.append("lib unreadable\n");
            } else {
                java.util.Arrays.sort(names);
                for (String n : names) {
                    if (n.endsWith(".jar")) stamp(s, new java.io.File(lib, n));
                }
            }
        }
        // CRC-32 and Adler-32 (native code; a hash loop in Java runs interpreted this early, ~3 ms for these ~15,000
        // characters)
        byte[] bytes = s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(bytes);
        return hex8(crc.getValue()) + hex8(adler.getValue());
    }

    private static String hex8(long v) {
        String hex = Long.toHexString(v);
        return "00000000".substring(hex.length()) + hex;
    }

    /** The path, size and modification time of {@code f} (java.io: this runs in the relaunch's parent JVM, see above). */
    private static void stamp(StringBuilder s, java.io.File f) {
        s.append(f.toPath()).append(' ');
        if (f.isFile()) {
            s.append(f.length()).append(' ').append(f.lastModified());
        } else {
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
     * The lines of a class list ({@code -XX:DumpLoadedClassList}) that {@code -Xshare:dump} can use: without the
     * classes of signed jars, which the dump skips, and without their lambdas, which crash JDK 17's dump
     * ({@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}); a last line cut short (the list is read
     * while the console still writes it) is left out.
     */
    static List<String> usableClassList(String classList, java.util.Set<String> signedClasses) {
        List<String> out = new ArrayList<>();
        String[] lines = classList.split("\n", -1);
        // the part after the last line break is either empty or a line still being written
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                out.add(line);
                continue;
            }
            String[] t = line.trim().split("\\s+");
            String cls = line.startsWith("@lambda-proxy") ? (t.length > 1 ? t[1] : "") : line.startsWith("@") ? null : t[0];
            if (cls == null || !signedClasses.contains(cls)) out.add(line);
        }
        return out;
    }

    /**
     * The classes ({@code a/b/C}) of the signed jars among {@code jars}; a jar that cannot be read counts as signed
     * (its classes are not known, none is left out).
     */
    static java.util.Set<String> signedClasses(List<Path> jars) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Path p : jars) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile(), false)) {
                boolean signed = jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/")
                        && e.getName().toUpperCase(java.util.Locale.ROOT).endsWith(".SF"));
                if (!signed) continue;
                jar.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class"))
                        .map(n -> n.replaceFirst("^META-INF/versions/\\d+/", ""))
                        .forEach(n -> out.add(n.substring(0, n.length() - ".class".length())));
            } catch (IOException | RuntimeException e) {
                // not a readable jar: nothing of it is known to be signed
            }
        }
        return out;
    }

    /** The jar this JVM runs and the jars of its {@code lib/} (the libraries its manifest names). */
    private static List<Path> classPathJars() {
        Path jar = Path.of(System.getProperty("java.class.path", "")).toAbsolutePath();
        List<Path> out = new ArrayList<>(List.of(jar));
        try (DirectoryStream<Path> d = Files.newDirectoryStream(jar.resolveSibling("lib"), "*.jar")) {
            d.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // no lib/: the jar alone
        }
        return out;
    }

    /** The dumping JVM's command: this runtime's java, the usable class list, and this JVM's class path as given. */
    static List<String> dumpCommand(Path classList, Path archive, Path errorFile) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
                "-XX:ErrorFile=" + errorFile, "-cp", System.getProperty("java.class.path", ""));
    }

    /**
     * Makes the archive from this start's class list in a separate JVM, from this JVM's working directory (the JVM
     * compares the class path as text), into a temporary file, then moved in place; older archives and lists go. A
     * dump that fails, or an archive the JVM would not map, leaves the rejected marker instead.
     */
    static void dump(Path target) throws Exception {
        Path dir = target.getParent();
        Path list = classListOf(target);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Path usable = dir.resolve(target.getFileName() + ".classlist.tmp");
        Files.deleteIfExists(tmp);
        if (!Files.isRegularFile(list)) return;
        Files.write(usable, usableClassList(Files.readString(list, java.nio.charset.StandardCharsets.UTF_8),
                signedClasses(classPathJars())));
        boolean made;
        try {
            Process p = new ProcessBuilder(dumpCommand(usable, tmp, dir.resolve("dump-error.log")))
                    .directory(new java.io.File(System.getProperty("user.dir")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            made = p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) && p.exitValue() == 0;
            if (p.isAlive()) p.destroyForcibly();
        } finally {
            Files.deleteIfExists(usable);
        }
        if (!made || !Files.isRegularFile(tmp) || Files.size(tmp) == 0 || !mapsForThisStart(tmp)) {
            Files.deleteIfExists(tmp);
            Files.writeString(rejectedMarker(target), "no archive the JVM maps for this start's class path could be made\n");
            return;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "mlpc-*.{jsa,classlist}")) {
            for (Path p : old) {
                if (!p.equals(target)) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // an old file the system keeps open (Windows): it goes with a later dump
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "mlpc-*.jsa.rejected")) {
            for (Path p : old) Files.deleteIfExists(p);
        }
    }
}
