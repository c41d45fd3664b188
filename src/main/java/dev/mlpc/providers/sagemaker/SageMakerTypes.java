package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.PropertySpec.Kind;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SageMaker resource types. Property names are the AWS API members in snake_case; validation follows the
 * constraints of the SageMaker API model (name, ARN, id and S3 URI patterns, enums, list lengths).
 * <ul>
 *   <li>{@code sagemaker.domain}: the resource name is the domain name unless {@code domain_name} says otherwise
 *       (SageMaker does not keep domain names unique; this console matches a live domain by its name, and warns when
 *       two live domains share it).</li>
 *   <li>{@code sagemaker.user_profile}: {@code domain} names the domain resource (by its resource name); the profile
 *       name is the resource name unless {@code user_profile_name} says otherwise (so two domains can each have a
 *       profile of one name, as two resources).</li>
 * </ul>
 * Only {@code domain_name}, {@code auth_mode}, {@code vpc_id} and {@code kms_key_id} (and a profile's domain and name)
 * force a replace; everything UpdateDomain / UpdateUserProfile accepts changes in place, tags through AddTags /
 * DeleteTags.
 */
public final class SageMakerTypes {
    public static final String DOMAIN = "sagemaker.domain";
    public static final String USER_PROFILE = "sagemaker.user_profile";

    /** DomainName and UserProfileName: {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}}, at most 63 characters. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    /** RoleArn, 20 to 2048 characters. */
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    /** S3Uri, at most 1024 characters. */
    public static final Pattern S3_URI = Pattern.compile("(https|s3)://([^/]+)/?(.*)");
    /** VpcId, SubnetId, SecurityGroupId: at most 32 characters. */
    public static final Pattern RESOURCE_ID = Pattern.compile("[-0-9a-zA-Z]+");

    public static final int MAX_SECURITY_GROUPS = 5;
    public static final int MAX_DOMAIN_SECURITY_GROUPS = 3;
    public static final int MAX_SUBNETS = 16;
    public static final int MAX_TAGS = 50;

    private SageMakerTypes() { }

    /** All types, in the order the JSON Schema lists them. */
    public static List<ResourceType> all() {
        return List.of(domain(), userProfile());
    }

    /** Null when the name is a valid DomainName / UserProfileName, else the reason. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.length() > 63) return "must be at most 63 characters (it has " + name.length() + ")";
        if (!NAME.matcher(name).matches()) {
            return "must be letters and digits, with single or repeated '-' between them (pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})";
        }
        return null;
    }

    /** The DomainName a domain resource creates: {@code domain_name}, else the resource name. */
    public static String domainName(Resource domain) {
        String n = domain.string("domain_name");
        return n == null || n.isBlank() ? domain.name() : n;
    }

    /** The UserProfileName a profile resource creates: {@code user_profile_name}, else the resource name. */
    public static String profileName(Resource profile) {
        String n = profile.string("user_profile_name");
        return n == null || n.isBlank() ? profile.name() : n;
    }

    private static PropertySpec.Builder tags() {
        return PropertySpec.of("tags", Kind.STRING_MAP)
                .describe("tags (at most 50; keys 1-128 characters not starting with aws:, values at most 256); changed through AddTags / DeleteTags");
    }

    /**
     * UserSettings as used by default_user_settings (domain) and user_settings (profile): execution_role,
     * security_groups (at most 5), sharing_settings.
     */
    static PropertySpec.Builder userSettings(String name, String what) {
        return PropertySpec.of(name, Kind.OBJECT).describe(what)
                .fields(PropertySpec.of("execution_role", Kind.STRING)
                                .describe("the IAM role ARN users assume (ExecutionRole)"),
                        PropertySpec.of("security_groups", Kind.STRING_LIST)
                                .describe("security group ids for the apps (SecurityGroups, at most 5)"),
                        PropertySpec.of("sharing_settings", Kind.OBJECT)
                                .describe("how notebooks are shared (SharingSettings)")
                                .fields(PropertySpec.of("notebook_output_option", Kind.ENUM).values("Allowed", "Disabled")
                                                .describe("whether notebook output may be shared (NotebookOutputOption)"),
                                        PropertySpec.of("s3_output_path", Kind.STRING)
                                                .describe("S3 URI where shared notebooks are stored (S3OutputPath)"),
                                        PropertySpec.of("s3_kms_key_id", Kind.STRING)
                                                .describe("KMS key that encrypts the shared notebooks (S3KmsKeyId)")));
    }

    static ResourceType domain() {
        return ResourceType.builder(DOMAIN)
                .describe("A SageMaker domain; the resource name is the domain name unless domain_name is given.")
                .property(PropertySpec.of("domain_name", Kind.IDENTIFIER).immutable()
                        .describe("the DomainName, if other than the resource name; changing it replaces the domain"))
                .property(PropertySpec.of("auth_mode", Kind.ENUM).values("IAM", "SSO").required().immutable()
                        .describe("how users sign in (AuthMode); changing it replaces the domain"))
                .property(PropertySpec.of("vpc_id", Kind.STRING).required().immutable()
                        .describe("the VPC for the domain's traffic (VpcId); changing it replaces the domain"))
                .property(PropertySpec.of("subnet_ids", Kind.STRING_LIST).required()
                        .describe("1 to 16 subnet ids in the VPC (SubnetIds); updated in place"))
                .property(PropertySpec.of("app_network_access_type", Kind.ENUM).values("PublicInternetOnly", "VpcOnly")
                        .describe("PublicInternetOnly or VpcOnly (AppNetworkAccessType); updated in place"))
                .property(PropertySpec.of("kms_key_id", Kind.STRING).immutable()
                        .describe("KMS key that encrypts the domain's EFS volume (KmsKeyId); changing it replaces the domain"))
                .property(userSettings("default_user_settings", "settings of every user profile unless it overrides them (DefaultUserSettings)")
                        .required())
                .property(PropertySpec.of("domain_settings", Kind.OBJECT)
                        .describe("domain-wide settings (DomainSettings)")
                        .fields(PropertySpec.of("security_group_ids", Kind.STRING_LIST)
                                .describe("security groups for traffic between the domain and its EFS volume (at most 3)")))
                .property(PropertySpec.of("default_space_settings", Kind.OBJECT)
                        .describe("settings of shared spaces (DefaultSpaceSettings)")
                        .fields(PropertySpec.of("execution_role", Kind.STRING)
                                .describe("the IAM role ARN shared spaces run as (ExecutionRole)")))
                .property(PropertySpec.of("tag_propagation", Kind.ENUM).values("ENABLED", "DISABLED")
                        .describe("whether the domain's tags are added to the apps, spaces and profiles it creates (TagPropagation); updated in place"))
                .property(tags())
                .property(PropertySpec.of("retention_policy", Kind.OBJECT).notCompared()
                        .describe("what DeleteDomain does with the users' home EFS volume; used on delete only")
                        .fields(PropertySpec.of("home_efs_file_system", Kind.ENUM).values("Retain", "Delete")
                                .describe("Retain (default) or Delete the home EFS file system")))
                .check(SageMakerTypes::checkDomain)
                .build();
    }

    static ResourceType userProfile() {
        return ResourceType.builder(USER_PROFILE)
                .describe("A user profile in a SageMaker domain; the resource name is the profile name unless user_profile_name is given.")
                .property(PropertySpec.of("domain", Kind.IDENTIFIER).required().immutable().references(DOMAIN).container()
                        .describe("the sagemaker.domain resource (by its resource name) the profile belongs to"))
                .property(PropertySpec.of("user_profile_name", Kind.IDENTIFIER).immutable()
                        .describe("the UserProfileName, if other than the resource name; changing it replaces the profile"))
                .property(userSettings("user_settings", "settings of this user, overriding the domain's defaults (UserSettings)"))
                .property(tags())
                .check(SageMakerTypes::checkProfile)
                .build();
    }

    private static void checkDomain(Resource r, ResourceType.ProblemSink sink) {
        id(r, sink, "vpc_id", r.get("vpc_id"));
        List<Object> subnets = r.list("subnet_ids");
        if (subnets != null) {
            if (subnets.isEmpty() || subnets.size() > MAX_SUBNETS) {
                sink.problem(r, "subnet_ids", "must list 1 to " + MAX_SUBNETS + " subnets (it lists " + subnets.size() + ")");
            }
            ids(r, sink, "subnet_ids", subnets);
        }
        kms(r, sink, "kms_key_id", r.get("kms_key_id"));
        checkUserSettings(r, sink, "default_user_settings");
        if (r.get("default_user_settings") instanceof Map<?, ?> dus && !(dus.get("execution_role") instanceof String)) {
            sink.problem(r, "default_user_settings.execution_role", "required: CreateDomain needs the role users assume");
        }
        if (r.get("domain_settings") instanceof Map<?, ?> ds && ds.get("security_group_ids") instanceof List<?> sg) {
            if (sg.size() > MAX_DOMAIN_SECURITY_GROUPS) {
                sink.problem(r, "domain_settings.security_group_ids", "at most " + MAX_DOMAIN_SECURITY_GROUPS
                        + " security groups (it lists " + sg.size() + ")");
            }
            ids(r, sink, "domain_settings.security_group_ids", sg);
        }
        if (r.get("default_space_settings") instanceof Map<?, ?> ss) {
            role(r, sink, "default_space_settings.execution_role", ss.get("execution_role"));
        }
        checkTags(r, sink);
    }

    private static void checkProfile(Resource r, ResourceType.ProblemSink sink) {
        checkUserSettings(r, sink, "user_settings");
        checkTags(r, sink);
    }

    private static void checkUserSettings(Resource r, ResourceType.ProblemSink sink, String property) {
        if (!(r.get(property) instanceof Map<?, ?> us)) return;
        role(r, sink, property + ".execution_role", us.get("execution_role"));
        if (us.get("security_groups") instanceof List<?> sg) {
            if (sg.size() > MAX_SECURITY_GROUPS) {
                sink.problem(r, property + ".security_groups", "at most " + MAX_SECURITY_GROUPS
                        + " security groups (it lists " + sg.size() + ")");
            }
            ids(r, sink, property + ".security_groups", sg);
        }
        if (us.get("sharing_settings") instanceof Map<?, ?> sh) {
            Object path = sh.get("s3_output_path");
            if (path instanceof String s && (s.length() > 1024 || !S3_URI.matcher(s).matches())) {
                sink.problem(r, property + ".sharing_settings.s3_output_path",
                        "must be an S3 URI such as s3://bucket/prefix (at most 1024 characters)");
            }
            kms(r, sink, property + ".sharing_settings.s3_kms_key_id", sh.get("s3_kms_key_id"));
        }
    }

    private static void role(Resource r, ResourceType.ProblemSink sink, String field, Object v) {
        if (v instanceof String s && (s.length() < 20 || s.length() > 2048 || !ROLE_ARN.matcher(s).matches())) {
            sink.problem(r, field, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution");
        }
    }

    private static void kms(Resource r, ResourceType.ProblemSink sink, String field, Object v) {
        if (v instanceof String s && (s.isBlank() || s.length() > 2048)) {
            sink.problem(r, field, "must be a KMS key id, alias or ARN of at most 2048 characters");
        }
    }

    private static void id(Resource r, ResourceType.ProblemSink sink, String field, Object v) {
        if (v instanceof String s && (s.length() > 32 || !RESOURCE_ID.matcher(s).matches())) {
            sink.problem(r, field, dev.mlpc.core.spec.Problem.quote(s) + " is not an AWS id (letters, digits and '-', at most 32 characters)");
        }
    }

    private static void ids(Resource r, ResourceType.ProblemSink sink, String field, List<?> values) {
        for (Object v : values) id(r, sink, field, String.valueOf(v));
    }

    private static void checkTags(Resource r, ResourceType.ProblemSink sink) {
        if (!(r.get("tags") instanceof Map<?, ?> tags)) return;
        if (tags.size() > MAX_TAGS) sink.problem(r, "tags", "at most " + MAX_TAGS + " tags (it has " + tags.size() + ")");
        for (Map.Entry<?, ?> e : tags.entrySet()) {
            String k = String.valueOf(e.getKey());
            String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
            if (k.isEmpty() || k.length() > 128) sink.problem(r, "tags", "key " + dev.mlpc.core.spec.Problem.quote(k) + " must be 1 to 128 characters");
            else if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) sink.problem(r, "tags", "key " + dev.mlpc.core.spec.Problem.quote(k) + " must not start with aws: (reserved by AWS)");
            if (v.length() > 256) sink.problem(r, "tags", "value of " + dev.mlpc.core.spec.Problem.quote(k) + " must be at most 256 characters");
        }
    }
}
