package dev.mlpc.governance;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.mlpc.governance.SageMaker.DOMAIN;
import static dev.mlpc.governance.SageMaker.USER_PROFILE;
import static dev.mlpc.governance.SageMaker.text;

/** The governance rules of SageMaker domains (issue 10), in the order the README lists them and findings are reported. */
public final class StandardRules {
    public static final String NOTEBOOK_SHARING_WITHOUT_KMS = "notebook-sharing-without-kms";
    public static final String PUBLIC_INTERNET_WITH_VPC = "public-internet-with-vpc";
    public static final String DOMAIN_WITHOUT_CMK = "domain-without-cmk";
    public static final String REQUIRED_TAGS = "required-tags";
    public static final String SHARED_EXECUTION_ROLE = "shared-execution-role";
    public static final String S3_OUTPUT_OUTSIDE_ALLOWED_BUCKETS = "s3-output-outside-allowed-buckets";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_]*");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private StandardRules() {
    }

    /** Every rule, in README order. */
    public static List<GovernanceRule> all() {
        return List.of(new NotebookSharingWithoutKms(), new PublicInternetWithVpc(), new DomainWithoutCmk(),
                new RequiredTags(), new SharedExecutionRole(), new S3OutputOutsideAllowedBuckets());
    }

    /** The domain and the profiles of an estate, in file order. */
    private static List<Resource> domainsAndProfiles(Estate estate) {
        List<Resource> out = new ArrayList<>(estate.resources(DOMAIN));
        out.addAll(estate.resources(USER_PROFILE));
        return out;
    }

    static final class NotebookSharingWithoutKms implements GovernanceRule {
        @Override public String id() { return NOTEBOOK_SHARING_WITHOUT_KMS; }

        @Override public String reason() {
            return "notebook output sharing is Allowed without a KMS key (sharing_settings.s3_kms_key_id), so shared"
                    + " notebook snapshots and outputs are stored in S3 without a customer key";
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            List<Resource> domains = estate.resources(DOMAIN);
            for (Resource r : domainsAndProfiles(estate)) {
                String block = SageMaker.settingsBlock(r) + ".sharing_settings";
                if (!"Allowed".equals(text(r, block + ".notebook_output_option"))) continue;
                if (text(r, block + ".s3_kms_key_id") != null) continue;
                if (r.type().equals(USER_PROFILE)) {
                    // a profile's missing field falls back to its domain's default user settings
                    Resource d = SageMaker.domainOf(r, domains);
                    if (d != null && text(d, "default_user_settings.sharing_settings.s3_kms_key_id") != null) continue;
                }
                out.add(finding(config, r.type(), r.name(), block + ".notebook_output_option is Allowed and no "
                        + block + ".s3_kms_key_id is set"));
            }
            return out;
        }
    }

    static final class PublicInternetWithVpc implements GovernanceRule {
        @Override public String id() { return PUBLIC_INTERNET_WITH_VPC; }

        @Override public String reason() {
            return "the domain's apps reach the internet directly although a VPC is given, bypassing the VPC's"
                    + " controls (use app_network_access_type VpcOnly)";
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            for (Resource d : estate.resources(DOMAIN)) {
                String vpc = text(d, "vpc_id");
                if (vpc == null) continue;
                String access = text(d, "app_network_access_type");
                if (access == null) {
                    out.add(finding(config, d.type(), d.name(), "vpc_id is " + vpc
                            + " and app_network_access_type is not set (AWS then uses PublicInternetOnly)"));
                } else if (access.equals("PublicInternetOnly")) {
                    out.add(finding(config, d.type(), d.name(), "vpc_id is " + vpc
                            + " and app_network_access_type is PublicInternetOnly"));
                }
            }
            return out;
        }
    }

    static final class DomainWithoutCmk implements GovernanceRule {
        @Override public String id() { return DOMAIN_WITHOUT_CMK; }

        @Override public String reason() {
            return "the domain's home file system (EFS) is encrypted with an AWS managed key, not a customer managed"
                    + " KMS key the organisation controls";
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            for (Resource d : estate.resources(DOMAIN)) {
                if (text(d, "kms_key_id") == null) out.add(finding(config, d.type(), d.name(), "no kms_key_id is set"));
            }
            return out;
        }
    }

    static final class RequiredTags implements GovernanceRule {
        @Override public String id() { return REQUIRED_TAGS; }

        @Override public String reason() {
            return "required tags are missing, so ownership and data classification cannot be traced";
        }

        @Override
        public List<RuleSetting> settings() {
            return List.of(
                    new RuleSetting("tags", List.of("owner", "data-classification"),
                            "the tag keys every resource of the checked types must carry with a non-empty value",
                            t -> TAG_KEY.matcher(t).matches() ? null
                                    : Problem.quote(t) + " is not a tag key (1-128 letters, digits, spaces and _ . : / = + - @)"),
                    new RuleSetting("types", List.of(DOMAIN, USER_PROFILE),
                            "the resource types whose tags are checked",
                            t -> TYPE.matcher(t).matches() ? null
                                    : Problem.quote(t) + " is not a resource type (provider.kind, e.g. sagemaker.domain)"));
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            List<String> required = config.list("tags");
            if (required.isEmpty()) return out;
            for (String type : new LinkedHashSet<>(config.list("types"))) {
                for (Resource r : estate.resources(type)) {
                    Map<String, String> tags = SageMaker.tags(r);
                    List<String> missing = required.stream()
                            .filter(k -> tags.get(k) == null || tags.get(k).isBlank()).toList();
                    if (!missing.isEmpty()) {
                        out.add(finding(config, r.type(), r.name(), "missing " + String.join(", ", missing)));
                    }
                }
            }
            return out;
        }
    }

    static final class SharedExecutionRole implements GovernanceRule {
        @Override public String id() { return SHARED_EXECUTION_ROLE; }

        @Override public String reason() {
            return "every user profile of the domain runs as one execution role, so each user can reach every other"
                    + " user's data and nothing tells their actions apart";
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            for (Map.Entry<Resource, List<Resource>> e : SageMaker.profilesByDomain(estate).entrySet()) {
                List<Resource> profiles = e.getValue();
                if (profiles.size() < 2) continue;
                String fallback = text(e.getKey(), "default_user_settings.execution_role");
                Set<String> roles = new LinkedHashSet<>();
                boolean unknown = false;
                for (Resource p : profiles) {
                    String role = text(p, "user_settings.execution_role");
                    if (role == null) role = fallback;
                    if (role == null) unknown = true;
                    else roles.add(role);
                }
                if (!unknown && roles.size() == 1) {
                    out.add(finding(config, e.getKey().type(), e.getKey().name(), "all " + profiles.size()
                            + " user profiles (" + String.join(", ", profiles.stream().map(Resource::name).toList())
                            + ") use " + roles.iterator().next()));
                }
            }
            return out;
        }
    }

    static final class S3OutputOutsideAllowedBuckets implements GovernanceRule {
        @Override public String id() { return S3_OUTPUT_OUTSIDE_ALLOWED_BUCKETS; }

        @Override public String reason() {
            return "notebook output goes to an S3 location outside the allowed buckets";
        }

        @Override
        public List<RuleSetting> settings() {
            return List.of(new RuleSetting("allowed_buckets", List.of(),
                    "the S3 buckets sharing_settings.s3_output_path may name (bucket names, or s3://bucket); empty: the rule checks nothing",
                    b -> BUCKET.matcher(bucketOf(b)).matches() ? null
                            : Problem.quote(b) + " is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')"));
        }

        private static String bucketOf(String entry) {
            String s = entry.startsWith("s3://") ? entry.substring(5) : entry;
            int slash = s.indexOf('/');
            return slash < 0 ? s : s.substring(0, slash);
        }

        @Override
        public List<Finding> check(Estate estate, RuleConfig config) {
            List<Finding> out = new ArrayList<>();
            Set<String> allowed = new LinkedHashSet<>();
            config.list("allowed_buckets").forEach(b -> allowed.add(bucketOf(b)));
            if (allowed.isEmpty()) return out;
            for (Resource r : domainsAndProfiles(estate)) {
                String field = SageMaker.settingsBlock(r) + ".sharing_settings.s3_output_path";
                String path = text(r, field);
                if (path == null) continue;
                if (!path.startsWith("s3://")) {
                    out.add(finding(config, r.type(), r.name(), field + " " + path + " is not an s3:// location"));
                } else if (!allowed.contains(bucketOf(path))) {
                    out.add(finding(config, r.type(), r.name(), field + " " + path + " is in bucket " + bucketOf(path)
                            + "; allowed: " + String.join(", ", allowed)));
                }
            }
            return out;
        }
    }
}
