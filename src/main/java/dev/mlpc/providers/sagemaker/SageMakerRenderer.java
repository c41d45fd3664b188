package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SageMaker statements are request documents {@code {"operation": "CreateDomain", "request": {…}}} whose request
 * members are the AWS API's own (the SDK's JSON member names), so the plan shows exactly what is sent.
 * <ul>
 *   <li>Create: {@code CreateDomain} (tags included), {@code CreateUserProfile} with the domain's id as the output
 *       placeholder {@code ${sagemaker.domain.<name>.DomainId}} (filled from the CreateDomain of the same apply, else
 *       found live by the executor).</li>
 *   <li>Update: {@code UpdateDomain} / {@code UpdateUserProfile} with only the members that changed (a changed
 *       {@code sharing_settings} is sent whole), then {@code AddTags} / {@code DeleteTags} on the observed ARN.</li>
 *   <li>Delete: {@code DeleteUserProfile}; a domain's drop first deletes the user profiles found live in it (SageMaker
 *       refuses to delete a domain that has profiles), then {@code DeleteDomain} with the retention policy.</li>
 *   <li>Settings removed from the stack ({@link #clearing}): security group lists are sent empty,
 *       {@code app_network_access_type}, {@code tag_propagation} and {@code notebook_output_option} return to the
 *       API's defaults ({@code PublicInternetOnly}, {@code DISABLED}, {@code Disabled}), tags are deleted; execution
 *       roles, {@code s3_output_path}, {@code s3_kms_key_id} and {@code kms_key_id} cannot be unset through the API,
 *       and the plan warns.</li>
 * </ul>
 */
public final class SageMakerRenderer implements Renderer {
    /** Observed, besides the stack's properties: the domain's id (domains and profiles). */
    public static final String DOMAIN_ID = "domain_id";
    /** Observed: the object's ARN (DomainArn, UserProfileArn). */
    public static final String ARN = "arn";
    /** Observed: the domain's Studio URL. */
    public static final String URL = "url";
    /** Observed: the reason SageMaker gives for a Failed / Update_Failed / Delete_Failed status. */
    public static final String FAILURE_REASON = "failure_reason";
    /** Observed on a domain: the names of the user profiles found live in it (its drop deletes them first). */
    public static final String USER_PROFILES = "user_profiles";

    /** The API's value for a setting that is removed from the stack, by property path; see {@link #clearing}. */
    private static final Map<String, Object> CLEARED = Map.of(
            "app_network_access_type", "PublicInternetOnly",
            "tag_propagation", "DISABLED",
            "tags", Map.of(),
            "default_user_settings.security_groups", List.of(),
            "default_user_settings.sharing_settings.notebook_output_option", "Disabled",
            "user_settings.security_groups", List.of(),
            "user_settings.sharing_settings.notebook_output_option", "Disabled",
            "domain_settings.security_group_ids", List.of());

    private final Map<String, ResourceType> types = new LinkedHashMap<>();

    public SageMakerRenderer() {
        for (ResourceType t : SageMakerTypes.all()) types.put(t.type(), t);
    }

    /** A request document. */
    public static Map<String, Object> request(String operation, Map<String, Object> request) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("operation", operation);
        doc.put("request", request);
        return doc;
    }

    /** {@code sharing_settings} → {@code SharingSettings}, {@code s3_kms_key_id} → {@code S3KmsKeyId}. */
    public static String member(String property) {
        StringBuilder b = new StringBuilder();
        for (String part : property.split("_")) {
            if (part.isEmpty()) continue;
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    @Override
    public List<Statement> create(Resource r) {
        ResourceType type = type(r);
        Map<String, Object> req = new LinkedHashMap<>();
        if (r.type().equals(SageMakerTypes.DOMAIN)) {
            req.put("DomainName", SageMakerTypes.domainName(r));
            for (PropertySpec p : type.properties()) {
                if (p.name().equals("domain_name") || p.name().equals("tags") || p.name().equals("retention_policy")) continue;
                Object v = r.get(p.name());
                if (v != null) req.put(member(p.name()), aws(p, v));
            }
            if (r.get("tags") instanceof Map<?, ?> tags && !tags.isEmpty()) req.put("Tags", tagList(tags));
            return List.of(Statement.of(request("CreateDomain", req)));
        }
        req.put("DomainId", domainIdPlaceholder(r));
        req.put("UserProfileName", SageMakerTypes.profileName(r));
        if (r.get("user_settings") instanceof Map<?, ?> us) {
            req.put("UserSettings", aws(type.property("user_settings").orElseThrow(), us));
        }
        if (r.get("tags") instanceof Map<?, ?> tags && !tags.isEmpty()) req.put("Tags", tagList(tags));
        return List.of(Statement.withOutputs(request("CreateUserProfile", req)));
    }

    @Override
    public Rendered update(Resource r, ObservedResource observed, Set<String> changed) {
        ResourceType type = type(r);
        List<Statement> out = new ArrayList<>();
        boolean domain = r.type().equals(SageMakerTypes.DOMAIN);
        Object domainId = observedOr(observed, DOMAIN_ID, domain ? Statement.output(r.key(), "DomainId") : domainIdPlaceholder(r));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("DomainId", domainId);
        if (domain) {
            for (String p : List.of("subnet_ids", "app_network_access_type", "tag_propagation")) {
                if (changed.contains(p)) req.put(member(p), valueOrCleared(type, r, p));
            }
            if (changed.contains("default_user_settings")) {
                req.put("DefaultUserSettings", userSettingsUpdate(type, r, "default_user_settings", changed));
            }
            if (changed.contains("domain_settings")) {
                Map<String, Object> ds = new LinkedHashMap<>();
                ds.put("SecurityGroupIds", fieldOrCleared(type, r, "domain_settings.security_group_ids"));
                req.put("DomainSettingsForUpdate", ds);
            }
            if (changed.contains("default_space_settings")) {
                Map<String, Object> ss = new LinkedHashMap<>();
                Object role = field(r, "default_space_settings.execution_role");
                if (role != null) ss.put("ExecutionRole", role);
                if (!ss.isEmpty()) req.put("DefaultSpaceSettings", ss);
            }
            if (req.size() > 1) out.add(statement(request("UpdateDomain", req)));
        } else {
            req.put("UserProfileName", SageMakerTypes.profileName(r));
            if (changed.contains("user_settings")) {
                req.put("UserSettings", userSettingsUpdate(type, r, "user_settings", changed));
                out.add(statement(request("UpdateUserProfile", req)));
            }
        }
        if (changed.contains("tags")) {
            Object arn = observedOr(observed, ARN, Statement.output(r.key(), domain ? "DomainArn" : "UserProfileArn"));
            out.addAll(tagStatements(arn, r.get("tags"), observed == null ? null : observed.get("tags")));
        }
        return new Rendered(out, Safety.SAFE);
    }

    @Override
    public List<Statement> drop(Resource r, ObservedResource observed) {
        List<Statement> out = new ArrayList<>();
        if (r.type().equals(SageMakerTypes.DOMAIN)) {
            Object domainId = observedOr(observed, DOMAIN_ID, Statement.output(r.key(), "DomainId"));
            if (observed != null && observed.get(USER_PROFILES) instanceof Collection<?> profiles) {
                for (Object p : new TreeSet<>(profiles.stream().map(String::valueOf).toList())) {
                    Map<String, Object> req = new LinkedHashMap<>();
                    req.put("DomainId", domainId);
                    req.put("UserProfileName", p);
                    out.add(statement(request("DeleteUserProfile", req)));
                }
            }
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("DomainId", domainId);
            if (r.get("retention_policy") instanceof Map<?, ?> rp && rp.get("home_efs_file_system") != null) {
                PropertySpec f = type(r).property("retention_policy").orElseThrow().field("home_efs_file_system").orElseThrow();
                req.put("RetentionPolicy", Map.of("HomeEfsFileSystem", aws(f, rp.get("home_efs_file_system"))));
            }
            out.add(statement(request("DeleteDomain", req)));
            return out;
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("DomainId", observedOr(observed, DOMAIN_ID, domainIdPlaceholder(r)));
        req.put("UserProfileName", SageMakerTypes.profileName(r));
        out.add(statement(request("DeleteUserProfile", req)));
        return out;
    }

    /**
     * How a setting removed from the stack is cleared: the value sent instead, or the reason it cannot be (the plan
     * warns, naming the field). Paths are dotted from the property ({@code default_user_settings.security_groups}).
     */
    @Override
    public Clearing clearing(String type, String path) {
        if (!type.equals(SageMakerTypes.DOMAIN) && !type.equals(SageMakerTypes.USER_PROFILE)) return null;
        if (CLEARED.containsKey(path)) return Clearing.to(CLEARED.get(path));
        if (path.endsWith("execution_role")) {
            return Clearing.impossible("SageMaker cannot unset an execution role once set; it keeps its live value, no longer managed");
        }
        if (path.endsWith("sharing_settings.s3_output_path") || path.endsWith("sharing_settings.s3_kms_key_id")) {
            return Clearing.impossible("SageMaker cannot unset this sharing setting once set; it keeps its live value, no longer managed");
        }
        if (path.equals("kms_key_id") || path.equals("vpc_id") || path.equals("auth_mode") || path.equals("domain_name")
                || path.equals("user_profile_name") || path.equals("domain") || path.equals("subnet_ids")) {
            return Clearing.impossible("set when the object was created; removing it from the stack does not change the live object, which keeps its value");
        }
        return null;
    }

    /**
     * Two resources that would be the same live object: two domains of one DomainName, two profiles of one
     * UserProfileName in one domain (rule {@code same-live-name}); SageMaker allows the former, this console matches
     * by name.
     */
    @Override
    public List<dev.mlpc.core.plan.PlanWarning> warnings(dev.mlpc.core.spec.Stack stack) {
        List<dev.mlpc.core.plan.PlanWarning> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Resource r : stack.resources()) {
            String live;
            if (r.type().equals(SageMakerTypes.DOMAIN)) live = "domain " + SageMakerTypes.domainName(r);
            else if (r.type().equals(SageMakerTypes.USER_PROFILE)) live = "user profile " + SageMakerTypes.profileName(r) + " of domain " + r.string("domain");
            else continue;
            String first = seen.putIfAbsent(live, r.name());
            if (first != null) {
                out.add(new dev.mlpc.core.plan.PlanWarning(r.type(), r.name(), "same-live-name",
                        "resources " + first + " and " + r.name() + " are both the " + live + "; give each its own name"));
            }
        }
        return out;
    }

    private ResourceType type(Resource r) {
        ResourceType t = types.get(r.type());
        if (t == null) throw new IllegalArgumentException("not a SageMaker type: " + r.type());
        return t;
    }

    /** The CreateUserProfile / profile requests' DomainId: the output of the domain resource the profile names. */
    private static String domainIdPlaceholder(Resource profile) {
        return Statement.output(new ResourceKey(SageMakerTypes.DOMAIN, profile.string("domain")), "DomainId");
    }

    private static Object observedOr(ObservedResource observed, String key, Object fallback) {
        Object v = observed == null ? null : observed.get(key);
        return v == null || "".equals(v) ? fallback : v;
    }

    /** A statement that may hold output placeholders (only then are they detected). */
    private static Statement statement(Map<String, Object> doc) {
        return Statement.withOutputs(doc);
    }

    /** UserSettings for an update: the changed members only; a changed sharing_settings whole. */
    private Map<String, Object> userSettingsUpdate(ResourceType type, Resource r, String property, Set<String> changed) {
        PropertySpec spec = type.property(property).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        if (changed.contains(property + ".execution_role") && field(r, property + ".execution_role") != null) {
            out.put("ExecutionRole", field(r, property + ".execution_role"));
        }
        if (changed.contains(property + ".security_groups")) {
            out.put("SecurityGroups", fieldOrCleared(type, r, property + ".security_groups"));
        }
        String sharing = property + ".sharing_settings";
        if (changed.stream().anyMatch(c -> c.equals(sharing) || c.startsWith(sharing + "."))) {
            PropertySpec ss = spec.field("sharing_settings").orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            Object desired = field(r, sharing);
            if (desired instanceof Map<?, ?> d) m.putAll(aws(ss, d) instanceof Map<?, ?> a ? cast(a) : Map.of());
            for (PropertySpec f : ss.fields()) {
                String at = sharing + "." + f.name();
                if (changed.contains(at) && field(r, at) == null && CLEARED.containsKey(at)) {
                    m.put(member(f.name()), CLEARED.get(at));
                }
            }
            out.put("SharingSettings", m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** The value at a dotted path of the resource, or null. */
    static Object field(Resource r, String path) {
        String[] parts = path.split("\\.");
        Object v = r.get(parts[0]);
        for (int i = 1; i < parts.length && v != null; i++) v = v instanceof Map<?, ?> m ? m.get(parts[i]) : null;
        return v;
    }

    private Object valueOrCleared(ResourceType type, Resource r, String property) {
        Object v = r.get(property);
        if (v == null) return CLEARED.get(property);
        return aws(type.property(property).orElseThrow(), v);
    }

    private Object fieldOrCleared(ResourceType type, Resource r, String path) {
        Object v = field(r, path);
        if (v == null) return CLEARED.get(path);
        return v instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : v;
    }

    /** A stack value in the API's form: objects with member names, enums in their canonical spelling. */
    static Object aws(PropertySpec p, Object v) {
        if (v == null) return null;
        if (p.kind() == PropertySpec.Kind.OBJECT && v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (PropertySpec f : p.fields()) {
                Object fv = m.get(f.name());
                if (fv != null) out.put(member(f.name()), aws(f, fv));
            }
            return out;
        }
        if (p.kind() == PropertySpec.Kind.ENUM) {
            String c = p.canonicalEnum(String.valueOf(v));
            return c == null ? String.valueOf(v) : c;
        }
        if (v instanceof Collection<?> c) return c.stream().map(String::valueOf).toList();
        return v;
    }

    /** Tags as the API's list of {@code {"Key", "Value"}}, sorted by key. */
    static List<Object> tagList(Map<?, ?> tags) {
        List<Object> out = new ArrayList<>();
        new TreeMap<String, String>(stringMap(tags)).forEach((k, v) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("Key", k);
            t.put("Value", v);
            out.add(t);
        });
        return out;
    }

    private static Map<String, String> stringMap(Object v) {
        Map<String, String> m = new TreeMap<>();
        if (v instanceof Map<?, ?> mm) mm.forEach((k, x) -> m.put(String.valueOf(k), x == null ? "" : String.valueOf(x)));
        return m;
    }

    /** AddTags for tags new or changed, DeleteTags for live tags no longer wanted. */
    private static List<Statement> tagStatements(Object arn, Object desired, Object live) {
        Map<String, String> want = stringMap(desired);
        Map<String, String> have = stringMap(live);
        List<Statement> out = new ArrayList<>();
        Map<String, String> add = new TreeMap<>();
        want.forEach((k, v) -> { if (!v.equals(have.get(k))) add.put(k, v); });
        List<String> remove = have.keySet().stream().filter(k -> !want.containsKey(k)).sorted().toList();
        if (!add.isEmpty()) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("ResourceArn", arn);
            req.put("Tags", tagList(add));
            out.add(statement(request("AddTags", req)));
        }
        if (!remove.isEmpty()) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("ResourceArn", arn);
            req.put("TagKeys", remove);
            out.add(statement(request("DeleteTags", req)));
        }
        return out;
    }
}
