package dev.mlpc.testing.snowflake;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mlpc.testing.snowflake.SfColumn.bool;
import static dev.mlpc.testing.snowflake.SfColumn.integer;
import static dev.mlpc.testing.snowflake.SfColumn.text;
import static dev.mlpc.testing.snowflake.SfColumn.timestampLtz;

/**
 * The columns Snowflake returns for the SHOW commands mlpc reads, in Snowflake's order (the "Output" section of each
 * command's page in the Snowflake SQL reference, docs.snowflake.com/en/sql-reference/sql/show-...). Flags that
 * Snowflake prints as {@code Y}/{@code N} are text columns; {@code created_on} is TIMESTAMP_LTZ; counts are NUMBER.
 * See PROTOCOL.md beside this file for what was verified against the docs.
 */
public final class ShowColumns {
    private ShowColumns() {
    }

    public static final List<SfColumn> DATABASES = List.of(
            timestampLtz("created_on"), text("name"), text("is_default"), text("is_current"), text("origin"),
            text("owner"), text("comment"), text("options"), text("retention_time"), text("kind"), text("budget"),
            text("owner_role_type"));

    public static final List<SfColumn> WAREHOUSES = List.of(
            text("name"), text("state"), text("type"), text("size"), integer("min_cluster_count"),
            integer("max_cluster_count"), integer("started_clusters"), integer("running"), integer("queued"),
            text("is_default"), text("is_current"), integer("auto_suspend"), text("auto_resume"), text("available"),
            text("provisioning"), text("quiescing"), text("other"), timestampLtz("created_on"),
            timestampLtz("resumed_on"), timestampLtz("updated_on"), text("owner"), text("comment"),
            text("enable_query_acceleration"), integer("query_acceleration_max_scale_factor"),
            text("resource_monitor"), integer("actives"), integer("pendings"), integer("failed"),
            integer("suspended"), text("uuid"), text("scaling_policy"), text("budget"), text("owner_role_type"));

    public static final List<SfColumn> ROLES = List.of(
            timestampLtz("created_on"), text("name"), text("is_default"), text("is_current"), text("is_inherited"),
            integer("assigned_to_users"), integer("granted_to_roles"), integer("granted_roles"), text("owner"),
            text("comment"), text("owner_role_type"));

    public static final List<SfColumn> SCHEMAS = List.of(
            timestampLtz("created_on"), text("name"), text("is_default"), text("is_current"), text("database_name"),
            text("owner"), text("comment"), text("options"), text("retention_time"), text("owner_role_type"),
            text("budget"));

    public static final List<SfColumn> TABLES = List.of(
            timestampLtz("created_on"), text("name"), text("database_name"), text("schema_name"), text("kind"),
            text("comment"), text("cluster_by"), integer("rows"), integer("bytes"), text("owner"),
            text("retention_time"), text("automatic_clustering"), text("change_tracking"),
            text("search_optimization"), text("search_optimization_progress"), text("search_optimization_bytes"),
            text("is_external"), text("enable_schema_evolution"), text("owner_role_type"), text("is_event"),
            text("budget"), text("is_hybrid"), text("is_iceberg"), text("is_dynamic"), text("is_immutable"));

    public static final List<SfColumn> GRANTS = List.of(
            timestampLtz("created_on"), text("privilege"), text("granted_on"), text("name"), text("granted_to"),
            text("grantee_name"), text("grant_option"), text("granted_by"));

    /**
     * SHOW GRANTS OF ROLE: the roles and users a role is granted to (docs: BCR-1803 names these the columns of SHOW
     * GRANTS before the change; SHOW GRANTS OF ROLE keeps them).
     */
    public static final List<SfColumn> GRANTS_OF = List.of(
            timestampLtz("created_on"), text("role"), text("granted_to"), text("grantee_name"), text("granted_by"));

    public static final List<SfColumn> INTEGRATIONS = List.of(
            text("name"), text("type"), text("category"), bool("enabled"), text("comment"),
            timestampLtz("created_on"));

    private static final Map<String, List<SfColumn>> BY_KIND = Map.of(
            "DATABASES", DATABASES, "WAREHOUSES", WAREHOUSES, "ROLES", ROLES, "SCHEMAS", SCHEMAS,
            "TABLES", TABLES, "GRANTS", GRANTS, "INTEGRATIONS", INTEGRATIONS);

    /**
     * The standard columns of a SHOW kind ("TABLES", "GRANTS TO ROLE X" → GRANTS, "API INTEGRATIONS" → INTEGRATIONS),
     * or {@code null} if this class does not know them.
     */
    public static List<SfColumn> forKind(String kind) {
        String k = kind.trim().toUpperCase(Locale.ROOT);
        if (k.startsWith("GRANTS OF")) {
            return GRANTS_OF;
        }
        if (k.startsWith("GRANTS")) {
            return GRANTS;
        }
        if (k.endsWith("INTEGRATIONS")) {
            return INTEGRATIONS;
        }
        return BY_KIND.get(k);
    }
}
