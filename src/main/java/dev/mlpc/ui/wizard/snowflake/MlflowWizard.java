package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.snowflake.MlflowWizardModel.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.concurrent.ExecutorService;

import static dev.mlpc.ui.wizard.snowflake.MlflowWizardModel.*;

/**
 * The wizard "MLflow on Snowflake" (seed 004): connection, location and role, the API integration to the gateway in
 * front of MLflow, external functions for the MLflow REST calls, storage integration and stage for the artifact
 * bucket, review, commit.
 *
 * <p>Ids besides the shared ones ({@link SfWizard}): {@code #databaseName}, {@code #schemaName}, {@code #roleName},
 * {@code #grantUsage}; {@code #createTranslators}; {@code #apiName}, {@code #apiProvider}, {@code #apiRoleArn}, {@code #azureTenant},
 * {@code #azureApplication}, {@code #googleAudience}, {@code #gatewayUrl}; functions
 * {@code #fn-<i>-name|arguments|returns|path|url|request|response|batch|remove} (from 0), {@code #addFunction};
 * {@code #storageIntegration}, {@code #storageProvider}, {@code #storageRoleArn}, {@code #storageAzureTenant},
 * {@code #bucketUrl}, {@code #stageName}.
 */
public final class MlflowWizard extends SfWizard<MlflowWizardModel> {
    public static final String TITLE = "MLflow on Snowflake";

    private VBox functionsBox;

    public MlflowWizard(Workbench wb, ExecutorService executor) {
        super(wb, executor, new MlflowWizardModel(wb.registry()), TITLE, "snowflakeMlflowWizard");
    }

    @Override
    protected String connectionHint() {
        return "Choose a Snowflake connection to plan against the live account, or stay offline: the plan then assumes"
                + " nothing exists yet. The request and response translators are JavaScript UDFs the MLflow plugin"
                + " creates in the same schema.";
    }

    @Override
    protected String firstField(int step) {
        return switch (step) {
            case LOCATION -> "databaseName";
            case API -> "apiName";
            case FUNCTIONS -> "fn-0-name";
            default -> "storageIntegration";
        };
    }

    @Override
    protected Node buildStep(int step) {
        return switch (step) {
            case LOCATION -> locationPage();
            case API -> apiPage();
            case FUNCTIONS -> functionsPage();
            case ARTIFACTS -> artifactsPage();
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    private Node locationPage() {
        VBox v = page("Location and role", "The database and schema that hold the external functions and the artifact"
                + " stage, and the role that may use them.");
        GridPane g = Forms.grid();
        text(g, 0, "_Database name", "databaseName", model.databaseName(), "MLOPS");
        text(g, 1, "Sc_hema name", "schemaName", model.schemaName(), "MLFLOW");
        text(g, 2, "_Role name", "roleName", model.roleName(), "MLFLOW_USER");
        g.add(check("grantUsage", "Grant the role USAGE on the database, the schema, all functions of the schema and"
                + " the artifact stage", model.grantUsage()), 1, 3);
        v.getChildren().addAll(g, stepProblems("locationProblems", LOCATION));
        return v;
    }

    private Node apiPage() {
        VBox v = page("API integration", "The channel to the API gateway in front of the MLflow server. Its URL is the"
                + " only allowed prefix, and every function's URL is a path below it.");
        GridPane g = Forms.grid();
        text(g, 0, "_Integration name", "apiName", model.apiName(), "MLFLOW_API");
        Forms.row(g, 1, "_Provider", Forms.choiceCombo("apiProvider", model.apiProvider(), model.apiProviders()),
                "apiProvider", model.apiProvider());
        BooleanBinding aws = Bindings.createBooleanBinding(() -> SfWizardModel.isAws(model.apiProvider().get()),
                model.apiProvider().value());
        BooleanBinding azure = model.apiProvider().value().isEqualTo("azure_api_management");
        row(g, 2, "AWS _role ARN", Forms.textField("apiRoleArn", model.apiRoleArn(), "arn:aws:iam::123456789012:role/name"),
                "apiRoleArn", model.apiRoleArn(), aws);
        row(g, 3, "Azure _tenant ID", Forms.textField("azureTenant", model.azureTenant(), "UUID"),
                "azureTenant", model.azureTenant(), azure);
        row(g, 4, "Azure AD _application ID", Forms.textField("azureApplication", model.azureApplication(), "UUID"),
                "azureApplication", model.azureApplication(), azure);
        row(g, 5, "_Google audience", Forms.textField("googleAudience", model.googleAudience(), "JWT audience"),
                "googleAudience", model.googleAudience(), model.apiProvider().value().isEqualTo("google_api_gateway"));
        text(g, 6, "Gateway _URL", "gatewayUrl", model.gatewayUrl(), "https://…/api/2.0/mlflow/");
        v.getChildren().addAll(g, stepProblems("apiProblems", API));
        return v;
    }

    private Node functionsPage() {
        VBox v = page("External functions", "One function per MLflow REST call. Arguments are NAME TYPE pairs separated"
                + " by commas; the URL is the gateway URL plus the path.");
        functionsBox = new VBox(10);
        functionsBox.setId("functions");
        Button add = new Button("Add f_unction", new FontIcon(Feather.PLUS));
        add.setId("addFunction");
        add.setOnAction(e -> {
            model.addFunction();
            focusLater("fn-" + (model.functions().size() - 1) + "-name");
        });
        model.functions().addListener((ListChangeListener<Function>) c -> rebuildFunctions());
        rebuildFunctions();
        CheckBox translators = check("createTranslators", "Create the _translators as JavaScript UDFs: each request translator"
                + " sends the arguments as JSON fields of the same name in lower case (one row per request), the response"
                + " translator returns MLflow's reply", model.createTranslators());
        v.getChildren().addAll(translators, add, stepProblems("functionsProblems", FUNCTIONS), functionsBox);
        return v;
    }

    private void rebuildFunctions() {
        functionsBox.getChildren().clear();
        for (int i = 0; i < model.functions().size(); i++) functionsBox.getChildren().add(functionBox(i, model.functions().get(i)));
    }

    private Node functionBox(int i, Function f) {
        VBox b = box(4);
        String p = "fn-" + i;
        String w = "Function " + (i + 1);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        javafx.scene.layout.ColumnConstraints l1 = new javafx.scene.layout.ColumnConstraints();
        javafx.scene.layout.ColumnConstraints f1 = new javafx.scene.layout.ColumnConstraints();
        f1.setHgrow(Priority.ALWAYS);
        f1.setFillWidth(true);
        javafx.scene.layout.ColumnConstraints l2 = new javafx.scene.layout.ColumnConstraints();
        javafx.scene.layout.ColumnConstraints f2 = new javafx.scene.layout.ColumnConstraints();
        f2.setPrefWidth(170);
        f2.setMaxWidth(240);
        f2.setFillWidth(true);
        g.getColumnConstraints().setAll(l1, f1, l2, f2);
        g.add(new Label("Name"), 0, 0);
        g.add(cell(Forms.textField(p + "-name", f.name(), "MLFLOW_…"), p + "-name", f.name(), w + " name"), 1, 0);
        g.add(new Label("Returns"), 2, 0);
        g.add(cell(Forms.editableCombo(p + "-returns", f.returns(), RETURN_TYPES), p + "-returns", f.returns(),
                w + " returns"), 3, 0);
        g.add(new Label("Arguments"), 0, 1);
        g.add(cell(Forms.textField(p + "-arguments", f.arguments(), "RUN_ID VARCHAR, KEY VARCHAR"), p + "-arguments",
                f.arguments(), w + " arguments"), 1, 1, 3, 1);
        g.add(new Label("URL path"), 0, 2);
        g.add(cell(Forms.textField(p + "-path", f.path(), "runs/log-metric"), p + "-path", f.path(), w + " URL path"), 1, 2);
        g.add(new Label("Max batch rows"), 2, 2);
        g.add(cell(Forms.textField(p + "-batch", f.maxBatchRows(), "1"), p + "-batch", f.maxBatchRows(),
                w + " max batch rows"), 3, 2);
        g.add(new Label("Request translator"), 0, 3);
        g.add(cell(Forms.textField(p + "-request", f.requestTranslator(), "(none)"), p + "-request",
                f.requestTranslator(), w + " request translator"), 1, 3);
        g.add(new Label("Response translator"), 2, 3);
        g.add(cell(Forms.textField(p + "-response", f.responseTranslator(), "(none)"), p + "-response",
                f.responseTranslator(), w + " response translator"), 3, 3);
        for (Node n : g.getChildren()) {
            GridPane.setValignment(n, javafx.geometry.VPos.TOP);
            if (n instanceof Label) GridPane.setMargin(n, new javafx.geometry.Insets(5, 0, 0, 0));
        }
        Label url = Forms.hint("");
        url.setId(p + "-url");
        url.textProperty().bind(Bindings.createStringBinding(() -> "POST " + model.urlOf(f),
                model.gatewayUrl().value(), f.path().value()));
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId(p + "-remove");
        remove.setAccessibleText("Remove " + w);
        remove.setOnAction(e -> model.functions().remove(f));
        remove.setMinWidth(Region.USE_PREF_SIZE);
        url.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox foot = new HBox(8, url, spacer, remove);
        foot.setAlignment(Pos.CENTER_LEFT);
        b.getChildren().addAll(g, foot);
        return b;
    }

    private Node artifactsPage() {
        VBox v = page("Artifact storage", "A storage integration for the MLflow artifact bucket and an external stage on"
                + " it, so serialized models can be read from Snowflake.");
        GridPane g = Forms.grid();
        text(g, 0, "Storage _integration", "storageIntegration", model.storageIntegration(), "MLFLOW_ARTIFACTS");
        Forms.row(g, 1, "Storage _provider", Forms.choiceCombo("storageProvider", model.storageProvider(),
                model.storageProviders()), "storageProvider", model.storageProvider());
        row(g, 2, "Storage _role ARN", Forms.textField("storageRoleArn", model.storageRoleArn(), "arn:aws:iam::…:role/…"),
                "storageRoleArn", model.storageRoleArn(), model.storageProvider().value().isEqualTo("S3"));
        row(g, 3, "Azure _tenant ID", Forms.textField("storageAzureTenant", model.storageAzureTenant(), "UUID"),
                "storageAzureTenant", model.storageAzureTenant(), model.storageProvider().value().isEqualTo("AZURE"));
        text(g, 4, "Artifact bucket _URL", "bucketUrl", model.bucketUrl(), "s3://mlflow-artifacts-bucket/");
        text(g, 5, "St_age name", "stageName", model.stageName(), "MLFLOW_ARTIFACT_STAGE");
        v.getChildren().addAll(g, stepProblems("artifactsProblems", ARTIFACTS));
        return v;
    }
}
