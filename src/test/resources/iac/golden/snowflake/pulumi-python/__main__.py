"""Stack iac-snowflake: Snowflake for federated machine learning: a database, warehouse and schema for training data, a role with least-privilege grants, training tables, an API integration for the ML services, and a pipe that feeds fresh data from an S3 stage.

Exported by `mlpc export-iac --to pulumi-python` from the mlpc stack iac-snowflake.
Secrets are Pulumi config secrets (pulumi config set --secret NAME), never values.
"""
import pulumi
import pulumi_snowflake as snowflake

# snowflake.database ML_DATABASE
database_ml_database = snowflake.Database(
    "ML_DATABASE",
    name="ML_DATABASE",
    data_retention_time_in_days=7,
    comment="Database to hold federated ML data",
)

# snowflake.database MLOPS
database_mlops = snowflake.Database(
    "MLOPS",
    name="MLOPS",
    comment="MLflow integration objects",
)

# snowflake.warehouse ML_WAREHOUSE
warehouse_ml_warehouse = snowflake.Warehouse(
    "ML_WAREHOUSE",
    name="ML_WAREHOUSE",
    warehouse_size="XSMALL",
    auto_suspend=60,
    auto_resume="true",
    initially_suspended=True,
    comment="Warehouse for ML data processing",
)

# snowflake.schema ML_SCHEMA
schema_ml_schema = snowflake.Schema(
    "ML_SCHEMA",
    database=database_ml_database.name,
    name="ML_SCHEMA",
    with_managed_access="true",
    comment="Schema for holding ML tables",
)

# snowflake.schema MLFLOW
schema_mlflow = snowflake.Schema(
    "MLFLOW",
    database=database_mlops.name,
    name="MLFLOW",
    comment="External functions wrapping the MLflow REST API",
)

# snowflake.role ML_ADMIN
role_ml_admin = snowflake.AccountRole(
    "ML_ADMIN",
    name="ML_ADMIN",
    comment="Administers ML objects; cost centre ${ML} %{x} stays text",
)

# snowflake.role ML_ROLE
role_ml_role = snowflake.AccountRole(
    "ML_ROLE",
    name="ML_ROLE",
    comment="Role for ML data access",
)

# snowflake.role MLFLOW_USER
role_mlflow_user = snowflake.AccountRole(
    "MLFLOW_USER",
    name="MLFLOW_USER",
    comment="May call the MLflow functions and read artifacts",
)

# snowflake.table ML_DATA_TABLE
table_ml_data_table = snowflake.Table(
    "ML_DATA_TABLE",
    database=database_ml_database.name,
    schema=schema_ml_schema.name,
    name="ML_DATA_TABLE",
    columns=[
        {"name": "ID", "type": "STRING", "nullable": False},
        {"name": "FEATURES", "type": "ARRAY"},
        {"name": "LABEL", "type": "NUMBER(38,0)"},
        {"name": "METADATA", "type": "VARIANT"},
        {"name": "EMBEDDING", "type": "VECTOR(FLOAT, 256)", "comment": "model input embedding"},
        {"name": "LOADED_AT", "type": "TIMESTAMP_NTZ", "default": {"expression": "CURRENT_TIMESTAMP()"}},
    ],
    change_tracking=True,
    comment="Table to store ML training data",
)

# snowflake.api_integration ML_API_INTEGRATION
api_integration_ml_api_integration = snowflake.ApiIntegration(
    "ML_API_INTEGRATION",
    name="ML_API_INTEGRATION",
    api_provider="aws_api_gateway",
    api_aws_role_arn="arn:aws:iam::123456789012:role/snowflake-ml-api",
    api_allowed_prefixes=["https://abc123.execute-api.eu-west-1.amazonaws.com/prod/"],
    enabled=True,
    comment="API integration for ML services",
)

# snowflake.api_integration MLFLOW_API
api_integration_mlflow_api = snowflake.ApiIntegration(
    "MLFLOW_API",
    name="MLFLOW_API",
    api_provider="aws_api_gateway",
    api_aws_role_arn="arn:aws:iam::123456789012:role/snowflake-mlflow-gateway",
    api_allowed_prefixes=["https://mlflow123.execute-api.eu-west-1.amazonaws.com/prod/api/2.0/mlflow/"],
    enabled=True,
    comment="Channel to the API gateway in front of MLflow",
)

# snowflake.storage_integration ML_INGEST_INTEGRATION
storage_integration_ml_ingest_integration = snowflake.StorageIntegration(
    "ML_INGEST_INTEGRATION",
    name="ML_INGEST_INTEGRATION",
    storage_provider="S3",
    storage_aws_role_arn="arn:aws:iam::123456789012:role/snowflake-ml-ingest",
    storage_allowed_locations=["s3://federated-ml-landing/training/"],
    enabled=True,
    comment="Access to the landing bucket for fresh training data",
)

# snowflake.storage_integration MLFLOW_ARTIFACTS
storage_integration_mlflow_artifacts = snowflake.StorageIntegration(
    "MLFLOW_ARTIFACTS",
    name="MLFLOW_ARTIFACTS",
    storage_provider="S3",
    storage_aws_role_arn="arn:aws:iam::123456789012:role/snowflake-mlflow-artifacts",
    storage_allowed_locations=["s3://mlflow-artifacts-bucket/"],
    enabled=True,
    comment="The MLflow artifact bucket",
)

# snowflake.function MLFLOW_CREATE_EXPERIMENT_REQUEST
function_mlflow_create_experiment_request = snowflake.FunctionJavascript(
    "MLFLOW_CREATE_EXPERIMENT_REQUEST",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_CREATE_EXPERIMENT_REQUEST",
    arguments=[{"arg_name": "EVENT", "arg_data_type": "OBJECT"}],
    return_type="OBJECT",
    function_definition="var row = EVENT.body.data[0];\nreturn {\"body\": {\"name\": row[1]}};\n",
    comment="Request translator for experiments/create",
)

# snowflake.function MLFLOW_CREATE_RUN_REQUEST
function_mlflow_create_run_request = snowflake.FunctionJavascript(
    "MLFLOW_CREATE_RUN_REQUEST",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_CREATE_RUN_REQUEST",
    arguments=[{"arg_name": "EVENT", "arg_data_type": "OBJECT"}],
    return_type="OBJECT",
    function_definition="var row = EVENT.body.data[0];\nreturn {\"body\": {\"experiment_id\": row[1]}};\n",
    comment="Request translator for runs/create",
)

# snowflake.function MLFLOW_LOG_METRIC_REQUEST
function_mlflow_log_metric_request = snowflake.FunctionJavascript(
    "MLFLOW_LOG_METRIC_REQUEST",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_LOG_METRIC_REQUEST",
    arguments=[{"arg_name": "EVENT", "arg_data_type": "OBJECT"}],
    return_type="OBJECT",
    function_definition="var row = EVENT.body.data[0];\nreturn {\"body\": {\"run_id\": row[1], \"key\": row[2], \"value\": row[3], \"step\": row[4], \"timestamp\": Date.now()}};\n",
    comment="Request translator for runs/log-metric",
)

# snowflake.function MLFLOW_RESPONSE
function_mlflow_response = snowflake.FunctionJavascript(
    "MLFLOW_RESPONSE",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_RESPONSE",
    arguments=[{"arg_name": "EVENT", "arg_data_type": "OBJECT"}],
    return_type="OBJECT",
    function_definition="return {\"body\": {\"data\": [[0, EVENT.body]]}};\n",
    comment="Response translator for every MLflow call (one row per call)",
)

# snowflake.external_function MLFLOW_CREATE_EXPERIMENT
# return_behavior VOLATILE: Snowflake's default, required by the provider
external_function_mlflow_create_experiment = snowflake.ExternalFunction(
    "MLFLOW_CREATE_EXPERIMENT",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_CREATE_EXPERIMENT",
    args=[{"name": "NAME", "type": "VARCHAR"}],
    return_type="VARIANT",
    return_behavior="VOLATILE",
    api_integration=api_integration_mlflow_api.name,
    url_of_proxy_and_resource="https://mlflow123.execute-api.eu-west-1.amazonaws.com/prod/api/2.0/mlflow/experiments/create",
    context_headers=["CURRENT_USER"],
    max_batch_rows=1,
    request_translator=function_mlflow_create_experiment_request.fully_qualified_name,
    response_translator=function_mlflow_response.fully_qualified_name,
    comment="POST experiments/create",
)

# snowflake.external_function MLFLOW_CREATE_RUN
# return_behavior VOLATILE: Snowflake's default, required by the provider
external_function_mlflow_create_run = snowflake.ExternalFunction(
    "MLFLOW_CREATE_RUN",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_CREATE_RUN",
    args=[{"name": "EXPERIMENT_ID", "type": "VARCHAR"}],
    return_type="VARIANT",
    return_behavior="VOLATILE",
    api_integration=api_integration_mlflow_api.name,
    url_of_proxy_and_resource="https://mlflow123.execute-api.eu-west-1.amazonaws.com/prod/api/2.0/mlflow/runs/create",
    max_batch_rows=1,
    request_translator=function_mlflow_create_run_request.fully_qualified_name,
    response_translator=function_mlflow_response.fully_qualified_name,
    comment="POST runs/create",
)

# snowflake.external_function MLFLOW_LOG_METRIC
# return_behavior VOLATILE: Snowflake's default, required by the provider
external_function_mlflow_log_metric = snowflake.ExternalFunction(
    "MLFLOW_LOG_METRIC",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_LOG_METRIC",
    args=[
        {"name": "RUN_ID", "type": "VARCHAR"},
        {"name": "KEY", "type": "VARCHAR"},
        {"name": "VALUE", "type": "FLOAT"},
        {"name": "STEP", "type": "NUMBER"},
    ],
    return_type="VARIANT",
    return_behavior="VOLATILE",
    api_integration=api_integration_mlflow_api.name,
    url_of_proxy_and_resource="https://mlflow123.execute-api.eu-west-1.amazonaws.com/prod/api/2.0/mlflow/runs/log-metric",
    headers=[{"name": "content-type", "value": "application/json"}],
    max_batch_rows=1,
    compression="AUTO",
    request_translator=function_mlflow_log_metric_request.fully_qualified_name,
    response_translator=function_mlflow_response.fully_qualified_name,
    comment="POST runs/log-metric",
)

# snowflake.file_format ML_JSON
file_format_ml_json = snowflake.FileFormat(
    "ML_JSON",
    database=database_ml_database.name,
    schema=schema_ml_schema.name,
    name="ML_JSON",
    format_type="JSON",
    strip_outer_array=True,
)

# snowflake.stage ML_LANDING
stage_ml_landing = snowflake.Stage(
    "ML_LANDING",
    database=database_ml_database.name,
    schema=schema_ml_schema.name,
    name="ML_LANDING",
    url="s3://federated-ml-landing/training/",
    storage_integration=storage_integration_ml_ingest_integration.name,
    file_format=pulumi.Output.concat("FORMAT_NAME = ", file_format_ml_json.fully_qualified_name),
    comment="New training files land here",
)

# snowflake.stage MLFLOW_ARTIFACT_STAGE
stage_mlflow_artifact_stage = snowflake.Stage(
    "MLFLOW_ARTIFACT_STAGE",
    database=database_mlops.name,
    schema=schema_mlflow.name,
    name="MLFLOW_ARTIFACT_STAGE",
    url="s3://mlflow-artifacts-bucket/",
    storage_integration=storage_integration_mlflow_artifacts.name,
    comment="Serialized models and other MLflow artifacts",
)

# snowflake.pipe ML_DATA_PIPE
pipe_ml_data_pipe = snowflake.Pipe(
    "ML_DATA_PIPE",
    database=database_ml_database.name,
    schema=schema_ml_schema.name,
    name="ML_DATA_PIPE",
    copy_statement=pulumi.Output.concat(
        "COPY INTO ",
        table_ml_data_table.fully_qualified_name,
        " (\"ID\", \"FEATURES\", \"LABEL\", \"METADATA\", \"EMBEDDING\") FROM (SELECT $1:id::STRING, $1:features::ARRAY, $1:label::NUMBER(38,0), $1:metadata, $1:embedding::VECTOR(FLOAT, 256) FROM @",
        stage_ml_landing.fully_qualified_name,
        ") FILE_FORMAT = (FORMAT_NAME = '",
        file_format_ml_json.fully_qualified_name,
        "')",
    ),
    auto_ingest=True,
    comment="Loads new training files as they arrive",
)

# snowflake.grant admin_account
grant_admin_account = snowflake.GrantPrivilegesToAccountRole(
    "admin_account",
    account_role_name=role_ml_admin.name,
    privileges=["CREATE DATABASE"],
    on_account=True,
)

# snowflake.grant admin_future_tables
grant_admin_future_tables = snowflake.GrantPrivilegesToAccountRole(
    "admin_future_tables",
    account_role_name=role_ml_admin.name,
    all_privileges=True,
    on_schema_object={"future": {"object_type_plural": "TABLES", "in_database": database_ml_database.name}},
)

# snowflake.grant admin_has_engineer
grant_admin_has_engineer = snowflake.GrantAccountRole(
    "admin_has_engineer",
    role_name=role_mlflow_user.name,
    parent_role_name=role_ml_admin.name,
)

# snowflake.grant ml_role_api
grant_ml_role_api = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_api",
    account_role_name=role_ml_role.name,
    privileges=["USAGE"],
    on_account_object={"object_type": "INTEGRATION", "object_name": api_integration_ml_api_integration.name},
)

# snowflake.grant ml_role_database
grant_ml_role_database = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_database",
    account_role_name=role_ml_role.name,
    privileges=["USAGE"],
    on_account_object={"object_type": "DATABASE", "object_name": database_ml_database.name},
)

# snowflake.grant ml_role_future_tables
grant_ml_role_future_tables = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_future_tables",
    account_role_name=role_ml_role.name,
    privileges=["SELECT"],
    on_schema_object={
        "future": {"object_type_plural": "TABLES", "in_schema": schema_ml_schema.fully_qualified_name},
    },
)

# snowflake.grant ml_role_schema
grant_ml_role_schema = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_schema",
    account_role_name=role_ml_role.name,
    privileges=["USAGE"],
    on_schema={"schema_name": schema_ml_schema.fully_qualified_name},
)

# snowflake.grant ml_role_to_sysadmin
grant_ml_role_to_sysadmin = snowflake.GrantAccountRole(
    "ml_role_to_sysadmin",
    role_name=role_ml_role.name,
    parent_role_name="SYSADMIN",
)

# snowflake.grant ml_role_training_data
grant_ml_role_training_data = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_training_data",
    account_role_name=role_ml_role.name,
    privileges=["SELECT"],
    on_schema_object={"object_type": "TABLE", "object_name": table_ml_data_table.fully_qualified_name},
)

# snowflake.grant ml_role_warehouse
grant_ml_role_warehouse = snowflake.GrantPrivilegesToAccountRole(
    "ml_role_warehouse",
    account_role_name=role_ml_role.name,
    privileges=["USAGE"],
    on_account_object={"object_type": "WAREHOUSE", "object_name": warehouse_ml_warehouse.name},
)

# snowflake.grant mlflow_user_database
grant_mlflow_user_database = snowflake.GrantPrivilegesToAccountRole(
    "mlflow_user_database",
    account_role_name=role_mlflow_user.name,
    privileges=["USAGE"],
    on_account_object={"object_type": "DATABASE", "object_name": database_mlops.name},
)

# snowflake.grant mlflow_user_functions
grant_mlflow_user_functions = snowflake.GrantPrivilegesToAccountRole(
    "mlflow_user_functions",
    account_role_name=role_mlflow_user.name,
    privileges=["USAGE"],
    on_schema_object={
        "all": {"object_type_plural": "FUNCTIONS", "in_schema": schema_mlflow.fully_qualified_name},
    },
)

# snowflake.grant mlflow_user_schema
grant_mlflow_user_schema = snowflake.GrantPrivilegesToAccountRole(
    "mlflow_user_schema",
    account_role_name=role_mlflow_user.name,
    privileges=["USAGE"],
    on_schema={"schema_name": schema_mlflow.fully_qualified_name},
)

# snowflake.grant mlflow_user_stage
grant_mlflow_user_stage = snowflake.GrantPrivilegesToAccountRole(
    "mlflow_user_stage",
    account_role_name=role_mlflow_user.name,
    privileges=["USAGE"],
    on_schema_object={"object_type": "STAGE", "object_name": stage_mlflow_artifact_stage.fully_qualified_name},
)

pulumi.export("database_ml_database_id", database_ml_database.id)
pulumi.export("database_mlops_id", database_mlops.id)
pulumi.export("warehouse_ml_warehouse_id", warehouse_ml_warehouse.id)
pulumi.export("schema_ml_schema_id", schema_ml_schema.id)
pulumi.export("schema_mlflow_id", schema_mlflow.id)
pulumi.export("role_ml_admin_id", role_ml_admin.id)
pulumi.export("role_ml_role_id", role_ml_role.id)
pulumi.export("role_mlflow_user_id", role_mlflow_user.id)
pulumi.export("table_ml_data_table_id", table_ml_data_table.id)
pulumi.export("api_integration_ml_api_integration_id", api_integration_ml_api_integration.id)
pulumi.export("api_integration_mlflow_api_id", api_integration_mlflow_api.id)
pulumi.export("storage_integration_ml_ingest_integration_id", storage_integration_ml_ingest_integration.id)
pulumi.export("storage_integration_mlflow_artifacts_id", storage_integration_mlflow_artifacts.id)
pulumi.export("function_mlflow_create_experiment_request_id", function_mlflow_create_experiment_request.id)
pulumi.export("function_mlflow_create_run_request_id", function_mlflow_create_run_request.id)
pulumi.export("function_mlflow_log_metric_request_id", function_mlflow_log_metric_request.id)
pulumi.export("function_mlflow_response_id", function_mlflow_response.id)
pulumi.export("external_function_mlflow_create_experiment_id", external_function_mlflow_create_experiment.id)
pulumi.export("external_function_mlflow_create_run_id", external_function_mlflow_create_run.id)
pulumi.export("external_function_mlflow_log_metric_id", external_function_mlflow_log_metric.id)
pulumi.export("file_format_ml_json_id", file_format_ml_json.id)
pulumi.export("stage_ml_landing_id", stage_ml_landing.id)
pulumi.export("stage_mlflow_artifact_stage_id", stage_mlflow_artifact_stage.id)
pulumi.export("pipe_ml_data_pipe_id", pipe_ml_data_pipe.id)
pulumi.export("grant_admin_account_id", grant_admin_account.id)
pulumi.export("grant_admin_future_tables_id", grant_admin_future_tables.id)
pulumi.export("grant_admin_has_engineer_id", grant_admin_has_engineer.id)
pulumi.export("grant_ml_role_api_id", grant_ml_role_api.id)
pulumi.export("grant_ml_role_database_id", grant_ml_role_database.id)
pulumi.export("grant_ml_role_future_tables_id", grant_ml_role_future_tables.id)
pulumi.export("grant_ml_role_schema_id", grant_ml_role_schema.id)
pulumi.export("grant_ml_role_to_sysadmin_id", grant_ml_role_to_sysadmin.id)
pulumi.export("grant_ml_role_training_data_id", grant_ml_role_training_data.id)
pulumi.export("grant_ml_role_warehouse_id", grant_ml_role_warehouse.id)
pulumi.export("grant_mlflow_user_database_id", grant_mlflow_user_database.id)
pulumi.export("grant_mlflow_user_functions_id", grant_mlflow_user_functions.id)
pulumi.export("grant_mlflow_user_schema_id", grant_mlflow_user_schema.id)
pulumi.export("grant_mlflow_user_stage_id", grant_mlflow_user_stage.id)
