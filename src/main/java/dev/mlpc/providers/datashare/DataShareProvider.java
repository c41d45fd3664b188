package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.CanonicalJson;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.provider.SettingSpec.Choice;
import dev.mlpc.core.provider.WizardSpec;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The Azure Data Share provider: accounts, shares, datasets, invitations, synchronization settings on the provider
 * side, share subscriptions, dataset mappings and triggers on the consumer side ({@link DataShareTypes}), rendered as
 * ARM request documents ({@link DataShareRenderer}) and applied through an azure-core HTTP pipeline
 * ({@link ArmClient}) with azure-identity credentials ({@link DataShareConnector}).
 * <p>
 * Connection profile ({@code type: datashare}): {@code subscription_id} (required), {@code tenant_id},
 * {@code credential} ({@value #DEFAULT_CREDENTIAL} by default: the Azure CLI's login), {@code client_id},
 * {@code client_secret} (a secret reference), {@code client_certificate} (a PEM or PFX file) with
 * {@code client_certificate_password} (a secret reference), {@code cloud} (AzureCloud, AzureChinaCloud,
 * AzureUSGovernment or custom with {@code resource_manager_endpoint} and {@code authority_host}), and
 * {@code resource_group} to limit the live tree to one group.
 */
public final class DataShareProvider implements Provider {
    public static final String ID = DataShareTypes.PROVIDER;
    public static final String DEFAULT_CREDENTIAL = "cli";
    /** The wizard "Federated-learning data share" (provider side; dev.mlpc.ui.wizard.datashare). */
    public static final String FEDERATED_LEARNING_WIZARD = "datashare-federated-learning";
    /** The wizard "Accept a data share invitation" (consumer side; dev.mlpc.ui.wizard.datashare). */
    public static final String ACCEPT_INVITATION_WIZARD = "datashare-accept-invitation";
    public static final List<String> CREDENTIALS = List.of("cli", "client_secret", "client_certificate", "device_code",
            "interactive_browser", "managed_identity", "default");
    public static final List<String> CLOUDS = List.of("AzureCloud", "AzureChinaCloud", "AzureUSGovernment", "custom");
    /** The settings that hold secret references only. */
    public static final List<String> SECRETS = List.of("client_secret", "client_certificate_password");

    /** First wait before polling a running operation when Azure gives no Retry-After. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    /** Built on first use: the console's first window needs only {@link #describe()} (issue 14, part 3). */
    private List<ResourceType> types;
    private final DataShareRenderer renderer = new DataShareRenderer();
    private final Duration pollInterval;
    private final com.azure.core.http.HttpClient httpClient;
    private final com.azure.core.credential.TokenCredential credential;

    /** The provider of the console: the JDK HTTP client, first poll after {@link #DEFAULT_POLL}. */
    public DataShareProvider() {
        this(DEFAULT_POLL, null, null);
    }

    /** {@link #DataShareProvider(Duration, com.azure.core.http.HttpClient, com.azure.core.credential.TokenCredential)} with the profile's credential. */
    public DataShareProvider(Duration firstPoll, com.azure.core.http.HttpClient httpClient) {
        this(firstPoll, httpClient, null);
    }

    /**
     * A provider whose sessions send through {@code httpClient} (null: the JDK HTTP client of azure-core) and poll
     * running operations first after {@code firstPoll} when Azure gives no Retry-After: tests against a local
     * simulator. {@code credential}, when given, replaces the one the profile chooses (a test's fixed token: the
     * simulator serves no Azure AD token endpoint); the real credentials are covered by the Azure CLI end-to-end test.
     */
    public DataShareProvider(Duration firstPoll, com.azure.core.http.HttpClient httpClient,
                             com.azure.core.credential.TokenCredential credential) {
        if (firstPoll == null || firstPoll.isNegative() || firstPoll.isZero()) throw new IllegalArgumentException("firstPoll must be positive");
        this.pollInterval = firstPoll;
        this.httpClient = httpClient;
        this.credential = credential;
    }

    @Override
    public String id() { return ID; }

    @Override
    public String displayName() { return "Azure Data Share"; }

    /** {@code datashare subscription <GUID>}, with {@code via <host>} for a resource manager endpoint override. */
    @Override
    public String targetIdentity(ConnectionProfile profile) {
        String sub = setting(profile, "subscription_id");
        StringBuilder b = new StringBuilder("datashare subscription ")
                .append(sub == null ? "(none)" : dev.mlpc.core.provider.TargetIdentity.clean(sub));
        String endpoint = setting(profile, "resource_manager_endpoint");
        if (endpoint != null) {
            String host = dev.mlpc.core.provider.TargetIdentity.clean(endpoint.replaceFirst("(?i)^[a-z][a-z0-9+.-]*://", "")).replaceFirst("/.*$", "");
            if (!host.isEmpty()) b.append(" via ").append(host);
        }
        return b.toString();
    }

    @Override
    public synchronized List<ResourceType> resourceTypes() {
        if (types == null) types = DataShareTypes.all();
        return types;
    }

    /** Resource names are Data Share object names (resource groups accept '(' and ')' besides). */
    @Override
    public String checkIdentifier(String name) {
        String bad = DataShareTypes.checkName(name);
        return bad == null || DataShareTypes.checkResourceGroupName(name) == null ? null : bad;
    }

    @Override
    public Renderer renderer() { return renderer; }

    @Override
    public String generatedExtension() { return "json"; }

    /** The canonical request documents of the offline plan ({@link CanonicalJson#requestDocument}). */
    @Override
    public String renderDocument(Plan offlinePlan) {
        return CanonicalJson.requestDocument(offlinePlan);
    }

    @Override
    public List<String> checkProfile(ConnectionProfile profile) {
        List<String> problems = new ArrayList<>();
        String sub = setting(profile, "subscription_id");
        if (sub == null) problems.add("subscription_id: required, the subscription's GUID");
        else if (!DataShareTypes.UUID.matcher(sub).matches()) problems.add("subscription_id: " + Problem.quote(sub) + " is not a GUID");
        String tenant = setting(profile, "tenant_id");
        if (tenant != null && !DataShareTypes.UUID.matcher(tenant).matches()
                && !tenant.matches("[A-Za-z0-9][A-Za-z0-9\\-]*(\\.[A-Za-z0-9\\-]+)+")) {
            problems.add("tenant_id: " + Problem.quote(tenant) + " is neither a GUID nor a tenant domain such as contoso.onmicrosoft.com");
        }
        String method = credential(profile);
        if (!CREDENTIALS.contains(method)) {
            problems.add("credential: must be one of " + String.join(", ", CREDENTIALS) + ", not " + Problem.quote(setting(profile, "credential")));
            method = null;
        }
        String clientId = setting(profile, "client_id");
        if (clientId != null && !DataShareTypes.UUID.matcher(clientId).matches()) {
            problems.add("client_id: " + Problem.quote(clientId) + " is not a GUID (the application's client id)");
        }
        if ("client_secret".equals(method) || "client_certificate".equals(method)) {
            if (clientId == null) problems.add("client_id: required with credential: " + method);
            if (tenant == null) problems.add("tenant_id: required with credential: " + method);
        } else if (clientId != null && method != null && List.of("cli", "default").contains(method)) {
            problems.add("client_id: not used with credential: " + method);
        }
        for (String key : SECRETS) {
            String v = setting(profile, key);
            if (v == null) continue;
            if (!SecretRef.isReference(v)) problems.add(key + ": " + SecretRef.expectedForm() + "; a secret is never stored in plain text");
        }
        if ("client_secret".equals(method) && setting(profile, "client_secret") == null) {
            problems.add("client_secret: required with credential: client_secret, as a secret reference");
        } else if (method != null && !"client_secret".equals(method) && setting(profile, "client_secret") != null) {
            problems.add("client_secret: only used with credential: client_secret (this connection uses " + method + ")");
        }
        if ("client_certificate".equals(method) && setting(profile, "client_certificate") == null) {
            problems.add("client_certificate: required with credential: client_certificate (a PEM or PFX file)");
        } else if (method != null && !"client_certificate".equals(method)) {
            for (String key : List.of("client_certificate", "client_certificate_password")) {
                if (setting(profile, key) != null) {
                    problems.add(key + ": only used with credential: client_certificate (this connection uses " + method + ")");
                }
            }
        }
        String cloud = cloud(profile);
        if (cloud == null) {
            problems.add("cloud: must be one of " + String.join(", ", CLOUDS) + ", not " + Problem.quote(setting(profile, "cloud")));
        } else if (cloud.equals("custom")) {
            for (String key : List.of("resource_manager_endpoint", "authority_host")) {
                String v = setting(profile, key);
                if (v == null) problems.add(key + ": required with cloud: custom (an https URL)");
                else {
                    String bad = checkEndpoint(v);
                    if (bad != null) problems.add(key + ": " + bad);
                }
            }
        } else {
            for (String key : List.of("resource_manager_endpoint", "authority_host")) {
                if (setting(profile, key) != null) problems.add(key + ": only used with cloud: custom (this connection uses " + cloud + ")");
            }
        }
        String rg = setting(profile, "resource_group");
        if (rg != null) {
            String bad = DataShareTypes.checkResourceGroupName(rg);
            if (bad != null) problems.add("resource_group: " + Problem.quote(rg) + ": " + bad);
        }
        return problems;
    }

    /** The credential setting, lower-case; {@value #DEFAULT_CREDENTIAL} when not given. */
    static String credential(ConnectionProfile profile) {
        String c = setting(profile, "credential");
        return c == null ? DEFAULT_CREDENTIAL : c.toLowerCase(Locale.ROOT);
    }

    /** The cloud setting in its canonical spelling (AzureCloud when not given), null when unknown. */
    static String cloud(ConnectionProfile profile) {
        String c = setting(profile, "cloud");
        if (c == null) return "AzureCloud";
        return CLOUDS.stream().filter(x -> x.equalsIgnoreCase(c)).findFirst().orElse(null);
    }

    /** Null when the URL is an https URL with a host and without user info, query or fragment. */
    static String checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            return "not a URL (e.g. https://management.azure.com/)";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) return "must be an absolute https URL with a host";
        if (uri.getUserInfo() != null) return "must not hold a user or password";
        if (uri.getQuery() != null || uri.getFragment() != null) return "must not have a query or fragment";
        if (!"https".equalsIgnoreCase(uri.getScheme())) return "must start with https:// (bearer tokens are never sent in clear text)";
        return null;
    }

    /** A setting's value; blank counts as not given (forms send empty fields). */
    static String setting(ConnectionProfile profile, String key) {
        String v = profile.setting(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * Checks the profile and builds the credential and the HTTP pipeline; nothing is sent until the first read (the
     * console's connection test lists the accounts: one page).
     */
    @Override
    public ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) throws ProviderException {
        List<String> problems = checkProfile(profile);
        if (!problems.isEmpty()) {
            throw new ProviderException("connection " + Problem.quote(profile.name()) + ": " + String.join("; ", problems));
        }
        DataShareConnector connector = new DataShareConnector(profile, secrets, timeout, httpClient, credential);
        return new DataShareSession(connector, connector.open(), secrets, pollInterval);
    }

    /** A Data Share object's live name is its ARM name: its {@code <kind>_name} when the stack gives one. */
    @Override
    public String liveName(Resource resource) {
        return DataShareTypes.armName(resource);
    }

    /**
     * The node's ARM id: {@code /subscriptions/<subscription_id>/resourceGroups/<resource_group>/providers/
     * Microsoft.DataShare/accounts/<account>[/shares/<share>[/dataSets|invitations|synchronizationSettings/<name>]]}
     * or {@code …/shareSubscriptions/<share_subscription>[/dataSetMappings|triggers/<name>]}; the resource group is the
     * connection's {@code resource_group} when the containers name none. Null without the connection's subscription
     * or a container the kind needs.
     */
    @Override
    public String livePath(ConnectionProfile profile, String type, String name, Map<String, String> containers) {
        String subscription = setting(profile, "subscription_id");
        if (subscription == null || name == null || name.isBlank()) return null;
        if (type.equals(DataShareTypes.RESOURCE_GROUP)) return DataShareRenderer.resourceGroupId(subscription, name);
        String rg = containers.get("resource_group");
        if (rg == null || rg.isBlank()) rg = setting(profile, "resource_group");
        if (rg == null || rg.isBlank()) return null;
        String rgId = DataShareRenderer.resourceGroupId(subscription, rg);
        if (type.equals(DataShareTypes.ACCOUNT)) return DataShareRenderer.childId(type, rgId, name);
        String account = containers.get("account");
        if (account == null || account.isBlank()) return null;
        String accountId = DataShareRenderer.childId(DataShareTypes.ACCOUNT, rgId, account);
        String parent = DataShareTypes.parentProperty(type);
        if ("account".equals(parent)) return DataShareRenderer.childId(type, accountId, name);
        String p = parent == null ? null : containers.get(parent);
        if (p == null || p.isBlank()) return null;
        String parentType = parent.equals("share") ? DataShareTypes.SHARE : DataShareTypes.SHARE_SUBSCRIPTION;
        return DataShareRenderer.childId(type, DataShareRenderer.childId(parentType, accountId, p), name);
    }

    /** ARM ids: Azure resource names are case-insensitive. */
    @Override
    public boolean livePathsIgnoreCase() {
        return true;
    }

    /** Objects are placed in the tree by their account and share (or share subscription). */
    @Override
    public List<String> treeContainers() {
        return List.of("resource_group", "account", "share", "share_subscription");
    }

    /**
     * The describe of a Data Share connection: the subscription, the credential (which decides the other settings),
     * the cloud (custom: the endpoints) and an optional resource group. The client secret is stored under
     * {@code mlpc/<connection>}, the certificate password under {@code mlpc/<connection>/client_certificate_password}.
     */
    @Override
    public ProviderDescriptor describe() {
        return ProviderDescriptor.builder(id(), displayName())
                .setting(SettingSpec.text("subscription_id", "_Subscription id").asRequired("subscription_id: required, the subscription's GUID")
                        .withPrompt("00000000-0000-0000-0000-000000000000"))
                .setting(SettingSpec.text("tenant_id", "Tenant i_d").withPrompt("optional: the directory's GUID")
                        .withHint("Required for a service principal (client secret or certificate)."))
                .setting(SettingSpec.choice("credential", "_Credential",
                        new Choice("cli", "cli (the Azure CLI's login: az login)", "the Azure CLI login (az login, az account show)"),
                        new Choice("client_secret", "client_secret (service principal with a secret)", "tenant_id, client_id and client_secret"),
                        new Choice("client_certificate", "client_certificate (service principal with a certificate)", "tenant_id, client_id and client_certificate"),
                        new Choice("device_code", "device_code (sign in on another device)", "the device code sign-in"),
                        new Choice("interactive_browser", "interactive_browser (sign in in a browser)", "the browser sign-in"),
                        new Choice("managed_identity", "managed_identity (this machine's Azure identity)", "the managed identity and its role assignments"),
                        new Choice("default", "default (azure-identity's default chain)", "the environment, managed identity or CLI login"))
                        .withDefault(DEFAULT_CREDENTIAL))
                .setting(SettingSpec.text("client_id", "Client _id").withPrompt("the application's GUID")
                        .shownWhen("credential", "client_secret", "client_certificate", "device_code", "interactive_browser", "managed_identity"))
                .setting(SettingSpec.secret("client_secret", "Client s_ecret", "client secret")
                        .withPrompt("${env:AZURE_CLIENT_SECRET} or ${keychain:service/account}")
                        .withHint("Only a reference is saved, never the secret.").shownWhen("credential", "client_secret"))
                .setting(SettingSpec.file("client_certificate", "Client certi_ficate").withPrompt("/path/to/cert.pem or .pfx")
                        .shownWhen("credential", "client_certificate"))
                .setting(SettingSpec.secret("client_certificate_password", "Certificate _password", "certificate password")
                        .withPrompt("optional: ${env:AZURE_CLIENT_CERTIFICATE_PASSWORD}")
                        .withHint("Only a reference is saved, never the password.").shownWhen("credential", "client_certificate"))
                .setting(SettingSpec.choice("cloud", "Clo_ud",
                        new Choice("AzureCloud", "AzureCloud (global Azure)", null),
                        new Choice("AzureChinaCloud", "AzureChinaCloud", null),
                        new Choice("AzureUSGovernment", "AzureUSGovernment", null),
                        new Choice("custom", "custom (Azure Stack, private endpoints, a local test server)", null))
                        .withDefault("AzureCloud"))
                .setting(SettingSpec.url("resource_manager_endpoint", "_Resource Manager endpoint").withPrompt("https://management.example/")
                        .shownWhen("cloud", "custom"))
                .setting(SettingSpec.url("authority_host", "Aut_hority host").withPrompt("https://login.example/")
                        .shownWhen("cloud", "custom"))
                .setting(SettingSpec.text("resource_group", "Resource _group").withPrompt("optional: limit the tree to one group"))
                .primarySecret("client_secret")
                .location(true, "resource_manager_endpoint", "subscription_id")
                .sessionFacts(new ProviderDescriptor.SessionFact("subscription", "subscription ", null),
                        new ProviderDescriptor.SessionFact("tenant", "tenant ", null),
                        new ProviderDescriptor.SessionFact("accounts", "Data Share accounts: ", null))
                .loginRefused("refused the credential")
                .wizard(new WizardSpec(FEDERATED_LEARNING_WIZARD, "Federated-learning _data share…", "Shortcut+Shift+D",
                        "An Azure Data Share for federated learning: resource group and account, the share, its datasets,"
                        + " the consumers invited and a synchronization schedule.", "share-2", null))
                .wizard(new WizardSpec(ACCEPT_INVITATION_WIZARD, "Accept a data share _invitation…", "Shortcut+Shift+I",
                        "Accept a received Azure Data Share invitation: the receiving account, mappings of the datasets"
                        + " to your storage and a synchronization trigger.", "mail", null))
                .icon("cloud", "subscription").icon("folder", "resource_group", "received_invitations", "synchronizations")
                .icon("layers", "datashare_account").icon("share", "share", "share_subscription")
                .icon("file", "dataset", "dataset_mapping").icon("mail", "invitation", "received_invitation")
                .icon("clock", "synchronization_setting", "trigger").icon("refresh-cw", "synchronization")
                .generatedExtension(generatedExtension()).treeContainers(treeContainers())
                .build();
    }

    /**
     * The parents a read needs to locate a node's object below an account ({@link DataShareSession#read} places
     * objects through their parents): from the node's ARM id ({@code /subscriptions/…/resourceGroups/<rg>/providers/
     * Microsoft.DataShare/accounts/<a>/shares/<s>/dataSets/<d>}), the account {@code <a>} (in {@code <rg>}) and the
     * share {@code <s>} or share subscription, each named by its ARM name. None for resource groups and accounts
     * (located by their own names), nor for a node whose path is not such an id.
     */
    @Override
    public List<Resource> liveContext(LiveNode node, Resource probe) {
        if (node == null || probe == null) return List.of();
        String parentType = DataShareTypes.parentType(probe.type());
        if (parentType == null || parentType.equals(DataShareTypes.RESOURCE_GROUP)) return List.of();
        Map<String, String> at = armSegments(node.path());
        String rg = at.get("resourcegroups");
        String account = at.get("accounts");
        if (rg == null || account == null) return List.of();
        List<Resource> out = new ArrayList<>();
        out.add(Resource.of(DataShareTypes.ACCOUNT, account, Map.of("resource_group", rg)));
        if (parentType.equals(DataShareTypes.ACCOUNT)) return out;
        String parent = at.get(parentType.equals(DataShareTypes.SHARE) ? "shares" : "sharesubscriptions");
        if (parent == null) return List.of();
        out.add(Resource.of(parentType, parent, Map.of("account", account)));
        return out;
    }

    /** The name after each collection of an ARM id, by the collection in lower case; empty when not an ARM id. */
    static Map<String, String> armSegments(String id) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (id == null || !id.startsWith("/subscriptions/") || id.contains("#")) return out;
        String[] parts = id.substring(1).split("/");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            out.putIfAbsent(parts[i].toLowerCase(Locale.ROOT), parts[i + 1]);
        }
        return out;
    }

    /** Where a missing resource belongs in the live tree: under its parent's ARM id (unknown offline: null). */
    @Override
    public String liveParentPath(Resource resource) {
        return null;
    }
}
