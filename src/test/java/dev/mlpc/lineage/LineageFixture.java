package dev.mlpc.lineage;

import com.zaxxer.hikari.HikariDataSource;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.providers.postgres.PgPool;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.registry.VersionLineage;
import dev.mlpc.testing.PgTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four-system fixture: stacks for Snowflake, Data Share (provider and consumer), SageMaker and PostgreSQL read by
 * the real {@link StackReader}, and a model registry in a fresh database of the test server with lineage spelled in
 * every form the builder matches. {@link #close} drops the database.
 */
public final class LineageFixture implements AutoCloseable {
    public static final String SF_CONN = "sf-prod";
    public static final String SM_CONN = "sm-prod";
    public static final String REGISTRY = "pg-reg";
    public static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerExec";
    public static final String ARM_DATASET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/FL-RG"
            + "/providers/Microsoft.DataShare/accounts/FL-Share-Account/shares/Training-Data/dataSets/Images";

    public static final String SNOWFLAKE = """
            stack: ml-snowflake
            target: sf-prod
            resources:
              - type: snowflake.database
                name: ml_models
              - type: snowflake.schema
                name: public_data
                database: ml_models
              - type: snowflake.storage_integration
                name: artifacts
                storage_provider: S3
                storage_aws_role_arn: arn:aws:iam::123456789012:role/snowflake-s3
                storage_allowed_locations: ["s3://ML-Artifacts/training/"]
                enabled: true
              - type: snowflake.stage
                name: raw_stage
                database: ml_models
                schema: public_data
                url: s3://ml-artifacts/training/raw/
                storage_integration: artifacts
              - type: snowflake.stage
                name: az_stage
                database: ml_models
                schema: public_data
                url: azure://FLSource.blob.core.windows.net/training/images/2026/
              - type: snowflake.table
                name: training_runs
                database: ml_models
                schema: public_data
                columns:
                  - {name: id, type: VARCHAR}
              - type: snowflake.table
                name: Mixed Case
                database: ml_models
                schema: public_data
                columns:
                  - {name: id, type: VARCHAR}
              - type: snowflake.pipe
                name: load_runs
                database: ml_models
                schema: public_data
                table: training_runs
                stage: raw_stage
              - type: snowflake.api_integration
                name: mlflow_api
                api_provider: aws_api_gateway
                api_aws_role_arn: arn:aws:iam::123456789012:role/snowflake-api
                api_allowed_prefixes: ["https://GW.example.com/api/"]
                enabled: true
              - type: snowflake.external_function
                name: log_metric
                database: ml_models
                schema: public_data
                arguments: [{name: run_id, type: VARCHAR}]
                returns: VARIANT
                api_integration: mlflow_api
                url: https://gw.example.com/api/2.0/log
            """;

    public static final String DS_PROVIDER = """
            stack: fl-provider
            resources:
              - type: datashare.resource_group
                name: fl-rg
                location: eastus
              - type: datashare.account
                name: fl-share-account
                resource_group: fl-rg
                location: eastus
                tags: {data-classification: confidential}
              - type: datashare.share
                name: training-data
                account: fl-share-account
                share_kind: CopyBased
              - type: datashare.dataset
                name: images
                share: training-data
                kind: BlobFolder
                subscription_id: 00000000-0000-0000-0000-000000000001
                resource_group: data-rg
                storage_account_name: flsource
                container_name: training
                prefix: images/2026
              - type: datashare.invitation
                name: hospital-b
                share: training-data
                target_email: Consumer@Example.com
              - type: datashare.invitation
                name: partner-app
                share: training-data
                target_object_id: 11111111-2222-3333-4444-555555555555
                target_active_directory_id: 99999999-8888-7777-6666-555555555555
            """;

    public static final String DS_CONSUMER = """
            stack: fl-consumer
            resources:
              - type: datashare.account
                name: hospital-b-account
                resource_group: consumer-rg
                location: westeurope
              - type: datashare.share_subscription
                name: fl-training
                account: hospital-b-account
                invitation_id: 0a0b0c0d-0000-0000-0000-000000000001
                source_share_location: eastus
              - type: datashare.dataset_mapping
                name: images-to-local
                share_subscription: fl-training
                data_set_id: 0a0b0c0d-0000-0000-0000-000000000002
                kind: BlobFolder
                subscription_id: 00000000-0000-0000-0000-000000000002
                resource_group: consumer-rg
                storage_account_name: hospitalb
                container_name: received
                prefix: images
            """;

    public static final String SAGEMAKER = """
            stack: ml-studio
            target: sm-prod
            resources:
              - type: sagemaker.domain
                name: studio
                auth_mode: IAM
                vpc_id: vpc-0abc
                subnet_ids: [subnet-0abc]
                default_user_settings:
                  execution_role: %s
                  sharing_settings:
                    notebook_output_option: Allowed
                    s3_output_path: s3://ML-Artifacts/notebooks/
                tags: {data-classification: internal}
              - type: sagemaker.user_profile
                name: alice
                domain: studio
                user_settings:
                  sharing_settings:
                    notebook_output_option: Allowed
                    s3_output_path: s3://ml-artifacts/notebooks/alice
            """.formatted(ROLE);

    public static final String POSTGRES = """
            stack: features-db
            target: pg-reg
            resources:
              - type: postgres.role
                name: feature_reader
              - type: postgres.database
                name: features
            """;

    public final PgTestSupport pg = new PgTestSupport();
    public final String database;
    public final ModelRegistry registry;
    public final List<Stack> stacks;

    public LineageFixture() throws Exception {
        StackReader reader = new StackReader(Workbench.standardProviders());
        stacks = List.of(reader.parse("stacks/ml-snowflake.yaml", SNOWFLAKE),
                reader.parse("stacks/fl-provider.yaml", DS_PROVIDER),
                reader.parse("stacks/fl-consumer.yaml", DS_CONSUMER),
                reader.parse("stacks/ml-studio.yaml", SAGEMAKER),
                reader.parse("stacks/features-db.yaml", POSTGRES));
        database = pg.database("lineage");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(database));
        HikariDataSource pool = PgPool.open(PgTestSupport.profile(REGISTRY), PgTestSupport.secrets(Map.of()),
                Duration.ofSeconds(20), database, 2);
        registry = new ModelRegistry(pool, RegistryRules.DEFAULT_SCHEMA, "tester <tester@example.org>", pool);
        registry.migrations().migrate();
        seedRegistry(registry);
    }

    /** Registers churn v1 (Production, champion) and v2 with lineage in every spelling the builder matches. */
    public static void seedRegistry(ModelRegistry r) throws Exception {
        r.createModel("Churn", "", "ml-team", Map.of());
        r.register(withLineage("Churn", "s3://ml-artifacts/models/churn/1", List.of(
                new Lineage("input", "snowflake.table", "sf-prod/ml_models/public_data/training_runs"),
                new Lineage("input", "snowflake.table", "sf-prod/ML_MODELS/PUBLIC_DATA/\"Mixed Case\""),
                new Lineage("input", "snowflake.table", "sf-prod/ml_models/public_data/does_not_exist"),
                new Lineage("input", "s3", "https://ml-artifacts.s3.us-east-1.amazonaws.com/training/raw/part-0.csv"),
                new Lineage("input", "datashare.dataset", ARM_DATASET),
                new Lineage("input", "uri", "abfss://training@flsource.dfs.core.windows.net/images/2026"),
                new Lineage("input", "postgres.table", "pg-reg/features/public/customer_features"),
                new Lineage("input", "uri", "ftp://somewhere/x.csv"),
                new Lineage("deployment", "sagemaker.endpoint", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-prod"))));
        r.transition("Churn", 1, "Production", false);
        r.setAlias("Churn", "champion", 1);
        r.setAlias("Churn", "blue", 1);
        r.register(withLineage("Churn", "s3://ml-artifacts/models/churn/2", List.of(
                new Lineage("input", "s3", "arn:aws:s3:::ML-ARTIFACTS/notebooks/alice/out.parquet"),
                new Lineage("input", "uri", "https://flsource.blob.core.windows.net/Training/images/2026/a.png"),
                new Lineage("deployment", "sagemaker.endpoint", "sm-prod/Churn-Prod"))));
    }

    static Registration withLineage(String model, String source, List<Lineage> links) {
        return new Registration(model, source, null, null, null, null, null, null, Map.of(), links);
    }

    /** The registry's lineage as the builder reads it. */
    public List<RegistryVersionLinks> registryLinks() throws Exception {
        List<RegistryVersionLinks> out = new ArrayList<>();
        for (VersionLineage v : registry.allLineage()) {
            out.add(new RegistryVersionLinks(REGISTRY, REGISTRY, v.model(), v.version(), v.stage(), v.aliases(), v.links()));
        }
        return out;
    }

    public LineageGraph graph() throws Exception {
        return LineageBuilder.build(LineageInputs.of(stacks, registryLinks()));
    }

    @Override
    public void close() throws Exception {
        registry.close();
        pg.close();
    }
}
