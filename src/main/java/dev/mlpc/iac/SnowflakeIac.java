package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mlpc.providers.snowflake.SnowflakeTypes.API_INTEGRATION;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.DATABASE;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.EXTERNAL_FUNCTION;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.FILE_FORMAT;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.FUNCTION;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.GRANT;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.PIPE;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.ROLE;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.SCHEMA;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.STAGE;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.STORAGE_INTEGRATION;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.TABLE;
import static dev.mlpc.providers.snowflake.SnowflakeTypes.WAREHOUSE;

/**
 * Snowflake: {@code pulumi_snowflake} (v2) and the Snowflake-Labs {@code snowflake} Terraform provider (v2); both share
 * argument names except where Pulumi pluralises a list ({@code cluster_bies}, {@code null_ifs}, {@code headers}).
 * Objects in a schema are referenced by {@code fully_qualified_name}.
 */
final class SnowflakeIac {
    private static final String M = "pulumi_snowflake";
    private static final String A = "snowflake";
    static final String FQN = "fully_qualified_name";

    /**
     * Resources the v2 provider marks as preview features: they work only when named in the provider's
     * {@code preview_features_enabled} (Terraform) / {@code snowflake:previewFeaturesEnabled} (Pulumi).
     */
    static final java.util.Set<String> PREVIEW = java.util.Set.of("snowflake_api_integration", "snowflake_external_function",
            "snowflake_file_format", "snowflake_function_javascript", "snowflake_function_sql", "snowflake_pipe",
            "snowflake_stage", "snowflake_storage_integration", "snowflake_table");

    private SnowflakeIac() { }

    /** The preview features the exported resources need, sorted ({@code <type>_resource}). */
    static List<String> previewFeatures(List<IacResource> resources) {
        return resources.stream().map(IacResource::tfType).filter(t -> t != null && PREVIEW.contains(t))
                .map(t -> t + "_resource").distinct().sorted().toList();
    }

    static List<TypeMap> maps() {
        List<TypeMap> maps = List.of(
                TypeMap.fixed(DATABASE, M, A, "Database", "snowflake_database").name("name")
                        .arg("transient", "is_transient").same("data_retention_time_in_days", "comment"),
                TypeMap.fixed(WAREHOUSE, M, A, "Warehouse", "snowflake_warehouse").name("name")
                        .same("warehouse_size", "warehouse_type", "auto_suspend")
                        // v2: auto_resume is a string ("true" / "false" / "default")
                        .arg("auto_resume", "auto_resume", SnowflakeIac::boolString)
                        .same("initially_suspended", "min_cluster_count", "max_cluster_count", "scaling_policy",
                                "resource_monitor", "comment"),
                TypeMap.fixed(SCHEMA, M, A, "Schema", "snowflake_schema")
                        .ref("database", "database", "name", DATABASE).name("name")
                        // v2: both are strings ("true" / "false" / "default")
                        .arg("transient", "is_transient", SnowflakeIac::boolString)
                        .arg("managed_access", "with_managed_access", SnowflakeIac::boolString)
                        .same("data_retention_time_in_days", "comment"),
                TypeMap.fixed(ROLE, M, A, "AccountRole", "snowflake_account_role").name("name").same("comment"),
                TypeMap.fixed(TABLE, M, A, "Table", "snowflake_table").rule(SnowflakeIac::inSchema, "database", "schema")
                        .name("name").rule(SnowflakeIac::columns, "columns")
                        .arg("cluster_by", "cluster_bies", "cluster_by").same("change_tracking", "data_retention_time_in_days", "comment")
                        .none("transient"),
                TypeMap.fixed(API_INTEGRATION, M, A, "ApiIntegration", "snowflake_api_integration").name("name")
                        .same("api_provider", "api_aws_role_arn", "azure_tenant_id", "azure_ad_application_id",
                                "google_audience", "api_allowed_prefixes", "api_blocked_prefixes", "enabled", "comment"),
                TypeMap.fixed(STORAGE_INTEGRATION, M, A, "StorageIntegration", "snowflake_storage_integration").name("name")
                        .same("storage_provider", "storage_aws_role_arn", "azure_tenant_id", "storage_allowed_locations",
                                "storage_blocked_locations", "enabled", "comment"),
                new TypeMap(FUNCTION, c -> r -> switch (String.valueOf(r.string("language")).toUpperCase(Locale.ROOT)) {
                    case "JAVASCRIPT" -> TypeMap.Target.of(M, A, "FunctionJavascript", "snowflake_function_javascript");
                    case "SQL" -> TypeMap.Target.of(M, A, "FunctionSql", "snowflake_function_sql");
                    default -> TypeMap.Target.none("no function resource for language " + r.string("language"));
                }).rule(SnowflakeIac::inSchema, "database", "schema").name("name")
                        .rule((r, c, out) -> out.arg("arguments", arguments(r, "arg_name", "arg_data_type")), "arguments")
                        .arg("returns", "return_type").arg("body", "function_definition").same("comment")
                        .rule((r, c, out) -> { }, "language"),
                TypeMap.fixed(EXTERNAL_FUNCTION, M, A, "ExternalFunction", "snowflake_external_function")
                        .rule(SnowflakeIac::inSchema, "database", "schema").name("name")
                        .rule((r, c, out) -> out.arg(c.pulumi() ? "args" : "arg", arguments(r, "name", "type")), "arguments")
                        .arg("returns", "return_type")
                        .rule((r, c, out) -> {
                            out.arg("return_behavior", "VOLATILE");
                            out.note("return_behavior VOLATILE: Snowflake's default, required by the provider");
                        })
                        .ref("api_integration", "api_integration", "name", API_INTEGRATION)
                        .arg("url", "url_of_proxy_and_resource")
                        .rule((r, c, out) -> {
                            if (!(r.get("headers") instanceof Map<?, ?> h)) return;
                            List<Object> list = new ArrayList<>();
                            h.forEach((k, v) -> list.add(Map.of("name", String.valueOf(k), "value", String.valueOf(v))));
                            list.sort((a, b) -> String.valueOf(((Map<?, ?>) a).get("name")).compareTo(String.valueOf(((Map<?, ?>) b).get("name"))));
                            out.arg(c.pulumi() ? "headers" : "header", list.stream().map(m -> ordered((Map<?, ?>) m, "name", "value")).toList());
                        }, "headers")
                        .same("context_headers", "max_batch_rows", "compression")
                        .ref("request_translator", "request_translator", FQN, FUNCTION)
                        .ref("response_translator", "response_translator", FQN, FUNCTION)
                        .same("comment"),
                TypeMap.fixed(FILE_FORMAT, M, A, "FileFormat", "snowflake_file_format")
                        .rule(SnowflakeIac::inSchema, "database", "schema").name("name")
                        .same("format_type", "compression", "field_delimiter", "skip_header", "field_optionally_enclosed_by")
                        .arg("null_if", "null_ifs", "null_if").same("strip_outer_array", "comment"),
                TypeMap.fixed(STAGE, M, A, "Stage", "snowflake_stage").rule(SnowflakeIac::inSchema, "database", "schema")
                        .name("name").same("url")
                        .ref("storage_integration", "storage_integration", "name", STORAGE_INTEGRATION)
                        .rule((r, c, out) -> {
                            if (r.has("file_format")) out.arg("file_format", IacValue.concat("FORMAT_NAME = ", inSchemaRef(r, c, r.string("file_format"), FILE_FORMAT)));
                        }, "file_format")
                        .same("comment"),
                TypeMap.fixed(PIPE, M, A, "Pipe", "snowflake_pipe").rule(SnowflakeIac::inSchema, "database", "schema")
                        .name("name").rule(SnowflakeIac::copyStatement, "table", "stage", "file_format", "match_by_column_name", "copy_transform")
                        .same("auto_ingest").arg("aws_sns_topic", "aws_sns_topic_arn").same("integration", "comment"),
                new TypeMap(GRANT, c -> r -> r.has("granted_role")
                        ? TypeMap.Target.of(M, A, "GrantAccountRole", "snowflake_grant_account_role")
                        : TypeMap.Target.of(M, A, "GrantPrivilegesToAccountRole", "snowflake_grant_privileges_to_account_role"))
                        .rule(SnowflakeIac::grant, "role", "granted_role", "privileges", "on", "database", "schema", "argument_types"));
        for (TypeMap m : maps) m.names(SnowflakeIac::stored);
        return maps;
    }

    /**
     * A Snowflake name as Snowflake stores it, which is how the Snowflake provider (v1 and later) wants it: the
     * provider double-quotes every identifier it sends, so {@code ml_db} written as is would create a lower-case,
     * case-sensitive {@code "ml_db"}. A plain name is upper-cased ({@code ml_db} → {@code ML_DB}), a name written in
     * double quotes loses them ({@code "Mixed Db"} → {@code Mixed Db}, {@code ""} → {@code "}), any other name is kept.
     */
    static String stored(String name) {
        if (name == null) return null;
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return dev.mlpc.providers.snowflake.SfSql.stored(name);
    }

    /** A reference to a resource of the stack, else its name as Snowflake stores it. */
    private static IacValue ref(IacContext c, String name, String attribute, String... types) {
        if (name == null) return null;
        return c.declared(name, types) ? c.ref(name, attribute, types) : new IacValue.Lit(stored(name));
    }

    private static Object boolString(Object v) {
        return v instanceof Boolean b ? String.valueOf(b) : v;
    }

    private static Map<String, Object> ordered(Map<?, ?> m, String... keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) if (m.get(k) != null) out.put(k, m.get(k));
        return out;
    }

    /** database and schema of an object in a schema, as references to the stack's database and schema. */
    private static void inSchema(Resource r, IacContext c, IacResource out) {
        out.arg("database", ref(c, r.string("database"), "name", DATABASE));
        out.arg("schema", ref(c, r.string("schema"), "name", SCHEMA));
    }

    private static List<Object> arguments(Resource r, String nameKey, String typeKey) {
        List<Object> out = new ArrayList<>();
        for (Object a : r.list("arguments")) {
            if (a instanceof Map<?, ?> m) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put(nameKey, m.get("name"));
                x.put(typeKey, m.get("type"));
                out.add(x);
            }
        }
        return r.has("arguments") ? out : null;
    }

    private static void columns(Resource r, IacContext c, IacResource out) {
        List<Object> cols = new ArrayList<>();
        for (Object o : r.list("columns")) {
            if (!(o instanceof Map<?, ?> m)) continue;
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", m.get("name") == null ? null : stored(String.valueOf(m.get("name"))));
            col.put("type", m.get("type"));
            if (m.get("nullable") != null) col.put("nullable", m.get("nullable"));
            if (m.get("default") != null) col.put("default", Map.of("expression", String.valueOf(m.get("default"))));
            if (m.get("comment") != null) col.put("comment", m.get("comment"));
            cols.add(col);
        }
        out.arg(c.pulumi() ? "columns" : "column", cols);
    }

    /** An object in the same schema as {@code r}: a reference to its fully qualified name, else the name written out. */
    static IacValue inSchemaRef(Resource r, IacContext c, String name, String... types) {
        if (c.declared(name, types)) return c.ref(name, FQN, types);
        return new IacValue.Lit(quoted(r.string("database")) + "." + quoted(r.string("schema")) + "." + quoted(name));
    }

    /** An identifier written out in SQL: as Snowflake stores it, double-quoted. */
    private static String quoted(String name) {
        return "\"" + String.valueOf(stored(name)).replace("\"", "\"\"") + "\"";
    }

    /** A pipe's COPY INTO statement, the way mlpc renders it, with the table, stage and file format as references. */
    private static void copyStatement(Resource r, IacContext c, IacResource out) {
        List<Object> parts = new ArrayList<>();
        parts.add("COPY INTO ");
        parts.add(inSchemaRef(r, c, r.string("table"), TABLE));
        List<Object> transform = r.list("copy_transform");
        if (transform.isEmpty()) {
            parts.add(" FROM @");
            parts.add(inSchemaRef(r, c, r.string("stage"), STAGE));
        } else {
            List<String> columns = new ArrayList<>();
            List<String> select = new ArrayList<>();
            for (Object o : transform) {
                Map<?, ?> t = (Map<?, ?>) o;
                columns.add(quoted(String.valueOf(t.get("column"))));
                select.add(String.valueOf(t.get("expression")));
            }
            parts.add(" (" + String.join(", ", columns) + ") FROM (SELECT " + String.join(", ", select) + " FROM @");
            parts.add(inSchemaRef(r, c, r.string("stage"), STAGE));
            parts.add(")");
        }
        if (r.has("file_format")) {
            parts.add(" FILE_FORMAT = (FORMAT_NAME = '");
            parts.add(inSchemaRef(r, c, r.string("file_format"), FILE_FORMAT));
            parts.add("')");
        }
        if (r.has("match_by_column_name")) {
            parts.add(" MATCH_BY_COLUMN_NAME = " + r.string("match_by_column_name").toUpperCase(Locale.ROOT));
        }
        out.arg("copy_statement", IacValue.concat(parts.toArray()));
    }

    /**
     * A grant: GrantAccountRole for a role granted to a role; else GrantPrivilegesToAccountRole with on_account,
     * on_account_object, on_schema or on_schema_object (one object, all or future in a schema or database).
     */
    private static void grant(Resource r, IacContext c, IacResource out) {
        if (r.has("granted_role")) {
            // GRANT ROLE granted_role TO ROLE role
            out.arg("role_name", ref(c, r.string("granted_role"), "name", ROLE));
            out.arg("parent_role_name", ref(c, r.string("role"), "name", ROLE));
            return;
        }
        out.arg("account_role_name", ref(c, r.string("role"), "name", ROLE));
        List<String> privileges = r.list("privileges").stream().map(p -> String.valueOf(p).toUpperCase(Locale.ROOT)).sorted().toList();
        if (privileges.contains("ALL")) {
            out.arg("all_privileges", true);
            if (privileges.size() > 1) c.noEquivalent(r, out, "privileges besides ALL (ALL already grants them)");
        } else {
            out.arg("privileges", privileges);
        }
        if (!(r.get("on") instanceof Map<?, ?> on) || on.isEmpty()) return;
        Map.Entry<?, ?> e = on.entrySet().iterator().next();
        String target = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
        String value = String.valueOf(e.getValue());
        String database = r.string("database");
        String schema = r.string("schema");
        IacValue schemaFqn = schema == null ? null : c.declared(schema, SCHEMA) ? c.ref(schema, FQN, SCHEMA)
                : new IacValue.Lit(quoted(database) + "." + quoted(schema));
        switch (target) {
            case "account" -> out.arg("on_account", true);
            case "database" -> out.arg("on_account_object", object("DATABASE", ref(c, value, "name", DATABASE)));
            case "warehouse" -> out.arg("on_account_object", object("WAREHOUSE", ref(c, value, "name", WAREHOUSE)));
            case "integration" -> out.arg("on_account_object", object("INTEGRATION", ref(c, value, "name", API_INTEGRATION, STORAGE_INTEGRATION)));
            case "schema" -> {
                IacValue s = c.declared(value, SCHEMA) ? c.ref(value, FQN, SCHEMA) : new IacValue.Lit(quoted(database) + "." + quoted(value));
                out.arg("on_schema", mapOf("schema_name", s));
            }
            case "table" -> out.arg("on_schema_object", object("TABLE", inSchemaRef(r, c, value, TABLE)));
            case "stage" -> out.arg("on_schema_object", object("STAGE", inSchemaRef(r, c, value, STAGE)));
            case "pipe" -> out.arg("on_schema_object", object("PIPE", inSchemaRef(r, c, value, PIPE)));
            case "function" -> {
                IacValue f;
                if (c.declared(value, EXTERNAL_FUNCTION, FUNCTION)) {
                    f = c.ref(value, FQN, EXTERNAL_FUNCTION, FUNCTION);
                } else {
                    List<String> types = r.list("argument_types").stream().map(String::valueOf).toList();
                    f = new IacValue.Lit(quoted(database) + "." + quoted(schema) + "." + quoted(value) + "(" + String.join(", ", types) + ")");
                }
                out.arg("on_schema_object", object("FUNCTION", f));
            }
            case "all", "future" -> {
                String kind = value.toUpperCase(Locale.ROOT).replace('_', ' ');
                IacValue db = ref(c, database, "name", DATABASE);
                if (kind.equals("SCHEMAS")) {
                    out.arg("on_schema", mapOf(target + "_schemas_in_database", db));
                } else {
                    Map<String, Object> bulk = new LinkedHashMap<>();
                    bulk.put("object_type_plural", kind);
                    if (schemaFqn != null) bulk.put("in_schema", schemaFqn);
                    else bulk.put("in_database", db);
                    out.arg("on_schema_object", mapOf(target, IacValue.of(bulk)));
                }
            }
            default -> c.noEquivalent(r, out, "on " + target);
        }
    }

    private static IacValue object(String type, IacValue name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", type);
        m.put("object_name", name);
        return IacValue.of(m);
    }

    private static IacValue mapOf(String k, IacValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return IacValue.of(m);
    }
}
