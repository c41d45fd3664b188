package dev.mlpc.ui.registry;

import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry browser's version details (description, run, framework, metrics, lineage, the version's own events)
 * and its memory of the last registry opened, without a window, on a real registry in a database of its own.
 */
class RegistryVersionDetailsTest {
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
        db = pg.database("ui_regdet");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        vm = ui.call(() -> new RegistryBrowserModel((p, d, s) -> wb.openRegistry(p, d, s, 2), executor, 10));
        ui.run(() -> vm.setConnections(List.of(profile, new ConnectionProfile("other", "postgres",
                Map.of("url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "postgres")))));
        seed = wb.openRegistry(profile, db, RegistryRules.DEFAULT_SCHEMA, 2);
        seed.migrations().migrate();
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

    private void waitIdle() {
        ui.waitFor("the browser to finish loading", WAIT, () -> !vm.busyBinding().get());
    }

    private void connect() {
        ui.run(vm::connect);
        ui.waitFor("the registry to open", WAIT, () -> vm.connectedProperty().get() || !vm.errorProperty().get().isEmpty());
        assertThat(ui.call(() -> vm.errorProperty().get())).isEmpty();
        waitIdle();
    }

    private static String fact(List<RegistryBrowserModel.Fact> facts, String label) {
        return facts.stream().filter(f -> f.label().equals(label)).map(RegistryBrowserModel.Fact::value).findFirst().orElse(null);
    }

    @Test
    void aVersionShowsDescriptionRunFrameworkMetricsLineageAndItsOwnEvents() throws Exception {
        seed.register(new Registration("churn", "s3://bucket/churn/1", "run-0042", "https://mlflow.example/runs/42",
                "xgboost", "{\"inputs\":2}", null, "Gradient-boosted churn model trained on the Q3 extract", Map.of("team", "growth"),
                List.of(new Lineage(Lineage.INPUT, "postgres.table", "local/" + db + "/public/train"))));
        seed.register(Registration.of("churn", "s3://bucket/churn/2").withTags(Map.of("flavor", "sklearn")));
        seed.logMetrics("churn", 1, List.of(new Metric("auc", 0.81, 1, null), new Metric("auc", 0.86, 2, null),
                new Metric("loss", 0.4, 2, null)));
        seed.setAlias("churn", "champion", 1);
        seed.tagVersion("churn", 2, "owner", "ada");

        ui.run(() -> vm.databaseProperty().set(db));
        connect();
        ui.run(() -> vm.selectedModelProperty().set(vm.models().items().get(0)));
        waitIdle();
        ui.run(() -> vm.selectedVersionProperty().set(vm.versions().items().stream().filter(v -> v.version() == 1)
                .findFirst().orElseThrow()));
        waitIdle();

        ModelVersion v1 = ui.call(() -> vm.selectedVersionProperty().get());
        List<RegistryBrowserModel.Fact> facts = ui.call(() ->
                RegistryBrowserModel.versionFacts(v1, List.copyOf(vm.versionMetrics()), List.copyOf(vm.lineage())));
        assertThat(fact(facts, "Version")).isEqualTo("1 of churn");
        assertThat(fact(facts, "Description")).isEqualTo("Gradient-boosted churn model trained on the Q3 extract");
        assertThat(fact(facts, "Run id")).isEqualTo("run-0042");
        assertThat(fact(facts, "Run link")).isEqualTo("https://mlflow.example/runs/42");
        assertThat(fact(facts, "Framework")).isEqualTo("xgboost");
        assertThat(fact(facts, "Aliases")).isEqualTo("champion");
        assertThat(fact(facts, "Tags")).isEqualTo("team=growth");
        assertThat(fact(facts, "Metrics")).as("the last step of each").isEqualTo("auc = 0.86 (step 2), loss = 0.4 (step 2)");
        assertThat(fact(facts, "Lineage")).isEqualTo("1 input, 0 deployments");

        // the version's own events only, newest first: version 2's tag is not among them
        List<RegistryEvent> events = ui.call(() -> List.copyOf(vm.versionEvents()));
        assertThat(events).extracting(RegistryEvent::version).containsOnly(1);
        assertThat(events).extracting(RegistryEvent::action).containsExactly("set_alias", "log_metrics", "register_version")
                .doesNotContain("set_version_tag");
        assertThat(events.get(0).id()).isGreaterThan(events.get(events.size() - 1).id());

        ui.run(() -> vm.selectedVersionProperty().set(vm.versions().items().stream().filter(v -> v.version() == 2)
                .findFirst().orElseThrow()));
        waitIdle();
        ModelVersion v2 = ui.call(() -> vm.selectedVersionProperty().get());
        List<RegistryBrowserModel.Fact> facts2 = ui.call(() ->
                RegistryBrowserModel.versionFacts(v2, List.copyOf(vm.versionMetrics()), List.copyOf(vm.lineage())));
        assertThat(fact(facts2, "Description")).isEqualTo("none");
        assertThat(fact(facts2, "Framework")).as("from the flavor tag when the column is empty").isEqualTo("sklearn");
        assertThat(fact(facts2, "Run id")).isNull();
        assertThat(fact(facts2, "Metrics")).isNull();
        assertThat(ui.call(() -> vm.versionEvents().stream().map(RegistryEvent::action).toList())).contains("set_version_tag")
                .allSatisfy(a -> assertThat(a).isNotEqualTo("log_metrics"));

        ui.run(() -> vm.selectedVersionProperty().set(null));
        assertThat(ui.call(() -> vm.versionEvents().isEmpty())).isTrue();
    }

    @Test
    void eventsOfAVersionNeedItsModel() {
        assertThatThrownBy(() -> seed.events(null, 1, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRegistryOpenedIsReportedAndTheBrowserOpensOnARememberedOne() throws Exception {
        List<RegistryBrowserModel.Place> opened = new ArrayList<>();
        ui.run(() -> vm.setOnOpened(opened::add));
        // a remembered place whose connection is gone is ignored
        assertThat(ui.call(() -> vm.openAt(new RegistryBrowserModel.Place("gone", db, "x")))).isFalse();
        assertThat(ui.call(() -> vm.connectionProperty().get().name())).isEqualTo("local");

        ui.run(() -> vm.connectionProperty().set(vm.connections().get(1)));
        assertThat(ui.call(() -> vm.openAt(new RegistryBrowserModel.Place("local", db, RegistryRules.DEFAULT_SCHEMA)))).isTrue();
        assertThat(ui.call(() -> vm.connectionProperty().get().name())).isEqualTo("local");
        assertThat(ui.call(() -> vm.databaseProperty().get())).isEqualTo(db);
        connect();
        RegistryBrowserModel.Place here = new RegistryBrowserModel.Place("local", db, RegistryRules.DEFAULT_SCHEMA);
        assertThat(opened).containsExactly(here);
        assertThat(ui.call(() -> vm.isAt(here))).isTrue();

        // a schema without the registry is reported only once it is installed from the browser
        ui.run(() -> vm.schemaProperty().set("fresh_registry"));
        ui.run(vm::connect);
        ui.waitFor("the install offer", WAIT, () -> vm.installOfferedProperty().get());
        waitIdle();
        assertThat(opened).hasSize(1);
        ui.run(vm::install);
        ui.waitFor("the install", WAIT, () -> vm.connectedProperty().get());
        waitIdle();
        assertThat(opened).last().isEqualTo(new RegistryBrowserModel.Place("local", db, "fresh_registry"));
    }

    @Test
    void settingsRememberTheRegistryBrowsersPlace() throws Exception {
        assertThat(wb.rememberedRegistry()).isNull();
        Settings.RegistryPlace place = new Settings.RegistryPlace("local", db, "ml_registry");
        assertThat(wb.rememberRegistry(place)).isTrue();
        assertThat(wb.rememberedRegistry()).isEqualTo(place);
        assertThat(Files.readString(home.resolve("settings.yaml"))).contains("registry_browser:").contains("ml_registry");
        // the other settings survive
        wb.saveSettings(wb.settings().withTheme("dark"));
        assertThat(wb.rememberedRegistry()).isEqualTo(place);
        assertThat(wb.settings().theme()).isEqualTo("dark");

        // a registry_browser without a connection is a clear problem naming the field
        Files.writeString(home.resolve("settings.yaml"), "registry_browser: {database: x}\n");
        assertThatThrownBy(() -> wb.settings()).hasMessageContaining("registry_browser.connection");
        assertThat(wb.rememberedRegistry()).isNull();
        assertThat(wb.rememberRegistry(place)).as("unreadable settings are left alone").isFalse();
        assertThat(Files.readString(home.resolve("settings.yaml"))).isEqualTo("registry_browser: {database: x}\n");
    }
}
