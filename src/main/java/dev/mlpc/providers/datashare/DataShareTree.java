package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.provider.BoundedReads;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.ResourceKey;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareTypes.ACCOUNT;
import static dev.mlpc.providers.datashare.DataShareTypes.API_VERSION;
import static dev.mlpc.providers.datashare.DataShareTypes.DATASET;
import static dev.mlpc.providers.datashare.DataShareTypes.DATASET_MAPPING;
import static dev.mlpc.providers.datashare.DataShareTypes.INVITATION;
import static dev.mlpc.providers.datashare.DataShareTypes.RESOURCES_API_VERSION;
import static dev.mlpc.providers.datashare.DataShareTypes.RESOURCE_GROUP;
import static dev.mlpc.providers.datashare.DataShareTypes.SHARE;
import static dev.mlpc.providers.datashare.DataShareTypes.SHARE_SUBSCRIPTION;
import static dev.mlpc.providers.datashare.DataShareTypes.SYNCHRONIZATION_SETTING;
import static dev.mlpc.providers.datashare.DataShareTypes.TRIGGER;

/**
 * The live tree of a Data Share connection below its subscription node (the session makes that one: it is also the
 * connection test). One level per expansion, through the session's {@link ArmClient}, following {@code nextLink};
 * nothing is asked for a node that is not expanded:
 * <pre>
 * subscription ─┬─ resource groups (one paged list; only the connection's resource_group when it names one: one GET)
 *               │    └─ Data Share accounts (one paged list per group)
 *               │         ├─ shares (one paged list) ─── datasets, invitations (status), synchronization settings
 *               │         │                               (three paged lists, side by side)
 *               │         └─ share subscriptions (one paged list, beside the shares') ─── dataset mappings, triggers
 *               │                                                    (two paged lists, side by side)
 *               │                                                    └─ Synchronizations (folder): listSynchronizations,
 *               │                                                       newest first, and listSynchronizationDetails
 *               │                                                       for the newest {@value #DETAILED_SYNCHRONIZATIONS}
 *               └─ Received invitations (folder): the tenant-level listInvitations
 * </pre>
 * Node paths are ARM ids (folders: {@code <arm id>#received_invitations}, {@code <arm id>#synchronizations}; a
 * synchronization {@code <share subscription id>#synchronizations/<synchronizationId>}); keys are the stack types with
 * the ARM names; details are the objects' properties in snake_case plus their containers ({@code resource_group},
 * {@code account}, {@code share}, {@code share_subscription}, as {@link DataShareProvider#treeContainers()} names them;
 * for datasets and mappings {@code resource_group} and {@code subscription_id} are the storage account's, as the
 * stack's properties are). Data Share objects hold no secret.
 */
final class DataShareTree {
    /** How many of the newest synchronizations get their file counts (one listSynchronizationDetails each). */
    static final int DETAILED_SYNCHRONIZATIONS = 10;

    static final String RECEIVED_INVITATIONS = "received_invitations";
    static final String SYNCHRONIZATIONS = "synchronizations";

    private final ArmClient arm;
    private final String subscription;
    private final String resourceGroup;

    /**
     * @param resourceGroup the resource group the connection is limited to, or null for the whole subscription
     */
    DataShareTree(ArmClient arm, String subscription, String resourceGroup) {
        this.arm = arm;
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
    }

    /** The ARM id a node stands for (a folder's: its parent's). */
    static String armId(LiveNode node) {
        Object id = node.details().get("id");
        if (id != null) return String.valueOf(id);
        String p = node.path();
        int hash = p.indexOf('#');
        return hash < 0 ? p : p.substring(0, hash);
    }

    /** The children of a node below the subscription; unknown kinds and leaves have none. */
    List<LiveNode> children(LiveNode parent, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        p.checkCancelled();
        return switch (parent.kind()) {
            case "subscription" -> subscriptionChildren(p);
            case "resource_group" -> accounts(parent, p);
            case "datashare_account" -> accountChildren(parent, p);
            case "share" -> shareChildren(parent, p);
            case RECEIVED_INVITATIONS -> receivedInvitations(p);
            case "share_subscription" -> shareSubscriptionChildren(parent, p);
            case SYNCHRONIZATIONS -> synchronizations(parent, p);
            default -> List.of();
        };
    }

    // ---- levels -----------------------------------------------------------------------------------------------------

    private List<LiveNode> subscriptionChildren(Progress p) throws ProviderException {
        List<LiveNode> out = new ArrayList<>();
        String subId = "/subscriptions/" + subscription;
        if (resourceGroup != null) {
            p.status("reading resource group " + resourceGroup);
            String id = DataShareRenderer.resourceGroupId(subscription, resourceGroup);
            JsonNode rg = arm.get(id + "?api-version=" + RESOURCES_API_VERSION, "resource group " + resourceGroup);
            if (rg == null) {
                throw new ProviderException("connection '" + arm.connection() + "': resource group " + resourceGroup
                        + " (the connection's resource_group) does not exist in subscription " + subscription);
            }
            out.add(resourceGroupNode(rg));
        } else {
            p.status("listing the resource groups of subscription " + subscription);
            for (JsonNode rg : sorted(arm.list(subId + "/resourcegroups?api-version=" + RESOURCES_API_VERSION, p, null))) {
                out.add(resourceGroupNode(rg));
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scope", "every invitation sent to you in this tenant (listInvitations)");
        out.add(new LiveNode(subId + "#" + RECEIVED_INVITATIONS, "Received invitations", RECEIVED_INVITATIONS, false, null, d));
        return out;
    }

    private LiveNode resourceGroupNode(JsonNode rg) {
        String name = rg.path("name").asText();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", rg.path("id").asText());
        put(d, "location", rg.path("location"));
        put(d, "provisioning_state", rg.path("properties").path("provisioningState"));
        put(d, "managed_by", rg.path("managedBy"));
        putTags(d, rg);
        return new LiveNode(rg.path("id").asText(), labelWithState(name, rg.path("properties").path("provisioningState").asText(null)),
                "resource_group", false, new ResourceKey(RESOURCE_GROUP, name), d);
    }

    private List<LiveNode> accounts(LiveNode rgNode, Progress p) throws ProviderException {
        String rgId = armId(rgNode);
        String rg = lastSegment(rgId);
        p.status("listing the Data Share accounts of resource group " + rg);
        List<LiveNode> out = new ArrayList<>();
        for (JsonNode a : sorted(arm.list(rgId + "/providers/Microsoft.DataShare/accounts?api-version=" + API_VERSION, p, null))) {
            out.add(accountNode(a, rg));
        }
        return out;
    }

    private static LiveNode accountNode(JsonNode a, String rg) {
        String name = a.path("name").asText();
        JsonNode props = a.path("properties");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", a.path("id").asText());
        d.put("resource_group", rg);
        d.put("account_name", name);
        put(d, "location", a.path("location"));
        put(d, "provisioning_state", props.path("provisioningState"));
        put(d, "identity_type", a.path("identity").path("type"));
        put(d, "principal_id", a.path("identity").path("principalId"));
        put(d, "tenant_id", a.path("identity").path("tenantId"));
        put(d, "created_at", props.path("createdAt"));
        put(d, "user_email", props.path("userEmail"));
        put(d, "user_name", props.path("userName"));
        putTags(d, a);
        return new LiveNode(a.path("id").asText(), labelWithState(name, props.path("provisioningState").asText(null)),
                "datashare_account", false, new ResourceKey(ACCOUNT, name), d);
    }

    /** Shares first, then share subscriptions (the consumer side of the same account). */
    private List<LiveNode> accountChildren(LiveNode accountNode, Progress p) throws ProviderException {
        String accountId = armId(accountNode);
        String account = lastSegment(accountId);
        String rg = segmentAfter(accountId, "resourceGroups");
        List<LiveNode> out = new ArrayList<>();
        p.status("listing the shares and share subscriptions of account " + account);
        List<List<JsonNode>> lists = lists(p, accountId + "/shares?api-version=" + API_VERSION,
                accountId + "/shareSubscriptions?api-version=" + API_VERSION);
        for (JsonNode s : sorted(lists.get(0))) out.add(shareNode(s, rg, account));
        for (JsonNode s : sorted(lists.get(1))) out.add(shareSubscriptionNode(s, rg, account));
        return out;
    }

    private static LiveNode shareNode(JsonNode s, String rg, String account) {
        String name = s.path("name").asText();
        JsonNode props = s.path("properties");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", s.path("id").asText());
        d.put("resource_group", rg);
        d.put("account", account);
        d.put("share_name", name);
        put(d, "share_kind", props.path("shareKind"));
        put(d, "description", props.path("description"));
        put(d, "terms", props.path("terms"));
        put(d, "provisioning_state", props.path("provisioningState"));
        put(d, "created_at", props.path("createdAt"));
        put(d, "user_email", props.path("userEmail"));
        return new LiveNode(s.path("id").asText(), labelWithState(name, props.path("provisioningState").asText(null)),
                "share", false, new ResourceKey(SHARE, name), d);
    }

    private static LiveNode shareSubscriptionNode(JsonNode s, String rg, String account) {
        String name = s.path("name").asText();
        JsonNode props = s.path("properties");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", s.path("id").asText());
        d.put("resource_group", rg);
        d.put("account", account);
        d.put("share_subscription_name", name);
        put(d, "share_subscription_status", props.path("shareSubscriptionStatus"));
        put(d, "share_name", props.path("shareName"));
        put(d, "share_kind", props.path("shareKind"));
        put(d, "share_description", props.path("shareDescription"));
        put(d, "share_terms", props.path("shareTerms"));
        put(d, "provider_email", props.path("providerEmail"));
        put(d, "provider_name", props.path("providerName"));
        put(d, "provider_tenant_name", props.path("providerTenantName"));
        put(d, "invitation_id", props.path("invitationId"));
        put(d, "source_share_location", props.path("sourceShareLocation"));
        put(d, "expiration_date", props.path("expirationDate"));
        put(d, "provisioning_state", props.path("provisioningState"));
        put(d, "created_at", props.path("createdAt"));
        String status = props.path("shareSubscriptionStatus").asText(null);
        String label = name + " (subscription to " + props.path("shareName").asText("?")
                + (status == null || status.equals("Active") ? "" : ", " + status) + ")";
        return new LiveNode(s.path("id").asText(), label, "share_subscription", false,
                new ResourceKey(SHARE_SUBSCRIPTION, name), d);
    }

    /** Accounts whose shares and share subscriptions are listed at once by a whole-connection search. */
    static final int SEARCH_PARALLELISM = 4;

    /**
     * Whole-connection search, with the cheap ARM lists only: the resource groups (one paged list; the connection's
     * resource_group alone when it names one: one GET), the Data Share accounts (one list for the subscription or the
     * group, following {@code nextLink} to the last page), and the shares and share subscriptions of every account
     * (two paged lists each, {@value #SEARCH_PARALLELISM} accounts at a time), reporting {@code worked(accounts
     * searched, accounts)}. Nothing below a share is searched (datasets, invitations, synchronizations: a list per
     * share would grow with the estate). Names contain {@code text}, case-insensitive; at most {@code limit} hits, in
     * tree order. Hits are the tree's own nodes (paths are ARM ids).
     * <p>
     * Cancelled while the accounts' shares are listed, it returns the hits found so far (groups, accounts, and the
     * shares of the accounts already searched) and its last status says how far it got
     * ({@code search stopped after 12 of 40 accounts}); the caller knows it cancelled.
     */
    List<LiveNode> search(String text, int limit, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        String needle = text.strip().toLowerCase(Locale.ROOT);
        List<LiveNode> out = new ArrayList<>();
        String subId = "/subscriptions/" + subscription;
        p.checkCancelled();
        if (resourceGroup != null) {
            if (resourceGroup.toLowerCase(Locale.ROOT).contains(needle)) {
                String id = DataShareRenderer.resourceGroupId(subscription, resourceGroup);
                JsonNode rg = arm.get(id + "?api-version=" + RESOURCES_API_VERSION, "resource group " + resourceGroup);
                if (rg != null) out.add(resourceGroupNode(rg));
            }
        } else {
            p.status("searching the resource groups of subscription " + subscription);
            for (JsonNode rg : sorted(arm.list(subId + "/resourcegroups?api-version=" + RESOURCES_API_VERSION, p, null))) {
                if (rg.path("name").asText("").toLowerCase(Locale.ROOT).contains(needle)) out.add(resourceGroupNode(rg));
            }
        }
        p.status("searching the Data Share accounts of " + (resourceGroup == null ? "subscription " + subscription
                : "resource group " + resourceGroup));
        String scope = resourceGroup == null ? subId : DataShareRenderer.resourceGroupId(subscription, resourceGroup);
        List<JsonNode> accounts = new ArrayList<>(arm.list(scope + "/providers/Microsoft.DataShare/accounts?api-version=" + API_VERSION, p, null));
        // tree order: by resource group, then by name (the ARM id holds both, in that order)
        accounts.sort(Comparator.comparing(j -> j.path("id").asText("").toLowerCase(Locale.ROOT)));
        for (JsonNode a : accounts) {
            if (a.path("name").asText("").toLowerCase(Locale.ROOT).contains(needle)) {
                out.add(accountNode(a, segmentAfter(a.path("id").asText(), "resourceGroups")));
            }
        }
        int total = accounts.size();
        p.status("searching the shares of " + total + " account(s)");
        Progress counting = new Progress() {
            @Override public void status(String message) { p.status(message); }
            @Override public void worked(long done, long t) { p.worked(done, t); }
            @Override public boolean cancelled() { return p.cancelled(); }
        };
        Map<Integer, List<List<JsonNode>>> perAccount = new java.util.concurrent.ConcurrentHashMap<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < total; i++) indexes.add(i);
        p.worked(0, total);
        try {
            BoundedReads.describeAll(indexes, SEARCH_PARALLELISM, i -> {
                String id = accounts.get(i).path("id").asText();
                List<List<JsonNode>> lists = List.of(arm.list(id + "/shares?api-version=" + API_VERSION, counting, null),
                        arm.list(id + "/shareSubscriptions?api-version=" + API_VERSION, counting, null));
                perAccount.put(i, lists);
                return lists;
            }, counting);
        } catch (dev.mlpc.core.provider.CancelledException e) {
            p.status("search stopped after " + perAccount.size() + " of " + total + " accounts");
        }
        List<LiveNode> shares = new ArrayList<>();
        List<LiveNode> subscriptions = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            List<List<JsonNode>> lists = perAccount.get(i);
            if (lists == null) continue;
            String accountId = accounts.get(i).path("id").asText();
            String account = lastSegment(accountId);
            String rg = segmentAfter(accountId, "resourceGroups");
            for (JsonNode s : sorted(lists.get(0))) {
                if (s.path("name").asText("").toLowerCase(Locale.ROOT).contains(needle)) shares.add(shareNode(s, rg, account));
            }
            for (JsonNode s : sorted(lists.get(1))) {
                if (s.path("name").asText("").toLowerCase(Locale.ROOT).contains(needle)) {
                    subscriptions.add(shareSubscriptionNode(s, rg, account));
                }
            }
        }
        out.addAll(shares);
        out.addAll(subscriptions);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** Datasets, then invitations (with their status), then synchronization settings. */
    private List<LiveNode> shareChildren(LiveNode shareNode, Progress p) throws ProviderException {
        String shareId = armId(shareNode);
        String share = lastSegment(shareId);
        String account = segmentAfter(shareId, "accounts");
        String rg = segmentAfter(shareId, "resourceGroups");
        List<LiveNode> out = new ArrayList<>();
        p.status("listing the datasets, invitations and synchronization settings of share " + share);
        List<List<JsonNode>> lists = lists(p, shareId + "/dataSets?api-version=" + API_VERSION,
                shareId + "/invitations?api-version=" + API_VERSION, shareId + "/synchronizationSettings?api-version=" + API_VERSION);
        for (JsonNode ds : sorted(lists.get(0))) {
            String name = ds.path("name").asText();
            Map<String, Object> d = storageDetails(ds, rg);
            d.put("account", account);
            d.put("share", share);
            out.add(new LiveNode(ds.path("id").asText(), name + " (" + ds.path("kind").asText("?") + ")", "dataset", true,
                    new ResourceKey(DATASET, name), d));
        }
        for (JsonNode inv : sorted(lists.get(1))) {
            String name = inv.path("name").asText();
            JsonNode props = inv.path("properties");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", inv.path("id").asText());
            d.put("resource_group", rg);
            d.put("account", account);
            d.put("share", share);
            put(d, "invitation_status", props.path("invitationStatus"));
            put(d, "target_email", props.path("targetEmail"));
            put(d, "target_object_id", props.path("targetObjectId"));
            put(d, "target_active_directory_id", props.path("targetActiveDirectoryId"));
            put(d, "expiration_date", props.path("expirationDate"));
            put(d, "invitation_id", props.path("invitationId"));
            put(d, "sent_at", props.path("sentAt"));
            put(d, "responded_at", props.path("respondedAt"));
            put(d, "user_email", props.path("userEmail"));
            String to = props.path("targetEmail").asText(null);
            if (to == null) to = props.path("targetObjectId").asText(null);
            out.add(new LiveNode(inv.path("id").asText(), name + (to == null ? "" : " → " + to) + " ("
                    + props.path("invitationStatus").asText("status unknown") + ")", "invitation", true,
                    new ResourceKey(INVITATION, name), d));
        }
        for (JsonNode ss : sorted(lists.get(2))) {
            String name = ss.path("name").asText();
            JsonNode props = ss.path("properties");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", ss.path("id").asText());
            d.put("resource_group", rg);
            d.put("account", account);
            d.put("share", share);
            put(d, "kind", ss.path("kind"));
            put(d, "recurrence_interval", props.path("recurrenceInterval"));
            put(d, "synchronization_time", props.path("synchronizationTime"));
            put(d, "provisioning_state", props.path("provisioningState"));
            put(d, "created_at", props.path("createdAt"));
            put(d, "user_name", props.path("userName"));
            out.add(new LiveNode(ss.path("id").asText(), name + " (" + schedule(props) + ")", "synchronization_setting",
                    true, new ResourceKey(SYNCHRONIZATION_SETTING, name), d));
        }
        return out;
    }

    /** The invitations this tenant received (the consumer side's inbox), every status. */
    private List<LiveNode> receivedInvitations(Progress p) throws ProviderException {
        p.status("listing the invitations received in this tenant");
        List<JsonNode> all = arm.list("/providers/Microsoft.DataShare/listInvitations?api-version=" + API_VERSION, p, null);
        List<JsonNode> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((JsonNode j) -> j.path("properties").path("sentAt").asText(""), Comparator.reverseOrder())
                .thenComparing(j -> j.path("name").asText("").toLowerCase(Locale.ROOT)));
        List<LiveNode> out = new ArrayList<>();
        for (JsonNode inv : sorted) {
            JsonNode props = inv.path("properties");
            Map<String, Object> d = new LinkedHashMap<>();
            put(d, "id", inv.path("id"));
            put(d, "invitation_id", props.path("invitationId"));
            put(d, "invitation_status", props.path("invitationStatus"));
            put(d, "location", props.path("location"));
            put(d, "share_name", props.path("shareName"));
            put(d, "description", props.path("description"));
            put(d, "terms", props.path("terms"));
            put(d, "data_set_count", props.path("dataSetCount"));
            put(d, "provider_email", props.path("providerEmail"));
            put(d, "provider_name", props.path("providerName"));
            put(d, "provider_tenant_name", props.path("providerTenantName"));
            put(d, "sent_at", props.path("sentAt"));
            put(d, "expiration_date", props.path("expirationDate"));
            put(d, "responded_at", props.path("respondedAt"));
            String from = props.path("providerEmail").asText(props.path("providerName").asText("?"));
            String id = inv.path("id").asText(null);
            String path = id != null ? id : "/subscriptions/" + subscription + "#" + RECEIVED_INVITATIONS + "/"
                    + props.path("invitationId").asText(inv.path("name").asText());
            out.add(new LiveNode(path, props.path("shareName").asText(inv.path("name").asText("?")) + " from " + from + " ("
                    + props.path("invitationStatus").asText("status unknown") + ")", "received_invitation", true, null, d));
        }
        return out;
    }

    /** Dataset mappings, then triggers, then the Synchronizations folder (history on expansion only). */
    private List<LiveNode> shareSubscriptionChildren(LiveNode subNode, Progress p) throws ProviderException {
        String subId = armId(subNode);
        String name = lastSegment(subId);
        String account = segmentAfter(subId, "accounts");
        String rg = segmentAfter(subId, "resourceGroups");
        List<LiveNode> out = new ArrayList<>();
        p.status("listing the dataset mappings and triggers of share subscription " + name);
        List<List<JsonNode>> lists = lists(p, subId + "/dataSetMappings?api-version=" + API_VERSION,
                subId + "/triggers?api-version=" + API_VERSION);
        for (JsonNode m : sorted(lists.get(0))) {
            String mName = m.path("name").asText();
            Map<String, Object> d = storageDetails(m, rg);
            d.put("account", account);
            d.put("share_subscription", name);
            put(d, "data_set_mapping_status", m.path("properties").path("dataSetMappingStatus"));
            String target = String.valueOf(d.getOrDefault("storage_account_name", "?")) + "/"
                    + d.getOrDefault("container_name", d.getOrDefault("file_system", "?"));
            String status = m.path("properties").path("dataSetMappingStatus").asText(null);
            out.add(new LiveNode(m.path("id").asText(), mName + " → " + target + (status == null || status.equals("Ok") ? "" : " (" + status + ")"),
                    "dataset_mapping", true, new ResourceKey(DATASET_MAPPING, mName), d));
        }
        for (JsonNode t : sorted(lists.get(1))) {
            String tName = t.path("name").asText();
            JsonNode props = t.path("properties");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", t.path("id").asText());
            d.put("resource_group", rg);
            d.put("account", account);
            d.put("share_subscription", name);
            put(d, "kind", t.path("kind"));
            put(d, "recurrence_interval", props.path("recurrenceInterval"));
            put(d, "synchronization_time", props.path("synchronizationTime"));
            put(d, "synchronization_mode", props.path("synchronizationMode"));
            put(d, "trigger_status", props.path("triggerStatus"));
            put(d, "provisioning_state", props.path("provisioningState"));
            put(d, "created_at", props.path("createdAt"));
            String status = props.path("triggerStatus").asText(null);
            out.add(new LiveNode(t.path("id").asText(), tName + " (" + schedule(props) + (status == null ? "" : ", " + status) + ")",
                    "trigger", true, new ResourceKey(TRIGGER, tName), d));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("share_subscription", name);
        d.put("shows", "the synchronization history, newest first; file counts for the newest " + DETAILED_SYNCHRONIZATIONS);
        out.add(new LiveNode(subId + "#" + SYNCHRONIZATIONS, "Synchronizations", SYNCHRONIZATIONS, false, null, d));
        return out;
    }

    /** The synchronization history of a share subscription, newest first, with file counts for the newest few. */
    private List<LiveNode> synchronizations(LiveNode folder, Progress p) throws ProviderException {
        String subId = armId(folder);
        String name = lastSegment(subId);
        p.status("listing the synchronizations of share subscription " + name);
        List<JsonNode> syncs = new ArrayList<>(postList(arm, subId + "/listSynchronizations?api-version=" + API_VERSION, null,
                "listing the synchronizations of share subscription " + name, p));
        sortNewestFirst(syncs);
        List<LiveNode> out = new ArrayList<>();
        int detailed = 0;
        for (JsonNode s : syncs) {
            Map<String, Object> d = synchronizationDetails(s);
            d.put("share_subscription", name);
            String id = s.path("synchronizationId").asText();
            if (detailed < DETAILED_SYNCHRONIZATIONS && !id.isEmpty()) {
                detailed++;
                p.checkCancelled();
                p.status("reading the file counts of synchronization " + id);
                putFileCounts(d, fileCounts(arm, subId, id, p));
            }
            out.add(new LiveNode(subId + "#" + SYNCHRONIZATIONS + "/" + id, synchronizationLabel(s, d), "synchronization",
                    true, null, d));
        }
        return out;
    }

    /**
     * The paged lists one expansion needs, side by side (each follows its own nextLink): a share's three lists cost
     * one round trip of latency instead of three. Cancel stops them.
     */
    private List<List<JsonNode>> lists(Progress p, String... paths) throws ProviderException {
        Progress cancelOnly = new Progress() {
            @Override public void status(String message) { p.status(message); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return p.cancelled(); }
        };
        return BoundedReads.describeAll(List.of(paths), paths.length, path -> arm.list(path, p, null), cancelOnly);
    }

    // ---- synchronizations (shared with DataShareActions) ------------------------------------------------------------

    /** The details of one synchronization: status, mode, start, end, duration and, when it failed, its error. */
    static Map<String, Object> synchronizationDetails(JsonNode s) {
        Map<String, Object> d = new LinkedHashMap<>();
        put(d, "synchronization_id", s.path("synchronizationId"));
        put(d, "status", s.path("status"));
        put(d, "synchronization_mode", s.path("synchronizationMode"));
        put(d, "start_time", s.path("startTime"));
        put(d, "end_time", s.path("endTime"));
        if (s.path("durationMs").isNumber()) d.put("duration", duration(s.path("durationMs").asLong()));
        String message = s.path("message").asText(null);
        if (message != null && !message.isBlank()) d.put(isFailure(s) ? "error" : "message", message);
        return d;
    }

    static boolean isFailure(JsonNode s) {
        return "Failed".equalsIgnoreCase(s.path("status").asText());
    }

    /** Files and bytes a synchronization copied, summed over its datasets. */
    record FileCounts(long filesRead, long filesWritten, long sizeWritten, int datasets) { }

    /** listSynchronizationDetails of one synchronization (paged), summed. */
    static FileCounts fileCounts(ArmClient arm, String shareSubscriptionId, String synchronizationId, Progress p)
            throws ProviderException {
        List<JsonNode> details = postList(arm, shareSubscriptionId + "/listSynchronizationDetails?api-version=" + API_VERSION,
                Map.of("synchronizationId", synchronizationId), "reading the details of synchronization " + synchronizationId, p);
        long read = 0;
        long written = 0;
        long size = 0;
        for (JsonNode x : details) {
            read += x.path("filesRead").asLong(0);
            written += x.path("filesWritten").asLong(0);
            size += x.path("sizeWritten").asLong(0);
        }
        return new FileCounts(read, written, size, details.size());
    }

    static void putFileCounts(Map<String, Object> d, FileCounts c) {
        d.put("files_copied", c.filesWritten());
        d.put("files_read", c.filesRead());
        d.put("bytes_copied", c.sizeWritten());
        d.put("datasets", c.datasets());
    }

    static String synchronizationLabel(JsonNode s, Map<String, Object> d) {
        StringBuilder b = new StringBuilder();
        b.append(s.path("startTime").asText("(not started)")).append(" ").append(s.path("status").asText("status unknown"));
        List<String> extra = new ArrayList<>();
        if (s.hasNonNull("synchronizationMode")) extra.add(s.path("synchronizationMode").asText());
        if (d.get("files_copied") != null) extra.add(d.get("files_copied") + " files");
        if (d.get("duration") != null) extra.add(String.valueOf(d.get("duration")));
        if (!extra.isEmpty()) b.append(" (").append(String.join(", ", extra)).append(")");
        if (d.get("error") != null) b.append(": ").append(d.get("error"));
        return b.toString();
    }

    /** Sorts synchronizations by start time, newest first (ARM's order is not documented). */
    static void sortNewestFirst(List<JsonNode> syncs) {
        syncs.sort(Comparator.comparing((JsonNode j) -> instant(j.path("startTime").asText(null)), Comparator.reverseOrder()));
    }

    private static OffsetDateTime instant(String t) {
        if (t == null) return OffsetDateTime.MIN;
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.MIN;
        }
    }

    /**
     * A POST list of Data Share (listSynchronizations, listSynchronizationDetails): the first page by POST with
     * {@code body}, the next ones by GET of {@code nextLink} (as Azure's generated clients follow them).
     */
    static List<JsonNode> postList(ArmClient arm, String path, Object body, String what, Progress p) throws ProviderException {
        List<JsonNode> out = new ArrayList<>();
        ArmClient.ArmResponse r = arm.send("POST", path, body, what);
        while (true) {
            for (JsonNode v : r.json().path("value")) out.add(v);
            String next = r.json().path("nextLink").asText(null);
            if (next == null || next.isBlank()) return out;
            p.checkCancelled();
            r = arm.send("GET", next, null, what);
        }
    }

    /** {@code 4.2 s}, {@code 850 ms}, {@code 3 min 5 s}. */
    static String duration(long ms) {
        if (ms < 1000) return ms + " ms";
        Duration d = Duration.ofMillis(ms);
        if (d.toMinutes() == 0) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        if (d.toHours() == 0) return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** A dataset's or mapping's details: its kind, ids and storage location in the stack's property names. */
    private static Map<String, Object> storageDetails(JsonNode ds, String accountResourceGroup) {
        JsonNode props = ds.path("properties");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", ds.path("id").asText());
        put(d, "kind", ds.path("kind"));
        put(d, "data_set_id", props.path("dataSetId"));
        put(d, "subscription_id", props.path("subscriptionId"));
        put(d, "resource_group", props.path("resourceGroup"));
        put(d, "storage_account_name", props.path("storageAccountName"));
        put(d, "container_name", props.path("containerName"));
        put(d, "file_system", props.path("fileSystem"));
        put(d, "file_path", props.path("filePath"));
        put(d, "prefix", props.path("prefix"));
        put(d, "folder_path", props.path("folderPath"));
        put(d, "provisioning_state", props.path("provisioningState"));
        d.put("account_resource_group", accountResourceGroup);
        return d;
    }

    private static String schedule(JsonNode props) {
        String every = props.path("recurrenceInterval").asText("?");
        String at = props.path("synchronizationTime").asText(null);
        return "every " + every.toLowerCase(Locale.ROOT) + (at == null ? "" : " from " + at);
    }

    private static String labelWithState(String name, String provisioningState) {
        return provisioningState == null || provisioningState.equalsIgnoreCase("Succeeded") ? name : name + " (" + provisioningState + ")";
    }

    private static void put(Map<String, Object> d, String key, JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) return;
        if (v.isNumber()) d.put(key, v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
        else if (v.isBoolean()) d.put(key, v.asBoolean());
        else if (v.isValueNode()) {
            String s = v.asText();
            if (!s.isEmpty()) d.put(key, s);
        } else d.put(key, v.toString());
    }

    private static void putTags(Map<String, Object> d, JsonNode o) {
        JsonNode tags = o.path("tags");
        if (!tags.isObject() || tags.isEmpty()) return;
        Map<String, Object> t = new java.util.TreeMap<>();
        tags.fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
        d.put("tags", t);
    }

    private static List<JsonNode> sorted(List<JsonNode> items) {
        List<JsonNode> out = new ArrayList<>(items);
        out.sort(Comparator.comparing(j -> j.path("name").asText("").toLowerCase(Locale.ROOT)));
        return out;
    }

    static String lastSegment(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }

    /** The segment after {@code name} in an ARM id (case-insensitive), or null. */
    static String segmentAfter(String id, String name) {
        String[] s = id.split("/");
        for (int i = 0; i + 1 < s.length; i++) if (s[i].equalsIgnoreCase(name)) return s[i + 1];
        return null;
    }
}
