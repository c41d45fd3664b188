package dev.mlpc.providers.datashare;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way this provider talks to Azure Resource Manager: an azure-core {@link HttpPipeline} (the JDK HTTP client,
 * bearer tokens from azure-identity, retries honouring {@code Retry-After}; built by {@link DataShareConnector}) and
 * the ARM conventions on top of it.
 * <ul>
 *   <li>{@link #get}: one GET; 404 is "not found" (null), any other error an {@link ArmException}.</li>
 *   <li>{@link #list}: a paged list, following {@code nextLink} to the end; each page counts one request.</li>
 *   <li>{@link #send}: one request of a plan statement, its answer as {@link ArmResponse}.</li>
 *   <li>Long-running operations: {@link #startOperation} wraps an accepted request (201/202 with
 *       {@code Azure-AsyncOperation} or {@code Location}, or a body whose {@code provisioningState} is not final) in
 *       azure-core-management's ARM poller ({@link SyncPollerFactory}, whose {@link PollResult} carries the failure);
 *       {@link #pollOnce} polls it exactly once. The caller (the core plan runner) owns the waiting, the
 *       {@code Retry-After}, the deadline and cancel: the poller's own wait loops are never used.</li>
 * </ul>
 * Errors become {@link ArmException}s whose message names what was asked ({@code "PUT of datashare.share s"}), the ARM
 * error code, its message and a hint; tokens and secrets never appear in them.
 */
public final class ArmClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpHeaderName AZURE_ASYNC_OPERATION = HttpHeaderName.fromString("Azure-AsyncOperation");
    static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
    static final HttpHeaderName CORRELATION_ID = HttpHeaderName.fromString("x-ms-correlation-request-id");
    /** Statuses of an ARM object whose operation has ended. */
    static final List<String> FINAL_STATES = List.of("succeeded", "failed", "canceled", "cancelled");

    private final HttpPipeline pipeline;
    private final URI endpoint;
    private final String connection;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param endpoint   the ARM endpoint, e.g. {@code https://management.azure.com/}
     * @param connection the connection's name, for messages
     */
    public ArmClient(HttpPipeline pipeline, URI endpoint, String connection) {
        this.pipeline = pipeline;
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e : e + "/");
        this.connection = connection;
    }

    /** One answer of ARM. */
    public record ArmResponse(int status, HttpHeaders headers, String body, HttpRequest request) {
        /** The body as JSON; an empty body as {@link NullNode}. */
        public JsonNode json() {
            return parse(body);
        }

        /** ARM's id of the request ({@code x-ms-request-id}, else the correlation id), or null. */
        public String requestId() {
            String id = headers.getValue(REQUEST_ID);
            return id != null ? id : headers.getValue(CORRELATION_ID);
        }

        /** Where ARM says the operation can be followed: {@code Azure-AsyncOperation}, else {@code Location}; or null. */
        public String operationUrl() {
            String a = headers.getValue(AZURE_ASYNC_OPERATION);
            return a != null ? a : headers.getValue(HttpHeaderName.LOCATION);
        }

        /** {@code Retry-After} in seconds, or null. */
        public Duration retryAfter() {
            return ArmClient.retryAfter(headers);
        }
    }

    /** A failed ARM request: its HTTP status and ARM error code besides the message. */
    public static final class ArmException extends ProviderException {
        private final int status;
        private final String code;
        private final String armMessage;

        public ArmException(String message, int status, String code, String armMessage) {
            super(message);
            this.status = status;
            this.code = code;
            this.armMessage = armMessage;
        }

        public int status() { return status; }

        /** ARM's error code ({@code AuthorizationFailed}), or null. */
        public String code() { return code; }

        /** ARM's error message, or null. */
        public String armMessage() { return armMessage; }
    }

    public URI endpoint() { return endpoint; }

    public String connection() { return connection; }

    /** The pipeline (the session's tree and actions send through it too). */
    public HttpPipeline pipeline() { return pipeline; }

    /** Requests sent through this client so far (list pages, gets, sends, polls). */
    public int requests() { return requests.get(); }

    /** The absolute URL of an ARM path ({@code /subscriptions/…?api-version=…}); absolute URLs are kept. */
    public String url(String path) {
        if (path.startsWith("https://") || path.startsWith("http://")) return path;
        return endpoint + (path.startsWith("/") ? path.substring(1) : path);
    }

    /**
     * GET of one object.
     *
     * @param what names the object for messages ({@code "datashare.account a"})
     * @return its JSON, or null when ARM answers 404
     */
    public JsonNode get(String path, String what) throws ProviderException {
        ArmResponse r = exchange("GET", path, null);
        if (r.status() == 404) return null;
        if (r.status() >= 400) throw error("GET of " + what, r);
        return r.json();
    }

    /** GET of one object, named by its path in messages. */
    public JsonNode get(String path) throws ProviderException {
        return get(path, strip(path));
    }

    /**
     * A paged list: {@code value} of every page, following {@code nextLink} to the end; 404 of the first page is an
     * empty list (the parent does not exist). Cancel is honoured between pages.
     *
     * @param pages counts the pages fetched (may be null)
     */
    public List<JsonNode> list(String path, Progress progress, AtomicInteger pages) throws ProviderException {
        return list(path, progress, pages, true);
    }

    /** {@link #list} where a 404 of the first page is an error too (role assignments of a missing scope). */
    public List<JsonNode> listStrict(String path, Progress progress, AtomicInteger pages) throws ProviderException {
        return list(path, progress, pages, false);
    }

    private List<JsonNode> list(String path, Progress progress, AtomicInteger pages, boolean notFoundIsEmpty) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        List<JsonNode> out = new ArrayList<>();
        String next = path;
        int fetched = 0;
        while (next != null) {
            p.checkCancelled();
            ArmResponse r = exchange("GET", next, null);
            fetched++;
            if (pages != null) pages.incrementAndGet();
            if (r.status() == 404 && fetched == 1 && notFoundIsEmpty) return out;
            if (r.status() >= 400) throw error("listing " + strip(path), r);
            JsonNode page = r.json();
            for (JsonNode v : page.path("value")) out.add(v);
            String link = page.path("nextLink").asText(null);
            next = link == null || link.isBlank() ? null : link;
        }
        return out;
    }

    /** One page of a list and whether ARM has more. */
    public record Page(List<JsonNode> values, boolean more) { }

    /** The first page of a list only, and whether ARM has more. */
    public Page firstPage(String path) throws ProviderException {
        ArmResponse r = exchange("GET", path, null);
        if (r.status() == 404) return new Page(List.of(), false);
        if (r.status() >= 400) throw error("listing " + strip(path), r);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("value").forEach(out::add);
        String link = r.json().path("nextLink").asText(null);
        return new Page(out, link != null && !link.isBlank());
    }

    /**
     * Sends one request; ARM errors become {@link ArmException}s naming {@code what}.
     *
     * @param body a JSON value (Map, JsonNode) or null
     */
    public ArmResponse send(String method, String path, Object body, String what) throws ProviderException {
        ArmResponse r = exchange(method, path, body);
        if (r.status() >= 400) throw error(what, r);
        return r;
    }

    /** {@link #send} naming the request by method and path. */
    public ArmResponse send(String method, String path, Object body) throws ProviderException {
        return send(method, path, body, method + " " + strip(path));
    }

    /** Sends a request and returns ARM's answer whatever its status; transport and credential failures throw. */
    public ArmResponse exchange(String method, String path, Object body) throws ProviderException {
        HttpRequest req = new HttpRequest(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), url(path));
        if (body != null) {
            try {
                byte[] bytes = JSON.writeValueAsBytes(body);
                req.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
                req.setBody(bytes);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ProviderException(method + " " + strip(path) + ": the body is not JSON: " + e.getOriginalMessage());
            }
        }
        req.setHeader(HttpHeaderName.ACCEPT, "application/json");
        requests.incrementAndGet();
        try (HttpResponse resp = pipeline.sendSync(req, Context.NONE)) {
            String text = resp.getBodyAsBinaryData() == null ? "" : new String(resp.getBodyAsBinaryData().toBytes(), StandardCharsets.UTF_8);
            return new ArmResponse(resp.getStatusCode(), resp.getHeaders(), text, req);
        } catch (ClientAuthenticationException e) {
            throw new ProviderException("connection " + Problem.quote(connection) + ": Azure refused the credential: " + firstLine(e.getMessage()));
        } catch (UncheckedIOException e) {
            throw new ProviderException("connection " + Problem.quote(connection) + ": cannot reach " + endpoint + ": " + describe(e.getCause()));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || hasCause(e, InterruptedException.class)) throw new CancelledException();
            Throwable io = cause(e, java.io.IOException.class);
            if (io != null) throw new ProviderException("connection " + Problem.quote(connection) + ": cannot reach " + endpoint + ": " + describe(io));
            throw new ProviderException("connection " + Problem.quote(connection) + ": " + method + " " + strip(path) + " failed: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** A running long-running operation: the ARM poller and what it is for. */
    public record Operation(SyncPoller<PollResult<Object>, Object> poller, String url, String what, String path) { }

    /** What one poll said. */
    public record PollState(LongRunningOperationStatus status, Duration retryAfter, String failure) {
        public boolean done() { return status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED; }

        public boolean failed() { return status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED; }
    }

    /**
     * True when ARM accepted the request but has not finished it: 201 or 202 with an operation header, 202 without
     * one (polled at the request's URL), or a body whose {@code provisioningState} is not final.
     */
    public static boolean isRunning(ArmResponse r) {
        if (r.status() == 202) return true;
        String state = r.json().path("properties").path("provisioningState").asText("");
        if (r.status() == 201 && r.operationUrl() != null) return true;
        return (r.status() == 200 || r.status() == 201) && !state.isEmpty() && !FINAL_STATES.contains(state.toLowerCase(Locale.ROOT));
    }

    /**
     * Starts following an accepted operation with azure-core-management's ARM poller (its activation reads the
     * operation headers of {@code accepted}; no request is sent).
     */
    public Operation startOperation(ArmResponse accepted, String what, Duration defaultInterval) {
        BinaryData body = BinaryData.fromString(accepted.body() == null || accepted.body().isEmpty() ? "{}" : accepted.body());
        Response<BinaryData> initial = new SimpleResponse<>(accepted.request(), accepted.status(), accepted.headers(), body);
        SyncPoller<PollResult<Object>, Object> poller = SyncPollerFactory.create(
                SerializerFactory.createDefaultManagementSerializerAdapter(), pipeline, Object.class, Object.class,
                defaultInterval, () -> initial, Context.NONE);
        String path = accepted.request().getUrl().toString();
        return new Operation(poller, accepted.operationUrl() != null ? accepted.operationUrl() : path, what, path);
    }

    /** Polls the operation once (one request through the pipeline). */
    public PollState pollOnce(Operation op) throws ProviderException {
        requests.incrementAndGet();
        PollResponse<PollResult<Object>> r;
        try {
            r = op.poller().poll();
        } catch (ClientAuthenticationException e) {
            throw new ProviderException("connection " + Problem.quote(connection) + ": Azure refused the credential while following "
                    + op.what() + ": " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || hasCause(e, InterruptedException.class)) throw new CancelledException();
            Throwable io = cause(e, java.io.IOException.class);
            throw new ProviderException(op.what() + ": following the operation " + op.url() + " failed: "
                    + (io != null ? describe(io) : firstLine(String.valueOf(e.getMessage()))));
        }
        String failure = null;
        if (r.getStatus() == LongRunningOperationStatus.FAILED || r.getStatus() == LongRunningOperationStatus.USER_CANCELLED) {
            PollResult.Error err = r.getValue() == null ? null : r.getValue().getError();
            failure = operationFailure(err);
        }
        return new PollState(r.getStatus(), r.getRetryAfter(), failure);
    }

    /** The failure of an operation in words: the ARM error code and message of the operation's body. */
    static String operationFailure(PollResult.Error err) {
        if (err == null) return "Azure reported the operation failed without a reason";
        JsonNode body = parse(err.getResponseBody());
        JsonNode e = body.path("error").isMissingNode() ? body : body.path("error");
        String code = e.path("code").asText(null);
        String message = e.path("message").asText(null);
        if (code == null && message == null) return firstLine(err.getMessage());
        String hint = hint(code, err.getResponseStatusCode());
        return (code == null ? "" : code + ": ") + (message == null ? "" : message) + (hint == null ? "" : " (" + hint + ")");
    }

    /** An ARM error answer as an exception naming {@code what}. */
    public ArmException error(String what, ArmResponse r) {
        JsonNode body = r.json();
        JsonNode e = body.path("error");
        String code = e.path("code").asText(null);
        String message = e.path("message").asText(null);
        if (message == null && r.body() != null && !r.body().isBlank() && body.isMissingNode()) message = firstLine(r.body());
        String hint = hint(code, r.status());
        if (r.status() == 429) {
            Duration after = r.retryAfter();
            hint = "Azure throttled the requests and kept doing so through the retries"
                    + (after == null ? "" : "; it asks to wait " + seconds(after) + " (Retry-After)");
        }
        String text = what + " failed: " + (code == null ? "HTTP " + r.status() : code + " (HTTP " + r.status() + ")")
                + (message == null || message.isBlank() ? "" : ": " + message) + (hint == null ? "" : " (" + hint + ")");
        return new ArmException(text, r.status(), code, message);
    }

    /** A hint for the usual ARM error codes. */
    static String hint(String code, int status) {
        if (code == null) {
            return switch (status) {
                case 401 -> "Azure refused the credential";
                case 403 -> "the credential is not allowed this action";
                case 404 -> "it does not exist (any more)";
                default -> null;
            };
        }
        return switch (code) {
            case "AuthorizationFailed", "LinkedAuthorizationFailed" ->
                    "the signed-in identity lacks a role assignment that allows this action on that scope";
            case "InvalidAuthenticationToken", "ExpiredAuthenticationToken", "AuthenticationFailed", "InvalidAuthenticationTokenTenant" ->
                    "Azure refused the credential";
            case "Conflict", "AnotherOperationInProgress" -> "the object is busy or in a state that does not allow this; try again when it has settled";
            case "InvalidParameter", "InvalidPayload", "BadRequest", "InvalidRequestContent" -> "Azure rejected the request's values";
            case "ResourceNotFound", "ParentResourceNotFound", "ResourceGroupNotFound" -> "it, or its parent, does not exist";
            case "SubscriptionNotFound" -> "check subscription_id and that the credential can see that subscription";
            case "TooManyRequests", "RequestThrottled" -> "Azure throttled the requests";
            default -> null;
        };
    }

    /** {@code Retry-After} (seconds or an HTTP date), else {@code retry-after-ms}, or null. */
    static Duration retryAfter(HttpHeaders headers) {
        String s = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (s != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                try {
                    var when = java.time.ZonedDateTime.parse(s.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(java.time.ZonedDateTime.now(), when);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (java.time.format.DateTimeParseException e2) {
                    // fall through to retry-after-ms
                }
            }
        }
        String ms = headers.getValue(HttpHeaderName.fromString("retry-after-ms"));
        if (ms == null) return null;
        try {
            return Duration.ofMillis(Long.parseLong(ms.trim()));
        } catch (NumberFormatException ignored) {
            return null;
        }
    }

    /** A wait in words: {@code 7 s}, {@code 250 ms}. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 || d.toSeconds() >= 10 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) return NullNode.getInstance();
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** The path without its query (what messages show). */
    static String strip(String path) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        return p;
    }

    private static String describe(Throwable t) {
        if (t == null) return "no answer";
        if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) return "timed out";
        if (t instanceof java.net.ConnectException) return "connection refused";
        if (t instanceof javax.net.ssl.SSLException) return "TLS failed (" + firstLine(t.getMessage()) + "); is the endpoint's certificate trusted?";
        return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
    }

    static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        return cause(t, type) != null;
    }

    private static Throwable cause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return c;
        return null;
    }
}
