package dev.mlpc.lineage;

import dev.mlpc.core.spec.Resource;

import java.util.List;

/**
 * What a live inventory of one connection says: its objects as resources and their drift against the stacks. A
 * managed object's resource is its stack's (names as the stack writes them); an unmanaged one's is built from the live
 * node (names as the system stores them).
 *
 * @param connection the connection read
 * @param objects    the objects: live ones (managed or not) and the stack resources missing live
 */
public record LiveObjects(String connection, List<LiveObject> objects) {
    public LiveObjects {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /**
     * One object.
     *
     * @param resource the object as a resource: the observed one when it is live (its properties as read; for a
     *                 managed object whose properties were not read, the stack's resource), the stack's when missing
     * @param stack    the stack managing it, or null when it is in no stack
     * @param drift    {@code in-sync}, {@code drifted}, {@code missing} or {@code unknown} (not compared, or unmanaged)
     * @param path     the live tree path of an unmanaged object (for Data Share its ARM id, which names its parents),
     *                 or null
     */
    public record LiveObject(Resource resource, String stack, String drift, String path) {
        public LiveObject(Resource resource, String stack, String drift) {
            this(resource, stack, drift, null);
        }
    }
}
