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
 */
public record ExportResult(Path bundle, Path manifestJson, Path manifestText, int commits, String bundleSha256) {
}
