package dev.mlpc.iac;

import java.util.List;

import static dev.mlpc.providers.sagemaker.SageMakerTypes.DOMAIN;
import static dev.mlpc.providers.sagemaker.SageMakerTypes.USER_PROFILE;

/**
 * SageMaker: {@code pulumi_aws.sagemaker} (Domain, UserProfile) and {@code aws_sagemaker_domain} /
 * {@code aws_sagemaker_user_profile}. The stack's settings are already named as the AWS API's members in snake_case,
 * which both use: nested settings become dicts (Pulumi) and nested blocks (Terraform).
 */
final class SageMakerIac {
    private static final String M = "pulumi_aws";
    private static final String A = "aws";

    private SageMakerIac() { }

    static List<TypeMap> maps() {
        return List.of(
                TypeMap.fixed(DOMAIN, M, A, "sagemaker.Domain", "aws_sagemaker_domain")
                        .rule((r, c, out) -> out.arg("domain_name", r.has("domain_name") ? r.get("domain_name") : r.name()), "domain_name")
                        .same("auth_mode", "vpc_id", "subnet_ids", "app_network_access_type", "kms_key_id",
                                "default_user_settings", "domain_settings", "default_space_settings", "tag_propagation",
                                "retention_policy", "tags"),
                TypeMap.fixed(USER_PROFILE, M, A, "sagemaker.UserProfile", "aws_sagemaker_user_profile")
                        .ref("domain", "domain_id", "id", DOMAIN)
                        .rule((r, c, out) -> out.arg("user_profile_name", r.has("user_profile_name") ? r.get("user_profile_name") : r.name()), "user_profile_name")
                        .same("user_settings", "tags"));
    }
}
