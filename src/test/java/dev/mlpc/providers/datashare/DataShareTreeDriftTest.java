package dev.mlpc.providers.datashare;

import dev.mlpc.app.Drift;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mlpc.providers.datashare.DataShareLiveKit.child;
import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift marks on the Data Share tree, as the console computes them ({@link Drift#compute} on the tree's session, then
 * {@link Drift#markOf} per node): in sync, differs (with the property), unmanaged, missing; objects of the same name in
 * another account or share are not taken for the managed ones (containers are followed through the stack: a dataset
 * names its share, the share its account, the account its resource group), and objects named apart from their
 * resource ({@code account_name}, {@code share_name}) are matched by their ARM names.
 */
class DataShareTreeDriftTest {
    private DataShareLiveKit kit;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private static String stackYaml() {
        return """
                stack: fl-provider
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
                  - type: datashare.invitation
                    name: hospital-b
                    share: share-001
                    target_email: b@hospital.test
                  - type: datashare.share
                    name: share-new
                    account: account-001
                    share_kind: CopyBased
                  - type: datashare.account
                    name: second
                    account_name: account-002
                    resource_group: fl-rg
                    location: westeurope
                    identity: {type: SystemAssigned}
                  - type: datashare.share
                    name: second-share
                    share_name: share-001
                    account: second
                    share_kind: CopyBased
                    description: seeded share
                """.formatted(SUBSCRIPTION);
    }

    @Test
    void showDefinitionOfAnAccountNodeAndBelowIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        dev.mlpc.app.Workbench wb = new dev.mlpc.app.Workbench(new dev.mlpc.app.AppHome(home),
                new ProviderRegistry(List.of(DataShareLiveKit.provider(kit.sim))), java.util.Map.of(), java.time.Duration.ofSeconds(20));
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("subscription_id", SUBSCRIPTION);
        settings.put("cloud", "custom");
        settings.put("resource_manager_endpoint", kit.sim.endpoint().toString());
        settings.put("authority_host", "https://127.0.0.1:9/");
        dev.mlpc.core.provider.ConnectionProfile profile = new dev.mlpc.core.provider.ConnectionProfile("fl-azure", "datashare", settings);
        LiveNode account = kit.walk("fl-rg", "account-001");
        assertThat(wb.notAResource(profile, account)).isNull();
        assertThat(wb.showDefinition(profile, account, Progress.NONE)).contains("\"method\" : \"PUT\"")
                .contains("/accounts/account-001?api-version=2021-08-01");
        // below the account, the read locates the object through the parents in its ARM id (DataShareTreeActionsTest)
        LiveNode share = child(kit.children(account), "share-001");
        assertThat(wb.showDefinition(profile, share, Progress.NONE))
                .contains("/accounts/account-001/shares/share-001?api-version=2021-08-01");
    }

    @Test
    void marksFollowTheStackAndDoNotConfuseObjectsOfTheSameNameElsewhere() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 2, 2, 2);
        kit.invitation("fl-rg", "account-001", "share-001", "hospital-b", "b@hospital.test");
        DataShareProvider provider = new DataShareProvider();
        ProviderRegistry registry = DsKit.registry(provider);
        Stack stack = DsKit.parse(registry, stackYaml());

        Drift drift = Drift.compute("fl-azure", provider, registry, List.of(stack), kit.session, Progress.NONE);
        List<LiveNode> accounts = kit.children(kit.walk("fl-rg"));
        LiveNode a1 = child(accounts, "account-001");
        LiveNode a2 = child(accounts, "account-002");
        assertThat(drift.markOf(a1).state()).isEqualTo(Drift.State.IN_SYNC);
        assertThat(drift.markOf(a1).stack()).isEqualTo("fl-provider");
        // account-002 is the stack's "second" (account_name), matched by its ARM name
        assertThat(drift.markOf(a2).state()).isEqualTo(Drift.State.IN_SYNC);
        assertThat(drift.markOf(a2).resource().name()).isEqualTo("second");
        assertThat(drift.markOf(kit.walk())).as("the subscription node is no resource").isNull();

        List<LiveNode> shares1 = kit.children(a1);
        assertThat(drift.markOf(child(shares1, "share-001")).state()).isEqualTo(Drift.State.IN_SYNC);
        assertThat(drift.markOf(child(shares1, "share-002")).state()).isEqualTo(Drift.State.UNMANAGED);
        // account-002 has a share-001 too: the stack's second-share (share_name), not share-001; its dataset-001 is
        // not the stack's dataset-001 (that one is in account-001's share-001)
        List<LiveNode> shares2 = kit.children(a2);
        LiveNode otherShare = child(shares2, "share-001");
        assertThat(drift.markOf(otherShare).state()).isEqualTo(Drift.State.IN_SYNC);
        assertThat(drift.markOf(otherShare).resource().name()).isEqualTo("second-share");
        assertThat(drift.markOf(child(shares1, "share-001")).resource().name()).isEqualTo("share-001");
        assertThat(drift.markOf(child(shares2, "share-002")).state()).isEqualTo(Drift.State.UNMANAGED);
        assertThat(drift.markOf(child(kit.children(otherShare), "dataset-001")).state()).isEqualTo(Drift.State.UNMANAGED);

        List<LiveNode> inShare = kit.children(child(shares1, "share-001"));
        assertThat(drift.markOf(child(inShare, "dataset-001")).state()).isEqualTo(Drift.State.IN_SYNC);
        assertThat(drift.markOf(child(inShare, "dataset-002")).state()).isEqualTo(Drift.State.UNMANAGED);
        assertThat(drift.markOf(child(inShare, "hospital-b")).state()).isEqualTo(Drift.State.IN_SYNC);
        // the share the stack declares but Azure does not have: missing (in the connection's Missing folder)
        assertThat(drift.missing()).extracting(m -> m.resource().type() + " " + m.resource().name() + " " + m.parentPath())
                .containsExactly("datashare.share share-new null");

        // a change behind mlpc's back: the share's description
        kit.sim.tamper(DataShareLiveKit.accountId("fl-rg", "account-001") + "/shares/share-001",
                doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("properties")).put("description", "edited in the portal"));
        Drift after = Drift.compute("fl-azure", provider, registry, List.of(stack), kit.session, Progress.NONE);
        Drift.Mark m = after.markOf(child(kit.children(a1), "share-001"));
        assertThat(m.state()).isEqualTo(Drift.State.DIFFERS);
        assertThat(m.properties()).containsExactly("description");
        assertThat(after.markOf(child(inShare, "dataset-001")).state()).isEqualTo(Drift.State.IN_SYNC);
    }
}
