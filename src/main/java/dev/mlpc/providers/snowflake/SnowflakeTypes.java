package dev.mlpc.providers.snowflake;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.PropertySpec.Kind;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Snowflake resource types: properties named as Snowflake's own parameters in snake_case, and the rules between
 * fields. Objects inside a schema (tables, stages, file formats, pipes, external functions) name their {@code database}
 * and {@code schema}; other objects they refer to (a pipe's table and stage, a stage's file format) live in the same
 * schema.
 */
public final class SnowflakeTypes {
    public static final String DATABASE = "snowflake.database";
    public static final String WAREHOUSE = "snowflake.warehouse";
    public static final String SCHEMA = "snowflake.schema";
    public static final String ROLE = "snowflake.role";
    public static final String TABLE = "snowflake.table";
    public static final String GRANT = "snowflake.grant";
    public static final String API_INTEGRATION = "snowflake.api_integration";
    public static final String STORAGE_INTEGRATION = "snowflake.storage_integration";
    public static final String EXTERNAL_FUNCTION = "snowflake.external_function";
    public static final String FILE_FORMAT = "snowflake.file_format";
    public static final String STAGE = "snowflake.stage";
    public static final String PIPE = "snowflake.pipe";
    public static final String FUNCTION = "snowflake.function";

    /**
     * A data type as written in a column or signature: a name of letters, digits, '_' and spaces, optionally with
     * parenthesised parameters ({@code NUMBER(38,0)}, {@code VARCHAR(100)}, {@code VECTOR(FLOAT, 256)},
     * {@code TIMESTAMP_NTZ(9)}). Nothing else reaches the SQL text.
     */
    static final Pattern DATA_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_ ]*(\\(\\s*[A-Za-z0-9_]+(\\s*,\\s*[A-Za-z0-9_]+)*\\s*\\))?");

    private SnowflakeTypes() { }

    /** All types, in the order the JSON Schema and wizards list them. */
    public static List<ResourceType> all() {
        return List.of(database(), warehouse(), schema(), role(), table(), grant(), apiIntegration(),
                storageIntegration(), function(), externalFunction(), fileFormat(), stage(), pipe());
    }

    /** A data type in Snowflake's canonical spelling: upper case, single spaces, no spaces inside parentheses but after commas. */
    public static String canonicalType(String type) {
        String t = type.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        t = t.replaceAll("\\s*\\(\\s*", "(").replaceAll("\\s*\\)", ")").replaceAll("\\s*,\\s*", ", ");
        return t;
    }

    private static PropertySpec.Builder comment(String what) {
        return PropertySpec.of("comment", Kind.STRING).describe("COMMENT on the " + what);
    }

    private static PropertySpec.Builder retention() {
        return PropertySpec.of("data_retention_time_in_days", Kind.INTEGER).range(0, 90)
                .describe("days of Time Travel (DATA_RETENTION_TIME_IN_DAYS)");
    }

    private static PropertySpec.Builder inDatabase() {
        return PropertySpec.of("database", Kind.IDENTIFIER).required().immutable().references(DATABASE).container()
                .describe("the database that holds it");
    }

    private static PropertySpec.Builder inSchema() {
        return PropertySpec.of("schema", Kind.IDENTIFIER).required().immutable().references(SCHEMA).container()
                .describe("the schema that holds it");
    }

    static ResourceType database() {
        return ResourceType.builder(DATABASE)
                .describe("A database; the resource name is the database name.")
                .property(PropertySpec.of("transient", Kind.BOOLEAN).immutable()
                        .describe("a transient database (no Fail-safe); cannot change after creation"))
                .property(retention())
                .property(comment("database"))
                .build();
    }

    static ResourceType warehouse() {
        return ResourceType.builder(WAREHOUSE)
                .describe("A virtual warehouse (compute); the resource name is the warehouse name.")
                .property(PropertySpec.of("warehouse_size", Kind.ENUM).values(Warehouses.SIZES.toArray(String[]::new))
                        .describe("size of each cluster (WAREHOUSE_SIZE)"))
                .property(PropertySpec.of("warehouse_type", Kind.ENUM).values("STANDARD", "SNOWPARK-OPTIMIZED")
                        .describe("STANDARD or SNOWPARK-OPTIMIZED (WAREHOUSE_TYPE)"))
                .property(PropertySpec.of("auto_suspend", Kind.INTEGER).range(0, 2_147_483_647L)
                        .describe("seconds of inactivity before the warehouse suspends; 0 never suspends"))
                .property(PropertySpec.of("auto_resume", Kind.BOOLEAN).describe("resume when a query arrives"))
                .property(PropertySpec.of("initially_suspended", Kind.BOOLEAN).notCompared()
                        .describe("create the warehouse suspended; used on create only"))
                .property(PropertySpec.of("min_cluster_count", Kind.INTEGER).range(1, 300)
                        .describe("minimum clusters of a multi-cluster warehouse"))
                .property(PropertySpec.of("max_cluster_count", Kind.INTEGER).range(1, 300)
                        .describe("maximum clusters of a multi-cluster warehouse"))
                .property(PropertySpec.of("scaling_policy", Kind.ENUM).values("STANDARD", "ECONOMY")
                        .describe("how clusters start and stop (SCALING_POLICY)"))
                .property(PropertySpec.of("resource_monitor", Kind.IDENTIFIER)
                        .describe("resource monitor that caps the warehouse's credits"))
                .property(comment("warehouse"))
                .check((r, sink) -> {
                    Long min = r.integer("min_cluster_count");
                    Long max = r.integer("max_cluster_count");
                    if (min != null && max != null && min > max) {
                        sink.problem(r, "min_cluster_count", "must not exceed max_cluster_count (" + max + ")");
                    }
                })
                .build();
    }

    static ResourceType schema() {
        return ResourceType.builder(SCHEMA)
                .describe("A schema inside a database; the resource name is the schema name.")
                .property(inDatabase())
                .property(PropertySpec.of("transient", Kind.BOOLEAN).immutable()
                        .describe("a transient schema (no Fail-safe); cannot change after creation"))
                .property(PropertySpec.of("managed_access", Kind.BOOLEAN)
                        .describe("WITH MANAGED ACCESS: only the schema owner grants privileges on its objects"))
                .property(retention())
                .property(comment("schema"))
                .check((r, sink) -> {
                    if ("INFORMATION_SCHEMA".equals(SfSql.stored(r.name()))) {
                        sink.problem(r, "name", "INFORMATION_SCHEMA is Snowflake's own schema in every database");
                    }
                })
                .build();
    }

    static ResourceType role() {
        return ResourceType.builder(ROLE)
                .describe("An account role; the resource name is the role name. Hierarchies: snowflake.grant with granted_role.")
                .property(comment("role"))
                .check((r, sink) -> {
                    if (Grants.SYSTEM_ROLES.contains(SfSql.stored(r.name()))) {
                        sink.problem(r, "name", SfSql.stored(r.name()) + " is a system role; grant to it, do not manage it");
                    }
                })
                .build();
    }

    static ResourceType table() {
        return ResourceType.builder(TABLE)
                .describe("A table for training data; the resource name is the table name.")
                .property(inDatabase())
                .property(inSchema())
                .property(PropertySpec.of("transient", Kind.BOOLEAN).immutable()
                        .describe("a transient table (no Fail-safe); cannot change after creation"))
                .property(PropertySpec.of("columns", Kind.OBJECT_LIST).required().keyedBy("name")
                        .fields(PropertySpec.of("name", Kind.IDENTIFIER).required().describe("column name"),
                                PropertySpec.of("type", Kind.STRING).required()
                                        .describe("data type, e.g. NUMBER(38,0), VARCHAR, ARRAY, VARIANT, OBJECT, VECTOR(FLOAT, 256)"),
                                PropertySpec.of("nullable", Kind.BOOLEAN).describe("false: NOT NULL (default true)"),
                                PropertySpec.of("default", Kind.STRING)
                                        .describe("DEFAULT expression, e.g. CURRENT_TIMESTAMP() or 0"),
                                PropertySpec.of("comment", Kind.STRING).describe("COMMENT on the column"))
                        .replaceWhen(Columns::needReplace)
                        .describe("the columns; adding a nullable column (or one with a default), dropping a column and"
                                + " changing nullable or comment happen in place; changing a type or default is a replace"))
                .property(PropertySpec.of("cluster_by", Kind.STRING_LIST)
                        .describe("clustering key expressions (CLUSTER BY)"))
                .property(PropertySpec.of("change_tracking", Kind.BOOLEAN).describe("CHANGE_TRACKING for streams"))
                .property(retention())
                .property(comment("table"))
                .check(SnowflakeTypes::checkColumns)
                .check((r, sink) -> {
                    List<Object> keys = r.list("cluster_by");
                    for (int i = 0; i < keys.size(); i++) {
                        String bad = Expressions.check(String.valueOf(keys.get(i)));
                        if (bad != null) sink.problem(r, "cluster_by[" + i + "]", bad);
                    }
                })
                .build();
    }

    static ResourceType grant() {
        return ResourceType.builder(GRANT)
                .describe("Privileges granted to a role on one object, on all or future objects of a kind in a schema"
                        + " (or database), or a role granted to a role; the resource name is a label.")
                .property(PropertySpec.of("role", Kind.IDENTIFIER).required().immutable().references(ROLE)
                        .describe("the role that receives the privileges (or the granted role)"))
                .property(PropertySpec.of("privileges", Kind.ENUM_LIST).values(Grants.ALL_PRIVILEGES.toArray(String[]::new))
                        .describe("privileges to grant; adding grants, removing revokes"))
                .property(PropertySpec.of("on", Kind.STRING_MAP).immutable()
                        .describe("what the privileges are on: {account: current}, {database: D}, {schema: S}, {table: T},"
                                + " {warehouse: W}, {integration: I}, {function: F}, {stage: S}, {pipe: P},"
                                + " {all: tables} or {future: tables} (tables, schemas, stages, pipes, functions, file_formats)"))
                .property(PropertySpec.of("database", Kind.IDENTIFIER).immutable().references(DATABASE).container()
                        .describe("the database of the object (the target itself for on: {database: …})"))
                .property(PropertySpec.of("schema", Kind.IDENTIFIER).immutable().references(SCHEMA).container()
                        .describe("the schema of the object; for all / future: the schema (left out: the whole database)"))
                .property(PropertySpec.of("argument_types", Kind.STRING_LIST).immutable().sequence()
                        .describe("for on: {function: F}: the function's argument types, in order"))
                .property(PropertySpec.of("granted_role", Kind.IDENTIFIER).immutable().references(ROLE)
                        .describe("role to role: GRANT ROLE granted_role TO ROLE role (no privileges, no on)"))
                .containedBy(Grants::onTarget)
                // role to role grants form a hierarchy: the validator refuses a cycle in it (names as stored)
                .graphEdges(r -> r.has("granted_role") && r.has("role") ? List.of(new ResourceType.Edge("role grants",
                        new ResourceKey(ROLE, SfSql.stored(r.string("role"))),
                        new ResourceKey(ROLE, SfSql.stored(r.string("granted_role"))), "granted_role")) : List.of())
                .check(Grants::check)
                .build();
    }

    static ResourceType apiIntegration() {
        return ResourceType.builder(API_INTEGRATION)
                .describe("An API integration: Snowflake's channel to an HTTPS proxy (API gateway) in front of a service"
                        + " such as MLflow; the resource name is the integration name.")
                .property(PropertySpec.of("api_provider", Kind.ENUM).required().immutable()
                        .values("aws_api_gateway", "aws_private_api_gateway", "azure_api_management", "google_api_gateway")
                        .describe("the proxy service (API_PROVIDER)"))
                .property(PropertySpec.of("api_aws_role_arn", Kind.STRING).describe("IAM role Snowflake assumes (AWS)"))
                .property(PropertySpec.of("azure_tenant_id", Kind.STRING).describe("Azure AD tenant (Azure)"))
                .property(PropertySpec.of("azure_ad_application_id", Kind.STRING).describe("Azure AD application (Azure)"))
                .property(PropertySpec.of("google_audience", Kind.STRING).describe("JWT audience (Google)"))
                .property(PropertySpec.of("api_allowed_prefixes", Kind.STRING_LIST).required()
                        .describe("URL prefixes external functions may call"))
                .property(PropertySpec.of("api_blocked_prefixes", Kind.STRING_LIST)
                        .describe("URL prefixes external functions may not call"))
                .property(PropertySpec.of("enabled", Kind.BOOLEAN).required().describe("ENABLED"))
                .property(comment("integration"))
                .check(Integrations::checkApi)
                .build();
    }

    static ResourceType storageIntegration() {
        return ResourceType.builder(STORAGE_INTEGRATION)
                .describe("A storage integration for external stages (the MLflow artifact bucket); the resource name is"
                        + " the integration name.")
                .property(PropertySpec.of("storage_provider", Kind.ENUM).required().immutable().values("S3", "GCS", "AZURE")
                        .describe("the cloud storage (STORAGE_PROVIDER)"))
                .property(PropertySpec.of("storage_aws_role_arn", Kind.STRING).describe("IAM role Snowflake assumes (S3)"))
                .property(PropertySpec.of("azure_tenant_id", Kind.STRING).describe("Azure AD tenant (AZURE)"))
                .property(PropertySpec.of("storage_allowed_locations", Kind.STRING_LIST).required()
                        .describe("bucket / container URLs stages may use"))
                .property(PropertySpec.of("storage_blocked_locations", Kind.STRING_LIST)
                        .describe("URLs stages may not use"))
                .property(PropertySpec.of("enabled", Kind.BOOLEAN).required().describe("ENABLED"))
                .property(comment("integration"))
                .check(Integrations::checkStorage)
                .build();
    }

    /** A function's arguments: {name, type} in order, part of its signature. */
    private static PropertySpec.Builder arguments(String more) {
        return PropertySpec.of("arguments", Kind.OBJECT_LIST).immutable()
                .fields(PropertySpec.of("name", Kind.IDENTIFIER).required().describe("argument name"),
                        PropertySpec.of("type", Kind.STRING).required().describe("argument data type"))
                .describe("the arguments, in order (part of the function's signature)" + more);
    }

    private static PropertySpec.Builder returns(String example) {
        return PropertySpec.of("returns", Kind.STRING).required().immutable().describe("the result data type, e.g. " + example);
    }

    static ResourceType externalFunction() {
        return ResourceType.builder(EXTERNAL_FUNCTION)
                .describe("An external function calling a remote service through an API integration (e.g. an MLflow"
                        + " REST call); the resource name is the function name.")
                .property(inDatabase())
                .property(inSchema())
                .property(arguments(""))
                .property(returns("VARIANT"))
                .property(PropertySpec.of("api_integration", Kind.IDENTIFIER).required().references(API_INTEGRATION)
                        .describe("the API integration that authenticates the call"))
                .property(PropertySpec.of("url", Kind.STRING).required().immutable()
                        .describe("the proxy's URL for the resource (AS '…')"))
                .property(PropertySpec.of("request_translator", Kind.IDENTIFIER).references(FUNCTION)
                        .describe("UDF in the same schema that translates requests (e.g. a snowflake.function)"))
                .property(PropertySpec.of("response_translator", Kind.IDENTIFIER).references(FUNCTION)
                        .describe("UDF in the same schema that translates responses (e.g. a snowflake.function)"))
                .property(PropertySpec.of("headers", Kind.STRING_MAP).describe("HTTP headers sent with every call"))
                .property(PropertySpec.of("context_headers", Kind.ENUM_LIST).values(Functions.CONTEXT_FUNCTIONS.toArray(String[]::new))
                        .describe("context functions whose values are sent as headers"))
                .property(PropertySpec.of("max_batch_rows", Kind.INTEGER).range(1, 1_000_000)
                        .describe("rows per request (MAX_BATCH_ROWS)"))
                .property(PropertySpec.of("compression", Kind.ENUM).values("NONE", "AUTO", "GZIP", "DEFLATE")
                        .describe("request and response compression"))
                .property(comment("function"))
                .check(Functions::check)
                .build();
    }

    static ResourceType function() {
        return ResourceType.builder(FUNCTION)
                .describe("A user-defined function in JavaScript or SQL, e.g. an external function's request or response"
                        + " translator; the resource name is the function name. A new body replaces the function in"
                        + " place (CREATE OR REPLACE … COPY GRANTS).")
                .property(inDatabase())
                .property(inSchema())
                .property(arguments("; a translator takes {name: EVENT, type: OBJECT}"))
                .property(returns("OBJECT"))
                .property(PropertySpec.of("language", Kind.ENUM).required().immutable().values("JAVASCRIPT", "SQL")
                        .describe("the body's language (LANGUAGE)"))
                .property(PropertySpec.of("body", Kind.STRING).required()
                        .describe("the function definition (AS '…'); JavaScript sees the arguments in upper case"))
                .property(comment("function"))
                .check(Functions::check)
                .check((r, sink) -> {
                    if (r.string("body") != null && r.string("body").isBlank()) sink.problem(r, "body", "must not be empty");
                })
                .build();
    }

    static ResourceType fileFormat() {
        return ResourceType.builder(FILE_FORMAT)
                .describe("A named file format for stages and pipes; the resource name is the file format name.")
                .property(inDatabase())
                .property(inSchema())
                .property(PropertySpec.of("format_type", Kind.ENUM).required().immutable()
                        .values("CSV", "JSON", "AVRO", "ORC", "PARQUET", "XML")
                        .describe("the format (TYPE)"))
                .property(PropertySpec.of("compression", Kind.ENUM)
                        .values("AUTO", "GZIP", "BZ2", "BROTLI", "ZSTD", "DEFLATE", "RAW_DEFLATE", "LZO", "SNAPPY", "NONE")
                        .describe("compression of the files (COMPRESSION)"))
                .property(PropertySpec.of("field_delimiter", Kind.STRING).describe("CSV: field delimiter"))
                .property(PropertySpec.of("skip_header", Kind.INTEGER).range(0, 1_000_000).describe("CSV: header lines to skip"))
                .property(PropertySpec.of("field_optionally_enclosed_by", Kind.STRING)
                        .describe("CSV: character enclosing strings"))
                .property(PropertySpec.of("null_if", Kind.STRING_LIST).describe("strings read as NULL"))
                .property(PropertySpec.of("strip_outer_array", Kind.BOOLEAN).describe("JSON: strip the outer array"))
                .property(comment("file format"))
                .check((r, sink) -> {
                    String t = r.string("format_type");
                    if (t == null) return;
                    boolean csv = t.equalsIgnoreCase("CSV");
                    for (String p : List.of("field_delimiter", "skip_header", "field_optionally_enclosed_by")) {
                        if (!csv && r.has(p)) sink.problem(r, p, "only for format_type CSV");
                    }
                    if (!t.equalsIgnoreCase("JSON") && r.has("strip_outer_array")) {
                        sink.problem(r, "strip_outer_array", "only for format_type JSON");
                    }
                })
                .build();
    }

    static ResourceType stage() {
        return ResourceType.builder(STAGE)
                .describe("A named stage: an external location (with a storage integration) or an internal stage; the"
                        + " resource name is the stage name.")
                .property(inDatabase())
                .property(inSchema())
                .property(PropertySpec.of("url", Kind.STRING).describe("external location, e.g. s3://bucket/path/ (URL)"))
                .property(PropertySpec.of("storage_integration", Kind.IDENTIFIER).references(STORAGE_INTEGRATION)
                        .describe("the storage integration that grants access to the URL"))
                .property(PropertySpec.of("file_format", Kind.IDENTIFIER).references(FILE_FORMAT)
                        .describe("a file format in the same schema"))
                .property(comment("stage"))
                .check((r, sink) -> {
                    if (r.has("storage_integration") && !r.has("url")) {
                        sink.problem(r, "storage_integration", "needs a url (an external stage)");
                    }
                })
                .build();
    }

    static ResourceType pipe() {
        return ResourceType.builder(PIPE)
                .describe("A pipe (Snowpipe) that copies new files from a stage into a table; the resource name is the"
                        + " pipe name. Its definition cannot change in place: changes replace it.")
                .property(inDatabase())
                .property(inSchema())
                .property(PropertySpec.of("table", Kind.IDENTIFIER).required().immutable().references(TABLE)
                        .describe("the COPY INTO target table, in the same schema"))
                .property(PropertySpec.of("stage", Kind.IDENTIFIER).required().immutable().references(STAGE)
                        .describe("the source stage, in the same schema"))
                .property(PropertySpec.of("file_format", Kind.IDENTIFIER).immutable().references(FILE_FORMAT)
                        .describe("file format in the same schema (default: the stage's)"))
                .property(PropertySpec.of("auto_ingest", Kind.BOOLEAN).immutable()
                        .describe("load automatically on cloud storage event notifications (AUTO_INGEST)"))
                .property(PropertySpec.of("aws_sns_topic", Kind.STRING).immutable()
                        .describe("SNS topic ARN for auto-ingest from S3 (AWS_SNS_TOPIC)"))
                .property(PropertySpec.of("integration", Kind.IDENTIFIER).immutable()
                        .describe("notification integration for auto-ingest on Azure / GCS (INTEGRATION)"))
                .property(PropertySpec.of("match_by_column_name", Kind.ENUM).immutable()
                        .values("CASE_SENSITIVE", "CASE_INSENSITIVE", "NONE")
                        .describe("COPY option MATCH_BY_COLUMN_NAME: load semi-structured data (JSON, Avro, ORC,"
                                + " Parquet, XML) into the table's columns whose names match the data's keys"))
                .property(PropertySpec.of("copy_transform", Kind.OBJECT_LIST).immutable().keyedBy("column")
                        .fields(PropertySpec.of("column", Kind.IDENTIFIER).required().describe("target column"),
                                PropertySpec.of("expression", Kind.STRING).required()
                                        .describe("what to load into it from the staged file, e.g. $1:id::STRING"))
                        .describe("a COPY transform: COPY INTO <table> (<columns>) FROM (SELECT <expressions> FROM"
                                + " @<stage>); columns left out get their defaults"))
                .property(comment("pipe"))
                .check((r, sink) -> {
                    if (r.has("copy_transform") && r.has("match_by_column_name")
                            && !"NONE".equalsIgnoreCase(r.string("match_by_column_name"))) {
                        // Snowflake: "match_by_column_name is not supported with copy transform" (COPY INTO <table>)
                        sink.problem(r, "match_by_column_name", "is not supported with copy_transform (Snowflake refuses"
                                + " MATCH_BY_COLUMN_NAME with a COPY transform); give one of them");
                    }
                    List<Object> transform = r.list("copy_transform");
                    if (r.get("copy_transform") instanceof List<?> && transform.isEmpty()) {
                        sink.problem(r, "copy_transform", "list at least one column");
                    }
                    for (int i = 0; i < transform.size(); i++) {
                        if (transform.get(i) instanceof Map<?, ?> t && t.get("expression") instanceof String e) {
                            String bad = Expressions.check(e);
                            if (bad != null) sink.problem(r, "copy_transform[" + i + "].expression", bad);
                        }
                    }
                    if (r.has("aws_sns_topic") && r.has("integration")) {
                        sink.problem(r, "integration", "give either aws_sns_topic or integration, not both");
                    }
                    if (!Boolean.TRUE.equals(r.bool("auto_ingest"))) {
                        if (r.has("aws_sns_topic")) sink.problem(r, "aws_sns_topic", "only used with auto_ingest: true");
                        if (r.has("integration")) sink.problem(r, "integration", "only used with auto_ingest: true");
                    }
                })
                .build();
    }

    // ---- columns ----

    private static void checkColumns(Resource r, ResourceType.ProblemSink sink) {
        List<Object> cols = r.list("columns");
        if (r.get("columns") instanceof List<?> && cols.isEmpty()) sink.problem(r, "columns", "list at least one column");
        for (int i = 0; i < cols.size(); i++) {
            if (!(cols.get(i) instanceof Map<?, ?> c)) continue;
            if (c.get("type") instanceof String t && !DATA_TYPE.matcher(t.strip()).matches()) {
                sink.problem(r, "columns[" + i + "].type", Problem.quote(t) + " is not a data type (e.g. NUMBER(38,0), VARCHAR, ARRAY, VARIANT, VECTOR(FLOAT, 256))");
            }
            if (c.get("default") instanceof String d) {
                String bad = Expressions.check(d);
                if (bad != null) sink.problem(r, "columns[" + i + "].default", bad);
            }
            Object name = c.get("name");
            for (int j = 0; j < i; j++) {
                if (cols.get(j) instanceof Map<?, ?> o && name instanceof String n && o.get("name") instanceof String m
                        && !n.equals(m) && SfSql.stored(n).equals(SfSql.stored(m))) {
                    sink.problem(r, "columns[" + i + "].name", Problem.quote(n) + " is the same column as " + Problem.quote(m)
                            + " (plain names are case-insensitive in Snowflake)");
                }
            }
        }
    }

    /** Table columns: what the differ and renderer need to know about a change of the column list. */
    static final class Columns {
        private Columns() { }

        /** Columns by name (as the stack spells them), in order. */
        static Map<String, Map<?, ?>> byName(Object list) {
            Map<String, Map<?, ?>> out = new LinkedHashMap<>();
            if (list instanceof List<?> l) {
                for (Object o : l) if (o instanceof Map<?, ?> m && m.get("name") != null) out.put(String.valueOf(m.get("name")), m);
            }
            return out;
        }

        static boolean nullable(Map<?, ?> column) {
            return !Boolean.FALSE.equals(column.get("nullable"));
        }

        /**
         * A change of the column list needs a replace when a kept column's type or default changes (Snowflake alters
         * neither in general), or when a new NOT NULL column has no default (it cannot be added to a table with rows).
         */
        static boolean needReplace(Object want, Object have) {
            Map<String, Map<?, ?>> w = byName(want);
            Map<String, Map<?, ?>> h = byName(have);
            for (Map.Entry<String, Map<?, ?>> e : w.entrySet()) {
                Map<?, ?> wc = e.getValue();
                Map<?, ?> hc = h.get(e.getKey());
                if (hc == null) {
                    if (!nullable(wc) && wc.get("default") == null) return true;
                    continue;
                }
                if (wc.get("type") instanceof String wt && (!(hc.get("type") instanceof String ht)
                        || !canonicalType(wt).equals(canonicalType(ht)))) return true;
                if (wc.get("default") != null && !Objects.equals(wc.get("default"), hc.get("default"))) return true;
            }
            return false;
        }
    }

    /** Free SQL expressions (column defaults, clustering keys) that stay one expression. */
    static final class Expressions {
        private Expressions() { }

        /** Null when the text is one expression without statement separators or comments, otherwise the reason. */
        static String check(String expr) {
            if (expr.isBlank()) return "must not be empty";
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < expr.length(); i++) {
                char c = expr.charAt(i);
                if (Character.isISOControl(c)) return "must be on one line, without control characters";
                if (inString) {
                    if (c == '\\') i++;
                    else if (c == '\'') inString = false;
                    continue;
                }
                switch (c) {
                    case '\'' -> inString = true;
                    case '(' -> depth++;
                    case ')' -> { if (--depth < 0) return "has an unbalanced ')'"; }
                    case ';' -> { return "must not contain ';' (one expression, not a statement)"; }
                    case '"' -> { return "must not contain '\"'"; }
                    case '$' -> { if (i + 1 < expr.length() && expr.charAt(i + 1) == '$') return "must not contain '$$'"; }
                    case '-' -> { if (i + 1 < expr.length() && expr.charAt(i + 1) == '-') return "must not contain a comment (--)"; }
                    case '/' -> { if (i + 1 < expr.length() && expr.charAt(i + 1) == '*') return "must not contain a comment (/*)"; }
                    default -> { }
                }
            }
            if (inString) return "has an unterminated string";
            if (depth != 0) return "has an unbalanced '('";
            return null;
        }
    }

    /** Warehouse sizes, smallest first (so that a smaller size is recognised). */
    static final class Warehouses {
        static final List<String> SIZES = List.of("XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE",
                "X4LARGE", "X5LARGE", "X6LARGE");

        private Warehouses() { }

        static int rank(Object size) {
            return size == null ? -1 : SIZES.indexOf(String.valueOf(size).toUpperCase(Locale.ROOT));
        }
    }

    /** API and storage integration rules: which provider needs which settings. */
    static final class Integrations {
        private Integrations() { }

        static void checkApi(Resource r, ResourceType.ProblemSink sink) {
            String p = r.string("api_provider");
            if (p == null) return;
            p = p.toLowerCase(Locale.ROOT);
            boolean aws = p.startsWith("aws_");
            boolean azure = p.equals("azure_api_management");
            boolean google = p.equals("google_api_gateway");
            need(r, sink, "api_aws_role_arn", aws, p);
            need(r, sink, "azure_tenant_id", azure, p);
            need(r, sink, "azure_ad_application_id", azure, p);
            need(r, sink, "google_audience", google, p);
            prefixes(r, sink, "api_allowed_prefixes", "https://");
            prefixes(r, sink, "api_blocked_prefixes", "https://");
        }

        static void checkStorage(Resource r, ResourceType.ProblemSink sink) {
            String p = r.string("storage_provider");
            if (p == null) return;
            p = p.toUpperCase(Locale.ROOT);
            need(r, sink, "storage_aws_role_arn", p.equals("S3"), p);
            need(r, sink, "azure_tenant_id", p.equals("AZURE"), p);
            String scheme = switch (p) {
                case "S3" -> "s3://";
                case "GCS" -> "gcs://";
                default -> "azure://";
            };
            prefixes(r, sink, "storage_allowed_locations", scheme);
            prefixes(r, sink, "storage_blocked_locations", scheme);
        }

        private static void need(Resource r, ResourceType.ProblemSink sink, String prop, boolean needed, String provider) {
            if (needed && !r.has(prop)) sink.problem(r, prop, "required for " + provider);
            if (!needed && r.has(prop)) sink.problem(r, prop, "not used for " + provider);
        }

        private static void prefixes(Resource r, ResourceType.ProblemSink sink, String prop, String scheme) {
            List<Object> l = r.list(prop);
            if (r.get(prop) instanceof List<?> && l.isEmpty() && prop.endsWith("allowed_locations")) {
                sink.problem(r, prop, "list at least one location");
            }
            for (int i = 0; i < l.size(); i++) {
                String v = String.valueOf(l.get(i));
                if (!v.equals("*") && !v.toLowerCase(Locale.ROOT).startsWith(scheme)) {
                    sink.problem(r, prop + "[" + i + "]", "must start with " + scheme + " (or be *)");
                }
            }
        }
    }

    /** External function rules. */
    static final class Functions {
        static final List<String> CONTEXT_FUNCTIONS = List.of("CURRENT_ACCOUNT", "CURRENT_CLIENT", "CURRENT_DATABASE",
                "CURRENT_DATE", "CURRENT_IP_ADDRESS", "CURRENT_REGION", "CURRENT_ROLE", "CURRENT_SCHEMA",
                "CURRENT_SCHEMAS", "CURRENT_SESSION", "CURRENT_STATEMENT", "CURRENT_TIME", "CURRENT_TIMESTAMP",
                "CURRENT_TRANSACTION", "CURRENT_USER", "CURRENT_VERSION", "CURRENT_WAREHOUSE");

        private Functions() { }

        static void check(Resource r, ResourceType.ProblemSink sink) {
            List<Object> args = r.list("arguments");
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Map<?, ?> a && a.get("type") instanceof String t && !DATA_TYPE.matcher(t.strip()).matches()) {
                    sink.problem(r, "arguments[" + i + "].type", Problem.quote(t) + " is not a data type");
                }
            }
            if (r.string("returns") != null && !DATA_TYPE.matcher(r.string("returns").strip()).matches()) {
                sink.problem(r, "returns", Problem.quote(r.string("returns")) + " is not a data type");
            }
            String url = r.string("url");
            if (url != null && !url.toLowerCase(Locale.ROOT).startsWith("https://")) {
                sink.problem(r, "url", "must be an https:// URL of the proxy");
            }
        }

        /** The argument types of a function, canonical, in order: its signature. */
        static List<String> argumentTypes(Resource r) {
            List<String> out = new ArrayList<>();
            for (Object a : r.list("arguments")) {
                if (a instanceof Map<?, ?> m && m.get("type") != null) out.add(canonicalType(String.valueOf(m.get("type"))));
            }
            return out;
        }
    }

    /** Grants: targets, privileges allowed on each, and the references a grant makes. */
    static final class Grants {
        static final List<String> SYSTEM_ROLES = List.of("ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN",
                "ORGADMIN", "PUBLIC");
        /** Targets of {@code on}, each with the resource type its name refers to (null: none). */
        static final Map<String, List<String>> TARGETS = new LinkedHashMap<>();
        /** Object kinds for {@code on: {all: …}} and {@code on: {future: …}}. */
        static final List<String> BULK_KINDS = List.of("tables", "schemas", "stages", "pipes", "functions", "file_formats");
        static final Map<String, List<String>> ALLOWED = new HashMap<>();
        static final List<String> ALL_PRIVILEGES;

        static {
            TARGETS.put("account", List.of());
            TARGETS.put("database", List.of(DATABASE));
            TARGETS.put("schema", List.of(SCHEMA));
            TARGETS.put("table", List.of(TABLE));
            TARGETS.put("warehouse", List.of(WAREHOUSE));
            TARGETS.put("integration", List.of(API_INTEGRATION, STORAGE_INTEGRATION));
            TARGETS.put("function", List.of(EXTERNAL_FUNCTION, FUNCTION));
            TARGETS.put("stage", List.of(STAGE));
            TARGETS.put("pipe", List.of(PIPE));
            TARGETS.put("all", List.of());
            TARGETS.put("future", List.of());
            ALLOWED.put("account", List.of("CREATE DATABASE", "CREATE WAREHOUSE", "CREATE INTEGRATION", "CREATE ROLE",
                    "CREATE USER", "EXECUTE TASK", "MANAGE GRANTS", "MONITOR EXECUTION", "MONITOR USAGE"));
            ALLOWED.put("database", List.of("ALL", "USAGE", "MONITOR", "MODIFY", "CREATE SCHEMA"));
            ALLOWED.put("schema", List.of("ALL", "USAGE", "MONITOR", "MODIFY", "CREATE TABLE", "CREATE VIEW",
                    "CREATE STAGE", "CREATE PIPE", "CREATE FILE FORMAT", "CREATE FUNCTION", "CREATE SEQUENCE",
                    "CREATE STREAM", "CREATE TASK"));
            ALLOWED.put("table", List.of("ALL", "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"));
            ALLOWED.put("warehouse", List.of("ALL", "USAGE", "OPERATE", "MONITOR", "MODIFY"));
            ALLOWED.put("integration", List.of("ALL", "USAGE"));
            ALLOWED.put("function", List.of("ALL", "USAGE"));
            ALLOWED.put("stage", List.of("ALL", "USAGE", "READ", "WRITE"));
            ALLOWED.put("pipe", List.of("ALL", "MONITOR", "OPERATE"));
            ALLOWED.put("file_format", List.of("ALL", "USAGE"));
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
            ALLOWED.values().forEach(all::addAll);
            ALL_PRIVILEGES = List.copyOf(all);
        }

        private Grants() { }

        /** The one (target, value) pair of {@code on}, target lower-cased; null when {@code on} is not one entry. */
        static Map.Entry<String, String> on(Resource r) {
            if (!(r.get("on") instanceof Map<?, ?> m) || m.size() != 1) return null;
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            return Map.entry(String.valueOf(e.getKey()).toLowerCase(Locale.ROOT), String.valueOf(e.getValue()));
        }

        /** The object kind whose privileges apply: the target, or for all / future the singular of the bulk kind. */
        static String privilegeKind(Map.Entry<String, String> on) {
            return switch (on.getKey()) {
                case "all", "future" -> {
                    String k = on.getValue().toLowerCase(Locale.ROOT);
                    yield k.endsWith("s") ? k.substring(0, k.length() - 1) : k;
                }
                default -> on.getKey();
            };
        }

        /** The resources a grant's {@code on} names (they contain the grant: replacing one recreates it). */
        static List<ResourceKey> onTarget(Resource r) {
            Map.Entry<String, String> on = on(r);
            if (on == null || !TARGETS.containsKey(on.getKey())) return List.of();
            List<ResourceKey> out = new ArrayList<>();
            for (String type : TARGETS.get(on.getKey())) out.add(new ResourceKey(type, on.getValue()));
            return out;
        }

        static void check(Resource r, ResourceType.ProblemSink sink) {
            if (r.has("granted_role")) {
                for (String p : List.of("privileges", "on", "database", "schema", "argument_types")) {
                    if (r.has(p)) sink.problem(r, p, "not used with granted_role (a role granted to a role)");
                }
                if (Objects.equals(SfSql.stored(r.string("granted_role")), SfSql.stored(r.string("role") == null ? "" : r.string("role")))) {
                    sink.problem(r, "granted_role", "a role cannot be granted to itself");
                }
                return;
            }
            if (!r.has("on")) sink.problem(r, "on", "required (or granted_role for a role to role grant)");
            if (!r.has("privileges")) sink.problem(r, "privileges", "required: the privileges to grant");
            if (!(r.get("on") instanceof Map<?, ?> m)) return;
            if (m.size() != 1) {
                sink.problem(r, "on", "name exactly one target, e.g. {table: TRAINING_DATA}");
                return;
            }
            Map.Entry<String, String> on = on(r);
            String target = on.getKey();
            if (!TARGETS.containsKey(target)) {
                sink.problem(r, "on", "unknown target " + Problem.quote(target) + " (known: " + String.join(", ", TARGETS.keySet()) + ")");
                return;
            }
            String value = on.getValue();
            String field = "on." + m.keySet().iterator().next();
            switch (target) {
                case "account" -> {
                    if (!value.equalsIgnoreCase("current")) sink.problem(r, field, "write {account: current} (the account of the connection)");
                    forbid(r, sink, "database", "schema");
                }
                case "all", "future" -> {
                    if (!BULK_KINDS.contains(value.toLowerCase(Locale.ROOT))) {
                        sink.problem(r, field, "must be one of " + String.join(", ", BULK_KINDS) + ", not " + Problem.quote(value));
                    }
                    if (!r.has("database")) sink.problem(r, "database", "required for on: {" + target + ": …}");
                    if (value.equalsIgnoreCase("schemas") && r.has("schema")) {
                        sink.problem(r, "schema", "schemas are in a database: leave schema out");
                    }
                }
                case "database" -> {
                    forbid(r, sink, "schema");
                    if (r.has("database") && !SfSql.stored(r.string("database")).equals(SfSql.stored(value))) {
                        sink.problem(r, "database", "not used for on: {database: …} (the target is the database)");
                    }
                    name(r, sink, field, value);
                }
                case "warehouse", "integration" -> {
                    forbid(r, sink, "database", "schema");
                    name(r, sink, field, value);
                }
                case "schema" -> {
                    if (!r.has("database")) sink.problem(r, "database", "required: the database of the schema");
                    forbid(r, sink, "schema");
                    name(r, sink, field, value);
                }
                default -> {
                    if (!r.has("database")) sink.problem(r, "database", "required: the database of the " + target);
                    if (!r.has("schema")) sink.problem(r, "schema", "required: the schema of the " + target);
                    name(r, sink, field, value);
                }
            }
            if (!target.equals("function") && r.has("argument_types")) {
                sink.problem(r, "argument_types", "only used for on: {function: …}");
            }
            List<Object> types = r.list("argument_types");
            for (int i = 0; i < types.size(); i++) {
                if (!DATA_TYPE.matcher(String.valueOf(types.get(i)).strip()).matches()) {
                    sink.problem(r, "argument_types[" + i + "]", Problem.quote(types.get(i)) + " is not a data type");
                }
            }
            List<Object> privileges = r.list("privileges");
            if (r.get("privileges") instanceof List<?> && privileges.isEmpty()) sink.problem(r, "privileges", "list at least one privilege");
            List<String> allowed = ALLOWED.get(privilegeKind(on));
            if (allowed == null) return;
            for (int i = 0; i < privileges.size(); i++) {
                String p = String.valueOf(privileges.get(i)).toUpperCase(Locale.ROOT);
                if (ALL_PRIVILEGES.contains(p) && !allowed.contains(p)) {
                    sink.problem(r, "privileges[" + i + "]", p + " is not a privilege on a " + privilegeKind(on).replace('_', ' ')
                            + " (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        private static void forbid(Resource r, ResourceType.ProblemSink sink, String... props) {
            Map.Entry<String, String> on = on(r);
            for (String p : props) {
                if (r.has(p) && !(p.equals("database") && on != null && on.getKey().equals("database"))) {
                    sink.problem(r, p, "not used for on: {" + on.getKey() + ": …}");
                }
            }
        }

        private static void name(Resource r, ResourceType.ProblemSink sink, String field, String value) {
            String bad = SfSql.checkIdentifier(value);
            if (bad != null) sink.problem(r, field, bad);
        }
    }
}
