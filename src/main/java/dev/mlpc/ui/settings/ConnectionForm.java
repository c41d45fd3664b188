package dev.mlpc.ui.settings;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.SecretRef;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The editable state of one connection profile in the settings dialog, with a validation message per field that
 * updates as the user types. Settings the form does not edit (e.g. {@code sslmode}) are kept as they were.
 *
 * <p>The password field takes only a secret reference ({@code ${env:NAME}} or {@code ${keychain:service/account}});
 * a raw password is flagged (see {@link #passwordIsRaw()}) as a field error, so the form is not valid and the dialog
 * refuses to save it until it has been replaced by a reference (stored in the keychain, or an environment variable).</p>
 */
public final class ConnectionForm {
    /** Connection names as {@code connections.yaml} accepts them. */
    public static final String NAME_RULE = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    /** States of the "Test connection" action. */
    public enum TestState { IDLE, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String type;
    private final Map<String, String> otherSettings;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyStringWrapper urlError = new ReadOnlyStringWrapper(this, "urlError", "");
    private final ReadOnlyStringWrapper userError = new ReadOnlyStringWrapper(this, "userError", "");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError", "");
    private final ObjectProperty<TestState> testState = new SimpleObjectProperty<>(this, "testState", TestState.IDLE);
    private final StringProperty testMessage = new SimpleStringProperty(this, "testMessage", "");
    private final BooleanBinding valid;
    private Function<ConnectionProfile, List<String>> checker = p -> List.of();
    private Predicate<String> nameTaken = n -> false;

    /** A form for {@code profile}; a new connection passes a profile with empty settings. */
    public ConnectionForm(ConnectionProfile profile) {
        this.type = profile.type();
        Map<String, String> rest = new LinkedHashMap<>(profile.settings());
        name.set(nullToEmpty(profile.name()));
        url.set(nullToEmpty(rest.remove("url")));
        user.set(nullToEmpty(rest.remove("user")));
        password.set(nullToEmpty(rest.remove("password")));
        this.otherSettings = rest;
        name.addListener((o, a, b) -> validate());
        url.addListener((o, a, b) -> validate());
        user.addListener((o, a, b) -> validate());
        password.addListener((o, a, b) -> validate());
        valid = Bindings.createBooleanBinding(() -> nameError.get().isEmpty() && urlError.get().isEmpty()
                && userError.get().isEmpty() && passwordError.get().isEmpty(), nameError, urlError, userError, passwordError);
        validate();
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

    /** Connection type ({@code postgres}); fixed for a form. */
    public String type() { return type; }

    /** Only PostgreSQL profiles are edited here; others are kept as they are in the file. */
    public boolean editable() { return "postgres".equals(type); }

    public StringProperty nameProperty() { return name; }
    public StringProperty urlProperty() { return url; }
    public StringProperty userProperty() { return user; }

    /** The password setting: a secret reference, or (flagged as an error) what the user typed instead. */
    public StringProperty passwordProperty() { return password; }

    public ReadOnlyStringProperty nameErrorProperty() { return nameError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty urlErrorProperty() { return urlError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty userErrorProperty() { return userError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty passwordErrorProperty() { return passwordError.getReadOnlyProperty(); }

    /** True when every field is acceptable. */
    public BooleanBinding validProperty() { return valid; }

    public boolean isValid() { return valid.get(); }

    /** State of the last "Test connection". */
    public ObjectProperty<TestState> testStateProperty() { return testState; }

    /** Outcome of the last "Test connection": what succeeded, or the error message. */
    public StringProperty testMessageProperty() { return testMessage; }

    /** True when the password field holds something that is not a secret reference. */
    public boolean passwordIsRaw() {
        String p = password.get();
        return p != null && !p.isEmpty() && !SecretRef.isReference(p);
    }

    /** The keychain reference a raw password is stored under: {@code ${keychain:mlpc/<name>}}. */
    public SecretRef keychainReference() {
        String n = name.get() == null ? "" : name.get().trim().replaceAll("[^A-Za-z0-9_.@-]", "_");
        if (n.isEmpty()) n = "connection";
        return new SecretRef(SecretRef.Source.KEYCHAIN, "mlpc/" + n);
    }

    /** The profile as it would be saved (empty settings left out). */
    public ConnectionProfile toProfile() {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "url", url.get());
        put(s, "user", user.get());
        put(s, "password", password.get());
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

        if (!editable()) {
            urlError.set("");
            userError.set("");
            passwordError.set("");
            return;
        }
        String pw = password.get();
        if (pw != null && !pw.isEmpty() && !SecretRef.isReference(pw)) {
            passwordError.set(pw.trim().startsWith("${")
                    ? "not a valid reference: use ${env:VARIABLE} or ${keychain:service/account}"
                    : "a password is never saved as typed: store it in the keychain, or use ${env:VARIABLE}");
        } else {
            passwordError.set("");
        }
        String u = "", us = "";
        ConnectionProfile probe = new ConnectionProfile(n.isEmpty() ? "connection" : n, type, settingsForCheck());
        for (String problem : checker.apply(probe)) {
            String lower = problem.toLowerCase(Locale.ROOT);
            if (lower.startsWith("url:") && u.isEmpty()) u = problem.substring(4).trim();
            else if (lower.startsWith("user:") && us.isEmpty()) us = problem.substring(5).trim();
        }
        if (trim(url.get()).isEmpty()) u = "required, e.g. jdbc:postgresql://127.0.0.1:5432/postgres";
        if (trim(user.get()).isEmpty()) us = "required: the role to log in as";
        urlError.set(u);
        userError.set(us);
    }

    private Map<String, String> settingsForCheck() {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "url", url.get());
        put(s, "user", user.get());
        if (!passwordIsRaw()) put(s, "password", password.get());
        return s;
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
