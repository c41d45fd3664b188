package dev.mlpc.ui.settings;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import javafx.scene.input.KeyCode;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The settings dialog: editing connections, raw passwords, testing connections, author, and saving. */
@ExtendWith(ApplicationExtension.class)
class SettingsDialogTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RAW = "S3cret-Passw0rd!";
    private static final String SF_PASSWORD = "sim-Sf-Passw0rd";
    private static final String SF_WRONG_PASSWORD = "sim-Sf-Wr0ng";

    private Path home;
    private Workbench wb;
    private UiExecutor executor;
    private SettingsDialog dialog;
    private Stage owner;
    private final AtomicInteger saved = new AtomicInteger();

    @Start
    void start(Stage stage) throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home, Map.of("MLPC_TEST_SF_PASSWORD", SF_PASSWORD, "MLPC_TEST_SF_WRONG_PASSWORD", SF_WRONG_PASSWORD));
        executor = UiExecutor.create();
        owner = stage;
        stage.setScene(new Scene(new StackPane(new Label("owner")), 300, 200));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        if (dialog != null) fxRun(() -> dialog.stage().close());
        executor.shutdown(Duration.ofSeconds(2));
        UiTestKit.deleteTree(home);
    }

    private void open() {
        fxRun(() -> {
            dialog = new SettingsDialog(wb, executor);
            dialog.show(owner, saved::incrementAndGet);
        });
        waitForFx("settings loaded", WAIT, () -> dialog.model().loadedProperty().get());
    }

    /** Focuses the field by clicking it and replaces its content (like pasting), which fires the same validation. */
    private void replaceText(FxRobot robot, String query, String text) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(f);
        fxRun(() -> f.setText(text));
    }

    /** Clicks Save, expects the question to store a typed secret as {@code reference}, and answers "Store in keychain". */
    private void saveAndStoreInKeychain(FxRobot robot, String reference) {
        robot.clickOn("#settings-save");
        waitForFx("the keychain question", WAIT, () -> robot.lookup("#store-password-dialog").tryQuery().isPresent());
        DialogPane ask = robot.lookup("#store-password-dialog").queryAs(DialogPane.class);
        assertThat(fx(ask::getContentText)).contains(reference);
        robot.clickOn((Node) fx(() -> ask.lookupButton(ask.getButtonTypes().stream()
                .filter(b -> b.getText().equals("Store in keychain")).findFirst().orElseThrow())));
    }

    private String label(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    @Test
    void aTypedPasswordIsStoredAsAReferenceNeverAsPlainText(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#connection-add");
        replaceText(robot, "#conn-name", "local-test");
        robot.clickOn("#conn-password").write(RAW);
        waitForFx("the inline password message", WAIT, () -> label(robot, "#password-error").contains("never saved as typed"));
        assertThat(fx(() -> robot.lookup("#conn-store-keychain").query().isVisible())).isTrue();

        saveAndStoreInKeychain(robot, "${keychain:mlpc/local-test}");

        waitForFx("saved and closed", WAIT, () -> saved.get() == 1 && !dialog.stage().isShowing());
        String file = Files.readString(home.resolve("connections.yaml"));
        assertThat(file).doesNotContain(RAW).contains("${keychain:mlpc/local-test}").contains("local-test");
        List<ConnectionProfile> loaded = wb.connections().load();
        assertThat(loaded).singleElement().satisfies(p -> assertThat(p.setting("password")).isEqualTo("${keychain:mlpc/local-test}"));
        // the secret is reachable through the reference (keychain, or this session's memory)
        assertThat(wb.secrets().resolve(SecretRef.parse("${keychain:mlpc/local-test}").orElseThrow())).isEqualTo(RAW);
        for (Path p : listFiles(home)) {
            assertThat(Files.readString(p)).as("no file in MLPC_HOME holds the password: %s", p).doesNotContain(RAW);
        }
    }

    @Test
    void decliningTheKeychainSavesNothing(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#connection-add");
        robot.clickOn("#conn-password").write(RAW);
        robot.clickOn("#settings-save");
        waitForFx("the keychain question", WAIT, () -> robot.lookup("#store-password-dialog").tryQuery().isPresent());
        DialogPane ask = robot.lookup("#store-password-dialog").queryAs(DialogPane.class);
        robot.clickOn((Node) fx(() -> ask.lookupButton(ask.getButtonTypes().stream()
                .filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.NO).findFirst().orElseThrow())));
        waitForFx("the refusal", WAIT, () -> label(robot, "#settings-problems").contains("must be a reference"));
        assertThat(Files.exists(home.resolve("connections.yaml"))).isFalse();
        assertThat(saved.get()).isZero();
        assertThat(fx(() -> dialog.stage().isShowing())).isTrue();
    }

    @Test
    void fieldsAreValidatedInlineAsTheUserTypes(FxRobot robot) {
        open();
        robot.clickOn("#connection-add");
        assertThat(label(robot, "#url-error")).isEmpty();
        replaceText(robot, "#conn-url", "http://db.example.org/x");
        waitForFx("url message", WAIT, () -> label(robot, "#url-error").contains("jdbc:postgresql://"));
        replaceText(robot, "#conn-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        waitForFx("url ok", WAIT, () -> label(robot, "#url-error").isEmpty());
        replaceText(robot, "#conn-name", "bad name!");
        waitForFx("name message", WAIT, () -> label(robot, "#name-error").contains("letters, digits"));
        replaceText(robot, "#conn-name", "main-db");
        waitForFx("name ok", WAIT, () -> label(robot, "#name-error").isEmpty());
        robot.clickOn("#connection-add");
        replaceText(robot, "#conn-name", "main-db");
        waitForFx("duplicate name message", WAIT, () -> label(robot, "#name-error").contains("already has this name"));
        robot.clickOn("#conn-password").write("${env:PGPASSWORD}");
        waitForFx("reference accepted", WAIT, () -> label(robot, "#password-error").isEmpty());
        // nothing is saved while fields are invalid
        robot.clickOn("#settings-save");
        waitForFx("problems listed", WAIT, () -> label(robot, "#settings-problems").contains("connections.main-db.name: another connection"));
        assertThat(Files.exists(home.resolve("connections.yaml"))).isFalse();
    }

    @Test
    void testConnectionToAClosedPortFailsWithinTheTimeout(FxRobot robot) {
        open();
        robot.clickOn("#connection-add");
        replaceText(robot, "#conn-url", "jdbc:postgresql://127.0.0.1:1/postgres");
        long t0 = System.nanoTime();
        robot.clickOn("#conn-test");
        waitForFx("the test result", Duration.ofSeconds(15),
                () -> dialog.model().selectedProperty().get().testStateProperty().get() == ConnectionForm.TestState.FAILED);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isLessThan(SettingsViewModel.TEST_TIMEOUT.toMillis() + 2_000);
        assertThat(label(robot, "#conn-test-result")).contains("127.0.0.1:1").containsIgnoringCase("refused");
        assertThat(fx(() -> robot.lookup("#conn-test-spinner").query().isVisible())).isFalse();
        assertThat(fx(() -> robot.lookup("#conn-test").queryAs(Button.class).isDisabled())).isFalse();
        // the focus goes back to "Test connection", not to the dialog's Cancel (Enter would close the dialog)
        waitForFx("the focus back on Test connection", WAIT, () -> {
            javafx.scene.Node owner = dialog.stage().getScene().getFocusOwner();
            return owner != null && "conn-test".equals(owner.getId());
        });
    }

    @Test
    void aHangingServerCanBeCancelled(FxRobot robot) throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            open();
            robot.clickOn("#connection-add");
            replaceText(robot, "#conn-url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres");
            robot.clickOn("#conn-test");
            waitForFx("the spinner", WAIT, () -> robot.lookup("#conn-test-spinner").query().isVisible()
                    && robot.lookup("#conn-test-cancel").query().isVisible());
            robot.clickOn("#conn-test-cancel");
            waitForFx("cancelled", WAIT, () -> dialog.model().selectedProperty().get().testStateProperty().get()
                    == ConnectionForm.TestState.CANCELLED);
            assertThat(label(robot, "#conn-test-result")).isEqualTo("Test cancelled.");
            assertThat(fx(() -> robot.lookup("#conn-test-spinner").query().isVisible())).isFalse();
        } finally {
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void testConnectionSucceedsAgainstTheLocalServerAndAuthorIsSaved(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#connection-add");
        replaceText(robot, "#conn-url", PgTestSupport.url());
        replaceText(robot, "#conn-user", PgTestSupport.user());
        if (PgTestSupport.password() != null) robot.clickOn("#conn-password").write("${env:MLPC_TEST_PG_PASSWORD}");
        robot.clickOn("#conn-test");
        waitForFx("the test result", Duration.ofSeconds(15), () -> dialog.model().selectedProperty().get().testStateProperty().get()
                == ConnectionForm.TestState.SUCCEEDED);
        assertThat(label(robot, "#conn-test-result")).startsWith("Connected as " + PgTestSupport.user());

        robot.clickOn("Author");
        replaceText(robot, "#author-name", "Ada Admin");
        replaceText(robot, "#author-email", "not-an-email");
        waitForFx("email message", WAIT, () -> label(robot, "#author-error").contains("email"));
        replaceText(robot, "#author-email", "ada@example.org");
        waitForFx("author ok", WAIT, () -> label(robot, "#author-error").isEmpty());
        robot.clickOn("#settings-save");
        waitForFx("saved", WAIT, () -> saved.get() == 1);
        assertThat(wb.settings().authorName()).isEqualTo("Ada Admin");
        assertThat(wb.settings().authorEmail()).isEqualTo("ada@example.org");
        assertThat(wb.connections().load()).singleElement().satisfies(p -> assertThat(p.setting("url")).isEqualTo(PgTestSupport.url()));
    }

    @Test
    void aBrokenConnectionsFileIsShownAndNeverOverwritten(FxRobot robot) throws Exception {
        String broken = "connections:\n  x: [1, 2\n";
        Files.writeString(home.resolve("connections.yaml"), broken);
        open();
        waitForFx("the file problem", WAIT, () -> label(robot, "#connections-error").contains("connections.yaml:"));
        assertThat(fx(() -> robot.lookup("#connection-add").queryAs(Button.class).isDisabled())).isTrue();
        robot.clickOn("Author");
        replaceText(robot, "#author-name", "Ada Admin");
        replaceText(robot, "#author-email", "ada@example.org");
        robot.clickOn("#settings-save");
        waitForFx("saved", WAIT, () -> saved.get() == 1);
        assertThat(Files.readString(home.resolve("connections.yaml"))).isEqualTo(broken);
        assertThat(wb.settings().authorName()).isEqualTo("Ada Admin");
    }

    /** True when the node and all its ancestors are visible (a hidden row hides its inputs through its parent). */
    private static boolean shown(FxRobot robot, String query) {
        for (Node n = robot.lookup(query).query(); n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }

    private ConnectionForm.TestState testState() {
        return fx(() -> dialog.model().selectedProperty().get().testStateProperty().get());
    }

    @Test
    void aSnowflakeConnectionIsAddedTestedAgainstTheSimulatorAndSavedWithReferencesOnly(FxRobot robot) throws Exception {
        try (SnowflakeSimulator sim = SnowflakeSimulator.start()) {
            sim.expectPassword(SF_PASSWORD);
            open();
            robot.clickOn("#connection-add");
            robot.clickOn("#conn-type");
            robot.clickOn("Snowflake");
            waitForFx("the Snowflake form", WAIT, () -> "snowflake".equals(dialog.model().selectedProperty().get().type())
                    && shown(robot, "#conn-account"));
            assertThat(fx(() -> shown(robot, "#conn-private-key-file"))).isFalse();
            assertThat(fx(() -> shown(robot, "#conn-token"))).isFalse();
            assertThat(label(robot, "#account-error")).startsWith("required (or url)");
            assertThat(fx(() -> robot.lookup("#conn-authenticator").queryComboBox().getValue())).isEqualTo("snowflake");

            // keyboard: Alt+C (A_ccount) moves the focus to the account field
            robot.clickOn("#conn-name");
            robot.press(KeyCode.ALT, KeyCode.C).release(KeyCode.C, KeyCode.ALT);
            waitForFx("focus on the account", WAIT, () -> robot.lookup("#conn-account").query().isFocused());

            replaceText(robot, "#conn-name", "sf-sim");
            replaceText(robot, "#conn-url", sim.jdbcUrl());
            waitForFx("account or url", WAIT, () -> label(robot, "#account-error").isEmpty() && label(robot, "#url-error").isEmpty());
            replaceText(robot, "#conn-user", "MLPC");
            replaceText(robot, "#conn-role", "SYSADMIN");
            replaceText(robot, "#conn-warehouse", "ML_WH");
            robot.clickOn("#conn-password").write(SF_PASSWORD);
            waitForFx("the raw password flagged", WAIT, () -> label(robot, "#password-error").contains("never saved as typed"));
            assertThat(fx(() -> shown(robot, "#conn-store-keychain"))).isTrue();
            robot.clickOn("#conn-test");
            waitForFx("testing refused", WAIT, () -> testState() == ConnectionForm.TestState.FAILED);
            assertThat(label(robot, "#conn-test-result")).contains("store the password in the keychain");
            assertThat(sim.requests(SnowflakeSimulator.Endpoint.LOGIN)).as("a raw password is never sent").isZero();

            replaceText(robot, "#conn-password", "${env:MLPC_TEST_SF_PASSWORD}");
            waitForFx("the reference accepted", WAIT, () -> label(robot, "#password-error").isEmpty());
            assertThat(fx(() -> shown(robot, "#conn-store-keychain"))).isFalse();
            robot.clickOn("#conn-test");
            waitForFx("the test result", WAIT, () -> testState() != ConnectionForm.TestState.RUNNING);
            assertThat(testState()).as(label(robot, "#conn-test-result")).isEqualTo(ConnectionForm.TestState.SUCCEEDED);
            assertThat(label(robot, "#conn-test-result")).startsWith("Connected as MLPC in ")
                    .contains("Snowflake " + SnowflakeSimulator.SERVER_VERSION).contains("role SYSADMIN").contains("warehouse ML_WH");
            assertThat(fx(() -> shown(robot, "#conn-test-spinner"))).isFalse();

            replaceText(robot, "#conn-password", "${env:MLPC_TEST_SF_WRONG_PASSWORD}");
            robot.clickOn("#conn-test");
            waitForFx("the test result", WAIT, () -> testState() != ConnectionForm.TestState.RUNNING);
            assertThat(testState()).isEqualTo(ConnectionForm.TestState.FAILED);
            assertThat(label(robot, "#conn-test-result"))
                    .startsWith("connection 'sf-sim': Snowflake refused the login of user MLPC at 127.0.0.1:" + sim.port())
                    .contains("Incorrect username or password was specified.").contains("Check user and password.")
                    .doesNotContain(SF_PASSWORD).doesNotContain(SF_WRONG_PASSWORD).doesNotContain("Exception");
            assertThat(sim.requests(SnowflakeSimulator.Endpoint.LOGIN)).isEqualTo(2);

            replaceText(robot, "#conn-password", "${env:MLPC_TEST_SF_PASSWORD}");
            robot.clickOn("#settings-save");
            waitForFx("saved and closed", WAIT, () -> saved.get() == 1 && !dialog.stage().isShowing());
        }
        String file = Files.readString(home.resolve("connections.yaml"));
        assertThat(file).contains("sf-sim").contains("type: snowflake").contains("${env:MLPC_TEST_SF_PASSWORD}")
                .doesNotContain(SF_PASSWORD).doesNotContain(SF_WRONG_PASSWORD);
        assertThat(wb.connections().load()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("sf-sim");
            assertThat(p.type()).isEqualTo("snowflake");
            assertThat(p.settings()).containsEntry("user", "MLPC").containsEntry("role", "SYSADMIN")
                    .containsEntry("warehouse", "ML_WH").containsEntry("authenticator", "snowflake")
                    .containsEntry("password", "${env:MLPC_TEST_SF_PASSWORD}").containsKey("url")
                    .doesNotContainKeys("account", "token", "private_key_file", "private_key_passphrase");
            assertThat(p.setting("url")).startsWith("jdbc:snowflake://127.0.0.1:");
        });
        for (Path p : listFiles(home)) {
            assertThat(Files.readString(p)).as("no file in MLPC_HOME holds a password: %s", p)
                    .doesNotContain(SF_PASSWORD).doesNotContain(SF_WRONG_PASSWORD);
        }
    }

    @Test
    void theAuthenticatorChoiceShowsOnlyItsSecretAndATypedTokenIsOfferedToTheKeychain(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#connection-add");
        robot.clickOn("#conn-type");
        robot.clickOn("Snowflake");
        waitForFx("the Snowflake form", WAIT, () -> shown(robot, "#conn-account"));
        replaceText(robot, "#conn-name", "sf-oauth");
        replaceText(robot, "#conn-account", "myorg-ml");
        replaceText(robot, "#conn-user", "MLPC");
        robot.clickOn("#conn-authenticator");
        robot.clickOn("oauth (OAuth token)");
        waitForFx("the token field", WAIT, () -> shown(robot, "#conn-token")
                && !shown(robot, "#conn-password"));
        assertThat(label(robot, "#token-error")).startsWith("required for authenticator oauth");
        robot.clickOn("#conn-token").write("raw-oauth-token-42");
        waitForFx("the raw token flagged", WAIT, () -> label(robot, "#token-error").contains("a token is never saved as typed"));
        saveAndStoreInKeychain(robot, "${keychain:mlpc/sf-oauth/token}");
        waitForFx("saved and closed", WAIT, () -> saved.get() == 1 && !dialog.stage().isShowing());
        assertThat(Files.readString(home.resolve("connections.yaml"))).doesNotContain("raw-oauth-token-42");
        assertThat(wb.connections().load()).singleElement().satisfies(p -> assertThat(p.settings())
                .containsEntry("authenticator", "oauth").containsEntry("token", "${keychain:mlpc/sf-oauth/token}")
                .doesNotContainKey("password"));
        assertThat(wb.secrets().resolve(SecretRef.parse("${keychain:mlpc/sf-oauth/token}").orElseThrow())).isEqualTo("raw-oauth-token-42");
    }

    private static List<Path> listFiles(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
