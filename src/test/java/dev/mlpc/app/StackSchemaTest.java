package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mlpc.core.spec.JsonSchemaWriter;
import dev.mlpc.core.spec.StackReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped JSON Schema stays in step with the resource types, and accepts what the reader accepts. */
class StackSchemaTest {
    static final Path SHIPPED = Path.of("resources/schema/stack.schema.json");

    private final String generated = JsonSchemaWriter.schema(Workbench.standardProviders().types());

    @Test
    void shippedSchemaMatchesTheModel() throws Exception {
        assertThat(Files.readString(SHIPPED))
                .as("resources/schema/stack.schema.json is out of step with the resource types; regenerate it with "
                        + "`java -jar target/app/mlpc.jar schema > resources/schema/stack.schema.json`")
                .isEqualTo(generated);
    }

    @Test
    void examplesAreValidForTheReaderAndTheSchema() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(generated);
        StackReader reader = new StackReader(Workbench.standardProviders());
        List<Path> examples;
        try (var s = Files.list(Path.of("resources/examples"))) {
            examples = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path p : examples) {
            reader.load(p);
            Set<ValidationMessage> errors = schema.validate(new YAMLMapper().readTree(p.toFile()));
            assertThat(errors).as(p.toString()).isEmpty();
        }
    }

    @Test
    void schemaRejectsWhatTheReaderRejects() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(generated);
        JsonNode unknownProp = new YAMLMapper().readTree("stack: s\nresources:\n  - {type: postgres.role, name: r, colour: blue}\n");
        JsonNode plainPassword = new YAMLMapper().readTree("stack: s\nresources:\n  - {type: postgres.role, name: r, password: hunter2}\n");
        JsonNode badEnum = new YAMLMapper().readTree("stack: s\nresources:\n  - {type: postgres.grant, name: g, role: r, on: table, database: d, privileges: [SELECT]}\n");
        JsonNode missingRequired = new YAMLMapper().readTree("stack: s\nresources:\n  - {type: postgres.schema, name: x}\n");
        assertThat(schema.validate(unknownProp)).isNotEmpty();
        assertThat(schema.validate(plainPassword)).isNotEmpty();
        assertThat(schema.validate(badEnum)).isNotEmpty();
        assertThat(schema.validate(missingRequired)).isNotEmpty();
        JsonNode ok = new YAMLMapper().readTree("stack: s\nresources:\n  - {type: postgres.role, name: r, login: true, password: \"${env:PW}\"}\n");
        assertThat(schema.validate(ok)).isEmpty();
    }
}
