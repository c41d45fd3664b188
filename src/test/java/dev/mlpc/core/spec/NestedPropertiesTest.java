package dev.mlpc.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Object properties (mappings with typed fields, objects inside objects): validated with positions, written, schema. */
class NestedPropertiesTest {
    private final TestCatalog catalog = TestCatalog.withObjects();
    private final StackReader reader = new StackReader(catalog);

    private List<String> problems(String yaml) {
        try {
            reader.parse("s.yaml", yaml);
            return List.of();
        } catch (StackException e) {
            return e.problems().stream().map(Problem::format).toList();
        }
    }

    private static final String VALID = """
            stack: d
            resources:
              - type: t.domain
                name: ml
                auth_mode: iam
                settings:
                  execution_role: arn:aws:iam::1:role/x
                  security_groups: [sg-1, sg-2]
                  sharing:
                    notebook_output: allowed
                    s3_output_path: s3://bucket/out
                    token: ${env:TOKEN}
                    retention: {days: 30, mode: GOVERNANCE}
                  apps:
                    - {name: jupyter, instance_type: ml.t3.medium}
            """;

    @Test
    void aValidNestedObjectReadsAsPlainMaps() throws Exception {
        Stack s = reader.parse("s.yaml", VALID);
        Object settings = s.resources().get(0).get("settings");
        assertThat(settings).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> sharing = (Map<String, Object>) ((Map<String, Object>) settings).get("sharing");
        assertThat(sharing.get("retention")).isEqualTo(Map.of("days", 30L, "mode", "GOVERNANCE"));
        assertThat(s.resources().get(0).locationOf("settings.sharing.retention.days"))
                .isEqualTo(new SourceLocation("s.yaml", 13, 27));
    }

    @Test
    void everyErrorThreeLevelsDeepHasItsOwnPositionAndAllAreListed() {
        List<String> p = problems("""
                stack: d
                resources:
                  - type: t.domain
                    name: ml
                    settings:
                      execution_role: 5
                      colour: red
                      sharing:
                        notebook_output: Sometimes
                        token: plain
                        retention:
                          days: 400
                          mode: LEGAL
                          extra: 1
                  - type: t.domain
                    name: ml2
                    settings:
                      sharing:
                        retention: {mode: GOVERNANCE}
                  - type: t.domain
                    name: ml3
                    settings: just text
                  - type: t.domain
                    name: ml4
                    settings:
                      execution_role: r
                      sharing: [a, b]
                      apps:
                        - {name: a, instance_type: 3}
                """);
        assertThat(p).containsExactly(
                "s.yaml:6:23: resources[0].settings.execution_role: must be text",
                "s.yaml:7:15: resources[0].settings.colour: unknown field (known: execution_role, security_groups, sharing, apps)",
                "s.yaml:9:26: resources[0].settings.sharing.notebook_output: must be one of Allowed, Disabled, not 'Sometimes'",
                "s.yaml:10:16: resources[0].settings.sharing.token: " + SecretRef.expectedForm(),
                "s.yaml:12:17: resources[0].settings.sharing.retention.days: must be between 1 and 365, not 400",
                "s.yaml:13:17: resources[0].settings.sharing.retention.mode: must be one of GOVERNANCE, COMPLIANCE, not 'LEGAL'",
                "s.yaml:14:18: resources[0].settings.sharing.retention.extra: unknown field (known: days, mode)",
                "s.yaml:18:7: resources[1].settings: execution_role: required: a role ARN",
                "s.yaml:19:20: resources[1].settings.sharing.retention: days: required",
                "s.yaml:22:15: resources[2].settings: must be a mapping (execution_role, security_groups, sharing, apps)",
                "s.yaml:27:16: resources[3].settings.sharing: must be a mapping (notebook_output, s3_output_path, kms_key_id, owner_role, token, retention)",
                "s.yaml:29:36: resources[3].settings.apps[0].instance_type: must be text");
    }

    @Test
    void theWriterWritesNestedObjectsThatReadBackUnchanged() throws Exception {
        Stack s = reader.parse("s.yaml", VALID);
        String yaml = StackWriter.toYaml(s);
        assertThat(yaml).contains("    sharing:\n").contains("      retention:\n").contains("        days: 30\n");
        Stack back = reader.parse("back.yaml", yaml);
        assertThat(back.resources()).isEqualTo(s.resources());
    }

    @Test
    void unorderedMapsInsideValuesAreWrittenWithSortedKeysOrderedOnesAsGiven() throws Exception {
        java.util.HashMap<String, Object> retention = new java.util.HashMap<>(); // iterates mode, then days
        retention.put("mode", "GOVERNANCE");
        retention.put("days", 30L);
        assertThat(retention.keySet()).containsExactly("mode", "days");
        Map<String, Object> sharing = new java.util.LinkedHashMap<>();
        sharing.put("s3_output_path", "s3://b/out");
        sharing.put("retention", retention);
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("sharing", sharing);
        settings.put("execution_role", "r");
        Stack s = new Stack("d", "", List.of(Resource.of("t.domain", "ml", Map.of("settings", settings))), "d.yaml");
        String yaml = StackWriter.toYaml(s);
        assertThat(yaml).contains("""
                    settings:
                      sharing:
                        s3_output_path: s3://b/out
                        retention:
                          days: 30
                          mode: GOVERNANCE
                      execution_role: r
                """);
        assertThat(reader.parse("d.yaml", yaml).resources()).isEqualTo(s.resources());
    }

    @Test
    void theSchemaDescribesNestedFieldsAndRefusesWhatTheReaderRefuses() throws Exception {
        String text = JsonSchemaWriter.schema(catalog.types());
        JsonNode settings = new ObjectMapper().readTree(text).at("/$defs/t.domain/properties/settings");
        assertThat(settings.get("type").asText()).isEqualTo("object");
        assertThat(settings.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(settings.get("required").toString()).isEqualTo("[\"execution_role\"]");
        JsonNode retention = settings.at("/properties/sharing/properties/retention");
        assertThat(retention.get("required").toString()).isEqualTo("[\"days\"]");
        assertThat(retention.at("/properties/days/maximum").asInt()).isEqualTo(365);
        assertThat(retention.get("additionalProperties").asBoolean(true)).isFalse();

        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
        YAMLMapper yaml = new YAMLMapper();
        assertThat(schema.validate(yaml.readTree(VALID))).isEmpty();
        Set<ValidationMessage> deep = schema.validate(yaml.readTree(VALID.replace("mode: GOVERNANCE", "mode: GOVERNANCE, extra: 1")));
        assertThat(deep).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("extra"));
        assertThat(schema.validate(yaml.readTree(VALID.replace("days: 30", "days: 400")))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree(VALID.replace("      execution_role: arn:aws:iam::1:role/x\n", "")))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree(VALID.replace("notebook_output: allowed", "notebook_output: sometimes")))).isNotEmpty();
    }

    @Test
    void anObjectNeedsFields() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PropertySpec.of("x", PropertySpec.Kind.OBJECT).build())
                .hasMessage("x: object without fields");
    }
}
