package dev.mlpc.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, for tests of HTML the product writes: opens a {@code file://} page with networking,
 * sync, component updates and background services switched off, a throw-away profile, name resolution mapped to
 * nothing and a proxy that goes nowhere (so even a request that slipped through could not leave the machine), and
 * returns the DOM after the page's scripts ran ({@code --dump-dom}) plus every console message Chromium logged
 * ({@code --enable-logging=stderr}: lines {@code :CONSOLE:…] "message", source: …}).
 *
 * <p>A missing browser fails the test with what to install: {@code .ci/run} installs {@code chromium} and
 * {@code chromium-driver} when they are missing.</p>
 */
public final class HeadlessChromium {
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]\\d*\\)?\\] (.*)$");

    /** What one page load gave. */
    public record Page(String dom, List<String> console, String stderr, int exit) { }

    private HeadlessChromium() {
    }

    /** The chromium executable: {@code MLPC_CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    public static Path executable() {
        String env = System.getenv("MLPC_CHROMIUM");
        if (env != null && !env.isBlank()) return Path.of(env);
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        throw new AssertionError("Chromium is not installed: the HTML report tests need Debian's chromium and"
                + " chromium-driver packages (apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    /** Loads {@code file} (with {@code fragment} after '#', may be null) and dumps its DOM after the scripts ran. */
    public static Page dumpDom(Path file, String fragment, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        String url = file.toAbsolutePath().toUri().toString() + (fragment == null ? "" : "#" + fragment);
        List<String> cmd = new ArrayList<>(List.of(executable().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--metrics-recording-only", "--no-pings",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom", url));
        Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = scratch.resolve("chromium-" + System.nanoTime() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish loading " + url + " within 120 s");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String stderr = Files.readString(out.resolveSibling(err.getFileName()), StandardCharsets.UTF_8);
        List<String> console = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher m = CONSOLE.matcher(line);
            if (m.find()) console.add(m.group(1));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        deleteTree(profile);
        return new Page(dom, console, stderr, p.exitValue());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException e) {
            // a profile file still held by an exiting helper process: the test's temp dir removes it later
        }
    }
}
