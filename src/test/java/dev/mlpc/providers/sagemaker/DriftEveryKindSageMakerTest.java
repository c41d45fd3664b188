package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.DriftKinds;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SageMaker kind has a drift test ({@link DriftKinds}): the seed's domain and user profile, applied to the
 * simulator through the real SDK, are in sync node by node, then differ kind by kind.
 */
@ExtendWith(OnlyLoopback.class)
class DriftEveryKindSageMakerTest {
    private final SageMakerProvider provider = new SageMakerProvider(Duration.ofMillis(5));
    private SageMakerSimulator sim;

    @BeforeAll
    static void noInstanceMetadata() {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
            assertThat(sim.failures()).as("simulator failures").isEmpty();
        }
    }

    @Test
    void everyKindIsMarkedInSyncThenDiffers() throws Exception {
        sim = SageMakerSimulator.start();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("region", sim.region());
        settings.put("credentials", "static");
        settings.put("access_key_id", "${env:SIM_KEY_ID}");
        settings.put("secret_access_key", "${env:SIM_SECRET}");
        settings.put("endpoint_url", sim.endpoint().toString());
        var registry = SmKit.registry(provider);
        Stack seed = SmKit.parse(registry, SmKit.seedStack());
        try (ProviderSession s = provider.connect(new ConnectionProfile("sim", "sagemaker", settings),
                SageMakerSimulatorRoundTripTest.secrets(), Duration.ofSeconds(20))) {
            var plan = new Differ(registry).diff(seed, null, s.read(seed.resources(), Progress.NONE), provider.renderer());
            assertThat(s.apply(plan, Progress.NONE).failure()).isNull();
            DriftKinds.assertEveryKind(provider, registry, s, seed, Map.of(
                    "sagemaker.domain", "app_network_access_type",
                    "sagemaker.user_profile", "tags"), n -> true);
        }
    }
}
