package dev.mlpc.core.spec;

/** Identity of a resource: its type and name. */
public record ResourceKey(String type, String name) implements Comparable<ResourceKey> {
    @Override
    public int compareTo(ResourceKey o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() { return type + " " + name; }
}
