package dev.mlpc.registry;

import java.util.List;

/**
 * One page of a keyset-paginated listing. {@code next} is an opaque cursor for the following page, null on the last.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
