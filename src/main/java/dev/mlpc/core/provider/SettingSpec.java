package dev.mlpc.core.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One connection setting as a provider describes it, so that a settings form can be built without knowing the
 * provider: its key in {@code connections.yaml}, its caption (with a mnemonic, {@code _User}: Alt+U), its kind, whether
 * it is required, a prompt and a hint, a default for new connections, the choices of a choice setting, and when it is
 * shown (only for some values of another setting, e.g. Snowflake's {@code password} only for authenticator
 * {@code snowflake}). A setting that is not shown is neither checked nor saved. Immutable; built with the static
 * factories and the {@code with…} methods.
 *
 * @param key             the setting's name in {@code connections.yaml}
 * @param label           the caption, {@code _} before the mnemonic letter
 * @param kind            text, choice, secret (a secret reference only), file (a path), url
 * @param required        true when the setting must be given (when shown)
 * @param requiredMessage what the form says when a required setting is empty; null: the provider's own check says it
 *                        (and "required" when it does not)
 * @param prompt          the input's prompt text, or null
 * @param hint            a line shown below the input, or null
 * @param defaultValue    the value of a new connection (and of an empty choice), or null
 * @param choices         the values a choice setting takes, in the order offered; empty for other kinds
 * @param shownWhen       null (always shown), or the other setting and the values for which this one is shown
 * @param secretNoun      what a secret is, for messages ({@code password}, {@code passphrase}, {@code token}); null
 *                        for settings that are not secret
 */
public record SettingSpec(String key, String label, Kind kind, boolean required, String requiredMessage, String prompt,
                          String hint, String defaultValue, List<Choice> choices, ShownWhen shownWhen, String secretNoun) {
    /** How a setting is entered. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** One of {@link #choices()}. */
        CHOICE,
        /** A secret reference ({@code ${env:NAME}}, {@code ${keychain:service/account}}), never a value. */
        SECRET,
        /** A path to a file on this machine. */
        FILE,
        /** A URL, e.g. a JDBC URL. */
        URL
    }

    /**
     * A value of a choice setting.
     *
     * @param value       what is saved
     * @param label       what the choice shows ({@code oauth (OAuth token)})
     * @param credentials what to check when the system refused the login with this choice ({@code password},
     *                    {@code private_key_file and private_key_passphrase}); null: nothing to say
     */
    public record Choice(String value, String label, String credentials) {
        public Choice {
            Objects.requireNonNull(value, "value");
            label = label == null ? value : label;
        }
    }

    /**
     * When a setting is shown: while setting {@code setting} has one of {@code values}.
     */
    public record ShownWhen(String setting, Set<String> values) {
        public ShownWhen {
            Objects.requireNonNull(setting, "setting");
            values = Set.copyOf(values);
        }
    }

    public SettingSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        label = label == null ? key : label;
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (kind == Kind.SECRET && secretNoun == null) secretNoun = "secret";
        if (kind != Kind.SECRET) secretNoun = null;
    }

    private static SettingSpec of(String key, String label, Kind kind) {
        return new SettingSpec(key, label, kind, false, null, null, null, null, List.of(), null, null);
    }

    /** A free-text setting. */
    public static SettingSpec text(String key, String label) { return of(key, label, Kind.TEXT); }

    /** A URL setting. */
    public static SettingSpec url(String key, String label) { return of(key, label, Kind.URL); }

    /** A file path setting. */
    public static SettingSpec file(String key, String label) { return of(key, label, Kind.FILE); }

    /** A secret setting (a reference only); {@code noun} names it in messages ({@code password}). */
    public static SettingSpec secret(String key, String label, String noun) {
        return new SettingSpec(key, label, Kind.SECRET, false, null, null, null, null, List.of(), null, noun);
    }

    /** A choice setting offering {@code choices} in this order. */
    public static SettingSpec choice(String key, String label, Choice... choices) {
        return new SettingSpec(key, label, Kind.CHOICE, false, null, null, null, null, Arrays.asList(choices), null, null);
    }

    /** Required; the provider's check gives the message. */
    public SettingSpec asRequired() {
        return new SettingSpec(key, label, kind, true, requiredMessage, prompt, hint, defaultValue, choices, shownWhen, secretNoun);
    }

    /** Required, with this message when empty ({@code required: the role to log in as}). */
    public SettingSpec asRequired(String message) {
        return new SettingSpec(key, label, kind, true, message, prompt, hint, defaultValue, choices, shownWhen, secretNoun);
    }

    public SettingSpec withPrompt(String p) {
        return new SettingSpec(key, label, kind, required, requiredMessage, p, hint, defaultValue, choices, shownWhen, secretNoun);
    }

    public SettingSpec withHint(String h) {
        return new SettingSpec(key, label, kind, required, requiredMessage, prompt, h, defaultValue, choices, shownWhen, secretNoun);
    }

    public SettingSpec withDefault(String v) {
        return new SettingSpec(key, label, kind, required, requiredMessage, prompt, hint, v, choices, shownWhen, secretNoun);
    }

    /** Shown only while {@code setting} has one of {@code values}. */
    public SettingSpec shownWhen(String setting, String... values) {
        return new SettingSpec(key, label, kind, required, requiredMessage, prompt, hint, defaultValue, choices,
                new ShownWhen(setting, Set.of(values)), secretNoun);
    }

    /** True for a setting that holds a secret reference. */
    public boolean secret() { return kind == Kind.SECRET; }

    /** The caption without its mnemonic marker: {@code User}. */
    public String caption() { return label.replace("_", ""); }

    /** True when this setting is shown for these values of the other settings. */
    public boolean shownFor(Map<String, String> values) {
        if (shownWhen == null) return true;
        String v = values.get(shownWhen.setting());
        return v != null && shownWhen.values().contains(v);
    }

    /** The choice with this value, ignoring case, if this is a choice setting that offers it. */
    public java.util.Optional<Choice> choice(String value) {
        if (value == null) return java.util.Optional.empty();
        String v = value.trim().toLowerCase(Locale.ROOT);
        return choices.stream().filter(c -> c.value().toLowerCase(Locale.ROOT).equals(v)).findFirst();
    }
}
