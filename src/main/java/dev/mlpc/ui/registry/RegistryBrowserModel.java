package dev.mlpc.ui.registry;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.MigrationInfo;
import dev.mlpc.registry.Migrations;
import dev.mlpc.registry.ModelQuery;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The view model of the model registry browser, testable without a window.
 *
 * <p>Header: a PostgreSQL connection, a database (empty: the profile's) and a schema ({@code model_registry} by
 * default); {@link #connect()} opens the registry and checks its schema version. A missing (or older) registry is
 * explained with the service's message and {@link #installOfferedProperty() offers} {@link #install()}; one newer
 * than the console is refused with its message. Once connected: models (name prefix search, debounced, keyset pages
 * with Previous through a stack of cursors), the selected model's versions (paged the same way), the selected
 * version's lineage and metrics, one metric across versions, the model's event log (newest first) and the migration
 * history.</p>
 *
 * <p>Actions (set or move an alias, remove an alias, change stage, archive or unarchive, delete a version or the
 * model) call the service and then reload what they change; a refusal or failure becomes {@link #errorProperty()},
 * never an exception. The view asks for confirmation before calling them.</p>
 *
 * <p>Threading: every public method runs on the UI thread of the {@link UiExecutor}; all registry calls run on its
 * background pool, results come back on the UI thread, and results of outdated requests are dropped.</p>
 */
public final class RegistryBrowserModel {
    /** How long typing in the search box waits before it searches. */
    public static final Duration SEARCH_DELAY = Duration.ofMillis(250);
    /** What {@link #install()} and messages call the install action. */
    static final String INSTALL_HINT = "Install registry (or mlpc registry init)";

    /** Opens the registry of a connection; the application passes {@code workbench.openRegistry(p, db, schema, n)}. */
    @FunctionalInterface
    public interface RegistryOpener {
        ModelRegistry open(ConnectionProfile profile, String database, String schema) throws Exception;
    }

    /** Shows a live-tree node of the main window: connection name and node path. */
    @FunctionalInterface
    public interface Revealer {
        void reveal(String connection, String path);
    }

    /** Where a lineage entry is in the live tree of the main window. */
    public record TreeTarget(String connection, String path) { }

    /** One point of a metric across versions: the value at the highest step of that version. */
    public record VersionValue(int version, double value) { }

    /** Where a registry lives: the connection's name, the database (null: the connection's) and the schema. */
    public record Place(String connection, String database, String schema) { }

    /** One line of a version's details: what it is and its value, as the details pane shows it. */
    public record Fact(String label, String value) { }

    /** How many of a version's events the details show (newest first). */
    public static final int VERSION_EVENTS = 50;

    private final RegistryOpener opener;
    private final UiExecutor executor;
    private final int pageSize;

    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>(this, "connection");
    private final StringProperty database = new SimpleStringProperty(this, "database", "");
    private final StringProperty schema = new SimpleStringProperty(this, "schema", RegistryRules.DEFAULT_SCHEMA);
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected", false);
    private final ReadOnlyBooleanWrapper installOffered = new ReadOnlyBooleanWrapper(this, "installOffered", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper(this, "info", "");
    private final ReadOnlyStringWrapper target = new ReadOnlyStringWrapper(this, "target", "");
    private final ReadOnlyIntegerWrapper working = new ReadOnlyIntegerWrapper(this, "working", 0);
    private final ReadOnlyObjectWrapper<Integer> schemaVersion = new ReadOnlyObjectWrapper<>(this, "schemaVersion");

    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty includeArchived = new SimpleBooleanProperty(this, "includeArchived", false);
    private final Pager<RegisteredModel> models;
    private final ObjectProperty<RegisteredModel> selectedModel = new SimpleObjectProperty<>(this, "selectedModel");
    private final Pager<ModelVersion> versions;
    private final ObjectProperty<ModelVersion> selectedVersion = new SimpleObjectProperty<>(this, "selectedVersion");
    private final ObservableList<Lineage> lineage = FXCollections.observableArrayList();
    private final ObservableList<Metric> versionMetrics = FXCollections.observableArrayList();
    private final ObservableList<RegistryEvent> versionEvents = FXCollections.observableArrayList();
    private final ObservableList<String> metricKeys = FXCollections.observableArrayList();
    private final StringProperty metricKey = new SimpleStringProperty(this, "metricKey");
    private final ObservableList<VersionValue> across = FXCollections.observableArrayList();
    private final Pager<RegistryEvent> events;
    private final ObservableList<MigrationInfo> migrations = FXCollections.observableArrayList();
    private final BooleanBinding busy;

    private ModelRegistry registry;
    private Revealer revealer;
    private java.util.function.Consumer<Place> onOpened;
    private String selectedName;
    private Integer selectedNumber;
    private int connectGeneration;
    private int searchGeneration;
    private int detailGeneration;
    private int keysGeneration;
    private int acrossGeneration;
    private int migrationsGeneration;
    private boolean disposed;

    /**
     * @param opener   opens a registry (on a background thread)
     * @param executor the console's executor
     * @param pageSize models and versions per page (1..{@link ModelRegistry#MAX_PAGE})
     */
    public RegistryBrowserModel(RegistryOpener opener, UiExecutor executor, int pageSize) {
        this.opener = Objects.requireNonNull(opener);
        this.executor = Objects.requireNonNull(executor);
        if (pageSize < 1 || pageSize > ModelRegistry.MAX_PAGE) throw new IllegalArgumentException("page size " + pageSize);
        this.pageSize = pageSize;
        this.models = new Pager<>(executor);
        this.versions = new Pager<>(executor);
        this.events = new Pager<>(executor);
        models.setOnError(e -> fail("Cannot list the models", e));
        versions.setOnError(e -> fail("Cannot list the versions", e));
        events.setOnError(e -> fail("Cannot read the event log", e));
        models.setOnLoaded(this::restoreModel);
        versions.setOnLoaded(this::restoreVersion);
        busy = Bindings.createBooleanBinding(() -> working.get() > 0 || models.loadingProperty().get()
                        || versions.loadingProperty().get() || events.loadingProperty().get(),
                working, models.loadingProperty(), versions.loadingProperty(), events.loadingProperty());

        connection.addListener((o, a, b) -> {
            if (b != null && !Objects.equals(a, b)) database.set(defaultDatabase(b));
            choiceChanged();
        });
        database.addListener((o, a, b) -> choiceChanged());
        schema.addListener((o, a, b) -> choiceChanged());
        search.addListener((o, a, b) -> scheduleSearch());
        includeArchived.addListener((o, a, b) -> searchNow());
        selectedModel.addListener((o, a, b) -> modelSelected(b));
        selectedVersion.addListener((o, a, b) -> versionSelected(b));
        metricKey.addListener((o, a, b) -> loadAcross());
    }

    // ---- properties ---------------------------------------------------------------------------------------------

    /** The events of the selected version, newest first (at most {@value #VERSION_EVENTS}). */
    public ObservableList<RegistryEvent> versionEvents() { return versionEvents; }

    /**
     * Called on the UI thread with the place of every registry opened and current (connected, or installed here):
     * the console remembers it in its settings so that the browser opens there next time.
     */
    public void setOnOpened(java.util.function.Consumer<Place> c) { onOpened = c; }

    /**
     * Points the header at {@code place} (a remembered one, or the one a wizard just installed the registry in) when
     * its connection is among {@link #connections()}; returns whether it did. Does not connect.
     */
    public boolean openAt(Place place) {
        if (place == null || place.connection() == null) return false;
        ConnectionProfile p = connections.stream().filter(c -> c.name().equals(place.connection())).findFirst().orElse(null);
        if (p == null) return false;
        connection.set(p);
        database.set(place.database() == null ? defaultDatabase(p) : place.database());
        schema.set(place.schema() == null || place.schema().isBlank() ? RegistryRules.DEFAULT_SCHEMA : place.schema());
        return true;
    }

    /** True when the registry shown is the one at {@code place} (same connection, database and schema). */
    public boolean isAt(Place place) {
        Place now = current;
        return now != null && connected.get() && now.equals(normalise(place));
    }

    private Place current;

    private Place normalise(Place p) {
        if (p == null) return null;
        ConnectionProfile c = connections.stream().filter(x -> x.name().equals(p.connection())).findFirst().orElse(null);
        String db = p.database() == null && c != null ? defaultDatabase(c) : p.database();
        return new Place(p.connection(), db, p.schema() == null ? RegistryRules.DEFAULT_SCHEMA : p.schema());
    }

    /** The place of the registry opened last (current or offering its install), or null. */
    private Place openedPlace;

    private void opened(Place place) {
        current = place;
        if (onOpened != null && place != null) onOpened.accept(place);
    }

    /**
     * The details of a version as the details pane lists them: version, stage and status, description, run id and
     * link, framework (the version's {@code framework} column, else its {@code framework} or {@code flavor} tag),
     * signature, source, who created it and when, aliases, tags, the last value of each metric, and a count of its
     * lineage. Empty values are left out, except the description ("none").
     */
    public static List<Fact> versionFacts(ModelVersion v, List<Metric> metrics, List<Lineage> lineage) {
        List<Fact> out = new ArrayList<>();
        if (v == null) return out;
        out.add(new Fact("Version", v.version() + " of " + v.model()));
        out.add(new Fact("Stage", v.stage() + (v.status() == null || v.status().isBlank() ? "" : " · " + v.status())));
        out.add(new Fact("Description", v.description() == null || v.description().isBlank() ? "none" : v.description()));
        addIf(out, "Run id", v.runId());
        addIf(out, "Run link", v.runLink());
        String framework = v.framework();
        if (framework == null || framework.isBlank()) {
            Map<String, String> tags = v.tags() == null ? Map.of() : v.tags();
            framework = tags.getOrDefault("framework", tags.get("flavor"));
        }
        addIf(out, "Framework", framework);
        addIf(out, "Signature", v.signature());
        addIf(out, "Source", v.source());
        String created = (v.createdBy() == null ? "" : v.createdBy())
                + (v.createdAt() == null ? "" : (v.createdBy() == null ? "" : " · ") + v.createdAt().toString());
        addIf(out, "Created", created);
        if (v.updatedAt() != null && !v.updatedAt().equals(v.createdAt())) out.add(new Fact("Updated", v.updatedAt().toString()));
        if (v.aliases() != null && !v.aliases().isEmpty()) out.add(new Fact("Aliases", String.join(", ", v.aliases())));
        if (v.tags() != null && !v.tags().isEmpty()) {
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(v.tags()).forEach((k, val) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(val));
            out.add(new Fact("Tags", b.toString()));
        }
        if (metrics != null && !metrics.isEmpty()) {
            Map<String, Metric> last = new java.util.TreeMap<>();
            for (Metric m : metrics) {
                Metric had = last.get(m.key());
                if (had == null || m.step() >= had.step()) last.put(m.key(), m);
            }
            StringBuilder b = new StringBuilder();
            last.values().forEach(m -> b.append(b.length() == 0 ? "" : ", ").append(m.key()).append(" = ")
                    .append(number(m.value())).append(" (step ").append(m.step()).append(')'));
            out.add(new Fact("Metrics", b.toString()));
        }
        if (lineage != null) {
            long inputs = lineage.stream().filter(l -> Lineage.INPUT.equals(l.direction())).count();
            long deployments = lineage.stream().filter(l -> Lineage.DEPLOYMENT.equals(l.direction())).count();
            out.add(new Fact("Lineage", inputs + " input" + (inputs == 1 ? "" : "s") + ", " + deployments + " deployment"
                    + (deployments == 1 ? "" : "s")));
        }
        return out;
    }

    private static void addIf(List<Fact> out, String label, String value) {
        if (value != null && !value.isBlank()) out.add(new Fact(label, value));
    }

    /** A metric value without needless digits: 0.93, 12, 1.5E-7. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
        String s = String.valueOf(d);
        return s.length() > 12 ? String.format(java.util.Locale.ROOT, "%.6g", d) : s;
    }

    /** The PostgreSQL connections to choose from. */
    public ObservableList<ConnectionProfile> connections() { return connections; }

    public ObjectProperty<ConnectionProfile> connectionProperty() { return connection; }

    /** The database; empty means the connection's own. Choosing a connection fills in its database. */
    public StringProperty databaseProperty() { return database; }

    public StringProperty schemaProperty() { return schema; }

    /** True once a registry at the console's schema version is open. */
    public ReadOnlyBooleanProperty connectedProperty() { return connected.getReadOnlyProperty(); }

    /** True when the registry is missing or older than the console: {@link #install()} is offered. */
    public ReadOnlyBooleanProperty installOfferedProperty() { return installOffered.getReadOnlyProperty(); }

    /** The last failure or refusal, in words; empty when there is none. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** The last success or what is happening now, in words. */
    public ReadOnlyStringProperty infoProperty() { return info.getReadOnlyProperty(); }

    /** {@code connection · database · schema} of the open registry, empty before. */
    public ReadOnlyStringProperty targetProperty() { return target.getReadOnlyProperty(); }

    /** The installed schema version of the open registry (null before connecting). */
    public ReadOnlyObjectProperty<Integer> schemaVersionProperty() { return schemaVersion.getReadOnlyProperty(); }

    /** True while anything is loading or running. */
    public BooleanBinding busyBinding() { return busy; }

    /** The name prefix the model list is filtered by; typing searches after {@link #SEARCH_DELAY}. */
    public StringProperty searchProperty() { return search; }

    public BooleanProperty includeArchivedProperty() { return includeArchived; }

    public Pager<RegisteredModel> models() { return models; }

    public ObjectProperty<RegisteredModel> selectedModelProperty() { return selectedModel; }

    public Pager<ModelVersion> versions() { return versions; }

    public ObjectProperty<ModelVersion> selectedVersionProperty() { return selectedVersion; }

    /** Lineage of the selected version: inputs and deployments. */
    public ObservableList<Lineage> lineage() { return lineage; }

    /** Every logged value of the selected version, by key then step. */
    public ObservableList<Metric> versionMetrics() { return versionMetrics; }

    /** The metric keys of the selected model. */
    public ObservableList<String> metricKeys() { return metricKeys; }

    /** The key shown across versions. */
    public StringProperty metricKeyProperty() { return metricKey; }

    /** {@link #metricKeyProperty()} per version, by version. */
    public ObservableList<VersionValue> across() { return across; }

    /** The selected model's event log, newest first. */
    public Pager<RegistryEvent> events() { return events; }

    /** The registry schema's migrations. */
    public ObservableList<MigrationInfo> migrations() { return migrations; }

    public int pageSize() { return pageSize; }

    /** Opens the Lineage map on a registry version: the open registry's connection, database, schema, model, version. */
    @FunctionalInterface
    public interface MapOpener {
        void open(String connection, String database, String schema, String model, int version);
    }

    private MapOpener mapOpener;
    /** A model (and version) to select once the list holds it: {@link #showVersion}. */
    private String wantedModel;
    private Integer wantedVersion;

    /** What "Show on lineage map" calls; null: the action is not offered. */
    public void setMapOpener(MapOpener m) { mapOpener = m; }

    public boolean mapOffered() { return mapOpener != null; }

    /** Opens the Lineage map on the selected version (nothing when none is selected). */
    public void showOnMap() {
        ModelVersion v = selectedVersion.get();
        ConnectionProfile p = connection.get();
        if (v == null || mapOpener == null || p == null) return;
        String db = database.get() == null || database.get().isBlank() ? defaultDatabase(p) : database.get().strip();
        String sc = schema.get() == null || schema.get().isBlank() ? RegistryRules.DEFAULT_SCHEMA : schema.get().strip();
        mapOpener.open(p.name(), db, sc, v.model(), v.version());
    }

    /**
     * Selects model {@code model} and, when not null, its version {@code version} (the Lineage map's Enter on a registry
     * node): searches the list for the name, then selects them once listed; a model not listed becomes a message.
     */
    public void showVersion(String model, Integer version) {
        wantedModel = model;
        wantedVersion = version;
        if (selectedName != null && selectedName.equals(model)) {
            wantedModel = null;
            selectWantedVersion();
            return;
        }
        if (!model.equals(search.get())) search.set(model);
        else searchNow();
    }

    private boolean selectWantedModel() {
        String w = wantedModel;
        if (w == null) return false;
        wantedModel = null;
        RegisteredModel m = models.items().stream().filter(x -> x.name().equals(w)).findFirst().orElse(null);
        if (m == null) {
            wantedVersion = null;
            error.set("model " + w + " is not in this registry (" + target.get() + ")");
            return true;
        }
        selectedModel.set(m);
        return true;
    }

    private boolean selectWantedVersion() {
        Integer w = wantedVersion;
        if (w == null) return false;
        ModelVersion v = versions.items().stream().filter(x -> x.version() == w).findFirst().orElse(null);
        if (v == null) return false;
        wantedVersion = null;
        selectedVersion.set(v);
        return true;
    }

    /** What a click on a {@code postgres.table} lineage entry calls; null: entries are not clickable. */
    public void setRevealer(Revealer r) { revealer = r; }

    // ---- connecting ---------------------------------------------------------------------------------------------

    /** Offers these PostgreSQL connections and selects the first when none is chosen yet. */
    public void setConnections(List<ConnectionProfile> profiles) {
        ConnectionProfile keep = connection.get();
        List<ConnectionProfile> pg = profiles.stream().filter(p -> "postgres".equals(p.type())).toList();
        connections.setAll(pg);
        ConnectionProfile again = keep == null ? null
                : pg.stream().filter(p -> p.name().equals(keep.name())).findFirst().orElse(null);
        if (again != null) connection.set(again);
        else if (!pg.isEmpty()) connection.set(pg.get(0));
        else connection.set(null);
    }

    /** The server's maintenance database: every PostgreSQL server has it, shared by all; not a registry's place. */
    public static final String MAINTENANCE_DATABASE = "postgres";

    /** The database the header names: the typed one, else the connection's own; empty without a connection. */
    public String chosenDatabase() {
        String db = database.get() == null ? "" : database.get().strip();
        if (!db.isEmpty()) return db;
        ConnectionProfile p = connection.get();
        return p == null ? "" : defaultDatabase(p);
    }

    /** True when the header names the maintenance database {@value #MAINTENANCE_DATABASE} (or none at all). */
    public boolean maintenanceChosen() {
        String db = chosenDatabase();
        return db.isEmpty() || db.equals(MAINTENANCE_DATABASE);
    }

    /** True while the install offered would go into the maintenance database (the install button says so). */
    public ReadOnlyBooleanProperty installIntoMaintenanceProperty() { return installIntoMaintenance.getReadOnlyProperty(); }

    private final ReadOnlyBooleanWrapper installIntoMaintenance = new ReadOnlyBooleanWrapper(this, "installIntoMaintenance", false);

    /**
     * The first connect when the browser opens: the place remembered ({@link #openAt}) or a database of the
     * connection's own are opened at once; the maintenance database {@value #MAINTENANCE_DATABASE} is not (the
     * header stays on it with a prompt to choose the registry's database). Returns whether it connected.
     */
    public boolean connectFirst() {
        if (connection.get() == null || connected.get() || installOffered.get()) return false;
        if (maintenanceChosen()) {
            if (MAINTENANCE_DATABASE.equals(database.get() == null ? "" : database.get().strip())) database.set("");
            error.set("");
            info.set(CHOOSE_DATABASE);
            return false;
        }
        connect();
        return true;
    }

    /** What the browser says when it opens without a registry's place. */
    static final String CHOOSE_DATABASE = "Choose the database of the model registry (the field Database), then press"
            + " Connect. The connection's own database, " + MAINTENANCE_DATABASE + ", is the server's maintenance database,"
            + " shared by everyone: not a place for a registry.";

    /**
     * The header's choice changed: a message about the place shown before (an error, the install offer) no longer
     * applies to what the header names now.
     */
    private void choiceChanged() {
        error.set("");
        if (installOffered.get()) {
            installOffered.set(false);
            installIntoMaintenance.set(false);
            info.set("");
        }
    }

    /** Opens the registry named by the header and, when it is current, loads the models and migrations. */
    public void connect() {
        ConnectionProfile p = connection.get();
        if (p == null) {
            error.set(connections.isEmpty() ? "connection: there is no PostgreSQL connection; add one in Settings"
                    : "connection: choose a PostgreSQL connection");
            return;
        }
        String sc = schema.get() == null || schema.get().isBlank() ? RegistryRules.DEFAULT_SCHEMA : schema.get().strip();
        String problem = RegistryRules.checkSchema(sc);
        if (problem != null) {
            error.set(problem);
            return;
        }
        String db = database.get() == null || database.get().isBlank() ? null : database.get().strip();
        closeRegistry();
        int gen = ++connectGeneration;
        String where = p.name() + " · " + (db == null ? defaultDatabase(p) : db) + " · " + sc;
        error.set("");
        info.set("Connecting to " + where + "…");
        record Opened(ModelRegistry registry, int version, String problem) { }
        work(() -> {
            ModelRegistry r = opener.open(p, db, sc);
            try {
                Migrations m = r.migrations();
                int v = m.installed();
                String missing = null;
                if (v < Migrations.LATEST) {
                    try {
                        m.requireCurrent(INSTALL_HINT);
                    } catch (RegistryException e) {
                        missing = e.getMessage();
                    }
                }
                return new Opened(r, v, missing);
            } catch (RegistryException | RuntimeException e) {
                r.close();
                throw e;
            }
        }, o -> {
            if (gen != connectGeneration || disposed) {
                closeLater(o.registry());
                return;
            }
            registry = o.registry();
            openedPlace = new Place(p.name(), db == null ? defaultDatabase(p) : db, sc);
            target.set(where);
            schemaVersion.set(o.version());
            loadMigrations();
            if (o.problem() != null) {
                boolean maintenance = MAINTENANCE_DATABASE.equals(openedPlace.database());
                installIntoMaintenance.set(maintenance);
                installOffered.set(true);
                info.set("");
                error.set(o.problem() + (maintenance ? ". " + MAINTENANCE_DATABASE + " is the server's maintenance"
                        + " database, shared by everyone: install the registry there (Install in " + MAINTENANCE_DATABASE
                        + ") only if you mean to; otherwise choose a database of its own and press Connect" : ""));
                return;
            }
            connected.set(true);
            info.set("Connected to " + where + " (registry schema version " + o.version() + ")");
            opened(openedPlace);
            searchNow();
        }, e -> {
            if (gen != connectGeneration) return;
            info.set("");
            error.set("Cannot open the registry at " + where + ": " + UiErrors.message(e));
        });
    }

    /** Installs (or upgrades) the registry in the connected schema with its migrations, then loads it. */
    public void install() {
        ModelRegistry r = registry;
        if (r == null || !installOffered.get()) return;
        int gen = connectGeneration;
        String where = target.get();
        error.set("");
        info.set("Installing the model registry in " + where + "…");
        // as the wizard and mlpc registry init do: as the owner of the schema or the database (RegistryInstall)
        work(() -> dev.mlpc.app.RegistryInstall.install(r, null), done -> {
            if (gen != connectGeneration) return;
            var res = done.result();
            installOffered.set(false);
            installIntoMaintenance.set(false);
            connected.set(true);
            schemaVersion.set(res.version());
            info.set("Installed the model registry in " + where + ": " + done.summary());
            opened(openedPlace);
            loadMigrations();
            searchNow();
        }, e -> {
            if (gen != connectGeneration) return;
            info.set("");
            error.set("The registry could not be installed: " + UiErrors.message(e));
            loadMigrations();
        });
    }

    /** Reloads everything shown (F5). */
    public void refresh() {
        if (registry == null) return;
        loadMigrations();
        if (!connected.get()) return;
        models.reload();
        if (selectedName != null) {
            versions.reload();
            events.reload();
            loadMetricKeys(selectedName);
        }
        if (selectedVersion.get() != null) versionSelected(selectedVersion.get());
    }

    /** Closes the registry; results still in flight are dropped. */
    public void dispose() {
        disposed = true;
        connectGeneration++;
        closeRegistry();
    }

    // ---- models -------------------------------------------------------------------------------------------------

    /** Searches now (Enter in the search box), from the first page. */
    public void searchNow() {
        searchGeneration++;
        ModelRegistry r = registry;
        if (r == null || !connected.get()) return;
        String prefix = search.get() == null ? "" : search.get().strip();
        boolean archived = includeArchived.get();
        models.first(cursor -> r.models(new ModelQuery(prefix.isEmpty() ? null : prefix, null, Map.of(), archived,
                pageSize, cursor)));
    }

    private void scheduleSearch() {
        int gen = ++searchGeneration;
        executor.schedule(SEARCH_DELAY, () -> executor.fx().execute(() -> {
            if (gen == searchGeneration && !disposed) searchNow();
        }));
    }

    private void restoreModel() {
        if (selectWantedModel()) return;
        if (selectedName == null) return;
        RegisteredModel again = models.items().stream().filter(m -> m.name().equals(selectedName)).findFirst().orElse(null);
        if (again != null) {
            selectedModel.set(again);
            return;
        }
        // deleted, archived or not on this page any more
        selectedName = null;
        if (selectedModel.get() == null) clearModelDetails();
        else selectedModel.set(null);
    }

    private void modelSelected(RegisteredModel m) {
        if (m == null) {
            if (models.replacing()) return; // the list is being replaced: the selection is restored afterwards
            selectedName = null;
            clearModelDetails();
            return;
        }
        if (m.name().equals(selectedName)) return; // the same model, reloaded
        selectedName = m.name();
        clearModelDetails();
        ModelRegistry r = registry;
        if (r == null) return;
        String name = m.name();
        versions.first(cursor -> r.versions(name, pageSize, cursor));
        events.first(cursor -> r.events(name, pageSize, cursor));
        loadMetricKeys(name);
    }

    private void clearModelDetails() {
        selectedNumber = null;
        selectedVersion.set(null);
        versions.clear();
        events.clear();
        metricKeys.clear();
        metricKey.set(null);
        across.clear();
        lineage.clear();
        versionMetrics.clear();
        versionEvents.clear();
    }

    // ---- versions -----------------------------------------------------------------------------------------------

    private void restoreVersion() {
        if (selectWantedVersion()) return;
        if (selectedNumber == null) return;
        ModelVersion again = versions.items().stream().filter(v -> v.version() == selectedNumber).findFirst().orElse(null);
        if (again != null) {
            selectedVersion.set(again);
            return;
        }
        if (selectedVersion.get() == null) versionSelected(null);
        else selectedVersion.set(null);
    }

    private void versionSelected(ModelVersion v) {
        if (v == null && versions.replacing()) return;
        int gen = ++detailGeneration;
        if (v == null) {
            selectedNumber = null;
            lineage.clear();
            versionMetrics.clear();
            versionEvents.clear();
            return;
        }
        boolean same = selectedNumber != null && selectedNumber == v.version();
        selectedNumber = v.version();
        if (!same) {
            lineage.clear();
            versionMetrics.clear();
            versionEvents.clear();
        }
        ModelRegistry r = registry;
        if (r == null) return;
        String model = v.model();
        int number = v.version();
        record Details(List<Lineage> lineage, List<Metric> metrics, List<RegistryEvent> events) { }
        work(() -> new Details(r.lineage(model, number), r.metrics(model, number),
                r.events(model, number, VERSION_EVENTS, null).items()), d -> {
            if (gen != detailGeneration) return;
            lineage.setAll(d.lineage());
            versionMetrics.setAll(d.metrics());
            versionEvents.setAll(d.events());
        }, e -> {
            if (gen == detailGeneration) fail("Cannot read version " + number + " of " + model, e);
        });
    }

    private void loadMetricKeys(String model) {
        ModelRegistry r = registry;
        if (r == null) return;
        int gen = ++keysGeneration;
        work(() -> r.metricKeys(model), keys -> {
            if (gen != keysGeneration || !model.equals(selectedName)) return;
            String keep = metricKey.get();
            metricKeys.setAll(keys);
            if (keep != null && keys.contains(keep)) loadAcross();
            else metricKey.set(keys.isEmpty() ? null : keys.get(0));
        }, e -> {
            if (gen == keysGeneration) fail("Cannot read the metric keys of " + model, e);
        });
    }

    private void loadAcross() {
        int gen = ++acrossGeneration;
        String key = metricKey.get();
        String model = selectedName;
        ModelRegistry r = registry;
        if (key == null || model == null || r == null) {
            across.clear();
            return;
        }
        work(() -> r.metricAcrossVersions(model, key), values -> {
            if (gen != acrossGeneration) return;
            List<VersionValue> out = new ArrayList<>();
            values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(en -> out.add(new VersionValue(en.getKey(), en.getValue())));
            across.setAll(out);
        }, e -> {
            if (gen == acrossGeneration) fail("Cannot read metric " + key + " across versions", e);
        });
    }

    private void loadMigrations() {
        ModelRegistry r = registry;
        if (r == null) return;
        int gen = ++migrationsGeneration;
        work(() -> r.migrations().history(), list -> {
            if (gen == migrationsGeneration) migrations.setAll(list);
        }, e -> {
            if (gen == migrationsGeneration) fail("Cannot read the migration history", e);
        });
    }

    // ---- actions ------------------------------------------------------------------------------------------------

    /** The inline problem of an alias name, or null when it is acceptable. */
    public static String aliasProblem(String alias) {
        return RegistryRules.checkAlias("alias", alias == null ? "" : alias.strip());
    }

    /** Sets or moves {@code alias} of the selected model to {@code version}. */
    public void setAlias(String alias, int version) {
        String model = selectedName;
        if (model == null) return;
        String a = alias.strip();
        Integer before = selectedModel.get() == null ? null : selectedModel.get().aliases().get(a);
        action("Cannot set alias " + a, true, () -> {
            registry().setAlias(model, a, version);
            return before == null ? "Alias " + a + " now points at version " + version + " of " + model
                    : before == version ? "Alias " + a + " already pointed at version " + version + " of " + model
                    : "Alias " + a + " moved from version " + before + " to version " + version + " of " + model;
        });
    }

    /** Removes {@code alias} from the selected model. */
    public void removeAlias(String alias) {
        String model = selectedName;
        if (model == null) return;
        action("Cannot remove alias " + alias, true, () -> {
            registry().removeAlias(model, alias);
            return "Removed alias " + alias + " of " + model;
        });
    }

    /** Moves {@code version} of the selected model to {@code stage}, optionally archiving the others in that stage. */
    public void transition(int version, String stage, boolean archiveOthers) {
        String model = selectedName;
        if (model == null) return;
        action("Cannot move version " + version + " to " + stage, true, () -> {
            List<ModelVersion> changed = registry().transition(model, version, stage, archiveOthers);
            int others = Math.max(0, changed.size() - 1);
            return "Version " + version + " of " + model + " is in stage " + changed.get(0).stage()
                    + (others == 0 ? "" : "; " + others + " other version" + (others == 1 ? "" : "s") + " archived");
        });
    }

    /** Archives or unarchives the selected model. */
    public void archiveModel(boolean archived) {
        String model = selectedName;
        if (model == null) return;
        action("Cannot " + (archived ? "archive " : "unarchive ") + model, !archived || includeArchived.get(), () -> {
            registry().archiveModel(model, archived);
            return (archived ? "Archived " : "Unarchived ") + model
                    + (archived && !includeArchived.get() ? " (tick Include archived to see it)" : "");
        });
    }

    /** Deletes {@code version} of the selected model (the service refuses a version an alias points at). */
    public void deleteVersion(int version) {
        String model = selectedName;
        if (model == null) return;
        action("Cannot delete version " + version + " of " + model, true, () -> {
            registry().deleteVersion(model, version);
            return "Deleted version " + version + " of " + model;
        });
    }

    /** Deletes the selected model with all its versions. */
    public void deleteModel() {
        String model = selectedName;
        if (model == null) return;
        action("Cannot delete " + model, false, () -> {
            registry().deleteModel(model);
            return "Deleted model " + model + " with all its versions";
        });
    }

    /** Where a lineage entry is in the live tree: only {@code postgres.table} entries named {@code conn/db/schema/table}. */
    public static Optional<TreeTarget> treeTarget(Lineage l) {
        if (l == null || !"postgres.table".equals(l.kind()) || l.uri() == null) return Optional.empty();
        String[] s = l.uri().split("/", -1);
        if (s.length != 4) return Optional.empty();
        for (String seg : s) if (seg.isEmpty()) return Optional.empty();
        return Optional.of(new TreeTarget(s[0], Workbench.tablePath(s[1], s[2], s[3])));
    }

    /** True when a click on {@code l} can show it in the main window's tree. */
    public boolean canReveal(Lineage l) {
        return revealer != null && treeTarget(l).isPresent();
    }

    /** Shows the lineage entry in the main window's live tree (when it is a {@code postgres.table}). */
    public void reveal(Lineage l) {
        Optional<TreeTarget> t = treeTarget(l);
        if (revealer == null || t.isEmpty()) return;
        info.set("Showing " + l.uri() + " in the main window");
        revealer.reveal(t.get().connection(), t.get().path());
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private ModelRegistry registry() throws RegistryException {
        ModelRegistry r = registry;
        if (r == null) throw new RegistryException("not connected to a registry");
        return r;
    }

    /**
     * Runs an action, then reloads what it may have changed.
     *
     * @param modelStays false when the selected model leaves the list (deleted, or archived while archived models are
     *                   hidden): then only the model list is reloaded
     */
    private void action(String failure, boolean modelStays, Callable<String> call) {
        int gen = connectGeneration;
        error.set("");
        work(call, msg -> {
            if (gen != connectGeneration) return;
            info.set(msg);
            afterChange(modelStays);
        }, e -> {
            if (gen != connectGeneration) return;
            fail(failure, e);
            afterChange(true);
        });
    }

    /** Reloads what an action may have changed, keeping the selection where it still exists. */
    private void afterChange(boolean modelStays) {
        if (!connected.get()) return;
        models.reload();
        String model = selectedName;
        if (model != null && modelStays) {
            versions.reload();
            events.reload();
            loadMetricKeys(model);
        }
    }

    private <T> void work(Callable<T> call, java.util.function.Consumer<T> ok, java.util.function.Consumer<Throwable> bad) {
        working.set(working.get() + 1);
        Tasks.create(call).onSuccess(ok).onError(bad).onFinally(() -> working.set(working.get() - 1)).run(executor);
    }

    private void fail(String what, Throwable e) {
        error.set(what + ": " + UiErrors.message(e));
    }

    private void closeRegistry() {
        ModelRegistry old = registry;
        registry = null;
        connected.set(false);
        installOffered.set(false);
        installIntoMaintenance.set(false);
        target.set("");
        schemaVersion.set(null);
        selectedName = null;
        selectedModel.set(null);
        clearModelDetails();
        models.clear();
        migrations.clear();
        closeLater(old);
    }

    private void closeLater(ModelRegistry r) {
        if (r == null) return;
        try {
            executor.background().execute(r::close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.close();
        }
    }

    /** The database named in a profile's URL, or empty. */
    static String defaultDatabase(ConnectionProfile p) {
        return Workbench.profileDatabase(p);
    }
}
