package dev.mlpc.governance;

import dev.mlpc.lineage.LineageNode;

import java.util.List;
import java.util.Locale;

/**
 * Who is inside the organisation, from {@code governance.yaml}'s top-level {@code organisation:} block: its Azure AD
 * tenants and its e-mail domains. The cross-system rules use it to tell consumers outside the organisation (or outside
 * the tenant) from its own. Empty (the default): nobody is known to be inside, so every consumer counts as outside.
 *
 * <pre>
 * organisation:
 *   tenants: [72f988bf-86f1-41af-91ab-2d7cd011db47]
 *   email_domains: [example.com]
 * </pre>
 */
public record Organisation(List<String> tenants, List<String> emailDomains) {
    public static final Organisation NONE = new Organisation(List.of(), List.of());

    public Organisation {
        tenants = List.copyOf(tenants);
        emailDomains = List.copyOf(emailDomains);
    }

    public boolean isEmpty() {
        return tenants.isEmpty() && emailDomains.isEmpty();
    }

    /** A tenant of the organisation (tenant ids compare case-insensitively). */
    public boolean ownsTenant(String tenant) {
        return tenant != null && tenants.stream().anyMatch(t -> t.equalsIgnoreCase(tenant.strip()));
    }

    /** An address in one of the organisation's e-mail domains (or a sub-domain of one). */
    public boolean ownsEmail(String email) {
        if (email == null) return false;
        int at = email.lastIndexOf('@');
        if (at < 0) return false;
        String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return emailDomains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }

    /**
     * Whether a consumer or invitation node is outside the organisation: inside when its tenant is one of the
     * organisation's or its e-mail is in one of its domains; outside otherwise (also when it names neither: a consumer
     * nobody can place is not known to be inside).
     */
    public boolean outsideOrganisation(LineageNode n) {
        return !ownsTenant(n.attribute("tenant")) && !ownsEmail(n.attribute("email"));
    }

    /**
     * Whether a consumer or invitation node is outside the tenant: its tenant is not one of the organisation's; a node
     * without a tenant is judged by its e-mail domain; one with neither is outside.
     */
    public boolean outsideTenant(LineageNode n) {
        String tenant = n.attribute("tenant");
        if (tenant != null && !tenant.isBlank()) return !ownsTenant(tenant);
        return !ownsEmail(n.attribute("email"));
    }
}
