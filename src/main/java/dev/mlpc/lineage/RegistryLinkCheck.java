package dev.mlpc.lineage;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.RegistryRules;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a registry lineage link before it is written ({@code mlpc registry register|lineage --input/--deployment}): a
 * known kind, a reference of the shape the lineage graph reads for that kind ({@link LineageBuilder}), and, where the
 * reference names a connection, a connection that exists with the kind's provider. A link the graph could only keep as
 * an unknown node would otherwise stand as a governance error until removed.
 *
 * <p>Shapes: {@code snowflake.table} and {@code snowflake.function} {@code DATABASE.SCHEMA.NAME} or
 * {@code CONNECTION/DATABASE/SCHEMA/NAME}; {@code postgres.table} {@code DATABASE.SCHEMA.TABLE} or
 * {@code CONNECTION/DATABASE/SCHEMA/TABLE}; {@code datashare.dataset} an ARM id or
 * {@code [CONNECTION/]RESOURCE-GROUP/ACCOUNT/SHARE/DATASET}; {@code sagemaker.endpoint} a name, an ARN or
 * {@code CONNECTION/NAME}; {@code s3} a storage URL ({@code s3://bucket/…}, …); {@code uri} any text.
 */
public final class RegistryLinkCheck {
    private static final Pattern ARN = Pattern.compile("(?i)arn:aws[a-z-]*:sagemaker:[^:]*:[0-9]*:endpoint/[^/]+");

    private RegistryLinkCheck() { }

    /**
     * Why {@code link} cannot be registered, or null when it can.
     *
     * @param field       the option it came from, e.g. {@code --input}
     * @param connections every connection profile: name → type ({@code postgres}, {@code snowflake}, …)
     */
    public static String check(String field, Lineage link, Map<String, String> connections) {
        String ref = link.kind() + "=" + link.uri();
        String at = field + " " + Problem.quote(ref) + ": ";
        if (!RegistryRules.LINEAGE_KINDS.contains(link.kind())) {
            return at + "unknown kind " + Problem.quote(link.kind()) + " (known: " + String.join(", ", RegistryRules.LINEAGE_KINDS) + ")";
        }
        String uri = link.uri() == null ? "" : link.uri().strip();
        if (uri.isEmpty()) return at + "the reference after '=' is empty";
        return switch (link.kind()) {
            case "snowflake.table", "snowflake.function" -> qualified(at, uri, "snowflake", "DATABASE.SCHEMA.NAME",
                    "CONNECTION/DATABASE/SCHEMA/NAME", connections);
            case "postgres.table" -> qualified(at, uri, "postgres", "DATABASE.SCHEMA.TABLE",
                    "CONNECTION/DATABASE/SCHEMA/TABLE", connections);
            case "datashare.dataset" -> dataset(at, uri, connections);
            case "sagemaker.endpoint" -> endpoint(at, uri, connections);
            case "s3" -> LineageIds.location(uri) != null ? null : at + "not a storage URL (expected s3://BUCKET/KEY, or"
                    + " an Azure or GCS storage URL)";
            default -> null; // uri: any text
        };
    }

    private static String qualified(String at, String uri, String type, String dotted, String path,
                                    Map<String, String> connections) {
        List<String> parts = LineageIds.splitQualified(uri);
        boolean slashed = unquoted(uri, '/');
        String expected = "expected " + dotted + " or " + path;
        if (parts.stream().anyMatch(String::isEmpty)) return at + "a part of the name is empty (" + expected + ")";
        if (parts.size() == 4) return connection(at, parts.get(0), type, connections);
        if (parts.size() == 3 && !slashed) return null;
        if (parts.size() == 3) {
            // CONNECTION/X/Y: the path form names the connection first and needs all four parts
            String why = connections.containsKey(parts.get(0)) ? "" : "; " + unknown(parts.get(0), type, connections);
            return at + "a path needs 4 parts (" + expected + ")" + why;
        }
        return at + "not a qualified name (" + parts.size() + (parts.size() == 1 ? " part" : " parts") + "; " + expected + ")";
    }

    private static String dataset(String at, String uri, Map<String, String> connections) {
        if (LineageIds.fromArm(uri) != null) return null;
        String[] s = uri.split("/", -1);
        String expected = "expected an ARM id or [CONNECTION/]RESOURCE-GROUP/ACCOUNT/SHARE/DATASET";
        for (String x : s) if (x.isEmpty()) return at + "a part of the path is empty (" + expected + ")";
        if (s.length == 4) return null;
        if (s.length == 5) return connection(at, s[0], "datashare", connections);
        return at + "not a dataset reference (" + expected + ")";
    }

    private static String endpoint(String at, String uri, Map<String, String> connections) {
        if (ARN.matcher(uri).matches()) return null;
        String[] s = uri.split("/", -1);
        String expected = "expected NAME, CONNECTION/NAME or an endpoint ARN";
        for (String x : s) if (x.isEmpty()) return at + "a part is empty (" + expected + ")";
        if (s.length == 1) return null;
        if (s.length == 2) return connection(at, s[0], "sagemaker", connections);
        return at + "not an endpoint reference (" + expected + ")";
    }

    private static String connection(String at, String name, String type, Map<String, String> connections) {
        String actual = connections.get(name);
        if (actual == null) return at + unknown(name, type, connections);
        if (!actual.equals(type)) {
            return at + "connection " + Problem.quote(name) + " is a " + actual + " connection, not " + type;
        }
        return null;
    }

    private static String unknown(String name, String type, Map<String, String> connections) {
        List<String> known = connections.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey)
                .sorted().toList();
        return "no connection is named " + Problem.quote(name) + " (known " + type + " connections: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")";
    }

    /** Whether {@code c} occurs outside double quotes. */
    private static boolean unquoted(String text, char c) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char x = text.charAt(i);
            if (x == '"') quoted = !quoted;
            else if (x == c && !quoted) return true;
        }
        return false;
    }
}
