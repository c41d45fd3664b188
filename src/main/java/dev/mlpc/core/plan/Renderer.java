package dev.mlpc.core.plan;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;

import java.util.List;
import java.util.Set;

/** A provider's statement generator: the differ decides what happens, the renderer says how. */
public interface Renderer {
    /** Statements and the safety class of an in-place update. */
    record Rendered(List<Statement> statements, Safety safety) {}

    List<Statement> create(Resource desired);

    /**
     * This renderer bound to {@code stack}, the stack being planned, so that a statement may name what follows from
     * the stack's other definitions (a Data Share create's parent chain) instead of leaving it to the apply. The
     * planner, drift check and apply bind the renderer before diffing; {@code stack} holds the resources given to
     * {@link #create}. By default the renderer needs no stack and returns itself.
     */
    default Renderer forStack(Stack stack) { return this; }

    /** Brings the live object to the desired state for the properties in {@code changed} (all updatable). */
    Rendered update(Resource desired, ObservedResource observed, Set<String> changed);

    /**
     * Removes the object; {@code resource} is the definition it was managed by, {@code observed} what was found live
     * for it (server-assigned ids, ARNs, etags an API needs to delete it), or null when unknown (offline plans,
     * replacing an object the stack moved).
     */
    List<Statement> drop(Resource resource, ObservedResource observed);

    /** {@link #drop(Resource, ObservedResource)} without knowing what exists. */
    default List<Statement> drop(Resource resource) {
        return drop(resource, null);
    }

    /**
     * How a renderer clears a setting that the stack's previously applied version set and the stack no longer sets:
     * the value to send instead ({@link #to}), or why it cannot be cleared ({@link #impossible}; the plan warns,
     * rule {@code not-cleared}, naming the field).
     */
    record Clearing(Object value, String impossible) {
        public static Clearing to(Object value) { return new Clearing(value, null); }
        public static Clearing impossible(String why) { return new Clearing(null, why); }
    }

    /**
     * How to clear the removed setting at {@code path} (a property, or an object field dotted from its property) of a
     * resource of {@code type}; null (the default) leaves removed settings unmanaged: neither compared nor reset.
     * When a value is given and differs from the live one, the differ adds the path (and its property) to the
     * update's changed set, with the desired resource lacking it.
     */
    default Clearing clearing(String type, String path) { return null; }

    /**
     * Whether the immutable property {@code property} of {@code type} says which object the resource is (where it
     * lives or what it is granted to: a schema's database, a grant's role), so that a change of it since the
     * committed stack means another object and the old one is replaced whatever the live read at the new place shows.
     * False for a setting of the object itself that the live read reports (a database's encoding): such a property
     * is compared with the live object only, so a stack that now spells it as the live object has it plans nothing.
     * True by default.
     */
    default boolean identifies(String type, String property) { return true; }

    /** Provider-specific advice about a stack (weak settings, things that cannot be compared). */
    default List<PlanWarning> warnings(Stack stack) { return List.of(); }

    /**
     * What a plan's reader should know about a managed object that exists live (a SageMaker domain's Studio URL):
     * plan entries of severity {@link PlanWarning#INFO}, shown as notes, never blocking. None by default.
     */
    default List<PlanWarning> notes(Resource desired, ObservedResource live) { return List.of(); }

    /**
     * What must be said about dropping {@code removed} (a resource of the previous stack that this plan drops),
     * given what the live read found for it: a warning of severity {@code error} blocks the apply (an Azure
     * resource group that still holds objects this stack does not manage). Called once per DROP, after the drop
     * statements are rendered. None by default.
     */
    default List<PlanWarning> dropWarnings(Resource removed, ObservedResource live) { return List.of(); }
}
