package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.providers.snowflake.SfSql;
import dev.mlpc.providers.snowflake.SnowflakeTypes;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers of the "Snowflake federated-ML environment" wizard (seed 000): database, warehouse, schema and a role
 * with least-privilege grants, training tables with their columns, an API integration for the ML services and a pipe
 * that feeds fresh data from an external stage. Defaults are those of {@code resources/examples/snowflake-federated-ml.yaml}.
 */
public final class FederatedMlWizardModel extends SfWizardModel {
    public static final int CONNECTION = 0;
    public static final int DATABASE = 1;
    public static final int WAREHOUSE = 2;
    public static final int ACCESS = 3;
    public static final int TABLES = 4;
    public static final int API = 5;
    public static final int PIPE = 6;
    public static final int REVIEW = 7;

    public static final String DEFAULT_STACK = "snowflake-federated-ml";
    /** Column types offered; the field accepts any Snowflake data type. */
    public static final List<String> COLUMN_TYPES = List.of("STRING", "VARCHAR", "NUMBER(38,0)", "FLOAT", "BOOLEAN",
            "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_TZ", "BINARY", "ARRAY", "VARIANT", "OBJECT", "VECTOR(FLOAT, 256)",
            "VECTOR(INT, 16)");
    /** Largest VECTOR dimension Snowflake accepts. */
    public static final int MAX_VECTOR_DIMENSION = 4096;

    private static final Pattern VECTOR = Pattern.compile("VECTOR\\s*\\((.*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VECTOR_ARGS = Pattern.compile("\\s*(INT|FLOAT)\\s*,\\s*(\\d{1,9})\\s*", Pattern.CASE_INSENSITIVE);

    /** One column of a training table. */
    public final class Column {
        private final ValidatedText name;
        private final ValidatedText type;
        private final BooleanProperty nullable;
        private final ValidatedText defaultValue = new ValidatedText("Default", "");
        private final ValidatedText comment = new ValidatedText("Comment", "");

        Column(String name, String type, boolean nullable) {
            this.name = new ValidatedText("Column name", name);
            this.type = new ValidatedText("Type", type);
            this.nullable = new SimpleBooleanProperty(this, "nullable", nullable);
            watch(this.name.value(), this.type.value(), this.nullable, defaultValue.value(), comment.value());
        }

        public ValidatedText name() { return name; }
        public ValidatedText type() { return type; }
        public BooleanProperty nullable() { return nullable; }
        public ValidatedText defaultValue() { return defaultValue; }
        public ValidatedText comment() { return comment; }
    }

    /** One training table: its name, options and editable column list. */
    public final class Table {
        private final ValidatedText name;
        private final ValidatedText comment;
        private final BooleanProperty changeTracking = new SimpleBooleanProperty(this, "changeTracking", true);
        private final ObservableList<Column> columns = FXCollections.observableArrayList();

        Table(String name, String comment) {
            this.name = new ValidatedText("Table name", name);
            this.comment = new ValidatedText("Table comment", comment);
            watch(this.name.value(), this.comment.value(), changeTracking);
            this.name.value().addListener((o, was, now) -> follow(targetTable, was, now));
            columns.addListener((ListChangeListener<Column>) c -> revalidate());
        }

        public ValidatedText name() { return name; }
        public ValidatedText comment() { return comment; }
        public BooleanProperty changeTracking() { return changeTracking; }
        public ObservableList<Column> columns() { return columns; }

        /** Adds a nullable column and returns it. */
        public Column addColumn(String name, String type) {
            Column c = new Column(name, type, true);
            columns.add(c);
            return c;
        }
    }

    private final ValidatedText databaseName = new ValidatedText("Database name", "ML_DATABASE");
    private final BooleanProperty transientDatabase = new SimpleBooleanProperty(this, "transientDatabase", false);
    private final ValidatedText retention = new ValidatedText("Data retention (days)", "7");
    private final ValidatedText databaseComment = new ValidatedText("Database comment", "Database to hold federated ML data");

    private final ValidatedText warehouseName = new ValidatedText("Warehouse name", "ML_WAREHOUSE");
    private final ValidatedText warehouseSize = new ValidatedText("Warehouse size", "XSMALL");
    private final ValidatedText autoSuspend = new ValidatedText("Auto-suspend (seconds)", "60");
    private final BooleanProperty autoResume = new SimpleBooleanProperty(this, "autoResume", true);
    private final BooleanProperty initiallySuspended = new SimpleBooleanProperty(this, "initiallySuspended", true);
    private final ValidatedText warehouseComment = new ValidatedText("Warehouse comment", "Warehouse for ML data processing");

    private final ValidatedText schemaName = new ValidatedText("Schema name", "ML_SCHEMA");
    private final BooleanProperty managedAccess = new SimpleBooleanProperty(this, "managedAccess", true);
    private final ValidatedText roleName = new ValidatedText("Role name", "ML_ROLE");
    private final BooleanProperty grantWarehouse = new SimpleBooleanProperty(this, "grantWarehouse", true);
    private final BooleanProperty grantDatabase = new SimpleBooleanProperty(this, "grantDatabase", true);
    private final BooleanProperty grantSchema = new SimpleBooleanProperty(this, "grantSchema", true);
    private final BooleanProperty grantSelect = new SimpleBooleanProperty(this, "grantSelect", true);
    private final BooleanProperty grantInsert = new SimpleBooleanProperty(this, "grantInsert", false);
    private final BooleanProperty grantFuture = new SimpleBooleanProperty(this, "grantFuture", true);
    private final BooleanProperty grantIntegration = new SimpleBooleanProperty(this, "grantIntegration", true);
    private final BooleanProperty grantToSysadmin = new SimpleBooleanProperty(this, "grantToSysadmin", true);

    private final ObservableList<Table> tables = FXCollections.observableArrayList();

    private final ValidatedText apiName = new ValidatedText("API integration name", "ML_API_INTEGRATION");
    private final ApiAuth api = new ApiAuth("arn:aws:iam::123456789012:role/snowflake-ml-api");
    private final ValidatedText allowedPrefixes = new ValidatedText("Allowed prefixes",
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/");
    private final BooleanProperty apiEnabled = new SimpleBooleanProperty(this, "apiEnabled", true);

    private final BooleanProperty withPipe = new SimpleBooleanProperty(this, "withPipe", true);
    private final ValidatedText storageIntegration = new ValidatedText("Storage integration", "ML_INGEST_INTEGRATION");
    private final ValidatedText storageProvider = new ValidatedText("Storage provider", "S3");
    private final ValidatedText storageRoleArn = new ValidatedText("Storage role ARN",
            "arn:aws:iam::123456789012:role/snowflake-ml-ingest");
    private final ValidatedText storageAzureTenant = new ValidatedText("Storage Azure tenant ID", "");
    private final ValidatedText stageName = new ValidatedText("Stage name", "ML_LANDING");
    private final ValidatedText stageUrl = new ValidatedText("Stage URL", "s3://federated-ml-landing/training/");
    private final ValidatedText fileFormatName = new ValidatedText("File format name", "ML_JSON");
    private final ValidatedText fileFormatType = new ValidatedText("File format type", "JSON");
    private final ValidatedText targetTable = new ValidatedText("Target table", "ML_DATA_TABLE");
    private final ValidatedText pipeName = new ValidatedText("Pipe name", "ML_DATA_PIPE");
    private final BooleanProperty autoIngest = new SimpleBooleanProperty(this, "autoIngest", true);

    public FederatedMlWizardModel(TypeCatalog catalog) {
        super(catalog, List.of("Connection", "Database", "Warehouse", "Schema and role", "Training tables",
                        "API integration", "Pipe", "Review"), DEFAULT_STACK,
                "Snowflake for federated machine learning: training data, least-privilege role, API integration and a pipe");
        watch(databaseName.value(), transientDatabase, retention.value(), databaseComment.value(),
                warehouseName.value(), warehouseSize.value(), autoSuspend.value(), autoResume, initiallySuspended,
                warehouseComment.value(), schemaName.value(), managedAccess, roleName.value(), grantWarehouse,
                grantDatabase, grantSchema, grantSelect, grantInsert, grantFuture, grantIntegration, grantToSysadmin,
                apiName.value(), allowedPrefixes.value(), apiEnabled, withPipe, storageIntegration.value(),
                storageProvider.value(), storageRoleArn.value(), storageAzureTenant.value(), stageName.value(),
                stageUrl.value(), fileFormatName.value(), fileFormatType.value(), targetTable.value(),
                pipeName.value(), autoIngest);
        tables.addListener((ListChangeListener<Table>) c -> revalidate());

        Table t = new Table("ML_DATA_TABLE", "Table to store ML training data");
        Column id = new Column("ID", "STRING", false);
        t.columns().add(id);
        t.addColumn("FEATURES", "ARRAY");
        t.addColumn("LABEL", "NUMBER(38,0)");
        t.addColumn("METADATA", "VARIANT");
        t.addColumn("EMBEDDING", "VECTOR(FLOAT, 256)").comment().set("model input embedding");
        t.addColumn("LOADED_AT", "TIMESTAMP_NTZ").defaultValue().set("CURRENT_TIMESTAMP()");
        tables.add(t);
        ready();
    }

    @Override
    protected String commitMessageFor(String stack) {
        return "Set up Snowflake federated-ML environment " + (stack == null ? "" : stack);
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    public ValidatedText databaseName() { return databaseName; }
    public BooleanProperty transientDatabase() { return transientDatabase; }
    public ValidatedText retention() { return retention; }
    public ValidatedText databaseComment() { return databaseComment; }
    public ValidatedText warehouseName() { return warehouseName; }
    public ValidatedText warehouseSize() { return warehouseSize; }
    public ValidatedText autoSuspend() { return autoSuspend; }
    public BooleanProperty autoResume() { return autoResume; }
    public BooleanProperty initiallySuspended() { return initiallySuspended; }
    public ValidatedText warehouseComment() { return warehouseComment; }
    public ValidatedText schemaName() { return schemaName; }
    public BooleanProperty managedAccess() { return managedAccess; }
    public ValidatedText roleName() { return roleName; }
    public BooleanProperty grantWarehouse() { return grantWarehouse; }
    public BooleanProperty grantDatabase() { return grantDatabase; }
    public BooleanProperty grantSchema() { return grantSchema; }
    public BooleanProperty grantSelect() { return grantSelect; }
    public BooleanProperty grantInsert() { return grantInsert; }
    public BooleanProperty grantFuture() { return grantFuture; }
    public BooleanProperty grantIntegration() { return grantIntegration; }
    public BooleanProperty grantToSysadmin() { return grantToSysadmin; }
    /** The training tables, each with its columns; add and remove freely (at least one is needed). */
    public ObservableList<Table> tables() { return tables; }
    public ValidatedText apiName() { return apiName; }
    public ValidatedText apiProvider() { return api.provider(); }
    public ValidatedText apiRoleArn() { return api.roleArn(); }
    public ValidatedText azureTenant() { return api.azureTenant(); }
    public ValidatedText azureApplication() { return api.azureApplication(); }
    public ValidatedText googleAudience() { return api.googleAudience(); }
    /** Comma-separated https:// URL prefixes. */
    public ValidatedText allowedPrefixes() { return allowedPrefixes; }
    public BooleanProperty apiEnabled() { return apiEnabled; }
    /** Include the stage and pipe (and their storage integration and file format). */
    public BooleanProperty withPipe() { return withPipe; }
    public ValidatedText storageIntegration() { return storageIntegration; }
    public ValidatedText storageProvider() { return storageProvider; }
    public ValidatedText storageRoleArn() { return storageRoleArn; }
    public ValidatedText storageAzureTenant() { return storageAzureTenant; }
    public ValidatedText stageName() { return stageName; }
    public ValidatedText stageUrl() { return stageUrl; }
    public ValidatedText fileFormatName() { return fileFormatName; }
    public ValidatedText fileFormatType() { return fileFormatType; }
    public ValidatedText targetTable() { return targetTable; }
    public ValidatedText pipeName() { return pipeName; }
    public BooleanProperty autoIngest() { return autoIngest; }

    /** Warehouse sizes Snowflake accepts (WAREHOUSE_SIZE), smallest first, from the provider's type. */
    public List<String> warehouseSizes() { return choices(SnowflakeTypes.WAREHOUSE, "warehouse_size"); }

    /** File format types (TYPE), from the provider's type. */
    public List<String> fileFormats() { return choices(SnowflakeTypes.FILE_FORMAT, "format_type"); }

    /** Adds an empty table with one column and returns it. */
    public Table addTable() {
        Table t = new Table("TRAINING_TABLE_" + (tables.size() + 1), "");
        t.addColumn("ID", "STRING");
        tables.add(t);
        return t;
    }


    // ---- validation ---------------------------------------------------------------------------------------------

    @Override
    protected void checkFields(Checks c) {
        c.field(DATABASE, databaseName, name(databaseName.get(), SnowflakeTypes.DATABASE));
        c.field(DATABASE, retention, integer(retention.get(), SnowflakeTypes.DATABASE, "data_retention_time_in_days",
                "days of Time Travel, 0 to 90"));
        c.field(DATABASE, databaseComment, printable(databaseComment.get()));

        c.field(WAREHOUSE, warehouseName, name(warehouseName.get(), SnowflakeTypes.WAREHOUSE));
        c.field(WAREHOUSE, warehouseSize, oneOf(warehouseSize.get(), warehouseSizes()));
        c.field(WAREHOUSE, autoSuspend, integer(autoSuspend.get(), SnowflakeTypes.WAREHOUSE, "auto_suspend",
                "seconds, 0 never suspends"));
        c.field(WAREHOUSE, warehouseComment, printable(warehouseComment.get()));

        c.field(ACCESS, schemaName, name(schemaName.get(), SnowflakeTypes.SCHEMA));
        c.field(ACCESS, roleName, name(roleName.get(), SnowflakeTypes.ROLE));

        checkTables(c);

        c.field(API, apiName, firstOf(name(apiName.get(), SnowflakeTypes.API_INTEGRATION),
                withPipe.get() && same(apiName.get(), storageIntegration.get())
                        ? "duplicate: the storage integration has the same name; integrations share one namespace" : null));
        api.check(c, API);
        c.field(API, allowedPrefixes, prefixes(allowedPrefixes.get()));

        if (withPipe.get()) {
            c.field(PIPE, storageIntegration, firstOf(name(storageIntegration.get(), SnowflakeTypes.STORAGE_INTEGRATION),
                    same(apiName.get(), storageIntegration.get())
                            ? "duplicate: the API integration has the same name; integrations share one namespace" : null));
            String sp = storageProvider.get();
            c.field(PIPE, storageProvider, oneOf(sp, storageProviders()));
            if (sp.equals("S3")) c.field(PIPE, storageRoleArn, roleArn(storageRoleArn.get()));
            else c.off(storageRoleArn);
            if (sp.equals("AZURE")) c.field(PIPE, storageAzureTenant, uuid(storageAzureTenant.get(), "Azure AD tenant"));
            else c.off(storageAzureTenant);
            c.field(PIPE, stageName, name(stageName.get(), SnowflakeTypes.STAGE));
            c.field(PIPE, stageUrl, storageUrl(stageUrl.get(), sp));
            c.field(PIPE, fileFormatName, name(fileFormatName.get(), SnowflakeTypes.FILE_FORMAT));
            c.field(PIPE, fileFormatType, oneOf(fileFormatType.get(), fileFormats()));
            String target = targetTable.get();
            c.field(PIPE, targetTable, target.isEmpty() ? "required: one of the training tables"
                    : tables.stream().anyMatch(t -> t.name().get().equals(target) || same(t.name().get(), target)) ? null
                    : Problem.quote(target) + " is not one of the training tables (" + String.join(", ",
                    tables.stream().map(t -> t.name().get()).toList()) + ")");
            c.field(PIPE, pipeName, name(pipeName.get(), SnowflakeTypes.PIPE));
        } else {
            for (ValidatedText t : List.of(storageIntegration, storageProvider, storageRoleArn, storageAzureTenant,
                    stageName, stageUrl, fileFormatName, fileFormatType, targetTable, pipeName)) c.off(t);
        }
    }

    private void checkTables(Checks c) {
        if (tables.isEmpty()) c.step(TABLES, "Training tables: add at least one table");
        List<String> seenTables = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            String tn = t.name().get();
            String where = "Table " + (i + 1) + (tn.isEmpty() ? "" : " (" + tn + ")");
            String dup = seenTables.stream().anyMatch(s -> s.equals(tn) || same(s, tn))
                    ? "duplicate: another training table is named " + Problem.quote(tn) : null;
            c.field(TABLES, t.name(), firstOf(name(tn, null), dup), where + " name");
            seenTables.add(tn);
            c.field(TABLES, t.comment(), printable(t.comment().get()), where + " comment");
            if (t.columns().isEmpty()) c.step(TABLES, where + ": add at least one column");
            List<String> seen = new ArrayList<>();
            for (int j = 0; j < t.columns().size(); j++) {
                Column col = t.columns().get(j);
                String cn = col.name().get();
                String cw = where + " column " + (j + 1) + (cn.isEmpty() ? "" : " (" + cn + ")");
                String cdup = seen.stream().anyMatch(s -> s.equals(cn) || same(s, cn))
                        ? "duplicate: this table already has a column " + Problem.quote(cn) : null;
                c.field(TABLES, col.name(), firstOf(name(cn, null), cdup), cw + " name");
                seen.add(cn);
                c.field(TABLES, col.type(), columnType(col.type().get()), cw + " type");
                String d = col.defaultValue().get();
                c.field(TABLES, col.defaultValue(), d.isBlank() ? null : probe(SnowflakeTypes.TABLE, "T",
                        props("database", "D", "schema", "S", "columns", List.of(props("name", "C", "type", "VARCHAR",
                                "default", d))), "columns[0].default"), cw + " default");
                c.field(TABLES, col.comment(), printable(col.comment().get()), cw + " comment");
            }
        }
    }

    /** A column's data type: the provider's data-type rule, and VECTOR's element type and dimension. */
    String columnType(String type) {
        if (type.isBlank()) return "required (for example VARCHAR, NUMBER(38,0), VARIANT, VECTOR(FLOAT, 256))";
        String bad = probe(SnowflakeTypes.TABLE, "T", props("database", "D", "schema", "S",
                "columns", List.of(props("name", "C", "type", type))), "columns[0].type");
        if (bad != null) return bad;
        Matcher v = VECTOR.matcher(type.strip());
        if (v.matches()) {
            Matcher a = VECTOR_ARGS.matcher(v.group(1));
            if (!a.matches()) return "VECTOR takes an element type and a dimension: VECTOR(FLOAT, 256) or VECTOR(INT, 16)";
            long n = Long.parseLong(a.group(2));
            if (n < 1 || n > MAX_VECTOR_DIMENSION) {
                return "a VECTOR dimension must be 1 to " + MAX_VECTOR_DIMENSION + ", not " + n;
            }
        } else if (type.strip().toUpperCase(Locale.ROOT).startsWith("VECTOR")) {
            return "VECTOR takes an element type and a dimension: VECTOR(FLOAT, 256) or VECTOR(INT, 16)";
        }
        return null;
    }

    private String prefixes(String text) {
        List<String> l = splitList(text);
        if (l.isEmpty()) return "required: at least one https:// URL prefix the functions may call";
        for (String s : l) {
            String bad = httpsPrefix(s);
            if (bad != null) return bad;
        }
        return l.size() == l.stream().distinct().count() ? null : "lists a prefix twice";
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    @Override
    protected void buildResources(Builder b) {
        String db = databaseName.get();
        String schema = schemaName.get();
        String role = roleName.get();

        var dbp = props();
        if (transientDatabase.get()) dbp.put("transient", true);
        dbp.put("data_retention_time_in_days", number(retention));
        b.add(DATABASE, Resource.of(SnowflakeTypes.DATABASE, db, withComment(dbp, databaseComment)));

        var whp = props("warehouse_size", warehouseSize.get(), "auto_suspend", number(autoSuspend),
                "auto_resume", autoResume.get(), "initially_suspended", initiallySuspended.get());
        b.add(WAREHOUSE, Resource.of(SnowflakeTypes.WAREHOUSE, warehouseName.get(), withComment(whp, warehouseComment)));

        b.add(ACCESS, Resource.of(SnowflakeTypes.SCHEMA, schema, props("database", db, "managed_access", managedAccess.get())));
        b.add(ACCESS, Resource.of(SnowflakeTypes.ROLE, role, props("comment", "Role for ML data access")));

        for (Table t : tables) {
            List<Object> cols = new ArrayList<>();
            for (Column c : t.columns()) {
                var cp = props("name", c.name().get(), "type", c.type().get().strip());
                if (!c.nullable().get()) cp.put("nullable", false);
                if (!c.defaultValue().get().isBlank()) cp.put("default", c.defaultValue().get().strip());
                if (!c.comment().get().isBlank()) cp.put("comment", c.comment().get().strip());
                cols.add(cp);
            }
            var tp = props("database", db, "schema", schema, "columns", cols);
            if (t.changeTracking().get()) tp.put("change_tracking", true);
            b.add(TABLES, Resource.of(SnowflakeTypes.TABLE, t.name().get(), withComment(tp, t.comment())));
        }

        var ap = api.properties();
        ap.put("api_allowed_prefixes", splitList(allowedPrefixes.get()));
        ap.put("enabled", apiEnabled.get());
        ap.put("comment", "API integration for ML services");
        b.add(API, Resource.of(SnowflakeTypes.API_INTEGRATION, apiName.get(), ap));

        if (withPipe.get()) {
            String sp = storageProvider.get();
            var sip = props("storage_provider", sp);
            if (sp.equals("S3")) sip.put("storage_aws_role_arn", storageRoleArn.get().strip());
            if (sp.equals("AZURE")) sip.put("azure_tenant_id", storageAzureTenant.get().strip());
            sip.put("storage_allowed_locations", List.of(stageUrl.get().strip()));
            sip.put("enabled", true);
            sip.put("comment", "Access to the landing location for fresh training data");
            b.add(PIPE, Resource.of(SnowflakeTypes.STORAGE_INTEGRATION, storageIntegration.get(), sip));
            var ffp = props("database", db, "schema", schema, "format_type", fileFormatType.get());
            if (fileFormatType.get().equals("JSON")) ffp.put("strip_outer_array", true);
            b.add(PIPE, Resource.of(SnowflakeTypes.FILE_FORMAT, fileFormatName.get(), ffp));
            b.add(PIPE, Resource.of(SnowflakeTypes.STAGE, stageName.get(), props("database", db, "schema", schema,
                    "url", stageUrl.get().strip(), "storage_integration", storageIntegration.get(),
                    "file_format", fileFormatName.get(), "comment", "New training files land here")));
            var pp = props("database", db, "schema", schema,
                    "table", tableNamed(targetTable.get()), "stage", stageName.get(), "file_format", fileFormatName.get(),
                    "auto_ingest", autoIngest.get());
            copyShape(pp);
            pp.put("comment", "Loads new training files as they arrive");
            b.add(PIPE, Resource.of(SnowflakeTypes.PIPE, pipeName.get(), pp));
        }

        if (grantWarehouse.get()) b.add(ACCESS, grant("warehouse_usage", role, List.of("USAGE"), "warehouse", warehouseName.get()));
        if (grantDatabase.get()) b.add(ACCESS, grant("database_usage", role, List.of("USAGE"), "database", db));
        if (grantSchema.get()) b.add(ACCESS, grant("schema_usage", role, List.of("USAGE"), "schema", schema, "database", db));
        List<String> tablePrivileges = new ArrayList<>();
        if (grantSelect.get()) tablePrivileges.add("SELECT");
        if (grantInsert.get()) tablePrivileges.add("INSERT");
        if (!tablePrivileges.isEmpty()) {
            for (int i = 0; i < tables.size(); i++) {
                String tn = tables.get(i).name().get();
                String label = "table_" + (SfSql.isPlain(tn) ? tn.toLowerCase(Locale.ROOT) : String.valueOf(i + 1));
                b.add(ACCESS, grant(label, role, tablePrivileges, "table", tn, "database", db, "schema", schema));
            }
            if (grantFuture.get()) {
                b.add(ACCESS, grant("future_tables", role, tablePrivileges, "future", "tables", "database", db, "schema", schema));
            }
        }
        if (grantIntegration.get()) b.add(API, grant("api_integration_usage", role, List.of("USAGE"), "integration", apiName.get()));
        if (grantToSysadmin.get()) {
            b.add(ACCESS, Resource.of(SnowflakeTypes.GRANT, roleLabel(role) + "_to_sysadmin",
                    props("role", "SYSADMIN", "granted_role", role)));
        }
    }

    /** File format types that COPY loads as one VARIANT column unless the pipe says how to split it. */
    private static final java.util.Set<String> SEMI_STRUCTURED = java.util.Set.of("JSON", "AVRO", "ORC", "PARQUET", "XML");

    /**
     * How the pipe fills a table of several columns from a semi-structured format (Snowflake refuses the plain COPY):
     * a COPY transform taking each column without a default from the record's key of the same name in lower case
     * ({@code $1:id::STRING}; VARIANT as is), or, when a column name is not a plain name (no plain JSON path for it),
     * {@code match_by_column_name: CASE_INSENSITIVE}. CSV and one-column tables need neither.
     */
    private void copyShape(java.util.Map<String, Object> pipe) {
        Table target = null;
        for (Table t : tables) if (same(t.name().get(), targetTable.get())) target = t;
        if (target == null || !SEMI_STRUCTURED.contains(fileFormatType.get().strip().toUpperCase(Locale.ROOT))
                || target.columns().size() < 2) return;
        List<Object> transform = new ArrayList<>();
        for (Column c : target.columns()) {
            if (!c.defaultValue().get().isBlank()) continue;
            String name = c.name().get().strip();
            if (!SfSql.isPlain(name)) {
                pipe.put("match_by_column_name", "CASE_INSENSITIVE");
                return;
            }
            String type = c.type().get().strip().toUpperCase(Locale.ROOT);
            transform.add(props("column", name, "expression",
                    "$1:" + name.toLowerCase(Locale.ROOT) + (type.equals("VARIANT") ? "" : "::" + c.type().get().strip())));
        }
        if (!transform.isEmpty()) pipe.put("copy_transform", transform);
    }

    /** The training table's name as written in the table list (the target field may differ in case). */
    private String tableNamed(String target) {
        for (Table t : tables) if (same(t.name().get(), target)) return t.name().get();
        return target;
    }
}
