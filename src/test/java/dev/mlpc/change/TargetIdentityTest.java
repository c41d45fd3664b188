package dev.mlpc.change;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Provider.targetIdentity for the four providers: where a connection points, never a secret. */
class TargetIdentityTest {
    final ProviderRegistry providers = Workbench.standardProviders();

    String identity(String type, Map<String, String> settings) throws Exception {
        return providers.require(type).targetIdentity(new ConnectionProfile("c", type, settings));
    }

    @Test
    void eachProviderNamesItsTargetWithoutSecrets() throws Exception {
        assertThat(identity("postgres", Map.of("url", "jdbc:postgresql://db.example.org:6432/appdb?sslmode=require", "user", "u",
                "password", "${env:PW}"))).isEqualTo("postgres db.example.org:6432/appdb");
        assertThat(identity("postgres", Map.of("url", "jdbc:postgresql://127.0.0.1/appdb"))).isEqualTo("postgres 127.0.0.1:5432/appdb");
        String leaky = identity("postgres", Map.of("url", "jdbc:postgresql://admin:hunter2@db.example.org:5432/appdb?password=hunter2"));
        assertThat(leaky).isEqualTo("postgres db.example.org:5432/appdb").doesNotContain("hunter2").doesNotContain("admin");
        assertThat(identity("snowflake", Map.of("account", "myorg-acct1", "user", "u"))).isEqualTo("snowflake myorg-acct1");
        assertThat(identity("snowflake", Map.of("url", "jdbc:snowflake://127.0.0.1:8085/?ssl=off&account=test&password=x")))
                .isEqualTo("snowflake 127.0.0.1:8085");
        assertThat(identity("sagemaker", Map.of("region", "eu-west-1", "credentials", "profile", "profile", "ml")))
                .isEqualTo("sagemaker eu-west-1 (profile ml)");
        assertThat(identity("sagemaker", Map.of("region", "eu-west-1", "endpoint_url", "http://127.0.0.1:4566/x?token=y")))
                .isEqualTo("sagemaker eu-west-1 via 127.0.0.1:4566");
        assertThat(identity("datashare", Map.of("subscription_id", "00000000-0000-0000-0000-000000000000", "client_secret", "${env:S}")))
                .isEqualTo("datashare subscription 00000000-0000-0000-0000-000000000000");
    }
}
