import pulumi as _pulumi

sagemaker = _pulumi.module("pulumi_aws.sagemaker")
