"""Stack iac-sagemaker: SageMaker domain through which ML users reach governed datasets

Exported by `mlpc export-iac --to pulumi-python` from the mlpc stack iac-sagemaker.
Secrets are Pulumi config secrets (pulumi config set --secret NAME), never values.
"""
import pulumi
import pulumi_aws as aws

# sagemaker.domain my-sagemaker-domain
domain_my_sagemaker_domain = aws.sagemaker.Domain(
    "my-sagemaker-domain",
    domain_name="my-sagemaker-domain",
    auth_mode="IAM",
    vpc_id="vpc-0a1b2c3d4e5f60718",
    subnet_ids=["subnet-0a1b2c3d4e5f60718"],
    app_network_access_type="VpcOnly",
    kms_key_id="arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    default_user_settings={
        "execution_role": "arn:aws:iam::123456789012:role/sagemaker-execution-role",
        "security_groups": ["sg-0a1b2c3d4e5f60718"],
        "sharing_settings": {
            "notebook_output_option": "Allowed",
            "s3_output_path": "s3://my-sagemaker-bucket/output",
            "s3_kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/5678efgh-56ef-78ab-90cd-567890abcdef",
        },
    },
    tags={"owner": "ml-platform", "data-classification": "internal"},
)

# sagemaker.user_profile data-scientist-1
user_profile_data_scientist_1 = aws.sagemaker.UserProfile(
    "data-scientist-1",
    domain_id=domain_my_sagemaker_domain.id,
    user_profile_name="data-scientist-1",
    tags={"owner": "ml-platform", "data-classification": "internal"},
)

# sagemaker.user_profile data-scientist-2
user_profile_data_scientist_2 = aws.sagemaker.UserProfile(
    "data-scientist-2",
    domain_id=domain_my_sagemaker_domain.id,
    user_profile_name="data-scientist-2",
    user_settings={"execution_role": "arn:aws:iam::123456789012:role/sagemaker-execution-role-restricted"},
    tags={"owner": "ml-platform", "data-classification": "internal"},
)

pulumi.export("domain_my_sagemaker_domain_id", domain_my_sagemaker_domain.id)
pulumi.export("user_profile_data_scientist_1_id", user_profile_data_scientist_1.id)
pulumi.export("user_profile_data_scientist_2_id", user_profile_data_scientist_2.id)
