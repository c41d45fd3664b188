package dev.mlpc.ui.settings;

import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.testing.PgpTestKeys;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Signing tab's view model without a window: checks, the key check on the background executor, saving. */
class SigningSettingsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASS = "tab pass phrase";

    private UiThread ui;
    private UiExecutor executor;
    private Path home;
    private Workbench wb;
    private SettingsViewModel vm;
    private PgpTestKeys ada;
    private Path keyFile;

    @BeforeEach
    void setUp() throws Exception {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        home = UiTestKit.tempHome();
        ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        keyFile = home.resolve("ada.sec.asc");
        Files.writeString(keyFile, ada.armoredSecret());
        wb = UiTestKit.workbench(home, Map.of("MLPC_TEST_TAB_PASS", PASS, "MLPC_TEST_TAB_WRONG", "nope"));
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
    void signingIsCheckedTestedAndSavedAsAReference() throws Exception {
        assertThat(ui.call(() -> vm.signingEnabledProperty().get())).isFalse();
        ui.run(() -> vm.signingEnabledProperty().set(true));
        assertThat(ui.call(() -> vm.signingErrorProperty().get())).startsWith("signing.key:");
        ui.run(() -> vm.signingKeyFileProperty().set(keyFile.toString()));
        ui.run(() -> vm.signingPassphraseProperty().set(PASS));
        assertThat(ui.call(() -> vm.signingErrorProperty().get())).startsWith("signing.passphrase:").contains("${env:VARIABLE}");
        AtomicInteger saved = new AtomicInteger();
        ui.run(() -> vm.save(saved::incrementAndGet));
        assertThat(ui.call(() -> vm.problems().toString())).contains("signing.passphrase");
        assertThat(saved.get()).isZero();
        assertThat(Files.exists(home.resolve("settings.yaml"))).isFalse();

        ui.run(() -> vm.signingPassphraseProperty().set("${env:MLPC_TEST_TAB_WRONG}"));
        ui.run(vm::testSigning);
        ui.waitFor("key check", WAIT, () -> vm.signingStatusProperty().get().contains("passphrase does not unlock"));

        ui.run(() -> vm.signingPassphraseProperty().set("${env:MLPC_TEST_TAB_PASS}"));
        ui.run(vm::testSigning);
        ui.waitFor("key check", WAIT, () -> vm.signingStatusProperty().get().startsWith("Ready"));
        assertThat(ui.call(() -> vm.signingStatusProperty().get())).contains(ada.fingerprint());

        ui.run(() -> vm.save(saved::incrementAndGet));
        ui.waitFor("saved", WAIT, () -> saved.get() == 1);
        Settings s = Settings.load(home.resolve("settings.yaml"));
        assertThat(s.signing()).isEqualTo(new Settings.Signing("openpgp", null, keyFile.toString(), "${env:MLPC_TEST_TAB_PASS}"));
        assertThat(Files.readString(home.resolve("settings.yaml"))).doesNotContain(PASS);

        // turning it off removes the signing settings
        ui.run(() -> vm.signingEnabledProperty().set(false));
        ui.run(() -> vm.save(saved::incrementAndGet));
        ui.waitFor("saved", WAIT, () -> saved.get() == 2);
        assertThat(Settings.load(home.resolve("settings.yaml")).signing()).isNull();
    }

    /** The SSH format: needs a private key file, checks it on the background executor, saves format ssh. */
    @Test
    void sshSigningIsCheckedTestedAndSaved() throws Exception {
        Path sshKey = home.resolve("id_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", PASS, "-C", "ada@example.org",
                "-f", sshKey.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        ui.run(() -> vm.signingEnabledProperty().set(true));
        ui.run(() -> vm.signingFormatProperty().set("ssh"));
        assertThat(ui.call(() -> vm.signingErrorProperty().get())).startsWith("signing.key_file:").contains("OpenSSH private key");
        ui.run(() -> vm.signingKeyFileProperty().set(sshKey.toString()));
        ui.run(() -> vm.signingPassphraseProperty().set("${env:MLPC_TEST_TAB_WRONG}"));
        assertThat(ui.call(() -> vm.signingErrorProperty().get())).isEmpty();
        ui.run(vm::testSigning);
        ui.waitFor("key check", WAIT, () -> !vm.signingStatusProperty().get().isEmpty()
                && !vm.signingStatusProperty().get().startsWith("Checking"));
        assertThat(ui.call(() -> vm.signingStatusProperty().get())).doesNotStartWith("Ready").contains("signing.key_file");
        ui.run(() -> vm.signingPassphraseProperty().set("${env:MLPC_TEST_TAB_PASS}"));
        ui.run(vm::testSigning);
        ui.waitFor("key check", WAIT, () -> vm.signingStatusProperty().get().startsWith("Ready"));
        assertThat(ui.call(() -> vm.signingStatusProperty().get())).contains("SSH key SHA256:");
        AtomicInteger saved = new AtomicInteger();
        ui.run(() -> vm.save(saved::incrementAndGet));
        ui.waitFor("saved", WAIT, () -> saved.get() == 1);
        assertThat(Settings.load(home.resolve("settings.yaml")).signing())
                .isEqualTo(new Settings.Signing("ssh", null, sshKey.toString(), "${env:MLPC_TEST_TAB_PASS}"));
    }
}
