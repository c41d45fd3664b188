package dev.mlpc.bench;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.iac.IacExporter;
import dev.mlpc.iac.IacFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): {@code IacExporter.export} of a Snowflake stack of N resources — per 10: a database, a
 * schema in it, a role, a table with 3 columns, and 6 grants (database, schema, table, future tables, role to role,
 * account) — into both formats; 5 rounds after 3 warm-ups, median printed.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.IacExportBench 1000 5000}
 */
public final class IacExportBench {
    public static void main(String[] args) {
        for (String a : args) {
            int n = Integer.parseInt(a.replace("_", ""));
            Stack s = stack(n);
            for (IacFormat f : IacFormat.values()) {
                for (int i = 0; i < 3; i++) new IacExporter().export(s, f);
                List<Long> ms = new ArrayList<>();
                long bytes = 0;
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    IacExporter.Result r = new IacExporter().export(s, f);
                    ms.add((System.nanoTime() - t0) / 1_000_000);
                    bytes = r.main().length();
                }
                List<Long> sorted = new ArrayList<>(ms);
                sorted.sort(null);
                System.out.printf("%d resources, %s: rounds %s ms, median %d ms, main file %d KiB%n", s.resources().size(),
                        f.id(), ms, sorted.get(2), bytes / 1024);
            }
        }
    }

    static Stack stack(int n) {
        List<Resource> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String db = "DB_" + i;
            String schema = "S_" + i;
            String role = "R_" + i;
            String table = "T_" + i;
            out.add(Resource.of("snowflake.database", db, Map.of("comment", "database " + i)));
            out.add(Resource.of("snowflake.schema", schema, Map.of("database", db)));
            out.add(Resource.of("snowflake.role", role, Map.of()));
            out.add(Resource.of("snowflake.table", table, Map.of("database", db, "schema", schema, "columns", List.of(
                    Map.of("name", "ID", "type", "NUMBER(38,0)", "nullable", false),
                    Map.of("name", "FEATURES", "type", "ARRAY"), Map.of("name", "LABEL", "type", "VARCHAR")))));
            out.add(grant("g_db_" + i, role, Map.of("database", db), List.of("USAGE"), null, null));
            out.add(grant("g_schema_" + i, role, Map.of("schema", schema), List.of("USAGE"), db, null));
            out.add(grant("g_table_" + i, role, Map.of("table", table), List.of("SELECT"), db, schema));
            out.add(grant("g_future_" + i, role, Map.of("future", "tables"), List.of("SELECT"), db, schema));
            out.add(grant("g_account_" + i, role, Map.of("account", "current"), List.of("CREATE DATABASE"), null, null));
            Map<String, Object> rr = new LinkedHashMap<>();
            rr.put("role", "SYSADMIN");
            rr.put("granted_role", role);
            out.add(Resource.of("snowflake.grant", "g_role_" + i, rr));
        }
        return new Stack("bench", "", out.subList(0, n), "bench.yaml");
    }

    private static Resource grant(String name, String role, Map<String, Object> on, List<String> privileges, String db, String schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("role", role);
        p.put("on", on);
        p.put("privileges", privileges);
        if (db != null) p.put("database", db);
        if (schema != null) p.put("schema", schema);
        return Resource.of("snowflake.grant", name, p);
    }
}
