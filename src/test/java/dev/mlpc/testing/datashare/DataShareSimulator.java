package dev.mlpc.testing.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A local Azure Resource Manager endpoint for Microsoft.DataShare (api-version {@value #API_VERSION}) in test code:
 * https on 127.0.0.1 (ephemeral port) with a self-signed certificate made at start (the JDK's {@code keytool}, into a
 * temporary PKCS12 store; no key material in the repository). It keeps accounts → shares → data sets, invitations,
 * synchronization settings; the consumer side (received invitations, share subscriptions → data set mappings,
 * triggers, synchronizations, consumer source data sets); resource groups (Microsoft.Resources {@value #RG_API_VERSION})
 * and role assignments (Microsoft.Authorization {@value #AUTH_API_VERSION}). It follows the published REST spec
 * (azure-rest-api-specs DataShare.json 2021-08-01, see {@link DataShareModel} and PROTOCOL.md beside this file):
 * long-running operations answer 201/202 with {@code Azure-AsyncOperation} and/or {@code Location} and
 * {@code Retry-After}; lists page with {@code nextLink}; errors are ARM bodies {@code {"error":{"code","message"}}};
 * request bodies are validated (required, enums, read-only properties, date-time and GUID formats, the {@code kind}
 * discriminators); unknown parents answer ParentResourceNotFound / ResourceGroupNotFound.
 *
 * <p>The real azure-core pipeline reaches it with {@link #httpClient()} (JDK HTTP client trusting the certificate) or
 * a JVM given {@link #trustStore()}; any non-empty bearer token is accepted unless {@link #expectBearer(String)}.
 */
public final class DataShareSimulator implements AutoCloseable {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final String TENANT = "11111111-1111-1111-1111-111111111111";
    public static final String API_VERSION = "2021-08-01";
    public static final String RG_API_VERSION = "2021-04-01";
    public static final String AUTH_API_VERSION = "2022-04-01";
    /** The subscription of the (otherwise invisible) provider side behind {@link #seedReceivedInvitation}. */
    public static final String PROVIDER_SUBSCRIPTION = "99999999-9999-9999-9999-999999999999";
    /** Who "created" resources (userEmail / userName / systemData.createdBy of what the simulator stores). */
    public static final String USER_EMAIL = "operator@mlpc.test";
    public static final String USER_NAME = "MLPC Operator";
    /** Storage Blob Data Reader / Contributor role definition GUIDs (Azure built-in roles). */
    public static final String STORAGE_BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public static final String STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    /** One request as it arrived: method, decoded path, raw query (or null), body text (or null). */
    public record Request(String method, String path, String query, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DS = "Microsoft.DataShare";

    /** An ARM error answer. */
    static final class ArmError extends RuntimeException {
        final int status;
        final String code;
        final String target;
        final Map<String, String> headers = new LinkedHashMap<>();

        ArmError(int status, String code, String message) {
            this(status, code, message, null);
        }

        ArmError(int status, String code, String message, String target) {
            super(message);
            this.status = status;
            this.code = code;
            this.target = target;
        }
    }

    /** A stored resource: its GET document plus hidden links. */
    private static final class Res {
        final String id;
        final String kind;
        final ObjectNode doc;
        final Map<String, String> meta = new HashMap<>();
        Op op;

        Res(String id, String kind, ObjectNode doc) {
            this.id = id;
            this.kind = kind;
            this.doc = doc;
        }

        ObjectNode props() {
            JsonNode p = doc.get("properties");
            return p instanceof ObjectNode o ? o : doc.putObject("properties");
        }
    }

    /** A long-running operation. */
    private static final class Op {
        final String id = UUID.randomUUID().toString();
        String sub;
        String location;
        String path;
        boolean resourcesStyle;
        int needed;
        int polls;
        String status = "InProgress";
        ObjectNode error;
        final String startTime = now();
        String endTime;
        Runnable onSuccess = () -> { };
        Runnable onFailure = () -> { };
        Runnable onPoll = () -> { };
        Supplier<JsonNode> finalBody;
        boolean finished;
    }

    /** A synchronization of a share subscription. */
    private static final class Sync {
        final ObjectNode doc;
        final String subId;
        final List<ObjectNode> details = new ArrayList<>();
        Op op;

        Sync(ObjectNode doc, String subId) {
            this.doc = doc;
            this.subId = subId;
        }

        String status() {
            return doc.path("status").asText();
        }
    }

    private record FailRule(String method, String pathContains, int status, String code, String message) {}

    private record FailOp(String pathContains, String code, String message) {}

    // ------------------------------------------------------------------ certificate (once per JVM)

    private record Certs(Path dir, Path keyStore, Path trustStore, String password) {}

    private static Certs certs;

    private static synchronized Certs certs() {
        if (certs != null) return certs;
        try {
            Path dir = Files.createTempDirectory("datashare-sim");
            byte[] pw = new byte[18];
            new SecureRandom().nextBytes(pw);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
            Path keyStore = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "datashare-sim",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=127.0.0.1, O=mlpc test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "7", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, password.toCharArray());
            }
            Certificate cert = ks.getCertificate("datashare-sim");
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("datashare-sim", cert);
            Path trustStore = dir.resolve("truststore.p12");
            try (OutputStream o = Files.newOutputStream(trustStore)) {
                ts.store(o, password.toCharArray());
            }
            dir.toFile().deleteOnExit();
            keyStore.toFile().deleteOnExit();
            trustStore.toFile().deleteOnExit();
            certs = new Certs(dir, keyStore, trustStore, password);
            return certs;
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the Data Share simulator's certificate", e);
        }
    }

    // ------------------------------------------------------------------ fields

    private final Certs cert;
    private final SSLContext serverSsl;
    private final SSLContext clientSsl;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();

    // state (guarded by lock); keys are lower-case ARM ids
    private final TreeMap<String, Res> byId = new TreeMap<>();
    private final Map<String, Op> ops = new HashMap<>();
    private final Map<String, List<Sync>> syncs = new HashMap<>();          // lower share subscription id → newest last
    private final Map<String, ObjectNode> withdrawn = new LinkedHashMap<>(); // invitationId → consumer view
    private final Set<String> subscriptions = new HashSet<>(Set.of(SUBSCRIPTION, PROVIDER_SUBSCRIPTION));
    private final Set<String> deniedRoleScopes = new HashSet<>();
    private final Deque<FailRule> failRules = new ArrayDeque<>();
    private final Deque<FailOp> failOps = new ArrayDeque<>();
    private final Map<String, String> failSyncs = new HashMap<>();           // lower share subscription name → message
    private int seededProviders;

    // behaviour
    private volatile String bearer;
    private volatile long latencyNanos;
    private volatile int pageSize = 50;
    private volatile int lroPolls = 1;
    private volatile int retryAfter;
    private volatile String consumerEmail;
    private int throttle;
    private int throttleRetryAfter;

    // observation
    private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    private DataShareSimulator() throws IOException, java.security.GeneralSecurityException {
        cert = certs();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.keyStore())) {
            ks.load(in, cert.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, cert.password().toCharArray());
        serverSsl = SSLContext.getInstance("TLS");
        serverSsl.init(kmf.getKeyManagers(), null, null);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.trustStore())) {
            ts.load(in, cert.password().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        clientSsl = SSLContext.getInstance("TLS");
        clientSsl.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "datashare-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Starts a simulator on https://127.0.0.1:PORT/ (ephemeral port) with its own self-signed certificate. */
    public static DataShareSimulator start() {
        try {
            return new DataShareSimulator();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the Data Share simulator", e);
        }
    }

    /** {@code https://127.0.0.1:PORT/}: the ARM endpoint (paths are relative to it). */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** PKCS12 truststore holding the simulator's certificate (for {@code javax.net.ssl.trustStore}). */
    public Path trustStore() {
        return cert.trustStore();
    }

    public String trustStorePassword() {
        return cert.password();
    }

    /** An SSLContext that trusts the simulator's certificate (and nothing else). */
    public SSLContext sslContext() {
        return clientSsl;
    }

    /** An azure-core HttpClient (JDK HTTP client) that trusts the simulator's certificate. */
    public com.azure.core.http.HttpClient httpClient() {
        return new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(clientSsl)).build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ behaviour

    /** Only this bearer token is accepted (401 InvalidAuthenticationToken otherwise); null: any non-empty token. */
    public void expectBearer(String token) {
        bearer = token;
    }

    public void latency(Duration perRequest) {
        latencyNanos = perRequest.toNanos();
    }

    /** List operations answer at most {@code n} items a page, with a {@code nextLink} to the rest (default 50). */
    public void pageSize(int n) {
        if (n < 1) throw new IllegalArgumentException("page size must be >= 1");
        pageSize = n;
    }

    /**
     * A long-running operation reaches its end state at its n-th poll (of its Azure-AsyncOperation or Location URL);
     * earlier polls see InProgress. 0: it has ended before the first poll. Default 1.
     */
    public void lroPolls(int n) {
        if (n < 0) throw new IllegalArgumentException("polls must be >= 0");
        lroPolls = n;
    }

    /** The Retry-After (seconds) of 201/202 answers and of polls that see InProgress (default 0). */
    public void retryAfterSeconds(int s) {
        retryAfter = s;
    }

    /** The next {@code n} requests are answered 429 with Retry-After and an ARM body. */
    public void throttleNext(int n, int retryAfterSeconds) {
        synchronized (lock) {
            throttle = n;
            throttleRetryAfter = retryAfterSeconds;
        }
    }

    /** The next request with this method (null: any) whose path contains {@code pathContains} gets this ARM error. */
    public void failNext(String method, String pathContains, int status, String code, String message) {
        synchronized (lock) {
            failRules.add(new FailRule(method, pathContains, status, code, message));
        }
    }

    /** The next long-running operation started on a path containing {@code pathContains} ends Failed with this error. */
    public void failNextOperation(String pathContains, String code, String message) {
        synchronized (lock) {
            failOps.add(new FailOp(pathContains, code, message));
        }
    }

    /** The next synchronization of the share subscription with this name ends Failed with this message. */
    public void failSynchronization(String shareSubscriptionName, String message) {
        synchronized (lock) {
            failSyncs.put(shareSubscriptionName.toLowerCase(Locale.ROOT), message);
        }
    }

    /** Invitations to this e-mail address (and to object ids in {@link #TENANT}) are the tenant's received invitations. */
    public void consumerEmail(String email) {
        consumerEmail = email;
    }

    /** Role assignment reads at this scope (or below it) answer 403 AuthorizationFailed. */
    public void denyRoleReads(String scope) {
        synchronized (lock) {
            deniedRoleScopes.add(trimSlash(scope).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Changes a stored resource behind the client's back (drift tests): its GET document, by ARM id or request path
     * (case-insensitive; a query is ignored). No request is counted.
     */
    public void tamper(String armIdOrPath, Consumer<ObjectNode> change) {
        synchronized (lock) {
            Res r = byId.get(key(stripQuery(armIdOrPath)));
            if (r == null) throw new IllegalArgumentException("no resource " + armIdOrPath);
            change.accept(r.doc);
        }
    }

    /**
     * Sets an invitation's status (Pending, Accepted, Rejected, Withdrawn) on both sides; the invitation is named by its
     * ARM id, its name or its invitationId.
     */
    public void setInvitationStatus(String invitationArmIdOrName, String status) {
        if (!List.of("Pending", "Accepted", "Rejected", "Withdrawn").contains(status)) {
            throw new IllegalArgumentException("invitation status " + status);
        }
        synchronized (lock) {
            Res inv = byId.get(key(invitationArmIdOrName));
            if (inv == null || !inv.kind.equals("invitation")) {
                inv = null;
                for (Res r : byId.values()) {
                    if (r.kind.equals("invitation") && (r.doc.path("name").asText().equalsIgnoreCase(invitationArmIdOrName)
                            || r.props().path("invitationId").asText().equalsIgnoreCase(invitationArmIdOrName))) {
                        inv = r;
                        break;
                    }
                }
            }
            if (inv == null) throw new IllegalArgumentException("no invitation " + invitationArmIdOrName);
            inv.props().put("invitationStatus", status);
            if (!status.equals("Pending")) inv.props().put("respondedAt", now());
        }
    }

    // ------------------------------------------------------------------ seeding (no requests counted)

    public void seedResourceGroup(String sub, String rg, String location) {
        synchronized (lock) {
            subscriptions.add(sub.toLowerCase(Locale.ROOT));
            String id = "/subscriptions/" + sub + "/resourceGroups/" + rg;
            if (byId.containsKey(key(id))) return;
            ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", rg)
                    .put("type", "Microsoft.Resources/resourceGroups").put("location", location);
            doc.putObject("properties").put("provisioningState", "Succeeded");
            put(new Res(id, "resourceGroup", doc));
        }
    }

    /** A storage account (for data set sources / mapping targets and as a role scope); its resource group is made if missing. */
    public void seedStorageAccount(String sub, String rg, String name) {
        synchronized (lock) {
            seedResourceGroup(sub, rg, "westeurope");
            String id = storageId(sub, rg, name);
            if (byId.containsKey(key(id))) return;
            ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name)
                    .put("type", "Microsoft.Storage/storageAccounts").put("location", "westeurope").put("kind", "StorageV2");
            doc.putObject("properties").put("provisioningState", "Succeeded").put("isHnsEnabled", true);
            put(new Res(id, "storageAccount", doc));
        }
    }

    /**
     * {@code accounts} accounts {@code account-001…} in a resource group (made if missing, westeurope), each with
     * {@code sharesPerAccount} CopyBased shares {@code share-001…}, each with {@code datasetsPerShare} Container data sets
     * {@code dataset-001…} on the storage account {@code seedstorage} of the same group (made if missing).
     */
    public void seedAccounts(String sub, String rg, int accounts, int sharesPerAccount, int datasetsPerShare) {
        synchronized (lock) {
            seedStorageAccount(sub, rg, "seedstorage");
            Res group = byId.get(key("/subscriptions/" + sub + "/resourceGroups/" + rg));
            String location = group.doc.path("location").asText();
            for (int a = 1; a <= accounts; a++) {
                Res acct = newAccount(group, String.format("account-%03d", a), location, null, null);
                for (int s = 1; s <= sharesPerAccount; s++) {
                    ObjectNode sp = JSON.createObjectNode().put("shareKind", "CopyBased").put("description", "seeded share");
                    Res share = newShare(acct, String.format("share-%03d", s), sp);
                    for (int d = 1; d <= datasetsPerShare; d++) {
                        ObjectNode p = JSON.createObjectNode().put("containerName", String.format("data-%03d", d))
                                .put("subscriptionId", sub).put("resourceGroup", rg).put("storageAccountName", "seedstorage");
                        newDataSet(share, String.format("dataset-%03d", d), "Container", p);
                    }
                }
            }
        }
    }

    /**
     * An invitation received by this tenant: a provider side (subscription {@value #PROVIDER_SUBSCRIPTION}, account
     * {@code provider-N} in {@code location}) with share {@code shareName} holding two data sets, {@code training}
     * (Container {@code training}) and {@code labels} (BlobFolder {@code labels/} in container {@code meta}), a
     * synchronization setting {@code daily} (Day, 02:00 UTC), and a pending invitation listed by listInvitations. Returns the invitationId.
     */
    public String seedReceivedInvitation(String providerEmail, String shareName, String location) {
        synchronized (lock) {
            int n = ++seededProviders;
            String rg = "provider-rg";
            seedStorageAccount(PROVIDER_SUBSCRIPTION, rg, "providerstorage");
            Res group = byId.get(key("/subscriptions/" + PROVIDER_SUBSCRIPTION + "/resourceGroups/" + rg));
            Res acct = newAccount(group, "provider-" + n, location, null, null);
            acct.props().put("userEmail", providerEmail);
            ObjectNode sp = JSON.createObjectNode().put("shareKind", "CopyBased")
                    .put("description", "Training data for federated learning").put("terms", "Use for model training only.");
            Res share = newShare(acct, shareName, sp);
            share.props().put("userEmail", providerEmail);
            newDataSet(share, "training", "Container", JSON.createObjectNode().put("containerName", "training")
                    .put("subscriptionId", PROVIDER_SUBSCRIPTION).put("resourceGroup", rg).put("storageAccountName", "providerstorage"));
            newDataSet(share, "labels", "BlobFolder", JSON.createObjectNode().put("containerName", "meta").put("prefix", "labels/")
                    .put("subscriptionId", PROVIDER_SUBSCRIPTION).put("resourceGroup", rg).put("storageAccountName", "providerstorage"));
            String settingId = share.id + "/synchronizationSettings/daily";
            ObjectNode setting = JSON.createObjectNode().put("id", settingId).put("name", "daily")
                    .put("type", DS + "/accounts/shares/synchronizationSettings").put("kind", "ScheduleBased");
            systemData(setting);
            setting.putObject("properties").put("createdAt", now()).put("provisioningState", "Succeeded")
                    .put("recurrenceInterval", "Day").put("synchronizationTime", "2026-01-01T02:00:00Z").put("userName", USER_NAME);
            put(new Res(settingId, "synchronizationSetting", setting));
            ObjectNode ip = JSON.createObjectNode().put("targetEmail", consumerEmail == null ? "consumer@mlpc.test" : consumerEmail);
            Res inv = newInvitation(share, "invitation-" + n, ip);
            inv.props().put("userEmail", providerEmail);
            inv.meta.put("received", "true");
            return inv.props().path("invitationId").asText();
        }
    }

    /** A role assignment of a role definition (GUID) to a principal at a scope (an ARM id). */
    public void grantRole(String scope, String principalId, String roleDefinitionGuid) {
        synchronized (lock) {
            String sc = trimSlash(scope);
            String name = UUID.randomUUID().toString();
            newRoleAssignment(sc, name, "/subscriptions/" + subscriptionOf(sc) + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + roleDefinitionGuid, principalId, "ServicePrincipal");
        }
    }

    // ------------------------------------------------------------------ inspection

    /** Every request received since the last {@link #resetCounts()}, in order (LRO polls included). */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        return requests.size();
    }

    public void resetCounts() {
        requests.clear();
    }

    /** Exceptions thrown while answering (simulator bugs); each was answered 500. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    /** A copy of the stored GET document of an ARM id (any casing), or null. */
    public JsonNode resource(String armId) {
        synchronized (lock) {
            Res r = byId.get(key(stripQuery(armId)));
            return r == null ? null : r.doc.deepCopy();
        }
    }

    /** The synchronizations of a share subscription (by ARM id), oldest first, as listSynchronizations shows them. */
    public List<JsonNode> synchronizations(String shareSubscriptionId) {
        synchronized (lock) {
            List<JsonNode> out = new ArrayList<>();
            for (Sync s : syncs.getOrDefault(key(shareSubscriptionId), List.of())) out.add(s.doc.deepCopy());
            return out;
        }
    }

    // ------------------------------------------------------------------ fake az

    /**
     * Writes an executable {@code az} into {@code dir} that prints what {@code az account get-access-token --output json}
     * prints (accessToken, expiresOn, expires_on, subscription, tenant, tokenType: the fields azure-identity's
     * AzureCliCredential reads), with a token valid for an hour. Returns the script's path.
     */
    public static Path fakeAzCli(Path dir, String token) {
        try {
            Files.createDirectories(dir);
            Instant expires = Instant.now().plus(Duration.ofHours(1));
            String expiresOn = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                    .format(expires.atZone(ZoneId.systemDefault()));
            ObjectNode out = JSON.createObjectNode().put("accessToken", token).put("expiresOn", expiresOn)
                    .put("expires_on", expires.getEpochSecond()).put("subscription", SUBSCRIPTION).put("tenant", TENANT)
                    .put("tokenType", "Bearer");
            String script = "#!/bin/sh\n"
                    + "# Stand-in for the Azure CLI in tests: answers `az account get-access-token` only.\n"
                    + "case \"$*\" in\n"
                    + "  *\"account get-access-token\"*)\n"
                    + "    cat <<'JSON'\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\nJSON\n"
                    + "    ;;\n"
                    + "  *) echo \"az (test stand-in): unsupported command: $*\" >&2; exit 2 ;;\n"
                    + "esac\n";
            Path az = dir.resolve("az");
            Files.writeString(az, script, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                az.toFile().setExecutable(true);
            }
            return az;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the fake az", e);
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void exchange(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        String body;
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            body = raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
        }
        requests.add(new Request(method, path, rawQuery, body));
        try {
            if (latencyNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(latencyNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Answer a;
            try {
                authorize(ex.getRequestHeaders().getFirst("Authorization"));
                mediaType(body, ex.getRequestHeaders().getFirst("Content-Type"));
                synchronized (lock) {
                    preflight(method, path);
                    a = route(method, path, query(rawQuery), body);
                }
            } catch (ArmError e) {
                ObjectNode err = JSON.createObjectNode();
                ObjectNode inner = err.putObject("error").put("code", e.code).put("message", e.getMessage());
                if (e.target != null && !e.target.isEmpty()) inner.put("target", e.target);
                a = new Answer(e.status, err);
                a.headers.putAll(e.headers);
            }
            send(ex, a);
        } catch (RuntimeException e) {
            failures.add(e);
            ObjectNode err = JSON.createObjectNode();
            err.putObject("error").put("code", "InternalServerError").put("message", "Data Share simulator failure: " + e);
            send(ex, new Answer(500, err));
        } finally {
            ex.close();
        }
    }

    /** An HTTP answer: status, JSON body (or none), headers. */
    private static final class Answer {
        final int status;
        final JsonNode body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Answer(int status, JsonNode body) {
            this.status = status;
            this.body = body;
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        ex.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
        ex.getResponseHeaders().set("x-ms-correlation-request-id", UUID.randomUUID().toString());
        a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (a.body == null) {
            ex.sendResponseHeaders(a.status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(a.body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(a.status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void authorize(String header) {
        String challenge = "Bearer authorization_uri=\"https://login.microsoftonline.com/" + TENANT
                + "\", error=\"invalid_token\", error_description=\"The authentication failed.\"";
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            ArmError e = new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
            e.headers.put("WWW-Authenticate", challenge);
            throw e;
        }
        String expected = bearer;
        if (expected != null && !expected.equals(header.substring(7).trim())) {
            ArmError e = new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
            e.headers.put("WWW-Authenticate", challenge);
            throw e;
        }
    }

    /** A request with a body must say it is JSON (ARM answers 415 otherwise). */
    private static void mediaType(String body, String contentType) {
        if (body == null) return;
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!ct.startsWith("application/json")) {
            throw new ArmError(415, "UnsupportedMediaType", "The content media type '" + (contentType == null ? "" : contentType)
                    + "' is not supported. Only 'application/json' is supported.");
        }
    }

    private void preflight(String method, String path) {
        if (throttle > 0) {
            throttle--;
            ArmError e = new ArmError(429, "TooManyRequests", "The request was throttled: too many requests for subscription; "
                    + "retry after " + throttleRetryAfter + " seconds.");
            e.headers.put("Retry-After", Integer.toString(throttleRetryAfter));
            throw e;
        }
        for (Iterator<FailRule> it = failRules.iterator(); it.hasNext(); ) {
            FailRule f = it.next();
            if ((f.method() == null || f.method().equalsIgnoreCase(method))
                    && path.toLowerCase(Locale.ROOT).contains(f.pathContains().toLowerCase(Locale.ROOT))) {
                it.remove();
                throw new ArmError(f.status(), f.code(), f.message());
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    // ------------------------------------------------------------------ routing

    private Answer route(String method, String path, Map<String, String> q, String body) {
        List<String> s = new ArrayList<>();
        for (String seg : path.split("/")) if (!seg.isEmpty()) s.add(seg);
        int auth = indexOfProvider(s, "Microsoft.Authorization");
        if (auth >= 0 && s.size() > auth + 2 && eq(s.get(auth + 2), "roleAssignments")) {
            apiVersion(q, AUTH_API_VERSION);
            String scope = "/" + String.join("/", s.subList(0, auth));
            if (s.size() == auth + 3) {
                if (!method.equals("GET")) throw methodNotAllowed(method, path);
                return listRoleAssignments(scope, path, q);
            }
            if (s.size() == auth + 4) return roleAssignment(method, scope, s.get(auth + 3), body);
            throw noRoute(method, path);
        }
        if (s.size() >= 2 && eq(s.get(0), "providers") && eq(s.get(1), DS)) {
            apiVersion(q, API_VERSION);
            if (s.size() == 3 && eq(s.get(2), "listInvitations") && method.equals("GET")) return listInvitations(path, q);
            if (s.size() == 6 && eq(s.get(2), "locations") && eq(s.get(4), "consumerInvitations") && method.equals("GET")) {
                return getConsumerInvitation(s.get(5));
            }
            if (s.size() == 5 && eq(s.get(2), "locations") && eq(s.get(4), "rejectInvitation") && method.equals("POST")) {
                return rejectInvitation(s.get(3), body);
            }
            throw noRoute(method, path);
        }
        if (s.size() < 2 || !eq(s.get(0), "subscriptions")) throw noRoute(method, path);
        String sub = s.get(1);
        if (!subscriptions.contains(sub.toLowerCase(Locale.ROOT))) {
            throw new ArmError(404, "SubscriptionNotFound", "The subscription '" + sub + "' could not be found.");
        }
        if (s.size() == 2 && method.equals("GET")) {
            if (q.getOrDefault("api-version", "").isEmpty()) apiVersion(q, "2022-12-01");
            ObjectNode doc = JSON.createObjectNode().put("id", "/subscriptions/" + sub).put("subscriptionId", sub)
                    .put("tenantId", TENANT).put("displayName", "mlpc test subscription").put("state", "Enabled");
            return new Answer(200, doc);
        }
        if (s.size() == 4 && eq(s.get(2), "operationresults")) {
            apiVersion(q, RG_API_VERSION);
            return pollLocation(s.get(3));
        }
        if (s.size() >= 3 && eq(s.get(2), "resourcegroups")) {
            if (s.size() == 3) {
                apiVersion(q, RG_API_VERSION);
                if (!method.equals("GET")) throw methodNotAllowed(method, path);
                return listResourceGroups(sub, path, q);
            }
            String rg = s.get(3);
            if (s.size() == 4) {
                apiVersion(q, RG_API_VERSION);
                return resourceGroup(method, sub, rg, body);
            }
            if (s.size() == 5 && eq(s.get(4), "resources")) {
                apiVersion(q, RG_API_VERSION);
                if (!method.equals("GET")) throw methodNotAllowed(method, path);
                return listGroupResources(sub, rg, path, q);
            }
            if (s.size() >= 7 && eq(s.get(4), "providers") && eq(s.get(5), DS) && eq(s.get(6), "accounts")) {
                apiVersion(q, API_VERSION);
                return dataShare(method, path, q, sub, rg, s.subList(7, s.size()), body);
            }
            if (s.size() == 8 && eq(s.get(4), "providers") && eq(s.get(5), "Microsoft.Storage")
                    && eq(s.get(6), "storageAccounts") && method.equals("GET")) {
                Res r = byId.get(key(path));
                if (r == null) throw notFound("Microsoft.Storage/storageAccounts/" + s.get(7), rg);
                return new Answer(200, r.doc);
            }
            throw noRoute(method, path);
        }
        if (s.size() >= 4 && eq(s.get(2), "providers") && eq(s.get(3), DS)) {
            apiVersion(q, API_VERSION);
            if (s.size() == 5 && eq(s.get(4), "accounts") && method.equals("GET")) {
                List<JsonNode> items = new ArrayList<>();
                String prefix = key("/subscriptions/" + sub + "/resourceGroups/");
                for (Res r : byId.subMap(prefix, prefix + "\uffff").values()) if (r.kind.equals("account")) items.add(r.doc);
                return page(items, path, q);
            }
            if (s.size() == 8 && eq(s.get(4), "locations") && method.equals("GET")) {
                if (eq(s.get(6), "operationStatuses")) return pollStatus(s.get(7));
                if (eq(s.get(6), "operationResults")) return pollLocation(s.get(7));
            }
        }
        throw noRoute(method, path);
    }

    private static int indexOfProvider(List<String> s, String namespace) {
        for (int i = 0; i + 1 < s.size(); i++) if (eq(s.get(i), "providers") && eq(s.get(i + 1), namespace)) return i;
        return -1;
    }

    private static void apiVersion(Map<String, String> q, String expected) {
        String v = q.get("api-version");
        if (v == null || v.isEmpty()) {
            throw new ArmError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (!v.equals(expected)) {
            throw new ArmError(400, "InvalidApiVersionParameter", "The api-version '" + v
                    + "' is invalid. The supported versions are '" + expected + "'.");
        }
    }

    private static ArmError noRoute(String method, String path) {
        return new ArmError(404, "InvalidResourceType", "The resource type could not be found for " + method + " " + path
                + " (not served by the Data Share simulator).");
    }

    private static ArmError methodNotAllowed(String method, String path) {
        return new ArmError(405, "MethodNotAllowed", "The method " + method + " is not allowed on " + path + ".");
    }

    private static ArmError notFound(String typeAndName, String rg) {
        return new ArmError(404, "ResourceNotFound", "The Resource '" + typeAndName + "' under resource group '" + rg
                + "' was not found.");
    }

    // ------------------------------------------------------------------ resource groups

    private Answer listResourceGroups(String sub, String path, Map<String, String> q) {
        List<JsonNode> items = new ArrayList<>();
        String prefix = key("/subscriptions/" + sub + "/resourceGroups/");
        for (Map.Entry<String, Res> e : byId.subMap(prefix, prefix + "\uffff").entrySet()) {
            if (e.getValue().kind.equals("resourceGroup")) items.add(e.getValue().doc);
        }
        return page(items, path, q);
    }

    private Answer resourceGroup(String method, String sub, String rg, String body) {
        String id = "/subscriptions/" + sub + "/resourceGroups/" + rg;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw rgNotFound(rg);
                return new Answer(200, r.doc);
            }
            case "HEAD" -> {
                return new Answer(r == null ? 404 : 204, null);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.RESOURCE_GROUP, b));
                if (!rg.matches("[-\\w._()]{1,90}") || rg.endsWith(".")) {
                    throw new ArmError(400, "InvalidResourceGroupName", "The resource group name '" + rg + "' is invalid: 1-90 "
                            + "letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.");
                }
                busy(r);
                if (r != null) {
                    if (!r.doc.path("location").asText().equalsIgnoreCase(b.path("location").asText())) {
                        throw new ArmError(409, "InvalidResourceGroupLocation", "Invalid resource group location '"
                                + b.path("location").asText() + "'. The Resource group already exists in location '"
                                + r.doc.path("location").asText() + "'.");
                    }
                    if (b.has("tags")) r.doc.set("tags", b.get("tags")); else r.doc.remove("tags");
                    return new Answer(200, r.doc);
                }
                ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", rg)
                        .put("type", "Microsoft.Resources/resourceGroups").put("location", b.path("location").asText());
                if (b.has("tags")) doc.set("tags", b.get("tags"));
                if (b.has("managedBy")) doc.set("managedBy", b.get("managedBy"));
                doc.putObject("properties").put("provisioningState", "Succeeded");
                put(new Res(id, "resourceGroup", doc));
                return new Answer(201, doc);
            }
            case "DELETE" -> {
                if (r == null) throw rgNotFound(rg);
                busy(r);
                Res target = r;
                r.props().put("provisioningState", "Deleting");
                Op op = startOp(sub, null, "DELETE", r.id);
                op.resourcesStyle = true;
                op.onSuccess = () -> removeTree(target.id);
                op.onFailure = () -> target.props().put("provisioningState", "Succeeded");
                target.op = op;
                return lroAccepted(op, false, null);
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    /**
     * Resources_ListByResourceGroup ({@code GET /subscriptions/{s}/resourceGroups/{rg}/resources?api-version=2021-04-01},
     * spec resource-manager/Microsoft.Resources/stable/2021-04-01/resources.json): the group's top-level resources
     * (Data Share accounts, storage accounts; nested objects such as shares are not ARM-tracked resources and are not
     * listed), each as GenericResourceExpanded ({@code id}, {@code name}, {@code type}, {@code location}), paged with
     * {@code nextLink}. 404 ResourceGroupNotFound when the group does not exist.
     */
    private Answer listGroupResources(String sub, String rg, String path, Map<String, String> q) {
        Res group = byId.get(key("/subscriptions/" + sub + "/resourceGroups/" + rg));
        if (group == null) throw rgNotFound(rg);
        List<JsonNode> items = new ArrayList<>();
        String prefix = key(group.id + "/providers/");
        for (Res r : byId.subMap(prefix, prefix + "\uffff").values()) {
            if (!r.kind.equals("account") && !r.kind.equals("storageAccount")) continue;
            ObjectNode item = JSON.createObjectNode().put("id", r.id).put("name", r.doc.path("name").asText())
                    .put("type", r.doc.path("type").asText());
            if (r.doc.hasNonNull("location")) item.put("location", r.doc.path("location").asText());
            items.add(item);
        }
        return page(items, path, q);
    }

    private static ArmError rgNotFound(String rg) {
        return new ArmError(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
    }

    // ------------------------------------------------------------------ Microsoft.DataShare

    private Answer dataShare(String method, String path, Map<String, String> q, String sub, String rg, List<String> t, String body) {
        Res group = byId.get(key("/subscriptions/" + sub + "/resourceGroups/" + rg));
        if (group == null) throw rgNotFound(rg);
        String accountsId = group.id + "/providers/" + DS + "/accounts";
        if (t.isEmpty()) {
            if (!method.equals("GET")) throw methodNotAllowed(method, path);
            return page(children(accountsId, "account"), path, q);
        }
        String accountName = t.get(0);
        String accountId = accountsId + "/" + accountName;
        if (t.size() == 1) return account(method, group, accountName, body);
        Res account = parent(accountId, accountName);
        String coll = t.get(1);
        if (eq(coll, "shares")) {
            String sharesId = account.id + "/shares";
            if (t.size() == 2) {
                if (!method.equals("GET")) throw methodNotAllowed(method, path);
                return page(children(sharesId, "share"), path, q);
            }
            String shareName = t.get(2);
            if (t.size() == 3) return share(method, account, shareName, body);
            Res share = parent(sharesId + "/" + shareName, shareName);
            String sc = t.get(3);
            if (t.size() == 4) {
                if (eq(sc, "dataSets") && method.equals("GET")) return page(children(share.id + "/dataSets", "dataSet"), path, q);
                if (eq(sc, "invitations") && method.equals("GET")) return page(children(share.id + "/invitations", "invitation"), path, q);
                if (eq(sc, "synchronizationSettings") && method.equals("GET")) {
                    return page(children(share.id + "/synchronizationSettings", "synchronizationSetting"), path, q);
                }
                if (eq(sc, "providerShareSubscriptions") && method.equals("GET")) return page(providerShareSubscriptions(share), path, q);
                if (eq(sc, "listSynchronizations") && (method.equals("POST") || method.equals("GET"))) {
                    return page(shareSynchronizations(share), path, q);
                }
                throw noRoute(method, path);
            }
            if (t.size() == 5) {
                String name = t.get(4);
                if (eq(sc, "dataSets")) return dataSet(method, share, name, body);
                if (eq(sc, "invitations")) return invitation(method, share, name, body);
                if (eq(sc, "synchronizationSettings")) return synchronizationSetting(method, share, name, body);
                if (eq(sc, "providerShareSubscriptions") && method.equals("GET")) {
                    for (JsonNode p : providerShareSubscriptions(share)) {
                        if (p.path("name").asText().equalsIgnoreCase(name)) return new Answer(200, p);
                    }
                    throw notFound(DS + "/accounts/" + account.doc.path("name").asText() + "/shares/" + shareName
                            + "/providerShareSubscriptions/" + name, rg);
                }
            }
            throw noRoute(method, path);
        }
        if (eq(coll, "shareSubscriptions")) {
            String subsId = account.id + "/shareSubscriptions";
            if (t.size() == 2) {
                if (!method.equals("GET")) throw methodNotAllowed(method, path);
                return page(children(subsId, "shareSubscription"), path, q);
            }
            String subName = t.get(2);
            if (t.size() == 3) return shareSubscription(method, account, subName, body);
            Res ssub = parent(subsId + "/" + subName, subName);
            String sc = t.get(3);
            if (t.size() == 4) {
                switch (sc.toLowerCase(Locale.ROOT)) {
                    case "datasetmappings" -> {
                        if (method.equals("GET")) return page(children(ssub.id + "/dataSetMappings", "dataSetMapping"), path, q);
                    }
                    case "triggers" -> {
                        if (method.equals("GET")) return page(children(ssub.id + "/triggers", "trigger"), path, q);
                    }
                    case "consumersourcedatasets" -> {
                        if (method.equals("GET")) return page(consumerSourceDataSets(ssub), path, q);
                    }
                    case "synchronize" -> {
                        if (method.equals("POST")) return synchronize(ssub, body);
                    }
                    case "cancelsynchronization" -> {
                        if (method.equals("POST")) return cancelSynchronization(ssub, body);
                    }
                    case "listsynchronizations" -> {
                        if (method.equals("POST") || method.equals("GET")) return page(listSynchronizations(ssub), path, q);
                    }
                    case "listsynchronizationdetails" -> {
                        if (method.equals("POST") || method.equals("GET")) return synchronizationDetails(ssub, path, q, body);
                    }
                    case "listsourcesharesynchronizationsettings" -> {
                        if (method.equals("POST") || method.equals("GET")) return page(sourceShareSynchronizationSettings(ssub), path, q);
                    }
                    default -> { }
                }
                throw noRoute(method, path);
            }
            if (t.size() == 5) {
                if (eq(sc, "dataSetMappings")) return dataSetMapping(method, ssub, t.get(4), body);
                if (eq(sc, "triggers")) return trigger(method, ssub, t.get(4), body);
            }
        }
        throw noRoute(method, path);
    }

    /** The parent resource or 404 ParentResourceNotFound. */
    private Res parent(String id, String name) {
        Res r = byId.get(key(id));
        if (r == null) {
            throw new ArmError(404, "ParentResourceNotFound", "Can not perform requested operation on nested resource. Parent resource '"
                    + name + "' not found.");
        }
        return r;
    }

    private static void busy(Res r) {
        if (r != null && r.op != null && !r.op.finished) {
            throw new ArmError(409, "AnotherOperationInProgress", "Another operation is in progress on '" + r.id
                    + "' (operation " + r.op.id + "). Retry when it has finished.");
        }
    }

    /** The direct children of {@code collectionId} of one kind, by name. */
    private List<JsonNode> children(String collectionId, String kind) {
        List<JsonNode> out = new ArrayList<>();
        String prefix = key(collectionId) + "/";
        for (Map.Entry<String, Res> e : byId.subMap(prefix, prefix + "\uffff").entrySet()) {
            if (e.getKey().indexOf('/', prefix.length()) < 0 && e.getValue().kind.equals(kind)) out.add(e.getValue().doc);
        }
        return out;
    }

    private List<Res> childRes(String collectionId, String kind) {
        List<Res> out = new ArrayList<>();
        String prefix = key(collectionId) + "/";
        for (Map.Entry<String, Res> e : byId.subMap(prefix, prefix + "\uffff").entrySet()) {
            if (e.getKey().indexOf('/', prefix.length()) < 0 && e.getValue().kind.equals(kind)) out.add(e.getValue());
        }
        return out;
    }

    // accounts ----------------------------------------------------------------

    private Answer account(String method, Res group, String name, String body) {
        String id = group.id + "/providers/" + DS + "/accounts/" + name;
        Res r = byId.get(key(id));
        String rg = group.doc.path("name").asText();
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(DS + "/accounts/" + name, rg);
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                if (b.isObject() && (!b.has("location") || b.get("location").isNull())) {
                    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", "location");
                }
                check(DataShareModel.validate(DataShareModel.ACCOUNT, b));
                busy(r);
                if (r != null) {
                    if (!r.doc.path("location").asText().equalsIgnoreCase(b.path("location").asText())) {
                        throw new ArmError(400, "InvalidParameter", "The location of account '" + name + "' cannot be changed from '"
                                + r.doc.path("location").asText() + "' to '" + b.path("location").asText() + "'.", "location");
                    }
                    if (b.has("tags")) r.doc.set("tags", b.get("tags")); else r.doc.remove("tags");
                    touch(r.doc);
                    if ("Failed".equals(r.props().path("provisioningState").asText())) return reprovision(r, id);
                    return new Answer(200, r.doc);
                }
                Res acct = newAccount(group, name, b.path("location").asText(), b.get("tags"), "Creating");
                Op op = startOp(subscriptionOf(group.id), acct.doc.path("location").asText(), "PUT", id);
                op.onSuccess = () -> acct.props().put("provisioningState", "Succeeded");
                op.onFailure = () -> acct.props().put("provisioningState", "Failed");
                op.finalBody = () -> acct.doc;
                acct.op = op;
                return lroCreated(op, acct);
            }
            case "PATCH" -> {
                if (r == null) throw notFound(DS + "/accounts/" + name, rg);
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.ACCOUNT_UPDATE, b));
                busy(r);
                if (b.has("tags")) r.doc.set("tags", b.get("tags"));
                touch(r.doc);
                return new Answer(200, r.doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> removeTree(r.id));
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private Res newAccount(Res group, String name, String location, JsonNode tags, String state) {
        String id = group.id + "/providers/" + DS + "/accounts/" + name;
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name).put("type", DS + "/accounts")
                .put("location", location);
        if (tags != null && !tags.isNull()) doc.set("tags", tags);
        doc.putObject("identity").put("principalId", UUID.randomUUID().toString()).put("tenantId", TENANT)
                .put("type", "SystemAssigned");
        systemData(doc);
        doc.putObject("properties").put("createdAt", now()).put("provisioningState", state == null ? "Succeeded" : state)
                .put("userEmail", USER_EMAIL).put("userName", USER_NAME);
        Res r = new Res(id, "account", doc);
        put(r);
        return r;
    }

    // shares ------------------------------------------------------------------

    private Answer share(String method, Res account, String name, String body) {
        String id = account.id + "/shares/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(account) + "/shares/" + name, rgOf(account));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.SHARE, b));
                busy(r);
                ObjectNode p = b.has("properties") ? (ObjectNode) b.get("properties").deepCopy() : JSON.createObjectNode();
                if (r != null) {
                    String kind = r.props().path("shareKind").asText();
                    if (p.has("shareKind") && !p.get("shareKind").asText().equals(kind)) {
                        throw new ArmError(400, "InvalidParameter", "The shareKind of share '" + name + "' cannot be changed from "
                                + kind + " to " + p.get("shareKind").asText() + ".", "properties.shareKind");
                    }
                    for (String f : List.of("description", "terms")) {
                        if (p.hasNonNull(f)) r.props().set(f, p.get(f)); else r.props().remove(f);
                    }
                    touch(r.doc);
                    return new Answer(200, r.doc);
                }
                return new Answer(201, newShare(account, name, p).doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> {
                    markSourceDeleted(r.id);
                    removeTree(r.id);
                });
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private Res newShare(Res account, String name, ObjectNode p) {
        String id = account.id + "/shares/" + name;
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name).put("type", DS + "/accounts/shares");
        systemData(doc);
        ObjectNode props = doc.putObject("properties").put("createdAt", now());
        if (p.hasNonNull("description")) props.set("description", p.get("description"));
        props.put("provisioningState", "Succeeded");
        props.put("shareKind", p.hasNonNull("shareKind") ? p.get("shareKind").asText() : "CopyBased");
        if (p.hasNonNull("terms")) props.set("terms", p.get("terms"));
        props.put("userEmail", account.props().path("userEmail").asText(USER_EMAIL)).put("userName", USER_NAME);
        Res r = new Res(id, "share", doc);
        put(r);
        return r;
    }

    private void markSourceDeleted(String shareId) {
        for (Res r : byId.values()) {
            if (r.kind.equals("shareSubscription") && shareId.equalsIgnoreCase(r.meta.get("sourceShare"))) {
                r.props().put("shareSubscriptionStatus", "SourceDeleted");
            }
        }
    }

    // data sets ---------------------------------------------------------------

    private Answer dataSet(String method, Res share, String name, String body) {
        String id = share.id + "/dataSets/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(share) + "/dataSets/" + name, rgOf(share));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validateKinded("DataSet", b));
                busy(r);
                String kind = b.get("kind").asText();
                ObjectNode p = (ObjectNode) b.get("properties").deepCopy();
                if (r != null) {
                    ObjectNode stored = r.props().deepCopy();
                    stored.remove("dataSetId");
                    if (kind.equals(r.doc.path("kind").asText()) && stored.equals(p)) return new Answer(200, r.doc);
                    throw new ArmError(409, "Conflict", "Data set '" + name + "' already exists in share '"
                            + share.doc.path("name").asText() + "' with other properties; data sets cannot be updated "
                            + "(delete it and create it again).");
                }
                if ("InPlace".equals(share.props().path("shareKind").asText())) {
                    throw new ArmError(400, "InvalidParameter", "Share '" + share.doc.path("name").asText() + "' is InPlace: "
                            + "storage data sets (" + kind + ") need a CopyBased share.", "kind");
                }
                requireStorage(p, "properties");
                return new Answer(201, newDataSet(share, name, kind, p).doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> removeTree(r.id));
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private Res newDataSet(Res share, String name, String kind, ObjectNode p) {
        String id = share.id + "/dataSets/" + name;
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name).put("type", DS + "/accounts/shares/dataSets")
                .put("kind", kind);
        systemData(doc);
        ObjectNode props = doc.putObject("properties");
        props.put("dataSetId", UUID.randomUUID().toString());
        props.setAll(p);
        Res r = new Res(id, "dataSet", doc);
        put(r);
        return r;
    }

    private void requireStorage(JsonNode p, String path) {
        String id = storageId(p.path("subscriptionId").asText(), p.path("resourceGroup").asText(), p.path("storageAccountName").asText());
        if (!byId.containsKey(key(id))) {
            throw new ArmError(400, "InvalidParameter", "The storage account '" + p.path("storageAccountName").asText()
                    + "' was not found in resource group '" + p.path("resourceGroup").asText() + "' of subscription '"
                    + p.path("subscriptionId").asText() + "'.", path + ".storageAccountName");
        }
    }

    // invitations --------------------------------------------------------------

    private Answer invitation(String method, Res share, String name, String body) {
        String id = share.id + "/invitations/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(share) + "/invitations/" + name, rgOf(share));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.INVITATION, b));
                ObjectNode p = b.has("properties") ? (ObjectNode) b.get("properties").deepCopy() : JSON.createObjectNode();
                boolean email = p.hasNonNull("targetEmail");
                boolean oid = p.hasNonNull("targetObjectId");
                boolean tid = p.hasNonNull("targetActiveDirectoryId");
                if (email && (oid || tid)) {
                    throw new ArmError(400, "InvalidParameter", "Invitation '" + name + "': targetEmail cannot be combined with "
                            + "targetObjectId / targetActiveDirectoryId.", "properties.targetEmail");
                }
                if (!email && !(oid && tid)) {
                    throw new ArmError(400, "InvalidParameter", "Invitation '" + name + "' needs targetEmail, or targetObjectId "
                            + "together with targetActiveDirectoryId.", oid ? "properties.targetActiveDirectoryId" : "properties.targetEmail");
                }
                if (email && !p.get("targetEmail").asText().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new ArmError(400, "InvalidParameter", "The value '" + p.get("targetEmail").asText()
                            + "' of property 'properties.targetEmail' is not a valid e-mail address.", "properties.targetEmail");
                }
                for (String f : List.of("targetObjectId", "targetActiveDirectoryId")) {
                    if (p.hasNonNull(f) && !DataShareModel.isUuid(p.get(f).asText())) {
                        throw new ArmError(400, "InvalidParameter", "The value '" + p.get(f).asText() + "' of property 'properties."
                                + f + "' is not a valid GUID.", "properties." + f);
                    }
                }
                future(p, "expirationDate");
                if (r != null) {
                    ObjectNode stored = JSON.createObjectNode();
                    for (String f : List.of("expirationDate", "targetActiveDirectoryId", "targetEmail", "targetObjectId")) {
                        if (r.props().has(f)) stored.set(f, r.props().get(f));
                    }
                    if (stored.equals(p)) return new Answer(200, r.doc);
                    throw new ArmError(409, "Conflict", "Invitation '" + name + "' already exists with other properties; "
                            + "invitations cannot be updated (withdraw it and send a new one).");
                }
                return new Answer(201, newInvitation(share, name, p).doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                String status = r.props().path("invitationStatus").asText();
                if (status.equals("Pending") && received(r)) { // only this tenant's own received list shows it withdrawn
                    ObjectNode view = consumerView(r);
                    ((ObjectNode) view.get("properties")).put("invitationStatus", "Withdrawn").put("respondedAt", now());
                    withdrawn.put(r.props().path("invitationId").asText(), view);
                }
                removeTree(r.id);
                return new Answer(200, null);
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private Res newInvitation(Res share, String name, ObjectNode p) {
        String id = share.id + "/invitations/" + name;
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name).put("type", DS + "/accounts/shares/invitations");
        systemData(doc);
        ObjectNode props = doc.putObject("properties");
        if (p.hasNonNull("expirationDate")) props.set("expirationDate", p.get("expirationDate"));
        props.put("invitationId", UUID.randomUUID().toString()).put("invitationStatus", "Pending").put("sentAt", now());
        for (String f : List.of("targetActiveDirectoryId", "targetEmail", "targetObjectId")) {
            if (p.hasNonNull(f)) props.set(f, p.get(f));
        }
        props.put("userEmail", USER_EMAIL).put("userName", USER_NAME);
        Res r = new Res(id, "invitation", doc);
        put(r);
        return r;
    }

    // synchronization settings --------------------------------------------------

    private Answer synchronizationSetting(String method, Res share, String name, String body) {
        String id = share.id + "/synchronizationSettings/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(share) + "/synchronizationSettings/" + name, rgOf(share));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validateKinded("SynchronizationSetting", b));
                busy(r);
                ObjectNode p = (ObjectNode) b.get("properties");
                if (r != null) {
                    r.props().set("recurrenceInterval", p.get("recurrenceInterval"));
                    r.props().set("synchronizationTime", p.get("synchronizationTime"));
                    touch(r.doc);
                    return new Answer(200, r.doc);
                }
                ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name)
                        .put("type", DS + "/accounts/shares/synchronizationSettings").put("kind", "ScheduleBased");
                systemData(doc);
                doc.putObject("properties").put("createdAt", now()).put("provisioningState", "Succeeded")
                        .put("recurrenceInterval", p.get("recurrenceInterval").asText())
                        .put("synchronizationTime", p.get("synchronizationTime").asText()).put("userName", USER_NAME);
                put(new Res(id, "synchronizationSetting", doc));
                return new Answer(201, doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> {
                    removeTree(r.id);
                    for (Res ss : byId.values()) {
                        if (ss.kind.equals("shareSubscription") && share.id.equalsIgnoreCase(ss.meta.get("sourceShare"))) {
                            for (Res trig : childRes(ss.id + "/triggers", "trigger")) {
                                trig.props().put("triggerStatus", "SourceSynchronizationSettingDeleted");
                            }
                        }
                    }
                });
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private List<JsonNode> providerShareSubscriptions(Res share) {
        List<JsonNode> out = new ArrayList<>();
        for (Res r : byId.values()) {
            if (!r.kind.equals("shareSubscription") || !share.id.equalsIgnoreCase(r.meta.get("sourceShare"))) continue;
            String objectId = r.meta.get("objectId");
            ObjectNode doc = JSON.createObjectNode().put("id", share.id + "/providerShareSubscriptions/" + objectId)
                    .put("name", objectId).put("type", DS + "/accounts/shares/providerShareSubscriptions");
            ObjectNode p = doc.putObject("properties").put("consumerEmail", USER_EMAIL).put("consumerName", USER_NAME)
                    .put("consumerTenantName", "Consumer Tenant").put("createdAt", r.props().path("createdAt").asText());
            if (r.props().has("expirationDate")) p.set("expirationDate", r.props().get("expirationDate"));
            p.put("providerEmail", share.props().path("userEmail").asText()).put("providerName", USER_NAME)
                    .put("sharedAt", r.props().path("createdAt").asText()).put("shareSubscriptionObjectId", objectId)
                    .put("shareSubscriptionStatus", r.props().path("shareSubscriptionStatus").asText());
            out.add(doc);
        }
        return out;
    }

    /** Shares_ListSynchronizations: the synchronizations of every share subscription made from this share (ShareSynchronization). */
    private List<JsonNode> shareSynchronizations(Res share) {
        List<ObjectNode> all = new ArrayList<>();
        for (Res r : byId.values()) {
            if (!r.kind.equals("shareSubscription") || !share.id.equalsIgnoreCase(r.meta.get("sourceShare"))) continue;
            for (Sync s : syncs.getOrDefault(key(r.id), List.of())) {
                ObjectNode d = JSON.createObjectNode().put("consumerEmail", USER_EMAIL).put("consumerName", USER_NAME)
                        .put("consumerTenantName", "Consumer Tenant");
                d.setAll(s.doc.deepCopy());
                all.add(d);
            }
        }
        all.sort((a, b) -> b.path("startTime").asText().compareTo(a.path("startTime").asText()));
        return new ArrayList<>(all);
    }

    // received invitations -------------------------------------------------------

    private boolean received(Res inv) {
        if (!inv.kind.equals("invitation")) return false;
        if ("true".equals(inv.meta.get("received"))) return true;
        String email = consumerEmail;
        ObjectNode p = inv.props();
        if (email != null && p.path("targetEmail").asText().equalsIgnoreCase(email)) return true;
        return p.path("targetActiveDirectoryId").asText().equalsIgnoreCase(TENANT);
    }

    private Res shareOfInvitation(Res inv) {
        return byId.get(key(inv.id.substring(0, inv.id.toLowerCase(Locale.ROOT).lastIndexOf("/invitations/"))));
    }

    private Res accountOf(Res child) {
        String lower = child.id.toLowerCase(Locale.ROOT);
        int i = lower.indexOf("/accounts/");
        int end = lower.indexOf('/', i + 10);
        return byId.get(end < 0 ? lower : lower.substring(0, end));
    }

    private ObjectNode consumerView(Res inv) {
        Res share = shareOfInvitation(inv);
        Res account = accountOf(inv);
        String location = account.doc.path("location").asText();
        ObjectNode p = inv.props();
        String invitationId = p.path("invitationId").asText();
        ObjectNode doc = JSON.createObjectNode()
                .put("id", "/providers/" + DS + "/locations/" + location + "/consumerInvitations/" + invitationId)
                .put("name", inv.doc.path("name").asText()).put("type", DS + "/locations/consumerInvitations");
        ObjectNode cp = doc.putObject("properties");
        cp.put("dataSetCount", childRes(share.id + "/dataSets", "dataSet").size());
        if (share.props().has("description")) cp.set("description", share.props().get("description"));
        if (p.has("expirationDate")) cp.set("expirationDate", p.get("expirationDate"));
        cp.put("invitationId", invitationId).put("invitationStatus", p.path("invitationStatus").asText())
                .put("location", location).put("providerEmail", p.path("userEmail").asText())
                .put("providerName", USER_NAME).put("providerTenantName", "Provider Tenant");
        if (p.has("respondedAt")) cp.set("respondedAt", p.get("respondedAt"));
        cp.put("sentAt", p.path("sentAt").asText()).put("shareName", share.doc.path("name").asText());
        if (share.props().has("terms")) cp.set("termsOfUse", share.props().get("terms"));
        cp.put("userEmail", p.path("userEmail").asText()).put("userName", USER_NAME);
        return doc;
    }

    private Answer listInvitations(String path, Map<String, String> q) {
        List<JsonNode> items = new ArrayList<>();
        for (Res r : byId.values()) if (received(r)) items.add(consumerView(r));
        items.addAll(withdrawn.values());
        return page(items, path, q);
    }

    private Res receivedInvitation(String invitationId) {
        for (Res r : byId.values()) {
            if (r.kind.equals("invitation") && r.props().path("invitationId").asText().equalsIgnoreCase(invitationId) && received(r)) {
                return r;
            }
        }
        return null;
    }

    private Answer getConsumerInvitation(String invitationId) {
        Res r = receivedInvitation(invitationId);
        if (r != null) return new Answer(200, consumerView(r));
        ObjectNode w = withdrawn.get(invitationId);
        if (w != null) return new Answer(200, w);
        throw new ArmError(404, "ResourceNotFound", "Invitation '" + invitationId + "' was not found for this user.");
    }

    private Answer rejectInvitation(String location, String body) {
        JsonNode b = parse(body);
        check(DataShareModel.validate(DataShareModel.CONSUMER_INVITATION, b));
        String invitationId = b.path("properties").path("invitationId").asText();
        Res r = receivedInvitation(invitationId);
        if (r == null) throw new ArmError(404, "ResourceNotFound", "Invitation '" + invitationId + "' was not found for this user.");
        String status = r.props().path("invitationStatus").asText();
        if (!status.equals("Pending")) {
            throw new ArmError(409, "Conflict", "Invitation '" + invitationId + "' is " + status + ", not Pending.");
        }
        r.props().put("invitationStatus", "Rejected").put("respondedAt", now());
        return new Answer(200, consumerView(r));
    }

    // share subscriptions ------------------------------------------------------------

    private Answer shareSubscription(String method, Res account, String name, String body) {
        String id = account.id + "/shareSubscriptions/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(account) + "/shareSubscriptions/" + name, rgOf(account));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.SHARE_SUBSCRIPTION, b));
                busy(r);
                ObjectNode p = (ObjectNode) b.get("properties");
                future(p, "expirationDate");
                String invitationId = p.get("invitationId").asText();
                if (r != null) {
                    if (!r.props().path("invitationId").asText().equalsIgnoreCase(invitationId)) {
                        throw new ArmError(400, "InvalidParameter", "The invitationId of share subscription '" + name
                                + "' cannot be changed.", "properties.invitationId");
                    }
                    if (p.hasNonNull("expirationDate")) r.props().set("expirationDate", p.get("expirationDate"));
                    else r.props().remove("expirationDate");
                    touch(r.doc);
                    return new Answer(200, r.doc);
                }
                Res inv = receivedInvitation(invitationId);
                if (inv == null) {
                    if (withdrawn.containsKey(invitationId)) {
                        throw new ArmError(409, "Conflict", "Invitation '" + invitationId + "' was withdrawn by the provider.");
                    }
                    throw new ArmError(400, "InvalidParameter", "Invitation '" + invitationId + "' was not found for this user.",
                            "properties.invitationId");
                }
                String status = inv.props().path("invitationStatus").asText();
                if (!status.equals("Pending")) {
                    throw new ArmError(409, "Conflict", "Invitation '" + invitationId + "' is " + status
                            + " and cannot be accepted.");
                }
                Res share = shareOfInvitation(inv);
                Res provider = accountOf(inv);
                String location = provider.doc.path("location").asText();
                if (!location.equalsIgnoreCase(p.get("sourceShareLocation").asText())) {
                    throw new ArmError(400, "InvalidParameter", "sourceShareLocation '" + p.get("sourceShareLocation").asText()
                            + "' does not match the location of the invitation's share, '" + location + "'.",
                            "properties.sourceShareLocation");
                }
                ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name)
                        .put("type", DS + "/accounts/shareSubscriptions");
                systemData(doc);
                ObjectNode sp = doc.putObject("properties").put("createdAt", now());
                if (p.hasNonNull("expirationDate")) sp.set("expirationDate", p.get("expirationDate"));
                sp.put("invitationId", invitationId).put("providerEmail", inv.props().path("userEmail").asText())
                        .put("providerName", USER_NAME).put("providerTenantName", "Provider Tenant")
                        .put("provisioningState", "Succeeded");
                if (share.props().has("description")) sp.set("shareDescription", share.props().get("description"));
                sp.put("shareKind", share.props().path("shareKind").asText()).put("shareName", share.doc.path("name").asText())
                        .put("shareSubscriptionStatus", "Active");
                if (share.props().has("terms")) sp.set("shareTerms", share.props().get("terms"));
                sp.put("sourceShareLocation", p.get("sourceShareLocation").asText()).put("userEmail", USER_EMAIL)
                        .put("userName", USER_NAME);
                Res ssub = new Res(id, "shareSubscription", doc);
                ssub.meta.put("sourceShare", share.id);
                ssub.meta.put("objectId", UUID.randomUUID().toString());
                put(ssub);
                inv.props().put("invitationStatus", "Accepted").put("respondedAt", now());
                return new Answer(201, doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> {
                    removeTree(r.id);
                    syncs.remove(key(r.id));
                });
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private List<Res> sourceDataSets(Res ssub) {
        Res share = byId.get(key(ssub.meta.get("sourceShare")));
        return share == null ? List.of() : childRes(share.id + "/dataSets", "dataSet");
    }

    private List<JsonNode> consumerSourceDataSets(Res ssub) {
        List<JsonNode> out = new ArrayList<>();
        Res share = byId.get(key(ssub.meta.get("sourceShare")));
        String location = share == null ? "" : accountOf(share).doc.path("location").asText();
        for (Res ds : sourceDataSets(ssub)) {
            String name = ds.doc.path("name").asText();
            ObjectNode doc = JSON.createObjectNode().put("id", ssub.id + "/consumerSourceDataSets/" + name).put("name", name)
                    .put("type", DS + "/accounts/shareSubscriptions/consumerSourceDataSets");
            ObjectNode p = ds.props();
            String container = p.has("containerName") ? p.path("containerName").asText() : p.path("fileSystem").asText();
            String rest = p.has("filePath") ? p.path("filePath").asText() : p.has("prefix") ? p.path("prefix").asText()
                    : p.path("folderPath").asText("");
            doc.putObject("properties").put("dataSetId", p.path("dataSetId").asText()).put("dataSetLocation", location)
                    .put("dataSetName", name).put("dataSetPath", rest.isEmpty() ? container : container + "/" + rest)
                    .put("dataSetType", ds.doc.path("kind").asText());
            out.add(doc);
        }
        return out;
    }

    private List<JsonNode> sourceShareSynchronizationSettings(Res ssub) {
        List<JsonNode> out = new ArrayList<>();
        String share = ssub.meta.get("sourceShare");
        for (Res s : childRes(share + "/synchronizationSettings", "synchronizationSetting")) {
            ObjectNode doc = JSON.createObjectNode().put("kind", "ScheduleBased");
            doc.putObject("properties").put("recurrenceInterval", s.props().path("recurrenceInterval").asText())
                    .put("synchronizationTime", s.props().path("synchronizationTime").asText());
            out.add(doc);
        }
        return out;
    }

    // data set mappings ---------------------------------------------------------------

    private Answer dataSetMapping(String method, Res ssub, String name, String body) {
        String id = ssub.id + "/dataSetMappings/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(ssub) + "/dataSetMappings/" + name, rgOf(ssub));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validateKinded("DataSetMapping", b));
                ObjectNode p = (ObjectNode) b.get("properties").deepCopy();
                String dataSetId = p.get("dataSetId").asText();
                boolean known = false;
                for (Res ds : sourceDataSets(ssub)) {
                    if (ds.props().path("dataSetId").asText().equalsIgnoreCase(dataSetId)) known = true;
                }
                if (!known) {
                    throw new ArmError(400, "InvalidParameter", "Data set '" + dataSetId + "' is not a source data set of share "
                            + "subscription '" + ssub.doc.path("name").asText() + "'.", "properties.dataSetId");
                }
                for (Res m : childRes(ssub.id + "/dataSetMappings", "dataSetMapping")) {
                    if (m != r && m.props().path("dataSetId").asText().equalsIgnoreCase(dataSetId)) {
                        throw new ArmError(409, "Conflict", "Data set '" + dataSetId + "' is already mapped by '"
                                + m.doc.path("name").asText() + "'.");
                    }
                }
                requireStorage(p, "properties");
                ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name)
                        .put("type", DS + "/accounts/shareSubscriptions/dataSetMappings").put("kind", b.get("kind").asText());
                systemData(doc);
                ObjectNode props = doc.putObject("properties");
                props.setAll(p);
                props.put("dataSetMappingStatus", "Ok").put("provisioningState", "Succeeded");
                put(new Res(id, "dataSetMapping", doc));
                return new Answer(r == null ? 201 : 200, doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                removeTree(r.id);
                return new Answer(200, null);
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    // triggers -------------------------------------------------------------------------

    private Answer trigger(String method, Res ssub, String name, String body) {
        String id = ssub.id + "/triggers/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                if (r == null) throw notFound(typePath(ssub) + "/triggers/" + name, rgOf(ssub));
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                JsonNode b = parse(body);
                check(DataShareModel.validateKinded("Trigger", b));
                busy(r);
                ObjectNode p = (ObjectNode) b.get("properties");
                if (r != null) {
                    for (String f : List.of("recurrenceInterval", "synchronizationTime", "synchronizationMode")) {
                        if (p.hasNonNull(f)) r.props().set(f, p.get(f)); else r.props().remove(f);
                    }
                    touch(r.doc);
                    if ("Failed".equals(r.props().path("provisioningState").asText())) return reprovision(r, id);
                    return new Answer(200, r.doc);
                }
                ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name)
                        .put("type", DS + "/accounts/shareSubscriptions/triggers").put("kind", "ScheduleBased");
                systemData(doc);
                ObjectNode props = doc.putObject("properties").put("createdAt", now()).put("provisioningState", "Creating")
                        .put("recurrenceInterval", p.get("recurrenceInterval").asText());
                if (p.hasNonNull("synchronizationMode")) props.set("synchronizationMode", p.get("synchronizationMode"));
                props.put("synchronizationTime", p.get("synchronizationTime").asText()).put("triggerStatus", "Active")
                        .put("userName", USER_NAME);
                Res trig = new Res(id, "trigger", doc);
                put(trig);
                Op op = startOp(subscriptionOf(id), accountOf(ssub).doc.path("location").asText(), "PUT", id);
                op.onSuccess = () -> trig.props().put("provisioningState", "Succeeded");
                op.onFailure = () -> trig.props().put("provisioningState", "Failed");
                op.finalBody = () -> trig.doc;
                trig.op = op;
                return lroCreated(op, trig);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                busy(r);
                return lroDelete(r, () -> removeTree(r.id));
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    // synchronizations --------------------------------------------------------------------

    private Answer synchronize(Res ssub, String body) {
        if (body == null) throw new ArmError(400, "InvalidParameter", "The request body (Synchronize) is required.");
        JsonNode b = parse(body);
        check(DataShareModel.validate(DataShareModel.SYNCHRONIZE, b));
        String status = ssub.props().path("shareSubscriptionStatus").asText();
        if (!status.equals("Active")) {
            throw new ArmError(409, "Conflict", "Share subscription '" + ssub.doc.path("name").asText() + "' is " + status
                    + " and cannot be synchronized.");
        }
        List<Sync> list = syncs.computeIfAbsent(key(ssub.id), k -> new ArrayList<>());
        for (Sync s : list) {
            if (running(s) || s.status().equals("Cancelling")) {
                throw new ArmError(409, "Conflict", "Synchronization " + s.doc.path("synchronizationId").asText()
                        + " of share subscription '" + ssub.doc.path("name").asText() + "' is still " + s.status() + ".");
            }
        }
        String mode = b.path("synchronizationMode").asText("Incremental");
        ObjectNode doc = JSON.createObjectNode().put("startTime", now()).put("status", "Accepted")
                .put("synchronizationId", UUID.randomUUID().toString()).put("synchronizationMode", mode);
        Sync sync = new Sync(doc, ssub.id);
        list.add(sync);
        String failMessage = failSyncs.remove(ssub.doc.path("name").asText().toLowerCase(Locale.ROOT));
        Op op = startOp(subscriptionOf(ssub.id), accountOf(ssub).doc.path("location").asText(), "POST", ssub.id + "/synchronize");
        if (failMessage != null && op.error == null) {
            op.error = JSON.createObjectNode().put("code", "SynchronizationFailed").put("message", failMessage);
        }
        List<Res> mapped = childRes(ssub.id + "/dataSetMappings", "dataSetMapping");
        op.onSuccess = () -> endSync(sync, "Succeeded", null, mapped);
        op.onFailure = () -> endSync(sync, "Failed", op.error.path("message").asText(), mapped);
        op.onPoll = () -> sync.doc.put("status", "InProgress");
        op.finalBody = () -> sync.doc;
        sync.op = op;
        return lroAccepted(op, true, doc.deepCopy());
    }

    private void endSync(Sync sync, String status, String message, List<Res> mapped) {
        if (!running(sync)) return;
        String end = now();
        sync.doc.put("status", status).put("endTime", end)
                .put("durationMs", (int) Math.max(1, Duration.between(Instant.parse(sync.doc.path("startTime").asText()),
                        Instant.parse(end)).toMillis()));
        if (message != null) sync.doc.put("message", message);
        int i = 0;
        for (Res m : mapped) {
            i++;
            String dataSetId = m.props().path("dataSetId").asText();
            String kind = m.doc.path("kind").asText();
            long files = status.equals("Succeeded") ? filesOf(kind, i) : 0;
            ObjectNode d = JSON.createObjectNode().put("dataSetId", dataSetId).put("dataSetType", kind)
                    .put("durationMs", 1000 * i).put("endTime", end).put("filesRead", files).put("filesWritten", files)
                    .put("name", m.doc.path("name").asText()).put("rowsCopied", 0).put("rowsRead", 0)
                    .put("sizeRead", files * 1_048_576L).put("sizeWritten", files * 1_048_576L)
                    .put("startTime", sync.doc.path("startTime").asText()).put("status", status).put("vCore", 1);
            if (message != null) d.put("message", message);
            sync.details.add(d);
        }
    }

    private static boolean running(Sync s) {
        return s.status().equals("Accepted") || s.status().equals("InProgress");
    }

    /** Files a synchronization copies per mapping: 1 for a single file, more for folders and containers. */
    private static long filesOf(String kind, int i) {
        return switch (kind) {
            case "Blob", "AdlsGen2File" -> 1;
            case "BlobFolder", "AdlsGen2Folder" -> 5 + i;
            default -> 10 + i;
        };
    }

    private Answer cancelSynchronization(Res ssub, String body) {
        JsonNode b = parse(body);
        check(DataShareModel.validate(DataShareModel.SHARE_SUBSCRIPTION_SYNCHRONIZATION, b));
        String syncId = b.get("synchronizationId").asText();
        Sync sync = findSync(ssub, syncId);
        if (!running(sync)) {
            throw new ArmError(409, "Conflict", "Synchronization " + syncId + " is " + sync.status() + ", not in progress.");
        }
        sync.doc.put("status", "Cancelling");
        if (sync.op != null && !sync.op.finished) {
            sync.op.finished = true;
            sync.op.status = "Canceled";
            sync.op.endTime = now();
        }
        Op op = startOp(subscriptionOf(ssub.id), accountOf(ssub).doc.path("location").asText(), "POST",
                ssub.id + "/cancelSynchronization");
        op.onSuccess = () -> {
            String end = now();
            sync.doc.put("status", "Canceled").put("endTime", end).put("message", "Canceled by the user.");
        };
        op.onFailure = () -> sync.doc.put("status", "InProgress");
        op.finalBody = () -> sync.doc;
        return lroAccepted(op, true, sync.doc);
    }

    private Sync findSync(Res ssub, String syncId) {
        for (Sync s : syncs.getOrDefault(key(ssub.id), List.of())) {
            if (s.doc.path("synchronizationId").asText().equalsIgnoreCase(syncId)) return s;
        }
        throw new ArmError(400, "InvalidParameter", "Synchronization '" + syncId + "' was not found in share subscription '"
                + ssub.doc.path("name").asText() + "'.", "synchronizationId");
    }

    private List<JsonNode> listSynchronizations(Res ssub) {
        List<JsonNode> out = new ArrayList<>();
        List<Sync> list = syncs.getOrDefault(key(ssub.id), List.of());
        for (int i = list.size() - 1; i >= 0; i--) out.add(list.get(i).doc);
        return out;
    }

    private Answer synchronizationDetails(Res ssub, String path, Map<String, String> q, String body) {
        String syncId;
        String token = q.get("$skipToken");
        if (token != null && body == null) {
            syncId = tokenExtra(token);
        } else {
            JsonNode b = parse(body);
            check(DataShareModel.validate(DataShareModel.SHARE_SUBSCRIPTION_SYNCHRONIZATION, b));
            syncId = b.get("synchronizationId").asText();
        }
        Sync sync = findSync(ssub, syncId);
        return page(new ArrayList<>(sync.details), path, q, syncId);
    }

    // role assignments -------------------------------------------------------------------

    private void denied(String scope) {
        String s = scope.toLowerCase(Locale.ROOT);
        for (String d : deniedRoleScopes) {
            if (s.equals(d) || s.startsWith(d + "/")) {
                throw new ArmError(403, "AuthorizationFailed", "The client '" + USER_EMAIL + "' with object id '"
                        + "22222222-2222-2222-2222-222222222222' does not have authorization to perform action "
                        + "'Microsoft.Authorization/roleAssignments/read' over scope '" + scope
                        + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
            }
        }
    }

    private Answer listRoleAssignments(String scope, String path, Map<String, String> q) {
        denied(scope);
        String filter = q.getOrDefault("$filter", "");
        boolean atScope = filter.replace(" ", "").toLowerCase(Locale.ROOT).contains("atscope()");
        java.util.regex.Matcher pm = java.util.regex.Pattern.compile("principalId\\s+eq\\s+'([^']+)'", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(filter);
        String principal = pm.find() ? pm.group(1) : null;
        String sc = scope.toLowerCase(Locale.ROOT);
        List<JsonNode> items = new ArrayList<>();
        for (Res r : byId.values()) {
            if (!r.kind.equals("roleAssignment")) continue;
            String at = r.props().path("scope").asText().toLowerCase(Locale.ROOT);
            boolean above = sc.equals(at) || sc.startsWith(at + "/");
            boolean below = at.startsWith(sc + "/");
            if (!(above || (!atScope && below))) continue;
            if (principal != null && !r.props().path("principalId").asText().equalsIgnoreCase(principal)) continue;
            items.add(r.doc);
        }
        return page(items, path, q);
    }

    private Answer roleAssignment(String method, String scope, String name, String body) {
        String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + name;
        Res r = byId.get(key(id));
        switch (method) {
            case "GET" -> {
                denied(scope);
                if (r == null) throw new ArmError(404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
                return new Answer(200, r.doc);
            }
            case "PUT" -> {
                if (!DataShareModel.isUuid(name)) {
                    throw new ArmError(400, "InvalidRoleAssignmentId", "The role assignment ID '" + name + "' is not valid. "
                            + "The role assignment ID must be a GUID.");
                }
                JsonNode b = parse(body);
                check(DataShareModel.validate(DataShareModel.ROLE_ASSIGNMENT, b));
                JsonNode p = b.get("properties");
                if (r != null) {
                    throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
                }
                Res created = newRoleAssignment(scope, name, p.get("roleDefinitionId").asText(), p.get("principalId").asText(),
                        p.path("principalType").asText("ServicePrincipal"));
                return new Answer(201, created.doc);
            }
            case "DELETE" -> {
                if (r == null) return new Answer(204, null);
                removeTree(r.id);
                return new Answer(200, r.doc);
            }
            default -> throw methodNotAllowed(method, id);
        }
    }

    private Res newRoleAssignment(String scope, String name, String roleDefinitionId, String principalId, String principalType) {
        String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + name;
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("name", name).put("type", "Microsoft.Authorization/roleAssignments");
        String t = now();
        doc.putObject("properties").put("roleDefinitionId", roleDefinitionId).put("principalId", principalId)
                .put("principalType", principalType).put("scope", scope).put("createdOn", t).put("updatedOn", t)
                .put("createdBy", "22222222-2222-2222-2222-222222222222").put("updatedBy", "22222222-2222-2222-2222-222222222222");
        Res r = new Res(id, "roleAssignment", doc);
        put(r);
        return r;
    }

    // ------------------------------------------------------------------ long-running operations

    private Op startOp(String sub, String location, String method, String path) {
        Op op = new Op();
        op.sub = sub;
        op.location = location == null ? "westeurope" : location.toLowerCase(Locale.ROOT).replace(" ", "");
        op.path = path;
        op.needed = lroPolls;
        for (Iterator<FailOp> it = failOps.iterator(); it.hasNext(); ) {
            FailOp f = it.next();
            if (path.toLowerCase(Locale.ROOT).contains(f.pathContains().toLowerCase(Locale.ROOT))) {
                it.remove();
                op.error = JSON.createObjectNode().put("code", f.code()).put("message", f.message());
                break;
            }
        }
        ops.put(op.id, op);
        return op;
    }

    private void finish(Op op) {
        if (op.finished) return;
        op.finished = true;
        op.endTime = now();
        if (op.error != null) {
            op.status = "Failed";
            op.onFailure.run();
        } else {
            op.status = "Succeeded";
            op.onSuccess.run();
        }
    }

    private String statusUrl(Op op) {
        return endpoint() + "subscriptions/" + op.sub + "/providers/" + DS + "/locations/" + op.location
                + "/operationStatuses/" + op.id + "?api-version=" + API_VERSION;
    }

    private String locationUrl(Op op) {
        if (op.resourcesStyle) return endpoint() + "subscriptions/" + op.sub + "/operationresults/" + op.id + "?api-version=" + RG_API_VERSION;
        return endpoint() + "subscriptions/" + op.sub + "/providers/" + DS + "/locations/" + op.location
                + "/operationResults/" + op.id + "?api-version=" + API_VERSION;
    }

    /** 201 + Azure-AsyncOperation for a long-running create (Accounts_Create, Triggers_Create). */
    private Answer lroCreated(Op op, Res r) {
        if (op.needed == 0) finish(op);
        Answer a = new Answer(201, r.doc).header("Azure-AsyncOperation", statusUrl(op));
        if (!op.finished) a.header("Retry-After", Integer.toString(retryAfter));
        return a;
    }

    /** A PUT of a resource whose long-running create failed provisions it again: 200, Creating, a new operation (assumed). */
    private Answer reprovision(Res r, String path) {
        r.props().put("provisioningState", "Creating");
        Op op = startOp(subscriptionOf(r.id), locationOf(r), "PUT", path);
        op.onSuccess = () -> r.props().put("provisioningState", "Succeeded");
        op.onFailure = () -> r.props().put("provisioningState", "Failed");
        op.finalBody = () -> r.doc;
        r.op = op;
        if (op.needed == 0) finish(op);
        Answer a = new Answer(200, r.doc).header("Azure-AsyncOperation", statusUrl(op));
        if (!op.finished) a.header("Retry-After", Integer.toString(retryAfter));
        return a;
    }

    /** A long-running delete: 202 + Location + Azure-AsyncOperation; the resource is Deleting until the operation ends. */
    private Answer lroDelete(Res r, Runnable remove) {
        String before = r.props().path("provisioningState").asText(null);
        if (before != null) r.props().put("provisioningState", "Deleting");
        Op op = startOp(subscriptionOf(r.id), locationOf(r), "DELETE", r.id);
        op.onSuccess = remove;
        op.onFailure = () -> { if (before != null) r.props().put("provisioningState", "Failed"); };
        r.op = op;
        return lroAccepted(op, true, null);
    }

    /** 202 with Location (and Azure-AsyncOperation unless Microsoft.Resources style) and Retry-After. */
    private Answer lroAccepted(Op op, boolean asyncHeader, JsonNode body) {
        if (op.needed == 0) finish(op);
        Answer a = new Answer(202, body).header("Location", locationUrl(op));
        if (asyncHeader) a.header("Azure-AsyncOperation", statusUrl(op));
        a.header("Retry-After", Integer.toString(retryAfter));
        return a;
    }

    private Op op(String id) {
        Op op = ops.get(id);
        if (op == null) throw new ArmError(404, "ResourceNotFound", "The operation '" + id + "' was not found.");
        return op;
    }

    private void advance(Op op) {
        op.polls++;
        if (!op.finished && op.polls >= op.needed) finish(op);
        if (!op.finished) op.onPoll.run();
    }

    private Answer pollStatus(String id) {
        Op op = op(id);
        advance(op);
        ObjectNode doc = JSON.createObjectNode().put("id", "/subscriptions/" + op.sub + "/providers/" + DS + "/locations/"
                + op.location + "/operationStatuses/" + op.id).put("name", op.id).put("status", op.status)
                .put("startTime", op.startTime);
        if (op.endTime != null) doc.put("endTime", op.endTime);
        if (op.status.equals("Failed")) doc.set("error", op.error);
        Answer a = new Answer(200, doc);
        if (!op.finished) a.header("Retry-After", Integer.toString(retryAfter));
        return a;
    }

    private Answer pollLocation(String id) {
        Op op = op(id);
        advance(op);
        if (!op.finished) {
            return new Answer(202, null).header("Location", locationUrl(op)).header("Retry-After", Integer.toString(retryAfter));
        }
        if (op.status.equals("Failed")) {
            ObjectNode err = JSON.createObjectNode();
            err.set("error", op.error);
            return new Answer(400, err);
        }
        if (op.finalBody == null) return new Answer(op.resourcesStyle ? 200 : 204, null);
        return new Answer(200, op.finalBody.get());
    }

    // ------------------------------------------------------------------ paging

    private Answer page(List<JsonNode> items, String path, Map<String, String> q) {
        return page(items, path, q, null);
    }

    private Answer page(List<JsonNode> items, String path, Map<String, String> q, String extra) {
        int skip = 0;
        String token = q.get("$skipToken");
        if (token != null) skip = tokenOffset(token);
        int size = pageSize;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode value = out.putArray("value");
        for (int i = skip; i < Math.min(items.size(), skip + size); i++) value.add(items.get(i).deepCopy());
        if (skip + size < items.size()) {
            StringBuilder next = new StringBuilder(endpoint().toString()).append(path.substring(1)).append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : q.entrySet()) {
                if (e.getKey().equals("$skipToken")) continue;
                if (!first) next.append('&');
                next.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
                first = false;
            }
            next.append(first ? "" : "&").append("$skipToken=").append(enc(token(skip + size, extra)));
            out.put("nextLink", next.toString());
        }
        return new Answer(200, out);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%24", "$").replace("%28", "(").replace("%29", ")");
    }

    private static String token(int offset, String extra) {
        String raw = offset + (extra == null ? "" : "|" + extra);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int tokenOffset(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return Integer.parseInt(bar < 0 ? raw : raw.substring(0, bar));
        } catch (IllegalArgumentException e) {
            throw new ArmError(400, "InvalidParameter", "The $skipToken '" + token + "' is not valid.", "$skipToken");
        }
    }

    private static String tokenExtra(String token) {
        tokenOffset(token);
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (bar < 0) throw new ArmError(400, "InvalidParameter", "The $skipToken '" + token + "' is not valid.", "$skipToken");
        return raw.substring(bar + 1);
    }

    // ------------------------------------------------------------------ helpers

    private void put(Res r) {
        byId.put(key(r.id), r);
    }

    /** Removes a resource and everything under it (children, role assignments at scopes under it). */
    private void removeTree(String id) {
        String k = key(id);
        byId.subMap(k + "/", k + "/\uffff").clear();
        byId.remove(k);
        for (Iterator<String> it = syncs.keySet().iterator(); it.hasNext(); ) {
            String s = it.next();
            if (s.startsWith(k + "/")) it.remove();
        }
    }

    private static String key(String id) {
        return trimSlash(id).toLowerCase(Locale.ROOT);
    }

    private static String trimSlash(String id) {
        String s = id.startsWith("/") ? id : "/" + id;
        while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    private static String stripQuery(String s) {
        int q = s.indexOf('?');
        String p = q < 0 ? s : s.substring(0, q);
        if (p.startsWith("https://") || p.startsWith("http://")) p = URI.create(p).getPath();
        return p;
    }

    private static boolean eq(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    private static String subscriptionOf(String id) {
        String[] parts = trimSlash(id).split("/");
        return parts.length > 2 ? parts[2] : SUBSCRIPTION;
    }

    private String locationOf(Res r) {
        if (r.doc.has("location")) return r.doc.path("location").asText();
        Res a = accountOf(r);
        return a == null ? "westeurope" : a.doc.path("location").asText();
    }

    private static String rgOf(Res r) {
        String[] parts = r.id.split("/");
        return parts.length > 4 ? parts[4] : "";
    }

    /** {@code Microsoft.DataShare/accounts/a/shares/s…} of a Data Share resource. */
    private static String typePath(Res r) {
        int i = r.id.toLowerCase(Locale.ROOT).indexOf("/providers/microsoft.datashare/");
        return DS + r.id.substring(i + "/providers/microsoft.datashare".length());
    }

    private static String storageId(String sub, String rg, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/" + name;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: "
                    + "the body is empty.");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: "
                    + e.getMessage().lines().findFirst().orElse("") + ".");
        }
    }

    private static void check(DataShareModel.Problem p) {
        if (p != null) throw new ArmError(400, p.code(), p.message(), p.target());
    }

    /** An expiration date must lie in the future. */
    private static void future(JsonNode p, String field) {
        if (!p.hasNonNull(field)) return;
        OffsetDateTime t = OffsetDateTime.parse(p.get(field).asText());
        if (!t.toInstant().isAfter(Instant.now())) {
            throw new ArmError(400, "InvalidParameter", "The value '" + p.get(field).asText() + "' of property 'properties."
                    + field + "' must be a date-time in the future.", "properties." + field);
        }
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static void systemData(ObjectNode doc) {
        String t = now();
        doc.putObject("systemData").put("createdAt", t).put("createdBy", USER_EMAIL).put("createdByType", "User")
                .put("lastModifiedAt", t).put("lastModifiedBy", USER_EMAIL).put("lastModifiedByType", "User");
    }

    private static void touch(ObjectNode doc) {
        JsonNode sd = doc.get("systemData");
        if (sd instanceof ObjectNode o) o.put("lastModifiedAt", now());
    }
}
