package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.BoundedReads;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.PlanRunner;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.ListDomainsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListUserProfilesResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.UserProfileDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open SageMaker client: the inventory read, the apply (the core {@link PlanRunner} with {@link SageMakerApplier})
 * and the live tree ({@link SageMakerTree}). Not thread-safe: one task at a time (the describes of one read run in
 * parallel through {@link BoundedReads}; the SDK client is thread-safe).
 * <p>
 * The read follows the contract of {@link ProviderSession#read}: {@code ListDomains} once (all pages) when any domain
 * or profile is managed, {@code ListUserProfiles} once (all pages; it also tells which profiles a managed domain holds,
 * which its drop deletes first), then for each managed object found live one {@code DescribeDomain} /
 * {@code DescribeUserProfile} and its {@code ListTags}, {@value #PARALLELISM} at a time. Nothing is described for
 * unmanaged objects.
 */
public final class SageMakerSession implements ProviderSession {
    /** Describes (and per-domain profile listings) run at once during a read; the SDK retries throttling with backoff. */
    static final int PARALLELISM = 16;
    /** Statuses of an object on its way somewhere: not diffed (the plan warns). */
    static final Set<String> BUSY = Set.of("Pending", "Updating", "Deleting");

    private final SageMakerConnector connector;
    private final SageMakerClient client;
    private final SecretResolver secrets;
    private final Duration pollInterval;
    /** Resource name → DomainName of the managed domains of the last read (output placeholders of NOOP domains). */
    private final Map<String, String> domainNames = new ConcurrentHashMap<>();

    SageMakerSession(SageMakerConnector connector, SageMakerClient client, SecretResolver secrets, Duration pollInterval) {
        this.connector = connector;
        this.client = client;
        this.secrets = secrets;
        this.pollInterval = pollInterval;
    }

    SageMakerClient client() { return client; }

    SageMakerConnector connector() { return connector; }

    @Override
    public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        List<Resource> domains = managed.stream().filter(r -> r.type().equals(SageMakerTypes.DOMAIN)).toList();
        List<Resource> profiles = managed.stream().filter(r -> r.type().equals(SageMakerTypes.USER_PROFILE)).toList();
        AtomicInteger queries = new AtomicInteger();
        if (domains.isEmpty() && profiles.isEmpty()) return new Inventory(List.of(), false, 0);
        domains.forEach(d -> domainNames.put(d.name(), SageMakerTypes.domainName(d)));

        p.status("listing domains");
        Map<String, List<DomainDetails>> liveDomains = new LinkedHashMap<>();
        for (DomainDetails d : listDomains(p, queries)) liveDomains.computeIfAbsent(d.domainName(), k -> new ArrayList<>()).add(d);
        Map<String, DomainDetails> domainOf = new LinkedHashMap<>();
        for (Resource d : domains) {
            DomainDetails found = unique(d, SageMakerTypes.domainName(d), liveDomains);
            if (found != null) domainOf.put(d.name(), found);
        }
        // the domain a managed profile lives in: its domain resource's name, else the name it gives
        Map<String, String> wantedDomainIds = new LinkedHashMap<>();
        for (Resource pr : profiles) {
            String domainName = domainNames.getOrDefault(pr.string("domain"), pr.string("domain"));
            DomainDetails d = domainOf.get(pr.string("domain"));
            if (d == null && liveDomains.get(domainName) != null && liveDomains.get(domainName).size() == 1) {
                d = liveDomains.get(domainName).get(0);
            }
            if (d != null) wantedDomainIds.put(pr.name(), d.domainId());
        }

        Map<String, List<String>> profilesByDomain = new LinkedHashMap<>();
        Map<String, UserProfileDetails> profileOf = new LinkedHashMap<>();
        if (!domainOf.isEmpty() || !wantedDomainIds.isEmpty()) {
            p.status("listing user profiles");
            Set<String> relevant = new java.util.HashSet<>();
            domainOf.values().forEach(d -> relevant.add(d.domainId()));
            relevant.addAll(wantedDomainIds.values());
            List<List<UserProfileDetails>> perDomain = BoundedReads.describeAll(new ArrayList<>(relevant), PARALLELISM,
                    id -> listProfiles(p, queries, id), p);
            for (UserProfileDetails u : perDomain.stream().flatMap(List::stream).toList()) {
                if (!relevant.contains(u.domainId())) continue;     // unmanaged domain: dropped on the spot
                profilesByDomain.computeIfAbsent(u.domainId(), k -> new ArrayList<>()).add(u.userProfileName());
                for (Resource pr : profiles) {
                    if (java.util.Objects.equals(u.domainId(), wantedDomainIds.get(pr.name())) && SageMakerTypes.profileName(pr).equals(u.userProfileName())) {
                        profileOf.put(pr.name(), u);
                    }
                }
            }
        }

        List<Resource> toDescribe = new ArrayList<>();
        domains.stream().filter(d -> domainOf.containsKey(d.name())).forEach(toDescribe::add);
        profiles.stream().filter(pr -> profileOf.containsKey(pr.name())).forEach(toDescribe::add);
        p.status("describing " + toDescribe.size() + " managed object(s)");
        List<ObservedResource> observed = BoundedReads.describeAll(toDescribe, PARALLELISM, r -> {
            if (r.type().equals(SageMakerTypes.DOMAIN)) {
                DomainDetails d = domainOf.get(r.name());
                return observeDomain(r, d.domainId(), profilesByDomain.getOrDefault(d.domainId(), List.of()), queries);
            }
            UserProfileDetails u = profileOf.get(r.name());
            return observeProfile(r, u.domainId(), u.userProfileName(), queries);
        }, p);
        List<ObservedResource> found = observed.stream().filter(java.util.Objects::nonNull).toList();
        return new Inventory(found, false, queries.get());
    }

    /** The one live domain of that name, null when none; two of one name cannot be told apart: an error. */
    private DomainDetails unique(Resource r, String name, Map<String, List<DomainDetails>> live) throws ProviderException {
        List<DomainDetails> same = live.getOrDefault(name, List.of());
        if (same.size() > 1) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": sagemaker.domain " + r.name() + ": "
                    + same.size() + " live domains are named " + name + " (" + String.join(", ",
                    same.stream().map(DomainDetails::domainId).toList()) + "); SageMaker allows it, this console "
                    + "matches domains by name: rename or delete the extra ones");
        }
        return same.isEmpty() ? null : same.get(0);
    }

    List<DomainDetails> listDomains(Progress p, AtomicInteger queries) throws ProviderException {
        List<DomainDetails> out = new ArrayList<>();
        String token = null;
        do {
            p.checkCancelled();
            String t = token;
            ListDomainsResponse page = call("ListDomains", () -> client.listDomains(b -> b.nextToken(t).maxResults(100)));
            queries.incrementAndGet();
            out.addAll(page.domains());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** ListUserProfiles, all pages; of one domain when {@code domainId} is given (the tree). */
    List<UserProfileDetails> listProfiles(Progress p, AtomicInteger queries, String domainId) throws ProviderException {
        List<UserProfileDetails> out = new ArrayList<>();
        String token = null;
        do {
            p.checkCancelled();
            String t = token;
            ListUserProfilesResponse page = call("ListUserProfiles", () -> client.listUserProfiles(b -> b.nextToken(t).domainIdEquals(domainId).maxResults(100)));
            queries.incrementAndGet();
            out.addAll(page.userProfiles());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    private ObservedResource observeDomain(Resource r, String domainId, List<String> profiles, AtomicInteger queries)
            throws ProviderException {
        DescribeDomainResponse d;
        try {
            d = client.describeDomain(b -> b.domainId(domainId));
        } catch (ResourceNotFoundException e) {
            return null;                                            // deleted since the list
        } catch (SdkException e) {
            throw new ProviderException(connector.error("DescribeDomain of sagemaker.domain " + r.name(), e));
        } finally {
            queries.incrementAndGet();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain_name", d.domainName());
        m.put("auth_mode", d.authModeAsString());
        m.put("vpc_id", d.vpcId());
        m.put("subnet_ids", List.copyOf(d.subnetIds()));
        putIf(m, "app_network_access_type", d.appNetworkAccessTypeAsString());
        putIf(m, "kms_key_id", d.kmsKeyId());
        putIf(m, "default_user_settings", SageMakerRequests.userSettings(d.defaultUserSettings()));
        putIf(m, "domain_settings", SageMakerRequests.domainSettings(d.domainSettings()));
        putIf(m, "default_space_settings", SageMakerRequests.spaceSettings(d.defaultSpaceSettings()));
        putIf(m, "tag_propagation", d.tagPropagationAsString());
        m.put("tags", tags("sagemaker.domain " + r.name(), d.domainArn(), queries));
        m.put(SageMakerRenderer.DOMAIN_ID, d.domainId());
        putIf(m, SageMakerRenderer.ARN, d.domainArn());
        putIf(m, SageMakerRenderer.URL, d.url());
        putIf(m, SageMakerRenderer.FAILURE_REASON, d.failureReason());
        m.put(SageMakerRenderer.USER_PROFILES, List.copyOf(profiles));
        String status = d.statusAsString();
        return new ObservedResource(r.key(), m, status, status != null && BUSY.contains(status));
    }

    private ObservedResource observeProfile(Resource r, String domainId, String name, AtomicInteger queries)
            throws ProviderException {
        DescribeUserProfileResponse u;
        try {
            u = client.describeUserProfile(b -> b.domainId(domainId).userProfileName(name));
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw new ProviderException(connector.error("DescribeUserProfile of sagemaker.user_profile " + r.name(), e));
        } finally {
            queries.incrementAndGet();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", r.string("domain"));
        m.put("user_profile_name", u.userProfileName());
        putIf(m, "user_settings", SageMakerRequests.userSettings(u.userSettings()));
        m.put("tags", tags("sagemaker.user_profile " + r.name(), u.userProfileArn(), queries));
        m.put(SageMakerRenderer.DOMAIN_ID, u.domainId());
        putIf(m, SageMakerRenderer.ARN, u.userProfileArn());
        putIf(m, SageMakerRenderer.FAILURE_REASON, u.failureReason());
        String status = u.statusAsString();
        return new ObservedResource(r.key(), m, status, status != null && BUSY.contains(status));
    }

    /** ListTags of an ARN, all pages, without AWS's own {@code aws:} tags. */
    private Map<String, Object> tags(String what, String arn, AtomicInteger queries) throws ProviderException {
        if (arn == null) return Map.of();
        List<Tag> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            try {
                ListTagsResponse page = client.listTags(b -> b.resourceArn(arn).nextToken(t));
                all.addAll(page.tags());
                token = page.nextToken();
            } catch (SdkException e) {
                throw new ProviderException(connector.error("ListTags of " + what, e));
            } finally {
                queries.incrementAndGet();
            }
        } while (token != null && !token.isEmpty());
        return SageMakerRequests.tagMap(all);
    }

    private static void putIf(Map<String, Object> m, String key, Object v) {
        if (v != null) m.put(key, v);
    }

    /** An SDK call; its failure as a message naming the connection and the operation. */
    <T> T call(String operation, java.util.function.Supplier<T> request) throws ProviderException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new ProviderException("connection " + Problem.quote(connector.name()) + ": " + connector.error(operation, e));
        }
    }

    /** The DomainName of a domain resource of the last read; the resource name when unknown. */
    String domainName(String resourceName) {
        return domainNames.getOrDefault(resourceName, resourceName);
    }

    @Override
    public ApplyResult apply(Plan plan, Progress progress) {
        return new PlanRunner(secrets).run(plan, new SageMakerApplier(this, pollInterval), progress);
    }

    @Override
    public List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        p.checkCancelled();
        p.status(parent == null ? "listing " + connector.where() : "listing " + parent.label());
        return new SageMakerTree(this).children(parent, p);
    }

    @Override
    public boolean canSearch() {
        return true;
    }

    /** Domains and user profiles whose names contain the text: one paged ListDomains, one paged ListUserProfiles. */
    @Override
    public List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        p.checkCancelled();
        p.status("searching " + connector.where());
        return new SageMakerTree(this).search(text, limit, p);
    }

    /** The region (no request). */
    @Override
    public Map<String, String> about() {
        Map<String, String> out = new LinkedHashMap<>();
        if (connector.region() != null) out.put("region", connector.region());
        return out;
    }

    @Override
    public void close() {
        client.close();
    }
}
