package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.Column;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.Table;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static dev.mlpc.ui.wizard.snowflake.FederatedMlWizardModel.*;

/**
 * The wizard "Snowflake federated-ML environment" (seed 000): connection, database, warehouse, schema and role with
 * least-privilege grants, training tables and their columns, API integration, stage and pipe, review, commit.
 *
 * <p>Ids besides the shared ones ({@link SfWizard}): {@code #databaseName}, {@code #transientDatabase},
 * {@code #retention}, {@code #databaseComment}, {@code #warehouseName}, {@code #warehouseSize},
 * {@code #autoSuspend}, {@code #autoResume}, {@code #initiallySuspended}, {@code #warehouseComment},
 * {@code #schemaName}, {@code #managedAccess}, {@code #roleName}, grant boxes {@code #grantWarehouse},
 * {@code #grantDatabase}, {@code #grantSchema}, {@code #grantSelect}, {@code #grantInsert}, {@code #grantFuture},
 * {@code #grantIntegration}, {@code #grantToSysadmin}; tables {@code #table-<i>-name}, {@code #table-<i>-comment},
 * {@code #table-<i>-tracking}, {@code #table-<i>-remove}, {@code #table-<i>-addColumn}, columns
 * {@code #col-<i>-<j>-name|type|nullable|default|comment|remove} (from 0), {@code #addTable}; API {@code #apiName},
 * {@code #apiProvider}, {@code #apiRoleArn}, {@code #azureTenant}, {@code #azureApplication},
 * {@code #googleAudience}, {@code #allowedPrefixes}, {@code #apiEnabled}; pipe {@code #withPipe},
 * {@code #storageIntegration}, {@code #storageProvider}, {@code #storageRoleArn}, {@code #storageAzureTenant},
 * {@code #stageName}, {@code #stageUrl}, {@code #fileFormatName}, {@code #fileFormatType}, {@code #targetTable},
 * {@code #pipeName}, {@code #autoIngest}.
 */
public final class FederatedMlWizard extends SfWizard<FederatedMlWizardModel> {
    public static final String TITLE = "Snowflake federated-ML environment";

    private final Set<Table> watched = Collections.newSetFromMap(new IdentityHashMap<>());
    private VBox tablesBox;
    private ComboBox<String> targetTable;

    public FederatedMlWizard(Workbench wb, ExecutorService executor) {
        super(wb, executor, new FederatedMlWizardModel(wb.registry()), TITLE, "snowflakeFederatedWizard");
    }

    @Override
    protected String connectionHint() {
        return "Choose a Snowflake connection to plan against the live account, or stay offline: the plan then assumes"
                + " nothing exists yet, and you commit the stack to apply it later.";
    }

    @Override
    protected String firstField(int step) {
        return switch (step) {
            case DATABASE -> "databaseName";
            case WAREHOUSE -> "warehouseName";
            case ACCESS -> "schemaName";
            case TABLES -> "table-0-name";
            case API -> "apiName";
            default -> "withPipe";
        };
    }

    @Override
    protected Node buildStep(int step) {
        return switch (step) {
            case DATABASE -> databasePage();
            case WAREHOUSE -> warehousePage();
            case ACCESS -> accessPage();
            case TABLES -> tablesPage();
            case API -> apiPage();
            case PIPE -> pipePage();
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    private Node databasePage() {
        VBox v = page("The database", "The database that holds the federated training data.");
        GridPane g = Forms.grid();
        text(g, 0, "_Database name", "databaseName", model.databaseName(), "ML_DATABASE");
        g.add(check("transientDatabase", "Transient (no Fail-safe; cannot change after creation)", model.transientDatabase()), 1, 1);
        text(g, 2, "Data _retention (days)", "retention", model.retention(), "0 to 90 days of Time Travel");
        text(g, 3, "Co_mment", "databaseComment", model.databaseComment(), "COMMENT on the database");
        v.getChildren().addAll(g, Forms.hint("Plain names (letters, digits, _ and $) are stored upper-case by Snowflake;"
                + " any other name is kept exactly and quoted."), stepProblems("databaseProblems", DATABASE));
        return v;
    }

    private Node warehousePage() {
        VBox v = page("The warehouse", "Compute for loading and preparing training data; it suspends when idle.");
        GridPane g = Forms.grid();
        text(g, 0, "_Warehouse name", "warehouseName", model.warehouseName(), "ML_WAREHOUSE");
        Forms.row(g, 1, "Si_ze", Forms.choiceCombo("warehouseSize", model.warehouseSize(), model.warehouseSizes()),
                "warehouseSize", model.warehouseSize());
        text(g, 2, "_Auto-suspend (seconds)", "autoSuspend", model.autoSuspend(), "0 never suspends");
        g.add(check("autoResume", "Auto-resume when a query arrives", model.autoResume()), 1, 3);
        g.add(check("initiallySuspended", "Create it suspended", model.initiallySuspended()), 1, 4);
        text(g, 5, "Co_mment", "warehouseComment", model.warehouseComment(), "COMMENT on the warehouse");
        v.getChildren().addAll(g, stepProblems("warehouseProblems", WAREHOUSE));
        return v;
    }

    private Node accessPage() {
        VBox v = page("Schema and role", "A schema for the training tables and a role that gets only what it needs.");
        GridPane g = Forms.grid();
        text(g, 0, "Sc_hema name", "schemaName", model.schemaName(), "ML_SCHEMA");
        g.add(check("managedAccess", "Managed access (only the schema owner grants on its objects)", model.managedAccess()), 1, 1);
        text(g, 2, "_Role name", "roleName", model.roleName(), "ML_ROLE");
        VBox grants = box(6);
        grants.getChildren().addAll(new Label("Least-privilege grants to the role"),
                check("grantWarehouse", "USAGE on the warehouse", model.grantWarehouse()),
                check("grantDatabase", "USAGE on the database", model.grantDatabase()),
                check("grantSchema", "USAGE on the schema", model.grantSchema()),
                check("grantSelect", "SELECT on the training tables", model.grantSelect()),
                check("grantInsert", "INSERT on the training tables", model.grantInsert()),
                check("grantFuture", "The same on future tables of the schema", model.grantFuture()),
                check("grantIntegration", "USAGE on the API integration", model.grantIntegration()),
                check("grantToSysadmin", "Grant the role to SYSADMIN (role hierarchy)", model.grantToSysadmin()));
        v.getChildren().addAll(g, grants, stepProblems("accessProblems", ACCESS));
        return v;
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    private Node tablesPage() {
        VBox v = page("Training tables", "Each table with its columns. Types: NUMBER(38,0), VARCHAR, FLOAT, BOOLEAN,"
                + " TIMESTAMP_NTZ, ARRAY, VARIANT, OBJECT, VECTOR(FLOAT, n) or VECTOR(INT, n) up to 4096, and more.");
        tablesBox = new VBox(12);
        tablesBox.setId("tables");
        Button add = new Button("Add _table", new FontIcon(Feather.PLUS));
        add.setId("addTable");
        add.setOnAction(e -> {
            model.addTable();
            focusLater("table-" + (model.tables().size() - 1) + "-name");
        });
        model.tables().addListener((ListChangeListener<Table>) c -> rebuildTables());
        rebuildTables();
        v.getChildren().addAll(add, stepProblems("tablesProblems", TABLES), tablesBox);
        return v;
    }

    private void rebuildTables() {
        tablesBox.getChildren().clear();
        for (int i = 0; i < model.tables().size(); i++) {
            Table t = model.tables().get(i);
            if (watched.add(t)) {
                t.columns().addListener((ListChangeListener<Column>) c -> rebuildTables());
                t.name().value().addListener((o, was, now) -> {
                    if (targetTable != null) refreshTargets();
                });
            }
            tablesBox.getChildren().add(tableBox(i, t));
        }
        if (targetTable != null) refreshTargets();
    }

    private Node tableBox(int i, Table t) {
        VBox b = box(6);
        String p = "table-" + i;
        String where = "Table " + (i + 1);
        TextField name = Forms.textField(p + "-name", t.name(), "TABLE_NAME");
        TextField comment = Forms.textField(p + "-comment", t.comment(), "COMMENT on the table");
        CheckBox tracking = check(p + "-tracking", "Change tracking", t.changeTracking());
        Button remove = new Button("Remove table", new FontIcon(Feather.TRASH_2));
        remove.setId(p + "-remove");
        remove.setOnAction(e -> model.tables().remove(t));
        GridPane head = Forms.grid();
        head.add(new Label(where + " name"), 0, 0);
        head.add(cell(name, p + "-name", t.name(), where + " name"), 1, 0);
        head.add(new Label("Comment"), 0, 1);
        head.add(cell(comment, p + "-comment", t.comment(), where + " comment"), 1, 1);
        HBox opts = new HBox(12, tracking, spacer(), remove);
        opts.setAlignment(Pos.CENTER_LEFT);
        head.add(opts, 1, 2);

        GridPane cols = new GridPane();
        cols.setHgap(6);
        cols.setVgap(4);
        double[] widths = {150, 200, 70, 150, 130, 40};
        for (int k = 0; k < widths.length; k++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPrefWidth(widths[k]);
            cc.setHgrow(k == 4 ? Priority.ALWAYS : Priority.SOMETIMES);
            cc.setFillWidth(true);
            cols.getColumnConstraints().add(cc);
        }
        String[] headers = {"Column", "Type", "Nullable", "Default", "Comment", ""};
        for (int k = 0; k < headers.length; k++) {
            Label h = new Label(headers[k]);
            h.setStyle("-fx-font-weight: bold;");
            cols.add(h, k, 0);
        }
        for (int j = 0; j < t.columns().size(); j++) {
            Column c = t.columns().get(j);
            String id = "col-" + i + "-" + j;
            String w = where + " column " + (j + 1);
            cols.add(cell(Forms.textField(id + "-name", c.name(), "NAME"), id + "-name", c.name(), w + " name"), 0, j + 1);
            cols.add(cell(Forms.editableCombo(id + "-type", c.type(), COLUMN_TYPES), id + "-type", c.type(), w + " type"), 1, j + 1);
            CheckBox nullable = check(id + "-nullable", "", c.nullable());
            nullable.setAccessibleText(w + " nullable");
            GridPane.setMargin(nullable, new Insets(6, 0, 0, 6));
            cols.add(nullable, 2, j + 1);
            cols.add(cell(Forms.textField(id + "-default", c.defaultValue(), "DEFAULT"), id + "-default", c.defaultValue(),
                    w + " default"), 3, j + 1);
            cols.add(cell(Forms.textField(id + "-comment", c.comment(), ""), id + "-comment", c.comment(), w + " comment"), 4, j + 1);
            Button rm = new Button("", new FontIcon(Feather.X));
            rm.setId(id + "-remove");
            rm.setAccessibleText("Remove " + w);
            rm.setTooltip(new Tooltip("Remove " + w.toLowerCase(java.util.Locale.ROOT)));
            rm.setOnAction(e -> t.columns().remove(c));
            cols.add(rm, 5, j + 1);
            for (Node n : cols.getChildren()) {
                if (GridPane.getRowIndex(n) != null && GridPane.getRowIndex(n) == j + 1) {
                    GridPane.setValignment(n, javafx.geometry.VPos.TOP);
                }
            }
        }
        Button addColumn = new Button("Add column", new FontIcon(Feather.PLUS));
        addColumn.setId(p + "-addColumn");
        addColumn.setOnAction(e -> {
            t.addColumn("", "VARCHAR");
            focusLater("col-" + i + "-" + (t.columns().size() - 1) + "-name");
        });
        b.getChildren().addAll(head, cols, addColumn);
        VBox.setMargin(cols, new Insets(4, 0, 0, 0));
        return b;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    // ---- integration and pipe -----------------------------------------------------------------------------------

    private Node apiPage() {
        VBox v = page("API integration", "Snowflake's channel to the HTTPS proxy (API gateway) in front of the ML"
                + " services. The fields depend on the provider.");
        GridPane g = Forms.grid();
        text(g, 0, "_Integration name", "apiName", model.apiName(), "ML_API_INTEGRATION");
        Forms.row(g, 1, "_Provider", Forms.choiceCombo("apiProvider", model.apiProvider(), model.apiProviders()),
                "apiProvider", model.apiProvider());
        BooleanBinding aws = Bindings.createBooleanBinding(() -> isAws(model.apiProvider().get()), model.apiProvider().value());
        BooleanBinding azure = model.apiProvider().value().isEqualTo("azure_api_management");
        BooleanBinding google = model.apiProvider().value().isEqualTo("google_api_gateway");
        row(g, 2, "AWS _role ARN", Forms.textField("apiRoleArn", model.apiRoleArn(), "arn:aws:iam::123456789012:role/name"),
                "apiRoleArn", model.apiRoleArn(), aws);
        row(g, 3, "Azure _tenant ID", Forms.textField("azureTenant", model.azureTenant(), "UUID"),
                "azureTenant", model.azureTenant(), azure);
        row(g, 4, "Azure AD _application ID", Forms.textField("azureApplication", model.azureApplication(), "UUID"),
                "azureApplication", model.azureApplication(), azure);
        row(g, 5, "_Google audience", Forms.textField("googleAudience", model.googleAudience(), "JWT audience"),
                "googleAudience", model.googleAudience(), google);
        text(g, 6, "Allowed pr_efixes", "allowedPrefixes", model.allowedPrefixes(), "https://…/, https://…/ (comma-separated)");
        g.add(check("apiEnabled", "Enabled", model.apiEnabled()), 1, 7);
        v.getChildren().addAll(g, stepProblems("apiProblems", API));
        return v;
    }

    private Node pipePage() {
        VBox v = page("Stage and pipe", "Fresh training files land in cloud storage; a pipe copies them into a training"
                + " table as they arrive.");
        CheckBox with = check("withPipe", "Feed fresh data with a stage and a pipe", model.withPipe());
        GridPane g = Forms.grid();
        g.disableProperty().bind(model.withPipe().not());
        text(g, 0, "Storage _integration", "storageIntegration", model.storageIntegration(), "ML_INGEST_INTEGRATION");
        Forms.row(g, 1, "Storage _provider", Forms.choiceCombo("storageProvider", model.storageProvider(), model.storageProviders()),
                "storageProvider", model.storageProvider());
        row(g, 2, "Storage _role ARN", Forms.textField("storageRoleArn", model.storageRoleArn(), "arn:aws:iam::…:role/…"),
                "storageRoleArn", model.storageRoleArn(), model.storageProvider().value().isEqualTo("S3"));
        row(g, 3, "Azure _tenant ID", Forms.textField("storageAzureTenant", model.storageAzureTenant(), "UUID"),
                "storageAzureTenant", model.storageAzureTenant(), model.storageProvider().value().isEqualTo("AZURE"));
        text(g, 4, "St_age name", "stageName", model.stageName(), "ML_LANDING");
        text(g, 5, "Stage _URL", "stageUrl", model.stageUrl(), "s3://bucket/path/");
        text(g, 6, "File f_ormat name", "fileFormatName", model.fileFormatName(), "ML_JSON");
        Forms.row(g, 7, "File format t_ype", Forms.choiceCombo("fileFormatType", model.fileFormatType(), model.fileFormats()),
                "fileFormatType", model.fileFormatType());
        targetTable = Forms.editableCombo("targetTable", model.targetTable(), java.util.List.of());
        refreshTargets();
        Forms.row(g, 8, "Tar_get table", targetTable, "targetTable", model.targetTable());
        text(g, 9, "Pip_e name", "pipeName", model.pipeName(), "ML_DATA_PIPE");
        g.add(check("autoIngest", "Auto-ingest on cloud storage event notifications", model.autoIngest()), 1, 10);
        v.getChildren().addAll(with, g, stepProblems("pipeProblems", PIPE));
        return v;
    }

    private void refreshTargets() {
        String keep = model.targetTable().get();
        targetTable.getItems().setAll(model.tables().stream().map(t -> t.name().get()).toList());
        if (!keep.equals(model.targetTable().get())) model.targetTable().set(keep);
    }
}
