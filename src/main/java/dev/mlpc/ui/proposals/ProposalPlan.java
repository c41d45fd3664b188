package dev.mlpc.ui.proposals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.ResourceKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A proposal's committed plan JSON (BRIEF §2 shape, {@code generated/<provider>/<stack>.plan.json}) read back into a
 * {@link Plan}, so the view shows it as the wizards' review does (summary, warnings, {@link Plan#toText()}). The JSON
 * has no change reasons, so none are shown; statements keep their display forms.
 */
public final class ProposalPlan {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProposalPlan() { }

    /**
     * @param provider the proposal's provider id (the JSON does not name it)
     * @throws IllegalArgumentException naming the field and the reason when the JSON is not a plan
     */
    public static Plan read(String planJson, String provider) {
        if (planJson == null || planJson.isBlank()) throw new IllegalArgumentException("the proposal has no plan JSON");
        JsonNode root;
        try {
            root = JSON.readTree(planJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the plan JSON cannot be read: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the plan JSON is not an object");
        String stack = text(root, "stack", "stack");
        List<Change> changes = new ArrayList<>();
        JsonNode cs = root.path("changes");
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            String where = "changes[" + i + "]";
            Action action = action(text(c, "action", where + ".action"), where + ".action");
            Safety safety = safety(text(c, "safety", where + ".safety"), where + ".safety");
            ResourceKey key = new ResourceKey(text(c, "type", where + ".type"), text(c, "name", where + ".name"));
            JsonNode sts = c.path("statements");
            JsonNode target = c.get("target");
            List<Statement> statements = new ArrayList<>();
            for (int j = 0; j < sts.size(); j++) {
                JsonNode s = sts.get(j);
                Object display = s.isTextual() ? s.asText() : JSON.convertValue(s, Object.class);
                Statement st = Statement.of(display);
                String t = target == null || target.isNull() ? null
                        : target.isArray() ? (target.path(j).isTextual() ? target.path(j).asText() : null)
                        : target.asText();
                statements.add(t == null ? st : st.in(t));
            }
            changes.add(new Change(action, key, safety, statements, Set.of(), ""));
        }
        List<PlanWarning> warnings = new ArrayList<>();
        JsonNode ws = root.path("warnings");
        for (int i = 0; i < ws.size(); i++) {
            JsonNode w = ws.get(i);
            warnings.add(new PlanWarning(w.path("type").asText(""), w.path("name").asText(""), w.path("rule").asText(""),
                    w.path("message").asText(""), w.hasNonNull("severity") ? w.get("severity").asText() : null));
        }
        return new Plan(stack, provider, changes, warnings, false);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("the plan JSON has no text at " + where);
        return v.asText();
    }

    private static Action action(String s, String where) {
        for (Action a : Action.values()) if (a.json().equals(s)) return a;
        throw new IllegalArgumentException("the plan JSON's " + where + " " + Problem.quote(s) + " is not an action");
    }

    private static Safety safety(String s, String where) {
        try {
            return Safety.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the plan JSON's " + where + " " + Problem.quote(s) + " is not a safety class");
        }
    }
}
