package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.snowflake.SimCatalog;
import dev.mlpc.testing.snowflake.SnowflakeSimulator;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.postgres.WizardRobot;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the federated-ML wizard headless (TestFX + Monocle) through every step to the commit, then reads the commit's
 * trailers and the generated SQL in the config repository of a temporary {@code MLPC_HOME}.
 */
@ExtendWith(ApplicationExtension.class)
class FederatedMlWizardTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private FederatedMlWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-sf-wizard-test");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("sf-wizard-test-worker");
        wizard = new FederatedMlWizard(wb, executor);
        wizard.show(null, committedCallbacks::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    @Test
    void completesTheWizardOfflineAndCommitsWithTrailersAndSql(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        assertThat(wizard.page()).isEqualTo(CONNECTION);
        assertThat(wizard.model().offline()).isTrue();
        w.type("#stackName", "fed_ui");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(DATABASE);
        w.type("#databaseName", "FED_DB");
        w.type("#retention", "3");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(WAREHOUSE);
        w.type("#autoSuspend", "120");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(ACCESS);
        w.clickBox("#grantInsert");
        assertThat(wizard.model().grantInsert().get()).isTrue();
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(TABLES);
        w.click("#table-0-addColumn");
        assertThat(wizard.model().tables().get(0).columns()).hasSize(7);
        w.type("#col-0-6-name", "SCORE");
        w.type("#col-0-6-type .text-field", "VECTOR(FLOAT, 8)");
        w.click("#col-0-1-remove"); // FEATURES
        assertThat(wizard.model().tables().get(0).columns()).extracting(c -> c.name().get())
                .containsExactly("ID", "LABEL", "METADATA", "EMBEDDING", "LOADED_AT", "SCORE");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(API);
        assertThat(w.visible("#apiRoleArn")).isTrue();
        assertThat(w.visible("#azureTenant")).as("Azure fields only for Azure").isFalse();
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PIPE);
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(REVIEW);
        String planText = w.waitForPlan();
        Stack stack = wizard.model().stack();
        int n = stack.resources().size();
        assertThat(planText).contains("offline").contains("CREATE DATABASE FED_DB").contains("VECTOR(FLOAT, 8)");
        assertThat(w.text("#planSummary")).startsWith("+" + n + " ~0 -0");
        assertThat(w.text("#sqlText")).contains("CREATE PIPE").contains("GRANT SELECT, INSERT");
        assertThat(w.text("#yamlText")).contains("stack: fed_ui");
        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.isVisible()).as("apply is shown, not hidden").isTrue();
        assertThat(apply.isDisabled()).as("apply needs a live connection").isTrue();
        assertThat(w.text("#applyReason")).contains("live Snowflake connection");
        assertThat(w.text("#commitMessage")).isEqualTo("Set up Snowflake federated-ML environment fed_ui");

        Button finish = w.button("#finish");
        assertThat(finish.getUserData()).isEqualTo(ButtonType.FINISH);
        robot.clickOn(finish);
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed") || w.text("#resultStatus").contains("failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");
        CommitInfo c;
        try (ConfigRepository repo = wb.repository()) {
            c = repo.log(1).get(0);
            String committed = repo.readStack("fed_ui").orElseThrow();
            Stack parsed = wb.parseStack("stacks/fed_ui.yaml", committed);
            assertThat(parsed.resources()).isEqualTo(stack.resources());
            Resource wh = parsed.find(new ResourceKey("snowflake.warehouse", "ML_WAREHOUSE")).orElseThrow();
            assertThat(wh.get("auto_suspend")).isEqualTo(120L);
        }
        assertThat(c.trailer("Stack")).isEqualTo("fed_ui");
        assertThat(c.trailer("Plan")).isEqualTo("+" + n + " ~0 -0");
        assertThat(c.trailer("Plan-Sha256")).matches("[0-9a-f]{64}");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Set up Snowflake federated-ML environment fed_ui");
        assertThat(c.files()).contains("stacks/fed_ui.yaml", "generated/snowflake/fed_ui.sql");
        String sql = Files.readString(wb.repositoryPath().resolve("generated/snowflake/fed_ui.sql"));
        assertThat(sql).contains("CREATE DATABASE FED_DB").contains("CREATE TABLE").contains("SCORE VECTOR(FLOAT, 8)");
        assertThat(w.text("#resultStatus")).contains(c.shortId());
        assertThat(committedCallbacks.get()).isEqualTo(1);
        assertThat(w.button("#cancel").getText()).isEqualTo("Close");
        w.click("#cancel");
        assertThat(wizard.stage().isShowing()).isFalse();
    }

    @Test
    void hostileAndInvalidInputIsRefusedInlineAndBlocksNext(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.click("#next");
        w.type("#databaseName", "select");
        assertThat(w.button("#next").isDisabled()).isTrue();
        assertThat(w.visible("#databaseNameError")).isTrue();
        assertThat(w.text("#databaseNameError")).contains("reserved word");
        w.type("#databaseName", "ml\"db; drop database prod; --");
        assertThat(w.visible("#databaseNameError")).as("quoted exactly, so allowed").isFalse();
        w.type("#retention", "365");
        assertThat(w.text("#retentionError")).contains("at most 90");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#retention", "1");
        robot.clickOn("#retention").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).as("Enter is Next").isEqualTo(WAREHOUSE);
        w.click("#next");
        w.type("#roleName", "SYSADMIN");
        assertThat(w.text("#roleNameError")).contains("system role");
        robot.clickOn("#roleName").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.page()).as("Enter does nothing while the step is invalid").isEqualTo(ACCESS);
        w.type("#roleName", "ML_ROLE");
        w.click("#next");

        w.type("#col-0-2-name", "id");
        assertThat(w.text("#col-0-2-nameError")).contains("duplicate");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#col-0-2-name", "LABEL");
        w.type("#col-0-2-type .text-field", "NUMBER(38,0); DROP TABLE X");
        assertThat(w.text("#col-0-2-typeError")).contains("not a data type");
        w.type("#col-0-2-type .text-field", "NUMBER(38,0)");
        assertThat(w.button("#next").isDisabled()).isFalse();
        w.click("#next");

        @SuppressWarnings("unchecked")
        ComboBox<String> provider = w.node("#apiProvider", ComboBox.class);
        robot.interact(() -> provider.setValue("azure_api_management"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.visible("#apiRoleArn")).isFalse();
        assertThat(w.visible("#azureTenant")).isTrue();
        assertThat(w.text("#azureTenantError")).contains("UUID");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#azureTenant", "b3c6f2a1-1111-4222-8333-444455556666");
        w.type("#azureApplication", "c3c6f2a1-1111-4222-8333-444455556666");
        w.type("#allowedPrefixes", "http://plain.example.com/");
        assertThat(w.text("#allowedPrefixesError")).contains("https://");
        w.type("#allowedPrefixes", "https://apim.example.net/ml/");
        assertThat(w.button("#next").isDisabled()).isFalse();
    }

    @Test
    void aSnowflakeProfileSaysWhyThereIsNoLivePlanAndApplyStaysDisabled(FxRobot robot) throws Exception {
        WizardRobot w = reopenWithConnection(robot, wb, new ConnectionProfile("sf-prod", "snowflake",
                Map.of("account", "myorg-myaccount", "user", "ML_ADMIN", "password", "${env:SF_PASSWORD}")));
        assertThat(wizard.model().connectionName()).isEqualTo("sf-prod");
        for (int i = 0; i < REVIEW; i++) w.click("#next");
        w.waitForPlan();
        assertThat(w.visible("#liveNote")).isTrue();
        // the password's variable is not set, so the live plan stops before any connection is tried
        assertThat(w.text("#liveNote")).contains("No live plan").contains("SF_PASSWORD is not set").contains("offline");
        assertThat(w.text("#planStatus")).contains("offline");
        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.getText()).contains("sf-prod");
        assertThat(apply.isDisabled()).isTrue();
        assertThat(w.text("#applyReason")).contains("did not work");
        TextArea sql = w.node("#sqlText", TextArea.class);
        assertThat(sql.getText()).contains("CREATE WAREHOUSE");
    }

    @Test
    void withALiveSnowflakeConnectionTheWizardPlansLiveAppliesAndCommitsApplied(FxRobot robot) throws Exception {
        java.util.logging.Logger.getLogger("net.snowflake").setLevel(java.util.logging.Level.WARNING);
        try (SnowflakeSimulator sim = SnowflakeSimulator.start()) {
            SimCatalog catalog = new SimCatalog().attach(sim);
            Workbench live = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of("SF_PW", "pw-for-tests"),
                    Duration.ofSeconds(20));
            WizardRobot w = reopenWithConnection(robot, live, new ConnectionProfile("sim", "snowflake",
                    Map.of("url", sim.jdbcUrl(), "user", "MLPC", "role", "SYSADMIN", "password", "${env:SF_PW}")));
            w.type("#stackName", "fed_live");
            for (int i = 0; i < REVIEW; i++) w.click("#next");
            String planText = w.waitForPlan();
            assertThat(planText).doesNotContain("offline").contains("CREATE PIPE");
            assertThat(w.visible("#liveNote")).isFalse();
            CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
            assertThat(apply.isDisabled()).as("a live plan can be applied").isFalse();
            w.clickBox("#applyAfterCommit");
            assertThat(wizard.model().applyAfterCommit().get()).isTrue();

            robot.clickOn(w.button("#finish"));
            w.waitUntil(() -> "the apply (" + w.text("#resultStatus") + ")", 60,
                    () -> w.text("#resultStatus").startsWith("Apply ") || w.text("#resultStatus").contains("failed"));
            assertThat(w.text("#resultStatus")).as(w.text("#resultText")).startsWith("Apply succeeded");
            assertThat(catalog.hasPipe("ML_DATABASE", "ML_SCHEMA", "ML_DATA_PIPE")).isTrue();
            assertThat(catalog.integration("ML_API_INTEGRATION")).containsEntry("kind", "API");
            try (ConfigRepository repo = live.repository()) {
                List<CommitInfo> log = repo.log(2);
                assertThat(log.get(0).trailer("Applied")).isEqualTo("yes");
                assertThat(log.get(0).trailer("Stack")).isEqualTo("fed_live");
            }
            assertThat(sim.failures()).isEmpty();
        }
    }

    /** Saves {@code profile} as the only connection, opens a new wizard over {@code workbench} and chooses it. */
    private WizardRobot reopenWithConnection(FxRobot robot, Workbench workbench, ConnectionProfile profile) throws Exception {
        workbench.connections().save(List.of(profile));
        robot.interact(() -> {
            wizard.stage().close();
            wizard = new FederatedMlWizard(workbench, executor);
            wizard.show(null, null);
        });
        WizardRobot w = new WizardRobot(robot);
        @SuppressWarnings("unchecked")
        ComboBox<Object> box = w.node("#connection", ComboBox.class);
        w.waitUntil(() -> "the profiles", 10, () -> box.getItems().size() == 2);
        robot.interact(() -> box.setValue(box.getItems().get(1)));
        assertThat(wizard.model().connectionName()).isEqualTo(profile.name());
        return w;
    }
}
