package dev.mlpc.ui.settings;

import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
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

    public SettingsViewModel(Workbench workbench, UiExecutor executor) {
        this.workbench = Objects.requireNonNull(workbench);
        this.executor = Objects.requireNonNull(executor);
        authorName.addListener((o, a, b) -> validateAuthor());
        authorEmail.addListener((o, a, b) -> validateAuthor());
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
            for (ConnectionProfile p : l.profiles()) list.add(attach(new ConnectionForm(p)));
            forms.setAll(list);
            revalidateNames();
            selected.set(forms.isEmpty() ? null : forms.get(0));
            authorName.set(l.settings().authorName() == null ? "" : l.settings().authorName());
            authorEmail.set(l.settings().authorEmail() == null ? "" : l.settings().authorEmail());
            if (l.settingsError() != null) problems.setAll(List.of("settings.yaml: " + l.settingsError()));
            loaded.set(true);
        }).onError(e -> problems.setAll(List.of(UiErrors.message(e))))
                .onFinally(() -> busy.set(false)).run(executor);
    }

    /** Adds a new PostgreSQL connection with local defaults and selects it. */
    public ConnectionForm addPostgres() {
        String base = "postgres";
        String n = base;
        for (int i = 2; nameUsed(n, null); i++) n = base + "-" + i;
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        s.put("user", "postgres");
        ConnectionForm f = attach(new ConnectionForm(new ConnectionProfile(n, "postgres", s)));
        forms.add(f);
        revalidateNames();
        selected.set(f);
        return f;
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

    /** Forms whose password field holds a raw password instead of a reference. */
    public List<ConnectionForm> rawPasswordForms() {
        return forms.stream().filter(ConnectionForm::passwordIsRaw).toList();
    }

    /**
     * Stores the raw password typed into {@code f} under {@link ConnectionForm#keychainReference()} (OS keychain,
     * or this session's memory when the system has none) and replaces the field with the reference.
     */
    public void storeInKeychain(ConnectionForm f, Runnable then) {
        if (!f.passwordIsRaw()) {
            if (then != null) then.run();
            return;
        }
        String raw = f.passwordProperty().get();
        SecretRef ref = f.keychainReference();
        busy.set(true);
        Tasks.create(() -> workbench.secrets().store(ref, raw)).onSuccess(inKeychain -> {
            if (raw.equals(f.passwordProperty().get())) f.passwordProperty().set(ref.toString());
            notice.set(inKeychain
                    ? "The password of " + f.nameProperty().get() + " is in the OS keychain as " + ref + "."
                    : "This system has no usable keychain: the password of " + f.nameProperty().get() + " is kept for this "
                      + "session only (" + ref + "). For a lasting setup use ${env:VARIABLE}.");
            if (then != null) then.run();
        }).onError(e -> problems.setAll(List.of("cannot store the password: " + UiErrors.message(e))))
                .onFinally(() -> busy.set(false)).run(executor);
    }

    /**
     * Tests the form's connection on the background executor: connects and lists the top of the tree, with a
     * timeout of {@link #TEST_TIMEOUT}. The outcome lands in the form's test state and message.
     */
    public void testConnection(ConnectionForm f) {
        cancelTest(f);
        if (f.passwordIsRaw()) {
            f.testStateProperty().set(ConnectionForm.TestState.FAILED);
            f.testMessageProperty().set("Store the password in the keychain (or use ${env:…}) before testing.");
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
        f.testMessageProperty().set("Connecting to " + profile.setting("url") + "…");
        long started = System.nanoTime();
        Tasks.Handle h = Tasks.create(() -> {
            workbench.testConnection(profile, TEST_TIMEOUT, progress);
            return (System.nanoTime() - started) / 1_000_000;
        }).timeout(TEST_TIMEOUT.plusSeconds(2), "the connection test").onSuccess(ms -> {
            f.testStateProperty().set(ConnectionForm.TestState.SUCCEEDED);
            f.testMessageProperty().set("Connected as " + profile.setting("user") + " in " + ms + " ms.");
        }).onError(e -> {
            f.testStateProperty().set(ConnectionForm.TestState.FAILED);
            f.testMessageProperty().set(UiErrors.message(e));
        }).onCancelled(() -> {
            f.testStateProperty().set(ConnectionForm.TestState.CANCELLED);
            f.testMessageProperty().set("Test cancelled.");
        }).onFinally(() -> tests.remove(f)).run(executor);
        if (!h.isDone()) tests.put(f, new Running(h, progress));
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
            if (f.passwordIsRaw()) bad.add("connections." + n + ".password: " + SecretRef.expectedForm());
            addIf(bad, "connections." + n + ".name", f.nameErrorProperty().get());
            addIf(bad, "connections." + n + ".url", f.urlErrorProperty().get());
            addIf(bad, "connections." + n + ".user", f.userErrorProperty().get());
            if (!f.passwordIsRaw()) addIf(bad, "connections." + n + ".password", f.passwordErrorProperty().get());
        }
        validateAuthor();
        addIf(bad, "author", authorError.get());
        if (!bad.isEmpty()) {
            problems.setAll(bad);
            return;
        }
        List<ConnectionProfile> profiles = forms.stream().map(ConnectionForm::toProfile).toList();
        boolean writeConnections = connectionsEditable;
        String name = blankToNull(authorName.get());
        String email = blankToNull(authorEmail.get());
        busy.set(true);
        problems.clear();
        Tasks.create(() -> {
            Settings current = workbench.settings();
            if (writeConnections) workbench.connections().save(profiles);
            workbench.saveSettings(current.withAuthor(name, email));
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
        f.setChecks(p == null ? prof -> List.of("type: unknown connection type '" + f.type() + "'") : p::checkProfile,
                n -> nameUsed(n, f));
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
