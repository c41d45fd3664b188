package dev.mlpc.core.plan;

/**
 * How dangerous a change is. SAFE: adds or widens. UNSAFE: changes behaviour of existing objects but loses nothing
 * (e.g. lowering a connection limit). DESTRUCTIVE: drops, revokes or replaces; runs only when destruction is allowed.
 */
public enum Safety {
    SAFE, UNSAFE, DESTRUCTIVE;

    public String json() { return name().toLowerCase(java.util.Locale.ROOT); }

    public Safety max(Safety other) { return other.ordinal() > ordinal() ? other : this; }
}
