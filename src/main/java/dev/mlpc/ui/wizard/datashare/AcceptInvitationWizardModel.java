package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The view model of the wizard "Accept a data share invitation": the consumer side of Azure Data Share. A received
 * invitation (chosen from the tenant's list when a connection is live, or typed: its id and the share's location), the
 * {@code datashare.account} that receives it (a new one, or an existing one declared as it is), the
 * {@code datashare.share_subscription} whose creation accepts the invitation, {@code datashare.dataset_mapping}s of the
 * received datasets to own storage, and an optional {@code datashare.trigger}. JavaFX properties only, tested without
 * a window.
 *
 * <p>What is known before acceptance: an invitation names the share, the sender, the location and how many datasets
 * the share has, but not the datasets themselves; their ids ({@code data_set_id}) are given by the provider or read
 * after the subscription exists. So mappings are optional: with none, the subscription is created and nothing is
 * copied until datasets are mapped.
 */
public final class AcceptInvitationWizardModel extends DataShareModel {
    public static final int CONNECTION = 0;
    public static final int INVITATION = 1;
    public static final int ACCOUNT_STEP = 2;
    public static final int MAPPINGS = 3;
    public static final int TRIGGER_STEP = 4;
    public static final int REVIEW = 5;

    public static final String DEFAULT_STACK = "fl-received-data";
    public static final String DEFAULT_SUBSCRIPTION = "fl-received-data";
    public static final String DEFAULT_ACCOUNT = "fl-consumer-account";
    public static final String DEFAULT_RESOURCE_GROUP = "fl-consumer-rg";
    public static final String DEFAULT_LOCATION = "eastus";
    public static final String DEFAULT_TRIGGER = "fl-sync-trigger";
    /** Account choices. */
    public static final String NEW_ACCOUNT = "Create a new account";
    public static final String EXISTING_ACCOUNT = "Use an existing account";

    /** One mapping row: a received dataset (its name and kind, and its id) and the own storage it is copied to. */
    public final class Mapping {
        private final ValidatedText dataset;
        private final ValidatedText dataSetId = new ValidatedText("Dataset id", "");
        private final Storage target;

        Mapping(String dataset) {
            this.dataset = new ValidatedText("Source dataset", dataset);
            this.target = new Storage("Container", connectionSubscription());
            watch(this.dataset.value(), dataSetId.value());
        }

        /** The received dataset's name; also the mapping's resource name. */
        public ValidatedText dataset() { return dataset; }
        /** The source dataset's id (a GUID) as the consumer side sees it. */
        public ValidatedText dataSetId() { return dataSetId; }
        /** The kind and the own storage the dataset is copied to. */
        public Storage target() { return target; }
    }

    private final ObservableList<ReceivedInvitation> invitations = FXCollections.observableArrayList();
    private final ObjectProperty<ReceivedInvitation> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty invitationsStatus = new SimpleStringProperty(this, "invitationsStatus", "");
    private final ValidatedText invitationId = new ValidatedText("Invitation id", "");
    private final ValidatedText sourceLocation = new ValidatedText("Share location", "");
    private final ValidatedText subscriptionName = new ValidatedText("Share subscription name", DEFAULT_SUBSCRIPTION);
    private final ValidatedText expiration = new ValidatedText("Subscription expires", "");

    private final ValidatedText accountMode = new ValidatedText("Account", NEW_ACCOUNT);
    private final BooleanProperty createResourceGroup = new SimpleBooleanProperty(this, "createResourceGroup", false);
    private final ValidatedText resourceGroup = new ValidatedText("Resource group", DEFAULT_RESOURCE_GROUP);
    private final ValidatedText accountName = new ValidatedText("Account name", DEFAULT_ACCOUNT);
    private final ValidatedText location = new ValidatedText("Location", DEFAULT_LOCATION);
    private final ValidatedText tags = new ValidatedText("Tags", "Environment=Production");

    private final ObservableList<Mapping> mappings = FXCollections.observableArrayList();

    private final ValidatedText schedule = new ValidatedText("Trigger", NO_SCHEDULE);
    private final ValidatedText syncTime;
    private final ValidatedText triggerName = new ValidatedText("Trigger name", DEFAULT_TRIGGER);

    public AcceptInvitationWizardModel(TypeCatalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    /** @param clock proposes the first synchronization time (tomorrow 02:00 UTC) */
    public AcceptInvitationWizardModel(TypeCatalog catalog, Clock clock) {
        super(catalog, clock, List.of("Connection", "Invitation", "Account", "Dataset mappings", "Trigger", "Review"),
                DEFAULT_STACK, "Training data received through an Azure Data Share invitation");
        syncTime = new ValidatedText("First synchronization", defaultSyncTime());
        selected.addListener((o, was, now) -> choose(was, now));
        connection().addListener((o, was, now) -> {
            String before = was == null || was.setting(SUBSCRIPTION_ID) == null ? "" : was.setting(SUBSCRIPTION_ID);
            for (Mapping m : mappings) follow(m.target().subscriptionId(), before, connectionSubscription());
            selected.set(null);
            invitations.clear();
            invitationsStatus.set("");
        });
        watch(invitationId.value(), sourceLocation.value(), subscriptionName.value(), expiration.value(),
                accountMode.value(), createResourceGroup, resourceGroup.value(), accountName.value(), location.value(),
                tags.value(), schedule.value(), syncTime.value(), triggerName.value());
        mappings.addListener((ListChangeListener<Mapping>) c -> revalidate());
        invitations.addListener((ListChangeListener<ReceivedInvitation>) c -> revalidate());
        ready();
    }

    @Override
    protected String commitMessageFor(String stack) { return "Accept data share invitation into " + stack; }

    /** The chosen invitation fills the id and location, and names the subscription after the share while unchanged. */
    private void choose(ReceivedInvitation was, ReceivedInvitation now) {
        if (now == null) return;
        invitationId.set(now.invitationId());
        if (!now.location().isEmpty()) sourceLocation.set(now.location());
        String before = was == null ? DEFAULT_SUBSCRIPTION : was.shareName();
        if (!now.shareName().isEmpty() && probeField(SHARE_SUBSCRIPTION_TYPE, now.shareName(), Map.of(), "name") == null) {
            follow(subscriptionName, before, now.shareName());
        }
        if (mappings.isEmpty() && now.dataSetCount() > 0) {
            for (int i = 0; i < now.dataSetCount(); i++) addMapping();
        }
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    /** The invitations received, as last listed live (empty offline). */
    public ObservableList<ReceivedInvitation> invitations() { return invitations; }
    /** The invitation chosen from the list (typing an id works without one). */
    public ObjectProperty<ReceivedInvitation> selected() { return selected; }
    /** What the listing says (reading, how many, or why it failed). */
    public StringProperty invitationsStatus() { return invitationsStatus; }
    public ValidatedText invitationId() { return invitationId; }
    /** The Azure region of the provider's share ({@code source_share_location}). */
    public ValidatedText sourceLocation() { return sourceLocation; }
    public ValidatedText subscriptionName() { return subscriptionName; }
    public ValidatedText expiration() { return expiration; }
    /** {@link #NEW_ACCOUNT} or {@link #EXISTING_ACCOUNT}. */
    public ValidatedText accountMode() { return accountMode; }
    public BooleanProperty createResourceGroup() { return createResourceGroup; }
    public ValidatedText resourceGroup() { return resourceGroup; }
    public ValidatedText accountName() { return accountName; }
    public ValidatedText location() { return location; }
    public ValidatedText tags() { return tags; }
    public ObservableList<Mapping> mappings() { return mappings; }
    /** {@link #NO_SCHEDULE}, or a recurrence interval (Hour, Day). */
    public ValidatedText schedule() { return schedule; }
    public ValidatedText syncTime() { return syncTime; }
    public ValidatedText triggerName() { return triggerName; }

    public boolean newAccount() { return NEW_ACCOUNT.equals(accountMode.get()); }
    public boolean scheduled() { return !NO_SCHEDULE.equals(schedule.get()); }
    public static List<String> accountModes() { return List.of(NEW_ACCOUNT, EXISTING_ACCOUNT); }
    public List<String> mappingKinds() { return kinds(MAPPING_TYPE); }
    public List<String> scheduleChoices() { return scheduleChoices(TRIGGER_TYPE); }

    /** The invitation the answers accept: the chosen one when its id is the typed one. */
    public ReceivedInvitation invitation() {
        ReceivedInvitation r = selected.get();
        return r != null && r.invitationId().equalsIgnoreCase(invitationId.get().strip()) ? r : null;
    }

    /** Adds a mapping row with a free dataset name and returns it. */
    public Mapping addMapping() {
        Mapping m = new Mapping(DataShareWizardModel.freeName("dataset-", mappings.stream().map(x -> x.dataset().get()).toList()));
        mappings.add(m);
        return m;
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    @Override
    protected void checkFields(Checks c) {
        c.field(INVITATION, invitationId, required(invitationId, invitations.isEmpty()
                        ? "the id (a GUID) of the invitation you received" : "choose an invitation above, or type its id (a GUID)")
                .orElseGet(() -> probe(SHARE_SUBSCRIPTION_TYPE, Map.of(INVITATION_ID, invitationId.get().strip()), INVITATION_ID)));
        c.field(INVITATION, sourceLocation, required(sourceLocation, "the Azure region of the provider's share (the invitation says it)")
                .orElseGet(() -> probe(SHARE_SUBSCRIPTION_TYPE, Map.of(SOURCE_LOCATION, sourceLocation.get().strip()), SOURCE_LOCATION)));
        c.field(INVITATION, subscriptionName, nameProblem(subscriptionName, SHARE_SUBSCRIPTION_TYPE, "the share subscription's name"));
        c.field(INVITATION, expiration, expiration.get().isBlank() ? null
                : probe(SHARE_SUBSCRIPTION_TYPE, Map.of(EXPIRATION_DATE, expiration.get().strip()), EXPIRATION_DATE));

        c.field(ACCOUNT_STEP, accountMode, oneOf(accountMode.get(), accountModes()));
        c.field(ACCOUNT_STEP, resourceGroup, required(resourceGroup, "the resource group of the account")
                .orElseGet(() -> firstOf(probe(ACCOUNT_TYPE, Map.of(RESOURCE_GROUP, resourceGroup.get().strip()), RESOURCE_GROUP),
                        newAccount() && createResourceGroup.get() ? probeField(RESOURCE_GROUP_TYPE, resourceGroup.get().strip(), Map.of(), "name") : null)));
        c.field(ACCOUNT_STEP, accountName, nameProblem(accountName, ACCOUNT_TYPE, "the Data Share account's name"));
        c.field(ACCOUNT_STEP, location, required(location, newAccount() ? "the Azure region of the account, e.g. " + DEFAULT_LOCATION
                        : "the existing account's Azure region, exactly as it is")
                .orElseGet(() -> probe(ACCOUNT_TYPE, Map.of(LOCATION, location.get().strip()), LOCATION)));
        if (newAccount()) c.field(ACCOUNT_STEP, tags, tagsProblem(tags, ACCOUNT_TYPE));
        else c.off(tags);

        Set<String> seen = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            Mapping m = mappings.get(i);
            String who = "Mapping " + (i + 1);
            String n = m.dataset().get().strip();
            String bad = nameProblem(m.dataset(), MAPPING_TYPE, "the received dataset's name (it names the mapping)");
            if (bad == null && !seen.add(n.toLowerCase(Locale.ROOT))) bad = "duplicate: " + Problem.quote(n) + " is already mapped";
            c.field(MAPPINGS, m.dataset(), bad, who + " source dataset");
            String id = m.dataSetId().get().strip();
            String badId = required(m.dataSetId(), "the source dataset's id (a GUID); the provider can tell it, or it is"
                    + " readable once the invitation is accepted")
                    .orElseGet(() -> probe(MAPPING_TYPE, Map.of(DATA_SET_ID, id), DATA_SET_ID));
            if (badId == null && !ids.add(id.toLowerCase(Locale.ROOT))) badId = "duplicate: this dataset is already mapped in another row";
            c.field(MAPPINGS, m.dataSetId(), badId, who + (n.isEmpty() ? "" : " (" + n + ")") + " dataset id");
            m.target().check(c, MAPPINGS, MAPPING_TYPE, who + (n.isEmpty() ? "" : " (" + n + ")") + " target");
        }

        c.field(TRIGGER_STEP, schedule, oneOf(schedule.get(), scheduleChoices()));
        if (scheduled()) {
            c.field(TRIGGER_STEP, triggerName, nameProblem(triggerName, TRIGGER_TYPE, "the trigger's name"));
            c.field(TRIGGER_STEP, syncTime, required(syncTime, "when the first synchronization runs (ISO-8601, e.g. 2026-01-31T02:00:00Z)")
                    .orElseGet(() -> probe(TRIGGER_TYPE, Map.of(SYNC_TIME, syncTime.get().strip()), SYNC_TIME)));
        } else {
            c.off(triggerName);
            c.off(syncTime);
        }
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    @Override
    protected void buildResources(Builder b) {
        String rg = resourceGroup.get().strip();
        Map<String, Object> tagMap = newAccount() ? parseTags(tags.get()) : null;
        if (newAccount() && createResourceGroup.get()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put(LOCATION, location.get().strip());
            if (tagMap != null && !tagMap.isEmpty()) g.put(TAGS, new LinkedHashMap<>(tagMap));
            b.add(ACCOUNT_STEP, Resource.of(RESOURCE_GROUP_TYPE, rg, g));
        }
        String account = accountName.get().strip();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(RESOURCE_GROUP, rg);
        a.put(LOCATION, location.get().strip());
        a.put(IDENTITY, new LinkedHashMap<>(Map.of("type", SYSTEM_ASSIGNED)));
        if (tagMap != null && !tagMap.isEmpty()) a.put(TAGS, tagMap);
        b.add(ACCOUNT_STEP, Resource.of(ACCOUNT_TYPE, account, a));

        String sub = subscriptionName.get().strip();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(ACCOUNT, account);
        s.put(INVITATION_ID, invitationId.get().strip());
        s.put(SOURCE_LOCATION, sourceLocation.get().strip());
        if (!expiration.get().isBlank()) s.put(EXPIRATION_DATE, expiration.get().strip());
        b.add(INVITATION, Resource.of(SHARE_SUBSCRIPTION_TYPE, sub, s));

        for (Mapping m : mappings) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SHARE_SUBSCRIPTION, sub);
            p.put(DATA_SET_ID, m.dataSetId().get().strip());
            m.target().putProperties(p);
            // the kind goes first after the parent, as in a dataset
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put(SHARE_SUBSCRIPTION, sub);
            ordered.put(KIND, p.remove(KIND));
            ordered.putAll(p);
            b.add(MAPPINGS, Resource.of(MAPPING_TYPE, m.dataset().get().strip(), ordered));
        }
        if (scheduled()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SHARE_SUBSCRIPTION, sub);
            p.put(KIND, SCHEDULE_BASED);
            p.put(RECURRENCE, schedule.get());
            p.put(SYNC_TIME, syncTime.get().strip());
            b.add(TRIGGER_STEP, Resource.of(TRIGGER_TYPE, triggerName.get().strip(), p));
        }
    }

    /** The mapped dataset names, in order. */
    public List<String> mappedDatasets() {
        List<String> out = new ArrayList<>();
        for (Mapping m : mappings) out.add(m.dataset().get().strip());
        return out;
    }
}
