package dev.mlpc.ui.wizard.sagemaker;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.postgres.WizardRobot;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.VBox;
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

import static dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModel.*;
import static dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModelTest.KEY;
import static dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModelTest.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the SageMaker governance-domain wizard headless (TestFX + Monocle) through every page, reviews offline and
 * presses Finish, then reads the commit, its trailers and the generated request documents in the config repository
 * of a temporary {@code MLPC_HOME}.
 */
@ExtendWith(ApplicationExtension.class)
class SageMakerDomainWizardTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private SageMakerDomainWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-sagemaker-wizard-test");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("sagemaker-wizard-test-worker");
        wizard = new SageMakerDomainWizard(wb, executor);
        wizard.show(null, committedCallbacks::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    private static void choose(FxRobot robot, String id, String value) {
        @SuppressWarnings("unchecked")
        ComboBox<String> box = robot.lookup(id).queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(value));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void typesThroughThePagesReviewsOfflineAndCommitsTheStackAndRequestDocuments(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        assertThat(wizard.page()).isEqualTo(CONNECTION);
        assertThat(wizard.stage().getTitle()).contains("SageMaker governance domain");
        assertThat(wizard.model().offline()).isTrue();
        // the pages' message lists are views of the model's lists: they must stay current after a collection
        System.gc();
        w.type("#stackName", "ml-governance");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(DOMAIN);
        assertThat(w.button("#next").isDisabled()).as("VPC, subnets and owner are still missing").isTrue();
        w.type("#domainName", "my-sagemaker-domain");
        w.type("#vpcId", "vpc 123");
        assertThat(w.visible("#vpcIdError")).isTrue();
        assertThat(w.text("#vpcIdError")).contains("'vpc 123' is not an AWS id");
        w.type("#vpcId", "vpc-0a1b2c3d4e5f67890");
        assertThat(w.visible("#vpcIdError")).isFalse();
        w.type("#subnetIds", "subnet-0a1b2c3d4e5f67890");
        w.type("#kmsKeyId", KEY);
        w.type("#ownerTag", "ml-platform");
        w.type("#classificationTag .text-field", "confidential");
        assertThat(wizard.model().classification().get()).isEqualTo("confidential");
        assertThat(w.button("#next").isDisabled()).as(wizard.model().messages(DOMAIN).toString()).isFalse();
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(USER_SETTINGS);
        assertThat(w.visible("#s3OutputPath")).as("only while sharing is allowed").isFalse();
        w.type("#executionRole", "sagemaker_execution_role");
        assertThat(w.text("#executionRoleError")).contains("must be an IAM role ARN");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#executionRole", ROLE);
        w.type("#securityGroups", "sg-0a1b2c3d4e5f67890");
        choose(robot, "#notebookOutput", "Allowed");
        assertThat(w.visible("#s3OutputPath")).isTrue();
        assertThat(w.text("#s3OutputPathError")).contains("required when notebook output sharing is Allowed");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#s3OutputPath", "s3://my-sagemaker-bucket/output");
        w.type("#s3KmsKeyId", KEY);
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(PROFILES);
        w.type("#profile-0-name", "data-scientist");
        w.click("#addProfile");
        assertThat(wizard.model().profiles()).hasSize(2);
        w.type("#profile-1-name", "data-scientist");
        assertThat(w.text("#profile-1-nameError")).contains("duplicate");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#profile-1-name", "ml-engineer");
        w.type("#profile-1-role", "arn:aws:iam::123456789012:role/ml_engineer_role");
        w.click("#addProfile");
        w.click("#profile-2-remove");
        assertThat(wizard.model().profileNames()).containsExactly("data-scientist", "ml-engineer");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(REVIEW);
        String planText = w.waitForPlan();
        assertThat(w.node("#reviewMessages", VBox.class).getChildren()).as("no stale messages: all answers are valid").isEmpty();
        Stack stack = wizard.model().stack();
        assertThat(stack.resources()).hasSize(3);
        assertThat(planText).contains("offline").contains("CreateDomain").contains("CreateUserProfile");
        assertThat(w.text("#planSummary")).startsWith("+3 ~0 -0");
        assertThat(w.text("#sqlText")).contains("\"operation\"").contains("CreateDomain").contains("my-sagemaker-domain");
        assertThat(w.text("#yamlText")).contains("stack: ml-governance").contains("type: sagemaker.user_profile");
        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.isDisabled()).as("apply needs a live connection").isTrue();
        assertThat(w.text("#applyReason")).contains("live SageMaker connection");
        assertThat(w.text("#commitMessage")).isEqualTo("Set up SageMaker governance domain ml-governance");

        Button finish = w.button("#finish");
        assertThat(finish.getUserData()).isEqualTo(ButtonType.FINISH);
        robot.clickOn(finish);
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed") || w.text("#resultStatus").contains("failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");
        CommitInfo c;
        try (ConfigRepository repo = wb.repository()) {
            c = repo.log(1).get(0);
            String committed = repo.readStack("ml-governance").orElseThrow();
            Stack parsed = wb.parseStack("stacks/ml-governance.yaml", committed);
            assertThat(parsed.resources()).isEqualTo(stack.resources());
            Resource eng = parsed.find(new ResourceKey(PROFILE_TYPE, "ml-engineer")).orElseThrow();
            assertThat(eng.get("domain")).isEqualTo("my-sagemaker-domain");
        }
        assertThat(c.trailer("Stack")).isEqualTo("ml-governance");
        assertThat(c.trailer("Plan")).isEqualTo("+3 ~0 -0");
        assertThat(c.trailer("Plan-Sha256")).matches("[0-9a-f]{64}");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Set up SageMaker governance domain ml-governance");
        assertThat(c.files()).contains("stacks/ml-governance.yaml");
        String generated = c.files().stream().filter(f -> f.startsWith("generated/sagemaker/ml-governance"))
                .filter(f -> !f.endsWith(".plan.json")).findFirst().orElseThrow(() -> new AssertionError(c.files()));
        String documents = Files.readString(wb.repositoryPath().resolve(generated));
        assertThat(documents).contains("CreateDomain").contains("CreateUserProfile").contains("ml-engineer")
                .contains("s3://my-sagemaker-bucket/output");
        assertThat(w.text("#resultStatus")).contains(c.shortId());
        assertThat(committedCallbacks.get()).isEqualTo(1);
        w.click("#cancel");
        assertThat(wizard.stage().isShowing()).isFalse();
    }

    @Test
    void aSageMakerProfileIsOfferedAndAFailedLivePlanFallsBackOfflineWithApplyDisabled(FxRobot robot) throws Exception {
        // static keys by reference to variables that are not set; the endpoint is loopback, so nothing leaves the host
        ConnectionProfile profile = new ConnectionProfile("ml-aws", "sagemaker", Map.of("region", "eu-west-1",
                "credentials", "static", "access_key_id", "${env:MLPC_TEST_UNSET_KEY_ID}",
                "secret_access_key", "${env:MLPC_TEST_UNSET_SECRET}", "endpoint_url", "http://127.0.0.1:9"));
        wb.connections().save(List.of(profile));
        robot.interact(() -> {
            wizard.stage().close();
            wizard = new SageMakerDomainWizard(wb, executor);
            wizard.show(null, null);
        });
        WizardRobot w = new WizardRobot(robot);
        @SuppressWarnings("unchecked")
        ComboBox<Object> box = w.node("#connection", ComboBox.class);
        w.waitUntil(() -> "the profiles", 10, () -> box.getItems().size() == 2);
        assertThat(String.valueOf(box.getItems().get(1))).contains("ml-aws").contains("region eu-west-1");
        robot.interact(() -> box.setValue(box.getItems().get(1)));
        assertThat(wizard.model().connectionName()).isEqualTo("ml-aws");
        robot.interact(() -> SageMakerWizardModelTest.fillSeed(wizard.model()));
        for (int i = 0; i < REVIEW; i++) w.click("#next");

        w.waitForPlan();
        assertThat(w.visible("#liveNote")).isTrue();
        assertThat(w.text("#liveNote")).contains("No live plan").contains("offline");
        assertThat(w.text("#planStatus")).contains("offline");
        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.getText()).contains("ml-aws");
        assertThat(apply.isDisabled()).isTrue();
        assertThat(w.text("#applyReason")).contains("did not work");
        assertThat(w.text("#sqlText")).contains("CreateDomain");
    }

    @Test
    void withTheSageMakerSimulatorTheWizardPlansLiveAppliesAndCommitsApplied(FxRobot robot) throws Exception {
        try (SageMakerSimulator sim = SageMakerSimulator.start()) {
            Workbench live = new Workbench(new AppHome(home), Workbench.standardProviders(),
                    Map.of("SM_KEY_ID", "AKIAWIZARDTEST", "SM_SECRET", "wizard-test-secret"), Duration.ofSeconds(20));
            ConnectionProfile profile = new ConnectionProfile("sim", "sagemaker", Map.of("region", sim.region(),
                    "credentials", "static", "access_key_id", "${env:SM_KEY_ID}", "secret_access_key", "${env:SM_SECRET}",
                    "endpoint_url", sim.endpoint().toString()));
            live.connections().save(List.of(profile));
            robot.interact(() -> {
                wizard.stage().close();
                wizard = new SageMakerDomainWizard(live, executor);
                wizard.show(null, null);
            });
            WizardRobot w = new WizardRobot(robot);
            @SuppressWarnings("unchecked")
            ComboBox<Object> box = w.node("#connection", ComboBox.class);
            w.waitUntil(() -> "the profiles", 10, () -> box.getItems().size() == 2);
            robot.interact(() -> box.setValue(box.getItems().get(1)));
            robot.interact(() -> SageMakerWizardModelTest.fillSeed(wizard.model()));
            for (int i = 0; i < REVIEW; i++) w.click("#next");

            String planText = w.waitForPlan();
            assertThat(w.visible("#liveNote")).as(w.text("#liveNote")).isFalse();
            assertThat(planText).doesNotContain("offline").contains("CreateDomain").contains("CreateUserProfile");
            CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
            assertThat(apply.isDisabled()).as("a live plan can be applied").isFalse();
            w.clickBox("#applyAfterCommit");
            assertThat(wizard.model().applyAfterCommit().get()).isTrue();

            robot.clickOn(w.button("#finish"));
            w.waitUntil(() -> "the apply (" + w.text("#resultStatus") + ")", 60,
                    () -> w.text("#resultStatus").startsWith("Apply ") || w.text("#resultStatus").contains("failed"));
            assertThat(w.text("#resultStatus")).as(w.text("#resultText")).startsWith("Apply succeeded");
            assertThat(sim.domainIds()).hasSize(1);
            String domainId = sim.domainIds().iterator().next();
            assertThat(sim.domain(domainId).path("DomainName").asText()).isEqualTo("my-sagemaker-domain");
            assertThat(sim.userProfile(domainId, "data-scientist")).isNotNull();
            assertThat(sim.userProfile(domainId, "ml-engineer").path("UserSettings").path("ExecutionRole").asText())
                    .isEqualTo("arn:aws:iam::123456789012:role/ml_engineer_role");
            try (ConfigRepository repo = live.repository()) {
                CommitInfo c = repo.log(1).get(0);
                assertThat(c.trailer("Applied")).isEqualTo("yes");
                assertThat(c.trailer("Stack")).isEqualTo("ml-governance");
            }
            assertThat(sim.failures()).isEmpty();
        }
    }
}
