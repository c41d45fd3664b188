package dev.mlpc.ui.settings;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The editable state of one connection profile in the settings dialog, with a validation message per field that
 * updates as the user types. Settings the form does not edit (e.g. {@code sslmode}) are kept as they were.
 *
 * <p>The fields are the settings the provider describes ({@link ProviderDescriptor#settings()}), in its order: e.g.
 * PostgreSQL has {@code url}, {@code user} and {@code password}; Snowflake has {@code account} or {@code url},
 * {@code user}, {@code role}, {@code warehouse}, {@code authenticator} and the settings of the chosen authenticator
 * only. A field the description shows only for some values of another setting ({@link SettingSpec#shownWhen()}) keeps
 * what was typed into it while hidden but is neither checked nor saved. A connection whose type no provider knows
 * has no fields and an error naming its type.</p>
 *
 * <p>Secret fields take only a secret reference ({@code ${env:NAME}} or {@code ${keychain:service/account}}); a raw
 * value is flagged (see {@link #rawSecret()}) as a field error, so the form is not valid and the dialog refuses to save
 * it until it has been replaced by a reference (stored in the keychain, or an environment variable).</p>
 */
public final class ConnectionForm {
    /** Connection names as {@code connections.yaml} accepts them. */
    public static final String NAME_RULE = dev.mlpc.core.spec.Stack.TARGET_RULE;

    /** States of the "Test connection" action. */
    public enum TestState { IDLE, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** One edited setting: its value, its validation message and whether the form shows (and saves) it. */
    public static final class Field {
        private final SettingSpec spec;
        private final StringProperty value;
        private final ReadOnlyStringWrapper error;
        private final ReadOnlyBooleanWrapper shown;

        private Field(Object owner, SettingSpec spec) {
            this.spec = spec;
            this.value = new SimpleStringProperty(owner, spec.key(), "");
            this.error = new ReadOnlyStringWrapper(owner, spec.key() + "Error", "");
            this.shown = new ReadOnlyBooleanWrapper(owner, spec.key() + "Shown", true);
        }

        /** The setting's name in {@code connections.yaml}. */
        public String key() { return spec.key(); }

        /** The provider's description of the setting: caption, kind, prompt, choices. */
        public SettingSpec spec() { return spec; }

        /** True for settings that hold a secret reference. */
        public boolean secret() { return spec.secret(); }

        /** What the secret is, for messages: {@code password}, {@code passphrase}, {@code token}; null when not secret. */
        public String noun() { return spec.secretNoun(); }

        public StringProperty valueProperty() { return value; }
        public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

        /** False when the field does not apply (another authenticator's secret): it is then neither checked nor saved. */
        public ReadOnlyBooleanProperty shownProperty() { return shown.getReadOnlyProperty(); }

        /** True when this shown secret field holds something that is not a secret reference. */
        public boolean isRaw() {
            String v = value.get();
            return secret() && shown.get() && v != null && !v.isEmpty() && !SecretRef.isReference(v);
        }

        @Override
        public String toString() { return key(); }
    }

    private final String type;
    private final ProviderDescriptor descriptor;
    private final boolean isNew;
    private final Map<String, String> otherSettings;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyStringWrapper settingsError = new ReadOnlyStringWrapper(this, "settingsError", "");
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final ObjectProperty<TestState> testState = new SimpleObjectProperty<>(this, "testState", TestState.IDLE);
    private final StringProperty testMessage = new SimpleStringProperty(this, "testMessage", "");
    private final BooleanBinding valid;
    private Function<ConnectionProfile, List<String>> checker = p -> List.of();
    private Predicate<String> nameTaken = n -> false;

    /**
     * A form for {@code profile}.
     *
     * @param descriptor the description of the profile's provider; null when no provider has the profile's type (the
     *                   form then has no fields and shows that as its error)
     * @param isNew      true for a connection added in this dialog (its type can still be changed)
     */
    public ConnectionForm(ConnectionProfile profile, ProviderDescriptor descriptor, boolean isNew) {
        this.type = profile.type();
        this.descriptor = descriptor;
        this.isNew = isNew;
        Map<String, String> rest = new LinkedHashMap<>(profile.settings());
        name.set(nullToEmpty(profile.name()));
        if (descriptor != null) {
            for (SettingSpec spec : descriptor.settings()) fields.put(spec.key(), new Field(this, spec));
        }
        for (Field f : fields.values()) f.value.set(nullToEmpty(rest.remove(f.key())));
        for (Field f : fields.values()) {
            if (f.spec.kind() != SettingSpec.Kind.CHOICE) continue;
            String v = f.value.get().trim();
            if (v.isEmpty() && f.spec.defaultValue() != null) f.value.set(f.spec.defaultValue());
            else f.spec.choice(v).ifPresent(c -> f.value.set(c.value()));
        }
        for (Field f : fields.values()) {
            if (f.spec.shownWhen() == null) continue;
            Field controller = fields.get(f.spec.shownWhen().setting());
            controller.value.addListener((o, a, b) -> showDependentFields());
        }
        showDependentFields();
        this.otherSettings = rest;
        name.addListener((o, a, b) -> validate());
        List<ObservableValue<?>> deps = new ArrayList<>(List.of(nameError, settingsError));
        for (Field f : fields.values()) {
            f.value.addListener((o, a, b) -> validate());
            deps.add(f.error);
        }
        valid = Bindings.createBooleanBinding(() -> nameError.get().isEmpty() && settingsError.get().isEmpty()
                && fields.values().stream().allMatch(f -> f.error.get().isEmpty()), deps.toArray(ObservableValue[]::new));
        validate();
    }

    /** Shows each field whose description depends on another setting for that setting's current value only. */
    private void showDependentFields() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field f : fields.values()) values.put(f.key(), trim(f.value.get()));
        for (Field f : fields.values()) f.shown.set(f.spec.shownFor(values));
    }

    /**
     * Plugs in the provider's profile check and the duplicate-name check of the surrounding list, then validates.
     *
     * @param checker   the provider's {@code checkProfile}: messages start with the setting name ({@code url: …})
     * @param nameTaken true when another form already uses the name
     */
    void setChecks(Function<ConnectionProfile, List<String>> checker, Predicate<String> nameTaken) {
        this.checker = Objects.requireNonNull(checker);
        this.nameTaken = Objects.requireNonNull(nameTaken);
        validate();
    }

    /** Connection type (the provider id); fixed for a form. */
    public String type() { return type; }

    /** The description of the connection's provider; null when its type is unknown. */
    public ProviderDescriptor descriptor() { return descriptor; }

    /** True for a connection added in this dialog and not yet saved: its type can still be chosen. */
    public boolean isNew() { return isNew; }

    /**
     * True when the provider describes its settings, so the profile is edited here; others (and those of an unknown
     * type) are kept as they are in the file.
     */
    public boolean editable() { return descriptor != null && descriptor.editable(); }

    /** The fields of this type, in the order the dialog shows them. */
    public List<Field> fields() { return List.copyOf(fields.values()); }

    /** The field of setting {@code key}, if this type has it. */
    public Optional<Field> field(String key) { return Optional.ofNullable(fields.get(key)); }

    public StringProperty nameProperty() { return name; }
    public StringProperty urlProperty() { return require("url").value; }
    public StringProperty userProperty() { return require("user").value; }

    /** The password setting: a secret reference, or (flagged as an error) what the user typed instead. */
    public StringProperty passwordProperty() { return require("password").value; }

    /** The {@code authenticator} choice (Snowflake). */
    public StringProperty authenticatorProperty() { return require("authenticator").value; }

    public ReadOnlyStringProperty nameErrorProperty() { return nameError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty urlErrorProperty() { return require("url").errorProperty(); }
    public ReadOnlyStringProperty userErrorProperty() { return require("user").errorProperty(); }
    public ReadOnlyStringProperty passwordErrorProperty() { return require("password").errorProperty(); }

    /** Problems of the profile that no field of the form shows (e.g. of a setting edited only in the file). */
    public ReadOnlyStringProperty settingsErrorProperty() { return settingsError.getReadOnlyProperty(); }

    /** True when every field is acceptable. */
    public BooleanBinding validProperty() { return valid; }

    public boolean isValid() { return valid.get(); }

    /** State of the last "Test connection". */
    public ObjectProperty<TestState> testStateProperty() { return testState; }

    /** Outcome of the last "Test connection": what succeeded, or the error message. */
    public StringProperty testMessageProperty() { return testMessage; }

    /** True when the password field is shown and holds something that is not a secret reference. */
    public boolean passwordIsRaw() {
        Field f = fields.get("password");
        return f != null && f.isRaw();
    }

    /** The first shown secret field holding a raw value instead of a reference. */
    public Optional<Field> rawSecret() {
        return fields.values().stream().filter(Field::isRaw).findFirst();
    }

    /** True when a shown secret field holds a raw value. */
    public boolean hasRawSecret() { return rawSecret().isPresent(); }

    /** The keychain reference a raw password is stored under: {@code ${keychain:mlpc/<name>}}. */
    public SecretRef keychainReference() {
        return new SecretRef(SecretRef.Source.KEYCHAIN, ProviderDescriptor.keychainBase(name.get()));
    }

    /**
     * The keychain reference a raw secret of {@code field} is stored under, as the provider names it
     * ({@link ProviderDescriptor#keychainAccount}): the primary secret (the password) under
     * {@code ${keychain:mlpc/<name>}}, any other secret under {@code ${keychain:mlpc/<name>/<setting>}}.
     */
    public SecretRef keychainReference(Field field) {
        String account = descriptor == null ? ProviderDescriptor.keychainBase(name.get()) + "/" + field.key()
                : descriptor.keychainAccount(name.get(), field.key());
        return new SecretRef(SecretRef.Source.KEYCHAIN, account);
    }

    /** Where the profile points, for messages, as the provider describes it: e.g. the account, or the URL's host and port. */
    public String where() {
        if (descriptor == null) return "";
        Map<String, String> values = new LinkedHashMap<>();
        for (Field f : fields.values()) {
            if (f.shown.get()) values.put(f.key(), trim(f.value.get()));
        }
        return descriptor.where(values);
    }

    /** The profile as it would be saved: shown, non-empty fields, then the settings the form does not edit. */
    public ConnectionProfile toProfile() {
        Map<String, String> s = new LinkedHashMap<>();
        for (Field f : fields.values()) {
            if (f.shown.get()) put(s, f.key(), f.value.get());
        }
        s.putAll(otherSettings);
        return new ConnectionProfile(trim(name.get()), type, s);
    }

    /** Re-runs every check (e.g. after another form was renamed). */
    public void validate() {
        String n = trim(name.get());
        if (n.isEmpty()) nameError.set("required");
        else if (!n.matches(NAME_RULE)) nameError.set("letters, digits, '_', '.', '-' (at most 64), starting with a letter or digit");
        else if (nameTaken.test(n)) nameError.set("another connection already has this name");
        else nameError.set("");

        if (descriptor == null) {
            settingsError.set("type: unknown connection type " + Problem.quote(type) + ": no provider of this console has it");
            return;
        }
        if (!editable()) {
            fields.values().forEach(f -> f.error.set(""));
            settingsError.set("");
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (Field f : fields.values()) {
            if (!f.isRaw()) continue;
            errors.put(f.key(), f.value.get().trim().startsWith("${")
                    ? "not a valid reference: use ${env:VARIABLE} or ${keychain:service/account}"
                    : "a " + f.noun() + " is never saved as typed: store it in the keychain, or use ${env:VARIABLE}");
        }
        List<String> unplaced = new ArrayList<>();
        ConnectionProfile probe = new ConnectionProfile(n.isEmpty() ? "connection" : n, type, settingsForCheck());
        for (String problem : checker.apply(probe)) {
            int colon = problem.indexOf(':');
            String key = colon < 0 ? "" : problem.substring(0, colon).trim();
            Field f = fields.get(key);
            if (f != null && f.shown.get()) errors.putIfAbsent(key, problem.substring(colon + 1).trim());
            else if (f == null) unplaced.add(problem);
        }
        for (List<String> group : descriptor.oneOf()) {
            List<Field> given = group.stream().map(fields::get)
                    .filter(f -> f != null && f.shown.get() && !trim(f.value.get()).isEmpty()).toList();
            if (given.isEmpty()) {
                errors.putIfAbsent(group.get(0), "required (or " + String.join(" or ", group.subList(1, group.size())) + ")");
            } else if (given.size() > 1) {
                errors.putIfAbsent(given.get(1).key(), group.size() == 2
                        ? "give either " + group.get(0) + " or " + group.get(1) + ", not both"
                        : "give only one of " + String.join(", ", group));
            }
        }
        for (Field f : fields.values()) {
            if (!f.spec.required() || !f.shown.get() || !trim(f.value.get()).isEmpty()) continue;
            if (f.spec.requiredMessage() != null) errors.put(f.key(), f.spec.requiredMessage());
            else errors.putIfAbsent(f.key(), "required");
        }
        for (Field f : fields.values()) f.error.set(f.shown.get() ? errors.getOrDefault(f.key(), "") : "");
        settingsError.set(String.join("\n", unplaced));
    }

    /** What the provider checks: the profile without raw secrets (those are flagged by the form itself). */
    private Map<String, String> settingsForCheck() {
        Map<String, String> s = new LinkedHashMap<>();
        for (Field f : fields.values()) {
            if (f.shown.get() && !f.isRaw()) put(s, f.key(), f.value.get());
        }
        s.putAll(otherSettings);
        return s;
    }

    private Field require(String key) {
        Field f = fields.get(key);
        if (f == null) throw new IllegalStateException("a " + type + " connection has no setting " + key);
        return f;
    }

    private static void put(Map<String, String> m, String k, String v) {
        String t = trim(v);
        if (!t.isEmpty()) m.put(k, t);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return name.get();
    }
}
