package dev.mlpc.ui.registry;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.MigrationInfo;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry browser's view model without a window, on a real registry in a database of its own: connecting to a
 * missing registry and installing it, refusing one newer than the console, searching and keyset paging with
 * Previous, and actions that call the service, refresh, and turn refusals into messages.
 */
class RegistryBrowserModelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PgTestSupport pg = new PgTestSupport();
    private final ConnectionProfile profile = PgTestSupport.profile("local");
    private Path home;
    private Workbench wb;
    private String db;
    private UiThread ui;
    private UiExecutor executor;
    private RegistryBrowserModel vm;
    private ModelRegistry seed;

    @BeforeEach
    void setUp() throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        db = pg.database("ui_regvm");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        vm = ui.call(() -> new RegistryBrowserModel((p, d, s) -> wb.openRegistry(p, d, s, 2), executor, 3));
        ui.run(() -> {
            vm.setConnections(List.of(profile, new ConnectionProfile("sf", "snowflake", Map.of("account", "x"))));
            vm.databaseProperty().set(db);
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (vm != null) ui.run(vm::dispose);
        if (seed != null) seed.close();
        executor.shutdown(Duration.ofSeconds(5));
        ui.close();
        pg.close();
        UiTestKit.deleteTree(home);
    }

    private ModelRegistry seed() throws Exception {
        if (seed == null) {
            seed = wb.openRegistry(profile, db, RegistryRules.DEFAULT_SCHEMA, 2);
            seed.migrations().migrate();
        }
        return seed;
    }

    private void connect() {
        ui.run(vm::connect);
        ui.waitFor("the registry to open (error: " + ui.call(() -> vm.errorProperty().get()) + ")", WAIT,
                () -> vm.connectedProperty().get() || !vm.errorProperty().get().isEmpty());
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        waitIdle();
    }

    private void waitIdle() {
        ui.waitFor("the browser to finish loading", WAIT, () -> !vm.busyBinding().get());
    }

    private List<String> modelNames() {
        return ui.call(() -> vm.models().items().stream().map(RegisteredModel::name).toList());
    }

    private List<Integer> versionNumbers() {
        return ui.call(() -> vm.versions().items().stream().map(ModelVersion::version).toList());
    }

    private void select(String model) {
        ui.run(() -> vm.selectedModelProperty().set(vm.models().items().stream()
                .filter(m -> m.name().equals(model)).findFirst().orElseThrow()));
        waitIdle();
    }

    private void selectVersion(int n) {
        ui.run(() -> vm.selectedVersionProperty().set(vm.versions().items().stream()
                .filter(v -> v.version() == n).findFirst().orElseThrow()));
        waitIdle();
    }

    /** Runs an action and waits until it and the reloads after it are done. */
    private void act(Runnable action) {
        ui.run(() -> {
            action.run();
            assertThat(vm.busyBinding().get()).as("the action runs in the background").isTrue();
        });
        waitIdle();
    }

    /** Issue 14 (weak spots): Install registry installs as the database's owner, as the wizard and registry init do. */
    @Test
    void installRunsAsTheDatabasesOwner() throws Exception {
        String owner = pg.role("ui_regvm_owner");
        String owned = pg.database("ui_regvm_owned");
        PgTestSupport.exec("CREATE ROLE " + PgTestSupport.q(owner),
                "CREATE DATABASE " + PgTestSupport.q(owned) + " OWNER " + PgTestSupport.q(owner));
        ui.run(() -> vm.databaseProperty().set(owned));
        ui.run(vm::connect);
        ui.waitFor("the install offered", WAIT, () -> vm.installOfferedProperty().get());
        waitIdle();
        act(vm::install);
        ui.waitFor("the install", WAIT, () -> vm.connectedProperty().get() || !vm.errorProperty().get().isEmpty());
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        assertThat(ui.call(() -> vm.infoProperty().get())).contains("owned by " + owner);
        assertThat(PgTestSupport.column(owned, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = ?",
                RegistryRules.DEFAULT_SCHEMA)).containsExactly(owner);
    }

    /**
     * A new user's first open (review): without a remembered place the browser does not open the server's maintenance
     * database postgres but asks for the registry's database; an explicit Connect there offers the install saying what
     * that database is; an error goes as soon as the header names another place.
     */
    @Test
    void opensOnNoDatabaseInsteadOfTheMaintenanceOneAndClearsItsErrorWhenTheChoiceChanges() {
        Map<String, String> settings = new java.util.HashMap<>(profile.settings());
        settings.put("url", PgTestSupport.urlFor("postgres"));
        ConnectionProfile onPostgres = new ConnectionProfile("server", "postgres", settings);
        RegistryBrowserModel fresh = ui.call(() -> {
            RegistryBrowserModel m = new RegistryBrowserModel((p, d, s) -> wb.openRegistry(p, d, s, 2), executor, 3);
            m.setConnections(List.of(onPostgres));
            return m;
        });
        try {
            assertThat(ui.call(fresh::connectFirst)).as("the maintenance database is not opened by itself").isFalse();
            assertThat(ui.call(() -> fresh.databaseProperty().get())).isEmpty();
            assertThat(ui.call(() -> fresh.infoProperty().get())).contains("Choose the database").contains("maintenance");
            assertThat(ui.call(() -> fresh.errorProperty().get())).isEmpty();

            // Connect pressed on it anyway (a schema surely not there): the install offer says where it would go
            ui.run(() -> fresh.schemaProperty().set("mlpc_review_no_registry"));
            ui.run(fresh::connect);
            ui.waitFor("the missing registry", WAIT, () -> fresh.installOfferedProperty().get() || !fresh.errorProperty().get().isEmpty());
            ui.waitFor("idle", WAIT, () -> !fresh.busyBinding().get());
            assertThat(ui.call(() -> fresh.installOfferedProperty().get())).isTrue();
            assertThat(ui.call(() -> fresh.installIntoMaintenanceProperty().get())).isTrue();
            assertThat(ui.call(() -> fresh.errorProperty().get())).contains("maintenance database");

            // another database chosen: the error and the offer (for the place shown before) go at once
            ui.run(() -> fresh.databaseProperty().set(db));
            assertThat(ui.call(() -> fresh.errorProperty().get())).isEmpty();
            assertThat(ui.call(() -> fresh.installOfferedProperty().get())).isFalse();

            // a place that cannot be opened, then another connection: its error goes too
            ui.run(() -> fresh.databaseProperty().set("mlpc_review_no_such_database"));
            ui.run(fresh::connect);
            ui.waitFor("the error", WAIT, () -> !fresh.errorProperty().get().isEmpty() && !fresh.busyBinding().get());
            ui.run(() -> fresh.setConnections(List.of(onPostgres, profile)));
            ui.run(() -> fresh.connectionProperty().set(profile));
            assertThat(ui.call(() -> fresh.errorProperty().get())).isEmpty();
        } finally {
            ui.run(fresh::dispose);
        }
    }

    @Test
    void theConnectionListOffersOnlyPostgresAndFillsInTheDatabase() {
        assertThat(ui.call(() -> vm.connections().stream().map(ConnectionProfile::name).toList())).containsExactly("local");
        assertThat(ui.call(() -> vm.connectionProperty().get().name())).isEqualTo("local");
        ui.run(() -> vm.connectionProperty().set(null));
        ui.run(() -> vm.connectionProperty().set(profile));
        assertThat(ui.call(() -> vm.databaseProperty().get())).isEqualTo(RegistryBrowserModel.defaultDatabase(profile))
                .isNotEmpty();
        ui.run(() -> {
            vm.databaseProperty().set(db);
            vm.schemaProperty().set("x".repeat(70));
            vm.connect();
        });
        assertThat(ui.call(() -> vm.errorProperty().get())).startsWith("schema: ");
        assertThat(ui.call(() -> vm.busyBinding().get())).as("nothing was started").isFalse();
    }

    @Test
    void aMissingRegistryIsExplainedAndInstallRunsTheMigrations() throws Exception {
        ui.run(vm::connect);
        ui.waitFor("the missing-registry message", WAIT, () -> !vm.errorProperty().get().isEmpty());
        String error = ui.call(() -> vm.errorProperty().get());
        assertThat(error).contains("there is no model registry in schema model_registry").contains("Install registry")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(ui.call(() -> vm.installOfferedProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.connectedProperty().get())).isFalse();
        waitIdle();

        ui.run(vm::install);
        ui.waitFor("the install", WAIT, () -> vm.connectedProperty().get() || !vm.errorProperty().get().isEmpty());
        waitIdle();
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        assertThat(ui.call(() -> vm.infoProperty().get())).contains("Installed the model registry").contains("1 migration run");
        assertThat(ui.call(() -> vm.installOfferedProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.schemaVersionProperty().get())).isEqualTo(1);
        List<MigrationInfo> history = ui.call(() -> vm.migrations().stream().filter(m -> !m.version().isEmpty()).toList());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).version()).isEqualTo("1");
        assertThat(history.get(0).state()).isEqualTo("Success");
        assertThat(history.get(0).installedOn()).isNotNull();
        assertThat(history.get(0).installedBy()).isNotBlank();
        assertThat(modelNames()).isEmpty();
        assertThat(seed().migrations().installed()).isEqualTo(1);
    }

    @Test
    void aRegistryNewerThanTheConsoleIsRefusedWithoutOfferingAnInstall() throws Exception {
        seed();
        PgTestSupport.execIn(db, "INSERT INTO model_registry.mlpc_registry_history (installed_rank, version, description,"
                + " type, script, checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future',"
                + " 'SQL', 'V99__future.sql', 0, 'someone', 1, true)");
        ui.run(vm::connect);
        ui.waitFor("the refusal", WAIT, () -> !vm.errorProperty().get().isEmpty());
        assertThat(ui.call(() -> vm.errorProperty().get())).contains("newer than this console").contains("upgrade mlpc");
        assertThat(ui.call(() -> vm.installOfferedProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.connectedProperty().get())).isFalse();
    }

    @Test
    void searchAndKeysetPagingKeepAStackOfCursorsForPrevious() throws Exception {
        ModelRegistry r = seed();
        for (String name : List.of("beta-2", "alpha-3", "alpha-1", "beta-1", "alpha-5", "alpha-2", "beta-3", "alpha-4")) {
            r.register(Registration.of(name, "s3://bucket/" + name));
        }
        r.setAlias("alpha-2", "champion", 1);
        connect();
        assertThat(modelNames()).containsExactly("alpha-1", "alpha-2", "alpha-3");
        assertThat(ui.call(() -> vm.models().hasNextProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.models().hasPreviousProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.models().items().get(1).aliases())).isEqualTo(Map.of("champion", 1));
        assertThat(ui.call(() -> vm.models().items().get(0).versionCount())).isEqualTo(1);

        ui.run(() -> vm.models().next());
        waitIdle();
        assertThat(modelNames()).containsExactly("alpha-4", "alpha-5", "beta-1");
        assertThat(ui.call(() -> vm.models().previousCursors())).containsExactly((String) null);
        String secondPage = ui.call(() -> vm.models().currentCursor());
        assertThat(secondPage).isNotNull();

        ui.run(() -> vm.models().next());
        waitIdle();
        assertThat(modelNames()).containsExactly("beta-2", "beta-3");
        assertThat(ui.call(() -> vm.models().hasNextProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.models().pageNumberProperty().get())).isEqualTo(3);
        assertThat(ui.call(() -> vm.models().previousCursors())).containsExactly(null, secondPage);

        ui.run(() -> vm.models().previous());
        waitIdle();
        assertThat(modelNames()).containsExactly("alpha-4", "alpha-5", "beta-1");
        ui.run(() -> vm.models().previous());
        waitIdle();
        assertThat(modelNames()).containsExactly("alpha-1", "alpha-2", "alpha-3");
        assertThat(ui.call(() -> vm.models().hasPreviousProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.models().pageNumberProperty().get())).isEqualTo(1);

        // typing searches after the delay, from the first page, case-insensitively by prefix
        ui.run(() -> vm.models().next());
        waitIdle();
        ui.run(() -> vm.searchProperty().set("BETA"));
        ui.waitFor("the debounced search", WAIT, () -> !vm.busyBinding().get()
                && vm.models().items().stream().allMatch(m -> m.name().startsWith("beta")));
        assertThat(modelNames()).containsExactly("beta-1", "beta-2", "beta-3");
        assertThat(ui.call(() -> vm.models().hasNextProperty().get())).as("exactly one page").isFalse();
        assertThat(ui.call(() -> vm.models().pageNumberProperty().get())).isEqualTo(1);

        // several keystrokes in a row search once, for the last text
        ui.run(() -> {
            vm.searchProperty().set("a");
            vm.searchProperty().set("al");
            vm.searchProperty().set("alpha-4");
        });
        ui.waitFor("the search for alpha-4", WAIT, () -> !vm.busyBinding().get() && vm.models().items().size() == 1);
        assertThat(modelNames()).containsExactly("alpha-4");

        ui.run(() -> vm.searchProperty().set("gamma"));
        ui.waitFor("no match", WAIT, () -> !vm.busyBinding().get() && vm.models().items().isEmpty());
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
    }

    @Test
    void selectingAModelAndVersionLoadsVersionsLineageMetricsAndEvents() throws Exception {
        ModelRegistry r = seed();
        for (int i = 1; i <= 4; i++) r.register(Registration.of("churn", "s3://bucket/churn/" + i));
        r.addLineage("churn", 2, new Lineage(Lineage.INPUT, "postgres.table", "local/" + db + "/public/train"));
        r.addLineage("churn", 2, new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod"));
        r.logMetrics("churn", 2, List.of(new Metric("loss", 0.5, 1, null), new Metric("loss", 0.3, 2, null),
                new Metric("auc", 0.8, 2, null)));
        r.logMetrics("churn", 3, List.of(new Metric("loss", 0.25, 1, null)));
        connect();
        select("churn");
        assertThat(versionNumbers()).as("newest first, a page of 3").containsExactly(4, 3, 2);
        ui.run(() -> vm.versions().next());
        waitIdle();
        assertThat(versionNumbers()).containsExactly(1);
        ui.run(() -> vm.versions().previous());
        waitIdle();
        assertThat(versionNumbers()).containsExactly(4, 3, 2);

        assertThat(ui.call(() -> List.copyOf(vm.metricKeys()))).containsExactly("auc", "loss");
        assertThat(ui.call(() -> vm.metricKeyProperty().get())).isEqualTo("auc");
        ui.run(() -> vm.metricKeyProperty().set("loss"));
        waitIdle();
        assertThat(ui.call(() -> List.copyOf(vm.across()))).containsExactly(
                new RegistryBrowserModel.VersionValue(2, 0.3), new RegistryBrowserModel.VersionValue(3, 0.25));

        List<RegistryEvent> events = ui.call(() -> List.copyOf(vm.events().items()));
        assertThat(events).hasSize(3);
        assertThat(events.stream().map(RegistryEvent::action).toList()).as("newest first")
                .containsExactly("log_metrics", "log_metrics", "add_lineage");
        assertThat(ui.call(() -> vm.events().hasNextProperty().get())).isTrue();

        selectVersion(2);
        assertThat(ui.call(() -> List.copyOf(vm.lineage()))).containsExactlyInAnyOrder(
                new Lineage(Lineage.INPUT, "postgres.table", "local/" + db + "/public/train"),
                new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod"));
        assertThat(ui.call(() -> vm.versionMetrics().stream().map(m -> m.key() + "@" + m.step() + "=" + m.value()).toList()))
                .containsExactly("auc@2=0.8", "loss@1=0.5", "loss@2=0.3");

        // a click on the postgres table goes to the revealer with the live tree's path; the endpoint is not clickable
        List<String> revealed = new java.util.ArrayList<>();
        ui.run(() -> vm.setRevealer((c, p) -> revealed.add(c + "|" + p)));
        Lineage table = ui.call(() -> vm.lineage().stream().filter(l -> l.kind().equals("postgres.table")).findFirst().orElseThrow());
        Lineage endpoint = ui.call(() -> vm.lineage().stream().filter(l -> l.kind().equals("sagemaker.endpoint")).findFirst().orElseThrow());
        assertThat(ui.call(() -> vm.canReveal(table))).isTrue();
        assertThat(ui.call(() -> vm.canReveal(endpoint))).isFalse();
        ui.run(() -> {
            vm.reveal(table);
            vm.reveal(endpoint);
        });
        assertThat(revealed).containsExactly("local|databases/" + db + "/schemas/public/train");

        selectVersion(4);
        assertThat(ui.call(() -> vm.lineage().isEmpty() && vm.versionMetrics().isEmpty())).isTrue();
    }

    @Test
    void actionsCallTheServiceRefreshAndTurnRefusalsIntoMessages() throws Exception {
        ModelRegistry r = seed();
        for (int i = 1; i <= 3; i++) r.register(Registration.of("churn", "s3://bucket/churn/" + i));
        r.register(Registration.of("other", "s3://bucket/other/1"));
        connect();
        select("churn");
        selectVersion(2);

        act(() -> vm.setAlias("champion", 2));
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        assertThat(ui.call(() -> vm.infoProperty().get())).isEqualTo("Alias champion now points at version 2 of churn");
        assertThat(r.version("churn", 2).aliases()).containsExactly("champion");
        assertThat(ui.call(() -> vm.selectedModelProperty().get().aliases())).as("the model list was reloaded")
                .isEqualTo(Map.of("champion", 2));
        assertThat(ui.call(() -> vm.selectedVersionProperty().get().aliases())).as("the selection follows the reload")
                .containsExactly("champion");
        assertThat(ui.call(() -> vm.events().items().get(0).action())).isEqualTo("set_alias");
        assertThat(r.events("churn", 1, null).items().get(0).action()).isEqualTo("set_alias");

        act(() -> vm.setAlias("champion", 3));
        assertThat(ui.call(() -> vm.infoProperty().get())).isEqualTo("Alias champion moved from version 2 to version 3 of churn");
        assertThat(r.version("churn", 3).aliases()).containsExactly("champion");

        // refusals: the service's message, nothing changed
        act(() -> vm.deleteVersion(3));
        assertThat(ui.call(() -> vm.errorProperty().get()))
                .isEqualTo("Cannot delete version 3 of churn: version: version 3 of model 'churn' carries alias champion;"
                        + " move or remove the alias first");
        assertThat(versionNumbers()).containsExactly(3, 2, 1);
        act(() -> vm.setAlias("v2", 1));
        assertThat(ui.call(() -> vm.errorProperty().get())).startsWith("Cannot set alias v2: alias: 'v2' is reserved");
        assertThat(RegistryBrowserModel.aliasProblem("v2")).contains("reserved");
        assertThat(RegistryBrowserModel.aliasProblem("champion")).isNull();
        act(() -> vm.setAlias("champion", 99));
        assertThat(ui.call(() -> vm.errorProperty().get())).startsWith("Cannot set alias champion: ").contains("99");
        assertThat(r.version("churn", 3).aliases()).containsExactly("champion");

        // stages: promoting with "archive the others" archives the version already there
        act(() -> vm.transition(1, "Production", false));
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        act(() -> vm.transition(2, "Production", true));
        assertThat(ui.call(() -> vm.infoProperty().get())).isEqualTo("Version 2 of churn is in stage Production; 1 other version archived");
        assertThat(r.version("churn", 1).stage()).isEqualTo("Archived");
        assertThat(r.version("churn", 2).stage()).isEqualTo("Production");
        assertThat(ui.call(() -> vm.versions().items().stream().map(v -> v.version() + ":" + v.stage()).toList()))
                .containsExactly("3:None", "2:Production", "1:Archived");

        act(() -> vm.removeAlias("champion"));
        assertThat(ui.call(() -> vm.selectedModelProperty().get().aliases())).isEmpty();
        act(() -> vm.deleteVersion(3));
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        assertThat(versionNumbers()).containsExactly(2, 1);
        assertThat(ui.call(() -> vm.events().items().get(0).action())).isEqualTo("delete_version");
        assertThat(ui.call(() -> vm.selectedVersionProperty().get().version())).as("version 2 is still selected").isEqualTo(2);

        // archive: the model leaves the list until archived models are included; unarchive brings it back
        act(() -> vm.archiveModel(true));
        assertThat(modelNames()).containsExactly("other");
        assertThat(ui.call(() -> vm.selectedModelProperty().get())).isNull();
        assertThat(versionNumbers()).isEmpty();
        ui.run(() -> vm.includeArchivedProperty().set(true));
        waitIdle();
        assertThat(modelNames()).containsExactly("churn", "other");
        select("churn");
        assertThat(ui.call(() -> vm.selectedModelProperty().get().archived())).isTrue();
        act(() -> vm.archiveModel(false));
        assertThat(ui.call(() -> vm.selectedModelProperty().get().archived())).isFalse();
        assertThat(r.model("churn").archived()).isFalse();

        act(vm::deleteModel);
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        assertThat(ui.call(() -> vm.infoProperty().get())).isEqualTo("Deleted model churn with all its versions");
        assertThat(modelNames()).containsExactly("other");
        assertThat(ui.call(() -> vm.selectedModelProperty().get())).isNull();
        assertThatThrownBy(() -> r.model("churn")).isInstanceOf(RegistryException.class);
        assertThat(r.events("churn", 1, null).items().get(0).action()).isEqualTo("delete_model");
    }

    @Test
    void lineageTargetsAreOnlyPostgresTablesNamedConnectionDatabaseSchemaTable() {
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "postgres.table", "prod/ml/public/train")))
                .contains(new RegistryBrowserModel.TreeTarget("prod", "databases/ml/schemas/public/train"));
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "postgres.table", "prod/m%l/pub/t")))
                .contains(new RegistryBrowserModel.TreeTarget("prod", "databases/m%25l/schemas/pub/t"));
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "postgres.table", "prod/ml/train"))).isEmpty();
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "postgres.table", "prod//public/train"))).isEmpty();
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "snowflake.table", "ML.PUBLIC.TRAIN"))).isEmpty();
        assertThat(RegistryBrowserModel.treeTarget(new Lineage(Lineage.INPUT, "s3", "s3://b/k"))).isEmpty();
    }
}
