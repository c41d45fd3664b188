package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.WizardFrame;
import dev.mlpc.ui.wizard.datashare.DataShareWizardModel.Consumer;
import dev.mlpc.ui.wizard.datashare.DataShareWizardModel.Dataset;
import dev.mlpc.ui.wizard.snowflake.SfWizard;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import static dev.mlpc.ui.wizard.datashare.DataSharePages.*;
import static dev.mlpc.ui.wizard.datashare.DataShareWizardModel.*;

/**
 * The wizard "Federated-learning data share" (seed 002), the provider side of Azure Data Share: connection (offline or
 * a {@code datashare} profile), resource group (used as it is, or created) and account (location, tags), the share
 * (kind, description, terms), its datasets (a list editor), the consumers invited (by email, or object id and tenant
 * id), an optional synchronization schedule, review. It supplies its pages and {@link SfWizard}'s hooks; the shared
 * {@link WizardFrame} does navigation, the review (plan with the role-assignment warnings, the "Requests" tab with
 * the request documents, the stack YAML), the commit, the optional apply of exactly the reviewed plan with progress,
 * and the finish page.
 *
 * <p>Ids: {@code #connection}, {@code #stackName}, {@code #description}; {@code #resourceGroup},
 * {@code #createResourceGroup}, {@code #resourceGroupLocation}, {@code #accountName}, {@code #location}, {@code #tags};
 * {@code #shareName}, {@code #shareKind}, {@code #shareDescription}, {@code #terms}; datasets
 * {@code #dataset-<i>-name|kind|subscription|resourceGroup|storageAccount|container|path|remove} (from 0),
 * {@code #addDataset}; consumers {@code #consumer-<i>-name|by|email|objectId|tenantId|expiration|remove},
 * {@code #addConsumer}; {@code #schedule}, {@code #syncTime}, {@code #syncName}; the request documents are in
 * {@code #sqlText}. A field's inline message has the field's id plus {@code Error}; a step's other problems are in
 * {@code #accountProblems}, {@code #shareProblems}, {@code #datasetsProblems}, {@code #consumersProblems},
 * {@code #scheduleProblems}.
 */
public final class FederatedDataShareWizard extends DataShareWizard<DataShareWizardModel> {
    public static final String TITLE = "Federated-learning data share";
    /** The wizard's id in the provider's description ({@code WizardSpec}) and in {@code dev.mlpc.Modules}. */
    public static final String WIZARD_ID = dev.mlpc.providers.datashare.DataShareProvider.FEDERATED_LEARNING_WIZARD;

    private VBox datasetsBox;
    private VBox consumersBox;

    public FederatedDataShareWizard(Workbench wb, ExecutorService executor) {
        super(wb, executor, new DataShareWizardModel(Objects.requireNonNull(wb).registry()), TITLE, "dataShareWizard");
    }

    @Override
    protected Node buildStep(int step) {
        return switch (step) {
            case ACCOUNT_STEP -> accountPage();
            case SHARE_STEP -> sharePage();
            case DATASETS -> datasetsPage();
            case CONSUMERS -> consumersPage();
            case SCHEDULE -> schedulePage();
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    @Override
    protected String firstField(int step) {
        return switch (step) {
            case ACCOUNT_STEP -> "resourceGroup";
            case SHARE_STEP -> "shareName";
            case DATASETS -> model.datasets().isEmpty() ? "addDataset" : "dataset-0-name";
            case CONSUMERS -> model.consumers().isEmpty() ? "addConsumer" : "consumer-0-name";
            case SCHEDULE -> "schedule";
            default -> "stackName";
        };
    }

    @Override
    protected String connectionHint() {
        return "Choose an Azure Data Share connection to plan against the live subscription, or stay offline: the plan"
                + " then assumes nothing exists yet.";
    }


    @Override
    protected Node buildConnectionPage() {
        return connectionPage("Where the share lives", "With a connection the review plans against the live subscription and"
                        + " checks the account's access to the storage; Finish can then apply. Without one it plans offline.");
    }

    // ---- pages --------------------------------------------------------------------------------------------------

    private Node accountPage() {
        VBox v = page("Resource group and account", "The Data Share account holds the share. It lives in a resource"
                + " group, which is used as it is unless you ask to create it. Changing the account's location later"
                + " replaces the account.");
        GridPane g = Forms.grid();
        TextField rg = text(g, 0, "_Resource group", "resourceGroup", model.resourceGroup(), DEFAULT_RESOURCE_GROUP);
        rg.setTooltip(tooltip("An existing resource group, or a new one when \"Create the resource group\" is ticked."));
        CheckBox create = literalCheck("createResourceGroup", "Create the resource group (a datashare.resource_group in the"
                + " stack; otherwise it must already exist and is never created or deleted)", model.createResourceGroup());
        create.setTooltip(tooltip("Ticked: the stack creates the group, and removing it from the stack deletes it."));
        g.add(create, 1, 1);
        ComboBox<String> rgLocation = Forms.editableCombo("resourceGroupLocation", model.resourceGroupLocation(), LOCATIONS);
        row(g, 2, "Resource group lo_cation", rgLocation, "resourceGroupLocation", model.resourceGroupLocation(),
                model.createResourceGroup());
        text(g, 3, "_Account name", "accountName", model.accountName(), DEFAULT_ACCOUNT)
                .setTooltip(tooltip("The Data Share account: letters, digits, '_', '-' and '.'."));
        ComboBox<String> location = Forms.editableCombo("location", model.location(), LOCATIONS);
        location.setTooltip(tooltip("The Azure region of the account, e.g. eastus or westeurope. Type any region name."));
        Forms.row(g, 4, "_Location", location, "location", model.location());
        TextField tags = text(g, 5, "_Tags", "tags", model.tags(), "Environment=Production, Team=ml-platform");
        tags.setTooltip(tooltip("name=value pairs separated by commas; at most 50."));
        v.getChildren().addAll(g,
                Forms.hint("Managed identity: system-assigned, the only kind a Data Share account takes. It needs read"
                        + " access (Storage Blob Data Reader) to each source storage account; the review warns where"
                        + " the role is missing, or says it was not checked."),
                stepProblems("accountProblems", ACCOUNT_STEP));
        return v;
    }

    private Node sharePage() {
        VBox v = page("Share", "What the consumers receive. A CopyBased share copies snapshots into the consumers' own"
                + " storage; InPlace shares data in place. The kind cannot be changed later without replacing the share.");
        GridPane g = Forms.grid();
        text(g, 0, "_Share name", "shareName", model.shareName(), DEFAULT_SHARE)
                .setTooltip(tooltip("The share's name, as consumers see it in their invitation."));
        ComboBox<String> kind = Forms.choiceCombo("shareKind", model.shareKind(), model.shareKinds());
        kind.setTooltip(tooltip("CopyBased: snapshots copied to the consumer. InPlace: shared in place."));
        Forms.row(g, 1, "Share _kind", kind, "shareKind", model.shareKind());
        text(g, 2, "_Description", "shareDescription", model.shareDescription(), "what the share holds")
                .setTooltip(tooltip("What the share holds; changed in place later."));
        TextField terms = text(g, 3, "_Terms of use", "terms", model.terms(), "Terms of the data share agreement");
        terms.setTooltip(tooltip("The terms each consumer accepts with the invitation."));
        v.getChildren().addAll(g, stepProblems("shareProblems", SHARE_STEP));
        return v;
    }

    private Node datasetsPage() {
        VBox v = page("Datasets", "Each dataset is a blob, a blob folder, a container, or an ADLS Gen2 file, folder or"
                + " file system in a storage account. Data Share cannot change a dataset: any later change replaces it.");
        datasetsBox = new VBox(8);
        datasetsBox.setId("datasets");
        Button add = new Button("_Add dataset", new FontIcon(Feather.PLUS));
        add.setId("addDataset");
        add.setTooltip(tooltip("Add a row for another dataset of the share"));
        add.setOnAction(e -> {
            model.addDataset();
            focusLater("dataset-" + (model.datasets().size() - 1) + "-name");
        });
        model.datasets().addListener((ListChangeListener<Dataset>) c -> rebuildDatasets());
        rebuildDatasets();
        v.getChildren().addAll(add, stepProblems("datasetsProblems", DATASETS), datasetsBox);
        return v;
    }

    private void rebuildDatasets() {
        datasetsBox.getChildren().clear();
        for (int i = 0; i < model.datasets().size(); i++) datasetsBox.getChildren().add(datasetRow(i, model.datasets().get(i)));
    }

    private Node datasetRow(int i, Dataset d) {
        String id = "dataset-" + i;
        String who = "Dataset " + (i + 1);
        GridPane g = rowGrid();
        VBox name = DataSharePages.text(id + "-name", d.name(), "training-data", who + " name",
                "The dataset's name in the share (what consumers see).");
        put(g, 0, 0, caption("Name", name.getChildren().get(0)), name);
        VBox kind = choice(id + "-kind", d.storage().kind(), model.datasetKinds(), who + " kind",
                "Blob, BlobFolder or Container in Blob storage; AdlsGen2File, AdlsGen2Folder or AdlsGen2FileSystem in"
                        + " Data Lake Storage Gen2.");
        put(g, 0, 1, caption("Kind", kind.getChildren().get(0)), kind);
        storage(g, 1, id, d.storage(), who, "source");
        Button remove = remove(id + "-remove", who, () -> model.datasets().remove(d));
        return rowBox(id, g, remove);
    }

    private Node consumersPage() {
        VBox v = page("Consumers", "Each consumer gets an invitation: by email (the person accepts it in their own"
                + " tenant), or by the Azure AD object id and tenant id of a user or service principal (for automated"
                + " acceptance). Withdrawing an invitation later is destructive.");
        consumersBox = new VBox(8);
        consumersBox.setId("consumers");
        Button add = new Button("_Add consumer", new FontIcon(Feather.USER_PLUS));
        add.setId("addConsumer");
        add.setTooltip(tooltip("Add another invitation"));
        add.setOnAction(e -> {
            model.addConsumer();
            focusLater("consumer-" + (model.consumers().size() - 1) + "-name");
        });
        model.consumers().addListener((ListChangeListener<Consumer>) c -> rebuildConsumers());
        rebuildConsumers();
        v.getChildren().addAll(add, stepProblems("consumersProblems", CONSUMERS), consumersBox);
        return v;
    }

    private void rebuildConsumers() {
        consumersBox.getChildren().clear();
        for (int i = 0; i < model.consumers().size(); i++) consumersBox.getChildren().add(consumerRow(i, model.consumers().get(i)));
    }

    private Node consumerRow(int i, Consumer k) {
        String id = "consumer-" + i;
        String who = "Consumer " + (i + 1);
        GridPane g = rowGrid();
        VBox name = DataSharePages.text(id + "-name", k.name(), "consortium-member", who + " invitation name",
                "The invitation's name in the share.");
        put(g, 0, 0, caption("Invitation", name.getChildren().get(0)), name);
        VBox by = choice(id + "-by", k.by(), inviteChoices(), who + " invite by",
                "Email: the invited person accepts. Azure AD object id: a user or service principal of a tenant.");
        put(g, 0, 1, caption("Invite by", by.getChildren().get(0)), by);
        VBox email = DataSharePages.text(id + "-email", k.email(), "consumer@example.com", who + " email",
                "The email address the invitation is sent to.");
        Label emailCaption = caption("Email", email.getChildren().get(0));
        put(g, 1, 0, emailCaption, email);
        GridPane.setColumnSpan(email, 3);
        showAll(k.byEmail(), emailCaption, email, email.getChildren().get(0));
        BooleanBinding byObject = k.byEmail().not();
        VBox object = DataSharePages.text(id + "-objectId", k.objectId(), "00000000-0000-0000-0000-000000000000",
                who + " object id", "The Azure AD object id (a GUID) of the user or service principal.");
        VBox tenant = DataSharePages.text(id + "-tenantId", k.tenantId(), "00000000-0000-0000-0000-000000000000",
                who + " tenant id", "The Azure AD tenant id (a GUID) the object belongs to.");
        Label objectCaption = caption("Object id", object.getChildren().get(0));
        Label tenantCaption = caption("Tenant id", tenant.getChildren().get(0));
        put(g, 2, 0, objectCaption, object);
        GridPane.setColumnSpan(object, 3);
        put(g, 3, 0, tenantCaption, tenant);
        GridPane.setColumnSpan(tenant, 3);
        showAll(byObject, objectCaption, object, tenantCaption, tenant, object.getChildren().get(0),
                tenant.getChildren().get(0));
        VBox expires = DataSharePages.text(id + "-expiration", k.expiration(), "optional: 2027-06-30T00:00:00Z",
                who + " expiration", "Optional: when the invitation and the consumer's subscription expire (ISO-8601).");
        put(g, 4, 0, caption("Expires", expires.getChildren().get(0)), expires);
        GridPane.setColumnSpan(expires, 3);
        Button remove = remove(id + "-remove", who, () -> model.consumers().remove(k));
        return rowBox(id, g, remove);
    }

    private Node schedulePage() {
        VBox v = page("Schedule", "A synchronization schedule the share offers: consumers can add a trigger on it to"
                + " receive updates every hour or every day from the first synchronization on. Without one, consumers"
                + " synchronize when they choose.");
        GridPane g = Forms.grid();
        ComboBox<String> schedule = Forms.choiceCombo("schedule", model.schedule(), model.scheduleChoices());
        schedule.setTooltip(tooltip("None, Hour or Day."));
        Forms.row(g, 0, "_Recurrence", schedule, "schedule", model.schedule());
        BooleanBinding scheduled = Bindings.createBooleanBinding(model::scheduled, model.schedule().value());
        TextField time = Forms.textField("syncTime", model.syncTime(), "2026-01-31T02:00:00Z");
        time.setTooltip(tooltip("ISO-8601 date-time with offset; Day repeats at that time of day, Hour at that minute."));
        row(g, 1, "First _synchronization", time, "syncTime", model.syncTime(), scheduled);
        TextField name = Forms.textField("syncName", model.syncName(), DEFAULT_SYNC_SETTING);
        name.setTooltip(tooltip("The synchronization setting's name in the share."));
        row(g, 2, "Schedule na_me", name, "syncName", model.syncName(), scheduled);
        v.getChildren().addAll(g, stepProblems("scheduleProblems", SCHEDULE));
        return v;
    }
}
