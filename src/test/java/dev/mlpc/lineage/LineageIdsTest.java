package dev.mlpc.lineage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Name matching: every spelling of one object gives one id. */
class LineageIdsTest {
    @Test
    void s3Forms() {
        String id = "s3://ml-artifacts/training/raw";
        assertThat(LineageIds.location("s3://ML-Artifacts/training/raw/")).isEqualTo(id);
        assertThat(LineageIds.location("s3a://ml-artifacts/training//raw")).isEqualTo(id);
        assertThat(LineageIds.location("arn:aws:s3:::ML-ARTIFACTS/training/raw")).isEqualTo(id);
        assertThat(LineageIds.location("https://ml-artifacts.s3.amazonaws.com/training/raw/")).isEqualTo(id);
        assertThat(LineageIds.location("https://ml-artifacts.s3.eu-west-1.amazonaws.com/training/raw")).isEqualTo(id);
        assertThat(LineageIds.location("https://s3.eu-west-1.amazonaws.com/ml-artifacts/training/raw")).isEqualTo(id);
        // keys keep their case: S3 keys are case-sensitive
        assertThat(LineageIds.location("s3://ml-artifacts/Training/raw")).isNotEqualTo(id);
        assertThat(LineageIds.location("s3://bucket")).isEqualTo("s3://bucket");
    }

    @Test
    void azureForms() {
        String id = "azure://flsource/training/images/2026";
        assertThat(LineageIds.location("azure://FLSource.blob.core.windows.net/Training/images/2026/")).isEqualTo(id);
        assertThat(LineageIds.location("https://flsource.blob.core.windows.net/training/images/2026")).isEqualTo(id);
        assertThat(LineageIds.location("https://flsource.dfs.core.windows.net/training/images/2026")).isEqualTo(id);
        assertThat(LineageIds.location("abfss://training@flsource.dfs.core.windows.net/images/2026")).isEqualTo(id);
        assertThat(LineageIds.location("wasbs://training@FLSOURCE.blob.core.windows.net/images/2026/")).isEqualTo(id);
        assertThat(LineageIds.location(id)).isEqualTo(id);
        assertThat(LineageIds.azure("FLSource", "Training", "/images/2026/")).isEqualTo(id);
        assertThat(LineageIds.location("azure://flsource.blob.core.windows.net/")).isNull();
        assertThat(LineageIds.location("ftp://x/y")).isNull();
        assertThat(LineageIds.location("https://example.com/data")).isNull();
    }

    @Test
    void containment() {
        assertThat(LineageIds.parentLocation("s3://b/a/c")).isEqualTo("s3://b/a");
        assertThat(LineageIds.parentLocation("s3://b/a")).isEqualTo("s3://b");
        assertThat(LineageIds.parentLocation("s3://b")).isNull();
        assertThat(LineageIds.parentLocation("azure://acct/c/p")).isEqualTo("azure://acct/c");
        assertThat(LineageIds.parentLocation("azure://acct/c")).isNull();
    }

    @Test
    void snowflakeQuotingAndCase() {
        assertThat(LineageIds.snowflake("table", "prod", "ML", "PUBLIC", "T")).isEqualTo("snowflake:table:prod/ML.PUBLIC.T");
        assertThat(LineageIds.snowflake("table", null, "ML", "PUBLIC", "my \"t\"")).isEqualTo("snowflake:table:*/ML.PUBLIC.\"my \"\"t\"\"\"");
        assertThat(LineageIds.sfStoredFromText("training_runs")).isEqualTo("TRAINING_RUNS");
        assertThat(LineageIds.sfStoredFromText("\"training_runs\"")).isEqualTo("training_runs");
        assertThat(LineageIds.sfStoredFromText("\"a\"\"b\"")).isEqualTo("a\"b");
        assertThat(LineageIds.splitQualified("prod/ML.S.\"a.b/c\"")).containsExactly("prod", "ML", "S", "\"a.b/c\"");
        assertThat(LineageIds.pgStoredFromText("Features")).isEqualTo("features");
        assertThat(LineageIds.unscoped("snowflake:table:prod/ML.PUBLIC.T")).isEqualTo("snowflake:table:*/ML.PUBLIC.T");
        assertThat(LineageIds.unscoped("s3://b/k")).isEqualTo("s3://b/k");
    }

    @Test
    void armIdsAndEndpoints() {
        String base = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.DataShare/accounts/Acc";
        assertThat(LineageIds.fromArm(base)).isEqualTo("datashare:account:rg/acc");
        assertThat(LineageIds.fromArm(base + "/shares/Sh")).isEqualTo("datashare:share:rg/acc/sh");
        assertThat(LineageIds.fromArm("conn" + base.toLowerCase() + "/shares/sh/datasets/D")).isEqualTo("datashare:dataset:rg/acc/sh/d");
        assertThat(LineageIds.fromArm(base + "/shares/Sh/invitations/I")).isEqualTo("datashare:invitation:rg/acc/sh/i");
        assertThat(LineageIds.fromArm(base + "/shareSubscriptions/Sub")).isEqualTo("datashare:subscription:rg/acc/sub");
        assertThat(LineageIds.fromArm(base + "/shareSubscriptions/Sub/dataSetMappings/M")).isEqualTo("datashare:mapping:rg/acc/sub/m");
        assertThat(LineageIds.fromArm("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/x")).isNull();
        assertThat(LineageIds.endpoint("HTTPS://GW.Example.com/API/")).isEqualTo("https://gw.example.com/API");
        assertThat(LineageIds.endpoint("s3://x")).isNull();
        assertThat(LineageIds.consumerEmail(" A@B.org ")).isEqualTo("consumer:email:a@b.org");
    }

    @Test
    void sageMakerEndpointsByArnOrName() {
        String id = "deployment:sagemaker.endpoint:churn-prod";
        assertThat(LineageIds.deployment("sagemaker.endpoint", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-prod")).isEqualTo(id);
        assertThat(LineageIds.deployment("sagemaker.endpoint", "sm-prod/Churn-Prod")).isEqualTo(id);
        assertThat(LineageIds.deployment("sagemaker.endpoint", "CHURN-PROD")).isEqualTo(id);
        assertThat(LineageIds.deployment("uri", "https://serve.example.com/churn")).isEqualTo("deployment:uri:https://serve.example.com/churn");
    }
}
