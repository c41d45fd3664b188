package dev.mlpc.providers.datashare;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.WizardSpec;
import dev.mlpc.testing.datashare.DataShareSimulator;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;

/**
 * Plumbing of the live tree and live action tests against the Data Share simulator: a session on it (the provider's
 * pipeline with a fixed bearer token instead of a login), the client-side requests that build both sides of a share
 * (following long-running operations), and walking the tree.
 */
final class DataShareLiveKit implements AutoCloseable {
    static final String TOKEN = "live-tree-token";
    static final String API = "?api-version=" + DataShareTypes.API_VERSION;

    final DataShareSimulator sim;
    final ArmClient arm;
    final DataShareSession session;

    DataShareLiveKit() {
        this(null);
    }

    /** A session limited to {@code resourceGroup} when it is not null. */
    DataShareLiveKit(String resourceGroup) {
        this(DataShareSimulator.start(), resourceGroup);
    }

    DataShareLiveKit(DataShareSimulator sim, String resourceGroup) {
        this.sim = sim;
        sim.expectBearer(TOKEN);
        Map<String, String> settings = settings(sim);
        if (resourceGroup != null) settings.put("resource_group", resourceGroup);
        ConnectionProfile profile = new ConnectionProfile("fl-azure", "datashare", settings);
        try {
            session = (DataShareSession) provider(sim).connect(profile, null, Duration.ofSeconds(30));
        } catch (ProviderException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        arm = session.arm();
    }

    /** A connection's settings for the simulator's subscription (a custom cloud at its endpoint, no login host). */
    static Map<String, String> settings(DataShareSimulator sim) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("subscription_id", SUBSCRIPTION);
        settings.put("cloud", "custom");
        settings.put("resource_manager_endpoint", sim.endpoint().toString());
        settings.put("authority_host", "https://127.0.0.1:9/");
        return settings;
    }

    /**
     * The console's standard modules with Data Share registered over this kit's simulator: the same registration and
     * wizards, the provider tests use ({@link #provider}).
     */
    List<ProviderModule> consoleModules() {
        List<ProviderModule> modules = new ArrayList<>();
        for (ProviderModule m : Modules.standard()) {
            if (!m.provider().id().equals(DataShareProvider.ID)) {
                modules.add(m);
                continue;
            }
            Map<String, ProviderModule.WizardLauncher> launchers = new LinkedHashMap<>();
            for (WizardSpec w : m.descriptor().wizards()) launchers.put(w.id(), m.launcher(w.id()).orElseThrow());
            modules.add(new ProviderModule(provider(sim), launchers));
        }
        return modules;
    }

    /** A workbench in {@code home} over {@code modules} whose one connection, {@code fl-azure}, is this kit's simulator. */
    Workbench consoleWorkbench(Path home, List<ProviderModule> modules) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLPC_HOME", home.toString());
        Workbench wb = new Workbench(new AppHome(home), Modules.registry(modules),
                env, Duration.ofSeconds(20));
        wb.connections().save(List.of(new ConnectionProfile("fl-azure", "datashare", settings(sim))));
        return wb;
    }

    /** The provider as tests use it: the simulator's HTTP client, a fixed bearer token, polls after 5 ms. */
    static DataShareProvider provider(DataShareSimulator sim) {
        TokenCredential fixed = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), fixed);
    }

    @Override
    public void close() {
        session.close();
        sim.close();
    }

    static String rgId(String rg) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + rg;
    }

    static String accountId(String rg, String account) {
        return rgId(rg) + "/providers/Microsoft.DataShare/accounts/" + account;
    }

    // ---- building both sides (as a client would) --------------------------------------------------------------------

    /** Sends a request and follows its long-running operation (if any) to the end. */
    JsonNode create(String method, String path, Object body) throws ProviderException {
        ArmClient.ArmResponse r = arm.send(method, path, body);
        if (ArmClient.isRunning(r)) {
            ArmClient.Operation op = arm.startOperation(r, method + " " + path, Duration.ofMillis(5));
            for (int i = 0; i < 100; i++) {
                ArmClient.PollState s = arm.pollOnce(op);
                if (s.done()) break;
                if (s.failed()) throw new AssertionError(method + " " + path + " failed: " + s.failure());
            }
        }
        return r.json();
    }

    void account(String rg, String name, String location) throws ProviderException {
        create("PUT", accountId(rg, name) + API, Map.of("location", location, "identity", Map.of("type", "SystemAssigned")));
    }

    void invitation(String rg, String account, String share, String name, String email) throws ProviderException {
        create("PUT", accountId(rg, account) + "/shares/" + share + "/invitations/" + name + API,
                Map.of("properties", Map.of("targetEmail", email)));
    }

    void schedule(String rg, String account, String share, String name, String every) throws ProviderException {
        create("PUT", accountId(rg, account) + "/shares/" + share + "/synchronizationSettings/" + name + API,
                Map.of("kind", "ScheduleBased", "properties", Map.of("recurrenceInterval", every,
                        "synchronizationTime", "2026-12-04T02:00:00Z")));
    }

    /**
     * The consumer side of a received invitation: account {@code account} in {@code rg} (westeurope), share
     * subscription {@code name} accepting it, its {@code training} dataset mapped to container {@code landing} of
     * storage account {@code consumerstore}, and a daily trigger. Returns the share subscription's ARM id.
     */
    String consumer(String rg, String account, String name, String invitationId) throws ProviderException {
        sim.seedStorageAccount(SUBSCRIPTION, rg, "consumerstore");
        account(rg, account, "westeurope");
        String subId = accountId(rg, account) + "/shareSubscriptions/" + name;
        create("PUT", subId + API, Map.of("properties", Map.of("invitationId", invitationId, "sourceShareLocation", "westeurope")));
        String dataSetId = null;
        for (JsonNode ds : arm.list(subId + "/consumerSourceDataSets" + API, null, null)) {
            if (ds.path("properties").path("dataSetName").asText().equals("training")) {
                dataSetId = ds.path("properties").path("dataSetId").asText();
            }
        }
        create("PUT", subId + "/dataSetMappings/training-map" + API, Map.of("kind", "Container", "properties", Map.of(
                "dataSetId", dataSetId, "containerName", "landing", "subscriptionId", SUBSCRIPTION, "resourceGroup", rg,
                "storageAccountName", "consumerstore")));
        create("PUT", subId + "/triggers/nightly" + API, Map.of("kind", "ScheduleBased", "properties", Map.of(
                "recurrenceInterval", "Day", "synchronizationTime", "2026-12-04T01:00:00Z")));
        return subId;
    }

    // ---- walking the tree -------------------------------------------------------------------------------------------

    List<LiveNode> children(LiveNode parent) throws ProviderException {
        return session.children(parent, Progress.NONE);
    }

    LiveNode subscription() throws ProviderException {
        return children(null).get(0);
    }

    /** The child labelled {@code label}, or one whose label starts with {@code label + " "}. */
    static LiveNode child(List<LiveNode> nodes, String label) {
        return nodes.stream().filter(n -> n.label().equals(label) || n.label().startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " among " + nodes.stream().map(LiveNode::label).toList()));
    }

    /** Walks down a path of labels from the subscription node, expanding each. */
    LiveNode walk(String... labels) throws ProviderException {
        LiveNode n = subscription();
        for (String l : labels) n = child(children(n), l);
        return n;
    }

    /** The paths (without query) of the requests since the last reset, as {@code METHOD path}. */
    List<String> requests() {
        return sim.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }
}
