package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Names with quotes, semicolons, unicode and {@code $$} stay inside their identifier, values inside their literal, in
 * every statement; reserved words, over-long names and control characters are refused with their position.
 */
class SnowflakeHostileNamesTest {
    static final List<String> HOSTILE = List.of("we\"ird", "semi;colon", "it's", "modèle_ü", "$$dollar$$",
            "Robert\"; DROP DATABASE x; --", "a.b", "Mixed Case");
    static final String TEXT = "it's a 'comment'; DROP DATABASE prod; -- \\ $$ end\nline two";

    private final ProviderRegistry registry = new ProviderRegistry(List.of(new SnowflakeProvider()));

    /** A YAML double-quoted scalar. */
    static String yq(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /**
     * Reads a statement as Snowflake's lexer would: quoted identifiers become {@code "?"} (their text collected),
     * string literals {@code '?'} (their text collected); what is left is the statement's structure.
     */
    static String skeleton(String sql, List<String> identifiers, List<String> literals) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"') {
                StringBuilder id = new StringBuilder();
                i++;
                while (true) {
                    if (sql.charAt(i) == '"') {
                        if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') { id.append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    id.append(sql.charAt(i++));
                }
                identifiers.add(id.toString());
                out.append("\"?\"");
            } else if (c == '\'') {
                StringBuilder lit = new StringBuilder();
                i++;
                while (true) {
                    char d = sql.charAt(i);
                    if (d == '\\') {
                        char e = sql.charAt(i + 1);
                        lit.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; default -> e; });
                        i += 2;
                    } else if (d == '\'') {
                        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') { lit.append('\''); i += 2; continue; }
                        i++;
                        break;
                    } else {
                        lit.append(d);
                        i++;
                    }
                }
                literals.add(lit.toString());
                out.append("'?'");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void hostileNamesAndTextStayInsideTheirIdentifiersAndLiterals() throws Exception {
        String db = "Robert\"; DROP TABLE x; -- d";
        String role = "it's \"owner\"; $$ modèle";
        StringBuilder yaml = new StringBuilder("stack: hostile\nresources:\n")
                .append("  - {type: snowflake.database, name: ").append(yq(db)).append(", comment: ").append(yq(TEXT)).append("}\n")
                .append("  - {type: snowflake.role, name: ").append(yq(role)).append(", comment: ").append(yq(TEXT)).append("}\n")
                .append("  - {type: snowflake.warehouse, name: \"wh; DROP\", comment: ").append(yq(TEXT)).append("}\n");
        for (String s : HOSTILE) {
            yaml.append("  - {type: snowflake.schema, name: ").append(yq(s)).append(", database: ").append(yq(db))
                    .append(", comment: ").append(yq(TEXT)).append("}\n");
        }
        String schema = HOSTILE.get(5);
        yaml.append("  - type: snowflake.table\n    name: ").append(yq("t\"; --")).append('\n')
                .append("    database: ").append(yq(db)).append("\n    schema: ").append(yq(schema)).append('\n')
                .append("    comment: ").append(yq(TEXT)).append('\n')
                .append("    columns:\n");
        for (String c : HOSTILE) {
            yaml.append("      - {name: ").append(yq(c)).append(", type: VARIANT, comment: ").append(yq(TEXT)).append("}\n");
        }
        yaml.append("  - {type: snowflake.storage_integration, name: \"si$$\", storage_provider: S3, storage_aws_role_arn: ")
                .append(yq(TEXT)).append(", storage_allowed_locations: [").append(yq("s3://b/it's; --")).append("], enabled: true}\n")
                .append("  - {type: snowflake.file_format, name: \"ff'\", database: ").append(yq(db)).append(", schema: ").append(yq(schema))
                .append(", format_type: CSV, field_delimiter: \"'\", null_if: [").append(yq(TEXT)).append("]}\n")
                .append("  - {type: snowflake.stage, name: \"st \\\"x\\\"\", database: ").append(yq(db)).append(", schema: ").append(yq(schema))
                .append(", url: ").append(yq("s3://b/it's; --")).append(", storage_integration: \"si$$\", file_format: \"ff'\"}\n")
                .append("  - {type: snowflake.pipe, name: \"p;p\", database: ").append(yq(db)).append(", schema: ").append(yq(schema))
                .append(", table: ").append(yq("t\"; --")).append(", stage: \"st \\\"x\\\"\", file_format: \"ff'\"}\n")
                .append("  - {type: snowflake.api_integration, name: \"api'\", api_provider: google_api_gateway, google_audience: ")
                .append(yq(TEXT)).append(", api_allowed_prefixes: [\"https://x/';--\"], enabled: true, comment: ").append(yq(TEXT)).append("}\n")
                .append("  - type: snowflake.external_function\n    name: \"f(x)\"\n    database: ").append(yq(db))
                .append("\n    schema: ").append(yq(schema)).append("\n    arguments: [{name: \"a\\\"b\", type: VARCHAR}]\n")
                .append("    returns: VARIANT\n    api_integration: \"api'\"\n    url: \"https://x/';--\"\n")
                .append("    request_translator: \"tr;\"\n    headers: {\"h'\": ").append(yq(TEXT)).append("}\n")
                .append("  - type: snowflake.function\n    name: \"tr;\"\n    database: ").append(yq(db))
                .append("\n    schema: ").append(yq(schema)).append("\n    arguments: [{name: \"e v\", type: OBJECT}]\n")
                .append("    returns: OBJECT\n    language: JAVASCRIPT\n    body: ").append(yq(TEXT)).append('\n')
                .append("  - {type: snowflake.grant, name: \"g; DROP\", role: ").append(yq(role)).append(", privileges: [SELECT], on: {table: ")
                .append(yq("t\"; --")).append("}, database: ").append(yq(db)).append(", schema: ").append(yq(schema)).append("}\n")
                .append("  - {type: snowflake.grant, name: g2, role: ").append(yq(role)).append(", privileges: [USAGE], on: {function: \"f(x)\"}, database: ")
                .append(yq(db)).append(", schema: ").append(yq(schema)).append(", argument_types: [VARCHAR]}\n")
                .append("  - {type: snowflake.grant, name: g3, role: SYSADMIN, granted_role: ").append(yq(role)).append("}\n");
        Stack stack = new StackReader(registry).parse("hostile.yaml", yaml.toString());
        Plan plan = new Differ(registry).diff(stack, null, Inventory.nothing(), new SnowflakeRenderer());

        Set<String> names = new LinkedHashSet<>(HOSTILE);
        names.addAll(List.of(db, role, "wh; DROP", "t\"; --", "si$$", "ff'", "st \"x\"", "p;p", "api'", "f(x)", "a\"b", "tr;", "e v"));
        List<String> identifiers = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        for (Change c : plan.actionable()) {
            for (Statement st : c.statements()) {
                String sql = (String) st.display();
                String skeleton = skeleton(sql, identifiers, literals);
                assertThat(skeleton).as(sql).doesNotContain(";").doesNotContain("--").doesNotContain("$$").doesNotContain("\n");
                assertThat(skeleton).as(sql).matches("[A-Z_ ]+ .*");
            }
        }
        // every hostile name came through whole, as one quoted identifier; every text value as one literal
        assertThat(identifiers).containsAll(names);
        assertThat(literals).contains(TEXT, "s3://b/it's; --", "https://x/';--", "'", "h'");
        // the skeletons themselves are the expected statements
        List<String> shapes = plan.actionable().stream().flatMap(c -> c.statements().stream())
                .map(st -> skeleton((String) st.display(), new ArrayList<>(), new ArrayList<>())).toList();
        assertThat(shapes).contains(
                "CREATE DATABASE \"?\" COMMENT = '?'",
                "CREATE SCHEMA \"?\".\"?\" COMMENT = '?'",
                "GRANT SELECT ON TABLE \"?\".\"?\".\"?\" TO ROLE \"?\"",
                "GRANT USAGE ON FUNCTION \"?\".\"?\".\"?\"(VARCHAR) TO ROLE \"?\"",
                "GRANT ROLE \"?\" TO ROLE SYSADMIN",
                "CREATE FUNCTION \"?\".\"?\".\"?\"(\"?\" OBJECT) RETURNS OBJECT LANGUAGE JAVASCRIPT AS '?'",
                "CREATE PIPE \"?\".\"?\".\"?\" AS COPY INTO \"?\".\"?\".\"?\" FROM @\"?\".\"?\".\"?\" FILE_FORMAT = (FORMAT_NAME = '?')");
        // a format name inside a string literal is itself a correctly quoted qualified name
        assertThat(literals).contains(SfSql.qualified(db, schema, "ff'"));
    }

    @Test
    void reservedOverlongAndUnprintableNamesAreRefusedWithTheirPositions() {
        String yaml = """
                stack: bad
                resources:
                  - type: snowflake.database
                    name: %s
                  - type: snowflake.schema
                    name: select
                    database: ml_db
                  - type: snowflake.role
                    name: "line\\nbreak"
                  - type: snowflake.table
                    name: t
                    database: ml_db
                    schema: "  padded"
                    columns:
                      - {name: order, type: VARIANT}
                      - {name: ok, type: "VARCHAR; DROP TABLE x"}
                      - {name: d, type: INT, default: "0); DROP TABLE x; --"}
                  - type: snowflake.role
                    name: accountadmin
                """.formatted("é".repeat(256));
        StackException e = catchThrowableOfType(StackException.class,
                () -> new StackReader(registry).parse("stack.yaml", yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "stack.yaml:4:11: resources[0].name: is 256 characters; Snowflake names are at most 255",
                "stack.yaml:6:11: resources[1].name: 'select' is a reserved word in Snowflake; choose another name",
                "stack.yaml:9:11: resources[2].name: contains a control character (U+000A); names must be printable",
                "stack.yaml:13:13: resources[3].schema: starts or ends with white space",
                "stack.yaml:15:16: resources[3].columns[0].name: 'order' is a reserved word in Snowflake; choose another name",
                "stack.yaml:16:26: resources[3].columns[1].type: 'VARCHAR; DROP TABLE x' is not a data type (e.g. NUMBER(38,0), VARCHAR, ARRAY, VARIANT, VECTOR(FLOAT, 256))",
                "stack.yaml:17:39: resources[3].columns[2].default: has an unbalanced ')'",
                "stack.yaml:19:11: resources[4].name: ACCOUNTADMIN is a system role; grant to it, do not manage it");
    }
}
