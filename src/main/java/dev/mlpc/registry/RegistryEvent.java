package dev.mlpc.registry;

import java.time.Instant;

/**
 * One entry of the event log: who (the console's author and the database role), when, what, and the state before
 * and after as JSON (null where there was none).
 */
public record RegistryEvent(long id, Instant at, String actor, String dbUser, String action, String model,
                            Integer version, String before, String after) {
}
