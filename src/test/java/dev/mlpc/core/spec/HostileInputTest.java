package dev.mlpc.core.spec;

import dev.mlpc.app.Workbench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Hostile stack files (issue 13, items 2, 7, 8, 9): each is refused with {@code file:line:col: field: reason}, never
 * reinterpreted, never with an exception other than {@link StackException}.
 */
class HostileInputTest {
    private final StackReader reader = new StackReader(Workbench.standardProviders());

    private List<Problem> problems(String yaml) {
        StackException e = catchThrowableOfType(StackException.class, () -> reader.parse("s.yaml", yaml));
        assertThat(e).as("refused: %s", yaml.length() > 200 ? yaml.substring(0, 200) : yaml).isNotNull();
        return e.problems();
    }

    private static final String ROLE_AND_GRANT = """
            stack: s
            resources:
              - {type: postgres.role, name: &n r1}
              - {type: postgres.database, name: d}
              - {type: postgres.grant, name: g, role: *n, on: database, database: d, privileges: [CONNECT]}
            """;

    // ---- item 2: aliases ----------------------------------------------------------------------------------------

    @Test
    void anAliasStandsForTheAnchoredValueNotTheAnchorName() throws Exception {
        Stack s = reader.parse("s.yaml", ROLE_AND_GRANT);
        Resource grant = s.resources().get(2);
        assertThat(grant.get("role")).isEqualTo("r1");
        // the alias's own position
        assertThat(grant.locationOf("role")).isEqualTo(new SourceLocation("s.yaml", 5, 43));
    }

    @Test
    void aliasedListsAndMappingsAreCopiedWithTheirValues() throws Exception {
        Stack s = reader.parse("s.yaml", """
                stack: s
                resources:
                  - {type: postgres.role, name: a}
                  - {type: postgres.role, name: b, member_of: &m [a]}
                  - {type: postgres.role, name: c, member_of: *m}
                """);
        assertThat(s.resources().get(2).get("member_of")).isEqualTo(List.of("a"));
    }

    @Test
    void aliasesToNothingRecursiveAliasesMergeKeysAndAliasKeysAreRefused() {
        assertThat(problems("stack: s\nresources:\n  - {type: postgres.role, name: *nope}\n"))
                .extracting(Problem::format)
                .contains("s.yaml:3:33: *nope: alias to no anchor: '&nope' is not defined before it");
        assertThat(problems("stack: s\nresources: &r [ *r ]\n")).extracting(Problem::format)
                .anySatisfy(f -> assertThat(f).startsWith("s.yaml:2:17: *r: an alias inside the node its anchor names"));
        assertThat(problems("stack: s\nx: &b {login: true}\nresources:\n  - {type: postgres.role, name: a, <<: *b}\n"))
                .extracting(Problem::format)
                .anySatisfy(f -> assertThat(f).isEqualTo(
                        "s.yaml:4:36: <<: YAML merge keys (<<) are not supported; write the fields out"));
        assertThat(problems("stack: s\n&k resources: []\n*k : 2\n")).extracting(Problem::format)
                .anySatisfy(f -> assertThat(f).startsWith("s.yaml:3:").contains("an alias (*name) cannot be a mapping key"));
    }

    @Test
    void aBillionLaughsIsRefusedAtTheAliasThatPassesTheBound() {
        StringBuilder y = new StringBuilder("stack: s\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) y.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            y.append("]\n");
        }
        y.append("resources: []\n");
        List<Problem> p = problems(y.toString());
        assertThat(p).extracting(Problem::format).anySatisfy(f -> assertThat(f)
                .matches("s\\.yaml:\\d+:\\d+: \\*l\\d: aliases expand the document by more than 100000 nodes; .*"));
    }

    // ---- item 7: control characters ---------------------------------------------------------------------------

    @Test
    void controlCharactersInCommentsDescriptionsAndNamesAreRefusedWithAPosition() {
        List<Problem> p = problems("""
                stack: s
                description: "ok\\e]0;pwned\\a"
                resources:
                  - type: postgres.role
                    name: "r\\e[2K"
                    comment: "fine\\e[1A\\e[2Kdrop hidden"
                  - type: postgres.role
                    name: r2
                    comment: "a C1 CSI \\x9b and a DEL \\x7f"
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:2:14: description: contains the control character U+001B at character 3; terminal escapes and"
                        + " other control characters are not accepted (tab and line feed are)",
                "s.yaml:5:11: resources[0].name: contains a control character (U+001B); names must be printable",
                "s.yaml:6:14: resources[0].comment: contains the control character U+001B at character 5; terminal"
                        + " escapes and other control characters are not accepted (tab and line feed are)",
                "s.yaml:9:14: resources[1].comment: contains the control character U+009B at character 10; terminal"
                        + " escapes and other control characters are not accepted (tab and line feed are)");
        // no message carries the raw character
        assertThat(p).allSatisfy(x -> assertThat(x.format()).doesNotContain("\u001b").doesNotContain("\u009b"));
    }

    @Test
    void tabsAndLineBreaksInACommentAreFine() throws Exception {
        Stack s = reader.parse("s.yaml", "stack: s\nresources:\n  - type: postgres.role\n    name: r\n"
                + "    comment: |\n      two\tcolumns\n      and lines\n");
        assertThat(s.resources().get(0).get("comment")).isEqualTo("two\tcolumns\nand lines\n");
    }

    @Test
    void rawControlCharactersInTheFileAreRefusedBeforeParsing() {
        assertThat(problems("stack: s\nresources: []\n# \u001b[2K\n")).extracting(Problem::format).containsExactly(
                "s.yaml:3:3: (file): contains the control character U+001B, which YAML does not allow;"
                        + " write text without control characters");
    }

    // ---- item 8: spoofable names, cycles, quoting ------------------------------------------------------------

    @Test
    void bidiAndZeroWidthCharactersAreRefusedInNamesOfEveryProvider() {
        assertThat(problems("stack: s\nresources:\n  - {type: postgres.role, name: \"adm\\u202Enimda\"}\n"))
                .extracting(Problem::format).containsExactly("s.yaml:3:33: resources[0].name: contains a bidirectional"
                        + " control character (U+202E) at character 4; names must not hold invisible or reordering"
                        + " characters, which make different names look alike");
        assertThat(problems("stack: s\nresources:\n  - {type: snowflake.role, name: \"ADMIN\\u200B\"}\n"))
                .extracting(Problem::reason).singleElement().asString().startsWith("contains a zero-width character (U+200B)");
        assertThat(problems("stack: s\nresources:\n  - {type: sagemaker.domain, name: \"d\\u2066x\", auth_mode: IAM}\n"))
                .extracting(Problem::reason).anySatisfy(r -> assertThat(r).startsWith("contains a bidirectional control character (U+2066)"));
        // in references too
        assertThat(problems("stack: s\nresources:\n  - {type: postgres.role, name: a, member_of: [\"b\\uFEFF\"]}\n"))
                .extracting(Problem::format).anySatisfy(f -> assertThat(f).startsWith(
                        "s.yaml:3:48: resources[0].member_of[0]: contains a zero-width character (U+FEFF)"));
    }

    @Test
    void memberOfCyclesAreRefusedNamingTheCycle() {
        List<Problem> p = problems("""
                stack: s
                resources:
                  - {type: postgres.role, name: a, member_of: [b]}
                  - {type: postgres.role, name: b, member_of: [c]}
                  - {type: postgres.role, name: c, member_of: [a]}
                  - {type: postgres.role, name: d, member_of: [a]}
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:5:48: resources[2].member_of[0]: a reference cycle: postgres.role 'a' → postgres.role 'b' →"
                        + " postgres.role 'c' → postgres.role 'a'; resources cannot depend on each other in a circle");
    }

    @Test
    void snowflakeRoleGrantCyclesAreRefused() {
        List<Problem> p = problems("""
                stack: s
                resources:
                  - {type: snowflake.grant, name: g1, role: analyst, granted_role: engineer}
                  - {type: snowflake.grant, name: g2, role: ENGINEER, granted_role: Analyst}
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:4:69: resources[1].granted_role: a cycle of role grants: snowflake.role 'ANALYST' →"
                        + " snowflake.role 'ENGINEER' → snowflake.role 'ANALYST'; resources cannot depend on each other in a circle");
    }

    @Test
    void messagesQuoteAtMost200CharactersOfAValue() {
        String huge = "X".repeat(50_000);
        List<Problem> p = problems("stack: s\nresources:\n  - {type: postgres.grant, name: g, role: r, on: " + huge
                + ", database: d, privileges: [" + huge + "]}\n");
        assertThat(p).isNotEmpty().allSatisfy(x -> assertThat(x.format().length()).isLessThan(600));
        assertThat(p).extracting(Problem::reason).anySatisfy(r -> assertThat(r).contains("'" + "X".repeat(200) + "…' (50,000 characters)"));
        assertThat(Problem.quote("a\u001bb")).isEqualTo("'a\\u001bb'");
    }

    // ---- item 9: size ------------------------------------------------------------------------------------------

    @Test
    void filesOverTheLimitAreRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "stack: s\ndescription: " + "a".repeat(20_000_000) + "\nresources: []\n", StandardCharsets.UTF_8);
        StackException e = catchThrowableOfType(StackException.class, () -> reader.load(big));
        assertThat(e.problems()).extracting(Problem::format).containsExactly(big + ":1:1: (file): the file is"
                + " 20,000,037 bytes; stack and configuration files are at most 5,242,880 bytes (5 MiB)");
        // the same through the text path (a stack read back from the repository)
        assertThat(problems("stack: s\ndescription: " + "é".repeat(3_000_000) + "\n")).extracting(Problem::reason)
                .containsExactly("the file is 6,000,023 bytes; stack and configuration files are at most 5,242,880 bytes (5 MiB)");
    }

    @Test
    void aLongLineUnderTheLimitIsRead() throws Exception {
        Stack s = reader.parse("s.yaml", "stack: s\ndescription: " + "a".repeat(4_000_000) + "\nresources: []\n");
        assertThat(s.description()).hasSize(4_000_000);
    }

    // ---- the corpus ------------------------------------------------------------------------------------------

    static Stream<String> malformed() {
        return Stream.of(
                "",                                                       // empty
                "   \n\n",                                                // blank
                "[",                                                      // unclosed flow sequence
                "{a: 1",                                                  // unclosed flow mapping
                "stack: s\nresources: [\n",                               // unclosed inside
                "\"unterminated",                                         // unterminated quote
                "stack: s\n\tresources: []\n",                            // tab indentation
                "stack: s\nresources: []\n---\nstack: t\n",               // two documents
                "stack: s\nstack: t\nresources: []\n",                    // duplicate key
                "- a\n- b\n",                                             // a list at the root
                "42\n",                                                   // a scalar at the root
                "stack: s\nresources: 7\n",                               // resources not a list
                "stack: s\nresources:\n  - 42\n",                         // a resource that is not a mapping
                "stack: s\nresources:\n  - {type: nope.x, name: a}\n",    // unknown type
                "stack: ../../etc\nresources: []\n",                      // path in the stack name
                "stack: s\nresources:\n  - {type: postgres.role, name: \"a\\0b\"}\n",  // NUL
                "stack: s\nresources: []\n\u0007\n",                      // raw BEL
                "stack: s\nresources: []\n\u0085\u009b\n",                // raw C1
                "stack: s\nresources: []\n\u007f\n",                      // raw DEL
                "stack: s\nresources: [\uD800]\n",                        // lone surrogate
                "stack: s\nresources: !!binary aGVsbG8=\n",               // binary tag
                "stack: s\nresources: *x\n",                              // alias to nothing
                "a: &a [*a]\n",                                           // recursive alias
                "stack: s\nresources:\n  - {<<: {type: postgres.role}, name: a}\n",     // merge key
                "[".repeat(100_000),                                      // deep nesting
                "{a: ".repeat(10_000),                                    // deep mappings
                "stack: s\nresources:\n  - {type: postgres.role, name: \"a\\u202Eb\"}\n",  // bidi name
                "stack: s\nresources:\n  - {type: postgres.role, name: \"a\\u200Db\"}\n",  // zero-width joiner
                "stack: s\nresources:\n  - {type: postgres.role, name: a, member_of: [a]}\n",  // self reference
                "stack: s\nresources:\n  - {type: postgres.role, name: a, comment: \"\\e[31m\"}\n",  // ESC in comment
                "stack: s\nresources:\n  - {type: postgres.role, name: a, connection_limit: 99999999999999999999999}\n",
                "stack: s\nresources:\n  - {type: postgres.role, name: a, connection_limit: 1e400}\n",
                "stack: s\nresources:\n" + "  - {type: postgres.role, name: a}\n".repeat(500),  // 499 duplicates
                "stack: s\ndescription: " + "a".repeat(5_300_000) + "\nresources: []\n",  // over 5 MiB
                "stack: s\nresources:\n  - {type: postgres.role, name: " + "n".repeat(100_000) + "}\n");  // long name
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void everyMalformedInputIsRefusedCleanly(String yaml) {
        List<Problem> p = problems(yaml);
        assertThat(p).isNotEmpty().hasSizeLessThanOrEqualTo(StackReader.MAX_PROBLEMS + 1);
        assertThat(p).allSatisfy(x -> {
            assertThat(x.format()).matches("(?s)s\\.yaml:\\d+:\\d+: .+: .+").hasSizeLessThan(2_400);
            assertThat(x.format().codePoints().anyMatch(c -> SafeText.isUnsafe(c))).as(x.format()).isFalse();
        });
    }
}
