package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.providers.datashare.DataShareTypes.*;

/**
 * Data Share statements are ARM requests, written as canonical JSON documents
 * {@code {"method":"PUT","path":"/subscriptions/…?api-version=2021-08-01","body":{…}}} (no {@code body} for DELETE).
 * Paths are relative to the ARM endpoint.
 * <p>
 * Create paths are written in full wherever the plan can know them, so that a reviewer reads the request as it is sent:
 * <ul>
 *   <li>Bound to the stack being planned ({@link #forStack}), a create's path follows the parent chain through the
 *       stack's definitions (dataset, invitation, synchronization setting → share → account → resource group; dataset
 *       mapping, trigger → share subscription → account), each object by its ARM name ({@code <kind>_name}, else
 *       its resource name).</li>
 *   <li>Bound to a live session as well ({@link #withSubscription}, through
 *       {@link DataShareSession#renderer(Renderer)}), the path starts with the connection's literal subscription id:
 *       {@code /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.DataShare/accounts/<a>/shares/<s>?…}.
 *       The reviewed plan and apply's re-plan are both rendered so, and their hashes agree.</li>
 *   <li>What the renderer cannot know stays an output placeholder that the apply fills in
 *       ({@link Statement#withOutputs}, {@link DataShareApplier#knownOutput}): offline (or unbound),
 *       {@code ${datashare.subscription.current.Id}}; a parent that is not a resource of the stack (warning
 *       {@code parent-not-in-stack}), {@code ${datashare.account.<name>.Id}}, {@code ${datashare.share.<name>.Id}} or
 *       {@code ${datashare.share_subscription.<name>.Id}}, the rest of the path written after it.</li>
 * </ul>
 * Updates and deletes use the live object's id ({@link #ARM_ID}), so their paths are literal in live plans; without
 * one (offline, or an object replaced) they take the create path.
 * <ul>
 *   <li>Create: {@code PUT} of the object (resource groups with api-version {@value DataShareTypes#RESOURCES_API_VERSION}).
 *       Every PUT returns outputs {@code Id} (and, for an account, {@code PrincipalId} of its managed identity).</li>
 *   <li>Update: a resource group's tags by {@code PUT} (location and tags), an account's tags by {@code PATCH}
 *       (Accounts_Update), a share's description and terms by {@code PUT}. Everything else is immutable: a change is
 *       a replace.</li>
 *   <li>Delete: {@code DELETE}; an invitation's delete withdraws it. All deletes are destructive (the core gates
 *       them).</li>
 *   <li>Removed settings ({@link #clearing}): tags are sent empty, a share's description and terms as empty text.</li>
 * </ul>
 * Immutable; the bound renderers are new instances.
 */
public final class DataShareRenderer implements Renderer {
    /** Observed: the object's ARM id. */
    public static final String ARM_ID = "id";
    /** Observed on an account: its managed identity's principal id (role checks). */
    public static final String PRINCIPAL_ID = "principal_id";
    /** Observed: the ARM provisioningState, or the invitation's status. */
    public static final String PROVISIONING_STATE = "provisioning_state";
    /** Observed on a resource group: the keys ({@code type name}) of the managed resources it holds. */
    public static final String HELD_MANAGED = "held_managed";
    /** Observed on a resource group: the ARM ids of the resources it holds that no stack version here manages. */
    public static final String HELD_UNMANAGED = "held_unmanaged";
    /** Rule of the error that blocks dropping a resource group that still holds other objects. */
    public static final String GROUP_NOT_EMPTY = "resource-group-not-empty";
    /** How many of the resources a group still holds the warning names. */
    static final int NAMED = 5;

    /** The output placeholder of the connection's subscription id. */
    public static final String SUBSCRIPTION = Statement.output(new ResourceKey("datashare.subscription", "current"), "Id");

    /** The Data Share resources of the stack this renderer is bound to, by key; empty when unbound. */
    private final Map<ResourceKey, Resource> stack;
    /** The connection's subscription id, or null (the placeholder {@link #SUBSCRIPTION}). */
    private final String subscription;

    /** The unbound renderer: every parent and the subscription by placeholder. */
    public DataShareRenderer() {
        this(Map.of(), null);
    }

    private DataShareRenderer(Map<ResourceKey, Resource> stack, String subscription) {
        this.stack = stack;
        this.subscription = subscription;
    }

    /** This renderer placing creates through {@code stack}'s definitions (the subscription as it was bound). */
    @Override
    public DataShareRenderer forStack(Stack stack) {
        Map<ResourceKey, Resource> byKey = new LinkedHashMap<>();
        for (Resource r : stack.resources()) if (r.provider().equals(PROVIDER)) byKey.put(r.key(), r);
        return new DataShareRenderer(Map.copyOf(byKey), subscription);
    }

    /** This renderer writing {@code subscriptionId} literally (a live session's); null or blank: the placeholder. */
    public DataShareRenderer withSubscription(String subscriptionId) {
        return new DataShareRenderer(stack, subscriptionId == null || subscriptionId.isBlank() ? null : subscriptionId);
    }

    @Override
    public List<Statement> create(Resource r) {
        return List.of(Statement.withOutputs(request("PUT", createPath(r), body(r))));
    }

    @Override
    public Rendered update(Resource r, ObservedResource observed, Set<String> changed) {
        List<Statement> out = new ArrayList<>();
        String path = observedPath(r, observed);
        switch (r.type()) {
            case RESOURCE_GROUP -> {
                if (changed.contains("tags")) {
                    Map<String, Object> b = new LinkedHashMap<>();
                    Object loc = observed != null && observed.get("location") != null ? observed.get("location") : r.get("location");
                    b.put("location", loc);
                    b.put("tags", tagsOrEmpty(r));
                    out.add(Statement.withOutputs(request("PUT", path, b)));
                }
            }
            case ACCOUNT -> {
                if (changed.contains("tags")) {
                    out.add(Statement.withOutputs(request("PATCH", path, Map.of("tags", tagsOrEmpty(r)))));
                }
            }
            case SHARE -> {
                if (changed.contains("description") || changed.contains("terms")) {
                    Map<String, Object> b = body(r);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> props = (Map<String, Object>) b.get("properties");
                    for (String p : List.of("description", "terms")) {
                        if (changed.contains(p) && r.get(p) == null) props.put(camel(p), "");
                    }
                    out.add(Statement.withOutputs(request("PUT", path, b)));
                }
            }
            default -> { }
        }
        return new Rendered(out, Safety.SAFE);
    }

    @Override
    public List<Statement> drop(Resource r, ObservedResource observed) {
        return List.of(Statement.withOutputs(request("DELETE", observedPath(r, observed), null)));
    }

    /**
     * Deleting an Azure resource group deletes everything in it. Dropping a managed group is therefore refused
     * (rule {@value #GROUP_NOT_EMPTY}, severity {@code error}: the apply is blocked) when the live read found in it
     * resources this stack does not manage, or managed ones the stack still declares; allowed only when everything in
     * it is this stack's and dropped in the same plan. Up to {@value #NAMED} of them are named.
     */
    @Override
    public List<PlanWarning> dropWarnings(Resource removed, ObservedResource live) {
        if (!removed.type().equals(RESOURCE_GROUP) || live == null) return List.of();
        List<String> keep = new ArrayList<>();
        if (live.get(HELD_UNMANAGED) instanceof List<?> others) {
            for (Object id : others) keep.add(describe(String.valueOf(id)));
        }
        if (live.get(HELD_MANAGED) instanceof List<?> mine) {
            for (Object k : mine) {
                String[] tn = String.valueOf(k).split(" ", 2);
                if (tn.length == 2 && stack.containsKey(new ResourceKey(tn[0], tn[1]))) keep.add(k + " (still in this stack)");
            }
        }
        if (keep.isEmpty()) return List.of();
        String named = String.join(", ", keep.subList(0, Math.min(NAMED, keep.size())))
                + (keep.size() > NAMED ? " and " + (keep.size() - NAMED) + " more" : "");
        return List.of(new PlanWarning(RESOURCE_GROUP, removed.name(), GROUP_NOT_EMPTY, "not dropped: resource group "
                + removed.name() + " still holds " + keep.size() + " resource(s) this plan does not delete: " + named
                + "; deleting the group would delete them with it. Keep the group in the stack, or move or delete them first",
                "error"));
    }

    /** {@code …/providers/Microsoft.Storage/storageAccounts/sa} → {@code Microsoft.Storage/storageAccounts sa}. */
    static String describe(String armId) {
        int p = armId.toLowerCase(java.util.Locale.ROOT).lastIndexOf("/providers/");
        if (p < 0) return armId;
        String rest = armId.substring(p + "/providers/".length());
        int last = rest.lastIndexOf('/');
        return last < 0 ? rest : rest.substring(0, last) + " " + rest.substring(last + 1);
    }

    /** Tags return to none; a share's description and terms to empty text. */
    @Override
    public Clearing clearing(String type, String path) {
        if (path.equals("tags") && (type.equals(RESOURCE_GROUP) || type.equals(ACCOUNT))) return Clearing.to(Map.of());
        if (type.equals(SHARE) && (path.equals("description") || path.equals("terms"))) return Clearing.to("");
        return null;
    }

    /**
     * Rule {@code parent-not-in-stack}: a Data Share object whose parent (account, share, share subscription) is not
     * a resource of the stack cannot be placed (its resource group is unknown); rule {@code same-live-name}: two
     * resources that would be one ARM object.
     */
    @Override
    public List<PlanWarning> warnings(Stack stack) {
        List<PlanWarning> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Resource r : stack.resources()) {
            if (!r.provider().equals(PROVIDER)) continue;
            String pt = parentType(r.type());
            String pp = parentProperty(r.type());
            if (pt != null && !pt.equals(RESOURCE_GROUP) && r.string(pp) != null
                    && stack.find(new ResourceKey(pt, r.string(pp))).isEmpty()) {
                out.add(new PlanWarning(r.type(), r.name(), "parent-not-in-stack", pp + ": " + pt + " " + r.string(pp)
                        + " is not a resource of this stack; declare it (its resource group and name place this object)"));
            }
            String live = r.type() + " " + (pp == null ? "" : r.string(pp) + "/") + armName(r);
            String first = seen.putIfAbsent(live.toLowerCase(java.util.Locale.ROOT), r.name());
            if (first != null) {
                out.add(new PlanWarning(r.type(), r.name(), "same-live-name", "resources " + first + " and " + r.name()
                        + " are both " + live + " in Azure; give each its own name"));
            }
        }
        return out;
    }

    /**
     * What the plan should say about a live object in trouble: an invitation the consumer rejected or the provider
     * withdrew (rule {@code invitation-status}), a share subscription whose share was revoked or deleted, a broken
     * dataset mapping (rule {@code status}), an object whose provisioning Failed. These are warnings: re-applying does
     * not repair them (an invitation is immutable: remove it from the stack and add a new one).
     */
    @Override
    public List<PlanWarning> notes(Resource desired, ObservedResource live) {
        List<PlanWarning> out = new ArrayList<>();
        var trouble = DataShareObserved.TROUBLE.get(desired.type());
        if (trouble != null && live.get(trouble.getKey()) instanceof String status && trouble.getValue().contains(status)) {
            if (desired.type().equals(INVITATION)) {
                out.add(new PlanWarning(desired.type(), desired.name(), "invitation-status", "the invitation is " + status
                        + (status.equals("Withdrawn") ? " (withdrawn by the provider)" : " (rejected by the consumer)")
                        + ": it can no longer be accepted; invitations cannot be changed, so give a new invitation its own name to invite again"));
            } else {
                out.add(new PlanWarning(desired.type(), desired.name(), "status", "the live object's status is " + status
                        + (desired.type().equals(SHARE_SUBSCRIPTION) ? ": the provider revoked or deleted the share; no more synchronizations arrive"
                        : ": the mapping's source or target is gone or inaccessible; synchronizations of it fail")));
            }
        }
        if ("Failed".equalsIgnoreCase(String.valueOf(live.get(PROVISIONING_STATE)))) {
            out.add(new PlanWarning(desired.type(), desired.name(), "status", "Azure reports the object's provisioning Failed; "
                    + "remove it from the stack and apply to delete it, then add it again"));
        }
        return out;
    }

    /** A request document; {@code body} null for bodiless requests. */
    public static Map<String, Object> request(String method, String path, Map<String, Object> body) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("method", method);
        doc.put("path", path);
        if (body != null) doc.put("body", body);
        return doc;
    }

    /** {@code storage_account_name} → {@code storageAccountName}. */
    public static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') { up = true; continue; }
            b.append(up ? Character.toUpperCase(c) : c);
            up = false;
        }
        return b.toString();
    }

    /** The api-version of requests on objects of {@code type}. */
    public static String apiVersion(String type) {
        return type.equals(RESOURCE_GROUP) ? RESOURCES_API_VERSION : API_VERSION;
    }

    /**
     * The ARM id of the object, relative to its parent's id: {@code /subscriptions/s/resourceGroups/rg} for a resource
     * group, {@code <rg id>/providers/Microsoft.DataShare/accounts/a} for an account, {@code <account id>/shares/s}…
     */
    public static String childId(String type, String parentId, String name) {
        return switch (type) {
            case ACCOUNT -> parentId + "/providers/Microsoft.DataShare/accounts/" + name;
            case SHARE -> parentId + "/shares/" + name;
            case DATASET -> parentId + "/dataSets/" + name;
            case INVITATION -> parentId + "/invitations/" + name;
            case SYNCHRONIZATION_SETTING -> parentId + "/synchronizationSettings/" + name;
            case SHARE_SUBSCRIPTION -> parentId + "/shareSubscriptions/" + name;
            case DATASET_MAPPING -> parentId + "/dataSetMappings/" + name;
            case TRIGGER -> parentId + "/triggers/" + name;
            default -> throw new IllegalArgumentException("not a Data Share child type: " + type);
        };
    }

    /** A resource group's id. */
    public static String resourceGroupId(String subscription, String rg) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + rg;
    }

    /** The path of a create: the object's ARM id as far as this renderer knows it (see the class comment). */
    String createPath(Resource r) {
        return id(r) + "?api-version=" + apiVersion(r.type());
    }

    /**
     * The ARM id of {@code r}: its parent's (from the bound stack's definitions, else the parent's {@code Id}
     * placeholder) and its ARM name. The parent types form a fixed hierarchy, so the recursion ends.
     */
    private String id(Resource r) {
        String sub = subscription == null ? SUBSCRIPTION : subscription;
        if (r.type().equals(RESOURCE_GROUP)) return resourceGroupId(sub, r.name());
        if (r.type().equals(ACCOUNT)) return childId(ACCOUNT, resourceGroupId(sub, r.string("resource_group")), armName(r));
        ResourceKey parentKey = new ResourceKey(parentType(r.type()), r.string(parentProperty(r.type())));
        Resource parent = stack.get(parentKey);
        String parentId = parent == null ? Statement.output(parentKey, "Id") : id(parent);
        return childId(r.type(), parentId, armName(r));
    }

    /** The live object's path, else the create path (an offline plan, or a replaced object). */
    String observedPath(Resource r, ObservedResource observed) {
        Object id = observed == null ? null : observed.get(ARM_ID);
        if (id instanceof String s && !s.isBlank()) return s + "?api-version=" + apiVersion(r.type());
        return createPath(r);
    }

    /** The PUT body of the resource, in the REST spelling. */
    static Map<String, Object> body(Resource r) {
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> props = new LinkedHashMap<>();
        switch (r.type()) {
            case RESOURCE_GROUP -> {
                b.put("location", r.get("location"));
                if (r.get("tags") instanceof Map<?, ?> t && !t.isEmpty()) b.put("tags", t);
                return b;
            }
            case ACCOUNT -> {
                Object type = r.get("identity") instanceof Map<?, ?> m && m.get("type") != null ? m.get("type") : "SystemAssigned";
                b.put("identity", Map.of("type", type));
                b.put("location", r.get("location"));
                if (r.get("tags") instanceof Map<?, ?> t && !t.isEmpty()) b.put("tags", t);
                return b;
            }
            case SHARE -> putAll(r, props, "share_kind", "description", "terms");
            case DATASET -> {
                b.put("kind", value(r, "kind"));
                putAll(r, props, "container_name", "file_path", "file_system", "folder_path", "prefix",
                        "resource_group", "storage_account_name", "subscription_id");
            }
            case INVITATION -> putAll(r, props, "expiration_date", "target_active_directory_id", "target_email", "target_object_id");
            case SYNCHRONIZATION_SETTING, TRIGGER -> {
                b.put("kind", r.get("kind") == null ? "ScheduleBased" : value(r, "kind"));
                putAll(r, props, "recurrence_interval", "synchronization_time");
            }
            case SHARE_SUBSCRIPTION -> putAll(r, props, "expiration_date", "invitation_id", "source_share_location");
            case DATASET_MAPPING -> {
                b.put("kind", value(r, "kind"));
                putAll(r, props, "container_name", "data_set_id", "file_path", "file_system", "folder_path", "prefix",
                        "resource_group", "storage_account_name", "subscription_id");
            }
            default -> throw new IllegalArgumentException("not a Data Share type: " + r.type());
        }
        b.put("properties", props);
        return b;
    }

    private static void putAll(Resource r, Map<String, Object> props, String... names) {
        for (String n : names) {
            Object v = value(r, n);
            if (v != null) props.put(camel(n), v);
        }
    }

    /** The property's value; an enum in its canonical spelling (stacks may write {@code copybased}). */
    static Object value(Resource r, String property) {
        Object v = r.get(property);
        if (!(v instanceof String s)) return v;
        dev.mlpc.core.spec.ResourceType t = TYPES.get(r.type());
        var spec = t == null ? null : t.property(property).orElse(null);
        if (spec == null || spec.kind() != dev.mlpc.core.spec.PropertySpec.Kind.ENUM) return v;
        String c = spec.canonicalEnum(s);
        return c == null ? s : c;
    }

    private static final Map<String, dev.mlpc.core.spec.ResourceType> TYPES = new LinkedHashMap<>();
    static {
        for (var t : DataShareTypes.all()) TYPES.put(t.type(), t);
    }

    private static Object tagsOrEmpty(Resource r) {
        return r.get("tags") instanceof Map<?, ?> t ? t : Map.of();
    }
}
