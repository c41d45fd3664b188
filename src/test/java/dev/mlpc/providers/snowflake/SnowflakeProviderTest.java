package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Profile checks, the honest refusal to connect, and the generated document. */
class SnowflakeProviderTest {
    private final SnowflakeProvider provider = new SnowflakeProvider();

    private static ConnectionProfile profile(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new ConnectionProfile("sf", "snowflake", m);
    }

    @Test
    void goodProfilesForEachAuthenticator() {
        assertThat(provider.checkProfile(profile("account", "myorg-ml", "user", "ADMIN", "role", "SYSADMIN",
                "warehouse", "ML_WH", "password", "${env:SF_PW}"))).isEmpty();
        assertThat(provider.checkProfile(profile("url", "jdbc:snowflake://myorg-ml.snowflakecomputing.com/?db=X", "user", "a",
                "authenticator", "snowflake_jwt", "private_key_file", "/home/a/rsa_key.p8",
                "private_key_passphrase", "${keychain:mlpc/sf}"))).isEmpty();
        assertThat(provider.checkProfile(profile("account", "xy12345.eu-west-1", "user", "a", "authenticator", "externalbrowser"))).isEmpty();
        assertThat(provider.checkProfile(profile("account", "a", "user", "u", "authenticator", "OAUTH", "token", "${env:SF_TOKEN}",
                "role", ""))).isEmpty();
    }

    @Test
    void badProfilesNameTheSettingAndRefusePlainSecrets() {
        assertThat(provider.checkProfile(profile("user", "", "password", "hunter2"))).containsExactly(
                "account: required (or url), e.g. myorg-myaccount",
                "user: required, the user to log in as",
                "password: " + SecretRef.expectedForm());
        assertThat(provider.checkProfile(profile("account", "a", "url", "jdbc:snowflake://h/", "user", "u", "password", "${env:P}")))
                .containsExactly("url: give either account or url, not both");
        assertThat(provider.checkProfile(profile("url", "jdbc:snowflake://u:pw@h/", "user", "u", "password", "${env:P}")))
                .containsExactly("url: must have the form jdbc:snowflake://host[:port]/[?parameters], without user:password@");
        assertThat(provider.checkProfile(profile("url", "jdbc:snowflake://h/?password=x", "user", "u", "password", "${env:P}")))
                .containsExactly("url: must not hold a password or token; use the secret settings with references");
        assertThat(provider.checkProfile(profile("account", "a b", "user", "u", "role", "select", "authenticator", "ldap")))
                .containsExactly("account: must be an account identifier (letters, digits, '_', '-', '.'), e.g. myorg-myaccount",
                        "role: 'select' is a reserved word in Snowflake; choose another name",
                        "authenticator: must be one of snowflake, snowflake_jwt, externalbrowser, oauth, not 'ldap'");
        assertThat(provider.checkProfile(profile("account", "a", "user", "u", "authenticator", "oauth", "token", "eyJhbGciOi")))
                .contains("token: " + SecretRef.expectedForm());
        assertThat(provider.checkProfile(profile("account", "a", "user", "u", "authenticator", "snowflake_jwt",
                "private_key_file", "-----BEGIN PRIVATE KEY-----", "password", "${env:P}"))).containsExactly(
                "password: only used with authenticator snowflake (this profile uses snowflake_jwt)",
                "private_key_file: a path to the key file, never the key itself");
        assertThat(provider.checkProfile(profile("account", "a", "user", "u"))).containsExactly(
                "password: required for authenticator snowflake, as a secret reference");
        assertThat(provider.checkProfile(profile("account", "a", "user", "u", "authenticator", "oauth"))).containsExactly(
                "token: required for authenticator oauth, as a secret reference");
    }

    @Test
    void connectingReadsItsSecretFirstAndChecksTheProfile() {
        assertThatThrownBy(() -> provider.connect(profile("account", "a", "user", "u", "password", "${env:P}"),
                SecretResolver.NONE, Duration.ofSeconds(1)))
                .isInstanceOf(ProviderException.class)
                .hasMessage("connection 'sf': secret ${env:P} is not available here");
        assertThatThrownBy(() -> provider.connect(profile("user", "u"), SecretResolver.NONE, Duration.ofSeconds(1)))
                .isInstanceOf(ProviderException.class).hasMessageStartingWith("connection 'sf': account: required");
    }

    @Test
    void theGeneratedDocumentIsDeterministicSqlOfTheOfflinePlan() throws Exception {
        ProviderRegistry registry = new ProviderRegistry(List.of(provider));
        Stack stack = new StackReader(registry).load(Path.of("resources/examples/snowflake-federated-ml.yaml"));
        Plan plan = new Differ(registry).diff(stack, null, Inventory.nothing(), provider.renderer());
        String doc = provider.renderDocument(plan);
        assertThat(doc).startsWith("-- generated by mlpc from stack snowflake-federated-ml; do not edit\n\n"
                + "-- create snowflake.database ML_DATABASE\n"
                + "CREATE DATABASE ML_DATABASE DATA_RETENTION_TIME_IN_DAYS = 7 COMMENT = 'Database to hold federated ML data';\n");
        assertThat(doc).contains("\n-- create snowflake.grant ml_role_to_sysadmin\nGRANT ROLE ML_ROLE TO ROLE SYSADMIN;\n");
        assertThat(provider.renderDocument(new Differ(registry).diff(stack, null, Inventory.nothing(), provider.renderer())))
                .isEqualTo(doc);
        assertThat(provider.id()).isEqualTo("snowflake");
        assertThat(provider.generatedExtension()).isEqualTo("sql");
        assertThat(provider.resourceTypes()).hasSize(13);
    }
}
