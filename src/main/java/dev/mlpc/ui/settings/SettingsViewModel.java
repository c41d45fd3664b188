package dev.mlpc.ui.settings;

import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The view model of the settings dialog: connection profiles (add, edit, remove, test) and the commit author.
 * Loading, testing, storing secrets and saving run on the background executor; nothing here needs a window.
 *
 * <p>Saving writes {@code connections.yaml} through the {@link dev.mlpc.app.ConnectionStore} (which itself refuses
 * plain-text secrets) and the author through {@code settings.yaml}. When {@code connections.yaml} could not be read,
 * the connections are shown as broken and saving leaves that file alone, so a hand-written file is never lost.</p>
 */
public final class SettingsViewModel {
    /** How long "Test connection" waits for the server. */
    public static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    private final Workbench workbench;
    private final UiExecutor executor;
    private final ObservableList<ConnectionForm> forms = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionForm> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty authorName = new SimpleStringProperty(this, "authorName", "");
    private final StringProperty authorEmail = new SimpleStringProperty(this, "authorEmail", "");
    private final ReadOnlyStringWrapper authorError = new ReadOnlyStringWrapper(this, "authorError", "");
    private final ReadOnlyStringWrapper connectionsError = new ReadOnlyStringWrapper(this, "connectionsError", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final Map<ConnectionForm, Running> tests = new IdentityHashMap<>();
    private boolean connectionsEditable = true;
    private boolean revalidating;

    private record Running(Tasks.Handle handle, FxProgress progress) {}

    private final javafx.beans.property.BooleanProperty signingEnabled = new javafx.beans.property.SimpleBooleanProperty(this, "signingEnabled", false);
    private final StringProperty signingFormat = new SimpleStringProperty(this, "signingFormat", Settings.Signing.OPENPGP);
    private final StringProperty signingKey = new SimpleStringProperty(this, "signingKey", "");
    private final StringProperty signingKeyFile = new SimpleStringProperty(this, "signingKeyFile", "");
    private final StringProperty signingPassphrase = new SimpleStringProperty(this, "signingPassphrase", "");
    private final ReadOnlyStringWrapper signingError = new ReadOnlyStringWrapper(this, "signingError", "");
    private final ReadOnlyStringWrapper signingStatus = new ReadOnlyStringWrapper(this, "signingStatus", "");

    public SettingsViewModel(Workbench workbench, UiExecutor executor) {
        this.workbench = Objects.requireNonNull(workbench);
        this.executor = Objects.requireNonNull(executor);
        authorName.addListener((o, a, b) -> validateAuthor());
        authorEmail.addListener((o, a, b) -> validateAuthor());
        for (javafx.beans.Observable p : List.of(signingEnabled, signingFormat, signingKey, signingKeyFile, signingPassphrase)) {
            p.addListener(o -> {
                validateSigning();
                signingStatus.set("");
            });
        }
    }

    /** Whether commits are signed (settings' {@code signing:}). */
    public javafx.beans.property.BooleanProperty signingEnabledProperty() { return signingEnabled; }
    /** {@code signing.format}: openpgp or ssh. */
    public StringProperty signingFormatProperty() { return signingFormat; }
    /** {@code signing.key}: key id or fingerprint (GnuPG keyring, or which key of the key file). */
    public StringProperty signingKeyProperty() { return signingKey; }
    /** {@code signing.key_file}: an armored secret-key file; empty for the GnuPG keyring. */
    public StringProperty signingKeyFileProperty() { return signingKeyFile; }
    /** {@code signing.passphrase}: a secret reference only. */
    public StringProperty signingPassphraseProperty() { return signingPassphrase; }
    /** Why the signing settings cannot be saved, or empty. */
    public ReadOnlyStringProperty signingErrorProperty() { return signingError.getReadOnlyProperty(); }
    /** The outcome of {@link #testSigning()}, or empty. */
    public ReadOnlyStringProperty signingStatusProperty() { return signingStatus.getReadOnlyProperty(); }

    /** The signing settings as the fields say, or null when signing is off. */
    public Settings.Signing signing() {
        if (!signingEnabled.get()) return null;
        boolean ssh = Settings.Signing.SSH.equals(signingFormat.get());
        return new Settings.Signing(ssh ? Settings.Signing.SSH : Settings.Signing.OPENPGP, ssh ? null : blankToNull(signingKey.get()),
                blankToNull(signingKeyFile.get()), blankToNull(signingPassphrase.get()));
    }

    private void validateSigning() {
        dev.mlpc.core.spec.Problem p = Settings.checkSigning(signing());
        signingError.set(p == null ? "" : p.field() + ": " + p.reason());
    }

    /**
     * Finds and unlocks the key the fields name (on the background executor; the passphrase is resolved from its
     * reference), and says whether commits can be signed with it.
     */
    public void testSigning() {
        validateSigning();
        Settings.Signing s = signing();
        if (s == null) {
            signingStatus.set("Signing is off: commits are not signed.");
            return;
        }
        if (!signingError.get().isEmpty()) return;
        busy.set(true);
        signingStatus.set("Checking the key…");
        Tasks.create(() -> workbench.checkSigning(s))
                .onSuccess(d -> signingStatus.set("Ready: commits will be signed with " + d + "."))
                .onError(e -> signingStatus.set(UiErrors.message(e)))
                .onFinally(() -> busy.set(false)).run(executor);
    }

    public ObservableList<ConnectionForm> forms() { return forms; }
    public ObjectProperty<ConnectionForm> selectedProperty() { return selected; }
    public StringProperty authorNameProperty() { return authorName; }
    public StringProperty authorEmailProperty() { return authorEmail; }
    public ReadOnlyStringProperty authorErrorProperty() { return authorError.getReadOnlyProperty(); }

    /** Why {@code connections.yaml} could not be read (its connections are then not editable here), or empty. */
    public ReadOnlyStringProperty connectionsErrorProperty() { return connectionsError.getReadOnlyProperty(); }

    /** A neutral message for the user (e.g. where a password was stored). */
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }

    /** Problems that stopped the last save, one per line ({@code file:line:col: field: reason} when known). */
    public ObservableList<String> problems() { return problems; }

    /** True once {@link #load()} finished. */
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }

    /** True while loading or saving. */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    /** Whether connection profiles can be edited (false when connections.yaml is broken). */
    public boolean connectionsEditable() { return connectionsEditable; }

    /** Reads connections and settings. */
    public void load() {
        busy.set(true);
        record Loaded(List<ConnectionProfile> profiles, String profilesError, Settings settings, String settingsError) {}
        Tasks.create(() -> {
            List<ConnectionProfile> profiles = List.of();
            String perr = null;
            try {
                profiles = workbench.connections().load();
            } catch (StackException e) {
                perr = UiErrors.message(e);
            }
            Settings s = Settings.defaults();
            String serr = null;
            try {
                s = workbench.settings();
            } catch (StackException e) {
                serr = UiErrors.message(e);
            }
            return new Loaded(profiles, perr, s, serr);
        }).onSuccess(l -> {
            connectionsEditable = l.profilesError() == null;
            connectionsError.set(l.profilesError() == null ? ""
                    : "connections.yaml cannot be read, so connections cannot be edited here until it is fixed:\n" + l.profilesError());
            List<ConnectionForm> list = new ArrayList<>();
            for (ConnectionProfile p : l.profiles()) list.add(attach(new ConnectionForm(p, descriptor(p.type()), false)));
            forms.setAll(list);
            revalidateNames();
            selected.set(forms.isEmpty() ? null : forms.get(0));
            authorName.set(l.settings().authorName() == null ? "" : l.settings().authorName());
            authorEmail.set(l.settings().authorEmail() == null ? "" : l.settings().authorEmail());
            Settings.Signing sg = l.settings().signing();
            signingFormat.set(sg != null && sg.ssh() ? Settings.Signing.SSH : Settings.Signing.OPENPGP);
            signingKey.set(sg == null || sg.key() == null ? "" : sg.key());
            signingKeyFile.set(sg == null || sg.keyFile() == null ? "" : sg.keyFile());
            signingPassphrase.set(sg == null || sg.passphrase() == null ? "" : sg.passphrase());
            signingEnabled.set(sg != null);
            signingStatus.set("");
            if (l.settingsError() != null) problems.setAll(List.of("settings.yaml: " + l.settingsError()));
            loaded.set(true);
        }).onError(e -> problems.setAll(List.of(UiErrors.message(e))))
                .onFinally(() -> busy.set(false)).run(executor);
    }

    /**
     * The connection types a new connection can have, by provider id, in the registry's order: the providers that
     * describe their settings ({@link ProviderDescriptor#editable()}).
     */
    public List<String> addableTypes() {
        return workbench.registry().providers().stream().map(Provider::describe).filter(ProviderDescriptor::editable)
                .map(ProviderDescriptor::id).toList();
    }

    /** A type's display name ({@code PostgreSQL}, {@code Snowflake}). */
    public String typeName(String type) {
        return workbench.registry().provider(type).map(Provider::displayName).orElse(type);
    }

    /** The description of provider {@code type}, or null when no provider has that id. */
    private ProviderDescriptor descriptor(String type) {
        return workbench.registry().provider(type).map(Provider::describe).orElse(null);
    }

    /** Adds a new connection of the first addable type (the form offers the others) and selects it. */
    public ConnectionForm add() {
        List<String> types = addableTypes();
        if (types.isEmpty()) throw new IllegalStateException("no provider describes connection settings");
        return add(types.get(0));
    }

    /** Adds a new connection of {@code type} ({@link #addableTypes()}) with its defaults and selects it. */
    public ConnectionForm add(String type) {
        ProviderDescriptor d = descriptor(type);
        if (d == null || !d.editable()) throw new IllegalArgumentException("connections of type " + Problem.quote(type) + " cannot be added here");
        ConnectionForm f = attach(new ConnectionForm(newProfile(d, freeName(type, null)), d, true));
        forms.add(f);
        revalidateNames();
        selected.set(f);
        return f;
    }

    /**
     * Gives a connection added in this dialog another type: its form is replaced by a new one with that type's
     * defaults, keeping the name unless it was still the old type's default. Returns the form now in the list
     * ({@code f} itself when nothing changed: same type, or a connection that was loaded from the file).
     */
    public ConnectionForm changeType(ConnectionForm f, String type) {
        if (f == null || !f.isNew() || f.type().equals(type) || !addableTypes().contains(type)) return f;
        int i = forms.indexOf(f);
        if (i < 0) return f;
        cancelTest(f);
        String current = f.nameProperty().get() == null ? "" : f.nameProperty().get().trim();
        boolean defaultName = current.matches(java.util.regex.Pattern.quote(f.type()) + "(-\\d+)?");
        String n = defaultName ? freeName(type, f) : current;
        ProviderDescriptor d = descriptor(type);
        ConnectionForm g = attach(new ConnectionForm(newProfile(d, n), d, true));
        forms.set(i, g);
        revalidateNames();
        selected.set(g);
        return g;
    }

    private String freeName(String base, ConnectionForm except) {
        String n = base;
        for (int i = 2; nameUsed(n, except); i++) n = base + "-" + i;
        return n;
    }

    /** A new connection's profile: the provider's described defaults (e.g. the local PostgreSQL server). */
    private static ConnectionProfile newProfile(ProviderDescriptor d, String name) {
        return new ConnectionProfile(name, d.id(), d.newConnectionDefaults());
    }

    /** Removes a connection from the list (written on save). */
    public void remove(ConnectionForm f) {
        if (f == null) return;
        cancelTest(f);
        int i = forms.indexOf(f);
        forms.remove(f);
        revalidateNames();
        if (selected.get() == f) selected.set(forms.isEmpty() ? null : forms.get(Math.min(i, forms.size() - 1)));
    }

    /** Forms with a secret field (password, passphrase, token) holding a raw secret instead of a reference. */
    public List<ConnectionForm> rawPasswordForms() {
        return forms.stream().filter(ConnectionForm::hasRawSecret).toList();
    }

    /**
     * Stores the first raw secret typed into {@code f} (password, key passphrase or token) under
     * {@link ConnectionForm#keychainReference(ConnectionForm.Field)} (OS keychain, or this session's memory when the
     * system has none) and replaces the field with the reference.
     */
    public void storeInKeychain(ConnectionForm f, Runnable then) {
        ConnectionForm.Field field = f.rawSecret().orElse(null);
        if (field == null) {
            if (then != null) then.run();
            return;
        }
        String raw = field.valueProperty().get();
        SecretRef ref = f.keychainReference(field);
        busy.set(true);
        Tasks.create(() -> workbench.secrets().store(ref, raw)).onSuccess(inKeychain -> {
            if (raw.equals(field.valueProperty().get())) field.valueProperty().set(ref.toString());
            notice.set(inKeychain
                    ? "The " + field.noun() + " of " + f.nameProperty().get() + " is in the OS keychain as " + ref + "."
                    : "This system has no usable keychain: the " + field.noun() + " of " + f.nameProperty().get()
                      + " is kept for this session only (" + ref + "). For a lasting setup use ${env:VARIABLE}.");
            if (then != null) then.run();
        }).onError(e -> problems.setAll(List.of("cannot store the " + field.noun() + ": " + UiErrors.message(e))))
                .onFinally(() -> busy.set(false)).run(executor);
    }

    /**
     * Tests the form's connection on the background executor: connects through the provider (a real session) and
     * lists the top of the tree, with a timeout of {@link #TEST_TIMEOUT}. The outcome lands in the form's test state
     * and message: on success what the session reports without an extra query (Snowflake: version, role,
     * warehouse), on failure the provider's message naming the connection and the reason.
     */
    public void testConnection(ConnectionForm f) {
        cancelTest(f);
        ConnectionForm.Field raw = f.rawSecret().orElse(null);
        if (raw != null) {
            f.testStateProperty().set(ConnectionForm.TestState.FAILED);
            f.testMessageProperty().set(raw.key() + ": store the " + raw.noun() + " in the keychain (or use ${env:…}) before testing.");
            return;
        }
        if (!f.isValid()) {
            f.testStateProperty().set(ConnectionForm.TestState.FAILED);
            f.testMessageProperty().set("Fix the marked fields first.");
            return;
        }
        ConnectionProfile profile = f.toProfile();
        FxProgress progress = new FxProgress(executor.fx());
        f.testStateProperty().set(ConnectionForm.TestState.RUNNING);
        f.testMessageProperty().set("Connecting to " + f.where() + "…");
        long started = System.nanoTime();
        record Outcome(long ms, Map<String, String> about) {}
        Tasks.Handle h = Tasks.create(() -> {
            Map<String, String> about = workbench.testConnection(profile, TEST_TIMEOUT, progress);
            return new Outcome((System.nanoTime() - started) / 1_000_000, about);
        }).timeout(TEST_TIMEOUT.plusSeconds(2), "the connection test").onSuccess(o -> {
            f.testStateProperty().set(ConnectionForm.TestState.SUCCEEDED);
            f.testMessageProperty().set("Connected as " + profile.setting("user") + " in " + o.ms() + " ms"
                    + describe(f.descriptor(), o.about()) + ".");
        }).onError(e -> {
            f.testStateProperty().set(ConnectionForm.TestState.FAILED);
            f.testMessageProperty().set(failure(f, UiErrors.message(e)));
        }).onCancelled(() -> {
            f.testStateProperty().set(ConnectionForm.TestState.CANCELLED);
            f.testMessageProperty().set("Test cancelled.");
        }).onFinally(() -> tests.remove(f)).run(executor);
        if (!h.isDone()) tests.put(f, new Running(h, progress));
    }

    /**
     * What the session reported, as the provider describes it ({@link ProviderDescriptor#sessionFacts()}):
     * {@code : Snowflake 9.0.0, role SYSADMIN, warehouse ML_WH}, or nothing.
     */
    static String describe(ProviderDescriptor d, Map<String, String> about) {
        List<String> parts = new ArrayList<>();
        for (ProviderDescriptor.SessionFact fact : d == null ? ProviderDescriptor.DEFAULT_FACTS : d.sessionFacts()) {
            String v = about.get(fact.key());
            if (v != null && !v.isBlank()) parts.add(fact.prefix() + v);
            else if (fact.whenMissing() != null) parts.add(fact.whenMissing());
        }
        return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
    }

    /**
     * The provider's message, plus which settings to check when the system refused the login: the
     * {@link SettingSpec.Choice#credentials()} of the chosen value of the form's choice (e.g. the authenticator).
     */
    static String failure(ConnectionForm f, String message) {
        ProviderDescriptor d = f.descriptor();
        if (d == null || d.loginRefused() == null || !message.contains(d.loginRefused())) return message;
        for (ConnectionForm.Field field : f.fields()) {
            SettingSpec spec = field.spec();
            if (spec.kind() != SettingSpec.Kind.CHOICE || !field.shownProperty().get()) continue;
            String credentials = spec.choice(field.valueProperty().get()).or(() -> spec.choice(spec.defaultValue()))
                    .map(SettingSpec.Choice::credentials).orElse(null);
            if (credentials != null) return message + "\nCheck user and " + credentials + ".";
        }
        return message;
    }

    /** Cancels a running test of {@code f}; its late result is ignored. */
    public void cancelTest(ConnectionForm f) {
        Running r = tests.remove(f);
        if (r != null) {
            r.progress().cancel();
            r.handle().cancel();
        }
    }

    /** Cancels every running test (the dialog is closing). */
    public void cancelAllTests() {
        new ArrayList<>(tests.keySet()).forEach(this::cancelTest);
    }

    /**
     * Validates and saves connections and author. Raw passwords, invalid fields and an invalid author stop the save
     * with problems listed; problems reported by the connection store (e.g. a plain-text secret) are listed too.
     *
     * @param onSaved called on the UI thread after both files were written
     */
    public void save(Runnable onSaved) {
        List<String> bad = new ArrayList<>();
        for (ConnectionForm f : forms) {
            f.validate();
            String n = f.nameProperty().get();
            addIf(bad, "connections." + n + ".name", f.nameErrorProperty().get());
            for (ConnectionForm.Field field : f.fields()) {
                if (field.isRaw()) bad.add("connections." + n + "." + field.key() + ": " + SecretRef.expectedForm());
                else addIf(bad, "connections." + n + "." + field.key(), field.errorProperty().get());
            }
            addIf(bad, "connections." + n, f.settingsErrorProperty().get());
        }
        validateAuthor();
        addIf(bad, "author", authorError.get());
        validateSigning();
        if (!signingError.get().isEmpty()) bad.add(signingError.get());
        if (!bad.isEmpty()) {
            problems.setAll(bad);
            return;
        }
        List<ConnectionProfile> profiles = forms.stream().map(ConnectionForm::toProfile).toList();
        boolean writeConnections = connectionsEditable;
        String name = blankToNull(authorName.get());
        String email = blankToNull(authorEmail.get());
        Settings.Signing signing = signing();
        busy.set(true);
        problems.clear();
        Tasks.create(() -> {
            Settings current = workbench.settings();
            if (writeConnections) workbench.connections().save(profiles);
            workbench.saveSettings(current.withAuthor(name, email).withSigning(signing));
            return Boolean.TRUE;
        }).onSuccess(ok -> {
            problems.clear();
            if (onSaved != null) onSaved.run();
        }).onError(e -> {
            if (e instanceof StackException se) problems.setAll(UiErrors.problems(se));
            else problems.setAll(List.of(UiErrors.message(e)));
        }).onFinally(() -> busy.set(false)).run(executor);
    }

    private static void addIf(List<String> out, String field, String error) {
        if (error != null && !error.isEmpty()) out.add(field + ": " + error);
    }

    private ConnectionForm attach(ConnectionForm f) {
        Provider p = workbench.registry().provider(f.type()).orElse(null);
        f.setChecks(p == null ? prof -> List.of() : p::checkProfile, n -> nameUsed(n, f));
        f.nameProperty().addListener((o, a, b) -> revalidateNames());
        return f;
    }

    private boolean nameUsed(String name, ConnectionForm except) {
        for (ConnectionForm f : forms) {
            if (f != except && name.equals(f.nameProperty().get() == null ? "" : f.nameProperty().get().trim())) return true;
        }
        return false;
    }

    private void revalidateNames() {
        if (revalidating) return;
        revalidating = true;
        try {
            forms.forEach(ConnectionForm::validate);
        } finally {
            revalidating = false;
        }
    }

    private void validateAuthor() {
        String n = authorName.get() == null ? "" : authorName.get().trim();
        String e = authorEmail.get() == null ? "" : authorEmail.get().trim();
        if (n.isEmpty() && e.isEmpty()) authorError.set("");
        else if (n.isEmpty()) authorError.set("name: required when an email is given");
        else if (e.isEmpty()) authorError.set("email: required when a name is given");
        else if (!e.matches("[^@\\s]+@[^@\\s]+")) authorError.set("email: must look like name@example.org");
        else authorError.set("");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Applies {@code action} to the selected form, if any. */
    public void withSelected(Consumer<ConnectionForm> action) {
        ConnectionForm f = selected.get();
        if (f != null) action.accept(f);
    }
}
