package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.datashare.DataShareWizardModel.Consumer;
import dev.mlpc.ui.wizard.datashare.DataShareWizardModel.Dataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.wizard.datashare.DataShareWizardModel.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The "Federated-learning data share" wizard's view model without a window, against the real Data Share types. */
class DataShareWizardModelTest {
    static final String SUB = "00000000-0000-0000-0000-000000000000";
    static final String TENANT = "11111111-1111-1111-1111-111111111111";
    static final String OBJECT = "22222222-2222-2222-2222-222222222222";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T13:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private Workbench wb;
    private DataShareWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new DataShareWizardModel(wb.registry(), CLOCK);
    }

    /**
     * Seed 002's answers: a new resource group and an account in East US tagged Environment=Production, a CopyBased
     * share with terms, a blob folder and an ADLS Gen2 file system, one consumer by email and one by object id, a daily
     * schedule.
     */
    static void fillSeed(DataShareWizardModel m) {
        m.stackName().set("fl-share");
        m.createResourceGroup().set(true);
        m.resourceGroup().set("fl-rg");
        m.accountName().set("fl-datashare");
        m.location().set("eastus");
        m.tags().set("Environment=Production");
        m.shareName().set("fl-training");
        m.shareKind().set("CopyBased");
        m.terms().set("Terms of the data share agreement");
        Dataset images = m.datasets().get(0);
        images.name().set("images");
        images.storage().kind().set("BlobFolder");
        images.storage().subscriptionId().set(SUB);
        images.storage().resourceGroup().set("storage-rg");
        images.storage().storageAccount().set("flstorage01");
        images.storage().container().set("training");
        images.storage().path().set("images/2026/");
        Dataset lake = m.addDataset();
        lake.name().set("features");
        lake.storage().kind().set("AdlsGen2FileSystem");
        lake.storage().subscriptionId().set(SUB);
        lake.storage().resourceGroup().set("storage-rg");
        lake.storage().storageAccount().set("fllake01");
        lake.storage().container().set("features");
        Consumer hospital = m.consumers().get(0);
        hospital.name().set("hospital-a");
        hospital.email().set("consumer@example.com");
        Consumer lab = m.addConsumer();
        lab.name().set("lab-b");
        lab.by().set(BY_OBJECT_ID);
        lab.objectId().set(OBJECT);
        lab.tenantId().set(TENANT);
        lab.expiration().set("2027-06-30T00:00:00Z");
        m.schedule().set("Day");
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
    void defaultsProposeAShareAndAskForWhatOnlyTheUserKnows() {
        assertThat(m.offline()).isTrue();
        assertThat(m.dirty().get()).isFalse();
        assertThat(m.stackName().get()).isEqualTo(DEFAULT_STACK);
        assertThat(m.commitMessage().get()).isEqualTo("Set up federated-learning data share " + DEFAULT_STACK);
        assertThat(m.createResourceGroup().get()).as("an existing group unless asked").isFalse();
        assertThat(m.shareKind().get()).isEqualTo("CopyBased");
        assertThat(m.shareKinds()).containsExactly("CopyBased", "InPlace");
        assertThat(m.datasetKinds()).containsExactly("Blob", "BlobFolder", "Container", "AdlsGen2File", "AdlsGen2Folder",
                "AdlsGen2FileSystem");
        assertThat(m.scheduleChoices()).containsExactly("None", "Hour", "Day");
        assertThat(m.schedule().get()).isEqualTo(NO_SCHEDULE);
        assertThat(m.syncTime().get()).as("tomorrow 02:00 UTC").isEqualTo("2026-12-04T02:00:00Z");
        assertThat(m.datasetNames()).containsExactly("training-data");
        assertThat(m.consumers()).hasSize(1);

        assertThat(m.valid(CONNECTION).get()).isTrue();
        assertThat(m.valid(ACCOUNT_STEP).get()).as(m.messages(ACCOUNT_STEP).toString()).isTrue();
        assertThat(m.valid(SHARE_STEP).get()).isTrue();
        Dataset d = m.datasets().get(0);
        assertInvalid(DATASETS, d.storage().subscriptionId(), "Dataset 1 (training-data) subscription", "required");
        assertInvalid(DATASETS, d.storage().storageAccount(), "Dataset 1 (training-data) storage account", "required");
        assertInvalid(DATASETS, d.storage().container(), "Dataset 1 (training-data) container", "required");
        assertThat(d.storage().path().valid()).as("a Container dataset has no path").isTrue();
        assertInvalid(CONSUMERS, m.consumers().get(0).email(), "Consumer 1 email", "required");
        assertThat(m.valid(SCHEDULE).get()).isTrue();
        assertThat(m.stackReady()).isFalse();
    }

    @Test
    void theSeedScenarioBuildsTheStackFieldByFieldAndTheRealReaderAndPlannerAcceptIt() throws Exception {
        fillSeed(m);
        assertAllValid();
        assertThat(m.dirty().get()).isTrue();
        assertThat(m.validateStack()).isEmpty();
        Stack stack = m.stack();
        assertThat(stack.resources()).extracting(Resource::type).containsExactly(RESOURCE_GROUP_TYPE, ACCOUNT_TYPE,
                SHARE_TYPE, DATASET_TYPE, DATASET_TYPE, INVITATION_TYPE, INVITATION_TYPE, SYNC_SETTING_TYPE);

        Resource rg = stack.find(new ResourceKey(RESOURCE_GROUP_TYPE, "fl-rg")).orElseThrow();
        assertThat(rg.properties()).isEqualTo(Map.of("location", "eastus", "tags", Map.of("Environment", "Production")));
        Resource account = stack.find(new ResourceKey(ACCOUNT_TYPE, "fl-datashare")).orElseThrow();
        assertThat(account.properties()).isEqualTo(Map.of("resource_group", "fl-rg", "location", "eastus",
                "identity", Map.of("type", "SystemAssigned"), "tags", Map.of("Environment", "Production")));
        Resource share = stack.find(new ResourceKey(SHARE_TYPE, "fl-training")).orElseThrow();
        assertThat(share.properties()).isEqualTo(Map.of("account", "fl-datashare", "share_kind", "CopyBased",
                "description", "Training data for the federated-learning consortium",
                "terms", "Terms of the data share agreement"));
        Resource images = stack.find(new ResourceKey(DATASET_TYPE, "images")).orElseThrow();
        assertThat(images.properties()).isEqualTo(Map.of("share", "fl-training", "kind", "BlobFolder",
                "subscription_id", SUB, "resource_group", "storage-rg", "storage_account_name", "flstorage01",
                "container_name", "training", "prefix", "images/2026/"));
        Resource features = stack.find(new ResourceKey(DATASET_TYPE, "features")).orElseThrow();
        assertThat(features.properties()).isEqualTo(Map.of("share", "fl-training", "kind", "AdlsGen2FileSystem",
                "subscription_id", SUB, "resource_group", "storage-rg", "storage_account_name", "fllake01",
                "file_system", "features"));
        assertThat(stack.find(new ResourceKey(INVITATION_TYPE, "hospital-a")).orElseThrow().properties())
                .isEqualTo(Map.of("share", "fl-training", "target_email", "consumer@example.com"));
        assertThat(stack.find(new ResourceKey(INVITATION_TYPE, "lab-b")).orElseThrow().properties())
                .isEqualTo(Map.of("share", "fl-training", "target_object_id", OBJECT, "target_active_directory_id", TENANT,
                        "expiration_date", "2027-06-30T00:00:00Z"));
        assertThat(stack.find(new ResourceKey(SYNC_SETTING_TYPE, DEFAULT_SYNC_SETTING)).orElseThrow().properties())
                .isEqualTo(Map.of("share", "fl-training", "kind", "ScheduleBased", "recurrence_interval", "Day",
                        "synchronization_time", "2026-12-04T02:00:00Z"));

        String yaml = m.yaml();
        assertThat(yaml).contains("stack: fl-share").contains("type: datashare.account").contains("prefix: images/2026/");
        Stack parsed = wb.parseStack("stacks/fl-share.yaml", yaml);
        assertThat(parsed.resources()).isEqualTo(stack.resources());
        Plan plan = wb.offlinePlan(parsed);
        assertThat(plan.summary().create()).isEqualTo(8);
        assertThat(plan.toText()).contains("PUT").contains("Microsoft.DataShare/accounts/fl-datashare")
                .contains("api-version=2021-08-01");
        assertThat(wb.generatedFiles(parsed).keySet()).anySatisfy(f -> assertThat(f).startsWith("generated/datashare/"));
    }

    @Test
    void aResourceGroupIsOnlyReferencedUnlessTheUserAsksToCreateIt() {
        fillSeed(m);
        m.createResourceGroup().set(false);
        assertAllValid();
        assertThat(m.stack().resources()).extracting(Resource::type).doesNotContain(RESOURCE_GROUP_TYPE);
        assertThat(m.stack().find(new ResourceKey(ACCOUNT_TYPE, "fl-datashare")).orElseThrow().get("resource_group"))
                .isEqualTo("fl-rg");
        m.createResourceGroup().set(true);
        m.location().set("westeurope");
        assertThat(m.resourceGroupLocation().get()).as("follows the account while unchanged").isEqualTo("westeurope");
        m.resourceGroupLocation().set("");
        assertInvalid(ACCOUNT_STEP, m.resourceGroupLocation(), "Resource group location", "required");
        m.createResourceGroup().set(false);
        assertThat(m.resourceGroupLocation().valid()).as("not asked when the group exists").isTrue();
        m.resourceGroup().set("bad/group");
        assertInvalid(ACCOUNT_STEP, m.resourceGroup(), "Resource group", "letters, digits");
    }

    @Test
    void accountAndShareFieldsAreCheckedWithTheProvidersMessages() {
        fillSeed(m);
        m.accountName().set("-account");
        assertInvalid(ACCOUNT_STEP, m.accountName(), "Account name", "starting with a letter or digit");
        m.accountName().set("fl-datashare");
        m.location().set("east/us");
        assertInvalid(ACCOUNT_STEP, m.location(), "Location", "not an Azure region name");
        m.location().set("");
        assertInvalid(ACCOUNT_STEP, m.location(), "Location", "required");
        m.location().set("eastus");
        m.tags().set("Environment");
        assertInvalid(ACCOUNT_STEP, m.tags(), "Tags", "name=value pairs");
        m.tags().set("azure-owner=me");
        assertInvalid(ACCOUNT_STEP, m.tags(), "Tags", "reserved");
        m.tags().set("");
        assertThat(m.tags().valid()).isTrue();
        assertThat(m.stack().find(new ResourceKey(ACCOUNT_TYPE, "fl-datashare")).orElseThrow().has("tags")).isFalse();
        m.tags().set("Environment=Production, Team = ml");
        assertThat(m.stack().find(new ResourceKey(ACCOUNT_TYPE, "fl-datashare")).orElseThrow().get("tags"))
                .isEqualTo(Map.of("Environment", "Production", "Team", "ml"));

        m.shareName().set("");
        assertInvalid(SHARE_STEP, m.shareName(), "Share name", "required");
        m.shareName().set("fl training");
        assertInvalid(SHARE_STEP, m.shareName(), "Share name", "letters, digits");
        m.shareName().set("fl-training");
        m.shareKind().set("Snapshot");
        assertInvalid(SHARE_STEP, m.shareKind(), "Share kind", "CopyBased, InPlace");
        m.shareKind().set("InPlace");
        assertAllValid();
    }

    @Test
    void eachDatasetRowIsCheckedAndItsPathFollowsTheKind() {
        fillSeed(m);
        Dataset d = m.datasets().get(0);
        assertThat(d.storage().containerCaption().get()).isEqualTo("Container");
        assertThat(d.storage().pathCaption().get()).isEqualTo("Folder prefix");
        d.storage().storageAccount().set("FL-Storage");
        assertInvalid(DATASETS, d.storage().storageAccount(), "Dataset 1 (images) storage account", "not a storage account name");
        d.storage().storageAccount().set("flstorage01");
        d.storage().container().set("Training--Data");
        assertInvalid(DATASETS, d.storage().container(), "Dataset 1 (images) container", "not a container name");
        d.storage().container().set("training");
        d.storage().subscriptionId().set("my-subscription");
        assertInvalid(DATASETS, d.storage().subscriptionId(), "Dataset 1 (images) subscription", "not a GUID");
        d.storage().subscriptionId().set(SUB);
        d.storage().path().set("");
        assertInvalid(DATASETS, d.storage().path(), "Dataset 1 (images) folder prefix", "required");

        d.storage().kind().set("AdlsGen2Folder");
        assertThat(d.storage().containerCaption().get()).isEqualTo("File system");
        assertThat(d.storage().pathCaption().get()).isEqualTo("Folder path");
        d.storage().path().set("raw/images");
        assertAllValid();
        Resource r = m.stack().find(new ResourceKey(DATASET_TYPE, "images")).orElseThrow();
        assertThat(r.get("file_system")).isEqualTo("training");
        assertThat(r.get("folder_path")).isEqualTo("raw/images");
        assertThat(r.has("container_name")).isFalse();
        assertThat(r.has("prefix")).isFalse();

        d.storage().kind().set("Container");
        assertThat(d.storage().hasPath().get()).isFalse();
        assertAllValid();
        r = m.stack().find(new ResourceKey(DATASET_TYPE, "images")).orElseThrow();
        assertThat(r.has("folder_path")).as("a whole container has no path").isFalse();

        m.datasets().get(1).name().set("images");
        assertInvalid(DATASETS, m.datasets().get(1).name(), "Dataset 2 name", "duplicate");
        m.datasets().get(1).name().set("features");
        m.datasets().clear();
        assertThat(m.valid(DATASETS).get()).isFalse();
        assertThat(m.pageProblems(DATASETS)).anySatisfy(p -> assertThat(p).contains("Add at least one dataset"));
        Dataset added = m.addDataset();
        assertThat(added.name().get()).isEqualTo("dataset-1");
    }

    @Test
    void consumersAreInvitedByEmailOrByObjectIdAndTenant() {
        fillSeed(m);
        Consumer c = m.consumers().get(0);
        c.email().set("consumer.example.com");
        assertInvalid(CONSUMERS, c.email(), "Consumer 1 email", "not an email address");
        c.email().set("consumer@example.com");
        Consumer lab = m.consumers().get(1);
        lab.tenantId().set("");
        assertInvalid(CONSUMERS, lab.tenantId(), "Consumer 2 tenant id", "required");
        lab.tenantId().set("contoso");
        assertInvalid(CONSUMERS, lab.tenantId(), "Consumer 2 tenant id", "not a GUID");
        lab.tenantId().set(TENANT);
        lab.expiration().set("next year");
        assertInvalid(CONSUMERS, lab.expiration(), "Consumer 2 expiration", "ISO-8601");
        lab.expiration().set("");
        lab.by().set(BY_EMAIL);
        assertThat(lab.objectId().valid()).isTrue();
        assertInvalid(CONSUMERS, lab.email(), "Consumer 2 email", "required");
        lab.email().set("lab@example.org");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey(INVITATION_TYPE, "lab-b")).orElseThrow().properties())
                .as("only the email is written once the consumer is invited by email")
                .isEqualTo(Map.of("share", "fl-training", "target_email", "lab@example.org"));
        lab.name().set("hospital-a");
        assertInvalid(CONSUMERS, lab.name(), "Consumer 2 invitation name", "duplicate");
        lab.name().set("lab-b");
        m.consumers().clear();
        assertThat(m.pageProblems(CONSUMERS)).anySatisfy(p -> assertThat(p).contains("Add at least one consumer"));
    }

    @Test
    void theScheduleIsOptionalAndItsTimeIsChecked() {
        fillSeed(m);
        m.syncTime().set("tomorrow at two");
        assertInvalid(SCHEDULE, m.syncTime(), "First synchronization", "ISO-8601");
        m.syncTime().set("2026-12-04T02:00:00+01:00");
        m.schedule().set("Hour");
        assertAllValid();
        assertThat(m.stack().find(new ResourceKey(SYNC_SETTING_TYPE, DEFAULT_SYNC_SETTING)).orElseThrow()
                .get("recurrence_interval")).isEqualTo("Hour");
        m.syncTime().set("");
        m.schedule().set(NO_SCHEDULE);
        assertThat(m.syncTime().valid()).as("no schedule: the time is not asked").isTrue();
        assertAllValid();
        assertThat(m.stack().resources()).extracting(Resource::type).doesNotContain(SYNC_SETTING_TYPE);
    }

    @Test
    void theConnectionsSubscriptionIsTheDatasetsDefault() {
        ConnectionProfile p = new ConnectionProfile("fl-azure", "datashare", Map.of("subscription_id", SUB,
                "credential", "cli"));
        m.connection().set(p);
        assertThat(m.datasets().get(0).storage().subscriptionId().get()).isEqualTo(SUB);
        assertThat(m.addDataset().storage().subscriptionId().get()).isEqualTo(SUB);
        m.datasets().get(0).storage().subscriptionId().set(OBJECT);
        m.connection().set(null);
        assertThat(m.datasets().get(0).storage().subscriptionId().get()).as("a typed value stays").isEqualTo(OBJECT);
        assertThat(m.datasets().get(1).storage().subscriptionId().get()).as("the default follows").isEmpty();
        assertThat(List.of(m.connectionName())).containsExactly("offline");
    }
}
