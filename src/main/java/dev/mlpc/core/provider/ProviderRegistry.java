package dev.mlpc.core.provider;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.TypeCatalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers this application knows, passed explicitly (no global registry). */
public final class ProviderRegistry implements TypeCatalog {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Map<String, ResourceType> types = new LinkedHashMap<>();

    public ProviderRegistry(List<Provider> list) {
        for (Provider p : list) {
            providers.put(p.id(), p);
            for (ResourceType t : p.resourceTypes()) types.put(t.type(), t);
        }
    }

    public Collection<Provider> providers() { return providers.values(); }

    public Optional<Provider> provider(String id) { return Optional.ofNullable(providers.get(id)); }

    public Provider require(String id) throws ProviderException {
        Provider p = providers.get(id);
        if (p == null) throw new ProviderException("unknown provider type " + Problem.quote(id) + " (known: " + String.join(", ", providers.keySet()) + ")");
        return p;
    }

    @Override
    public Optional<ResourceType> type(String type) { return Optional.ofNullable(types.get(type)); }

    @Override
    public Collection<ResourceType> types() { return types.values(); }

    @Override
    public String checkIdentifier(String provider, String name) {
        Provider p = providers.get(provider);
        return p == null ? null : p.checkIdentifier(name);
    }
}
