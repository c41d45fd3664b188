package dev.mlpc.providers.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.testing.snowflake.SfStatement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Integrations, external functions, file formats, stages, pipes and grants on functions / ALL objects, live against
 * the simulator with the real driver: the seed-004 (MLflow) example converges; a change made behind mlpc's back is
 * seen and planned as the right ALTER (or a gated replace); a name clash between integration kinds is refused by name.
 */
class SnowflakeLiveObjectsTest extends LiveRepoTest {

    @Test
    void theMlflowExampleAppliesAndReplansWithNoChanges() throws Exception {
        String yaml = LiveKit.mlflowExample();
        Plan first = plan(yaml);
        assertThat(first.actionable()).extracting(Change::action).containsOnly(Action.CREATE);
        assertThat(first.actionable()).hasSize(17);

        Workbench.ApplyOutcome out = apply(yaml, false);
        assertThat(out.result().failure()).isNull();
        assertThat(out.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);

        kit.sim.clearStatements();
        kit.sim.latency(java.time.Duration.ofMillis(100));
        kit.sim.resetMaxQueriesInFlight();
        Plan again = plan(yaml);
        kit.sim.latency(java.time.Duration.ZERO);
        assertThat(kit.sim.maxQueriesInFlight()).as("the seven DESCRIBE FUNCTIONs overlap").isGreaterThanOrEqualTo(2);
        assertThat(again.actionable()).as(again.toText()).isEmpty();
        // one DESCRIBE per managed function and integration (run in parallel); the rest one SHOW per kind
        List<String> sql = kit.sim.statements().stream().map(SfStatement::sql).filter(s -> !s.startsWith("ALTER SESSION")).toList();
        assertThat(sql).filteredOn(s -> s.startsWith("DESCRIBE FUNCTION")).containsExactlyInAnyOrder(
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_CREATE_EXPERIMENT(VARCHAR)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_CREATE_RUN(VARCHAR)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_LOG_METRIC(VARCHAR, VARCHAR, FLOAT, NUMBER)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_CREATE_EXPERIMENT_REQUEST(OBJECT)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_CREATE_RUN_REQUEST(OBJECT)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_LOG_METRIC_REQUEST(OBJECT)",
                "DESCRIBE FUNCTION MLOPS.MLFLOW.MLFLOW_RESPONSE(OBJECT)");
        assertThat(sql).filteredOn(s -> s.startsWith("SHOW USER FUNCTIONS")).hasSize(1);

        assertThat(kit.catalog.hasExternalFunction("MLOPS", "MLFLOW", "MLFLOW_LOG_METRIC")).isTrue();
        assertThat(kit.catalog.integration("MLFLOW_API")).containsEntry("kind", "API").containsEntry("enabled", true);
        assertThat(kit.catalog.stage("MLOPS", "MLFLOW", "MLFLOW_ARTIFACT_STAGE"))
                .containsEntry("storage_integration", "MLFLOW_ARTIFACTS");
        // USAGE on ALL FUNCTIONS reached the translators too, as in Snowflake
        assertThat(kit.catalog.privileges("MLFLOW_USER", "STAGE", "MLOPS", "MLFLOW", "MLFLOW_ARTIFACT_STAGE")).containsExactly("USAGE");
    }

    @Test
    void changesMadeOutsideMlpcArePlannedAsAlters() throws Exception {
        String yaml = LiveKit.mlflowExample();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();

        kit.catalog.tamper("INTEGRATION", List.of("MLFLOW_API"), "api_allowed_prefixes", List.of("https://elsewhere.example/"));
        kit.catalog.tamper("FUNCTION", List.of("MLOPS", "MLFLOW", "MLFLOW_LOG_METRIC"), "max_batch_rows", 7L);
        kit.catalog.tamper("FUNCTION", List.of("MLOPS", "MLFLOW", "MLFLOW_LOG_METRIC"), "headers", Map.of("x-extra", "1"));
        kit.catalog.tamper("FUNCTION", List.of("MLOPS", "MLFLOW", "MLFLOW_CREATE_RUN"), "max_batch_rows", 50L);
        kit.catalog.tamper("STAGE", List.of("MLOPS", "MLFLOW", "MLFLOW_ARTIFACT_STAGE"), "comment", "changed by hand");
        kit.catalog.tamper("INTEGRATION", List.of("MLFLOW_ARTIFACTS"), "enabled", false);

        Plan drift = plan(yaml);
        assertThat(summary(drift)).containsExactlyInAnyOrder(
                "UPDATE snowflake.api_integration MLFLOW_API",
                "UPDATE snowflake.storage_integration MLFLOW_ARTIFACTS",
                "UPDATE snowflake.stage MLFLOW_ARTIFACT_STAGE",
                "UPDATE snowflake.external_function MLFLOW_CREATE_RUN",
                "UPDATE snowflake.external_function MLFLOW_LOG_METRIC");
        assertThat(drift.toText()).contains("ALTER API INTEGRATION MLFLOW_API SET API_ALLOWED_PREFIXES = ('https://mlflow123")
                .contains("ALTER FUNCTION MLOPS.MLFLOW.MLFLOW_LOG_METRIC(VARCHAR, VARCHAR, FLOAT, NUMBER) SET MAX_BATCH_ROWS = 1")
                .contains("ALTER FUNCTION MLOPS.MLFLOW.MLFLOW_LOG_METRIC(VARCHAR, VARCHAR, FLOAT, NUMBER) SET HEADERS = ('content-type' = 'application/json')")
                .contains("ALTER FUNCTION MLOPS.MLFLOW.MLFLOW_CREATE_RUN(VARCHAR) SET MAX_BATCH_ROWS = 1")
                .contains("ALTER STORAGE INTEGRATION MLFLOW_ARTIFACTS SET ENABLED = TRUE")
                .contains("ALTER STAGE MLOPS.MLFLOW.MLFLOW_ARTIFACT_STAGE SET COMMENT = 'Serialized models");

        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        assertThat(plan(yaml).actionable()).isEmpty();
    }

    @Test
    void aNewTranslatorBodyReplacesTheFunctionInPlaceAndKeepsItsGrants() throws Exception {
        String yaml = LiveKit.mlflowExample();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        String grantName = "MLFLOW_RESPONSE(EVENT OBJECT):OBJECT";
        assertThat(kit.catalog.privileges("MLFLOW_USER", "FUNCTION", "MLOPS", "MLFLOW", grantName)).containsExactly("USAGE");

        String newBody = yaml.replace("return {\"body\": {\"data\": [[0, EVENT.body]]}};",
                "return {\"body\": {\"data\": [[0, EVENT.body || null]]}};");
        assertThat(newBody).isNotEqualTo(yaml);
        Plan p = plan(newBody);
        assertThat(summary(p)).containsExactly("UPDATE snowflake.function MLFLOW_RESPONSE");
        assertThat(p.toText()).contains("CREATE OR REPLACE FUNCTION MLOPS.MLFLOW.MLFLOW_RESPONSE(EVENT OBJECT) COPY GRANTS");
        assertThat(apply(newBody, false).result().succeeded()).as("not destructive: no --allow-destroy needed").isTrue();
        assertThat(kit.catalog.privileges("MLFLOW_USER", "FUNCTION", "MLOPS", "MLFLOW", grantName)).containsExactly("USAGE");
        assertThat(plan(newBody).actionable()).isEmpty();
    }

    @Test
    void aPipeOrFileFormatChangeIsAGatedReplaceAndThenConverges() throws Exception {
        String yaml = LiveKit.example();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();

        String noAutoIngest = yaml.replace("    auto_ingest: true\n", "    auto_ingest: false\n");
        assertThat(noAutoIngest).isNotEqualTo(yaml);
        Plan replace = plan(noAutoIngest);
        assertThat(summary(replace)).containsExactly("REPLACE snowflake.pipe ML_DATA_PIPE");
        assertThat(replace.actionable().get(0).safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(apply(noAutoIngest, false).result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(apply(noAutoIngest, true).result().succeeded()).isTrue();
        assertThat(plan(noAutoIngest).actionable()).isEmpty();

        kit.catalog.tamper("FILE FORMAT", List.of("ML_DATABASE", "ML_SCHEMA", "ML_JSON"), "strip_outer_array", false);
        Plan format = plan(noAutoIngest);
        assertThat(summary(format)).containsExactly("UPDATE snowflake.file_format ML_JSON");
        assertThat(format.toText()).contains("ALTER FILE FORMAT ML_DATABASE.ML_SCHEMA.ML_JSON SET STRIP_OUTER_ARRAY = TRUE");
    }

    @Test
    void grantsOnAllFunctionsAreSeenPerFunctionAndRegrantedWhenOneLacksThem() throws Exception {
        String yaml = LiveKit.mlflowExample();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        // a new function in the schema that the ALL grant did not reach
        kit.catalog.seedFunction("MLOPS", "MLFLOW", "ADDED_LATER", "VARIANT", "VARCHAR");
        Plan p = plan(yaml);
        // not every function holds USAGE any more: the grant is planned again (GRANT … ON ALL is idempotent)
        assertThat(summary(p)).containsExactly("CREATE snowflake.grant mlflow_user_functions");
        assertThat(p.toText()).contains("GRANT USAGE ON ALL FUNCTIONS IN SCHEMA MLOPS.MLFLOW TO ROLE MLFLOW_USER");
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        assertThat(plan(yaml).actionable()).isEmpty();
    }

    @Test
    void aGrantOnOneFunctionIsMatchedByItsSignature() throws Exception {
        String yaml = LiveKit.mlflowExample().replace("    on: {all: functions}\n",
                "    on: {function: MLFLOW_LOG_METRIC}\n    argument_types: [VARCHAR, VARCHAR, FLOAT, NUMBER]\n");
        assertThat(yaml).contains("on: {function: MLFLOW_LOG_METRIC}");
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        assertThat(plan(yaml).actionable()).isEmpty();
    }

    @Test
    void anIntegrationNameTakenByTheOtherKindIsRefusedByName() throws Exception {
        String storage = """
                stack: clash
                resources:
                  - type: snowflake.storage_integration
                    name: SHARED_NAME
                    storage_provider: S3
                    storage_aws_role_arn: arn:aws:iam::123456789012:role/x
                    storage_allowed_locations: [s3://bucket/]
                    enabled: true
                """;
        assertThat(apply(storage, false).result().succeeded()).isTrue();
        String api = """
                stack: clash2
                resources:
                  - type: snowflake.api_integration
                    name: SHARED_NAME
                    api_provider: aws_api_gateway
                    api_aws_role_arn: arn:aws:iam::123456789012:role/y
                    api_allowed_prefixes: [https://x.example/]
                    enabled: true
                """;
        assertThatThrownBy(() -> plan(api)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("snowflake.api_integration SHARED_NAME: an integration of that name exists as a STORAGE integration");
    }
}
