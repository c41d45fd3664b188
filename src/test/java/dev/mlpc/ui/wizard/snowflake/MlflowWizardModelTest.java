package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.snowflake.MlflowWizardModel.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.wizard.snowflake.MlflowWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The MLflow-on-Snowflake wizard's view model without a window. */
class MlflowWizardModelTest {
    @TempDir
    Path home;

    private Workbench wb;
    private MlflowWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new MlflowWizardModel(wb.registry());
    }

    private void assertAllValid() {
        for (int s = 0; s <= REVIEW; s++) {
            assertThat(m.valid(s).get()).as("step %s valid; messages %s", m.steps().get(s), m.messages(s)).isTrue();
        }
    }

    private void assertInvalid(int step, ValidatedText field, String name, String... parts) {
        assertThat(field.error().get()).as("error of %s", name).contains(parts);
        assertThat(m.valid(step).get()).isFalse();
        assertThat(m.allValid().get()).isFalse();
        assertThat(m.messages(step)).anySatisfy(msg -> assertThat(msg).startsWith(name + ": ").contains(parts));
    }

    @Test
    void defaultsAreSensibleMlflowCallsThatValidateAndPlan() throws Exception {
        assertAllValid();
        assertThat(m.functions()).extracting(f -> f.path().get()).contains("runs/create", "runs/log-metric",
                "registered-models/get");
        Stack stack = m.stack();
        assertThat(m.validateStack()).isEmpty();
        Resource logMetric = stack.find(new ResourceKey("snowflake.external_function", "MLFLOW_LOG_METRIC")).orElseThrow();
        assertThat(logMetric.get("url")).isEqualTo(DEFAULT_GATEWAY + "runs/log-metric");
        assertThat(logMetric.list("arguments")).hasSize(4);
        assertThat(logMetric.get("max_batch_rows")).isEqualTo(1L);
        assertThat(logMetric.get("request_translator")).isEqualTo("MLFLOW_LOG_METRIC_REQUEST");
        assertThat(stack.find(new ResourceKey("snowflake.stage", "MLFLOW_ARTIFACT_STAGE"))).isPresent();
        assertThat(stack.find(new ResourceKey("snowflake.grant", "mlflow_user_functions"))).isPresent();

        Stack parsed = wb.parseStack("stacks/x.yaml", m.yaml());
        Plan plan = wb.offlinePlan(parsed);
        assertThat(plan.summary().create()).isEqualTo(stack.resources().size());
        assertThat(plan.toText()).contains("CREATE EXTERNAL FUNCTION").contains("API_INTEGRATION")
                .contains("CREATE STORAGE INTEGRATION");
    }

    @Test
    void functionRowsAreCheckedFieldByField() {
        Function f = m.addFunction();
        assertInvalid(FUNCTIONS, f.path(), "Function 7 (MLFLOW_CALL_7) URL path", "required");
        f.path().set("/runs/get");
        assertInvalid(FUNCTIONS, f.path(), "Function 7 (MLFLOW_CALL_7) URL path", "leading '/'");
        f.path().set("runs/get?x=1 y");
        assertInvalid(FUNCTIONS, f.path(), "Function 7 (MLFLOW_CALL_7) URL path", "not a URL path");
        f.path().set("runs/get");
        assertAllValid();

        f.arguments().set("RUN_ID");
        assertInvalid(FUNCTIONS, f.arguments(), "Function 7 (MLFLOW_CALL_7) arguments", "name and a type");
        f.arguments().set("RUN_ID VARCHAR, run_id NUMBER(38,0)");
        assertInvalid(FUNCTIONS, f.arguments(), "Function 7 (MLFLOW_CALL_7) arguments", "twice");
        f.arguments().set("select VARCHAR");
        assertInvalid(FUNCTIONS, f.arguments(), "Function 7 (MLFLOW_CALL_7) arguments", "reserved word");
        f.arguments().set("RUN_ID VARCHAR); DROP");
        assertInvalid(FUNCTIONS, f.arguments(), "Function 7 (MLFLOW_CALL_7) arguments", "not a data type");
        f.arguments().set("RUN_ID VARCHAR, AMOUNT NUMBER(38, 2)");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.external_function", "MLFLOW_CALL_7")).orElseThrow()
                .list("arguments")).hasSize(2);

        f.returns().set("VARIANT; DROP");
        assertInvalid(FUNCTIONS, f.returns(), "Function 7 (MLFLOW_CALL_7) returns", "not a data type");
        f.returns().set("OBJECT");
        f.maxBatchRows().set("0");
        assertInvalid(FUNCTIONS, f.maxBatchRows(), "Function 7 (MLFLOW_CALL_7) max batch rows", "at least 1");
        f.maxBatchRows().set("10");
        f.requestTranslator().set("from");
        assertInvalid(FUNCTIONS, f.requestTranslator(), "Function 7 (MLFLOW_CALL_7) request translator", "reserved word");
        f.requestTranslator().set("");
        f.name().set("mlflow_create_run");
        assertInvalid(FUNCTIONS, f.name(), "Function 7 (mlflow_create_run) name", "duplicate");
        f.name().set("MLFLOW_GET_RUN");
        assertAllValid();

        m.functions().clear();
        assertThat(m.messages(FUNCTIONS)).anySatisfy(s -> assertThat(s).contains("add at least one function"));
    }

    @Test
    void gatewayIntegrationAndArtifactsAreChecked() {
        m.gatewayUrl().set("https://gw.example.com/mlflow");
        assertInvalid(API, m.gatewayUrl(), "Gateway URL", "end the prefix with '/'");
        m.gatewayUrl().set("ftp://gw.example.com/");
        assertInvalid(API, m.gatewayUrl(), "Gateway URL", "https://");
        m.gatewayUrl().set("https://gw.example.com/api/2.0/mlflow/");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.external_function", "MLFLOW_CREATE_RUN")).orElseThrow()
                .get("url")).isEqualTo("https://gw.example.com/api/2.0/mlflow/runs/create");

        m.apiProvider().set("google_api_gateway");
        assertInvalid(API, m.googleAudience(), "Google audience", "required");
        m.googleAudience().set("mlflow-gateway.apigateway.example.cloud.goog");
        assertAllValid();

        m.storageIntegration().set("mlflow_api");
        assertInvalid(ARTIFACTS, m.storageIntegration(), "Storage integration", "duplicate");
        m.storageIntegration().set("MLFLOW_ARTIFACTS");
        m.storageProvider().set("AZURE");
        assertInvalid(ARTIFACTS, m.bucketUrl(), "Artifact bucket URL", "azure://");
        m.bucketUrl().set("azure://account.blob.core.windows.net/mlflow/");
        assertInvalid(ARTIFACTS, m.storageAzureTenant(), "Storage Azure tenant ID", "UUID");
        m.storageAzureTenant().set("b3c6f2a1-1111-4222-8333-444455556666");
        assertAllValid();
        assertThat(m.validateStack()).isEmpty();

        m.roleName().set("PUBLIC");
        assertInvalid(LOCATION, m.roleName(), "Role name", "system role");
        m.roleName().set("MLFLOW_USER");
        m.grantUsage().set(false);
        assertThat(m.stack().resources()).noneMatch(r -> r.type().equals("snowflake.grant"));
        assertThat(m.splitArguments("A NUMBER(38, 2), B VARCHAR")).isEqualTo(List.of("A NUMBER(38, 2)", " B VARCHAR"));
    }

    @Test
    void translatorsAreGeneratedFromTheArgumentsAndCanBeLeftOut() throws Exception {
        assertAllValid();
        Stack stack = m.stack();
        Resource request = stack.find(new ResourceKey("snowflake.function", "MLFLOW_LOG_METRIC_REQUEST")).orElseThrow();
        assertThat(request.get("language")).isEqualTo("JAVASCRIPT");
        assertThat(request.list("arguments")).containsExactly(java.util.Map.of("name", "EVENT", "type", "OBJECT"));
        assertThat(request.string("body")).isEqualTo("var row = EVENT.body.data[0];\n"
                + "return {\"body\": {\"run_id\": row[1], \"key\": row[2], \"value\": row[3], \"step\": row[4],"
                + " \"timestamp\": Date.now()}};\n");
        assertThat(stack.resources()).filteredOn(r -> r.type().equals("snowflake.function")
                && r.name().equals("MLFLOW_RESPONSE")).hasSize(1);
        // translators come before the functions that name them in the plan
        Plan plan = wb.offlinePlan(wb.parseStack("stacks/x.yaml", m.yaml()));
        List<String> order = plan.actionable().stream().map(c -> c.name()).toList();
        assertThat(order.indexOf("MLFLOW_LOG_METRIC_REQUEST")).isLessThan(order.indexOf("MLFLOW_LOG_METRIC"));
        assertThat(order.indexOf("MLFLOW_RESPONSE")).isLessThan(order.indexOf("MLFLOW_CREATE_EXPERIMENT"));

        Function logMetric = m.functions().get(2);
        logMetric.maxBatchRows().set("100");
        assertInvalid(FUNCTIONS, logMetric.maxBatchRows(), "Function 3 (MLFLOW_LOG_METRIC) max batch rows", "one row per request");
        m.createTranslators().set(false);
        assertAllValid();
        assertThat(m.stack().resources()).noneMatch(r -> r.type().equals("snowflake.function"));
        m.createTranslators().set(true);
        logMetric.maxBatchRows().set("1");
        logMetric.requestTranslator().set("MLFLOW_CREATE_RUN_REQUEST");
        assertInvalid(FUNCTIONS, logMetric.requestTranslator(), "Function 3 (MLFLOW_LOG_METRIC) request translator",
                "already the request translator of MLFLOW_CREATE_RUN");
        logMetric.requestTranslator().set("MLFLOW_RESPONSE");
        assertInvalid(FUNCTIONS, logMetric.requestTranslator(), "Function 3 (MLFLOW_LOG_METRIC) request translator",
                "also a response translator");
    }

    @Test
    void theWizardsStackAppliesToAFreshAccountTranslatorsFirstAndConverges() throws Exception {
        try (dev.mlpc.testing.snowflake.SnowflakeSimulator sim = dev.mlpc.testing.snowflake.SnowflakeSimulator.start()) {
            dev.mlpc.testing.snowflake.SimCatalog catalog = new dev.mlpc.testing.snowflake.SimCatalog().attach(sim);
            Workbench live = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PW", "pw"),
                    Duration.ofSeconds(20));
            var profile = new dev.mlpc.core.provider.ConnectionProfile("sim", "snowflake",
                    Map.of("url", sim.jdbcUrl(), "user", "MLPC", "password", "${env:SF_PW}"));
            String yaml = m.yaml();
            Stack stack = live.parseStack("stacks/mlflow.yaml", yaml);
            try (var repo = dev.mlpc.core.audit.ConfigRepository.init(home.resolve("repo"))) {
                Workbench.ApplyOutcome out = live.apply(stack, yaml, profile, repo, false, null,
                        dev.mlpc.core.provider.Progress.NONE);
                assertThat(out.result().failure()).isNull();
                assertThat(catalog.hasExternalFunction("MLOPS", "MLFLOW", "MLFLOW_GET_LATEST_VERSIONS")).isTrue();
                assertThat(live.plan(stack, profile, repo, dev.mlpc.core.provider.Progress.NONE).actionable()).isEmpty();
            }
            assertThat(sim.failures()).isEmpty();
        }
    }
}
