package dev.mlpc.providers.datashare;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareLiveKit.API;
import static dev.mlpc.providers.datashare.DataShareLiveKit.accountId;
import static dev.mlpc.providers.datashare.DataShareLiveKit.child;
import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Data Share live tree against the simulator: both sides level by level (subscription → resource groups →
 * accounts → shares → datasets / invitations with their status / schedules; received invitations; share
 * subscriptions → mappings / triggers / synchronizations), paging, the requests each expansion costs (and none for a
 * node that is not expanded), node kinds, keys and details.
 */
class DataShareTreeTest {
    private DataShareLiveKit kit;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private DataShareLiveKit providerSide() throws ProviderException {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 2, 2, 2);
        kit.invitation("fl-rg", "account-001", "share-001", "hospital-b", "b@hospital.test");
        kit.invitation("fl-rg", "account-001", "share-001", "hospital-c", "c@hospital.test");
        kit.sim.setInvitationStatus("hospital-c", "Rejected");
        kit.schedule("fl-rg", "account-001", "share-001", "daily", "Day");
        kit.sim.resetCounts();
        return kit;
    }

    @Test
    void theProviderSideOpensLevelByLevelAndEachExpansionCostsItsListsOnly() throws Exception {
        providerSide();
        LiveNode sub = kit.subscription();
        assertThat(sub.kind()).isEqualTo("subscription");
        kit.sim.resetCounts();

        List<LiveNode> top = kit.children(sub);
        assertThat(top).extracting(LiveNode::label).containsExactly("fl-rg", "Received invitations");
        assertThat(kit.requests()).containsExactly("GET /subscriptions/" + SUBSCRIPTION + "/resourcegroups");
        LiveNode rg = top.get(0);
        assertThat(rg.kind()).isEqualTo("resource_group");
        assertThat(rg.key()).isEqualTo(new ResourceKey("datashare.resource_group", "fl-rg"));
        assertThat(rg.path()).isEqualTo("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/fl-rg");
        assertThat(top.get(1).kind()).isEqualTo("received_invitations");
        assertThat(top.get(1).path()).isEqualTo("/subscriptions/" + SUBSCRIPTION + "#received_invitations");

        kit.sim.resetCounts();
        List<LiveNode> accounts = kit.children(rg);
        assertThat(accounts).extracting(LiveNode::label).containsExactly("account-001", "account-002");
        assertThat(kit.requests()).containsExactly("GET " + DataShareLiveKit.rgId("fl-rg") + "/providers/Microsoft.DataShare/accounts");
        LiveNode account = accounts.get(0);
        assertThat(account.kind()).isEqualTo("datashare_account");
        assertThat(account.key()).isEqualTo(new ResourceKey("datashare.account", "account-001"));
        assertThat(account.path()).isEqualTo(accountId("fl-rg", "account-001"));
        assertThat(account.details()).containsEntry("resource_group", "fl-rg").containsEntry("location", "westeurope")
                .containsEntry("identity_type", "SystemAssigned").containsKey("principal_id");

        kit.sim.resetCounts();
        List<LiveNode> shares = kit.children(account);
        assertThat(shares).extracting(LiveNode::label).containsExactly("share-001", "share-002");
        assertThat(kit.requests()).containsExactlyInAnyOrder("GET " + accountId("fl-rg", "account-001") + "/shares",
                "GET " + accountId("fl-rg", "account-001") + "/shareSubscriptions");
        LiveNode share = shares.get(0);
        assertThat(share.key()).isEqualTo(new ResourceKey("datashare.share", "share-001"));
        assertThat(share.details()).containsEntry("account", "account-001").containsEntry("resource_group", "fl-rg")
                .containsEntry("share_kind", "CopyBased").containsEntry("description", "seeded share");

        kit.sim.resetCounts();
        List<LiveNode> inShare = kit.children(share);
        assertThat(inShare).extracting(LiveNode::kind, LiveNode::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dataset", "dataset-001 (Container)"),
                org.assertj.core.groups.Tuple.tuple("dataset", "dataset-002 (Container)"),
                org.assertj.core.groups.Tuple.tuple("invitation", "hospital-b → b@hospital.test (Pending)"),
                org.assertj.core.groups.Tuple.tuple("invitation", "hospital-c → c@hospital.test (Rejected)"),
                org.assertj.core.groups.Tuple.tuple("synchronization_setting", "daily (every day from 2026-12-04T02:00:00Z)"));
        String shareId = accountId("fl-rg", "account-001") + "/shares/share-001";
        assertThat(kit.requests()).containsExactlyInAnyOrder("GET " + shareId + "/dataSets", "GET " + shareId + "/invitations",
                "GET " + shareId + "/synchronizationSettings");
        LiveNode dataset = inShare.get(0);
        assertThat(dataset.leaf()).isTrue();
        assertThat(dataset.key()).isEqualTo(new ResourceKey("datashare.dataset", "dataset-001"));
        // a dataset's resource_group and subscription_id are its storage account's, as in the stack
        assertThat(dataset.details()).containsEntry("share", "share-001").containsEntry("kind", "Container")
                .containsEntry("storage_account_name", "seedstorage").containsEntry("container_name", "data-001")
                .containsEntry("resource_group", "fl-rg").containsEntry("subscription_id", SUBSCRIPTION)
                .containsKey("data_set_id");
        LiveNode invitation = inShare.get(2);
        assertThat(invitation.key()).isEqualTo(new ResourceKey("datashare.invitation", "hospital-b"));
        assertThat(invitation.details()).containsEntry("invitation_status", "Pending").containsEntry("target_email", "b@hospital.test")
                .containsKeys("invitation_id", "sent_at");
        assertThat(inShare.get(4).details()).containsEntry("recurrence_interval", "Day").containsEntry("kind", "ScheduleBased");

        // nothing was asked for the nodes that were never expanded
        assertThat(kit.sim.requests()).noneMatch(r -> r.path().contains("account-002") || r.path().contains("share-002"));
        // leaves and unknown kinds have no children and cost nothing
        kit.sim.resetCounts();
        assertThat(kit.children(dataset)).isEmpty();
        assertThat(kit.children(invitation)).isEmpty();
        assertThat(kit.sim.requestCount()).isZero();
        // no bearer token in any detail
        assertThat(inShare.stream().flatMap(n -> n.details().values().stream()).map(String::valueOf))
                .noneMatch(v -> v.contains(DataShareLiveKit.TOKEN));
    }

    @Test
    void everyListFollowsNextLink() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "paged-rg", 5, 7, 3);
        kit.sim.pageSize(2);
        LiveNode rg = child(kit.children(kit.subscription()), "paged-rg");
        kit.sim.resetCounts();
        List<LiveNode> accounts = kit.children(rg);
        assertThat(accounts).extracting(LiveNode::label)
                .containsExactly("account-001", "account-002", "account-003", "account-004", "account-005");
        assertThat(kit.sim.requestCount()).as("3 pages of 2").isEqualTo(3);
        kit.sim.resetCounts();
        List<LiveNode> shares = kit.children(accounts.get(4));
        assertThat(shares).hasSize(7);
        assertThat(kit.sim.requestCount()).as("4 pages of shares, 1 (empty) of share subscriptions").isEqualTo(5);
        assertThat(kit.sim.requests()).filteredOn(r -> r.path().endsWith("/shares") && r.query().contains("$skipToken="))
                .hasSize(3);
        assertThat(kit.children(shares.get(6))).extracting(LiveNode::label)
                .containsExactly("dataset-001 (Container)", "dataset-002 (Container)", "dataset-003 (Container)");
    }

    @Test
    void receivedInvitationsShowEveryStatusAndAWithdrawnOneClearly() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.consumerEmail("consumer@mlpc.test");
        kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        kit.sim.seedReceivedInvitation("bob@hospital-b.test", "scans", "westeurope");
        kit.sim.setInvitationStatus("invitation-2", "Withdrawn");
        LiveNode folder = child(kit.children(kit.subscription()), "Received invitations");
        kit.sim.resetCounts();
        List<LiveNode> received = kit.children(folder);
        assertThat(kit.requests()).containsExactly("GET /providers/Microsoft.DataShare/listInvitations");
        assertThat(received).extracting(LiveNode::label).containsExactlyInAnyOrder(
                "training-data from alice@hospital-a.test (Pending)", "scans from bob@hospital-b.test (Withdrawn)");
        LiveNode withdrawn = received.stream().filter(n -> n.label().startsWith("scans")).findFirst().orElseThrow();
        assertThat(withdrawn.kind()).isEqualTo("received_invitation");
        assertThat(withdrawn.key()).as("not a stack resource").isNull();
        assertThat(withdrawn.leaf()).isTrue();
        assertThat(withdrawn.details()).containsEntry("invitation_status", "Withdrawn").containsEntry("share_name", "scans")
                .containsEntry("provider_email", "bob@hospital-b.test").containsEntry("location", "westeurope")
                .containsKeys("invitation_id", "data_set_count");
    }

    @Test
    void theConsumerSideShowsMappingsTriggersAndTheSynchronizationHistoryOnlyWhenExpanded() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        String subId = kit.consumer("consumer-rg", "consumer-acct", "fl-in", invitationId);
        kit.sim.resetCounts();

        LiveNode account = kit.walk("consumer-rg", "consumer-acct");
        List<LiveNode> inAccount = kit.children(account);
        LiveNode in = child(inAccount, "fl-in");
        assertThat(in.label()).isEqualTo("fl-in (subscription to training-data)");
        assertThat(in.kind()).isEqualTo("share_subscription");
        assertThat(in.key()).isEqualTo(new ResourceKey("datashare.share_subscription", "fl-in"));
        assertThat(in.details()).containsEntry("share_subscription_status", "Active").containsEntry("invitation_id", invitationId)
                .containsEntry("source_share_location", "westeurope").containsEntry("provider_email", "alice@hospital-a.test")
                .containsEntry("account", "consumer-acct");

        kit.sim.resetCounts();
        List<LiveNode> inSub = kit.children(in);
        assertThat(inSub).extracting(LiveNode::kind).containsExactly("dataset_mapping", "trigger", "synchronizations");
        assertThat(kit.requests()).containsExactlyInAnyOrder("GET " + subId + "/dataSetMappings", "GET " + subId + "/triggers");
        assertThat(inSub.get(0).label()).isEqualTo("training-map → consumerstore/landing");
        assertThat(inSub.get(0).key()).isEqualTo(new ResourceKey("datashare.dataset_mapping", "training-map"));
        assertThat(inSub.get(0).details()).containsEntry("share_subscription", "fl-in").containsEntry("kind", "Container")
                .containsEntry("resource_group", "consumer-rg").containsEntry("data_set_mapping_status", "Ok");
        assertThat(inSub.get(1).label()).isEqualTo("nightly (every day from 2026-12-04T01:00:00Z, Active)");
        assertThat(inSub.get(1).key()).isEqualTo(new ResourceKey("datashare.trigger", "nightly"));
        LiveNode history = inSub.get(2);
        assertThat(history.path()).isEqualTo(subId + "#synchronizations");
        assertThat(history.leaf()).isFalse();

        // three synchronizations: one succeeded, one failed, one still running; newest first, files copied, the error
        kit.sim.lroPolls(1);
        kit.create("POST", subId + "/synchronize" + API, Map.of("synchronizationMode", "FullSync"));
        kit.sim.failSynchronization("fl-in", "The source container 'training' was deleted.");
        ArmClient.ArmResponse failed = kit.arm.send("POST", subId + "/synchronize" + API, Map.of("synchronizationMode", "Incremental"));
        ArmClient.Operation op = kit.arm.startOperation(failed, "sync", java.time.Duration.ofMillis(5));
        assertThat(kit.arm.pollOnce(op).failed()).isTrue();
        kit.sim.lroPolls(50);
        kit.arm.send("POST", subId + "/synchronize" + API, Map.of("synchronizationMode", "Incremental"));
        kit.sim.resetCounts();
        List<LiveNode> syncs = kit.children(history);
        assertThat(syncs).hasSize(3);
        assertThat(syncs).allMatch(n -> n.kind().equals("synchronization") && n.leaf() && n.key() == null);
        assertThat(syncs.get(0).details()).as("running: Accepted until its operation is first polled")
                .containsEntry("status", "Accepted").containsEntry("synchronization_mode", "Incremental");
        assertThat(syncs.get(1).details()).containsEntry("status", "Failed")
                .containsEntry("error", "The source container 'training' was deleted.").containsEntry("files_copied", 0L);
        assertThat(syncs.get(1).label()).contains("Failed").endsWith(": The source container 'training' was deleted.");
        assertThat(syncs.get(2).details()).containsEntry("status", "Succeeded").containsEntry("synchronization_mode", "FullSync")
                .containsEntry("files_copied", 11L).containsKeys("start_time", "end_time", "duration", "synchronization_id");
        assertThat(syncs.get(2).label()).contains("Succeeded (FullSync, 11 files");
        assertThat(syncs.get(2).path()).startsWith(subId + "#synchronizations/");
        // one list, then one details list per synchronization (three, fewer than the limit)
        assertThat(kit.requests()).containsExactly("POST " + subId + "/listSynchronizations",
                "POST " + subId + "/listSynchronizationDetails", "POST " + subId + "/listSynchronizationDetails",
                "POST " + subId + "/listSynchronizationDetails");
    }

    @Test
    void theFileCountsAreAskedForTheNewestSynchronizationsOnly() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        String subId = kit.consumer("consumer-rg", "consumer-acct", "fl-in", invitationId);
        kit.sim.lroPolls(0);
        int n = DataShareTree.DETAILED_SYNCHRONIZATIONS + 3;
        for (int i = 0; i < n; i++) kit.create("POST", subId + "/synchronize" + API, Map.of("synchronizationMode", "Incremental"));
        kit.sim.pageSize(5);
        LiveNode history = child(kit.children(kit.walk("consumer-rg", "consumer-acct", "fl-in")), "Synchronizations");
        kit.sim.resetCounts();
        List<LiveNode> syncs = kit.children(history);
        assertThat(syncs).hasSize(n);
        assertThat(syncs.subList(0, DataShareTree.DETAILED_SYNCHRONIZATIONS)).allMatch(s -> s.details().containsKey("files_copied"));
        assertThat(syncs.subList(DataShareTree.DETAILED_SYNCHRONIZATIONS, n)).noneMatch(s -> s.details().containsKey("files_copied"));
        long lists = kit.sim.requests().stream().filter(r -> r.path().endsWith("/listSynchronizations")).count();
        long details = kit.sim.requests().stream().filter(r -> r.path().endsWith("/listSynchronizationDetails")).count();
        assertThat(lists).as("3 pages of 5").isEqualTo(3);
        assertThat(details).isEqualTo(DataShareTree.DETAILED_SYNCHRONIZATIONS);
        // newest first
        List<String> starts = syncs.stream().map(s -> String.valueOf(s.details().get("start_time"))).toList();
        assertThat(starts).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void aConnectionLimitedToAResourceGroupShowsThatGroupOnly() throws Exception {
        DataShareLiveKit all = new DataShareLiveKit();
        all.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        all.sim.seedAccounts(SUBSCRIPTION, "other-rg", 1, 1, 1);
        kit = new DataShareLiveKit(all.sim, "fl-rg");
        all.sim.resetCounts();
        List<LiveNode> top = kit.children(kit.subscription());
        assertThat(top).extracting(LiveNode::label).containsExactly("fl-rg", "Received invitations");
        assertThat(kit.requests()).as("the session's connection test, then the group").containsExactly(
                "GET " + DataShareLiveKit.rgId("fl-rg") + "/providers/Microsoft.DataShare/accounts",
                "GET " + DataShareLiveKit.rgId("fl-rg"));

        DataShareLiveKit gone = new DataShareLiveKit(all.sim, "no-such-rg");
        assertThatThrownBy(() -> gone.children(new LiveNode("/subscriptions/" + SUBSCRIPTION, "subscription", "subscription",
                false, null, Map.of())))
                .isInstanceOf(ProviderException.class)
                .hasMessage("connection 'fl-azure': resource group no-such-rg (the connection's resource_group) does not exist in"
                        + " subscription " + SUBSCRIPTION);
    }
}
