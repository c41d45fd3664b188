package dev.mlpc.ui.settings;

import dev.mlpc.app.Workbench;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings view model without a window: validation, raw passwords, saving. */
class SettingsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private UiThread ui;
    private UiExecutor executor;
    private Path home;
    private Workbench wb;
    private SettingsViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        vm = ui.call(() -> new SettingsViewModel(wb, executor));
        ui.run(vm::load);
        ui.waitFor("loaded", WAIT, () -> vm.loadedProperty().get());
    }

    @AfterEach
    void tearDown() {
        executor.shutdown(Duration.ofSeconds(2));
        ui.close();
        UiTestKit.deleteTree(home);
    }

    @Test
    void validationFollowsTheFields() {
        ConnectionForm f = ui.call(vm::addPostgres);
        assertThat(ui.call(f::isValid)).isTrue();
        ui.run(() -> f.urlProperty().set("jdbc:postgresql://h:5432/db?password=x"));
        assertThat(ui.call(() -> f.urlErrorProperty().get())).contains("must not hold a password");
        ui.run(() -> f.urlProperty().set(""));
        assertThat(ui.call(() -> f.urlErrorProperty().get())).startsWith("required");
        ui.run(() -> f.userProperty().set(" "));
        assertThat(ui.call(() -> f.userErrorProperty().get())).startsWith("required");
        ui.run(() -> f.passwordProperty().set("${env:not valid}"));
        assertThat(ui.call(() -> f.passwordErrorProperty().get())).contains("not a valid reference");
        ui.run(() -> f.passwordProperty().set("${keychain:mlpc/prod}"));
        assertThat(ui.call(() -> f.passwordErrorProperty().get())).isEmpty();
        assertThat(ui.call(f::isValid)).isFalse();
        ConnectionForm g = ui.call(vm::addPostgres);
        assertThat(ui.call(() -> g.nameProperty().get())).isEqualTo("postgres-2");
        ui.run(() -> g.nameProperty().set("postgres"));
        assertThat(ui.call(() -> g.nameErrorProperty().get())).contains("already has this name");
        assertThat(ui.call(() -> f.nameErrorProperty().get())).as("both duplicates are flagged").contains("already has this name");
        ui.run(() -> vm.remove(f));
        assertThat(ui.call(() -> g.nameErrorProperty().get())).isEmpty();
    }

    @Test
    void aRawPasswordIsRefusedUntilItIsStoredAndThenOnlyTheReferenceIsSaved() throws Exception {
        ConnectionForm f = ui.call(vm::addPostgres);
        ui.run(() -> f.passwordProperty().set("plain-text-pw"));
        AtomicInteger saved = new AtomicInteger();
        ui.run(() -> vm.save(saved::incrementAndGet));
        assertThat(ui.call(() -> String.join("\n", vm.problems()))).contains("connections.postgres.password: must be a secret reference");
        assertThat(Files.exists(home.resolve("connections.yaml"))).isFalse();

        ui.run(() -> vm.storeInKeychain(f, () -> vm.save(saved::incrementAndGet)));
        ui.waitFor("saved", WAIT, () -> saved.get() == 1);
        assertThat(ui.call(() -> f.passwordProperty().get())).isEqualTo("${keychain:mlpc/postgres}");
        assertThat(ui.call(() -> vm.noticeProperty().get())).contains("${keychain:mlpc/postgres}");
        String file = Files.readString(home.resolve("connections.yaml"));
        assertThat(file).doesNotContain("plain-text-pw").contains("${keychain:mlpc/postgres}");
    }

    @Test
    void otherSettingsOfAProfileSurviveEditing() throws Exception {
        Files.writeString(home.resolve("connections.yaml"), """
                connections:
                  prod: {type: postgres, url: "jdbc:postgresql://db:5432/postgres", user: admin, sslmode: require}
                """);
        ui.run(vm::load);
        ui.waitFor("reloaded", WAIT, () -> vm.forms().size() == 1);
        ConnectionForm f = ui.call(() -> vm.forms().get(0));
        ui.run(() -> f.userProperty().set("operator"));
        AtomicInteger saved = new AtomicInteger();
        ui.run(() -> vm.save(saved::incrementAndGet));
        ui.waitFor("saved", WAIT, () -> saved.get() == 1);
        assertThat(wb.connections().load()).singleElement().satisfies(p -> {
            assertThat(p.setting("user")).isEqualTo("operator");
            assertThat(p.setting("sslmode")).isEqualTo("require");
        });
    }
}
