package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.providers.datashare.DataShareTypes.*;

/**
 * The checks before an apply (issue 11, item 4): Data Share copies with the accounts' managed identities, so
 * <ul>
 *   <li>the share account's identity needs read access to each dataset's source storage account: Storage Blob Data
 *       Reader, or a broader role (Storage Blob Data Contributor / Owner; Contributor and Owner, which may list the
 *       account's keys);</li>
 *   <li>the consumer account's identity needs write access to each dataset mapping's target storage account: Storage
 *       Blob Data Contributor or Owner (or Contributor / Owner).</li>
 * </ul>
 * The role assignments of each storage account involved are read once ({@code GET {scope}/providers/
 * Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()}, which includes the ones
 * inherited from the resource group and subscription; all pages). A missing role is a plan warning (rule
 * {@value #MISSING}) naming the identity, the storage account, the role and the command that grants it; assignments
 * that cannot be read are a warning {@value #NOT_CHECKED} with the reason; an account that does not exist yet has no
 * principal to check, and the warning says the check runs once it exists. Built-in role ids are Azure's fixed GUIDs.
 */
final class DataShareRoleChecks {
    static final String MISSING = "role-missing";
    static final String NOT_CHECKED = "role-not-checked";

    static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"; // control plane: no data actions (not in READ / WRITE)
    static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    static final String BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    static final String BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    static final String BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    /**
     * Roles that let an identity read blobs: the data roles only. Owner and Contributor are control-plane roles with
     * no data actions, so an identity holding only them cannot read a blob.
     */
    static final Set<String> READ = Set.of(BLOB_DATA_READER, BLOB_DATA_CONTRIBUTOR, BLOB_DATA_OWNER);
    /** Roles that let an identity write blobs (data roles only, as {@link #READ}). */
    static final Set<String> WRITE = Set.of(BLOB_DATA_CONTRIBUTOR, BLOB_DATA_OWNER);

    private final ArmClient arm;
    private final Map<ResourceKey, Resource> stack;
    private final Map<ResourceKey, ObservedResource> observed;
    /** Role assignments by scope (lower case): principal id → role definition GUIDs; or the reason they are unreadable. */
    private final Map<String, Object> assignments = new LinkedHashMap<>();

    DataShareRoleChecks(ArmClient arm, Map<ResourceKey, Resource> stack, Map<ResourceKey, ObservedResource> observed) {
        this.arm = arm;
        this.stack = stack;
        this.observed = observed;
    }

    /** The storage account's ARM id a dataset or mapping names. */
    static String storageScope(Resource r) {
        return "/subscriptions/" + r.string("subscription_id") + "/resourceGroups/" + r.string("resource_group")
                + "/providers/Microsoft.Storage/storageAccounts/" + r.string("storage_account_name");
    }

    List<PlanWarning> run(Progress p) throws ProviderException {
        // the role assignments of every storage account to check, read in parallel first
        java.util.LinkedHashSet<String> scopes = new java.util.LinkedHashSet<>();
        for (Resource r : stack.values()) {
            if (!r.type().equals(DATASET) && !r.type().equals(DATASET_MAPPING) || !namesStorage(r)) continue;
            Resource account = accountOf(r);
            ObservedResource live = account == null ? null : observed.get(account.key());
            if (live != null && live.get(DataShareRenderer.PRINCIPAL_ID) != null) scopes.add(storageScope(r));
        }
        List<String> unread = List.copyOf(scopes);
        List<Object> read = dev.mlpc.core.provider.BoundedReads.describeAll(unread, DataShareSession.PARALLELISM, this::read, p);
        for (int i = 0; i < unread.size(); i++) assignments.put(unread.get(i).toLowerCase(Locale.ROOT), read.get(i));
        List<PlanWarning> out = new ArrayList<>();
        Set<String> said = new HashSet<>();
        for (Resource r : stack.values()) {
            boolean source = r.type().equals(DATASET);
            if (!source && !r.type().equals(DATASET_MAPPING) || !namesStorage(r)) continue;
            p.checkCancelled();
            Resource account = accountOf(r);
            if (account == null) continue;                               // the renderer warns: parent-not-in-stack
            String scope = storageScope(r);
            String storage = r.string("storage_account_name");
            String role = source ? "Storage Blob Data Reader" : "Storage Blob Data Contributor";
            String need = source ? "read" : "write to";
            ObservedResource live = observed.get(account.key());
            String principal = live == null ? null : (String) live.get(DataShareRenderer.PRINCIPAL_ID);
            if (principal == null) {
                String key = "later:" + account.name() + ":" + scope;
                if (said.add(key)) {
                    out.add(new PlanWarning(r.type(), r.name(), NOT_CHECKED, "not checked yet whether account "
                            + account.name() + "'s managed identity may " + need + " storage account " + storage + " ("
                            + role + "): the account " + (live == null ? "does not exist yet" : "has no managed identity yet")
                            + ", so its principal is unknown; the check runs in the plan after the account exists"));
                }
                continue;
            }
            Object found = assignmentsAt(scope, p);
            if (found instanceof String reason) {
                if (said.add("unreadable:" + scope)) {
                    out.add(new PlanWarning(r.type(), r.name(), NOT_CHECKED, "not checked whether account "
                            + account.name() + "'s managed identity may " + need + " storage account " + storage
                            + ": the role assignments cannot be read (" + reason + ")"));
                }
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Set<String>> byPrincipal = (Map<String, Set<String>>) found;
            Set<String> roles = byPrincipal.getOrDefault(principal.toLowerCase(Locale.ROOT), Set.of());
            Set<String> enough = source ? READ : WRITE;
            if (roles.stream().noneMatch(enough::contains) && said.add("missing:" + principal + ":" + scope + ":" + source)) {
                out.add(new PlanWarning(r.type(), r.name(), MISSING, "account " + account.name()
                        + "'s managed identity (principal " + principal + ") has no " + role + " role (or broader) on storage account "
                        + storage + ", so Data Share cannot " + need + " it; grant it: az role assignment create --assignee-object-id "
                        + principal + " --assignee-principal-type ServicePrincipal --role \"" + role + "\" --scope " + scope));
            }
        }
        return out;
    }

    /**
     * True when a dataset or mapping names its storage account in full (a stack's always do: the properties are
     * required); the console's read of one tree node asks for it by name only, and then there is nothing to check.
     */
    private static boolean namesStorage(Resource r) {
        return r.string("subscription_id") != null && r.string("resource_group") != null && r.string("storage_account_name") != null;
    }

    /** The account whose identity copies a dataset (its share's account) or a mapping (its subscription's account). */
    private Resource accountOf(Resource r) {
        Resource parent = stack.get(new ResourceKey(parentType(r.type()), String.valueOf(r.get(parentProperty(r.type())))));
        if (parent == null) return null;
        return stack.get(new ResourceKey(ACCOUNT, String.valueOf(parent.get("account"))));
    }

    /** Principal → role GUIDs at (and above) the scope, or the reason they cannot be read (read once per scope). */
    private Object assignmentsAt(String scope, Progress p) throws ProviderException {
        String key = scope.toLowerCase(Locale.ROOT);
        if (!assignments.containsKey(key)) assignments.put(key, read(scope));
        return assignments.get(key);
    }

    /** One paged list of the role assignments at and above {@code scope}. */
    private Object read(String scope) throws ProviderException {
        try {
            Map<String, Set<String>> byPrincipal = new LinkedHashMap<>();
            for (JsonNode a : arm.listStrict(scope + "/providers/Microsoft.Authorization/roleAssignments?api-version="
                    + ROLE_API_VERSION + "&$filter=atScope()", Progress.NONE, null)) {
                JsonNode props = a.path("properties");
                String principal = props.path("principalId").asText("").toLowerCase(Locale.ROOT);
                String def = props.path("roleDefinitionId").asText("");
                String guid = def.substring(def.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                byPrincipal.computeIfAbsent(principal, k -> new HashSet<>()).add(guid);
            }
            return byPrincipal;
        } catch (CancelledException e) {
            throw e;
        } catch (ArmClient.ArmException e) {
            return e.code() != null ? e.code() + ": " + e.armMessage() : e.getMessage();
        } catch (ProviderException e) {
            return e.getMessage();
        }
    }
}
