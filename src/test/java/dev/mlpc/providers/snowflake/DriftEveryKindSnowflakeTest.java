package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.DriftKinds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Snowflake kind has a drift test ({@link DriftKinds}): the two Snowflake examples (federated ML and MLflow:
 * every kind between them), applied to the simulator through the real driver, are in sync node by node — a stack
 * grant on its own row under its role — then differ kind by kind.
 */
class DriftEveryKindSnowflakeTest {
    private LiveKit kit;

    @BeforeEach
    void start() {
        java.util.logging.Logger.getLogger("net.snowflake").setLevel(java.util.logging.Level.WARNING);
    }

    @AfterEach
    void stop() throws Exception {
        if (kit != null) {
            assertThat(kit.sim.failures()).isEmpty();
            kit.close();
        }
    }

    @Test
    void everyKindIsMarkedInSyncThenDiffers() throws Exception {
        kit = new LiveKit();
        Stack federated = kit.parse(LiveKit.example());
        Stack mlflow = kit.parse(LiveKit.mlflowExample());
        List<Resource> all = new ArrayList<>(federated.resources());
        all.addAll(mlflow.resources());
        try (ProviderSession s = LiveKit.connect(kit)) {
            for (Stack st : List.of(federated, mlflow)) {
                var plan = new Differ(kit.workbench.registry()).diff(st, null, s.read(st.resources(), Progress.NONE),
                        new SnowflakeProvider().renderer().forStack(st));
                assertThat(s.apply(plan, Progress.NONE).failure()).isNull();
            }
            Stack both = new Stack("both-examples", "", all, federated.sourceFile());
            DriftKinds.assertEveryKind(new SnowflakeProvider(), kit.workbench.registry(), s, both, Map.ofEntries(
                    entry(SnowflakeTypes.DATABASE, "comment"),
                    entry(SnowflakeTypes.WAREHOUSE, "auto_suspend"),
                    entry(SnowflakeTypes.SCHEMA, "comment"),
                    entry(SnowflakeTypes.ROLE, "comment"),
                    entry(SnowflakeTypes.TABLE, "comment"),
                    entry(SnowflakeTypes.GRANT, "privileges"),
                    entry(SnowflakeTypes.API_INTEGRATION, "enabled"),
                    entry(SnowflakeTypes.STORAGE_INTEGRATION, "enabled"),
                    entry(SnowflakeTypes.FUNCTION, "comment"),
                    entry(SnowflakeTypes.EXTERNAL_FUNCTION, "max_batch_rows"),
                    entry(SnowflakeTypes.FILE_FORMAT, "comment"),
                    entry(SnowflakeTypes.STAGE, "comment"),
                    entry(SnowflakeTypes.PIPE, "comment")), n -> true);
        }
    }
}
