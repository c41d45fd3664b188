package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackValidator;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.snowflake.SfWizardModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the two Azure Data Share wizards share: the {@code datashare} connection, the provider's type and property
 * names (the REST properties in snake_case, as DATASHARE.md fixes them), the storage fields of a dataset or of a
 * dataset mapping (whose meaning follows the kind), tags typed as {@code key=value} pairs, a schedule, and the probe
 * that asks the provider's own types about one field at a time.
 *
 * <p>The check machinery (steps, per-field messages, the built stack validated as a whole, dirty flag, commit message)
 * is {@link SfWizardModel}'s; nothing Snowflake-specific of it is used. Each field's value is put into a probe
 * resource of the provider's type and validated by the real {@link StackValidator}; the reason given for that field is
 * what the field shows. The wizard adds "required" where the scenario needs an answer, and nothing else of the rules.
 */
public abstract class DataShareModel extends SfWizardModel {
    /** The connection type the wizards offer. */
    public static final String CONNECTION_TYPE = "datashare";

    public static final String RESOURCE_GROUP_TYPE = "datashare.resource_group";
    public static final String ACCOUNT_TYPE = "datashare.account";
    public static final String SHARE_TYPE = "datashare.share";
    public static final String DATASET_TYPE = "datashare.dataset";
    public static final String INVITATION_TYPE = "datashare.invitation";
    public static final String SYNC_SETTING_TYPE = "datashare.synchronization_setting";
    public static final String SHARE_SUBSCRIPTION_TYPE = "datashare.share_subscription";
    public static final String MAPPING_TYPE = "datashare.dataset_mapping";
    public static final String TRIGGER_TYPE = "datashare.trigger";

    // the provider's property names
    static final String LOCATION = "location";
    static final String TAGS = "tags";
    static final String RESOURCE_GROUP = "resource_group";
    static final String IDENTITY = "identity";
    static final String ACCOUNT = "account";
    static final String SHARE = "share";
    static final String SHARE_KIND = "share_kind";
    static final String DESCRIPTION = "description";
    static final String TERMS = "terms";
    static final String KIND = "kind";
    static final String SUBSCRIPTION_ID = "subscription_id";
    static final String STORAGE_ACCOUNT = "storage_account_name";
    static final String CONTAINER_NAME = "container_name";
    static final String FILE_SYSTEM = "file_system";
    static final String FILE_PATH = "file_path";
    static final String PREFIX = "prefix";
    static final String FOLDER_PATH = "folder_path";
    static final String TARGET_EMAIL = "target_email";
    static final String TARGET_OBJECT_ID = "target_object_id";
    static final String TARGET_TENANT = "target_active_directory_id";
    static final String EXPIRATION_DATE = "expiration_date";
    static final String RECURRENCE = "recurrence_interval";
    static final String SYNC_TIME = "synchronization_time";
    static final String SHARE_SUBSCRIPTION = "share_subscription";
    static final String INVITATION_ID = "invitation_id";
    static final String SOURCE_LOCATION = "source_share_location";
    static final String DATA_SET_ID = "data_set_id";

    /** The only schedule kind of synchronization settings and triggers. */
    public static final String SCHEDULE_BASED = "ScheduleBased";
    /** The only managed identity a Data Share account takes. */
    public static final String SYSTEM_ASSIGNED = "SystemAssigned";
    /** The schedule choice meaning "no schedule". */
    public static final String NO_SCHEDULE = "None";

    /** The six storage kinds of DATASHARE.md, used only when the provider's type does not list them. */
    static final List<String> STORAGE_KINDS = List.of("Blob", "BlobFolder", "Container", "AdlsGen2File",
            "AdlsGen2Folder", "AdlsGen2FileSystem");
    /** Suggestions for locations (any Azure location name is accepted; the provider checks). */
    public static final List<String> LOCATIONS = List.of("eastus", "eastus2", "westus2", "centralus", "northeurope",
            "westeurope", "uksouth", "germanywestcentral", "francecentral", "swedencentral", "australiaeast",
            "japaneast", "southeastasia", "canadacentral");

    protected final Clock clock;

    protected DataShareModel(TypeCatalog catalog, Clock clock, List<String> stepTitles, String defaultStack,
                             String defaultDescription) {
        super(catalog, stepTitles, defaultStack, defaultDescription);
        this.clock = clock;
    }

    /** The {@code subscription_id} of the chosen connection, or empty offline. */
    public String connectionSubscription() {
        ConnectionProfile p = connection().get();
        String s = p == null ? null : p.setting(SUBSCRIPTION_ID);
        return s == null ? "" : s;
    }

    /** A proposed synchronization time: tomorrow 02:00 UTC (off-peak), ISO-8601. */
    protected String defaultSyncTime() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1).atTime(2, 0).atOffset(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    // ---- the storage fields of a dataset or a mapping -----------------------------------------------------------

    /** The container property of a kind: {@code file_system} for the ADLS Gen2 kinds, else {@code container_name}. */
    public static String containerProperty(String kind) {
        return kind != null && kind.startsWith("AdlsGen2") ? FILE_SYSTEM : CONTAINER_NAME;
    }

    /** The path property of a kind, or null when the kind is a whole container or file system. */
    public static String pathProperty(String kind) {
        if (kind == null) return null;
        return switch (kind) {
            case "Blob", "AdlsGen2File" -> FILE_PATH;
            case "BlobFolder" -> PREFIX;
            case "AdlsGen2Folder" -> FOLDER_PATH;
            default -> null;
        };
    }

    /** The caption of the container field for a kind. */
    public static String containerCaptionFor(String kind) {
        return FILE_SYSTEM.equals(containerProperty(kind)) ? "File system" : "Container";
    }

    /** The caption of the path field for a kind ("—" when the kind has no path). */
    public static String pathCaptionFor(String kind) {
        String p = pathProperty(kind);
        if (p == null) return "Path (none: the whole " + containerCaptionFor(kind).toLowerCase(java.util.Locale.ROOT) + ")";
        return switch (p) {
            case FILE_PATH -> "File path";
            case PREFIX -> "Folder prefix";
            default -> "Folder path";
        };
    }

    /**
     * The storage of a dataset (the provider's source) or of a mapping (the consumer's target): kind, storage
     * account with its subscription and resource group, container or file system, and the path the kind needs.
     */
    public final class Storage {
        private final ValidatedText kind;
        private final ValidatedText subscriptionId;
        private final ValidatedText resourceGroup = new ValidatedText("Resource group", "");
        private final ValidatedText storageAccount = new ValidatedText("Storage account", "");
        private final ValidatedText container = new ValidatedText("Container / file system", "");
        private final ValidatedText path = new ValidatedText("Path", "");
        private final StringBinding containerCaption;
        private final StringBinding pathCaption;
        private final BooleanBinding hasPath;

        Storage(String kind, String subscription) {
            this.kind = new ValidatedText("Kind", kind);
            this.subscriptionId = new ValidatedText("Subscription", subscription);
            containerCaption = Bindings.createStringBinding(() -> containerCaptionFor(this.kind.get()), this.kind.value());
            pathCaption = Bindings.createStringBinding(() -> pathCaptionFor(this.kind.get()), this.kind.value());
            hasPath = Bindings.createBooleanBinding(() -> pathProperty(this.kind.get()) != null, this.kind.value());
            watch(this.kind.value(), subscriptionId.value(), resourceGroup.value(), storageAccount.value(),
                    container.value(), path.value());
        }

        public ValidatedText kind() { return kind; }
        public ValidatedText subscriptionId() { return subscriptionId; }
        public ValidatedText resourceGroup() { return resourceGroup; }
        public ValidatedText storageAccount() { return storageAccount; }
        /** The container (Blob kinds) or file system (ADLS Gen2 kinds). */
        public ValidatedText container() { return container; }
        /** The file path, folder prefix or folder path, as the kind needs; unused for a whole container. */
        public ValidatedText path() { return path; }
        /** "Container" or "File system", following the kind. */
        public StringBinding containerCaption() { return containerCaption; }
        /** What the path is for the kind. */
        public StringBinding pathCaption() { return pathCaption; }
        /** True when the kind takes a path. */
        public BooleanBinding hasPath() { return hasPath; }

        /** Checks the fields against the provider's {@code type}; {@code who} names the row in messages. */
        void check(Checks c, int step, String type, String who) {
            String k = kind.get().strip();
            c.field(step, kind, oneOf(k, kinds(type)), who + " kind");
            c.field(step, subscriptionId, required(subscriptionId, "the Azure subscription (a UUID) of the storage account")
                    .orElseGet(() -> probe(type, Map.of(KIND, k, SUBSCRIPTION_ID, subscriptionId.get().strip()), SUBSCRIPTION_ID)),
                    who + " subscription");
            c.field(step, resourceGroup, required(resourceGroup, "the resource group of the storage account")
                    .orElseGet(() -> probe(type, Map.of(KIND, k, RESOURCE_GROUP, resourceGroup.get().strip()), RESOURCE_GROUP)),
                    who + " resource group");
            c.field(step, storageAccount, required(storageAccount, "the storage account's name")
                    .orElseGet(() -> probe(type, Map.of(KIND, k, STORAGE_ACCOUNT, storageAccount.get().strip()), STORAGE_ACCOUNT)),
                    who + " storage account");
            String cp = containerProperty(k);
            c.field(step, container, required(container, "the " + containerCaptionFor(k).toLowerCase(java.util.Locale.ROOT)
                            + " in the storage account")
                            .orElseGet(() -> probe(type, Map.of(KIND, k, cp, container.get().strip()), cp)),
                    who + " " + containerCaptionFor(k).toLowerCase(java.util.Locale.ROOT));
            String pp = pathProperty(k);
            if (pp == null) {
                c.off(path);
            } else {
                c.field(step, path, required(path, "the " + pathCaptionFor(k).toLowerCase(java.util.Locale.ROOT)
                                + " inside the " + containerCaptionFor(k).toLowerCase(java.util.Locale.ROOT))
                                .orElseGet(() -> probe(type, Map.of(KIND, k, pp, path.get().strip()), pp)),
                        who + " " + pathCaptionFor(k).toLowerCase(java.util.Locale.ROOT));
            }
        }

        /** The resource's storage properties for the kind (the path only where the kind has one). */
        void putProperties(Map<String, Object> p) {
            String k = kind.get().strip();
            p.put(KIND, k);
            p.put(SUBSCRIPTION_ID, subscriptionId.get().strip());
            p.put(RESOURCE_GROUP, resourceGroup.get().strip());
            p.put(STORAGE_ACCOUNT, storageAccount.get().strip());
            p.put(containerProperty(k), container.get().strip());
            String pp = pathProperty(k);
            if (pp != null) p.put(pp, path.get().strip());
        }
    }

    /** The storage kinds a type allows, as the provider declares them. */
    public List<String> kinds(String type) {
        List<String> v = values(type, KIND);
        return v.isEmpty() ? STORAGE_KINDS : v;
    }

    // ---- tags ---------------------------------------------------------------------------------------------------

    /**
     * Tags typed as {@code key=value} pairs separated by commas; null when the text is not of that form (see
     * {@link #tagsProblem}).
     */
    public static Map<String, Object> parseTags(String text) {
        Map<String, Object> tags = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0 || part.substring(0, eq).isBlank()) return null;
            tags.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return tags;
    }

    /** What is wrong with typed tags (form, then the provider's rules for the type's {@code tags}), or null. */
    protected String tagsProblem(ValidatedText t, String type) {
        if (t.get().isBlank()) return null;
        Map<String, Object> tags = parseTags(t.get());
        if (tags == null) return "write tags as name=value pairs separated by commas, e.g. Environment=Production";
        return probe(type, Map.of(TAGS, tags), TAGS);
    }

    // ---- the provider's rules -----------------------------------------------------------------------------------

    /** "required: …" when the field is blank. */
    protected static Optional<String> required(ValidatedText t, String what) {
        return t.get().isBlank() ? Optional.of("required: " + what) : Optional.empty();
    }

    /** The reason the provider's {@code type} gives for {@code field} of a probe resource holding {@code props}. */
    protected String probe(String type, Map<String, Object> props, String field) {
        return probeField(type, "probe", props, field);
    }

    /** The reason the provider's {@code type} gives for a resource name, or null. */
    protected String nameProblem(ValidatedText t, String type, String what) {
        return required(t, what).orElseGet(() -> probeField(type, t.get().strip(), Map.of(), "name"));
    }

    /**
     * Validates a probe resource holding only {@code props} with the real {@link StackValidator} and returns the
     * first reason given for {@code field} (a dotted path; reasons for its items or nested fields count too), or null.
     */
    String probeField(String type, String name, Map<String, Object> props, String field) {
        Stack probe = new Stack("probe", "", List.of(Resource.of(type, name, props)), null);
        String at = "resources[0]." + field;
        for (Problem p : new StackValidator(catalog).validate(probe)) {
            String f = p.field();
            if (f.equals(at) || f.startsWith(at + "[") || f.startsWith(at + ".")) return p.reason();
        }
        return null;
    }

    /** The enum values of a (nested) property of a type, as the provider declares them. */
    List<String> values(String type, String property, String... path) {
        Optional<PropertySpec> p = catalog.type(type).flatMap(t -> t.property(property));
        for (String f : path) p = p.flatMap(s -> s.field(f));
        return p.map(PropertySpec::enumValues).orElse(List.of());
    }

    /** A list of enum values, or {@code fallback} when the provider's type has none. */
    List<String> valuesOr(List<String> fallback, String type, String property, String... path) {
        List<String> v = values(type, property, path);
        return v.isEmpty() ? fallback : v;
    }

    /** The schedule choices: none, then the recurrence intervals of {@code type}. */
    protected List<String> scheduleChoices(String type) {
        List<String> out = new java.util.ArrayList<>();
        out.add(NO_SCHEDULE);
        out.addAll(valuesOr(List.of("Hour", "Day"), type, RECURRENCE));
        return out;
    }
}
