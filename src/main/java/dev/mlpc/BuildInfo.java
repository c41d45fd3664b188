package dev.mlpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: the pom's version and the git commit it was built from, read from the resource
 * {@code dev/mlpc/build.properties} that the Maven build generates (resource filtering; the commit comes from
 * {@code git describe} in the {@code initialize} phase, {@code unknown} outside a git work tree).
 * {@code mlpc --version} and Help → About show {@link #text()}.
 */
public record BuildInfo(String version, String commit) {
    /** Said when the build was made outside a git work tree (or git was not there). */
    public static final String UNKNOWN_COMMIT = "unknown commit";

    private static final String RESOURCE = "/dev/mlpc/build.properties";

    /** This build's version and commit; {@code "unknown"} / {@link #UNKNOWN_COMMIT} for what the resource lacks. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            p.clear();
        }
        return of(p.getProperty("version"), p.getProperty("commit"));
    }

    /** Build info from the raw resource values: blank or unfiltered ({@code ${…}}) values count as unknown. */
    static BuildInfo of(String version, String commit) {
        return new BuildInfo(known(version) ? version.trim() : "unknown",
                known(commit) && !commit.trim().equals("unknown") ? commit.trim() : UNKNOWN_COMMIT);
    }

    private static boolean known(String v) {
        return v != null && !v.isBlank() && !v.contains("${");
    }

    /** {@code 0.1.0 (commit 2f97604abcde)} or {@code 0.1.0 (unknown commit)}. */
    public String versionText() {
        return version + " (" + (commit.equals(UNKNOWN_COMMIT) ? commit : "commit " + commit) + ")";
    }

    /** {@code mlpc 0.1.0 (commit 2f97604abcde)}: what {@code mlpc --version} prints. */
    public String text() {
        return "mlpc " + versionText();
    }
}
