package dev.mlpc.registry;

import java.time.Instant;

/** One logged value of a metric of a version; {@code at} is null for a value not yet stored. */
public record Metric(String key, double value, long step, Instant at) {
}
