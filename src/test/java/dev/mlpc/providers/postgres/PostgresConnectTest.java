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
                .containsExactly("url: must have the form jdbc:postgresql://host:port/database");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:postgresql://h/db?password=x", null)))
                .containsExactly("url: must not hold a password; use the password setting with a secret reference");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:postgresql://h:5432/db", "${env:PGPASSWORD}"))).isEmpty();
        ProviderException e = failure(profile("jdbc:postgresql://h/db", "plain"));
        assertThat(e.getMessage()).startsWith("connection 'local': password: must be a secret reference");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingTheUrl() {
        for (String url : new String[] {
                "jdbc:postgresql://admin:Hunter2pw@127.0.0.1:5432/postgres",
                "jdbc:postgresql://admin@127.0.0.1:5432/postgres",
                "jdbc:postgresql://admin:Hun?ter#2pw@127.0.0.1/postgres",
                "postgres://u:hunter4@h/db"}) {
            assertThat(PgKit.PROVIDER.checkProfile(profile(url, null))).as(url).singleElement().asString()
                    .startsWith("url: must not contain a user name or password")
                    .doesNotContain("Hunter2pw").doesNotContain("hunter4").doesNotContain("admin").doesNotContain("@h/")
                    .doesNotContain("127.0.0.1").doesNotContain("//h");
            ProviderException e = failure(profile(url, null));
            assertThat(e).as(url).isNotNull();
            assertThat(e.getMessage()).as(url).startsWith("connection 'local': url: must not contain a user name")
                    .doesNotContain("Hunter2pw").doesNotContain("hunter4").doesNotContain("Hun?ter");
        }
        assertThat(PgUrl.parse("jdbc:postgresql://admin:Hunter2pw@127.0.0.1:5432/postgres")).isNull();
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:postgresql://h/db?sslmode=require&sslpassword=x", null)))
                .containsExactly("url: must not hold a password; use the password setting with a secret reference");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:mysql://u:hunter5@h/db?password=hunter6", null)))
                .singleElement().asString().doesNotContain("hunter5").doesNotContain("hunter6");
        assertThat(PgKit.PROVIDER.checkProfile(profile("jdbc:mysql://h/db?password=hunter6", null)))
                .containsExactly("url: must have the form jdbc:postgresql://host:port/database");
    }

    @Test
    void messagesNeverCarryUrlCredentials() {
        PgUrl built = new PgUrl("admin:Hunter2pw@127.0.0.1:5432", "postgres", "?password=Hunter3pw");
        assertThat(built.hostPort()).isEqualTo("127.0.0.1:5432");
        assertThat(built.toString()).doesNotContain("Hunter2pw").doesNotContain("Hunter3pw").doesNotContain("admin");
        PgConnector c = new PgConnector(built, "admin", null, Duration.ofSeconds(1));
        String refused = c.describe(built, new java.sql.SQLException("refused", "08001", new java.net.ConnectException()));
        assertThat(refused).isEqualTo("cannot reach 127.0.0.1:5432: connection refused");
        String echoed = c.describe(built, new java.sql.SQLException("No suitable driver found for " + built.jdbc()));
        assertThat(echoed).doesNotContain("Hunter2pw").doesNotContain("Hunter3pw").contains("//***@");
        assertThat(PgUrl.redact("at postgres://u:hunter4@h/db and jdbc:postgresql://h/d?user=u&password=p&x=1"))
                .isEqualTo("at postgres://***@h/db and jdbc:postgresql://h/d?user=u&password=***&x=1");
    }

    @Test
    void aGoodProfileConnects() throws Exception {
        try (ProviderSession s = PgKit.connect(Map.of())) {
            assertThat(((PostgresSession) s).server()).isEqualTo(PgUrl.parse(PgTestSupport.url()).hostPort());
        }
    }
}
