package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole-region search of a SageMaker connection: one paged ListDomains, one paged ListUserProfiles, no describe. */
@ExtendWith(OnlyLoopback.class)
class SageMakerSearchTest {
    private final SageMakerProvider provider = new SageMakerProvider(Duration.ofMillis(5));
    private SageMakerSimulator sim;
    private ProviderSession session;

    @BeforeAll
    static void noInstanceMetadata() {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @BeforeEach
    void start() throws Exception {
        sim = SageMakerSimulator.start();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("region", sim.region());
        s.put("credentials", "static");
        s.put("access_key_id", "${env:SIM_KEY_ID}");
        s.put("secret_access_key", "${env:SIM_SECRET}");
        s.put("endpoint_url", sim.endpoint().toString());
        session = provider.connect(new ConnectionProfile("sim", "sagemaker", s),
                SageMakerSimulatorRoundTripTest.secrets(), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    @Test
    void searchFindsDomainsAndProfilesOfEveryDomainWithTheTwoLists() throws Exception {
        String research = sim.seedDomain("Research");
        String prod = sim.seedDomain("prod-serving");
        sim.seedUserProfile(research, "alice-research");
        sim.seedUserProfile(research, "bob");
        sim.seedUserProfile(prod, "Alice");
        sim.seedDomains("other", 5);
        sim.maxPageSize(3);
        sim.resetCounts();
        assertThat(session.canSearch()).isTrue();

        List<LiveNode> hits = session.search("ALICE", 50, Progress.NONE);
        assertThat(hits).extracting(LiveNode::path).containsExactly("domains/Research/user_profiles/alice-research",
                "domains/prod-serving/user_profiles/Alice");
        assertThat(hits.get(1).key()).isEqualTo(new ResourceKey("sagemaker.user_profile", "Alice"));
        assertThat(hits.get(1).details()).containsEntry("domain", "prod-serving").containsEntry("domain_id", prod);
        assertThat(sim.requests("ListDomains")).isEqualTo(3);       // 7 domains, 3 a page
        assertThat(sim.requests("ListUserProfiles")).isEqualTo(1);  // 3 profiles, every domain at once
        assertThat(sim.totalRequests()).isEqualTo(4);               // no describe

        assertThat(session.search("research", 50, Progress.NONE)).extracting(LiveNode::path)
                .containsExactly("domains/Research", "domains/Research/user_profiles/alice-research");
        assertThat(session.search("research", 1, Progress.NONE)).extracting(LiveNode::kind).containsExactly("domain");
        assertThat(session.search("nobody", 50, Progress.NONE)).isEmpty();
    }
}
