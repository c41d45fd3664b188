package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.PlanReview;
import dev.mlpc.ui.wizard.WizardFrame;
import dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.Mapping;
import dev.mlpc.ui.wizard.snowflake.SfWizard;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import static dev.mlpc.ui.wizard.datashare.AcceptInvitationWizardModel.*;
import static dev.mlpc.ui.wizard.datashare.DataSharePages.*;

/**
 * The wizard "Accept a data share invitation", the consumer side of Azure Data Share: connection, a received
 * invitation (listed live from the tenant-level list on the background executor, with share, sender, location,
 * expiration; or its id and location typed, offline), the account that receives it (new, or an existing one declared as
 * it is), mappings of the share's datasets to own storage, an optional trigger, review; the shared
 * {@link WizardFrame} then commits and, with a live plan, applies (creating the share subscription accepts the
 * invitation).
 *
 * <p>The mappings page says what is known before acceptance: the invitation gives the share's dataset count, not the
 * datasets; their names, kinds and ids come from the provider (or from the live tree once the subscription exists).
 *
 * <p>Ids: {@code #connection}, {@code #stackName}, {@code #description}; {@code #listInvitations},
 * {@code #invitationsStatus}, {@code #invitations} (a list), {@code #invitationId}, {@code #sourceLocation},
 * {@code #subscriptionName}, {@code #expiration}; {@code #accountMode}, {@code #resourceGroup},
 * {@code #createResourceGroup}, {@code #accountName}, {@code #location}, {@code #tags}, {@code #accountNote};
 * {@code #knownNote}, mappings {@code #mapping-<i>-dataset|kind|dataSetId|subscription|resourceGroup|storageAccount|container|path|remove},
 * {@code #addMapping}, {@code #mappingsNote}; {@code #schedule}, {@code #syncTime}, {@code #triggerName}. Inline
 * messages have the field's id plus {@code Error}; step problems {@code #invitationProblems}, {@code #accountProblems},
 * {@code #mappingsProblems}, {@code #triggerProblems}.
 */
public final class AcceptInvitationWizard extends DataShareWizard<AcceptInvitationWizardModel> {
    public static final String TITLE = "Accept a data share invitation";
    /** The wizard's id in the provider's description ({@code WizardSpec}) and in {@code dev.mlpc.Modules}. */
    public static final String WIZARD_ID = dev.mlpc.providers.datashare.DataShareProvider.ACCEPT_INVITATION_WIZARD;

    private final ExecutorService executor;
    private final BooleanProperty listing = new SimpleBooleanProperty(this, "listing", false);
    private VBox mappingsBox;
    /** The connection the invitations were last listed for (a page visit lists again only for another one). */
    private ConnectionProfile listedFor;

    public AcceptInvitationWizard(Workbench wb, ExecutorService executor) {
        super(wb, executor, new AcceptInvitationWizardModel(Objects.requireNonNull(wb).registry()), TITLE, "acceptInvitationWizard");
        this.executor = executor;
        frame().pageProperty().addListener((o, was, now) -> {
            if (now.intValue() == INVITATION && model.connection().get() != null && model.connection().get() != listedFor) {
                listInvitations();
            }
        });
    }

    @Override
    protected Node buildStep(int step) {
        return switch (step) {
            case INVITATION -> invitationPage();
            case ACCOUNT_STEP -> accountPage();
            case MAPPINGS -> mappingsPage();
            case TRIGGER_STEP -> triggerPage();
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    @Override
    protected String firstField(int step) {
        return switch (step) {
            case INVITATION -> model.offline() ? "invitationId" : "invitations";
            case ACCOUNT_STEP -> "accountMode";
            case MAPPINGS -> model.mappings().isEmpty() ? "addMapping" : "mapping-0-dataset";
            case TRIGGER_STEP -> "schedule";
            default -> "stackName";
        };
    }

    @Override
    protected String connectionHint() {
        return "Choose the Azure Data Share connection of the tenant that received the invitation: the wizard then lists"
                + " the invitations and the review plans live. Offline, type the invitation's id and location.";
    }


    @Override
    protected Node buildConnectionPage() {
        return connectionPage("Where the data is received", "Applying it creates the share subscription, which accepts the invitation.");
    }

    // ---- the invitation -----------------------------------------------------------------------------------------

    private Node invitationPage() {
        VBox v = page("Received invitation", "Invitations sent to you (or to your tenant) are listed from Azure Data"
                + " Share when a connection is chosen. Pick one, or type its id and the share's location.");
        Button list = new Button("_List received invitations", new FontIcon(Feather.REFRESH_CW));
        list.setId("listInvitations");
        list.setTooltip(tooltip("Read the invitations this tenant received (needs a connection)"));
        list.disableProperty().bind(model.connection().isNull().or(listing));
        list.setMinWidth(Button.USE_PREF_SIZE);
        list.setOnAction(e -> listInvitations());
        Label status = Forms.hint("");
        status.setId("invitationsStatus");
        status.textProperty().bind(Bindings.createStringBinding(() -> model.connection().get() == null
                ? "Offline: no list. Type the invitation's id and location below (the invitation email or the"
                + " provider gives them)." : model.invitationsStatus().get(), model.connection(), model.invitationsStatus()));
        HBox top = new HBox(10, list, status);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);

        ListView<ReceivedInvitation> invitations = new ListView<>(model.invitations());
        invitations.setId("invitations");
        invitations.setAccessibleText("Received invitations");
        invitations.setPrefHeight(150);
        invitations.setMinHeight(90);
        invitations.setPlaceholder(new Label("No invitations listed."));
        invitations.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(ReceivedInvitation item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.describe());
                setWrapText(true);
                setPrefWidth(0);
                setTooltip(empty || item == null ? null : tooltip("Invitation " + item.invitationId()
                        + (item.terms().isEmpty() ? "" : "\nTerms: " + item.terms())));
            }
        });
        invitations.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) model.selected().set(now);
        });
        model.selected().addListener((o, was, now) -> {
            if (now == null) invitations.getSelectionModel().clearSelection();
            else if (invitations.getSelectionModel().getSelectedItem() != now) invitations.getSelectionModel().select(now);
        });
        Label listCaption = Forms.label("Invitations r_eceived", invitations);

        GridPane g = Forms.grid();
        TextField id = text(g, 0, "_Invitation id", "invitationId", model.invitationId(), "00000000-0000-0000-0000-000000000000");
        id.setTooltip(tooltip("The invitation's id (a GUID); filled in when you pick an invitation above."));
        ComboBox<String> location = Forms.editableCombo("sourceLocation", model.sourceLocation(), DataShareModel.LOCATIONS);
        location.setTooltip(tooltip("The Azure region of the provider's share; filled in from the invitation."));
        Forms.row(g, 1, "Share l_ocation", location, "sourceLocation", model.sourceLocation());
        text(g, 2, "Share subscription na_me", "subscriptionName", model.subscriptionName(), DEFAULT_SUBSCRIPTION)
                .setTooltip(tooltip("The name of the share subscription in your account; named after the share by default."));
        text(g, 3, "E_xpires", "expiration", model.expiration(), "optional: 2027-06-30T00:00:00Z")
                .setTooltip(tooltip("Optional: when your subscription expires (ISO-8601 date-time)."));
        v.getChildren().addAll(top, new VBox(4, listCaption, invitations), g, stepProblems("invitationProblems", INVITATION));
        return v;
    }

    /** Lists the received invitations on the background executor; the FX thread only shows the result. */
    private void listInvitations() {
        ConnectionProfile profile = model.connection().get();
        if (profile == null || listing.get()) return;
        listing.set(true);
        listedFor = profile;
        model.invitationsStatus().set("Reading the invitations received through " + profile.name() + "…");
        PlanReview.async(executor, () -> ReceivedInvitations.list(wb, profile, Progress.NONE), found -> {
            listing.set(false);
            if (model.connection().get() != profile) return;      // the user chose another connection meanwhile
            List<ReceivedInvitation> pending = found.stream().filter(ReceivedInvitation::pending).toList();
            int others = found.size() - pending.size();
            model.invitations().setAll(pending);
            String hidden = others == 0 ? "" : " (" + others + " already accepted, rejected or withdrawn not shown)";
            model.invitationsStatus().set(pending.isEmpty() ? "No pending invitations were received" + hidden
                    + ". Type an id below if you have one." : pending.size() + " pending invitation"
                    + (pending.size() == 1 ? "" : "s") + " received" + hidden + ": pick one.");
        }, e -> {
            listing.set(false);
            if (model.connection().get() != profile) return;
            listedFor = null;
            model.invitations().clear();
            model.invitationsStatus().set("The invitations could not be listed: " + UiErrors.message(e)
                    + ". Type the invitation's id and location below.");
        });
    }

    // ---- the account --------------------------------------------------------------------------------------------

    private Node accountPage() {
        VBox v = page("Account", "The Data Share account that receives the share: a new one, or one you already have.");
        GridPane g = Forms.grid();
        ComboBox<String> mode = Forms.choiceCombo("accountMode", model.accountMode(), accountModes());
        mode.setTooltip(tooltip("A new account is created with the stack; an existing one is declared as it is."));
        Forms.row(g, 0, "_Account", mode, "accountMode", model.accountMode());
        BooleanBinding newAccount = Bindings.createBooleanBinding(model::newAccount, model.accountMode().value());
        text(g, 1, "_Resource group", "resourceGroup", model.resourceGroup(), DEFAULT_RESOURCE_GROUP)
                .setTooltip(tooltip("The resource group of the receiving account."));
        CheckBox create = check("createResourceGroup", "Create the resource group (otherwise it must already exist and"
                + " is never created or deleted)", model.createResourceGroup());
        create.setTooltip(tooltip("Ticked: the stack creates the group in the account's location."));
        g.add(create, 1, 2);
        showWhen(create, newAccount);
        text(g, 3, "Account na_me", "accountName", model.accountName(), DEFAULT_ACCOUNT)
                .setTooltip(tooltip("The Data Share account that receives the share."));
        ComboBox<String> location = Forms.editableCombo("location", model.location(), DataShareModel.LOCATIONS);
        location.setTooltip(tooltip("The Azure region of the account."));
        Forms.row(g, 4, "_Location", location, "location", model.location());
        TextField tags = Forms.textField("tags", model.tags(), "Environment=Production");
        tags.setTooltip(tooltip("name=value pairs separated by commas, for a new account."));
        row(g, 5, "_Tags", tags, "tags", model.tags(), newAccount);
        Label note = Forms.hint("");
        note.setId("accountNote");
        note.textProperty().bind(Bindings.createStringBinding(() -> model.newAccount()
                ? "A new account gets a system-assigned managed identity. It needs write access (Storage Blob Data"
                + " Contributor) to each storage account you map data to; the review warns where it is missing."
                : "An existing account is declared in the stack with its resource group and location exactly as they"
                + " are (Data Share needs them to address it): the live plan shows no change for it and its tags are"
                + " left alone. The stack then manages it: removing it from the stack would delete the account.",
                model.accountMode().value()));
        v.getChildren().addAll(g, note, stepProblems("accountProblems", ACCOUNT_STEP));
        return v;
    }

    // ---- the mappings -------------------------------------------------------------------------------------------

    private Node mappingsPage() {
        VBox v = page("Dataset mappings", "Each received dataset is copied into a storage location of yours: map it by"
                + " its name and kind, with its dataset id.");
        Label known = Forms.hint("");
        known.setId("knownNote");
        known.textProperty().bind(Bindings.createStringBinding(this::knownText, model.selected(), model.invitationId().value()));
        known.setStyle("-fx-font-style: italic;");
        mappingsBox = new VBox(8);
        mappingsBox.setId("mappings");
        Button add = new Button("_Add mapping", new FontIcon(Feather.PLUS));
        add.setId("addMapping");
        add.setTooltip(tooltip("Add a row for another received dataset"));
        add.setOnAction(e -> {
            model.addMapping();
            focusLater("mapping-" + (model.mappings().size() - 1) + "-dataset");
        });
        Label none = Forms.hint("No mappings: applying creates the share subscription (accepting the invitation), and"
                + " nothing is copied until datasets are mapped. That is a good first step when the dataset ids are not"
                + " known yet.");
        none.setId("mappingsNote");
        showWhen(none, Bindings.isEmpty(model.mappings()));
        model.mappings().addListener((ListChangeListener<Mapping>) c -> rebuildMappings());
        rebuildMappings();
        v.getChildren().addAll(known, add, none, stepProblems("mappingsProblems", MAPPINGS), mappingsBox);
        return v;
    }

    /** What is known about the share's datasets before the invitation is accepted. */
    private String knownText() {
        ReceivedInvitation r = model.invitation();
        String about = r == null ? "An invitation does not list the share's datasets."
                : "The invitation says share " + r.shareName() + " from " + r.sender() + " holds "
                + (r.dataSetCount() < 0 ? "an unstated number of datasets" : r.dataSetCount() + " dataset"
                + (r.dataSetCount() == 1 ? "" : "s")) + "; it does not list them.";
        return about + " Their names, kinds and ids (GUIDs) become readable only once the invitation is accepted (the"
                + " share subscription exists). Before that, ask the provider for them (their live tree shows each"
                + " dataset's id), or finish with no mappings, apply, and map the datasets afterwards.";
    }

    private void rebuildMappings() {
        mappingsBox.getChildren().clear();
        for (int i = 0; i < model.mappings().size(); i++) mappingsBox.getChildren().add(mappingRow(i, model.mappings().get(i)));
    }

    private Node mappingRow(int i, Mapping m) {
        String id = "mapping-" + i;
        String who = "Mapping " + (i + 1);
        GridPane g = rowGrid();
        VBox ds = DataSharePages.text(id + "-dataset", m.dataset(), "training-data", who + " source dataset",
                "The received dataset's name as the provider's share shows it; it also names the mapping.");
        put(g, 0, 0, caption("Source dataset", ds.getChildren().get(0)), ds);
        VBox kind = choice(id + "-kind", m.target().kind(), model.mappingKinds(), who + " kind",
                "The kind of the received dataset: the target is of the same kind (a file to a file, a folder to a"
                        + " folder, a container to a container).");
        put(g, 0, 1, caption("Kind", kind.getChildren().get(0)), kind);
        VBox dsId = DataSharePages.text(id + "-dataSetId", m.dataSetId(), "00000000-0000-0000-0000-000000000000",
                who + " dataset id", "The source dataset's id (a GUID), from the provider, or from your live tree once"
                        + " the invitation is accepted.");
        put(g, 1, 0, caption("Dataset id", dsId.getChildren().get(0)), dsId);
        GridPane.setColumnSpan(dsId, 3);
        storage(g, 2, id, m.target(), who + " target", "target");
        Button remove = remove(id + "-remove", who, () -> model.mappings().remove(m));
        return rowBox(id, g, remove);
    }

    // ---- the trigger --------------------------------------------------------------------------------------------

    private Node triggerPage() {
        VBox v = page("Trigger", "A trigger synchronizes the subscription on a schedule (every hour or day from the first"
                + " synchronization). It needs the provider's share to offer a synchronization schedule. Without a"
                + " trigger, synchronize from the live tree (Synchronize now) when you choose.");
        GridPane g = Forms.grid();
        ComboBox<String> schedule = Forms.choiceCombo("schedule", model.schedule(), model.scheduleChoices());
        schedule.setTooltip(tooltip("None, Hour or Day."));
        Forms.row(g, 0, "_Recurrence", schedule, "schedule", model.schedule());
        BooleanBinding scheduled = Bindings.createBooleanBinding(model::scheduled, model.schedule().value());
        TextField time = Forms.textField("syncTime", model.syncTime(), "2026-01-31T02:00:00Z");
        time.setTooltip(tooltip("ISO-8601 date-time with offset; Day repeats at that time of day, Hour at that minute."));
        row(g, 1, "First _synchronization", time, "syncTime", model.syncTime(), scheduled);
        TextField name = Forms.textField("triggerName", model.triggerName(), DEFAULT_TRIGGER);
        name.setTooltip(tooltip("The trigger's name in the share subscription."));
        row(g, 2, "Trigger na_me", name, "triggerName", model.triggerName(), scheduled);
        v.getChildren().addAll(g, stepProblems("triggerProblems", TRIGGER_STEP));
        return v;
    }

    /** The invitations listed, for tests. */
    List<ReceivedInvitation> listed() { return List.copyOf(model.invitations()); }
}
