package dev.mlpc.providers.sagemaker;

import software.amazon.awssdk.services.sagemaker.model.AddTagsRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateDomainRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateUserProfileRequest;
import software.amazon.awssdk.services.sagemaker.model.DefaultSpaceSettings;
import software.amazon.awssdk.services.sagemaker.model.DeleteDomainRequest;
import software.amazon.awssdk.services.sagemaker.model.DeleteTagsRequest;
import software.amazon.awssdk.services.sagemaker.model.DeleteUserProfileRequest;
import software.amazon.awssdk.services.sagemaker.model.DomainSettings;
import software.amazon.awssdk.services.sagemaker.model.DomainSettingsForUpdate;
import software.amazon.awssdk.services.sagemaker.model.RetentionPolicy;
import software.amazon.awssdk.services.sagemaker.model.SharingSettings;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.UpdateDomainRequest;
import software.amazon.awssdk.services.sagemaker.model.UpdateUserProfileRequest;
import software.amazon.awssdk.services.sagemaker.model.UserSettings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request documents (AWS member names) to SDK requests, and SDK responses back to the stack's property shapes. Only
 * the members the renderer writes are known; any other member is refused (a document edited by hand fails loudly
 * instead of being sent half).
 */
final class SageMakerRequests {
    private SageMakerRequests() { }

    /** A request document's member that the SDK mapping does not know. */
    static final class UnknownMember extends IllegalArgumentException {
        UnknownMember(String operation, Set<String> unknown) {
            super(operation + ": unknown request member(s) " + unknown);
        }
    }

    private static void only(String op, Map<String, Object> req, String... known) {
        Set<String> unknown = new java.util.TreeSet<>(req.keySet());
        unknown.removeAll(List.of(known));
        if (!unknown.isEmpty()) throw new UnknownMember(op, unknown);
    }

    static CreateDomainRequest createDomain(Map<String, Object> r) {
        only("CreateDomain", r, "DomainName", "AuthMode", "VpcId", "SubnetIds", "AppNetworkAccessType", "KmsKeyId",
                "DefaultUserSettings", "DomainSettings", "DefaultSpaceSettings", "TagPropagation", "Tags");
        var b = CreateDomainRequest.builder().domainName(str(r, "DomainName")).authMode(str(r, "AuthMode"))
                .vpcId(str(r, "VpcId")).subnetIds(strings(r.get("SubnetIds")))
                .appNetworkAccessType(str(r, "AppNetworkAccessType")).kmsKeyId(str(r, "KmsKeyId"))
                .tagPropagation(str(r, "TagPropagation"));
        if (r.get("DefaultUserSettings") instanceof Map<?, ?> m) b.defaultUserSettings(userSettings(m));
        if (r.get("DomainSettings") instanceof Map<?, ?> m) {
            b.domainSettings(DomainSettings.builder().securityGroupIds(strings(m.get("SecurityGroupIds"))).build());
        }
        if (r.get("DefaultSpaceSettings") instanceof Map<?, ?> m) b.defaultSpaceSettings(spaceSettings(m));
        if (r.get("Tags") != null) b.tags(tags(r.get("Tags")));
        return b.build();
    }

    static UpdateDomainRequest updateDomain(Map<String, Object> r) {
        only("UpdateDomain", r, "DomainId", "SubnetIds", "AppNetworkAccessType", "TagPropagation", "DefaultUserSettings",
                "DomainSettingsForUpdate", "DefaultSpaceSettings");
        var b = UpdateDomainRequest.builder().domainId(str(r, "DomainId"))
                .appNetworkAccessType(str(r, "AppNetworkAccessType")).tagPropagation(str(r, "TagPropagation"));
        if (r.containsKey("SubnetIds")) b.subnetIds(strings(r.get("SubnetIds")));
        if (r.get("DefaultUserSettings") instanceof Map<?, ?> m) b.defaultUserSettings(userSettings(m));
        if (r.get("DomainSettingsForUpdate") instanceof Map<?, ?> m) {
            b.domainSettingsForUpdate(DomainSettingsForUpdate.builder().securityGroupIds(strings(m.get("SecurityGroupIds"))).build());
        }
        if (r.get("DefaultSpaceSettings") instanceof Map<?, ?> m) b.defaultSpaceSettings(spaceSettings(m));
        return b.build();
    }

    static DeleteDomainRequest deleteDomain(Map<String, Object> r) {
        only("DeleteDomain", r, "DomainId", "RetentionPolicy");
        var b = DeleteDomainRequest.builder().domainId(str(r, "DomainId"));
        if (r.get("RetentionPolicy") instanceof Map<?, ?> m) {
            b.retentionPolicy(RetentionPolicy.builder().homeEfsFileSystem(str(m, "HomeEfsFileSystem")).build());
        }
        return b.build();
    }

    static CreateUserProfileRequest createUserProfile(Map<String, Object> r) {
        only("CreateUserProfile", r, "DomainId", "UserProfileName", "UserSettings", "Tags");
        var b = CreateUserProfileRequest.builder().domainId(str(r, "DomainId")).userProfileName(str(r, "UserProfileName"));
        if (r.get("UserSettings") instanceof Map<?, ?> m) b.userSettings(userSettings(m));
        if (r.get("Tags") != null) b.tags(tags(r.get("Tags")));
        return b.build();
    }

    static UpdateUserProfileRequest updateUserProfile(Map<String, Object> r) {
        only("UpdateUserProfile", r, "DomainId", "UserProfileName", "UserSettings");
        var b = UpdateUserProfileRequest.builder().domainId(str(r, "DomainId")).userProfileName(str(r, "UserProfileName"));
        if (r.get("UserSettings") instanceof Map<?, ?> m) b.userSettings(userSettings(m));
        return b.build();
    }

    static DeleteUserProfileRequest deleteUserProfile(Map<String, Object> r) {
        only("DeleteUserProfile", r, "DomainId", "UserProfileName");
        return DeleteUserProfileRequest.builder().domainId(str(r, "DomainId")).userProfileName(str(r, "UserProfileName")).build();
    }

    static AddTagsRequest addTags(Map<String, Object> r) {
        only("AddTags", r, "ResourceArn", "Tags");
        return AddTagsRequest.builder().resourceArn(str(r, "ResourceArn")).tags(tags(r.get("Tags"))).build();
    }

    static DeleteTagsRequest deleteTags(Map<String, Object> r) {
        only("DeleteTags", r, "ResourceArn", "TagKeys");
        return DeleteTagsRequest.builder().resourceArn(str(r, "ResourceArn")).tagKeys(strings(r.get("TagKeys"))).build();
    }

    private static UserSettings userSettings(Map<?, ?> m) {
        var b = UserSettings.builder();
        if (m.get("ExecutionRole") != null) b.executionRole(str(m, "ExecutionRole"));
        if (m.containsKey("SecurityGroups")) b.securityGroups(strings(m.get("SecurityGroups")));
        if (m.get("SharingSettings") instanceof Map<?, ?> s) {
            b.sharingSettings(SharingSettings.builder().notebookOutputOption(str(s, "NotebookOutputOption"))
                    .s3OutputPath(str(s, "S3OutputPath")).s3KmsKeyId(str(s, "S3KmsKeyId")).build());
        }
        return b.build();
    }

    private static DefaultSpaceSettings spaceSettings(Map<?, ?> m) {
        return DefaultSpaceSettings.builder().executionRole(str(m, "ExecutionRole")).build();
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) c.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    private static List<Tag> tags(Object v) {
        List<Tag> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object t : c) {
                if (t instanceof Map<?, ?> m) out.add(Tag.builder().key(str(m, "Key")).value(str(m, "Value")).build());
            }
        }
        return out;
    }

    // ---- responses to the stack's shapes ----

    /** UserSettings as {@code default_user_settings} / {@code user_settings}; null when absent. */
    static Map<String, Object> userSettings(UserSettings us) {
        if (us == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        if (us.executionRole() != null) m.put("execution_role", us.executionRole());
        m.put("security_groups", List.copyOf(us.securityGroups()));
        SharingSettings s = us.sharingSettings();
        if (s != null) {
            Map<String, Object> sm = new LinkedHashMap<>();
            if (s.notebookOutputOptionAsString() != null) sm.put("notebook_output_option", s.notebookOutputOptionAsString());
            if (s.s3OutputPath() != null) sm.put("s3_output_path", s.s3OutputPath());
            if (s.s3KmsKeyId() != null) sm.put("s3_kms_key_id", s.s3KmsKeyId());
            m.put("sharing_settings", sm);
        }
        return m;
    }

    static Map<String, Object> domainSettings(DomainSettings ds) {
        if (ds == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("security_group_ids", List.copyOf(ds.securityGroupIds()));
        return m;
    }

    static Map<String, Object> spaceSettings(DefaultSpaceSettings ss) {
        if (ss == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        if (ss.executionRole() != null) m.put("execution_role", ss.executionRole());
        return m;
    }

    /** Tags as a map, without the {@code aws:} tags AWS adds itself (they cannot be changed). */
    static Map<String, Object> tagMap(List<Tag> tags) {
        Map<String, Object> m = new java.util.TreeMap<>();
        for (Tag t : tags) {
            if (t.key() != null && !t.key().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                m.put(t.key(), t.value() == null ? "" : t.value());
            }
        }
        return m;
    }
}
