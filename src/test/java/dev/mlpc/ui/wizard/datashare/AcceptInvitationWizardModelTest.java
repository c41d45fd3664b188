package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.Mapping;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.*;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.CLOCK;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModelTest.SUB;
import static org.assertj.core.api.Assertions.assertThat;

/** The "Accept a data share invitation" wizard's view model without a window, against the real Data Share types. */
class AcceptInvitationWizardModelTest {
    static final String INVITATION_ID = "33333333-3333-3333-3333-333333333333";
    static final String DATASET_ID = "44444444-4444-4444-4444-444444444444";
    static final ReceivedInvitation RECEIVED = new ReceivedInvitation(INVITATION_ID, "fl-training", "Dana Provider",
            "provider@example.com", "Contoso Research", "eastus", "2027-01-31T00:00:00Z", 2, "Terms of the data share agreement", "Pending");

    @TempDir
    Path home;

    private Workbench wb;
    private AcceptInvitationWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new AcceptInvitationWizardModel(wb.registry(), CLOCK);
    }

    /** Typed offline: the invitation's id and location, a new account, one mapped blob folder, a daily trigger. */
    static void fillOffline(AcceptInvitationWizardModel m) {
        m.stackName().set("fl-received");
        m.invitationId().set(INVITATION_ID);
        m.sourceLocation().set("eastus");
        m.subscriptionName().set("fl-training");
        m.resourceGroup().set("consumer-rg");
        m.accountName().set("fl-consumer");
        m.location().set("westeurope");
        m.tags().set("Environment=Production");
        Mapping images = m.addMapping();
        images.dataset().set("images");
        images.dataSetId().set(DATASET_ID);
        images.target().kind().set("BlobFolder");
        images.target().subscriptionId().set(SUB);
        images.target().resourceGroup().set("consumer-storage-rg");
        images.target().storageAccount().set("consumerstore01");
        images.target().container().set("received");
        images.target().path().set("images/");
        m.schedule().set("Day");
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
    void defaultsAskForTheInvitationAndProposeANewAccountWithoutMappings() {
        assertThat(m.offline()).isTrue();
        assertThat(m.dirty().get()).isFalse();
        assertThat(m.commitMessage().get()).isEqualTo("Accept data share invitation into " + DEFAULT_STACK);
        assertThat(m.accountMode().get()).isEqualTo(NEW_ACCOUNT);
        assertThat(m.mappings()).as("the datasets are not known before acceptance").isEmpty();
        assertThat(m.mappingKinds()).hasSize(6).contains("Blob", "AdlsGen2FileSystem");
        assertThat(m.scheduleChoices()).containsExactly("None", "Hour", "Day");
        assertInvalid(INVITATION, m.invitationId(), "Invitation id", "required");
        assertInvalid(INVITATION, m.sourceLocation(), "Share location", "required");
        assertThat(m.valid(ACCOUNT_STEP).get()).as(m.messages(ACCOUNT_STEP).toString()).isTrue();
        assertThat(m.valid(MAPPINGS).get()).as("no mappings is a valid first step").isTrue();
        assertThat(m.valid(TRIGGER_STEP).get()).isTrue();
    }

    @Test
    void typedOfflineTheAnswersBuildAccountSubscriptionMappingAndTrigger() throws Exception {
        fillOffline(m);
        assertAllValid();
        assertThat(m.validateStack()).isEmpty();
        Stack stack = m.stack();
        assertThat(stack.resources()).extracting(Resource::type).containsExactly(ACCOUNT_TYPE, SHARE_SUBSCRIPTION_TYPE,
                MAPPING_TYPE, TRIGGER_TYPE);
        assertThat(stack.find(new ResourceKey(ACCOUNT_TYPE, "fl-consumer")).orElseThrow().properties())
                .isEqualTo(Map.of("resource_group", "consumer-rg", "location", "westeurope",
                        "identity", Map.of("type", "SystemAssigned"), "tags", Map.of("Environment", "Production")));
        assertThat(stack.find(new ResourceKey(SHARE_SUBSCRIPTION_TYPE, "fl-training")).orElseThrow().properties())
                .isEqualTo(Map.of("account", "fl-consumer", "invitation_id", INVITATION_ID, "source_share_location", "eastus"));
        assertThat(stack.find(new ResourceKey(MAPPING_TYPE, "images")).orElseThrow().properties())
                .isEqualTo(Map.of("share_subscription", "fl-training", "kind", "BlobFolder", "data_set_id", DATASET_ID,
                        "subscription_id", SUB, "resource_group", "consumer-storage-rg",
                        "storage_account_name", "consumerstore01", "container_name", "received", "prefix", "images/"));
        assertThat(stack.find(new ResourceKey(TRIGGER_TYPE, DEFAULT_TRIGGER)).orElseThrow().properties())
                .isEqualTo(Map.of("share_subscription", "fl-training", "kind", "ScheduleBased",
                        "recurrence_interval", "Day", "synchronization_time", "2026-12-04T02:00:00Z"));

        Stack parsed = wb.parseStack("stacks/fl-received.yaml", m.yaml());
        assertThat(parsed.resources()).isEqualTo(stack.resources());
        Plan plan = wb.offlinePlan(parsed);
        assertThat(plan.summary().create()).isEqualTo(4);
        assertThat(plan.toText()).contains("shareSubscriptions/fl-training").contains(INVITATION_ID);
    }

    @Test
    void choosingAReceivedInvitationFillsIdLocationNameAndOneMappingRowPerDataset() {
        m.invitations().setAll(RECEIVED);
        assertThat(m.invitationId().error().get()).contains("choose an invitation above");
        m.selected().set(RECEIVED);
        assertThat(m.invitationId().get()).isEqualTo(INVITATION_ID);
        assertThat(m.sourceLocation().get()).isEqualTo("eastus");
        assertThat(m.subscriptionName().get()).as("named after the share").isEqualTo("fl-training");
        assertThat(m.mappings()).as("the invitation says the share has two datasets").hasSize(2);
        assertThat(m.invitation()).isEqualTo(RECEIVED);
        assertThat(m.valid(INVITATION).get()).as(m.messages(INVITATION).toString()).isTrue();
        assertThat(m.valid(MAPPINGS).get()).as("the rows still need the datasets' ids and targets").isFalse();
        assertInvalid(MAPPINGS, m.mappings().get(0).dataSetId(), "Mapping 1 (dataset-1) dataset id", "required", "provider can tell it");

        m.subscriptionName().set("my-copy");
        ReceivedInvitation other = new ReceivedInvitation("55555555-5555-5555-5555-555555555555", "other-share", "", "",
                "", "westeurope", "", -1, "", "");
        m.selected().set(other);
        assertThat(m.subscriptionName().get()).as("a typed name stays").isEqualTo("my-copy");
        assertThat(m.sourceLocation().get()).isEqualTo("westeurope");
        m.invitationId().set(INVITATION_ID);
        assertThat(m.invitation()).as("the typed id is not the chosen invitation's").isNull();
    }

    @Test
    void invitationAndMappingFieldsAreCheckedWithTheProvidersMessages() {
        fillOffline(m);
        m.invitationId().set("not-a-guid");
        assertInvalid(INVITATION, m.invitationId(), "Invitation id", "not a GUID");
        m.invitationId().set(INVITATION_ID);
        m.sourceLocation().set("east/us");
        assertInvalid(INVITATION, m.sourceLocation(), "Share location", "not an Azure region name");
        m.sourceLocation().set("eastus");
        m.expiration().set("2027-13-01");
        assertInvalid(INVITATION, m.expiration(), "Subscription expires", "ISO-8601");
        m.expiration().set("2027-06-30T00:00:00Z");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey(SHARE_SUBSCRIPTION_TYPE, "fl-training")).orElseThrow()
                .get("expiration_date")).isEqualTo("2027-06-30T00:00:00Z");

        Mapping images = m.mappings().get(0);
        images.dataSetId().set("images");
        assertInvalid(MAPPINGS, images.dataSetId(), "Mapping 1 (images) dataset id", "not a GUID");
        images.dataSetId().set(DATASET_ID);
        images.target().storageAccount().set("Consumer_Store");
        assertInvalid(MAPPINGS, images.target().storageAccount(), "Mapping 1 (images) target storage account",
                "not a storage account name");
        images.target().storageAccount().set("consumerstore01");
        Mapping second = m.addMapping();
        second.dataset().set("features");
        second.dataSetId().set(DATASET_ID.toUpperCase());
        assertInvalid(MAPPINGS, second.dataSetId(), "Mapping 2 (features) dataset id", "already mapped");
        second.dataSetId().set("66666666-6666-6666-6666-666666666666");
        second.target().kind().set("AdlsGen2File");
        assertThat(second.target().containerCaption().get()).isEqualTo("File system");
        assertInvalid(MAPPINGS, second.target().path(), "Mapping 2 (features) target file path", "required");
        second.target().subscriptionId().set(SUB);
        second.target().resourceGroup().set("consumer-storage-rg");
        second.target().storageAccount().set("consumerlake01");
        second.target().container().set("features");
        second.target().path().set("2026/features.parquet");
        assertAllValid();
        Resource r = m.stack().find(new ResourceKey(MAPPING_TYPE, "features")).orElseThrow();
        assertThat(r.get("file_system")).isEqualTo("features");
        assertThat(r.get("file_path")).isEqualTo("2026/features.parquet");
        second.dataset().set("images");
        assertInvalid(MAPPINGS, second.dataset(), "Mapping 2 source dataset", "duplicate");
    }

    @Test
    void anExistingAccountIsDeclaredAsItIsWithoutTagsOrANewResourceGroup() {
        fillOffline(m);
        m.createResourceGroup().set(true);
        assertThat(m.stack().resources()).extracting(Resource::type).startsWith(RESOURCE_GROUP_TYPE, ACCOUNT_TYPE);
        assertThat(m.stack().find(new ResourceKey(RESOURCE_GROUP_TYPE, "consumer-rg")).orElseThrow().get("location"))
                .as("the new group goes where the new account goes").isEqualTo("westeurope");
        m.accountMode().set(EXISTING_ACCOUNT);
        m.tags().set("not tags");
        assertThat(m.tags().valid()).as("not asked for an existing account").isTrue();
        assertAllValid();
        assertThat(m.stack().resources()).extracting(Resource::type).doesNotContain(RESOURCE_GROUP_TYPE);
        Resource account = m.stack().find(new ResourceKey(ACCOUNT_TYPE, "fl-consumer")).orElseThrow();
        assertThat(account.has("tags")).as("an existing account's tags are left alone").isFalse();
        assertThat(account.get("location")).isEqualTo("westeurope");
        m.location().set("");
        assertInvalid(ACCOUNT_STEP, m.location(), "Location", "exactly as it is");
    }

    @Test
    void theTriggerIsOptional() {
        fillOffline(m);
        m.syncTime().set("02:00");
        assertInvalid(TRIGGER_STEP, m.syncTime(), "First synchronization", "ISO-8601");
        m.schedule().set(NO_SCHEDULE);
        assertAllValid();
        assertThat(m.stack().resources()).extracting(Resource::type).doesNotContain(TRIGGER_TYPE);
    }
}
