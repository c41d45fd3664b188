package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists the data share invitations a tenant received, through the provider session's live tree: the
 * {@code received_invitations} folder (at the top, or under a {@code subscription} node) and its
 * {@code received_invitation} children, which the provider reads from the tenant-level
 * {@code GET /providers/Microsoft.DataShare/listInvitations}. Only the subscription nodes and that folder are
 * expanded, so no resource group, account or share is read for it. Runs on a background thread; never the FX thread.
 */
public final class ReceivedInvitations {
    public static final String FOLDER_KIND = "received_invitations";
    public static final String INVITATION_KIND = "received_invitation";
    public static final String SUBSCRIPTION_KIND = "subscription";

    private ReceivedInvitations() { }

    /** Opens a session on the profile, lists the received invitations and closes it. */
    public static List<ReceivedInvitation> list(Workbench wb, ConnectionProfile profile, Progress progress) throws ProviderException {
        try (ProviderSession s = wb.openSession(profile)) {
            return list(s, progress);
        }
    }

    /**
     * The received invitations the session's tree shows, in its order (duplicates by id dropped when several
     * subscriptions show the same tenant-level list).
     *
     * @throws ProviderException when the tree has no received-invitations folder, or the provider fails (its message)
     */
    public static List<ReceivedInvitation> list(ProviderSession s, Progress progress) throws ProviderException {
        progress.status("Reading the received invitations…");
        List<LiveNode> folders = new ArrayList<>();
        List<LiveNode> top = s.children(null, progress);
        for (LiveNode n : top) if (FOLDER_KIND.equals(n.kind())) folders.add(n);
        if (folders.isEmpty()) {
            for (LiveNode n : top) {
                if (!SUBSCRIPTION_KIND.equals(n.kind())) continue;
                progress.checkCancelled();
                for (LiveNode c : s.children(n, progress)) if (FOLDER_KIND.equals(c.kind())) folders.add(c);
                if (!folders.isEmpty()) break;      // the list is tenant-level: one folder says it all
            }
        }
        if (folders.isEmpty()) {
            throw new ProviderException("the connection's tree has no received-invitations folder, so the invitations"
                    + " cannot be listed here; type the invitation id and location instead");
        }
        List<ReceivedInvitation> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LiveNode f : folders) {
            progress.checkCancelled();
            for (LiveNode n : s.children(f, progress)) {
                if (!INVITATION_KIND.equals(n.kind())) continue;
                ReceivedInvitation r = ReceivedInvitation.fromNode(n);
                if (r != null && seen.add(r.invitationId().toLowerCase(java.util.Locale.ROOT))) out.add(r);
            }
        }
        progress.status(out.size() + " received invitation" + (out.size() == 1 ? "" : "s"));
        return out;
    }
}
