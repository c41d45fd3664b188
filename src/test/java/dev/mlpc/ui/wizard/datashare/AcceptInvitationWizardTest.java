package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.providers.datashare.DataShareProvider;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.Mapping;
import dev.mlpc.ui.wizard.postgres.WizardRobot;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.*;
import static dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModelTest.DATASET_ID;
import static dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModelTest.INVITATION_ID;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.SUB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the "Accept a data share invitation" wizard headless (TestFX + Monocle) to the commit: offline with the
 * invitation typed, and with a {@code datashare} connection whose live tree lists a received invitation (a stand-in
 * session over the real Data Share types; the simulator run is the integrator's), chosen from the list.
 */
@ExtendWith(ApplicationExtension.class)
class AcceptInvitationWizardTest {
    private static final String SUB_PATH = "/subscriptions/" + SUB;
    private static final String FOLDER = SUB_PATH + "#received_invitations";

    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private AcceptInvitationWizard wizard;
    private final List<String> expanded = Collections.synchronizedList(new ArrayList<>());

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-accept-wizard-test");
        wb = new Workbench(new AppHome(home), new ProviderRegistry(List.of(new TreeProvider())), Map.of(), Duration.ofSeconds(10));
        executor = UiTestKit.workers("accept-wizard-test-worker");
        wizard = new AcceptInvitationWizard(wb, executor);
        wizard.show(null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeAll(executor, 10, home);
    }

    /** The real Data Share provider, except that its sessions show a fixed tree with one received invitation. */
    private final class TreeProvider implements Provider {
        private final DataShareProvider real = new DataShareProvider();

        @Override public String id() { return real.id(); }
        @Override public String displayName() { return real.displayName(); }
        @Override public List<ResourceType> resourceTypes() { return real.resourceTypes(); }
        @Override public String checkIdentifier(String name) { return real.checkIdentifier(name); }
        @Override public Renderer renderer() { return real.renderer(); }
        @Override public String generatedExtension() { return real.generatedExtension(); }
        @Override public String renderDocument(Plan offlinePlan) { return real.renderDocument(offlinePlan); }
        @Override public List<String> checkProfile(ConnectionProfile profile) { return real.checkProfile(profile); }
        @Override public ProviderDescriptor describe() { return real.describe(); }

        @Override
        public ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) {
            return new ProviderSession() {
                @Override
                public List<LiveNode> children(LiveNode parent, Progress progress) {
                    String p = parent == null ? "" : parent.path();
                    expanded.add(p);
                    return switch (p) {
                        case "" -> List.of(new LiveNode(SUB_PATH, "Subscription", "subscription", false, null, Map.of()));
                        case SUB_PATH -> List.of(
                                new LiveNode(SUB_PATH + "/resourceGroups/rg", "rg", "resource_group", false, null, Map.of()),
                                new LiveNode(FOLDER, "Received invitations", "received_invitations", false, null, Map.of()));
                        case FOLDER -> List.of(new LiveNode(FOLDER + "/" + INVITATION_ID, "fl-training", "received_invitation",
                                true, null, Map.of("invitation_id", INVITATION_ID, "share_name", "fl-training",
                                "provider_email", "provider@example.com", "provider_tenant_name", "Contoso Research",
                                "location", "eastus", "expiration_date", "2027-01-31T00:00:00Z", "data_set_count", 1,
                                "invitation_status", "Pending")),
                                new LiveNode(FOLDER + "/old", "old-share", "received_invitation", true, null, Map.of(
                                        "invitation_id", "88888888-8888-8888-8888-888888888888", "share_name", "old-share",
                                        "invitation_status", "Accepted")));
                        default -> List.of();
                    };
                }

                @Override
                public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
                    throw new ProviderException("this test's session does not read state");
                }

                @Override
                public ApplyResult apply(Plan plan, Progress progress) throws ProviderException {
                    throw new ProviderException("this test's session does not apply");
                }

                @Override public void close() { }
            };
        }
    }

    private static void choose(FxRobot robot, String id, String value) {
        @SuppressWarnings("unchecked")
        ComboBox<String> box = robot.lookup(id).queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(value));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void noClippedText(FxRobot robot, String page) {
        assertThat(UiTestKit.fx(() -> WizardChecks.clipped(wizard.root()))).as("text cut off on " + page).isEmpty();
        robot.interact(() -> {
            try {
                WizardChecks.shot(wizard.stage(), "accept-" + page);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void fillMapping(Mapping m) {
        m.dataset().set("images");
        m.dataSetId().set(DATASET_ID);
        m.target().kind().set("BlobFolder");
        m.target().subscriptionId().set(SUB);
        m.target().resourceGroup().set("consumer-storage-rg");
        m.target().storageAccount().set("consumerstore01");
        m.target().container().set("received");
        m.target().path().set("images/");
    }

    private CommitInfo finishAndReadCommit(WizardRobot w, FxRobot robot) throws Exception {
        robot.clickOn(w.button("#finish"));
        w.waitUntil(() -> "the commit (" + w.text("#resultStatus") + ")", 30,
                () -> w.text("#resultStatus").startsWith("Committed") || w.text("#resultStatus").contains("failed"));
        assertThat(w.text("#resultStatus")).startsWith("Committed");
        try (ConfigRepository repo = wb.repository()) {
            return repo.log(1).get(0);
        }
    }

    @Test
    void offlineTheInvitationIsTypedAndTheStackIsCommitted(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        assertThat(wizard.stage().getTitle()).isEqualTo("Accept a data share invitation");
        System.gc();
        w.type("#stackName", "fl-received");
        noClippedText(robot, "connection");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(INVITATION);
        assertThat(w.button("#listInvitations").isDisabled()).as("no list offline").isTrue();
        assertThat(w.text("#invitationsStatus")).startsWith("Offline: no list");
        w.waitUntil(() -> "the focus on the invitation id", 5,
                () -> wizard.stage().getScene().getFocusOwner() == robot.lookup("#invitationId").query());
        assertThat(w.button("#next").isDisabled()).isTrue();
        w.type("#invitationId", "invitation-1");
        assertThat(w.text("#invitationIdError")).contains("not a GUID");
        w.type("#invitationId", INVITATION_ID);
        w.type("#sourceLocation .text-field", "eastus");
        w.type("#subscriptionName", "fl-training");
        noClippedText(robot, "invitation");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(ACCOUNT_STEP);
        assertThat(w.visible("#tags")).isTrue();
        w.type("#resourceGroup", "consumer-rg");
        w.type("#accountName", "fl-consumer");
        choose(robot, "#accountMode", EXISTING_ACCOUNT);
        assertThat(w.visible("#tags")).as("an existing account's tags are left alone").isFalse();
        assertThat(w.visible("#createResourceGroup")).isFalse();
        assertThat(w.text("#accountNote")).contains("declared in the stack").contains("would delete the account");
        choose(robot, "#accountMode", NEW_ACCOUNT);
        w.type("#location .text-field", "westeurope");
        noClippedText(robot, "account");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(MAPPINGS);
        assertThat(w.text("#knownNote")).contains("does not list the share's datasets").contains("once the invitation is accepted");
        assertThat(w.visible("#mappingsNote")).as("no mappings is allowed, and said so").isTrue();
        assertThat(w.button("#next").isDisabled()).isFalse();
        w.click("#addMapping");
        assertThat(w.visible("#mappingsNote")).isFalse();
        assertThat(w.button("#next").isDisabled()).as("the new row needs its id and target").isTrue();
        w.type("#mapping-0-dataset", "images");
        w.type("#mapping-0-dataSetId", "images");
        assertThat(w.text("#mapping-0-dataSetIdError")).contains("not a GUID");
        w.type("#mapping-0-dataSetId", DATASET_ID);
        choose(robot, "#mapping-0-kind", "BlobFolder");
        Mapping m = wizard.model().mappings().get(0);
        robot.interact(() -> fillMapping(m));
        assertThat(w.button("#next").isDisabled()).as(wizard.model().messages(MAPPINGS).toString()).isFalse();
        noClippedText(robot, "mappings");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(TRIGGER_STEP);
        choose(robot, "#schedule", "Day");
        w.type("#syncTime", "2026-12-04T02:00:00Z");
        noClippedText(robot, "trigger");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(REVIEW);
        String planText = w.waitForPlan();
        assertThat(w.node("#reviewMessages", VBox.class).getChildren()).isEmpty();
        Stack stack = wizard.model().stack();
        assertThat(planText).contains("offline").contains("shareSubscriptions/fl-training");
        assertThat(w.text("#planSummary")).startsWith("+4 ~0 -0");
        assertThat(w.node("#reviewTabs", TabPane.class).getTabs().get(1).getText()).isEqualTo("Requests");
        assertThat(w.text("#sqlText")).contains(INVITATION_ID).contains("dataSetMappings/images");
        noClippedText(robot, "review");

        CommitInfo c = finishAndReadCommit(w, robot);
        try (ConfigRepository repo = wb.repository()) {
            Stack parsed = wb.parseStack("stacks/fl-received.yaml", repo.readStack("fl-received").orElseThrow());
            assertThat(parsed.resources()).isEqualTo(stack.resources());
            assertThat(parsed.find(new ResourceKey(SHARE_SUBSCRIPTION_TYPE, "fl-training")).orElseThrow().properties())
                    .isEqualTo(Map.of("account", "fl-consumer", "invitation_id", INVITATION_ID, "source_share_location", "eastus"));
            Resource mapping = parsed.find(new ResourceKey(MAPPING_TYPE, "images")).orElseThrow();
            assertThat(mapping.get("data_set_id")).isEqualTo(DATASET_ID);
            assertThat(mapping.get("prefix")).isEqualTo("images/");
            assertThat(parsed.find(new ResourceKey(TRIGGER_TYPE, DEFAULT_TRIGGER)).orElseThrow().get("recurrence_interval"))
                    .isEqualTo("Day");
            assertThat(parsed.find(new ResourceKey(ACCOUNT_TYPE, "fl-consumer")).orElseThrow().get("location")).isEqualTo("westeurope");
        }
        assertThat(c.trailer("Stack")).isEqualTo("fl-received");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.subject()).isEqualTo("Accept data share invitation into fl-received");
        assertThat(c.files()).contains("stacks/fl-received.yaml");
    }

    @Test
    void withAConnectionTheReceivedInvitationsAreListedAndOneIsChosen(FxRobot robot) throws Exception {
        ConnectionProfile profile = new ConnectionProfile("fl-azure", "datashare", Map.of("subscription_id", SUB,
                "credential", "cli"));
        wb.connections().save(List.of(profile));
        robot.interact(() -> {
            wizard.stage().close();
            wizard = new AcceptInvitationWizard(wb, executor);
            wizard.show(null, null);
        });
        WizardRobot w = new WizardRobot(robot);
        @SuppressWarnings("unchecked")
        ComboBox<Object> box = w.node("#connection", ComboBox.class);
        w.waitUntil(() -> "the profiles", 10, () -> box.getItems().size() == 2);
        assertThat(String.valueOf(box.getItems().get(1))).contains("fl-azure").contains("subscription " + SUB);
        robot.interact(() -> box.setValue(box.getItems().get(1)));
        w.type("#stackName", "fl-received");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(INVITATION);
        @SuppressWarnings("unchecked")
        ListView<ReceivedInvitation> list = w.node("#invitations", ListView.class);
        w.waitUntil(() -> "the invitations (" + w.text("#invitationsStatus") + ")", 15, () -> list.getItems().size() == 1);
        assertThat(w.text("#invitationsStatus")).isEqualTo("1 pending invitation received (1 already accepted, rejected or"
                + " withdrawn not shown): pick one.");
        assertThat(expanded).as("only the subscription and the folder are expanded").containsExactly("", SUB_PATH, FOLDER);
        assertThat(list.getItems().get(0).describe()).isEqualTo("fl-training from provider@example.com (Contoso Research),"
                + " eastus, expires 2027-01-31T00:00:00Z, 1 dataset");
        assertThat(w.text("#invitationIdError")).contains("choose an invitation above");
        robot.interact(() -> list.getSelectionModel().select(0));
        assertThat(wizard.model().invitationId().get()).isEqualTo(INVITATION_ID);
        assertThat(w.text("#invitationId")).isEqualTo(INVITATION_ID);
        assertThat(wizard.model().sourceLocation().get()).isEqualTo("eastus");
        assertThat(w.text("#subscriptionName")).isEqualTo("fl-training");
        noClippedText(robot, "invitation-live");
        w.click("#next");

        assertThat(wizard.page()).isEqualTo(ACCOUNT_STEP);
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(MAPPINGS);
        assertThat(wizard.model().mappings()).as("one row per dataset the invitation counts").hasSize(1);
        assertThat(w.text("#knownNote")).contains("share fl-training from provider@example.com").contains("holds 1 dataset;");
        assertThat(wizard.model().mappings().get(0).target().subscriptionId().get()).as("the connection's subscription")
                .isEqualTo(SUB);
        robot.interact(() -> fillMapping(wizard.model().mappings().get(0)));
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(TRIGGER_STEP);
        w.click("#next");

        w.waitForPlan();
        assertThat(w.visible("#liveNote")).as("this test's session reads nothing: the plan falls back offline").isTrue();
        assertThat(w.text("#liveNote")).contains("offline");
        CommitInfo c = finishAndReadCommit(w, robot);
        try (ConfigRepository repo = wb.repository()) {
            Stack parsed = wb.parseStack("stacks/fl-received.yaml", repo.readStack("fl-received").orElseThrow());
            assertThat(parsed.resources()).extracting(Resource::type).containsExactly(ACCOUNT_TYPE, SHARE_SUBSCRIPTION_TYPE,
                    MAPPING_TYPE);
            assertThat(parsed.find(new ResourceKey(SHARE_SUBSCRIPTION_TYPE, "fl-training")).orElseThrow().get("invitation_id"))
                    .isEqualTo(INVITATION_ID);
        }
        assertThat(c.trailer("Stack")).isEqualTo("fl-received");
    }
}
