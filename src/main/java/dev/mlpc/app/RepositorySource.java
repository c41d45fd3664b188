package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;

/** Opens the config repository the console works on (settings decide where); the caller closes it. */
@FunctionalInterface
interface RepositorySource {
    ConfigRepository open() throws StackException, AuditException;
}
