package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which PostgreSQL connection profiles reach one server ({@link LineageService#server}, {@link LineageService#sameServer}). */
class SameServerTest {
    static String s(String url) {
        return LineageService.server(url);
    }

    @Test
    void loopbackNamesAreOneServer() {
        assertThat(s("jdbc:postgresql://localhost:5432/a")).isEqualTo("localhost:5432");
        assertThat(s("jdbc:postgresql://127.0.0.1:5432/b")).isEqualTo("localhost:5432");
        assertThat(s("jdbc:postgresql://[::1]:5432/c")).isEqualTo("localhost:5432");
        assertThat(s("jdbc:postgresql://[0:0:0:0:0:0:0:1]/c")).isEqualTo("localhost:5432");
        assertThat(s("jdbc:postgresql://LocalHost/d")).isEqualTo("localhost:5432");
    }

    @Test
    void hostsCompareCaseInsensitivelyAndThePortDefaultsTo5432() {
        assertThat(s("jdbc:postgresql://DB.Example.ORG/x")).isEqualTo(s("jdbc:postgresql://db.example.org:5432/y"))
                .isEqualTo("db.example.org:5432");
        assertThat(s("jdbc:postgresql://db.example.org:5433/x")).isEqualTo("db.example.org:5433");
        assertThat(s("jdbc:postgresql://[2001:DB8::5]:6000/x")).isEqualTo("[2001:db8::5]:6000");
        assertThat(s("jdbc:postgresql://[2001:db8::5]/x")).isEqualTo("[2001:db8::5]:5432");
        assertThat(s("jdbc:postgresql://localhost:5433/x")).isNotEqualTo(s("jdbc:postgresql://127.0.0.1/x"));
        assertThat(s("jdbc:postgresql://db.example.org/x")).isNotEqualTo(s("jdbc:postgresql://localhost/x"));
        assertThat(s("not a url")).isNull();
        assertThat(s(null)).isNull();
    }

    @Test
    void theFirstConnectionByNameIsCanonical() {
        Map<String, String> same = LineageService.sameServer(List.of(
                pg("zeta", "jdbc:postgresql://127.0.0.1/reg"),
                pg("alpha", "jdbc:postgresql://localhost:5432/postgres"),
                pg("mid", "jdbc:postgresql://[::1]:5432/other"),
                pg("remote", "jdbc:postgresql://DB.example.org/x"),
                pg("remote2", "jdbc:postgresql://db.EXAMPLE.org:5432/y"),
                pg("elsewhere", "jdbc:postgresql://localhost:5433/x"),
                new ConnectionProfile("sf", "snowflake", Map.of("account", "localhost"))));
        assertThat(same).containsOnly(Map.entry("zeta", "alpha"), Map.entry("mid", "alpha"),
                Map.entry("remote2", "remote"));
    }

    static ConnectionProfile pg(String name, String url) {
        return new ConnectionProfile(name, "postgres", Map.of("url", url));
    }
}
