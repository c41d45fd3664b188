package dev.mlpc.core.spec;

import java.util.Collection;
import java.util.Optional;

/** The resource types known to the application and each provider's identifier rule. */
public interface TypeCatalog {
    Optional<ResourceType> type(String type);

    Collection<ResourceType> types();

    /** Checks an object name for a provider: null when acceptable, otherwise the reason. */
    String checkIdentifier(String provider, String name);
}
