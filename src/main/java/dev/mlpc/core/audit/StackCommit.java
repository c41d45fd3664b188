package dev.mlpc.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one stack commit writes. Paths are repository-relative with '/' separators.
 *
 * <p>On commit, {@code stacks/<stack>.yaml} gets exactly {@code stackYaml}; every entry of {@code generated} (paths
 * {@code generated/<provider>/<stack>.<ext>}) is written and any other {@code generated/<provider>/<stack>.*} file of
 * this stack is removed; {@code journalJson} is written at {@code journalPath} when given, which must be a new file
 * (journals are append-only).
 *
 * @param stack       stack name (the {@code Stack:} trailer)
 * @param provider    provider id, e.g. {@code postgres}
 * @param stackYaml   the stack file, written byte for byte (UTF-8)
 * @param generated   generated files, path to text, e.g. {@code generated/postgres/s.sql} and
 *                    {@code generated/postgres/s.plan.json} (the plan JSON)
 * @param planTrailer the {@code Plan:} trailer, e.g. {@code +3 ~1 -0}; when {@code null} it is taken from the plan
 *                    JSON's summary, if there is one
 * @param planSha256  the {@code Plan-Sha256:} trailer (SHA-256 of the plan JSON bytes); when {@code null} it is
 *                    computed from the plan JSON, if there is one
 * @param applied     the {@code Applied:} trailer: {@code no}, {@code yes} or {@code failed (…)}; {@code null} means no
 * @param message     commit message; its first line is the subject; may be multi-line
 * @param author      author and committer
 * @param journalPath nullable, e.g. {@code journal/s/20261122T101500123Z-ab12cd34.json}
 * @param journalJson nullable, the journal document (its SHA-256 becomes the {@code Journal-Sha256:} trailer)
 * @param runId       nullable, the apply's run id (the {@code Run:} trailer; the same id as the session label's and
 *                    the write-ahead journal's)
 * @param trailers    further trailers, in order, written after {@code Journal-Sha256:} and before the record chain
 *                    (change control: {@code Target:}, {@code Approval:}, {@code Reverts:} …); keys are git trailer
 *                    keys other than the ones this record sets itself, values one line each
 */
public record StackCommit(String stack, String provider, String stackYaml, Map<String, String> generated,
                          String planTrailer, String planSha256, String applied,
                          String message, Author author,
                          String journalPath, String journalJson, String runId, Map<String, String> trailers) {
    public StackCommit {
        generated = generated == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(generated));
        trailers = trailers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }

    /** A commit without further trailers. */
    public StackCommit(String stack, String provider, String stackYaml, Map<String, String> generated,
                       String planTrailer, String planSha256, String applied, String message, Author author,
                       String journalPath, String journalJson, String runId) {
        this(stack, provider, stackYaml, generated, planTrailer, planSha256, applied, message, author, journalPath,
                journalJson, runId, Map.of());
    }

    /** A commit without a run id. */
    public StackCommit(String stack, String provider, String stackYaml, Map<String, String> generated,
                       String planTrailer, String planSha256, String applied, String message, Author author,
                       String journalPath, String journalJson) {
        this(stack, provider, stackYaml, generated, planTrailer, planSha256, applied, message, author, journalPath,
                journalJson, null);
    }

    /** This commit with another message. */
    public StackCommit withMessage(String text) {
        return new StackCommit(stack, provider, stackYaml, generated, planTrailer, planSha256, applied, text, author,
                journalPath, journalJson, runId, trailers);
    }

    /** This commit with {@code Applied:} {@code applied} and the journal {@code journalJson} at {@code journalPath}. */
    public StackCommit withOutcome(String applied, String journalPath, String journalJson) {
        return new StackCommit(stack, provider, stackYaml, generated, planTrailer, planSha256, applied, message, author,
                journalPath, journalJson, runId, trailers);
    }

    /** This commit with {@code more} trailers added after the ones it has (a key given again replaces its value). */
    public StackCommit withTrailers(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(trailers);
        all.putAll(more);
        return new StackCommit(stack, provider, stackYaml, generated, planTrailer, planSha256, applied, message, author,
                journalPath, journalJson, runId, all);
    }
}
