package dev.mlpc.testing.fakeapi;

import dev.mlpc.core.run.RunClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-memory API "server" for tests, shaped like a cloud control plane: widgets and gadgets (a gadget lives on a
 * widget and names it by the widget's server-assigned {@code WidgetId}). Requests and responses are maps.
 * <ul>
 *   <li>Create, update and delete are asynchronous: the object is {@code Creating} / {@code Updating} /
 *       {@code Deleting} until {@link #transition} has passed on the clock, then {@code Active} or gone. Every
 *       response carries {@code RetryAfterMillis} (the {@code Retry-After} of an HTTP API) while something is busy.</li>
 *   <li>Deletes take the server id ({@code WidgetId}, {@code GadgetId}), not the name.</li>
 *   <li>Listings are paged ({@code MaxResults}, {@code NextToken}).</li>
 *   <li>Every request is recorded (operation and request), so tests and benchmarks count them; chosen requests can
 *       be made to fail ({@link #failWhen}).</li>
 * </ul>
 * The clock decides when a transition ends: with a test clock that moves when the runner "sleeps", nothing waits.
 */
public final class FakeApiServer {
    /** One object on the server. */
    public static final class Obj {
        final String kind;
        final String name;
        final String id;
        final Map<String, Object> props = new LinkedHashMap<>();
        String status;
        long readyAt;

        Obj(String kind, String name, String id) {
            this.kind = kind;
            this.name = name;
            this.id = id;
        }

        public String name() { return name; }
        public String id() { return id; }
        public String status() { return status; }
        public Map<String, Object> props() { return props; }
    }

    /** A request as the server received it. */
    public record Request(String operation, Map<String, Object> request) { }

    private final RunClock clock;
    private volatile Duration transition;
    private volatile Duration retryAfter;
    private final Map<String, TreeMap<String, Obj>> objects = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private Predicate<Request> failWhen = r -> false;
    private int nextId;
    private int nextRequest;

    /**
     * @param transition how long creating, updating and deleting take
     * @param retryAfter what the server asks clients to wait between polls; null: it gives no Retry-After
     */
    public FakeApiServer(RunClock clock, Duration transition, Duration retryAfter) {
        this.clock = clock;
        this.transition = transition;
        this.retryAfter = retryAfter;
        objects.put("widget", new TreeMap<>());
        objects.put("gadget", new TreeMap<>());
    }

    public void transition(Duration d) { transition = d; }

    public void retryAfter(Duration d) { retryAfter = d; }

    /** Requests matching {@code test} are answered with {@code InternalFailure} (nothing changes). */
    public synchronized void failWhen(Predicate<Request> test) { failWhen = test; }

    public synchronized List<Request> requests() { return List.copyOf(requests); }

    public synchronized long count(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).count();
    }

    public synchronized int total() { return requests.size(); }

    /** The object of that kind and name as the server has it now (transitions applied), or null. */
    public synchronized Obj find(String kind, String name) {
        settle();
        return objects.get(kind).get(name);
    }

    /** Adds an object directly, already active (state that existed before a test). */
    public synchronized Obj seed(String kind, String name, Map<String, Object> props) {
        Obj o = new Obj(kind, name, newId(kind));
        o.props.putAll(props);
        o.status = "Active";
        objects.get(kind).put(name, o);
        return o;
    }

    /** Answers one request. */
    public synchronized Map<String, Object> call(String operation, Map<String, ?> request) throws FakeApiException {
        Map<String, Object> req = new LinkedHashMap<>(request == null ? Map.of() : request);
        Request r = new Request(operation, java.util.Collections.unmodifiableMap(req));
        requests.add(r);
        String rid = "req-" + (++nextRequest);
        if (failWhen.test(r)) throw new FakeApiException("InternalFailure", "the server failed " + operation, rid);
        settle();
        Map<String, Object> out = switch (operation) {
            case "CreateWidget" -> create("widget", req, rid);
            case "CreateGadget" -> create("gadget", req, rid);
            case "DescribeWidget" -> describe("widget", req, rid);
            case "DescribeGadget" -> describe("gadget", req, rid);
            case "UpdateWidget" -> update("widget", req, rid);
            case "UpdateGadget" -> update("gadget", req, rid);
            case "DeleteWidget" -> delete("widget", req, rid);
            case "DeleteGadget" -> delete("gadget", req, rid);
            case "ListWidgets" -> list("widget", req);
            case "ListGadgets" -> list("gadget", req);
            default -> throw new FakeApiException("UnknownOperation", operation + " is not an operation of this API", rid);
        };
        out.put("RequestId", rid);
        return out;
    }

    private Map<String, Object> create(String kind, Map<String, Object> req, String rid) throws FakeApiException {
        String name = text(req, cap(kind) + "Name", rid);
        if (objects.get(kind).containsKey(name)) throw new FakeApiException("ResourceInUse", kind + " " + name + " already exists", rid);
        Object secret = req.get("Secret");
        if (secret instanceof String s && s.startsWith("bad")) {
            // like real APIs that echo the offending value: the client must scrub it
            throw new FakeApiException("ValidationException", "Secret '" + s + "' is too weak", rid);
        }
        Obj o = new Obj(kind, name, newId(kind));
        if (kind.equals("widget")) {
            o.props.put("Size", req.getOrDefault("Size", 1));
        } else {
            String widgetId = text(req, "WidgetId", rid);
            Obj w = byId("widget", widgetId);
            if (w == null || !"Active".equals(w.status)) {
                throw new FakeApiException("ResourceNotFound", "widget " + widgetId + " does not exist or is not active", rid);
            }
            o.props.put("WidgetId", widgetId);
            o.props.put("Color", req.getOrDefault("Color", "grey"));
        }
        busy(o, "Creating");
        objects.get(kind).put(name, o);
        Map<String, Object> out = summary(o);
        return out;
    }

    private Map<String, Object> describe(String kind, Map<String, Object> req, String rid) throws FakeApiException {
        String name = text(req, cap(kind) + "Name", rid);
        Obj o = objects.get(kind).get(name);
        if (o == null) throw new FakeApiException("ResourceNotFound", kind + " " + name + " does not exist", rid);
        Map<String, Object> out = summary(o);
        out.putAll(o.props);
        return out;
    }

    private Map<String, Object> update(String kind, Map<String, Object> req, String rid) throws FakeApiException {
        String name = text(req, cap(kind) + "Name", rid);
        Obj o = objects.get(kind).get(name);
        if (o == null) throw new FakeApiException("ResourceNotFound", kind + " " + name + " does not exist", rid);
        if (!"Active".equals(o.status)) throw new FakeApiException("ResourceInUse", kind + " " + name + " is " + o.status, rid);
        req.forEach((k, v) -> { if (!k.equals(cap(kind) + "Name")) o.props.put(k, v); });
        busy(o, "Updating");
        return summary(o);
    }

    private Map<String, Object> delete(String kind, Map<String, Object> req, String rid) throws FakeApiException {
        String id = text(req, cap(kind) + "Id", rid);
        Obj o = byId(kind, id);
        if (o == null) throw new FakeApiException("ResourceNotFound", kind + " " + id + " does not exist", rid);
        if (kind.equals("widget")) {
            for (Obj g : objects.get("gadget").values()) {
                if (id.equals(g.props.get("WidgetId"))) {
                    throw new FakeApiException("ResourceInUse", "widget " + id + " still has gadget " + g.name, rid);
                }
            }
        }
        busy(o, "Deleting");
        return summary(o);
    }

    private Map<String, Object> list(String kind, Map<String, Object> req) {
        int max = req.get("MaxResults") instanceof Number n ? n.intValue() : 10;
        String after = (String) req.get("NextToken");
        List<Map<String, Object>> items = new ArrayList<>();
        String next = null;
        for (Obj o : (after == null ? objects.get(kind) : objects.get(kind).tailMap(after, false)).values()) {
            if (items.size() == max) {
                next = items.get(items.size() - 1).get(cap(kind) + "Name").toString();
                break;
            }
            items.add(summary(o));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(cap(kind) + "s", items);
        if (next != null) out.put("NextToken", next);
        return out;
    }

    private Map<String, Object> summary(Obj o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(cap(o.kind) + "Name", o.name);
        m.put(cap(o.kind) + "Id", o.id);
        m.put("Status", o.status);
        if (!"Active".equals(o.status) && retryAfter != null) m.put("RetryAfterMillis", retryAfter.toMillis());
        return m;
    }

    private void busy(Obj o, String status) {
        o.status = status;
        o.readyAt = clock.nanoTime() + transition.toNanos();
    }

    /** Applies the transitions whose time has come. */
    private void settle() {
        long now = clock.nanoTime();
        for (TreeMap<String, Obj> m : objects.values()) {
            m.values().removeIf(o -> "Deleting".equals(o.status) && now - o.readyAt >= 0);
            for (Obj o : m.values()) {
                if (("Creating".equals(o.status) || "Updating".equals(o.status)) && now - o.readyAt >= 0) o.status = "Active";
            }
        }
    }

    private Obj byId(String kind, String id) {
        return objects.get(kind).values().stream().filter(o -> o.id.equals(id)).findFirst().orElse(null);
    }

    private String newId(String kind) {
        return kind + "-" + String.format("%04d", ++nextId);
    }

    private static String text(Map<String, Object> req, String key, String rid) throws FakeApiException {
        if (req.get(key) instanceof String s && !s.isBlank()) return s;
        throw new FakeApiException("ValidationException", key + " is required", rid);
    }

    private static String cap(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
