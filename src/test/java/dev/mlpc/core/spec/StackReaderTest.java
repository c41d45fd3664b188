package dev.mlpc.core.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackReaderTest {
    private final StackReader reader = new StackReader(new TestCatalog());

    private List<Problem> problems(String yaml) {
        try {
            reader.parse("s.yaml", yaml);
            return List.of();
        } catch (StackException e) {
            return e.problems();
        }
    }

    @Test
    void readsTheTargetAndRefusesOneThatIsNoConnectionName() throws Exception {
        Stack bound = reader.parse("s.yaml", "stack: reg\ntarget: prod-pg\nresources: []\n");
        assertThat(bound.target()).isEqualTo("prod-pg");
        assertThat(bound.hasTarget()).isTrue();
        assertThat(StackWriter.toYaml(bound)).contains("target: prod-pg");
        assertThat(reader.parse("s.yaml", StackWriter.toYaml(bound)).target()).isEqualTo("prod-pg");
        assertThat(reader.parse("s.yaml", "stack: reg\nresources: []\n").hasTarget()).isFalse();

        assertThat(problems("stack: reg\ntarget: 'prod pg'\nresources: []\n"))
                .extracting(Problem::toString)
                .containsExactly("s.yaml:2:9: target: 'prod pg' is not a connection name: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64");
        assertThat(problems("stack: reg\ntarget: [a]\nresources: []\n"))
                .extracting(Problem::field).containsExactly("target");
    }

    @Test
    void readsAValidStackKeepingOrderAndTypes() throws Exception {
        Stack s = reader.parse("s.yaml", """
                stack: reg
                description: model registry
                resources:
                  - type: t.role
                    name: owner
                    login: false
                  - type: t.db
                    name: models
                    owner: owner
                    connection_limit: 10
                    kind: small
                    tags: {team: ml}
                """);
        assertThat(s.name()).isEqualTo("reg");
        assertThat(s.description()).isEqualTo("model registry");
        assertThat(s.resources()).extracting(Resource::name).containsExactly("owner", "models");
        Resource db = s.resources().get(1);
        assertThat(db.get("connection_limit")).isEqualTo(10L);
        assertThat(db.get("tags")).isEqualTo(java.util.Map.of("team", "ml"));
        assertThat(db.locationOf("connection_limit")).isEqualTo(new SourceLocation("s.yaml", 10, 23));
    }

    @Test
    void everyErrorCarriesLineColumnAndFieldAndAllAreListed() {
        List<Problem> p = problems("""
                stack: reg
                resources:
                  - type: t.db
                    name: models
                    connection_limit: many
                    colour: blue
                  - type: t.nope
                    name: x
                  - type: t.schema
                    name: s1
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:5:23: resources[0].connection_limit: must be a whole number",
                "s.yaml:6:13: resources[0].colour: unknown property for t.db (known: owner, encoding, connection_limit, kind, tags)",
                "s.yaml:7:11: resources[1].type: unknown resource type 't.nope' (known: t.db, t.role, t.schema, t.table)",
                "s.yaml:9:5: resources[2].db: required");
    }

    @Test
    void objectListItemsAreCheckedFieldByFieldWithTheirPositions() {
        List<Problem> p = problems("""
                stack: reg
                resources:
                  - type: t.table
                    name: t
                    columns:
                      - {name: id, type: NUMBER, nullable: maybe}
                      - name: id
                        type: ARRAY
                        width: 3
                      - {type: VARIANT}
                      - just text
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:6:44: resources[0].columns[0].nullable: must be true or false",
                "s.yaml:7:15: resources[0].columns[1].name: duplicate name 'id'",
                "s.yaml:9:16: resources[0].columns[1].width: unknown field (known: name, type, nullable)",
                "s.yaml:10:9: resources[0].columns[2]: name: required",
                "s.yaml:11:9: resources[0].columns[3]: must be a mapping (name, type, nullable)");
    }

    @Test
    void rangesEnumsSecretsIdentifiersDuplicatesAndChecks() {
        List<Problem> p = problems("""
                stack: reg
                resources:
                  - {type: t.role, name: select, password: hunter22}
                  - {type: t.db, name: models, connection_limit: -5, kind: huge, owner: forbidden}
                  - {type: t.db, name: models}
                  - {type: t.schema, name: s, db: models, privileges: [USAGE, usage, DROP]}
                """);
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:3:26: resources[0].name: 'select' is a reserved word",
                "s.yaml:3:44: resources[0].password: " + SecretRef.expectedForm(),
                "s.yaml:4:50: resources[1].connection_limit: must be between -1 and 1000, not -5",
                "s.yaml:4:60: resources[1].kind: must be one of SMALL, LARGE, not 'huge'",
                "s.yaml:4:73: resources[1].owner: may not be forbidden",
                "s.yaml:5:24: resources[2].name: duplicate: t.db 'models' is already defined at line 4",
                "s.yaml:6:63: resources[3].privileges[1]: duplicate entry 'usage'",
                "s.yaml:6:70: resources[3].privileges[2]: must be one of USAGE, CREATE, not 'DROP'");
    }

    @Test
    void notYamlGivesAMessageWithAPositionNotAStackTrace() {
        List<Problem> p = problems("stack: reg\nresources:\n  - type: t.role\n    name: [unclosed\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).format()).startsWith("s.yaml:").contains("(syntax): not valid YAML");
        assertThat(p.get(0).location().line()).isBetween(4, 5);
    }

    @Test
    void wrongShapesAreExplained() {
        assertThat(problems("")).extracting(Problem::format).containsExactly("s.yaml:1:1: (file): the file is empty");
        assertThat(problems("- a\n- b\n")).extracting(Problem::reason)
                .containsExactly("a stack file is a mapping with 'stack', 'description' and 'resources'");
        assertThat(problems("stack: a b\nresources: 3\nextra: 1\n")).extracting(Problem::format).containsExactly(
                "s.yaml:1:8: stack: 'a b' is not a valid stack name: letters, digits, '_' and '-', starting with a letter or digit, at most 100",
                "s.yaml:2:12: resources: must be a list of resources",
                "s.yaml:3:1: extra: unknown top-level field (expected stack, description, target, resources)");
        assertThat(problems("stack: a\nstack: b\nresources: []\n")).extracting(Problem::format)
                .containsExactly("s.yaml:2:1: stack: duplicate key (first written at line 1)");
        assertThat(problems("stack: a\nresources:\n  - name: x\n  - type: t.role\n    name: 5\n")).extracting(Problem::format)
                .containsExactly("s.yaml:3:5: resources[0].type: required", "s.yaml:5:11: resources[1].name: must be non-empty text");
    }

    @Test
    void oneProviderPerStack() {
        TestCatalog c = new TestCatalog();
        List<Problem> p = new java.util.ArrayList<>();
        Stack s = new Stack("x", "", List.of(Resource.of("t.role", "a", java.util.Map.of())), "f");
        new StackValidator(c).validate(s, p);
        assertThat(p).isEmpty();
    }

    @Test
    void fileErrorsAreProblems(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> reader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(StackException.class).hasMessageEndingWith("(file): no such file");
        Path bin = dir.resolve("bin.yaml");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> reader.load(bin)).isInstanceOf(StackException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void writerOutputReadsBackTheSameStack() throws Exception {
        Stack s = new Stack("reg", "d: with colon", List.of(
                Resource.of("t.role", "we\"ird;name", java.util.Map.of("login", true, "password", "${env:PW}")),
                Resource.of("t.db", "models", java.util.Map.of("owner", "we\"ird;name", "connection_limit", 10L, "encoding", "123"))), "x");
        Stack back = reader.parse("x", StackWriter.toYaml(s));
        assertThat(back.resources()).isEqualTo(s.resources());
        assertThat(back.description()).isEqualTo("d: with colon");
    }

    @Test
    void indexesStayTrueAfterAnUnreadableItemAndNulIsRefused() {
        List<Problem> p = problems("stack: s\nresources:\n  - 42\n  - {type: t.db, name: models, owner: \"a\\0b\"}\n");
        assertThat(p).extracting(Problem::format).containsExactly(
                "s.yaml:3:5: resources[0]: a resource is a mapping with 'type', 'name' and properties",
                "s.yaml:4:39: resources[1].owner: contains a NUL character, which no system here accepts");
    }

    @Test
    void stackNamesHaveNoDots() {
        assertThat(problems("stack: a.plan\nresources: []\n")).extracting(Problem::field).containsExactly("stack");
        assertThat(problems("stack: a-b_1\nresources: []\n")).isEmpty();
    }
}
