package dev.mlpc.ui.shell;

import dev.mlpc.ProviderModule;
import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.ui.Icons;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.history.HistoryViewModel;
import dev.mlpc.ui.proposals.ProposalsViewModel;
import dev.mlpc.ui.proposals.WorkbenchProposals;
import dev.mlpc.ui.tree.LiveTreeModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The view model of the main window: creates the {@link Workbench} in the background, then loads settings, the
 * connection list and the config repository (created on first start), and owns the tree and history view models.
 * Failures become {@link UiMessage}s naming the file and the reason; nothing here blocks the UI thread.
 */
public final class MainViewModel {
    private final Callable<Workbench> factory;
    private final List<ProviderModule> modules;
    private final UiExecutor executor;
    private final LiveTreeModel tree;
    private final HistoryViewModel history;
    /** Made when the Proposals view is first shown: not before the first frame (issue 14, part 3). */
    private ProposalsViewModel proposals;
    private final ReadOnlyObjectWrapper<Workbench> workbench = new ReadOnlyObjectWrapper<>(this, "workbench");
    private final ReadOnlyStringWrapper theme = new ReadOnlyStringWrapper(this, "theme", "light");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Starting…");
    private final ReadOnlyObjectWrapper<Path> repositoryPath = new ReadOnlyObjectWrapper<>(this, "repositoryPath");
    private final ReadOnlyBooleanWrapper repositoryReady = new ReadOnlyBooleanWrapper(this, "repositoryReady", false);
    private final ObservableList<UiMessage> messages = FXCollections.observableArrayList();
    private volatile Workbench wb;

    /**
     * @param factory creates the workbench; called once on a background thread
     */
    public MainViewModel(Callable<Workbench> factory, UiExecutor executor) {
        this(factory, executor, "light");
    }

    /**
     * @param factory      creates the workbench; called once on a background thread
     * @param initialTheme the theme to show until settings are read ({@code light} or {@code dark})
     */
    public MainViewModel(Callable<Workbench> factory, UiExecutor executor, String initialTheme) {
        this(factory, executor, initialTheme, dev.mlpc.Modules.standard());
    }

    /**
     * @param factory      creates the workbench; called once on a background thread
     * @param initialTheme the theme to show until settings are read ({@code light} or {@code dark})
     * @param modules      the registered providers with their wizards: the New menu and the tree's icons come from
     *                     them (the workbench's registry should hold the same providers)
     */
    public MainViewModel(Callable<Workbench> factory, UiExecutor executor, String initialTheme, List<ProviderModule> modules) {
        this.factory = Objects.requireNonNull(factory);
        this.modules = List.copyOf(modules);
        dev.mlpc.Modules.check(this.modules);
        this.theme.set("dark".equals(initialTheme) ? "dark" : "light");
        this.executor = Objects.requireNonNull(executor);
        this.tree = new LiveTreeModel(this::openSession, this::drift, this::nodeActions, executor);
        this.history = new HistoryViewModel(this::openRepository, executor,
                dev.mlpc.ui.history.VersionService.of(workbench::get));
        Icons.register(this.modules.stream().map(ProviderModule::descriptor).toList());
    }

    /** The registered providers with their wizards, in menu order. */
    public List<ProviderModule> modules() { return modules; }

    /** The workbench once created (null before). */
    public ReadOnlyObjectProperty<Workbench> workbenchProperty() { return workbench.getReadOnlyProperty(); }

    /** {@code light} or {@code dark}, from settings. */
    public ReadOnlyStringProperty themeProperty() { return theme.getReadOnlyProperty(); }

    /** One line for the status bar. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Where the config repository is. */
    public ReadOnlyObjectProperty<Path> repositoryPathProperty() { return repositoryPath.getReadOnlyProperty(); }

    /** True once the config repository exists and opened. */
    public ReadOnlyBooleanProperty repositoryReadyProperty() { return repositoryReady.getReadOnlyProperty(); }

    /** Messages for the notification bar, newest last. */
    public ObservableList<UiMessage> messages() { return messages; }

    public LiveTreeModel tree() { return tree; }

    public HistoryViewModel history() { return history; }

    /** The Proposals view's model, made on first use (its list is read when the view is first shown). FX thread. */
    public ProposalsViewModel proposals() {
        if (proposals == null) proposals = new ProposalsViewModel(new WorkbenchProposals(this::startedWorkbench), executor);
        return proposals;
    }

    public UiExecutor executor() { return executor; }

    /** Creates the workbench, then loads settings, connections and the repository in parallel. */
    public void start() {
        status.set("Starting…");
        tree.showLoadingConnections();
        record Opened(Workbench wb, Settings settings, String settingsError, List<Workbench.RecoveredApply> recovered) {}
        Tasks.create(() -> {
            Workbench w = factory.call();
            wb = w;
            Icons.register(w.registry().providers().stream().map(Provider::describe).toList());
            // applies an earlier process left unrecorded (killed mid-way) are committed before anything else
            List<Workbench.RecoveredApply> recovered = w.recoverInterrupted();
            try {
                return new Opened(w, w.settings(), null, recovered);
            } catch (StackException e) {
                return new Opened(w, Settings.defaults(), UiErrors.message(e), recovered);
            }
        }).onSuccess(o -> {
            if (!o.recovered().isEmpty()) {
                boolean failed = o.recovered().stream().anyMatch(r -> r.problem() != null);
                post(UiMessage.of("recovered-apply", failed ? UiMessage.Severity.ERROR : UiMessage.Severity.WARNING,
                        o.recovered().size() == 1 ? "An interrupted apply was recorded" : o.recovered().size() + " interrupted applies were recorded",
                        String.join("\n", o.recovered().stream().map(Workbench.RecoveredApply::describe).toList())));
            }
            workbench.set(o.wb());
            theme.set(o.settings().theme() == null ? "light" : o.settings().theme());
            if (o.settingsError() != null) {
                post(new UiMessage("settings", UiMessage.Severity.WARNING, "settings.yaml has problems; defaults are used",
                        o.settingsError(), null, null));
            }
            status.set("Ready");
            reloadConnections();
            openRepositoryAndHistory();
        }).onError(e -> {
            status.set("Cannot start");
            tree.showConnectionsError("The console could not start: " + UiErrors.message(e), null, null);
            post(UiMessage.of("startup", UiMessage.Severity.ERROR, "The console could not start", UiErrors.message(e)));
        }).run(executor);
    }

    /** Reads {@code connections.yaml} again and rebuilds the tree (sessions reconnect on expansion). */
    public void reloadConnections() {
        Workbench w = wb;
        if (w == null) return;
        Tasks.create(() -> w.connections().load()).onSuccess(list -> {
            dismiss("connections");
            tree.setConnections(list);
        }).onError(e -> {
            String file = w.connections().file().toString();
            String msg = UiErrors.message(e);
            tree.showConnectionsError("Cannot read " + file + " (see the message above)", "Reload", this::reloadConnections);
            post(new UiMessage("connections", UiMessage.Severity.ERROR, "connections.yaml has problems", msg,
                    "Reload", this::reloadConnections));
        }).run(executor);
    }

    /** Reloads the connection list and the history. */
    public void refreshAll() {
        reloadConnections();
        if (repositoryReady.get()) history.refresh();
        else openRepositoryAndHistory();
    }

    /** Switches the theme and saves it in settings (a broken settings file is not overwritten). */
    public void setTheme(String t) {
        String value = "dark".equals(t) ? "dark" : "light";
        if (value.equals(theme.get())) return;
        theme.set(value);
        Workbench w = wb;
        if (w == null) return;
        Tasks.create(() -> {
            w.saveSettings(w.settings().withTheme(value));
            return Boolean.TRUE;
        }).onError(e -> post(UiMessage.of("settings", UiMessage.Severity.WARNING, "The theme was not saved",
                UiErrors.message(e)))).run(executor);
    }

    /** Adds a message, replacing one with the same key. */
    public void post(UiMessage m) {
        if (m.key() != null) messages.removeIf(x -> m.key().equals(x.key()));
        messages.add(m);
    }

    /** Removes the message with this key, if any. */
    public void dismiss(String key) {
        messages.removeIf(x -> key.equals(x.key()));
    }

    /** Closes the tree's sessions and the history's repository. */
    public void dispose() {
        tree.dispose();
        history.dispose();
    }

    private void openRepositoryAndHistory() {
        Workbench w = wb;
        if (w == null) return;
        Tasks.create(() -> {
            Path p = w.repositoryPath();
            try (ConfigRepository created = w.repository()) {
                return created.directory() == null ? p : created.directory();
            }
        }).onSuccess(p -> {
            dismiss("repository");
            repositoryPath.set(p);
            repositoryReady.set(true);
            history.refresh();
        }).onError(e -> post(new UiMessage("repository", UiMessage.Severity.ERROR, "The config repository cannot be opened",
                UiErrors.message(e), "Retry", this::openRepositoryAndHistory))).run(executor);
    }

    private ProviderSession openSession(ConnectionProfile p) throws ProviderException {
        Workbench w = wb;
        if (w == null) throw new ProviderException("the console is still starting");
        return w.openSession(p);
    }

    private dev.mlpc.app.Drift drift(ConnectionProfile p, ProviderSession session, dev.mlpc.core.provider.Progress progress)
            throws Exception {
        Workbench w = wb;
        if (w == null) throw new ProviderException("the console is still starting");
        return w.drift(p, session, progress);
    }

    private List<dev.mlpc.core.provider.NodeAction> nodeActions(ProviderSession session, dev.mlpc.core.provider.LiveNode node) {
        Workbench w = wb;
        return w == null ? List.of() : w.nodeActions(session, node);
    }

    private Workbench startedWorkbench() {
        Workbench w = wb;
        if (w == null) throw new IllegalStateException("the console is still starting");
        return w;
    }

    private ConfigRepository openRepository() throws Exception {
        Workbench w = wb;
        if (w == null) throw new IllegalStateException("the console is still starting");
        return w.repository();
    }

    /** The profiles shown in the tree. */
    public List<ConnectionProfile> connections() {
        return tree.connections();
    }
}
