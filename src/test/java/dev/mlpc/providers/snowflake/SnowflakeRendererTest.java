package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden SQL for every Snowflake kind: create, update in place, replace, drop, grant and revoke; safety classes. */
class SnowflakeRendererTest {
    private final SnowflakeRenderer renderer = new SnowflakeRenderer();
    private final Differ differ = new Differ(new ProviderRegistry(List.of(new SnowflakeProvider())));

    static Resource res(String type, String name, Object... kv) {
        return Resource.of(type, name, map(kv));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static List<Object> shown(List<Statement> st) {
        return st.stream().map(Statement::display).toList();
    }

    private List<Object> create(Resource r) { return shown(renderer.create(r)); }

    private List<Object> drop(Resource r) { return shown(renderer.drop(r)); }

    /**
     * The live object a reader would report for {@code want}: where it is and what it is (the immutable properties) as
     * desired, then the given values.
     */
    private static ObservedResource live(Resource want, Object... observed) {
        Map<String, Object> m = new LinkedHashMap<>();
        SnowflakeTypes.all().stream().filter(t -> t.type().equals(want.type())).findFirst().orElseThrow().properties()
                .forEach(p -> { if (!p.updatable() && want.has(p.name())) m.put(p.name(), want.get(p.name())); });
        m.putAll(map(observed));
        return new ObservedResource(want.key(), m);
    }

    /** The differ's change for a desired resource against one observed object. */
    private Change change(Resource want, Object... observed) {
        Inventory inv = new Inventory(List.of(live(want, observed)), false, 1);
        Plan p = differ.diff(new Stack("s", "", List.of(want), "s.yaml"), null, inv, renderer);
        return p.actionable().isEmpty() ? null : p.actionable().get(0);
    }

    @Test
    void databases() {
        Resource db = res("snowflake.database", "ml_db", "transient", true, "data_retention_time_in_days", 1L, "comment", "it's ML");
        assertThat(create(db)).containsExactly("CREATE TRANSIENT DATABASE ML_DB DATA_RETENTION_TIME_IN_DAYS = 1 COMMENT = 'it''s ML'");
        assertThat(drop(db)).containsExactly("DROP DATABASE ML_DB");
        Change u = change(res("snowflake.database", "ml_db", "data_retention_time_in_days", 7L, "comment", ""),
                "data_retention_time_in_days", 1L, "comment", "old");
        assertThat(u.action()).isEqualTo(Action.UPDATE);
        assertThat(shown(u.statements())).containsExactly("ALTER DATABASE ML_DB SET DATA_RETENTION_TIME_IN_DAYS = 7",
                "ALTER DATABASE ML_DB UNSET COMMENT");
        Change r = change(db, "transient", false);
        assertThat(r.action()).isEqualTo(Action.REPLACE);
        assertThat(r.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(shown(r.statements())).containsExactly("DROP DATABASE ML_DB",
                "CREATE TRANSIENT DATABASE ML_DB DATA_RETENTION_TIME_IN_DAYS = 1 COMMENT = 'it''s ML'");
    }

    @Test
    void warehouses() {
        Resource wh = res("snowflake.warehouse", "ml_wh", "warehouse_size", "xsmall", "warehouse_type", "snowpark-optimized",
                "auto_suspend", 60L, "auto_resume", true, "initially_suspended", true, "min_cluster_count", 1L,
                "max_cluster_count", 3L, "scaling_policy", "economy", "resource_monitor", "ml_budget", "comment", "c");
        assertThat(create(wh)).containsExactly("CREATE WAREHOUSE ML_WH WITH WAREHOUSE_SIZE = XSMALL"
                + " WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE MIN_CLUSTER_COUNT = 1"
                + " MAX_CLUSTER_COUNT = 3 SCALING_POLICY = ECONOMY RESOURCE_MONITOR = ML_BUDGET INITIALLY_SUSPENDED = TRUE"
                + " COMMENT = 'c'");
        assertThat(create(res("snowflake.warehouse", "w"))).containsExactly("CREATE WAREHOUSE W");
        assertThat(drop(wh)).containsExactly("DROP WAREHOUSE ML_WH");
        Resource bigger = res("snowflake.warehouse", "ml_wh", "warehouse_size", "LARGE", "auto_suspend", 300L);
        Change up = change(bigger, "warehouse_size", "XSMALL", "auto_suspend", 60L);
        assertThat(shown(up.statements())).containsExactly("ALTER WAREHOUSE ML_WH SET WAREHOUSE_SIZE = LARGE AUTO_SUSPEND = 300");
        assertThat(up.safety()).isEqualTo(Safety.SAFE);
        Change down = change(res("snowflake.warehouse", "ml_wh", "warehouse_size", "SMALL"), "warehouse_size", "LARGE");
        assertThat(down.action()).isEqualTo(Action.UPDATE);
        assertThat(down.safety()).isEqualTo(Safety.UNSAFE);
        // initially_suspended is used on create only
        assertThat(change(res("snowflake.warehouse", "ml_wh", "initially_suspended", false), "initially_suspended", true)).isNull();
    }

    @Test
    void schemas() {
        Resource s = res("snowflake.schema", "raw", "database", "ml_db", "transient", true, "managed_access", true,
                "data_retention_time_in_days", 0L, "comment", "landing");
        assertThat(create(s)).containsExactly(
                "CREATE TRANSIENT SCHEMA ML_DB.RAW WITH MANAGED ACCESS DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = 'landing'");
        assertThat(drop(s)).containsExactly("DROP SCHEMA ML_DB.RAW");
        Change on = change(res("snowflake.schema", "raw", "database", "ml_db", "managed_access", true, "comment", "x"),
                "database", "ml_db", "managed_access", false, "comment", "y");
        assertThat(shown(on.statements())).containsExactly("ALTER SCHEMA ML_DB.RAW ENABLE MANAGED ACCESS",
                "ALTER SCHEMA ML_DB.RAW SET COMMENT = 'x'");
        assertThat(on.safety()).isEqualTo(Safety.UNSAFE);
        Change off = change(res("snowflake.schema", "raw", "database", "ml_db", "managed_access", false),
                "database", "ml_db", "managed_access", true);
        assertThat(shown(off.statements())).containsExactly("ALTER SCHEMA ML_DB.RAW DISABLE MANAGED ACCESS");
        Change moved = change(res("snowflake.schema", "raw", "database", "ml_db", "transient", false), "database", "ml_db", "transient", true);
        assertThat(moved.action()).isEqualTo(Action.REPLACE);
    }

    @Test
    void roles() {
        Resource r = res("snowflake.role", "ml_role", "comment", "ML access");
        assertThat(create(r)).containsExactly("CREATE ROLE ML_ROLE COMMENT = 'ML access'");
        assertThat(drop(r)).containsExactly("DROP ROLE ML_ROLE");
        assertThat(shown(change(r, "comment", "old").statements())).containsExactly("ALTER ROLE ML_ROLE SET COMMENT = 'ML access'");
    }

    private static Map<String, Object> col(Object... kv) { return map(kv); }

    @Test
    void tablesWithEveryColumnType() {
        Resource t = res("snowflake.table", "training", "database", "ml_db", "schema", "raw", "columns", List.of(
                        col("name", "id", "type", "string", "nullable", false, "comment", "row id"),
                        col("name", "features", "type", "ARRAY"),
                        col("name", "meta", "type", "variant"),
                        col("name", "attrs", "type", "OBJECT"),
                        col("name", "embedding", "type", "vector(float,256)"),
                        col("name", "label", "type", "NUMBER(38,0)", "default", "0"),
                        col("name", "loaded_at", "type", "TIMESTAMP_NTZ", "default", "CURRENT_TIMESTAMP()")),
                "cluster_by", List.of("label"), "change_tracking", true, "data_retention_time_in_days", 3L, "comment", "data");
        assertThat(create(t)).containsExactly("CREATE TABLE ML_DB.RAW.TRAINING (ID STRING NOT NULL COMMENT 'row id',"
                + " FEATURES ARRAY, META VARIANT, ATTRS OBJECT, EMBEDDING VECTOR(FLOAT, 256), LABEL NUMBER(38, 0) DEFAULT 0,"
                + " LOADED_AT TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP()) CLUSTER BY (label) DATA_RETENTION_TIME_IN_DAYS = 3"
                + " CHANGE_TRACKING = TRUE COMMENT = 'data'");
        assertThat(create(res("snowflake.table", "t", "database", "d", "schema", "s", "transient", true,
                "columns", List.of(col("name", "x", "type", "INT"))))).containsExactly("CREATE TRANSIENT TABLE D.S.T (X INT)");
        assertThat(drop(t)).containsExactly("DROP TABLE ML_DB.RAW.TRAINING");
    }

    @Test
    void tableColumnsChangeInPlaceOrByReplace() {
        List<Object> have = List.of(col("name", "id", "type", "STRING", "nullable", true, "comment", "old"),
                col("name", "gone", "type", "ARRAY", "nullable", true));
        // add a nullable column, make id NOT NULL, change its comment, drop a column: in place, destructive (drop)
        Resource want = res("snowflake.table", "t", "database", "d", "schema", "s", "columns", List.of(
                col("name", "id", "type", "string", "nullable", false, "comment", "new"),
                col("name", "added", "type", "VARIANT")), "comment", "");
        Change c = change(want, "database", "d", "schema", "s", "columns", have, "comment", "x");
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(shown(c.statements())).containsExactly(
                "ALTER TABLE D.S.T ALTER COLUMN ID SET NOT NULL",
                "ALTER TABLE D.S.T ALTER COLUMN ID COMMENT 'new'",
                "ALTER TABLE D.S.T ADD COLUMN ADDED VARIANT",
                "ALTER TABLE D.S.T DROP COLUMN GONE",
                "ALTER TABLE D.S.T UNSET COMMENT");
        assertThat(c.safety()).isEqualTo(Safety.DESTRUCTIVE);
        // only adding a nullable column and relaxing NOT NULL: safe
        Resource wider = res("snowflake.table", "t", "database", "d", "schema", "s", "columns", List.of(
                col("name", "id", "type", "STRING", "nullable", true), col("name", "gone", "type", "ARRAY"),
                col("name", "n", "type", "NUMBER", "nullable", false, "default", "0")));
        Change w = change(wider, "columns", List.of(col("name", "id", "type", "STRING", "nullable", false),
                col("name", "gone", "type", "ARRAY", "nullable", true)));
        assertThat(shown(w.statements())).containsExactly("ALTER TABLE D.S.T ALTER COLUMN ID DROP NOT NULL",
                "ALTER TABLE D.S.T ADD COLUMN N NUMBER NOT NULL DEFAULT 0");
        assertThat(w.safety()).isEqualTo(Safety.SAFE);
        // a type change, a new NOT NULL column without default, or transient: replace (data loss)
        Resource retyped = res("snowflake.table", "t", "database", "d", "schema", "s", "columns", List.of(
                col("name", "id", "type", "NUMBER"), col("name", "gone", "type", "ARRAY")));
        Change r = change(retyped, "columns", have);
        assertThat(r.action()).isEqualTo(Action.REPLACE);
        assertThat(r.safety()).isEqualTo(Safety.DESTRUCTIVE);
        assertThat(shown(r.statements())).containsExactly("DROP TABLE D.S.T", "CREATE TABLE D.S.T (ID NUMBER, GONE ARRAY)");
        Resource strict = res("snowflake.table", "t", "database", "d", "schema", "s", "columns", List.of(
                col("name", "id", "type", "STRING"), col("name", "gone", "type", "ARRAY"), col("name", "k", "type", "INT", "nullable", false)));
        assertThat(change(strict, "columns", have).action()).isEqualTo(Action.REPLACE);
        // type spelling does not matter
        Resource same = res("snowflake.table", "t", "database", "d", "schema", "s", "columns", List.of(
                col("name", "id", "type", "STRING"), col("name", "gone", "type", "ARRAY")));
        assertThat(change(same, "columns", have)).isNull();
        // clustering
        Resource clustered = res("snowflake.table", "t", "database", "d", "schema", "s", "cluster_by", List.of("to_date(ts)", "id"));
        assertThat(shown(change(clustered, "cluster_by", List.of("id")).statements()))
                .containsExactly("ALTER TABLE D.S.T CLUSTER BY (to_date(ts), id)");
        Resource unclustered = res("snowflake.table", "t", "database", "d", "schema", "s", "cluster_by", List.of(), "change_tracking", false);
        assertThat(shown(change(unclustered, "cluster_by", List.of("id"), "change_tracking", true).statements()))
                .containsExactly("ALTER TABLE D.S.T DROP CLUSTERING KEY", "ALTER TABLE D.S.T SET CHANGE_TRACKING = FALSE");
    }

    @Test
    void grantsOnEveryTargetAndTheirRevokes() {
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("create database", "CREATE ROLE"),
                "on", map("account", "current")))).containsExactly("GRANT CREATE DATABASE, CREATE ROLE ON ACCOUNT TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("usage", "create schema"),
                "on", map("database", "d")))).containsExactly("GRANT USAGE, CREATE SCHEMA ON DATABASE D TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("USAGE"),
                "on", map("schema", "s"), "database", "d"))).containsExactly("GRANT USAGE ON SCHEMA D.S TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("insert", "SELECT"),
                "on", map("table", "t"), "database", "d", "schema", "s"))).containsExactly("GRANT SELECT, INSERT ON TABLE D.S.T TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("OPERATE", "USAGE"),
                "on", map("warehouse", "w")))).containsExactly("GRANT USAGE, OPERATE ON WAREHOUSE W TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("USAGE"),
                "on", map("integration", "api")))).containsExactly("GRANT USAGE ON INTEGRATION API TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("USAGE"),
                "on", map("function", "f"), "database", "d", "schema", "s", "argument_types", List.of("varchar", "number(38,0)"))))
                .containsExactly("GRANT USAGE ON FUNCTION D.S.F(VARCHAR, NUMBER(38, 0)) TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("READ"),
                "on", map("stage", "st"), "database", "d", "schema", "s"))).containsExactly("GRANT READ ON STAGE D.S.ST TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("MONITOR"),
                "on", map("pipe", "p"), "database", "d", "schema", "s"))).containsExactly("GRANT MONITOR ON PIPE D.S.P TO ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("SELECT"),
                "on", map("all", "tables"), "database", "d", "schema", "s"))).containsExactly("GRANT SELECT ON ALL TABLES IN SCHEMA D.S TO ROLE R");
        Resource future = res("snowflake.grant", "g", "role", "r", "privileges", List.of("USAGE"),
                "on", map("future", "file_formats"), "database", "d", "schema", "s");
        assertThat(create(future)).containsExactly("GRANT USAGE ON FUTURE FILE FORMATS IN SCHEMA D.S TO ROLE R");
        assertThat(drop(future)).containsExactly("REVOKE USAGE ON FUTURE FILE FORMATS IN SCHEMA D.S FROM ROLE R");
        assertThat(create(res("snowflake.grant", "g", "role", "r", "privileges", List.of("USAGE"),
                "on", map("future", "schemas"), "database", "d"))).containsExactly("GRANT USAGE ON FUTURE SCHEMAS IN DATABASE D TO ROLE R");
        Resource hierarchy = res("snowflake.grant", "g", "role", "sysadmin", "granted_role", "ml_role");
        assertThat(create(hierarchy)).containsExactly("GRANT ROLE ML_ROLE TO ROLE SYSADMIN");
        assertThat(drop(hierarchy)).containsExactly("REVOKE ROLE ML_ROLE FROM ROLE SYSADMIN");

        Resource table = res("snowflake.grant", "g", "role", "r", "privileges", List.of("SELECT", "UPDATE"),
                "on", map("table", "t"), "database", "d", "schema", "s");
        Change more = change(table, "role", "r", "privileges", List.of("SELECT"));
        assertThat(shown(more.statements())).containsExactly("GRANT UPDATE ON TABLE D.S.T TO ROLE R");
        assertThat(more.safety()).isEqualTo(Safety.SAFE);
        Change less = change(res("snowflake.grant", "g", "role", "r", "privileges", List.of("SELECT"),
                "on", map("table", "t"), "database", "d", "schema", "s"), "privileges", List.of("SELECT", "DELETE"));
        assertThat(shown(less.statements())).containsExactly("REVOKE DELETE ON TABLE D.S.T FROM ROLE R");
        assertThat(less.safety()).isEqualTo(Safety.DESTRUCTIVE);
    }

    @Test
    void apiAndStorageIntegrations() {
        Resource api = res("snowflake.api_integration", "mlflow_api", "api_provider", "AWS_API_GATEWAY",
                "api_aws_role_arn", "arn:aws:iam::1:role/r", "api_allowed_prefixes", List.of("https://a/", "https://b/"),
                "api_blocked_prefixes", List.of("https://a/admin/"), "enabled", true, "comment", "gw");
        assertThat(create(api)).containsExactly("CREATE API INTEGRATION MLFLOW_API API_PROVIDER = aws_api_gateway"
                + " API_AWS_ROLE_ARN = 'arn:aws:iam::1:role/r' API_ALLOWED_PREFIXES = ('https://a/', 'https://b/')"
                + " API_BLOCKED_PREFIXES = ('https://a/admin/') ENABLED = TRUE COMMENT = 'gw'");
        assertThat(create(res("snowflake.api_integration", "az", "api_provider", "azure_api_management",
                "azure_tenant_id", "t", "azure_ad_application_id", "a", "api_allowed_prefixes", List.of("https://x/"), "enabled", false)))
                .containsExactly("CREATE API INTEGRATION AZ API_PROVIDER = azure_api_management AZURE_TENANT_ID = 't'"
                        + " AZURE_AD_APPLICATION_ID = 'a' API_ALLOWED_PREFIXES = ('https://x/') ENABLED = FALSE");
        assertThat(drop(api)).containsExactly("DROP API INTEGRATION MLFLOW_API");
        Resource narrower = res("snowflake.api_integration", "mlflow_api", "api_provider", "aws_api_gateway",
                "api_allowed_prefixes", List.of("https://a/"), "api_blocked_prefixes", List.of(), "enabled", false);
        Change c = change(narrower, "api_provider", "aws_api_gateway", "api_allowed_prefixes", List.of("https://a/", "https://b/"),
                "api_blocked_prefixes", List.of("https://a/admin/"), "enabled", true);
        assertThat(shown(c.statements())).containsExactly(
                "ALTER API INTEGRATION MLFLOW_API SET API_ALLOWED_PREFIXES = ('https://a/') ENABLED = FALSE",
                "ALTER API INTEGRATION MLFLOW_API UNSET API_BLOCKED_PREFIXES");
        assertThat(c.safety()).isEqualTo(Safety.UNSAFE);
        assertThat(change(narrower, "api_provider", "google_api_gateway").action()).isEqualTo(Action.REPLACE);

        Resource si = res("snowflake.storage_integration", "artifacts", "storage_provider", "s3",
                "storage_aws_role_arn", "arn:aws:iam::1:role/s", "storage_allowed_locations", List.of("s3://bucket/"),
                "enabled", true, "comment", "bucket");
        assertThat(create(si)).containsExactly("CREATE STORAGE INTEGRATION ARTIFACTS TYPE = EXTERNAL_STAGE"
                + " STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::1:role/s'"
                + " STORAGE_ALLOWED_LOCATIONS = ('s3://bucket/') COMMENT = 'bucket'");
        assertThat(drop(si)).containsExactly("DROP STORAGE INTEGRATION ARTIFACTS");
        Resource wider = res("snowflake.storage_integration", "artifacts", "storage_provider", "S3",
                "storage_allowed_locations", List.of("s3://bucket/", "s3://other/"), "comment", "");
        Change w = change(wider, "storage_provider", "S3", "storage_allowed_locations", List.of("s3://bucket/"), "comment", "bucket");
        assertThat(shown(w.statements())).containsExactly(
                "ALTER STORAGE INTEGRATION ARTIFACTS SET STORAGE_ALLOWED_LOCATIONS = ('s3://bucket/', 's3://other/')",
                "ALTER STORAGE INTEGRATION ARTIFACTS UNSET COMMENT");
        assertThat(w.safety()).isEqualTo(Safety.SAFE);
    }

    @Test
    void externalFunctions() {
        Resource f = res("snowflake.external_function", "log_metric", "database", "mlops", "schema", "mlflow",
                "arguments", List.of(map("name", "run_id", "type", "varchar"), map("name", "value", "type", "float")),
                "returns", "variant", "api_integration", "mlflow_api", "url", "https://gw/api/2.0/mlflow/runs/log-metric",
                "request_translator", "req_tr", "response_translator", "res_tr", "headers", map("x-b", "2", "content-type", "application/json"),
                "context_headers", List.of("current_user", "CURRENT_ROLE"), "max_batch_rows", 100L, "compression", "gzip",
                "comment", "log a metric");
        assertThat(create(f)).containsExactly("CREATE EXTERNAL FUNCTION MLOPS.MLFLOW.LOG_METRIC(RUN_ID VARCHAR, VALUE FLOAT)"
                + " RETURNS VARIANT COMMENT = 'log a metric' API_INTEGRATION = MLFLOW_API"
                + " HEADERS = ('content-type' = 'application/json', 'x-b' = '2') CONTEXT_HEADERS = (CURRENT_USER, CURRENT_ROLE)"
                + " MAX_BATCH_ROWS = 100 COMPRESSION = GZIP REQUEST_TRANSLATOR = MLOPS.MLFLOW.REQ_TR"
                + " RESPONSE_TRANSLATOR = MLOPS.MLFLOW.RES_TR AS 'https://gw/api/2.0/mlflow/runs/log-metric'");
        assertThat(drop(f)).containsExactly("DROP FUNCTION MLOPS.MLFLOW.LOG_METRIC(VARCHAR, FLOAT)");
        Resource changed = res("snowflake.external_function", "log_metric", "database", "mlops", "schema", "mlflow",
                "arguments", List.of(map("name", "run_id", "type", "varchar"), map("name", "value", "type", "float")),
                "returns", "variant", "api_integration", "other_api", "url", "https://gw/api/2.0/mlflow/runs/log-metric",
                "max_batch_rows", 10L, "headers", map(), "comment", "");
        Change c = change(changed, "database", "mlops", "schema", "mlflow", "returns", "variant", "api_integration", "MLFLOW_API",
                "url", "https://gw/api/2.0/mlflow/runs/log-metric", "max_batch_rows", 100L, "headers", map("a", "b"), "comment", "x");
        assertThat(shown(c.statements())).containsExactly(
                "ALTER FUNCTION MLOPS.MLFLOW.LOG_METRIC(VARCHAR, FLOAT) SET API_INTEGRATION = OTHER_API",
                "ALTER FUNCTION MLOPS.MLFLOW.LOG_METRIC(VARCHAR, FLOAT) UNSET HEADERS",
                "ALTER FUNCTION MLOPS.MLFLOW.LOG_METRIC(VARCHAR, FLOAT) SET MAX_BATCH_ROWS = 10",
                "ALTER FUNCTION MLOPS.MLFLOW.LOG_METRIC(VARCHAR, FLOAT) UNSET COMMENT");
        assertThat(c.safety()).isEqualTo(Safety.UNSAFE);
        Change moved = change(res("snowflake.external_function", "log_metric", "database", "mlops", "schema", "mlflow",
                "returns", "variant", "api_integration", "mlflow_api", "url", "https://gw/new"), "url", "https://gw/old");
        assertThat(moved.action()).isEqualTo(Action.REPLACE);
    }

    @Test
    void userDefinedFunctionsAsTranslators() {
        Resource f = res("snowflake.function", "req_tr", "database", "mlops", "schema", "mlflow",
                "arguments", List.of(map("name", "event", "type", "object")), "returns", "object", "language", "javascript",
                "body", "var row = EVENT.body.data[0];\nreturn {\"body\": {\"name\": row[1]}}; // it's", "comment", "translator");
        assertThat(create(f)).containsExactly("CREATE FUNCTION MLOPS.MLFLOW.REQ_TR(EVENT OBJECT) RETURNS OBJECT"
                + " LANGUAGE JAVASCRIPT COMMENT = 'translator'"
                + " AS 'var row = EVENT.body.data[0];\\nreturn {\"body\": {\"name\": row[1]}}; // it''s'");
        assertThat(drop(f)).containsExactly("DROP FUNCTION MLOPS.MLFLOW.REQ_TR(OBJECT)");
        // a new body replaces the function in place and keeps its grants: not destructive
        List<Object> args = List.of(map("name", "event", "type", "object"));
        Change body = change(f, "database", "mlops", "schema", "mlflow", "arguments", args, "returns", "object", "language", "JAVASCRIPT",
                "body", "return EVENT;", "comment", "translator");
        assertThat(body.action()).isEqualTo(Action.UPDATE);
        assertThat(body.safety()).isEqualTo(Safety.SAFE);
        assertThat(shown(body.statements())).singleElement().asString()
                .startsWith("CREATE OR REPLACE FUNCTION MLOPS.MLFLOW.REQ_TR(EVENT OBJECT) COPY GRANTS RETURNS OBJECT");
        Change comment = change(f, "database", "mlops", "schema", "mlflow", "arguments", args, "returns", "object", "language", "JAVASCRIPT",
                "body", f.string("body"), "comment", "old");
        assertThat(shown(comment.statements())).containsExactly(
                "ALTER FUNCTION MLOPS.MLFLOW.REQ_TR(OBJECT) SET COMMENT = 'translator'");
        assertThat(change(f, "database", "mlops", "schema", "mlflow", "arguments", args, "returns", "object", "language", "SQL",
                "body", f.string("body")).action()).isEqualTo(Action.REPLACE);
    }

    @Test
    void fileFormatsStagesAndPipes() {
        Resource ff = res("snowflake.file_format", "csv_gz", "database", "d", "schema", "s", "format_type", "csv",
                "compression", "gzip", "field_delimiter", "|", "skip_header", 1L, "field_optionally_enclosed_by", "\"",
                "null_if", List.of("", "NULL"), "comment", "csv");
        assertThat(create(ff)).containsExactly("CREATE FILE FORMAT D.S.CSV_GZ TYPE = CSV COMPRESSION = GZIP"
                + " FIELD_DELIMITER = '|' SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('', 'NULL') COMMENT = 'csv'");
        assertThat(drop(ff)).containsExactly("DROP FILE FORMAT D.S.CSV_GZ");
        Change fc = change(res("snowflake.file_format", "csv_gz", "database", "d", "schema", "s", "format_type", "CSV",
                "skip_header", 0L), "format_type", "CSV", "skip_header", 1L);
        assertThat(shown(fc.statements())).containsExactly("ALTER FILE FORMAT D.S.CSV_GZ SET SKIP_HEADER = 0");
        assertThat(change(res("snowflake.file_format", "csv_gz", "database", "d", "schema", "s", "format_type", "JSON"),
                "format_type", "CSV").action()).isEqualTo(Action.REPLACE);

        Resource st = res("snowflake.stage", "landing", "database", "d", "schema", "s", "url", "s3://bucket/in/",
                "storage_integration", "si", "file_format", "csv_gz", "comment", "in");
        assertThat(create(st)).containsExactly("CREATE STAGE D.S.LANDING URL = 's3://bucket/in/' STORAGE_INTEGRATION = SI"
                + " FILE_FORMAT = (FORMAT_NAME = 'D.S.CSV_GZ') COMMENT = 'in'");
        assertThat(create(res("snowflake.stage", "internal", "database", "d", "schema", "s"))).containsExactly("CREATE STAGE D.S.INTERNAL");
        assertThat(drop(st)).containsExactly("DROP STAGE D.S.LANDING");
        Change sc = change(res("snowflake.stage", "landing", "database", "d", "schema", "s", "url", "s3://bucket/new/"), "url", "s3://bucket/in/");
        assertThat(shown(sc.statements())).containsExactly("ALTER STAGE D.S.LANDING SET URL = 's3://bucket/new/'");
        assertThat(sc.safety()).isEqualTo(Safety.UNSAFE);

        Resource pipe = res("snowflake.pipe", "feed", "database", "d", "schema", "s", "table", "training", "stage", "landing",
                "file_format", "csv_gz", "auto_ingest", true, "aws_sns_topic", "arn:aws:sns:eu-west-1:1:t", "comment", "feed");
        assertThat(create(pipe)).containsExactly("CREATE PIPE D.S.FEED AUTO_INGEST = TRUE AWS_SNS_TOPIC = 'arn:aws:sns:eu-west-1:1:t'"
                + " COMMENT = 'feed' AS COPY INTO D.S.TRAINING FROM @D.S.LANDING FILE_FORMAT = (FORMAT_NAME = 'D.S.CSV_GZ')");
        assertThat(drop(pipe)).containsExactly("DROP PIPE D.S.FEED");
        Resource recommented = res("snowflake.pipe", "feed", "database", "d", "schema", "s", "table", "training", "stage", "landing",
                "comment", "new");
        assertThat(shown(change(recommented, "table", "training", "stage", "landing", "comment", "old").statements()))
                .containsExactly("ALTER PIPE D.S.FEED SET COMMENT = 'new'");
        Change retargeted = change(recommented, "table", "other", "stage", "landing");
        assertThat(retargeted.action()).isEqualTo(Action.REPLACE);
        assertThat(shown(retargeted.statements())).containsExactly("DROP PIPE D.S.FEED",
                "CREATE PIPE D.S.FEED COMMENT = 'new' AS COPY INTO D.S.TRAINING FROM @D.S.LANDING");
    }

    @Test
    void planOrdersDependenciesWhateverTheFileOrder() {
        Stack s = new Stack("s", "", List.of(
                res("snowflake.grant", "g", "role", "r", "privileges", List.of("SELECT"), "on", map("table", "t"), "database", "d", "schema", "sc"),
                res("snowflake.pipe", "p", "database", "d", "schema", "sc", "table", "t", "stage", "st"),
                res("snowflake.stage", "st", "database", "d", "schema", "sc", "url", "s3://b/", "storage_integration", "si"),
                res("snowflake.table", "t", "database", "d", "schema", "sc", "columns", List.of(col("name", "x", "type", "INT"))),
                res("snowflake.schema", "sc", "database", "d"),
                res("snowflake.storage_integration", "si", "storage_provider", "S3", "storage_aws_role_arn", "a",
                        "storage_allowed_locations", List.of("s3://b/"), "enabled", true),
                res("snowflake.role", "r"),
                res("snowflake.database", "d")), "s.yaml");
        List<String> order = differ.diff(s, null, Inventory.nothing(), renderer).actionable().stream().map(Change::name).toList();
        assertThat(order.indexOf("d")).isLessThan(order.indexOf("sc"));
        assertThat(order.indexOf("sc")).isLessThan(order.indexOf("t"));
        assertThat(order.indexOf("si")).isLessThan(order.indexOf("st"));
        assertThat(order.indexOf("st")).isLessThan(order.indexOf("p"));
        assertThat(order.indexOf("t")).isLessThan(order.indexOf("p"));
        assertThat(order.indexOf("r")).isLessThan(order.indexOf("g"));
        assertThat(order.indexOf("t")).isLessThan(order.indexOf("g"));
    }

    @Test
    void aReplacedTableRecreatesItsGrantsAndPipes() {
        Resource table = res("snowflake.table", "t", "database", "d", "schema", "sc", "transient", true,
                "columns", List.of(col("name", "x", "type", "INT")));
        Resource grant = res("snowflake.grant", "g", "role", "r", "privileges", List.of("SELECT"), "on", map("table", "t"),
                "database", "d", "schema", "sc");
        Inventory inv = new Inventory(List.of(live(table, "transient", false, "columns", List.of(col("name", "x", "type", "INT"))),
                live(grant, "privileges", List.of("SELECT"))), false, 2);
        Plan p = differ.diff(new Stack("s", "", List.of(table, grant), "s.yaml"), null, inv, renderer);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("REPLACE t", "CREATE g");
    }

    @Test
    void warningsForSameObjectAllPrivilegesAndNeverSuspending() {
        Stack s = new Stack("s", "", List.of(res("snowflake.database", "ml_db"), res("snowflake.database", "ML_DB"),
                res("snowflake.warehouse", "w", "auto_suspend", 0L),
                res("snowflake.grant", "g", "role", "r", "privileges", List.of("ALL"), "on", map("database", "ml_db"))), "s.yaml");
        assertThat(renderer.warnings(s)).extracting(w -> w.rule() + " " + w.name())
                .containsExactly("same-object ML_DB", "never-suspends w", "all-privileges g");
        assertThat(Renderer.class).isInterface();
        assertThat(Set.of()).isEmpty();
    }
}
