package dev.mlpc.providers.datashare;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mlpc.providers.datashare.DataShareLiveKit.accountId;
import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-connection search of a Data Share connection against the simulator: the ARM lists it costs (resource groups,
 * accounts, shares and share subscriptions per account, bounded), the hits as the tree's own nodes.
 */
class DataShareSearchTest {
    private DataShareLiveKit kit;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    @Test
    void searchFindsGroupsAccountsSharesAndShareSubscriptionsWithTheListsOnly() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 2, 2, 1);
        kit.sim.seedAccounts(SUBSCRIPTION, "share-rg", 1, 1, 1);
        kit.sim.resetCounts();
        assertThat(kit.session.canSearch()).isTrue();

        List<LiveNode> hits = kit.session.search("SHARE-00", 50, Progress.NONE);
        assertThat(hits).extracting(LiveNode::kind).containsOnly("share");
        assertThat(hits).extracting(LiveNode::path).containsExactly(
                accountId("fl-rg", "account-001") + "/shares/share-001", accountId("fl-rg", "account-001") + "/shares/share-002",
                accountId("fl-rg", "account-002") + "/shares/share-001", accountId("fl-rg", "account-002") + "/shares/share-002",
                accountId("share-rg", "account-001") + "/shares/share-001");
        assertThat(hits.get(0).key()).isEqualTo(new ResourceKey("datashare.share", "share-001"));
        assertThat(hits.get(0).details()).containsEntry("account", "account-001").containsEntry("resource_group", "fl-rg");
        // one list of groups, one of accounts, then shares and share subscriptions of each of the three accounts
        assertThat(kit.requests()).hasSize(2 + 3 * 2).contains("GET /subscriptions/" + SUBSCRIPTION + "/resourcegroups",
                "GET /subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.DataShare/accounts",
                "GET " + accountId("share-rg", "account-001") + "/shareSubscriptions");

        List<LiveNode> groups = kit.session.search("share", 50, Progress.NONE);
        assertThat(groups.get(0).path()).isEqualTo(DataShareLiveKit.rgId("share-rg"));
        assertThat(groups.get(0).kind()).isEqualTo("resource_group");
        assertThat(kit.session.search("account-002", 50, Progress.NONE)).extracting(LiveNode::path)
                .containsExactly(accountId("fl-rg", "account-002"));
        assertThat(kit.session.search("share", 2, Progress.NONE)).hasSize(2);
        assertThat(kit.session.search("nothing", 50, Progress.NONE)).isEmpty();
    }

    @Test
    void aConnectionLimitedToAGroupSearchesThatGroupOnly() throws Exception {
        kit = new DataShareLiveKit("fl-rg");
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        kit.sim.seedAccounts(SUBSCRIPTION, "other-rg", 1, 1, 1);
        kit.sim.resetCounts();
        List<LiveNode> hits = kit.session.search("-rg", 50, Progress.NONE);
        assertThat(hits).extracting(LiveNode::path).containsExactly(DataShareLiveKit.rgId("fl-rg"));
        assertThat(kit.session.search("share-001", 50, Progress.NONE)).extracting(LiveNode::path)
                .containsExactly(accountId("fl-rg", "account-001") + "/shares/share-001");
        assertThat(kit.requests()).noneMatch(r -> r.contains("other-rg"));
    }

    /**
     * Issue 14 (weak spots): more than 20 accounts, listed over several pages (nextLink): every account's shares are
     * searched, with progress per account; a cancel returns the hits found so far and says how far it got.
     */
    @Test
    void searchCoversEveryAccountAcrossPagesWithProgressAndStopsWhenCancelled() throws Exception {
        kit = new DataShareLiveKit();
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 27, 1, 0);
        kit.sim.pageSize(10);
        kit.sim.resetCounts();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        Progress counting = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long d, long t) {
                done.set(d);
                total.set(t);
            }
            @Override public boolean cancelled() { return false; }
        };
        List<LiveNode> hits = kit.session.search("share-001", 100, counting);
        assertThat(hits).hasSize(27).extracting(LiveNode::path).contains(accountId("fl-rg", "account-027") + "/shares/share-001");
        assertThat(total.get()).isEqualTo(27);
        assertThat(done.get()).isEqualTo(27);
        // the accounts came in three pages, each followed through its nextLink
        assertThat(kit.requests()).filteredOn(r -> r.endsWith("/providers/Microsoft.DataShare/accounts")).hasSize(3);

        // cancelled once 5 accounts were searched: the hits so far, and the last status says where it stopped
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> status = new java.util.concurrent.atomic.AtomicReference<>();
        Progress cancelling = new Progress() {
            @Override public void status(String message) { status.set(message); }
            @Override public void worked(long d, long t) { seen.set(d); }
            @Override public boolean cancelled() { return seen.get() >= 5; }
        };
        List<LiveNode> partial = kit.session.search("share-001", 100, cancelling);
        assertThat(partial.size()).isBetween(5, 26);
        assertThat(status.get()).matches("search stopped after \\d+ of 27 accounts");
    }
}
