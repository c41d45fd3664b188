package dev.mlpc.app;

import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Stack;

/** The PostgreSQL stack the drift tests commit: a database, schemas in sync / differing / missing, a missing role. */
public final class DriftPostgresFixture {
    private DriftPostgresFixture() { }

    public static String stackYaml(String name, String db, String missingRole) {
        return """
                stack: %s
                resources:
                  - type: postgres.database
                    name: %s
                  - type: postgres.schema
                    name: synced
                    database: %s
                    comment: same
                  - type: postgres.schema
                    name: changed
                    database: %s
                    comment: stack comment
                  - type: postgres.schema
                    name: gone
                    database: %s
                  - type: postgres.role
                    name: %s
                    login: false
                """.formatted(name, db, db, db, db, missingRole);
    }

    /**
     * Creates database {@code db} with the live side of {@link #stackYaml}: schemas {@code synced} (as the stack says),
     * {@code changed} (another comment), {@code extra} (in no stack), plus {@code more} schemas without comments.
     */
    public static void createLive(String db, String... more) throws java.sql.SQLException {
        dev.mlpc.testing.PgTestSupport.exec("CREATE DATABASE " + dev.mlpc.testing.PgTestSupport.q(db));
        java.util.List<String> sql = new java.util.ArrayList<>(java.util.List.of(
                "CREATE SCHEMA synced", "COMMENT ON SCHEMA synced IS 'same'",
                "CREATE SCHEMA changed", "COMMENT ON SCHEMA changed IS 'live comment'",
                "CREATE SCHEMA extra", "COMMENT ON SCHEMA extra IS 'nobody manages me'"));
        for (String m : more) sql.add("CREATE SCHEMA " + dev.mlpc.testing.PgTestSupport.q(m));
        dev.mlpc.testing.PgTestSupport.execIn(db, sql.toArray(String[]::new));
    }

    /** Commits a stack (not applied) to the workbench's config repository. */
    public static CommitInfo commit(Workbench wb, String yaml) throws Exception {
        Stack s = wb.parseStack("stacks/x.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            return wb.commit(s, yaml, wb.offlinePlan(s), repo, "test stack", "no", null, null);
        }
    }
}
