package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.Column;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The federated-ML wizard's view model without a window: defaults, the stack and its plan, every rule. */
class FederatedMlWizardModelTest {
    @TempDir
    Path home;

    private Workbench wb;
    private FederatedMlWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new FederatedMlWizardModel(wb.registry());
    }

    private void assertAllValid() {
        for (int s = 0; s <= REVIEW; s++) {
            assertThat(m.valid(s).get()).as("step %s valid; messages %s", m.steps().get(s), m.messages(s)).isTrue();
        }
    }

    /** The field is in error, its step and the review are invalid, and the step's message names the field. */
    private void assertInvalid(int step, ValidatedText field, String name, String... parts) {
        assertThat(field.error().get()).as("error of %s", name).contains(parts);
        assertThat(m.valid(step).get()).isFalse();
        assertThat(m.allValid().get()).isFalse();
        assertThat(m.messages(step)).anySatisfy(msg -> assertThat(msg).startsWith(name + ": ").contains(parts));
        assertThat(m.messages(REVIEW)).anySatisfy(msg -> assertThat(msg).startsWith(name + ": "));
    }

    @Test
    void defaultsValidateAndPlanLikeTheExampleStack() throws Exception {
        assertAllValid();
        assertThat(m.dirty().get()).isFalse();
        assertThat(m.offline()).isTrue();
        Stack stack = m.stack();
        assertThat(m.validateStack()).isEmpty();
        assertThat(stack.name()).isEqualTo(DEFAULT_STACK);
        assertThat(stack.resources()).extracting(Resource::type).containsSubsequence("snowflake.database",
                "snowflake.warehouse", "snowflake.schema", "snowflake.role", "snowflake.table",
                "snowflake.api_integration", "snowflake.storage_integration", "snowflake.file_format",
                "snowflake.stage", "snowflake.pipe", "snowflake.grant");
        Resource table = stack.find(new ResourceKey("snowflake.table", "ML_DATA_TABLE")).orElseThrow();
        assertThat(table.list("columns")).hasSize(6);
        assertThat(stack.find(new ResourceKey("snowflake.grant", "ml_role_future_tables"))).isPresent();
        assertThat(stack.find(new ResourceKey("snowflake.grant", "ml_role_to_sysadmin"))).isPresent();

        Stack parsed = wb.parseStack("stacks/x.yaml", m.yaml());
        assertThat(parsed.resources()).isEqualTo(stack.resources());
        Plan plan = wb.offlinePlan(parsed);
        assertThat(plan.summary().create()).isEqualTo(stack.resources().size());
        String text = plan.toText();
        assertThat(text).contains("CREATE DATABASE").contains("CREATE WAREHOUSE").contains("VECTOR(FLOAT, 256)")
                .contains("CREATE PIPE").contains("GRANT SELECT ON FUTURE TABLES");
        assertThat(wb.generatedFiles(parsed)).containsKey("generated/snowflake/" + DEFAULT_STACK + ".sql");
    }

    @Test
    void hostileAndReservedNamesAreRefusedInlineOrQuoted() throws Exception {
        m.databaseName().set("select");
        assertInvalid(DATABASE, m.databaseName(), "Database name", "reserved word");
        m.databaseName().set("x".repeat(256));
        assertInvalid(DATABASE, m.databaseName(), "Database name", "256 characters", "255");
        m.databaseName().set("ml\u0007db");
        assertInvalid(DATABASE, m.databaseName(), "Database name", "control character");
        m.databaseName().set(" padded");
        assertInvalid(DATABASE, m.databaseName(), "Database name", "white space");
        m.databaseName().set("ml\"db; DROP DATABASE x; --");
        assertAllValid(); // quoted exactly: a name, not SQL
        assertThat(m.validateStack()).isEmpty();
        String sql = wb.offlinePlan(wb.parseStack("stacks/x.yaml", m.yaml())).toText();
        assertThat(sql).contains("CREATE DATABASE \"ml\"\"db; DROP DATABASE x; --\"")
                .doesNotContain("CREATE DATABASE ml\"db");

        m.roleName().set("accountadmin");
        assertInvalid(ACCESS, m.roleName(), "Role name", "system role");
        m.roleName().set("ML_ROLE");
        m.schemaName().set("information_schema");
        assertInvalid(ACCESS, m.schemaName(), "Schema name", "INFORMATION_SCHEMA");
        m.schemaName().set("ML_SCHEMA");
        assertAllValid();
    }

    @Test
    void numbersAndChoicesAreChecked() {
        m.retention().set("91");
        assertInvalid(DATABASE, m.retention(), "Data retention (days)", "at most 90");
        m.retention().set("seven");
        assertInvalid(DATABASE, m.retention(), "Data retention (days)", "not a whole number");
        m.retention().set("1");
        m.autoSuspend().set("-1");
        assertInvalid(WAREHOUSE, m.autoSuspend(), "Auto-suspend (seconds)", "at least 0");
        m.autoSuspend().set("300");
        m.warehouseSize().set("HUGE");
        assertInvalid(WAREHOUSE, m.warehouseSize(), "Warehouse size", "XSMALL");
        m.warehouseSize().set("MEDIUM");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.warehouse", "ML_WAREHOUSE")).orElseThrow()
                .get("auto_suspend")).isEqualTo(300L);
    }

    @Test
    void columnsAreAnEditableListWithTypesDefaultsAndDuplicates() {
        Table t = m.tables().get(0);
        Column c = t.addColumn("SCORE", "FLOAT");
        assertAllValid();
        c.type().set("VECTOR(FLOAT, 5000)");
        assertInvalid(TABLES, c.type(), "Table 1 (ML_DATA_TABLE) column 7 (SCORE) type", "1 to 4096");
        c.type().set("VECTOR(STRING, 3)");
        assertInvalid(TABLES, c.type(), "Table 1 (ML_DATA_TABLE) column 7 (SCORE) type", "element type");
        c.type().set("VARCHAR; DROP TABLE X");
        assertInvalid(TABLES, c.type(), "Table 1 (ML_DATA_TABLE) column 7 (SCORE) type", "not a data type");
        c.type().set("OBJECT");
        c.defaultValue().set("0); DROP TABLE X; --");
        assertThat(c.defaultValue().error().get()).isNotEmpty();
        assertThat(m.valid(TABLES).get()).isFalse();
        c.defaultValue().set("");
        c.name().set("id");
        assertInvalid(TABLES, c.name(), "Table 1 (ML_DATA_TABLE) column 7 (id) name", "duplicate");
        c.name().set("SCORE");
        assertAllValid();

        t.columns().remove(c);
        t.columns().clear();
        assertThat(m.messages(TABLES)).anySatisfy(s -> assertThat(s).contains("add at least one column"));
        t.addColumn("ID", "STRING");
        Table second = m.addTable();
        assertAllValid();
        second.name().set("ml_data_table");
        assertInvalid(TABLES, second.name(), "Table 2 (ml_data_table) name", "duplicate");
        second.name().set("FEATURES_V2");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.grant", "ml_role_table_features_v2"))).isPresent();
        m.tables().clear();
        assertThat(m.messages(TABLES)).anySatisfy(s -> assertThat(s).contains("add at least one table"));
    }

    @Test
    void integrationFieldsFollowTheProvider() {
        m.apiRoleArn().set("arn:aws:iam::12:role/x");
        assertInvalid(API, m.apiRoleArn(), "AWS role ARN", "not an IAM role ARN");
        m.apiProvider().set("azure_api_management");
        assertThat(m.apiRoleArn().error().get()).as("not used for Azure").isEmpty();
        assertInvalid(API, m.azureTenant(), "Azure tenant ID", "UUID");
        m.azureTenant().set("b3c6f2a1-1111-4222-8333-444455556666");
        m.azureApplication().set("c3c6f2a1-1111-4222-8333-444455556666");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.api_integration", "ML_API_INTEGRATION")).orElseThrow()
                .has("api_aws_role_arn")).isFalse();
        m.allowedPrefixes().set("http://insecure.example.com/");
        assertInvalid(API, m.allowedPrefixes(), "Allowed prefixes", "https://");
        m.allowedPrefixes().set("https://a.example.com/x/, https://b.example.com/");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey("snowflake.api_integration", "ML_API_INTEGRATION")).orElseThrow()
                .list("api_allowed_prefixes")).hasSize(2);

        m.storageIntegration().set("ml_api_integration");
        assertInvalid(PIPE, m.storageIntegration(), "Storage integration", "duplicate");
        m.storageIntegration().set("ML_INGEST");
        m.stageUrl().set("gcs://bucket/x/");
        assertInvalid(PIPE, m.stageUrl(), "Stage URL", "s3://");
        m.stageUrl().set("s3://Bad_Bucket/x/");
        assertInvalid(PIPE, m.stageUrl(), "Stage URL", "S3 bucket name");
        m.storageProvider().set("GCS");
        m.stageUrl().set("gcs://bucket/x/");
        assertAllValid();
        m.tables().get(0).name().set("TRAINING_ROWS");
        assertThat(m.targetTable().get()).as("the pipe's target follows a renamed table").isEqualTo("TRAINING_ROWS");
        assertAllValid();
        m.targetTable().set("NO_SUCH_TABLE");
        assertInvalid(PIPE, m.targetTable(), "Target table", "not one of the training tables");
        m.withPipe().set(false);
        assertAllValid();
        assertThat(m.stack().resources()).noneMatch(r -> r.type().equals("snowflake.pipe"));
    }

    @Test
    void grantsAreLeastPrivilegeAndFollowTheChoices() {
        m.grantInsert().set(true);
        Resource g = m.stack().find(new ResourceKey("snowflake.grant", "ml_role_table_ml_data_table")).orElseThrow();
        assertThat(g.list("privileges")).isEqualTo(List.of("SELECT", "INSERT"));
        m.grantSelect().set(false);
        m.grantInsert().set(false);
        assertThat(m.stack().resources()).noneMatch(r -> r.name().contains("table"));
        m.grantToSysadmin().set(false);
        assertThat(m.stack().find(new ResourceKey("snowflake.grant", "ml_role_to_sysadmin"))).isEmpty();
        assertAllValid();
        assertThat(m.dirty().get()).isTrue();
    }

    @Test
    void commitMessageFollowsTheStackNameUntilEdited() {
        m.stackName().set("fed-ml-2");
        assertThat(m.commitMessage().get()).isEqualTo("Set up Snowflake federated-ML environment fed-ml-2");
        m.stackName().set("bad name");
        assertInvalid(CONNECTION, m.stackName(), "Stack name", "not a valid stack name");
        m.commitMessage().set(" ");
        assertThat(m.messages(REVIEW)).anySatisfy(s -> assertThat(s).startsWith("Commit message: "));
    }

    /**
     * Issue 13 item 11: the wizard's pipe says how JSON fills the table's columns (the same COPY transform as the
     * example), and a Snowflake that refuses the plain form (the simulator, with Snowflake's wording) accepts it.
     */
    @Test
    void thePipeLoadsJsonThroughACopyTransformThatSnowflakeAccepts() throws Exception {
        Stack stack = m.stack();
        Resource pipe = stack.find(new ResourceKey("snowflake.pipe", "ML_DATA_PIPE")).orElseThrow();
        Stack example = wb.parseStack("examples/snowflake-federated-ml.yaml",
                java.nio.file.Files.readString(Path.of("resources/examples/snowflake-federated-ml.yaml")));
        assertThat(pipe.list("copy_transform"))
                .isEqualTo(example.find(new ResourceKey("snowflake.pipe", "ML_DATA_PIPE")).orElseThrow().list("copy_transform"))
                .hasSize(5);
        assertThat(wb.offlinePlan(stack).warnings()).extracting(dev.mlpc.core.plan.PlanWarning::rule)
                .doesNotContain("pipe-copy-shape");

        try (dev.mlpc.testing.snowflake.SnowflakeSimulator sim = dev.mlpc.testing.snowflake.SnowflakeSimulator.start()) {
            new dev.mlpc.testing.snowflake.SimCatalog().attach(sim);
            Workbench live = new Workbench(new AppHome(home.resolve("live")), Workbench.standardProviders(),
                    Map.of("SF_PW", "wizard-test"), Duration.ofSeconds(20));
            dev.mlpc.core.provider.ConnectionProfile profile = new dev.mlpc.core.provider.ConnectionProfile("sim", "snowflake",
                    Map.of("url", sim.jdbcUrl(), "user", "MLPC", "password", "${env:SF_PW}"));
            try (dev.mlpc.core.audit.ConfigRepository repo = live.repository()) {
                Workbench.ApplyOutcome out = live.apply(stack, m.yaml(), profile, repo, false, null,
                        dev.mlpc.core.provider.Progress.NONE);
                assertThat(out.result().succeeded()).as(out.result().failure()).isTrue();
            }
        }
    }

    @Test
    void csvNeedsNoTransformAndAColumnWithoutAPlainNameMatchesByName() throws Exception {
        m.fileFormatType().set("CSV");
        Resource csv = m.stack().find(new ResourceKey("snowflake.pipe", "ML_DATA_PIPE")).orElseThrow();
        assertThat(csv.has("copy_transform")).isFalse();
        assertThat(csv.has("match_by_column_name")).isFalse();

        m.fileFormatType().set("JSON");
        m.tables().get(0).columns().get(1).name().set("feature list");
        Resource json = m.stack().find(new ResourceKey("snowflake.pipe", "ML_DATA_PIPE")).orElseThrow();
        assertThat(json.has("copy_transform")).isFalse();
        assertThat(json.string("match_by_column_name")).isEqualTo("CASE_INSENSITIVE");
    }
}
