package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.postgres.WizardRobot;
import dev.mlpc.ui.wizard.datashare.DataShareWizardModel.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.ui.wizard.datashare.DataShareWizardModel.*;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.OBJECT;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.SUB;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the "Federated-learning data share" wizard headless (TestFX + Monocle) through every page offline, with the
 * keyboard where it matters, reviews, presses Finish, and reads the committed stack and request documents from the
 * config repository of a temporary {@code MLPC_HOME}.
 */
@ExtendWith(ApplicationExtension.class)
class FederatedDataShareWizardTest {
    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private FederatedDataShareWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-datashare-wizard-test");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("datashare-wizard-test-worker");
        wizard = new FederatedDataShareWizard(wb, executor);
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

    private void noClippedText(FxRobot robot, String page) throws IOException {
        assertThat(UiTestKit.fx(() -> WizardChecks.clipped(wizard.root()))).as("text cut off on " + page).isEmpty();
        robot.interact(() -> {
            try {
                WizardChecks.shot(wizard.stage(), "datashare-" + page);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void typesThroughThePagesReviewsOfflineAndCommitsTheStackAndRequests(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        assertThat(wizard.page()).isEqualTo(CONNECTION);
        assertThat(wizard.stage().getTitle()).isEqualTo("Federated-learning data share");
        assertThat(wizard.model().offline()).isTrue();
        System.gc();    // the pages' message lists are views: they must stay current after a collection
        w.type("#stackName", "fl-share");
        noClippedText(robot, "connection");
        w.click("#next");

        // resource group and account
        assertThat(wizard.page()).isEqualTo(ACCOUNT_STEP);
        w.waitUntil(() -> "the focus on the first field (" + wizard.stage().getScene().getFocusOwner() + ")", 5,
                () -> wizard.stage().getScene().getFocusOwner() == robot.lookup("#resourceGroup").query());
        assertThat(w.visible("#resourceGroupLocation")).as("only when the group is created").isFalse();
        w.type("#resourceGroup", "fl-rg");
        w.clickBox("#createResourceGroup");
        assertThat(wizard.model().createResourceGroup().get()).isTrue();
        assertThat(w.visible("#resourceGroupLocation")).isTrue();
        w.type("#accountName", "fl account");
        assertThat(w.visible("#accountNameError")).isTrue();
        assertThat(w.text("#accountNameError")).contains("letters, digits");
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#accountName", "fl-datashare");
        w.type("#tags", "Environment");
        assertThat(w.text("#tagsError")).contains("name=value pairs");
        w.type("#tags", "Environment=Production");
        assertThat(w.node("#tags", TextField.class).getTooltip()).isNotNull();
        // keyboard: Alt+L (_Location) moves the focus to the location
        robot.press(KeyCode.ALT, KeyCode.L).release(KeyCode.L, KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node owner = wizard.stage().getScene().getFocusOwner();
        assertThat(owner == robot.lookup("#location").query() || owner == robot.lookup("#location .text-field").query())
                .as("Alt+L focuses the location, not %s", owner).isTrue();
        w.type("#location .text-field", "westeurope");
        assertThat(wizard.model().location().get()).isEqualTo("westeurope");
        assertThat(wizard.model().resourceGroupLocation().get()).as("follows the account's location").isEqualTo("westeurope");
        noClippedText(robot, "account");
        w.click("#next");

        // share
        assertThat(wizard.page()).isEqualTo(SHARE_STEP);
        w.type("#shareName", "fl-training");
        choose(robot, "#shareKind", "CopyBased");
        w.type("#terms", "Terms of the data share agreement");
        noClippedText(robot, "share");
        w.click("#next");

        // datasets
        assertThat(wizard.page()).isEqualTo(DATASETS);
        assertThat(w.button("#next").isDisabled()).as("the dataset's storage is still missing").isTrue();
        w.type("#dataset-0-name", "images");
        choose(robot, "#dataset-0-kind", "BlobFolder");
        assertThat(w.visible("#dataset-0-path")).as("a blob folder has a prefix").isTrue();
        w.type("#dataset-0-subscription", SUB);
        w.type("#dataset-0-resourceGroup", "storage-rg");
        w.type("#dataset-0-storageAccount", "FL-Storage");
        assertThat(w.text("#dataset-0-storageAccountError")).contains("not a storage account name");
        w.type("#dataset-0-storageAccount", "flstorage01");
        w.type("#dataset-0-container", "training");
        w.type("#dataset-0-path", "images/2026/");
        assertThat(w.button("#next").isDisabled()).as(wizard.model().messages(DATASETS).toString()).isFalse();
        w.click("#addDataset");
        assertThat(wizard.model().datasets()).hasSize(2);
        assertThat(w.button("#next").isDisabled()).as("the new row is incomplete").isTrue();
        w.click("#dataset-1-remove");
        assertThat(wizard.model().datasetNames()).containsExactly("images");
        choose(robot, "#dataset-0-kind", "Container");
        assertThat(w.visible("#dataset-0-path")).as("a whole container has no path").isFalse();
        choose(robot, "#dataset-0-kind", "BlobFolder");
        noClippedText(robot, "datasets");
        w.click("#next");

        // consumers
        assertThat(wizard.page()).isEqualTo(CONSUMERS);
        w.type("#consumer-0-name", "hospital-a");
        w.type("#consumer-0-email", "consumer.example.com");
        assertThat(w.text("#consumer-0-emailError")).contains("not an email address");
        w.type("#consumer-0-email", "consumer@example.com");
        w.click("#addConsumer");
        choose(robot, "#consumer-1-by", BY_OBJECT_ID);
        assertThat(w.visible("#consumer-1-email")).isFalse();
        assertThat(w.visible("#consumer-1-objectId")).isTrue();
        assertThat(w.button("#next").isDisabled()).isTrue();
        Consumer lab = wizard.model().consumers().get(1);
        robot.interact(() -> {
            lab.name().set("lab-b");
            lab.objectId().set(OBJECT);
            lab.tenantId().set(TENANT);
        });
        assertThat(w.button("#next").isDisabled()).as(wizard.model().messages(CONSUMERS).toString()).isFalse();
        noClippedText(robot, "consumers");
        w.click("#next");

        // schedule
        assertThat(wizard.page()).isEqualTo(SCHEDULE);
        assertThat(w.visible("#syncTime")).as("no schedule by default").isFalse();
        choose(robot, "#schedule", "Day");
        assertThat(w.visible("#syncTime")).isTrue();
        w.type("#syncTime", "2026-12-04T02:00");
        assertThat(w.text("#syncTimeError")).contains("ISO-8601");
        w.type("#syncTime", "2026-12-04T02:00:00Z");
        noClippedText(robot, "schedule");
        w.click("#next");

        // review
        assertThat(wizard.page()).isEqualTo(REVIEW);
        String planText = w.waitForPlan();
        assertThat(w.node("#reviewMessages", VBox.class).getChildren()).as("no stale messages").isEmpty();
        Stack stack = wizard.model().stack();
        assertThat(stack.resources()).hasSize(7);
        assertThat(planText).contains("offline").contains("Microsoft.DataShare/accounts/fl-datashare");
        assertThat(w.text("#planSummary")).startsWith("+7 ~0 -0");
        TabPane tabs = w.node("#reviewTabs", TabPane.class);
        assertThat(tabs.getTabs().get(1).getText()).isEqualTo("Requests");
        assertThat(w.text("#sqlText")).contains("\"method\"").contains("PUT").contains("api-version=2021-08-01")
                .contains("consumer@example.com");
        assertThat(w.text("#yamlText")).contains("stack: fl-share").contains("type: datashare.dataset");
        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.isDisabled()).as("apply needs a live connection").isTrue();
        assertThat(w.text("#applyReason")).contains("live Azure Data Share connection");
        assertThat(w.text("#commitMessage")).isEqualTo("Set up federated-learning data share fl-share");
        noClippedText(robot, "review");

        Button finish = w.button("#finish");
        assertThat(finish.getUserData()).isEqualTo(ButtonType.FINISH);
        robot.clickOn(finish);
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed") || w.text("#resultStatus").contains("failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");
        CommitInfo c;
        try (ConfigRepository repo = wb.repository()) {
            c = repo.log(1).get(0);
            Stack parsed = wb.parseStack("stacks/fl-share.yaml", repo.readStack("fl-share").orElseThrow());
            assertThat(parsed.resources()).isEqualTo(stack.resources());
            assertThat(parsed.find(new ResourceKey(RESOURCE_GROUP_TYPE, "fl-rg")).orElseThrow().get("location")).isEqualTo("westeurope");
            Resource images = parsed.find(new ResourceKey(DATASET_TYPE, "images")).orElseThrow();
            assertThat(images.properties()).isEqualTo(Map.of("share", "fl-training", "kind", "BlobFolder",
                    "subscription_id", SUB, "resource_group", "storage-rg", "storage_account_name", "flstorage01",
                    "container_name", "training", "prefix", "images/2026/"));
            assertThat(parsed.find(new ResourceKey(INVITATION_TYPE, "lab-b")).orElseThrow().get("target_object_id")).isEqualTo(OBJECT);
            assertThat(parsed.find(new ResourceKey(SYNC_SETTING_TYPE, DEFAULT_SYNC_SETTING)).orElseThrow()
                    .get("synchronization_time")).isEqualTo("2026-12-04T02:00:00Z");
        }
        assertThat(c.trailer("Stack")).isEqualTo("fl-share");
        assertThat(c.trailer("Plan")).isEqualTo("+7 ~0 -0");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Set up federated-learning data share fl-share");
        String generated = c.files().stream().filter(f -> f.startsWith("generated/datashare/fl-share"))
                .filter(f -> !f.endsWith(".plan.json")).findFirst().orElseThrow(() -> new AssertionError(c.files()));
        assertThat(Files.readString(wb.repositoryPath().resolve(generated))).contains("Microsoft.DataShare/accounts/fl-datashare")
                .contains("invitations/hospital-a");
        assertThat(w.text("#resultStatus")).contains(c.shortId());
        assertThat(committedCallbacks.get()).isEqualTo(1);
        noClippedText(robot, "finish");
        w.click("#cancel");
        assertThat(wizard.stage().isShowing()).isFalse();
    }

    @Test
    void theIndicatorNamesEveryStepWhole(FxRobot robot) {
        for (int i = 0; i <= REVIEW + 1; i++) {
            Label l = robot.lookup("#step-" + i).queryAs(Label.class);
            assertThat(l.getText()).startsWith((i + 1) + " ");
        }
        assertThat(robot.lookup("#step-1").queryAs(Label.class).getText()).isEqualTo("2 Resource group and account");
    }
}
