package dev.mlpc.providers.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ApplyResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 items 11 and 12: a pipe that copies JSON into a table of several columns needs MATCH_BY_COLUMN_NAME or a
 * COPY transform (Snowflake refuses the plain COPY, and so does the simulator, with Snowflake's wording); both forms
 * apply and read back with no changes; a live value in a shape mlpc cannot read is unknown with a warning, never a
 * replace.
 */
class SnowflakePipeCopyTest extends LiveRepoTest {

    /** The example as it was before issue 13: the pipe without transform or MATCH_BY_COLUMN_NAME. */
    private static String oldExample() throws Exception {
        String yaml = LiveKit.example();
        int from = yaml.indexOf("    # JSON loads as one VARIANT");
        int to = yaml.indexOf("    comment: Loads new training files");
        assertThat(from).isPositive();
        return yaml.substring(0, from) + yaml.substring(to);
    }

    @Test
    void theOldPipeIsRefusedAsSnowflakeRefusesIt() throws Exception {
        String yaml = oldExample();
        Plan plan = plan(yaml);
        assertThat(plan.warnings()).extracting(PlanWarning::rule).contains("pipe-copy-shape");
        Workbench.ApplyOutcome out = apply(yaml, false);
        assertThat(out.result().outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(out.result().failure()).startsWith("snowflake.pipe ML_DATA_PIPE: ")
                .contains("JSON file format can produce one and only one column of type variant or object or array");
    }

    @Test
    void theExamplesCopyTransformAppliesAndReadsBackUnchanged() throws Exception {
        String yaml = LiveKit.example();
        assertThat(plan(yaml).warnings()).extracting(PlanWarning::rule).doesNotContain("pipe-copy-shape");
        Workbench.ApplyOutcome out = apply(yaml, false);
        assertThat(out.result().succeeded()).as(out.result().failure()).isTrue();
        assertThat(out.result().executed()).anySatisfy(e -> assertThat(String.valueOf(e.statement()))
                .contains("AS COPY INTO ML_DATABASE.ML_SCHEMA.ML_DATA_TABLE (ID, FEATURES, LABEL, METADATA, EMBEDDING)"
                        + " FROM (SELECT $1:id::STRING, $1:features::ARRAY, $1:label::NUMBER(38,0), $1:metadata,"
                        + " $1:embedding::VECTOR(FLOAT, 256) FROM @ML_DATABASE.ML_SCHEMA.ML_LANDING)"));
        Plan again = plan(yaml);
        assertThat(again.actionable()).as(again.toText()).isEmpty();

        // a changed expression is a change of the definition: the pipe is replaced (a pipe cannot be altered)
        Plan changed = plan(yaml.replace("$1:metadata\"", "$1:meta\""));
        assertThat(summary(changed)).containsExactly("REPLACE snowflake.pipe ML_DATA_PIPE");
    }

    @Test
    void matchByColumnNameAppliesAndReadsBackUnchanged() throws Exception {
        String yaml = oldExample().replace("    auto_ingest: true\n", "    auto_ingest: true\n    match_by_column_name: CASE_INSENSITIVE\n");
        assertThat(yaml).contains("match_by_column_name");
        Workbench.ApplyOutcome out = apply(yaml, false);
        assertThat(out.result().succeeded()).as(out.result().failure()).isTrue();
        assertThat(out.result().executed()).anySatisfy(e -> assertThat(String.valueOf(e.statement()))
                .endsWith("FILE_FORMAT = (FORMAT_NAME = 'ML_DATABASE.ML_SCHEMA.ML_JSON') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"));
        assertThat(plan(yaml).actionable()).isEmpty();
        assertThat(summary(plan(yaml.replace("CASE_INSENSITIVE", "CASE_SENSITIVE"))))
                .containsExactly("REPLACE snowflake.pipe ML_DATA_PIPE");
    }

    @Test
    void matchByColumnNameWithATransformIsRefusedAtValidation() throws Exception {
        String yaml = LiveKit.example().replace("    auto_ingest: true\n", "    auto_ingest: true\n    match_by_column_name: CASE_SENSITIVE\n");
        assertThatThrownBy(() -> kit.parse(yaml)).hasMessageContaining("match_by_column_name")
                .hasMessageContaining("not supported with copy_transform");
    }

    /** Issue 13 item 12: a data_type shape mlpc does not know leaves the column type unknown, warned, never replaced. */
    @Test
    void anUnreadableColumnShapeIsUnknownWithAWarningNeverAReplace() throws Exception {
        String yaml = LiveKit.example();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        kit.catalog.showDataType(t -> t.startsWith("VECTOR"),
                "{\"type\":\"VECTOR\",\"elementType\":{\"type\":\"REAL\"},\"length\":256,\"nullable\":true}");
        Plan plan = plan(yaml);
        assertThat(plan.actionable()).as(plan.toText()).isEmpty();
        assertThat(plan.changes()).noneMatch(c -> c.action() == Action.REPLACE);
        assertThat(plan.warnings()).anySatisfy(w -> {
            assertThat(w.rule()).isEqualTo("unknown-live-value");
            assertThat(w.name()).isEqualTo("ML_DATA_TABLE");
            assertThat(w.message()).startsWith("columns.EMBEDDING.type: Snowflake shows {\"type\":\"VECTOR\"")
                    .contains("treated as unknown");
        });
        // a type that really changed is still a replace: only what cannot be read is unknown
        assertThat(summary(plan(yaml.replace("{name: LABEL, type: \"NUMBER(38,0)\"}", "{name: LABEL, type: FLOAT}"))))
                .contains("REPLACE snowflake.table ML_DATA_TABLE");
    }

    /** Issue 13 item 12: a DESCRIBE row of an immutable property under another name is unknown, never a replace. */
    @Test
    void aMissingDescribeRowIsUnknownWithAWarningNeverAReplace() throws Exception {
        String yaml = LiveKit.example();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        kit.catalog.renameDescribeRow("API_PROVIDER", "API_PROVIDER_TYPE");
        Plan plan = plan(yaml);
        assertThat(plan.actionable()).as(plan.toText()).isEmpty();
        assertThat(plan.warnings()).anySatisfy(w -> {
            assertThat(w.rule()).isEqualTo("unknown-live-value");
            assertThat(w.name()).isEqualTo("ML_API_INTEGRATION");
            assertThat(w.message()).startsWith("api_provider: Snowflake's output has no DESCRIBE INTEGRATION row API_PROVIDER;");
        });
    }
}
