package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.spec.Resource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.providers.datashare.DataShareTypes.*;

/**
 * An ARM object's JSON as the stack's properties ({@link ObservedResource}): REST camelCase back to snake_case, the
 * parent by the stack's resource name, and the ARM id, the managed identity's principal id and the status besides.
 * Values Azure spells differently from the stack but means the same (a date-time with fractions of seconds, a region
 * written {@code East US} vs {@code eastus}) are reported in the stack's spelling, so that they are not a change.
 */
final class DataShareObserved {
    /** ARM provisioning states of an object on its way somewhere: not diffed (the plan warns). */
    static final Set<String> BUSY = Set.of("creating", "deleting", "moving", "updating", "accepted", "running");

    private DataShareObserved() { }

    static ObservedResource of(Resource r, JsonNode json) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode props = json.path("properties");
        String pp = parentProperty(r.type());
        if (pp != null && r.get(pp) != null) m.put(pp, r.get(pp));
        String np = nameProperty(r.type());
        if (np != null && json.hasNonNull("name")) m.put(np, json.get("name").asText());
        switch (r.type()) {
            case RESOURCE_GROUP -> {
                m.put("location", location(r, "location", json.path("location").asText(null)));
                m.put("tags", tags(json.path("tags")));
            }
            case ACCOUNT -> {
                m.put("location", location(r, "location", json.path("location").asText(null)));
                JsonNode id = json.path("identity");
                if (id.hasNonNull("type")) m.put("identity", Map.of("type", id.get("type").asText()));
                if (id.hasNonNull("principalId")) m.put(DataShareRenderer.PRINCIPAL_ID, id.get("principalId").asText());
                m.put("tags", tags(json.path("tags")));
            }
            case SHARE -> copy(r, props, m, "share_kind", "description", "terms");
            case DATASET -> {
                putText(m, "kind", json.path("kind"));
                copy(r, props, m, "subscription_id", "resource_group", "storage_account_name", "container_name",
                        "file_system", "file_path", "prefix", "folder_path");
                putText(m, "source_data_set_id", props.path("dataSetId"));
            }
            case INVITATION -> {
                copy(r, props, m, "target_email", "target_object_id", "target_active_directory_id", "expiration_date");
                putText(m, "invitation_id", props.path("invitationId"));
                putText(m, "invitation_status", props.path("invitationStatus"));
            }
            case SYNCHRONIZATION_SETTING, TRIGGER -> {
                putText(m, "kind", json.path("kind"));
                copy(r, props, m, "recurrence_interval", "synchronization_time");
                putText(m, "trigger_status", props.path("triggerStatus"));
            }
            case SHARE_SUBSCRIPTION -> {
                copy(r, props, m, "invitation_id", "expiration_date");
                m.put("source_share_location", location(r, "source_share_location", props.path("sourceShareLocation").asText(null)));
                putText(m, "share_subscription_status", props.path("shareSubscriptionStatus"));
                putText(m, "source_share_name", props.path("shareName"));
                putText(m, "provider_email", props.path("providerEmail"));
            }
            case DATASET_MAPPING -> {
                putText(m, "kind", json.path("kind"));
                copy(r, props, m, "data_set_id", "subscription_id", "resource_group", "storage_account_name",
                        "container_name", "file_system", "file_path", "prefix", "folder_path");
                putText(m, "data_set_mapping_status", props.path("dataSetMappingStatus"));
            }
            default -> { }
        }
        m.values().removeIf(java.util.Objects::isNull);
        putText(m, DataShareRenderer.ARM_ID, json.path("id"));
        String state = props.path("provisioningState").asText(null);
        if (state != null) m.put(DataShareRenderer.PROVISIONING_STATE, state);
        String status = r.type().equals(INVITATION) ? (String) m.get("invitation_status") : state;
        boolean busy = state != null && BUSY.contains(state.toLowerCase(Locale.ROOT));
        return new ObservedResource(r.key(), m, status, busy);
    }

    /** Copies REST properties (camelCase) into stack properties (snake_case), in the stack's spelling where equal. */
    private static void copy(Resource r, JsonNode props, Map<String, Object> m, String... names) {
        for (String n : names) {
            JsonNode v = props.path(DataShareRenderer.camel(n));
            if (v.isMissingNode() || v.isNull()) continue;
            String live = v.asText();
            Object want = r.get(n);
            if (want instanceof String w && (n.endsWith("_date") || n.endsWith("_time")) && sameInstant(w, live)) live = w;
            m.put(n, live);
        }
    }

    /** The region in the stack's spelling when both name the same one ({@code East US} = {@code eastus}). */
    private static String location(Resource r, String property, String live) {
        if (live == null) return null;
        Object want = r.get(property);
        if (want instanceof String w && norm(w).equals(norm(live))) return w;
        return live;
    }

    private static String norm(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    static boolean sameInstant(String a, String b) {
        try {
            return OffsetDateTime.parse(a).toInstant().equals(OffsetDateTime.parse(b).toInstant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, Object> tags(JsonNode tags) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (tags == null || !tags.isObject()) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static void putText(Map<String, Object> m, String key, JsonNode v) {
        if (v != null && !v.isMissingNode() && !v.isNull()) m.put(key, v.asText());
    }

    /** Statuses worth a plan warning, by type: the observed property and its values. */
    static final Map<String, Map.Entry<String, List<String>>> TROUBLE = Map.of(
            INVITATION, Map.entry("invitation_status", List.of("Rejected", "Withdrawn")),
            SHARE_SUBSCRIPTION, Map.entry("share_subscription_status", List.of("Revoked", "SourceDeleted", "Revoking")),
            DATASET_MAPPING, Map.entry("data_set_mapping_status", List.of("Broken")));
}
