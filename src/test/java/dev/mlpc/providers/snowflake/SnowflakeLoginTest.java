package dev.mlpc.providers.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each authenticator end to end with the real driver against the simulator, which checks the credential the driver
 * sends: a password, a key-pair JWT signed with the private key file (plain and passphrase-protected PKCS#8), an OAuth
 * token. Wrong credentials are refused with a message naming the connection and never the secret.
 */
@ExtendWith(OnlyLoopback.class)
class SnowflakeLoginTest {
    private static final String PASSWORD = "pw-login-test";
    private static final String TOKEN = "oauth-token-login-test";
    private static final String KEY_PASSPHRASE = "key-passphrase-login-test";

    @TempDir
    Path tmp;
    private SnowflakeSimulator sim;
    private Workbench wb;

    @BeforeEach
    void start() throws Exception {
        sim = SnowflakeSimulator.start();
        wb = new Workbench(new AppHome(tmp.resolve("home")), Workbench.standardProviders(),
                Map.of("SF_PW", PASSWORD, "SF_TOKEN", TOKEN, "SF_KEY_PW", KEY_PASSPHRASE, "WRONG", "not-it"),
                Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ConnectionProfile profile(Map<String, String> auth) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", sim.jdbcUrl());
        s.put("user", "mlpc_admin");
        s.putAll(auth);
        return new ConnectionProfile("sim", "snowflake", s);
    }

    private void opens(Map<String, String> auth) throws Exception {
        try (ProviderSession s = wb.openSession(profile(auth))) {
            assertThat(s).isNotNull();
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void aPasswordLoginSendsThePasswordAndAWrongOneIsRefusedWithoutEchoingIt() throws Exception {
        sim.expectPassword(PASSWORD);
        opens(Map.of("password", "${env:SF_PW}"));
        assertThat(sim.logins()).last().satisfies(l -> {
            assertThat(l.authenticator()).isEqualTo("SNOWFLAKE");
            assertThat(l.passwordSent()).isTrue();
            assertThat(l.accepted()).isTrue();
        });
        assertThatThrownBy(() -> opens(Map.of("password", "${env:WRONG}"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("connection 'sim': Snowflake refused the login of user mlpc_admin")
                .hasMessageContaining("390100").hasMessageNotContaining("not-it");
    }

    @Test
    void aKeyPairLoginSignsAJwtWithThePrivateKeyFile() throws Exception {
        KeyPair keys = rsa();
        Path key = tmp.resolve("rsa_key.p8");
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        sim.trustPublicKey(keys.getPublic());
        opens(Map.of("authenticator", "snowflake_jwt", "private_key_file", key.toString()));
        SnowflakeSimulator.Login login = sim.logins().get(sim.logins().size() - 1);
        assertThat(login.authenticator()).isEqualTo("SNOWFLAKE_JWT");
        assertThat(login.passwordSent()).isFalse();
        assertThat(login.jwtSubject()).isEqualToIgnoringCase("TEST.MLPC_ADMIN");
        assertThat(login.jwtIssuer()).startsWithIgnoringCase("TEST.MLPC_ADMIN.SHA256:");
        assertThat(login.accepted()).isTrue();

        sim.trustPublicKey(rsa().getPublic()); // the account holds another user's key now
        assertThatThrownBy(() -> opens(Map.of("authenticator", "snowflake_jwt", "private_key_file", key.toString())))
                .isInstanceOf(ProviderException.class).hasMessageContaining("refused the login").hasMessageContaining("390144");
    }

    @Test
    void aPassphraseProtectedKeyIsDecryptedWithTheReferencedPassphrase() throws Exception {
        KeyPair keys = rsa();
        // PKCS#8 encrypted with AES-256-CBC / PBKDF2, as `openssl pkcs8 -topk8 -v2 aes256` writes it (Snowflake's guide);
        // written with Bouncy Castle, which the driver itself uses to read such keys
        org.bouncycastle.operator.OutputEncryptor encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setRandom(new SecureRandom())
                .setPassword(KEY_PASSPHRASE.toCharArray()).build();
        java.io.StringWriter pem = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
            w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), encryptor));
        }
        Path key = tmp.resolve("rsa_key_enc.p8");
        Files.writeString(key, pem.toString());
        assertThat(pem.toString()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        sim.trustPublicKey(keys.getPublic());

        opens(Map.of("authenticator", "snowflake_jwt", "private_key_file", key.toString(),
                "private_key_passphrase", "${env:SF_KEY_PW}"));
        assertThat(sim.logins()).last().satisfies(l -> assertThat(l.accepted()).isTrue());

        List<SnowflakeSimulator.Login> before = sim.logins();
        assertThatThrownBy(() -> opens(Map.of("authenticator", "snowflake_jwt", "private_key_file", key.toString(),
                "private_key_passphrase", "${env:WRONG}")))
                .isInstanceOf(ProviderException.class).hasMessageContaining("connection 'sim': private_key_file: the key in")
                .hasMessageContaining("wrong private_key_passphrase")
                .hasMessageNotContaining("not-it").hasMessageNotContaining(KEY_PASSPHRASE);
        assertThat(sim.logins()).as("a key that cannot be decrypted never reaches the server").hasSameSizeAs(before);
    }

    @Test
    void anOAuthLoginSendsTheTokenAndABadTokenIsRefused() throws Exception {
        sim.expectOAuthToken(TOKEN);
        opens(Map.of("authenticator", "oauth", "token", "${env:SF_TOKEN}"));
        assertThat(sim.logins()).last().satisfies(l -> {
            assertThat(l.authenticator()).isEqualTo("OAUTH");
            assertThat(l.tokenSent()).isTrue();
            assertThat(l.accepted()).isTrue();
        });
        assertThatThrownBy(() -> opens(Map.of("authenticator", "oauth", "token", "${env:WRONG}")))
                .isInstanceOf(ProviderException.class).hasMessageContaining("refused the login")
                .hasMessageContaining("390303").hasMessageNotContaining("not-it");
    }
}
