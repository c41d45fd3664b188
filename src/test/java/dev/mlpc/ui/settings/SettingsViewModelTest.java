package dev.mlpc.ui.settings;

import dev.mlpc.app.Workbench;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings view model without a window: validation, raw secrets, PostgreSQL and Snowflake profiles, testing, saving. */
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
        ConnectionForm f = ui.call(() -> vm.add("postgres"));
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
        ConnectionForm g = ui.call(() -> vm.add("postgres"));
        assertThat(ui.call(() -> g.nameProperty().get())).isEqualTo("postgres-2");
        ui.run(() -> g.nameProperty().set("postgres"));
        assertThat(ui.call(() -> g.nameErrorProperty().get())).contains("already has this name");
        assertThat(ui.call(() -> f.nameErrorProperty().get())).as("both duplicates are flagged").contains("already has this name");
        ui.run(() -> vm.remove(f));
        assertThat(ui.call(() -> g.nameErrorProperty().get())).isEmpty();
    }

    @Test
    void aRawPasswordIsRefusedUntilItIsStoredAndThenOnlyTheReferenceIsSaved() throws Exception {
        ConnectionForm f = ui.call(() -> vm.add("postgres"));
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

    private static String error(ConnectionForm f, String key) {
        return f.field(key).orElseThrow().errorProperty().get();
    }

    private static void set(ConnectionForm f, String key, String value) {
        f.field(key).orElseThrow().valueProperty().set(value);
    }

    @Test
    void aNewSnowflakeConnectionChecksEachFieldWithTheProvidersMessagesAndShowsOnlyTheAuthenticatorsSecrets() {
        ConnectionForm f = ui.call(() -> vm.add("snowflake"));
        assertThat(f.type()).isEqualTo("snowflake");
        assertThat(ui.call(() -> f.nameProperty().get())).isEqualTo("snowflake");
        assertThat(ui.call(() -> f.authenticatorProperty().get())).as("default authenticator").isEqualTo("snowflake");
        assertThat(ui.call(() -> error(f, "account"))).startsWith("required (or url)");
        assertThat(ui.call(() -> error(f, "user"))).startsWith("required");
        assertThat(ui.call(() -> error(f, "password"))).startsWith("required for authenticator snowflake");
        assertThat(ui.call(f::isValid)).isFalse();

        ui.run(() -> {
            set(f, "account", "myorg-ml");
            set(f, "user", "MLPC_ADMIN");
            set(f, "password", "hunter2-raw");
        });
        assertThat(ui.call(() -> error(f, "account"))).isEmpty();
        assertThat(ui.call(() -> error(f, "password"))).startsWith("a password is never saved as typed");
        assertThat(ui.call(f::hasRawSecret)).isTrue();
        ui.run(() -> set(f, "password", "${env:MLPC_SF_PASSWORD}"));
        assertThat(ui.call(f::isValid)).isTrue();

        ui.run(() -> set(f, "url", "jdbc:snowflake://myorg-ml.snowflakecomputing.com/"));
        assertThat(ui.call(() -> error(f, "url"))).isEqualTo("give either account or url, not both");
        ui.run(() -> set(f, "account", ""));
        assertThat(ui.call(() -> error(f, "url"))).isEmpty();
        ui.run(() -> set(f, "url", "jdbc:snowflake://u:pw@host/"));
        assertThat(ui.call(() -> error(f, "url"))).contains("without user:password@");
        ui.run(() -> {
            set(f, "url", "");
            set(f, "account", "myorg-ml");
            set(f, "role", "select");
        });
        assertThat(ui.call(() -> error(f, "role"))).contains("reserved word");
        ui.run(() -> set(f, "role", "SYSADMIN"));
        assertThat(ui.call(() -> error(f, "role"))).isEmpty();

        // oauth: the password is neither shown, checked nor saved; the token is required and only as a reference
        ui.run(() -> f.authenticatorProperty().set("oauth"));
        assertThat(ui.call(() -> f.field("password").orElseThrow().shownProperty().get())).isFalse();
        assertThat(ui.call(() -> f.field("token").orElseThrow().shownProperty().get())).isTrue();
        assertThat(ui.call(() -> error(f, "token"))).startsWith("required for authenticator oauth");
        ui.run(() -> set(f, "token", "ey.raw.token"));
        assertThat(ui.call(() -> error(f, "token"))).startsWith("a token is never saved as typed");
        ui.run(() -> set(f, "token", "${keychain:mlpc/sf-token}"));
        assertThat(ui.call(f::isValid)).isTrue();
        assertThat(ui.call(f::toProfile).settings()).containsEntry("authenticator", "oauth")
                .containsEntry("token", "${keychain:mlpc/sf-token}").containsEntry("role", "SYSADMIN")
                .doesNotContainKeys("password", "private_key_file", "private_key_passphrase", "url");

        // key pair: a path, never the key itself; the passphrase is optional
        ui.run(() -> f.authenticatorProperty().set("snowflake_jwt"));
        assertThat(ui.call(() -> error(f, "private_key_file"))).startsWith("required for authenticator snowflake_jwt");
        ui.run(() -> set(f, "private_key_file", "-----BEGIN PRIVATE KEY-----"));
        assertThat(ui.call(() -> error(f, "private_key_file"))).contains("never the key itself");
        ui.run(() -> set(f, "private_key_file", "/keys/rsa_key.p8"));
        assertThat(ui.call(f::isValid)).isTrue();
        assertThat(ui.call(f::toProfile).settings()).containsEntry("private_key_file", "/keys/rsa_key.p8")
                .doesNotContainKeys("password", "token", "private_key_passphrase");

        // browser SSO: no secret at all
        ui.run(() -> f.authenticatorProperty().set("externalbrowser"));
        assertThat(ui.call(f::isValid)).isTrue();
        assertThat(ui.call(f::toProfile).settings()).containsOnlyKeys("account", "user", "role", "authenticator");

        // back to the password: what was typed before comes back
        ui.run(() -> f.authenticatorProperty().set("snowflake"));
        assertThat(ui.call(f::toProfile).settings()).containsEntry("password", "${env:MLPC_SF_PASSWORD}");
    }

    @Test
    void aConnectionOfAnUnknownTypeIsAnErrorOnThatConnectionNeverAPostgresForm() {
        ConnectionForm f = ui.call(() -> new ConnectionForm(new dev.mlpc.core.provider.ConnectionProfile("ml-host", "mainframe",
                Map.of("region", "eu-west-1")), wb.registry().provider("mainframe").map(p -> p.describe()).orElse(null), false));
        assertThat(f.fields()).isEmpty();
        assertThat(f.editable()).isFalse();
        assertThat(ui.call(() -> f.settingsErrorProperty().get())).isEqualTo(
                "type: unknown connection type 'mainframe': no provider of this console has it");
        assertThat(ui.call(f::isValid)).isFalse();
        assertThat(ui.call(f::toProfile)).satisfies(p -> {
            assertThat(p.type()).isEqualTo("mainframe");
            assertThat(p.settings()).containsExactly(Map.entry("region", "eu-west-1"));
        });
        assertThat(ui.call(vm::addableTypes)).containsExactly("postgres", "snowflake", "sagemaker", "datashare");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ui.call(() -> vm.add("mainframe")))
                .hasMessageContaining("connections of type 'mainframe' cannot be added here");
    }

    @Test
    void theDescriptionAloneDrivesTheFormsFieldsChecksAndKeychainNames() {
        var d = dev.mlpc.core.provider.ProviderDescriptor.builder("acme", "Acme")
                .setting(dev.mlpc.core.provider.SettingSpec.text("host", "_Host"))
                .setting(dev.mlpc.core.provider.SettingSpec.url("url", "UR_L"))
                .setting(dev.mlpc.core.provider.SettingSpec.choice("auth", "_Auth",
                        new dev.mlpc.core.provider.SettingSpec.Choice("key", "key (API key)", "api_key"),
                        new dev.mlpc.core.provider.SettingSpec.Choice("none", null, null)).withDefault("key"))
                .setting(dev.mlpc.core.provider.SettingSpec.secret("api_key", "API _key", "key").asRequired("required for auth key")
                        .shownWhen("auth", "key"))
                .setting(dev.mlpc.core.provider.SettingSpec.secret("client_secret", "_Secret", "client secret"))
                .primarySecret("api_key").oneOf("host", "url").location(true, "host", "url").build();
        ConnectionForm f = ui.call(() -> new ConnectionForm(new dev.mlpc.core.provider.ConnectionProfile("acme-1", "acme",
                Map.of("auth", " KEY ", "extra", "kept")), d, true));
        assertThat(f.fields()).extracting(ConnectionForm.Field::key).containsExactly("host", "url", "auth", "api_key", "client_secret");
        assertThat(ui.call(() -> f.field("auth").orElseThrow().valueProperty().get())).as("a choice is read as its value").isEqualTo("key");
        assertThat(ui.call(() -> error(f, "host"))).isEqualTo("required (or url)");
        assertThat(ui.call(() -> error(f, "api_key"))).isEqualTo("required for auth key");
        ui.run(() -> {
            set(f, "host", "acme.example.org");
            set(f, "url", "https://acme.example.org/api");
        });
        assertThat(ui.call(() -> error(f, "host"))).isEmpty();
        assertThat(ui.call(() -> error(f, "url"))).isEqualTo("give either host or url, not both");
        ui.run(() -> set(f, "url", ""));
        assertThat(ui.call(f::where)).isEqualTo("acme.example.org");
        ui.run(() -> set(f, "api_key", "raw"));
        assertThat(ui.call(() -> error(f, "api_key"))).startsWith("a key is never saved as typed");
        ConnectionForm.Field apiKey = f.field("api_key").orElseThrow();
        ConnectionForm.Field clientSecret = f.field("client_secret").orElseThrow();
        assertThat(ui.call(() -> f.keychainReference(apiKey).toString())).isEqualTo("${keychain:mlpc/acme-1}");
        assertThat(ui.call(() -> f.keychainReference(clientSecret).toString())).isEqualTo("${keychain:mlpc/acme-1/client_secret}");
        ui.run(() -> set(f, "auth", "none"));
        assertThat(ui.call(() -> apiKey.shownProperty().get())).isFalse();
        assertThat(ui.call(f::isValid)).isTrue();
        assertThat(ui.call(f::toProfile).settings()).containsOnlyKeys("host", "auth", "extra");
    }

    @Test
    void aNewConnectionsTypeCanBeChangedButNotThatOfASavedOne() throws Exception {
        ConnectionForm pg = ui.call(() -> vm.add("postgres"));
        ConnectionForm sf = ui.call(() -> vm.changeType(pg, "snowflake"));
        assertThat(sf).isNotSameAs(pg);
        assertThat(sf.type()).isEqualTo("snowflake");
        assertThat(ui.call(() -> sf.nameProperty().get())).as("a default name follows the type").isEqualTo("snowflake");
        assertThat(ui.call(() -> List.copyOf(vm.forms()))).containsExactly(sf);
        assertThat(ui.call(() -> vm.selectedProperty().get())).isSameAs(sf);
        ui.run(() -> sf.nameProperty().set("warehouse-admin"));
        ConnectionForm back = ui.call(() -> vm.changeType(sf, "postgres"));
        assertThat(ui.call(() -> back.nameProperty().get())).as("a chosen name is kept").isEqualTo("warehouse-admin");
        assertThat(ui.call(() -> back.urlProperty().get())).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");

        Files.writeString(home.resolve("connections.yaml"), """
                connections:
                  prod: {type: postgres, url: "jdbc:postgresql://db:5432/postgres", user: admin}
                """);
        ui.run(vm::load);
        ui.waitFor("reloaded", WAIT, () -> vm.forms().size() == 1 && vm.forms().get(0).nameProperty().get().equals("prod"));
        ConnectionForm loaded = ui.call(() -> vm.forms().get(0));
        assertThat(loaded.isNew()).isFalse();
        assertThat(ui.call(() -> vm.changeType(loaded, "snowflake"))).isSameAs(loaded);
        assertThat(ui.call(() -> vm.forms().get(0).type())).isEqualTo("postgres");
    }

    @Test
    void editingASnowflakeProfileKeepsWhatTheFormDoesNotEditAndSavesOnlyReferences() throws Exception {
        Files.writeString(home.resolve("connections.yaml"), """
                connections:
                  sf-prod:
                    type: snowflake
                    account: myorg-ml
                    user: MLPC_ADMIN
                    role: SYSADMIN
                    authenticator: SNOWFLAKE_JWT
                    private_key_file: /keys/rsa_key.p8
                    client_session_keep_alive: "false"
                """);
        ui.run(vm::load);
        ui.waitFor("reloaded", WAIT, () -> vm.forms().size() == 1);
        ConnectionForm f = ui.call(() -> vm.forms().get(0));
        assertThat(f.type()).isEqualTo("snowflake");
        assertThat(ui.call(() -> f.authenticatorProperty().get())).isEqualTo("snowflake_jwt");
        assertThat(ui.call(() -> f.field("private_key_file").orElseThrow().valueProperty().get())).isEqualTo("/keys/rsa_key.p8");
        assertThat(ui.call(() -> f.field("password").orElseThrow().shownProperty().get())).isFalse();
        assertThat(ui.call(f::isValid)).isTrue();

        ui.run(() -> {
            set(f, "warehouse", "ML_WH");
            set(f, "private_key_passphrase", "raw-passphrase-123");
        });
        assertThat(ui.call(() -> error(f, "private_key_passphrase"))).startsWith("a passphrase is never saved as typed");
        AtomicInteger saved = new AtomicInteger();
        ui.run(() -> vm.save(saved::incrementAndGet));
        assertThat(ui.call(() -> String.join("\n", vm.problems())))
                .contains("connections.sf-prod.private_key_passphrase: must be a secret reference");
        assertThat(saved.get()).isZero();

        ui.run(() -> vm.storeInKeychain(f, () -> vm.save(saved::incrementAndGet)));
        ui.waitFor("saved", WAIT, () -> saved.get() == 1);
        assertThat(ui.call(() -> vm.noticeProperty().get())).contains("passphrase of sf-prod")
                .contains("${keychain:mlpc/sf-prod/private_key_passphrase}");
        String file = Files.readString(home.resolve("connections.yaml"));
        assertThat(file).doesNotContain("raw-passphrase-123");
        assertThat(wb.connections().load()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo("snowflake");
            assertThat(p.settings()).containsEntry("account", "myorg-ml").containsEntry("user", "MLPC_ADMIN")
                    .containsEntry("role", "SYSADMIN").containsEntry("warehouse", "ML_WH")
                    .containsEntry("authenticator", "snowflake_jwt").containsEntry("private_key_file", "/keys/rsa_key.p8")
                    .containsEntry("private_key_passphrase", "${keychain:mlpc/sf-prod/private_key_passphrase}")
                    .containsEntry("client_session_keep_alive", "false").doesNotContainKeys("password", "token", "url");
        });
        assertThat(wb.secrets().resolve(SecretRef.parse("${keychain:mlpc/sf-prod/private_key_passphrase}").orElseThrow()))
                .isEqualTo("raw-passphrase-123");
    }

    @Test
    void testingASnowflakeConnectionOpensARealSessionAndReportsWhatItSaysOrWhyItFailed() throws Exception {
        String good = "sim-Passw0rd-good";
        String wrong = "sim-Passw0rd-wrong";
        try (SnowflakeSimulator sim = SnowflakeSimulator.start()) {
            sim.expectPassword(good);
            Workbench sfWb = UiTestKit.workbench(home, Map.of("SF_TEST_PW", good, "SF_TEST_WRONG_PW", wrong));
            SettingsViewModel m = ui.call(() -> new SettingsViewModel(sfWb, executor));
            ui.run(m::load);
            ui.waitFor("loaded", WAIT, () -> m.loadedProperty().get());
            ConnectionForm f = ui.call(() -> m.add("snowflake"));
            ui.run(() -> {
                set(f, "url", sim.jdbcUrl());
                set(f, "user", "MLPC");
                set(f, "role", "SYSADMIN");
                set(f, "warehouse", "ML_WH");
                set(f, "password", "${env:SF_TEST_PW}");
            });
            assertThat(ui.call(f::isValid)).isTrue();

            ui.run(() -> m.testConnection(f));
            assertThat(ui.call(() -> f.testStateProperty().get())).isIn(ConnectionForm.TestState.RUNNING, ConnectionForm.TestState.SUCCEEDED);
            ui.waitFor("the test", WAIT, () -> f.testStateProperty().get() != ConnectionForm.TestState.RUNNING);
            assertThat(ui.call(() -> f.testStateProperty().get())).isEqualTo(ConnectionForm.TestState.SUCCEEDED);
            assertThat(ui.call(() -> f.testMessageProperty().get())).startsWith("Connected as MLPC in ")
                    .contains("Snowflake " + SnowflakeSimulator.SERVER_VERSION).contains("role SYSADMIN").contains("warehouse ML_WH");
            assertThat(sim.sessions()).singleElement().satisfies(s -> {
                assertThat(s.user()).isEqualTo("MLPC");
                assertThat(s.closed()).as("the test session is closed").isTrue();
            });

            ui.run(() -> set(f, "password", "${env:SF_TEST_WRONG_PW}"));
            ui.run(() -> m.testConnection(f));
            ui.waitFor("the test", WAIT, () -> f.testStateProperty().get() != ConnectionForm.TestState.RUNNING);
            assertThat(ui.call(() -> f.testStateProperty().get())).isEqualTo(ConnectionForm.TestState.FAILED);
            assertThat(ui.call(() -> f.testMessageProperty().get()))
                    .startsWith("connection 'snowflake': Snowflake refused the login of user MLPC at 127.0.0.1:" + sim.port())
                    .contains("Incorrect username or password was specified.").contains("390100")
                    .endsWith("Check user and password.")
                    .doesNotContain(good).doesNotContain(wrong).doesNotContain("Exception").doesNotContain("\tat ");

            ui.run(() -> set(f, "password", "${env:SF_TEST_UNSET_PW}"));
            ui.run(() -> m.testConnection(f));
            ui.waitFor("the test", WAIT, () -> f.testStateProperty().get() != ConnectionForm.TestState.RUNNING);
            assertThat(ui.call(() -> f.testMessageProperty().get())).contains("${env:SF_TEST_UNSET_PW}")
                    .contains("environment variable SF_TEST_UNSET_PW is not set");

            ui.run(() -> set(f, "password", "typed-not-referenced"));
            ui.run(() -> m.testConnection(f));
            assertThat(ui.call(() -> f.testStateProperty().get())).isEqualTo(ConnectionForm.TestState.FAILED);
            assertThat(ui.call(() -> f.testMessageProperty().get())).startsWith("password: store the password in the keychain");
            assertThat(sim.requests(SnowflakeSimulator.Endpoint.LOGIN))
                    .as("two logins: the good and the wrong password; an unset variable or a raw password is never sent")
                    .isEqualTo(2);

            // a slow server: the test can be cancelled, and its late result is dropped
            sim.latency(Duration.ofSeconds(3));
            ui.run(() -> set(f, "password", "${env:SF_TEST_PW}"));
            ui.run(() -> m.testConnection(f));
            assertThat(ui.call(() -> f.testStateProperty().get())).isEqualTo(ConnectionForm.TestState.RUNNING);
            assertThat(ui.call(() -> f.testMessageProperty().get())).isEqualTo("Connecting to 127.0.0.1:" + sim.port() + "…");
            ui.run(() -> m.cancelTest(f));
            ui.waitFor("cancelled", WAIT, () -> f.testStateProperty().get() == ConnectionForm.TestState.CANCELLED);
            // the barrier instead of a sleep: every background task has ended (the slow login, when it had started
            // before the cancel) and the UI thread has run whatever they handed to it, so a late result would be here
            executor.background().shutdown();
            assertThat(executor.background().awaitTermination(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("the cancelled test's work ended").isTrue();
            ui.run(() -> { });
            assertThat(ui.call(() -> f.testStateProperty().get())).isEqualTo(ConnectionForm.TestState.CANCELLED);
            assertThat(ui.call(() -> f.testMessageProperty().get())).isEqualTo("Test cancelled.");
        }
    }
}
