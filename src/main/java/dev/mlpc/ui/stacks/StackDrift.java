package dev.mlpc.ui.stacks;

import java.util.List;

/**
 * The drift of one stack against its target connection: in sync, N changes (resources that differ live or are
 * missing), not checked (with why), or being checked.
 *
 * @param changes the number of the stack's resources that differ or are missing (0 unless {@link Kind#CHANGES})
 * @param details one line per changed resource ({@code type name: what}), for the tooltip
 * @param why     why it was not checked ("" otherwise)
 */
public record StackDrift(Kind kind, int changes, List<String> details, String why, String connection) {
    /** The states of the drift column. */
    public enum Kind { IN_SYNC, CHANGES, NOT_CHECKED, CHECKING }

    public StackDrift {
        details = details == null ? List.of() : List.copyOf(details);
        why = why == null ? "" : why;
    }

    public static StackDrift notChecked(String why) {
        return new StackDrift(Kind.NOT_CHECKED, 0, List.of(), why, null);
    }

    public static StackDrift checking(String connection) {
        return new StackDrift(Kind.CHECKING, 0, List.of(), "", connection);
    }

    /** The drift column: "in sync", "1 change", "N changes", "not checked — why", "checking …". */
    public String text() {
        return switch (kind) {
            case IN_SYNC -> "in sync";
            case CHANGES -> changes + (changes == 1 ? " change" : " changes");
            case NOT_CHECKED -> "not checked — " + why;
            case CHECKING -> "checking against " + connection + "…";
        };
    }
}
