package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;

import java.util.List;

/** Shared plumbing of the SageMaker provider tests: registry, stack parsing, offline plans. */
final class SmKit {
    static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-exec";
    static final String ROLE2 = "arn:aws:iam::123456789012:role/sagemaker-exec-2";

    private SmKit() { }

    static ProviderRegistry registry(SageMakerProvider provider) {
        return new ProviderRegistry(List.of(provider));
    }

    static Stack parse(ProviderRegistry registry, String yaml) throws StackException {
        return new StackReader(registry).parse("stack.yaml", yaml);
    }

    static Plan offlinePlan(ProviderRegistry registry, SageMakerProvider provider, Stack stack) {
        return new Differ(registry).diff(stack, null, Inventory.nothing(), provider.renderer());
    }

    /** The seed's domain (001), with a profile. */
    static String seedStack() {
        return """
                stack: governed-ml
                resources:
                  - type: sagemaker.domain
                    name: my-sagemaker-domain
                    auth_mode: IAM
                    vpc_id: vpc-0abc
                    subnet_ids: [subnet-0abc, subnet-0def]
                    app_network_access_type: VpcOnly
                    kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/k1
                    default_user_settings:
                      execution_role: %s
                      security_groups: [sg-01]
                      sharing_settings:
                        notebook_output_option: Allowed
                        s3_output_path: s3://my-sagemaker-bucket/output
                        s3_kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/k2
                    domain_settings:
                      security_group_ids: [sg-02]
                    default_space_settings:
                      execution_role: %s
                    tag_propagation: ENABLED
                    tags: {owner: ml-team, data-classification: internal}
                    retention_policy:
                      home_efs_file_system: Delete
                  - type: sagemaker.user_profile
                    name: alice
                    domain: my-sagemaker-domain
                    user_settings:
                      execution_role: %s
                      security_groups: [sg-03]
                    tags: {owner: alice}
                """.formatted(ROLE, ROLE, ROLE2);
    }
}
