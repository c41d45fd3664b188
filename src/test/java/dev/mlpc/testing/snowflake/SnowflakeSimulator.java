package dev.mlpc.testing.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A local Snowflake for tests: an HTTP server on 127.0.0.1 speaking the REST protocol that the real snowflake-jdbc
 * driver uses, reached with {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=test} (see {@link #jdbcUrl()}).
 * <p>
 * It accepts any login (or rejects all with Snowflake's auth error, {@link #rejectLogins(boolean)}; or checks the
 * credential of the login's authenticator: {@link #expectPassword}, {@link #expectOAuthToken}, {@link #trustPublicKey}
 * verifies a key-pair login's JWT signature; every attempt is recorded, {@link #logins()}), reads gzip'd
 * query requests, keeps per-session state ({@code USE ROLE/WAREHOUSE/DATABASE/SCHEMA},
 * {@code ALTER SESSION SET QUERY_TAG}), records every statement, counts requests per endpoint and can delay every
 * request ({@link #latency(Duration)}). Statements go first to a pluggable {@link SfQueryHandler}; what it leaves
 * ({@code null}) gets the built-in answers: {@code SELECT 1}, {@code SELECT CURRENT_VERSION()}, session commands,
 * {@code SHOW <kind>} from rows registered with {@link #showRows(String, List, List)} (with {@code LIKE},
 * {@code IN ACCOUNT|DATABASE|SCHEMA}, {@code STARTS WITH}, {@code LIMIT n FROM 'name'} and Snowflake's 10,000-row cap),
 * "Statement executed successfully." for DDL, and a compilation error for anything else.
 * <p>
 * The protocol facts it relies on, and where they come from, are in PROTOCOL.md beside this file.
 */
public final class SnowflakeSimulator implements AutoCloseable {

    /** The driver's endpoints, for {@link #requests(Endpoint)}. */
    public enum Endpoint { LOGIN, QUERY, SESSION_DELETE, HEARTBEAT, TOKEN, TELEMETRY, OTHER }

    /** Snowflake's SHOW commands return at most this many rows. */
    public static final int SHOW_MAX_ROWS = 10_000;

    public static final String SERVER_VERSION = "9.0.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, SfSession> sessionsByToken = new ConcurrentHashMap<>();
    private final List<SfSession> sessions = new CopyOnWriteArrayList<>();
    private final List<SfStatement> statements = new CopyOnWriteArrayList<>();
    private final Map<Endpoint, AtomicInteger> counts = new EnumMap<>(Endpoint.class);
    private final List<String> unknownPaths = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private final Map<String, ShowTable> showTables = new ConcurrentHashMap<>();
    private final AtomicLong nextSessionId = new AtomicLong(1_000_001);
    private final AtomicLong nextQuery = new AtomicLong(1);
    private volatile SfQueryHandler handler = (sql, session) -> null;
    private volatile long latencyNanos;
    private volatile boolean rejectLogins;
    private volatile String expectedPassword;
    private volatile String expectedToken;
    private volatile java.security.PublicKey trustedKey;
    private final List<Login> logins = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger queriesInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxQueriesInFlight = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * One login attempt as the driver sent it: the authenticator ({@code SNOWFLAKE} when the driver sends none), and
     * for a key-pair login the JWT's claims; whether the simulator accepted it. Secrets are not kept.
     */
    public record Login(String user, String authenticator, boolean passwordSent, boolean tokenSent, String jwtIssuer,
                        String jwtSubject, boolean accepted) {}

    private SnowflakeSimulator() throws IOException {
        for (Endpoint e : Endpoint.values()) {
            counts.put(e, new AtomicInteger());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "snowflake-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Starts a simulator on a free loopback port. */
    public static SnowflakeSimulator start() {
        try {
            return new SnowflakeSimulator();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Snowflake simulator", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=test}. */
    public String jdbcUrl() {
        return "jdbc:snowflake://127.0.0.1:" + port() + "/?ssl=off&account=test";
    }

    /** {@link #jdbcUrl()} with {@code &db=database}. */
    public String jdbcUrl(String database) {
        return jdbcUrl() + "&db=" + database;
    }

    /**
     * Connection properties for a test login: user, password, no OCSP checks (there is no TLS), and the driver's
     * platform detection off. snowflake-jdbc 4.x reads {@code disablePlatformDetection} only as a connection
     * property: the system property {@code net.snowflake.jdbc.disablePlatformDetection} and the environment variable
     * {@code SNOWFLAKE_DISABLE_PLATFORM_DETECTION} do not stop its probes of 169.254.169.254, fd00:ec2::254 and
     * metadata.google.internal at the first login of a JVM.
     */
    public java.util.Properties connectionProperties(String user, String password) {
        java.util.Properties p = new java.util.Properties();
        p.put("user", user);
        p.put("password", password);
        p.put("disablePlatformDetection", "true");
        p.put("disableOCSPChecks", "true");
        p.put("CLIENT_TELEMETRY_ENABLED", "false");
        p.put("loginTimeout", "30");
        p.put("networkTimeout", "60000");
        return p;
    }

    public SnowflakeSimulator handler(SfQueryHandler handler) {
        this.handler = handler == null ? (sql, session) -> null : handler;
        return this;
    }

    /** Delay added to every request before it is answered; {@link Duration#ZERO} for none. */
    public SnowflakeSimulator latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /** Password logins must send this password, else 390100; null accepts any. */
    public SnowflakeSimulator expectPassword(String password) {
        this.expectedPassword = password;
        return this;
    }

    /** OAuth logins must send this token, else 390303 "Invalid OAuth access token"; null accepts any. */
    public SnowflakeSimulator expectOAuthToken(String token) {
        this.expectedToken = token;
        return this;
    }

    /**
     * Key-pair logins ({@code SNOWFLAKE_JWT}) must send a JWT signed (RS256) by the private key of {@code key}, else
     * 390144 "JWT token is invalid."; null accepts any.
     */
    public SnowflakeSimulator trustPublicKey(java.security.PublicKey key) {
        this.trustedKey = key;
        return this;
    }

    public List<Login> logins() {
        return List.copyOf(logins);
    }

    /** When true, every login fails with Snowflake's 390100 "Incorrect username or password was specified.". */
    public SnowflakeSimulator rejectLogins(boolean reject) {
        this.rejectLogins = reject;
        return this;
    }

    /**
     * Registers the rows {@code SHOW <kind>} answers with, replacing earlier ones. {@code kind} is what follows SHOW
     * up to its clauses, e.g. "DATABASES", "TABLES", "INTEGRATIONS", "GRANTS TO ROLE ANALYST" (identifiers as
     * Snowflake resolves them: unquoted upper-cased). Rows are sorted as Snowflake sorts SHOW output: by database,
     * schema and name where those columns exist, else by name.
     */
    public SnowflakeSimulator showRows(String kind, List<SfColumn> columns, List<List<Object>> rows) {
        showTables.put(showKey(kind), new ShowTable(SfResult.rows(columns, rows, SfResult.SHOW)));
        return this;
    }

    /** {@link #showRows(String, List, List)} with Snowflake's standard columns for that kind ({@link ShowColumns}). */
    public SnowflakeSimulator showRows(String kind, List<List<Object>> rows) {
        List<SfColumn> columns = ShowColumns.forKind(kind);
        if (columns == null) {
            throw new IllegalArgumentException("no standard columns known for SHOW " + kind);
        }
        return showRows(kind, columns, rows);
    }

    public int requests(Endpoint endpoint) {
        return counts.get(endpoint).get();
    }

    public Map<Endpoint, Integer> requestCounts() {
        Map<Endpoint, Integer> m = new EnumMap<>(Endpoint.class);
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Paths of requests that matched no known endpoint (counted as {@link Endpoint#OTHER}). */
    public List<String> unknownPaths() {
        return List.copyOf(unknownPaths);
    }

    /** Exceptions thrown while answering (simulator or handler bugs); each was answered with an error reply. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    public void resetCounts() {
        counts.values().forEach(c -> c.set(0));
        unknownPaths.clear();
    }

    public List<SfSession> sessions() {
        return List.copyOf(sessions);
    }

    public List<SfStatement> statements() {
        return List.copyOf(statements);
    }

    public void clearStatements() {
        statements.clear();
    }

    /** The most query requests the simulator was answering at the same time since the last reset. */
    public int maxQueriesInFlight() {
        return maxQueriesInFlight.get();
    }

    public void resetMaxQueriesInFlight() {
        maxQueriesInFlight.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void exchange(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = queryParameters(ex.getRequestURI().getRawQuery());
            byte[] body = readBody(ex);
            Endpoint endpoint = endpointOf(path, query);
            counts.get(endpoint).incrementAndGet();
            if (endpoint == Endpoint.OTHER) {
                unknownPaths.add(ex.getRequestMethod() + " " + path);
            }
            boolean isQuery = endpoint == Endpoint.QUERY;
            if (isQuery) maxQueriesInFlight.accumulateAndGet(queriesInFlight.incrementAndGet(), Math::max);
            try {
                sleepLatency();
            } finally {
                if (isQuery) queriesInFlight.decrementAndGet();
            }
            ObjectNode reply = switch (endpoint) {
                case LOGIN -> login(query, body);
                case QUERY -> query(ex, body);
                case SESSION_DELETE -> deleteSession(ex);
                case HEARTBEAT -> heartbeat(ex);
                case TOKEN -> renew(ex);
                case TELEMETRY -> success(JSON.getNodeFactory().textNode("Telemetry request successful"));
                case OTHER -> failure("390400", "The simulator does not serve " + path, null);
            };
            byte[] bytes = JSON.writeValueAsBytes(reply);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(endpoint == Endpoint.OTHER ? 404 : 200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            // A bug in the simulator or in a test's handler. Answer 200 with an error that carries code and SQLSTATE:
            // a 5xx would make the driver retry with back-off for minutes instead of failing the test.
            ObjectNode d = JSON.createObjectNode();
            d.put("errorCode", "000001");
            d.put("sqlState", "XX000");
            d.put("queryId", "");
            byte[] bytes = JSON.writeValueAsBytes(failure("000001", "Snowflake simulator failure: " + e, d));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            failures.add(e);
        } finally {
            ex.close();
        }
    }

    private static Endpoint endpointOf(String path, Map<String, String> query) {
        return switch (path) {
            case "/session/v1/login-request" -> Endpoint.LOGIN;
            case "/queries/v1/query-request" -> Endpoint.QUERY;
            case "/session" -> "true".equalsIgnoreCase(query.get("delete")) ? Endpoint.SESSION_DELETE : Endpoint.OTHER;
            case "/session/heartbeat" -> Endpoint.HEARTBEAT;
            case "/session/token-request" -> Endpoint.TOKEN;
            case "/telemetry/send" -> Endpoint.TELEMETRY;
            default -> Endpoint.OTHER;
        };
    }

    private void sleepLatency() {
        long nanos = latencyNanos;
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        boolean gzip = "gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))
                || (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b);
        if (!gzip) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> queryParameters(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private SfSession sessionOf(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return null;
        }
        Matcher m = Pattern.compile("Token=\"([^\"]*)\"").matcher(auth);
        return m.find() ? sessionsByToken.get(m.group(1)) : null;
    }

    // ---------------------------------------------------------------- endpoints

    /** The error code refusing this login, or null to accept it. */
    private String refusal(String authenticator, JsonNode data, String jwt) {
        switch (authenticator) {
            case "SNOWFLAKE" -> {
                String pw = data.path("PASSWORD").asText(null);
                if (expectedPassword != null && !expectedPassword.equals(pw)) return "390100";
            }
            case "OAUTH" -> {
                String token = data.path("TOKEN").asText(null);
                if (expectedToken != null && !expectedToken.equals(token)) return "390303";
            }
            case "SNOWFLAKE_JWT" -> {
                if (trustedKey != null && (jwt == null || !jwtSignedBy(jwt, trustedKey))) return "390144";
            }
            default -> {
                // other authenticators are accepted as sent
            }
        }
        return null;
    }

    private static JsonNode jwtClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) return null;
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean jwtSignedBy(String jwt, java.security.PublicKey key) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) return false;
        try {
            java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
            sig.initVerify(key);
            sig.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return sig.verify(java.util.Base64.getUrlDecoder().decode(parts[2]));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private ObjectNode login(Map<String, String> query, byte[] body) throws IOException {
        JsonNode data = JSON.readTree(body).path("data");
        String user = data.path("LOGIN_NAME").asText("");
        String authenticator = data.path("AUTHENTICATOR").asText("");
        if (authenticator.isEmpty()) authenticator = "SNOWFLAKE";
        String jwt = authenticator.equals("SNOWFLAKE_JWT") ? data.path("TOKEN").asText(null) : null;
        JsonNode claims = jwt == null ? null : jwtClaims(jwt);
        String refusal = rejectLogins ? "390100" : refusal(authenticator, data, jwt);
        logins.add(new Login(user, authenticator, data.hasNonNull("PASSWORD"), data.hasNonNull("TOKEN"),
                claims == null ? null : claims.path("iss").asText(null), claims == null ? null : claims.path("sub").asText(null),
                refusal == null));
        if (refusal != null) {
            String message = switch (refusal) {
                case "390144" -> "JWT token is invalid.";
                case "390303" -> "Invalid OAuth access token. ";
                default -> "Incorrect username or password was specified.";
            };
            return failure(refusal, message, null);
        }
        String account = data.path("ACCOUNT_NAME").asText("");
        long id = nextSessionId.getAndIncrement();
        SfSession session = new SfSession(id, "sim-token-" + UUID.randomUUID(), "sim-master-" + UUID.randomUUID(),
                user, account,
                identifierOrDefault(query.get("roleName"), "PUBLIC"),
                identifierOrDefault(query.get("warehouse"), null),
                identifierOrDefault(query.get("databaseName"), null),
                identifierOrDefault(query.get("schemaName"), null));
        JsonNode tag = data.path("SESSION_PARAMETERS").path("QUERY_TAG");
        if (tag.isTextual()) {
            session.queryTag(tag.asText());
        }
        sessions.add(session);
        sessionsByToken.put(session.token(), session);

        ObjectNode d = JSON.createObjectNode();
        d.put("masterToken", session.masterToken());
        d.put("token", session.token());
        d.put("validityInSeconds", 3600);
        d.put("masterValidityInSeconds", 14400);
        d.put("displayUserName", user.toUpperCase(Locale.ROOT));
        d.put("serverVersion", SERVER_VERSION);
        d.put("firstLogin", false);
        d.putNull("remMeToken");
        d.put("remMeValidityInSeconds", 0);
        d.put("healthCheckInterval", 45);
        d.putNull("newClientForUpgrade");
        d.put("sessionId", id);
        d.set("parameters", sessionParameters());
        d.putNull("idToken");
        d.put("idTokenValidityInSeconds", 0);
        d.putNull("responseData");
        d.putNull("mfaToken");
        d.put("mfaTokenValidityInSeconds", 0);
        ObjectNode info = d.putObject("sessionInfo");
        putNullable(info, "databaseName", session.database());
        putNullable(info, "schemaName", session.schema());
        putNullable(info, "warehouseName", session.warehouse());
        putNullable(info, "roleName", session.role());
        return success(d);
    }

    /**
     * Session parameters returned at login: fixed output formats and UTC so results do not depend on the machine,
     * and the driver's telemetry and keep-alive off so it sends nothing the simulator does not need.
     */
    private static ArrayNode sessionParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("TIMEZONE", "UTC");
        p.put("TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM");
        p.put("TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3");
        p.put("TIMESTAMP_LTZ_OUTPUT_FORMAT", "");
        p.put("TIMESTAMP_TZ_OUTPUT_FORMAT", "");
        p.put("DATE_OUTPUT_FORMAT", "YYYY-MM-DD");
        p.put("TIME_OUTPUT_FORMAT", "HH24:MI:SS");
        p.put("BINARY_OUTPUT_FORMAT", "HEX");
        p.put("CLIENT_TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_LTZ");
        p.put("CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ", true);
        p.put("CLIENT_RESULT_CHUNK_SIZE", 160);
        p.put("CLIENT_PREFETCH_THREADS", 4);
        p.put("CLIENT_MEMORY_LIMIT", 1536);
        p.put("CLIENT_SESSION_KEEP_ALIVE", false);
        p.put("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", 3600);
        p.put("CLIENT_TELEMETRY_ENABLED", false);
        p.put("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", false);
        p.put("CLIENT_RESULT_COLUMN_CASE_INSENSITIVE", false);
        p.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.put("JDBC_TREAT_DECIMAL_AS_INT", true);
        p.put("JDBC_USE_SESSION_TIMEZONE", true);
        p.put("QUERY_CONTEXT_CACHE_SIZE", 5);
        p.put("AUTOCOMMIT", true);
        ArrayNode a = JSON.createArrayNode();
        p.forEach((k, v) -> {
            ObjectNode n = a.addObject();
            n.put("name", k);
            n.set("value", JSON.valueToTree(v));
        });
        return a;
    }

    private ObjectNode deleteSession(HttpExchange ex) {
        SfSession s = sessionOf(ex);
        if (s != null) {
            s.close();
            sessionsByToken.remove(s.token());
        }
        return success(null);
    }

    private ObjectNode heartbeat(HttpExchange ex) {
        return sessionOf(ex) == null ? sessionGone() : success(null);
    }

    private ObjectNode renew(HttpExchange ex) {
        // the driver authorises a renewal with the master token
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        for (SfSession s : sessions) {
            if (!s.closed() && auth != null && auth.contains(s.masterToken())) {
                ObjectNode d = JSON.createObjectNode();
                d.put("sessionToken", s.token());
                d.put("validityInSecondsST", 3600);
                d.put("masterToken", s.masterToken());
                d.put("validityInSecondsMT", 14400);
                return success(d);
            }
        }
        return sessionGone();
    }

    private ObjectNode query(HttpExchange ex, byte[] body) throws IOException {
        SfSession session = sessionOf(ex);
        if (session == null) {
            return sessionGone();
        }
        String sql = JSON.readTree(body).path("sqlText").asText();
        String queryId = newQueryId();
        SfResult result = execute(sql, session);
        if (result instanceof SfResult.Error err) {
            statements.add(new SfStatement(session.id(), sql, session.queryTag(), queryId, err.code()));
            ObjectNode d = JSON.createObjectNode();
            d.put("internalError", false);
            d.put("errorCode", String.format("%06d", err.code()));
            d.put("age", 0);
            d.put("sqlState", err.sqlState());
            d.put("queryId", queryId);
            d.put("line", -1);
            d.put("pos", -1);
            d.put("type", "COMPILATION");
            return failure(String.format("%06d", err.code()), err.message(), d);
        }
        SfResult.Rows rows = (SfResult.Rows) result;
        statements.add(new SfStatement(session.id(), sql, session.queryTag(), queryId, 0));
        return success(rowSet(rows, session, queryId));
    }

    private ObjectNode rowSet(SfResult.Rows rows, SfSession session, String queryId) {
        ObjectNode d = JSON.createObjectNode();
        d.set("parameters", JSON.createArrayNode());
        ArrayNode rowtype = d.putArray("rowtype");
        for (SfColumn c : rows.columns()) {
            ObjectNode t = rowtype.addObject();
            t.put("name", c.name());
            t.put("database", "");
            t.put("schema", "");
            t.put("table", "");
            t.put("type", c.type());
            t.put("nullable", c.nullable());
            t.put("precision", c.precision());
            t.put("scale", c.scale());
            t.put("length", c.length());
            if ("text".equals(c.type())) {
                t.put("byteLength", c.length());
            } else {
                t.putNull("byteLength");
            }
            t.putNull("collation");
        }
        ArrayNode rowset = d.putArray("rowset");
        for (List<Object> r : rows.rows()) {
            ArrayNode a = rowset.addArray();
            for (int i = 0; i < r.size(); i++) {
                a.add(WireValues.encode(rows.columns().get(i), r.get(i)));
            }
        }
        d.put("total", rows.rows().size());
        d.put("returned", rows.rows().size());
        d.put("queryId", queryId);
        d.putNull("databaseProvider");
        putNullable(d, "finalDatabaseName", session.database());
        putNullable(d, "finalSchemaName", session.schema());
        putNullable(d, "finalWarehouseName", session.warehouse());
        putNullable(d, "finalRoleName", session.role());
        d.put("numberOfBinds", 0);
        d.put("arrayBindSupported", false);
        d.put("statementTypeId", rows.statementTypeId());
        d.put("version", 1);
        d.put("sendResultTime", System.currentTimeMillis());
        d.put("queryResultFormat", "json");
        d.putNull("queryContext");
        return d;
    }

    private String newQueryId() {
        long n = nextQuery.getAndIncrement();
        return String.format("01b00000-0000-%04x-0000-%012x", (n >>> 48) & 0xffff, n & 0xffffffffffffL);
    }

    private static ObjectNode success(JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        if (data == null) {
            root.putNull("data");
        } else {
            root.set("data", data);
        }
        root.putNull("code");
        root.putNull("message");
        root.put("success", true);
        return root;
    }

    /** Every failure carries {@code code} (and {@code data.sqlState} for SQL errors): never "no_error_code_from_server". */
    private static ObjectNode failure(String code, String message, JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        if (data == null) {
            root.putNull("data");
        } else {
            root.set("data", data);
        }
        root.put("code", code);
        root.put("message", message);
        root.put("success", false);
        root.putNull("headers");
        return root;
    }

    private static ObjectNode sessionGone() {
        return failure("390111", "Session no longer exists.  New login required to access the service.", null);
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    // ---------------------------------------------------------------- statements

    private static final Pattern QUERY_TAG = Pattern.compile(
            "(?is)ALTER\\s+SESSION\\s+SET\\s+QUERY_TAG\\s*=\\s*'((?:[^'\\\\]|''|\\\\.)*)'");
    private static final Pattern UNSET_QUERY_TAG = Pattern.compile("(?is)ALTER\\s+SESSION\\s+UNSET\\s+QUERY_TAG");
    private static final Pattern USE = Pattern.compile(
            "(?is)USE\\s+(?:(ROLE|WAREHOUSE|DATABASE|SCHEMA)\\s+)?(\"(?:[^\"]|\"\")*\"(?:\\.\"(?:[^\"]|\"\")*\"|\\.[^\\s.;\"]+)?|[^\\s;\"]+(?:\\.\"(?:[^\"]|\"\")*\"|\\.[^\\s.;\"]+)?)");

    private SfResult execute(String rawSql, SfSession session) {
        String sql = stripSemicolons(rawSql.strip());
        SfResult answer = handler.handle(sql, session);
        if (answer instanceof SfResult.Error) {
            return answer; // a failed statement changes no session state
        }
        SfResult builtIn = sessionCommand(sql, session);
        if (answer != null) {
            return answer;
        }
        if (builtIn != null) {
            return builtIn;
        }
        return builtIn(sql, session);
    }

    /** Applies USE / ALTER SESSION to the session; returns its reply, or null if {@code sql} is neither. */
    private SfResult sessionCommand(String sql, SfSession session) {
        Matcher tag = QUERY_TAG.matcher(sql);
        if (tag.matches()) {
            session.queryTag(unquoteLiteral(tag.group(1)));
            return SfResult.status("Statement executed successfully.", SfResult.ALTER_SESSION);
        }
        if (UNSET_QUERY_TAG.matcher(sql).matches()) {
            session.queryTag("");
            return SfResult.status("Statement executed successfully.", SfResult.ALTER_SESSION);
        }
        if (sql.regionMatches(true, 0, "ALTER SESSION", 0, 13)) {
            return SfResult.status("Statement executed successfully.", SfResult.ALTER_SESSION);
        }
        Matcher use = USE.matcher(sql);
        if (use.matches()) {
            String kind = use.group(1) == null ? "DATABASE" : use.group(1).toUpperCase(Locale.ROOT);
            String name = use.group(2);
            switch (kind) {
                case "ROLE" -> session.role(identifier(name));
                case "WAREHOUSE" -> session.warehouse(identifier(name));
                case "DATABASE" -> session.database(identifier(name));
                default -> {
                    List<String> parts = splitQualified(name);
                    if (parts.size() == 2) {
                        session.database(identifier(parts.get(0)));
                        session.schema(identifier(parts.get(1)));
                    } else {
                        session.schema(identifier(parts.get(0)));
                    }
                }
            }
            return SfResult.status("Statement executed successfully.", SfResult.USE);
        }
        return null;
    }

    private SfResult builtIn(String sql, SfSession session) {
        String upper = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (upper.equals("SELECT 1")) {
            return SfResult.single(SfColumn.number("1", 1, 0).notNull(), 1);
        }
        if (upper.equals("SELECT CURRENT_VERSION()")) {
            return SfResult.single(SfColumn.text("CURRENT_VERSION()"), SERVER_VERSION);
        }
        if (upper.startsWith("SHOW ")) {
            return show(sql);
        }
        if (upper.matches("^(CREATE|ALTER|DROP|UNDROP|GRANT|REVOKE|COMMENT)\\b.*")) {
            return SfResult.ddlOk();
        }
        return SfResult.error(1003, "42000",
                "SQL compilation error:\nsyntax error line 1 at position 0 unexpected '"
                        + sql.split("\\s+", 2)[0] + "'. (the simulator has no answer for this statement)");
    }

    // ---------------------------------------------------------------- SHOW

    private static final Pattern SHOW = Pattern.compile(
            "(?is)SHOW\\s+(?:TERSE\\s+)?(.+?)"
                    + "(?:\\s+LIKE\\s+'((?:[^']|'')*)')?"
                    + "(?:\\s+IN\\s+(ACCOUNT|DATABASE|SCHEMA|ROLE|USER|WAREHOUSE|TABLE)(?:\\s+(\\S+))?)?"
                    + "(?:\\s+STARTS\\s+WITH\\s+'((?:[^']|'')*)')?"
                    + "(?:\\s+LIMIT\\s+(\\d+)(?:\\s+FROM\\s+'((?:[^']|'')*)')?)?");

    private SfResult show(String sql) {
        Matcher m = SHOW.matcher(sql);
        if (!m.matches()) {
            return SfResult.error(1003, "42000", "SQL compilation error:\nsyntax error in SHOW: " + sql);
        }
        String kind = showKey(m.group(1));
        ShowTable table = showTables.get(kind);
        if (table == null) {
            List<SfColumn> standard = ShowColumns.forKind(kind);
            if (standard == null) {
                return SfResult.error(1003, "42000", "SQL compilation error:\nunsupported SHOW " + m.group(1));
            }
            table = new ShowTable(SfResult.rows(standard, List.of(), SfResult.SHOW));
        }
        return table.select(m.group(2) == null ? null : m.group(2).replace("''", "'"),
                m.group(3), m.group(4) == null ? null : identifier(m.group(4)),
                m.group(5) == null ? null : m.group(5).replace("''", "'"),
                m.group(6) == null ? SHOW_MAX_ROWS : Integer.parseInt(m.group(6)),
                m.group(7) == null ? null : m.group(7).replace("''", "'"));
    }

    /** "grants to role analyst" → "GRANTS TO ROLE ANALYST"; quoted identifiers keep their case. */
    private static String showKey(String kind) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("\"(?:[^\"]|\"\")*\"|\\S+").matcher(kind.strip());
        while (m.find()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            String w = m.group();
            b.append(w.startsWith("\"") ? identifier(w) : w.toUpperCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** Registered SHOW rows and the filters Snowflake applies to them. */
    private static final class ShowTable {
        private final SfResult.Rows rows;
        private final int name;
        private final int database;
        private final int schema;

        ShowTable(SfResult.Rows unsorted) {
            name = index(unsorted.columns(), "name");
            database = index(unsorted.columns(), "database_name");
            schema = index(unsorted.columns(), "schema_name");
            List<List<Object>> sorted = new ArrayList<>(unsorted.rows());
            sorted.sort((a, b) -> {
                int c = compare(a, b, database);
                if (c == 0) {
                    c = compare(a, b, schema);
                }
                return c == 0 ? compare(a, b, name) : c;
            });
            rows = SfResult.rows(unsorted.columns(), sorted, SfResult.SHOW);
        }

        private static int index(List<SfColumn> columns, String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(column)) {
                    return i;
                }
            }
            return -1;
        }

        private static int compare(List<Object> a, List<Object> b, int i) {
            if (i < 0) {
                return 0;
            }
            return String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
        }

        SfResult.Rows select(String like, String scope, String scopeName, String startsWith, int limit, String from) {
            Pattern likePattern = like == null ? null : likeToRegex(like);
            String db = null;
            String sc = null;
            if (scopeName != null && "DATABASE".equalsIgnoreCase(scope)) {
                db = scopeName;
            } else if (scopeName != null && "SCHEMA".equalsIgnoreCase(scope)) {
                List<String> parts = splitQualified(scopeName);
                if (parts.size() == 2) {
                    db = parts.get(0);
                    sc = parts.get(1);
                } else {
                    sc = parts.get(0);
                }
            }
            int cap = Math.min(limit, SHOW_MAX_ROWS);
            List<List<Object>> out = new ArrayList<>();
            for (List<Object> r : rows.rows()) {
                if (out.size() >= cap) {
                    break;
                }
                String n = name < 0 ? "" : String.valueOf(r.get(name));
                if (likePattern != null && !likePattern.matcher(n).matches()) {
                    continue;
                }
                if (db != null && database >= 0 && !db.equals(r.get(database))) {
                    continue;
                }
                if (sc != null && schema >= 0 && !sc.equals(r.get(schema))) {
                    continue;
                }
                if (startsWith != null && !n.startsWith(startsWith)) {
                    continue;
                }
                if (from != null && n.compareTo(from) <= 0) {
                    continue;
                }
                out.add(r);
            }
            return SfResult.rows(rows.columns(), out, SfResult.SHOW);
        }

        private static Pattern likeToRegex(String like) {
            StringBuilder re = new StringBuilder();
            for (char c : like.toCharArray()) {
                switch (c) {
                    case '%' -> re.append(".*");
                    case '_' -> re.append('.');
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        }
    }

    // ---------------------------------------------------------------- identifiers and literals

    private static String stripSemicolons(String sql) {
        String s = sql;
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }

    /** Snowflake's resolution of one identifier: unquoted upper-cased, quoted kept with {@code ""} undoubled. */
    static String identifier(String raw) {
        String s = raw.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toUpperCase(Locale.ROOT);
    }

    private static String identifierOrDefault(String raw, String dflt) {
        return raw == null || raw.isBlank() ? dflt : identifier(raw);
    }

    /** Splits {@code a.b} / {@code "a.x"."b"} at dots outside quotes. */
    static List<String> splitQualified(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : name.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return Collections.unmodifiableList(parts);
    }

    /** The value of a single-quoted literal's body: {@code ''} and backslash escapes undone. */
    static String unquoteLiteral(String body) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                b.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
