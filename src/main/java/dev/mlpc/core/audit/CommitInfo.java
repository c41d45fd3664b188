package dev.mlpc.core.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit of the config repository as read back from git.
 *
 * @param id          full commit id (40 hex)
 * @param shortId     abbreviated id as git shows it (7+ hex)
 * @param authorName  author name
 * @param authorEmail author e-mail
 * @param when        author time
 * @param subject     first line of the message
 * @param message     the full commit message, trailers included
 * @param trailers    the git trailers of the message's last paragraph ({@code Stack}, {@code Plan},
 *                    {@code Plan-Sha256}, {@code Applied}, …), in message order
 * @param files       repository paths added, modified or deleted versus the first parent (all paths for the first commit)
 */
public record CommitInfo(String id, String shortId, String authorName, String authorEmail, Instant when,
                         String subject, String message, Map<String, String> trailers, List<String> files) {
    public CommitInfo {
        trailers = trailers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The value of a trailer, or {@code null}. */
    public String trailer(String key) {
        return trailers.get(key);
    }
}
