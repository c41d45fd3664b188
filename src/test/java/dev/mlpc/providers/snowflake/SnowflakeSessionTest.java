package dev.mlpc.providers.snowflake;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.SecretResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logging in: clear errors naming the connection, secrets only through the resolver, the driver's properties. */
class SnowflakeSessionTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    private final SnowflakeProvider provider = new SnowflakeProvider();
    private LiveKit kit;

    @BeforeEach
    void start() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
        kit = new LiveKit();
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    private static SecretResolver secrets() {
        return ref -> LiveKit.PASSWORD;
    }

    @Test
    void aWrongPasswordIsReportedNamingTheConnectionWithoutTheSecret() {
        kit.sim.rejectLogins(true);
        assertThatThrownBy(() -> provider.connect(kit.profile(), secrets(), Duration.ofSeconds(10)))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("connection 'sim': Snowflake refused the login of user MLPC at 127.0.0.1:")
                .hasMessageContaining("Incorrect username or password was specified.")
                .hasMessageContaining("390100")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(LiveKit.PASSWORD).doesNotContain("\tat ")
                        .doesNotContain("Exception"));
    }

    @Test
    void anUnreachableHostIsReportedNamingTheConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ConnectionProfile p = LiveKit.profile("jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=test");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> provider.connect(p, secrets(), Duration.ofSeconds(3)))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("connection 'sim': cannot reach 127.0.0.1:" + port + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(LiveKit.PASSWORD).doesNotContain("\tat "));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aSessionSetsItsQueryTagAndOpensWithPlatformDetectionOff() throws Exception {
        try (ProviderSession s = provider.connect(kit.profile(), secrets(), Duration.ofSeconds(10))) {
            assertThat(s).isInstanceOf(SnowflakeSession.class);
        }
        assertThat(kit.sim.sessions()).singleElement().satisfies(s -> {
            assertThat(s.queryTag()).isEqualTo("{\"app\":\"mlpc\"}");
            assertThat(kit.sim.statements()).as("the tag comes with the login, not an ALTER SESSION").isEmpty();
            assertThat(s.user()).isEqualTo("MLPC");
            assertThat(s.closed()).isTrue();
        });
    }

    private static Properties properties(Map<String, String> settings, SecretResolver secrets) throws ProviderException {
        Map<String, String> s = new LinkedHashMap<>(Map.of("account", "myorg-ml", "user", "ADMIN"));
        s.putAll(settings);
        return new SnowflakeConnector(new ConnectionProfile("sf", "snowflake", s), secrets, Duration.ofSeconds(15)).properties();
    }

    @Test
    void eachAuthenticatorGetsItsDriverPropertiesAndSecretsComeFromTheResolver() throws Exception {
        SecretResolver resolver = ref -> "value-of-" + ref.toString();
        Properties pw = properties(Map.of("password", "${env:PW}", "role", "SYSADMIN", "warehouse", "ML_WH"), resolver);
        assertThat(pw).containsEntry("password", "value-of-${env:PW}").containsEntry("role", "SYSADMIN")
                .containsEntry("warehouse", "ML_WH").containsEntry("disablePlatformDetection", "true")
                .containsEntry("loginTimeout", "15").containsKey("networkTimeout").containsKey("queryTimeout")
                .doesNotContainKey("authenticator");

        Properties jwt = properties(Map.of("authenticator", "snowflake_jwt", "private_key_file", "/keys/rsa.p8",
                "private_key_passphrase", "${keychain:mlpc/sf}"), resolver);
        assertThat(jwt).containsEntry("authenticator", "SNOWFLAKE_JWT").containsEntry("private_key_file", "/keys/rsa.p8")
                .containsEntry("private_key_file_pwd", "value-of-${keychain:mlpc/sf}")
                .containsEntry("disablePlatformDetection", "true").doesNotContainKey("password");

        Properties sso = properties(Map.of("authenticator", "externalbrowser"), SecretResolver.NONE);
        assertThat(sso).containsEntry("authenticator", "EXTERNALBROWSER").doesNotContainKey("password")
                .containsEntry("disablePlatformDetection", "true");

        Properties oauth = properties(Map.of("authenticator", "oauth", "token", "${env:TOKEN}"), resolver);
        assertThat(oauth).containsEntry("authenticator", "OAUTH").containsEntry("token", "value-of-${env:TOKEN}");

        SnowflakeConnector byAccount = new SnowflakeConnector(new ConnectionProfile("sf", "snowflake",
                Map.of("account", "myorg-ml", "user", "u", "password", "${env:PW}")), resolver, Duration.ofSeconds(5));
        assertThat(byAccount.url()).isEqualTo("jdbc:snowflake://myorg-ml.snowflakecomputing.com/");
    }

    @Test
    void theQueryTagIsJsonNamingStackRunAndBaseCommit() {
        assertThat(SnowflakeConnector.queryTag(new dev.mlpc.core.provider.SessionLabel("ml's \"stack\"", "abc123")))
                .isEqualTo("{\"app\":\"mlpc\",\"stack\":\"ml's \\\"stack\\\"\",\"base\":\"abc123\"}");
        assertThat(SnowflakeConnector.queryTag(new dev.mlpc.core.provider.SessionLabel("ml", "abc123", "run-7")))
                .isEqualTo("{\"app\":\"mlpc\",\"stack\":\"ml\",\"run\":\"run-7\",\"base\":\"abc123\"}");
        assertThat(SnowflakeConnector.queryTag(null)).isEqualTo("{\"app\":\"mlpc\"}");
    }

    /**
     * Issue 13 item 12: the tag names the apply's run (the id the recording commit's {@code Run:} trailer carries),
     * not the parent commit as if it were the record; it is set at login, so no statement precedes the work.
     */
    @Test
    void anApplysSessionIsTaggedWithItsRunIdFromTheLoginOn() throws Exception {
        dev.mlpc.core.provider.SessionLabel label = new dev.mlpc.core.provider.SessionLabel("ml", "0123abcd", "20261203T1325-r1");
        try (ProviderSession s = provider.connect(kit.profile(), secrets(), Duration.ofSeconds(10), label)) {
            assertThat(kit.sim.statements()).isEmpty();
            s.read(List.of(), dev.mlpc.core.provider.Progress.NONE);
        }
        com.fasterxml.jackson.databind.JsonNode tag = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(kit.sim.sessions().get(0).queryTag());
        assertThat(tag.path("run").asText()).isEqualTo("20261203T1325-r1");
        assertThat(tag.path("base").asText()).isEqualTo("0123abcd");
        assertThat(tag.has("commit")).isFalse();
    }
}
