package dev.mlpc.ui.wizard;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One text answer of a wizard and its live validation result. Part of view models: holds JavaFX properties only, no
 * nodes, so it works without a window. The owning view model decides what is wrong and reports it with
 * {@link #report(String)}; an empty error means the value is acceptable.
 */
public final class ValidatedText {
    private final String label;
    private final String initial;
    private final StringProperty value;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /**
     * @param label   the field's name as the user sees it (without mnemonic marker), used in messages
     * @param initial the default value
     */
    public ValidatedText(String label, String initial) {
        this.label = label;
        this.initial = initial == null ? "" : initial;
        this.value = new SimpleStringProperty(this, "value", this.initial);
    }

    /** The field's name as shown to the user. */
    public String label() { return label; }

    /** The default value the field started with. */
    public String initial() { return initial; }

    /** The current text; bind controls to it. */
    public StringProperty value() { return value; }

    /** The current text, never null. */
    public String get() {
        String v = value.get();
        return v == null ? "" : v;
    }

    /** Replaces the current text. */
    public void set(String text) { value.set(text); }

    /** The reason the value is not acceptable, or an empty string. */
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }

    /** True while no error is reported. */
    public boolean valid() { return error.get().isEmpty(); }

    /** Sets the validation result: null or empty when the value is fine, otherwise the reason. */
    public void report(String reason) {
        error.set(reason == null ? "" : reason);
    }

    /** The error as a full sentence naming the field ({@code "Database name: is 70 bytes; ..."}), or empty. */
    public String message() {
        return valid() ? "" : label + ": " + error.get();
    }

    @Override
    public String toString() { return label + "=" + get(); }
}
