package dev.mlpc.providers.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Drift;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareLiveKit.accountId;
import static dev.mlpc.providers.datashare.DataShareLiveKit.child;
import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live tree's context menu on Data Share nodes below an account, through the workbench as the console calls it:
 * the read of one node's object takes its parents from the node's ARM id ({@link DataShareProvider#liveContext}), so
 * Show definition renders the create request with its literal path, an unmanaged dataset's drop is planned as a
 * DELETE of its ARM id (refused without the typed name, run with it) and Add to a stack references the parents the
 * stack manages, or is refused naming the parent it lacks.
 */
class DataShareTreeActionsTest {
    private static final String RG_PATH = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/fl-rg/providers/Microsoft.DataShare";

    private DataShareLiveKit kit;
    private Workbench wb;
    private ConnectionProfile profile;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private void start(Path home) {
        kit = new DataShareLiveKit();
        wb = new Workbench(new AppHome(home), new ProviderRegistry(List.of(DataShareLiveKit.provider(kit.sim))), Map.of(),
                Duration.ofSeconds(20));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("subscription_id", SUBSCRIPTION);
        settings.put("cloud", "custom");
        settings.put("resource_manager_endpoint", kit.sim.endpoint().toString());
        settings.put("authority_host", "https://127.0.0.1:9/");
        profile = new ConnectionProfile("fl-azure", "datashare", settings);
    }

    @Test
    void showDefinitionOfADatasetAnInvitationAndAnAccountWritesTheirLiteralPaths(@TempDir Path home) throws Exception {
        start(home);
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        kit.invitation("fl-rg", "account-001", "share-001", "hospital-b", "b@hospital.test");
        LiveNode share = kit.walk("fl-rg", "account-001", "share-001");
        List<LiveNode> inShare = kit.children(share);
        LiveNode dataset = child(inShare, "dataset-001");
        assertThat(wb.notAResource(profile, dataset)).isNull();

        kit.sim.resetCounts();
        String ddl = wb.showDefinition(profile, dataset, Progress.NONE);
        // the dataset with its account and share, one GET each; no role assignments read for a console read
        assertThat(kit.requests()).containsExactlyInAnyOrder(
                "GET " + RG_PATH + "/accounts/account-001",
                "GET " + RG_PATH + "/accounts/account-001/shares/share-001",
                "GET " + RG_PATH + "/accounts/account-001/shares/share-001/dataSets/dataset-001");
        assertThat(ddl).contains("\"method\" : \"PUT\"")
                .contains("\"path\" : \"" + RG_PATH + "/accounts/account-001/shares/share-001/dataSets/dataset-001?api-version=2021-08-01\"")
                .contains("\"kind\" : \"Container\"").contains("\"containerName\" : \"data-001\"")
                .contains("\"storageAccountName\" : \"seedstorage\"").contains("\"resourceGroup\" : \"fl-rg\"")
                .doesNotContain("${");

        String invitation = wb.showDefinition(profile, child(inShare, "hospital-b"), Progress.NONE);
        assertThat(invitation).contains("\"path\" : \"" + RG_PATH + "/accounts/account-001/shares/share-001/invitations/hospital-b?api-version=2021-08-01\"")
                .contains("\"targetEmail\" : \"b@hospital.test\"").doesNotContain("${");

        assertThat(wb.showDefinition(profile, share, Progress.NONE))
                .contains("\"path\" : \"" + RG_PATH + "/accounts/account-001/shares/share-001?api-version=2021-08-01\"")
                .contains("\"shareKind\" : \"CopyBased\"").contains("\"description\" : \"seeded share\"");
        // an account needs no parent: its path is literal too (the session's subscription)
        assertThat(wb.showDefinition(profile, kit.walk("fl-rg", "account-001"), Progress.NONE))
                .contains("\"path\" : \"" + RG_PATH + "/accounts/account-001?api-version=2021-08-01\"");

        // gone since the tree listed it: said so
        kit.create("DELETE", accountId("fl-rg", "account-001") + "/shares/share-001/dataSets/dataset-001" + DataShareLiveKit.API, null);
        assertThatThrownBy(() -> wb.showDefinition(profile, dataset, Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessage("datashare.dataset dataset-001 no longer exists in fl-azure");
    }

    @Test
    void showDefinitionOfAShareSubscriptionAndItsTrigger(@TempDir Path home) throws Exception {
        start(home);
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        kit.consumer("consumer-rg", "consumer-acct", "fl-in", invitationId);
        LiveNode sub = kit.walk("consumer-rg", "consumer-acct", "fl-in");
        String base = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/consumer-rg/providers/Microsoft.DataShare/accounts/consumer-acct";

        String ddl = wb.showDefinition(profile, sub, Progress.NONE);
        assertThat(ddl).contains("\"method\" : \"PUT\"")
                .contains("\"path\" : \"" + base + "/shareSubscriptions/fl-in?api-version=2021-08-01\"")
                .contains("\"invitationId\" : \"" + invitationId + "\"")
                .contains("\"sourceShareLocation\" : \"westeurope\"").doesNotContain("${");

        LiveNode trigger = kit.children(sub).stream().filter(n -> "trigger".equals(n.kind())).findFirst().orElseThrow();
        assertThat(wb.showDefinition(profile, trigger, Progress.NONE))
                .contains("\"path\" : \"" + base + "/shareSubscriptions/fl-in/triggers/nightly?api-version=2021-08-01\"")
                .contains("\"recurrenceInterval\" : \"Day\"");
        LiveNode mapping = kit.children(sub).stream().filter(n -> "dataset_mapping".equals(n.kind())).findFirst().orElseThrow();
        assertThat(wb.showDefinition(profile, mapping, Progress.NONE))
                .contains("\"path\" : \"" + base + "/shareSubscriptions/fl-in/dataSetMappings/training-map?api-version=2021-08-01\"")
                .contains("\"containerName\" : \"landing\"");
    }

    @Test
    void dropOfAnUnmanagedDatasetIsADeleteOfItsArmIdRunOnlyWhenAllowed(@TempDir Path home) throws Exception {
        start(home);
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 2);
        String id = accountId("fl-rg", "account-001") + "/shares/share-001/dataSets/dataset-001";
        LiveNode dataset = child(kit.children(kit.walk("fl-rg", "account-001", "share-001")), "dataset-001");

        Workbench.DropPlan drop = wb.planDrop(profile, dataset, Progress.NONE);
        assertThat(drop.stack()).isNull();
        assertThat(drop.plan().actionable()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.DROP);
            assertThat(c.safety()).isEqualTo(Safety.DESTRUCTIVE);
            assertThat(c.statements()).singleElement().satisfies(st -> assertThat(st.display().toString())
                    .contains("DELETE").contains(id + "?api-version=2021-08-01"));
        });

        assertThat(wb.applyDrop(drop, "dataset-00", Progress.NONE).result().outcome().name()).isEqualTo("REFUSED");
        assertThat(kit.sim.resource(id)).as("refused: nothing was deleted").isNotNull();

        Workbench.ApplyOutcome out = wb.applyDrop(drop, "dataset-001", Progress.NONE);
        assertThat(out.result().succeeded()).as(String.valueOf(out.result().failure())).isTrue();
        assertThat(kit.sim.resource(id)).as("gone from the simulator").isNull();
        assertThat(kit.sim.resource(accountId("fl-rg", "account-001") + "/shares/share-001/dataSets/dataset-002")).isNotNull();
        assertThat(kit.sim.resource(accountId("fl-rg", "account-001") + "/shares/share-001")).as("the parent stays").isNotNull();
    }

    @Test
    void importReferencesTheParentsTheStackManagesAndRefusesWithoutThem(@TempDir Path home) throws Exception {
        start(home);
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        // the stack manages the account under another resource name (account_name)
        String yaml = """
                stack: fl
                resources:
                  - type: datashare.account
                    name: main
                    account_name: account-001
                    resource_group: fl-rg
                    location: westeurope
                    identity: {type: SystemAssigned}
                """;
        Stack s = wb.parseStack("stacks/fl.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            wb.commit(s, yaml, wb.offlinePlan(s), repo, "test stack", "no", null, null);
        }
        LiveNode share = kit.walk("fl-rg", "account-001", "share-001");
        LiveNode dataset = child(kit.children(share), "dataset-001");

        // a dataset into a stack without its share: refused, naming the share; nothing committed
        assertThatThrownBy(() -> wb.importResource(profile, dataset, "fl", Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("datashare.dataset dataset-001 cannot be added to stack fl")
                .hasMessageContaining("share share-001 (datashare.share)").hasMessageContaining("nothing was committed");
        assertThatThrownBy(() -> wb.importResource(profile, share, "elsewhere", Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessage("datashare.share share-001 cannot be added to stack elsewhere: its account account-001"
                        + " (datashare.account) is not managed by that stack (it does not exist yet); add the account to"
                        + " the stack first (Add to a stack… on its node), then this object; nothing was committed");
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("fl").orElseThrow()).isEqualTo(yaml);
            assertThat(repo.readStack("elsewhere")).isEmpty();
        }

        // the share: its account is the stack's "main"
        CommitInfo c = wb.importResource(profile, share, "fl", Progress.NONE);
        assertThat(c.trailers().get("Stack")).isEqualTo("fl");
        String after;
        try (ConfigRepository repo = wb.repository()) {
            after = repo.readStack("fl").orElseThrow();
        }
        assertThat(after).startsWith(yaml).contains("type: datashare.share").contains("name: share-001")
                .contains("account: main").contains("share_kind: CopyBased").contains("description: seeded share");
        // then its dataset
        wb.importResource(profile, dataset, "fl", Progress.NONE);
        try (ConfigRepository repo = wb.repository()) {
            after = repo.readStack("fl").orElseThrow();
        }
        assertThat(after).contains("type: datashare.dataset").contains("share: share-001").contains("container_name: data-001");

        // both now in sync in the tree's drift marks
        try (ProviderSession session = wb.openSession(profile)) {
            Drift drift = wb.drift(profile, session, Progress.NONE);
            assertThat(drift.markOf(share).state()).isEqualTo(Drift.State.IN_SYNC);
            assertThat(drift.markOf(share).stack()).isEqualTo("fl");
            assertThat(drift.markOf(dataset).state()).isEqualTo(Drift.State.IN_SYNC);
        }
    }

    @Test
    void dropOfAManagedDatasetAppliesItsStackWithoutIt(@TempDir Path home) throws Exception {
        start(home);
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 2);
        String yaml = """
                stack: fl
                resources:
                  - type: datashare.account
                    name: account-001
                    resource_group: fl-rg
                    location: westeurope
                    identity: {type: SystemAssigned}
                  - type: datashare.share
                    name: share-001
                    account: account-001
                    share_kind: CopyBased
                    description: seeded share
                  - type: datashare.dataset
                    name: dataset-001
                    share: share-001
                    kind: Container
                    subscription_id: %s
                    resource_group: fl-rg
                    storage_account_name: seedstorage
                    container_name: data-001
                """.formatted(SUBSCRIPTION);
        Stack s = wb.parseStack("stacks/fl.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            wb.commit(s, yaml, wb.offlinePlan(s), repo, "test stack", "no", null, null);
        }
        String id = accountId("fl-rg", "account-001") + "/shares/share-001/dataSets/dataset-001";
        LiveNode dataset = child(kit.children(kit.walk("fl-rg", "account-001", "share-001")), "dataset-001");

        Workbench.DropPlan drop = wb.planDrop(profile, dataset, Progress.NONE);
        assertThat(drop.stack()).isNotNull();
        assertThat(drop.stack().resources()).extracting(r -> r.name()).containsExactly("account-001", "share-001");
        assertThat(drop.plan().actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("DROP dataset-001");
        // the share holds the dataset the stack manages: refused, naming it
        LiveNode share = kit.walk("fl-rg", "account-001", "share-001");
        assertThatThrownBy(() -> wb.planDrop(profile, share, Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("also manages what it holds (datashare.dataset dataset-001)");

        Workbench.ApplyOutcome out = wb.applyDrop(drop, "dataset-001", Progress.NONE);
        assertThat(out.result().succeeded()).as(String.valueOf(out.result().failure())).isTrue();
        assertThat(kit.sim.resource(id)).isNull();
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("fl").orElseThrow()).doesNotContain("dataset-001").contains("share-001");
        }
    }

    @Test
    void theContextFollowsTheArmIdAndNothingElse() {
        DataShareProvider p = new DataShareProvider();
        String ds = RG_PATH + "/accounts/a1/shares/s1/dataSets/d1";
        LiveNode node = new LiveNode(ds, "d1 (Container)", "dataset", true, new dev.mlpc.core.spec.ResourceKey(DataShareTypes.DATASET, "d1"),
                Map.of("resource_group", "storage-rg", "share", "s1"));
        assertThat(p.liveContext(node, dev.mlpc.core.spec.Resource.of(DataShareTypes.DATASET, "d1", Map.of("share", "s1"))))
                .extracting(r -> r.type() + " " + r.name() + " " + r.properties())
                .containsExactly("datashare.account a1 {resource_group=fl-rg}", "datashare.share s1 {account=a1}");
        LiveNode trigger = new LiveNode(RG_PATH + "/accounts/a1/shareSubscriptions/in/triggers/t", "t", "trigger", true,
                new dev.mlpc.core.spec.ResourceKey(DataShareTypes.TRIGGER, "t"), Map.of());
        assertThat(p.liveContext(trigger, dev.mlpc.core.spec.Resource.of(DataShareTypes.TRIGGER, "t", Map.of())))
                .extracting(r -> r.type() + " " + r.name()).containsExactly("datashare.account a1", "datashare.share_subscription in");
        LiveNode account = new LiveNode(RG_PATH + "/accounts/a1", "a1", "datashare_account", false,
                new dev.mlpc.core.spec.ResourceKey(DataShareTypes.ACCOUNT, "a1"), Map.of());
        assertThat(p.liveContext(account, dev.mlpc.core.spec.Resource.of(DataShareTypes.ACCOUNT, "a1", Map.of()))).isEmpty();
        LiveNode folder = new LiveNode("/subscriptions/x#synchronizations", "Synchronizations", "synchronizations", false,
                new dev.mlpc.core.spec.ResourceKey(DataShareTypes.TRIGGER, "t"), Map.of());
        assertThat(p.liveContext(folder, dev.mlpc.core.spec.Resource.of(DataShareTypes.TRIGGER, "t", Map.of()))).isEmpty();
    }
}
