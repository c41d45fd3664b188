package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Connection failures come back as one clear line naming what is wrong. */
class PostgresConnectTest {
    private static ConnectionProfile profile(String url, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", url);
        s.put("user", PgTestSupport.user());
        if (password != null) s.put("password", password);
        return new ConnectionProfile("local", "postgres", s);
    }

    private static ProviderException failure(ConnectionProfile p) {
        return catchThrowableOfType(ProviderException.class,
                () -> PgKit.PROVIDER.connect(p, PgTestSupport.secrets(Map.of()), Duration.ofSeconds(5)).close());
    }

    @Test
    void aClosedPortNamesTheHostAndPort() {
        ProviderException e = failure(profile("jdbc:postgresql://127.0.0.1:5999/postgres", null));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("cannot reach 127.0.0.1:5999: connection refused");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        String db = PgTestSupport.unique("nosuchdb");
        ProviderException e = failure(profile(PgTestSupport.urlFor(db), PgTestSupport.profile("x").setting("password")));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).endsWith("database " + db + " does not exist");
    }

    @Test
    void aMissingSecretNamesTheReference() {
        ProviderException e = failure(profile(PgTestSupport.url(), "${env:MLPC_TEST_NO_SUCH_VARIABLE}"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("connection 'local': cannot read the password ${env:MLPC_TEST_NO_SUCH_VARIABLE}");
    }

    @Test
    void profilesAreCheckedSettingBySetting() {
        assertThat(PgKit.PROVIDER.checkProfile(new ConnectionProfile("p", "postgres", Map.of("password", "hunter2"))))
                .containsExactly("url: required, e.g. jdbc:postgresql://127.0.0.1:5432/postgres",
                        "user: required, the role to log in as",
                        "password: must be a secret reference ${env:VARIABLE} or ${keychain:service/account}, never the secret itself");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:mysql://h/db", null)))
                .containsExactly("url: must have the form jdbc:postgresql://host:port/database, not 'jdbc:mysql://h/db'");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:postgresql://h/db?password=x", null)))
                .containsExactly("url: must not hold a password; use the password setting with a secret reference");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:postgresql://h:5432/db", "${env:PGPASSWORD}"))).isEmpty();
        ProviderException e = failure(profile("jdbc:postgresql://h/db", "plain"));
        assertThat(e.getMessage()).startsWith("connection 'local': password: must be a secret reference");
    }

    @Test
    void aGoodProfileConnects() throws Exception {
        try (ProviderSession s = PgKit.connect(Map.of())) {
            assertThat(((PostgresSession) s).server()).isEqualTo(PgUrl.parse(PgTestSupport.url()).hostPort());
        }
    }
}
