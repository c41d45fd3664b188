package dev.mlpc.providers.datashare;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.PropertySpec.Kind;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Azure Data Share resource types (Microsoft.DataShare, api-version {@value #API_VERSION}). Property names are the
 * REST properties in snake_case; other Data Share objects are referenced by their stack resource name.
 * <ul>
 *   <li>Provider side: {@code datashare.account} (in a resource group) → {@code datashare.share} →
 *       {@code datashare.dataset}, {@code datashare.invitation}, {@code datashare.synchronization_setting}.</li>
 *   <li>Consumer side: {@code datashare.account} → {@code datashare.share_subscription} (accepts an invitation) →
 *       {@code datashare.dataset_mapping}, {@code datashare.trigger}.</li>
 *   <li>{@code datashare.resource_group}: declared means created and managed; otherwise an account's
 *       {@code resource_group} only names an existing group (never created or deleted).</li>
 * </ul>
 * The ARM name of an object is its resource name unless the type's {@code <kind>_name} property says otherwise
 * ({@link #armName}), so two shares of one name in two accounts can be two resources. Data Share cannot update
 * datasets, invitations, synchronization settings, share subscriptions, mappings or triggers: every change of those is a
 * replace (destructive). Accounts change their tags in place (PATCH), shares their description and terms (PUT).
 */
public final class DataShareTypes {
    public static final String PROVIDER = "datashare";
    public static final String API_VERSION = "2021-08-01";
    public static final String ROLE_API_VERSION = "2022-04-01";
    public static final String RESOURCES_API_VERSION = "2021-04-01";

    public static final String RESOURCE_GROUP = "datashare.resource_group";
    public static final String ACCOUNT = "datashare.account";
    public static final String SHARE = "datashare.share";
    public static final String DATASET = "datashare.dataset";
    public static final String INVITATION = "datashare.invitation";
    public static final String SYNCHRONIZATION_SETTING = "datashare.synchronization_setting";
    public static final String SHARE_SUBSCRIPTION = "datashare.share_subscription";
    public static final String DATASET_MAPPING = "datashare.dataset_mapping";
    public static final String TRIGGER = "datashare.trigger";

    /** The storage kinds of datasets and dataset mappings (the REST {@code kind} discriminators). */
    public static final List<String> STORAGE_KINDS = List.of("Blob", "BlobFolder", "Container", "AdlsGen2File",
            "AdlsGen2Folder", "AdlsGen2FileSystem");

    /** Resource group names: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.'. */
    public static final Pattern RESOURCE_GROUP_NAME = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]", Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * Data Share object names as this console accepts them: 1-90 characters, letters, digits, '_', '-' and '.',
     * starting with a letter or digit, not ending in '.' (within what ARM accepts in a path segment).
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.\\-]{0,88}[A-Za-z0-9_\\-])?");
    /** Storage account names: 3-24 lower-case letters and digits. */
    public static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    /** Blob containers and ADLS Gen2 file systems: 3-63 lower-case letters, digits and single hyphens. */
    public static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9\\-]{1,61}[a-z0-9]");
    public static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Azure location names as ARM writes them ({@code eastus}, {@code westeurope}); display names are accepted too. */
    public static final Pattern LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9 ]{1,40}");
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    public static final int MAX_TAGS = 50;

    private DataShareTypes() { }

    /** All types, in the order the JSON Schema lists them (also the order of creation by kind). */
    public static List<ResourceType> all() {
        return List.of(resourceGroup(), account(), share(), dataset(), invitation(), synchronizationSetting(),
                shareSubscription(), datasetMapping(), trigger());
    }

    /** The property holding the ARM name when it differs from the resource name; null for resource groups. */
    public static String nameProperty(String type) {
        return switch (type) {
            case ACCOUNT -> "account_name";
            case SHARE -> "share_name";
            case DATASET -> "data_set_name";
            case INVITATION -> "invitation_name";
            case SYNCHRONIZATION_SETTING -> "synchronization_setting_name";
            case SHARE_SUBSCRIPTION -> "share_subscription_name";
            case DATASET_MAPPING -> "data_set_mapping_name";
            case TRIGGER -> "trigger_name";
            default -> null;
        };
    }

    /** The object's name in ARM: its {@code <kind>_name}, else the resource name. */
    public static String armName(Resource r) {
        String p = nameProperty(r.type());
        String n = p == null ? null : r.string(p);
        return n == null || n.isBlank() ? r.name() : n;
    }

    /** The property naming the parent resource (by resource name), null for resource groups. */
    public static String parentProperty(String type) {
        return switch (type) {
            case ACCOUNT -> "resource_group";
            case SHARE, SHARE_SUBSCRIPTION -> "account";
            case DATASET, INVITATION, SYNCHRONIZATION_SETTING -> "share";
            case DATASET_MAPPING, TRIGGER -> "share_subscription";
            default -> null;
        };
    }

    /** The type of the parent of {@code type}, null for resource groups. */
    public static String parentType(String type) {
        return switch (type) {
            case ACCOUNT -> RESOURCE_GROUP;
            case SHARE, SHARE_SUBSCRIPTION -> ACCOUNT;
            case DATASET, INVITATION, SYNCHRONIZATION_SETTING -> SHARE;
            case DATASET_MAPPING, TRIGGER -> SHARE_SUBSCRIPTION;
            default -> null;
        };
    }

    /** Null when the name is a valid Data Share object name (resource groups: the resource group rule), else the reason. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.length() > 90) return "must be at most 90 characters (it has " + name.length() + ")";
        if (!NAME.matcher(name).matches()) {
            return "must be letters, digits, '_', '-' and '.', starting with a letter or digit and not ending in '.'";
        }
        return null;
    }

    /** Null when the name is a valid resource group name, else the reason. */
    public static String checkResourceGroupName(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.length() > 90) return "must be at most 90 characters (it has " + name.length() + ")";
        if (!RESOURCE_GROUP_NAME.matcher(name).matches()) {
            return "must be letters, digits, '_', '-', '.', '(' and ')', not ending in '.'";
        }
        return null;
    }

    private static PropertySpec.Builder name(String property, String what) {
        return PropertySpec.of(property, Kind.STRING).immutable()
                .describe("the " + what + " name in Azure, if other than the resource name; changing it replaces the object");
    }

    private static PropertySpec.Builder tags(String what) {
        return PropertySpec.of("tags", Kind.STRING_MAP)
                .describe("tags of the " + what + " (at most 50; names up to 512 characters, values up to 256); updated in place");
    }

    private static PropertySpec.Builder parent(String property, String type, String what) {
        return PropertySpec.of(property, Kind.IDENTIFIER).required().immutable().references(type).container()
                .describe("the " + type + " resource (by its resource name) " + what);
    }

    static ResourceType resourceGroup() {
        return ResourceType.builder(RESOURCE_GROUP)
                .describe("An Azure resource group, created and deleted with the stack; the resource name is its name. "
                        + "Undeclared groups named by an account are only referenced.")
                .property(PropertySpec.of("location", Kind.STRING).required().immutable()
                        .describe("the Azure region of the group's metadata (eastus, westeurope); changing it replaces the group"))
                .property(tags("resource group"))
                .check(DataShareTypes::checkResourceGroup)
                .build();
    }

    static ResourceType account() {
        return ResourceType.builder(ACCOUNT)
                .describe("A Data Share account with its system-assigned managed identity; the resource name is the account name unless account_name is given.")
                .property(name("account_name", "account"))
                .property(PropertySpec.of("resource_group", Kind.IDENTIFIER).required().immutable()
                        .references(RESOURCE_GROUP).container()
                        .describe("the resource group of the account: a datashare.resource_group of the stack, or the name of an existing group"))
                .property(PropertySpec.of("location", Kind.STRING).required().immutable()
                        .describe("the Azure region of the account (eastus, westeurope); changing it replaces the account"))
                .property(PropertySpec.of("identity", Kind.OBJECT).immutable()
                        .describe("the account's managed identity; Data Share supports SystemAssigned only (the default)")
                        .fields(PropertySpec.of("type", Kind.ENUM).values("SystemAssigned").immutable()
                                .describe("SystemAssigned, the only type")))
                .property(tags("account"))
                .check(DataShareTypes::checkAccount)
                .build();
    }

    static ResourceType share() {
        return ResourceType.builder(SHARE)
                .describe("A share of a Data Share account: what the provider offers to consumers.")
                .property(parent("account", ACCOUNT, "the share belongs to"))
                .property(name("share_name", "share"))
                .property(PropertySpec.of("share_kind", Kind.ENUM).values("CopyBased", "InPlace").required().immutable()
                        .describe("CopyBased (snapshots copied to the consumer) or InPlace; changing it replaces the share"))
                .property(PropertySpec.of("description", Kind.STRING).describe("what the share holds; updated in place"))
                .property(PropertySpec.of("terms", Kind.STRING).describe("terms of use the consumer accepts; updated in place"))
                .check((r, sink) -> checkArmName(r, sink))
                .build();
    }

    /** The storage location of a dataset (source) or dataset mapping (target). */
    private static void storage(ResourceType.Builder b, String side) {
        b.property(PropertySpec.of("kind", Kind.ENUM).values(STORAGE_KINDS.toArray(String[]::new)).required().immutable()
                        .describe("Blob, BlobFolder, Container, AdlsGen2File, AdlsGen2Folder or AdlsGen2FileSystem"))
                .property(PropertySpec.of("subscription_id", Kind.STRING).required().immutable()
                        .describe("the subscription of the " + side + " storage account"))
                .property(PropertySpec.of("resource_group", Kind.STRING).required().immutable()
                        .describe("the resource group of the " + side + " storage account"))
                .property(PropertySpec.of("storage_account_name", Kind.STRING).required().immutable()
                        .describe("the " + side + " storage account"))
                .property(PropertySpec.of("container_name", Kind.STRING).immutable()
                        .describe("the blob container (Blob, BlobFolder, Container)"))
                .property(PropertySpec.of("file_system", Kind.STRING).immutable()
                        .describe("the ADLS Gen2 file system (AdlsGen2File, AdlsGen2Folder, AdlsGen2FileSystem)"))
                .property(PropertySpec.of("file_path", Kind.STRING).immutable()
                        .describe("the file (Blob, AdlsGen2File)"))
                .property(PropertySpec.of("prefix", Kind.STRING).immutable()
                        .describe("the blob folder's prefix (BlobFolder)"))
                .property(PropertySpec.of("folder_path", Kind.STRING).immutable()
                        .describe("the folder (AdlsGen2Folder)"));
    }

    static ResourceType dataset() {
        ResourceType.Builder b = ResourceType.builder(DATASET)
                .describe("A dataset of a share: a blob, blob folder, container or ADLS Gen2 file, folder or file system. "
                        + "Data Share cannot update datasets: every change replaces it.")
                .property(parent("share", SHARE, "the dataset belongs to"))
                .property(name("data_set_name", "dataset"));
        storage(b, "source");
        return b.check((r, sink) -> checkStorage(r, sink)).build();
    }

    static ResourceType invitation() {
        return ResourceType.builder(INVITATION)
                .describe("An invitation to a share, by email or by Azure AD object id; withdrawing it (delete) is destructive.")
                .property(parent("share", SHARE, "the invitation is to"))
                .property(name("invitation_name", "invitation"))
                .property(PropertySpec.of("target_email", Kind.STRING).immutable()
                        .describe("the email the invitation is sent to (not with target_object_id)"))
                .property(PropertySpec.of("target_object_id", Kind.STRING).immutable()
                        .describe("the Azure AD user or application object id invited (with target_active_directory_id)"))
                .property(PropertySpec.of("target_active_directory_id", Kind.STRING).immutable()
                        .describe("the Azure AD tenant id of target_object_id"))
                .property(PropertySpec.of("expiration_date", Kind.STRING).immutable()
                        .describe("when the invitation and the share subscription expire (ISO-8601 date-time)"))
                .check(DataShareTypes::checkInvitation)
                .build();
    }

    private static void schedule(ResourceType.Builder b) {
        b.property(PropertySpec.of("kind", Kind.ENUM).values("ScheduleBased").immutable()
                        .describe("ScheduleBased, the only kind (the default)"))
                .property(PropertySpec.of("recurrence_interval", Kind.ENUM).values("Hour", "Day").required().immutable()
                        .describe("Hour or Day"))
                .property(PropertySpec.of("synchronization_time", Kind.STRING).required().immutable()
                        .describe("the first synchronization, ISO-8601 date-time with offset (2026-01-01T02:00:00Z)"));
    }

    static ResourceType synchronizationSetting() {
        ResourceType.Builder b = ResourceType.builder(SYNCHRONIZATION_SETTING)
                .describe("A share's synchronization schedule, offered to consumers; a change replaces it.")
                .property(parent("share", SHARE, "the schedule is offered with"))
                .property(name("synchronization_setting_name", "synchronization setting"));
        schedule(b);
        return b.check(DataShareTypes::checkSchedule).build();
    }

    static ResourceType shareSubscription() {
        return ResourceType.builder(SHARE_SUBSCRIPTION)
                .describe("A consumer's subscription to a share: creating it accepts the invitation.")
                .property(parent("account", ACCOUNT, "receives the share"))
                .property(name("share_subscription_name", "share subscription"))
                .property(PropertySpec.of("invitation_id", Kind.STRING).required().immutable()
                        .describe("the id of the received invitation (a GUID)"))
                .property(PropertySpec.of("source_share_location", Kind.STRING).required().immutable()
                        .describe("the Azure region of the provider's share"))
                .property(PropertySpec.of("expiration_date", Kind.STRING).immutable()
                        .describe("when the subscription expires (ISO-8601 date-time)"))
                .check(DataShareTypes::checkShareSubscription)
                .build();
    }

    static ResourceType datasetMapping() {
        ResourceType.Builder b = ResourceType.builder(DATASET_MAPPING)
                .describe("Maps a dataset received through a share subscription to the consumer's own storage; a change replaces it.")
                .property(parent("share_subscription", SHARE_SUBSCRIPTION, "received the dataset"))
                .property(name("data_set_mapping_name", "dataset mapping"))
                .property(PropertySpec.of("data_set_id", Kind.STRING).required().immutable()
                        .describe("the source dataset's id as the consumer sees it (consumer source datasets)"));
        storage(b, "target");
        return b.check((r, sink) -> {
            checkStorage(r, sink);
            uuid(r, sink, "data_set_id");
        }).build();
    }

    static ResourceType trigger() {
        ResourceType.Builder b = ResourceType.builder(TRIGGER)
                .describe("A consumer's synchronization schedule on a share subscription; a change replaces it.")
                .property(parent("share_subscription", SHARE_SUBSCRIPTION, "the trigger synchronizes"))
                .property(name("trigger_name", "trigger"));
        schedule(b);
        return b.check(DataShareTypes::checkSchedule).build();
    }

    private static void checkResourceGroup(Resource r, ResourceType.ProblemSink sink) {
        String bad = checkResourceGroupName(r.name());
        if (bad != null) sink.problem(r, "name", "resource group name " + bad);
        location(r, sink, "location");
        checkTags(r, sink);
    }

    private static void checkAccount(Resource r, ResourceType.ProblemSink sink) {
        checkArmName(r, sink);
        String rg = r.string("resource_group");
        if (rg != null) {
            String bad = checkResourceGroupName(rg);
            if (bad != null) sink.problem(r, "resource_group", Problem.quote(rg) + ": resource group name " + bad);
        }
        location(r, sink, "location");
        if (r.get("identity") != null && !(r.get("identity") instanceof Map<?, ?>)) {
            sink.problem(r, "identity", "must be a mapping such as {type: SystemAssigned}");
        }
        checkTags(r, sink);
    }

    private static void checkArmName(Resource r, ResourceType.ProblemSink sink) {
        String p = nameProperty(r.type());
        String name = armName(r);
        String bad = checkName(name);
        if (bad != null) sink.problem(r, p != null && r.has(p) ? p : "name", Problem.quote(name) + " " + bad);
    }

    private static void checkStorage(Resource r, ResourceType.ProblemSink sink) {
        checkArmName(r, sink);
        uuid(r, sink, "subscription_id");
        String rg = r.string("resource_group");
        if (rg != null && checkResourceGroupName(rg) != null) {
            sink.problem(r, "resource_group", Problem.quote(rg) + ": resource group name " + checkResourceGroupName(rg));
        }
        String sa = r.string("storage_account_name");
        if (sa != null && !STORAGE_ACCOUNT.matcher(sa).matches()) {
            sink.problem(r, "storage_account_name", Problem.quote(sa) + " is not a storage account name (3-24 lower-case letters and digits)");
        }
        String kind = r.string("kind");
        if (kind == null) return;
        String k = STORAGE_KINDS.stream().filter(x -> x.equalsIgnoreCase(kind)).findFirst().orElse(null);
        if (k == null) return;                                     // the enum check reports it
        boolean blob = k.startsWith("Blob") || k.equals("Container");
        List<String> needed = switch (k) {
            case "Blob" -> List.of("container_name", "file_path");
            case "BlobFolder" -> List.of("container_name", "prefix");
            case "Container" -> List.of("container_name");
            case "AdlsGen2File" -> List.of("file_system", "file_path");
            case "AdlsGen2Folder" -> List.of("file_system", "folder_path");
            default -> List.of("file_system");
        };
        for (String n : needed) {
            if (r.string(n) == null || r.string(n).isBlank()) sink.problem(r, n, "required for kind " + k);
        }
        for (String other : List.of("container_name", "file_system", "file_path", "prefix", "folder_path")) {
            if (!needed.contains(other) && r.get(other) != null) sink.problem(r, other, "not used by kind " + k);
        }
        String c = blob ? r.string("container_name") : r.string("file_system");
        if (c != null && (c.length() < 3 || c.length() > 63 || !CONTAINER.matcher(c).matches())) {
            sink.problem(r, blob ? "container_name" : "file_system", Problem.quote(c) + " is not a "
                    + (blob ? "container" : "file system") + " name (3-63 lower-case letters, digits and single hyphens)");
        }
    }

    private static void checkInvitation(Resource r, ResourceType.ProblemSink sink) {
        checkArmName(r, sink);
        boolean email = r.string("target_email") != null;
        boolean object = r.string("target_object_id") != null;
        boolean tenant = r.string("target_active_directory_id") != null;
        if (email && (object || tenant)) {
            sink.problem(r, "target_email", "give either target_email or target_object_id with target_active_directory_id, not both");
        } else if (!email && !object && !tenant) {
            sink.problem(r, "target_email", "required: target_email, or target_object_id with target_active_directory_id");
        } else if (!email && object != tenant) {
            sink.problem(r, object ? "target_active_directory_id" : "target_object_id",
                    "target_object_id and target_active_directory_id go together");
        }
        if (email && !EMAIL.matcher(r.string("target_email")).matches()) {
            sink.problem(r, "target_email", Problem.quote(r.string("target_email")) + " is not an email address");
        }
        uuid(r, sink, "target_object_id");
        uuid(r, sink, "target_active_directory_id");
        dateTime(r, sink, "expiration_date");
    }

    private static void checkSchedule(Resource r, ResourceType.ProblemSink sink) {
        checkArmName(r, sink);
        dateTime(r, sink, "synchronization_time");
    }

    private static void checkShareSubscription(Resource r, ResourceType.ProblemSink sink) {
        checkArmName(r, sink);
        uuid(r, sink, "invitation_id");
        location(r, sink, "source_share_location");
        dateTime(r, sink, "expiration_date");
    }

    private static void uuid(Resource r, ResourceType.ProblemSink sink, String field) {
        String v = r.string(field);
        if (v != null && !UUID.matcher(v).matches()) {
            sink.problem(r, field, Problem.quote(v) + " is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
    }

    private static void location(Resource r, ResourceType.ProblemSink sink, String field) {
        String v = r.string(field);
        if (v != null && !LOCATION.matcher(v).matches()) {
            sink.problem(r, field, Problem.quote(v) + " is not an Azure region name such as westeurope");
        }
    }

    /** True when the text is an ISO-8601 date-time with an offset (what ARM's date-time format accepts). */
    public static boolean isDateTime(String v) {
        try {
            OffsetDateTime.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void dateTime(Resource r, ResourceType.ProblemSink sink, String field) {
        Object v = r.get(field);
        if (v == null) return;
        if (!(v instanceof String s) || !isDateTime(s)) {
            sink.problem(r, field, Problem.quote(v) + " is not an ISO-8601 date-time with offset, such as 2026-12-31T00:00:00Z");
        }
    }

    private static void checkTags(Resource r, ResourceType.ProblemSink sink) {
        if (!(r.get("tags") instanceof Map<?, ?> tags)) return;
        if (tags.size() > MAX_TAGS) sink.problem(r, "tags", "at most " + MAX_TAGS + " tags (it has " + tags.size() + ")");
        for (Map.Entry<?, ?> e : tags.entrySet()) {
            String k = String.valueOf(e.getKey());
            String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
            if (k.isEmpty() || k.length() > 512) sink.problem(r, "tags", "name " + Problem.quote(k) + " must be 1 to 512 characters");
            else if (k.matches(".*[<>%&\\\\?/].*")) sink.problem(r, "tags", "name " + Problem.quote(k) + " must not contain < > % & \\ ? /");
            else if (k.toLowerCase(Locale.ROOT).startsWith("microsoft") || k.toLowerCase(Locale.ROOT).startsWith("azure")
                    || k.toLowerCase(Locale.ROOT).startsWith("windows")) {
                sink.problem(r, "tags", "name " + Problem.quote(k) + " must not start with microsoft, azure or windows (reserved)");
            }
            if (v.length() > 256) sink.problem(r, "tags", "value of " + Problem.quote(k) + " must be at most 256 characters");
        }
    }
}
