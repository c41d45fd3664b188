package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.postgres.WizardRobot;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static dev.mlpc.ui.wizard.snowflake.MlflowWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Drives the MLflow-on-Snowflake wizard headless to the commit, and checks inline validation of the function list. */
@ExtendWith(ApplicationExtension.class)
class MlflowWizardTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private MlflowWizard wizard;

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-mlflow-wizard-test");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("mlflow-wizard-test-worker");
        wizard = new MlflowWizard(wb, executor);
        wizard.show(null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    @Test
    void completesTheWizardOfflineAndCommitsWithTrailersAndSql(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.type("#stackName", "mlflow_ui");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(LOCATION);
        w.type("#databaseName", "MLOPS_UI");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(API);
        w.type("#gatewayUrl", "https://gw.example.com/prod/api/2.0/mlflow/");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(FUNCTIONS);
        assertThat(w.text("#fn-2-url")).isEqualTo("POST https://gw.example.com/prod/api/2.0/mlflow/runs/log-metric");
        // issue 14, part 8: the label's "_" is its mnemonic (Alt+T), not shown
        String shown = robot.lookup("#createTranslators .text").queryAllAs(javafx.scene.text.Text.class).stream()
                .map(javafx.scene.text.Text::getText).collect(java.util.stream.Collectors.joining());
        assertThat(shown).startsWith("Create the translators").doesNotContain("_");
        w.click("#fn-0-remove"); // create experiment
        w.click("#addFunction");
        int last = wizard.model().functions().size() - 1;
        String f = "#fn-" + last;
        focusAndType(robot, w, f + "-name", "MLFLOW_SET_TAG");
        focusAndType(robot, w, f + "-arguments", "RUN_ID VARCHAR, KEY VARCHAR, VALUE VARCHAR");
        focusAndType(robot, w, f + "-path", "runs/set-tag");
        focusAndType(robot, w, f + "-request", "MLFLOW_SET_TAG_REQUEST");
        assertThat(wizard.model().functions()).extracting(x -> x.name().get()).doesNotContain("MLFLOW_CREATE_EXPERIMENT")
                .contains("MLFLOW_SET_TAG");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(ARTIFACTS);
        w.type("#bucketUrl", "s3://mlflow-artifacts-ui/");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(REVIEW);
        String plan = w.waitForPlan();
        Stack stack = wizard.model().stack();
        int n = stack.resources().size();
        assertThat(plan).contains("offline").contains("CREATE EXTERNAL FUNCTION");
        assertThat(w.text("#sqlText")).contains("MLFLOW_SET_TAG").contains("runs/set-tag");
        assertThat(w.node("#applyAfterCommit", CheckBox.class).isDisabled()).isTrue();
        w.click("#finish");
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed") || w.text("#resultStatus").contains("failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");

        CommitInfo c;
        try (ConfigRepository repo = wb.repository()) {
            c = repo.log(1).get(0);
            Stack parsed = wb.parseStack("stacks/mlflow_ui.yaml", repo.readStack("mlflow_ui").orElseThrow());
            assertThat(parsed.resources()).isEqualTo(stack.resources());
            Resource tag = parsed.find(new ResourceKey("snowflake.external_function", "MLFLOW_SET_TAG")).orElseThrow();
            assertThat(tag.get("url")).isEqualTo("https://gw.example.com/prod/api/2.0/mlflow/runs/set-tag");
        }
        assertThat(c.trailer("Stack")).isEqualTo("mlflow_ui");
        assertThat(c.trailer("Plan")).isEqualTo("+" + n + " ~0 -0");
        assertThat(c.trailer("Plan-Sha256")).matches("[0-9a-f]{64}");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Set up MLflow on Snowflake mlflow_ui");
        assertThat(c.files()).contains("generated/snowflake/mlflow_ui.sql");
        String sql = Files.readString(wb.repositoryPath().resolve("generated/snowflake/mlflow_ui.sql"));
        assertThat(sql).contains("CREATE API INTEGRATION MLFLOW_API").contains("MLFLOW_SET_TAG")
                .contains("s3://mlflow-artifacts-ui/");
    }

    /** Focuses the field first (the page scrolls it into view), then types into it. */
    private static void focusAndType(FxRobot robot, WizardRobot w, String id, String text) {
        robot.interact(() -> robot.lookup(id).query().requestFocus());
        WaitForAsyncUtils.waitForFxEvents();
        w.type(id, text);
    }

    @Test
    void functionRowsValidateInlineAndGoingBackReplans(FxRobot robot) {
        WizardRobot w = new WizardRobot(robot);
        w.click("#next");
        w.click("#next");
        w.type("#gatewayUrl", "https://gw.example.com/mlflow");
        assertThat(w.text("#gatewayUrlError")).contains("end the prefix with '/'");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#gatewayUrl", "https://gw.example.com/mlflow/");
        w.click("#next");

        w.type("#fn-1-name", "mlflow_create_experiment");
        assertThat(w.text("#fn-1-nameError")).contains("duplicate");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#fn-1-name", "MLFLOW_CREATE_RUN");
        w.type("#fn-1-arguments", "EXPERIMENT_ID VARCHAR); DROP TABLE X; --");
        assertThat(w.text("#fn-1-argumentsError")).contains("not a data type");
        w.type("#fn-1-arguments", "EXPERIMENT_ID VARCHAR");
        w.type("#fn-1-path", "/runs/create");
        assertThat(w.text("#fn-1-pathError")).contains("leading '/'");
        w.type("#fn-1-path", "runs/create");
        w.type("#fn-1-batch", "0");
        assertThat(w.text("#fn-1-batchError")).contains("at least 1");
        w.type("#fn-1-batch", "1");
        assertThat(w.button("#next").isDisabled()).isFalse();
        w.click("#next");
        w.click("#next");
        w.waitForPlan();
        assertThat(w.text("#planText")).contains("https://gw.example.com/mlflow/runs/create");

        // back to the functions, change a path: the review plans again
        w.click("#back");
        w.click("#back");
        w.type("#fn-1-path", "runs/create-v2");
        w.click("#next");
        w.click("#next");
        w.waitForPlan();
        assertThat(w.text("#planText")).contains("runs/create-v2");

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).contains("Discard");
        robot.clickOn((javafx.scene.control.Button) dialog.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.stage().isShowing()).isFalse();
    }
}
