package dev.mlpc.testing.datashare;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request bodies of Microsoft.DataShare 2021-08-01 as the published REST spec defines them
 * (azure-rest-api-specs {@code specification/datashare/resource-manager/Microsoft.DataShare/stable/2021-08-01/DataShare.json},
 * section {@code definitions}), written down by hand for the operations the simulator serves: properties, their JSON
 * types, {@code required}, {@code readOnly}, {@code enum} and {@code format: date-time}; the {@code kind}
 * discriminators of data sets, data set mappings, synchronization settings and triggers pick the sub-schema
 * ({@code x-ms-discriminator-value}). PROTOCOL.md names each definition used. Also the resource group body of
 * Microsoft.Resources 2021-04-01 and the role assignment body of Microsoft.Authorization 2022-04-01.
 *
 * <p>{@link #validate} returns the first problem as an {@link Problem} (ARM answers one error), or null.
 */
final class DataShareModel {

    /** A refused body: ARM error code, message, and the property path it is about ({@code error.target}). */
    record Problem(String code, String message, String target) {}

    enum Type { STRING, DATE_TIME, UUID, OBJECT, STRING_MAP, INTEGER, BOOLEAN, STRING_ARRAY }

    static final class Prop {
        final Type type;
        boolean readOnly;
        boolean required;
        List<String> values;
        Schema object;

        Prop(Type type) {
            this.type = type;
        }
    }

    /** An object schema: its properties in spec order. */
    static final class Schema {
        final String name;
        final Map<String, Prop> props = new LinkedHashMap<>();

        Schema(String name) {
            this.name = name;
        }

        Schema str(String n) { props.put(n, new Prop(Type.STRING)); return this; }
        Schema req(String n) { Prop p = new Prop(Type.STRING); p.required = true; props.put(n, p); return this; }
        Schema ro(String n) { Prop p = new Prop(Type.STRING); p.readOnly = true; props.put(n, p); return this; }
        Schema roDate(String n) { Prop p = new Prop(Type.DATE_TIME); p.readOnly = true; props.put(n, p); return this; }
        Schema date(String n, boolean required) { Prop p = new Prop(Type.DATE_TIME); p.required = required; props.put(n, p); return this; }
        Schema uuid(String n, boolean required) { Prop p = new Prop(Type.UUID); p.required = required; props.put(n, p); return this; }
        Schema roInt(String n) { Prop p = new Prop(Type.INTEGER); p.readOnly = true; props.put(n, p); return this; }
        Schema map(String n) { props.put(n, new Prop(Type.STRING_MAP)); return this; }

        Schema enumOf(String n, boolean required, boolean readOnly, String... values) {
            Prop p = new Prop(Type.STRING);
            p.required = required;
            p.readOnly = readOnly;
            p.values = List.of(values);
            props.put(n, p);
            return this;
        }

        Schema obj(String n, boolean required, boolean readOnly, Schema s) {
            Prop p = new Prop(Type.OBJECT);
            p.required = required;
            p.readOnly = readOnly;
            p.object = s;
            props.put(n, p);
            return this;
        }
    }

    static final String[] PROVISIONING = {"Succeeded", "Creating", "Deleting", "Moving", "Failed"};
    /** DataSet.kind (dataSetKind). */
    static final String[] DATA_SET_KINDS = {"Blob", "Container", "BlobFolder", "AdlsGen2FileSystem", "AdlsGen2Folder",
            "AdlsGen2File", "AdlsGen1Folder", "AdlsGen1File", "KustoCluster", "KustoDatabase", "KustoTable", "SqlDBTable",
            "SqlDWTable", "SynapseWorkspaceSqlPoolTable"};
    /** DataSetMapping.kind (dataSetMappingKind). */
    static final String[] MAPPING_KINDS = {"Blob", "Container", "BlobFolder", "AdlsGen2FileSystem", "AdlsGen2Folder",
            "AdlsGen2File", "KustoCluster", "KustoDatabase", "KustoTable", "SqlDBTable", "SqlDWTable",
            "SynapseWorkspaceSqlPoolTable"};
    /** The storage kinds the simulator serves (the others validate their kind but are refused as not simulated). */
    static final Set<String> STORAGE_KINDS = Set.of("Blob", "Container", "BlobFolder", "AdlsGen2FileSystem",
            "AdlsGen2Folder", "AdlsGen2File");

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    // ------------------------------------------------------------------ schemas (DataShare.json definitions)

    /** ProxyDto: id, name, systemData, type (all readOnly) + the given members. */
    private static Schema proxy(String name) {
        Schema s = new Schema(name).ro("id").ro("name").ro("type");
        s.obj("systemData", false, true, new Schema("SystemData"));
        return s;
    }

    /** Account: DefaultDto (ProxyDto + location, tags) + identity (required) + properties (AccountProperties). */
    static final Schema ACCOUNT = proxy("Account").str("location").map("tags")
            .obj("identity", true, false, new Schema("Identity").ro("principalId").ro("tenantId")
                    .enumOf("type", false, false, "SystemAssigned"))
            .obj("properties", false, false, new Schema("AccountProperties").roDate("createdAt")
                    .enumOf("provisioningState", false, true, PROVISIONING).ro("userEmail").ro("userName"));

    /** AccountUpdateParameters (PATCH). */
    static final Schema ACCOUNT_UPDATE = new Schema("AccountUpdateParameters").map("tags");

    /** Share + ShareProperties. */
    static final Schema SHARE = proxy("Share").obj("properties", false, false, new Schema("ShareProperties")
            .roDate("createdAt").str("description").enumOf("provisioningState", false, true, PROVISIONING)
            .enumOf("shareKind", false, false, "CopyBased", "InPlace").str("terms").ro("userEmail").ro("userName"));

    /** Invitation + InvitationProperties. */
    static final Schema INVITATION = proxy("Invitation").obj("properties", false, false, new Schema("InvitationProperties")
            .date("expirationDate", false).ro("invitationId")
            .enumOf("invitationStatus", false, true, "Pending", "Accepted", "Rejected", "Withdrawn")
            .roDate("respondedAt").roDate("sentAt").str("targetActiveDirectoryId").str("targetEmail").str("targetObjectId")
            .ro("userEmail").ro("userName"));

    /** ScheduledSynchronizationSetting (kind ScheduleBased) + ScheduledSynchronizationSettingProperties. */
    static final Schema SYNC_SETTING_SCHEDULED = proxy("ScheduledSynchronizationSetting")
            .enumOf("kind", true, false, "ScheduleBased")
            .obj("properties", true, false, new Schema("ScheduledSynchronizationSettingProperties").roDate("createdAt")
                    .enumOf("provisioningState", false, true, PROVISIONING)
                    .enumOf("recurrenceInterval", true, false, "Hour", "Day").date("synchronizationTime", true)
                    .ro("userName"));

    /** ScheduledTrigger (kind ScheduleBased) + ScheduledTriggerProperties. */
    static final Schema TRIGGER_SCHEDULED = proxy("ScheduledTrigger").enumOf("kind", true, false, "ScheduleBased")
            .obj("properties", true, false, new Schema("ScheduledTriggerProperties").roDate("createdAt")
                    .enumOf("provisioningState", false, true, PROVISIONING)
                    .enumOf("recurrenceInterval", true, false, "Hour", "Day")
                    .enumOf("synchronizationMode", false, false, "Incremental", "FullSync")
                    .date("synchronizationTime", true)
                    .enumOf("triggerStatus", false, true, "Active", "Inactive", "SourceSynchronizationSettingDeleted")
                    .ro("userName"));

    /** ShareSubscription + ShareSubscriptionProperties (invitationId, sourceShareLocation required). */
    static final Schema SHARE_SUBSCRIPTION = proxy("ShareSubscription").obj("properties", true, false,
            new Schema("ShareSubscriptionProperties").roDate("createdAt").date("expirationDate", false)
                    .req("invitationId").ro("providerEmail").ro("providerName").ro("providerTenantName")
                    .enumOf("provisioningState", false, true, PROVISIONING).ro("shareDescription")
                    .enumOf("shareKind", false, true, "CopyBased", "InPlace").ro("shareName")
                    .enumOf("shareSubscriptionStatus", false, true, "Active", "Revoked", "SourceDeleted", "Revoking")
                    .ro("shareTerms").req("sourceShareLocation").ro("userEmail").ro("userName"));

    /** Synchronize (the body of ShareSubscriptions_Synchronize). */
    static final Schema SYNCHRONIZE = new Schema("Synchronize")
            .enumOf("synchronizationMode", false, false, "Incremental", "FullSync");

    /** ShareSubscriptionSynchronization (the body of cancelSynchronization / listSynchronizationDetails). */
    static final Schema SHARE_SUBSCRIPTION_SYNCHRONIZATION = new Schema("ShareSubscriptionSynchronization")
            .roInt("durationMs").roDate("endTime").ro("message").roDate("startTime").ro("status").req("synchronizationId")
            .enumOf("synchronizationMode", false, true, "Incremental", "FullSync");

    /** ConsumerInvitation (the body of rejectInvitation): properties required, invitationId required, the rest readOnly. */
    static final Schema CONSUMER_INVITATION = proxy("ConsumerInvitation").obj("properties", true, false,
            new Schema("ConsumerInvitationProperties").roInt("dataSetCount").ro("description").roDate("expirationDate")
                    .req("invitationId").enumOf("invitationStatus", false, true, "Pending", "Accepted", "Rejected", "Withdrawn")
                    .ro("location").ro("providerEmail").ro("providerName").ro("providerTenantName").roDate("respondedAt")
                    .roDate("sentAt").ro("shareName").ro("termsOfUse").ro("userEmail").ro("userName"));

    /** Resource group (Microsoft.Resources 2021-04-01 ResourceGroup): location required, managedBy, tags. */
    static final Schema RESOURCE_GROUP = new Schema("ResourceGroup").ro("id").ro("name").ro("type")
            .req("location").str("managedBy").map("tags")
            .obj("properties", false, false, new Schema("ResourceGroupProperties").ro("provisioningState"));

    /** Role assignment create (Microsoft.Authorization 2022-04-01 RoleAssignmentCreateParameters). */
    static final Schema ROLE_ASSIGNMENT = new Schema("RoleAssignmentCreateParameters").ro("id").ro("name").ro("type")
            .obj("properties", true, false, new Schema("RoleAssignmentProperties").ro("scope").req("roleDefinitionId")
                    .uuid("principalId", true).enumOf("principalType", false, false, "User", "Group", "ServicePrincipal",
                            "ForeignGroup", "Device").str("description").str("condition").str("conditionVersion")
                    .roDate("createdOn").roDate("updatedOn").ro("createdBy").ro("updatedBy").str("delegatedManagedIdentityResourceId"));

    /** The storage members of a data set's properties by kind (BlobProperties, BlobContainerProperties, …). */
    private static Schema storageProps(String name, String kind, boolean mapping) {
        Schema s = new Schema(name);
        switch (kind) {
            case "Blob" -> s.req("containerName").req("filePath");
            case "Container" -> s.req("containerName");
            case "BlobFolder" -> s.req("containerName").req("prefix");
            case "AdlsGen2File" -> s.req("fileSystem").req("filePath");
            case "AdlsGen2Folder" -> s.req("fileSystem").req("folderPath");
            case "AdlsGen2FileSystem" -> s.req("fileSystem");
            default -> throw new IllegalArgumentException(kind);
        }
        s.req("subscriptionId").req("resourceGroup").req("storageAccountName");
        if (mapping) {
            s.req("dataSetId");
            s.enumOf("dataSetMappingStatus", false, true, "Ok", "Broken");
            s.enumOf("provisioningState", false, true, PROVISIONING);
            if (kind.equals("Blob") || kind.equals("AdlsGen2File")) s.enumOf("outputType", false, false, "Csv", "Parquet");
        } else {
            s.ro("dataSetId");
        }
        return s;
    }

    private static final Map<String, String> DATA_SET_DEFS = Map.of(
            "Blob", "BlobDataSet/BlobProperties", "Container", "BlobContainerDataSet/BlobContainerProperties",
            "BlobFolder", "BlobFolderDataSet/BlobFolderProperties", "AdlsGen2File", "ADLSGen2FileDataSet/ADLSGen2FileProperties",
            "AdlsGen2Folder", "ADLSGen2FolderDataSet/ADLSGen2FolderProperties",
            "AdlsGen2FileSystem", "ADLSGen2FileSystemDataSet/ADLSGen2FileSystemProperties");
    private static final Map<String, String> MAPPING_DEFS = Map.of(
            "Blob", "BlobDataSetMapping/BlobMappingProperties", "Container", "BlobContainerDataSetMapping/BlobContainerMappingProperties",
            "BlobFolder", "BlobFolderDataSetMapping/BlobFolderMappingProperties",
            "AdlsGen2File", "ADLSGen2FileDataSetMapping/ADLSGen2FileDataSetMappingProperties",
            "AdlsGen2Folder", "ADLSGen2FolderDataSetMapping/ADLSGen2FolderDataSetMappingProperties",
            "AdlsGen2FileSystem", "ADLSGen2FileSystemDataSetMapping/ADLSGen2FileSystemDataSetMappingProperties");

    static Schema dataSet(String kind) {
        String[] defs = DATA_SET_DEFS.get(kind).split("/");
        return proxy(defs[0]).enumOf("kind", true, false, DATA_SET_KINDS)
                .obj("properties", true, false, storageProps(defs[1], kind, false));
    }

    static Schema dataSetMapping(String kind) {
        String[] defs = MAPPING_DEFS.get(kind).split("/");
        return proxy(defs[0]).enumOf("kind", true, false, MAPPING_KINDS)
                .obj("properties", true, false, storageProps(defs[1], kind, true));
    }

    // ------------------------------------------------------------------ validation

    /**
     * Validates a body against a polymorphic base: {@code base} is DataSet, DataSetMapping, SynchronizationSetting or
     * Trigger; the {@code kind} picks the sub-schema. Returns the first problem or null.
     */
    static Problem validateKinded(String base, JsonNode body) {
        if (body == null || !body.isObject()) return invalid("", "The request body must be a JSON object.");
        JsonNode kind = body.get("kind");
        String[] allowed = switch (base) {
            case "DataSet" -> DATA_SET_KINDS;
            case "DataSetMapping" -> MAPPING_KINDS;
            default -> new String[] {"ScheduleBased"};
        };
        if (kind == null || kind.isNull()) {
            return invalid("kind", "The property 'kind' is required (" + base + " is polymorphic: one of "
                    + String.join(", ", allowed) + ").");
        }
        if (!kind.isTextual() || !List.of(allowed).contains(kind.asText())) {
            return invalid("kind", "The value '" + kind.asText() + "' of property 'kind' is not valid for " + base
                    + "; allowed values: " + String.join(", ", allowed) + ".");
        }
        String k = kind.asText();
        Schema schema = switch (base) {
            case "DataSet" -> STORAGE_KINDS.contains(k) ? dataSet(k) : null;
            case "DataSetMapping" -> STORAGE_KINDS.contains(k) ? dataSetMapping(k) : null;
            case "SynchronizationSetting" -> SYNC_SETTING_SCHEDULED;
            case "Trigger" -> TRIGGER_SCHEDULED;
            default -> throw new IllegalArgumentException(base);
        };
        if (schema == null) {
            return new Problem("InvalidParameter", base + " kind '" + k + "' is valid in the API but not served by the "
                    + "Data Share simulator (storage kinds only: Blob, Container, BlobFolder, AdlsGen2File, AdlsGen2Folder, "
                    + "AdlsGen2FileSystem).", "kind");
        }
        return validate(schema, body);
    }

    /** Validates {@code body} against {@code schema}; returns the first problem or null. */
    static Problem validate(Schema schema, JsonNode body) {
        if (body == null || !body.isObject()) return invalid("", "The request body must be a JSON object (" + schema.name + ").");
        List<Problem> problems = new ArrayList<>();
        check(schema, body, "", problems);
        return problems.isEmpty() ? null : problems.get(0);
    }

    private static void check(Schema schema, JsonNode node, String prefix, List<Problem> out) {
        Set<String> seen = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            Prop p = schema.props.get(e.getKey());
            if (p == null) {
                out.add(invalid(path, "The property '" + path + "' is not a member of " + schema.name
                        + "; members: " + String.join(", ", writable(schema)) + "."));
                return;
            }
            seen.add(e.getKey());
            JsonNode v = e.getValue();
            if (p.readOnly) {
                out.add(invalid(path, "The property '" + path + "' is read-only (" + schema.name
                        + ") and cannot be set by a client."));
                return;
            }
            if (v.isNull()) {
                if (p.required) {
                    out.add(invalid(path, "The property '" + path + "' is required and cannot be null."));
                    return;
                }
                continue;
            }
            Problem bad = value(p, v, path);
            if (bad != null) {
                out.add(bad);
                return;
            }
            if (p.type == Type.OBJECT) {
                check(p.object, v, path + ".", out);
                if (!out.isEmpty()) return;
            }
        }
        for (Map.Entry<String, Prop> e : schema.props.entrySet()) {
            if (e.getValue().required && !seen.contains(e.getKey())) {
                String path = prefix + e.getKey();
                out.add(invalid(path, "The property '" + path + "' is required (" + schema.name + ")."));
                return;
            }
        }
    }

    private static List<String> writable(Schema s) {
        List<String> names = new ArrayList<>();
        s.props.forEach((k, v) -> { if (!v.readOnly) names.add(k); });
        return names;
    }

    private static Problem value(Prop p, JsonNode v, String path) {
        switch (p.type) {
            case STRING, DATE_TIME, UUID -> {
                if (!v.isTextual()) return invalid(path, "The property '" + path + "' must be a string, was " + v.getNodeType() + ".");
                String s = v.asText();
                if (p.values != null && !p.values.contains(s)) {
                    return invalid(path, "The value '" + s + "' of property '" + path + "' is not valid; allowed values: "
                            + String.join(", ", p.values) + ".");
                }
                if (p.type == Type.DATE_TIME && !isDateTime(s)) {
                    return invalid(path, "The value '" + s + "' of property '" + path
                            + "' is not a valid date-time (RFC 3339, for example 2026-12-31T00:00:00Z).");
                }
                if (p.type == Type.UUID && !isUuid(s)) {
                    return invalid(path, "The value '" + s + "' of property '" + path + "' is not a valid GUID.");
                }
            }
            case OBJECT -> {
                if (!v.isObject()) return invalid(path, "The property '" + path + "' must be an object, was " + v.getNodeType() + ".");
            }
            case STRING_MAP -> {
                if (!v.isObject()) return invalid(path, "The property '" + path + "' must be an object of strings.");
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        return invalid(path + "." + e.getKey(), "The value of '" + path + "." + e.getKey() + "' must be a string.");
                    }
                }
            }
            case INTEGER -> {
                if (!v.isIntegralNumber()) return invalid(path, "The property '" + path + "' must be an integer.");
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) return invalid(path, "The property '" + path + "' must be a boolean.");
            }
            case STRING_ARRAY -> {
                if (!v.isArray()) return invalid(path, "The property '" + path + "' must be an array.");
            }
            default -> throw new IllegalStateException(p.type.toString());
        }
        return null;
    }

    /** RFC 3339 date-time (swagger {@code format: date-time}): a date, a time and an offset or Z. */
    static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean isUuid(String s) {
        return s != null && GUID.matcher(s).matches();
    }

    private static Problem invalid(String target, String message) {
        return new Problem("InvalidParameter", message, target);
    }

    private DataShareModel() {
    }
}
