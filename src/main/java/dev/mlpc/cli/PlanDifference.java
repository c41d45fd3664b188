package dev.mlpc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.plan.Plan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a refused apply prints on stderr: the reviewed and the live plan's summaries and hashes, and the changes that
 * differ between them (reviewed → live), so that the person sees what moved since the review.
 */
final class PlanDifference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanDifference() { }

    /**
     * @param reviewed     the reviewed plan JSON tree, or null when only its hash is known ({@code --expect-plan-sha256})
     * @param reviewedSha  the reviewed plan's SHA-256
     * @param live         the plan computed against the live system now
     */
    static void print(PrintWriter err, JsonNode reviewed, String reviewedSha, Plan live) {
        JsonNode now = tree(live);
        err.println("Reviewed plan: " + (reviewed == null ? "(only its hash is known)" : summary(reviewed))
                + "  sha256 " + reviewedSha.toLowerCase(java.util.Locale.ROOT));
        err.println("Live plan:     " + summary(now) + "  sha256 " + live.sha256());
        if (reviewed == null) {
            err.println("The live plan's changes:");
            for (JsonNode c : now.path("changes")) err.println("  " + line(c));
            if (now.path("changes").isEmpty()) err.println("  (none)");
            err.flush();
            return;
        }
        Map<String, JsonNode> before = byResource(reviewed);
        Map<String, JsonNode> after = byResource(now);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> lines = new ArrayList<>();
        for (String k : keys) {
            JsonNode b = before.get(k);
            JsonNode a = after.get(k);
            if (a == null) {
                lines.add("  - only reviewed: " + line(b));
            } else if (b == null) {
                lines.add("  + only live:     " + line(a));
            } else if (!a.equals(b)) {
                lines.add("  ~ differs:       " + k);
                lines.add("      reviewed: " + line(b));
                lines.add("      live:     " + line(a));
            }
        }
        if (!reviewed.path("warnings").equals(now.path("warnings"))) lines.add("  the plans' warnings differ");
        err.println("Changes that differ (reviewed → live):");
        if (lines.isEmpty()) lines.add("  (the same changes, in another order)");
        lines.forEach(err::println);
        err.flush();
    }

    private static JsonNode tree(Plan plan) {
        try {
            return JSON.readTree(plan.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String summary(JsonNode plan) {
        JsonNode s = plan.path("summary");
        return new Plan.Summary(s.path("create").asInt(), s.path("update").asInt(), s.path("replace").asInt(),
                s.path("drop").asInt()).trailer();
    }

    private static Map<String, JsonNode> byResource(JsonNode plan) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode c : plan.path("changes")) out.put(c.path("type").asText() + " " + c.path("name").asText(), c);
        return out;
    }

    /** {@code create postgres.role ada: CREATE ROLE …; GRANT …} on one line. */
    private static String line(JsonNode c) {
        List<String> st = new ArrayList<>();
        for (JsonNode s : c.path("statements")) st.add(s.asText().replace('\n', ' '));
        return c.path("action").asText() + " " + c.path("type").asText() + " " + c.path("name").asText()
                + (st.isEmpty() ? "" : ": " + String.join("; ", st));
    }
}
