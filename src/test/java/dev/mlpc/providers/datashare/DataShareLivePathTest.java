package dev.mlpc.providers.datashare;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DataShareProvider#livePath} against the tree the simulator gives: every keyed node of both sides (accounts,
 * shares, datasets, invitations, synchronization settings, share subscriptions, mappings, triggers) is found again from
 * its key and containers, in Azure's case and in lower case (as the lineage graph writes ARM names).
 */
class DataShareLivePathTest {
    private DataShareLiveKit kit;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private static String after(String armId, String collection) {
        String[] s = armId.split("/");
        for (int i = 0; i + 1 < s.length; i++) if (s[i].equalsIgnoreCase(collection)) return s[i + 1];
        return null;
    }

    @Test
    void everyKeyedNodeOfBothSidesIsFoundFromItsKeyAndContainers() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "FL-Rg", 1, 1, 2);
        kit.invitation("FL-Rg", "account-001", "share-001", "Hospital-B", "b@hospital.test");
        kit.schedule("FL-Rg", "account-001", "share-001", "Daily", "Day");
        kit.sim.consumerEmail("consumer@mlpc.test");
        String invitationId = kit.sim.seedReceivedInvitation("alice@hospital-a.test", "training-data", "westeurope");
        kit.consumer("Consumer-RG", "Consumer-Acct", "FL-In", invitationId);

        List<LiveNode> keyed = new ArrayList<>();
        List<LiveNode> todo = new ArrayList<>(kit.children(kit.subscription()));
        while (!todo.isEmpty()) {
            LiveNode n = todo.remove(0);
            if (n.key() != null) keyed.add(n);
            if (!n.leaf() && !n.kind().equals(DataShareTree.SYNCHRONIZATIONS)) todo.addAll(kit.children(n));
        }
        Set<String> types = new TreeSet<>();
        keyed.forEach(n -> types.add(n.key().type()));
        assertThat(types).contains(DataShareTypes.RESOURCE_GROUP, DataShareTypes.ACCOUNT, DataShareTypes.SHARE,
                DataShareTypes.DATASET, DataShareTypes.INVITATION, DataShareTypes.SYNCHRONIZATION_SETTING,
                DataShareTypes.SHARE_SUBSCRIPTION, DataShareTypes.DATASET_MAPPING, DataShareTypes.TRIGGER);

        DataShareProvider provider = new DataShareProvider();
        ConnectionProfile profile = new ConnectionProfile("fl-azure", "datashare", Map.of("subscription_id", SUBSCRIPTION));
        assertThat(provider.livePathsIgnoreCase()).isTrue();
        for (LiveNode n : keyed) {
            // the containers as the tree's details name them; the resource group from the id (a dataset's and a
            // mapping's resource_group detail is their storage account's)
            Map<String, String> c = new LinkedHashMap<>();
            c.put("resource_group", after(n.path(), "resourceGroups"));
            for (String k : List.of("account", "share", "share_subscription")) {
                if (n.details().get(k) instanceof String v) c.put(k, v);
            }
            assertThat(provider.livePath(profile, n.key().type(), n.key().name(), c)).as(n.path()).isEqualTo(n.path());
            Map<String, String> lower = new LinkedHashMap<>();
            c.forEach((k, v) -> lower.put(k, v.toLowerCase(Locale.ROOT)));
            assertThat(provider.livePath(profile, n.key().type(), n.key().name().toLowerCase(Locale.ROOT), lower))
                    .as(n.path()).isEqualToIgnoringCase(n.path()).isNotEqualTo(n.path());
        }
        // the connection's resource group stands in for a missing one; without a subscription there is no id
        ConnectionProfile limited = new ConnectionProfile("fl-azure", "datashare",
                Map.of("subscription_id", SUBSCRIPTION, "resource_group", "FL-Rg"));
        assertThat(provider.livePath(limited, DataShareTypes.SHARE, "share-001", Map.of("account", "account-001")))
                .isEqualTo(DataShareLiveKit.accountId("FL-Rg", "account-001") + "/shares/share-001");
        assertThat(provider.livePath(new ConnectionProfile("x", "datashare", Map.of()), DataShareTypes.ACCOUNT, "a",
                Map.of("resource_group", "rg"))).isNull();
        assertThat(provider.livePath(profile, DataShareTypes.DATASET, "d", Map.of("resource_group", "rg", "account", "a")))
                .as("no share").isNull();
    }
}
