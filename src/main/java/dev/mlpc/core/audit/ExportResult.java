package dev.mlpc.core.audit;

import java.nio.file.Path;

/**
 * What {@link ConfigRepository#export} wrote.
 *
 * @param bundle        the git bundle (complete history of the branch)
 * @param manifestJson  {@code <bundle>.manifest.json}
 * @param manifestText  {@code <bundle>.manifest.txt}, a readable rendering of the same
 * @param commits       number of commits listed in the manifest
 * @param bundleSha256  SHA-256 of the bundle file, lower-case hex
 * @param report        {@code <bundle>.report.html}, the self-contained HTML audit report; null when none was asked for
 */
public record ExportResult(Path bundle, Path manifestJson, Path manifestText, int commits, String bundleSha256, Path report) {
    public ExportResult(Path bundle, Path manifestJson, Path manifestText, int commits, String bundleSha256) {
        this(bundle, manifestJson, manifestText, commits, bundleSha256, null);
    }
}
