package dev.mlpc.core.spec;

import dev.mlpc.app.ConnectionStore;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13, item 8: a 5,000-character hostile value (an ESC and a right-to-left override inside) put where each
 * provider validates it. Every message quotes at most {@link Problem#MAX_QUOTED} characters of it and holds no raw
 * control or bidirectional character.
 */
class HostileValueQuotingTest {
    /** Occurs nowhere in mlpc's own message text, so each one in a message comes from the value. */
    private static final char MARK = 'ж';
    private static final int LENGTH = 5_000;
    /** The value as Java holds it: 100 marks, ESC, 50 marks, U+202E, marks up to 5,000 characters. */
    static final String HOSTILE = String.valueOf(MARK).repeat(100) + "\u001b" + String.valueOf(MARK).repeat(50) + "\u202e"
            + String.valueOf(MARK).repeat(LENGTH - 152);
    /** The same value as a YAML double-quoted scalar (ESC and the override written as escapes). */
    private static final String YAML = "\"" + String.valueOf(MARK).repeat(100) + "\\e" + String.valueOf(MARK).repeat(50)
            + "\\u202E" + String.valueOf(MARK).repeat(LENGTH - 152) + "\"";

    @TempDir
    Path tmp;

    /** At most 200 characters of the value, none of its unsafe characters raw. */
    static void assertQuotesSafely(String message) {
        long quoted = message.chars().filter(c -> c == MARK).count();
        assertThat(quoted).as("characters of the value quoted in: %.300s…", message).isLessThanOrEqualTo(Problem.MAX_QUOTED);
        assertThat(message.codePoints().filter(c -> SafeText.isUnsafe(c) && c != '\n').boxed().toList())
                .as("raw control or bidirectional characters in: %.300s…", message).isEmpty();
    }

    static Stream<Arguments> stacks() {
        String v = YAML;
        return Stream.of(
                Arguments.of("a PostgreSQL role name", "- {type: postgres.role, name: " + v + "}"),
                Arguments.of("a PostgreSQL database encoding", "- {type: postgres.database, name: d, encoding: " + v + "}"),
                Arguments.of("a PostgreSQL database locale", "- {type: postgres.database, name: d, lc_collate: " + v + ", lc_ctype: " + v + "}"),
                Arguments.of("a PostgreSQL grant target", "- {type: postgres.role, name: r}\n  - {type: postgres.grant, name: g, role: r, on: " + v + ", privileges: [ALL]}"),
                Arguments.of("a Snowflake warehouse name", "- {type: snowflake.warehouse, name: " + v + "}"),
                Arguments.of("a Snowflake column type", "- {type: snowflake.table, name: t, database: d, schema: s, columns: [{name: c, type: " + v + "}]}"),
                Arguments.of("a Snowflake grant target", "- {type: snowflake.role, name: r}\n  - {type: snowflake.grant, name: g, role: r, on: {" + v + ": x}, privileges: [USAGE]}"),
                Arguments.of("a SageMaker domain name", "- {type: sagemaker.domain, name: " + v + "}"),
                Arguments.of("a Data Share account name", "- {type: datashare.account, name: " + v + "}"),
                Arguments.of("a Data Share account region", "- {type: datashare.account, name: acct1, resource_group: rg, location: " + v + "}"),
                Arguments.of("a Data Share tag name", "- {type: datashare.account, name: acct1, resource_group: rg, location: westeurope, tags: {" + v + ": x}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void eachStackMessageQuotesAtMost200CharactersEscaped(String what, String resources) {
        String yaml = "stack: s\nresources:\n  " + resources + "\n";
        StackException e = catchThrowableOfType(StackException.class,
                () -> new StackReader(Workbench.standardProviders()).parse("s.yaml", yaml));
        assertThat(e).as("%s is refused", what).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        for (Problem p : e.problems()) assertQuotesSafely(p.format());
        for (String line : e.getMessage().split("\n")) assertQuotesSafely(line);
    }

    /** Every setting of every provider's profile, hostile in turn, through {@code checkProfile} (whose text a
     *  ProviderException carries as it is) and through the connections file. */
    @Test
    void everyConnectionProfileSettingIsQuotedAtMost200CharactersEscaped() throws Exception {
        Map<String, List<String>> settings = Map.of(
                "postgres", List.of("url", "user", "password"),
                "snowflake", List.of("url", "user", "role", "warehouse", "authenticator", "password", "private_key_file"),
                "sagemaker", List.of("region", "credentials", "profile", "access_key_id", "secret_access_key", "endpoint_url"),
                "datashare", List.of("subscription_id", "tenant_id", "credential", "client_id", "client_secret",
                        "client_certificate", "cloud", "resource_manager_endpoint", "authority_host", "resource_group"));
        int checked = 0;
        for (Provider provider : Workbench.standardProviders().providers()) {
            for (String key : settings.getOrDefault(provider.id(), List.of())) {
                Map<String, String> s = new LinkedHashMap<>();
                s.put(key, HOSTILE);
                List<String> bad = provider.checkProfile(new ConnectionProfile("c", provider.id(), s));
                for (String m : bad) assertQuotesSafely(m);
                checked += bad.size();

                Path file = tmp.resolve(provider.id() + "-" + key + ".yaml");
                Files.writeString(file, "connections:\n  c:\n    type: " + provider.id() + "\n    " + key + ": " + YAML + "\n");
                StackException e = catchThrowableOfType(StackException.class,
                        () -> new ConnectionStore(file, Workbench.standardProviders()).load());
                if (e != null) for (Problem p : e.problems()) assertQuotesSafely(p.format());
            }
        }
        assertThat(checked).as("messages checked").isGreaterThan(10);
    }

    @Test
    void anUnknownConnectionTypeIsQuotedAtMost200CharactersEscaped() throws Exception {
        Path file = tmp.resolve("connections.yaml");
        Files.writeString(file, "connections:\n  c:\n    type: " + YAML + "\n");
        StackException e = catchThrowableOfType(StackException.class,
                () -> new ConnectionStore(file, Workbench.standardProviders()).load());
        assertThat(e).isNotNull();
        for (Problem p : e.problems()) assertQuotesSafely(p.format());
    }

    /** A plan warning names the character a database's encoding cannot hold: a bidi override is shown escaped. */
    @Test
    void anEncodingWarningShowsTheCharacterEscaped() throws Exception {
        Stack stack = new StackReader(Workbench.standardProviders()).parse("s.yaml", """
                stack: s
                resources:
                  - {type: postgres.database, name: latin, encoding: LATIN1, lc_collate: C, lc_ctype: C, template: template0}
                  - {type: postgres.schema, name: sc, database: latin, comment: "left \\u202E right"}
                """);
        List<dev.mlpc.core.plan.PlanWarning> warnings = new dev.mlpc.providers.postgres.PostgresRenderer().warnings(stack);
        assertThat(warnings).extracting(dev.mlpc.core.plan.PlanWarning::message)
                .containsExactly("'\\u202e' (U+202E) cannot be stored in database latin's encoding LATIN1; PostgreSQL refuses the statement");
    }

    @Test
    void quoteKeeps200CharactersAndEscapesTheRest() {
        String q = Problem.quote(HOSTILE);
        assertQuotesSafely(q);
        assertThat(q).startsWith("'" + String.valueOf(MARK).repeat(100) + "\\u001b").endsWith("…' (5,000 characters)");
        assertThat(q.chars().filter(c -> c == MARK).count()).isEqualTo(198);
    }
}
