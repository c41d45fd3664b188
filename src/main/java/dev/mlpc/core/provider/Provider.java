package dev.mlpc.core.provider;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.util.List;

/** A system the console manages (PostgreSQL, Snowflake, SageMaker, Data Share). Nothing UI in here. */
public interface Provider {
    /** Type prefix and connection {@code type}: {@code postgres}. */
    String id();

    String displayName();

    List<ResourceType> resourceTypes();

    /** Null when the name is acceptable as an object name of this system, otherwise the reason. */
    String checkIdentifier(String name);

    Renderer renderer();

    /** Extension of the generated document: {@code sql} or {@code json}. */
    String generatedExtension();

    /**
     * The generated document for a stack, from its offline plan (everything created from scratch): what lands in
     * {@code generated/<provider>/<stack>.<ext>}. Deterministic: the same stack gives the same bytes.
     */
    String renderDocument(Plan offlinePlan);

    /** Checks a connection profile's settings; each problem names the setting. */
    List<String> checkProfile(ConnectionProfile profile);

    /**
     * Opens a session. Every network call made through it has a timeout.
     *
     * @throws ProviderException unreachable, wrong password, missing secret: a message naming which
     */
    ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) throws ProviderException;

    /**
     * Opens a session for work on a stack: a provider that can label its sessions (Snowflake's {@code QUERY_TAG})
     * names the stack and the config commit in them, so the system's own history joins the audit trail. The default
     * ignores the label.
     */
    default ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout, SessionLabel label)
            throws ProviderException {
        return connect(profile, secrets, timeout);
    }
}
