package dev.mlpc.core.plan;

/** What a change does to one resource. */
public enum Action {
    CREATE("create"), UPDATE("update"), REPLACE("replace"), DROP("drop"), NOOP("no-op");

    private final String json;

    Action(String json) { this.json = json; }

    /** The name used in plan JSON and in the UI. */
    public String json() { return json; }

    public String symbol() {
        return switch (this) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case REPLACE -> "-/+";
            case DROP -> "-";
            case NOOP -> "=";
        };
    }
}
