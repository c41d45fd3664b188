package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listing received invitations through a session's live tree: only the subscription node and the received-invitations
 * folder are expanded, the nodes' details become {@link ReceivedInvitation}s, and a tree without the folder says so.
 */
class ReceivedInvitationsTest {
    private static final String SUB_PATH = "/subscriptions/00000000-0000-0000-0000-000000000000";
    private static final String FOLDER_PATH = SUB_PATH + "/providers/Microsoft.DataShare/listInvitations#folder";

    /** A session whose tree is given as a map from a parent's path ("" for the top) to its children. */
    private static final class TreeSession implements ProviderSession {
        final Map<String, List<LiveNode>> tree;
        final List<String> expanded = new ArrayList<>();

        TreeSession(Map<String, List<LiveNode>> tree) { this.tree = tree; }

        @Override
        public List<LiveNode> children(LiveNode parent, Progress progress) {
            String p = parent == null ? "" : parent.path();
            expanded.add(p);
            return tree.getOrDefault(p, List.of());
        }

        @Override public Inventory read(Collection<Resource> managed, Progress progress) { throw new UnsupportedOperationException(); }
        @Override public ApplyResult apply(Plan plan, Progress progress) { throw new UnsupportedOperationException(); }
        @Override public void close() { }
    }

    private static LiveNode node(String path, String label, String kind, Map<String, Object> details) {
        return new LiveNode(path, label, kind, false, null, details);
    }

    @Test
    void theFolderUnderTheSubscriptionIsReadAndNothingElseIsExpanded() throws Exception {
        LiveNode sub = node(SUB_PATH, "subscription", "subscription", Map.of());
        LiveNode rg = node(SUB_PATH + "/resourceGroups/rg", "rg", "resource_group", Map.of());
        LiveNode folder = node(FOLDER_PATH, "Received invitations", "received_invitations", Map.of());
        LiveNode snake = node(FOLDER_PATH + "/33333333-3333-3333-3333-333333333333", "fl-training", "received_invitation",
                Map.of("invitation_id", "33333333-3333-3333-3333-333333333333", "share_name", "fl-training",
                        "provider_name", "Dana Provider", "provider_email", "provider@example.com",
                        "provider_tenant_name", "Contoso Research", "location", "eastus",
                        "expiration_date", "2027-01-31T00:00:00Z", "data_set_count", 2, "terms", "Terms",
                        "invitation_status", "Pending"));
        LiveNode camel = node("/providers/Microsoft.DataShare/consumerInvitations/55555555-5555-5555-5555-555555555555",
                "other", "received_invitation", Map.of("shareName", "other-share", "providerEmail", "x@example.org",
                        "location", "westeurope", "invitationStatus", "Withdrawn"));
        LiveNode duplicate = node(FOLDER_PATH + "/again", "fl-training", "received_invitation",
                Map.of("invitationId", "33333333-3333-3333-3333-333333333333"));
        TreeSession s = new TreeSession(Map.of("", List.of(sub), SUB_PATH, List.of(rg, folder),
                FOLDER_PATH, List.of(snake, camel, duplicate)));

        List<ReceivedInvitation> found = ReceivedInvitations.list(s, Progress.NONE);

        assertThat(s.expanded).containsExactly("", SUB_PATH, FOLDER_PATH);
        assertThat(found).hasSize(2);
        ReceivedInvitation a = found.get(0);
        assertThat(a).isEqualTo(new ReceivedInvitation("33333333-3333-3333-3333-333333333333", "fl-training",
                "Dana Provider", "provider@example.com", "Contoso Research", "eastus", "2027-01-31T00:00:00Z", 2, "Terms", "Pending"));
        assertThat(a.sender()).isEqualTo("Dana Provider <provider@example.com> (Contoso Research)");
        assertThat(a.describe()).isEqualTo("fl-training from Dana Provider <provider@example.com> (Contoso Research),"
                + " eastus, expires 2027-01-31T00:00:00Z, 2 datasets");
        ReceivedInvitation b = found.get(1);
        assertThat(b.invitationId()).as("from the path's last segment").isEqualTo("55555555-5555-5555-5555-555555555555");
        assertThat(b.shareName()).isEqualTo("other-share");
        assertThat(b.dataSetCount()).isEqualTo(-1);
        assertThat(b.pending()).isFalse();
        assertThat(a.pending()).isTrue();
        assertThat(b.describe()).isEqualTo("other-share from x@example.org, westeurope, no expiration (Withdrawn)");
    }

    @Test
    void aFolderAtTheTopIsReadDirectly() throws Exception {
        LiveNode folder = node("received", "Received invitations", "received_invitations", Map.of());
        LiveNode sub = node(SUB_PATH, "subscription", "subscription", Map.of());
        TreeSession s = new TreeSession(Map.of("", List.of(sub, folder), "received", List.of(
                node("received/1", "s", "received_invitation", Map.of("invitation_id", "77777777-7777-7777-7777-777777777777",
                        "share_name", "s")))));
        assertThat(ReceivedInvitations.list(s, Progress.NONE)).extracting(ReceivedInvitation::shareName).containsExactly("s");
        assertThat(s.expanded).containsExactly("", "received");
    }

    @Test
    void aTreeWithoutTheFolderSaysToTypeTheInvitation() {
        TreeSession s = new TreeSession(Map.of("", List.of(node(SUB_PATH, "subscription", "subscription", Map.of()))));
        assertThatThrownBy(() -> ReceivedInvitations.list(s, Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("no received-invitations folder").hasMessageContaining("type the invitation id");
    }
}
