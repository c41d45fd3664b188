package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.WizardDefinition;
import dev.mlpc.ui.wizard.WizardFrame;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.ExtensionChoice;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.GrantChoice;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.GrantKind;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.Step;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The wizard "PostgreSQL model-management backend" (seed 003): connection (or offline), database, schema and roles
 * with grants, extensions, review of the plan, then commit to the config repository and optionally apply, and after
 * a successful apply optionally install the model registry.
 *
 * <p>It supplies its pages and answers ({@link PostgresWizardModel}) to the shared {@link WizardFrame}, which does the
 * navigation, the review (planned on the given executor), the commit, the apply of exactly the reviewed plan with
 * progress and cancel, and the finish page. The registry install is the definition's after-apply action.
 *
 * <p>Ids of its pages: {@code #connection}, {@code #stackName}, {@code #description}, {@code #databaseName},
 * {@code #ownerRole}, {@code #encoding}, {@code #lcCollate}, {@code #lcCtype}, {@code #template},
 * {@code #connectionLimit}, {@code #comment}, {@code #schemaName}, {@code #writerRole}, {@code #writerLogin},
 * {@code #writerPassword}, {@code #readerRole}, {@code #readerLogin}, {@code #readerPassword}, grant boxes
 * {@code #writerConnect}, {@code #writerUsage}, {@code #writerTables}, {@code #writerFuture} (and {@code #reader…}),
 * extensions {@code #ext-<name>} with {@code #extSchema-<name>}, on the review {@code #installRegistry}; the step
 * labels {@code #step-connection} … {@code #step-finish}; the frame's ids are listed in {@link WizardFrame}. The
 * inline message of a field has the field's id plus {@code Error}.
 */
public final class PostgresWizard {
    /** The wizard's window title. */
    public static final String TITLE = "PostgreSQL model-management backend";

    /** The pages of the wizard, in order: the model's steps plus the finish page. */
    public enum Page {
        CONNECTION("Connection"), DATABASE("Database"), ROLES("Schema and roles"), EXTENSIONS("Extensions"),
        REVIEW("Review"), FINISH("Finish");

        private final String title;

        Page(String title) { this.title = title; }

        /** The title in the step indicator. */
        public String title() { return title; }
    }

    private final Workbench wb;
    private final PostgresWizardModel model;
    private final WizardFrame frame;

    /**
     * @param wb       the services (plan, commit, apply, repository, connections)
     * @param executor where all service calls run; never the FX thread
     */
    public PostgresWizard(Workbench wb, ExecutorService executor) {
        this.wb = Objects.requireNonNull(wb);
        this.model = new PostgresWizardModel(wb.registry());
        this.frame = new WizardFrame(wb, executor, new Definition());
    }

    /** The answers and their validation. */
    public PostgresWizardModel model() { return model; }

    /** The wizard's window, once {@link #show} was called (null before). */
    public Stage stage() { return frame.stage(); }

    /** The root node of the wizard's scene, once {@link #show} was called (null before). */
    public Parent root() { return frame.root(); }

    /** The page shown now. */
    public Page page() { return Page.values()[frame.page()]; }

    /** The frame the wizard runs in. */
    public WizardFrame frame() { return frame; }

    /**
     * Opens the wizard in its own window (FX thread). A wizard is one flow: calling this again brings its window back
     * with the answers it holds.
     *
     * @param owner       the window it belongs to, or null
     * @param onCommitted runs on the FX thread after each successful commit (also the one an apply makes)
     */
    public void show(Window owner, Runnable onCommitted) {
        frame.show(owner, onCommitted);
    }

    /** What this wizard supplies to the frame. */
    private final class Definition implements WizardDefinition {
        @Override public String title() { return TITLE; }
        @Override public String rootId() { return "postgresWizard"; }
        @Override public double width() { return 860; }
        @Override public double height() { return 720; }
        @Override public List<String> stepTitles() { return Arrays.stream(Step.values()).map(Step::title).toList(); }
        @Override public String stepId(int step) { return "step-" + Page.values()[step].name().toLowerCase(Locale.ROOT); }

        @Override
        public Node buildPage(int step) {
            return switch (Step.values()[step]) {
                case CONNECTION -> buildConnectionPage();
                case DATABASE -> buildDatabasePage();
                case ROLES -> buildRolesPage();
                case EXTENSIONS -> buildExtensionsPage();
                case REVIEW -> throw new IllegalArgumentException("the review page is the frame's");
            };
        }

        @Override
        public String firstField(int step) {
            return switch (Step.values()[step]) {
                case CONNECTION -> "connection";
                case DATABASE -> "databaseName";
                case ROLES -> "schemaName";
                case EXTENSIONS -> "ext-pgcrypto";
                case REVIEW -> "commitMessage";
            };
        }

        @Override public ObservableBooleanValue valid(int step) { return model.valid(Step.values()[step]); }
        @Override public ObservableBooleanValue allValid() { return model.allValid(); }

        @Override
        public boolean stackReady() {
            for (Step s : Step.values()) {
                if (s != Step.REVIEW && !model.valid(s).get()) return false;
            }
            return model.stackProblems(Step.REVIEW).isEmpty();
        }

        @Override public Stack stack() { return model.stack(); }
        @Override public String yaml() { return model.yaml(); }
        @Override public ObservableBooleanValue dirty() { return model.dirty(); }
        @Override public ObjectProperty<ConnectionProfile> connection() { return model.connection(); }
        @Override public String connectionType() { return "postgres"; }
        @Override public Function<ConnectionProfile, String> connectionDetail() { return p -> p.setting("url"); }
        @Override public boolean preferFirstConnection() { return true; }
        @Override public void connectionsLoaded(List<ConnectionProfile> profiles) { model.connections().setAll(profiles); }
        @Override public String systemName() { return "PostgreSQL"; }
        @Override public ValidatedText commitMessage() { return model.commitMessage(); }
        @Override public ObservableList<String> reviewMessages() { return model.messages(Step.REVIEW); }
        @Override public BooleanProperty applyAfterCommit() { return model.applyAfterCommit(); }
        @Override public BooleanProperty allowDestroy() { return model.allowDestroy(); }
        @Override public String noChanges() { return "no changes, the live system matches the stack."; }

        @Override
        public List<Node> reviewOptions() {
            CheckBox installBox = new CheckBox();
            installBox.setId("installRegistry");
            installBox.setMnemonicParsing(false);
            installBox.textProperty().bind(Bindings.createStringBinding(() -> "Install the model registry in schema "
                    + model.schemaName().get() + " after the apply", model.schemaName().value()));
            installBox.selectedProperty().bindBidirectional(model.installRegistry());
            installBox.disableProperty().bind(model.connection().isNull().or(model.applyAfterCommit().not()));
            return List.of(installBox);
        }

        @Override
        public AfterApply afterApply(ConnectionProfile connection) {
            if (!model.installRegistry().get()) return null;
            return new InstallRegistry(new dev.mlpc.app.RegistryInstall(connection, model.databaseName().get(), model.schemaName().get(),
                    model.ownerRole().get()));
        }
    }

    /**
     * Installs the model registry in the database and schema the apply just made, as the stack's owner role
     * ({@link dev.mlpc.app.RegistryInstall}).
     */
    private final class InstallRegistry implements WizardDefinition.AfterApply {
        private final dev.mlpc.app.RegistryInstall install;

        InstallRegistry(dev.mlpc.app.RegistryInstall install) {
            this.install = install;
        }

        @Override
        public String running() { return install.running(); }

        @Override
        public String run() throws Exception { return install.run(wb); }

        @Override
        public String failed(Throwable e) {
            return "The model registry could not be installed: " + UiErrors.message(e)
                    + " Install it later from View → Model registry (Install registry) or with mlpc registry init.";
        }

        @Override
        public String skipped() { return "The model registry was not installed: the apply did not succeed."; }
    }

    // ---- pages --------------------------------------------------------------------------------------------------

    private static VBox page(String heading, String hint) {
        Label h = new Label(heading);
        h.setStyle("-fx-font-weight: bold;");
        VBox v = new VBox(10, h, Forms.hint(hint));
        v.setPadding(new Insets(0, 12, 0, 0));
        return v;
    }

    private Node buildConnectionPage() {
        VBox v = page("Where the backend lives",
                "Choose a PostgreSQL connection to plan against the live server, or stay offline: the plan then assumes"
                        + " nothing exists yet, and you can commit the stack and apply it later.");
        GridPane g = Forms.grid();
        ConnectionPicker connectionPicker = frame.connectionPicker();
        g.add(Forms.label("C_onnection", connectionPicker.box()), 0, 0);
        g.add(connectionPicker.field(), 1, 0);

        TextField stack = Forms.textField("stackName", model.stackName(), "mlreg");
        Forms.row(g, 1, "_Stack name", stack, "stackName", model.stackName());
        TextField desc = Forms.textField("description", model.description(), "what this stack is for");
        Forms.row(g, 2, "_Description", desc, "description", model.description());
        v.getChildren().addAll(g, Forms.hint("The stack is committed as stacks/<stack name>.yaml in the config repository."),
                Forms.messageList("connectionProblems", model.stackProblems(Step.CONNECTION)));
        return v;
    }

    private Node buildDatabasePage() {
        VBox v = page("The database", "The database that holds the model registry, owned by a role without login.");
        GridPane g = Forms.grid();
        int r = 0;
        Forms.row(g, r++, "_Database name", Forms.textField("databaseName", model.databaseName(), "ml_models"),
                "databaseName", model.databaseName());
        Forms.row(g, r++, "_Owner role", Forms.textField("ownerRole", model.ownerRole(), "mlreg_owner"),
                "ownerRole", model.ownerRole());
        Forms.row(g, r++, "_Encoding", Forms.choiceCombo("encoding", model.encoding(), PostgresWizardModel.ENCODINGS),
                "encoding", model.encoding());
        Forms.row(g, r++, "_Collation (lc_collate)",
                Forms.editableCombo("lcCollate", model.lcCollate(), PostgresWizardModel.LOCALES),
                "lcCollate", model.lcCollate());
        Forms.row(g, r++, "C_haracter classes (lc_ctype)",
                Forms.editableCombo("lcCtype", model.lcCtype(), PostgresWizardModel.LOCALES),
                "lcCtype", model.lcCtype());
        Forms.row(g, r++, "_Template", Forms.choiceCombo("template", model.template(), PostgresWizardModel.TEMPLATES),
                "template", model.template());
        Forms.row(g, r++, "Connection _limit", Forms.textField("connectionLimit", model.connectionLimit(), "-1 = no limit"),
                "connectionLimit", model.connectionLimit());
        Forms.row(g, r++, "Co_mment", Forms.textField("comment", model.comment(), "COMMENT ON DATABASE"),
                "comment", model.comment());
        v.getChildren().addAll(g,
                Forms.hint("A locale other than the template's needs template0. Encoding, collation and template are"
                        + " fixed once the database exists: changing them later means replacing the database."),
                Forms.messageList("databaseProblems", model.stackProblems(Step.DATABASE)));
        return v;
    }

    private Node buildRolesPage() {
        VBox v = page("Schema and roles",
                "A schema for the registry's tables, a writer role for the registry service and a reader role for"
                        + " dashboards. Passwords are references to a secret (${env:NAME} or ${keychain:service/account}),"
                        + " never the password itself.");
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Sc_hema name", Forms.textField("schemaName", model.schemaName(), "ml_model_schema"),
                "schemaName", model.schemaName());
        HBox roles = new HBox(16,
                roleBox("writer", "_Writer role", model.writerRole(), model.writerLogin(), model.writerPassword(),
                        PostgresWizardModel.writerPrivileges(), model::writerGrant),
                roleBox("reader", "_Reader role", model.readerRole(), model.readerLogin(), model.readerPassword(),
                        PostgresWizardModel.readerPrivileges(), model::readerGrant));
        roles.getChildren().forEach(n -> {
            HBox.setHgrow(n, Priority.ALWAYS);
            ((Region) n).setPrefWidth(10);
        });
        v.getChildren().addAll(g, roles, Forms.messageList("rolesProblems", model.stackProblems(Step.ROLES)));
        return v;
    }

    private Node roleBox(String prefix, String label, ValidatedText name, BooleanProperty login, ValidatedText password,
                         List<String> tablePrivileges, java.util.function.Function<GrantKind, GrantChoice> grants) {
        VBox box = new VBox(6);
        box.setPadding(new Insets(10));
        box.getStyleClass().add("wizard-box");
        box.setMaxWidth(Double.MAX_VALUE);
        String roleId = prefix + "Role";
        TextField nameField = Forms.textField(roleId, name, null);
        CheckBox loginBox = new CheckBox("Can log in");
        loginBox.setMnemonicParsing(false);
        loginBox.setId(prefix + "Login");
        loginBox.selectedProperty().bindBidirectional(login);
        String pwId = prefix + "Password";
        TextField pw = Forms.textField(pwId, password, "${env:" + prefix.toUpperCase(java.util.Locale.ROOT) + "_PW} (optional)");
        box.getChildren().addAll(Forms.label(label, nameField), nameField, Forms.errorLabel(roleId, name), loginBox,
                new Label("Password reference"), pw, Forms.errorLabel(pwId, password), new Label("Grants"));
        for (GrantKind k : GrantKind.values()) {
            String text = switch (k) {
                case CONNECT -> "CONNECT on the database";
                case USAGE -> "USAGE on the schema";
                case TABLES -> String.join(", ", tablePrivileges) + " on all tables";
                case FUTURE -> String.join(", ", tablePrivileges) + " on future tables (default privileges)";
            };
            CheckBox cb = new CheckBox(text);
            cb.setMnemonicParsing(false);
            cb.setId(prefix + Character.toUpperCase(k.suffix().charAt(0)) + k.suffix().substring(1));
            cb.selectedProperty().bindBidirectional(grants.apply(k).selected());
            cb.setWrapText(true);
            cb.setMaxWidth(Double.MAX_VALUE);
            cb.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(cb);
        }
        return box;
    }

    private Node buildExtensionsPage() {
        VBox v = page("Extensions", "Extensions to install in the registry database, each into a schema. None is"
                + " required; an extension must be available on the server (vector needs pgvector installed).");
        GridPane g = Forms.grid();
        int r = 0;
        for (ExtensionChoice e : model.extensions()) {
            CheckBox cb = new CheckBox(e.name());
            cb.setMnemonicParsing(false);
            cb.setId("ext-" + e.name());
            cb.selectedProperty().bindBidirectional(e.selected());
            String schemaId = "extSchema-" + e.name();
            TextField schema = Forms.textField(schemaId, e.schema(), "schema");
            schema.disableProperty().bind(e.selected().not());
            schema.setPrefColumnCount(16);
            Label desc = Forms.hint(e.description());
            HBox into = new HBox(8, new Label("into schema"), schema);
            into.setAlignment(Pos.CENTER_LEFT);
            VBox right = new VBox(2, into, Forms.errorLabel(schemaId, e.schema()), desc);
            g.add(cb, 0, r);
            g.add(right, 1, r);
            GridPane.setValignment(cb, javafx.geometry.VPos.TOP);
            r++;
        }
        v.getChildren().addAll(g, Forms.messageList("extensionsProblems", model.stackProblems(Step.EXTENSIONS)));
        return v;
    }

}
