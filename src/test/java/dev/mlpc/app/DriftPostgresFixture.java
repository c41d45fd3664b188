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

    /** Commits a stack (not applied) to the workbench's config repository. */
    public static CommitInfo commit(Workbench wb, String yaml) throws Exception {
        Stack s = wb.parseStack("stacks/x.yaml", yaml);
        try (ConfigRepository repo = wb.repository()) {
            return wb.commit(s, yaml, wb.offlinePlan(s), repo, "test stack", "no", null, null);
        }
    }
}
