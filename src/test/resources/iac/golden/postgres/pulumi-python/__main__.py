"""Stack iac-postgres: Backend of the ML model registry

Exported by `mlpc export-iac --to pulumi-python` from the mlpc stack iac-postgres.
Secrets are Pulumi config secrets (pulumi config set --secret NAME), never values.
"""
import pulumi
import pulumi_postgresql as postgresql

# No equivalent in Pulumi (mlpc export-iac also lists these on stderr):
#   - postgres.database ml_models: comment = ML model registry
#   - postgres.role mlreg_owner: comment = owns the registry database and schema
#   - postgres.schema ml_model_schema: comment = registered models, versions, aliases, lineage

config = pulumi.Config()
# secret mlreg_reader_password: postgres.role mlreg_reader: password (in the stack: env MLREG_READER_PASSWORD)
# secret mlreg_writer_password: postgres.role mlreg_writer: password (in the stack: env MLREG_WRITER_PASSWORD)

# postgres.role mlreg_owner
# no equivalent: comment = owns the registry database and schema
role_mlreg_owner = postgresql.Role(
    "mlreg_owner",
    name="mlreg_owner",
    login=False,
)

# postgres.role mlreg_reader
role_mlreg_reader = postgresql.Role(
    "mlreg_reader",
    name="mlreg_reader",
    login=True,
    password=config.require_secret("mlreg_reader_password"),
)

# postgres.role mlreg_writer
role_mlreg_writer = postgresql.Role(
    "mlreg_writer",
    name="mlreg_writer",
    login=True,
    connection_limit=20,
    password=config.require_secret("mlreg_writer_password"),
)

# postgres.database ml_models
# no equivalent: comment = ML model registry
database_ml_models = postgresql.Database(
    "ml_models",
    name="ml_models",
    owner=role_mlreg_owner.name,
    encoding="UTF8",
    lc_collate="C",
    lc_ctype="C",
    template="template0",
    connection_limit=10,
)

# postgres.schema ml_model_schema
# no equivalent: comment = registered models, versions, aliases, lineage
schema_ml_model_schema = postgresql.Schema(
    "ml_model_schema",
    name="ml_model_schema",
    database=database_ml_models.name,
    owner=role_mlreg_owner.name,
)

# postgres.extension pgcrypto
extension_pgcrypto = postgresql.Extension(
    "pgcrypto",
    name="pgcrypto",
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
)

# postgres.grant reader_connect
grant_reader_connect = postgresql.Grant(
    "reader_connect",
    role=role_mlreg_reader.name,
    database=database_ml_models.name,
    object_type="database",
    privileges=["CONNECT"],
)

# postgres.grant reader_future_tables
grant_reader_future_tables = postgresql.DefaultPrivileges(
    "reader_future_tables",
    role=role_mlreg_reader.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    owner=role_mlreg_owner.name,
    object_type="table",
    privileges=["SELECT"],
)

# postgres.grant reader_tables
grant_reader_tables = postgresql.Grant(
    "reader_tables",
    role=role_mlreg_reader.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    object_type="table",
    privileges=["SELECT"],
)

# postgres.grant reader_usage
grant_reader_usage = postgresql.Grant(
    "reader_usage",
    role=role_mlreg_reader.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    object_type="schema",
    privileges=["USAGE"],
)

# postgres.grant writer_connect
grant_writer_connect = postgresql.Grant(
    "writer_connect",
    role=role_mlreg_writer.name,
    database=database_ml_models.name,
    object_type="database",
    privileges=["CONNECT"],
)

# postgres.grant writer_future_tables
grant_writer_future_tables = postgresql.DefaultPrivileges(
    "writer_future_tables",
    role=role_mlreg_writer.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    owner=role_mlreg_owner.name,
    object_type="table",
    privileges=["DELETE", "INSERT", "SELECT", "UPDATE"],
)

# postgres.grant writer_tables
grant_writer_tables = postgresql.Grant(
    "writer_tables",
    role=role_mlreg_writer.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    object_type="table",
    privileges=["DELETE", "INSERT", "SELECT", "UPDATE"],
)

# postgres.grant writer_usage
grant_writer_usage = postgresql.Grant(
    "writer_usage",
    role=role_mlreg_writer.name,
    database=database_ml_models.name,
    schema=schema_ml_model_schema.name,
    object_type="schema",
    privileges=["USAGE"],
)

pulumi.export("role_mlreg_owner_id", role_mlreg_owner.id)
pulumi.export("role_mlreg_reader_id", role_mlreg_reader.id)
pulumi.export("role_mlreg_writer_id", role_mlreg_writer.id)
pulumi.export("database_ml_models_id", database_ml_models.id)
pulumi.export("schema_ml_model_schema_id", schema_ml_model_schema.id)
pulumi.export("extension_pgcrypto_id", extension_pgcrypto.id)
pulumi.export("grant_reader_connect_id", grant_reader_connect.id)
pulumi.export("grant_reader_future_tables_id", grant_reader_future_tables.id)
pulumi.export("grant_reader_tables_id", grant_reader_tables.id)
pulumi.export("grant_reader_usage_id", grant_reader_usage.id)
pulumi.export("grant_writer_connect_id", grant_writer_connect.id)
pulumi.export("grant_writer_future_tables_id", grant_writer_future_tables.id)
pulumi.export("grant_writer_tables_id", grant_writer_tables.id)
pulumi.export("grant_writer_usage_id", grant_writer_usage.id)
