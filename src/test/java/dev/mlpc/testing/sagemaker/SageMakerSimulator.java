package dev.mlpc.testing.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Amazon SageMaker for tests: an AWS JSON 1.1 server on 127.0.0.1 (ephemeral port) that the real AWS SDK for
 * Java v2 reaches unmodified with {@code endpointOverride(sim.endpoint())}, static credentials, an explicit region
 * and {@code aws.disableEc2Metadata=true}. It keeps domains, user profiles and tags in memory, moves them through
 * AWS's statuses asynchronously, validates every request against AWS's published service model
 * ({@link SageMakerModel}) and answers errors as AWS JSON errors ({@code {"__type": code, "message": …}}, HTTP 400).
 * The protocol facts it relies on, and their sources, are in PROTOCOL.md beside this file.
 *
 * <h2>Public API</h2>
 * <ul>
 *   <li><b>Lifecycle:</b> {@link #start()} / {@link #start(String)} (region, default {@value #DEFAULT_REGION}),
 *   {@link #close()}, {@link #endpoint()} ({@code http://127.0.0.1:PORT}), {@link #port()}, {@link #region()},
 *   {@link #accountId()} ({@value #ACCOUNT_ID}).</li>
 *   <li><b>Operations:</b> CreateDomain, DescribeDomain, UpdateDomain, DeleteDomain (RetentionPolicy), ListDomains;
 *   CreateUserProfile, DescribeUserProfile, UpdateUserProfile, DeleteUserProfile, ListUserProfiles
 *   (DomainIdEquals, UserProfileNameContains, SortBy, SortOrder); AddTags, DeleteTags, ListTags (by ARN). Lists page
 *   with MaxResults / NextToken; {@link #maxPageSize(int)} caps every page (default page {@value #DEFAULT_PAGE}).</li>
 *   <li><b>Statuses:</b> Create → Pending → InService, Update → Updating → InService, Delete → Deleting → gone.
 *   When a transition ends: {@link #settleAfterDescribes(int)} (default 1: exactly one Describe of the resource
 *   sees the intermediate status, the next sees the end), {@link #settleAfter(Duration)} (the simulator's clock),
 *   {@link #settleManually()} (only {@link #settle(String)} / {@link #settleAll()} end them). Failure injection:
 *   {@link #failNext(String, String)} makes the next transition started by that operation end in Failed /
 *   Update_Failed / Delete_Failed with that FailureReason. Updates and deletes of a resource in transition are refused
 *   with ResourceInUse; DeleteDomain is refused with ResourceInUse while the domain has user profiles.</li>
 *   <li><b>Ids:</b> DomainId {@code d-} + 12 lowercase alphanumerics, DomainArn
 *   {@code arn:aws:sagemaker:REGION:ACCOUNT:domain/ID}, Url {@code https://ID.studio.REGION.sagemaker.aws},
 *   HomeEfsFileSystemId {@code fs-} + 17 hex, user profile ARN {@code arn:aws:sagemaker:REGION:ACCOUNT:user-profile/ID/NAME}.</li>
 *   <li><b>Faults:</b> {@link #throttleNext(int)} (ThrottlingException), {@link #errorNext(String, String, String)}
 *   (any AWS error code for the next request of an operation, e.g. AccessDeniedException), {@link #domainLimit(int)}
 *   (ResourceLimitExceeded), {@link #latency(Duration)} (per request).</li>
 *   <li><b>Observation:</b> {@link #requests(String)}, {@link #requestCounts()}, {@link #totalRequests()},
 *   {@link #recorded()} / {@link #recorded(String)} (every request body, for field-by-field checks),
 *   {@link #maxInFlight()}, {@link #resetCounts()}, {@link #failures()} (simulator bugs), {@link #accessKeyIds()}.</li>
 *   <li><b>State for tests:</b> {@link #seedDomain(String)}, {@link #seedDomain(String, Map)},
 *   {@link #seedDomains(String, int)}, {@link #seedUserProfile(String, String)}, {@link #seedUserProfile(String, String, Map)},
 *   {@link #seedUserProfiles(String, String, int)} (created InService at once, no request counted),
 *   {@link #domain(String)}, {@link #userProfile(String, String)} (the stored Describe documents),
 *   {@link #domainIds()}, {@link #tags(String)}, {@link #status(String)}, {@link #retainedFileSystems()},
 *   {@link #tamper(String, java.util.function.Consumer)} (change a resource behind the client's back).</li>
 * </ul>
 */
public final class SageMakerSimulator implements AutoCloseable {

    public static final String DEFAULT_REGION = "eu-west-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final int DEFAULT_PAGE = 10;
    public static final String TARGET_PREFIX = "SageMaker.";

    /** One request as it arrived: operation, body, the signing access key id (never the secret), answer. */
    public record Recorded(String operation, JsonNode body, String accessKeyId, int status, String errorCode) {}

    /** An AWS error answer: HTTP status, {@code __type}, message. */
    static final class AwsError extends RuntimeException {
        final int status;
        final String code;

        AwsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");
    private static final char[] ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String region;
    private final SageMakerModel model;
    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();

    // state (guarded by lock)
    private final Map<String, Resource> domains = new LinkedHashMap<>();
    private final Map<String, Resource> profiles = new LinkedHashMap<>(); // key domainId/name
    private final Map<String, Map<String, String>> tagsByArn = new HashMap<>();
    private final List<String> retained = new ArrayList<>();
    private final Map<String, String> failNext = new HashMap<>();
    private final Map<String, AwsError> errorNext = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger nextUid = new AtomicInteger(200001);

    // settings
    private volatile int settleDescribes = 1;
    private volatile long settleNanos = -1;
    private volatile int maxPageSize = 100;
    private volatile int domainLimit = Integer.MAX_VALUE;
    private volatile long latencyNanos;
    private final AtomicInteger throttle = new AtomicInteger();

    // observation
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private final List<String> accessKeyIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** A domain or a user profile: its Describe document plus the transition in progress. */
    private static final class Resource {
        final ObjectNode doc;
        final String arn;
        final long order;
        String pendingEnd;      // status at the end of the transition, null when none; "gone" for a delete
        String failReason;      // the transition ends failed with this reason
        long startedNanos;
        int describes;

        Resource(ObjectNode doc, String arn, long order) {
            this.doc = doc;
            this.arn = arn;
            this.order = order;
        }

        String status() {
            return doc.path("Status").asText();
        }
    }

    private SageMakerSimulator(String region) throws IOException {
        this.region = region;
        this.model = SageMakerModel.load();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sagemaker-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Starts a simulator for {@value #DEFAULT_REGION} on a free loopback port. */
    public static SageMakerSimulator start() {
        return start(DEFAULT_REGION);
    }

    /** Starts a simulator whose ARNs and Urls name {@code region}. */
    public static SageMakerSimulator start(String region) {
        try {
            return new SageMakerSimulator(region);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SageMaker simulator", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- settings

    /** A transition ends at the (n+1)-th Describe of the resource: n Describes see the intermediate status. */
    public SageMakerSimulator settleAfterDescribes(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0");
        settleDescribes = n;
        settleNanos = -1;
        return this;
    }

    /** A transition ends once {@code d} has passed on the simulator's clock (seen at the next request). */
    public SageMakerSimulator settleAfter(Duration d) {
        settleNanos = d.toNanos();
        settleDescribes = -1;
        return this;
    }

    /** Transitions end only through {@link #settle(String)} or {@link #settleAll()}. */
    public SageMakerSimulator settleManually() {
        settleNanos = -1;
        settleDescribes = -1;
        return this;
    }

    /** Ends the transition of a domain (id) or user profile ({@code domainId/name}) now; false if none was running. */
    public boolean settle(String key) {
        synchronized (lock) {
            Resource r = domains.containsKey(key) ? domains.get(key) : profiles.get(key);
            if (r == null || r.pendingEnd == null) return false;
            finish(r);
            return true;
        }
    }

    /** Ends every running transition; returns how many. */
    public int settleAll() {
        synchronized (lock) {
            int n = 0;
            for (Resource r : new ArrayList<>(profiles.values())) {
                if (r.pendingEnd != null) { finish(r); n++; }
            }
            for (Resource r : new ArrayList<>(domains.values())) {
                if (r.pendingEnd != null) { finish(r); n++; }
            }
            return n;
        }
    }

    /**
     * The next transition started by {@code operation} (CreateDomain, UpdateDomain, DeleteDomain, CreateUserProfile,
     * UpdateUserProfile, DeleteUserProfile) ends in Failed / Update_Failed / Delete_Failed with this FailureReason.
     */
    public SageMakerSimulator failNext(String operation, String failureReason) {
        synchronized (lock) {
            failNext.put(operation, failureReason);
        }
        return this;
    }

    /** The next request of {@code operation} is answered with this AWS error (HTTP 400), e.g. AccessDeniedException. */
    public SageMakerSimulator errorNext(String operation, String errorCode, String message) {
        synchronized (lock) {
            errorNext.put(operation, new AwsError(400, errorCode, message));
        }
        return this;
    }

    /** The next {@code n} requests (any operation) are answered with ThrottlingException "Rate exceeded". */
    public SageMakerSimulator throttleNext(int n) {
        throttle.set(n);
        return this;
    }

    /** CreateDomain beyond this many domains fails with ResourceLimitExceeded. */
    public SageMakerSimulator domainLimit(int limit) {
        domainLimit = limit;
        return this;
    }

    /** Caps every List page at {@code n} items, whatever MaxResults asks. */
    public SageMakerSimulator maxPageSize(int n) {
        if (n < 1) throw new IllegalArgumentException("page size must be >= 1");
        maxPageSize = n;
        return this;
    }

    /** Delay added to every request before it is answered; {@link Duration#ZERO} for none. */
    public SageMakerSimulator latency(Duration latency) {
        latencyNanos = latency.toNanos();
        return this;
    }

    // ---------------------------------------------------------------- observation

    public int requests(String operation) {
        AtomicInteger c = counts.get(operation);
        return c == null ? 0 : c.get();
    }

    public Map<String, Integer> requestCounts() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every request received, in order (bodies as sent). */
    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    /** The bodies of the requests of one operation, in order. */
    public List<JsonNode> recorded(String operation) {
        return recorded.stream().filter(r -> r.operation().equals(operation)).map(Recorded::body).toList();
    }

    /** Access key ids the requests were signed with (from the SigV4 Authorization header). */
    public List<String> accessKeyIds() {
        return List.copyOf(accessKeyIds);
    }

    /** The most requests answered at the same time since the last {@link #resetCounts()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetCounts() {
        counts.clear();
        recorded.clear();
        maxInFlight.set(0);
    }

    /** Exceptions thrown while answering (simulator bugs); each was answered with a 500 InternalFailure. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    // ---------------------------------------------------------------- state for tests

    /** Creates an InService IAM domain with a default VPC, subnet and execution role; returns its id. */
    public String seedDomain(String name) {
        return seedDomain(name, Map.of());
    }

    /**
     * Creates an InService domain from a CreateDomain request (AWS member names; defaults filled in for the required
     * members left out), validated like a request; returns its id. No request is counted.
     */
    public String seedDomain(String name, Map<String, ?> request) {
        ObjectNode req = JSON.valueToTree(request);
        req.put("DomainName", name);
        if (!req.has("AuthMode")) req.put("AuthMode", "IAM");
        if (!req.has("VpcId")) req.put("VpcId", "vpc-0a1b2c3d");
        if (!req.has("SubnetIds")) req.putArray("SubnetIds").add("subnet-0a1b2c3d");
        if (!req.has("DefaultUserSettings")) {
            req.putObject("DefaultUserSettings").put("ExecutionRole", "arn:aws:iam::" + ACCOUNT_ID + ":role/sagemaker-exec");
        }
        validateOrThrow("CreateDomain", req);
        synchronized (lock) {
            Resource d = createDomain(req);
            d.doc.put("Status", "InService");
            d.pendingEnd = null;
            return d.doc.get("DomainId").asText();
        }
    }

    /** {@code count} InService domains named {@code prefix-1 … prefix-count}; returns their ids in order. */
    public List<String> seedDomains(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) ids.add(seedDomain(prefix + "-" + i));
        return ids;
    }

    /** An InService user profile in an existing domain; returns its ARN. */
    public String seedUserProfile(String domainId, String name) {
        return seedUserProfile(domainId, name, Map.of());
    }

    /**
     * An InService user profile from a CreateUserProfile request (AWS member names, e.g. {@code UserSettings},
     * {@code Tags}), validated like a request; returns its ARN. No request is counted.
     */
    public String seedUserProfile(String domainId, String name, Map<String, ?> request) {
        ObjectNode req = JSON.valueToTree(request);
        req.put("DomainId", domainId).put("UserProfileName", name);
        validateOrThrow("CreateUserProfile", req);
        synchronized (lock) {
            Resource p = createUserProfile(req);
            p.doc.put("Status", "InService");
            p.pendingEnd = null;
            return p.arn;
        }
    }

    /** {@code count} InService user profiles {@code prefix-1 … prefix-count} in a domain; returns their ARNs. */
    public List<String> seedUserProfiles(String domainId, String prefix, int count) {
        List<String> arns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) arns.add(seedUserProfile(domainId, prefix + "-" + i));
        return arns;
    }

    /** A copy of the domain's DescribeDomain document, or null. Does not count as a Describe. */
    public ObjectNode domain(String domainId) {
        synchronized (lock) {
            Resource d = domains.get(domainId);
            return d == null ? null : describeDomainDoc(d);
        }
    }

    /** A copy of the user profile's DescribeUserProfile document, or null. */
    public ObjectNode userProfile(String domainId, String name) {
        synchronized (lock) {
            Resource p = profiles.get(domainId + "/" + name);
            return p == null ? null : p.doc.deepCopy();
        }
    }

    /**
     * Changes a domain (id) or user profile ({@code domainId/name}) behind the client's back, as another tool would
     * (for drift tests): {@code change} edits the stored Describe document (AWS member names). No request is counted.
     */
    public void tamper(String key, java.util.function.Consumer<ObjectNode> change) {
        synchronized (lock) {
            Resource r = domains.containsKey(key) ? domains.get(key) : profiles.get(key);
            if (r == null) throw new IllegalArgumentException("no domain or user profile " + key);
            change.accept(r.doc);
            r.doc.put("LastModifiedTime", now());
        }
    }

    /** Status of a domain (id) or user profile ({@code domainId/name}), or null when it does not exist. */
    public String status(String key) {
        synchronized (lock) {
            Resource r = domains.containsKey(key) ? domains.get(key) : profiles.get(key);
            return r == null ? null : r.status();
        }
    }

    public List<String> domainIds() {
        synchronized (lock) {
            return List.copyOf(domains.keySet());
        }
    }

    /** The tags on a resource ARN (key → value, in the order added). */
    public Map<String, String> tags(String arn) {
        synchronized (lock) {
            return new LinkedHashMap<>(tagsByArn.getOrDefault(arn, Map.of()));
        }
    }

    /** Home EFS file systems kept by deleted domains (RetentionPolicy HomeEfsFileSystem Retain, the default). */
    public List<String> retainedFileSystems() {
        synchronized (lock) {
            return List.copyOf(retained);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void exchange(HttpExchange ex) throws IOException {
        String operation = "?";
        JsonNode body = null;
        String accessKey = null;
        try {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            byte[] raw;
            try (InputStream in = ex.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "?";
            counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            accessKey = accessKey(ex.getRequestHeaders().getFirst("Authorization"));
            if (accessKey != null) accessKeyIds.add(accessKey);
            if (latencyNanos > 0) {
                try {
                    Thread.sleep(latencyNanos / 1_000_000, (int) (latencyNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ObjectNode reply;
            try {
                body = parse(ex, raw, target);
                reply = answer(operation, body);
                recorded.add(new Recorded(operation, body, accessKey, 200, null));
                send(ex, 200, reply);
            } catch (AwsError e) {
                recorded.add(new Recorded(operation, body, accessKey, e.status, e.code));
                ObjectNode err = JSON.createObjectNode().put("__type", e.code).put("message", e.getMessage());
                send(ex, e.status, err);
            }
        } catch (RuntimeException e) {
            failures.add(e);
            recorded.add(new Recorded(operation, body, accessKey, 500, "InternalFailure"));
            send(ex, 500, JSON.createObjectNode().put("__type", "InternalFailure")
                    .put("message", "SageMaker simulator failure: " + e));
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    private JsonNode parse(HttpExchange ex, byte[] raw, String target) {
        if (!"POST".equals(ex.getRequestMethod()) || !"/".equals(ex.getRequestURI().getPath())) {
            throw new AwsError(404, "UnknownOperationException", "The simulator serves POST / only, not "
                    + ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.startsWith("application/x-amz-json-1.1")) {
            throw new AwsError(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1, was " + ct);
        }
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new AwsError(400, "UnknownOperationException", "X-Amz-Target must be SageMaker.<Operation>, was " + target);
        }
        try {
            JsonNode node = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new AwsError(400, "SerializationException", "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new AwsError(400, "SerializationException", "The request body is not valid JSON: " + e.getMessage());
        }
    }

    private static String accessKey(String authorization) {
        if (authorization == null) return null;
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    private static void send(HttpExchange ex, int status, ObjectNode reply) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(reply);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void validateOrThrow(String operation, JsonNode body) {
        List<String> errors = model.validate(operation, body);
        if (!errors.isEmpty()) {
            String head = errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
            throw new AwsError(400, "ValidationException", head + String.join("; ", errors));
        }
    }

    private ObjectNode answer(String operation, JsonNode body) {
        if (throttle.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new AwsError(400, "ThrottlingException", "Rate exceeded");
        }
        synchronized (lock) {
            AwsError injected = errorNext.remove(operation);
            if (injected != null) throw injected;
        }
        if (!model.hasOperation(operation)) {
            throw new AwsError(400, "UnknownOperationException", "Unknown operation SageMaker." + operation);
        }
        validateOrThrow(operation, body);
        synchronized (lock) {
            advanceClock();
            return switch (operation) {
                case "CreateDomain" -> {
                    if (domains.size() >= domainLimit) {
                        throw new AwsError(400, "ResourceLimitExceeded", "The account-level service limit 'Maximum number of domains' is "
                                + domainLimit + " Domains, with current utilization of " + domains.size() + " Domains.");
                    }
                    Resource d = createDomain(body);
                    yield JSON.createObjectNode().put("DomainArn", d.arn).put("Url", d.doc.get("Url").asText());
                }
                case "DescribeDomain" -> describeDomain(body.path("DomainId").asText());
                case "UpdateDomain" -> updateDomain(body);
                case "DeleteDomain" -> deleteDomain(body);
                case "ListDomains" -> listDomains(body);
                case "CreateUserProfile" -> JSON.createObjectNode().put("UserProfileArn", createUserProfile(body).arn);
                case "DescribeUserProfile" -> describeUserProfile(body);
                case "UpdateUserProfile" -> updateUserProfile(body);
                case "DeleteUserProfile" -> deleteUserProfile(body);
                case "ListUserProfiles" -> listUserProfiles(body);
                case "AddTags" -> addTags(body);
                case "DeleteTags" -> deleteTags(body);
                case "ListTags" -> listTags(body);
                default -> throw new AwsError(400, "UnknownOperationException",
                        "The SageMaker simulator does not implement " + operation);
            };
        }
    }

    // ---------------------------------------------------------------- transitions

    private void begin(Resource r, String operation, String intermediate, String end) {
        r.doc.put("Status", intermediate);
        r.doc.remove("FailureReason");
        r.pendingEnd = end;
        r.failReason = failNext.remove(operation);
        r.startedNanos = System.nanoTime();
        r.describes = 0;
        if (settleDescribes == 0) finish(r);
    }

    /** Ends the transitions whose time has come on the clock. */
    private void advanceClock() {
        long d = settleNanos;
        if (d < 0) return;
        long now = System.nanoTime();
        for (Resource r : new ArrayList<>(profiles.values())) {
            if (r.pendingEnd != null && now - r.startedNanos >= d) finish(r);
        }
        for (Resource r : new ArrayList<>(domains.values())) {
            if (r.pendingEnd != null && now - r.startedNanos >= d) finish(r);
        }
    }

    /** A Describe of {@code r}: counts towards {@link #settleAfterDescribes(int)}. */
    private void described(Resource r) {
        if (r.pendingEnd == null || settleDescribes < 0) return;
        if (r.describes >= settleDescribes) {
            finish(r);
        } else {
            r.describes++;
        }
    }

    private void finish(Resource r) {
        String end = r.pendingEnd;
        r.pendingEnd = null;
        if (r.failReason != null) {
            String failed = switch (r.status()) {
                case "Pending" -> "Failed";
                case "Updating" -> "Update_Failed";
                case "Deleting" -> "Delete_Failed";
                default -> "Failed";
            };
            r.doc.put("Status", failed);
            r.doc.put("FailureReason", r.failReason);
            r.failReason = null;
        } else if ("gone".equals(end)) {
            remove(r);
        } else {
            r.doc.put("Status", end);
        }
        r.doc.put("LastModifiedTime", now());
    }

    private void remove(Resource r) {
        tagsByArn.remove(r.arn);
        if (r.doc.has("UserProfileName")) {
            profiles.remove(r.doc.get("DomainId").asText() + "/" + r.doc.get("UserProfileName").asText());
        } else {
            String id = r.doc.get("DomainId").asText();
            domains.remove(id);
            String keep = r.doc.path("_RetentionHomeEfs").asText("Retain");
            if ("Retain".equals(keep)) retained.add(r.doc.get("HomeEfsFileSystemId").asText());
        }
    }

    // ---------------------------------------------------------------- domains

    private Resource createDomain(JsonNode req) {
        String id;
        do {
            id = "d-" + randomAlnum(12);
        } while (domains.containsKey(id));
        String arn = "arn:aws:sagemaker:" + region + ":" + ACCOUNT_ID + ":domain/" + id;
        ObjectNode doc = JSON.createObjectNode();
        doc.put("DomainArn", arn);
        doc.put("DomainId", id);
        doc.put("DomainName", req.get("DomainName").asText());
        doc.put("HomeEfsFileSystemId", "fs-" + randomHex(17));
        doc.put("Status", "Pending");
        doc.put("CreationTime", now());
        doc.put("LastModifiedTime", now());
        doc.put("AuthMode", req.get("AuthMode").asText());
        doc.set("DefaultUserSettings", req.get("DefaultUserSettings").deepCopy());
        doc.put("AppNetworkAccessType", req.path("AppNetworkAccessType").asText("PublicInternetOnly"));
        doc.set("SubnetIds", req.get("SubnetIds").deepCopy());
        doc.put("Url", "https://" + id + ".studio." + region + ".sagemaker.aws");
        doc.put("VpcId", req.get("VpcId").asText());
        for (String m : List.of("HomeEfsFileSystemKmsKeyId", "KmsKeyId", "AppSecurityGroupManagement", "TagPropagation",
                "DomainSettings", "DefaultSpaceSettings")) {
            if (req.hasNonNull(m)) doc.set(m, req.get(m).deepCopy());
        }
        Resource d = new Resource(doc, arn, sequence.incrementAndGet());
        domains.put(id, d);
        putTags(arn, req.path("Tags"));
        begin(d, "CreateDomain", "Pending", "InService");
        return d;
    }

    private Resource domainOrThrow(String id) {
        Resource d = domains.get(id);
        if (d == null) {
            throw new AwsError(400, "ResourceNotFound", "Domain " + id + " not found in " + region + ".");
        }
        return d;
    }

    private ObjectNode describeDomainDoc(Resource d) {
        ObjectNode doc = d.doc.deepCopy();
        doc.remove("_RetentionHomeEfs");
        return doc;
    }

    private ObjectNode describeDomain(String id) {
        Resource d = domainOrThrow(id);
        described(d);
        if (!domains.containsKey(id)) {
            throw new AwsError(400, "ResourceNotFound", "Domain " + id + " not found in " + region + ".");
        }
        return describeDomainDoc(d);
    }

    private ObjectNode updateDomain(JsonNode req) {
        Resource d = domainOrThrow(req.get("DomainId").asText());
        requireSettled("Domain " + d.doc.get("DomainId").asText(), d);
        ObjectNode doc = d.doc;
        if (req.has("DefaultUserSettings")) merge(doc.withObjectProperty("DefaultUserSettings"), req.get("DefaultUserSettings"));
        if (req.has("DefaultSpaceSettings")) merge(doc.withObjectProperty("DefaultSpaceSettings"), req.get("DefaultSpaceSettings"));
        if (req.has("DomainSettingsForUpdate")) {
            JsonNode u = req.get("DomainSettingsForUpdate");
            ObjectNode ds = doc.withObjectProperty("DomainSettings");
            for (Iterator<Map.Entry<String, JsonNode>> it = u.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().equals("RStudioServerProDomainSettingsForUpdate") ? "RStudioServerProDomainSettings" : e.getKey();
                if (e.getValue().isObject()) merge(ds.withObjectProperty(key), e.getValue());
                else ds.set(key, e.getValue().deepCopy());
            }
        }
        for (String m : List.of("SubnetIds", "AppNetworkAccessType", "AppSecurityGroupManagement", "TagPropagation", "VpcId")) {
            if (req.hasNonNull(m)) doc.set(m, req.get(m).deepCopy());
        }
        doc.put("LastModifiedTime", now());
        begin(d, "UpdateDomain", "Updating", "InService");
        return JSON.createObjectNode().put("DomainArn", d.arn);
    }

    private ObjectNode deleteDomain(JsonNode req) {
        String id = req.get("DomainId").asText();
        Resource d = domainOrThrow(id);
        requireSettled("Domain " + id, d);
        long users = profiles.values().stream().filter(p -> p.doc.get("DomainId").asText().equals(id)).count();
        if (users > 0) {
            throw new AwsError(400, "ResourceInUse", "Domain " + id + " has " + users
                    + " user profile(s); delete them before deleting the domain.");
        }
        d.doc.put("_RetentionHomeEfs", req.path("RetentionPolicy").path("HomeEfsFileSystem").asText("Retain"));
        begin(d, "DeleteDomain", "Deleting", "gone");
        return JSON.createObjectNode();
    }

    private ObjectNode listDomains(JsonNode req) {
        List<Resource> all = new ArrayList<>(domains.values());
        all.sort(Comparator.comparingLong(r -> r.order));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("Domains");
        page("ListDomains", all, req, out, r -> {
            ObjectNode o = items.addObject();
            for (String m : List.of("DomainArn", "DomainId", "DomainName", "Status", "CreationTime", "LastModifiedTime", "Url")) {
                if (r.doc.has(m)) o.set(m, r.doc.get(m).deepCopy());
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- user profiles

    private Resource createUserProfile(JsonNode req) {
        String domainId = req.get("DomainId").asText();
        Resource d = domains.get(domainId);
        if (d == null) {
            throw new AwsError(400, "ValidationException", "Domain " + domainId + " not found in " + region + ".");
        }
        if (!"InService".equals(d.status())) {
            throw new AwsError(400, "ResourceInUse", "Domain " + domainId + " is " + d.status()
                    + "; user profiles can be created only in an InService domain.");
        }
        String name = req.get("UserProfileName").asText();
        String key = domainId + "/" + name;
        if (profiles.containsKey(key)) {
            throw new AwsError(400, "ResourceInUse", "User profile " + name + " already exists in domain " + domainId + ".");
        }
        String arn = "arn:aws:sagemaker:" + region + ":" + ACCOUNT_ID + ":user-profile/" + domainId + "/" + name;
        ObjectNode doc = JSON.createObjectNode();
        doc.put("DomainId", domainId);
        doc.put("UserProfileArn", arn);
        doc.put("UserProfileName", name);
        doc.put("HomeEfsFileSystemUid", String.valueOf(nextUid.getAndIncrement()));
        doc.put("Status", "Pending");
        doc.put("LastModifiedTime", now());
        doc.put("CreationTime", now());
        for (String m : List.of("SingleSignOnUserIdentifier", "SingleSignOnUserValue", "UserSettings")) {
            if (req.hasNonNull(m)) doc.set(m, req.get(m).deepCopy());
        }
        Resource p = new Resource(doc, arn, sequence.incrementAndGet());
        profiles.put(key, p);
        putTags(arn, req.path("Tags"));
        begin(p, "CreateUserProfile", "Pending", "InService");
        return p;
    }

    private Resource profileOrThrow(JsonNode req) {
        String domainId = req.get("DomainId").asText();
        String name = req.get("UserProfileName").asText();
        Resource p = profiles.get(domainId + "/" + name);
        if (p == null) {
            throw new AwsError(400, "ResourceNotFound", "User profile " + name + " not found in domain " + domainId + ".");
        }
        return p;
    }

    private ObjectNode describeUserProfile(JsonNode req) {
        Resource p = profileOrThrow(req);
        described(p);
        if (!profiles.containsValue(p)) {
            throw new AwsError(400, "ResourceNotFound", "User profile " + req.get("UserProfileName").asText()
                    + " not found in domain " + req.get("DomainId").asText() + ".");
        }
        return p.doc.deepCopy();
    }

    private ObjectNode updateUserProfile(JsonNode req) {
        Resource p = profileOrThrow(req);
        requireSettled("User profile " + p.doc.get("UserProfileName").asText(), p);
        if (req.has("UserSettings")) merge(p.doc.withObjectProperty("UserSettings"), req.get("UserSettings"));
        p.doc.put("LastModifiedTime", now());
        begin(p, "UpdateUserProfile", "Updating", "InService");
        return JSON.createObjectNode().put("UserProfileArn", p.arn);
    }

    private ObjectNode deleteUserProfile(JsonNode req) {
        Resource p = profileOrThrow(req);
        requireSettled("User profile " + p.doc.get("UserProfileName").asText(), p);
        begin(p, "DeleteUserProfile", "Deleting", "gone");
        return JSON.createObjectNode();
    }

    private ObjectNode listUserProfiles(JsonNode req) {
        String domain = req.path("DomainIdEquals").asText(null);
        String contains = req.path("UserProfileNameContains").asText(null);
        List<Resource> all = new ArrayList<>();
        for (Resource p : profiles.values()) {
            if (domain != null && !domain.equals(p.doc.get("DomainId").asText())) continue;
            if (contains != null && !p.doc.get("UserProfileName").asText().contains(contains)) continue;
            all.add(p);
        }
        Comparator<Resource> order = "LastModifiedTime".equals(req.path("SortBy").asText())
                ? Comparator.comparingDouble((Resource r) -> r.doc.get("LastModifiedTime").asDouble()).thenComparingLong(r -> r.order)
                : Comparator.comparingLong(r -> r.order);
        if ("Descending".equals(req.path("SortOrder").asText())) order = order.reversed();
        all.sort(order);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("UserProfiles");
        page("ListUserProfiles", all, req, out, r -> {
            ObjectNode o = items.addObject();
            for (String m : List.of("DomainId", "UserProfileName", "Status", "CreationTime", "LastModifiedTime")) {
                if (r.doc.has(m)) o.set(m, r.doc.get(m).deepCopy());
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- tags

    private String arnOrThrow(JsonNode req) {
        String arn = req.get("ResourceArn").asText();
        boolean exists = domains.values().stream().anyMatch(d -> d.arn.equals(arn))
                || profiles.values().stream().anyMatch(p -> p.arn.equals(arn));
        if (!exists) {
            throw new AwsError(400, "ValidationException", "Resource " + arn + " not found.");
        }
        return arn;
    }

    private void putTags(String arn, JsonNode tags) {
        Map<String, String> m = tagsByArn.computeIfAbsent(arn, k -> new LinkedHashMap<>());
        for (JsonNode t : tags) {
            m.put(t.get("Key").asText(), t.get("Value").asText());
        }
        if (m.size() > 50) {
            throw new AwsError(400, "ValidationException", "Resource " + arn + " would have " + m.size()
                    + " tags; at most 50 are allowed.");
        }
    }

    private ObjectNode addTags(JsonNode req) {
        String arn = arnOrThrow(req);
        Map<String, String> before = new LinkedHashMap<>(tagsByArn.getOrDefault(arn, Map.of()));
        try {
            putTags(arn, req.get("Tags"));
        } catch (AwsError e) {
            tagsByArn.put(arn, before);
            throw e;
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("Tags", req.get("Tags").deepCopy());
        return out;
    }

    private ObjectNode deleteTags(JsonNode req) {
        String arn = arnOrThrow(req);
        Map<String, String> m = tagsByArn.get(arn);
        if (m != null) {
            for (JsonNode k : req.get("TagKeys")) m.remove(k.asText());
        }
        return JSON.createObjectNode();
    }

    private ObjectNode listTags(JsonNode req) {
        String arn = arnOrThrow(req);
        List<Map.Entry<String, String>> all = new ArrayList<>(tagsByArn.getOrDefault(arn, Map.of()).entrySet());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("Tags");
        page("ListTags:" + arn, all, req, out, e -> items.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * One page of {@code all} from the request's NextToken, at most MaxResults (default {@value #DEFAULT_PAGE}) and
     * at most {@link #maxPageSize(int)} items; sets NextToken when more follow. Tokens name the listing they belong to.
     */
    private <T> void page(String listing, List<T> all, JsonNode req, ObjectNode out, java.util.function.Consumer<T> emit) {
        int start = 0;
        if (req.hasNonNull("NextToken")) {
            String token = req.get("NextToken").asText();
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            String prefix = listing + "@";
            if (!decoded.startsWith(prefix)) {
                throw new AwsError(400, "ValidationException", "Invalid pagination token: " + token);
            }
            try {
                start = Integer.parseInt(decoded.substring(prefix.length()));
            } catch (NumberFormatException e) {
                throw new AwsError(400, "ValidationException", "Invalid pagination token: " + token);
            }
        }
        int size = req.hasNonNull("MaxResults") ? req.get("MaxResults").asInt() : DEFAULT_PAGE;
        size = Math.min(size, maxPageSize);
        int end = Math.min(all.size(), start + size);
        for (int i = start; i < end; i++) emit.accept(all.get(i));
        if (end < all.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((listing + "@" + end).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void requireSettled(String what, Resource r) {
        String s = r.status();
        if (!("InService".equals(s) || "Failed".equals(s) || "Update_Failed".equals(s) || "Delete_Failed".equals(s))) {
            throw new AwsError(400, "ResourceInUse", what + " is " + s + "; wait until it is InService.");
        }
    }

    /** Deep merge: objects merge member by member; lists and scalars replace. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode cur = target.get(e.getKey());
            if (e.getValue().isObject() && cur != null && cur.isObject()) {
                merge((ObjectNode) cur, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** Epoch seconds with milliseconds, as AWS JSON writes timestamps. */
    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private String randomAlnum(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(ALNUM[random.nextInt(ALNUM.length)]);
        return sb.toString();
    }

    private String randomHex(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
        return sb.toString();
    }
}
