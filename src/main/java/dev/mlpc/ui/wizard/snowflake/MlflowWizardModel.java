package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.providers.snowflake.SnowflakeTypes;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers of the "MLflow on Snowflake" wizard (seed 004): an API integration to the API gateway in front of
 * MLflow, external functions wrapping MLflow REST calls (prefilled, editable list), a storage integration and stage
 * for the artifact bucket, and a role that may use them; optionally the functions' request and response translators
 * (JavaScript UDFs generated from the arguments: each argument becomes the JSON field of the same name in lower case,
 * one row per request). Defaults follow {@code resources/examples/mlflow-on-snowflake.yaml}.
 */
public final class MlflowWizardModel extends SfWizardModel {
    public static final int CONNECTION = 0;
    public static final int LOCATION = 1;
    public static final int API = 2;
    public static final int FUNCTIONS = 3;
    public static final int ARTIFACTS = 4;
    public static final int REVIEW = 5;

    public static final String DEFAULT_STACK = "mlflow-on-snowflake";
    public static final String DEFAULT_GATEWAY = "https://mlflow123.execute-api.eu-west-1.amazonaws.com/prod/api/2.0/mlflow/";
    /** Result types offered; the field accepts any data type. */
    public static final List<String> RETURN_TYPES = List.of("VARIANT", "OBJECT", "ARRAY", "VARCHAR", "NUMBER", "FLOAT", "BOOLEAN");

    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");

    /** One external function: an MLflow REST call. */
    public final class Function {
        private final ValidatedText name;
        private final ValidatedText arguments;
        private final ValidatedText returns;
        private final ValidatedText path;
        private final ValidatedText requestTranslator;
        private final ValidatedText responseTranslator;
        private final ValidatedText maxBatchRows;

        Function(String name, String arguments, String returns, String path, String request, String response, String batch) {
            this.name = new ValidatedText("Function name", name);
            this.arguments = new ValidatedText("Arguments", arguments);
            this.returns = new ValidatedText("Returns", returns);
            this.path = new ValidatedText("URL path", path);
            this.requestTranslator = new ValidatedText("Request translator", request);
            this.responseTranslator = new ValidatedText("Response translator", response);
            this.maxBatchRows = new ValidatedText("Max batch rows", batch);
            watch(this.name.value(), this.arguments.value(), this.returns.value(), this.path.value(),
                    requestTranslator.value(), responseTranslator.value(), maxBatchRows.value());
        }

        public ValidatedText name() { return name; }
        /** {@code NAME TYPE, NAME TYPE}: the arguments in order. */
        public ValidatedText arguments() { return arguments; }
        public ValidatedText returns() { return returns; }
        /** The path under the gateway URL, e.g. {@code runs/log-metric}. */
        public ValidatedText path() { return path; }
        public ValidatedText requestTranslator() { return requestTranslator; }
        public ValidatedText responseTranslator() { return responseTranslator; }
        public ValidatedText maxBatchRows() { return maxBatchRows; }
    }

    private final ValidatedText databaseName = new ValidatedText("Database name", "MLOPS");
    private final ValidatedText schemaName = new ValidatedText("Schema name", "MLFLOW");
    private final ValidatedText roleName = new ValidatedText("Role name", "MLFLOW_USER");
    private final BooleanProperty grantUsage = new SimpleBooleanProperty(this, "grantUsage", true);
    private final BooleanProperty createTranslators = new SimpleBooleanProperty(this, "createTranslators", true);

    private final ValidatedText apiName = new ValidatedText("API integration name", "MLFLOW_API");
    private final ApiAuth api = new ApiAuth("arn:aws:iam::123456789012:role/snowflake-mlflow-gateway");
    private final ValidatedText gatewayUrl = new ValidatedText("Gateway URL", DEFAULT_GATEWAY);

    private final ObservableList<Function> functions = FXCollections.observableArrayList();

    private final ValidatedText storageIntegration = new ValidatedText("Storage integration", "MLFLOW_ARTIFACTS");
    private final ValidatedText storageProvider = new ValidatedText("Storage provider", "S3");
    private final ValidatedText storageRoleArn = new ValidatedText("Storage role ARN",
            "arn:aws:iam::123456789012:role/snowflake-mlflow-artifacts");
    private final ValidatedText storageAzureTenant = new ValidatedText("Storage Azure tenant ID", "");
    private final ValidatedText bucketUrl = new ValidatedText("Artifact bucket URL", "s3://mlflow-artifacts-bucket/");
    private final ValidatedText stageName = new ValidatedText("Stage name", "MLFLOW_ARTIFACT_STAGE");

    public MlflowWizardModel(TypeCatalog catalog) {
        super(catalog, List.of("Connection", "Location and role", "API integration", "External functions",
                "Artifact storage", "Review"), DEFAULT_STACK,
                "MLflow on Snowflake: API integration to the MLflow gateway, external functions, artifact stage");
        watch(databaseName.value(), schemaName.value(), roleName.value(), grantUsage, createTranslators, apiName.value(),
                gatewayUrl.value(), storageIntegration.value(), storageProvider.value(),
                storageRoleArn.value(), storageAzureTenant.value(), bucketUrl.value(), stageName.value());
        functions.addListener((ListChangeListener<Function>) c -> revalidate());
        functions.addAll(
                fn("MLFLOW_CREATE_EXPERIMENT", "NAME VARCHAR", "experiments/create", "1"),
                fn("MLFLOW_CREATE_RUN", "EXPERIMENT_ID VARCHAR", "runs/create", "1"),
                fn("MLFLOW_LOG_METRIC", "RUN_ID VARCHAR, KEY VARCHAR, VALUE FLOAT, STEP NUMBER", "runs/log-metric", "1"),
                fn("MLFLOW_LOG_PARAM", "RUN_ID VARCHAR, KEY VARCHAR, VALUE VARCHAR", "runs/log-parameter", "1"),
                fn("MLFLOW_GET_REGISTERED_MODEL", "NAME VARCHAR", "registered-models/get", "1"),
                fn("MLFLOW_GET_LATEST_VERSIONS", "NAME VARCHAR, STAGES ARRAY", "registered-models/get-latest-versions", "1"));
        ready();
    }

    private Function fn(String name, String args, String path, String batch) {
        return new Function(name, args, "VARIANT", path, name + "_REQUEST", "MLFLOW_RESPONSE", batch);
    }

    @Override
    protected String commitMessageFor(String stack) {
        return "Set up MLflow on Snowflake " + (stack == null ? "" : stack);
    }

    public ValidatedText databaseName() { return databaseName; }
    public ValidatedText schemaName() { return schemaName; }
    public ValidatedText roleName() { return roleName; }
    /** Grant the role usage on the database, schema, all functions of the schema and the artifact stage. */
    public BooleanProperty grantUsage() { return grantUsage; }
    /** Create each function's request translator and the response translators as JavaScript UDFs in the schema. */
    public BooleanProperty createTranslators() { return createTranslators; }
    public ValidatedText apiName() { return apiName; }
    public ValidatedText apiProvider() { return api.provider(); }
    public ValidatedText apiRoleArn() { return api.roleArn(); }
    public ValidatedText azureTenant() { return api.azureTenant(); }
    public ValidatedText azureApplication() { return api.azureApplication(); }
    public ValidatedText googleAudience() { return api.googleAudience(); }
    /** The gateway URL in front of MLflow: the allowed prefix, and the base of every function's URL. */
    public ValidatedText gatewayUrl() { return gatewayUrl; }
    public ObservableList<Function> functions() { return functions; }
    public ValidatedText storageIntegration() { return storageIntegration; }
    public ValidatedText storageProvider() { return storageProvider; }
    public ValidatedText storageRoleArn() { return storageRoleArn; }
    public ValidatedText storageAzureTenant() { return storageAzureTenant; }
    public ValidatedText bucketUrl() { return bucketUrl; }
    public ValidatedText stageName() { return stageName; }

    /** Adds an empty function row and returns it. */
    public Function addFunction() {
        Function f = new Function("MLFLOW_CALL_" + (functions.size() + 1), "", "VARIANT", "", "", "MLFLOW_RESPONSE", "1");
        functions.add(f);
        return f;
    }

    /** The full URL a function calls: the gateway URL and the path. */
    public String urlOf(Function f) {
        String base = gatewayUrl.get().strip();
        return base + (base.endsWith("/") ? "" : "/") + f.path().get().strip();
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    @Override
    protected void checkFields(Checks c) {
        c.field(LOCATION, databaseName, name(databaseName.get(), SnowflakeTypes.DATABASE));
        c.field(LOCATION, schemaName, name(schemaName.get(), SnowflakeTypes.SCHEMA));
        c.field(LOCATION, roleName, name(roleName.get(), SnowflakeTypes.ROLE));

        c.field(API, apiName, firstOf(name(apiName.get(), SnowflakeTypes.API_INTEGRATION),
                same(apiName.get(), storageIntegration.get())
                        ? "duplicate: the storage integration has the same name; integrations share one namespace" : null));
        api.check(c, API);
        c.field(API, gatewayUrl, firstOf(httpsPrefix(gatewayUrl.get()),
                gatewayUrl.get().strip().endsWith("/") ? null : "end the prefix with '/' so it covers only paths below it"));

        checkFunctions(c);

        c.field(ARTIFACTS, storageIntegration, firstOf(name(storageIntegration.get(), SnowflakeTypes.STORAGE_INTEGRATION),
                same(apiName.get(), storageIntegration.get())
                        ? "duplicate: the API integration has the same name; integrations share one namespace" : null));
        String sp = storageProvider.get();
        c.field(ARTIFACTS, storageProvider, oneOf(sp, storageProviders()));
        if (sp.equals("S3")) c.field(ARTIFACTS, storageRoleArn, roleArn(storageRoleArn.get()));
        else c.off(storageRoleArn);
        if (sp.equals("AZURE")) c.field(ARTIFACTS, storageAzureTenant, uuid(storageAzureTenant.get(), "Azure AD tenant"));
        else c.off(storageAzureTenant);
        c.field(ARTIFACTS, bucketUrl, storageUrl(bucketUrl.get(), sp));
        c.field(ARTIFACTS, stageName, name(stageName.get(), SnowflakeTypes.STAGE));
    }

    private void checkFunctions(Checks c) {
        if (functions.isEmpty()) c.step(FUNCTIONS, "External functions: add at least one function");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            Function f = functions.get(i);
            String fn = f.name().get();
            String where = "Function " + (i + 1) + (fn.isEmpty() ? "" : " (" + fn + ")");
            String dup = seen.stream().anyMatch(s -> s.equals(fn) || same(s, fn))
                    ? "duplicate: another function is named " + Problem.quote(fn) : null;
            c.field(FUNCTIONS, f.name(), firstOf(name(fn, null), dup), where + " name");
            seen.add(fn);
            c.field(FUNCTIONS, f.arguments(), arguments(f.arguments().get()), where + " arguments");
            c.field(FUNCTIONS, f.returns(), f.returns().get().isBlank() ? "required (for example VARIANT)"
                    : probe(SnowflakeTypes.EXTERNAL_FUNCTION, "F", props("returns", f.returns().get()), "returns"),
                    where + " returns");
            String path = f.path().get().strip();
            c.field(FUNCTIONS, f.path(), path.isEmpty() ? "required: the MLflow call under the gateway, e.g. runs/log-metric"
                    : path.startsWith("/") ? "write the path without a leading '/': it is appended to the gateway URL"
                    : PATH.matcher(path).matches() ? null
                    : Problem.quote(path) + " is not a URL path (letters, digits, '.', '_', '~', '-', separated by '/')",
                    where + " URL path");
            c.field(FUNCTIONS, f.requestTranslator(), optionalName(f.requestTranslator().get()), where + " request translator");
            c.field(FUNCTIONS, f.responseTranslator(), optionalName(f.responseTranslator().get()), where + " response translator");
            String batch = integer(f.maxBatchRows().get(), SnowflakeTypes.EXTERNAL_FUNCTION, "max_batch_rows",
                    "rows per request, 1 or more");
            if (batch == null && createTranslators.get() && !f.requestTranslator().get().isEmpty()
                    && !f.maxBatchRows().get().strip().equals("1")) {
                batch = "the generated translators send one row per request: use 1 (or write your own translators)";
            }
            c.field(FUNCTIONS, f.maxBatchRows(), batch, where + " max batch rows");
            if (createTranslators.get()) checkTranslatorNames(c, i, f, where);
        }
    }

    /** A generated request translator belongs to one function and is not also a response translator. */
    private void checkTranslatorNames(Checks c, int index, Function f, String where) {
        String request = f.requestTranslator().get();
        if (request.isEmpty()) return;
        for (int j = 0; j < functions.size(); j++) {
            Function other = functions.get(j);
            if (j != index && j < index && same(other.requestTranslator().get(), request)) {
                c.field(FUNCTIONS, f.requestTranslator(), Problem.quote(request) + " is already the request translator of "
                        + other.name().get() + "; each function gets its own", where + " request translator");
                return;
            }
            if (same(other.responseTranslator().get(), request) || same(other.name().get(), request)) {
                c.field(FUNCTIONS, f.requestTranslator(), Problem.quote(request) + " is also " + (same(other.name().get(), request)
                        ? "a function's name" : "a response translator"), where + " request translator");
                return;
            }
        }
    }

    /** The JavaScript of a generated request translator: the first row's arguments as lower-case JSON fields. */
    static String requestTranslatorBody(List<String> argumentNames, String path) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < argumentNames.size(); i++) {
            String n = argumentNames.get(i).toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("\"", "\\\"");
            fields.add("\"" + n + "\": row[" + (i + 1) + "]");
        }
        if (path.strip().endsWith("log-metric") && !argumentNames.stream().anyMatch(a -> a.equalsIgnoreCase("timestamp"))) {
            fields.add("\"timestamp\": Date.now()");
        }
        return "var row = EVENT.body.data[0];\nreturn {\"body\": {" + String.join(", ", fields) + "}};\n";
    }

    /** The JavaScript of a generated response translator: MLflow's reply as the one result row. */
    static final String RESPONSE_TRANSLATOR_BODY = "return {\"body\": {\"data\": [[0, EVENT.body]]}};\n";

    private String optionalName(String v) {
        return v.isEmpty() ? null : name(v, null);
    }

    /** The arguments text: {@code NAME TYPE} pairs separated by commas (commas inside parentheses belong to a type). */
    String arguments(String text) {
        if (text.isBlank()) return null;
        List<String> names = new ArrayList<>();
        for (String part : splitArguments(text)) {
            String a = part.strip();
            int sp = a.indexOf(' ');
            if (a.isEmpty() || sp < 0) return Problem.quote(a) + " needs a name and a type, for example RUN_ID VARCHAR";
            String n = a.substring(0, sp);
            String t = a.substring(sp + 1).strip();
            String bad = name(n, null);
            if (bad != null) return "argument " + Problem.quote(n) + ": " + bad;
            if (names.stream().anyMatch(x -> same(x, n) || x.equals(n))) return "argument " + Problem.quote(n) + " is listed twice";
            names.add(n);
            bad = probe(SnowflakeTypes.EXTERNAL_FUNCTION, "F",
                    props("arguments", List.of(props("name", n, "type", t))), "arguments[0].type");
            if (bad != null) return "argument " + Problem.quote(n) + ": " + bad;
        }
        return null;
    }

    /** Splits on commas outside parentheses. */
    static List<String> splitArguments(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '(') depth++;
            if (ch == ')') depth--;
            if (ch == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    private Resource translator(String name, String db, String schema, String body, String comment) {
        return Resource.of(SnowflakeTypes.FUNCTION, name, props("database", db, "schema", schema,
                "arguments", List.of(props("name", "EVENT", "type", "OBJECT")), "returns", "OBJECT",
                "language", "JAVASCRIPT", "body", body, "comment", comment));
    }

    @Override
    protected void buildResources(Builder b) {
        String db = databaseName.get();
        String schema = schemaName.get();
        String role = roleName.get();
        b.add(LOCATION, Resource.of(SnowflakeTypes.DATABASE, db, props("comment", "MLflow integration objects")));
        b.add(LOCATION, Resource.of(SnowflakeTypes.SCHEMA, schema, props("database", db,
                "comment", "External functions wrapping the MLflow REST API")));
        b.add(LOCATION, Resource.of(SnowflakeTypes.ROLE, role, props("comment", "May call the MLflow functions and read artifacts")));

        var ap = api.properties();
        ap.put("api_allowed_prefixes", List.of(gatewayUrl.get().strip()));
        ap.put("enabled", true);
        ap.put("comment", "Channel to the API gateway in front of MLflow");
        b.add(API, Resource.of(SnowflakeTypes.API_INTEGRATION, apiName.get(), ap));

        String sp = storageProvider.get();
        var sip = props("storage_provider", sp);
        if (sp.equals("S3")) sip.put("storage_aws_role_arn", storageRoleArn.get().strip());
        if (sp.equals("AZURE")) sip.put("azure_tenant_id", storageAzureTenant.get().strip());
        sip.put("storage_allowed_locations", List.of(bucketUrl.get().strip()));
        sip.put("enabled", true);
        sip.put("comment", "The MLflow artifact bucket");
        b.add(ARTIFACTS, Resource.of(SnowflakeTypes.STORAGE_INTEGRATION, storageIntegration.get(), sip));
        b.add(ARTIFACTS, Resource.of(SnowflakeTypes.STAGE, stageName.get(), props("database", db, "schema", schema,
                "url", bucketUrl.get().strip(), "storage_integration", storageIntegration.get(),
                "comment", "Serialized models and other MLflow artifacts")));

        java.util.Set<String> responses = new java.util.HashSet<>();
        for (Function f : functions) {
            List<Object> args = new ArrayList<>();
            if (!f.arguments().get().isBlank()) {
                for (String part : splitArguments(f.arguments().get())) {
                    String a = part.strip();
                    int sp2 = a.indexOf(' ');
                    args.add(sp2 < 0 ? props("name", a, "type", "")
                            : props("name", a.substring(0, sp2), "type", a.substring(sp2 + 1).strip()));
                }
            }
            var fp = props("database", db, "schema", schema);
            if (!args.isEmpty()) fp.put("arguments", args);
            fp.put("returns", f.returns().get().strip());
            fp.put("api_integration", apiName.get());
            fp.put("url", urlOf(f));
            if (!f.requestTranslator().get().isEmpty()) fp.put("request_translator", f.requestTranslator().get());
            if (!f.responseTranslator().get().isEmpty()) fp.put("response_translator", f.responseTranslator().get());
            fp.put("max_batch_rows", number(f.maxBatchRows()));
            fp.put("comment", "POST " + f.path().get().strip());
            if (createTranslators.get()) {
                List<String> names = args.stream().map(a -> String.valueOf(((java.util.Map<?, ?>) a).get("name"))).toList();
                if (!f.requestTranslator().get().isEmpty()) {
                    b.add(FUNCTIONS, translator(f.requestTranslator().get(), db, schema,
                            requestTranslatorBody(names, f.path().get()), "Request translator for " + f.path().get().strip()));
                }
                String response = f.responseTranslator().get();
                if (!response.isEmpty() && responses.add(response)) {
                    b.add(FUNCTIONS, translator(response, db, schema, RESPONSE_TRANSLATOR_BODY,
                            "Response translator for the MLflow calls (one row per call)"));
                }
            }
            b.add(FUNCTIONS, Resource.of(SnowflakeTypes.EXTERNAL_FUNCTION, f.name().get(), fp));
        }

        if (grantUsage.get()) {
            b.add(LOCATION, grant("database", role, List.of("USAGE"), "database", db));
            b.add(LOCATION, grant("schema", role, List.of("USAGE"), "schema", schema, "database", db));
            b.add(FUNCTIONS, grant("functions", role, List.of("USAGE"), "all", "functions", "database", db, "schema", schema));
            b.add(ARTIFACTS, grant("stage", role, List.of("USAGE"), "stage", stageName.get(), "database", db, "schema", schema));
        }
    }
}
