package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.UserProfileDetails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live tree of a region: domains at the top (one paged {@code ListDomains}: also the connection test), each with
 * its user profiles (one paged {@code ListUserProfiles} for that domain). Labels carry the status; details the ids,
 * the status, the Studio URL and, for a failed object, SageMaker's failure reason (one describe for each failed
 * object only). Paths are by name: {@code domains/<DomainName>} and {@code domains/<DomainName>/user_profiles/<name>}
 * ({@code /} and {@code %} escaped).
 */
final class SageMakerTree {
    /** Statuses whose reason is worth a describe. */
    private static final Set<String> FAILED = Set.of("Failed", "Update_Failed", "Delete_Failed");

    private final SageMakerSession session;

    SageMakerTree(SageMakerSession session) {
        this.session = session;
    }

    static String segment(String name) {
        return name.replace("%", "%25").replace("/", "%2F");
    }

    static String domainPath(String domainName) {
        return "domains/" + segment(domainName);
    }

    /** Domains are top-level nodes (no parent path); a profile is listed under its domain. */
    static String parentPath(Resource r) {
        if (r.type().equals(SageMakerTypes.USER_PROFILE) && r.string("domain") != null) return domainPath(r.string("domain"));
        return null;
    }

    /** The path of a domain (by DomainName) or of a user profile (by its domain's DomainName and its name). */
    static String path(String type, String name, Map<String, String> containers) {
        if (name == null || name.isEmpty()) return null;
        if (type.equals(SageMakerTypes.DOMAIN)) return domainPath(name);
        String domain = containers.get("domain");
        if (type.equals(SageMakerTypes.USER_PROFILE) && domain != null && !domain.isEmpty()) {
            return domainPath(domain) + "/user_profiles/" + segment(name);
        }
        return null;
    }

    List<LiveNode> children(LiveNode parent, Progress p) throws ProviderException {
        AtomicInteger queries = new AtomicInteger();
        if (parent == null) {
            List<LiveNode> out = new ArrayList<>();
            List<DomainDetails> domains = new ArrayList<>(session.listDomains(p, queries));
            domains.sort(Comparator.comparing(DomainDetails::domainName, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (DomainDetails d : domains) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("domain_name", d.domainName());
                details.put("domain_id", d.domainId());
                details.put("status", d.statusAsString());
                putIf(details, "url", d.url());
                putIf(details, "arn", d.domainArn());
                if (d.creationTime() != null) details.put("created", d.creationTime().toString());
                if (FAILED.contains(d.statusAsString())) {
                    var described = session.call("DescribeDomain", () -> session.client().describeDomain(b -> b.domainId(d.domainId())));
                    putIf(details, "failure_reason", described.failureReason());
                }
                out.add(new LiveNode(domainPath(d.domainName()), label(d.domainName(), d.statusAsString()), "domain", false,
                        new ResourceKey(SageMakerTypes.DOMAIN, d.domainName()), details));
            }
            return out;
        }
        if (!"domain".equals(parent.kind())) return List.of();
        String domainId = String.valueOf(parent.details().get("domain_id"));
        String domainName = String.valueOf(parent.details().get("domain_name"));
        List<UserProfileDetails> profiles = new ArrayList<>(session.listProfiles(p, queries, domainId));
        profiles.sort(Comparator.comparing(UserProfileDetails::userProfileName, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<LiveNode> out = new ArrayList<>();
        for (UserProfileDetails u : profiles) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("domain", domainName);
            details.put("user_profile_name", u.userProfileName());
            details.put("domain_id", domainId);
            details.put("status", u.statusAsString());
            if (FAILED.contains(u.statusAsString())) {
                var described = session.call("DescribeUserProfile", () -> session.client()
                        .describeUserProfile(b -> b.domainId(domainId).userProfileName(u.userProfileName())));
                putIf(details, "failure_reason", described.failureReason());
            }
            out.add(new LiveNode(parent.path() + "/user_profiles/" + segment(u.userProfileName()),
                    label(u.userProfileName(), u.statusAsString()), "user_profile", true,
                    new ResourceKey(SageMakerTypes.USER_PROFILE, u.userProfileName()), details));
        }
        return out;
    }

    private static String label(String name, String status) {
        return status == null || "InService".equals(status) ? name : name + " (" + status + ")";
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    /**
     * Whole-region search with the tree's two list calls: one paged {@code ListDomains} and one paged
     * {@code ListUserProfiles} for every domain at once (no {@code DomainIdEquals}), names matched here,
     * case-insensitive ({@code UserProfileNameContains} is not used: the API does not document whether it ignores
     * case). No describe. At most {@code limit} hits: the domains, then the profiles, each by name.
     */
    List<LiveNode> search(String text, int limit, Progress p) throws ProviderException {
        String needle = text.strip().toLowerCase(java.util.Locale.ROOT);
        AtomicInteger queries = new AtomicInteger();
        List<DomainDetails> domains = new ArrayList<>(session.listDomains(p, queries));
        domains.sort(Comparator.comparing(DomainDetails::domainName, Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, String> names = new LinkedHashMap<>();
        List<LiveNode> out = new ArrayList<>();
        for (DomainDetails d : domains) {
            names.put(d.domainId(), d.domainName());
            if (d.domainName() == null || !d.domainName().toLowerCase(java.util.Locale.ROOT).contains(needle)) continue;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("domain_name", d.domainName());
            details.put("domain_id", d.domainId());
            details.put("status", d.statusAsString());
            putIf(details, "url", d.url());
            out.add(new LiveNode(domainPath(d.domainName()), label(d.domainName(), d.statusAsString()), "domain", false,
                    new ResourceKey(SageMakerTypes.DOMAIN, d.domainName()), details));
        }
        List<UserProfileDetails> profiles = new ArrayList<>(session.listProfiles(p, queries, null));
        profiles.sort(Comparator.comparing((UserProfileDetails u) -> String.valueOf(names.get(u.domainId())))
                .thenComparing(UserProfileDetails::userProfileName, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (UserProfileDetails u : profiles) {
            String domainName = names.get(u.domainId());
            if (domainName == null || u.userProfileName() == null
                    || !u.userProfileName().toLowerCase(java.util.Locale.ROOT).contains(needle)) continue;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("domain", domainName);
            details.put("user_profile_name", u.userProfileName());
            details.put("domain_id", u.domainId());
            details.put("status", u.statusAsString());
            out.add(new LiveNode(domainPath(domainName) + "/user_profiles/" + segment(u.userProfileName()),
                    label(u.userProfileName(), u.statusAsString()), "user_profile", true,
                    new ResourceKey(SageMakerTypes.USER_PROFILE, u.userProfileName()), details));
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }
}
