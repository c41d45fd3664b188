package dev.mlpc.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A version of a registered model, with its aliases and tags. */
public record ModelVersion(long id, String model, int version, String source, String runId, String runLink,
                           String framework, String signature, String status, String stage, String description,
                           String createdBy, Instant createdAt, Instant updatedAt, List<String> aliases,
                           Map<String, String> tags) {
}
