package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the same plan of request documents in one of two ways and prints, in this order: the plan's SHA-256, the
 * iteration order of the request's {@code HashMap} (to show that the two ways really differ in memory), and the plan
 * JSON. Variant {@code a}: small maps filled in one order, numbers as {@code Integer}/{@code Double}; variant {@code b}:
 * large maps filled in the reverse order, numbers as {@code Long}/{@code BigDecimal}/{@code Float}/{@code BigInteger}.
 * Run in a child JVM by {@link CanonicalJsonTest}.
 */
public final class RequestPlanMain {
    private RequestPlanMain() { }

    public static void main(String[] args) {
        Plan p = plan(args[0].equals("b"));
        System.out.println(p.sha256());
        System.out.println(String.join(",", body(args[0].equals("b")).keySet()));
        System.out.print(p.toJson());
    }

    static Plan plan(boolean b) {
        Map<String, Object> request = map(b);
        request.put("operation", "CreateDomain");
        request.put("request", body(b));
        Map<String, Object> put = map(b);
        List<String> order = b ? List.of("body", "path", "method") : List.of("method", "path", "body");
        for (String k : order) {
            switch (k) {
                case "method" -> put.put("method", "PUT");
                case "path" -> put.put("path", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a");
                default -> {
                    Map<String, Object> body = map(b);
                    body.put("location", "westeurope");
                    Map<String, Object> props = map(b);
                    props.put("retentionDays", b ? (Object) 30L : (Object) 30);
                    props.put("ratio", b ? (Object) 0.25f : (Object) 0.25);
                    props.put("big", b ? (Object) new BigInteger("123456789012345678901234567890")
                            : (Object) new BigDecimal("123456789012345678901234567890.000"));
                    body.put("properties", props);
                    put.put("body", body);
                }
            }
        }
        Change create = new Change(Action.CREATE, new ResourceKey("x.domain", "ml"), Safety.SAFE,
                List.of(Statement.of(request), Statement.of(put)), Set.of(), "");
        return new Plan("s", "x", List.of(create), List.of(), true);
    }

    /** Forty-one keys, nested maps and lists, numbers of mixed types. */
    static Map<String, Object> body(boolean b) {
        Map<String, Object> m = map(b);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i <= 40; i++) idx.add(i);
        if (b) java.util.Collections.reverse(idx);
        for (int i : idx) {
            String key = "Key" + i;
            switch (i % 5) {
                case 0 -> m.put(key, b ? (Object) (long) i : (Object) i);
                case 1 -> m.put(key, b ? (Object) new BigDecimal(i + ".000") : (Object) (double) i);
                case 2 -> m.put(key, "text " + i);
                case 3 -> {
                    Map<String, Object> inner = map(b);
                    if (b) { inner.put("Z", i); inner.put("A", List.of(1L, 2.5, "x")); }
                    else { inner.put("A", List.of(1, new BigDecimal("2.50"), "x")); inner.put("Z", (long) i); }
                    m.put(key, inner);
                }
                default -> {
                    Set<String> tags = b ? new HashSet<>(64) : new HashSet<>();
                    List<String> names = new ArrayList<>(List.of("team", "cost-centre", "owner", "env"));
                    if (b) java.util.Collections.reverse(names);
                    tags.addAll(names);
                    m.put(key, tags);
                }
            }
        }
        return m;
    }

    private static Map<String, Object> map(boolean b) {
        return b ? new HashMap<>(1024) : new HashMap<>();
    }
}
