package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.BoundedReads;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.PlanRunner;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.mlpc.providers.datashare.DataShareTypes.*;

/**
 * An open Data Share connection: the inventory read, the checks before apply ({@link DataShareRoleChecks}), the apply
 * (the core {@link PlanRunner} with {@link DataShareApplier}) and the top of the live tree. Not thread-safe: one task
 * at a time (the GETs of one read run in parallel through {@link BoundedReads}).
 * <p>
 * The read: every managed object's ARM id follows from the stack (resource group, account, share or share
 * subscription, names), so each managed object costs one {@code GET}, {@value #PARALLELISM} at a time, level by level
 * (resource groups, accounts, shares and share subscriptions, then their children); a child whose managed parent was
 * not found is not asked for. Nothing is read for unmanaged objects, except that each managed resource group found
 * lists what it holds (one paged Resources_ListByResourceGroup: deleting a group deletes its contents, see
 * {@link DataShareRenderer#dropWarnings}); the read cannot tell which resources the plan drops, so every managed group
 * is listed, one request each. Then the role assignments
 * of the storage accounts the managed datasets and mappings name (one paged list per storage account). An object
 * whose parent is not among the managed resources cannot be located: it is not read (warning {@code not-read}).
 */
public final class DataShareSession implements ProviderSession {
    static final int PARALLELISM = BoundedReads.MAX_PARALLELISM;
    /** The order in which levels are read and created. */
    static final List<List<String>> LEVELS = List.of(List.of(RESOURCE_GROUP), List.of(ACCOUNT), List.of(SHARE, SHARE_SUBSCRIPTION),
            List.of(DATASET, INVITATION, SYNCHRONIZATION_SETTING, DATASET_MAPPING, TRIGGER));

    private final DataShareConnector connector;
    private final ArmClient arm;
    private final SecretResolver secrets;
    private final Duration pollInterval;
    /** The Data Share resources of the last read (the stack and its previous version): ids of output placeholders. */
    private final Map<ResourceKey, Resource> known = new ConcurrentHashMap<>();
    private volatile ArmClient.Page accountsPage;

    DataShareSession(DataShareConnector connector, ArmClient arm, SecretResolver secrets, Duration pollInterval) {
        this.connector = connector;
        this.arm = arm;
        this.secrets = secrets;
        this.pollInterval = pollInterval;
    }

    /** The ARM client (the live tree and actions send through it). */
    public ArmClient arm() { return arm; }

    /** The connection's subscription id. */
    public String subscription() { return connector.subscription(); }

    /** The resource group the connection is limited to, or null. */
    public String resourceGroup() { return connector.resourceGroup(); }

    DataShareConnector connector() { return connector; }

    /** The ARM id of a stack resource, given the stack's resources by key; null when a parent is not among them. */
    static String armId(Resource r, Map<ResourceKey, Resource> stack, String subscription) {
        if (r.type().equals(RESOURCE_GROUP)) return DataShareRenderer.resourceGroupId(subscription, r.name());
        if (r.type().equals(ACCOUNT)) {
            String rg = r.string("resource_group");
            Resource declared = stack.get(new ResourceKey(RESOURCE_GROUP, rg));
            return DataShareRenderer.childId(ACCOUNT, DataShareRenderer.resourceGroupId(subscription, declared == null ? rg : declared.name()), armName(r));
        }
        Resource parent = stack.get(new ResourceKey(parentType(r.type()), String.valueOf(r.get(parentProperty(r.type())))));
        if (parent == null) return null;
        String parentId = armId(parent, stack, subscription);
        return parentId == null ? null : DataShareRenderer.childId(r.type(), parentId, armName(r));
    }

    /** The ARM id of a resource of the last read, or null. */
    String knownId(ResourceKey key) {
        Resource r = known.get(key);
        return r == null ? null : armId(r, known, subscription());
    }

    @Override
    public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        int before = arm.requests();
        Map<ResourceKey, Resource> stack = new LinkedHashMap<>();
        for (Resource r : managed) if (r.provider().equals(PROVIDER)) stack.put(r.key(), r);
        known.putAll(stack);
        List<PlanWarning> warnings = new ArrayList<>();
        List<ResourceKey> unplaced = new ArrayList<>();
        for (Resource r : stack.values()) {
            if (armId(r, stack, subscription()) == null) {
                unplaced.add(r.key());
                warnings.add(new PlanWarning(r.type(), r.name(), "not-read", "not read from Azure: " + parentProperty(r.type())
                        + " " + r.get(parentProperty(r.type())) + " is not a resource of the stack, so the object cannot be "
                        + "located; declare its parent"));
            }
        }
        unplaced.forEach(stack::remove);
        Map<ResourceKey, ObservedResource> found = new LinkedHashMap<>();
        for (List<String> level : LEVELS) {
            List<Resource> ask = new ArrayList<>();
            for (Resource r : stack.values()) {
                if (!level.contains(r.type())) continue;
                String pt = parentType(r.type());
                ResourceKey parent = pt == null ? null : new ResourceKey(pt, String.valueOf(r.get(parentProperty(r.type()))));
                if (parent != null && stack.containsKey(parent) && !found.containsKey(parent)) continue;   // parent missing live
                ask.add(r);
            }
            if (ask.isEmpty()) continue;
            p.status("reading " + ask.size() + " " + String.join(" / ", level.stream().map(t -> t.substring(PROVIDER.length() + 1)).toList()) + " object(s)");
            List<ObservedResource> got = BoundedReads.describeAll(ask, PARALLELISM, r -> {
                String id = armId(r, stack, subscription());
                JsonNode json = arm.get(id + "?api-version=" + DataShareRenderer.apiVersion(r.type()), r.type() + " " + r.name());
                return json == null ? null : DataShareObserved.of(r, json);
            }, p);
            for (ObservedResource o : got) if (o != null) found.put(o.key(), o);
        }
        for (Resource r : stack.values()) {
            if (!r.type().equals(RESOURCE_GROUP) || !found.containsKey(r.key())) continue;
            p.status("listing the resources of resource group " + r.name());
            found.put(r.key(), withContents(found.get(r.key()), groupContents(arm, armId(r, stack, subscription()), p), stack, subscription()));
        }
        p.status("checking the role assignments of the storage accounts");
        warnings.addAll(new DataShareRoleChecks(arm, stack, found).run(p));
        return new Inventory(new ArrayList<>(found.values()), false, arm.requests() - before, warnings);
    }

    /**
     * The top-level resources a resource group holds (Resources_ListByResourceGroup, {@code GET <group id>/resources
     * ?api-version=2021-04-01}, every page): their ARM ids, as Azure spells them. A group that is gone holds nothing.
     */
    static List<String> groupContents(ArmClient arm, String groupId, Progress progress) throws ProviderException {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : arm.list(groupId + "/resources?api-version=" + RESOURCES_API_VERSION, progress, null)) {
            String id = item.path("id").asText(null);
            if (id != null && !id.isBlank()) ids.add(id);
        }
        return ids;
    }

    /**
     * The resource group's observation with what it holds: {@link DataShareRenderer#HELD_MANAGED}, the keys
     * ({@code type name}) of the managed resources (the stack's and its previous version's) among them, and
     * {@link DataShareRenderer#HELD_UNMANAGED}, the ids of the rest.
     */
    static ObservedResource withContents(ObservedResource group, List<String> ids, Map<ResourceKey, Resource> managed,
                                         String subscription) {
        Map<String, ResourceKey> byId = new LinkedHashMap<>();
        for (Resource r : managed.values()) {
            String id = armId(r, managed, subscription);
            if (id != null) byId.put(id.toLowerCase(java.util.Locale.ROOT), r.key());
        }
        List<String> mine = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String id : ids) {
            ResourceKey k = byId.get(id.toLowerCase(java.util.Locale.ROOT));
            if (k != null) mine.add(k.type() + " " + k.name()); else others.add(id);
        }
        Map<String, Object> props = new LinkedHashMap<>(group.properties());
        props.put(DataShareRenderer.HELD_MANAGED, mine);
        props.put(DataShareRenderer.HELD_UNMANAGED, others);
        return new ObservedResource(group.key(), props, group.status(), group.busy());
    }

    /** A live plan's Data Share renderer writes this connection's subscription id literally in create paths. */
    @Override
    public dev.mlpc.core.plan.Renderer renderer(dev.mlpc.core.plan.Renderer stackBound) {
        return stackBound instanceof DataShareRenderer d ? d.withSubscription(subscription()) : stackBound;
    }

    @Override
    public ApplyResult apply(Plan plan, Progress progress) {
        return new PlanRunner(secrets).run(plan, new DataShareApplier(this, pollInterval), progress);
    }

    /**
     * The top of the live tree: the subscription, after one page of its Data Share accounts (what the console's
     * connection test needs: the credential works and may list accounts). Below it, {@link DataShareTree}.
     */
    @Override
    public List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        p.checkCancelled();
        if (parent != null) return new DataShareTree(arm, subscription(), resourceGroup()).children(parent, p);
        p.status("listing Data Share accounts of " + connector.where());
        String rg = resourceGroup();
        String path = (rg == null ? "/subscriptions/" + subscription() : DataShareRenderer.resourceGroupId(subscription(), rg))
                + "/providers/Microsoft.DataShare/accounts?api-version=" + API_VERSION;
        accountsPage = arm.firstPage(path);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subscription_id", subscription());
        if (rg != null) details.put("resource_group", rg);
        details.put("cloud", connector.cloud());
        details.put("endpoint", arm.endpoint().toString());
        details.put("accounts", accountsCount());
        return List.of(new LiveNode("/subscriptions/" + subscription(), "subscription " + subscription(), "subscription", false,
                null, details));
    }

    @Override
    public boolean canSearch() {
        return true;
    }

    /** Resource groups, Data Share accounts, and the shares and share subscriptions of the first accounts ({@link DataShareTree#search}). */
    @Override
    public List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        p.checkCancelled();
        return new DataShareTree(arm, subscription(), resourceGroup()).search(text, limit, p);
    }

    /** Synchronize now and Cancel synchronization on a share subscription ({@link DataShareActions}); no round trip. */
    @Override
    public List<dev.mlpc.core.provider.NodeAction> actions(LiveNode node) {
        return DataShareActions.actions(node);
    }

    @Override
    public dev.mlpc.core.provider.NodeAction.Outcome runAction(LiveNode node, String actionId, String choice, Progress progress)
            throws ProviderException {
        return new DataShareActions(arm, pollInterval).run(node, actionId, choice, progress);
    }

    private String accountsCount() {
        ArmClient.Page page = accountsPage;
        if (page == null) return null;
        return page.values().size() + (page.more() ? "+" : "");
    }

    /** The subscription, tenant (when the profile names it), cloud, and the accounts of the last connection test. */
    @Override
    public Map<String, String> about() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("subscription", subscription());
        if (connector.tenant() != null) out.put("tenant", connector.tenant());
        out.put("cloud", connector.cloud());
        String n = accountsCount();
        if (n != null) out.put("accounts", n);
        return out;
    }

    @Override
    public void close() {
        // the pipeline holds no connection of its own; the JDK HTTP client's are released with it
    }
}
