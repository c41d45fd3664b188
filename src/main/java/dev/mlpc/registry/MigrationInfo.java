package dev.mlpc.registry;

import java.time.Instant;

/** One migration of the registry schema, as Flyway reports it: applied, pending, failed or unknown to this console. */
public record MigrationInfo(String version, String description, String state, Instant installedOn, String installedBy,
                            Integer executionMillis) {
}
