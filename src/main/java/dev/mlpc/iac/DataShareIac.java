package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mlpc.providers.datashare.DataShareTypes.ACCOUNT;
import static dev.mlpc.providers.datashare.DataShareTypes.DATASET;
import static dev.mlpc.providers.datashare.DataShareTypes.DATASET_MAPPING;
import static dev.mlpc.providers.datashare.DataShareTypes.INVITATION;
import static dev.mlpc.providers.datashare.DataShareTypes.RESOURCE_GROUP;
import static dev.mlpc.providers.datashare.DataShareTypes.SHARE;
import static dev.mlpc.providers.datashare.DataShareTypes.SHARE_SUBSCRIPTION;
import static dev.mlpc.providers.datashare.DataShareTypes.SYNCHRONIZATION_SETTING;
import static dev.mlpc.providers.datashare.DataShareTypes.TRIGGER;

/**
 * Azure Data Share: {@code pulumi_azure_native.datashare} (every kind, as the REST API has them, plus
 * {@code pulumi_azure_native.resources.ResourceGroup}) and azurerm ({@code azurerm_resource_group},
 * {@code azurerm_data_share_account}, {@code azurerm_data_share}, {@code azurerm_data_share_dataset_blob_storage},
 * {@code azurerm_data_share_dataset_data_lake_gen2}). azurerm has no invitation, share subscription, dataset mapping
 * or trigger: those are listed as having no equivalent; a share's synchronization setting becomes the share's
 * {@code snapshot_schedule} block.
 */
final class DataShareIac {
    private static final String M = "pulumi_azure_native.datashare";
    private static final String A = "datashare";
    private static final Map<String, String> DATASETS = Map.of("Blob", "BlobDataSet", "BlobFolder", "BlobFolderDataSet",
            "Container", "BlobContainerDataSet", "AdlsGen2File", "ADLSGen2FileDataSet",
            "AdlsGen2Folder", "ADLSGen2FolderDataSet", "AdlsGen2FileSystem", "ADLSGen2FileSystemDataSet");

    private DataShareIac() { }

    private static boolean azurerm(IacContext c) { return !c.pulumi(); }

    static List<TypeMap> maps() {
        return List.of(
                new TypeMap(RESOURCE_GROUP, c -> r -> TypeMap.Target.of("pulumi_azure_native.resources", "resources",
                        "ResourceGroup", "azurerm_resource_group"))
                        .rule((r, c, out) -> out.arg(c.pulumi() ? "resource_group_name" : "name", r.name()))
                        .same("location", "tags"),
                TypeMap.fixed(ACCOUNT, M, A, "Account", "azurerm_data_share_account")
                        .rule((r, c, out) -> out.arg(c.pulumi() ? "account_name" : "name", armName(r, "account_name")), "account_name")
                        .rule((r, c, out) -> out.arg("resource_group_name", c.ref(r.string("resource_group"), "name", RESOURCE_GROUP)), "resource_group")
                        .same("location")
                        .rule((r, c, out) -> out.arg("identity", r.has("identity") ? r.get("identity") : Map.of("type", "SystemAssigned")), "identity")
                        .same("tags"),
                TypeMap.fixed(SHARE, M, A, "Share", "azurerm_data_share")
                        .rule((r, c, out) -> {
                            if (c.pulumi()) {
                                parents(r, c, out);
                                out.arg("share_name", armName(r, "share_name"));
                            } else {
                                out.arg("name", armName(r, "share_name"));
                                out.arg("account_id", c.ref(r.string("account"), "id", ACCOUNT));
                            }
                        }, "account", "share_name")
                        .arg("share_kind", "share_kind", "kind").same("description", "terms"),
                new TypeMap(DATASET, c -> r -> {
                    String kind = String.valueOf(r.string("kind"));
                    if (c.pulumi()) return TypeMap.Target.of(M, A, DATASETS.getOrDefault(kind, "DataSet"), null);
                    return kind.startsWith("AdlsGen2")
                            ? TypeMap.Target.of(null, null, null, "azurerm_data_share_dataset_data_lake_gen2")
                            : TypeMap.Target.of(null, null, null, "azurerm_data_share_dataset_blob_storage");
                }).rule(DataShareIac::dataset, "share", "data_set_name", "kind", "subscription_id", "resource_group",
                        "storage_account_name", "container_name", "file_system", "file_path", "prefix", "folder_path"),
                new TypeMap(INVITATION, c -> r -> c.pulumi() ? TypeMap.Target.of(M, A, "Invitation", null)
                        : TypeMap.Target.none("azurerm has no Data Share invitation resource; invite from the portal or the REST API"))
                        .rule((r, c, out) -> {
                            parents(r, c, out);
                            out.arg("share_name", c.ref(r.string("share"), "name", SHARE));
                            out.arg("invitation_name", armName(r, "invitation_name"));
                        }, "share", "invitation_name")
                        .same("target_email", "target_object_id", "target_active_directory_id", "expiration_date"),
                new TypeMap(SYNCHRONIZATION_SETTING, c -> r -> c.pulumi()
                        ? TypeMap.Target.of(M, A, "ScheduledSynchronizationSetting", null)
                        : TypeMap.Target.of(null, null, null, "azurerm_data_share"))
                        .rule(DataShareIac::schedule, "share", "synchronization_setting_name", "kind", "recurrence_interval",
                                "synchronization_time"),
                new TypeMap(SHARE_SUBSCRIPTION, c -> r -> c.pulumi() ? TypeMap.Target.of(M, A, "ShareSubscription", null)
                        : TypeMap.Target.none("azurerm has no Data Share share subscription resource (accepting an invitation)"))
                        .rule((r, c, out) -> {
                            out.arg("account_name", c.ref(r.string("account"), "name", ACCOUNT));
                            out.arg("resource_group_name", resourceGroupOfAccount(r.string("account"), c));
                            out.arg("share_subscription_name", armName(r, "share_subscription_name"));
                        }, "account", "share_subscription_name")
                        .same("invitation_id", "source_share_location", "expiration_date"),
                new TypeMap(DATASET_MAPPING, c -> r -> c.pulumi()
                        ? TypeMap.Target.of(M, A, DATASETS.getOrDefault(String.valueOf(r.string("kind")), "DataSet") + "Mapping", null)
                        : TypeMap.Target.none("azurerm has no Data Share dataset mapping resource"))
                        .rule((r, c, out) -> {
                            subscriptionParents(r, c, out);
                            out.arg("data_set_mapping_name", armName(r, "data_set_mapping_name"));
                            out.arg("kind", r.get("kind"));
                            out.arg("data_set_id", r.get("data_set_id"));
                            for (String p : List.of("subscription_id", "resource_group", "storage_account_name",
                                    "container_name", "file_system", "file_path", "prefix", "folder_path")) {
                                out.arg(p, r.get(p));
                            }
                        }, "share_subscription", "data_set_mapping_name", "kind", "data_set_id", "subscription_id",
                                "resource_group", "storage_account_name", "container_name", "file_system", "file_path",
                                "prefix", "folder_path"),
                new TypeMap(TRIGGER, c -> r -> c.pulumi() ? TypeMap.Target.of(M, A, "ScheduledTrigger", null)
                        : TypeMap.Target.none("azurerm has no Data Share trigger resource (a consumer's schedule)"))
                        .rule((r, c, out) -> {
                            subscriptionParents(r, c, out);
                            out.arg("trigger_name", armName(r, "trigger_name"));
                            out.arg("kind", r.has("kind") ? r.get("kind") : "ScheduleBased");
                        }, "share_subscription", "trigger_name", "kind")
                        .same("recurrence_interval", "synchronization_time"));
    }

    private static String armName(Resource r, String property) {
        String n = r.string(property);
        return n == null || n.isBlank() ? r.name() : n;
    }

    /** account_name and resource_group_name of an object under a share (Pulumi). */
    private static void parents(Resource r, IacContext c, IacResource out) {
        String account = r.type().equals(SHARE) ? r.string("account")
                : c.find(r.string("share"), SHARE).map(s -> s.string("account")).orElse(null);
        if (account == null) return;
        out.arg("account_name", c.ref(account, "name", ACCOUNT));
        out.arg("resource_group_name", resourceGroupOfAccount(account, c));
    }

    private static void subscriptionParents(Resource r, IacContext c, IacResource out) {
        Optional<Resource> sub = c.find(r.string("share_subscription"), SHARE_SUBSCRIPTION);
        String account = sub.map(s -> s.string("account")).orElse(null);
        if (account != null) {
            out.arg("account_name", c.ref(account, "name", ACCOUNT));
            out.arg("resource_group_name", resourceGroupOfAccount(account, c));
        }
        out.arg("share_subscription_name", c.ref(r.string("share_subscription"), "name", SHARE_SUBSCRIPTION));
    }

    private static IacValue resourceGroupOfAccount(String account, IacContext c) {
        return c.find(account, ACCOUNT).map(a -> c.ref(a.string("resource_group"), "name", RESOURCE_GROUP)).orElse(null);
    }

    private static void dataset(Resource r, IacContext c, IacResource out) {
        String kind = String.valueOf(r.string("kind"));
        if (c.pulumi()) {
            parents(r, c, out);
            out.arg("share_name", c.ref(r.string("share"), "name", SHARE));
            out.arg("data_set_name", armName(r, "data_set_name"));
            out.arg("kind", kind);
            for (String p : List.of("subscription_id", "resource_group", "storage_account_name", "container_name",
                    "file_system", "file_path", "prefix", "folder_path")) {
                out.arg(p, r.get(p));
            }
            return;
        }
        out.arg("name", armName(r, "data_set_name"));
        if (kind.startsWith("AdlsGen2")) {
            out.arg("share_id", c.ref(r.string("share"), "id", SHARE));
            out.arg("storage_account_id", "/subscriptions/" + r.string("subscription_id") + "/resourceGroups/"
                    + r.string("resource_group") + "/providers/Microsoft.Storage/storageAccounts/" + r.string("storage_account_name"));
            out.arg("file_system_name", r.get("file_system"));
            out.arg("file_path", r.get("file_path"));
            out.arg("folder_path", r.get("folder_path"));
        } else {
            out.arg("data_share_id", c.ref(r.string("share"), "id", SHARE));
            out.arg("container_name", r.get("container_name"));
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("name", r.get("storage_account_name"));
            account.put("resource_group_name", r.get("resource_group"));
            account.put("subscription_id", r.get("subscription_id"));
            out.arg("storage_account", account);
            out.arg("file_path", r.get("file_path"));
            // a BlobFolder's prefix is the folder
            out.arg("folder_path", r.get("prefix"));
        }
    }

    /** Pulumi: a ScheduledSynchronizationSetting; azurerm: the snapshot_schedule block of the share. */
    private static void schedule(Resource r, IacContext c, IacResource out) {
        if (c.pulumi()) {
            parents(r, c, out);
            out.arg("share_name", c.ref(r.string("share"), "name", SHARE));
            out.arg("synchronization_setting_name", armName(r, "synchronization_setting_name"));
            out.arg("kind", r.has("kind") ? r.get("kind") : "ScheduleBased");
            out.arg("recurrence_interval", r.get("recurrence_interval"));
            out.arg("synchronization_time", r.get("synchronization_time"));
            return;
        }
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("name", armName(r, "synchronization_setting_name"));
        block.put("recurrence", r.get("recurrence_interval"));
        block.put("start_time", r.get("synchronization_time"));
        Optional<IacResource> share = c.find(r.string("share"), SHARE).flatMap(c::exported);
        if (share.isPresent() && !share.get().args().containsKey("snapshot_schedule")) {
            share.get().arg("snapshot_schedule", block);
            share.get().note("snapshot_schedule from " + r.type() + " " + r.name());
        } else {
            c.noEquivalent(r, null, "the whole resource (azurerm keeps one snapshot_schedule per share, in the share;"
                    + " the share is not in the stack or has one already)");
        }
        out.arg(IacExporter.FOLDED, true);
    }
}
