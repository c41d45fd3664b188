package dev.mlpc.testing.fakeapi;

import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.PlanRunner;
import dev.mlpc.core.run.RunClock;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.fakeapi.FakeApiProvider.GADGET;
import static dev.mlpc.testing.fakeapi.FakeApiProvider.WIDGET;

/**
 * A session on the fake API. Reading is one paged listing per kind the stack manages (widgets also when gadgets are
 * managed, to name a gadget's widget) and one describe per managed object found in it; nothing per unmanaged object.
 * Applying runs the shared {@link PlanRunner} with {@link FakeApiExecutor}.
 */
final class FakeApiSession implements ProviderSession {
    static final int PAGE = 50;

    private final FakeApiServer server;
    private final SecretResolver secrets;
    private final RunClock clock;
    private final Duration deadline;
    private final Duration pollInterval;

    FakeApiSession(FakeApiServer server, SecretResolver secrets, RunClock clock, Duration deadline, Duration pollInterval) {
        this.server = server;
        this.secrets = secrets;
        this.clock = clock;
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    @Override
    public Inventory read(Collection<Resource> managed, Progress progress) throws ProviderException {
        int before = server.total();
        boolean gadgets = managed.stream().anyMatch(r -> r.type().equals(GADGET));
        boolean widgets = gadgets || managed.stream().anyMatch(r -> r.type().equals(WIDGET));
        try {
            Map<String, Map<String, Object>> widgetList = widgets ? list("Widget") : Map.of();
            Map<String, Map<String, Object>> gadgetList = gadgets ? list("Gadget") : Map.of();
            Map<String, String> widgetNames = new HashMap<>();
            widgetList.values().forEach(w -> widgetNames.put((String) w.get("WidgetId"), (String) w.get("WidgetName")));
            List<Resource> found = managed.stream()
                    .filter(r -> (r.type().equals(WIDGET) ? widgetList : gadgetList).containsKey(r.name())).toList();
            List<ObservedResource> out = new ArrayList<>(dev.mlpc.core.provider.BoundedReads.describeAll(found, 4, r -> {
                boolean widget = r.type().equals(WIDGET);
                Map<String, Object> d;
                try {
                    d = server.call(widget ? "DescribeWidget" : "DescribeGadget",
                            Map.of(widget ? "WidgetName" : "GadgetName", r.name()));
                } catch (FakeApiException e) {
                    throw new ProviderException("reading " + r.key() + " failed: " + e.getMessage());
                }
                Map<String, Object> props = new LinkedHashMap<>();
                if (widget) {
                    props.put("size", ((Number) d.get("Size")).longValue());
                    props.put("widget_id", d.get("WidgetId"));
                } else {
                    String wid = (String) d.get("WidgetId");
                    props.put("widget", widgetNames.getOrDefault(wid, wid));
                    props.put("color", d.get("Color"));
                    props.put("gadget_id", d.get("GadgetId"));
                }
                String status = (String) d.get("Status");
                props.put("status", status);
                return new ObservedResource(r.key(), props).withStatus(status, !"Active".equals(status));
            }, progress));
            return new Inventory(out, false, server.total() - before);
        } catch (FakeApiException e) {
            throw new ProviderException("reading the fake API failed: " + e.getMessage());
        } catch (dev.mlpc.core.provider.CancelledException e) {
            throw new ProviderException("reading the fake API was cancelled");
        }
    }

    /** One paged listing: name → summary. */
    private Map<String, Map<String, Object>> list(String kind) throws FakeApiException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String token = null;
        do {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("MaxResults", PAGE);
            if (token != null) req.put("NextToken", token);
            Map<String, Object> page = server.call("List" + kind + "s", req);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get(kind + "s");
            items.forEach(i -> out.put((String) i.get(kind + "Name"), i));
            token = (String) page.get("NextToken");
        } while (token != null);
        return out;
    }

    @Override
    public ApplyResult apply(Plan plan, Progress progress) {
        return new PlanRunner(secrets, clock).run(plan, new FakeApiExecutor(server, deadline, pollInterval), progress);
    }

    @Override
    public List<LiveNode> children(LiveNode parent, Progress progress) {
        return List.of();
    }

    @Override
    public void close() { }
}
