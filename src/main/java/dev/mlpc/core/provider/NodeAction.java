package dev.mlpc.core.provider;

import java.util.List;

/**
 * An operation a provider offers on one live node that is not a change of configuration, such as Data Share's
 * <em>Synchronize now</em> on a share subscription. The console lists them in the tree's context menu
 * ({@link ProviderSession#actions(LiveNode)}) and runs them through {@link ProviderSession#runAction}; they are not
 * planned and not committed (they change data, not the stack).
 *
 * @param id          stable id, unique per node ({@code synchronize}, {@code cancel-synchronization})
 * @param label       menu text, with a mnemonic underscore allowed ({@code _Synchronize now…})
 * @param description one sentence shown in the confirmation dialog
 * @param choices     the values the user picks one of before running (e.g. {@code Incremental}, {@code FullSync});
 *                    empty when there is nothing to choose
 * @param destructive true when the action discards or stops something: the console asks for an explicit confirm
 */
public record NodeAction(String id, String label, String description, List<String> choices, boolean destructive) {
    public NodeAction {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("action id is required");
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * What a run of an action ended with.
     *
     * @param succeeded   true when the operation ended as asked
     * @param message     one line for the user, naming the object and the outcome (never a secret)
     * @param details     what the system reported (status, start, end, counts, error, operation URL)
     */
    public record Outcome(boolean succeeded, String message, java.util.Map<String, Object> details) {
        public Outcome {
            details = details == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }
}
