package dev.mlpc.ui.wizard.sagemaker;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.WizardDefinition;
import dev.mlpc.ui.wizard.WizardFrame;
import dev.mlpc.ui.wizard.snowflake.SfWizard;
import dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModel.Profile;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import static dev.mlpc.ui.wizard.sagemaker.SageMakerWizardModel.*;

/**
 * The wizard "SageMaker governance domain" (seed 001): connection (offline or a {@code sagemaker} profile), the
 * domain (name, auth mode, VPC and subnets, app network access, KMS key, owner and data-classification tags), the
 * default user settings (execution role, security groups, notebook output sharing), the user profiles, review. It
 * only supplies its pages and the hooks of {@link SfWizard} (connection type, labels); the shared {@link WizardFrame} does navigation, the review
 * (plan with the governance findings as warnings, the request documents, the stack YAML), the commit, the optional
 * apply of exactly the reviewed plan with progress, and the finish page. A live plan that fails falls back to the
 * offline plan with the reason, and apply then stays disabled.
 *
 * <p>Ids: {@code #connection}, {@code #stackName}, {@code #description}; {@code #domainName}, {@code #authMode},
 * {@code #vpcId}, {@code #subnetIds}, {@code #networkAccess}, {@code #kmsKeyId}, {@code #ownerTag},
 * {@code #classificationTag}; {@code #executionRole}, {@code #securityGroups}, {@code #notebookOutput},
 * {@code #s3OutputPath}, {@code #s3KmsKeyId}; profiles {@code #profile-<i>-name|role|remove} (from 0),
 * {@code #addProfile}; the request documents are in {@code #sqlText}. A field's inline message has the field's id
 * plus {@code Error}; a step's other problems are in {@code #domainProblems}, {@code #userSettingsProblems},
 * {@code #profilesProblems}.
 */
public final class SageMakerDomainWizard extends SfWizard<SageMakerWizardModel> {
    public static final String TITLE = "SageMaker governance domain";
    /** The wizard's id in the provider's description ({@code WizardSpec}) and in {@code dev.mlpc.Modules}. */
    public static final String WIZARD_ID = "sagemaker-governance-domain";

    private VBox profilesBox;

    public SageMakerDomainWizard(Workbench wb, ExecutorService executor) {
        super(wb, executor, new SageMakerWizardModel(Objects.requireNonNull(wb).registry()), TITLE, "sageMakerDomainWizard");
    }

    @Override
    protected Node buildStep(int step) {
        return switch (step) {
            case DOMAIN -> domainPage();
            case USER_SETTINGS -> userSettingsPage();
            case PROFILES -> profilesPage();
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    @Override
    protected String firstField(int step) {
        return switch (step) {
            case DOMAIN -> "domainName";
            case USER_SETTINGS -> "executionRole";
            case PROFILES -> model.profiles().isEmpty() ? "addProfile" : "profile-0-name";
            default -> "stackName";
        };
    }

    @Override
    protected String connectionHint() {
        return "Choose a SageMaker connection to plan against the live account, or stay offline: the plan then assumes"
                + " nothing exists yet.";
    }

    @Override protected String connectionType() { return CONNECTION_TYPE; }

    @Override
    protected Function<ConnectionProfile, String> connectionDetail() {
        return p -> p.setting("region") == null ? null : "region " + p.setting("region");
    }

    @Override protected String systemName() { return "SageMaker"; }
    @Override protected String generatedTabTitle() { return "Request documents"; }
    @Override protected String appliedUnit() { return "request"; }
    @Override protected Node buildConnectionPage() { return connectionPage(); }

    // ---- pages --------------------------------------------------------------------------------------------------

    private Node connectionPage() {
        VBox v = page("Where the domain lives", connectionHint());
        GridPane g = Forms.grid();
        ConnectionPicker picker = frame().connectionPicker();
        g.add(Forms.label("C_onnection", picker.box()), 0, 0);
        g.add(picker.field(), 1, 0);
        text(g, 1, "_Stack name", "stackName", model.stackName(), model.stackName().initial());
        text(g, 2, "_Description", "description", model.description(), "what this stack is for");
        v.getChildren().addAll(g,
                Forms.hint("The stack is committed as stacks/<stack name>.yaml, its request documents under"
                        + " generated/sagemaker/. With a connection the review plans against the live account and Finish"
                        + " can apply; without one it plans offline."),
                Forms.messageList("connectionProblems", model.stackProblems(CONNECTION)));
        return v;
    }

    private Node domainPage() {
        VBox v = page("Domain", "The governed environment through which ML users reach datasets. Changing the name, auth"
                + " mode, VPC or KMS key later replaces the domain (and every user's home file system).");
        GridPane g = Forms.grid();
        text(g, 0, "Domain _name", "domainName", model.domainName(), DEFAULT_DOMAIN);
        Forms.row(g, 1, "_Auth mode", Forms.choiceCombo("authMode", model.authMode(), model.authModes()),
                "authMode", model.authMode());
        text(g, 2, "_VPC ID", "vpcId", model.vpcId(), "vpc-0123456789abcdef0");
        text(g, 3, "S_ubnet IDs", "subnetIds", model.subnetIds(), "subnet-…, subnet-… (comma-separated)");
        Forms.row(g, 4, "App network _access", Forms.choiceCombo("networkAccess", model.networkAccess(),
                model.networkAccessTypes()), "networkAccess", model.networkAccess());
        text(g, 5, "_KMS key", "kmsKeyId", model.kmsKeyId(), "key id or ARN (empty: an AWS managed key)");
        text(g, 6, "_Owner tag", "ownerTag", model.owner(), "team or person accountable, e.g. ml-platform");
        Forms.row(g, 7, "Data _classification tag", Forms.editableCombo("classificationTag", model.classification(),
                CLASSIFICATIONS), "classificationTag", model.classification());
        v.getChildren().addAll(g, stepProblems("domainProblems", DOMAIN));
        return v;
    }

    private Node userSettingsPage() {
        VBox v = page("Default user settings", "What every user profile gets unless it overrides it: the role its apps"
                + " run as, the security groups, and whether notebooks may be shared (with their output in S3).");
        GridPane g = Forms.grid();
        text(g, 0, "_Execution role ARN", "executionRole", model.executionRole(), "arn:aws:iam::123456789012:role/name");
        text(g, 1, "_Security groups", "securityGroups", model.securityGroups(), "sg-…, sg-… (comma-separated)");
        Forms.row(g, 2, "_Notebook output", Forms.choiceCombo("notebookOutput", model.notebookOutput(),
                model.notebookOutputOptions()), "notebookOutput", model.notebookOutput());
        BooleanBinding allowed = Bindings.createBooleanBinding(model::sharingAllowed, model.notebookOutput().value());
        row(g, 3, "S3 _output path", Forms.textField("s3OutputPath", model.s3OutputPath(), "s3://bucket/prefix"),
                "s3OutputPath", model.s3OutputPath(), allowed);
        row(g, 4, "S3 _KMS key", Forms.textField("s3KmsKeyId", model.s3KmsKeyId(), "key id or ARN for shared output"),
                "s3KmsKeyId", model.s3KmsKeyId(), allowed);
        v.getChildren().addAll(g, stepProblems("userSettingsProblems", USER_SETTINGS));
        return v;
    }

    private Node profilesPage() {
        VBox v = page("User profiles", "One profile per ML user. A profile uses the domain's default settings; give an"
                + " execution role only to override the default one for that user.");
        profilesBox = new VBox(8);
        profilesBox.setId("profiles");
        Button add = new Button("Add _profile", new FontIcon(Feather.USER_PLUS));
        add.setId("addProfile");
        add.setOnAction(e -> {
            model.addProfile();
            focusLater("profile-" + (model.profiles().size() - 1) + "-name");
        });
        model.profiles().addListener((ListChangeListener<Profile>) c -> rebuildProfiles());
        rebuildProfiles();
        v.getChildren().addAll(add, stepProblems("profilesProblems", PROFILES), profilesBox);
        return v;
    }

    private void rebuildProfiles() {
        profilesBox.getChildren().clear();
        for (int i = 0; i < model.profiles().size(); i++) profilesBox.getChildren().add(profileRow(i, model.profiles().get(i)));
    }

    private Node profileRow(int i, Profile p) {
        String id = "profile-" + i;
        String who = "User profile " + (i + 1);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        g.add(new Label("Name"), 0, 0);
        g.add(cell(Forms.textField(id + "-name", p.name(), "ml-user"), id + "-name", p.name(), who + " name"), 1, 0);
        g.add(new Label("Execution role"), 2, 0);
        g.add(cell(Forms.textField(id + "-role", p.executionRole(), "(the domain's default)"), id + "-role",
                p.executionRole(), who + " execution role override"), 3, 0);
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId(id + "-remove");
        remove.setAccessibleText("Remove " + who);
        remove.setMinWidth(Region.USE_PREF_SIZE);
        remove.setOnAction(e -> model.profiles().remove(p));
        g.add(remove, 4, 0);
        javafx.scene.layout.ColumnConstraints name = new javafx.scene.layout.ColumnConstraints();
        name.setPrefWidth(200);
        name.setFillWidth(true);
        javafx.scene.layout.ColumnConstraints role = new javafx.scene.layout.ColumnConstraints();
        role.setHgrow(Priority.ALWAYS);
        role.setFillWidth(true);
        g.getColumnConstraints().setAll(new javafx.scene.layout.ColumnConstraints(), name,
                new javafx.scene.layout.ColumnConstraints(), role, new javafx.scene.layout.ColumnConstraints());
        for (Node n : g.getChildren()) {
            GridPane.setValignment(n, VPos.TOP);
            if (n instanceof Label) GridPane.setMargin(n, new Insets(5, 0, 0, 0));
        }
        HBox row = new HBox(g);
        HBox.setHgrow(g, Priority.ALWAYS);
        row.setAlignment(Pos.TOP_LEFT);
        row.setPadding(new Insets(8));
        row.getStyleClass().add("wizard-box");
        return row;
    }
}
