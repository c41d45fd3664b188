package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
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
 * The view model of the wizard "Federated-learning data share" (seed 002): the provider side of Azure Data Share. A
 * resource group (used as it is, or created when the user asks), a {@code datashare.account} with its location and
 * tags, one {@code datashare.share} (kind, description, terms), its {@code datashare.dataset}s (a list: kind, storage
 * account with subscription and resource group, container or file system, path), the consumers as
 * {@code datashare.invitation}s (by email, or by Azure AD object id and tenant id), and an optional
 * {@code datashare.synchronization_setting} (Hour or Day, from a time). JavaFX properties only, tested without a window.
 */
public final class DataShareWizardModel extends DataShareModel {
    public static final int CONNECTION = 0;
    public static final int ACCOUNT_STEP = 1;
    public static final int SHARE_STEP = 2;
    public static final int DATASETS = 3;
    public static final int CONSUMERS = 4;
    public static final int SCHEDULE = 5;
    public static final int REVIEW = 6;

    public static final String DEFAULT_STACK = "fl-data-share";
    public static final String DEFAULT_RESOURCE_GROUP = "fl-data-share-rg";
    public static final String DEFAULT_ACCOUNT = "fl-datashare-account";
    public static final String DEFAULT_SHARE = "fl-training-data";
    public static final String DEFAULT_LOCATION = "eastus";
    public static final String DEFAULT_SYNC_SETTING = "fl-sync-schedule";
    /** How a consumer is invited. */
    public static final String BY_EMAIL = "Email";
    public static final String BY_OBJECT_ID = "Azure AD object id";

    /** One dataset row: its name in the share and its source storage. */
    public final class Dataset {
        private final ValidatedText name;
        private final Storage storage;

        Dataset(String name) {
            this.name = new ValidatedText("Dataset name", name);
            this.storage = new Storage("Container", connectionSubscription());
            watch(this.name.value());
        }

        public ValidatedText name() { return name; }
        public Storage storage() { return storage; }
    }

    /** One consumer row: an invitation by email, or by object id and tenant id, with an optional expiration. */
    public final class Consumer {
        private final ValidatedText name;
        private final ValidatedText by = new ValidatedText("Invite by", BY_EMAIL);
        private final ValidatedText email = new ValidatedText("Email", "");
        private final ValidatedText objectId = new ValidatedText("Object id", "");
        private final ValidatedText tenantId = new ValidatedText("Tenant id", "");
        private final ValidatedText expiration = new ValidatedText("Expires", "");
        private final BooleanBinding byEmail;

        Consumer(String name) {
            this.name = new ValidatedText("Invitation name", name);
            byEmail = Bindings.createBooleanBinding(() -> BY_EMAIL.equals(by.get()), by.value());
            watch(this.name.value(), by.value(), email.value(), objectId.value(), tenantId.value(), expiration.value());
        }

        public ValidatedText name() { return name; }
        /** {@link #BY_EMAIL} or {@link #BY_OBJECT_ID}. */
        public ValidatedText by() { return by; }
        public ValidatedText email() { return email; }
        /** The Azure AD object id of the user or service principal. */
        public ValidatedText objectId() { return objectId; }
        /** The Azure AD tenant of that object. */
        public ValidatedText tenantId() { return tenantId; }
        /** Optional ISO-8601 expiration of the invitation. */
        public ValidatedText expiration() { return expiration; }
        /** True while the consumer is invited by email. */
        public BooleanBinding byEmail() { return byEmail; }
    }

    private final BooleanProperty createResourceGroup = new SimpleBooleanProperty(this, "createResourceGroup", false);
    private final ValidatedText resourceGroup = new ValidatedText("Resource group", DEFAULT_RESOURCE_GROUP);
    private final ValidatedText resourceGroupLocation = new ValidatedText("Resource group location", DEFAULT_LOCATION);
    private final ValidatedText accountName = new ValidatedText("Account name", DEFAULT_ACCOUNT);
    private final ValidatedText location = new ValidatedText("Location", DEFAULT_LOCATION);
    private final ValidatedText tags = new ValidatedText("Tags", "Environment=Production");

    private final ValidatedText shareName = new ValidatedText("Share name", DEFAULT_SHARE);
    private final ValidatedText shareKind = new ValidatedText("Share kind", "CopyBased");
    private final ValidatedText shareDescription = new ValidatedText("Share description",
            "Training data for the federated-learning consortium");
    private final ValidatedText terms = new ValidatedText("Terms of use", "");

    private final ObservableList<Dataset> datasets = FXCollections.observableArrayList();
    private final ObservableList<Consumer> consumers = FXCollections.observableArrayList();

    private final ValidatedText schedule = new ValidatedText("Schedule", NO_SCHEDULE);
    private final ValidatedText syncTime;
    private final ValidatedText syncName = new ValidatedText("Schedule name", DEFAULT_SYNC_SETTING);

    public DataShareWizardModel(TypeCatalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    /** @param clock proposes the first synchronization time (tomorrow 02:00 UTC) */
    public DataShareWizardModel(TypeCatalog catalog, Clock clock) {
        super(catalog, clock, List.of("Connection", "Resource group and account", "Share", "Datasets", "Consumers",
                "Schedule", "Review"), DEFAULT_STACK, "Azure Data Share of training data for federated learning");
        syncTime = new ValidatedText("First synchronization", defaultSyncTime());
        location.value().addListener((o, was, now) -> follow(resourceGroupLocation, was, now));
        connection().addListener((o, was, now) -> {
            String before = was == null || was.setting(SUBSCRIPTION_ID) == null ? "" : was.setting(SUBSCRIPTION_ID);
            for (Dataset d : datasets) follow(d.storage().subscriptionId(), before, connectionSubscription());
        });
        watch(createResourceGroup, resourceGroup.value(), resourceGroupLocation.value(), accountName.value(),
                location.value(), tags.value(), shareName.value(), shareKind.value(), shareDescription.value(),
                terms.value(), schedule.value(), syncTime.value(), syncName.value());
        datasets.addListener((ListChangeListener<Dataset>) c -> revalidate());
        consumers.addListener((ListChangeListener<Consumer>) c -> revalidate());
        datasets.add(new Dataset("training-data"));
        consumers.add(new Consumer("consumer-1"));
        ready();
    }

    @Override
    protected String commitMessageFor(String stack) { return "Set up federated-learning data share " + stack; }

    // ---- answers ------------------------------------------------------------------------------------------------

    /** Create the resource group (a {@code datashare.resource_group} in the stack); otherwise it must exist. */
    public BooleanProperty createResourceGroup() { return createResourceGroup; }
    public ValidatedText resourceGroup() { return resourceGroup; }
    public ValidatedText resourceGroupLocation() { return resourceGroupLocation; }
    public ValidatedText accountName() { return accountName; }
    public ValidatedText location() { return location; }
    /** {@code name=value} pairs separated by commas. */
    public ValidatedText tags() { return tags; }
    public ValidatedText shareName() { return shareName; }
    public ValidatedText shareKind() { return shareKind; }
    public ValidatedText shareDescription() { return shareDescription; }
    public ValidatedText terms() { return terms; }
    public ObservableList<Dataset> datasets() { return datasets; }
    public ObservableList<Consumer> consumers() { return consumers; }
    /** {@link #NO_SCHEDULE}, or a recurrence interval (Hour, Day). */
    public ValidatedText schedule() { return schedule; }
    /** The first synchronization, ISO-8601 date-time; later ones follow the interval. */
    public ValidatedText syncTime() { return syncTime; }
    public ValidatedText syncName() { return syncName; }

    /** True while a schedule is chosen. */
    public boolean scheduled() { return !NO_SCHEDULE.equals(schedule.get()); }

    public List<String> shareKinds() { return valuesOr(List.of("CopyBased", "InPlace"), SHARE_TYPE, SHARE_KIND); }
    public List<String> datasetKinds() { return kinds(DATASET_TYPE); }
    public List<String> scheduleChoices() { return scheduleChoices(SYNC_SETTING_TYPE); }
    public static List<String> inviteChoices() { return List.of(BY_EMAIL, BY_OBJECT_ID); }

    /** Adds a dataset row with a free name and returns it. */
    public Dataset addDataset() {
        Dataset d = new Dataset(freeName("dataset-", datasets.stream().map(x -> x.name().get()).toList()));
        datasets.add(d);
        return d;
    }

    /** Adds a consumer row with a free invitation name and returns it. */
    public Consumer addConsumer() {
        Consumer c = new Consumer(freeName("consumer-", consumers.stream().map(x -> x.name().get()).toList()));
        consumers.add(c);
        return c;
    }

    static String freeName(String prefix, List<String> used) {
        int n = used.size() + 1;
        while (used.contains(prefix + n)) n++;
        return prefix + n;
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    @Override
    protected void checkFields(Checks c) {
        c.field(ACCOUNT_STEP, resourceGroup, required(resourceGroup, "the resource group that holds the account")
                .orElseGet(() -> firstOf(probe(ACCOUNT_TYPE, Map.of(RESOURCE_GROUP, resourceGroup.get().strip()), RESOURCE_GROUP),
                        createResourceGroup.get() ? probeField(RESOURCE_GROUP_TYPE, resourceGroup.get().strip(), Map.of(), "name") : null)));
        if (createResourceGroup.get()) {
            c.field(ACCOUNT_STEP, resourceGroupLocation, required(resourceGroupLocation, "where the resource group's metadata lives")
                    .orElseGet(() -> probe(RESOURCE_GROUP_TYPE, Map.of(LOCATION, resourceGroupLocation.get().strip()), LOCATION)));
        } else {
            c.off(resourceGroupLocation);
        }
        c.field(ACCOUNT_STEP, accountName, nameProblem(accountName, ACCOUNT_TYPE, "the Data Share account's name"));
        c.field(ACCOUNT_STEP, location, required(location, "the Azure region of the account, e.g. " + DEFAULT_LOCATION)
                .orElseGet(() -> probe(ACCOUNT_TYPE, Map.of(LOCATION, location.get().strip()), LOCATION)));
        c.field(ACCOUNT_STEP, tags, tagsProblem(tags, ACCOUNT_TYPE));

        c.field(SHARE_STEP, shareName, nameProblem(shareName, SHARE_TYPE, "the share's name"));
        c.field(SHARE_STEP, shareKind, oneOf(shareKind.get(), shareKinds()));
        c.field(SHARE_STEP, shareDescription, shareDescription.get().isBlank() ? null
                : probe(SHARE_TYPE, Map.of(DESCRIPTION, shareDescription.get().strip()), DESCRIPTION));
        c.field(SHARE_STEP, terms, terms.get().isBlank() ? null
                : probe(SHARE_TYPE, Map.of(TERMS, terms.get().strip()), TERMS));

        if (datasets.isEmpty()) c.step(DATASETS, "Add at least one dataset: a share without data gives the consumers nothing.");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < datasets.size(); i++) {
            Dataset d = datasets.get(i);
            String who = "Dataset " + (i + 1);
            String n = d.name().get().strip();
            String bad = nameProblem(d.name(), DATASET_TYPE, "the dataset's name in the share");
            if (bad == null && !seen.add(n.toLowerCase(Locale.ROOT))) bad = "duplicate: " + Problem.quote(n) + " is already a dataset of this share";
            c.field(DATASETS, d.name(), bad, who + " name");
            d.storage().check(c, DATASETS, DATASET_TYPE, who + (n.isEmpty() ? "" : " (" + n + ")"));
        }

        if (consumers.isEmpty()) c.step(CONSUMERS, "Add at least one consumer: nobody can receive the share without an invitation.");
        seen.clear();
        for (int i = 0; i < consumers.size(); i++) {
            Consumer k = consumers.get(i);
            String who = "Consumer " + (i + 1);
            String n = k.name().get().strip();
            String bad = nameProblem(k.name(), INVITATION_TYPE, "the invitation's name");
            if (bad == null && !seen.add(n.toLowerCase(Locale.ROOT))) bad = "duplicate: " + Problem.quote(n) + " is already an invitation of this share";
            c.field(CONSUMERS, k.name(), bad, who + " invitation name");
            c.field(CONSUMERS, k.by(), oneOf(k.by().get(), inviteChoices()), who + " invite by");
            if (k.byEmail().get()) {
                c.field(CONSUMERS, k.email(), required(k.email(), "the consumer's email address")
                        .orElseGet(() -> probe(INVITATION_TYPE, Map.of(TARGET_EMAIL, k.email().get().strip()), TARGET_EMAIL)),
                        who + " email");
                c.off(k.objectId());
                c.off(k.tenantId());
            } else {
                c.off(k.email());
                c.field(CONSUMERS, k.objectId(), required(k.objectId(), "the Azure AD object id (a UUID) of the user or service principal")
                        .orElseGet(() -> probe(INVITATION_TYPE, Map.of(TARGET_OBJECT_ID, k.objectId().get().strip()), TARGET_OBJECT_ID)),
                        who + " object id");
                c.field(CONSUMERS, k.tenantId(), required(k.tenantId(), "the Azure AD tenant (a UUID) of that object")
                        .orElseGet(() -> probe(INVITATION_TYPE, Map.of(TARGET_TENANT, k.tenantId().get().strip()), TARGET_TENANT)),
                        who + " tenant id");
            }
            c.field(CONSUMERS, k.expiration(), k.expiration().get().isBlank() ? null
                    : probe(INVITATION_TYPE, Map.of(EXPIRATION_DATE, k.expiration().get().strip()), EXPIRATION_DATE),
                    who + " expiration");
        }

        c.field(SCHEDULE, schedule, oneOf(schedule.get(), scheduleChoices()));
        if (scheduled()) {
            c.field(SCHEDULE, syncName, nameProblem(syncName, SYNC_SETTING_TYPE, "the schedule's name"));
            c.field(SCHEDULE, syncTime, required(syncTime, "when the first synchronization runs (ISO-8601, e.g. 2026-01-31T02:00:00Z)")
                    .orElseGet(() -> probe(SYNC_SETTING_TYPE, Map.of(SYNC_TIME, syncTime.get().strip()), SYNC_TIME)));
        } else {
            c.off(syncName);
            c.off(syncTime);
        }
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    @Override
    protected void buildResources(Builder b) {
        String rg = resourceGroup.get().strip();
        Map<String, Object> tagMap = parseTags(tags.get());
        if (createResourceGroup.get()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put(LOCATION, resourceGroupLocation.get().strip());
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

        String share = shareName.get().strip();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(ACCOUNT, account);
        s.put(SHARE_KIND, shareKind.get().strip());
        if (!shareDescription.get().isBlank()) s.put(DESCRIPTION, shareDescription.get().strip());
        if (!terms.get().isBlank()) s.put(TERMS, terms.get().strip());
        b.add(SHARE_STEP, Resource.of(SHARE_TYPE, share, s));

        for (Dataset d : datasets) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SHARE, share);
            d.storage().putProperties(p);
            b.add(DATASETS, Resource.of(DATASET_TYPE, d.name().get().strip(), p));
        }
        for (Consumer k : consumers) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SHARE, share);
            if (k.byEmail().get()) {
                p.put(TARGET_EMAIL, k.email().get().strip());
            } else {
                p.put(TARGET_OBJECT_ID, k.objectId().get().strip());
                p.put(TARGET_TENANT, k.tenantId().get().strip());
            }
            if (!k.expiration().get().isBlank()) p.put(EXPIRATION_DATE, k.expiration().get().strip());
            b.add(CONSUMERS, Resource.of(INVITATION_TYPE, k.name().get().strip(), p));
        }
        if (scheduled()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SHARE, share);
            p.put(KIND, SCHEDULE_BASED);
            p.put(RECURRENCE, schedule.get());
            p.put(SYNC_TIME, syncTime.get().strip());
            b.add(SCHEDULE, Resource.of(SYNC_SETTING_TYPE, syncName.get().strip(), p));
        }
    }

    /** The dataset names, in order (for tests and the review). */
    public List<String> datasetNames() {
        List<String> out = new ArrayList<>();
        for (Dataset d : datasets) out.add(d.name().get().strip());
        return out;
    }
}
