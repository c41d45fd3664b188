package dev.mlpc.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical node ids of the lineage graph. Two spellings of one object give one id: names are written in the form
 * their system stores them. The forms (also in {@code docs/ARCHITECTURE.md}, "Lineage"):
 * <ul>
 *   <li>Snowflake: {@code snowflake:<kind>:<scope>/<DB>.<SCHEMA>.<NAME>} (kind {@code table}, {@code stage},
 *       {@code pipe}, {@code external_function}) and {@code snowflake:integration:<scope>/<NAME>}; each part as
 *       Snowflake stores it (bare names upper case), written bare when it is {@code [A-Z_][A-Z0-9_$]*}, otherwise
 *       double-quoted with {@code "} doubled. {@code scope} is the connection (names are per account), {@code *} for a
 *       stack bound to none.</li>
 *   <li>PostgreSQL: {@code postgres:table:<scope>/<db>.<schema>.<table>} (bare names lower case).</li>
 *   <li>Storage locations are their canonical URL: {@code s3://<bucket lower-case>/<key>},
 *       {@code azure://<account>/<container>/<path>} (account and container lower case; blob, dfs, abfss, wasbs and
 *       Snowflake's azure:// forms all give it), {@code gcs://<bucket>/<path>}; no trailing {@code /}.</li>
 *   <li>HTTP endpoints: {@code https://<host lower-case>/<path>} (no trailing {@code /}).</li>
 *   <li>Data Share: {@code datashare:<kind>:<resource group>/<account>[/<share>[/<child>]]}, lower case (ARM names are
 *       case-insensitive); kinds {@code account}, {@code share}, {@code dataset}, {@code invitation},
 *       {@code subscription}, {@code mapping}. The subscription id is not part of it (stacks do not name it).</li>
 *   <li>Consumers: {@code consumer:email:<email lower-case>} or {@code consumer:aad:<tenant>/<object id>}.</li>
 *   <li>SageMaker: {@code sagemaker:domain:<scope>/<DomainName>},
 *       {@code sagemaker:user_profile:<scope>/<DomainName>/<UserProfileName>}; IAM roles {@code aws-iam:role:<ARN>}
 *       as written.</li>
 *   <li>Registry: {@code registry:model:<registry>/<model lower-case>},
 *       {@code registry:version:<registry>/<model lower-case>/<n>}; deployments {@code deployment:<kind>:<uri>}, a
 *       SageMaker endpoint {@code deployment:sagemaker.endpoint:<name lower-case>} from its ARN or name.</li>
 *   <li>Anything else: {@code unknown:<uri>}.</li>
 * </ul>
 */
public final class LineageIds {
    /** The scope of an object of a stack bound to no connection. */
    public static final String ANY = "*";

    private static final Pattern SM_ENDPOINT_ARN = Pattern.compile("(?i)arn:aws[a-z-]*:sagemaker:[^:]*:[0-9]*:endpoint/([^/]+)");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern SF_BARE = Pattern.compile("[A-Z_][A-Z0-9_$]*");
    private static final Pattern PG_BARE = Pattern.compile("[a-z_][a-z0-9_$]*");
    private static final Pattern AZURE_HOST = Pattern.compile("(?i)([a-z0-9]+)\\.(blob|dfs)\\.core\\.windows\\.net");
    private static final Pattern S3_VHOST = Pattern.compile("(?i)([a-z0-9.\\-]+)\\.s3[.\\-]([a-z0-9\\-]+\\.)?amazonaws\\.com");
    private static final Pattern S3_PATH_HOST = Pattern.compile("(?i)s3[.\\-]([a-z0-9\\-]+\\.)?amazonaws\\.com");
    private static final Pattern ARM = Pattern.compile("(?i)/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/"
            + "Microsoft\\.DataShare/accounts/([^/]+)(?:/(shares|shareSubscriptions)/([^/]+)(?:/(dataSets|invitations|dataSetMappings)/([^/]+))?)?/?");

    private LineageIds() { }

    // ---- Snowflake --------------------------------------------------------------------------------------------

    /** One name part as the id writes it; {@code stored} is the name as Snowflake stores it. */
    public static String sfPart(String stored) {
        return SF_BARE.matcher(stored).matches() ? stored : '"' + stored.replace("\"", "\"\"") + '"';
    }

    /** A schema object: kind {@code table}, {@code stage}, {@code pipe} or {@code external_function}; names as stored. */
    public static String snowflake(String kind, String scope, String db, String schema, String name) {
        return "snowflake:" + kind + ":" + scope(scope) + "/" + sfPart(db) + "." + sfPart(schema) + "." + sfPart(name);
    }

    /** An account-level integration (storage or API: one namespace in Snowflake); name as stored. */
    public static String sfIntegration(String scope, String name) {
        return "snowflake:integration:" + scope(scope) + "/" + sfPart(name);
    }

    /**
     * A Snowflake name as it is written in a registry uri or a qualified name: {@code "quoted"} is exact (with
     * {@code ""} undoubled), bare is upper-cased.
     */
    public static String sfStoredFromText(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        return t.toUpperCase(Locale.ROOT);
    }

    /** A PostgreSQL name as written: quoted exact, bare lower-cased. */
    public static String pgStoredFromText(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        return t.toLowerCase(Locale.ROOT);
    }

    public static String postgresTable(String scope, String db, String schema, String table) {
        return "postgres:table:" + scope(scope) + "/" + pgPart(db) + "." + pgPart(schema) + "." + pgPart(table);
    }

    private static String pgPart(String stored) {
        return PG_BARE.matcher(stored).matches() ? stored : '"' + stored.replace("\"", "\"\"") + '"';
    }

    /**
     * Splits a dotted, optionally quoted name ({@code DB.S."My Table"}) into its parts, quotes kept; dots inside quotes
     * do not split.
     */
    public static List<String> splitQualified(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append("\"\"");
                    i++;
                    continue;
                }
                quoted = !quoted;
                cur.append(c);
            } else if ((c == '.' || c == '/') && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // ---- storage locations and endpoints --------------------------------------------------------------------

    /** The system of a location id: {@code s3}, {@code azure-storage}, {@code gcs}; null when it is not one. */
    public static String locationSystem(String id) {
        if (id.startsWith("s3://")) return "s3";
        if (id.startsWith("azure://")) return "azure-storage";
        if (id.startsWith("gcs://")) return "gcs";
        return null;
    }

    /**
     * The canonical location of a storage URL, or null when {@code url} names no storage this graph knows: S3
     * ({@code s3://}, {@code s3a://}, {@code arn:aws:s3:::bucket/key}, virtual-hosted and path-style https), Azure
     * ({@code azure://acct.blob.core.windows.net/c/p}, {@code https://acct.blob|dfs.core.windows.net/c/p},
     * {@code abfs[s]://c@acct.dfs.core.windows.net/p}, {@code wasb[s]://c@acct.blob.core.windows.net/p}), GCS
     * ({@code gcs://}, {@code gs://}).
     */
    public static String location(String url) {
        if (url == null) return null;
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://") || lower.startsWith("s3a://")) {
            String rest = u.substring(u.indexOf("://") + 3);
            return s3(rest);
        }
        if (lower.startsWith("arn:aws:s3:::")) return s3(u.substring("arn:aws:s3:::".length()));
        if (lower.startsWith("gcs://") || lower.startsWith("gs://")) {
            String rest = u.substring(u.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String bucket = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
            if (bucket.isEmpty()) return null;
            return trim("gcs://" + bucket + (slash < 0 ? "" : rest.substring(slash)));
        }
        if (lower.startsWith("abfs://") || lower.startsWith("abfss://") || lower.startsWith("wasb://") || lower.startsWith("wasbs://")) {
            String rest = u.substring(u.indexOf("://") + 3);
            int at = rest.indexOf('@');
            if (at <= 0) return null;
            String container = rest.substring(0, at);
            String hostAndPath = rest.substring(at + 1);
            int slash = hostAndPath.indexOf('/');
            String host = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
            Matcher m = AZURE_HOST.matcher(host);
            if (!m.matches()) return null;
            return azure(m.group(1), container, slash < 0 ? "" : hostAndPath.substring(slash + 1));
        }
        if (lower.startsWith("azure://") || lower.startsWith("https://") || lower.startsWith("http://")) {
            String rest = u.substring(u.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String host = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1);
            Matcher az = AZURE_HOST.matcher(host);
            if (az.matches()) {
                int s2 = path.indexOf('/');
                String container = s2 < 0 ? path : path.substring(0, s2);
                if (container.isEmpty()) return null;
                return azure(az.group(1), container, s2 < 0 ? "" : path.substring(s2 + 1));
            }
            if (lower.startsWith("azure://")) {
                // the canonical form itself: azure://<account>/<container>/<path>
                if (host.isEmpty() || host.contains(".")) return null;
                int s2 = path.indexOf('/');
                String container = s2 < 0 ? path : path.substring(0, s2);
                if (container.isEmpty()) return null;
                return azure(host, container, s2 < 0 ? "" : path.substring(s2 + 1));
            }
            Matcher vh = S3_VHOST.matcher(host);
            if (vh.matches() && !S3_PATH_HOST.matcher(host).matches()) return s3(vh.group(1) + "/" + path);
            if (S3_PATH_HOST.matcher(host).matches()) return path.isEmpty() ? null : s3(path);
        }
        return null;
    }

    private static String s3(String bucketAndKey) {
        int slash = bucketAndKey.indexOf('/');
        String bucket = (slash < 0 ? bucketAndKey : bucketAndKey.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (bucket.isEmpty()) return null;
        return trim("s3://" + bucket + (slash < 0 ? "" : "/" + bucketAndKey.substring(slash + 1)));
    }

    /** An Azure location from its parts (account and container lower-cased, path as written). */
    public static String azure(String account, String container, String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) p = p.substring(1);
        return trim("azure://" + account.toLowerCase(Locale.ROOT) + "/" + container.toLowerCase(Locale.ROOT)
                + (p.isEmpty() ? "" : "/" + p));
    }

    /** Without trailing slashes (and without repeated ones inside the path). */
    private static String trim(String url) {
        int scheme = url.indexOf("://") + 3;
        String head = url.substring(0, scheme);
        String tail = url.substring(scheme);
        if (tail.contains("//")) tail = SLASHES.matcher(tail).replaceAll("/");
        while (tail.endsWith("/")) tail = tail.substring(0, tail.length() - 1);
        return head + tail;
    }

    /**
     * The location that contains {@code location} one path segment up, or null at the top (bucket; Azure
     * container).
     */
    public static String parentLocation(String location) {
        int scheme = location.indexOf("://") + 3;
        int minSegments = location.startsWith("azure://") ? 2 : 1;
        String tail = location.substring(scheme);
        String[] segs = tail.split("/");
        if (segs.length <= minSegments) return null;
        return location.substring(0, location.lastIndexOf('/'));
    }

    /** An HTTP(S) endpoint: scheme and host lower-cased, no trailing slash; null when not http(s). */
    public static String endpoint(String url) {
        if (url == null) return null;
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) return null;
        int scheme = u.indexOf("://") + 3;
        int slash = u.indexOf('/', scheme);
        String host = (slash < 0 ? u.substring(scheme) : u.substring(scheme, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : u.substring(slash);
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return lower.substring(0, scheme) + host + path;
    }

    // ---- Data Share ------------------------------------------------------------------------------------------

    public static String dsAccount(String rg, String account) {
        return lc("datashare:account:" + rg + "/" + account);
    }

    public static String dsShare(String rg, String account, String share) {
        return lc("datashare:share:" + rg + "/" + account + "/" + share);
    }

    public static String dsDataset(String rg, String account, String share, String dataset) {
        return lc("datashare:dataset:" + rg + "/" + account + "/" + share + "/" + dataset);
    }

    public static String dsInvitation(String rg, String account, String share, String invitation) {
        return lc("datashare:invitation:" + rg + "/" + account + "/" + share + "/" + invitation);
    }

    public static String dsSubscription(String rg, String account, String subscription) {
        return lc("datashare:subscription:" + rg + "/" + account + "/" + subscription);
    }

    public static String dsMapping(String rg, String account, String subscription, String mapping) {
        return lc("datashare:mapping:" + rg + "/" + account + "/" + subscription + "/" + mapping);
    }

    /**
     * The id of a Data Share ARM id (account, share, dataset, invitation, share subscription, dataset mapping), or null
     * when {@code armId} is not one. Case does not matter; the subscription is left out.
     */
    public static String fromArm(String armId) {
        if (armId == null) return null;
        int at = armId.toLowerCase(Locale.ROOT).indexOf("/subscriptions/");
        if (at < 0) return null;
        Matcher m = ARM.matcher(armId.substring(at));
        if (!m.matches()) return null;
        String rg = m.group(1), acct = m.group(2), coll = m.group(3), parent = m.group(4), child = m.group(5), leaf = m.group(6);
        if (coll == null) return dsAccount(rg, acct);
        boolean share = coll.equalsIgnoreCase("shares");
        if (child == null) return share ? dsShare(rg, acct, parent) : dsSubscription(rg, acct, parent);
        if (share && child.equalsIgnoreCase("dataSets")) return dsDataset(rg, acct, parent, leaf);
        if (share && child.equalsIgnoreCase("invitations")) return dsInvitation(rg, acct, parent, leaf);
        if (!share && child.equalsIgnoreCase("dataSetMappings")) return dsMapping(rg, acct, parent, leaf);
        return null;
    }

    public static String consumerEmail(String email) {
        return "consumer:email:" + email.strip().toLowerCase(Locale.ROOT);
    }

    public static String consumerAad(String tenant, String objectId) {
        return lc("consumer:aad:" + (tenant == null ? "" : tenant.strip()) + "/" + objectId.strip());
    }

    // ---- SageMaker and IAM -------------------------------------------------------------------------------------

    public static String smDomain(String scope, String domain) {
        return "sagemaker:domain:" + scope(scope) + "/" + domain;
    }

    public static String smProfile(String scope, String domain, String profile) {
        return "sagemaker:user_profile:" + scope(scope) + "/" + domain + "/" + profile;
    }

    public static String iamRole(String arn) {
        return "aws-iam:role:" + arn.strip();
    }

    // ---- registry ----------------------------------------------------------------------------------------------

    public static String registryModel(String registry, String model) {
        return "registry:model:" + registry + "/" + model.toLowerCase(Locale.ROOT);
    }

    public static String registryVersion(String registry, String model, int version) {
        return "registry:version:" + registry + "/" + model.toLowerCase(Locale.ROOT) + "/" + version;
    }

    /**
     * A deployment. A SageMaker endpoint is named by its name in lower case (endpoint names are case-insensitive and
     * unique per account and region), whether the uri is its ARN ({@code arn:aws:sagemaker:<region>:<account>:endpoint/<name>}),
     * {@code <connection>/<name>} or the name; other kinds by the uri as written.
     */
    public static String deployment(String kind, String uri) {
        String u = uri.strip();
        if ("sagemaker.endpoint".equals(kind)) {
            Matcher m = SM_ENDPOINT_ARN.matcher(u);
            String name = m.matches() ? m.group(1) : u.substring(u.lastIndexOf('/') + 1);
            if (!name.isEmpty()) return "deployment:" + kind + ":" + name.toLowerCase(Locale.ROOT);
        }
        return "deployment:" + kind + ":" + u;
    }

    public static String unknown(String uri) {
        return "unknown:" + uri.strip();
    }

    /**
     * The id with its scope replaced by {@link #ANY} (Snowflake, PostgreSQL, SageMaker ids carry a connection); the id
     * itself for other ids.
     */
    public static String unscoped(String id) {
        int a = id.indexOf(':');
        int b = a < 0 ? -1 : id.indexOf(':', a + 1);
        if (b < 0) return id;
        String system = id.substring(0, a);
        if (!system.equals("snowflake") && !system.equals("postgres") && !system.equals("sagemaker")) return id;
        int slash = id.indexOf('/', b + 1);
        if (slash < 0) return id;
        return id.substring(0, b + 1) + ANY + id.substring(slash);
    }

    /**
     * Which node ids a database or schema of a stack holds, or null when {@code container} is neither
     * ({@code postgres.database}, {@code postgres.schema}, {@code snowflake.database}, {@code snowflake.schema}): the
     * ids of its system whose name starts with the container's ({@code <db>.} or {@code <db>.<schema>.}, names as the
     * stack writes them, stored the way the system stores them) in {@code scope} (the stack's connection) or in
     * {@link #ANY} (an unbound stack's or a registry uri's without a connection); with {@code scope} null or
     * {@code *}, in any scope. PostgreSQL: tables; Snowflake: tables, stages, pipes and external functions
     * (integrations are account-level).
     */
    /** The resource types {@link #containedIn} resolves: databases and schemas of PostgreSQL and Snowflake. */
    public static final java.util.Set<String> CONTAINER_TYPES = java.util.Set.of("postgres.database", "postgres.schema",
            "snowflake.database", "snowflake.schema");

    public static java.util.function.Predicate<String> containedIn(dev.mlpc.core.spec.Resource container, String scope) {
        String type = container.type();
        String prefix;
        List<String> kinds;
        switch (type) {
            case "postgres.database" -> {
                prefix = pgPart(container.name()) + ".";
                kinds = List.of("table");
            }
            case "postgres.schema" -> {
                String db = container.string("database");
                if (db == null) return null;
                prefix = pgPart(db) + "." + pgPart(container.name()) + ".";
                kinds = List.of("table");
            }
            case "snowflake.database" -> {
                prefix = sfPart(dev.mlpc.providers.snowflake.SfSql.stored(container.name())) + ".";
                kinds = List.of("table", "stage", "pipe", "external_function");
            }
            case "snowflake.schema" -> {
                String db = container.string("database");
                if (db == null) return null;
                prefix = sfPart(dev.mlpc.providers.snowflake.SfSql.stored(db)) + "."
                        + sfPart(dev.mlpc.providers.snowflake.SfSql.stored(container.name())) + ".";
                kinds = List.of("table", "stage", "pipe", "external_function");
            }
            default -> {
                return null;
            }
        }
        String system = type.substring(0, type.indexOf('.'));
        String want = scope == null || scope.isBlank() ? ANY : scope;
        return id -> {
            if (!id.startsWith(system + ":")) return false;
            int b = id.indexOf(':', system.length() + 1);
            if (b < 0 || !kinds.contains(id.substring(system.length() + 1, b))) return false;
            int slash = id.indexOf('/', b + 1);
            if (slash < 0) return false;
            String s = id.substring(b + 1, slash);
            if (!want.equals(ANY) && !s.equals(want) && !s.equals(ANY)) return false;
            return id.startsWith(prefix, slash + 1);
        };
    }

    private static String scope(String scope) {
        return scope == null || scope.isBlank() ? ANY : scope;
    }

    private static String lc(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
