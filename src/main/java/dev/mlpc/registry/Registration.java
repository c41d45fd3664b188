package dev.mlpc.registry;

import dev.mlpc.core.spec.Problem;

import java.util.List;
import java.util.Map;

/** What a new version is registered with. Only {@code model} and {@code source} are required. */
public record Registration(String model, String source, String runId, String runLink, String framework,
                           String signature, String status, String description, Map<String, String> tags,
                           List<Lineage> lineage) {
    public Registration {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        lineage = lineage == null ? List.of() : List.copyOf(lineage);
    }

    public static Registration of(String model, String source) {
        return new Registration(model, source, null, null, null, null, null, null, Map.of(), List.of());
    }

    public Registration withTags(Map<String, String> t) {
        return new Registration(model, source, runId, runLink, framework, signature, status, description, t, lineage);
    }

    void check() throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model),
                RegistryRules.checkText("source", source, true),
                RegistryRules.checkText("run id", runId, false),
                RegistryRules.checkText("run link", runLink, false),
                RegistryRules.checkText("framework", framework, false),
                RegistryRules.checkText("signature", signature, false),
                RegistryRules.checkText("description", description, false),
                status != null && RegistryRules.status(status) == null
                        ? "status: " + Problem.quote(status) + " is not a status; one of " + String.join(", ", RegistryRules.STATUSES)
                        : null);
        for (Map.Entry<String, String> t : tags.entrySet()) {
            RegistryRules.require(RegistryRules.checkTagKey("tag", t.getKey()),
                    RegistryRules.checkTagValue("tag " + t.getKey(), t.getValue()));
        }
        for (Lineage l : lineage) RegistryRules.require(checkLineage("lineage", l));
    }

    static String checkLineage(String field, Lineage l) {
        if (l == null) return field + ": missing";
        if (!Lineage.INPUT.equals(l.direction()) && !Lineage.DEPLOYMENT.equals(l.direction())) {
            return field + ": direction must be input or deployment";
        }
        if (!RegistryRules.LINEAGE_KINDS.contains(l.kind())) {
            return field + ": kind " + Problem.quote(l.kind()) + " is not one of " + String.join(", ", RegistryRules.LINEAGE_KINDS);
        }
        return RegistryRules.checkText(field + " uri", l.uri(), true);
    }
}
