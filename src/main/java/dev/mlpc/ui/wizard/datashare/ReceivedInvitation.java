package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.core.provider.LiveNode;

import java.util.Map;

/**
 * A data share invitation this tenant received (the tenant-level {@code listInvitations} of Microsoft.DataShare), as
 * the accept wizard lists it: enough to choose it and to accept it. What the invitation does not say (the names and
 * ids of the share's datasets) is only known once it is accepted.
 *
 * @param invitationId the invitation's id (a GUID), what a share subscription's {@code invitation_id} takes
 * @param shareName    the provider's share
 * @param providerName who sent it (a person's name), may be empty
 * @param providerEmail the sender's email, may be empty
 * @param providerTenant the sender's organisation (tenant name), may be empty
 * @param location     the Azure region of the provider's share ({@code source_share_location})
 * @param expiration   when the invitation expires (ISO-8601), may be empty
 * @param dataSetCount how many datasets the share holds, or -1 when not said
 * @param terms        the share's terms of use, may be empty
 * @param status       Pending, Accepted, Rejected, Withdrawn…; empty when not said
 */
public record ReceivedInvitation(String invitationId, String shareName, String providerName, String providerEmail,
                                 String providerTenant, String location, String expiration, int dataSetCount, String terms,
                                 String status) {

    /** True when the invitation can still be accepted: Pending, or no status given. */
    public boolean pending() { return status.isEmpty() || status.equalsIgnoreCase("Pending"); }

    /** The sender as one line: name, email and organisation where known. */
    public String sender() {
        StringBuilder b = new StringBuilder();
        if (!providerName.isEmpty()) b.append(providerName);
        if (!providerEmail.isEmpty()) b.append(b.isEmpty() ? providerEmail : " <" + providerEmail + ">");
        if (!providerTenant.isEmpty()) b.append(b.isEmpty() ? providerTenant : " (" + providerTenant + ")");
        return b.isEmpty() ? "(sender not given)" : b.toString();
    }

    /** One line for a list: share, sender, location, expiration. */
    public String describe() {
        return shareName + " from " + sender() + ", " + (location.isEmpty() ? "location not given" : location)
                + (expiration.isEmpty() ? ", no expiration" : ", expires " + expiration)
                + (dataSetCount >= 0 ? ", " + dataSetCount + " dataset" + (dataSetCount == 1 ? "" : "s") : "")
                + (pending() ? "" : " (" + status + ")");
    }

    @Override
    public String toString() { return describe(); }

    /**
     * Reads a {@code received_invitation} node of the live tree. Its details carry the REST properties of a consumer
     * invitation (snake_case; camelCase also read); the id falls back to the node path's last segment.
     *
     * @return null when the node holds no invitation id
     */
    public static ReceivedInvitation fromNode(LiveNode node) {
        Map<String, Object> d = node.details();
        String id = text(d, "invitation_id", "invitationId");
        if (id.isEmpty()) {
            String p = node.path();
            int slash = p.lastIndexOf('/');
            String last = slash < 0 ? p : p.substring(slash + 1);
            if (last.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) id = last;
        }
        if (id.isEmpty()) return null;
        String share = text(d, "share_name", "shareName");
        int count;
        try {
            String c = text(d, "data_set_count", "dataSetCount");
            count = c.isEmpty() ? -1 : Integer.parseInt(c);
        } catch (NumberFormatException e) {
            count = -1;
        }
        return new ReceivedInvitation(id, share.isEmpty() ? node.label() : share, text(d, "provider_name", "providerName"),
                text(d, "provider_email", "providerEmail"), text(d, "provider_tenant_name", "providerTenantName"),
                text(d, "location"), text(d, "expiration_date", "expirationDate"), count,
                text(d, "terms_of_use", "termsOfUse", "terms"), text(d, "invitation_status", "invitationStatus"));
    }

    private static String text(Map<String, Object> d, String... keys) {
        for (String k : keys) {
            Object v = d.get(k);
            if (v != null && !String.valueOf(v).isBlank()) return String.valueOf(v).strip();
        }
        return "";
    }
}
