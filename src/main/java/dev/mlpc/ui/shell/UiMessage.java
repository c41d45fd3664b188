package dev.mlpc.ui.shell;

/**
 * A message for the notification bar of the main window.
 *
 * @param key         identity: a newer message with the same key replaces the older one (e.g. "connections")
 * @param severity    how it is shown
 * @param title       one line
 * @param text        details, possibly several lines (e.g. {@code file:line:col: field: reason} per problem)
 * @param actionLabel label of the action button, or null
 * @param action      what the button does, or null
 */
public record UiMessage(String key, Severity severity, String title, String text, String actionLabel, Runnable action) {
    /** How a message is shown. */
    public enum Severity { INFO, WARNING, ERROR }

    /** A message without an action. */
    public static UiMessage of(String key, Severity severity, String title, String text) {
        return new UiMessage(key, severity, title, text, null, null);
    }
}
