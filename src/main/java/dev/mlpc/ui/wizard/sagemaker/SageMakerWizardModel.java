package dev.mlpc.ui.wizard.sagemaker;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackValidator;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.snowflake.SfWizardModel;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The view model of the wizard "SageMaker governance domain" (seed 001): a {@code sagemaker.domain} with its network,
 * encryption, governance tags and default user settings, and a list of {@code sagemaker.user_profile}s in it. JavaFX
 * properties only, so it is tested without a window.
 *
 * <p>The check machinery (steps, per-field messages, the built stack validated as a whole, the dirty flag, the
 * connection, stack name and commit message) is the shared one of {@link SfWizardModel}; nothing Snowflake-specific
 * of it is used. Every field is checked as typed with the provider's own messages: its value is put into a probe
 * resource that goes through the real {@link StackValidator} (kinds, enums, and the type's checks: name pattern, ARN
 * and id formats, list lengths), and the reason given for that field is shown. The wizard keeps no copy of those
 * rules; it only adds "required" where the domain needs an answer.
 */
public final class SageMakerWizardModel extends SfWizardModel {
    /** The connection type the wizard offers. */
    public static final String CONNECTION_TYPE = "sagemaker";
    public static final String DOMAIN_TYPE = "sagemaker.domain";
    public static final String PROFILE_TYPE = "sagemaker.user_profile";

    public static final int CONNECTION = 0;
    public static final int DOMAIN = 1;
    public static final int USER_SETTINGS = 2;
    public static final int PROFILES = 3;
    public static final int REVIEW = 4;

    public static final String DEFAULT_STACK = "sagemaker-governance";
    public static final String DEFAULT_DOMAIN = "ml-governed-domain";
    /** Suggestions for the data-classification tag (any text is accepted). */
    public static final List<String> CLASSIFICATIONS = List.of("public", "internal", "confidential", "restricted");

    // the provider's property names (AWS API members in snake_case)
    static final String AUTH_MODE = "auth_mode";
    static final String VPC_ID = "vpc_id";
    static final String SUBNET_IDS = "subnet_ids";
    static final String NETWORK = "app_network_access_type";
    static final String KMS_KEY_ID = "kms_key_id";
    static final String TAGS = "tags";
    static final String DEFAULT_USER_SETTINGS = "default_user_settings";
    static final String EXECUTION_ROLE = "execution_role";
    static final String SECURITY_GROUPS = "security_groups";
    static final String SHARING = "sharing_settings";
    static final String NOTEBOOK_OUTPUT = "notebook_output_option";
    static final String S3_OUTPUT_PATH = "s3_output_path";
    static final String S3_KMS_KEY_ID = "s3_kms_key_id";
    static final String PROFILE_DOMAIN = "domain";
    static final String USER_SETTINGS_PROP = "user_settings";
    static final String OWNER_TAG = "owner";
    static final String CLASSIFICATION_TAG = "data-classification";

    /** One user profile row: its name and an optional execution role that overrides the domain's default. */
    public final class Profile {
        private final ValidatedText name;
        private final ValidatedText executionRole = new ValidatedText("Execution role override", "");

        Profile(String name) {
            this.name = new ValidatedText("User profile name", name);
            watch(this.name.value(), executionRole.value());
        }

        public ValidatedText name() { return name; }
        public ValidatedText executionRole() { return executionRole; }
    }

    private final ValidatedText domainName = new ValidatedText("Domain name", DEFAULT_DOMAIN);
    private final ValidatedText authMode = new ValidatedText("Auth mode", "IAM");
    private final ValidatedText vpcId = new ValidatedText("VPC ID", "");
    private final ValidatedText subnetIds = new ValidatedText("Subnet IDs", "");
    private final ValidatedText networkAccess = new ValidatedText("App network access", "VpcOnly");
    private final ValidatedText kmsKeyId = new ValidatedText("KMS key", "");
    private final ValidatedText owner = new ValidatedText("Owner tag", "");
    private final ValidatedText classification = new ValidatedText("Data classification tag", "internal");

    private final ValidatedText executionRole = new ValidatedText("Execution role", "");
    private final ValidatedText securityGroups = new ValidatedText("Security groups", "");
    private final ValidatedText notebookOutput = new ValidatedText("Notebook output sharing", "Disabled");
    private final ValidatedText s3OutputPath = new ValidatedText("S3 output path", "");
    private final ValidatedText s3KmsKeyId = new ValidatedText("S3 KMS key", "");

    private final ObservableList<Profile> profiles = FXCollections.observableArrayList();

    public SageMakerWizardModel(TypeCatalog catalog) {
        super(catalog, List.of("Connection", "Domain", "Default user settings", "User profiles", "Review"), DEFAULT_STACK,
                "SageMaker domain through which ML users reach governed datasets");
        watch(domainName.value(), authMode.value(), vpcId.value(), subnetIds.value(), networkAccess.value(),
                kmsKeyId.value(), owner.value(), classification.value(), executionRole.value(), securityGroups.value(),
                notebookOutput.value(), s3OutputPath.value(), s3KmsKeyId.value());
        profiles.addListener((ListChangeListener<Profile>) c -> revalidate());
        profiles.add(new Profile("data-scientist"));
        ready();
    }

    @Override
    protected String commitMessageFor(String stack) { return "Set up SageMaker governance domain " + stack; }

    // ---- answers ------------------------------------------------------------------------------------------------

    public ValidatedText domainName() { return domainName; }
    public ValidatedText authMode() { return authMode; }
    public ValidatedText vpcId() { return vpcId; }
    /** Subnet ids separated by commas. */
    public ValidatedText subnetIds() { return subnetIds; }
    public ValidatedText networkAccess() { return networkAccess; }
    public ValidatedText kmsKeyId() { return kmsKeyId; }
    public ValidatedText owner() { return owner; }
    public ValidatedText classification() { return classification; }
    public ValidatedText executionRole() { return executionRole; }
    /** Security group ids separated by commas. */
    public ValidatedText securityGroups() { return securityGroups; }
    public ValidatedText notebookOutput() { return notebookOutput; }
    public ValidatedText s3OutputPath() { return s3OutputPath; }
    public ValidatedText s3KmsKeyId() { return s3KmsKeyId; }
    public ObservableList<Profile> profiles() { return profiles; }

    /** Adds a profile row with a free name and returns it. */
    public Profile addProfile() {
        Set<String> used = new HashSet<>();
        for (Profile p : profiles) used.add(p.name().get());
        int n = profiles.size() + 1;
        while (used.contains("ml-user-" + n)) n++;
        Profile p = new Profile("ml-user-" + n);
        profiles.add(p);
        return p;
    }

    /** The auth modes the provider's domain type allows. */
    public List<String> authModes() { return values(DOMAIN_TYPE, AUTH_MODE); }

    /** The app network access types the provider's domain type allows. */
    public List<String> networkAccessTypes() { return values(DOMAIN_TYPE, NETWORK); }

    /** The notebook output options the provider's domain type allows. */
    public List<String> notebookOutputOptions() { return values(DOMAIN_TYPE, DEFAULT_USER_SETTINGS, SHARING, NOTEBOOK_OUTPUT); }

    /** True while notebook output sharing is allowed (the S3 fields count only then). */
    public boolean sharingAllowed() { return "Allowed".equalsIgnoreCase(notebookOutput.get().strip()); }

    // ---- checks -------------------------------------------------------------------------------------------------

    @Override
    protected void checkFields(Checks c) {
        c.field(DOMAIN, domainName, required(domainName, "the domain's name")
                .orElseGet(() -> probeField(DOMAIN_TYPE, domainName.get().strip(), Map.of(), "name")));
        c.field(DOMAIN, authMode, domainProbe(Map.of(AUTH_MODE, authMode.get().strip()), AUTH_MODE));
        c.field(DOMAIN, vpcId, required(vpcId, "the VPC the domain's apps run in (vpc-…)")
                .orElseGet(() -> domainProbe(Map.of(VPC_ID, vpcId.get().strip()), VPC_ID)));
        c.field(DOMAIN, subnetIds, splitList(subnetIds.get()).isEmpty() ? "required: one or more subnets of the VPC (subnet-…), separated by commas"
                : domainProbe(Map.of(SUBNET_IDS, splitList(subnetIds.get())), SUBNET_IDS));
        c.field(DOMAIN, networkAccess, domainProbe(Map.of(NETWORK, networkAccess.get().strip()), NETWORK));
        c.field(DOMAIN, kmsKeyId, kmsKeyId.get().isBlank() ? null
                : domainProbe(Map.of(KMS_KEY_ID, kmsKeyId.get().strip()), KMS_KEY_ID));
        c.field(DOMAIN, owner, required(owner, "who answers for the domain's data (governance needs an owner tag)")
                .orElseGet(() -> domainProbe(Map.of(TAGS, Map.of(OWNER_TAG, owner.get().strip())), TAGS)));
        c.field(DOMAIN, classification, required(classification, "how sensitive the data is, e.g. " + String.join(", ", CLASSIFICATIONS))
                .orElseGet(() -> domainProbe(Map.of(TAGS, Map.of(CLASSIFICATION_TAG, classification.get().strip())), TAGS)));

        c.field(USER_SETTINGS, executionRole, required(executionRole, "the IAM role users assume (arn:aws:iam::<account>:role/<name>)")
                .orElseGet(() -> domainProbe(userSettings(EXECUTION_ROLE, executionRole.get().strip()),
                        DEFAULT_USER_SETTINGS + "." + EXECUTION_ROLE)));
        List<String> groups = splitList(securityGroups.get());
        c.field(USER_SETTINGS, securityGroups, groups.isEmpty() ? null
                : domainProbe(userSettings(SECURITY_GROUPS, groups), DEFAULT_USER_SETTINGS + "." + SECURITY_GROUPS));
        c.field(USER_SETTINGS, notebookOutput, domainProbe(userSettings(SHARING, Map.of(NOTEBOOK_OUTPUT,
                notebookOutput.get().strip())), DEFAULT_USER_SETTINGS + "." + SHARING + "." + NOTEBOOK_OUTPUT));
        if (sharingAllowed()) {
            c.field(USER_SETTINGS, s3OutputPath, s3OutputPath.get().isBlank()
                    ? "required when notebook output sharing is Allowed: where shared notebooks go (s3://bucket/prefix)"
                    : domainProbe(userSettings(SHARING, Map.of(S3_OUTPUT_PATH, s3OutputPath.get().strip())),
                    DEFAULT_USER_SETTINGS + "." + SHARING + "." + S3_OUTPUT_PATH));
            c.field(USER_SETTINGS, s3KmsKeyId, s3KmsKeyId.get().isBlank() ? null
                    : domainProbe(userSettings(SHARING, Map.of(S3_KMS_KEY_ID, s3KmsKeyId.get().strip())),
                    DEFAULT_USER_SETTINGS + "." + SHARING + "." + S3_KMS_KEY_ID));
        } else {
            c.off(s3OutputPath);
            c.off(s3KmsKeyId);
        }

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < profiles.size(); i++) {
            Profile p = profiles.get(i);
            String who = "User profile " + (i + 1);
            String name = p.name().get().strip();
            String bad = name.isEmpty() ? "required" : probeField(PROFILE_TYPE, name, Map.of(), "name");
            if (bad == null && !seen.add(name)) bad = "duplicate: " + Problem.quote(name) + " is already a profile of this domain";
            c.field(PROFILES, p.name(), bad, who + " name");
            c.field(PROFILES, p.executionRole(), p.executionRole().get().isBlank() ? null
                            : profileProbe(Map.of(USER_SETTINGS_PROP, Map.of(EXECUTION_ROLE, p.executionRole().get().strip())),
                            USER_SETTINGS_PROP + "." + EXECUTION_ROLE),
                    who + " (" + (name.isEmpty() ? "unnamed" : name) + ") execution role");
        }
    }

    private static Optional<String> required(ValidatedText t, String what) {
        return t.get().isBlank() ? Optional.of("required: " + what) : Optional.empty();
    }

    private static Map<String, Object> userSettings(String field, Object value) {
        return Map.of(DEFAULT_USER_SETTINGS, Map.of(field, value));
    }

    private String domainProbe(Map<String, Object> props, String field) {
        return probeField(DOMAIN_TYPE, "probe", props, field);
    }

    private String profileProbe(Map<String, Object> props, String field) {
        return probeField(PROFILE_TYPE, "probe", props, field);
    }

    /**
     * Validates a probe resource holding only {@code props} with the real {@link StackValidator} and returns the first
     * reason given for {@code field} (a dotted path; reasons for its list items or nested fields count too), or null.
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

    // ---- the stack ----------------------------------------------------------------------------------------------

    /** The name of the domain's resource in the stack: the DomainName (so {@code domain_name} is not written). */
    public String domainResource() { return domainName.get().strip(); }

    @Override
    protected void buildResources(Builder b) {
        Map<String, Object> tags = tags();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(AUTH_MODE, authMode.get().strip());
        d.put(VPC_ID, vpcId.get().strip());
        d.put(SUBNET_IDS, splitList(subnetIds.get()));
        d.put(NETWORK, networkAccess.get().strip());
        if (!kmsKeyId.get().isBlank()) d.put(KMS_KEY_ID, kmsKeyId.get().strip());
        Map<String, Object> us = new LinkedHashMap<>();
        us.put(EXECUTION_ROLE, executionRole.get().strip());
        List<String> groups = splitList(securityGroups.get());
        if (!groups.isEmpty()) us.put(SECURITY_GROUPS, groups);
        Map<String, Object> sharing = new LinkedHashMap<>();
        sharing.put(NOTEBOOK_OUTPUT, notebookOutput.get().strip());
        if (sharingAllowed()) {
            if (!s3OutputPath.get().isBlank()) sharing.put(S3_OUTPUT_PATH, s3OutputPath.get().strip());
            if (!s3KmsKeyId.get().isBlank()) sharing.put(S3_KMS_KEY_ID, s3KmsKeyId.get().strip());
        }
        us.put(SHARING, sharing);
        d.put(DEFAULT_USER_SETTINGS, us);
        if (!tags.isEmpty()) d.put(TAGS, tags);
        String domain = domainResource();
        b.add(DOMAIN, Resource.of(DOMAIN_TYPE, domain, d));

        for (Profile p : profiles) {
            String name = p.name().get().strip();
            Map<String, Object> u = new LinkedHashMap<>(); // the resource name is the UserProfileName
            u.put(PROFILE_DOMAIN, domain);
            if (!p.executionRole().get().isBlank()) {
                u.put(USER_SETTINGS_PROP, new LinkedHashMap<>(Map.of(EXECUTION_ROLE, p.executionRole().get().strip())));
            }
            if (!tags.isEmpty()) u.put(TAGS, new LinkedHashMap<>(tags));
            b.add(PROFILES, Resource.of(PROFILE_TYPE, name, u));
        }
    }

    private Map<String, Object> tags() {
        Map<String, Object> t = new LinkedHashMap<>();
        if (!owner.get().isBlank()) t.put(OWNER_TAG, owner.get().strip());
        if (!classification.get().isBlank()) t.put(CLASSIFICATION_TAG, classification.get().strip());
        return t;
    }

    /** The user profile names, in order (for tests and the review). */
    public List<String> profileNames() {
        List<String> out = new ArrayList<>();
        for (Profile p : profiles) out.add(p.name().get().strip());
        return out;
    }
}
