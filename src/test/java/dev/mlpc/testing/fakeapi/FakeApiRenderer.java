package dev.mlpc.testing.fakeapi;

import dev.mlpc.core.plan.ObservedResource;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mlpc.testing.fakeapi.FakeApiProvider.GADGET;
import static dev.mlpc.testing.fakeapi.FakeApiProvider.WIDGET;
import static dev.mlpc.testing.fakeapi.FakeApiProvider.request;

/**
 * Request maps for the fake API. A widget's secret is shown as its reference and bound at apply time; a gadget names
 * its widget by the server's {@code WidgetId}, shown as {@code ${fakeapi.widget.<name>.WidgetId}}; a drop uses the id
 * read live when the plan has it, else the same kind of placeholder.
 */
final class FakeApiRenderer implements Renderer {
    @Override
    public List<Statement> create(Resource r) {
        Map<String, Object> req = new LinkedHashMap<>();
        if (r.type().equals(WIDGET)) {
            req.put("WidgetName", r.name());
            if (r.has("size")) req.put("Size", r.integer("size"));
            if (r.has("secret")) {
                String ref = r.string("secret");
                req.put("Secret", ref);
                Map<String, Object> display = request("CreateWidget", req);
                return List.of(Statement.withSecret(display, secrets -> {
                    Map<String, Object> bound = new LinkedHashMap<>(req);
                    bound.put("Secret", secrets.resolve(SecretRef.parse(ref).orElseThrow()));
                    return request("CreateWidget", bound);
                }));
            }
            return List.of(Statement.of(request("CreateWidget", req)));
        }
        req.put("GadgetName", r.name());
        req.put("WidgetId", Statement.output(new ResourceKey(WIDGET, r.string("widget")), "WidgetId"));
        if (r.has("color")) req.put("Color", r.string("color"));
        return List.of(Statement.withOutputs(request("CreateGadget", req)));
    }

    @Override
    public Rendered update(Resource r, ObservedResource observed, Set<String> changed) {
        Map<String, Object> req = new LinkedHashMap<>();
        if (r.type().equals(WIDGET)) {
            req.put("WidgetName", r.name());
            req.put("Size", r.integer("size"));
            return new Rendered(List.of(Statement.of(request("UpdateWidget", req))), Safety.SAFE);
        }
        req.put("GadgetName", r.name());
        req.put("Color", r.string("color"));
        return new Rendered(List.of(Statement.of(request("UpdateGadget", req))), Safety.SAFE);
    }

    @Override
    public List<Statement> drop(Resource r, ObservedResource observed) {
        String kind = r.type().equals(GADGET) ? "Gadget" : "Widget";
        String idKey = kind + "Id";
        Object id = observed == null ? null : observed.get(r.type().equals(GADGET) ? "gadget_id" : "widget_id");
        Map<String, Object> req = new LinkedHashMap<>();
        if (id != null) {
            req.put(idKey, id);
            return List.of(Statement.of(request("Delete" + kind, req)));
        }
        req.put(idKey, Statement.output(r.key(), idKey));
        return List.of(Statement.withOutputs(request("Delete" + kind, req)));
    }
}
