package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rules read SageMaker resources as a stack declares them (AWS member names in snake_case): nested settings,
 * a profile's domain, what a profile inherits from its domain, tags.
 */
final class SageMaker {
    static final String DOMAIN = "sagemaker.domain";
    static final String USER_PROFILE = "sagemaker.user_profile";

    private SageMaker() {
    }

    /** The value at a dotted path inside a resource's properties ({@code default_user_settings.execution_role}). */
    static Object at(Resource r, String path) {
        Object cur = r.properties();
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(part);
        }
        return cur;
    }

    /** A text at a path, or null when absent or blank. */
    static String text(Resource r, String path) {
        Object v = at(r, path);
        if (v == null) return null;
        String s = String.valueOf(v);
        return s.isBlank() ? null : s;
    }

    /** The user settings block of a resource: a domain's {@code default_user_settings}, a profile's {@code user_settings}. */
    static String settingsBlock(Resource r) {
        return r.type().equals(DOMAIN) ? "default_user_settings" : "user_settings";
    }

    /** The domain a profile belongs to: the domain resource its {@code domain} names (resource name or domain_name). */
    static Resource domainOf(Resource profile, List<Resource> domains) {
        String d = text(profile, "domain");
        if (d == null) return null;
        for (Resource dom : domains) if (dom.name().equals(d)) return dom;
        for (Resource dom : domains) if (d.equals(text(dom, "domain_name"))) return dom;
        return null;
    }

    /** The profiles of each domain, in file order. */
    static Map<Resource, List<Resource>> profilesByDomain(Estate estate) {
        List<Resource> domains = estate.resources(DOMAIN);
        Map<Resource, List<Resource>> out = new LinkedHashMap<>();
        for (Resource d : domains) out.put(d, new ArrayList<>());
        for (Resource p : estate.resources(USER_PROFILE)) {
            Resource d = domainOf(p, domains);
            if (d != null) out.get(d).add(p);
        }
        return out;
    }

    /**
     * The tags of a resource as key → value: {@code tags} written as a mapping, or as a list of {@code {key, value}}
     * items (AWS's shape).
     */
    static Map<String, String> tags(Resource r) {
        Map<String, String> out = new LinkedHashMap<>();
        Object t = r.get("tags");
        if (t instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (t instanceof List<?> l) {
            for (Object item : l) {
                if (item instanceof Map<?, ?> m && m.get("key") != null) {
                    Object v = m.get("value");
                    out.put(String.valueOf(m.get("key")), v == null ? "" : String.valueOf(v));
                }
            }
        }
        return out;
    }
}
