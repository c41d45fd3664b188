package dev.mlpc.core.spec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A declarative stack: a name, a description and the desired resources, in file order. */
public record Stack(String name, String description, List<Resource> resources, String sourceFile) {
    public Stack {
        resources = List.copyOf(resources);
        description = description == null ? "" : description;
    }

    public Optional<Resource> find(ResourceKey key) {
        return resources.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** The providers this stack's resources belong to, in order of first use. */
    public Set<String> providers() {
        Set<String> out = new LinkedHashSet<>();
        resources.forEach(r -> out.add(r.provider()));
        return out;
    }
}
