package dev.mlpc.app;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.DriftKinds;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PostgreSQL kind has a drift test ({@link DriftKinds}): the model-registry example (every kind: roles, a
 * database, a schema, an extension, grants on the database, the schema, all tables and by default), applied to the real
 * server under unique names, is in sync node by node, then differs kind by kind.
 */
class DriftEveryKindPostgresTest {
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;

    @AfterEach
    void tearDown() throws Exception {
        if (home != null) UiTestKit.deleteTree(home);
        pg.close();
    }

    @Test
    void everyKindIsMarkedInSyncThenDiffers() throws Exception {
        String db = pg.database("mlpc_kinds");
        String owner = pg.role("mlpc_kinds_owner");
        String writer = pg.role("mlpc_kinds_writer");
        String reader = pg.role("mlpc_kinds_reader");
        String yaml = Files.readString(Path.of("resources/examples/model-registry.yaml"))
                .replaceAll("(?m)^\\s*password: .*\\n", "")
                .replace("mlreg_owner", owner).replace("mlreg_writer", writer).replace("mlreg_reader", reader)
                .replace("ml_models", db);
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        Stack stack = wb.parseStack("stacks/model-registry.yaml", yaml);
        try (ProviderSession s = wb.openSession(PgTestSupport.profile("local-pg"))) {
            assertThat(s.apply(wb.offlinePlan(stack), Progress.NONE).failure()).isNull();
            PgTestSupport.execIn(db, "SET ROLE " + PgTestSupport.q(owner), "CREATE TABLE ml_model_schema.models (id int)");
            List<String> ours = List.of(owner, writer, reader);
            DriftKinds.assertEveryKind(wb.registry().require("postgres"), wb.registry(), s, stack, Map.of(
                    "postgres.role", "comment",
                    "postgres.database", "comment",
                    "postgres.schema", "comment",
                    "postgres.extension", "version",
                    "postgres.grant", "privileges"), n -> expand(n, db, ours));
        }
    }

    /** The top folders, the test's database and everything in it, the test's roles and their folders for it. */
    private static boolean expand(LiveNode n, String db, List<String> roles) {
        String p = n.path();
        if (p.equals("databases") || p.equals("roles")) return true;
        if (p.equals("databases/" + db) || p.startsWith("databases/" + db + "/")) return true;
        for (String r : roles) {
            if (p.equals("roles/" + r) || p.equals("roles/" + r + "/%in/" + db)) return true;
        }
        return false;
    }
}
